"""Turn an items table (and optionally a skills table) into a validated item bank document.

The columns are the JSON field names (see :data:`ITEM_COLUMNS` and the documentation's
guide "Bring your own study material"); a few spreadsheet conventions are added on top:
``item_id`` and ``skill`` as aliases, choices as ``choice_A``...``choice_E`` (with
``feedback_A``...) or one ``choices`` cell, rubric levels as ``rubric_0``, ``rubric_1``...,
and any other schema field as a dotted column name (``answer.tolerance``, ``names.ko``).
Every problem, from reading a cell or from the bank's own validation, names the file, the
spreadsheet line and the column.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from adaptive_tutor._bank_validation import SCHEMA_VERSION, BankOrigin
from adaptive_tutor._table_cells import (
    LIST_SEPARATOR,
    CellError,
    choice_reader,
    converter_for,
    read_id_list,
    read_integer,
    read_number,
    read_text,
    read_text_list,
    schema_node,
)
from adaptive_tutor._table_files import Table, is_empty
from adaptive_tutor.exceptions import BankProblem

__all__ = [
    "IRT_COLUMNS",
    "ITEM_COLUMNS",
    "LIST_SEPARATOR",
    "RUBRIC_COLUMN",
    "SKILL_COLUMNS",
    "Columns",
    "TableImport",
    "import_tables",
]

ITEM_COLUMNS = (
    "id", "skills", "grade", "type", "prompt", "answer", "tolerance", "unit", "forms",
    "in_sentence", "choices", "choice_A", "feedback_A", "rubric", "rubric_0", "max_score",
    "model", "a", "b", "c", "d", "thresholds", "steps", "calibration", "estimated_minutes",
    "tags", "enemies", "explanation",
)  # fmt: skip
"""The documented item columns (``choice_X``, ``feedback_X``, ``rubric_N`` for any X, N)."""
SKILL_COLUMNS = ("id", "name", "grade", "prerequisites", "description", "name_ko")
"""The documented skill columns (``name_<language>`` for any language tag)."""
ITEM_ALIASES = {
    "item_id": "id", "skill": "skills", "skill_id": "skills", "skill_ids": "skills",
    "unit": "answer.unit", "units": "answer.unit", "forms": "answer.forms",
    "in_sentence": "answer.in_sentence",
}  # fmt: skip
SKILL_ALIASES = {"skill_id": "id", "skill": "id", "prerequisite": "prerequisites"}
# Names people give columns, and the column they mean (a hint, not an alias: the README
# lists the columns, and a guess should not silently put a text in the wrong field).
ITEM_HINTS = {
    "question": "prompt", "text": "prompt", "stem": "prompt", "item_text": "prompt",
    "question_text": "prompt", "difficulty": "b", "discrimination": "a", "slope": "a",
    "guessing": "c", "key": "answer", "correct": "answer", "correct_answer": "answer",
    "solution": "answer", "right_answer": "answer", "level": "grade", "year": "grade",
    "grade_level": "grade", "item": "id", "question_id": "id", "kind": "type",
    "item_type": "type", "question_type": "type", "options": "choices", "hint": "explanation",
    "minutes": "estimated_minutes", "time": "estimated_minutes",
}  # fmt: skip
SKILL_HINTS = {
    "skill_name": "name", "title": "name", "level": "grade", "year": "grade",
    "prereq": "prerequisites", "prereqs": "prerequisites", "requires": "prerequisites",
}  # fmt: skip
_OPTION = re.compile(r"^option_?([A-Za-z0-9]+)$", re.IGNORECASE)
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
IRT_COLUMNS = ("model", "a", "b", "c", "d", "thresholds", "steps", "calibration")
_SPECIAL = frozenset({"answer", "tolerance", "choices", "rubric", *IRT_COLUMNS})
_REQUIRED_ITEM_COLUMNS = ("id", "skills", "grade", "prompt")
_REQUIRED_SKILL_COLUMNS = ("id", "name", "grade")
_CHOICE = re.compile(r"^(choice|feedback)_([A-Za-z0-9]+)$")
RUBRIC_COLUMN = re.compile(r"^rubric_(\d+)$")
_LOCALE_NAME = re.compile(r"^name_([a-z]{2,3}(?:-[a-z0-9]{2,8})*)$")
_POLYTOMOUS = ("GRM", "GPCM", "PCM")
_TYPE = choice_reader(("multiple_choice", "numeric", "short_answer", "partial_credit"))
_NUMBER_WITH_UNIT = re.compile(r"([+-]?[\d.,]*\d)\s*([^\d\s.,][^\d]*?)")
_METADATA_DEFAULTS = {
    "subject": "unspecified",
    "language": "en",
    "provider": "unspecified",
    "licence": "unspecified",
}


@dataclass
class Columns:
    """A table's header, normalised: canonical name -> the header as the user wrote it.

    ``problems`` are the header's own problems (unknown, missing or repeated columns); they
    are reported on line 1 with the column as ``field``.
    """

    table: Table
    written: dict[str, str]
    problems: list[BankProblem]

    def cell(self, row: Mapping[str, Any], name: str) -> Any:
        header = self.written.get(name)
        value = row.get(header) if header is not None else None
        return None if is_empty(value) else value


def _normalise(header: str) -> str:
    name = re.sub(r"\s+", "_", header.strip())
    match = _CHOICE.match(name) if name[:7].lower() in ("choice_", "feedbac") else None
    if match:
        return f"{match.group(1).lower()}_{match.group(2).upper()}"
    return name if "." in name else name.lower()


def _hint(name: str, hints: Mapping[str, str]) -> str:
    """``did you mean 'prompt'? `` for a column name people use for a documented one."""
    option = _OPTION.match(name)
    meant = f"choice_{option.group(1).upper()}" if option else hints.get(name.lower())
    if meant is None:
        close = difflib.get_close_matches(name, [*ITEM_COLUMNS, *SKILL_COLUMNS], n=1)
        meant = close[0] if close else None
    return f"did you mean {meant!r}? " if meant else ""


def _columns(
    table: Table,
    aliases: Mapping[str, str],
    known: Callable[[str], bool],
    hints: Mapping[str, str],
) -> Columns:
    written: dict[str, str] = {}
    problems: list[BankProblem] = []
    data_headers = {h for _, row in table.rows for h, v in row.items() if not is_empty(v)}
    for position, header in enumerate(table.columns, start=1):
        if not header.strip():
            if header in data_headers:
                problems.append(
                    BankProblem(
                        table.file,
                        f"column {position} has values but no name",
                        row=1,
                        fix="write its name in the header line",
                    )
                )
            continue
        name = _normalise(header)
        name = aliases.get(name, name)
        if name in written:
            message = f"the column {header!r} appears twice (as {written[name]!r} too)"
            problems.append(BankProblem(table.file, message, row=1, field=header, fix="keep one"))
        elif known(name):
            written[name] = header
        else:
            hint = _hint(name, hints)
            problems.append(
                BankProblem(
                    table.file,
                    f"unknown column {header!r}",
                    row=1,
                    field=header,
                    fix=f"{hint}rename it, or delete it (see the list of columns in the "
                    "guide 'Bring your own study material')",
                )
            )
    return Columns(table, written, problems)


def _is_item_column(name: str) -> bool:
    if name in _SPECIAL or _CHOICE.match(name) or RUBRIC_COLUMN.match(name):
        return True
    node = schema_node("item", tuple(name.split(".")))
    return node is not None and name not in ("irt", "media") and converter_for(node) is not None


def _is_skill_column(name: str) -> bool:
    if _LOCALE_NAME.match(name):
        return True
    node = schema_node("skill", tuple(name.split(".")))
    return node is not None and converter_for(node) is not None


def _missing_columns(
    columns: Columns, required: tuple[str, ...], aliases: Mapping[str, str]
) -> None:
    for name in required:
        if name not in columns.written:
            other = [alias for alias, target in aliases.items() if target == name][:1]
            alias = f" (or {other[0]!r})" if other else ""
            columns.problems.append(
                BankProblem(
                    columns.table.file,
                    f"there is no {name!r} column",
                    row=1,
                    field=name,
                    fix=f"add a column named {name!r}{alias}",
                )
            )


def _set(target: dict[str, Any], path: list[str], value: Any) -> None:
    for part in path[:-1]:
        target = target.setdefault(part, {})
    target[path[-1]] = value


class _RowReader:
    """Reads the cells of one row, collecting a problem for each unreadable cell."""

    def __init__(self, columns: Columns, line: int, row: Mapping[str, Any]) -> None:
        self.columns, self.line, self.row = columns, line, row
        self.problems: list[BankProblem] = []
        self.item_id: str | None = None

    def get(self, name: str, convert: Callable[[Any], Any] = read_text) -> Any:
        value = self.columns.cell(self.row, name)
        if value is None:
            return None
        try:
            return convert(value)
        except CellError as error:
            self.problems.append(
                BankProblem(
                    self.columns.table.file,
                    error.message,
                    row=self.line,
                    item=self.item_id,
                    field=self.columns.written[name],
                    fix=error.fix,
                )
            )
            return None


def _generic_fields(
    reader: _RowReader, entry: dict[str, Any], kind: str, skip: frozenset[str]
) -> None:
    for name in reader.columns.written:
        if name in skip or _CHOICE.match(name) or RUBRIC_COLUMN.match(name):
            continue
        path = name.split(".")
        locale = _LOCALE_NAME.match(name) if kind == "skill" else None
        if locale:
            path = ["names", locale.group(1)]
        node = schema_node(kind, tuple(path))
        convert = converter_for(node) if node is not None else None
        if convert is not None:
            value = reader.get(name, convert)
            if value is not None and value != []:
                _set(entry, path, value)


def _choices(reader: _RowReader) -> list[dict[str, str]]:
    written = reader.columns.written
    texts: dict[str, str] = {}
    if "choices" in written:
        for position, text in enumerate(reader.get("choices", read_text_list) or []):
            texts[chr(ord("A") + position) if position < 26 else str(position + 1)] = text
    for name in written:
        match = _CHOICE.match(name)
        if match and match.group(1) == "choice":
            text = reader.get(name)
            if text is not None:
                texts[match.group(2)] = text
    choices = [{"id": key, "text": text} for key, text in texts.items()]
    for name in written:
        match = _CHOICE.match(name)
        if match and match.group(1) == "feedback":
            feedback = reader.get(name)
            target = next((c for c in choices if c["id"] == match.group(2)), None)
            if feedback is not None and target is None:
                reader.problems.append(
                    BankProblem(
                        reader.columns.table.file,
                        f"feedback for choice {match.group(2)} but no choice {match.group(2)}",
                        row=reader.line,
                        item=reader.item_id,
                        field=written[name],
                        fix="write the choice or move the feedback",
                    )
                )
            elif feedback is not None and target is not None:
                target["feedback"] = feedback
    return choices


def _rubric(reader: _RowReader) -> list[dict[str, Any]]:
    levels: dict[int, str] = {}
    if "rubric" in reader.columns.written:
        levels.update(enumerate(reader.get("rubric", read_text_list) or []))
    for name in reader.columns.written:
        match = RUBRIC_COLUMN.match(name)
        text = reader.get(name) if match else None
        if match and text is not None:
            levels[int(match.group(1))] = text
    return [{"score": score, "description": levels[score]} for score in sorted(levels)]


def _key(answer: Any, choices: list[dict[str, str]]) -> str:
    """A multiple-choice key: a choice id in any case, or the exact text of a choice."""
    text = read_text(answer)
    for choice in choices:
        if text.upper() == choice["id"].upper():
            return choice["id"]
    for choice in choices:
        if text == choice["text"]:
            return choice["id"]
    return text


def _infer_type(choices: list[Any], rubric: list[Any], irt: Mapping[str, Any], answer: Any) -> str:
    if choices:
        return "multiple_choice"
    if rubric or "thresholds" in irt or "steps" in irt or irt.get("model") in _POLYTOMOUS:
        return "partial_credit"
    try:
        read_number(answer)
    except CellError:
        return "short_answer"
    return "numeric" if answer is not None else "short_answer"


def _key_number(value: Any) -> int | float:
    """A numeric key; ``3개`` or ``5 cm`` says where the unit goes."""
    try:
        return read_number(value)
    except CellError as error:
        match = _NUMBER_WITH_UNIT.fullmatch(read_text(value))
        if match is None:
            raise
        raise CellError(
            error.message,
            f"write the number alone ({match[1]}) and the unit {match[2]!r} in a 'unit' column "
            "(then answers with and without it are right)",
        ) from None


def _partial_credit_key(value: Any) -> dict[str, Any]:
    try:
        return {"value": read_number(value)}
    except CellError:
        return {"accepted": read_text_list(value)}


def _answer(reader: _RowReader, item_type: str, choices: list[dict[str, str]]) -> dict[str, Any]:
    answer: dict[str, Any] = {}
    if item_type == "multiple_choice":
        key = reader.get("answer", lambda value: _key(value, choices))
        answer.update({"choice": key} if key is not None else {})
    elif item_type == "numeric":
        value = reader.get("answer", _key_number)
        answer.update({"value": value} if value is not None else {})
    elif item_type == "short_answer":
        accepted = reader.get("answer", read_text_list)
        answer.update({"accepted": accepted} if accepted is not None else {})
    else:
        answer.update(reader.get("answer", _partial_credit_key) or {})
    tolerance = reader.get("tolerance", read_number)
    if tolerance is not None:
        answer["tolerance"] = tolerance
    return answer


def _item(reader: _RowReader, counts: dict[str, int]) -> dict[str, Any]:
    reader.item_id = reader.get("id")
    irt: dict[str, Any] = {}
    for name in IRT_COLUMNS:
        if name in reader.columns.written:
            node = schema_node("item", ("irt", name))
            value = reader.get(name, converter_for(node) or read_text) if node else None
            if value is not None and value != []:
                irt[name] = value
    if "model" not in irt:
        irt = {"model": _default_model(irt), **irt}
        counts[f"model {irt['model']}"] = counts.get(f"model {irt['model']}", 0) + 1
    choices = _choices(reader)
    rubric = _rubric(reader)
    raw_answer = reader.columns.cell(reader.row, "answer")
    item_type = reader.get("type", _TYPE) or _infer_type(choices, rubric, irt, raw_answer)
    item: dict[str, Any] = {"id": reader.item_id, "skills": reader.get("skills", read_id_list)}
    item.update(grade=reader.get("grade", read_integer), type=item_type)
    item["prompt"] = reader.get("prompt")
    if choices:
        item["choices"] = choices
    answer = _answer(reader, item_type, choices)
    if answer:
        item["answer"] = answer
    polytomous = irt.get("model") in _POLYTOMOUS
    if not rubric and item_type == "partial_credit" and polytomous:
        levels = len(irt.get("thresholds", irt.get("steps", []))) + 1
        rubric = [{"score": s, "description": f"score {s}"} for s in range(levels)]
        counts["generic rubric"] = counts.get("generic rubric", 0) + 1
    if rubric:
        item["rubric"] = rubric
    max_score = reader.get("max_score", read_integer)
    if max_score is None:
        steps = irt.get("thresholds", irt.get("steps"))
        max_score = len(steps) if polytomous and isinstance(steps, list) else 1
    item["max_score"] = max_score
    item["irt"] = irt
    _generic_fields(reader, item, "item", frozenset({"id", "skills", "grade", "type", "prompt",
                                                     "max_score", *_SPECIAL}))  # fmt: skip
    return {key: value for key, value in item.items() if value is not None}


def _default_model(irt: Mapping[str, Any]) -> str:
    if "thresholds" in irt:
        return "GRM"
    return "GPCM" if "steps" in irt else "2PL"


@dataclass
class TableImport:
    """What reading the tables gave: the document, where each entry came from, and notes.

    ``problems`` are the cells that could not be read; the document's own validation comes
    next (see :func:`adaptive_tutor._bank_import.checked_document`). ``tables`` holds each
    table's columns by file, to name validation problems by the column the user wrote.
    """

    document: dict[str, Any]
    origin: BankOrigin
    problems: list[BankProblem]
    defaults: list[str]
    tables: dict[str, Columns]


def _rows(columns: Columns, problems: list[BankProblem]) -> list[tuple[int, dict[str, Any]]]:
    """The non-empty rows; an empty row before the last filled one is a problem."""
    filled = [
        (line, row) for line, row in columns.table.rows if not all(map(is_empty, row.values()))
    ]
    last = filled[-1][0] if filled else 0
    for line, row in columns.table.rows:
        if line < last and all(map(is_empty, row.values())):
            problems.append(
                BankProblem(
                    columns.table.file,
                    "the row is empty",
                    row=line,
                    fix="delete it, or fill it in (empty rows after the last entry are ignored)",
                )
            )
    return filled


def _skills(
    columns: Columns, problems: list[BankProblem]
) -> tuple[list[dict[str, Any]], list[int]]:
    _missing_columns(columns, _REQUIRED_SKILL_COLUMNS, SKILL_ALIASES)
    problems.extend(columns.problems)
    skills, lines = [], []
    for line, row in _rows(columns, problems):
        reader = _RowReader(columns, line, row)
        skill: dict[str, Any] = {}
        _generic_fields(reader, skill, "skill", frozenset())
        reader.problems = [replace(p, skill=skill.get("id")) for p in reader.problems]
        problems.extend(reader.problems)
        skills.append(skill)
        lines.append(line)
    return skills, lines


def _implied_skills(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    grades: dict[str, list[int]] = {}
    for item in items:
        for skill in item.get("skills") or []:
            grade = item.get("grade")
            grades.setdefault(skill, []).extend([grade] if isinstance(grade, int) else [])
    return [{"id": s, "name": s, "grade": min(g, default=1)} for s, g in grades.items()]


def _metadata(
    given: Mapping[str, Any], defaults: Mapping[str, Any], items: list[dict[str, Any]]
) -> tuple[dict[str, Any], list[str]]:
    bank = {key: value for key, value in given.items() if value is not None}
    notes = []
    for key, (value, why) in defaults.items():
        if key not in bank:
            bank[key] = value
            notes.append(f"{key} {value!r}{why}")
    prompts = [item["prompt"] for item in items if isinstance(item.get("prompt"), str)]
    if "language" not in bank and 2 * sum(map(bool, map(_HANGUL.search, prompts))) > len(prompts):
        bank["language"] = "ko"
        notes.append("language 'ko' (from the text)")
    grades = [item["grade"] for item in items if isinstance(item.get("grade"), int)]
    if "grade_range" not in bank and grades:
        bank["grade_range"] = [min(grades), max(grades)]
        notes.append(f"grade_range {bank['grade_range']} (from the items)")
    for key, value in _METADATA_DEFAULTS.items():
        if key not in bank:
            bank[key] = value
            notes.append(f"{key} {value!r}")
    return bank, notes


def import_tables(
    items: Table,
    skills: Table | None,
    metadata: Mapping[str, Any],
    identity: Mapping[str, tuple[str, str]],
) -> TableImport:
    """Read the tables into a bank document and report every problem with its line.

    Parameters
    ----------
    items, skills : Table
        The items table and the optional skills table.
    metadata : mapping
        Bank fields given by the caller.
    identity : mapping
        Defaults for ``id`` and ``title`` as ``(value, where it comes from)``.

    Returns
    -------
    TableImport
        The document, the origin of each entry, all problems (sorted) and the notes on what
        was defaulted.
    """
    problems: list[BankProblem] = []
    columns = _columns(items, ITEM_ALIASES, _is_item_column, ITEM_HINTS)
    _missing_columns(columns, _REQUIRED_ITEM_COLUMNS, ITEM_ALIASES)
    if not {"b", "thresholds", "steps"} & set(columns.written):
        columns.problems.append(
            BankProblem(
                items.file,
                "there is no difficulty column",
                row=1,
                field="b",
                fix="add 'b' (1PL-4PL items), or 'thresholds' / 'steps' (partial-credit items)",
            )
        )
    if "choices" in columns.written and any(n.startswith("choice_") for n in columns.written):
        columns.problems.append(
            BankProblem(
                items.file,
                "both a 'choices' column and choice_ columns",
                row=1,
                field=columns.written["choices"],
                fix="use one way of writing choices",
            )
        )
    problems.extend(columns.problems)
    counts: dict[str, int] = {}
    item_docs, item_lines = [], []
    for line, row in _rows(columns, problems):
        reader = _RowReader(columns, line, row)
        item_docs.append(_item(reader, counts))
        item_lines.append(line)
        problems.extend(reader.problems)
    tables = {items.file: columns}
    if skills is not None:
        tables[skills.file] = _columns(skills, SKILL_ALIASES, _is_skill_column, SKILL_HINTS)
        skill_docs, skill_lines = _skills(tables[skills.file], problems)
        defaults = []
    else:
        skill_docs, skill_lines = _implied_skills(item_docs), []
        defaults = (
            [
                f"{len(skill_docs)} skill{'s' if len(skill_docs) > 1 else ''} named by "
                "their ids, from the items (give a skills table)"
            ]
            if skill_docs
            else []
        )
    bank, notes = _metadata(metadata, identity, item_docs)
    defaults += [f"{label} for {n} item{'s' if n > 1 else ''}" for label, n in counts.items()]
    defaults = notes + defaults
    document = {"schema_version": SCHEMA_VERSION, "bank": bank, "skills": skill_docs}
    document["items"] = item_docs
    origin = BankOrigin(items.file, item_lines, skills.file if skills else None, skill_lines)
    return TableImport(document, origin, problems, defaults, tables)
