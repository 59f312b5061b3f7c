"""How wide text is on a terminal: the one width rule for every plain-text table.

Hangul, CJK and full-width characters take two columns (East Asian width W or F), combining
marks none, everything else one. The command line's tables and the reports' plain text are
laid out by :func:`table_lines` with it, so Korean skill names and learner names keep the
columns aligned.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

__all__ = ["display_width", "pad", "table_lines"]


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: Hangul, CJK and full-width characters take two.

    Parameters
    ----------
    text : str
        The text.

    Returns
    -------
    int
        Its width in terminal columns.

    Examples
    --------
    >>> display_width("덧셈"), display_width("add"), display_width("ＡＢ")
    (4, 3, 4)
    """
    return sum(
        0 if unicodedata.combining(char) else 2 if unicodedata.east_asian_width(char) in "WF" else 1
        for char in text
    )


def pad(text: str, width: int, *, right: bool = False) -> str:
    """``text`` filled with spaces to ``width`` terminal columns (on the left if ``right``).

    Parameters
    ----------
    text : str
        The cell's text.
    width : int
        The column's width in terminal columns.
    right : bool, default False
        Right-align (numbers) instead of left-align.

    Returns
    -------
    str
        The padded text (unchanged when it is already as wide).

    Examples
    --------
    >>> pad("덧셈", 6) + "|", pad("12", 4, right=True)
    ('덧셈  |', '  12')
    """
    fill = " " * max(width - display_width(text), 0)
    return fill + text if right else text + fill


def table_lines(
    header: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[bool]
) -> list[str]:
    """A plain-text table: the header, a rule of dashes, then the rows, columns two apart.

    Parameters
    ----------
    header : sequence of str
        The column headers.
    rows : sequence of sequence of str
        The cells, one sequence per row, as many as headers.
    right : sequence of bool
        Per column, whether it is right-aligned (numbers).

    Returns
    -------
    list of str
        The lines, without trailing spaces.

    Examples
    --------
    >>> lines = table_lines(["skill", "n"], [["덧셈", "12"], ["add", "3"]], [False, True])
    >>> print("\\n".join(lines))
    skill   n
    -----  --
    덧셈   12
    add     3
    """
    widths = [
        max([display_width(text)] + [display_width(row[j]) for row in rows])
        for j, text in enumerate(header)
    ]

    def line(cells: Sequence[str]) -> str:
        padded = [pad(c, w, right=r) for c, w, r in zip(cells, widths, right, strict=True)]
        return "  ".join(padded).rstrip()

    return [line(header), "  ".join("-" * w for w in widths), *map(line, rows)]
