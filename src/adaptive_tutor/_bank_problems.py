"""Located problems of a bank document, and reading the parts of an unchecked document.

:class:`ProblemCollector` turns each finding into a
:class:`~adaptive_tutor.exceptions.BankProblem` that names the file (and, for a document
built from tables, the line of its :class:`BankOrigin`), the item or skill and the field.
The readers (:func:`dicts`, :func:`strings`, :func:`text`, :func:`whole`) take what a rule
can use from a document the schema may have rejected, so every rule runs on every document.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from adaptive_tutor._validation import is_whole_number
from adaptive_tutor.exceptions import BankProblem

__all__ = [
    "BankOrigin",
    "ProblemCollector",
    "dicts",
    "indexed_dicts",
    "strings",
    "text",
    "whole",
]


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


class ProblemCollector:
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


def indexed_dicts(entries: Any) -> list[tuple[int, Mapping[str, Any]]]:
    if not isinstance(entries, list):
        return []
    return [(index, entry) for index, entry in enumerate(entries) if isinstance(entry, Mapping)]


def dicts(entries: Any) -> list[Mapping[str, Any]]:
    return [entry for _, entry in indexed_dicts(entries)]


def strings(values: Any) -> list[str]:
    if not isinstance(values, list):
        return []
    return [value for value in values if isinstance(value, str)]


def text(value: Any) -> str | None:
    """A text field's value, or None when it is not text (the schema reports that)."""
    return value if isinstance(value, str) else None


def whole(value: Any) -> int | None:
    """An integer written as 5 or 5.0 (JSON Schema counts both as integers), else None."""
    return int(value) if is_whole_number(value) else None
