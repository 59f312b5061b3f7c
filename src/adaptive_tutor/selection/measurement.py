"""Measurement criteria: pick the item that teaches the tutor most about the learner.

All criteria read the learner's posterior on its grid (:class:`AbilityView`) and per-bank
tables computed once per bank and grid (information, category probabilities), so scoring a
10,000-item bank is a few matrix-vector products.

Examples
--------
>>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
>>> from adaptive_tutor.learner import LearnerState
>>> bank = ItemBank.from_dict(tiny_bank_document())
>>> state = LearnerState.start(bank)
>>> [c().select(bank, state, rng=0) for c in (PosteriorWeightedInformation,
...  PosteriorWeightedKL, MinExpectedPosteriorVariance)]
['story-1', 'story-1', 'story-1']
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from adaptive_tutor.context import DecisionContext
from adaptive_tutor.selection.base import ScoringSelector

__all__ = [
    "DifficultyMatching",
    "MaxInformation",
    "MinExpectedPosteriorVariance",
    "PosteriorWeightedInformation",
    "PosteriorWeightedKL",
    "RandomSelection",
]

FloatArray = NDArray[np.float64]
IndexArray = NDArray[np.intp]


class MaxInformation(ScoringSelector):
    """Maximum Fisher information at the current estimate (EAP).

    Information is read from the bank's table on the learner's grid, linearly
    interpolated at the estimate.

    Parameters
    ----------
    eligibility, exposure, balancing : optional
        Filters, exposure control and content balance, as in :class:`ScoringSelector`.
    scope : {"skill", "overall"}, default="skill"
        Score items against the ability of their first skill or the overall ability.
    between_skill_sd : float or None, default=0.5
        How far one learner's skills lie from each other (borrowing strength), as in
        :class:`ScoringSelector`.

    Examples
    --------
    >>> MaxInformation(scope="overall").scope
    'overall'
    """

    def _score(self, context: DecisionContext, candidates: IndexArray) -> FloatArray:
        tables = context.tables
        theta = self._view(context).theta
        values = tables.at_points(tables.information, theta, self._row(context))
        return np.asarray(values[candidates])


class PosteriorWeightedInformation(ScoringSelector):
    """Fisher information averaged over the current posterior (van der Linden, 1998).

    Parameters
    ----------
    eligibility, exposure, balancing : optional
        Filters, exposure control and content balance, as in :class:`ScoringSelector`.
    scope : {"skill", "overall"}, default="skill"
        Score items against the ability of their first skill or the overall ability.
    between_skill_sd : float or None, default=0.5
        How far one learner's skills lie from each other (borrowing strength), as in
        :class:`ScoringSelector`.

    Examples
    --------
    >>> PosteriorWeightedInformation().exposure
    BestItem()
    """

    def _score(self, context: DecisionContext, candidates: IndexArray) -> FloatArray:
        tables = context.tables
        values = tables.weighted(
            tables.information, self._view(context).posterior, self._row(context)
        )
        return np.asarray(values[candidates])


class PosteriorWeightedKL(ScoringSelector):
    """Kullback-Leibler information between the estimate and the posterior (Chang & Ying).

    ``KL_j = sum_g w_g sum_k P_jk(theta_hat) log(P_jk(theta_hat) / P_jk(theta_g))``.

    Parameters
    ----------
    eligibility, exposure, balancing : optional
        Filters, exposure control and content balance, as in :class:`ScoringSelector`.
    scope : {"skill", "overall"}, default="skill"
        Score items against the ability of their first skill or the overall ability.
    between_skill_sd : float or None, default=0.5
        How far one learner's skills lie from each other (borrowing strength), as in
        :class:`ScoringSelector`.

    Examples
    --------
    >>> PosteriorWeightedKL().scope
    'skill'
    """

    def _score(self, context: DecisionContext, candidates: IndexArray) -> FloatArray:
        tables = context.tables
        view = self._view(context)
        row = self._row(context)
        prob = tables.category_prob
        log_prob = tables.finite_log_prob
        total = np.zeros(len(context.bank))
        for k in range(prob.shape[0]):
            at_estimate = tables.at_points(prob[k], view.theta, row)
            positive = at_estimate > 0
            own = np.zeros_like(at_estimate)
            own[positive] = at_estimate[positive] * np.log(at_estimate[positive])
            expected_log = tables.weighted(log_prob[k], view.posterior, row)
            total += own - at_estimate * expected_log
        return np.asarray(total[candidates])


class MinExpectedPosteriorVariance(ScoringSelector):
    """Minimum expected posterior variance after the next response (Owen; van der Linden).

    The score is minus the predictive-weighted posterior variance, so the best item
    has the highest score.

    Parameters
    ----------
    eligibility, exposure, balancing : optional
        Filters, exposure control and content balance, as in :class:`ScoringSelector`.
    scope : {"skill", "overall"}, default="skill"
        Score items against the ability of their first skill or the overall ability.
    between_skill_sd : float or None, default=0.5
        How far one learner's skills lie from each other (borrowing strength), as in
        :class:`ScoringSelector`.

    Examples
    --------
    >>> MinExpectedPosteriorVariance().exposure
    BestItem()
    """

    def _score(self, context: DecisionContext, candidates: IndexArray) -> FloatArray:
        tables = context.tables
        view = self._view(context)
        row = self._row(context)
        nodes = tables.nodes
        posterior = view.posterior
        first_moment = posterior * nodes[None, :]
        explained = np.zeros(len(context.bank))
        prob = tables.category_prob
        for k in range(prob.shape[0]):
            mass = tables.weighted(prob[k], posterior, row)
            moment = tables.weighted(prob[k], first_moment, row)
            positive = mass > 0
            explained[positive] += moment[positive] ** 2 / mass[positive]
        second = posterior @ nodes**2
        if row is None:
            total_second = second[tables.primary_skill]
        else:
            total_second = np.full(len(context.bank), second[row])
        return np.asarray(-(total_second - explained)[candidates])


class DifficultyMatching(ScoringSelector):
    """Urry's rule: the item whose location is closest to the current estimate.

    The location is ``b``, moved for a 3PL/4PL lower asymptote to the ability of maximum
    information ``b + log((1 + sqrt(1 + 8c)) / 2) / (D a)``; polytomous items use the mean
    of their thresholds.

    Parameters
    ----------
    eligibility, exposure, balancing : optional
        Filters, exposure control and content balance, as in :class:`ScoringSelector`.
    scope : {"skill", "overall"}, default="skill"
        Score items against the ability of their first skill or the overall ability.
    between_skill_sd : float or None, default=0.5
        How far one learner's skills lie from each other (borrowing strength), as in
        :class:`ScoringSelector`.

    Examples
    --------
    >>> DifficultyMatching().scope
    'skill'
    """

    def _score(self, context: DecisionContext, candidates: IndexArray) -> FloatArray:
        location = context.tables.matching_location[candidates]
        return np.asarray(-np.abs(location - self._item_theta(context)[candidates]))


class RandomSelection(ScoringSelector):
    """Uniformly random choice among eligible items (a baseline and a warm-up).

    Needs no ability posterior, so it works with any learner model.

    Parameters
    ----------
    eligibility, exposure, balancing : optional
        Filters, exposure control and content balance, as in :class:`ScoringSelector`.
    scope : {"skill", "overall"}, default="skill"
        Score items against the ability of their first skill or the overall ability.
    between_skill_sd : float or None, default=0.5
        How far one learner's skills lie from each other (borrowing strength), as in
        :class:`ScoringSelector`.

    Examples
    --------
    >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
    >>> bank = ItemBank.from_dict(tiny_bank_document())
    >>> RandomSelection().select(bank, None, rng=3) in bank.item_ids
    True
    """

    def _score(self, context: DecisionContext, candidates: IndexArray) -> FloatArray:
        return np.zeros(candidates.shape[0])
