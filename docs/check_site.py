"""Check a built documentation site: API pages for every public name, notebook figures.

Run by ``make docs`` after the HTML build: ``python docs/check_site.py docs/_build/html``.

- Every name in ``adaptive_tutor.__all__`` is documented as ``adaptive_tutor.<name>`` on
  a page of its own in the API reference, and that page exists.
- Every example notebook's page shows what the notebook drew: each figure output of the
  executed notebook (a PNG or SVG image, or HTML holding SVG charts) is in the page, and
  each table output too.

Prints one line per problem and exits 1 if there is any, else prints a summary.
"""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path
from typing import Any

import nbformat
from jupyter_cache import get_cache
from sphinx.util.inventory import InventoryFile

import adaptive_tutor

ARTICLE = re.compile(r"<article\b.*?</article>", re.DOTALL)


def api_problems(site: Path) -> list[str]:
    """Public names without an API page of their own."""
    with open(site / "objects.inv", "rb") as stream:
        inventory = InventoryFile.load(stream, "", lambda base, uri: uri)
    documented: dict[str, str] = {}
    for kind, entries in inventory.items():
        if kind.startswith("py:"):
            for name, entry in entries.items():
                location = entry.uri if hasattr(entry, "uri") else entry[2]
                documented[name] = location
    problems = []
    for name in adaptive_tutor.__all__:
        full = f"adaptive_tutor.{name}"
        location = documented.get(full)
        if location is None:
            problems.append(f"{full}: no API entry")
            continue
        page = location.split("#", 1)[0]
        if page != f"api/generated/{full}.html":
            problems.append(f"{full}: documented on {page}, not on a page of its own")
        elif not (site / page).is_file():
            problems.append(f"{full}: page {page} is missing")
    return problems


def notebook_outputs(cells: list[Any]) -> tuple[int, int]:
    """(figures, tables) among the outputs of an executed notebook's cells."""
    figures = tables = 0
    for cell in cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "image/png" in data or "image/svg+xml" in data:
                figures += 1
            elif "text/html" in data:
                markup = "".join(data["text/html"])
                figures += markup.count("<svg")
                tables += markup.count("<table")
    return figures, tables


def page_content(page: Path) -> str:
    """The article of a built page, with framed pages (``srcdoc``) unescaped into it."""
    text = page.read_text(encoding="utf-8")
    match = ARTICLE.search(text)
    article = match.group(0) if match else text
    frames = re.findall(r'srcdoc="([^"]*)"', article)
    return article + "".join(html.unescape(frame) for frame in frames)


def notebook_problems(site: Path, sources: Path, cache: Path) -> tuple[list[str], list[str]]:
    """Notebook pages missing a figure or a table of their notebook; and a summary.

    The outputs a page should show are those of the executed notebook that the build
    took from its execution cache.
    """
    problems: list[str] = []
    summary: list[str] = []
    notebooks = sorted(sources.glob("*.ipynb"))
    if not notebooks:
        return [f"no notebooks in {sources}"], summary
    executions = get_cache(str(cache))
    for notebook in notebooks:
        page = site / "notebooks" / f"{notebook.stem}.html"
        if not page.is_file():
            problems.append(f"{notebook.name}: no page {page.relative_to(site)}")
            continue
        record = executions.match_cache_notebook(nbformat.read(notebook, as_version=4))
        if record is None:
            problems.append(f"{notebook.name}: not executed (no entry in {cache})")
            continue
        figures, tables = notebook_outputs(executions.get_cache_bundle(record.pk).nb.cells)
        content = page_content(page)
        images = len(re.findall(r'<img [^>]*src="[^"]*_images/', content))
        shown_figures = images + content.count("<svg")
        shown_tables = content.count("<table")
        if figures == 0:
            problems.append(f"{notebook.name}: the notebook draws no figure")
        if shown_figures < figures:
            problems.append(
                f"{notebook.name}: {figures} figures in the notebook, {shown_figures} on its page"
            )
        if shown_tables < tables:
            problems.append(
                f"{notebook.name}: {tables} tables in the notebook, {shown_tables} on its page"
            )
        summary.append(f"{notebook.stem}: figures {shown_figures}, tables {shown_tables}")
    return problems, summary


def main(argv: list[str]) -> int:
    site = Path(argv[1] if len(argv) > 1 else "docs/_build/html")
    problems = api_problems(site)
    notebook_issues, summary = notebook_problems(
        site, Path(__file__).resolve().parent / "notebooks", site.parent / ".jupyter_cache"
    )
    problems += notebook_issues
    for problem in problems:
        print(problem)
    if problems:
        return 1
    pages = len(list(site.rglob("*.html")))
    print(f"{pages} pages; every public name has an API page; notebooks:")
    for line in summary:
        print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
