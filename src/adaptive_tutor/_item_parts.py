"""The parts of an item as written in a bank: choices, answer key, rubric, media, IRT.

Frozen dataclasses that mirror the bank JSON one to one (``from_dict``/``to_dict``); a JSON
object leaves out the fields that are absent (:func:`drop_none`).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["Answer", "Choice", "IRTSpec", "MediaReference", "RubricLevel", "drop_none"]


def drop_none(mapping: Mapping[str, Any]) -> dict[str, Any]:
    """The mapping without its ``None`` values (absent fields stay out of the JSON)."""
    return {key: value for key, value in mapping.items() if value is not None}


@dataclass(frozen=True)
class Choice:
    """One option of a multiple-choice item.

    Parameters
    ----------
    id : str
        The option's letter or id (``"A"``), which the answer key names.
    text : str
        What the child reads.
    feedback : str, optional
        Shown after the child picks this option (why it is right or what went wrong).

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

        Returns
        -------
        dict
            The option as written in a bank.

        Examples
        --------
        >>> Choice("A", "12").to_dict()
        {'id': 'A', 'text': '12'}
        """
        return drop_none({"id": self.id, "text": self.text, "feedback": self.feedback})


@dataclass(frozen=True)
class Answer:
    """The answer key: a choice id, a numeric value (with tolerance) or accepted texts.

    ``unit``, ``forms`` and ``in_sentence`` (schema 1.1) widen what a typed answer may look
    like; see "Marking rules in detail" in the guide "Bring your own study material".

    Parameters
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

        Parameters
        ----------
        data : mapping
            The item's (validated) ``answer`` object.

        Returns
        -------
        Answer
            The key.

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

        Returns
        -------
        dict
            The ``answer`` object, without the fields left empty.

        Examples
        --------
        >>> Answer(choice="B").to_dict()
        {'choice': 'B'}
        """
        accepted = list(self.accepted) if self.accepted is not None else None
        unit = self.unit if self.unit is None or isinstance(self.unit, str) else list(self.unit)
        return drop_none(
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

    Parameters
    ----------
    score : int
        The score of this level (0 for the lowest).
    description : str
        What an answer at this level looks like.

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

    Parameters
    ----------
    type : str
        ``"image"``, ``"audio"``, ``"video"`` or ``"document"``.
    uri : str
        Where the app finds it (a URL or a path the app resolves).
    alt : str, optional
        A text description for those who cannot see or hear it.

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

    Parameters
    ----------
    model : str
        ``"1PL"``, ``"2PL"``, ``"3PL"``, ``"4PL"``, ``"GRM"``, ``"GPCM"`` or ``"PCM"``.
    a, b, c, d : float, optional
        Slope, difficulty, lower and upper asymptote (as the model uses them).
    thresholds : tuple of float, optional
        Increasing thresholds of a graded (GRM) item.
    steps : tuple of float, optional
        Step difficulties of a partial-credit item.
    se : mapping, optional
        Standard errors of the parameters, as calibration wrote them.
    calibration : str, optional
        A note on where the parameters come from.

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

        Parameters
        ----------
        data : mapping
            The item's (validated) ``irt`` object.

        Returns
        -------
        IRTSpec
            The parameters as written.

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

        Returns
        -------
        dict
            The ``irt`` object, without the fields left empty.

        Examples
        --------
        >>> IRTSpec("1PL", b=0.3).to_dict()
        {'model': '1PL', 'b': 0.3}
        """
        return drop_none(
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

        Returns
        -------
        dict
            ``model`` and the parameters it uses.

        Examples
        --------
        >>> IRTSpec("2PL", a=1.0, b=0.0, calibration="guess").parameter_record()
        {'model': '2PL', 'a': 1.0, 'b': 0.0}
        """
        record = self.to_dict()
        record.pop("se", None)
        record.pop("calibration", None)
        return record
