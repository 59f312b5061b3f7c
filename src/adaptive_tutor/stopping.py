"""Stopping rules: when an adaptive session has seen enough.

A stopping rule looks at a :class:`~adaptive_tutor.context.DecisionContext` and returns a
frozen :class:`StopDecision` with a machine-readable ``reason`` (``"max_items"``,
``"standard_error"``, ``"mastery_classified"``, ``"time_budget"``, ``"bank_exhausted"``,
...) and a ``detail`` dict of JSON-compatible numbers. Rules compose with :class:`AnyOf`
(stop when any says stop) and :class:`AllOf` (stop when all say stop), e.g. "at least 5
items, then stop once the SE is below 0.3, and never more than 30"::

    AnyOf(MaxItems(30), AllOf(MinItems(5), StandardErrorBelow(0.3)))

Each rule answers "is my condition met?"; :class:`MinItems` alone therefore stops after
its minimum and is meant to be combined with :class:`AllOf`.

Mastery is judged by :mod:`adaptive_tutor.mastery` (the one judgement sessions, gating,
simulation and reports share); :class:`MasteryClassified` stops once every chosen skill is
decided. The classifiers are importable from here too.

Examples
--------
>>> from adaptive_tutor.context import AbilityView, DecisionContext, ResponseHistory
>>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
>>> bank = ItemBank.from_dict(tiny_bank_document())
>>> history = ResponseHistory.from_records(bank, [("count-1", 1), ("add-1", 1)])
>>> context = DecisionContext(bank, AbilityView.prior(bank.skill_ids), history)
>>> AnyOf(MaxItems(2), StandardErrorBelow(0.3)).decide(context)
StopDecision(stop=True, reason='max_items', detail={'n_items': 2, 'max_items': 2})
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from adaptive_tutor._repr import settings_repr
from adaptive_tutor._validation import check_id_list, check_int, check_real
from adaptive_tutor.context import DecisionContext
from adaptive_tutor.mastery import (
    MASTERED,
    MIN_RESPONSES_FOR_MASTERY,
    NOT_MASTERED,
    TOO_FEW_ANSWERS,
    UNDETERMINED,
    ConfidenceIntervalMastery,
    MasteryClassifier,
    SPRTMastery,
    check_mastery,
    skill_response_counts,
    status_labels,
)

__all__ = [
    "MASTERED",
    "MIN_RESPONSES_FOR_MASTERY",
    "NOT_MASTERED",
    "TOO_FEW_ANSWERS",
    "UNDETERMINED",
    "AllOf",
    "AnyOf",
    "BankExhausted",
    "ConfidenceIntervalMastery",
    "MasteryClassified",
    "MasteryClassifier",
    "MaxItems",
    "MinItems",
    "SPRTMastery",
    "StandardErrorBelow",
    "StopDecision",
    "StoppingRule",
    "TimeBudget",
    "skill_response_counts",
]


@dataclass(frozen=True)
class StopDecision:
    """Whether to stop, why (machine-readable), and the numbers behind it.

    Parameters
    ----------
    stop : bool
        Whether the session stops.
    reason : str or None
        ``None`` when ``stop`` is False.
    detail : dict
        JSON-compatible numbers (counts, standard errors, skill labels).

    Examples
    --------
    >>> StopDecision(True, "max_items", {"n_items": 20}).reason
    'max_items'
    """

    stop: bool
    reason: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Return the decision as a JSON-compatible dict.

        Returns
        -------
        dict
            ``stop``, ``reason`` and ``detail``.

        Examples
        --------
        >>> StopDecision(False).to_dict()
        {'stop': False, 'reason': None, 'detail': {}}
        """
        return {"stop": self.stop, "reason": self.reason, "detail": dict(self.detail)}


_CONTINUE = StopDecision(False)


class StoppingRule(ABC):
    """Base class: ``decide(context) -> StopDecision``.

    A rule of your own reads the :class:`~adaptive_tutor.context.DecisionContext` (answers,
    ability view, time); it combines with others in :class:`AnyOf` and :class:`AllOf`.

    Examples
    --------
    A rule that ends a practice after three wrong answers in a row:

    >>> from adaptive_tutor import ItemBank, TutoringSession, tiny_bank_document
    >>> class ThreeWrongInARow(StoppingRule):
    ...     def decide(self, context):
    ...         last = context.history.response[-3:]
    ...         if len(last) == 3 and not last.any():
    ...             return StopDecision(True, "three_wrong", {"wrong_in_a_row": 3})
    ...         return StopDecision(False)
    >>> bank = ItemBank.from_dict(tiny_bank_document())
    >>> session = TutoringSession(bank, stopping_rule=AnyOf(ThreeWrongInARow(), MaxItems(10)))
    >>> for item_id in ("count-1", "add-1", "story-1"):
    ...     session.record(item_id, 0)
    >>> session.next_item() is None, session.stop_decision().reason
    (True, 'three_wrong')
    """

    @abstractmethod
    def decide(self, context: DecisionContext) -> StopDecision:
        """Return whether the session should stop now.

        Examples
        --------
        >>> from adaptive_tutor.context import DecisionContext
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> MaxItems(1).decide(DecisionContext(bank, None)).stop
        False
        """

    def __repr__(self) -> str:
        return settings_repr(self)


class MaxItems(StoppingRule):
    """Stop once ``max_items`` responses have been recorded.

    Parameters
    ----------
    max_items : int
        Number of responses after which to stop (at least 1).

    Examples
    --------
    >>> MaxItems(20).max_items
    20
    """

    def __init__(self, max_items: int) -> None:
        self.max_items = check_int(max_items, "max_items", "MaxItems", minimum=1)

    def decide(self, context: DecisionContext) -> StopDecision:
        """Stop when the history holds ``max_items`` responses.

        Parameters
        ----------
        context : DecisionContext
            What the decision may read: the history, the ability view, the time.

        Returns
        -------
        StopDecision
            Whether to stop, why, and the numbers behind it.

        Examples
        --------
        >>> from adaptive_tutor.context import DecisionContext
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> MaxItems(3).decide(DecisionContext(ItemBank.from_dict(tiny_bank_document()), None))
        StopDecision(stop=False, reason=None, detail={})
        """
        return _after_n_items(context, "max_items", self.max_items)


class MinItems(StoppingRule):
    """Satisfied once ``min_items`` responses exist; combine with :class:`AllOf`.

    Parameters
    ----------
    min_items : int
        Number of responses before stopping is allowed (at least 0).

    Examples
    --------
    >>> rule = AllOf(MinItems(5), StandardErrorBelow(0.4))
    """

    def __init__(self, min_items: int) -> None:
        self.min_items = check_int(min_items, "min_items", "MinItems", minimum=0)

    def decide(self, context: DecisionContext) -> StopDecision:
        """Stop (i.e. allow stopping) once ``min_items`` responses are recorded.

        Parameters
        ----------
        context : DecisionContext
            What the decision may read: the history, the ability view, the time.

        Returns
        -------
        StopDecision
            Whether to stop, why, and the numbers behind it.

        Examples
        --------
        >>> from adaptive_tutor.context import DecisionContext
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> MinItems(0).decide(DecisionContext(bank, None)).reason
        'min_items'
        """
        return _after_n_items(context, "min_items", self.min_items)


class StandardErrorBelow(StoppingRule):
    """Stop once the posterior SD is below ``threshold``.

    Parameters
    ----------
    threshold : float
        Standard error (posterior SD) to reach.
    skills : sequence of str, optional
        Check these skills (all must be below); by default the overall scale.

    Examples
    --------
    >>> StandardErrorBelow(0.3, skills=["add"]).skills
    ('add',)
    """

    def __init__(self, threshold: float, *, skills: Sequence[str] | None = None) -> None:
        self.threshold = check_real(
            threshold, "threshold", "StandardErrorBelow", minimum=0.0, exclusive_minimum=True
        )
        self.skills = (
            None if skills is None else check_id_list(skills, "skills", "StandardErrorBelow")
        )

    def decide(self, context: DecisionContext) -> StopDecision:
        """Stop when every checked standard error is below the threshold.

        Parameters
        ----------
        context : DecisionContext
            What the decision may read: the history, the ability view, the time.

        Returns
        -------
        StopDecision
            Whether to stop, why, and the numbers behind it.

        Examples
        --------
        >>> from adaptive_tutor.context import AbilityView, DecisionContext
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> context = DecisionContext(bank, AbilityView.prior(bank.skill_ids))
        >>> StandardErrorBelow(1.5).decide(context).detail
        {'se': {'overall': 1.0}, 'threshold': 1.5}
        """
        view = context.view
        if self.skills is None:
            se = {"overall": float(view.se[-1])}
        else:
            rows = _skill_rows(view.skill_ids, self.skills, "StandardErrorBelow")
            se = {skill: float(view.se[row]) for skill, row in zip(self.skills, rows, strict=True)}
        if all(value < self.threshold for value in se.values()):
            return StopDecision(
                True, "standard_error", {"se": _rounded(se), "threshold": self.threshold}
            )
        return _CONTINUE


class TimeBudget(StoppingRule):
    """Stop once the time spent reaches ``seconds``.

    Time spent is the sum of recorded response times; a response without one counts the
    item's ``estimated_minutes`` (0 if absent).

    Parameters
    ----------
    seconds : float
        The time budget in seconds (> 0).

    Examples
    --------
    >>> TimeBudget(600).seconds
    600.0
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = check_real(
            seconds, "seconds", "TimeBudget", minimum=0.0, exclusive_minimum=True
        )

    def decide(self, context: DecisionContext) -> StopDecision:
        """Stop when the time spent is at least the budget.

        Parameters
        ----------
        context : DecisionContext
            What the decision may read: the history, the ability view, the time.

        Returns
        -------
        StopDecision
            Whether to stop, why, and the numbers behind it.

        Examples
        --------
        >>> from adaptive_tutor.context import DecisionContext, ResponseHistory
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> history = ResponseHistory.from_arrays([0, 1], [1, 1], response_time=[40, 30])
        >>> TimeBudget(60).decide(DecisionContext(bank, None, history)).detail
        {'elapsed_seconds': 70.0, 'budget_seconds': 60.0}
        """
        history = context.history
        times = history.response_time
        missing = np.isnan(times)
        elapsed = float(np.sum(times[~missing]))
        if missing.any():
            items = context.bank.items
            elapsed += 60.0 * sum(
                items[i].estimated_minutes or 0.0 for i in history.item_index[missing]
            )
        if elapsed >= self.seconds:
            return StopDecision(
                True, "time_budget", {"elapsed_seconds": elapsed, "budget_seconds": self.seconds}
            )
        return _CONTINUE


class BankExhausted(StoppingRule):
    """Stop when no eligible item is left (the session fills in the count).

    Examples
    --------
    >>> from adaptive_tutor.context import DecisionContext
    >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
    >>> bank = ItemBank.from_dict(tiny_bank_document())
    >>> BankExhausted().decide(DecisionContext(bank, None, n_eligible=0)).reason
    'bank_exhausted'
    """

    def decide(self, context: DecisionContext) -> StopDecision:
        """Stop when ``context.n_eligible`` is 0 (never when it is unknown).

        Parameters
        ----------
        context : DecisionContext
            What the decision may read: the history, the ability view, the time.

        Returns
        -------
        StopDecision
            Whether to stop, why, and the numbers behind it.

        Examples
        --------
        >>> from adaptive_tutor.context import DecisionContext
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> BankExhausted().decide(DecisionContext(bank, None, n_eligible=3)).stop
        False
        """
        if context.n_eligible is not None and context.n_eligible <= 0:
            return StopDecision(True, "bank_exhausted", {"n_items": context.history.n_responses})
        return _CONTINUE


class AnyOf(StoppingRule):
    """Stop when any rule says stop; the reason is the first such rule's.

    Parameters
    ----------
    *rules : StoppingRule
        The rules to combine (at least one).

    Examples
    --------
    >>> len(AnyOf(MaxItems(20), StandardErrorBelow(0.3)).rules)
    2
    """

    def __init__(self, *rules: StoppingRule) -> None:
        self.rules = _check_rules(rules, "AnyOf")

    def decide(self, context: DecisionContext) -> StopDecision:
        """Return the first stopping decision among the rules.

        Parameters
        ----------
        context : DecisionContext
            What the decision may read: the history, the ability view, the time.

        Returns
        -------
        StopDecision
            Whether to stop, why, and the numbers behind it.

        Examples
        --------
        >>> from adaptive_tutor.context import DecisionContext
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> AnyOf(MaxItems(5), MinItems(0)).decide(DecisionContext(bank, None)).reason
        'min_items'
        """
        for rule in self.rules:
            decision = rule.decide(context)
            if decision.stop:
                return decision
        return _CONTINUE


class AllOf(StoppingRule):
    """Stop when every rule says stop; the reason joins theirs with ``+``.

    Parameters
    ----------
    *rules : StoppingRule
        The rules to combine (at least one).

    Examples
    --------
    >>> from adaptive_tutor.context import DecisionContext
    >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
    >>> bank = ItemBank.from_dict(tiny_bank_document())
    >>> AllOf(MinItems(0), BankExhausted()).decide(DecisionContext(bank, None, n_eligible=0))
    ... # doctest: +ELLIPSIS
    StopDecision(stop=True, reason='min_items+bank_exhausted', detail={'min_items': {...
    """

    def __init__(self, *rules: StoppingRule) -> None:
        self.rules = _check_rules(rules, "AllOf")

    def decide(self, context: DecisionContext) -> StopDecision:
        """Stop only when all rules stop; ``detail`` maps each reason to its detail.

        Parameters
        ----------
        context : DecisionContext
            What the decision may read: the history, the ability view, the time.

        Returns
        -------
        StopDecision
            Whether to stop, why, and the numbers behind it.

        Examples
        --------
        >>> from adaptive_tutor.context import DecisionContext
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> AllOf(MinItems(0), MaxItems(3)).decide(DecisionContext(bank, None)).stop
        False
        """
        decisions = []
        for rule in self.rules:
            decision = rule.decide(context)
            if not decision.stop:
                return _CONTINUE
            decisions.append(decision)
        reasons = [str(d.reason) for d in decisions]
        return StopDecision(
            True,
            "+".join(reasons),
            {r: dict(d.detail) for r, d in zip(reasons, decisions, strict=True)},
        )


# --------------------------------------------------------------------------- mastery
class MasteryClassified(StoppingRule):
    """Stop once every chosen skill is classified mastered or not mastered.

    Parameters
    ----------
    classifier : MasteryClassifier, optional
        Default :func:`~adaptive_tutor.mastery.default_mastery`: the grade-level cut of
        each skill, ``level=0.9``, at least 3 distinct items per decided skill.
    skills : sequence of str, optional
        Skills that must be decided; by default every skill practised so far (at least
        one response), so the rule does not stop before the first response.

    Examples
    --------
    >>> MasteryClassified(SPRTMastery(cut=0.5), skills=["add"]).skills
    ('add',)
    """

    def __init__(
        self, classifier: MasteryClassifier | None = None, *, skills: Sequence[str] | None = None
    ) -> None:
        self.classifier = check_mastery(classifier, "classifier", "MasteryClassified")
        self.skills = (
            None if skills is None else check_id_list(skills, "skills", "MasteryClassified")
        )

    def decide(self, context: DecisionContext) -> StopDecision:
        """Stop when every chosen skill is mastered or not mastered.

        Parameters
        ----------
        context : DecisionContext
            What the decision may read: the history, the ability view, the time.

        Returns
        -------
        StopDecision
            Whether to stop, why, and the numbers behind it.

        Examples
        --------
        >>> from adaptive_tutor.context import AbilityView, DecisionContext, ResponseHistory
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> history = ResponseHistory.from_records(bank, [("add-1", 1)])
        >>> context = DecisionContext(bank, AbilityView.prior(bank.skill_ids), history)
        >>> rule = MasteryClassified(ConfidenceIntervalMastery(cut=-4.0, min_responses=1))
        >>> rule.decide(context).detail
        {'status': {'add': 'mastered'}, 'cut': {'add': -4.0}}
        """
        bank = context.bank
        codes = self.classifier.codes(context)
        if self.skills is None:
            practised = bank.skill_matrix[context.history.item_index].any(axis=0)
            rows = np.flatnonzero(practised)
        else:
            rows = np.asarray(_skill_rows(bank.skill_ids, self.skills, "MasteryClassified"))
        if rows.size == 0 or np.any(codes[rows] < 0):  # undetermined or too few answers
            return _CONTINUE
        labels = status_labels(codes)
        status = {bank.skill_ids[r]: str(labels[r]) for r in rows}
        cuts = self.classifier.skill_cuts(bank)
        cut = {bank.skill_ids[r]: round(float(cuts[r]), 6) for r in rows}
        return StopDecision(True, "mastery_classified", {"status": status, "cut": cut})


def _skill_rows(skill_ids: tuple[str, ...], wanted: tuple[str, ...], owner: str) -> list[int]:
    unknown = [s for s in wanted if s not in skill_ids]
    if unknown:
        raise ValueError(
            f"The 'skills' parameter of {owner} names unknown skills {unknown}; the bank "
            f"has {list(skill_ids)}."
        )
    return [skill_ids.index(s) for s in wanted]


def _after_n_items(context: DecisionContext, reason: str, limit: int) -> StopDecision:
    """Stop with ``reason`` once ``limit`` responses are recorded (detail names both)."""
    n = context.history.n_responses
    if n >= limit:
        return StopDecision(True, reason, {"n_items": n, reason: limit})
    return _CONTINUE


def _check_rules(rules: tuple[Any, ...], owner: str) -> tuple[StoppingRule, ...]:
    if not rules:
        raise ValueError(f"{owner} needs at least one stopping rule.")
    for rule in rules:
        if not isinstance(rule, StoppingRule):
            raise TypeError(
                f"Every rule passed to {owner} must be a StoppingRule (e.g. MaxItems(20)). "
                f"Got {type(rule).__name__}."
            )
    return tuple(rules)


def _rounded(values: dict[str, float]) -> dict[str, float]:
    return {key: round(value, 6) for key, value in values.items()}
