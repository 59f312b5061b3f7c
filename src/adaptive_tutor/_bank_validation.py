"""Checks an item bank document and collects every problem before anything is built.

This module owns the rules for item banks (the JSON Schema plus the rules a schema cannot
express: unique ids, references, the prerequisite graph, answer keys, IRT parameters and
score ranges). It never stops at the first problem: the caller gets one list of structured
:class:`~adaptive_tutor.exceptions.BankProblem` and raises a single
:class:`~adaptive_tutor.exceptions.ItemBankError`. A document built from spreadsheets passes
a :class:`BankOrigin` so every problem names the file and line its entry came from.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache
from importlib import resources
from typing import Any

import jsonschema

from adaptive_tutor._bank_item_rules import item_problems, parameter_problems
from adaptive_tutor._bank_limits import (
    SCHEMA_VERSION,
    SUPPORTED_SCHEMA_VERSIONS,
    document_problems,
    json_text_problem,
    object_with_repeated_keys,
    schema_version_problem,
)
from adaptive_tutor._bank_problems import (
    BankOrigin,
    ProblemCollector,
    indexed_dicts,
    strings,
    whole,
)
from adaptive_tutor._fast_schema import compile_fast_check, whole_text_pattern
from adaptive_tutor._validation import is_real
from adaptive_tutor.exceptions import BankProblem, ItemBankError, sort_problems

__all__ = [
    "REQUIRED_MISSING",
    "SCHEMA_VERSION",
    "SUPPORTED_SCHEMA_VERSIONS",
    "BankOrigin",
    "check_bank_document",
    "load_schema",
    "parse_json_text",
]


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
    found = ProblemCollector(source, origin)
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


def _schema_problems(document: Any, found: ProblemCollector) -> None:
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
    document: Any, path: list[str | int], message: str, fix: str, found: ProblemCollector
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


def _semantic_problems(document: Mapping[str, Any], found: ProblemCollector) -> None:
    skills = indexed_dicts(document.get("skills"))
    items = indexed_dicts(document.get("items"))
    skill_ids = [s["id"] for _, s in skills if isinstance(s.get("id"), str)]
    item_ids = [i["id"] for _, i in items if isinstance(i.get("id"), str)]
    _duplicate_problems(skills, "skills", found)
    _duplicate_problems(items, "items", found)
    _grade_range_problems(document.get("bank"), items, found)
    _prerequisite_problems(skills, set(skill_ids), found)
    known_items = set(item_ids)
    for index, item in items:
        item_problems(index, item, set(skill_ids), known_items, found)
    parameter_problems(items, found, _scale_D(document))


def _scale_D(document: Mapping[str, Any]) -> float:
    """The bank's ``scale.D`` when it is a positive finite number, else 1 (reported elsewhere)."""
    bank = document.get("bank")
    scale = bank.get("scale") if isinstance(bank, Mapping) else None
    value = scale.get("D") if isinstance(scale, Mapping) else None
    if not is_real(value):
        return 1.0
    return float(value) if math.isfinite(value) and value > 0 else 1.0


def _duplicate_problems(
    entries: Sequence[tuple[int, Mapping[str, Any]]], kind: str, found: ProblemCollector
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
    bank: Any, items: Iterable[tuple[int, Mapping[str, Any]]], found: ProblemCollector
) -> None:
    if not isinstance(bank, Mapping):
        return
    grade_range = bank.get("grade_range")
    if not isinstance(grade_range, list) or len(grade_range) != 2:
        return
    low, high = whole(grade_range[0]), whole(grade_range[1])
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
        grade = whole(item.get("grade"))
        if grade is not None and not low <= grade <= high and isinstance(item.get("id"), str):
            found.entry(
                "items",
                index,
                item["id"],
                "grade",
                f"grade {grade} is outside the bank's grade_range [{low}, {high}]",
            )


def _prerequisite_problems(
    skills: Sequence[tuple[int, Mapping[str, Any]]], known: set[str], found: ProblemCollector
) -> None:
    graph: dict[str, list[str]] = {}
    position: dict[str, int] = {}
    for index, skill in skills:
        identifier = skill.get("id")
        if not isinstance(identifier, str):
            continue
        position.setdefault(identifier, index)
        prerequisites = strings(skill.get("prerequisites"))
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
