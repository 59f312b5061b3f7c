"""How wide text is on a terminal: the one width rule for every plain-text table.

Hangul, CJK and full-width characters take two columns (East Asian width W or F), combining
marks none, everything else one. The command line's tables and the reports' plain text pad
their columns with it, so Korean skill names and learner names keep the columns aligned.
"""

from __future__ import annotations

import unicodedata

__all__ = ["display_width", "pad"]


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
