"""The validated design of a simulation and the raw record both engines return."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from adaptive_tutor.estimation import AbilityEstimator
from adaptive_tutor.irt import ItemParams
from adaptive_tutor.irt.quadrature import normal_grid
from adaptive_tutor.item_bank import ItemBank
from adaptive_tutor.placement import LearnerPlacement, Placement
from adaptive_tutor.selection import ScoringSelector
from adaptive_tutor.simulation._streams import RandomStreams
from adaptive_tutor.simulation.choice import ChildPicks
from adaptive_tutor.stopping import MasteryClassifier, StoppingRule

__all__ = ["Design", "RunRecord", "concatenate_records"]

FloatArray = NDArray[np.float64]
IndexArray = NDArray[np.intp]
IntArray = NDArray[np.int64]

# learners x items (x categories) cells per chunk of learners: bounds the step arrays
CHUNK_CELLS = 2**21


@dataclass(frozen=True, eq=False)
class Design:
    """Everything an engine needs; inputs already validated."""

    bank: ItemBank
    params: ItemParams
    selector: ScoringSelector
    stopper: StoppingRule
    mastery: MasteryClassifier
    estimator: AbilityEstimator
    prior: dict[str, Any]
    abilities: FloatArray  # (n_learners, n_ability_columns)
    answer_column: IndexArray  # (n_items,) ability column that answers each item
    streams: RandomStreams
    session_seeds: IntArray
    child_choice: ChildPicks | None = None
    placement: Placement | None = None
    learner_grades: tuple[int | None, ...] = ()  # one per learner with a placement

    def learner_placement(self, learner: int) -> LearnerPlacement | None:
        """The placement of one learner (global position), as its session starts it."""
        if self.placement is None:
            return None
        grade = self.learner_grades[learner] if self.learner_grades else None
        return self.placement.start(
            self.bank, learner_grade=grade, prior_mean=float(self.prior["prior_mean"])
        )

    @property
    def n_learners(self) -> int:
        return int(self.abilities.shape[0])

    @property
    def n_skills(self) -> int:
        return len(self.bank.skill_ids)

    @property
    def nodes(self) -> FloatArray:
        return normal_grid(
            self.prior["n_points"],
            self.prior["bound"],
            mean=self.prior["prior_mean"],
            sd=self.prior["prior_sd"],
        ).nodes

    @property
    def log_prior(self) -> FloatArray:
        return normal_grid(
            self.prior["n_points"],
            self.prior["bound"],
            mean=self.prior["prior_mean"],
            sd=self.prior["prior_sd"],
        ).log_weights

    @property
    def max_score(self) -> IntArray:
        return np.asarray(self.params.n_categories - 1, dtype=np.int64)

    def chunk_size(self) -> int:
        cells = self.params.n_items * max(int(self.params.max_categories), 2)
        return max(1, CHUNK_CELLS // cells)


@dataclass(eq=False)
class RunRecord:
    """What an engine reports for a set of learners (global positions ``learners``)."""

    learners: IndexArray  # (m,)
    step_learner: IndexArray  # (r,) global learner position of each response
    step: IntArray  # (r,) 1-based step number
    step_item: IndexArray  # (r,)
    step_response: IntArray  # (r,)
    step_theta: FloatArray  # (r,) overall EAP after the response
    step_se: FloatArray  # (r,)
    n_items: IntArray  # (m,)
    reason: NDArray[np.object_]  # (m,) stop reasons
    theta: FloatArray  # (m,) final overall EAP
    se: FloatArray  # (m,)
    skill_theta: FloatArray  # (m, S)
    skill_se: FloatArray  # (m, S)
    skill_counts: IntArray  # (m, S)
    mastery: NDArray[np.int8] | None  # (m, S) codes of adaptive_tutor.mastery.CODES, or
    # None: not computed yet (the lock-step engine derives them from the steps on demand)
    step_placement: NDArray[np.bool_]  # (r,) the answer belongs to the placement
    placement_items: IntArray  # (m,) placement answers
    placement_theta: FloatArray  # (m,) overall estimate after them (located), NaN if none
    placement_se: FloatArray  # (m,)


def concatenate_records(records: Sequence[RunRecord]) -> RunRecord:
    """Join records and sort learners by position (steps by learner, then step)."""
    learners = np.concatenate([r.learners for r in records])
    order = np.argsort(learners, kind="stable")
    step_learner = np.concatenate([r.step_learner for r in records])
    step = np.concatenate([r.step for r in records])
    step_order = np.lexsort((step, step_learner))

    def per_learner(name: str) -> Any:
        return np.concatenate([getattr(r, name) for r in records])[order]

    def per_step(name: str) -> Any:
        return np.concatenate([getattr(r, name) for r in records])[step_order]

    return RunRecord(
        learners=learners[order],
        step_learner=step_learner[step_order],
        step=step[step_order],
        step_item=per_step("step_item"),
        step_response=per_step("step_response"),
        step_theta=per_step("step_theta"),
        step_se=per_step("step_se"),
        n_items=per_learner("n_items"),
        reason=per_learner("reason"),
        theta=per_learner("theta"),
        se=per_learner("se"),
        skill_theta=per_learner("skill_theta"),
        skill_se=per_learner("skill_se"),
        skill_counts=per_learner("skill_counts"),
        mastery=None if any(r.mastery is None for r in records) else per_learner("mastery"),
        step_placement=per_step("step_placement"),
        placement_items=per_learner("placement_items"),
        placement_theta=per_learner("placement_theta"),
        placement_se=per_learner("placement_se"),
    )
