"""Stopping rules and per-skill mastery classification.

A stopping rule looks at a :class:`~adaptive_tutor.context.DecisionContext` and returns a
frozen :class:`StopDecision` with a machine-readable ``reason`` (``"max_items"``,
``"standard_error"``, ``"mastery_classified"``, ``"time_budget"``, ``"bank_exhausted"``,
...) and a ``detail`` dict of JSON-compatible numbers. Rules compose with :class:`AnyOf`
(stop when any says stop) and :class:`AllOf` (stop when all say stop), e.g. "at least 5
items, then stop once the SE is below 0.3, and never more than 30"::

    AnyOf(MaxItems(30), AllOf(MinItems(5), StandardErrorBelow(0.3)))

Each rule answers "is my condition met?"; :class:`MinItems` alone therefore stops after
its minimum and is meant to be combined with :class:`AllOf`.

Mastery classifiers (:class:`ConfidenceIntervalMastery`, :class:`SPRTMastery`) label each
skill ``"mastered"``, ``"not_mastered"`` or ``"undetermined"`` against a cut score on that
skill's ability scale: by default the skill's grade-level benchmark
(:attr:`~adaptive_tutor.item_bank.ItemBank.skill_benchmarks`, the cut the learner and class
reports use), and never from fewer than :data:`MIN_RESPONSES_FOR_MASTERY` responses;
:class:`MasteryClassified` stops once every chosen skill is decided.

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

import numbers
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from adaptive_tutor._repr import settings_repr
from adaptive_tutor._validation import (
    check_choice,
    check_id_list,
    check_int,
    check_real,
    name_some,
    parameter_error,
)
from adaptive_tutor.context import DecisionContext
from adaptive_tutor.irt.mixed import _category_log_prob
from adaptive_tutor.item_bank import ItemBank

__all__ = [
    "MASTERED",
    "MIN_RESPONSES_FOR_MASTERY",
    "NOT_MASTERED",
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
]

MASTERED = "mastered"
NOT_MASTERED = "not_mastered"
UNDETERMINED = "undetermined"
_LABELS = (NOT_MASTERED, MASTERED, UNDETERMINED)  # indexed by code 0, 1, -1

MIN_RESPONSES_FOR_MASTERY = 3
"""Fewest responses on a skill before it is called mastered or not mastered.

The default ``min_responses`` of the mastery classifiers and the rule of the learner and
class reports: with a handful of answers the posterior mostly reflects the prior, and a
child must not be labelled on that.
"""

Cut = float | Mapping[str, float] | str
"""A mastery cut: ``"grade"``, one number for every skill, or a number per skill id."""


@dataclass(frozen=True)
class StopDecision:
    """Whether to stop, why (machine-readable), and the numbers behind it.

    Attributes
    ----------
    stop : bool
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

        Examples
        --------
        >>> StopDecision(False).to_dict()
        {'stop': False, 'reason': None, 'detail': {}}
        """
        return {"stop": self.stop, "reason": self.reason, "detail": dict(self.detail)}


_CONTINUE = StopDecision(False)


class StoppingRule(ABC):
    """Base class: ``decide(context) -> StopDecision``.

    Examples
    --------
    >>> isinstance(MaxItems(10), StoppingRule)
    True
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

    Examples
    --------
    >>> MaxItems(20).max_items
    20
    """

    def __init__(self, max_items: int) -> None:
        self.max_items = check_int(max_items, "max_items", "MaxItems", minimum=1)

    def decide(self, context: DecisionContext) -> StopDecision:
        """Stop when the history holds ``max_items`` responses.

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

    Examples
    --------
    >>> rule = AllOf(MinItems(5), StandardErrorBelow(0.4))
    """

    def __init__(self, min_items: int) -> None:
        self.min_items = check_int(min_items, "min_items", "MinItems", minimum=0)

    def decide(self, context: DecisionContext) -> StopDecision:
        """Stop (i.e. allow stopping) once ``min_items`` responses are recorded.

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

    Examples
    --------
    >>> len(AnyOf(MaxItems(20), StandardErrorBelow(0.3)).rules)
    2
    """

    def __init__(self, *rules: StoppingRule) -> None:
        self.rules = _check_rules(rules, "AnyOf")

    def decide(self, context: DecisionContext) -> StopDecision:
        """Return the first stopping decision among the rules.

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
class MasteryClassifier(ABC):
    """Base class: label each skill mastered / not mastered / undetermined.

    Subclasses write ``_codes(context) -> int array`` (1 mastered, 0 not, -1 undecided),
    reading each skill's cut from :meth:`skill_cuts`; :meth:`codes` then leaves every skill
    with fewer than ``min_responses`` responses in the history undetermined.

    Attributes
    ----------
    cut : "grade", float or mapping of skill id to float
        ``"grade"``: each skill's grade-level benchmark,
        :attr:`~adaptive_tutor.item_bank.ItemBank.skill_benchmarks` (the reports' default
        cut); a float: one cut on every skill's scale; a mapping: a cut per skill id (skills
        left out use their grade-level benchmark).
    min_responses : int
        Fewest responses (to items practising the skill) before a skill is decided.

    Examples
    --------
    >>> isinstance(ConfidenceIntervalMastery(), MasteryClassifier)
    True
    """

    cut: Cut = "grade"
    min_responses: int = 0

    def classify(self, context: DecisionContext) -> dict[str, str]:
        """Return ``{skill_id: "mastered" | "not_mastered" | "undetermined"}``.

        Examples
        --------
        >>> from adaptive_tutor.context import AbilityView, DecisionContext
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> context = DecisionContext(bank, AbilityView.prior(bank.skill_ids))
        >>> ConfidenceIntervalMastery().classify(context)
        {'count': 'undetermined', 'add': 'undetermined'}
        """
        codes = self.codes(context)
        return {
            skill: _LABELS[int(code)]
            for skill, code in zip(context.bank.skill_ids, codes, strict=True)
        }

    def codes(self, context: DecisionContext) -> NDArray[np.int8]:
        """Per-skill codes in bank skill order: 1 mastered, 0 not mastered, -1 undetermined.

        Examples
        --------
        >>> from adaptive_tutor.context import AbilityView, DecisionContext
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> context = DecisionContext(bank, AbilityView.prior(bank.skill_ids))
        >>> ConfidenceIntervalMastery(cut=-3.0, min_responses=0).codes(context).tolist()
        [1, 1]
        >>> ConfidenceIntervalMastery(cut=-3.0).codes(context).tolist()  # no responses yet
        [-1, -1]
        """
        codes = self._codes(context)
        if self.min_responses > 0:
            codes[skill_response_counts(context) < self.min_responses] = -1
        return codes

    def skill_cuts(self, bank: ItemBank) -> NDArray[np.float64]:
        """The cut of each skill of ``bank``, in :attr:`ItemBank.skill_ids` order.

        Raises
        ------
        ValueError
            If ``cut`` is a mapping naming skill ids that the bank does not have.

        Examples
        --------
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> ConfidenceIntervalMastery().skill_cuts(bank).tolist()  # grade-level benchmarks
        [-1.5, -0.5]
        >>> ConfidenceIntervalMastery({"add": 0.25}).skill_cuts(bank).tolist()
        [-1.5, 0.25]
        """
        return _resolve_cut(self.cut, bank, type(self).__name__)

    def _set_cut(self, cut: Any, min_responses: Any, owner: str) -> None:
        """Validate and store ``cut`` and ``min_responses`` (for subclass constructors)."""
        self.cut = _check_cut(cut, owner)
        self.min_responses = check_int(min_responses, "min_responses", owner, minimum=0)

    @abstractmethod
    def _codes(self, context: DecisionContext) -> NDArray[np.int8]: ...

    def __repr__(self) -> str:
        return settings_repr(self)


class ConfidenceIntervalMastery(MasteryClassifier):
    """Mastered when the skill's posterior puts at least ``level`` above the skill's cut.

    Not mastered when at least ``level`` lies below; undetermined otherwise (the one-sided
    ``level`` credible bound is on the wrong side of the cut), and always undetermined with
    fewer than ``min_responses`` responses on the skill.

    Parameters
    ----------
    cut : "grade", float or mapping of skill id to float, default "grade"
        ``"grade"``: each skill's grade-level benchmark
        (:attr:`~adaptive_tutor.item_bank.ItemBank.skill_benchmarks`, the cut the reports
        use); a float: one cut on every skill's scale; a mapping: a cut per skill id, the
        others keep their grade-level benchmark (unknown ids raise at the first
        classification against a bank).
    level : float, default=0.9
        Posterior probability required, in (0.5, 1). A report's two-sided ``confidence``
        interval decides like ``level = (1 + confidence) / 2`` here.
    min_responses : int, default=3
        Fewest responses on a skill before it is mastered or not mastered
        (:data:`MIN_RESPONSES_FOR_MASTERY`, as in the reports).

    Examples
    --------
    >>> ConfidenceIntervalMastery(cut=0.5, level=0.95).level
    0.95
    >>> ConfidenceIntervalMastery()
    ConfidenceIntervalMastery(cut='grade', min_responses=3, level=0.9)
    """

    def __init__(
        self,
        cut: Cut = "grade",
        *,
        level: float = 0.9,
        min_responses: int = MIN_RESPONSES_FOR_MASTERY,
    ) -> None:
        owner = "ConfidenceIntervalMastery"
        self._set_cut(cut, min_responses, owner)
        self.level = check_real(
            level,
            "level",
            owner,
            minimum=0.5,
            maximum=1.0,
            exclusive_minimum=True,
            exclusive_maximum=True,
        )

    def _codes(self, context: DecisionContext) -> NDArray[np.int8]:
        view = context.view
        if isinstance(self.cut, float):
            above = view.probability_above(self.cut)[:-1]
        else:  # one cut per posterior row; the last (overall) row is not classified
            above = view.probability_above(np.append(self.skill_cuts(context.bank), 0.0))[:-1]
        codes = np.full(above.shape[0], -1, dtype=np.int8)
        codes[above >= self.level] = 1
        codes[above <= 1.0 - self.level] = 0
        return codes


class SPRTMastery(MasteryClassifier):
    """Wald's sequential probability ratio test of ``cut ± indifference`` per skill.

    The log likelihood ratio of the skill's responses at ``cut + indifference`` versus
    ``cut - indifference`` (the skill's own cut) is compared with ``log((1 - beta) / alpha)``
    (mastered) and ``log(beta / (1 - alpha))`` (not mastered). Each response counts for
    every skill its item practises. A skill with fewer than ``min_responses`` responses
    stays undetermined whatever its ratio.

    Parameters
    ----------
    cut : "grade", float or mapping of skill id to float, default "grade"
        As in :class:`ConfidenceIntervalMastery`: the grade-level benchmark of each skill,
        one cut for every skill, or a cut per skill id.
    indifference : float, default=0.3
        Half-width of the indifference region.
    alpha, beta : float, default=0.05
        Tolerated false-mastery and false-non-mastery rates, each in (0, 0.5).
    min_responses : int, default=3
        Fewest responses on a skill before it is mastered or not mastered.

    Examples
    --------
    >>> round(SPRTMastery(alpha=0.05, beta=0.05).upper, 4)
    2.9444
    """

    def __init__(
        self,
        cut: Cut = "grade",
        *,
        indifference: float = 0.3,
        alpha: float = 0.05,
        beta: float = 0.05,
        min_responses: int = MIN_RESPONSES_FOR_MASTERY,
    ) -> None:
        owner = "SPRTMastery"
        self._set_cut(cut, min_responses, owner)
        self.indifference = check_real(
            indifference, "indifference", owner, minimum=0.0, exclusive_minimum=True
        )
        self.alpha, self.beta = (
            check_real(
                value,
                name,
                owner,
                minimum=0.0,
                maximum=0.5,
                exclusive_minimum=True,
                exclusive_maximum=True,
            )
            for name, value in (("alpha", alpha), ("beta", beta))
        )

    @property
    def upper(self) -> float:
        """Log-ratio bound above which a skill is mastered.

        Examples
        --------
        >>> SPRTMastery().upper > 0
        True
        """
        return float(np.log((1.0 - self.beta) / self.alpha))

    @property
    def lower(self) -> float:
        """Log-ratio bound below which a skill is not mastered.

        Examples
        --------
        >>> SPRTMastery().lower < 0
        True
        """
        return float(np.log(self.beta / (1.0 - self.alpha)))

    def log_ratios(self, context: DecisionContext) -> NDArray[np.float64]:
        """Log likelihood ratio per skill (bank skill order); 0 for unpractised skills.

        Examples
        --------
        >>> from adaptive_tutor.context import DecisionContext, ResponseHistory
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> history = ResponseHistory.from_records(bank, [("add-1", 1)])
        >>> context = DecisionContext(bank, None, history)
        >>> SPRTMastery(0.0).log_ratios(context).round(4).tolist()
        [0.0, 0.227]
        """
        bank, history = context.bank, context.history
        cuts = self.skill_cuts(bank)  # resolved first: unknown skill ids always raise
        if history.n_responses == 0:
            return np.zeros(cuts.shape[0])
        index = history.item_index
        # evaluate each distinct cut once: thetas (cuts - d, cuts + d) for U distinct cuts
        distinct, which = np.unique(cuts, return_inverse=True)
        theta = np.concatenate([distinct - self.indifference, distinct + self.indifference])
        log_p = _category_log_prob(bank.params.take(index), theta)
        scores = history.response.astype(np.intp)
        picked = log_p[np.arange(index.shape[0]), :, scores]  # (n, 2U)
        n_distinct = distinct.shape[0]
        difference = picked[:, n_distinct:] - picked[:, :n_distinct]  # (n, U)
        practised = bank.skill_matrix[index].astype(np.float64)  # (n, S)
        if n_distinct == 1:
            ratios: NDArray[np.float64] = practised.T @ difference[:, 0]
            return ratios
        return np.asarray(np.einsum("rs,rs->s", practised, difference[:, which]))

    def _codes(self, context: DecisionContext) -> NDArray[np.int8]:
        ratios = self.log_ratios(context)
        codes = np.full(ratios.shape[0], -1, dtype=np.int8)
        codes[ratios >= self.upper] = 1
        codes[ratios <= self.lower] = 0
        return codes


class MasteryClassified(StoppingRule):
    """Stop once every chosen skill is classified mastered or not mastered.

    Parameters
    ----------
    classifier : MasteryClassifier, optional
        Default :class:`ConfidenceIntervalMastery` with the grade-level cut of each skill
        (``level=0.9``, at least 3 responses per decided skill).
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
        if classifier is None:
            classifier = ConfidenceIntervalMastery()
        if not isinstance(classifier, MasteryClassifier):
            raise TypeError(
                "The 'classifier' parameter of MasteryClassified must be a MasteryClassifier "
                f"(e.g. SPRTMastery()). Got {type(classifier).__name__}."
            )
        self.classifier = classifier
        self.skills = (
            None if skills is None else check_id_list(skills, "skills", "MasteryClassified")
        )

    def decide(self, context: DecisionContext) -> StopDecision:
        """Stop when no chosen skill is undetermined.

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
        if rows.size == 0 or np.any(codes[rows] == -1):
            return _CONTINUE
        status = {bank.skill_ids[r]: _LABELS[int(codes[r])] for r in rows}
        cuts = self.classifier.skill_cuts(bank)
        cut = {bank.skill_ids[r]: round(float(cuts[r]), 6) for r in rows}
        return StopDecision(True, "mastery_classified", {"status": status, "cut": cut})


def skill_response_counts(context: DecisionContext) -> NDArray[np.int64]:
    """Distinct items answered in the context's history for each skill (bank order).

    Each item counts once for every skill it practises, however often it was answered,
    as in the reports (which keep the latest answer to an item).

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


def _check_cut(cut: Any, owner: str) -> Cut:
    """Validate a cut: "grade", a finite real number, or a mapping of skill id to one."""
    if isinstance(cut, str):
        return check_choice(cut, "cut", owner, ("grade",))
    if isinstance(cut, Mapping):
        checked: dict[str, float] = {}
        for skill_id, value in cut.items():
            good_value = not isinstance(value, bool) and isinstance(value, numbers.Real)
            good_value = good_value and bool(np.isfinite(float(value)))
            if not isinstance(skill_id, str) or not good_value:
                raise parameter_error(
                    "cut",
                    owner,
                    "a mapping of skill ids (str) to finite real numbers",
                    {skill_id: value},
                )
            checked[skill_id] = float(value)
        return checked
    if isinstance(cut, bool) or not isinstance(cut, numbers.Real):
        raise TypeError(
            f"The 'cut' parameter of {owner} must be 'grade', a real number or a mapping of "
            f"skill id to real number. Got {cut!r} of type {type(cut).__name__}."
        )
    return check_real(cut, "cut", owner)


def _resolve_cut(cut: Cut, bank: ItemBank, owner: str) -> NDArray[np.float64]:
    """Per-skill cuts for ``bank`` (bank skill order) from a checked cut."""
    if isinstance(cut, str):
        return bank.skill_benchmarks
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
