"""The placement stage inside the lock-step engine, as each learner's session runs it."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from adaptive_tutor._ability_view import reprior
from adaptive_tutor.context import DecisionContext
from adaptive_tutor.irt.posterior import moments, normalised_weights
from adaptive_tutor.selection import BestItem
from adaptive_tutor.simulation._design import Design, FloatArray, IndexArray
from adaptive_tutor.simulation._lockstep_scoring import LockStepTables, choose_items, interpolate

__all__ = ["PlacementRun"]


class PlacementRun:
    """The placement stage of a chunk's learners, as their sessions run it.

    Each learner's overall posterior is located with the placement's prior (centred on
    the learner's grade); while a learner is placing, the next item is the most
    informative at the located estimate among items not given yet and of skills below the
    placement's per-skill limit, chosen with the tie-breaking of :class:`BestItem`.
    """

    def __init__(self, design: Design, tables: LockStepTables, learners: IndexArray) -> None:
        placement = design.placement
        if placement is None:  # pragma: no cover - only built with a placement
            raise ValueError("no placement")
        self.design = design
        self.tables = tables
        self.settings = placement
        self.means = np.array(
            [
                design.learner_placement(int(learner)).prior_mean  # type: ignore[union-attr]
                for learner in learners
            ]
        )
        m = learners.shape[0]
        self.n_placed = np.zeros(m, dtype=np.int64)
        self.skill_counts = np.zeros((m, tables.n_skills), dtype=np.int64)
        self.theta = np.full(m, np.nan)
        self.se = np.full(m, np.nan)
        self.exposure = BestItem()
        self._learners = learners

    def located(
        self, posterior: FloatArray, active: IndexArray
    ) -> tuple[FloatArray, FloatArray, FloatArray]:
        """Located overall posterior, mean and SD of the active rows."""
        tables = self.tables
        weights = reprior(
            posterior, tables.log_prior, tables.nodes, self.means[active], self.settings.prior_sd
        )
        theta, se = moments(weights, tables.nodes)
        return weights, theta, se

    def _allowed(self, rows: IndexArray, administered: NDArray[np.bool_]) -> NDArray[np.bool_]:
        """(len(rows), n_items): items the placement may give (``administered`` per row)."""
        allowed = ~administered
        limit = self.settings.max_per_skill
        if limit is not None:
            allowed &= (self.skill_counts[rows] < limit)[:, self.tables.primary]
        return allowed

    def running(
        self, active: IndexArray, t: int, se: FloatArray, administered: NDArray[np.bool_]
    ) -> NDArray[np.bool_]:
        """Which active learners take a placement item at step ``t``."""
        settings = self.settings
        placed = self.n_placed[active]
        running: NDArray[np.bool_] = (placed == t) & (placed < settings.max_items)
        if settings.standard_error is not None:
            running &= ~((placed > 0) & (se < settings.standard_error))
        if running.any():
            which = np.flatnonzero(running)
            has_item = self._allowed(active[which], administered[which]).any(axis=1)
            running[which] = has_item
        return running

    def choose(
        self,
        which: IndexArray,
        active: IndexArray,
        t: int,
        theta: FloatArray,
        administered: NDArray[np.bool_],
        context: DecisionContext,
    ) -> IndexArray:
        """Placement items of the active rows ``which``."""
        tables = self.tables
        scores = interpolate(tables.information_t, tables.nodes, theta[which])
        allowed = self._allowed(active[which], administered[which])
        np.copyto(scores, -np.inf, where=~allowed)
        return choose_items(
            scores, False, self.exposure, context, self.design, self.learners(active[which]), t
        )

    def learners(self, rows: IndexArray) -> IndexArray:
        """Global learner positions of chunk rows."""
        return self._learners[rows]

    def record(
        self,
        active: IndexArray,
        chosen: IndexArray,
        placing: NDArray[np.bool_],
        log_post: FloatArray,
        t: int,
    ) -> None:
        """Count the placement answers and keep the estimate after the latest one."""
        if not placing.any():
            return
        rows = active[placing]
        self.n_placed[rows] += 1
        np.add.at(self.skill_counts, (rows, self.tables.primary[chosen[placing]]), 1)
        posterior = normalised_weights(log_post[placing])
        _, self.theta[rows], self.se[rows] = self.located(posterior, rows)
