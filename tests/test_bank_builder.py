"""The bank builder (``scripts/build_item_banks.py``) and its data-file source format.

Items are compiled from ``item_banks/source/<bank>/items/<skill>.csv``; everything random
about an item is drawn from its own id, so editing one row never changes another item.
These tests build copies of a source folder in a temporary directory with the real script.
"""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "build_item_banks.py"
SOURCE = ROOT / "item_banks" / "source"
BANK = "fractions_decimals"
SKILL_FILE = Path("items") / "frac.comparing_fractions.csv"
EXPR_FILE = Path("items") / "dec.add_sub_decimals.csv"


def build(source: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--source", str(source), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def copy_bank(tmp_path: Path) -> Path:
    folder = tmp_path / "source" / BANK
    shutil.copytree(SOURCE / BANK, folder)
    return folder


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def write_csv(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def rendered_items(path: Path) -> dict[str, str]:
    """Every item as the exact JSON text the builder writes for it."""
    bank = json.loads(path.read_text(encoding="utf-8"))
    return {item["id"]: json.dumps(item, indent=2, ensure_ascii=False) for item in bank["items"]}


def committed_items() -> dict[str, str]:
    return rendered_items(ROOT / "item_banks" / f"{BANK}.json")


def new_row(header: list[str], **cells: str) -> dict[str, str]:
    row = dict.fromkeys(header, "")
    row.update(cells)
    return row


def test_inserting_a_row_changes_no_other_item(tmp_path: Path) -> None:
    folder = copy_bank(tmp_path)
    header, rows = read_csv(folder / SKILL_FILE)
    inserted = new_row(
        header,
        id="fr.comp.900",
        type="multiple_choice",
        grade="3",
        prompt="Which fraction is greater, 2/7 or 2/9?",
        answer="2/7",
        distractor_1="2/9",
        feedback_1="With the same numerator, fewer equal parts means bigger parts.",
        complexity="0.3",
        complexity_reason="same numerator",
        tags="compare:2/7,2/9",
        explanation="Sevenths are bigger than ninths, so 2/7 > 2/9.",
    )
    write_csv(folder / SKILL_FILE, header, [*rows[:3], inserted, *rows[3:]])
    result = build(tmp_path / "source", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    rebuilt = rendered_items(tmp_path / "out" / f"{BANK}.json")
    before = committed_items()
    assert set(rebuilt) == {*before, "fr.comp.900"}
    assert all(rebuilt[item_id] == text for item_id, text in before.items())


def test_removing_and_reordering_rows_changes_no_other_item(tmp_path: Path) -> None:
    folder = copy_bank(tmp_path)
    header, rows = read_csv(folder / SKILL_FILE)
    removed = rows[2]["id"]
    write_csv(folder / SKILL_FILE, header, [r for r in reversed(rows) if r["id"] != removed])
    result = build(tmp_path / "source", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    rebuilt = rendered_items(tmp_path / "out" / f"{BANK}.json")
    before = committed_items()
    del before[removed]
    before = {k: v for k, v in before.items() if removed not in v}  # its enemies lose it
    assert removed not in rebuilt
    assert all(rebuilt[item_id] == text for item_id, text in before.items())


def test_a_wrong_key_is_reported_with_file_line_and_item(tmp_path: Path) -> None:
    folder = copy_bank(tmp_path)
    header, rows = read_csv(folder / EXPR_FILE)
    index = next(i for i, r in enumerate(rows) if r["expr"])
    rows[index]["expr"] = rows[index]["expr"] + "+1"
    write_csv(folder / EXPR_FILE, header, rows)
    result = build(tmp_path / "source", tmp_path / "out")
    assert result.returncode == 1
    where = f"{BANK}/{EXPR_FILE.as_posix()}:{index + 2}: {rows[index]['id']}: "
    assert where in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ({"type": "essay"}, "type 'essay' must be one of"),
        ({"complexity": "1.5"}, "complexity 1.5 is outside [-1, 1]"),
        ({"key_position": "F"}, "key_position 'F' must be one of"),
        ({"enemies": "fr.comp.999"}, "unknown enemy 'fr.comp.999'"),
        ({"feedback_1": ""}, "distractor_1 needs feedback_1"),
    ],
)
def test_row_mistakes_are_named(tmp_path: Path, cells: dict[str, str], message: str) -> None:
    folder = copy_bank(tmp_path)
    header, rows = read_csv(folder / SKILL_FILE)
    index = next(i for i, r in enumerate(rows) if r["type"] == "multiple_choice")
    rows[index].update(cells)
    write_csv(folder / SKILL_FILE, [*header, *(c for c in cells if c not in header)], rows)
    result = build(tmp_path / "source", tmp_path / "out")
    assert result.returncode == 1
    assert f"{SKILL_FILE.as_posix()}:{index + 2}: {rows[index]['id']}: " in result.stderr
    assert message in result.stderr


def test_unknown_column_is_refused(tmp_path: Path) -> None:
    folder = copy_bank(tmp_path)
    header, rows = read_csv(folder / SKILL_FILE)
    write_csv(folder / SKILL_FILE, [*header, "dificulty"], rows)
    result = build(tmp_path / "source", tmp_path / "out")
    assert result.returncode == 1
    assert "unknown column(s) ['dificulty']" in result.stderr


def test_choice_order_without_a_pinned_key_comes_from_the_id(tmp_path: Path) -> None:
    folder = copy_bank(tmp_path)
    header, rows = read_csv(folder / SKILL_FILE)
    index = next(i for i, r in enumerate(rows) if r["type"] == "multiple_choice")
    rows[index]["key_position"] = ""
    write_csv(folder / SKILL_FILE, header, rows)
    first = build(tmp_path / "source", tmp_path / "out1")
    second = build(tmp_path / "source", tmp_path / "out2")
    assert first.returncode == second.returncode == 0
    items: list[dict[str, Any]] = [
        next(
            i
            for i in json.loads((tmp_path / out / f"{BANK}.json").read_text("utf-8"))["items"]
            if i["id"] == rows[index]["id"]
        )
        for out in ("out1", "out2")
    ]
    assert items[0] == items[1]
    key = next(c for c in items[0]["choices"] if c["id"] == items[0]["answer"]["choice"])
    assert key["text"] == rows[index]["answer"]


def test_skill_names_in_other_languages_come_from_names_columns(tmp_path: Path) -> None:
    folder = copy_bank(tmp_path)
    header, rows = read_csv(folder / "skills.csv")
    for row in rows:
        row["names.ko"] = "분수" if row["id"] == "frac.unit_fractions" else ""
    write_csv(folder / "skills.csv", [*header, "names.ko"], rows)
    result = build(tmp_path / "source", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    skills = json.loads((tmp_path / "out" / f"{BANK}.json").read_text("utf-8"))["skills"]
    named = {s["id"]: s.get("names") for s in skills}
    assert named["frac.unit_fractions"] == {"ko": "분수"}
    assert named["frac.mixed_numbers"] is None


def test_line_numbers_count_blank_lines_and_extra_cells_are_refused(tmp_path: Path) -> None:
    folder = copy_bank(tmp_path)
    path = folder / SKILL_FILE
    lines = path.read_text("utf-8").splitlines(keepends=True)
    path.write_text(lines[0] + "\n\n" + lines[1].rstrip("\n") + ",surplus\n", "utf-8")
    result = build(tmp_path / "source", tmp_path / "out")
    assert result.returncode == 1
    assert f"{SKILL_FILE.as_posix()}:4: " in result.stderr
    assert "quote cells that contain commas" in result.stderr
