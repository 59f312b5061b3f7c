"""Learner models rebuilt from an answer history (the history is the truth; estimates follow).

A saved session keeps what happened (the answers) and the learner model's settings, never
its estimates: loading replays the answers. For the IRT
:class:`~adaptive_tutor.learner.LearnerState` the replay is one vectorised pass, O(answers x
grid points): the log-likelihood curve of every answer is read from the per-bank table on the
learner's grid (cached, the one selection uses) and summed per skill and overall. The result
equals answer-by-answer :meth:`~adaptive_tutor.learner.LearnerState.update` to rounding
(about 1e-12). Other models replay with their own ``replay(bank, positions, responses)`` or,
failing that, one ``update`` per answer.
"""

from __future__ import annotations

import copy
from typing import Any

import numpy as np
from numpy.typing import NDArray

from adaptive_tutor._bank_tables import tables_for
from adaptive_tutor.irt.posterior import normalise_log, posterior_moments
from adaptive_tutor.item_bank import ItemBank
from adaptive_tutor.learner import LearnerState
from adaptive_tutor.learner_model import apply_update

__all__ = ["irt_part", "replay_learner_state", "replay_model", "running_estimates"]

FloatArray = NDArray[np.float64]
IndexArray = NDArray[np.intp]


def _curves(
    start: LearnerState, bank: ItemBank, positions: IndexArray, responses: NDArray[np.int64]
) -> FloatArray:
    """Log-likelihood of each answer on the learner's grid, shape (n_answers, n_points)."""
    tables = tables_for(bank, start.nodes)
    curves: FloatArray = tables._log_prob[tables.inverse[positions], :, responses]
    return curves


def replay_learner_state(
    start: LearnerState, bank: ItemBank, positions: IndexArray, responses: NDArray[np.int64]
) -> LearnerState:
    """``start`` after the answers (bank positions and scores, trusted), in one pass."""
    if positions.shape[0] == 0:
        return start
    curves = _curves(start, bank, positions, responses)
    membership = bank.skill_matrix[positions]
    overall = normalise_log(start.log_posterior + curves.sum(axis=0))
    # einsum, not a BLAS product: multithreaded BLAS crawls on a busy machine (see context.py)
    evidence = np.einsum("ns,ng->sg", membership.astype(np.float64), curves)
    by_skill = normalise_log(start.skill_log_posterior + evidence)
    overall.setflags(write=False)
    by_skill.setflags(write=False)
    counts = np.asarray(start.skill_n_responses) + membership.sum(axis=0)
    return LearnerState(
        bank_id=start.bank_id,
        bank_fingerprint=start.bank_fingerprint,
        skill_ids=start.skill_ids,
        nodes=start.nodes,
        log_prior=start.log_prior,
        log_posterior=overall,
        skill_log_posterior=by_skill,
        n_responses=start.n_responses + int(positions.shape[0]),
        skill_n_responses=tuple(int(c) for c in counts),
        prior_mean=start.prior_mean,
        prior_sd=start.prior_sd,
        n_points=start.n_points,
        bound=start.bound,
        rule=start.rule,
    )


def irt_part(model: Any) -> LearnerState | None:
    """The IRT learner state inside a learner model (the model itself, or its ``irt_state``)."""
    if isinstance(model, LearnerState):
        return model
    inner = getattr(model, "irt_state", None)
    return inner if isinstance(inner, LearnerState) else None


def replay_model(
    start: Any, bank: ItemBank, positions: IndexArray, responses: NDArray[np.int64]
) -> Any:
    """Any learner model after the answers: vectorised, the model's own ``replay``, or updates."""
    if isinstance(start, LearnerState):
        return replay_learner_state(start, bank, positions, responses)
    method = getattr(start, "replay", None)
    if callable(method):
        return method(bank, positions, responses)
    model = copy.deepcopy(start)  # a model that updates in place must not change the start
    for position, score in zip(positions.tolist(), responses.tolist(), strict=True):
        model = apply_update(model, bank, bank.item_ids[position], score)
    return model


def running_estimates(
    start: Any, bank: ItemBank, positions: IndexArray, responses: NDArray[np.int64]
) -> FloatArray:
    """Estimates after each answer, shape (n, 4): first skill's theta and SE, overall theta, SE.

    Vectorised (cumulative sums over the answers, per skill) for IRT models; a model without
    an IRT learner state is replayed answer by answer and read through its ability view (NaN
    where it has none).
    """
    n = positions.shape[0]
    out = np.full((n, 4), np.nan)
    if n == 0:
        return out
    irt = irt_part(start)
    if irt is None:
        return _stepwise_estimates(start, bank, positions, responses, out)
    curves = _curves(irt, bank, positions, responses)
    nodes = irt.nodes
    out[:, 2], out[:, 3] = posterior_moments(irt.log_posterior + np.cumsum(curves, axis=0), nodes)
    tables = tables_for(bank, nodes)
    primary = tables.primary_skill[positions]
    membership = bank.skill_matrix[positions]
    for skill in np.unique(primary).tolist():
        rows = np.flatnonzero(membership[:, skill])
        cumulative = irt.skill_log_posterior[skill] + np.cumsum(curves[rows], axis=0)
        mine = primary[rows] == skill
        mean, sd = posterior_moments(cumulative[mine], nodes)
        out[rows[mine], 0], out[rows[mine], 1] = mean, sd
    return out


def _stepwise_estimates(
    start: Any,
    bank: ItemBank,
    positions: IndexArray,
    responses: NDArray[np.int64],
    out: FloatArray,
) -> FloatArray:
    from adaptive_tutor.context import ability_view

    model = copy.deepcopy(start)
    skill_ids = bank.skill_ids
    pairs = zip(positions.tolist(), responses.tolist(), strict=True)
    for step, (position, score) in enumerate(pairs):
        model = apply_update(model, bank, bank.item_ids[position], score)
        try:
            view = ability_view(model, bank)
        except TypeError:
            return out
        skill = skill_ids.index(bank.items[position].skills[0])
        out[step] = (view.theta[skill], view.se[skill], view.theta[-1], view.se[-1])
    return out
