"""What every mastery judgement shares: the status vocabulary and the classifier base.

:mod:`adaptive_tutor.mastery` describes the judgement and holds the two classifiers;
this module holds the status codes and labels, the cut a classifier judges against, and
:class:`MasteryClassifier`, which turns a subclass's decision into codes for a context or
for many learners at once (the minimum number of items, the skill graph).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from adaptive_tutor._mastery_evidence import MasteryEvidence
from adaptive_tutor._mastery_graph import along_graph as _along_graph
from adaptive_tutor._repr import settings_repr
from adaptive_tutor._validation import (
    check_choice,
    check_int,
    check_real,
    is_finite_real,
    is_real,
    name_some,
    parameter_error,
)
from adaptive_tutor.context import DecisionContext
from adaptive_tutor.effort import DEFAULT_RAPID_GUESS, RapidGuessRule
from adaptive_tutor.item_bank import ItemBank

FloatArray = NDArray[np.float64]
IndexArray = NDArray[np.intp]
CodeArray = NDArray[np.int8]
BoolArray = NDArray[np.bool_]

MASTERED = "mastered"
UNDETERMINED = "undetermined"
NOT_MASTERED = "not_mastered"
TOO_FEW_ANSWERS = "too_few_answers"
STATUSES = (MASTERED, UNDETERMINED, NOT_MASTERED, TOO_FEW_ANSWERS)
"""Every status code, from the most to the least secure."""

CODES = {MASTERED: 1, NOT_MASTERED: 0, UNDETERMINED: -1, TOO_FEW_ANSWERS: -2}
"""Integer code of each status (arrays of codes are what the engines pass around)."""

_LABELS = np.array([TOO_FEW_ANSWERS, UNDETERMINED, NOT_MASTERED, MASTERED], dtype=object)

MIN_RESPONSES_FOR_MASTERY = 3
"""Fewest distinct items answered on a skill before it is mastered or not mastered.

With a handful of answers the posterior mostly reflects the prior, and a child must not
be labelled on that.
"""

Cut = float | Mapping[str, float] | str
"""A mastery cut: ``"grade"``, one number for every skill, or a number per skill id."""


def status_labels(codes: Any) -> NDArray[np.object_]:
    """Status codes (strings) for an array of integer codes (see :data:`CODES`).

    Parameters
    ----------
    codes : array-like of int
        Codes (see :data:`CODES`), any shape.

    Returns
    -------
    ndarray of str
        The status of each code, same shape.

    Examples
    --------
    >>> status_labels([1, 0, -1, -2]).tolist()
    ['mastered', 'not_mastered', 'undetermined', 'too_few_answers']
    """
    values = np.asarray(codes, dtype=np.int64)
    return np.asarray(_LABELS[values + 2], dtype=object)


def skill_response_counts(context: DecisionContext) -> NDArray[np.int64]:
    """Distinct items answered in the context's history for each skill (bank order).

    Each item counts once for every skill it practises, however often it was answered.

    Parameters
    ----------
    context : DecisionContext
        The decision's bank and history.

    Returns
    -------
    ndarray of int, shape (n_skills,)
        Distinct items answered per skill.

    Examples
    --------
    >>> from adaptive_tutor.context import DecisionContext, ResponseHistory
    >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
    >>> bank = ItemBank.from_dict(tiny_bank_document())
    >>> history = ResponseHistory.from_records(
    ...     bank, [("add-1", 1), ("story-1", 0), ("add-1", 1)])
    >>> skill_response_counts(DecisionContext(bank, None, history)).tolist()
    [0, 2]
    """
    answered = np.unique(context.history.item_index)
    matrix = context.bank.skill_matrix[answered]
    return np.asarray(matrix.sum(axis=0), dtype=np.int64)


# --------------------------------------------------------------------------- classifiers
class MasteryClassifier(ABC):
    """Base class of the mastery judgements: per-skill status codes from the evidence.

    Subclasses write ``_decide(bank, evidence) -> (codes, against)``: codes 1 mastered,
    0 not mastered, -1 undetermined, and ``against``, True where the skill's own answers
    point below its cut (such a skill is never mastered through the skill graph), both
    of shape (n_learners, n_skills); the base class applies the minimum number of
    distinct items (:data:`TOO_FEW_ANSWERS` below it), the skill graph, and reads the
    evidence from a decision context.

    Attributes
    ----------
    cut : "grade", float or mapping of skill id to float
        ``"grade"``: each skill's grade-level benchmark,
        :attr:`~adaptive_tutor.item_bank.ItemBank.skill_benchmarks`; a float: one cut on
        every skill's scale; a mapping: a cut per skill id (skills left out use their
        grade-level benchmark).
    min_responses : int
        Fewest distinct items answered on a skill before it is decided.

    Examples
    --------
    Both classifiers share the minimum number of items and the skill graph; they differ
    in how they weigh the evidence (here two answers on 'add', which requires 'count'):

    >>> from adaptive_tutor import ItemBank, tiny_bank_document
    >>> from adaptive_tutor.context import DecisionContext, ResponseHistory
    >>> from adaptive_tutor.mastery import ConfidenceIntervalMastery, SPRTMastery
    >>> bank = ItemBank.from_dict(tiny_bank_document())
    >>> answers = ResponseHistory.from_records(bank, [("add-1", 1), ("story-1", 2)])
    >>> context = DecisionContext(bank, None, answers)
    >>> ConfidenceIntervalMastery(min_responses=2).classify(context)
    {'count': 'mastered', 'add': 'mastered'}
    >>> SPRTMastery(min_responses=2).classify(context)
    {'count': 'too_few_answers', 'add': 'undetermined'}
    """

    cut: Cut = "grade"
    min_responses: int = MIN_RESPONSES_FOR_MASTERY
    rapid_guess: RapidGuessRule | None = DEFAULT_RAPID_GUESS

    def classify(self, context: DecisionContext) -> dict[str, str]:
        """Return ``{skill_id: status}`` for the learner of ``context`` (bank order).

        Parameters
        ----------
        context : DecisionContext
            The decision's bank, learner and history.

        Returns
        -------
        dict of str to str
            Skill id to status (see :data:`STATUSES`), in bank order.

        Examples
        --------
        >>> from adaptive_tutor.mastery import ConfidenceIntervalMastery
        >>> from adaptive_tutor.context import DecisionContext
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> ConfidenceIntervalMastery().classify(DecisionContext(bank, None))
        {'count': 'too_few_answers', 'add': 'too_few_answers'}
        """
        labels = status_labels(self.codes(context))
        return dict(zip(context.bank.skill_ids, labels.tolist(), strict=True))

    def codes(self, context: DecisionContext) -> CodeArray:
        """Per-skill codes (see :data:`CODES`) from the context's history, bank order.

        Parameters
        ----------
        context : DecisionContext
            The decision's bank and history.

        Returns
        -------
        ndarray of int8, shape (n_skills,)
            One code per skill, in bank order.

        Examples
        --------
        >>> from adaptive_tutor.mastery import ConfidenceIntervalMastery
        >>> from adaptive_tutor.context import DecisionContext
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> ConfidenceIntervalMastery(cut=-3.0, min_responses=0).codes(DecisionContext(bank, None))
        array([-1, -1], dtype=int8)

        (Without answers the prior alone would put 0.999 above the cut: undetermined.)
        """
        evidence = _context_evidence(self, context)
        codes: CodeArray = self.evidence_codes(context.bank, evidence)[0]
        return codes

    def evidence_codes(
        self, bank: ItemBank, evidence: MasteryEvidence, *, along_graph: bool = True
    ) -> CodeArray:
        """Codes of many learners at once: shape (n_learners, n_skills).

        ``along_graph=False`` gives each skill's own status, before mastered skills show
        their prerequisites (see the module).

        Parameters
        ----------
        bank : ItemBank
            The bank the evidence is on.
        evidence : MasteryEvidence
            The answers of every learner (latest answer to each item).
        along_graph : bool, default True
            Let mastered skills show their prerequisites as mastered.

        Returns
        -------
        ndarray of int8, shape (n_learners, n_skills)
            One code per learner and skill (see :data:`CODES`).

        Raises
        ------
        ValueError
            If ``cut`` is a mapping naming skill ids that the bank does not have.

        Examples
        --------
        >>> from adaptive_tutor.mastery import ConfidenceIntervalMastery
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> evidence = MasteryEvidence.from_matrix(np.array([[1.0, 1.0, 2.0], [0, 0, 0]]))
        >>> classifier = ConfidenceIntervalMastery(min_responses=2)
        >>> classifier.evidence_codes(bank, evidence, along_graph=False).tolist()
        [[-2, 1], [-2, -1]]
        >>> classifier.evidence_codes(bank, evidence).tolist()  # 'add' shows 'count'
        [[1, 1], [-2, -1]]
        """
        codes, against = self._own_codes(bank, evidence)
        if along_graph:
            codes = _along_graph(bank, codes, against)[0]
        return codes

    def _own_codes(self, bank: ItemBank, evidence: MasteryEvidence) -> tuple[CodeArray, BoolArray]:
        """Each skill's own codes (``along_graph=False``) and where its answers point below.

        ``against`` (True where the skill's own answers point below its cut) keeps the
        skill graph from showing that skill mastered.
        """
        self.skill_cuts(bank)  # unknown skill ids raise before anything else
        decided, against = self._decide(bank, evidence)
        codes = np.asarray(decided, dtype=np.int8)
        if self.min_responses > 0:
            codes[evidence.distinct_counts(bank) < self.min_responses] = CODES[TOO_FEW_ANSWERS]
        return codes, np.asarray(against, dtype=bool)

    def skill_cuts(self, bank: ItemBank) -> FloatArray:
        """The cut of each skill of ``bank``, in :attr:`ItemBank.skill_ids` order.

        Parameters
        ----------
        bank : ItemBank
            The bank whose skills are judged.

        Returns
        -------
        ndarray of float
            One cut per skill.

        Raises
        ------
        ValueError
            If ``cut`` is a mapping naming skill ids that the bank does not have.

        Examples
        --------
        >>> from adaptive_tutor.mastery import ConfidenceIntervalMastery
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> ConfidenceIntervalMastery().skill_cuts(bank).tolist()  # grade-level benchmarks
        [-1.5, -0.5]
        >>> ConfidenceIntervalMastery({"add": 0.25}).skill_cuts(bank).tolist()
        [-1.5, 0.25]
        """
        return _resolve_cut(self.cut, bank, type(self).__name__)

    def rapid_guesses(
        self, bank: ItemBank, item_index: ArrayLike, response_time: ArrayLike
    ) -> NDArray[np.bool_]:
        """Which answers this judgement leaves out as rapid guesses (all False when off).

        Parameters
        ----------
        bank : ItemBank
            The bank of the answers.
        item_index : array-like of int
            Bank positions of the answered items.
        response_time : array-like of float
            Seconds spent on each answer (NaN when unknown).

        Returns
        -------
        ndarray of bool
            One flag per answer.

        Examples
        --------
        >>> from adaptive_tutor.mastery import ConfidenceIntervalMastery
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> rule = RapidGuessRule(typical_seconds={"count-1": 30.0})  # threshold 3 s
        >>> ConfidenceIntervalMastery(rapid_guess=rule).rapid_guesses(bank, [0], [1.0]).tolist()
        [True]
        >>> ConfidenceIntervalMastery(rapid_guess=None).rapid_guesses(bank, [0], [1.0]).tolist()
        [False]
        """
        if self.rapid_guess is None:
            return np.zeros(np.shape(item_index), dtype=bool)
        return self.rapid_guess.flags(bank, item_index, response_time)

    def _set_cut(self, cut: Any, min_responses: Any, owner: str, rapid_guess: Any) -> None:
        """Validate and store the common settings (for subclass constructors)."""
        self.cut = _check_cut(cut, owner)
        self.min_responses = check_int(min_responses, "min_responses", owner, minimum=0)
        if rapid_guess is not None and not isinstance(rapid_guess, RapidGuessRule):
            raise TypeError(
                f"The 'rapid_guess' parameter of {owner} must be a RapidGuessRule or None (no "
                f"effort moderation). Got {type(rapid_guess).__name__}."
            )
        self.rapid_guess = rapid_guess

    @abstractmethod
    def _decide(self, bank: ItemBank, evidence: MasteryEvidence) -> tuple[CodeArray, BoolArray]: ...

    def __repr__(self) -> str:
        return settings_repr(self)


def _context_evidence(classifier: MasteryClassifier, context: DecisionContext) -> MasteryEvidence:
    """The evidence of a context's history, without the classifier's rapid guesses."""
    history = context.history
    excluded = classifier.rapid_guesses(context.bank, history.item_index, history.response_time)
    return MasteryEvidence.from_history(history, excluded)


def _check_cut(cut: Any, owner: str) -> Cut:
    """Validate a cut: "grade", a finite real number, or a mapping of skill id to one."""
    if isinstance(cut, str):
        return check_choice(cut, "cut", owner, ("grade",))
    if isinstance(cut, Mapping):
        checked: dict[str, float] = {}
        for skill_id, value in cut.items():
            good_value = is_finite_real(value)
            if not isinstance(skill_id, str) or not good_value:
                raise parameter_error(
                    "cut",
                    owner,
                    "a mapping of skill ids (str) to finite real numbers",
                    {skill_id: value},
                )
            checked[skill_id] = float(value)
        return checked
    if not is_real(cut):
        raise TypeError(
            f"The 'cut' parameter of {owner} must be 'grade', a real number or a mapping of "
            f"skill id to real number. Got {cut!r} of type {type(cut).__name__}."
        )
    return check_real(cut, "cut", owner)


def _resolve_cut(cut: Cut, bank: ItemBank, owner: str) -> FloatArray:
    """Per-skill cuts for ``bank`` (bank skill order) from a checked cut."""
    if isinstance(cut, str):
        return np.array(bank.skill_benchmarks, dtype=np.float64)
    if isinstance(cut, Mapping):
        known = set(bank.skill_ids)
        unknown = [skill_id for skill_id in cut if skill_id not in known]
        if unknown:
            raise ValueError(
                f"The 'cut' parameter of {owner} names skill ids that bank "
                f"{bank.metadata.id!r} does not have: {name_some(unknown)}. Its skills are "
                f"{name_some(bank.skill_ids, limit=20)}; give cuts for those skills only."
            )
        cuts = np.array(bank.skill_benchmarks, dtype=np.float64)
        for position, skill_id in enumerate(bank.skill_ids):
            if skill_id in cut:
                cuts[position] = cut[skill_id]
        return cuts
    return np.full(len(bank.skill_ids), float(cut))
