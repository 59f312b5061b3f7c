"""The documentation site's sources cover the public API (the build itself runs in make)."""

from __future__ import annotations

import re
from pathlib import Path

import adaptive_tutor

DOCS = Path(__file__).resolve().parents[1] / "docs"


def documented_names() -> dict[str, str]:
    """Full name -> API page of every entry of an ``autosummary`` table that makes pages."""
    names: dict[str, str] = {}
    for page in sorted((DOCS / "api").glob("*.rst")):
        module = ""
        in_table = makes_pages = False
        for line in page.read_text(encoding="utf-8").splitlines():
            directive = re.match(r"\.\. ([\w-]+)::\s*(.*)", line)
            if directive:
                in_table = directive.group(1) == "autosummary"
                makes_pages = False
                if directive.group(1) == "currentmodule":
                    module = directive.group(2).strip()
                continue
            if not in_table:
                continue
            if line.strip().startswith(":toctree:"):
                makes_pages = True
            elif re.match(r"\s{3}[\w.]+\s*$", line) and makes_pages:
                names[f"{module}.{line.strip()}"] = page.name
            elif line.strip() and not line.startswith(" "):
                in_table = False
    return names


def test_every_public_name_has_an_api_page() -> None:
    names = documented_names()
    missing = [n for n in adaptive_tutor.__all__ if f"adaptive_tutor.{n}" not in names]
    assert not missing, f"add these to a page in docs/api/: {missing}"


def test_api_pages_name_only_public_objects() -> None:
    private = [name for name in documented_names() if "._" in name.replace(".__version__", "")]
    assert not private


def test_the_reference_is_grouped_by_concept() -> None:
    pages = set(documented_names().values())
    assert {
        "item_banks.rst",
        "estimation.rst",
        "calibration.rst",
        "selection.rst",
        "sessions.rst",
        "simulation.rst",
        "learner_models.rst",
        "reports.rst",
        "command_line.rst",
    } <= pages
