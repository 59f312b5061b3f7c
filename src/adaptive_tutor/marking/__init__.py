"""Marking rules: when a learner's typed or chosen answer matches an item's key.

The one place that decides what counts as the same answer, used by
:meth:`adaptive_tutor.item.Item.score` and :meth:`~adaptive_tutor.item.Item.mark`. The
marking rules are tabled with examples in the documentation's guide "Bring your own study
material" (docs/guides/study_material.md).

- :func:`normalise_text`: case, Unicode NFC and full-width forms, spacing (also around
  ``/ . ,``), trailing end punctuation.
- :func:`read_number`: digits (thousands separators, decimal commas), English and Korean
  number words, fractions and mixed numbers, a currency sign, a declared unit or counter.
- :func:`make_marker`: an item's key compiled once into a marker; ``marker.mark(answer)``
  returns a :class:`Mark` (score and the rule that decided).

Examples
--------
>>> normalise_text("Ｍａｘ.")
'max'
>>> read_number("fifty-six").value, read_number("3분의 2").value
(Fraction(56, 1), Fraction(2, 3))
"""

from __future__ import annotations

from adaptive_tutor.marking._markers import (
    ANSWER_FORMS,
    MAX_ANSWER_LENGTH,
    MAX_SENTENCE_WORDS,
    Mark,
    Marker,
    make_marker,
)
from adaptive_tutor.marking._numbers import (
    CURRENCY_SYMBOLS,
    NumberReading,
    UnitSet,
    parse_number_text,
    read_number,
)
from adaptive_tutor.marking._text import fold_characters, normalise_text, sentence_tokens

__all__ = [
    "ANSWER_FORMS",
    "CURRENCY_SYMBOLS",
    "MAX_ANSWER_LENGTH",
    "MAX_SENTENCE_WORDS",
    "Mark",
    "Marker",
    "NumberReading",
    "UnitSet",
    "fold_characters",
    "make_marker",
    "normalise_text",
    "parse_number_text",
    "read_number",
    "sentence_tokens",
]
