"""Text normalisation for marking: the one place that decides when two answers read the same.

The rules (tabled in the documentation's guide "Bring your own study material"):

1. Characters: full-width forms become their ASCII forms (``Ａ`` -> ``A``, ``１`` -> ``1``,
   ideographic space, full-width currency signs), curly quotes become straight quotes,
   dashes and the minus sign become ``-``, the fraction and division slashes become ``/``,
   vulgar fractions become ``1/2`` (``1½`` -> ``1 1/2``), ``…`` becomes ``...`` and
   ``。``/``、`` become ``.``/``,``; zero-width characters are dropped; the one-character
   unit symbols of Korean and Japanese input methods become their letters (``㎝`` -> ``cm``,
   ``㎠`` -> ``cm2``, ``㎖`` -> ``ml``, ``ℓ`` -> ``l``, ``℃`` -> ``°C``). Then Unicode NFC.
   Hangul compatibility jamo (``ㄱ``, ``ㅏ``) are left alone: NFKC would fold them into
   conjoining jamo and compose ``ㄱㅏ`` into ``가``, which would accept a child's
   uncomposed letters as the syllable a reading item asks for.
2. Case is folded (``str.casefold``), except where a caller keeps it (multiple-choice
   texts that differ only in case).
3. Runs of white space become one space; no space is kept next to ``/ . , + × ÷ = : -``
   (``7 / 10`` -> ``7/10``, ``3 . 5`` -> ``3.5``, ``fifty - six`` -> ``fifty-six``).
4. Trailing end punctuation (``.``, ``!``, ``?``, also after folding ``。！？…``) and one
   pair of enclosing double quotes are removed, repeatedly, unless nothing would be left
   (an answer that is only punctuation is kept as written).
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["fold_characters", "normalise_text", "sentence_tokens"]

_VULGAR_FRACTIONS = {
    "½": "1/2",
    "⅓": "1/3",
    "⅔": "2/3",
    "¼": "1/4",
    "¾": "3/4",
    "⅕": "1/5",
    "⅖": "2/5",
    "⅗": "3/5",
    "⅘": "4/5",
    "⅙": "1/6",
    "⅚": "5/6",
    "⅐": "1/7",
    "⅛": "1/8",
    "⅜": "3/8",
    "⅝": "5/8",
    "⅞": "7/8",
    "⅑": "1/9",
    "⅒": "1/10",
}


# CJK Compatibility squared Latin abbreviations (㎀-㏟), degree Celsius and Fahrenheit, litre.
_UNIT_SYMBOLS = (*range(0x3380, 0x33E0), 0x2103, 0x2109, 0x2113)


def _translation_table() -> dict[int, str]:
    table: dict[int, str] = {code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)}
    table.update(
        {
            0x3000: " ",  # ideographic space
            0x00A0: " ",
            0x202F: " ",
            0x2007: " ",
            0x2009: " ",
            0x200A: " ",
            0xFFE0: "¢",
            0xFFE1: "£",
            0xFFE5: "¥",
            0xFFE6: "₩",
            0x2018: "'",
            0x2019: "'",
            0x201A: "'",
            0x201B: "'",
            0x2032: "'",
            0x201C: '"',
            0x201D: '"',
            0x201E: '"',
            0x201F: '"',
            0x2033: '"',
            0x2010: "-",
            0x2011: "-",
            0x2012: "-",
            0x2013: "-",
            0x2014: "-",
            0x2015: "-",
            0x2212: "-",  # minus sign
            0xFE63: "-",
            0x2044: "/",  # fraction slash
            0x2215: "/",  # division slash
            0x2026: "...",
            0x3002: ".",
            0xFF61: ".",
            0x3001: ",",
            0xFF64: ",",
            0x200B: "",
            0x200C: "",
            0x200D: "",
            0x2060: "",
            0xFEFF: "",
            0x00AD: "",  # soft hyphen
        }
    )
    # Unit symbols typed through a Korean input method (ㄹ + 한자: ㎝ ㎠ ㎖ ℓ ℃) are letters.
    unit_letters = {code: unicodedata.normalize("NFKC", chr(code)) for code in _UNIT_SYMBOLS}
    table.update({code: text.replace("\u2215", "/") for code, text in unit_letters.items()})
    # A vulgar fraction glued to a whole number reads as a mixed number: 1½ -> 1 1/2.
    table.update({ord(glyph): f" {text} " for glyph, text in _VULGAR_FRACTIONS.items()})
    return table


_TABLE = _translation_table()
_SPACE_BY_OPERATOR = re.compile(r" (?=[/.,+×÷=:-])|(?<=[/.,+×÷=:-]) ")
_END_PUNCTUATION = ".!?"


def fold_characters(text: str, *, fold_case: bool = True) -> str:
    """Apply the character rules (1-2) and collapse white space, keeping words apart.

    Parameters
    ----------
    text : str
        Raw text typed by a learner or written by an author.
    fold_case : bool, default True
        Fold case with ``str.casefold``.

    Returns
    -------
    str
        The folded text, words separated by single spaces.

    Examples
    --------
    >>> fold_characters("Ｍａｘ  ３ ½")
    'max 3 1/2'
    """
    folded = unicodedata.normalize("NFC", text.translate(_TABLE))
    if fold_case:
        folded = unicodedata.normalize("NFC", folded.casefold())
    return " ".join(folded.split())


def normalise_text(text: str, *, fold_case: bool = True) -> str:
    """Return the form in which two answers are compared (all four rules).

    Parameters
    ----------
    text : str
        Raw text typed by a learner or written by an author.
    fold_case : bool, default True
        Fold case (multiple-choice texts that differ only in case keep it).

    Returns
    -------
    str
        Normalised text; ``normalise_text(normalise_text(t)) == normalise_text(t)``.

    Examples
    --------
    >>> normalise_text("  The   Cat ")
    'the cat'
    >>> normalise_text("7 / 10"), normalise_text("Max."), normalise_text('"Max!"')
    ('7/10', 'max', 'max')
    >>> normalise_text("?")
    '?'
    """
    current = _SPACE_BY_OPERATOR.sub("", fold_characters(text, fold_case=fold_case))
    while True:
        trimmed = current.rstrip(_END_PUNCTUATION).strip()
        if len(trimmed) >= 2 and trimmed[0] == trimmed[-1] == '"':
            trimmed = trimmed[1:-1].strip()
        trimmed = _SPACE_BY_OPERATOR.sub("", trimmed)
        if not trimmed or trimmed == current:
            return current
        current = trimmed


_TOKEN_EDGES = "\"'()[]{}.,!?;:"


def sentence_tokens(text: str) -> list[str]:
    """Split a sentence into words (case folded), with punctuation stripped from their edges.

    Punctuation inside a word stays (``7.15``, ``3/4``, ``dog's``); words that are only
    punctuation are dropped.

    Parameters
    ----------
    text : str
        A learner's sentence.

    Returns
    -------
    list of str
        The words in order.

    Examples
    --------
    >>> sentence_tokens('His name is "Max".')
    ['his', 'name', 'is', 'max']
    """
    tokens = (token.strip(_TOKEN_EDGES) for token in fold_characters(text).split(" "))
    return [token for token in tokens if token]
