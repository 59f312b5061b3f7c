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

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from adaptive_tutor._locale_text import translated
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


def _drop_none(mapping: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in mapping.items() if value is not None}


def _translations(data: Mapping[str, Any] | None) -> dict[str, str] | None:
    return None if data is None else {str(k): str(v) for k, v in data.items()}


@dataclass(frozen=True)
class BankMetadata:
    """Descriptive metadata of an item bank.

    Examples
    --------
    >>> from adaptive_tutor.examples import tiny_bank_document
    >>> meta = BankMetadata.from_dict(tiny_bank_document()["bank"])
    >>> meta.language, meta.grade_range
    ('en', (1, 2))
    """

    id: str
    title: str
    subject: str
    language: str
    grade_range: tuple[int, int]
    provider: str
    licence: str
    description: str | None = None
    source: str | None = None
    version: str | None = None
    scale: Mapping[str, Any] | None = None
    titles: Mapping[str, str] | None = None
    spelling: str | None = None

    def title_in(self, locale: str | None) -> str:
        """The bank title in ``locale`` when the bank gives one (schema 1.1 ``titles``).

        Examples
        --------
        >>> from adaptive_tutor.examples import tiny_bank_document
        >>> data = dict(tiny_bank_document()["bank"], titles={"ko": "작은 문제은행"})
        >>> BankMetadata.from_dict(data).title_in("ko")
        '작은 문제은행'
        """
        return translated(self.title, self.titles, locale)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> BankMetadata:
        """Build metadata from the bank document's ``bank`` object.

        Examples
        --------
        >>> from adaptive_tutor.examples import tiny_bank_document
        >>> BankMetadata.from_dict(tiny_bank_document()["bank"]).id
        'tiny'
        """
        low, high = data["grade_range"]
        return cls(
            id=data["id"],
            title=data["title"],
            subject=data["subject"],
            language=data["language"],
            grade_range=(int(low), int(high)),
            provider=data["provider"],
            licence=data["licence"],
            description=data.get("description"),
            source=data.get("source"),
            version=data.get("version"),
            scale=copy.deepcopy(data.get("scale")),
            titles=_translations(data.get("titles")),
            spelling=data.get("spelling"),
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-compatible ``bank`` object.

        Examples
        --------
        >>> from adaptive_tutor.examples import tiny_bank_document
        >>> BankMetadata.from_dict(tiny_bank_document()["bank"]).to_dict()["grade_range"]
        [1, 2]
        """
        return _drop_none(
            {
                "id": self.id,
                "title": self.title,
                "titles": dict(self.titles) if self.titles is not None else None,
                "description": self.description,
                "subject": self.subject,
                "language": self.language,
                "spelling": self.spelling,
                "grade_range": list(self.grade_range),
                "provider": self.provider,
                "source": self.source,
                "licence": self.licence,
                "version": self.version,
                "scale": copy.deepcopy(self.scale),
            }
        )


@dataclass(frozen=True)
class Skill:
    """A skill of the curriculum, with the skills that must come before it.

    Examples
    --------
    >>> Skill.from_dict({"id": "add", "name": "Addition", "grade": 1}).prerequisites
    ()
    """

    id: str
    name: str
    grade: int
    description: str | None = None
    prerequisites: tuple[str, ...] = ()
    names: Mapping[str, str] | None = None

    def name_in(self, locale: str | None) -> str:
        """The skill name in ``locale`` when the bank gives one (schema 1.1 ``names``).

        Examples
        --------
        >>> skill = Skill.from_dict({"id": "add", "name": "Addition", "grade": 1,
        ...                          "names": {"ko": "덧셈"}})
        >>> skill.name_in("ko"), skill.name_in("en")
        ('덧셈', 'Addition')
        """
        return translated(self.name, self.names, locale)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Skill:
        """Build a skill from its JSON object.

        Examples
        --------
        >>> Skill.from_dict({"id": "a", "name": "A", "grade": 2, "prerequisites": ["b"]}).grade
        2
        """
        prerequisites = data.get("prerequisites")
        return cls(
            id=data["id"],
            name=data["name"],
            grade=int(data["grade"]),
            description=data.get("description"),
            prerequisites=tuple(prerequisites) if prerequisites is not None else (),
            names=_translations(data.get("names")),
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the skill as a JSON-compatible object.

        Examples
        --------
        >>> Skill("a", "A", 1).to_dict()
        {'id': 'a', 'name': 'A', 'grade': 1, 'prerequisites': []}
        """
        return _drop_none(
            {
                "id": self.id,
                "name": self.name,
                "names": dict(self.names) if self.names is not None else None,
                "description": self.description,
                "grade": self.grade,
                "prerequisites": list(self.prerequisites),
            }
        )


@dataclass(frozen=True)
class Choice:
    """One option of a multiple-choice item.

    Examples
    --------
    >>> Choice("A", "12").text
    '12'
    """

    id: str
    text: str
    feedback: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the choice as a JSON-compatible object.

        Examples
        --------
        >>> Choice("A", "12").to_dict()
        {'id': 'A', 'text': '12'}
        """
        return _drop_none({"id": self.id, "text": self.text, "feedback": self.feedback})


@dataclass(frozen=True)
class Answer:
    """The answer key: a choice id, a numeric value (with tolerance) or accepted texts.

    ``unit``, ``forms`` and ``in_sentence`` (schema 1.1) widen what a typed answer may look
    like; see the README's "Marking answers" section.

    Attributes
    ----------
    choice : str or None
        The key of a multiple-choice item.
    value, tolerance : float or None
        The key of a numeric item and the accepted absolute difference (default 1e-9).
    accepted : tuple of str or None
        The accepted texts of a short-answer item.
    unit : str or tuple of str or None
        Units or counters that may follow the number (``"cm"``, ``("개", "개요")``), as
        written in the bank (a string or a list).
    forms : tuple of str or None
        Other ways of writing a number key that are accepted: ``"words"``, ``"fraction"``,
        ``"mixed"``, ``"decimal"``. ``None`` means the default (numeric items accept number
        words; short answers only their accepted texts).
    in_sentence : bool or None
        Accept a short sentence that contains exactly one accepted answer.

    Examples
    --------
    >>> Answer(value=0.5, tolerance=0.01).to_dict()
    {'value': 0.5, 'tolerance': 0.01}
    >>> Answer(value=5, unit="cm").units
    ('cm',)
    """

    choice: str | None = None
    value: float | None = None
    tolerance: float | None = None
    accepted: tuple[str, ...] | None = None
    unit: str | tuple[str, ...] | None = None
    forms: tuple[str, ...] | None = None
    in_sentence: bool | None = None

    @property
    def units(self) -> tuple[str, ...]:
        """The declared units as a tuple (empty when none are declared).

        Examples
        --------
        >>> Answer(value=3, unit=("개", "개요")).units
        ('개', '개요')
        """
        if self.unit is None:
            return ()
        return (self.unit,) if isinstance(self.unit, str) else tuple(self.unit)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Answer:
        """Build the key from the item's (validated) ``answer`` object.

        Examples
        --------
        >>> Answer.from_dict({"value": 3, "unit": ["개"], "in_sentence": True}).units
        ('개',)
        """
        accepted = data.get("accepted")
        unit = data.get("unit")
        forms = data.get("forms")
        return cls(
            choice=data.get("choice"),
            value=data.get("value"),
            tolerance=data.get("tolerance"),
            accepted=tuple(accepted) if accepted is not None else None,
            unit=unit if unit is None or isinstance(unit, str) else tuple(unit),
            forms=tuple(forms) if forms is not None else None,
            in_sentence=data.get("in_sentence"),
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the key as a JSON-compatible object.

        Examples
        --------
        >>> Answer(choice="B").to_dict()
        {'choice': 'B'}
        """
        accepted = list(self.accepted) if self.accepted is not None else None
        unit = self.unit if self.unit is None or isinstance(self.unit, str) else list(self.unit)
        return _drop_none(
            {
                "choice": self.choice,
                "value": self.value,
                "tolerance": self.tolerance,
                "accepted": accepted,
                "unit": unit,
                "forms": list(self.forms) if self.forms is not None else None,
                "in_sentence": self.in_sentence,
            }
        )


@dataclass(frozen=True)
class RubricLevel:
    """One score level of a partial-credit scoring rubric.

    Examples
    --------
    >>> RubricLevel(2, "Correct answer with working shown").score
    2
    """

    score: int
    description: str


@dataclass(frozen=True)
class MediaReference:
    """A picture, sound, video or document shown with an item.

    Examples
    --------
    >>> MediaReference("image", "media/apples.png", "Five red apples").alt
    'Five red apples'
    """

    type: str
    uri: str
    alt: str | None = None


@dataclass(frozen=True)
class IRTSpec:
    """The item response theory parameters of one item as written in the bank.

    Examples
    --------
    >>> IRTSpec.from_dict({"model": "2PL", "a": 1.2, "b": -0.5}).to_dict()
    {'model': '2PL', 'a': 1.2, 'b': -0.5}
    """

    model: str
    a: float | None = None
    b: float | None = None
    c: float | None = None
    d: float | None = None
    thresholds: tuple[float, ...] | None = None
    steps: tuple[float, ...] | None = None
    se: Mapping[str, Any] | None = None
    calibration: str | None = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> IRTSpec:
        """Build the spec from the item's ``irt`` object.

        Examples
        --------
        >>> IRTSpec.from_dict({"model": "GRM", "a": 1.0, "thresholds": [-1, 1]}).thresholds
        (-1, 1)
        """
        thresholds = data.get("thresholds")
        steps = data.get("steps")
        return cls(
            model=data["model"],
            a=data.get("a"),
            b=data.get("b"),
            c=data.get("c"),
            d=data.get("d"),
            thresholds=tuple(thresholds) if thresholds is not None else None,
            steps=tuple(steps) if steps is not None else None,
            se=copy.deepcopy(data.get("se")),
            calibration=data.get("calibration"),
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-compatible ``irt`` object.

        Examples
        --------
        >>> IRTSpec("1PL", b=0.3).to_dict()
        {'model': '1PL', 'b': 0.3}
        """
        return _drop_none(
            {
                "model": self.model,
                "a": self.a,
                "b": self.b,
                "c": self.c,
                "d": self.d,
                "thresholds": list(self.thresholds) if self.thresholds is not None else None,
                "steps": list(self.steps) if self.steps is not None else None,
                "se": copy.deepcopy(self.se),
                "calibration": self.calibration,
            }
        )

    def parameter_record(self) -> dict[str, Any]:
        """Return only the parameters (no standard errors or notes), for ItemParams.

        Examples
        --------
        >>> IRTSpec("2PL", a=1.0, b=0.0, calibration="guess").parameter_record()
        {'model': '2PL', 'a': 1.0, 'b': 0.0}
        """
        record = self.to_dict()
        record.pop("se", None)
        record.pop("calibration", None)
        return record


@dataclass(frozen=True)
class Item:
    """One exercise: content, answer key or rubric, and IRT parameters.

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
            "media": [_drop_none(vars(m)) for m in self.media],
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

        The marking rules (``adaptive_tutor.marking``, tabled in the README) apply:
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
            ``score`` (0 or 1), ``rule`` (which marking rule decided, see the README) and,
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
