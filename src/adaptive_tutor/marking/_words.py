"""Number words: English and Korean (native and Sino-Korean) cardinals, decimals and fractions.

Every reader takes normalised text (:func:`adaptive_tutor.marking.normalise_text`) and
returns ``None`` when the text is not a number in its language, never raising. Ranges:

- English: whole numbers zero to 999,999,999 (``fifty-six``, ``a hundred and five``,
  ``two thousand twenty-six``; digits before ``thousand`` or ``million``: ``384 thousand``,
  ``2.5 million``), ``minus``/``negative``, decimals with ``point``
  (``three point one four``), fractions with ordinal denominators up to millionths
  (``seven tenths``, ``a half``, ``three quarters``, ``7 twenty-fifths``) and mixed numbers
  with ``and`` (``two and a half``).
- Korean, Sino-Korean: 영/공 to 9999억 9999만 9999 (0 to 999,999,999,999), digits allowed
  as coefficients (``3천``, ``1만 5천``), decimals with 점 (``삼 점 오``), fractions
  ``3분의 2`` / ``삼분의 이`` (2/3) and mixed numbers ``1과 3분의 2``.
- Korean, native: 하나 to 아흔아홉 (1-99), with the forms used before counters (한, 두, 세,
  네, 스무, and 석, 넉).
"""

from __future__ import annotations

from fractions import Fraction

__all__ = ["WordNumber", "english_number", "korean_number", "mentions_number_word"]

WordNumber = tuple[Fraction, str, tuple[int, int, int] | None]
"""(value, shape, (whole, numerator, denominator) for fractions and mixed numbers)."""

_ONES = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
}
_TEENS = {
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {"thousand": 1000, "million": 1_000_000}
_ORDINALS = {
    "half": "two",
    "halve": "two",
    "third": "three",
    "quarter": "four",
    "fourth": "four",
    "fifth": "five",
    "sixth": "six",
    "seventh": "seven",
    "eighth": "eight",
    "ninth": "nine",
    "tenth": "ten",
    "eleventh": "eleven",
    "twelfth": "twelve",
    "thirteenth": "thirteen",
    "fourteenth": "fourteen",
    "fifteenth": "fifteen",
    "sixteenth": "sixteen",
    "seventeenth": "seventeen",
    "eighteenth": "eighteen",
    "nineteenth": "nineteen",
    "twentieth": "twenty",
    "thirtieth": "thirty",
    "fortieth": "forty",
    "fiftieth": "fifty",
    "sixtieth": "sixty",
    "seventieth": "seventy",
    "eightieth": "eighty",
    "ninetieth": "ninety",
    "hundredth": "hundred",
    "thousandth": "thousand",
    "millionth": "million",
}
_DIGIT_WORDS = {**_ONES, "oh": 0, "o": 0}
_ENGLISH_WORDS = frozenset(
    [*_ONES, *_TEENS, *_TENS, *_SCALES, "hundred", "point", "minus", "negative", *_ORDINALS]
) | frozenset(word + "s" for word in _ORDINALS)


def _below_hundred(tokens: list[str], i: int) -> tuple[int, int] | None:
    word = tokens[i] if i < len(tokens) else ""
    if word in _TENS:
        value = _TENS[word]
        if i + 1 < len(tokens) and tokens[i + 1] in _ONES and tokens[i + 1] != "zero":
            return value + _ONES[tokens[i + 1]], i + 2
        return value, i + 1
    if word in _TEENS:
        return _TEENS[word], i + 1
    if word in _ONES and word != "zero":
        return _ONES[word], i + 1
    return None


def _group(tokens: list[str], i: int) -> tuple[int, int] | None:
    """Read 1..999 from position i: [one-nine|a hundred [and]] [below hundred]."""
    value = 0
    if (
        i + 1 < len(tokens)
        and tokens[i + 1] == "hundred"
        and (tokens[i] in ("a", "an") or (tokens[i] in _ONES and tokens[i] != "zero"))
    ):
        value = 100 * _ONES.get(tokens[i], 1)
        i += 2
        if i + 1 < len(tokens) and tokens[i] == "and":
            i += 1
    rest = _below_hundred(tokens, i)
    if rest is not None:
        return value + rest[0], rest[1]
    return (value, i) if value else None


def _cardinal(tokens: list[str]) -> int | None:
    """A whole number 0..999,999,999 written in English words, or None."""
    if tokens == ["zero"]:
        return 0
    total, i, last_scale = 0, 0, 10**9
    while i < len(tokens):
        if tokens[i] in ("a", "an") and i + 1 < len(tokens) and tokens[i + 1] in _SCALES:
            group: tuple[int, int] | None = (1, i + 1)
        elif _is_digits(tokens[i]) and i + 1 < len(tokens) and tokens[i + 1] in _SCALES:
            group = (int(tokens[i]), i + 1) if 0 < int(tokens[i]) < 1000 else None
        else:
            group = _group(tokens, i)
        if group is None:
            return None
        value, i = group
        if i < len(tokens) and tokens[i] in _SCALES:
            scale = _SCALES[tokens[i]]
            if scale >= last_scale:
                return None
            total, last_scale, i = total + value * scale, scale, i + 1
            if i + 1 < len(tokens) and tokens[i] == "and":
                i += 1
            continue
        if i != len(tokens):
            return None
        return total + value
    return total if total else None


def _is_digits(token: str) -> bool:
    return token.isascii() and token.isdigit() and len(token) <= 3


def _scaled_decimal(tokens: list[str]) -> Fraction | None:
    """``2.5 million``: a decimal in digits times thousand or million."""
    if len(tokens) != 2 or tokens[1] not in _SCALES:
        return None
    whole, _, part = tokens[0].partition(".")
    if not (_is_digits(whole) and part.isascii() and part.isdigit() and len(part) <= 6):
        return None
    return Fraction(tokens[0]) * _SCALES[tokens[1]]


def _denominator(tokens: list[str]) -> int | None:
    if not tokens:
        return None
    last = tokens[-1]
    base = last if last in _ORDINALS else last[:-1] if last[:-1] in _ORDINALS else None
    if base is None and last == "halves":
        base = "half"
    if base is None:
        return None
    if base in ("half", "halve", "quarter"):
        return (2 if base != "quarter" else 4) if len(tokens) == 1 else None
    words = [*tokens[:-1], _ORDINALS[base]]
    if len(words) == 1 and words[0] in ("hundred", "thousand", "million"):
        words = ["one", *words]
    value = _cardinal(words)
    return value if value is not None and value >= 2 else None


def _numerator(tokens: list[str]) -> int | None:
    if tokens in (["a"], ["an"]):
        return 1
    if len(tokens) == 1 and tokens[0].isascii() and tokens[0].isdigit():
        return int(tokens[0])
    return _cardinal(tokens)


def _fraction(tokens: list[str]) -> tuple[int, int] | None:
    if tokens in (["half"], ["one-half"]):
        return 1, 2
    for split in range(len(tokens) - 1, 0, -1):
        numerator = _numerator(tokens[:split])
        if numerator is None:
            continue
        denominator = _denominator(tokens[split:])
        if denominator is not None:
            return numerator, denominator
    return None


def _decimal(tokens: list[str]) -> Fraction | None:
    split = tokens.index("point")
    whole = _cardinal(tokens[:split]) if split else 0
    digits = tokens[split + 1 :]
    if whole is None or not digits or any(d not in _DIGIT_WORDS for d in digits):
        return None
    text = "".join(str(_DIGIT_WORDS[d]) for d in digits)
    return whole + Fraction(int(text), 10 ** len(text))


def english_number(text: str) -> WordNumber | None:
    """Read an English number phrase (see the module docstring for the range).

    Parameters
    ----------
    text : str
        Normalised text.

    Returns
    -------
    tuple or None
        ``(value, shape, structure)`` with shape ``"decimal"``, ``"fraction"`` or
        ``"mixed"``; ``None`` when the text is not an English number phrase.

    Examples
    --------
    >>> english_number("fifty-six")[0], english_number("seven tenths")[2]
    (Fraction(56, 1), (0, 7, 10))
    >>> english_number("two and a half")[1], english_number("fifty six apples") is None
    ('mixed', True)
    >>> english_number("384 thousand")[0], english_number("2.5 million")[0]
    (Fraction(384000, 1), Fraction(2500000, 1))
    """
    tokens = text.replace("-", " ").split()
    if not tokens or len(tokens) > 16:
        return None
    sign = 1
    if tokens[0] in ("minus", "negative"):
        sign, tokens = -1, tokens[1:]
    if not tokens or not any(t in _ENGLISH_WORDS for t in tokens):
        return None
    if "point" in tokens:
        value = _decimal(tokens)
        return (sign * value, "decimal", None) if value is not None else None
    whole = _cardinal(tokens)
    if whole is not None:
        return Fraction(sign * whole), "decimal", None
    scaled = _scaled_decimal(tokens)
    if scaled is not None:
        return sign * scaled, "decimal", None
    fraction = _fraction(tokens)
    if fraction is not None:
        numerator, denominator = fraction
        return sign * Fraction(numerator, denominator), "fraction", (0, numerator, denominator)
    for split, token in enumerate(tokens):
        if token != "and" or split == 0:
            continue
        head = tokens[:split]
        digits = len(head) == 1 and head[0].isascii() and head[0].isdigit()
        whole = int(head[0]) if digits else _cardinal(head)
        part = _fraction(tokens[split + 1 :])
        if whole is not None and whole > 0 and part is not None and part[0] < part[1]:
            value = whole + Fraction(part[0], part[1])
            return sign * value, "mixed", (whole, part[0], part[1])
    return None


_SINO_DIGITS = {
    "영": 0,
    "공": 0,
    "일": 1,
    "이": 2,
    "삼": 3,
    "사": 4,
    "오": 5,
    "육": 6,
    "륙": 6,
    "칠": 7,
    "팔": 8,
    "구": 9,
}
_SINO_SMALL = {"십": 10, "백": 100, "천": 1000}
_SINO_LARGE = {"만": 10**4, "억": 10**8}
_NATIVE_TENS = {
    "열": 10,
    "스물": 20,
    "스무": 20,
    "서른": 30,
    "마흔": 40,
    "쉰": 50,
    "예순": 60,
    "일흔": 70,
    "여든": 80,
    "아흔": 90,
}
_NATIVE_ONES = {
    "하나": 1,
    "한": 1,
    "둘": 2,
    "두": 2,
    "셋": 3,
    "세": 3,
    "석": 3,
    "넷": 4,
    "네": 4,
    "넉": 4,
    "다섯": 5,
    "여섯": 6,
    "일곱": 7,
    "여덟": 8,
    "아홉": 9,
}


def _sino(text: str) -> int | None:
    """Sino-Korean whole number; ASCII digit runs may stand for coefficients (3천, 1만5천)."""
    if text in ("영", "공"):
        return 0
    total, section, digit = 0, 0, None
    last_small, last_large = 10**4, 10**12
    i = 0
    while i < len(text):
        char = text[i]
        if char.isascii() and char.isdigit():
            end = i
            while end < len(text) and text[end].isascii() and text[end].isdigit():
                end += 1
            if digit is not None or end - i > 4:
                return None
            digit, i = int(text[i:end]), end
            continue
        if char in _SINO_DIGITS and _SINO_DIGITS[char] > 0:
            if digit is not None:
                return None
            digit = _SINO_DIGITS[char]
        elif char in _SINO_SMALL:
            multiplier = _SINO_SMALL[char]
            coefficient = 1 if digit is None else digit
            if multiplier >= last_small or not 1 <= coefficient <= 9:
                return None
            section += coefficient * multiplier
            last_small, digit = multiplier, None
        elif char in _SINO_LARGE:
            multiplier = _SINO_LARGE[char]
            section += digit or 0
            section = section or 1
            if multiplier >= last_large or section > 9999:
                return None
            total += section * multiplier
            last_large, last_small, section, digit = multiplier, 10**4, 0, None
        else:
            return None
        i += 1
    section += digit or 0
    if section > 9999:
        return None
    return total + section


def _native(text: str) -> int | None:
    """Native Korean 1..99 (하나 ... 아흔아홉), including the forms before counters."""
    value = 0
    for tens, number in _NATIVE_TENS.items():
        if text.startswith(tens):
            value, text = number, text[len(tens) :]
            break
    if not text:
        return value or None
    ones = _NATIVE_ONES.get(text)
    return None if ones is None else value + ones


def _korean_whole(text: str) -> int | None:
    if not text:
        return None
    if text.isascii():
        return int(text) if text.isdigit() and len(text) <= 12 else None
    native = _native(text)
    return native if native is not None else _sino(text)


def korean_number(text: str) -> WordNumber | None:
    """Read a Korean number (see the module docstring for the ranges).

    Parameters
    ----------
    text : str
        Normalised text containing Hangul.

    Returns
    -------
    tuple or None
        ``(value, shape, structure)`` as for :func:`english_number`.

    Examples
    --------
    >>> korean_number("셋")[0], korean_number("삼천 오백")[0], korean_number("1만 5천")[0]
    (Fraction(3, 1), Fraction(3500, 1), Fraction(15000, 1))
    >>> korean_number("3분의 2")[2], korean_number("일과 삼분의 이")[2]
    ((0, 2, 3), (1, 2, 3))
    """
    sign = 1
    if text.startswith("마이너스"):
        sign, text = -1, text[len("마이너스") :]
    compact = text.replace(" ", "")
    if not compact or len(compact) > 40:
        return None
    if "분의" in compact:
        head, _, numerator_text = compact.partition("분의")
        whole = 0
        for joint in ("과", "와"):
            if joint in head:
                whole_text, _, head = head.partition(joint)
                parsed = _korean_whole(whole_text)
                if parsed is None or parsed == 0:
                    return None
                whole = parsed
                break
        denominator = _korean_whole(head)
        numerator = _korean_whole(numerator_text)
        if not denominator or denominator < 2 or numerator is None:
            return None
        if whole and numerator >= denominator:
            return None
        value = whole + Fraction(numerator, denominator)
        shape = "mixed" if whole else "fraction"
        return sign * value, shape, (whole, numerator, denominator)
    if "점" in compact:
        whole_text, _, digits = compact.partition("점")
        integer = _korean_whole(whole_text)
        if integer is None or not digits:
            return None
        if not all(d in _SINO_DIGITS or (d.isascii() and d.isdigit()) for d in digits):
            return None
        text_digits = "".join(str(_SINO_DIGITS.get(d, d)) for d in digits)
        decimal = integer + Fraction(int(text_digits), 10 ** len(text_digits))
        return sign * decimal, "decimal", None
    if compact.isascii():
        return None
    number = _korean_whole(compact)
    return (Fraction(sign * number), "decimal", None) if number is not None else None


def mentions_number_word(tokens: list[str]) -> bool:
    """True when a word is an English number word or a whole Korean number.

    Parameters
    ----------
    tokens : list of str
        Normalised words.

    Returns
    -------
    bool
        Whether any word names a number.

    Examples
    --------
    >>> mentions_number_word(["i", "think", "four"]), mentions_number_word(["banana"])
    (True, False)
    """
    for token in tokens:
        for part in token.split("-"):
            if part in _ENGLISH_WORDS or (
                part and not part.isascii() and korean_number(part) is not None
            ):
                return True
    return False
