"""Read one spreadsheet cell as the JSON value a bank field needs.

Cells arrive as text (CSV), as typed values (.xlsx) or as pandas values (DataFrames). A
converter returns the value or raises :class:`CellError` with a plain message and a fix; the
table reader turns that into a problem naming the line and column. Numbers are read as
people type them (``7``, ``-1.2``, ``0,5``, ``1,000``, full-width digits, a Unicode minus);
lists are separated by :data:`LIST_SEPARATOR` (lists of ids also by commas).
"""

from __future__ import annotations

import datetime
import math
import numbers
import re
import unicodedata
from collections.abc import Callable
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from adaptive_tutor._bank_validation import load_schema
from adaptive_tutor._table_files import is_empty
from adaptive_tutor.marking import parse_number_text

__all__ = [
    "LIST_SEPARATOR",
    "CellError",
    "choice_reader",
    "converter_for",
    "read_boolean",
    "read_id_list",
    "read_integer",
    "read_number",
    "read_number_list",
    "read_text",
    "read_text_list",
    "read_text_or_list",
    "schema_node",
]

LIST_SEPARATOR = "|"
"""Separates the entries of a list in one cell: ``A | B | C``."""
_TRUE = frozenset({"true", "yes", "y", "1", "예", "네"})
_FALSE = frozenset({"false", "no", "n", "0", "아니요", "아니오"})
_INTEGER_TEXT = re.compile(r"[+-]?\d+")


class CellError(ValueError):
    """A cell that cannot be read as its field needs; ``fix`` says what to write instead."""

    def __init__(self, message: str, fix: str) -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix


def read_text(value: Any) -> str:
    """A text cell, trimmed; whole numbers typed in a spreadsheet read without ``.0``.

    A date or time is refused: no field of a bank is one, so the spreadsheet program
    turned what was typed (``1/2``, ``3:30``) into it.

    Examples
    --------
    >>> read_text("  What is 3 + 4? "), read_text(101.0)
    ('What is 3 + 4?', '101')
    >>> read_text(datetime.datetime(2026, 1, 2))
    Traceback (most recent call last):
    ...
    adaptive_tutor._table_cells.CellError: the cell holds a date (1/2/2026), not what was typed
    """
    if isinstance(value, datetime.date | datetime.time | np.datetime64):
        raise _date_error(value)
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return str(int(value))
    if isinstance(value, np.generic):
        value = value.item()
    return str(value).strip()


def _date_error(value: Any) -> CellError:
    stamp = pd.Timestamp(value) if not isinstance(value, datetime.time) else None
    if stamp is None:
        shown = f"a time ({value.strftime('%H:%M')})"
    elif (stamp.hour, stamp.minute, stamp.second) != (0, 0, 0):
        shown = f"a date and time ({stamp.month}/{stamp.day}/{stamp.year} {stamp:%H:%M})"
    else:
        shown = f"a date ({stamp.month}/{stamp.day}/{stamp.year})"
    return CellError(
        f"the cell holds {shown}, not what was typed",
        "spreadsheet programs turn 1/2 into a date and 3:30 into a time: format the column "
        "as Text and type the value again (or start it with an apostrophe: '1/2)",
    )


def _plain_text(value: Any) -> str:
    text = unicodedata.normalize("NFKC", read_text(value))
    return text.replace("\u2212", "-").replace(" ", "")


def read_number(value: Any) -> int | float:
    """A number cell: whole numbers stay integers, anything else is a finite float.

    Examples
    --------
    >>> read_number("7"), read_number(" -1.25"), read_number("0,5"), read_number("\u22123")
    (7, -1.25, 0.5, -3)
    >>> read_number("seven")
    Traceback (most recent call last):
    ...
    adaptive_tutor._table_cells.CellError: 'seven' is not a number
    """
    if isinstance(value, bool):
        raise CellError(f"{value!r} is not a number", "write a number")
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        number = float(value)
    else:
        text = _plain_text(value)
        if _INTEGER_TEXT.fullmatch(text):
            return int(text)
        try:
            number = parse_number_text(text)
        except ValueError:
            raise CellError(f"{read_text(value)!r} is not a number", "write a number") from None
    if not math.isfinite(number):
        raise CellError(f"{number!r} is not a finite number", "write a number")
    return number


def read_integer(value: Any) -> int:
    """A whole-number cell (grades, scores); ``3.0`` reads as 3.

    Examples
    --------
    >>> read_integer("3"), read_integer(2.0)
    (3, 2)
    """
    try:
        number = read_number(value)
    except CellError:
        raise CellError(
            f"{read_text(value)!r} is not a whole number", "write a whole number"
        ) from None
    if isinstance(number, float):
        if not number.is_integer():
            raise CellError(f"{number:g} is not a whole number", "write a whole number")
        return int(number)
    return number


def _entries(value: Any, separators: str) -> list[Any]:
    if isinstance(value, list | tuple | np.ndarray):
        return [entry for entry in list(value) if not is_empty(entry)]
    text = read_text(value)
    for separator in separators[1:]:
        text = text.replace(separator, separators[0])
    return [entry.strip() for entry in text.split(separators[0]) if entry.strip()]


def read_text_list(value: Any) -> list[str]:
    """A list of texts separated by ``|`` (accepted answers, tags, choices).

    Examples
    --------
    >>> read_text_list("seven | 7 ")
    ['seven', '7']
    """
    return [read_text(entry) for entry in _entries(value, LIST_SEPARATOR)]


def read_id_list(value: Any) -> list[str]:
    """A list of ids separated by ``|`` or commas (ids contain neither).

    Examples
    --------
    >>> read_id_list("add, count|sub")
    ['add', 'count', 'sub']
    """
    return [read_text(entry) for entry in _entries(value, LIST_SEPARATOR + ",")]


def read_number_list(value: Any) -> list[int | float]:
    """A list of numbers separated by ``|``: ``-0.6 | 0.6``.

    Examples
    --------
    >>> read_number_list("-0.6 | 0.6")
    [-0.6, 0.6]
    """
    try:
        return [read_number(entry) for entry in _entries(value, LIST_SEPARATOR)]
    except CellError as error:
        raise CellError(error.message, f"write numbers separated by {LIST_SEPARATOR}") from None


def _resolve(node: Any) -> Any:
    while isinstance(node, dict) and "$ref" in node:
        node = load_schema()["$defs"][node["$ref"].rsplit("/", 1)[1]]
    return node


@cache
def schema_node(entry: str, path: tuple[str, ...]) -> dict[str, Any] | None:
    """The JSON Schema node of a field of a bank entry ("item", "skill" or "bank"), or None.

    Examples
    --------
    >>> schema_node("item", ("estimated_minutes",))["type"]
    'number'
    >>> schema_node("item", ("promt",)) is None
    True
    """
    node = _resolve(load_schema()["$defs"][entry])
    for part in path:
        properties = node.get("properties", {}) if isinstance(node, dict) else {}
        if part in properties:
            node = _resolve(properties[part])
        elif isinstance(node, dict) and isinstance(node.get("additionalProperties"), dict):
            node = _resolve(node["additionalProperties"])
        else:
            return None
    return node if isinstance(node, dict) else None


def read_boolean(value: Any) -> bool:
    """A yes/no cell: ``true``/``false``, ``yes``/``no``, ``1``/``0``, ``예``/``아니요``.

    Examples
    --------
    >>> read_boolean("TRUE"), read_boolean("no"), read_boolean(1), read_boolean("예")
    (True, False, True, True)
    """
    if isinstance(value, bool | np.bool_):
        return bool(value)
    text = read_text(value).casefold()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise CellError(f"{read_text(value)!r} is not true or false", "write true or false")


def read_text_or_list(value: Any) -> str | list[str]:
    """One text, or several separated by ``|`` (a field that takes either: ``answer.unit``).

    Examples
    --------
    >>> read_text_or_list("cm"), read_text_or_list("개 | 원")
    ('cm', ['개', '원'])
    """
    entries = read_text_list(value)
    return entries[0] if len(entries) == 1 else entries


def choice_reader(values: tuple[str, ...]) -> Callable[[Any], str]:
    """A reader for a cell that takes one of ``values``, in any case, spaces or dashes.

    Examples
    --------
    >>> read = choice_reader(("multiple_choice", "numeric"))
    >>> read("Multiple choice"), read("NUMERIC")
    ('multiple_choice', 'numeric')
    >>> read("number")
    Traceback (most recent call last):
    ...
    adaptive_tutor._table_cells.CellError: 'number' is not one of multiple_choice, numeric
    """

    def read(value: Any) -> str:
        text = read_text(value)
        key = re.sub(r"[\s-]+", "_", text).casefold()
        for allowed in values:
            if allowed.casefold() == key:
                return allowed
        listed = ", ".join(values)
        raise CellError(f"{text!r} is not one of {listed}", f"write one of: {listed}")

    return read


def converter_for(node: dict[str, Any]) -> Callable[[Any], Any] | None:
    """How to read a cell for a schema node (None when one cell cannot hold it).

    Examples
    --------
    >>> converter_for(schema_node("item", ("tags",)))("a | b")
    ['a', 'b']
    >>> converter_for(schema_node("item", ("answer", "unit")))("개 | 원")
    ['개', '원']
    """
    kind = node.get("type")
    if "enum" in node:
        return choice_reader(tuple(str(value) for value in node["enum"]))
    options = [_resolve(option) for option in node.get("oneOf", [])]
    if {option.get("type") for option in options} == {"string", "array"}:
        return read_text_or_list
    if kind == "array":
        entries = _resolve(node.get("items", {}))
        if "enum" in entries:
            read_entry = choice_reader(tuple(str(value) for value in entries["enum"]))
            return lambda value: [read_entry(entry) for entry in read_text_list(value)]
        if entries.get("type") in ("number", "integer"):
            return read_number_list
        if entries.get("pattern"):
            return read_id_list
        return read_text_list if entries.get("type") == "string" else None
    readers: dict[str, Callable[[Any], Any]] = {
        "string": read_text,
        "number": read_number,
        "integer": read_integer,
        "boolean": read_boolean,
    }
    return readers.get(str(kind))
