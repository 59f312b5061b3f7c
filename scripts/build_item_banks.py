"""Build the shipped item banks in ``item_banks/`` (deterministic, seeded).

Usage::

    .venv/bin/python scripts/build_item_banks.py          # verify, then write the banks
    .venv/bin/python scripts/build_item_banks.py --check  # verify and compare with the files

Every bank is verified before anything is written: JSON Schema (draft 2020-12), unique ids,
known references, acyclic prerequisites, answer keys inside the choices and recomputed from
the items' ``expr:`` tags, IRT parameter rules, rubric scores, and mean difficulty rising with
grade. Any problem aborts the build with the full list.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import _bank_arithmetic
import _bank_fractions
import _bank_reading
from _bank_kit import ROOT, BankBuilder, verify_bank

OUT_DIR = ROOT / "item_banks"
BANKS = {
    "arithmetic.json": _bank_arithmetic.build,
    "fractions_decimals.json": _bank_fractions.build,
    "reading_vocabulary.json": _bank_reading.build,
}


def render(bank: dict[str, Any]) -> str:
    """Stable JSON text: two-space indent, UTF-8 characters kept, trailing newline."""
    return json.dumps(bank, indent=2, ensure_ascii=False) + "\n"


def summary(name: str, bank: dict[str, Any]) -> str:
    items = bank["items"]
    types = Counter(i["type"] for i in items)
    grades = Counter(i["grade"] for i in items)
    return (
        f"{name}: {len(items)} items, {len(bank['skills'])} skills; "
        + ", ".join(f"{k} {v}" for k, v in sorted(types.items()))
        + "; grades "
        + ", ".join(f"{g}:{n}" for g, n in sorted(grades.items()))
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="do not write; fail if the files differ"
    )
    args = parser.parse_args(argv)

    built: dict[str, tuple[BankBuilder, dict[str, Any]]] = {}
    failed = False
    for name, build in BANKS.items():
        builder = build()
        bank = builder.build()
        problems = verify_bank(bank)
        if problems:
            failed = True
            print(f"{name}: {len(problems)} problem(s)", file=sys.stderr)
            for problem in problems:
                print(f"  - {problem}", file=sys.stderr)
        built[name] = (builder, bank)
    if failed:
        return 1

    media = {}
    for builder, _ in built.values():
        media.update(builder.media_files)
    outputs: dict[Path, str] = {OUT_DIR / rel: svg for rel, svg in sorted(media.items())}
    outputs.update({OUT_DIR / name: render(bank) for name, (_, bank) in built.items()})

    if args.check:
        stale = [
            p for p, text in outputs.items() if not p.is_file() or p.read_text("utf-8") != text
        ]
        for path in stale:
            print(f"out of date: {path.relative_to(ROOT)}", file=sys.stderr)
        return 1 if stale else 0

    for path, text in outputs.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for name, (_, bank) in built.items():
        problems = verify_bank(bank, media_root=OUT_DIR)
        if problems:
            print("\n".join(problems), file=sys.stderr)
            return 1
        print(summary(name, bank))
    print(f"{len(media)} media files written to {OUT_DIR.relative_to(ROOT)}/media")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
