"""Pages for readers: blocks of localised text, tables and charts, rendered three ways.

A report's frames are the truth (machine names and codes). For a teacher, a child or an
analyst a report composes a :class:`Page` from small blocks whose text is already
translated and formatted for the reader; the same page renders to HTML (through the
Jinja2 template ``page.html.j2`` with autoescaping), plain text and Markdown, so the three
never disagree. Untrusted text (item prompts, learner ids, skill names) stays plain
``str`` and is escaped by every renderer.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import jinja2

from adaptive_tutor._text_width import display_width
from adaptive_tutor.reports._escaping import plain_text
from adaptive_tutor.reports._i18n import translations
from adaptive_tutor.reports._page_blocks import (
    CHOICE_ICONS,
    STATUS_SYMBOLS,
    Block,
    Cell,
    Choice,
    Details,
    Facts,
    Figure,
    Legend,
    List,
    Progress,
    Question,
    Table,
    Text,
    _md,
)

__all__ = [
    "Block",
    "Cell",
    "Choice",
    "Details",
    "Facts",
    "Figure",
    "Legend",
    "List",
    "Page",
    "PageSection",
    "Progress",
    "Question",
    "Table",
    "Text",
    "page_markdown",
    "page_text",
    "render_page",
]


@dataclass(frozen=True)
class PageSection:
    """A titled part of a page.

    Parameters
    ----------
    key : str
        Machine name of the section (its HTML id).
    title : str
        Its heading.
    blocks : tuple of Block
        What it shows, in order.
    style : str, default ""
        A CSS class of the section.

    Examples
    --------
    >>> PageSection("summary", "At a glance", (Text("Hello"),)).title
    'At a glance'
    """

    key: str
    title: str
    blocks: tuple[Block, ...]
    style: str = ""


@dataclass(frozen=True)
class Page:
    """A whole page for one audience in one language.

    Parameters
    ----------
    lang : str
        The page's language tag.
    audience : str
        Who reads it (``"teacher"``, ``"learner"`` or ``"analyst"``).
    title : str
        The page title.
    sections : tuple of PageSection
        The parts of the page, in order.
    lead : tuple of Block, default ()
        Blocks shown before the first section.
    footer : str, default ""
        A line at the bottom.
    generated_at : str, optional
        A stamp printed in the footer.
    layout : str, default ""
        A page layout (``"wide"`` for many columns).

    Examples
    --------
    >>> page = Page("en", "teacher", "Report", (PageSection("a", "A", (Text("x"),)),))
    >>> print(page_text(page))
    Report
    ======
    <BLANKLINE>
    A
    -
    x
    """

    lang: str
    audience: str
    title: str
    sections: tuple[PageSection, ...]
    lead: tuple[Block, ...] = ()
    footer: str = ""
    generated_at: str | None = field(default=None)
    layout: str = ""


def page_text(page: Page) -> str:
    """The page as plain text (control characters of untrusted text become spaces).

    Parameters
    ----------
    page : Page
        The page to write.

    Returns
    -------
    str
        Plain text.

    Examples
    --------
    >>> page = Page("en", "teacher", "R", (PageSection("a", "A", (List(("x",)),)),))
    >>> page_text(page).splitlines()[-1]
    '- x'
    """
    title = plain_text(page.title)
    out = [title, "=" * display_width(title)]
    for block in page.lead:
        out += block._text_lines()
    for section in page.sections:
        heading = plain_text(section.title)
        out += ["", heading, "-" * display_width(heading)]
        for block in section.blocks:
            out += block._text_lines()
    return "\n".join(plain_text(line) for line in out)


def page_markdown(page: Page) -> str:
    """The page as Markdown (all text escaped).

    Parameters
    ----------
    page : Page
        The page to write.

    Returns
    -------
    str
        Markdown text.

    Examples
    --------
    >>> page = Page("en", "teacher", "R|1", (PageSection("a", "<A>", (Text("x"),)),))
    >>> print(page_markdown(page))
    # R\\|1
    <BLANKLINE>
    ## &lt;A&gt;
    <BLANKLINE>
    x
    """
    out = [f"# {_md(page.title)}"]
    for block in page.lead:
        out += ["", *block._markdown_lines()]
    for section in page.sections:
        out += ["", f"## {_md(section.title)}"]
        for block in section.blocks:
            out += ["", *block._markdown_lines()]
    return "\n".join(out)


@functools.cache
def _environment(locale: str) -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("adaptive_tutor.reports", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    environment.install_gettext_translations(translations(locale), newstyle=True)  # type: ignore[attr-defined]
    return environment


def render_page(page: Page) -> str:
    """The page as one self-contained HTML document (inline CSS and SVG, no script).

    Parameters
    ----------
    page : Page
        The page to render.

    Returns
    -------
    str
        The HTML document.

    Examples
    --------
    >>> html = render_page(Page("ko", "teacher", "<R>", (PageSection("a", "A", (Text("x"),)),)))
    >>> '<html lang="ko">' in html, "&lt;R&gt;" in html
    (True, True)
    """
    template = _environment(page.lang).get_template("page.html.j2")
    return template.render(page=page, STATUS_SYMBOLS=STATUS_SYMBOLS, CHOICE_ICONS=CHOICE_ICONS)
