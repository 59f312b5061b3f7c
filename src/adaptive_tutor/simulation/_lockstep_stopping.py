"""The lock-step engine's stopping rules: every active learner's decision as arrays.

:func:`compile_stop` turns a stopping rule built from ``MaxItems``, ``MinItems``,
``StandardErrorBelow``, ``BankExhausted`` and ``MasteryClassified(ConfidenceIntervalMastery)``
with ``AnyOf``/``AllOf`` into a function of a :class:`StepView`; any other rule is left to
the per-learner engine.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from adaptive_tutor._mastery_evidence import neutral_probability_above
from adaptive_tutor._mastery_graph import along_graph
from adaptive_tutor.irt.posterior import probability_above
from adaptive_tutor.mastery import CODES, TOO_FEW_ANSWERS, ConfidenceIntervalMastery
from adaptive_tutor.simulation._design import FloatArray
from adaptive_tutor.stopping import (
    AllOf,
    AnyOf,
    BankExhausted,
    MasteryClassified,
    MaxItems,
    MinItems,
    StandardErrorBelow,
    StoppingRule,
)

__all__ = ["BoolArray", "Reasons", "StepView", "StopFunction", "compile_stop"]

BoolArray = NDArray[np.bool_]
Reasons = NDArray[np.object_]


@dataclass(frozen=True)
class StepView:
    """What the vectorised stopping rules read for the active learners at one step."""

    n_responses: int
    se: FloatArray  # (a,) overall posterior SD
    skill_posterior: FloatArray  # (a, S, G)
    skill_se: FloatArray  # (a, S)
    n_eligible: NDArray[np.int64]  # (a,)
    skill_counts: NDArray[np.int64]  # (a, S) responses per skill so far
    nodes: FloatArray
    skill_ids: tuple[str, ...]
    bank: Any


StopFunction = Callable[[StepView], tuple[BoolArray, Reasons]]


def _constant(value: bool, n: int, reason: str) -> tuple[BoolArray, Reasons]:
    stop = np.full(n, value)
    return stop, _reasons(stop, reason)


def _reasons(stop: BoolArray, reason: str) -> Reasons:
    out = np.full(stop.shape[0], None, dtype=object)
    out[stop] = reason
    return out


def compile_stop(rule: StoppingRule, mastery_grid: bool) -> StopFunction | None:
    """A vectorised stopping rule, or None when the rule needs the per-learner engine.

    ``mastery_grid``: the design's posteriors live on the mastery judgement's own grid
    and prior, so a mastery stop can read them.
    """
    kind = type(rule)
    if kind is MaxItems:
        limit = rule.max_items  # type: ignore[attr-defined]
        return lambda v: _constant(v.n_responses >= limit, v.se.shape[0], "max_items")
    if kind is MinItems:
        least = rule.min_items  # type: ignore[attr-defined]
        return lambda v: _constant(v.n_responses >= least, v.se.shape[0], "min_items")
    if kind is BankExhausted:
        return lambda v: _with_reason(v.n_eligible <= 0, "bank_exhausted")
    if kind is StandardErrorBelow:
        return _compile_se(rule)  # type: ignore[arg-type]
    if kind is MasteryClassified:
        return _compile_mastery(rule, mastery_grid)  # type: ignore[arg-type]
    if kind in (AnyOf, AllOf):
        parts = [compile_stop(r, mastery_grid) for r in rule.rules]  # type: ignore[attr-defined]
        if any(p is None for p in parts):
            return None
        compiled = [p for p in parts if p is not None]
        return _any_of(compiled) if kind is AnyOf else _all_of(compiled)
    return None


def _with_reason(stop: BoolArray, reason: str) -> tuple[BoolArray, Reasons]:
    return stop, _reasons(stop, reason)


def _compile_se(rule: StandardErrorBelow) -> StopFunction:
    threshold = rule.threshold
    skills = rule.skills

    def decide(view: StepView) -> tuple[BoolArray, Reasons]:
        if skills is None:
            stop = view.se < threshold
        else:
            unknown = [s for s in skills if s not in view.skill_ids]
            if unknown:  # let the tutoring session raise its own error
                raise ValueError(
                    f"The 'skills' parameter of StandardErrorBelow names unknown skills "
                    f"{unknown}; the bank has {list(view.skill_ids)}."
                )
            rows = [view.skill_ids.index(s) for s in skills]
            stop = np.all(view.skill_se[:, rows] < threshold, axis=1)
        return _with_reason(stop, "standard_error")

    return decide


def _compile_mastery(rule: MasteryClassified, mastery_grid: bool) -> StopFunction | None:
    classifier = rule.classifier
    if type(classifier) is not ConfidenceIntervalMastery or not mastery_grid:
        return None
    skills = rule.skills

    def decide(view: StepView) -> tuple[BoolArray, Reasons]:
        codes = _interval_codes(
            classifier, view.skill_posterior, view.nodes, view.skill_counts, view.bank
        )
        practised = view.skill_counts > 0
        if skills is None:
            relevant = practised
        else:
            relevant = np.zeros_like(practised)
            relevant[:, [view.skill_ids.index(s) for s in skills]] = True
        undecided = np.any(relevant & (codes < 0), axis=1)  # undetermined or too few
        stop = relevant.any(axis=1) & ~undecided
        return _with_reason(stop, "mastery_classified")

    return decide


def _interval_codes(
    classifier: ConfidenceIntervalMastery,
    posterior: FloatArray,
    nodes: FloatArray,
    skill_counts: NDArray[np.int64],
    bank: Any,
) -> NDArray[np.int8]:
    """The classifier's codes for (a, S, G) skill posteriors on the mastery grid.

    Only used when the design's grid and prior are :data:`~adaptive_tutor.mastery.
    MASTERY_GRID`, so the posteriors are the classifier's own (no item repeats in lock
    step). ``skill_counts`` (a, S) are the distinct items per skill so far.
    """
    s = posterior.shape[1]
    cuts = classifier.skill_cuts(bank)[:s]
    codes, against = classifier._decision_from_probability(
        probability_above(posterior, nodes, cuts), neutral_probability_above(posterior, nodes, cuts)
    )
    codes[skill_counts[:, :s] < classifier.min_responses] = CODES[TOO_FEW_ANSWERS]
    return along_graph(bank, codes, against)[0]  # mastered skills show their prerequisites


def _any_of(parts: list[StopFunction]) -> StopFunction:
    def decide(view: StepView) -> tuple[BoolArray, Reasons]:
        stop = np.zeros(view.se.shape[0], dtype=bool)
        reasons = np.full(view.se.shape[0], None, dtype=object)
        for part in parts:
            part_stop, part_reasons = part(view)
            new = part_stop & ~stop
            reasons[new] = part_reasons[new]
            stop |= part_stop
        return stop, reasons

    return decide


def _all_of(parts: list[StopFunction]) -> StopFunction:
    def decide(view: StepView) -> tuple[BoolArray, Reasons]:
        results = [part(view) for part in parts]
        stop = np.logical_and.reduce([r[0] for r in results])
        reasons = np.full(view.se.shape[0], None, dtype=object)
        for row in np.flatnonzero(stop):
            reasons[row] = "+".join(str(r[1][row]) for r in results)
        return stop, reasons

    return decide
