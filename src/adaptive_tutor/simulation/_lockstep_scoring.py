"""The lock-step engine's item choice: criterion scores of every item for every learner.

Information interpolated on the grid at each learner's EAP (as the selector does) or
posterior-weighted success probabilities, then a row-wise best; rows that need randomness
(a near-tie, or randomesque) go to the selector's own exposure control with the generator
the tutoring session would use, so both engines make the same choices.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from adaptive_tutor._ability_view import borrowed_skill_posterior
from adaptive_tutor._bank_tables import tables_for
from adaptive_tutor.context import DecisionContext
from adaptive_tutor.irt.posterior import moments, normalised_weights
from adaptive_tutor.simulation._design import Design, FloatArray, IndexArray

__all__ = [
    "GridPoints",
    "LockStepTables",
    "ScoreBuffers",
    "choose_items",
    "interpolate",
    "interpolate_at",
    "item_scores",
    "weights_and_moments",
]

TIE = 1e-12  # the relative tie tolerance of BestItem


class LockStepTables:
    """Per-design arrays on the learner grid, in bank order."""

    def __init__(self, design: Design) -> None:
        bank = design.bank
        self.nodes = design.nodes
        self.log_prior = design.log_prior
        tables = tables_for(bank, self.nodes)  # the selectors' own cached tables
        # the tables are grid-major (n_grid, n_items) with items skill-sorted
        self.information_t = np.ascontiguousarray(tables.information[:, tables.inverse])
        self.success_t = np.ascontiguousarray(tables.success[:, tables.inverse])
        # an answer's log-probability curve is a contiguous row: (K, n_items, G), skill-sorted
        self.answer_curves = tables.answer_curves
        self.inverse = tables.inverse
        self.primary = np.asarray(tables.primary_skill)
        self.skill_matrix = np.asarray(bank.skill_matrix)
        self.n_skills = len(bank.skill_ids)
        self.skill_items = [np.flatnonzero(self.primary == s) for s in range(self.n_skills)]


def weights_and_moments(
    log_post: FloatArray, nodes: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Posterior weights, mean and SD exactly as AbilityView computes them (last axis)."""
    posterior = normalised_weights(log_post)
    theta, se = moments(posterior, nodes)
    return posterior, theta, se


@dataclass(frozen=True)
class GridPoints:
    """Where abilities fall on the grid: lower node and the two interpolation weights."""

    position: IndexArray  # (k,) index of the node at or below each ability
    lower: FloatArray  # (k, 1) weight of that node
    upper: FloatArray  # (k, 1) weight of the next node

    @classmethod
    def locate(cls, nodes: FloatArray, theta: FloatArray) -> GridPoints:
        """Locate every ability ``theta`` (k,) on ``nodes``, clamped to the grid."""
        position = np.searchsorted(nodes, theta)
        position -= 1
        np.minimum(np.maximum(position, 0, out=position), nodes.shape[0] - 2, out=position)
        low = nodes[position]
        fraction = np.minimum(np.maximum((theta - low) / (nodes[position + 1] - low), 0.0), 1.0)
        return cls(position, (1.0 - fraction)[:, None], fraction[:, None])

    def __getitem__(self, rows: Any) -> GridPoints:
        return GridPoints(self.position[rows], self.lower[rows], self.upper[rows])


class ScoreBuffers:
    """Two reusable (rows, n_items) arrays, so scoring a block allocates nothing."""

    def __init__(self, n_rows: int, n_items: int) -> None:
        self.scores = np.empty((n_rows, n_items))
        self.scratch = np.empty((n_rows, n_items))


def interpolate_at(
    table_t: FloatArray, points: GridPoints, buffers: ScoreBuffers | None = None
) -> FloatArray:
    """Rows of ``table_t`` (G, n) linearly interpolated at located abilities: (k, n).

    With ``buffers`` the result is written into (and returned as a view of) its arrays.
    """
    k, n = points.position.shape[0], table_t.shape[1]
    if buffers is None:
        result, upper = np.empty((k, n)), np.empty((k, n))
    else:
        result, upper = buffers.scores[:k], buffers.scratch[:k]
    np.take(table_t, points.position, axis=0, out=result, mode="clip")
    result *= points.lower
    np.take(table_t, points.position + 1, axis=0, out=upper, mode="clip")
    upper *= points.upper
    result += upper
    return result


def interpolate(table_t: FloatArray, nodes: FloatArray, theta: FloatArray) -> FloatArray:
    """Rows of ``table_t`` (G, n) linearly interpolated at each theta: (len(theta), n)."""
    return interpolate_at(table_t, GridPoints.locate(nodes, theta))


def item_scores(
    selector: Any,
    criterion: str,
    tables: LockStepTables,
    posterior: FloatArray,
    theta: FloatArray,
    skill_post: FloatArray,
    skill_theta: FloatArray,
    points: GridPoints | None = None,
    buffers: ScoreBuffers | None = None,
) -> FloatArray:
    """Criterion scores of every item for every active learner: (a, n_items).

    ``points`` optionally gives ``theta`` already located on the grid; with ``buffers``
    information scores are written into reusable arrays (a view of them is returned).
    """
    nodes = tables.nodes
    per_skill = selector.scope == "skill" and tables.n_skills > 1
    if per_skill and selector.between_skill_sd is not None:
        # skill rows borrow strength from the other skills, as AbilityView.borrow_strength
        skill_post = borrowed_skill_posterior(
            skill_post, posterior, tables.log_prior, nodes, selector.between_skill_sd
        )
        skill_theta = skill_post @ nodes
    if criterion == "information":
        if not per_skill:
            located = GridPoints.locate(nodes, theta) if points is None else points
            return interpolate_at(tables.information_t, located, buffers)
        scores = np.empty((theta.shape[0], tables.information_t.shape[1]))
        for skill, items in enumerate(tables.skill_items):
            if items.size:
                values = interpolate(tables.information_t[:, items], nodes, skill_theta[:, skill])
                scores[:, items] = values
        return scores
    if not per_skill:
        success = posterior @ tables.success_t
    else:
        success = np.empty((theta.shape[0], tables.success_t.shape[1]))
        for skill, items in enumerate(tables.skill_items):
            if items.size:
                success[:, items] = skill_post[:, skill, :] @ tables.success_t[:, items]
    result: FloatArray = -np.abs(success - selector.target)
    return result


def choose_items(
    masked: FloatArray,
    randomesque: bool,
    exposure: Any,
    context: DecisionContext,
    design: Design,
    learners: IndexArray,
    step: int,
    row_of: IndexArray | None = None,
) -> IndexArray:
    """Row-wise choice over masked scores (-inf = not eligible), one item per learner.

    ``learners`` are global positions; learner ``i`` reads row ``row_of[i]`` of
    ``masked`` (default: row ``i``), so learners with the same history share a row.
    Learners whose row needs randomness (a near-tie, or randomesque) go to the
    selector's own exposure control with the generator the tutoring session would use at
    this step, each with its own generator.
    """
    n_rows = masked.shape[0]
    if randomesque:
        needs_rng = np.ones(n_rows, dtype=bool)
        best = np.zeros(n_rows, dtype=np.intp)
    else:
        # a near-tie: the best score among the other items is within TIE of the top
        rows = np.arange(n_rows)
        best = np.argmax(masked, axis=1)
        top = masked[rows, best]
        masked[rows, best] = -np.inf
        runner_up = masked.max(axis=1)
        masked[rows, best] = top
        needs_rng = runner_up >= top - TIE * (1.0 + np.abs(top))
    if row_of is None:
        row_of = np.arange(n_rows)
    chosen: IndexArray = best[row_of]
    for learner in np.flatnonzero(needs_rng[row_of]):
        row = row_of[learner]
        candidates = np.flatnonzero(masked[row] > -np.inf)
        rng = np.random.default_rng([int(design.session_seeds[learners[learner]]), step])
        chosen[learner] = exposure.choose(context, candidates, masked[row, candidates], rng)
    return chosen
