"""The blocks a report page is made of: text, facts, lists, tables, charts, the child's cards.

Each block knows its plain-text and Markdown lines (untrusted text escaped by
:mod:`adaptive_tutor.reports._escaping`); the HTML template draws them. Import them from
:mod:`adaptive_tutor.reports.page`, which puts them on a :class:`~adaptive_tutor.reports.page.Page`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from markupsafe import Markup

from adaptive_tutor._text_width import table_lines
from adaptive_tutor.reports._escaping import markdown_text

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

    Parameters
    ----------
    text : str
        The paragraph.
    style : str, default ""
        A CSS class ("lead", "note", "no-data", "cheer", "big").

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

    Parameters
    ----------
    pairs : tuple of (str, str)
        Label and value of each fact.

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

    Parameters
    ----------
    items : tuple of str
        The sentences.
    style : str, default ""
        A CSS class of the list.

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

    Parameters
    ----------
    text : str
        What the cell says (untrusted text is escaped when rendered).
    status : str, default ""
        A mastery status code: the cell shows its symbol and colour.
    numeric : bool, default False
        Right-align the cell (a number).
    title : str, default ""
        A tooltip.
    compact : bool, default False
        Show the status symbol alone (the text stays for screen readers).
    nowrap : bool, default False
        Keep the cell on one line.
    long : bool, default False
        Give the cell room for a sentence.

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


@dataclass(frozen=True)
class Table(Block):
    """A table with human column headers (and, for analysts, the frame column names).

    Parameters
    ----------
    headers : tuple of str
        Column headers in words.
    rows : tuple of tuple of Cell
        The rows.
    caption : str, default ""
        A caption under the table.
    machine_names : tuple of str, default ()
        The frame's column names, shown under the headers for analysts.
    more : str, default ""
        A line under the table (how many rows were left out).
    style : str, default ""
        A CSS class (``"grid"``: the first cell of a row is its header).

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
        lines = [self.caption] if self.caption else []
        lines += table_lines(self.headers, cells, self._numeric())
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

    Parameters
    ----------
    entries : tuple of (str, str, str)
        Status code, its word and what it means.

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

    Parameters
    ----------
    svg : Markup
        The chart (already escaped by :mod:`adaptive_tutor.reports.svg`).
    alt : str
        What the chart shows, in words.
    label : str, default "Chart"
        The word that introduces the text alternative in text and Markdown.

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

    Parameters
    ----------
    heading : str
        The skill it practises.
    prompt : str
        The question.
    choices : tuple of str, default ()
        The options of a multiple-choice question.
    note : str, default ""
        Why it was picked.

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

    Parameters
    ----------
    code : str
        The choice's machine label (``"review"``, ``"just_right"``, ``"challenge"``).
    label : str
        Its words for the child.
    hint : str
        Why to pick it, with the skill.
    prompt : str
        The question.
    choices : tuple of str, default ()
        The options of a multiple-choice question.

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

    Parameters
    ----------
    label : str
        The skill.
    fraction : float
        How far the child got, 0 to 1.
    done : bool
        Whether the skill is done (mastered).
    word : str
        The words for how far (read aloud with the bar).

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

    Parameters
    ----------
    summary : str
        The words on the fold.
    blocks : tuple of Block
        What the fold holds.

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
