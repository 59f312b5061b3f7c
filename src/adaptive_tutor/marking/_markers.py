"""Markers: an item's answer key compiled once, then applied to every answer.

One marker per item type (multiple choice, numeric, short answer). Each is built from the
item's key on first use and cached on the item, so scoring an answer costs a few
dictionary look-ups and at most a few regular-expression matches (all compiled at import).
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Protocol

import numpy as np

from adaptive_tutor._validation import is_int, is_real
from adaptive_tutor.exceptions import ResponseDataError
from adaptive_tutor.marking._labels import choice_labels, label_key
from adaptive_tutor.marking._numbers import (
    CURRENCY_SYMBOLS,
    UNIT_WORDS,
    NumberReading,
    UnitSet,
    read_number,
)
from adaptive_tutor.marking._text import normalise_text, sentence_tokens
from adaptive_tutor.marking._words import mentions_number_word

__all__ = [
    "ANSWER_FORMS",
    "MAX_ANSWER_LENGTH",
    "MAX_SENTENCE_WORDS",
    "Mark",
    "Marker",
    "make_marker",
]

ANSWER_FORMS = ("words", "fraction", "mixed", "decimal")
"""The values ``answer.forms`` may list."""
MAX_ANSWER_LENGTH = 1000
"""Longest typed answer (characters) that is marked; longer answers are refused."""
MAX_SENTENCE_WORDS = 15
"""Longest sentence (words) that an ``in_sentence`` item reads."""
_MAX_SPAN_WORDS = 8
_DEFAULT_TOLERANCE = 1e-9
# A sentence with a negation or an alternative is never accepted ("n't" is caught too).
_ENGLISH_HEDGES = frozenset(
    ["not", "no", "never", "nor", "neither", "or", "maybe", "perhaps", "probably", "cannot"]
)
_KOREAN_HEDGES = frozenset(["안", "못", "또는", "아니면", "혹은", "아마", "아마도", "글쎄"])
# Particles and sentence endings that may follow an answer in a Korean sentence; up to two
# may follow one another (북쪽으로요, 6명에게요). 에요 after a vowel is a common spelling of 예요.
_KOREAN_ENDINGS = (
    *("이었어요", "였어요", "이에요", "이예요", "입니다", "예요", "에요", "이요", "이다", "이야"),
    *("이고", "으로", "에서", "에게", "한테", "이랑", "랑", "야", "요", "다", "이", "가", "은"),
    *("는", "을", "를", "도", "만", "의", "에", "께", "로", "과", "와", "고", "씩"),
)
_NUMBER_STARTS = frozenset(["a", "an", "minus", "negative", "half"])


@dataclass(frozen=True)
class Mark:
    """The outcome of marking one answer.

    Parameters
    ----------
    score : int
        1 when the answer is accepted, else 0.
    rule : str
        Which marking rule decided (see the marking rules in the documentation): ``"choice_id"``,
        ``"choice_text"``, ``"choice_label"``, ``"exact"``, ``"number"``, ``"form"``,
        ``"in_sentence"``, ``"wrong"``, ``"form_not_accepted"``, ``"not_one_number"``,
        ``"sentence_not_accepted"``.
    choice : str or None
        The choice id a multiple-choice answer selected.

    Examples
    --------
    >>> Mark(1, "exact")
    Mark(score=1, rule='exact', choice=None)
    """

    score: int
    rule: str
    choice: str | None = None


class ChoiceLike(Protocol):
    """What a marker needs from a multiple-choice option."""

    @property
    def id(self) -> str: ...

    @property
    def text(self) -> str: ...


class KeyLike(Protocol):
    """What a marker needs from an answer key."""

    @property
    def choice(self) -> str | None: ...

    @property
    def value(self) -> float | None: ...

    @property
    def tolerance(self) -> float | None: ...

    @property
    def accepted(self) -> tuple[str, ...] | None: ...

    @property
    def units(self) -> tuple[str, ...]: ...

    @property
    def forms(self) -> tuple[str, ...] | None: ...

    @property
    def in_sentence(self) -> bool | None: ...


class Marker(Protocol):
    """A compiled answer key (what :func:`make_marker` returns).

    Examples
    --------
    >>> from adaptive_tutor.item import Answer
    >>> marker: Marker = make_marker("q", "short_answer", Answer(accepted=("Max",)), ())
    >>> marker.mark("Max.").score
    1
    """

    def mark(self, answer: object) -> Mark:
        """Mark one answer.

        Parameters
        ----------
        answer : str or number
            What the learner typed or chose.

        Returns
        -------
        Mark
            The score and the rule that decided.

        Raises
        ------
        ResponseDataError
            If the answer cannot be marked (see the marking rules in the documentation).

        Examples
        --------
        >>> from adaptive_tutor.item import Answer
        >>> make_marker("q", "numeric", Answer(value=3, unit="개"), ()).mark("세 개").rule
        'number'
        """
        ...


def make_marker(
    item_id: str, item_type: str, key: KeyLike, choices: Sequence[ChoiceLike]
) -> Marker:
    """Compile an item's answer key into a marker.

    Parameters
    ----------
    item_id : str
        Named in error messages.
    item_type : str
        ``"multiple_choice"``, ``"numeric"`` or ``"short_answer"``.
    key : Answer
        The item's answer key.
    choices : sequence of Choice
        The options of a multiple-choice item (empty otherwise).

    Returns
    -------
    Marker
        An object whose ``mark(answer)`` returns a :class:`Mark`.

    Examples
    --------
    >>> from adaptive_tutor.item import Answer
    >>> make_marker("q", "numeric", Answer(value=4), ()).mark("four")
    Mark(score=1, rule='number', choice=None)
    """
    if item_type == "multiple_choice":
        return _ChoiceMarker(item_id, key.choice or "", choices)
    if item_type == "numeric":
        return _NumericMarker(item_id, key)
    return _ShortAnswerMarker(item_id, key)


def _answer_text(answer: object, item_id: str, expectation: str) -> str:
    if isinstance(answer, str):
        text = answer
    elif isinstance(answer, bool | np.bool_):
        raise ResponseDataError(f"Item {item_id!r} expects {expectation}. Got {answer!r}.")
    elif isinstance(answer, numbers.Integral):
        text = str(int(answer))
    elif isinstance(answer, numbers.Real) and math.isfinite(float(answer)):
        text = repr(float(answer))
    else:
        raise ResponseDataError(f"Item {item_id!r} expects {expectation}. Got {answer!r}.")
    if len(text) > MAX_ANSWER_LENGTH:
        raise ResponseDataError(
            f"The answer to item {item_id!r} is {len(text)} characters long; answers longer "
            f"than {MAX_ANSWER_LENGTH} characters are not marked."
        )
    if not text.strip():
        raise ResponseDataError(
            f"The answer to item {item_id!r} is empty. If the learner skipped the item, "
            "record a score of 0 instead."
        )
    return text


class _ChoiceMarker:
    """Choice id as written, then choice text, then choice id in any case, then a label."""

    def __init__(self, item_id: str, key: str, choices: Sequence[ChoiceLike]) -> None:
        self.item_id = item_id
        self.key = key
        self.ids = {choice.id: choice.id for choice in choices}
        folded_texts = {normalise_text(choice.text) for choice in choices}
        # Texts that differ only in case ("b" and "B") keep case for this item.
        self.fold_case = len(folded_texts) == len(choices)
        self.texts = {
            normalise_text(choice.text, fold_case=self.fold_case): choice.id for choice in choices
        }
        self.folded_ids = {normalise_text(choice.id): choice.id for choice in choices}
        readings = [label_key(normalise_text(choice.text)) for choice in choices]
        self.labels, self.label_hint = choice_labels([c.id for c in choices], readings)
        self.allowed = ", ".join(f"{choice.id} ({_shorten(choice.text)!r})" for choice in choices)

    def mark(self, answer: object) -> Mark:
        text = _answer_text(answer, self.item_id, "a choice id or a choice's text")
        stripped = text.strip()
        if stripped in self.ids:
            return self._marked(stripped, "choice_id")
        chosen = self.texts.get(normalise_text(text, fold_case=self.fold_case))
        if chosen is not None:
            return self._marked(chosen, "choice_text")
        folded = normalise_text(text).strip("()[]").rstrip(".)")
        chosen = self.folded_ids.get(folded)
        if chosen is not None:
            return self._marked(chosen, "choice_id")
        chosen = self.labels.get(label_key(folded))
        if chosen is not None:
            return self._marked(chosen, "choice_label")
        labels = f", or its label in the order listed ({self.label_hint})" if self.labels else ""
        raise ResponseDataError(
            f"The answer {_shorten(text)!r} to item {self.item_id!r} is not one of its "
            f"choices. Send a choice id (any case) or a choice's text{labels}: {self.allowed}."
        )

    def _marked(self, chosen: str, rule: str) -> Mark:
        return Mark(int(chosen == self.key), rule, chosen)


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _korean_variants(token: str) -> list[str]:
    """The token and the token without one or two Korean particles or sentence endings."""
    variants = [token]
    if token and not token.isascii():
        once = _without_an_ending(token)
        variants.extend(once)
        variants.extend(twice for stem in once for twice in _without_an_ending(stem))
    return variants


def _without_an_ending(token: str) -> list[str]:
    return [
        token[: -len(ending)]
        for ending in _KOREAN_ENDINGS
        if token.endswith(ending) and len(token) > len(ending)
    ]


def _is_hedge(token: str) -> bool:
    if token in _ENGLISH_HEDGES or token.endswith("n't") or token in _KOREAN_HEDGES:
        return True
    return not token.isascii() and ("않" in token or token.startswith(("아니", "아닙", "아닌")))


def _has_digit(text: str) -> bool:
    return any(char.isdigit() for char in text)


def _could_start_number(token: str) -> bool:
    return (
        _has_digit(token)
        or token in _NUMBER_STARTS
        or token[0] in CURRENCY_SYMBOLS
        or mentions_number_word([token])
    )


_DIGIT_LETTER_SPACE = re.compile(r"(?<=\d) (?=[^\W\d_])|(?<=[^\W\d_]) (?=\d)")
_DIGIT_LETTER_JOIN = re.compile(r"(?<=\d)(?=[^\W\d_])|(?<=[^\W\d_])(?=\d)")


def _without_digit_letter_spaces(text: str) -> str:
    """A short answer's text with no space between a digit and a letter or Hangul syllable.

    Such a space never changes what is written: ``26 r2`` = ``26 r 2`` = ``26r2``,
    ``10 시`` = ``10시``, ``3 cm`` = ``3cm``. Spaces between words stay (``바 다`` is not
    ``바다``).

    Examples
    --------
    >>> _without_digit_letter_spaces("26 r 2"), _without_digit_letter_spaces("열 시")
    ('26r2', '열 시')
    """
    return _DIGIT_LETTER_SPACE.sub("", text)


class _SentenceReader:
    """Shared in-sentence rule: exactly one answer among the sentence's readable spans."""

    item_id: str
    in_sentence: bool
    span_words: int

    def _span_verdict(self, text: str) -> bool | None:
        """None: the span is not an answer; True/False: an answer, accepted or not."""
        raise NotImplementedError

    def _span_may_start(self, token: str) -> bool:
        raise NotImplementedError

    units: UnitSet

    def _other_unit(self, token: str) -> bool:
        """Whether the word after an answer is a unit of measurement the item does not
        declare (``14 m`` on an item in cm); only items that declare units check this."""
        return bool(self.units) and any(
            variant in UNIT_WORDS and variant not in self.units.units
            for variant in _korean_variants(token)
        )

    def _sentence_mark(self, text: str) -> Mark | None:
        tokens = sentence_tokens(text)
        if not tokens or len(tokens) > MAX_SENTENCE_WORDS:
            return None
        if any(_is_hedge(token) for token in tokens):
            return Mark(0, "sentence_not_accepted")
        variants = [_korean_variants(token) for token in tokens]
        # The longest answer starting at each word; shorter ones inside it are not answers.
        longest: list[tuple[int, int, bool]] = []
        for start in range(len(tokens)):
            if not any(self._span_may_start(v) for v in variants[start]):
                continue
            for end in range(min(len(tokens), start + self.span_words), start, -1):
                head = " ".join(tokens[start : end - 1])
                verdict = next(
                    (
                        found
                        for last in variants[end - 1]
                        if (found := self._span_verdict(normalise_text(f"{head} {last}".strip())))
                        is not None
                    ),
                    None,
                )
                if verdict is not None:
                    if verdict and end < len(tokens) and self._other_unit(tokens[end]):
                        verdict = False
                    longest.append((start, end, verdict))
                    break
        widest = [
            (start, end, verdict)
            for start, end, verdict in longest
            if not any(s <= start and end <= e and (s, e) != (start, end) for s, e, _ in longest)
        ]
        if not widest:
            return None
        if len(widest) == 1 and widest[0][2]:
            return Mark(1, "in_sentence")
        return Mark(0, "sentence_not_accepted")


class _NumericMarker(_SentenceReader):
    def __init__(self, item_id: str, key: KeyLike) -> None:
        self.item_id = item_id
        value, tolerance = key.value, key.tolerance
        self.value = float(value) if value is not None and math.isfinite(value) else math.nan
        self.tolerance = (
            float(tolerance)
            if tolerance is not None and math.isfinite(tolerance)
            else _DEFAULT_TOLERANCE
        )
        forms = ("words",) if key.forms is None else key.forms
        self.words = "words" in forms
        self.shapes = {"decimal"} | ({"fraction", "mixed"} & set(forms))
        self.units = UnitSet(key.units)
        self.in_sentence = bool(key.in_sentence)
        self.span_words = _MAX_SPAN_WORDS

    def mark(self, answer: object) -> Mark:
        if is_real(answer):
            if is_int(answer):
                close = self._close(Fraction(int(answer)))
            elif math.isfinite(float(answer)):
                close = self._close(float(answer))
            else:
                raise ResponseDataError(
                    f"Item {self.item_id!r} expects a finite number. Got {answer!r}."
                )
            return Mark(int(close), "number" if close else "wrong")
        text = _answer_text(answer, self.item_id, "a number as answer")
        normalised = normalise_text(text)
        reading = read_number(normalised, self.units)
        if reading is not None:
            return self._judge(reading)
        if self.in_sentence:
            sentence = self._sentence_mark(text)
            if sentence is not None:
                return sentence
        if any(char.isdigit() for char in normalised) or mentions_number_word(
            sentence_tokens(normalised)
        ):
            return Mark(0, "not_one_number")
        raise ResponseDataError(
            f"Item {self.item_id!r} expects a number as answer (digits such as 12 or 3.5, or "
            f"number words such as 'twelve' or '열둘'). Got {_shorten(text)!r}."
        )

    def _close(self, value: Fraction | float) -> bool:
        # Floats, as keys are floats: a key's own repr always reads back as the key.
        try:
            number = float(value)
        except OverflowError:
            return False
        return abs(number - self.value) <= self.tolerance

    def _judge(self, reading: NumberReading) -> Mark:
        if not self._close(reading.value):
            return Mark(0, "wrong")
        if (reading.notation == "words" and not self.words) or reading.shape not in self.shapes:
            return Mark(0, "form_not_accepted")
        return Mark(1, "number")

    def _span_may_start(self, token: str) -> bool:
        return _could_start_number(token)

    def _span_verdict(self, text: str) -> bool | None:
        if not text.isascii() and not _has_digit(text) and not self._names_unit(text):
            return None  # Korean number words count in a sentence only with their counter
        reading = read_number(text, self.units)
        if reading is None or (reading.korean_words and reading.unit is None):
            return None
        return self._judge(reading).score == 1

    def _names_unit(self, text: str) -> bool:
        return any(unit in text for unit in self.units.units)


class _ShortAnswerMarker(_SentenceReader):
    def __init__(self, item_id: str, key: KeyLike) -> None:
        self.item_id = item_id
        accepted = key.accepted or ()
        self.accepted = frozenset(normalise_text(text) for text in accepted)
        self.compact = frozenset(map(_without_digit_letter_spaces, self.accepted))
        # "10시" may come as "10 시" in a sentence: its words are read with such spaces too
        spaced = [*accepted, *(_DIGIT_LETTER_JOIN.sub(" ", text) for text in accepted)]
        self.first_words = frozenset(tokens[0] for tokens in map(sentence_tokens, spaced) if tokens)
        self.units = UnitSet(key.units)
        self.forms = frozenset(key.forms or ())
        readings = (read_number(text, self.units) for text in self.accepted)
        self.numbers = tuple(r for r in readings if r is not None and r.notation == "digits")
        self.reads_numbers = bool(self.numbers) and bool(self.forms or self.units)
        self.in_sentence = bool(key.in_sentence)
        longest = max((len(sentence_tokens(text)) for text in spaced), default=1)
        self.span_words = max(longest + 1, _MAX_SPAN_WORDS if self.reads_numbers else 0)

    def mark(self, answer: object) -> Mark:
        text = _answer_text(answer, self.item_id, "a text answer")
        normalised = normalise_text(text)
        if normalised in self.accepted or _without_digit_letter_spaces(normalised) in self.compact:
            return Mark(1, "exact")
        if self.reads_numbers:
            reading = read_number(normalised, self.units)
            if reading is not None:
                judged = self._judge(reading)
                if judged.score or not self.in_sentence:
                    return judged
        if self.in_sentence:
            sentence = self._sentence_mark(text)
            if sentence is not None:
                return sentence
        return Mark(0, "wrong")

    def _judge(self, reading: NumberReading) -> Mark:
        if reading.notation == "words" and "words" not in self.forms:
            return Mark(0, "form_not_accepted")
        for key in self.numbers:
            if reading.structure is not None or key.structure is not None:
                same = reading.structure == key.structure
            else:
                same = reading.value == key.value
            if same:
                return Mark(1, "form" if reading.notation == "words" else "number")
        for key in self.numbers:
            if reading.value == key.value:
                if reading.shape in self.forms:
                    return Mark(1, "form")
                return Mark(0, "form_not_accepted")
        return Mark(0, "wrong")

    def _span_may_start(self, token: str) -> bool:
        return token in self.first_words or (bool(self.numbers) and _could_start_number(token))

    def _span_verdict(self, text: str) -> bool | None:
        if text in self.accepted or _without_digit_letter_spaces(text) in self.compact:
            return True
        if not self.numbers:
            return None
        reading = read_number(text, self.units)
        if reading is None or (reading.korean_words and reading.unit is None):
            return None
        return self.reads_numbers and self._judge(reading).score == 1
