"""Compile one bank's source folder (``item_banks/source/<bank>/``) into a bank document.

The format is documented in ``item_banks/README.md`` ("Source format"). In short:

* ``bank.json``: ``{"bank": {...metadata...}}`` (written to the bank as it is) and, for banks
  with reading passages, ``"passage_intro"`` (the sentence put before every passage).
* ``skills.csv``: ``id, name, grade, prerequisites, description`` and optional
  ``names.<language>`` columns (skill names in other languages).
* ``passages.csv`` (optional): ``id, grade, title, text``.
* ``items/<skill id>.csv``: one row per item whose first skill is that skill.

Everything random about an item (the jitter of its IRT parameters and, unless the row pins
``key_position``, the order of its choices) is drawn from a hash of the item's own id, so
adding, removing, editing or reordering a row changes no other item.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

from _bank_exact import evaluate, json_number, parse_quantity
from adaptive_tutor._bank_validation import SCHEMA_VERSION

# -- how the expert-judgement parameters are set (see item_banks/README.md) --------------
GRADE_CENTRE = 3.5
GRADE_SLOPE = 0.8
COMPLEXITY_SCALE = 0.4
CONSTRUCTED_SHIFT = 0.15
B_JITTER = 0.08
A_JITTER = 0.2
A_BASE = {"multiple_choice": 1.1, "numeric": 1.35, "short_answer": 1.2, "partial_credit": 1.0}
A_RANGE = (0.7, 2.0)
GUESS_FACTOR = 0.8
HALF_WIDTH = {"GRM": 0.6, "GPCM": 0.5}

CHOICE_IDS = "ABCDE"
MAX_DISTRACTORS = len(CHOICE_IDS) - 1
MAX_RUBRIC_LEVELS = 5
LIST_SEPARATOR = "|"
TYPES = ("multiple_choice", "numeric", "short_answer", "partial_credit")

ITEM_COLUMNS = (
    "id",
    "type",
    "grade",
    "also_skills",
    "passage",
    "prompt",
    "expr",
    "answer",
    "tolerance",
    "unit",
    "forms",
    "in_sentence",
    "key_feedback",
    "key_position",
    *(f"{kind}_{n}" for n in range(1, MAX_DISTRACTORS + 1) for kind in ("distractor", "feedback")),
    *(f"rubric_{n}" for n in range(MAX_RUBRIC_LEVELS)),
    "model",
    "complexity",
    "complexity_reason",
    "minutes",
    "media",
    "media_alt",
    "tags",
    "enemies",
    "explanation",
)
REQUIRED_ITEM_COLUMNS = ("id", "type", "grade", "prompt", "complexity", "complexity_reason")
SKILL_COLUMNS = ("id", "name", "grade", "prerequisites", "description")
PASSAGE_COLUMNS = ("id", "grade", "title", "text")
DEFAULT_MINUTES = 1.0
DEFAULT_KEY_FEEDBACK = "Correct."


def grade_anchor(grade: int) -> float:
    """Ability of the typical learner at the end of ``grade`` on the logit scale."""
    return round((grade - GRADE_CENTRE) * GRADE_SLOPE, 2)


def id_uniform(item_id: str, purpose: str) -> float:
    """A number in [0, 1) that depends only on the item id and what it is drawn for."""
    digest = hashlib.sha256(f"{item_id}/{purpose}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def split_list(text: str) -> list[str]:
    """Split a ``a | b | c`` cell into its non-empty parts."""
    return [part.strip() for part in text.split(LIST_SEPARATOR) if part.strip()]


@dataclass
class Row:
    """One CSV record with where it came from (for messages)."""

    path: Path
    line: int
    cells: dict[str, str]

    def get(self, column: str) -> str:
        return (self.cells.get(column) or "").strip()

    def raw(self, column: str) -> str:
        """The cell as written (prompts and feedback keep their inner line breaks)."""
        return (self.cells.get(column) or "").strip("\n\r ")


@dataclass
class Compiled:
    """A compiled bank document, the pictures it needs, and every problem found."""

    document: dict[str, Any]
    media_uris: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    locations: dict[str, str] = field(default_factory=dict)


class SourceError(ValueError):
    """A problem located in a source file row."""


def read_rows(path: Path, root: Path, known: tuple[str, ...]) -> list[Row]:
    """Read a UTF-8 CSV file (a byte-order mark is fine); blank rows are skipped.

    Raises
    ------
    SourceError
        If the file is not UTF-8, its header has an unknown or repeated column, or a row
        has more cells than the header has columns.
    """
    name = path.relative_to(root) if path.is_relative_to(root) else path
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise SourceError(f"{name}: not UTF-8; save it as UTF-8") from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [cell.strip() for cell in next(reader, [])]
    except csv.Error as error:
        raise SourceError(f"{name}:1: {error}") from None
    unknown = [c for c in header if c not in known and not c.startswith("names.")]
    if unknown:
        raise SourceError(f"{name}:1: unknown column(s) {unknown}; known: {list(known)}")
    if len(set(header)) != len(header):
        raise SourceError(f"{name}:1: a column name is repeated")
    rows = []
    line = reader.line_num + 1
    try:
        for record in reader:
            if any(cell.strip() for cell in record):
                if len(record) > len(header):
                    raise SourceError(
                        f"{name}:{line}: {len(record)} cells but {len(header)} columns; "
                        "quote cells that contain commas"
                    )
                cells = dict(zip(header, record, strict=False))
                rows.append(Row(Path(name), line, cells))
            line = reader.line_num + 1
    except csv.Error as error:
        raise SourceError(f"{name}:{line}: {error}") from None
    return rows


def _number(row: Row, column: str) -> float:
    text = row.get(column)
    try:
        return float(text)
    except ValueError:
        raise SourceError(f"{column} must be a number, got {text!r}") from None


def _integer(row: Row, column: str) -> int:
    text = row.get(column)
    if not text.isdigit():
        raise SourceError(f"{column} must be a whole number, got {text!r}")
    return int(text)


def irt_parameters(
    item_id: str, kind: str, grade: int, complexity: float, why: str, n_choices: int, model: str
) -> dict[str, Any]:
    """Expert-judgement IRT parameters; the jitter is drawn from the item id."""
    if not -1.0 <= complexity <= 1.0:
        raise SourceError(f"complexity {complexity} is outside [-1, 1]")
    anchor = grade_anchor(grade)
    a = A_BASE[kind] + (2 * id_uniform(item_id, "a") - 1) * A_JITTER
    a = round(min(A_RANGE[1], max(A_RANGE[0], a)), 2)
    jitter = (2 * id_uniform(item_id, "b") - 1) * B_JITTER
    location = anchor + COMPLEXITY_SCALE * complexity + jitter
    head = (
        f"expert judgement: grade {grade} anchor {anchor:+.2f} = (grade - 3.5) * 0.8; "
        f"complexity {complexity:+.2f} x 0.4 ({why})"
    )
    tail = "; not yet calibrated from learner responses"
    if kind == "multiple_choice":
        return {
            "model": "3PL",
            "a": a,
            "b": round(location, 2),
            "c": round(GUESS_FACTOR / n_choices, 3),
            "calibration": f"{head}; 3PL with c = 0.8 / {n_choices} choices; "
            f"a from item type multiple choice{tail}",
        }
    if kind in ("numeric", "short_answer"):
        return {
            "model": "2PL",
            "a": a,
            "b": round(location + CONSTRUCTED_SHIFT, 2),
            "calibration": f"{head}; +0.15 for a constructed response; 2PL, "
            f"a from item type {kind.replace('_', ' ')}{tail}",
        }
    location += CONSTRUCTED_SHIFT
    half = HALF_WIDTH[model]
    cuts = [round(location - half, 2), round(location + half, 2)]
    if model == "GPCM":
        return {
            "model": "GPCM",
            "a": a,
            "steps": cuts,
            "calibration": f"{head}; +0.15 for a written multi-step response; GPCM steps "
            f"at location -/+{half}{tail}",
        }
    return {
        "model": "GRM",
        "a": a,
        "thresholds": cuts,
        "calibration": f"{head}; +0.15 for a written multi-step response; GRM thresholds "
        f"at location -/+{half}{tail}",
    }


def _choices(row: Row, item_id: str) -> tuple[list[dict[str, str]], str]:
    """Choices in display order and the key's choice id."""
    key = row.raw("answer")
    if not key:
        raise SourceError("answer (the key's text) is required for multiple choice")
    options = [(key, row.raw("key_feedback") or DEFAULT_KEY_FEEDBACK)]
    for n in range(1, MAX_DISTRACTORS + 1):
        text, feedback = row.raw(f"distractor_{n}"), row.raw(f"feedback_{n}")
        if text:
            if not feedback:
                raise SourceError(f"distractor_{n} needs feedback_{n}")
            options.append((text, feedback))
        elif feedback:
            raise SourceError(f"feedback_{n} given without distractor_{n}")
    if len(options) < 2:
        raise SourceError("multiple choice needs at least one distractor")
    pinned = row.get("key_position").upper()
    if pinned:
        if pinned not in CHOICE_IDS[: len(options)]:
            raise SourceError(
                f"key_position {pinned!r} must be one of {list(CHOICE_IDS[: len(options)])}"
            )
        order = list(range(1, len(options)))
        order.insert(CHOICE_IDS.index(pinned), 0)
    else:
        order = sorted(range(len(options)), key=lambda i: id_uniform(item_id, f"choice{i}"))
    choices = [
        {"id": CHOICE_IDS[pos], "text": options[i][0], "feedback": options[i][1]}
        for pos, i in enumerate(order)
    ]
    return choices, CHOICE_IDS[order.index(0)]


def _marking_fields(row: Row) -> dict[str, Any]:
    """The optional marking fields of numeric and short answers (schema 1.1)."""
    fields: dict[str, Any] = {}
    if units := split_list(row.get("unit")):
        fields["unit"] = units[0] if len(units) == 1 else units
    if row.get("forms"):
        fields["forms"] = split_list(row.get("forms"))
    if flag := row.get("in_sentence").lower():
        if flag not in ("true", "false"):
            raise SourceError(f"in_sentence must be true or false, got {flag!r}")
        fields["in_sentence"] = flag == "true"
    return fields


def _answer(row: Row, kind: str) -> dict[str, Any]:
    text, expr = row.raw("answer"), row.get("expr")
    computed = evaluate(expr) if expr else None
    if kind in ("numeric", "partial_credit"):
        if not text and computed is None:
            if kind == "numeric":
                raise SourceError("numeric items need answer or expr")
            return {}
        value = Fraction(text) if text else computed
        if not isinstance(value, Fraction):
            raise SourceError(f"expr {expr!r} does not give one number")
        if computed is not None and value != computed:
            raise SourceError(f"answer {text} differs from expr {expr} = {computed}")
        answer: dict[str, Any] = {"value": json_number(value)}
        if row.get("tolerance"):
            answer["tolerance"] = json_number(Fraction(row.get("tolerance")))
        return answer | (_marking_fields(row) if kind == "numeric" else {})
    accepted = list(dict.fromkeys(split_list(text)))
    if not accepted:
        raise SourceError("short answers need answer (accepted answers separated by |)")
    if computed is not None and parse_quantity(accepted[0]) != computed:
        raise SourceError(f"first accepted answer {accepted[0]!r} differs from expr {expr}")
    return {"accepted": accepted} | _marking_fields(row)


def compile_item(
    row: Row,
    skill_id: str,
    passages: dict[str, tuple[str, str]],
    passage_intro: str,
) -> dict[str, Any]:
    """Build one item object from its row (raises :class:`SourceError`)."""
    missing = [c for c in REQUIRED_ITEM_COLUMNS if not row.get(c)]
    if missing:
        raise SourceError(f"missing {', '.join(missing)}")
    item_id, kind = row.get("id"), row.get("type")
    if kind not in TYPES:
        raise SourceError(f"type {kind!r} must be one of {list(TYPES)}")
    grade = _integer(row, "grade")
    prompt = row.raw("prompt")
    tags = []
    if pid := row.get("passage"):
        if pid not in passages:
            raise SourceError(f"unknown passage {pid!r}")
        title, text = passages[pid]
        parts = [passage_intro, title, text, prompt]
        prompt = "\n\n".join(p for p in parts if p)
        tags += ["passage", f"passage:{pid}"]
    item: dict[str, Any] = {
        "id": item_id,
        "skills": [skill_id, *split_list(row.get("also_skills"))],
        "grade": grade,
        "type": kind,
        "prompt": prompt,
    }
    n_choices = 0
    if kind == "multiple_choice":
        item["choices"], key_id = _choices(row, item_id)
        n_choices = len(item["choices"])
        item["answer"] = {"choice": key_id}
        if expr := row.get("expr"):
            key_text = next(c["text"] for c in item["choices"] if c["id"] == key_id)
            if parse_quantity(key_text) != evaluate(expr):
                raise SourceError(f"key {key_text!r} differs from expr {expr}")
    elif answer := _answer(row, kind):
        item["answer"] = answer
    if kind in ("multiple_choice", "partial_credit") and any(
        row.get(c) for c in ("unit", "forms", "in_sentence")
    ):
        raise SourceError("unit, forms and in_sentence are for numeric and short answers")
    model = row.get("model") or ("GRM" if kind == "partial_credit" else "")
    if kind == "partial_credit":
        levels = [row.raw(f"rubric_{n}") for n in range(MAX_RUBRIC_LEVELS)]
        while levels and not levels[-1]:
            levels.pop()
        if len(levels) < 2 or not all(levels):
            raise SourceError("partial credit needs rubric_0, rubric_1, ... without gaps")
        if model not in HALF_WIDTH:
            raise SourceError(f"model {model!r} must be one of {list(HALF_WIDTH)}")
        if len(levels) != 3:
            raise SourceError("the builder sets parameters for rubrics scored 0-2 only")
        item["rubric"] = [{"score": s, "description": d} for s, d in enumerate(levels)]
    elif model:
        raise SourceError("model is only for partial credit items")
    item["max_score"] = len(item["rubric"]) - 1 if kind == "partial_credit" else 1
    complexity = _number(row, "complexity")
    why = row.get("complexity_reason")
    item["irt"] = irt_parameters(item_id, kind, grade, complexity, why, n_choices, model)
    minutes = _number(row, "minutes") if row.get("minutes") else DEFAULT_MINUTES
    item["estimated_minutes"] = minutes
    tags += split_list(row.get("tags"))
    if expr := row.get("expr"):
        tags.append(f"expr:{expr}")
    if tags:
        item["tags"] = list(dict.fromkeys(tags))
    uris, alts = split_list(row.get("media")), split_list(row.raw("media_alt"))
    if len(uris) != len(alts):
        raise SourceError("media and media_alt need one alt text per picture")
    if uris:
        item["media"] = [
            {"type": "image", "uri": u, "alt": a} for u, a in zip(uris, alts, strict=True)
        ]
    if explanation := row.raw("explanation"):
        item["explanation"] = explanation
    return item


def _read_skills(folder: Path, root: Path) -> list[tuple[Row, dict[str, Any]]]:
    skills = []
    for row in read_rows(folder / "skills.csv", root, SKILL_COLUMNS):
        record: dict[str, Any] = {"id": row.get("id"), "name": row.get("name")}
        names = {c[6:]: row.get(c) for c in row.cells if c.startswith("names.") and row.get(c)}
        if names:
            record["names"] = names
        if row.get("description"):
            record["description"] = row.get("description")
        record["grade"] = _integer(row, "grade")
        if prerequisites := split_list(row.get("prerequisites")):
            record["prerequisites"] = prerequisites
        skills.append((row, record))
    return skills


def compile_bank(folder: Path, root: Path) -> Compiled:
    """Compile the source folder of one bank; every problem is collected, none raised."""
    meta = json.loads((folder / "bank.json").read_text(encoding="utf-8"))
    document: dict[str, Any] = {"schema_version": SCHEMA_VERSION, "bank": meta["bank"]}
    compiled = Compiled(document)
    try:
        skill_rows = _read_skills(folder, root)
    except SourceError as error:
        compiled.problems.append(str(error))
        return compiled
    document["skills"] = [record for _, record in skill_rows]
    passages: dict[str, tuple[str, str]] = {}
    if (folder / "passages.csv").is_file():
        for row in read_rows(folder / "passages.csv", root, PASSAGE_COLUMNS):
            passages[row.get("id")] = (row.raw("title"), row.raw("text"))
    intro = str(meta.get("passage_intro", ""))
    items: list[dict[str, Any]] = []
    where: dict[str, str] = {}
    skill_ids = [record["id"] for _, record in skill_rows]
    expected = {f"{s}.csv" for s in skill_ids}
    for path in sorted((folder / "items").glob("*.csv")):
        if path.name not in expected:
            compiled.problems.append(
                f"{path.relative_to(root)}: no skill {path.stem!r} in skills.csv"
            )
    for skill_id in skill_ids:
        path = folder / "items" / f"{skill_id}.csv"
        if not path.is_file():
            compiled.problems.append(f"{path.relative_to(root)}: missing (skill {skill_id})")
            continue
        try:
            rows = read_rows(path, root, ITEM_COLUMNS)
        except SourceError as error:
            compiled.problems.append(str(error))
            continue
        for row in rows:
            here = f"{row.path}:{row.line}: {row.get('id') or '(no id)'}"
            try:
                item = compile_item(row, skill_id, passages, intro)
            except (SourceError, ValueError) as error:
                compiled.problems.append(f"{here}: {error}")
                continue
            if item["id"] in where:
                compiled.problems.append(f"{here}: id already used at {where[item['id']]}")
                continue
            where[item["id"]] = f"{row.path}:{row.line}"
            item["_enemies"] = split_list(row.get("enemies"))
            items.append(item)
    document["items"] = _with_enemies(items, where, compiled.problems)
    compiled.media_uris = sorted({m["uri"] for i in items for m in i.get("media", [])})
    compiled.locations = where
    return compiled


def _with_enemies(
    items: list[dict[str, Any]], where: dict[str, str], problems: list[str]
) -> list[dict[str, Any]]:
    """Make enemy lists symmetric and place them just before the explanation."""
    enemies: dict[str, set[str]] = defaultdict(set)
    for item in items:
        for other in item.pop("_enemies"):
            if other not in where:
                problems.append(f"{where[item['id']]}: {item['id']}: unknown enemy {other!r}")
            elif other == item["id"]:
                problems.append(f"{where[item['id']]}: {item['id']}: an item is not its own enemy")
            else:
                enemies[item["id"]].add(other)
                enemies[other].add(item["id"])
    out = []
    for item in items:
        if item["id"] in enemies:
            explanation = item.pop("explanation", None)
            item["enemies"] = sorted(enemies[item["id"]])
            if explanation is not None:
                item["explanation"] = explanation
        out.append(item)
    return out
