"""Make untrusted text (from item banks and logs) inert in plain-text and Markdown reports.

Skill names, bank titles, learner, session and group ids, prompts and chosen options come
from outside the library. HTML and SVG output is escaped by Jinja2 and
:mod:`adaptive_tutor.reports.svg`; this module does the same for the two other renderings:

- :func:`plain_text` (``to_text``): control characters (C0 and C1, including a lone
  carriage return, tab and the escape character of terminal colour codes), Unicode line
  and paragraph separators and bidirectional-override characters become a space, so a
  value can neither start a new line nor rewrite or reorder what a terminal shows.
- :func:`markdown_text` (``to_markdown``): the same, then ``& < >`` as HTML entities
  (no raw HTML, comments or autolinks), a backslash before every character with inline
  meaning (``\\ ` * _ [ ] ( ) ! # | ~``: no emphasis, code, links, images or table breaks),
  and a backslash before whatever would open a block at the start of a line (a list
  marker ``-``, ``+`` or ``1.``/``1)``, a ``---`` or ``===`` rule; ``#``, ``*`` and ``>``
  are escaped anyway), with leading spaces removed (no indented code block). Numbers such
  as ``-0.5`` or ``0.500`` stay as they are. The result renders as the literal text, on
  one line.

Examples
--------
>>> markdown_text("![x](https://tracker.example/p.png)")
'\\\\!\\\\[x\\\\]\\\\(https://tracker.example/p.png\\\\)'
>>> plain_text("ann\\r\\x1b[2Kbob")
'ann  [2Kbob'
"""

from __future__ import annotations

import re

__all__ = ["markdown_text", "plain_text"]

# C0 and C1 controls, DEL, line/paragraph separators, bidirectional marks and overrides.
_CONTROL = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
_INLINE = re.compile(r"([\\`*_\[\]()!#|~])")
_BLOCK_START = re.compile(r"^([-+=])(?=[-+=\s]|$)|^(\d{1,9})([.)])(?=\s|$)")


def plain_text(text: str) -> str:
    """Replace control, line-separator and bidi-override characters by spaces.

    Parameters
    ----------
    text : str
        Untrusted text.

    Returns
    -------
    str
        The text on one line, safe to print to a terminal or a log file.

    Examples
    --------
    >>> plain_text("line one\\nline two\\u202e")
    'line one line two '
    """
    return _CONTROL.sub(" ", text)


def markdown_text(text: str) -> str:
    """Escape text so that Markdown renders it literally, on one line.

    Parameters
    ----------
    text : str
        Untrusted text (a cell, a title, a note).

    Returns
    -------
    str
        Markdown source that displays ``text`` and nothing else: no heading, list, quote,
        link, image, emphasis, code, HTML or table cell break.

    Examples
    --------
    >>> markdown_text("# Fractions | <b>1/2</b>")
    '\\\\# Fractions \\\\| &lt;b&gt;1/2&lt;/b&gt;'
    >>> markdown_text("1. first")
    '1\\\\. first'
    """
    flat = plain_text(text).lstrip(" ")
    html_safe = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    escaped = _INLINE.sub(r"\\\1", html_safe)
    return _BLOCK_START.sub(_escape_block_start, escaped, count=1)


def _escape_block_start(match: re.Match[str]) -> str:
    if match.group(1) is not None:
        return "\\" + match.group(1)
    return f"{match.group(2)}\\{match.group(3)}"
