"""Reading a typed answer as a number: digits, number words, fractions, currency and units.

Every function here takes text already normalised by
:func:`adaptive_tutor.marking.normalise_text` and returns ``None`` for text it cannot
read; nothing here raises on any input (the property tests feed it arbitrary text).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from adaptive_tutor.marking._text import normalise_text
from adaptive_tutor.marking._words import english_number, korean_number

__all__ = [
    "CURRENCY_SYMBOLS",
    "CURRENCY_WORDS",
    "UNIT_WORDS",
    "NumberReading",
    "UnitSet",
    "parse_number_text",
    "read_number",
]

CURRENCY_SYMBOLS = "$£€¥₩¢"
"""Currency signs accepted before or after any numeric answer without being declared."""
CURRENCY_WORDS = (
    "dollars", "dollar", "cents", "cent", "pounds", "pound", "pence", "euros", "euro",
    "yen", "won", "달러", "센트", "유로", "엔", "원",
)  # fmt: skip
"""Currency names accepted after any numeric answer, as the signs are (``7.15 dollars``)."""

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d{1,3})?")
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(?:([,. ])\d{3})(?:\1\d{3})*")
_FRACTION = re.compile(r"([+-]?)(\d{1,12})/(\d{1,12})")
_MIXED = re.compile(r"([+-]?)(\d{1,12})(?: | ?and |과 ?|와 ?)(\d{1,12})/(\d{1,12})")
_CURRENCY_BEFORE = re.compile(rf"([+-]?) ?[{CURRENCY_SYMBOLS}] ?(.+)")
_CURRENCY_AFTER = re.compile(rf"(.+?) ?[{CURRENCY_SYMBOLS}]")
_HAS_LETTER = re.compile(r"[a-z]")
_HAS_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_PLURAL_ES = ("s", "x", "z", "ch", "sh")
# 에요 after a vowel is the spelling children write most often for 예요 (5에요, 보리에요).
_POLITE_ENDINGS = ("이에요", "이예요", "입니다", "예요", "에요", "이요", "이다", "이야", "요", "야")
_POWERS = {"²": "2", "³": "3"}
_MAX_DIGITS = 40

UNIT_WORDS = frozenset(
    [
        *("mm", "cm", "m", "km", "mg", "g", "kg", "t", "ml", "dl", "l", "kl", "%", "°", "°c"),
        *("mm2", "cm2", "m2", "km2", "cm3", "m3", "mm²", "cm²", "m²", "km²", "cm³", "m³"),
        *("in", "ft", "yd", "mi", "oz", "lb", "inch", "inches", "foot", "feet", "yard", "yards"),
        *("mile", "miles", "ounce", "ounces", "pound", "pounds", "gram", "grams", "kilogram"),
        *("kilograms", "meter", "meters", "metre", "metres", "centimeter", "centimeters"),
        *("kilometer", "kilometers", "liter", "liters", "litre", "litres", "milliliter"),
        *("milliliters", "second", "seconds", "minute", "minutes", "hour", "hours", "day"),
        *("days", "week", "weeks", "month", "months", "year", "years", "dollar", "dollars"),
        *("cent", "cents", "percent", "degree", "degrees"),
        *("밀리미터", "센티미터", "센티", "센치", "미터", "킬로미터", "킬로", "밀리그램", "그램"),
        *("킬로그램", "톤", "밀리리터", "리터", "제곱센티미터", "제곱미터", "세제곱센티미터"),
        *("세제곱미터", "초", "분", "시간", "일", "주일", "개월", "년", "원", "도", "퍼센트"),
        *("프로", "개", "명", "장", "권", "자루", "대", "마리", "송이", "켤레", "상자", "봉지"),
        *("도막", "쪽", "칸", "군데", "곳", "살", "그루", "병", "컵", "접시", "묶음", "판"),
    ]
)
"""Units of measurement and Korean counters (case folded): in a sentence, a number followed
by one of them that the item does not declare is read with that unit, so ``14 m`` is not
14 cm and ``36 명`` is not 36개."""


@dataclass(frozen=True)
class NumberReading:
    """A typed answer read as a number.

    Parameters
    ----------
    value : Fraction
        The exact value.
    shape : str
        ``"decimal"`` (whole numbers too), ``"fraction"`` (a/b) or ``"mixed"`` (w a/b).
    notation : str
        ``"digits"`` or ``"words"`` (any number word, English or Korean, incl. 3분의 2).
    structure : tuple of int or None
        ``(whole, numerator, denominator)`` of a fraction or mixed number as written.
    unit : str or None
        The declared unit or counter that followed the number, if any.
    korean_words : bool
        Whether the number was written in Korean number words.

    Examples
    --------
    >>> read_number("7/10").structure
    (0, 7, 10)
    """

    value: Fraction
    shape: str
    notation: str
    structure: tuple[int, int, int] | None = None
    unit: str | None = None
    korean_words: bool = False


class UnitSet:
    """The units or counters an item declares, normalised, longest first, with plurals.

    English units of three or more letters also accept their plural (``hour`` ->
    ``hours``, ``inch`` -> ``inches``, ``penny`` -> ``pennies``); a power written as a
    superscript may also be typed as a digit (``cm²`` -> ``cm2``, ``cm^2``).

    Parameters
    ----------
    units : iterable of str
        The declared units (``answer.unit``).

    Examples
    --------
    >>> UnitSet(["cm", "hour"]).units
    ('hours', 'hour', 'cm')
    >>> UnitSet(["cm²"]).units
    ('cm^2', 'cm2', 'cm²')
    """

    def __init__(self, units: Iterable[str]) -> None:
        forms: set[str] = set()
        for unit in units:
            folded = normalise_text(unit)
            if not folded:
                continue
            forms.add(folded)
            for superscript, digit in _POWERS.items():
                if superscript in folded:
                    forms.add(folded.replace(superscript, digit))
                    forms.add(folded.replace(superscript, "^" + digit))
            if len(folded) >= 3 and folded.isascii() and folded.isalpha():
                forms.add(_plural(folded))
        self.units: tuple[str, ...] = tuple(sorted(forms, key=lambda u: (-len(u), u)))

    def __bool__(self) -> bool:
        return bool(self.units)


def _plural(word: str) -> str:
    if word.endswith(_PLURAL_ES):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def _digits_value(text: str) -> Fraction | None:
    """Digits with thousands separators and a decimal point or comma (see parse_number_text)."""
    if len(text) > _MAX_DIGITS:
        return None
    cleaned = text
    grouping = _THOUSANDS.fullmatch(cleaned)
    if grouping and not (grouping.group(1) == "." and cleaned.count(".") == 1):
        cleaned = cleaned.replace(grouping.group(1), "")
    elif "," in cleaned and "." in cleaned:
        decimal_mark = "," if cleaned.rindex(",") > cleaned.rindex(".") else "."
        thousands_mark = "." if decimal_mark == "," else ","
        cleaned = cleaned.replace(thousands_mark, "").replace(decimal_mark, ".")
    cleaned = cleaned.replace(",", ".")
    if not _NUMBER.fullmatch(cleaned):
        return None
    return Fraction(cleaned)


def _core(text: str) -> NumberReading | None:
    value = _digits_value(text)
    if value is not None:
        return NumberReading(value, "decimal", "digits")
    match = _FRACTION.fullmatch(text)
    if match:
        sign, numerator, denominator = match.group(1), int(match[2]), int(match[3])
        if denominator == 0:
            return None
        signed = Fraction(numerator, denominator) * (-1 if sign == "-" else 1)
        return NumberReading(signed, "fraction", "digits", (0, numerator, denominator))
    match = _MIXED.fullmatch(text)
    if match:
        whole, numerator, denominator = int(match[2]), int(match[3]), int(match[4])
        if whole == 0 or not 0 < numerator < denominator:
            return None
        value = (whole + Fraction(numerator, denominator)) * (-1 if match[1] == "-" else 1)
        return NumberReading(value, "mixed", "digits", (whole, numerator, denominator))
    if _HAS_HANGUL.search(text):
        words = korean_number(text)
        if words is not None:
            return NumberReading(words[0], words[1], "words", words[2], korean_words=True)
        return None
    if _HAS_LETTER.search(text):
        words = english_number(text)
        if words is not None:
            return NumberReading(words[0], words[1], "words", words[2])
    return None


def read_number(text: str, units: UnitSet | None = None) -> NumberReading | None:
    """Read normalised text as one number, with an optional currency sign and declared unit.

    A Korean polite ending after the number or counter is ignored (``3개요``, ``셋이요``,
    ``2시간입니다``).

    Parameters
    ----------
    text : str
        Normalised text (:func:`~adaptive_tutor.marking.normalise_text`).
    units : UnitSet, optional
        Units or counters the item declares; one of them may follow the number, with or
        without a space (``5 cm``, ``3개``, ``세 개``).

    Returns
    -------
    NumberReading or None
        ``None`` when the text is not exactly one number (with its unit).

    Examples
    --------
    >>> read_number("$7.15").value, read_number("four").value
    (Fraction(143, 20), Fraction(4, 1))
    >>> read_number("세 개", UnitSet(["개"])).value, read_number("5 kg", UnitSet(["cm"]))
    (Fraction(3, 1), None)
    >>> read_number("3개요", UnitSet(["개"])).value
    Fraction(3, 1)
    >>> read_number("7.15 dollars").value, read_number("오천 원").value
    (Fraction(143, 20), Fraction(5000, 1))
    """
    reading = _read_with_unit(text, units)
    if reading is not None or not _HAS_HANGUL.search(text):
        return reading
    for ending in _POLITE_ENDINGS:
        if text.endswith(ending) and len(text) > len(ending):
            reading = _read_with_unit(text[: -len(ending)].rstrip(), units)
            if reading is not None:
                return reading
    return None


def _read_with_unit(text: str, units: UnitSet | None) -> NumberReading | None:
    match = _CURRENCY_BEFORE.fullmatch(text) or _CURRENCY_AFTER.fullmatch(text)
    if match is not None:
        text = match[1] + match[2] if match.re is _CURRENCY_BEFORE else match[1]
    # A declared unit after a space is the unit even where the whole could be read as one
    # number: "3 fourths" counts fourths (3) on an item that declares them, "십이 일" is
    # 12 days; written together, "삼십일" stays the number 31.
    reading = _with_declared_unit(text, units, " ") or _core(text)
    if reading is not None:
        return reading
    reading = _with_declared_unit(text, units, "")
    if reading is not None:
        return reading
    return _without_currency_word(text) if match is None else None


def _with_declared_unit(text: str, units: UnitSet | None, separator: str) -> NumberReading | None:
    for unit in units.units if units else ():
        if text.endswith(separator + unit) and len(text) > len(separator + unit):
            reading = _core(text[: -len(unit)].rstrip())
            if reading is not None:
                return NumberReading(
                    reading.value,
                    reading.shape,
                    reading.notation,
                    reading.structure,
                    unit,
                    reading.korean_words,
                )
    return None


def _without_currency_word(text: str) -> NumberReading | None:
    """``7.15 dollars``, ``3 cents``, ``오천 원``: the number before a currency name."""
    for word in CURRENCY_WORDS:
        head = text[: -len(word)]
        if text.endswith(word) and head and (head[-1] in " 0123456789" or word[0] >= "\u3131"):
            reading = _core(head.rstrip())
            if reading is not None:
                return reading
    return None


def parse_number_text(text: str) -> float:
    """Read a number typed by a learner: thousands separators and decimal commas allowed.

    Groups of exactly three digits after a comma, dot or space read as thousands
    (``11,891``, ``11 891``, ``1.000.000``); when both a comma and a dot appear, the last
    one is the decimal mark (``1.234,5``, ``1,234.5``); a lone comma otherwise is a decimal
    comma (``0,5``). Only digits are read here; :func:`read_number` also reads words,
    fractions, currency and units.

    Parameters
    ----------
    text : str
        The typed number.

    Returns
    -------
    float
        The number.

    Raises
    ------
    ValueError
        If the text is not a number written in digits.

    Examples
    --------
    >>> parse_number_text("11,891"), parse_number_text("0,5"), parse_number_text("1.234,5")
    (11891.0, 0.5, 1234.5)
    """
    value = _digits_value(normalise_text(text))
    if value is None:
        raise ValueError(f"{text!r} is not a number written in digits.")
    return float(value)
