"""The ``make demo`` program: summarise the shipped item banks.

Run with ``python -m adaptive_tutor.demo [item_banks_dir]``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from adaptive_tutor.item_bank import ItemBank
from adaptive_tutor.shipped_banks import shipped_bank_dir

__all__ = ["bank_summary", "main"]


def bank_summary(bank: ItemBank) -> str:
    """Return a plain-text summary: items per skill and grade, and parameter ranges.

    Examples
    --------
    >>> from adaptive_tutor.item_bank import tiny_bank_document
    >>> print(bank_summary(ItemBank.from_dict(tiny_bank_document())).splitlines()[0])
    Tiny demonstration bank (tiny): 3 items, 2 skills, grades 1-2, language en
    """
    meta = bank.metadata
    frame = bank.to_frame()
    lines = [
        f"{meta.title} ({meta.id}): {len(bank)} items, {len(bank.skills)} skills, "
        f"grades {meta.grade_range[0]}-{meta.grade_range[1]}, language {meta.language}"
    ]
    rows = [
        {"skill": skill_id, "grade": int(grade)}
        for skills, grade in zip(frame["skills"], frame["grade"], strict=True)
        for skill_id in skills.split(",")
    ]
    counts = pd.DataFrame(rows).pivot_table(
        index="skill", columns="grade", aggfunc="size", fill_value=0
    )
    counts = counts.reindex(list(bank.skill_order))
    lines.append("Items per skill (rows, in prerequisite order) and grade (columns):")
    lines.append(counts.to_string())
    lines.append(
        "Items per model: "
        + ", ".join(
            f"{model} {count}"
            for model, count in frame["model"].value_counts().sort_index().items()
        )
    )
    lines.append("Parameter ranges:")
    for column in ("a", "b", "c"):
        values = frame[column]
        lines.append(f"  {column}: {values.min():.2f} to {values.max():.2f}")
    mean_b = frame.groupby("grade")["b"].mean()
    lines.append(
        "Mean difficulty b by grade: " + ", ".join(f"{g}: {b:+.2f}" for g, b in mean_b.items())
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the demo; returns the process exit code.

    Examples
    --------
    >>> main(["/nonexistent-folder"])
    No item banks found in /nonexistent-folder
    1
    """
    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0]) if args else shipped_bank_dir()
    paths = sorted(folder.glob("*.json"))
    if not paths:
        print(f"No item banks found in {folder}")
        return 1
    for path in paths:
        bank = ItemBank.from_json(path)
        print(f"== {path.name}")
        print(bank_summary(bank))
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
