"""What every command shares: loading banks and logs, printing problems, a progress line.

Commands print results to standard output and problems, notes and progress to standard
error. An invalid bank prints one line per problem, ``file:line: item: field: message``.
"""

from __future__ import annotations

import argparse
import math
import re
import shutil
import sys
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

import pandas as pd

from adaptive_tutor._bank_validation import load_schema
from adaptive_tutor._text_width import display_width, table_lines
from adaptive_tutor.exceptions import (
    BankDefaultsWarning,
    BankProblem,
    ItemBankError,
    ResponseDataError,
)
from adaptive_tutor.item_bank import ItemBank

__all__ = [
    "TABLE_SUFFIXES",
    "ProgressLine",
    "UsageError",
    "bank_fields",
    "display_width",
    "fail",
    "format_table",
    "load_bank",
    "log_problems",
    "metadata_options",
    "notes_to",
    "print_problems",
    "read_log",
    "write_text",
]

TABLE_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx")


class UsageError(Exception):
    """A command line that cannot work as given (exit code 2, like argparse's own errors)."""


def fail(problem: BankProblem | str) -> ItemBankError:
    """An error for one problem with an input file (exit code 1)."""
    return ItemBankError(str(problem), problems=[problem])


def print_problems(error: ItemBankError, stream: TextIO) -> None:
    """One line per problem, ``file:line: item: field: message; fix``, then a count."""
    problems = error.problems or [BankProblem("", str(error))]
    for problem in problems:
        print(problem, file=stream)
    noun = "problem" if len(problems) == 1 else "problems"
    print(f"{len(problems)} {noun} found.", file=stream)


@contextmanager
def notes_to(stream: TextIO) -> Iterator[None]:
    """Print the library's notes on defaults as ``note: ...`` lines."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", BankDefaultsWarning)
        yield
    for warning in caught:
        note = warning.message
        if isinstance(note, BankDefaultsWarning):
            print(
                "note: used defaults for: " + "; ".join(note.defaults) + ". Set bank fields "
                "with --id, --title, --subject, --language, --grades, --provider, --licence.",
                file=stream,
            )
        else:
            warnings.warn_explicit(
                warning.message, warning.category, warning.filename, warning.lineno
            )


# The bank schema's own pattern: a tag these options take is one the bank accepts.
_LANGUAGE_TAG = re.compile(load_schema()["$defs"]["bank"]["properties"]["language"]["pattern"])


def metadata_options(parser: argparse.ArgumentParser) -> None:
    """The bank-field options of ``bank build`` (and of tables given as ``--bank``)."""
    group = parser.add_argument_group("bank fields (defaults are listed in a note)")
    group.add_argument("--id", help="bank id (default: the file name)")
    group.add_argument("--title", help="bank title (default: from the file name)")
    group.add_argument(
        "--title-in",
        nargs=2,
        action="append",
        metavar=("LOCALE", "TITLE"),
        help='the title in another language, e.g. --title-in ko "분수"; repeat for more',
    )
    group.add_argument("--subject", help='e.g. "mathematics" (default: "unspecified")')
    group.add_argument("--language", help='language tag of the content, e.g. "ko" (default: "en")')
    group.add_argument(
        "--spelling", help='spelling convention of the text, e.g. "en-US" or "en-GB" (schema 1.1)'
    )
    group.add_argument(
        "--grades", metavar="LOW-HIGH", help="grade range, e.g. 1-6 (default: from the items)"
    )
    group.add_argument("--provider", help='who provides the material (default: "unspecified")')
    group.add_argument("--licence", help='e.g. "CC-BY-4.0" (default: "unspecified")')
    group.add_argument("--description", help="a sentence about the bank")
    group.add_argument("--version", dest="bank_version", help="the bank's own version")


def bank_fields(args: argparse.Namespace) -> dict[str, Any]:
    """The bank fields given on the command line (``metadata=`` of the library)."""
    fields = ("id", "title", "subject", "language", "spelling", "provider", "licence")
    metadata: dict[str, Any] = {key: getattr(args, key, None) for key in (*fields, "description")}
    metadata["version"] = getattr(args, "bank_version", None)
    for option, key in (("--language", "language"), ("--spelling", "spelling")):
        if metadata[key] is not None and not _LANGUAGE_TAG.fullmatch(metadata[key]):
            raise UsageError(
                f"{option} takes a language tag such as en, ko or en-US; got {metadata[key]!r}"
            )
    titles: dict[str, str] = {}
    for locale, title in getattr(args, "title_in", None) or ():
        if not _LANGUAGE_TAG.fullmatch(locale):
            raise UsageError(
                f'--title-in takes a language tag and a title, e.g. --title-in ko "분수"; '
                f"got the tag {locale!r}"
            )
        if locale in titles or not title.strip():
            problem = "is given twice" if locale in titles else "is empty"
            raise UsageError(f"--title-in: the title in {locale!r} {problem}")
        titles[locale] = title.strip()
    if titles:
        metadata["titles"] = titles
    grades = getattr(args, "grades", None)
    if grades is not None:
        low, _, high = grades.partition("-")
        try:
            metadata["grade_range"] = [int(low), int(high or low)]
        except ValueError:
            raise UsageError(f"--grades takes LOW-HIGH, e.g. 1-6; got {grades!r}") from None
    return {key: value for key, value in metadata.items() if value is not None}


def load_bank(
    name: str,
    args: argparse.Namespace,
    err: TextIO,
    *,
    skills: str | None = None,
    notes: bool = True,
) -> ItemBank:
    """A bank from a JSON file, a spreadsheet (built on the fly) or a shipped bank's name.

    Notes on defaults used for a spreadsheet go to ``err`` as ``note:`` lines (or are
    left out with ``notes=False``).
    """
    path = Path(name)
    if path.suffix.lower() in TABLE_SUFFIXES:
        with notes_to(err) if notes else warnings.catch_warnings():
            if not notes:
                warnings.simplefilter("ignore", BankDefaultsWarning)
            return ItemBank.from_table(
                path, skills=skills, metadata=bank_fields(args), sheet=getattr(args, "sheet", None)
            )
    if path.suffix.lower() != ".json" and not path.exists():
        from adaptive_tutor.shipped_banks import load_shipped_bank, shipped_bank_names

        if name in shipped_bank_names():
            return load_shipped_bank(name)
        raise fail(
            BankProblem(
                name,
                "no such file, and no shipped bank has this name",
                fix="give a .json bank, a .csv or .xlsx table, or one of "
                f"{list(shipped_bank_names())}",
            )
        )
    return ItemBank.from_json(path)


def read_log(name: str) -> pd.DataFrame:
    """A response log (``learner_id, item_id, response[, timestamp, ...]``): CSV or Parquet.

    Learner and item ids are read as text, so ``007`` stays ``007``. The rows of a CSV log
    are labelled by their line in the file (the header is line 1), so the library's
    messages about rows name the line a spreadsheet program shows; empty lines are left
    out. A number column (``response``, ``response_time``, ``grade``) with a cell that is
    not a number is refused, naming each such line.
    """
    path = Path(name)
    suffix = path.suffix.lower()
    if not path.is_file():
        raise fail(BankProblem(name, "no such log file", fix="check the path"))
    ids = {"learner_id": str, "item_id": str}
    if suffix not in (".parquet", ".pq", ".csv", ".tsv", ".txt"):
        raise fail(
            BankProblem(name, f"unknown log type {suffix!r}", fix="give a .csv or .parquet log")
        )
    try:
        if suffix in (".parquet", ".pq"):
            frame = pd.read_parquet(path)
            return frame.astype({k: str for k in ids if k in frame.columns})
        separator = "\t" if suffix != ".csv" else ","
        frame = pd.read_csv(
            path, sep=separator, dtype=ids, encoding="utf-8-sig", skip_blank_lines=False
        )
        frame.index = pd.RangeIndex(2, len(frame) + 2)
        frame = frame.loc[frame.notna().any(axis=1)].copy()
    except UnicodeDecodeError:
        raise fail(BankProblem(name, "the log is not UTF-8 text", fix="save it as UTF-8")) from None
    except ImportError as error:
        raise fail(
            BankProblem(name, f"reading it needs {error.name}", fix="pip install pyarrow")
        ) from None
    except (ValueError, pd.errors.ParserError) as error:
        first = str(error).splitlines()[0]
        raise fail(BankProblem(name, f"unreadable log ({first})", fix="check the file")) from None
    _check_number_columns(frame, name)
    return frame


_NUMBER_COLUMNS = {
    "response": "write the score as a number (0 or 1, or the rubric score), or delete the row",
    "response_time": "write seconds as a number, or leave the cell empty when unknown",
    "grade": "write the school grade as a number, or leave the cell empty when unknown",
}
_SHOWN_LINES = 20


def _check_number_columns(frame: pd.DataFrame, name: str) -> None:
    """Refuse text in a log's number columns, one problem per line (CSV cells are text)."""
    problems = []
    for column, fix in _NUMBER_COLUMNS.items():
        if column not in frame.columns or pd.api.types.is_numeric_dtype(frame[column]):
            continue
        cells = frame[column]
        numbers = pd.to_numeric(cells, errors="coerce")
        text = cells.notna() & cells.astype(str).str.strip().ne("") & numbers.isna()
        for line, value in zip(
            cells.index[text][:_SHOWN_LINES], cells[text][:_SHOWN_LINES], strict=True
        ):
            message = f"{value!r} is not a number"
            problems.append(BankProblem(name, message, row=int(line), field=column, fix=fix))
        if int(text.sum()) > _SHOWN_LINES:
            more = f"and {int(text.sum()) - _SHOWN_LINES} more lines like these"
            problems.append(BankProblem(name, more, field=column, fix=fix))
        frame[column] = numbers.where(~text, cells)
    if problems:
        raise ItemBankError(f"{name}: the log has text in number columns.", problems=problems)


@contextmanager
def log_problems(name: str) -> Iterator[None]:
    """Name the log file in the library's messages about it (and how rows are numbered)."""
    try:
        yield
    except ResponseDataError as error:
        note = ""
        if Path(name).suffix.lower() in (".csv", ".tsv", ".txt") and "row" in str(error):
            note = " (Rows are numbered as lines of the file; the header is line 1.)"
        raise ResponseDataError(f"{name}: {error}{note}") from error


def write_text(path: str, text: str) -> None:
    """Write a result file as UTF-8 (``-`` writes to standard output)."""
    if path == "-":
        sys.stdout.write(text)
        return
    Path(path).write_text(text, encoding="utf-8")


class ProgressLine:
    """Shows a calibration's progress on standard error.

    On a terminal one line is redrawn (a bar, the EM step, the log-likelihood, seconds);
    otherwise (a log file, CI) a line is printed at each stage and every ``every`` EM steps.
    """

    def __init__(self, stream: TextIO, *, every: int = 25, width: int = 24) -> None:
        self.stream = stream
        self.every = every
        self.width = width
        self.live = stream.isatty()
        self._stage: str | None = None
        self._drawn = False

    def __call__(self, progress: Any) -> None:
        stage = progress.stage
        if self.live:
            # One terminal line: a longer one wraps, and "\r" then redraws only its end.
            columns = shutil.get_terminal_size((80, 24)).columns - 1
            text = _short_description(progress)
            width = min(self.width, columns - 62)  # the same width on every redraw
            if width >= 8:
                filled = round(progress.convergence * width)
                text = f"[{'#' * filled}{'-' * (width - filled)}] {text}"
            self.stream.write("\r" + text[:columns].ljust(columns))
            self._drawn = True
            if stage == "finished":
                self.close()
        elif stage != self._stage or (
            stage == "estimating" and progress.iteration % self.every == 0
        ):
            print(progress.describe(), file=self.stream)
        self._stage = stage
        self.stream.flush()

    def close(self) -> None:
        """End the redrawn line."""
        if self._drawn:
            self.stream.write("\n")
            self._drawn = False


def _short_description(progress: Any) -> str:
    """The progress in a few words, the elapsed seconds first so they are never cut off."""
    seconds = f"{progress.elapsed:.1f} s"
    if progress.stage == "estimating":
        return (
            f"{seconds}  EM step {progress.iteration}/{progress.max_iter}  log-likelihood "
            f"{progress.log_likelihood:,.1f}  change {progress.parameter_change:.2g}"
        )
    return f"{seconds}  {progress.describe().rsplit(' (', 1)[0]}"


def format_table(
    header: Sequence[str], rows: Sequence[Sequence[Any]], *, right: Sequence[str] = ()
) -> str:
    """A plain-text table; columns of numbers (and those named in ``right``) right-aligned."""
    numeric = [
        header[i] in right or (bool(rows) and all(isinstance(row[i], int | float) for row in rows))
        for i in range(len(header))
    ]
    cells = [[_cell(c) for c in row] for row in rows]
    return "\n".join(table_lines([str(c) for c in header], cells, numeric))


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return "-" if math.isnan(value) else f"{value:.2f}"
    return str(value)
