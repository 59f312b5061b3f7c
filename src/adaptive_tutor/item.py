"""The content of an item bank: metadata, skills and items with their keys and parameters.

These frozen dataclasses mirror the JSON format one to one (``from_dict``/``to_dict``), so a
bank survives a JSON round trip unchanged. They hold already-validated data: build them
through :class:`adaptive_tutor.item_bank.ItemBank`, which checks a document first.

Examples
--------
>>> from adaptive_tutor.examples import tiny_bank_document
>>> Item.from_dict(tiny_bank_document()["items"][1]).score("7")
1
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from adaptive_tutor._bank_metadata import BankMetadata, Skill
from adaptive_tutor._item_parts import (
    Answer,
    Choice,
    IRTSpec,
    MediaReference,
    RubricLevel,
    drop_none,
)
from adaptive_tutor.exceptions import ResponseDataError
from adaptive_tutor.marking import Mark, Marker, make_marker, normalise_text, parse_number_text

__all__ = [
    "Answer",
    "BankMetadata",
    "Choice",
    "IRTSpec",
    "Item",
    "Mark",
    "MediaReference",
    "RubricLevel",
    "Skill",
    "normalise_text",
    "parse_number_text",
]


@dataclass(frozen=True)
class Item:
    """One exercise: content, answer key or rubric, and IRT parameters.

    Parameters
    ----------
    id : str
        The item's id, unique in its bank.
    skills : tuple of str
        The skills it practises (the first is its main skill).
    grade : int
        The school grade it is written for.
    type : str
        ``"multiple_choice"``, ``"numeric"``, ``"short_answer"`` or ``"partial_credit"``.
    prompt : str
        The question the child reads.
    max_score : int
        The highest score (1 for right/wrong items).
    irt : IRTSpec
        Its IRT parameters as written in the bank.
    choices : tuple of Choice, default ()
        The options of a multiple-choice item.
    answer : Answer, optional
        The answer key (items scored by a rubric have none).
    rubric : tuple of RubricLevel, default ()
        The score levels of a partial-credit item.
    estimated_minutes : float, optional
        The usual time the item takes (rapid-guess thresholds, time budgets).
    tags : tuple of str, default ()
        Free labels of the publisher.
    media : tuple of MediaReference, default ()
        Pictures, sounds or documents shown with the item.
    enemies : tuple of str, default ()
        Items never to give together with this one.
    explanation : str, optional
        Shown after the answer: how to get it right.

    Examples
    --------
    >>> from adaptive_tutor.examples import tiny_bank_document
    >>> item = Item.from_dict(tiny_bank_document()["items"][0])
    >>> item.type, item.n_categories, item.score("B")
    ('multiple_choice', 2, 1)
    """

    id: str
    skills: tuple[str, ...]
    grade: int
    type: str
    prompt: str
    max_score: int
    irt: IRTSpec
    choices: tuple[Choice, ...] = ()
    answer: Answer | None = None
    rubric: tuple[RubricLevel, ...] = ()
    estimated_minutes: float | None = None
    tags: tuple[str, ...] = ()
    media: tuple[MediaReference, ...] = ()
    enemies: tuple[str, ...] = ()
    explanation: str | None = None
    # Which optional list fields the document spelled out (even empty), for a lossless round
    # trip; not part of equality.
    _present: frozenset[str] = field(default=frozenset(), compare=False, repr=False)

    @property
    def n_categories(self) -> int:
        """Number of score categories (``max_score + 1``).

        Examples
        --------
        >>> from adaptive_tutor.examples import tiny_bank_document
        >>> Item.from_dict(tiny_bank_document()["items"][2]).n_categories
        3
        """
        return self.max_score + 1

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Item:
        """Build an item from its (already validated) JSON object.

        Parameters
        ----------
        data : mapping
            A (validated) item object of a bank document.

        Returns
        -------
        Item
            The item.

        Examples
        --------
        >>> from adaptive_tutor.examples import tiny_bank_document
        >>> Item.from_dict(tiny_bank_document()["items"][0]).id
        'count-1'
        """
        answer_data = data.get("answer")
        answer = Answer.from_dict(answer_data) if answer_data is not None else None
        optional_lists = ("choices", "rubric", "tags", "media", "enemies")
        return cls(
            id=data["id"],
            skills=tuple(data["skills"]),
            grade=int(data["grade"]),
            type=data["type"],
            prompt=data["prompt"],
            max_score=int(data["max_score"]),
            irt=IRTSpec.from_dict(data["irt"]),
            choices=tuple(
                Choice(c["id"], c["text"], c.get("feedback")) for c in data.get("choices", ())
            ),
            answer=answer,
            rubric=tuple(
                RubricLevel(int(r["score"]), r["description"]) for r in data.get("rubric", ())
            ),
            estimated_minutes=data.get("estimated_minutes"),
            tags=tuple(data.get("tags", ())),
            media=tuple(
                MediaReference(m["type"], m["uri"], m.get("alt")) for m in data.get("media", ())
            ),
            enemies=tuple(data.get("enemies", ())),
            explanation=data.get("explanation"),
            _present=frozenset(name for name in optional_lists if name in data),
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the item as a JSON-compatible object (the inverse of ``from_dict``).

        Returns
        -------
        dict
            The item object, as it was read.

        Examples
        --------
        >>> from adaptive_tutor.examples import tiny_bank_document
        >>> doc = tiny_bank_document()["items"][0]
        >>> Item.from_dict(doc).to_dict() == doc
        True
        """
        lists: dict[str, list[Any]] = {
            "choices": [choice.to_dict() for choice in self.choices],
            "rubric": [{"score": r.score, "description": r.description} for r in self.rubric],
            "tags": list(self.tags),
            "media": [drop_none(vars(m)) for m in self.media],
            "enemies": list(self.enemies),
        }
        result: dict[str, Any] = {
            "id": self.id,
            "skills": list(self.skills),
            "grade": self.grade,
            "type": self.type,
            "prompt": self.prompt,
        }
        for name in ("choices",):
            if lists[name] or name in self._present:
                result[name] = lists[name]
        if self.answer is not None:
            result["answer"] = self.answer.to_dict()
        if self.rubric or "rubric" in self._present:
            result["rubric"] = lists["rubric"]
        result["max_score"] = self.max_score
        result["irt"] = self.irt.to_dict()
        if self.estimated_minutes is not None:
            result["estimated_minutes"] = self.estimated_minutes
        for name in ("tags", "media", "enemies"):
            if lists[name] or name in self._present:
                result[name] = lists[name]
        if self.explanation is not None:
            result["explanation"] = self.explanation
        return result

    def score(self, answer: object) -> int:
        """Score a learner's raw answer: 1 if it matches the key, else 0.

        The marking rules (``adaptive_tutor.marking``, tabled in the documentation) apply:
        multiple choice takes a choice id in any case or a choice's text; numeric items
        take a number, digits or number words (English or Korean), with a currency sign or
        a declared unit; short answers compare text with case, width, spacing and end
        punctuation folded. Partial-credit items are scored by a person against the
        rubric, so record their score directly instead.

        Parameters
        ----------
        answer : str or number
            What the learner typed or chose.

        Returns
        -------
        int
            1 if the answer is accepted, else 0.

        Raises
        ------
        ResponseDataError
            If the item is a partial-credit item, a multiple-choice answer names no choice,
            a numeric answer contains no number, or the answer is empty or too long.

        Examples
        --------
        >>> from adaptive_tutor.examples import tiny_bank_document
        >>> item = Item.from_dict(tiny_bank_document()["items"][1])
        >>> item.score(7), item.score(" 7.0 "), item.score("seven."), item.score("8")
        (1, 1, 1, 0)
        """
        return self.mark(answer).score

    def mark(self, answer: object) -> Mark:
        """Mark a learner's raw answer: the score, the rule that decided and the choice.

        Parameters
        ----------
        answer : str or number
            What the learner typed or chose.

        Returns
        -------
        Mark
            ``score`` (0 or 1), ``rule`` (which marking rule decided; see the documentation),
            for multiple choice, the ``choice`` id the answer selected.

        Raises
        ------
        ResponseDataError
            As for :meth:`score`.

        Examples
        --------
        >>> from adaptive_tutor.examples import tiny_bank_document
        >>> item = Item.from_dict(tiny_bank_document()["items"][0])
        >>> item.mark("b"), item.mark("2").choice
        (Mark(score=1, rule='choice_id', choice='B'), 'A')
        """
        return self._marker.mark(answer)

    @cached_property
    def _marker(self) -> Marker:
        if self.type == "partial_credit" or self.answer is None:
            return _RubricMarker(self.id, self.max_score)
        return make_marker(self.id, self.type, self.answer, self.choices)


class _RubricMarker:
    def __init__(self, item_id: str, max_score: int) -> None:
        self.item_id = item_id
        self.max_score = max_score

    def mark(self, answer: object) -> Mark:
        raise ResponseDataError(
            f"Item {self.item_id!r} is a partial-credit item scored against its rubric; record "
            f"its score 0..{self.max_score} instead of a raw answer."
        )
