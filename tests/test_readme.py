"""The README's python examples run as written."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from adaptive_tutor import ItemBank

README = Path(__file__).resolve().parents[1] / "README.md"


def python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)


def test_readme_has_python_examples() -> None:
    assert len(python_blocks()) >= 2


def test_readme_examples_run_in_order(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    namespace: dict[str, object] = {"__name__": "readme"}
    cwd = Path.cwd()
    os.chdir(tmp_path)
    try:
        for block in python_blocks():
            exec(compile(block, str(README), "exec"), namespace)
    finally:
        os.chdir(cwd)
    assert (tmp_path / "ann_report.html").exists()
    assert capsys.readouterr().out.startswith(("max_items", "standard_error"))


def test_the_readme_item_bank_example_is_a_valid_bank() -> None:
    (block,) = re.findall(r"```json\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)
    bank = ItemBank.from_dict(json.loads(block))
    assert bank["apples"].score("13개예요") == 1
    assert bank.skill_ids == ("count", "add")
