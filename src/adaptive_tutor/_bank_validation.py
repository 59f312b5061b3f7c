"""Checks an item bank document and collects every problem before anything is built.

This module owns the rules for item banks (the JSON Schema plus the rules a schema cannot
express: unique ids, references, the prerequisite graph, answer keys, IRT parameters and
score ranges). It never stops at the first problem: the caller gets one list of structured
:class:`~adaptive_tutor.exceptions.BankProblem` and raises a single
:class:`~adaptive_tutor.exceptions.ItemBankError`. A document built from spreadsheets passes
a :class:`BankOrigin` so every problem names the file and line its entry came from.
"""

from __future__ import annotations

import difflib
import json
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import jsonschema

from adaptive_tutor._bank_limits import (
    SCHEMA_VERSION,
    SUPPORTED_SCHEMA_VERSIONS,
    document_problems,
    json_text_problem,
    object_with_repeated_keys,
    schema_version_problem,
)
from adaptive_tutor._fast_schema import compile_fast_check, whole_text_pattern
from adaptive_tutor.exceptions import BankProblem, ItemBankError, sort_problems
from adaptive_tutor.irt import find_parameter_problems
from adaptive_tutor.marking import normalise_text, read_number

__all__ = [
    "REQUIRED_MISSING",
    "SCHEMA_VERSION",
    "SUPPORTED_SCHEMA_VERSIONS",
    "BankOrigin",
    "check_bank_document",
    "load_schema",
    "parse_json_text",
]

DICHOTOMOUS_MODELS = frozenset({"1PL", "2PL", "3PL", "4PL"})
POLYTOMOUS_MODELS = frozenset({"GRM", "GPCM", "PCM"})
DICHOTOMOUS_TYPES = frozenset({"multiple_choice", "numeric", "short_answer"})


@cache
def load_schema() -> dict[str, Any]:
    """Return the item-bank JSON Schema shipped with the package (draft 2020-12).

    Examples
    --------
    >>> load_schema()["properties"]["schema_version"]
    {'enum': ['1.0', '1.1']}
    """
    text = (
        resources.files("adaptive_tutor")
        .joinpath("schema/item_bank.schema.json")
        .read_text(encoding="utf-8")
    )
    schema: dict[str, Any] = json.loads(text)
    return schema


def parse_json_text(text: str, source: str) -> Any:
    """Parse JSON text, turning a syntax error into an ItemBankError with line and column.

    Examples
    --------
    >>> parse_json_text('{"a": 1}', "bank.json")
    {'a': 1}
    """
    refused = json_text_problem(text)
    if refused is not None:
        problem = BankProblem(source, refused)
        raise ItemBankError(f"{problem}.", problems=[problem])
    try:
        return json.loads(text, object_pairs_hook=object_with_repeated_keys)
    except RecursionError:  # deeper than the interpreter allows despite the depth check
        problem = BankProblem(source, "the JSON nests too deeply to be read")
        raise ItemBankError(f"{problem}.", problems=[problem]) from None
    except json.JSONDecodeError as error:
        problem = BankProblem(
            source,
            f"malformed JSON at line {error.lineno}, column {error.colno}: {error.msg}",
            fix="fix the JSON syntax there and load again",
        )
        raise ItemBankError(f"{problem}.", problems=[problem]) from None


@dataclass(frozen=True)
class BankOrigin:
    """Where each skill and item of a bank document came from, for documents built from tables.

    Parameters
    ----------
    items_file : str
        The file the items came from.
    item_lines : sequence of int
        The line of each item (in document order) in ``items_file``: 1-based, the header
        is line 1, as a spreadsheet program numbers them.
    skills_file : str, optional
        The file the skills came from, when they were given in a separate table.
    skill_lines : sequence of int, default ()
        The line of each skill in ``skills_file`` (document order).

    Examples
    --------
    >>> BankOrigin("items.csv", [2, 3]).line("items", 1)
    ('items.csv', 3)
    >>> BankOrigin("items.csv", [2]).line("skills", 0)
    (None, None)
    """

    items_file: str
    item_lines: Sequence[int]
    skills_file: str | None = None
    skill_lines: Sequence[int] = ()

    def line(self, kind: str, index: int) -> tuple[str | None, int | None]:
        """Return ``(file, line)`` of entry ``index`` of ``kind`` ("items" or "skills").

        Unknown entries (skills created from the items table, positions out of range) give
        ``(None, None)``.
        """
        if kind == "items" and 0 <= index < len(self.item_lines):
            return self.items_file, self.item_lines[index]
        if kind == "skills" and self.skills_file is not None and 0 <= index < len(self.skill_lines):
            return self.skills_file, self.skill_lines[index]
        return None, None


class _Collector:
    """Builds located problems for one document."""

    def __init__(self, source: str, origin: BankOrigin | None) -> None:
        self.source = source
        self.origin = origin
        self.found: list[BankProblem] = []

    def entry(
        self,
        kind: str,
        index: int,
        identifier: Any,
        field: str | None,
        message: str,
        fix: str = "",
    ) -> None:
        """A problem with entry ``index`` of ``kind`` ("items" or "skills")."""
        file, row = self.origin.line(kind, index) if self.origin is not None else (None, None)
        label = identifier if isinstance(identifier, str) else None
        if label is None and row is None:
            singular = "item" if kind == "items" else "skill"
            message = f"{singular} number {index + 1} of '{kind}': {message}"
        self.found.append(
            BankProblem(
                file or self.source,
                message,
                row=row,
                item=label if kind == "items" else None,
                skill=label if kind == "skills" else None,
                field=field,
                fix=fix,
            )
        )

    def document(self, field: str | None, message: str, fix: str = "") -> None:
        """A problem with the document as a whole or its ``bank`` metadata."""
        self.found.append(BankProblem(self.source, message, field=field, fix=fix))


def check_bank_document(
    document: Any, source: str, *, origin: BankOrigin | None = None
) -> list[BankProblem]:
    """Return every problem found in an item bank document (empty when it is valid).

    Parameters
    ----------
    document : Any
        The parsed bank (a mapping in the JSON format, or anything else, which is reported).
    source : str
        The file (or ``<dict>``) named in the problems.
    origin : BankOrigin, optional
        The spreadsheet file and line of each item and skill; problems are then sorted by
        file and line.

    Returns
    -------
    list of BankProblem
        Every problem, in reading order.

    Examples
    --------
    >>> print(check_bank_document({"schema_version": "1.0"}, "bank.json")[0])
    bank.json: field 'bank': missing (required); add it
    """
    version = schema_version_problem(document, source)
    if version is not None:
        return [version]
    found = _Collector(source, origin)
    refused = document_problems(document)
    for path, message, fix in refused:  # limits first: nothing heavy runs on such a document
        _report_at(document, [*path], message, fix, found)
    if refused:
        return sort_problems(found.found) if origin is not None else found.found
    _schema_problems(document, found)
    if isinstance(document, Mapping):
        _semantic_problems(document, found)
    return sort_problems(found.found) if origin is not None else found.found


def _validator() -> jsonschema.protocols.Validator:
    return _cached_validator()


def _whole_text_pattern(
    validator: Any, pattern: str, instance: Any, schema: Mapping[str, Any]
) -> Iterable[jsonschema.ValidationError]:
    """``pattern`` as JSON Schema means it (see :func:`whole_text_pattern`): an id
    "q1\\n" passed Python's ``$`` and then matched no lookup."""
    if isinstance(instance, str) and re.search(whole_text_pattern(pattern), instance) is None:
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


@cache
def _fast_check() -> Callable[[Any], bool]:
    return compile_fast_check(load_schema())


@cache
def _cached_validator() -> jsonschema.protocols.Validator:
    schema = load_schema()
    checker = jsonschema.validators.extend(  # type: ignore[no-untyped-call]
        jsonschema.Draft202012Validator, {"pattern": _whole_text_pattern}
    )
    validator: jsonschema.protocols.Validator = checker(schema)
    return validator


_REQUIRED = re.compile(r"^'([^']+)' is a required property$")
REQUIRED_MISSING = "missing (required)"
"""The message of a problem naming a required field that is absent."""


def _schema_problems(document: Any, found: _Collector) -> None:
    if _fast_check()(document):
        return  # the compiled check passed: nothing to locate
    errors = sorted(_validator().iter_errors(document), key=lambda e: list(map(str, e.path)))
    for error in errors:
        path = [str(part) if not isinstance(part, int) else part for part in error.absolute_path]
        message, fix = str(error.message), ""
        if error.validator == "additionalProperties" and isinstance(error.instance, Mapping):
            known = error.schema.get("properties", {}) if isinstance(error.schema, Mapping) else {}
            for key in sorted(str(k) for k in error.instance if k not in known):
                _report_at(
                    document,
                    [*path, key],
                    "not a field of this object",
                    "remove it, or check its spelling",
                    found,
                )
            continue
        missing = _REQUIRED.match(message)
        if missing:
            message, fix = REQUIRED_MISSING, "add it"
            path.append(missing.group(1))
        _report_at(document, path, message, fix, found)


def _report_at(
    document: Any, path: list[str | int], message: str, fix: str, found: _Collector
) -> None:
    """Report a problem at a JSON path, naming the item or skill it lies in."""
    if len(path) >= 2 and path[0] in ("items", "skills") and isinstance(path[1], int):
        entry = _entry(document, str(path[0]), path[1])
        identifier = entry.get("id") if isinstance(entry, Mapping) else None
        field = ".".join(str(part) for part in path[2:]) if path[2:] else None
        found.entry(str(path[0]), path[1], identifier, field, message, fix)
    else:
        field = ".".join(str(part) for part in path) if path else None
        found.document(field, message, fix)


def _entry(document: Any, key: str, index: int) -> Any:
    if not isinstance(document, Mapping):
        return None
    entries = document.get(key)
    if isinstance(entries, list) and 0 <= index < len(entries):
        return entries[index]
    return None


def _indexed_dicts(entries: Any) -> list[tuple[int, Mapping[str, Any]]]:
    if not isinstance(entries, list):
        return []
    return [(index, entry) for index, entry in enumerate(entries) if isinstance(entry, Mapping)]


def _dicts(entries: Any) -> list[Mapping[str, Any]]:
    return [entry for _, entry in _indexed_dicts(entries)]


def _strings(values: Any) -> list[str]:
    if not isinstance(values, list):
        return []
    return [value for value in values if isinstance(value, str)]


def _semantic_problems(document: Mapping[str, Any], found: _Collector) -> None:
    skills = _indexed_dicts(document.get("skills"))
    items = _indexed_dicts(document.get("items"))
    skill_ids = [s["id"] for _, s in skills if isinstance(s.get("id"), str)]
    item_ids = [i["id"] for _, i in items if isinstance(i.get("id"), str)]
    _duplicate_problems(skills, "skills", found)
    _duplicate_problems(items, "items", found)
    _grade_range_problems(document.get("bank"), items, found)
    _prerequisite_problems(skills, set(skill_ids), found)
    known_items = set(item_ids)
    for index, item in items:
        _item_problems(index, item, set(skill_ids), known_items, found)
    _parameter_problems(items, found, _scale_D(document))


def _scale_D(document: Mapping[str, Any]) -> float:
    """The bank's ``scale.D`` when it is a positive finite number, else 1 (reported elsewhere)."""
    bank = document.get("bank")
    scale = bank.get("scale") if isinstance(bank, Mapping) else None
    value = scale.get("D") if isinstance(scale, Mapping) else None
    if isinstance(value, bool) or not isinstance(value, int | float):
        return 1.0
    return float(value) if math.isfinite(value) and value > 0 else 1.0


def _duplicate_problems(
    entries: Sequence[tuple[int, Mapping[str, Any]]], kind: str, found: _Collector
) -> None:
    ids = Counter(entry.get("id") for _, entry in entries if isinstance(entry.get("id"), str))
    seen: set[str] = set()
    singular = "item" if kind == "items" else "skill"
    for index, entry in entries:
        identifier = entry.get("id")
        if not isinstance(identifier, str):
            continue
        if identifier in seen:
            count = ids[identifier]
            found.entry(
                kind,
                index,
                identifier,
                "id",
                f"the id is used {count} times",
                f"{singular} ids must be unique",
            )
        seen.add(identifier)


def _grade_range_problems(
    bank: Any, items: Iterable[tuple[int, Mapping[str, Any]]], found: _Collector
) -> None:
    if not isinstance(bank, Mapping):
        return
    grade_range = bank.get("grade_range")
    if not isinstance(grade_range, list) or len(grade_range) != 2:
        return
    low, high = _whole(grade_range[0]), _whole(grade_range[1])
    if low is None or high is None:
        return
    if low > high:
        found.document(
            "bank.grade_range",
            f"the lowest grade {low} is above the highest {high}",
            "write [lowest, highest]",
        )
        return
    for index, item in items:
        grade = _whole(item.get("grade"))
        if grade is not None and not low <= grade <= high and isinstance(item.get("id"), str):
            found.entry(
                "items",
                index,
                item["id"],
                "grade",
                f"grade {grade} is outside the bank's grade_range [{low}, {high}]",
            )


def _prerequisite_problems(
    skills: Sequence[tuple[int, Mapping[str, Any]]], known: set[str], found: _Collector
) -> None:
    graph: dict[str, list[str]] = {}
    position: dict[str, int] = {}
    for index, skill in skills:
        identifier = skill.get("id")
        if not isinstance(identifier, str):
            continue
        position.setdefault(identifier, index)
        prerequisites = _strings(skill.get("prerequisites"))
        for prerequisite in prerequisites:
            if prerequisite not in known:
                found.entry(
                    "skills",
                    index,
                    identifier,
                    "prerequisites",
                    f"unknown skill id {prerequisite!r}",
                    "add that skill or remove the reference",
                )
            elif prerequisite == identifier:
                found.entry(
                    "skills",
                    index,
                    identifier,
                    "prerequisites",
                    "a skill cannot be its own prerequisite",
                )
        graph[identifier] = [p for p in prerequisites if p in known and p != identifier]
    cycle = find_cycle(graph)
    if cycle:
        path = " -> ".join(cycle)
        found.entry(
            "skills",
            position[cycle[0]],
            cycle[0],
            "prerequisites",
            f"prerequisites form a cycle ({path})",
            "the skill graph must be acyclic",
        )


def find_cycle(graph: Mapping[str, Sequence[str]]) -> list[str]:
    """Return one cycle of a directed graph as a closed path, or an empty list.

    Examples
    --------
    >>> find_cycle({"a": ["b"], "b": ["a"]})
    ['a', 'b', 'a']
    >>> find_cycle({"a": ["b"], "b": []})
    []
    """
    white, grey, black = 0, 1, 2
    colour = dict.fromkeys(graph, white)
    for start in graph:
        if colour[start] != white:
            continue
        stack: list[tuple[str, int]] = [(start, 0)]
        path = [start]
        colour[start] = grey
        while stack:
            node, position = stack[-1]
            neighbours = graph.get(node, [])
            if position < len(neighbours):
                stack[-1] = (node, position + 1)
                nxt = neighbours[position]
                if colour.get(nxt, black) == grey:
                    return [*path[path.index(nxt) :], nxt]
                if colour.get(nxt, black) == white:
                    colour[nxt] = grey
                    stack.append((nxt, 0))
                    path.append(nxt)
            else:
                colour[node] = black
                stack.pop()
                path.pop()
    return []


def _item_problems(
    index: int,
    item: Mapping[str, Any],
    skill_ids: set[str],
    item_ids: set[str],
    found: _Collector,
) -> None:
    identifier = item.get("id")
    if not isinstance(identifier, str):
        return

    def report(field: str, message: str, fix: str = "") -> None:
        found.entry("items", index, identifier, field, message, fix)

    for skill in _strings(item.get("skills")):
        if skill not in skill_ids:
            close = difflib.get_close_matches(skill, sorted(skill_ids), n=1)
            hint = f"did you mean {close[0]!r}? If not, " if close else ""
            report(
                "skills",
                f"unknown skill id {skill!r}",
                f"{hint}add the skill to 'skills' or fix the reference",
            )
    for enemy in _strings(item.get("enemies")):
        if enemy == identifier:
            report("enemies", "an item cannot be its own enemy")
        elif enemy not in item_ids:
            report("enemies", f"unknown item id {enemy!r}", "remove it or add the item")
    _answer_problems(item, report)
    _marking_problems(item, report)
    _score_problems(item, report)


def _answer_problems(item: Mapping[str, Any], report: Any) -> None:
    item_type = _text(item.get("type"))
    choices = _dicts(item.get("choices"))
    answer = item.get("answer")
    if choices and item_type != "multiple_choice":
        report(
            "choices",
            f"only multiple_choice items have choices (type is {item_type!r})",
        )
    choice_ids = [c["id"] for c in choices if isinstance(c.get("id"), str)]
    duplicated = sorted(c for c, n in Counter(choice_ids).items() if n > 1)
    if duplicated:
        report("choices", f"duplicate choice ids {duplicated}")
    texts = [normalise_text(c["text"], fold_case=False) for c in choices if _has_text(c)]
    repeated_texts = sorted(t for t, n in Counter(texts).items() if n > 1)
    if repeated_texts:
        report("choices", f"duplicate choice texts {repeated_texts}")
    if item_type == "multiple_choice" and isinstance(answer, Mapping):
        key = answer.get("choice")
        if isinstance(key, str) and choice_ids and key not in choice_ids:
            report(
                "answer.choice",
                f"the key {key!r} is not among the choices {choice_ids}",
                "name one of the choice ids as the key",
            )
    if isinstance(answer, Mapping):
        allowed = {
            "multiple_choice": {"choice"},
            "numeric": {"value", "tolerance", "unit", "forms", "in_sentence"},
            "short_answer": {"accepted", "unit", "forms", "in_sentence"},
            "partial_credit": {"value", "tolerance", "accepted"},
        }.get(item_type if isinstance(item_type, str) else "", set())
        for key in sorted(set(answer) - allowed):
            report(f"answer.{key}", f"not used by {item_type!r} items", "remove it")
    if item_type in DICHOTOMOUS_TYPES and item.get("rubric") is not None:
        report(
            "rubric",
            f"only partial_credit items have a scoring rubric (type is {item_type!r})",
        )


def _has_text(choice: Mapping[str, Any]) -> bool:
    return isinstance(choice.get("text"), str)


def _marking_problems(item: Mapping[str, Any], report: Any) -> None:
    """Keys the marking rules could not apply as the author meant (schema 1.1 fields)."""
    answer = item.get("answer")
    if not isinstance(answer, Mapping):
        return
    for key in ("value", "tolerance"):
        number = answer.get(key)
        if isinstance(number, float) and not math.isfinite(number):
            report(f"answer.{key}", "must be a finite number")
    units = answer.get("unit")
    unit_list = [units] if isinstance(units, str) else _strings(units)
    folded = [normalise_text(unit) for unit in unit_list]
    for unit, fold in zip(unit_list, folded, strict=True):
        if not fold or any(char.isdecimal() for char in fold):
            report(
                "answer.unit",
                f"{unit!r} is not a unit",
                "write the unit or counter without digits, e.g. 'cm' or '개'",
            )
    if len(set(folded)) < len(folded):
        report("answer.unit", "units repeat once case is ignored", "list each unit once")
    accepted = _strings(answer.get("accepted"))
    if item.get("type") == "short_answer" and ("unit" in answer or "forms" in answer):
        readings = (read_number(normalise_text(text)) for text in accepted)
        if not any(r is not None and r.notation == "digits" for r in readings):
            report(
                "answer",
                "'unit' and 'forms' apply to number keys written in digits (e.g. '7/10', "
                "'2 3/4', '0.5'), and no accepted text is one",
                "remove them or add the number key",
            )
    if item.get("type") == "multiple_choice":
        ids = [c["id"] for c in _dicts(item.get("choices")) if isinstance(c.get("id"), str)]
        lowered = [identifier.casefold() for identifier in ids]
        folded_counts = Counter(lowered)
        clashes = sorted({i for i, low in zip(ids, lowered, strict=True) if folded_counts[low] > 1})
        if clashes:
            report(
                "choices",
                f"choice ids {clashes} differ only in case; answers name choices in any case",
                "make the ids distinct",
            )


def _score_problems(item: Mapping[str, Any], report: Any) -> None:
    irt = item.get("irt")
    max_score = item.get("max_score")
    item_type = _text(item.get("type"))
    max_score = _whole(max_score)
    if not isinstance(irt, Mapping) or max_score is None:
        return
    model = _text(irt.get("model"))
    if model in DICHOTOMOUS_MODELS:
        categories = 2
        if item_type == "partial_credit":
            report(
                "irt.model",
                f"partial_credit items need a polytomous model (GRM, GPCM or PCM), not {model}",
            )
    elif model in POLYTOMOUS_MODELS:
        key = "thresholds" if model == "GRM" else "steps"
        values = irt.get(key)
        if not isinstance(values, list):
            return
        categories = len(values) + 1
        if item_type in DICHOTOMOUS_TYPES:
            report(
                "irt.model",
                f"{item_type} items are scored 0/1 and need a dichotomous model (1PL-4PL), "
                f"not {model}",
            )
    else:
        return
    if max_score != categories - 1:
        report(
            "max_score",
            f"max_score is {max_score} but the {model} parameters define scores "
            f"0..{categories - 1}",
            "make them agree",
        )
    rubric = _dicts(item.get("rubric"))
    if rubric:
        scores = sorted(
            score for level in rubric if (score := _whole(level.get("score"))) is not None
        )
        if scores != list(range(max_score + 1)):
            report(
                "rubric",
                f"rubric scores {scores} must be exactly 0..{max_score}, one level each",
            )


def _text(value: Any) -> str | None:
    """A text field's value, or None when it is not text (the schema reports that)."""
    return value if isinstance(value, str) else None


def _whole(value: Any) -> int | None:
    """An integer written as 5 or 5.0 (JSON Schema counts both as integers), else None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and not value.is_integer():
        return None
    return int(value)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _well_typed(irt: Mapping[str, Any]) -> bool:
    """True when every parameter has the type the schema asks (values are checked later)."""
    scalars_ok = all(_is_number(irt[key]) for key in ("a", "b", "c", "d") if key in irt)
    lists_ok = all(
        isinstance(irt[key], list) and all(_is_number(v) for v in irt[key])
        for key in ("thresholds", "steps")
        if key in irt
    )
    return scalars_ok and lists_ok


def _parameter_problems(
    items: Sequence[tuple[int, Mapping[str, Any]]], found: _Collector, D: float
) -> None:
    indexed = [
        (index, item["id"], item["irt"])
        for index, item in items
        if isinstance(item.get("id"), str)
        and isinstance(item.get("irt"), Mapping)
        and _text(item["irt"].get("model")) in DICHOTOMOUS_MODELS | POLYTOMOUS_MODELS
        and _well_typed(item["irt"])
    ]
    records = [irt for _, _, irt in indexed]
    for problem in find_parameter_problems(records, D=D):
        index, identifier, _ = indexed[problem.index]
        found.entry("items", index, identifier, f"irt.{problem.field}", problem.message)
