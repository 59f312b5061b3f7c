"""The code in the documentation's guides runs as written, top to bottom, page by page."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[1] / "docs"
GUIDES = sorted([*DOCS.glob("guides/*.md"), *DOCS.glob("ko/*.md")])
CODE_CELL = re.compile(r"```\{code-cell\}[^\n]*\n(.*?)```", flags=re.S)


def code_cells(page: Path) -> list[str]:
    return CODE_CELL.findall(page.read_text(encoding="utf-8"))


def test_guides_have_code() -> None:
    assert sum(len(code_cells(page)) for page in GUIDES) >= 10


@pytest.mark.parametrize("page", GUIDES, ids=[page.stem for page in GUIDES])
def test_guide_code_runs(page: Path, tmp_path: Path) -> None:
    namespace: dict[str, object] = {"__name__": "guide"}
    cwd = Path.cwd()
    os.chdir(tmp_path)
    try:
        for number, cell in enumerate(code_cells(page), 1):
            exec(compile(cell, f"{page.name} cell {number}", "exec"), namespace)
    finally:
        os.chdir(cwd)
