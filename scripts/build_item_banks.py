"""Build the shipped item banks in ``item_banks/`` from their data files.

Usage::

    .venv/bin/python scripts/build_item_banks.py          # check, then write the banks
    .venv/bin/python scripts/build_item_banks.py --check  # check; fail if the files differ

Every bank under ``item_banks/source/<bank>/`` (``bank.json``, ``skills.csv``, optional
``passages.csv``, one ``items/<skill id>.csv`` per skill; the format is described in
``item_banks/README.md``) is compiled: keys are computed from their expressions and
re-checked, the expert-judgement IRT parameters are set (per-item jitter drawn from the
item's own id), choices are ordered, enemies made symmetric. Before anything is written each
bank is verified (the library's validation, recomputed keys, the shipped banks' rules) and
linted for content defects; any problem aborts with the full list, naming file and line.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from _bank_checks import verify_bank
from _bank_lint import lint_bank
from _bank_media import draw
from _bank_source import compile_bank

ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = ROOT / "item_banks"


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


def build_all(source: Path, out: Path) -> tuple[dict[Path, str], list[str]]:
    """Compile and check every bank under ``source``; return the files to write and problems."""
    outputs: dict[Path, str] = {}
    problems: list[str] = []
    folders = sorted(p.parent for p in source.glob("*/bank.json"))
    if not folders:
        return outputs, [f"no bank sources (*/bank.json) under {source}"]
    for folder in folders:
        compiled = compile_bank(folder, source.parent)
        if compiled.problems:
            problems += compiled.problems
            continue
        bank = compiled.document
        name = bank["bank"]["id"]
        if name != folder.name:
            problems.append(f"{folder.name}/bank.json: bank id {name!r} must be the folder name")
        for uri in compiled.media_uris:
            svg = draw(uri)
            if svg is not None:
                outputs[out / uri] = svg
            elif not (out / uri).is_file():
                problems.append(f"{name}: media file {uri} is neither drawn nor present")
        problems += [f"{name}: {p}" for p in verify_bank(bank)]
        problems += [f"{name}: {p}" for p in lint_bank(bank, compiled.locations)]
        outputs[out / f"{name}.json"] = render(bank)
    return outputs, problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="do not write; fail if the files differ"
    )
    parser.add_argument(
        "--source",
        type=Path,
        default=OUT_DIR / "source",
        help="folder holding one source folder per bank (default: item_banks/source)",
    )
    parser.add_argument(
        "--out", type=Path, default=OUT_DIR, help="where the banks go (default: item_banks)"
    )
    args = parser.parse_args(argv)

    outputs, problems = build_all(args.source, args.out)
    if problems:
        print(f"{len(problems)} problem(s):", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        return 1

    if args.check:
        stale = [
            p for p, text in outputs.items() if not p.is_file() or p.read_text("utf-8") != text
        ]
        for path in stale:
            print(f"out of date: {path}", file=sys.stderr)
        return 1 if stale else 0

    for path, text in sorted(outputs.items()):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for path in sorted(outputs):
        if path.suffix == ".json":
            print(summary(path.stem, json.loads(outputs[path])))
    print(f"{sum(p.suffix == '.svg' for p in outputs)} pictures drawn into {args.out.name}/media")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
