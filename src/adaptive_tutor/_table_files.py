"""Read a spreadsheet (CSV, TSV or .xlsx) or a DataFrame into rows numbered as a user sees them.

A :class:`Table` keeps every record with its spreadsheet line (1-based, the header is line
1), so problems found later can name the line a spreadsheet program shows. Files must be
UTF-8 (with or without the byte-order mark that Windows programs write); anything else is
refused with "save it as UTF-8". Reading .xlsx needs openpyxl (the ``spreadsheets`` extra).
"""

from __future__ import annotations

import csv
import io
import math
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from adaptive_tutor.exceptions import BankProblem, ItemBankError

__all__ = [
    "MAX_TABLE_BYTES",
    "MAX_TABLE_ROWS",
    "Table",
    "is_empty",
    "read_table",
    "table_from_frame",
]

MAX_TABLE_BYTES = 50_000_000
"""Largest spreadsheet file read (50 MB, far above any bank of study material)."""
MAX_TABLE_ROWS = 200_000
"""Most rows read from one table."""
_DELIMITERS = (",", ";", "\t")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


@dataclass(frozen=True)
class Table:
    """A table's header and rows, each row with its spreadsheet line.

    Parameters
    ----------
    file : str
        How problems name the table (the file path, ``book.xlsx[skills]`` for a sheet, or
        ``<DataFrame>``).
    columns : tuple of str
        The header cells as written.
    rows : tuple of (int, dict)
        ``(line, {column: cell})`` for every record after the header, empty ones included.
    """

    file: str
    columns: tuple[str, ...]
    rows: tuple[tuple[int, dict[str, Any]], ...]


def is_empty(value: Any) -> bool:
    """True for a blank cell: None, NaN, NA, or a string of whitespace only.

    Examples
    --------
    >>> [is_empty(v) for v in (None, float("nan"), "  ", 0, "x")]
    [True, True, True, False, False]
    """
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float | np.floating) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _refuse(file: str, message: str, fix: str) -> ItemBankError:
    problem = BankProblem(file, message, fix=fix)
    return ItemBankError(f"{problem}.", problems=[problem])


def read_table(path: str | os.PathLike[str], *, sheet: str | None = None) -> Table:
    """Read a CSV/TSV file or a sheet of an .xlsx workbook.

    Parameters
    ----------
    path : str or path-like
        A ``.csv``, ``.tsv``/``.txt`` or ``.xlsx`` file.
    sheet : str, optional
        The worksheet of an .xlsx file (default: the one named ``items``, else the first).

    Returns
    -------
    Table
        The header and every record with its line.

    Raises
    ------
    ItemBankError
        For a missing or unreadable file, a file that is not UTF-8, an unknown file type,
        a file without a header, or a table over :data:`MAX_TABLE_ROWS` rows.
    """
    file = Path(path)
    suffix = file.suffix.lower()
    if suffix in (".xls", ".ods", ".numbers"):
        raise _refuse(
            str(file),
            f"{suffix} files are not read",
            "save the sheet as .xlsx or as CSV UTF-8 and build from that",
        )
    if suffix not in (".csv", ".tsv", ".txt", ".xlsx"):
        raise _refuse(
            str(file),
            f"unknown table type {suffix or '(no extension)'!r}",
            "give a .csv, .tsv or .xlsx file",
        )
    try:
        size = file.stat().st_size
    except FileNotFoundError:
        raise _refuse(str(file), "no such file", "check the path") from None
    except OSError as error:
        raise _refuse(str(file), f"cannot read the file ({error.strerror})", "check it") from None
    if file.is_dir():
        raise _refuse(str(file), "is a directory, not a table", "pass the file")
    if size > MAX_TABLE_BYTES:
        raise _refuse(
            str(file),
            f"the file has {size:,} bytes, more than the {MAX_TABLE_BYTES:,} read",
            "split it into several banks",
        )
    if suffix == ".xlsx":
        return _read_workbook(file, sheet)
    return _read_delimited(file)


def _decode(file: Path) -> str:
    data = file.read_bytes()
    if data.startswith(_UTF16_BOMS):
        raise _refuse(
            str(file),
            "the file is UTF-16 text (Excel's 'Unicode text')",
            "save it as UTF-8 (in Excel: Save As > CSV UTF-8)",
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise _refuse(
            f"{file}:{line}",
            f"the file is not UTF-8 text (byte 0x{data[error.start]:02x} cannot be read)",
            "save it as UTF-8 (in Excel: Save As > CSV UTF-8)",
        ) from None


def _read_delimited(file: Path) -> Table:
    text = _decode(file)
    first_line = text.split("\n", 1)[0]
    if file.suffix.lower() in (".tsv", ".txt"):
        delimiter = "\t"
    else:  # European spreadsheet programs write ';' for "CSV"
        delimiter = max(_DELIMITERS, key=first_line.count)
    records = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(records, None)
        if header is None or not any(cell.strip() for cell in header):
            raise _refuse(f"{file}:1", "the header line is empty", "put the column names there")
        rows = []
        for line, record in enumerate(records, start=2):
            if line > MAX_TABLE_ROWS + 1:
                raise _refuse(
                    str(file), f"more than {MAX_TABLE_ROWS:,} rows", "split it into several banks"
                )
            if len(record) > len(header) and any(cell.strip() for cell in record[len(header) :]):
                raise _refuse(
                    f"{file}:{line}",
                    f"the row has {len(record)} cells but the header names {len(header)} columns",
                    "give every value a column (quote cells that contain the separator "
                    f"{delimiter!r})",
                )
            rows.append((line, dict(zip(header, record, strict=False))))
    except csv.Error as error:
        raise _refuse(
            f"{file}:{records.line_num}", f"unreadable CSV ({error})", "check the quotes"
        ) from None
    return Table(str(file), tuple(header), tuple(rows))


def _read_workbook(file: Path, sheet: str | None) -> Table:
    try:
        import openpyxl
    except ImportError:
        raise _refuse(
            str(file),
            "reading .xlsx files needs openpyxl",
            "install it with: pip install 'adaptive_tutor[spreadsheets]' (or save the sheet "
            "as CSV UTF-8)",
        ) from None
    try:
        book = openpyxl.load_workbook(file, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for damaged files
        raise _refuse(str(file), f"not a readable .xlsx workbook ({error})", "re-save it") from None
    try:
        names = list(book.sheetnames)
        if sheet is None:
            sheet = "items" if "items" in names else names[0]
        if sheet not in names:
            raise _refuse(str(file), f"no sheet named {sheet!r} (sheets: {names})", "rename it")
        label = str(file) if sheet == names[0] and sheet != "skills" else f"{file}[{sheet}]"
        return _sheet_table(label, book[sheet].iter_rows(values_only=True))
    finally:
        book.close()


def workbook_sheets(path: str | os.PathLike[str]) -> tuple[str, ...]:
    """Return the sheet names of an .xlsx workbook (empty for other files or without openpyxl).

    Examples
    --------
    >>> workbook_sheets("items.csv")
    ()
    """
    file = Path(path)
    if file.suffix.lower() != ".xlsx" or not file.is_file():
        return ()
    try:
        import openpyxl
    except ImportError:
        return ()
    try:
        book = openpyxl.load_workbook(file, read_only=True)
    except Exception:  # reported when the sheet itself is read
        return ()
    try:
        return tuple(book.sheetnames)
    finally:
        book.close()


def _sheet_table(label: str, cells: Any) -> Table:
    header: list[str] | None = None
    rows = []
    for line, values in enumerate(cells, start=1):
        if header is None:
            header = ["" if is_empty(v) else str(v).strip() for v in values]
            if not any(header):
                raise _refuse(f"{label}:1", "the header row is empty", "put the column names there")
            continue
        if line > MAX_TABLE_ROWS + 1:
            raise _refuse(
                label, f"more than {MAX_TABLE_ROWS:,} rows", "split it into several banks"
            )
        rows.append((line, dict(zip(header, values, strict=False))))
    if header is None:
        raise _refuse(label, "the sheet is empty", "put a header row and one row per entry")
    return Table(label, tuple(header), tuple(rows))


def table_from_frame(frame: Any, file: str) -> Table:
    """Wrap a DataFrame as a table whose rows are numbered as in a spreadsheet (position + 2).

    Raises
    ------
    ItemBankError
        When ``frame`` is not a DataFrame.

    Examples
    --------
    >>> table_from_frame(pd.DataFrame({"id": ["q1"]}), "<DataFrame>").rows
    ((2, {'id': 'q1'}),)
    """
    if not isinstance(frame, pd.DataFrame):
        raise ItemBankError(f"{file}: expected a pandas DataFrame. Got {type(frame).__name__}.")
    columns = tuple(str(column) for column in frame.columns)
    records = frame.to_dict(orient="records")
    rows = tuple(
        (position + 2, {str(key): value for key, value in record.items()})
        for position, record in enumerate(records)
    )
    return Table(file, columns, rows)


def table_from_records(records: Sequence[Mapping[str, Any]], file: str) -> Table:
    """Wrap a list of mappings (skills given as dicts) as a table without line numbers' meaning.

    Examples
    --------
    >>> table_from_records([{"id": "add", "name": "Addition"}], "<skills>").columns
    ('id', 'name')
    """
    columns: dict[str, None] = {}
    for record in records:
        columns.update(dict.fromkeys(str(key) for key in record))
    rows = tuple(
        (position + 2, {str(k): v for k, v in record.items()})
        for position, record in enumerate(records)
    )
    return Table(file, tuple(columns), rows)
