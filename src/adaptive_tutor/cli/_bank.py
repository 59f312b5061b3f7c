"""``adaptive-tutor bank validate | build | show``: item banks for people who do not program."""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path
from typing import TextIO

import numpy as np

from adaptive_tutor.cli._common import (
    TABLE_SUFFIXES,
    UsageError,
    format_table,
    load_bank,
    metadata_options,
)
from adaptive_tutor.exceptions import BankProblem, ItemBankError
from adaptive_tutor.item_bank import ItemBank

__all__ = ["add_bank_commands"]

_TYPE_WORDS = {
    "multiple_choice": "multiple choice",
    "numeric": "numeric",
    "short_answer": "short answer",
    "partial_credit": "partial credit",
}

VALIDATE_EXAMPLES = """examples:
  adaptive-tutor bank validate my_bank.json
  adaptive-tutor bank validate items.csv --skills skills.csv
  adaptive-tutor bank validate item_banks/*.json --json > problems.json

Each problem is printed as  file:line: item 'id': field 'column': message; what to do
(the line is the spreadsheet row, the header being line 1). Exit code 0 when every file
is valid, 1 when a file has problems."""

BUILD_EXAMPLES = """examples:
  adaptive-tutor bank build items.csv --skills skills.csv -o my_bank.json
  adaptive-tutor bank build workbook.xlsx --id fractions --title "Fractions" \\
      --subject mathematics --language en --spelling en-US --title-in ko "분수" \\
      --provider "Our centre" --licence CC-BY-4.0 -o fractions.json

The items table has one row per item; its columns are the JSON field names (id or item_id,
skills or skill, grade, type, prompt, answer, choice_A..choice_E, feedback_A.., rubric_0..,
model, a, b, c, d, thresholds, steps, ...); lists are separated by |. The skills table has
id, name, grade, prerequisites. See the guide "Bring your own study material" in the documentation.
Bank fields not given as options are defaulted, and a note says which."""

SHOW_EXAMPLES = """examples:
  adaptive-tutor bank show arithmetic
  adaptive-tutor bank show my_bank.json

BANK is a bank file (.json), a spreadsheet (.csv, .xlsx) or a shipped bank's name."""


def add_bank_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``bank validate``, ``bank build`` and ``bank show``."""
    bank = commands.add_parser(
        "bank",
        help="check, build and summarise item banks",
        description="Check, build and summarise item banks.",
        epilog="Run 'adaptive-tutor bank COMMAND --help' for the options and examples.",
    )
    actions = bank.add_subparsers(dest="action", metavar="COMMAND", required=True)
    formatter = argparse.RawDescriptionHelpFormatter

    validate = actions.add_parser(
        "validate",
        help="check bank files and spreadsheets, printing every problem",
        description="Check item banks (JSON) and item spreadsheets; print every problem.",
        epilog=VALIDATE_EXAMPLES,
        formatter_class=formatter,
    )
    validate.add_argument("files", nargs="+", metavar="FILE", help="a .json bank or a table")
    validate.add_argument("--skills", metavar="SKILLS", help="the skills table of item tables")
    validate.add_argument(
        "--json", action="store_true", help="print the problems as JSON (for other tools)"
    )
    validate.set_defaults(run=run_validate)

    build = actions.add_parser(
        "build",
        help="build a bank (.json) from a spreadsheet",
        description="Build an item bank (JSON) from a spreadsheet of items (CSV, TSV, .xlsx).",
        epilog=BUILD_EXAMPLES,
        formatter_class=formatter,
    )
    build.add_argument("table", metavar="TABLE", help="the items table (.csv, .tsv or .xlsx)")
    build.add_argument("--skills", metavar="SKILLS", help="the skills table (.csv or .xlsx)")
    build.add_argument(
        "--sheet", help="the items sheet of a workbook (default: items, or the first)"
    )
    build.add_argument("-o", "--output", required=True, metavar="BANK.json", help="where to write")
    metadata_options(build)
    build.set_defaults(run=run_build)

    show = actions.add_parser(
        "show",
        help="summarise a bank per skill and grade",
        description="Summarise an item bank: items per type, per skill and per grade.",
        epilog=SHOW_EXAMPLES,
        formatter_class=formatter,
    )
    show.add_argument("bank", metavar="BANK", help="a .json bank, a table or a shipped bank's name")
    show.add_argument("--skills", metavar="SKILLS", help="the skills table when BANK is a table")
    show.set_defaults(run=run_show)


def run_validate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Check every file; print each problem (or OK with a one-line summary)."""
    found: list[BankProblem] = []
    failed = 0
    for name in args.files:
        try:
            bank = load_bank(name, args, err, skills=args.skills, notes=False)
        except ItemBankError as error:
            failed += 1
            found.extend(error.problems)
            if not args.json:
                for problem in error.problems:
                    print(problem, file=out)
            continue
        if not args.json:
            print(f"{name}: OK ({_one_line(bank)})", file=out)
    if args.json:
        json.dump([problem.to_dict() for problem in found], out, ensure_ascii=False, indent=2)
        out.write("\n")
    if failed:
        noun = "problem" if len(found) == 1 else "problems"
        files = "file has" if failed == 1 else "files have"
        print(f"{failed} of {len(args.files)} {files} {len(found)} {noun}.", file=err)
        return 1
    return 0


def run_build(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Build the bank from the table and write it as JSON."""
    if Path(args.table).suffix.lower() not in TABLE_SUFFIXES:
        raise UsageError(
            f"bank build reads a spreadsheet (.csv, .tsv, .xlsx); got {args.table!r} "
            "(check a .json bank with 'bank validate')"
        )
    if not args.output.lower().endswith(".json"):
        raise UsageError(
            f"-o names the bank file to write and must end in .json; got {args.output!r}"
        )
    bank = load_bank(args.table, args, err, skills=args.skills)
    bank.to_json(args.output)
    print(f"Wrote {args.output}: {_one_line(bank)}.", file=out)
    return 0


def run_show(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Print the bank's summary: metadata, types, models, skills and grades."""
    bank = load_bank(args.bank, args, err, skills=args.skills)
    print(show_text(bank), file=out)
    return 0


def _one_line(bank: ItemBank) -> str:
    low, high = bank.metadata.grade_range
    grades = f"grade {low}" if low == high else f"grades {low}-{high}"
    return f"{len(bank)} items, {len(bank.skills)} skills, {grades}"


def show_text(bank: ItemBank) -> str:
    """The summary ``bank show`` prints."""
    meta = bank.metadata
    types = Counter(item.type for item in bank)
    models = Counter(bank.params.models)
    lines = [
        f"{meta.title} ({meta.id}): {meta.subject}, language {meta.language}, {_one_line(bank)}",
        f"Provider: {meta.provider}; licence: {meta.licence}",
        "Items: " + ", ".join(f"{n} {_TYPE_WORDS.get(t, t)}" for t, n in sorted(types.items())),
        "Models: " + ", ".join(f"{n} {m}" for m, n in sorted(models.items())),
        "",
        "Per skill (difficulty b on the logit scale: lower is easier)",
    ]
    location = np.asarray(bank.params.b, dtype=float)
    rows = []
    for column, skill in enumerate(bank.skills):
        mask = bank.skill_matrix[:, column]
        b = location[mask]
        rows.append(
            [
                skill.id,
                skill.name,
                skill.grade,
                int(mask.sum()),
                float(b.min()) if b.size else float("nan"),
                float(b.mean()) if b.size else float("nan"),
                float(b.max()) if b.size else float("nan"),
                ", ".join(skill.prerequisites) or "-",
            ]
        )
    lines.append(
        format_table(
            ["skill", "name", "grade", "items", "easiest", "mean", "hardest", "prerequisites"],
            rows,
        )
    )
    lines += ["", "Per grade"]
    grade_rows = []
    for grade in sorted(set(bank.item_grades.tolist())):
        mask = bank.item_grades == grade
        kinds = Counter(item.type for item, flag in zip(bank.items, mask, strict=True) if flag)
        grade_rows.append(
            [
                grade,
                int(mask.sum()),
                float(location[mask].mean()),
                ", ".join(f"{n} {_TYPE_WORDS.get(t, t)}" for t, n in sorted(kinds.items())),
            ]
        )
    lines.append(format_table(["grade", "items", "mean b", "types"], grade_rows))
    return "\n".join(lines)
