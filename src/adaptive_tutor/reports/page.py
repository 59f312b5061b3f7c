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
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import ClassVar

import jinja2
from markupsafe import Markup

from adaptive_tutor._text_width import display_width, pad
from adaptive_tutor.reports._escaping import markdown_text, plain_text
from adaptive_tutor.reports._i18n import translations

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

# Status codes (the mastery vocabulary) -> the symbol drawn beside the word on pages.
STATUS_SYMBOLS = {
    "mastered": "●",
    "undetermined": "◐",
    "not_mastered": "○",
    "too_few_answers": "?",
}
# The child's three choices -> their icon.
CHOICE_ICONS = {"review": "↺", "just_right": "◎", "challenge": "▲"}


def _md(text: str) -> str:
    """Escape text for Markdown so that it renders literally, on one line."""
    return markdown_text(text)


@dataclass(frozen=True)
class Block:
    """Base of the page blocks; ``kind`` selects the template macro.

    Subclasses write ``_text_lines`` (and ``_markdown_lines`` when Markdown needs more
    than escaped text).

    Examples
    --------
    >>> Text("hello").kind
    'text'
    """

    kind: ClassVar[str] = "block"

    def _text_lines(self) -> list[str]:
        """Plain-text rendering, one string per line."""
        raise NotImplementedError

    def _markdown_lines(self) -> list[str]:
        """Markdown rendering, one string per line."""
        return [_md(line) for line in self._text_lines()]


@dataclass(frozen=True)
class Text(Block):
    """A paragraph; ``style`` is a CSS class ("lead", "note", "no-data", "cheer", "big").

    Examples
    --------
    >>> Text("Well done <3")._markdown_lines()
    ['Well done &lt;3']
    """

    text: str
    style: str = ""
    kind: ClassVar[str] = "text"

    def _text_lines(self) -> list[str]:
        return [self.text]


@dataclass(frozen=True)
class Facts(Block):
    """Label and value pairs (a description list).

    Examples
    --------
    >>> Facts((("answers", "12"),))._text_lines()
    ['answers: 12']
    """

    pairs: tuple[tuple[str, str], ...]
    kind: ClassVar[str] = "facts"

    def _text_lines(self) -> list[str]:
        return [f"{label}: {value}" for label, value in self.pairs]

    def _markdown_lines(self) -> list[str]:
        return [f"- **{_md(label)}**: {_md(value)}" for label, value in self.pairs]


@dataclass(frozen=True)
class List(Block):
    """A bulleted list of sentences.

    Examples
    --------
    >>> List(("one", "two"))._text_lines()
    ['- one', '- two']
    """

    items: tuple[str, ...]
    style: str = ""
    kind: ClassVar[str] = "list"

    def _text_lines(self) -> list[str]:
        return [f"- {item}" for item in self.items]

    def _markdown_lines(self) -> list[str]:
        return [f"- {_md(item)}" for item in self.items]


@dataclass(frozen=True)
class Cell:
    """One table cell: its text, an optional status code (symbol and colour) and a tooltip.

    Examples
    --------
    >>> Cell("secure", status="mastered").shown
    '● secure'
    """

    text: str
    status: str = ""
    numeric: bool = False
    title: str = ""
    compact: bool = False
    nowrap: bool = False
    long: bool = False

    @property
    def symbol(self) -> str:
        """The status symbol ('' without a status).

        Examples
        --------
        >>> Cell("not yet", status="not_mastered").symbol
        '○'
        """
        return STATUS_SYMBOLS.get(self.status, "")

    @property
    def shown(self) -> str:
        """Symbol and text, as plain text shows it (the symbol alone when compact).

        Examples
        --------
        >>> Cell("developing", status="undetermined", compact=True).shown
        '◐'
        """
        if self.compact:
            return self.symbol or self.text
        return f"{self.symbol} {self.text}".strip()


def _pad(cells: Sequence[str], widths: Sequence[int], numeric: Sequence[bool]) -> str:
    parts = [pad(c, w, right=right) for c, w, right in zip(cells, widths, numeric, strict=True)]
    return "  ".join(parts).rstrip()


@dataclass(frozen=True)
class Table(Block):
    """A table with human column headers (and, for analysts, the frame column names).

    Examples
    --------
    >>> table = Table(("Skill", "Answers"), ((Cell("Addition"), Cell("4", numeric=True)),))
    >>> print("\\n".join(table._text_lines()))
    Skill     Answers
    --------  -------
    Addition        4
    """

    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    caption: str = ""
    machine_names: tuple[str, ...] = ()
    more: str = ""
    style: str = ""
    kind: ClassVar[str] = "table"

    @property
    def css_class(self) -> str:
        """CSS classes: the style, and ``wide`` for many columns (shrunk to fit in print).

        Examples
        --------
        >>> Table(tuple("abcdefghi"), ()).css_class
        'wide'
        """
        classes = [self.style] if self.style else []
        if len(self.headers) > 8 and self.style != "grid":
            classes.append("wide")
        return " ".join(classes)

    def _numeric(self) -> list[bool]:
        return [
            bool(self.rows) and all(row[j].numeric for row in self.rows)
            for j in range(len(self.headers))
        ]

    def _text_lines(self) -> list[str]:
        cells = [[cell.shown for cell in row] for row in self.rows]
        widths = [
            max([display_width(header)] + [display_width(row[j]) for row in cells])
            for j, header in enumerate(self.headers)
        ]
        numeric = self._numeric()
        lines = [self.caption] if self.caption else []
        lines += [_pad(self.headers, widths, numeric), "  ".join("-" * w for w in widths)]
        lines += [_pad(row, widths, numeric) for row in cells]
        return lines + ([self.more] if self.more else [])

    def _markdown_lines(self) -> list[str]:
        aligns = ["---:" if n else "---" for n in self._numeric()]
        lines = [f"*{_md(self.caption)}*", ""] if self.caption else []
        lines += [
            "| " + " | ".join(_md(h) for h in self.headers) + " |",
            "| " + " | ".join(aligns) + " |",
        ]
        lines += ["| " + " | ".join(_md(c.shown) for c in row) + " |" for row in self.rows]
        return lines + (["", _md(self.more)] if self.more else [])


@dataclass(frozen=True)
class Legend(Block):
    """What the status symbols mean: (status code, word, explanation) triples.

    Examples
    --------
    >>> Legend((("mastered", "secure", "ready for harder work"),))._text_lines()
    ['● secure: ready for harder work']
    """

    entries: tuple[tuple[str, str, str], ...]
    kind: ClassVar[str] = "legend"

    def _text_lines(self) -> list[str]:
        return [
            f"{STATUS_SYMBOLS.get(code, '')} {word}: {meaning}"
            for code, word, meaning in self.entries
        ]

    def _markdown_lines(self) -> list[str]:
        return [
            f"- {_md(STATUS_SYMBOLS.get(code, ''))} **{_md(word)}**: {_md(meaning)}"
            for code, word, meaning in self.entries
        ]


@dataclass(frozen=True)
class Figure(Block):
    """An inline SVG chart with its text alternative (shown under it and read aloud).

    Examples
    --------
    >>> from markupsafe import Markup
    >>> Figure(Markup("<svg></svg>"), "Ann is above the benchmark.")._text_lines()
    ['[Chart] Ann is above the benchmark.']
    >>> Figure(Markup("<svg></svg>"), "민지는 기준보다 높습니다.", "그래프")._text_lines()
    ['[그래프] 민지는 기준보다 높습니다.']
    """

    svg: Markup
    alt: str
    label: str = "Chart"  # the word before the alternative in text and Markdown
    kind: ClassVar[str] = "figure"

    def _text_lines(self) -> list[str]:
        return [f"[{self.label}] {self.alt}"]


@dataclass(frozen=True)
class Question(Block):
    """A question to practise: its skill, its text (and choices), and why it was picked.

    Examples
    --------
    >>> Question("Addition", "What is 8 + 5?", ("13", "12"), "just right")._text_lines()
    ['Addition: What is 8 + 5? (13 / 12) - just right']
    """

    heading: str
    prompt: str
    choices: tuple[str, ...] = ()
    note: str = ""
    kind: ClassVar[str] = "question"

    def _text_lines(self) -> list[str]:
        choices = f" ({' / '.join(self.choices)})" if self.choices else ""
        note = f" - {self.note}" if self.note else ""
        return [f"{self.heading}: {self.prompt}{choices}{note}"]


@dataclass(frozen=True)
class Choice(Block):
    """One of the child's three choices: a label, a hint and a question to try (with its
    choices when it is multiple choice).

    Examples
    --------
    >>> Choice("review", "Review", "Something you know well", "What is 2 + 2?")._text_lines()
    ['Review - Something you know well: What is 2 + 2?']
    >>> Choice("review", "Review", "Warm up", "2 + 2 = ?", ("4", "5"))._text_lines()
    ['Review - Warm up: 2 + 2 = ? (4 / 5)']
    """

    code: str
    label: str
    hint: str
    prompt: str
    choices: tuple[str, ...] = ()
    kind: ClassVar[str] = "choice"

    def _text_lines(self) -> list[str]:
        choices = f" ({' / '.join(self.choices)})" if self.choices else ""
        return [f"{self.label} - {self.hint}: {self.prompt}{choices}"]


@dataclass(frozen=True)
class Progress(Block):
    """A child's progress bar for one skill: how far, done or not, and the words for it.

    Examples
    --------
    >>> Progress("Addition", 1.0, True, "got it!")._text_lines()
    ['Addition: [##########] got it!']
    """

    label: str
    fraction: float
    done: bool
    word: str
    kind: ClassVar[str] = "progress"

    @property
    def percent(self) -> int:
        """The bar's filled width in percent (for CSS), never a number shown to the child.

        Examples
        --------
        >>> Progress("Addition", 0.456, False, "getting there").percent
        46
        """
        return max(0, min(100, round(100 * self.fraction)))

    def _text_lines(self) -> list[str]:
        filled = round(self.percent / 10)
        return [f"{self.label}: [{'#' * filled}{'.' * (10 - filled)}] {self.word}"]


@dataclass(frozen=True)
class Details(Block):
    """A collapsed fold ("technical details") holding further blocks.

    Examples
    --------
    >>> Details("Technical details", (Text("SE 0.3"),))._text_lines()
    ['Technical details', 'SE 0.3']
    """

    summary: str
    blocks: tuple[Block, ...]
    kind: ClassVar[str] = "details"

    def _text_lines(self) -> list[str]:
        out = [self.summary]
        for block in self.blocks:
            out += block._text_lines()
        return out

    def _markdown_lines(self) -> list[str]:
        out = [f"**{_md(self.summary)}**", ""]
        for block in self.blocks:
            out += [*block._markdown_lines(), ""]
        return out[:-1]


@dataclass(frozen=True)
class PageSection:
    """A titled part of a page.

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

    Returns
    -------
    str

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

    Returns
    -------
    str

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

    Returns
    -------
    str

    Examples
    --------
    >>> html = render_page(Page("ko", "teacher", "<R>", (PageSection("a", "A", (Text("x"),)),)))
    >>> '<html lang="ko">' in html, "&lt;R&gt;" in html
    (True, True)
    """
    template = _environment(page.lang).get_template("page.html.j2")
    return template.render(page=page, STATUS_SYMBOLS=STATUS_SYMBOLS, CHOICE_ICONS=CHOICE_ICONS)
