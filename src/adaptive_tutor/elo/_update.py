"""The Elo update rule and its sequential replay over a time-ordered log.

After an answer with score ``s`` and expected score ``e`` the learner moves by
``K(n) * (s - e)`` and, while fitting, the item by ``-K(m) * (s - e)``, with
``K(n) = alpha / (1 + beta * n)`` and ``n``, ``m`` the answers each had before. With a
``time_limit`` the score is the high-speed high-stakes one and ``e`` its Langevin
expectation. Each answer uses ratings updated by the previous answers, so the pass is a loop
on plain Python floats (about 1 µs per answer).
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt
import pandas as pd

from adaptive_tutor._learning_log import EncodedLog

__all__ = ["langevin", "logistic", "replay", "sequential_pass", "time_order", "time_score"]

FloatArray = npt.NDArray[np.float64]
Start = tuple[FloatArray, npt.NDArray[np.int64] | None]


def replay(
    log: pd.DataFrame,
    encoded: EncodedLog,
    *,
    learner_start: Start,
    item_start: Start,
    learner_step: tuple[float, float],
    item_step: tuple[float, float] | None,
    time_limit: float | None,
    n_passes: int,
) -> tuple[list[float], list[int], list[float], list[int], FloatArray]:
    """Run ``n_passes`` sequential passes over ``log`` in time order.

    Starts are (ratings, counts or None for zeros) per learner / item code. Returns the
    learner ratings and counts, item ratings and counts after the last pass, and P(correct)
    of each row of ``log`` (in its row order) before its answer in the last pass.
    ``item_step=None`` keeps items fixed.
    """
    order = time_order(log)
    learner_list = encoded.learner_codes[order].tolist()
    item_list = encoded.unit_codes[order].tolist()
    correct_list = encoded.correct[order].tolist()
    times = encoded.response_time
    time_list = None if times is None else times[order].tolist()
    learners = learner_start[0].tolist()
    learner_n = [0] * len(learners) if learner_start[1] is None else learner_start[1].tolist()
    items = item_start[0].tolist()
    item_n = [0] * len(items) if item_start[1] is None else item_start[1].tolist()
    predictions: list[float] = []
    for _ in range(n_passes):
        predictions = sequential_pass(
            learner_list,
            item_list,
            correct_list,
            time_list,
            learners,
            learner_n,
            items,
            item_n,
            learner_step=learner_step,
            item_step=item_step,
            time_limit=time_limit,
        )
    result = np.empty(len(order))
    result[order] = predictions
    return learners, learner_n, items, item_n, result


def sequential_pass(
    learner_codes: list[int],
    item_codes: list[int],
    correct: list[int],
    response_time: list[float] | None,
    learners: list[float],
    learner_n: list[int],
    items: list[float],
    item_n: list[int],
    *,
    learner_step: tuple[float, float],
    item_step: tuple[float, float] | None,
    time_limit: float | None,
) -> list[float]:
    """One pass over answers, updating the rating lists in place; returns P(correct) seen.

    ``item_step=None`` keeps items fixed. A tight loop on plain Python floats.
    """
    exp = math.exp
    alpha_l, beta_l = learner_step
    update_items = item_step is not None
    alpha_i, beta_i = item_step if item_step is not None else (0.0, 0.0)
    use_time = time_limit is not None and response_time is not None
    times = response_time if response_time is not None else correct
    limit = time_limit if time_limit is not None else 1.0
    predictions = [0.0] * len(correct)
    for k, learner in enumerate(learner_codes):
        item = item_codes[k]
        z = learners[learner] - items[item]
        if z >= 0.0:
            p = 1.0 / (1.0 + exp(-z))
        else:
            e = exp(z)
            p = e / (1.0 + e)
        predictions[k] = p
        if use_time:
            residual = time_score(correct[k], times[k], limit) - langevin(z)
        else:
            residual = correct[k] - p
        n = learner_n[learner]
        learners[learner] += alpha_l / (1.0 + beta_l * n) * residual
        learner_n[learner] = n + 1
        if update_items:
            m = item_n[item]
            items[item] -= alpha_i / (1.0 + beta_i * m) * residual
            item_n[item] = m + 1
    return predictions


def logistic(z: float) -> float:
    """expit(z) on a plain float, without overflow for large ``|z|``."""
    if z >= 0.0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def langevin(z: float) -> float:
    """coth(z) - 1/z, the expected high-speed high-stakes score (stable near 0)."""
    if abs(z) < 1e-3:
        return z / 3.0 - z**3 / 45.0
    if abs(z) > 30.0:
        return math.copysign(1.0, z) - 1.0 / z
    return 1.0 / math.tanh(z) - 1.0 / z


def time_score(correct: float, seconds: float, time_limit: float) -> float:
    """The high-speed high-stakes score ``(2 * correct - 1) * max(1 - seconds / limit, 0)``."""
    remaining = 1.0 - seconds / time_limit
    return (2.0 * correct - 1.0) * (remaining if remaining > 0.0 else 0.0)


def time_order(log: pd.DataFrame) -> npt.NDArray[np.intp]:
    """Row positions in time order: by ``timestamp`` or ``order`` (stable), else as given."""
    for column in ("timestamp", "order"):
        if column in log.columns:
            return np.asarray(np.argsort(log[column].to_numpy(), kind="stable"), dtype=np.intp)
    return np.arange(len(log), dtype=np.intp)
