"""Build an item bank document from spreadsheets: read, validate, locate every problem.

The glue behind :meth:`ItemBank.from_table <adaptive_tutor.item_bank.ItemBank.from_table>`
and :meth:`~adaptive_tutor.item_bank.ItemBank.from_dataframe`: tables are read
(:mod:`adaptive_tutor._table_files`), turned into a document (:mod:`adaptive_tutor._bank_table`),
validated once with each entry's spreadsheet line, and every problem is named by the column
the user wrote. Defaults used for missing bank metadata are announced in one
:class:`~adaptive_tutor.exceptions.BankDefaultsWarning`.
"""

from __future__ import annotations

import os
import re
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd

from adaptive_tutor._bank_table import IRT_COLUMNS, RUBRIC_COLUMN, Columns, import_tables
from adaptive_tutor._bank_validation import REQUIRED_MISSING, BankOrigin, check_bank_document
from adaptive_tutor._table_files import (
    Table,
    read_table,
    table_from_frame,
    table_from_records,
    workbook_sheets,
)
from adaptive_tutor.exceptions import BankDefaultsWarning, BankProblem, ItemBankError, sort_problems

__all__ = ["SkillsInput", "document_from_frame", "document_from_table"]

SkillsInput = str | os.PathLike[str] | pd.DataFrame | Sequence[Mapping[str, Any]] | None
"""A skills table: a file, a DataFrame, or a list of skill mappings (JSON form)."""


def document_from_table(
    path: str | os.PathLike[str],
    skills: SkillsInput,
    metadata: Mapping[str, Any] | None,
    sheet: str | None,
) -> tuple[dict[str, Any], BankOrigin]:
    """Read an items file (and a skills table) into a valid document and its origin.

    A workbook with a sheet named ``skills`` uses it when ``skills`` is not given.

    Raises
    ------
    ItemBankError
        Listing every problem, each with its file, line and column.
    """
    items = read_table(path, sheet=sheet)
    if skills is None and "skills" in workbook_sheets(path) and sheet != "skills":
        skills_table: Table | None = read_table(path, sheet="skills")
    else:
        skills_table = _skills_table(skills)
    stem = Path(path).stem
    identity = {
        "id": (_identifier(stem), " (from the file name)"),
        "title": (stem.replace("_", " ").replace("-", " ").strip().capitalize() or stem,
                  " (from the file name)"),
    }  # fmt: skip
    return _checked(items, skills_table, metadata, identity, str(path))


def document_from_frame(
    frame: Any, skills: SkillsInput, metadata: Mapping[str, Any] | None
) -> tuple[dict[str, Any], BankOrigin]:
    """Read a DataFrame with one row per item (and a skills table) into a valid document.

    Rows are numbered as in a spreadsheet with a header line (position + 2).

    Raises
    ------
    ItemBankError
        Listing every problem, each with its row and column.
    """
    identity = {
        "id": ("dataframe-bank", " (default)"),
        "title": ("Item bank built from a table", " (default)"),
    }
    items = table_from_frame(frame, "<DataFrame>")
    return _checked(items, _skills_table(skills), metadata, identity, "<DataFrame>")


def _skills_table(skills: SkillsInput) -> Table | None:
    if skills is None:
        return None
    if isinstance(skills, pd.DataFrame):
        return table_from_frame(skills, "<skills DataFrame>")
    if isinstance(skills, str | os.PathLike):
        return read_table(skills)
    records = list(skills)
    if not all(isinstance(record, Mapping) for record in records):
        raise ItemBankError(
            "skills must be a file, a DataFrame or a list of mappings with id, name, grade."
        )
    return table_from_records(records, "<skills>")


def _identifier(stem: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9_.:-]+", "_", stem).strip("_.:-")[:128]
    return cleaned or "bank"


def _checked(
    items: Table,
    skills: Table | None,
    metadata: Mapping[str, Any] | None,
    identity: Mapping[str, tuple[str, str]],
    source: str,
) -> tuple[dict[str, Any], BankOrigin]:
    imported = import_tables(items, skills, dict(metadata or {}), identity)
    found = check_bank_document(imported.document, items.file, origin=imported.origin)
    problems = _merge(imported.problems, found, imported.tables, imported.document)
    if problems:
        raise ItemBankError.from_problems(source, problems)
    if imported.defaults:
        message = (
            f"Item bank {imported.document['bank']['id']!r} from {source} used defaults for: "
            + "; ".join(imported.defaults)
            + ". Give the bank fields as metadata= and fill in the cells to set them."
        )
        warnings.warn(BankDefaultsWarning(message, defaults=imported.defaults), stacklevel=4)
    return imported.document, imported.origin


def _column_of(problem: BankProblem, columns: Columns, document: Mapping[str, Any]) -> str | None:
    """The column a validation problem on an item row concerns (as the user wrote it)."""
    if problem.field is None:
        return None
    path = problem.field.split(".")
    written = columns.written
    name = problem.field
    if path[0] == "irt" and len(path) > 1 and path[1] in IRT_COLUMNS:
        name = path[1]
    elif path[0] == "answer":
        dotted = ".".join(path[:2])
        name = dotted if dotted in written else "tolerance" if path[-1] == "tolerance" else "answer"
    elif path[0] == "choices":
        name = _choice_column(path, problem, written, document)
    elif path[0] == "rubric":
        name = (
            "rubric"
            if "rubric" in written
            else next((n for n in written if RUBRIC_COLUMN.match(n)), "rubric")
        )
    elif path[0] in ("skills", "tags", "enemies", "prerequisites", "names"):
        name = path[0]
    return written.get(name, name)


def _choice_column(
    path: list[str], problem: BankProblem, written: Mapping[str, str], document: Mapping[str, Any]
) -> str:
    if "choices" in written:
        return "choices"
    kind = "feedback" if path[-1] == "feedback" else "choice"
    if len(path) > 1 and path[1].isdigit():
        item: Mapping[str, Any] = next(
            (i for i in document["items"] if i.get("id") == problem.item), {}
        )
        choices = item.get("choices", [])
        if int(path[1]) < len(choices):
            return f"{kind}_{choices[int(path[1])]['id']}"
    return next((n for n in written if n.startswith("choice_")), "choice_A")


def _merge(
    read: list[BankProblem],
    found: list[BankProblem],
    tables: Mapping[str, Columns],
    document: Mapping[str, Any],
) -> list[BankProblem]:
    """Join reading and validation problems; one problem per cell, columns named as written."""
    whole_columns = {(p.file, p.field) for p in read if p.row == 1 and p.field}
    cells = {(p.file, p.row, p.field) for p in read}
    # A choice cell that could not be read is left out; the key naming it is not a second
    # problem of that row.
    unread_choices = {
        (p.file, p.row) for p in read if p.field and p.field.lower().startswith("choice")
    }
    merged = list(read)
    for problem in found:
        columns = tables.get(problem.file)
        if problem.row is not None and columns is not None:
            column = _column_of(problem, columns, document)
            message, fix = problem.message, problem.fix
            if message == REQUIRED_MISSING:
                message, fix = "the cell is empty", f"fill in the {column!r} column"
            elif message.startswith("is required by"):
                message, fix = f"the cell is empty, but a value {message}", "fill it in"
            problem = replace(problem, field=column, message=message, fix=fix)
            if (problem.file, problem.row) in unread_choices and message.startswith("the key"):
                continue
        if (problem.file, problem.field) in whole_columns or (
            problem.file,
            problem.row,
            problem.field,
        ) in cells:
            continue
        merged.append(problem)
    return sort_problems(merged)
