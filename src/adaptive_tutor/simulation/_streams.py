"""Random streams of a simulation, shared by the lock-step and per-learner engines.

Every random number a simulated learner consumes is a pure function of the simulation's
root entropy, the learner's position and the step, never of the order in which learners
are processed. That is what makes the two engines give the same results:

- true abilities: one draw of shape ``(n_learners[, n_skills])`` from stream 0;
- session seeds: one int per learner from stream 1; step ``t`` of learner ``i`` selects
  with ``default_rng([seed_i, t])``, exactly as :class:`~adaptive_tutor.session.TutoringSession`
  does, so tie-breaking and randomesque draws agree whichever engine runs the learner;
- response uniforms: learner ``i`` at step ``t`` answers with the uniform at position
  ``i % BLOCK`` of ``default_rng([entropy, 2, i // BLOCK, t]).random(BLOCK)``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from adaptive_tutor.irt import ItemParams
from adaptive_tutor.irt.mixed import _category_log_prob

__all__ = ["RandomStreams", "TrueProbabilities", "draw_responses"]

FloatArray = NDArray[np.float64]
IndexArray = NDArray[np.intp]

STREAM_BLOCK = 1024
_SEED_LIMIT = 2**53


class RandomStreams:
    """Deterministic per-learner, per-step random numbers from one root entropy."""

    def __init__(self, entropy: int, n_learners: int) -> None:
        self.entropy = int(entropy)
        self.n_learners = int(n_learners)
        self._cache: dict[tuple[int, int], FloatArray] = {}

    def abilities(self, shape: tuple[int, ...], correlation: float) -> FloatArray:
        """Standard-normal true abilities; columns (skills) share ``correlation``."""
        rng = np.random.default_rng([self.entropy, 0])
        if len(shape) == 1:
            return rng.standard_normal(shape)
        common = rng.standard_normal((shape[0], 1))
        unique = rng.standard_normal(shape)
        result: FloatArray = np.sqrt(correlation) * common + np.sqrt(1.0 - correlation) * unique
        return result

    def session_seeds(self) -> NDArray[np.int64]:
        """One TutoringSession seed per learner."""
        rng = np.random.default_rng([self.entropy, 1])
        seeds: NDArray[np.int64] = rng.integers(0, _SEED_LIMIT, self.n_learners, dtype=np.int64)
        return seeds

    def uniforms(self, learners: IndexArray, step: int) -> FloatArray:
        """Response uniforms of the given learners (global positions) at ``step``."""
        blocks = learners // STREAM_BLOCK
        out = np.empty(learners.shape[0])
        for block in np.unique(blocks):
            key = (int(block), int(step))
            column = self._cache.get(key)
            if column is None:
                rng = np.random.default_rng([self.entropy, 2, int(block), int(step)])
                column = rng.random(STREAM_BLOCK)
                self._cache[key] = column
            rows = blocks == block
            out[rows] = column[learners[rows] % STREAM_BLOCK]
        return out

    def release(self) -> None:
        """Forget cached uniforms (call between learner chunks)."""
        self._cache.clear()


class TrueProbabilities:
    """Category probabilities of items at a chunk of learners' true abilities.

    Computed lazily, item by item, the first time any learner of the chunk is given the
    item (an adaptive test touches a fraction of a large bank).

    Parameters
    ----------
    params : ItemParams
    answer_column : ndarray of int, shape (n_items,)
        The column of ``abilities`` that answers each item.
    abilities : ndarray, shape (n_learners, n_columns)
    """

    def __init__(
        self, params: ItemParams, answer_column: IndexArray, abilities: FloatArray
    ) -> None:
        self.params = params
        self.answer_column = answer_column
        self.abilities = abilities
        n_learners = abilities.shape[0]
        # item-major, so filling in an item writes one contiguous block
        self.values = np.empty((params.n_items, n_learners, params.max_categories))
        self.known = np.zeros(params.n_items, dtype=bool)

    def get(self, rows: IndexArray, items: IndexArray) -> FloatArray:
        """Probabilities ``(len(rows), K)`` of ``items[i]`` at learner ``rows[i]``."""
        missing = items[~self.known[items]]
        if missing.size:
            missing = np.unique(missing)
            columns = self.answer_column[missing]
            for column in np.unique(columns):
                chosen = missing[columns == column]
                theta = np.ascontiguousarray(self.abilities[:, column])
                prob = np.exp(_category_log_prob(self.params.take(chosen), theta))
                width = prob.shape[2]
                self.values[chosen, :, :width] = prob
                self.values[chosen, :, width:] = 0.0
            self.known[missing] = True
        result: FloatArray = self.values[items, rows]
        return result


def draw_responses(
    prob: FloatArray, uniforms: FloatArray, max_score: NDArray[np.int64]
) -> NDArray[np.int64]:
    """Category scores by inversion: the number of cumulative probabilities below ``u``.

    ``prob`` has shape (n, K) (absent categories have probability 0), ``uniforms`` and
    ``max_score`` (the answered items' top category) shape (n,).
    """
    cumulative = np.cumsum(prob[:, :-1], axis=1)
    score = np.sum(cumulative < uniforms[:, None], axis=1).astype(np.int64)
    result: NDArray[np.int64] = np.minimum(score, max_score)
    return result
