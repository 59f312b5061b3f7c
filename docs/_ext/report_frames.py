"""Show whole HTML pages from notebook outputs in frames of their own.

A report's ``_repr_html_`` is a complete, self-contained page with its own style sheet
(the page a teacher opens). Placed inline in a documentation page, that style sheet would
restyle the site around it; inside an ``<iframe srcdoc>`` it stays the report's own, and
the page looks exactly as the teacher sees it. The frame grows to the report's height.
"""

from __future__ import annotations

import html
import re
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

WHOLE_PAGE = re.compile(r"^\s*(<!doctype html|<html[\s>])", re.IGNORECASE)
TITLE = re.compile(r"<title>(.*?)</title>", re.IGNORECASE | re.DOTALL)
GROW = "this.style.height=(this.contentDocument.documentElement.scrollHeight+24)+'px'"


def framed(page: str) -> str:
    """An ``<iframe>`` holding ``page``, titled like the page, as tall as its content."""
    title = TITLE.search(page)
    label = html.unescape(title.group(1).strip()) if title else "Report"
    return (
        f'<iframe class="report-frame" title="{html.escape(label)}" '
        f'srcdoc="{html.escape(page, quote=True)}" onload="{GROW}"></iframe>\n'
    )


def frame_whole_pages(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for raw in list(doctree.findall(nodes.raw)):
        if "html" in raw.get("format", "").split() and WHOLE_PAGE.match(raw.astext()):
            raw.replace_self(nodes.raw("", framed(raw.astext()), format="html"))


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("doctree-resolved", frame_whole_pages)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
