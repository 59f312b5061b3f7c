"""Checks an item bank document and collects every problem before anything is built.

This module owns the rules for item banks (the JSON Schema plus the rules a schema cannot
express: unique ids, references, the prerequisite graph, answer keys, IRT parameters and
score ranges). It never stops at the first problem: the caller gets one list and raises a
single :class:`~adaptive_tutor.exceptions.ItemBankError`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from importlib import resources
from typing import Any

import jsonschema

from adaptive_tutor.exceptions import ItemBankError
from adaptive_tutor.irt import find_parameter_problems

__all__ = [
    "SCHEMA_VERSION",
    "SUPPORTED_SCHEMA_VERSIONS",
    "check_bank_document",
    "load_schema",
    "parse_json_text",
]

SCHEMA_VERSION = "1.1"
"""The schema version the library writes."""
SUPPORTED_SCHEMA_VERSIONS = ("1.0", "1.1")
"""The schema versions the library reads (1.1 only adds optional fields to 1.0)."""
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
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        message = (
            f"{source}: malformed JSON at line {error.lineno}, column {error.colno}: "
            f"{error.msg}. Fix the JSON syntax there and load again."
        )
        raise ItemBankError(message, problems=[message]) from None


def check_bank_document(document: Any, source: str) -> list[str]:
    """Return every problem found in an item bank document (empty when it is valid).

    Examples
    --------
    >>> check_bank_document({"schema_version": "1.0"}, "bank.json")[0]
    "bank.json: (top level): 'bank' is a required property"
    """
    problems = _schema_problems(document, source)
    if isinstance(document, Mapping):
        problems.extend(_semantic_problems(document, source))
    return problems


def _validator() -> jsonschema.protocols.Validator:
    return _cached_validator()


@cache
def _cached_validator() -> jsonschema.protocols.Validator:
    schema = load_schema()
    validator: jsonschema.protocols.Validator = jsonschema.Draft202012Validator(schema)
    return validator


def _schema_problems(document: Any, source: str) -> list[str]:
    problems = []
    errors = sorted(_validator().iter_errors(document), key=lambda e: list(map(str, e.path)))
    for error in errors:
        where = _describe_path(document, list(error.absolute_path))
        problems.append(f"{source}: {where}: {_short_message(error)}")
    return problems


def _short_message(error: jsonschema.ValidationError) -> str:
    if error.validator == "additionalProperties":
        return f"{error.message} (remove it, or check its spelling)"
    return str(error.message)


def _describe_path(document: Any, path: list[Any]) -> str:
    """Name the item or skill (by id) and the field a schema error points at."""
    if len(path) >= 2 and path[0] in ("items", "skills") and isinstance(path[1], int):
        kind = "item" if path[0] == "items" else "skill"
        entry = _entry(document, path[0], path[1])
        identifier = entry.get("id") if isinstance(entry, Mapping) else None
        label = f"{kind} {identifier!r}" if isinstance(identifier, str) else f"{kind} #{path[1]}"
        field = ".".join(str(part) for part in path[2:])
        return f"{label} field {field!r}" if field else label
    if path:
        return "field " + repr(".".join(str(part) for part in path))
    return "(top level)"


def _entry(document: Any, key: str, index: int) -> Any:
    if not isinstance(document, Mapping):
        return None
    entries = document.get(key)
    if isinstance(entries, list) and 0 <= index < len(entries):
        return entries[index]
    return None


def _dicts(entries: Any) -> list[Mapping[str, Any]]:
    if not isinstance(entries, list):
        return []
    return [entry for entry in entries if isinstance(entry, Mapping)]


def _strings(values: Any) -> list[str]:
    if not isinstance(values, list):
        return []
    return [value for value in values if isinstance(value, str)]


def _semantic_problems(document: Mapping[str, Any], source: str) -> list[str]:
    skills = _dicts(document.get("skills"))
    items = _dicts(document.get("items"))
    skill_ids = [s["id"] for s in skills if isinstance(s.get("id"), str)]
    item_ids = [i["id"] for i in items if isinstance(i.get("id"), str)]
    problems: list[str] = []
    problems += _duplicate_problems(skill_ids, "skill", source)
    problems += _duplicate_problems(item_ids, "item", source)
    problems += _grade_range_problems(document.get("bank"), items, source)
    problems += _prerequisite_problems(skills, set(skill_ids), source)
    known_items = set(item_ids)
    for item in items:
        problems += _item_problems(item, set(skill_ids), known_items, source)
    problems += _parameter_problems(items, source, _scale_D(document))
    return problems


def _scale_D(document: Mapping[str, Any]) -> float:
    """The bank's ``scale.D`` when it is a positive finite number, else 1 (reported elsewhere)."""
    bank = document.get("bank")
    scale = bank.get("scale") if isinstance(bank, Mapping) else None
    value = scale.get("D") if isinstance(scale, Mapping) else None
    if isinstance(value, bool) or not isinstance(value, int | float):
        return 1.0
    return float(value) if math.isfinite(value) and value > 0 else 1.0


def _duplicate_problems(ids: Sequence[str], kind: str, source: str) -> list[str]:
    seen: set[str] = set()
    reported: set[str] = set()
    problems = []
    for identifier in ids:
        if identifier in seen and identifier not in reported:
            count = ids.count(identifier)
            problems.append(
                f"{source}: {kind} {identifier!r} field 'id': the id is used {count} times; "
                f"{kind} ids must be unique"
            )
            reported.add(identifier)
        seen.add(identifier)
    return problems


def _grade_range_problems(bank: Any, items: Iterable[Mapping[str, Any]], source: str) -> list[str]:
    if not isinstance(bank, Mapping):
        return []
    grade_range = bank.get("grade_range")
    if not (
        isinstance(grade_range, list)
        and len(grade_range) == 2
        and all(isinstance(g, int) for g in grade_range)
    ):
        return []
    low, high = grade_range
    if low > high:
        return [
            f"{source}: field 'bank.grade_range': the lowest grade {low} is above the "
            f"highest {high}; write [lowest, highest]"
        ]
    problems = []
    for item in items:
        grade = item.get("grade")
        if isinstance(grade, int) and not low <= grade <= high and isinstance(item.get("id"), str):
            problems.append(
                f"{source}: item {item['id']!r} field 'grade': grade {grade} is outside the "
                f"bank's grade_range [{low}, {high}]"
            )
    return problems


def _prerequisite_problems(
    skills: Sequence[Mapping[str, Any]], known: set[str], source: str
) -> list[str]:
    problems = []
    graph: dict[str, list[str]] = {}
    for skill in skills:
        identifier = skill.get("id")
        if not isinstance(identifier, str):
            continue
        prerequisites = _strings(skill.get("prerequisites"))
        for prerequisite in prerequisites:
            if prerequisite not in known:
                problems.append(
                    f"{source}: skill {identifier!r} field 'prerequisites': unknown skill id "
                    f"{prerequisite!r}; add that skill or remove the reference"
                )
            elif prerequisite == identifier:
                problems.append(
                    f"{source}: skill {identifier!r} field 'prerequisites': a skill cannot be "
                    "its own prerequisite"
                )
        graph[identifier] = [p for p in prerequisites if p in known and p != identifier]
    cycle = find_cycle(graph)
    if cycle:
        path = " -> ".join(cycle)
        problems.append(
            f"{source}: skill {cycle[0]!r} field 'prerequisites': prerequisites form a cycle "
            f"({path}); the skill graph must be acyclic"
        )
    return problems


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
    item: Mapping[str, Any], skill_ids: set[str], item_ids: set[str], source: str
) -> list[str]:
    identifier = item.get("id")
    if not isinstance(identifier, str):
        return []
    label = f"{source}: item {identifier!r}"
    problems = []
    for skill in _strings(item.get("skills")):
        if skill not in skill_ids:
            problems.append(
                f"{label} field 'skills': unknown skill id {skill!r}; add the skill to "
                "'skills' or fix the reference"
            )
    for enemy in _strings(item.get("enemies")):
        if enemy == identifier:
            problems.append(f"{label} field 'enemies': an item cannot be its own enemy")
        elif enemy not in item_ids:
            problems.append(
                f"{label} field 'enemies': unknown item id {enemy!r}; remove it or add the item"
            )
    problems += _answer_problems(item, label)
    problems += _score_problems(item, label)
    return problems


def _answer_problems(item: Mapping[str, Any], label: str) -> list[str]:
    item_type = item.get("type")
    choices = _dicts(item.get("choices"))
    answer = item.get("answer")
    problems = []
    if choices and item_type != "multiple_choice":
        problems.append(
            f"{label} field 'choices': only multiple_choice items have choices "
            f"(type is {item_type!r})"
        )
    choice_ids = [c["id"] for c in choices if isinstance(c.get("id"), str)]
    duplicated = sorted({c for c in choice_ids if choice_ids.count(c) > 1})
    if duplicated:
        problems.append(f"{label} field 'choices': duplicate choice ids {duplicated}")
    texts = [c["text"].strip() for c in choices if isinstance(c.get("text"), str)]
    repeated_texts = sorted({t for t in texts if texts.count(t) > 1})
    if repeated_texts:
        problems.append(f"{label} field 'choices': duplicate choice texts {repeated_texts}")
    if item_type == "multiple_choice" and isinstance(answer, Mapping):
        key = answer.get("choice")
        if isinstance(key, str) and choice_ids and key not in choice_ids:
            problems.append(
                f"{label} field 'answer.choice': the key {key!r} is not among the choices "
                f"{choice_ids}"
            )
    if isinstance(answer, Mapping):
        allowed = {
            "multiple_choice": {"choice"},
            "numeric": {"value", "tolerance"},
            "short_answer": {"accepted"},
            "partial_credit": {"value", "tolerance", "accepted"},
        }.get(item_type if isinstance(item_type, str) else "", set())
        for key in sorted(set(answer) - allowed):
            problems.append(
                f"{label} field 'answer.{key}': not used by {item_type!r} items; remove it"
            )
    if item_type in DICHOTOMOUS_TYPES and item.get("rubric") is not None:
        problems.append(
            f"{label} field 'rubric': only partial_credit items have a scoring rubric "
            f"(type is {item_type!r})"
        )
    return problems


def _score_problems(item: Mapping[str, Any], label: str) -> list[str]:
    irt = item.get("irt")
    max_score = item.get("max_score")
    item_type = item.get("type")
    if not isinstance(irt, Mapping) or not isinstance(max_score, int):
        return []
    model = irt.get("model")
    problems = []
    if model in DICHOTOMOUS_MODELS:
        categories = 2
        if item_type == "partial_credit":
            problems.append(
                f"{label} field 'irt.model': partial_credit items need a polytomous model "
                f"(GRM, GPCM or PCM), not {model}"
            )
    elif model in POLYTOMOUS_MODELS:
        key = "thresholds" if model == "GRM" else "steps"
        values = irt.get(key)
        if not isinstance(values, list):
            return problems
        categories = len(values) + 1
        if item_type in DICHOTOMOUS_TYPES:
            problems.append(
                f"{label} field 'irt.model': {item_type} items are scored 0/1 and need a "
                f"dichotomous model (1PL-4PL), not {model}"
            )
    else:
        return problems
    if max_score != categories - 1:
        problems.append(
            f"{label} field 'max_score': max_score is {max_score} but the {model} parameters "
            f"define scores 0..{categories - 1}; make them agree"
        )
    rubric = _dicts(item.get("rubric"))
    if rubric:
        scores = sorted(level["score"] for level in rubric if isinstance(level.get("score"), int))
        if scores != list(range(max_score + 1)):
            problems.append(
                f"{label} field 'rubric': rubric scores {scores} must be exactly "
                f"0..{max_score}, one level each"
            )
    return problems


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


def _parameter_problems(items: Sequence[Mapping[str, Any]], source: str, D: float) -> list[str]:
    indexed = [
        (item["id"], item["irt"])
        for item in items
        if isinstance(item.get("id"), str)
        and isinstance(item.get("irt"), Mapping)
        and item["irt"].get("model") in DICHOTOMOUS_MODELS | POLYTOMOUS_MODELS
        and _well_typed(item["irt"])
    ]
    records = [irt for _, irt in indexed]
    return [
        f"{source}: item {indexed[p.index][0]!r} field 'irt.{p.field}': {p.message}"
        for p in find_parameter_problems(records, D=D)
    ]
