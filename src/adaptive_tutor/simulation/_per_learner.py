"""The reference engine: one public :class:`TutoringSession` per simulated learner.

Works with every selector, stopping rule and mastery classifier the session accepts
(exposure ceilings share one :class:`~adaptive_tutor.selection.ExposureCounts` across the
population, in learner order). Responses come from the shared random streams, so the
lock-step engine reproduces these sessions exactly where it applies.
"""

from __future__ import annotations

import numpy as np

from adaptive_tutor.irt.posterior import posterior_moments
from adaptive_tutor.item import Item
from adaptive_tutor.learner import LearnerState
from adaptive_tutor.mastery import CODES
from adaptive_tutor.placement import PLACEMENT
from adaptive_tutor.selection import ExposureCounts
from adaptive_tutor.session import TutoringSession
from adaptive_tutor.simulation._design import Design, IndexArray, RunRecord
from adaptive_tutor.simulation._streams import TrueProbabilities, draw_responses

__all__ = ["run_per_learner"]


def _next(design: Design, session: TutoringSession, seed: int, step: int) -> Item | None:
    """The item the learner answers next: the tutor's pick, or the child's from a menu."""
    policy = design.child_choice
    if policy is None:
        return session.next_item()
    menu = session.offer_choices(policy.k, targets=policy.targets)
    if not menu:
        return None
    return policy.pick(menu, np.random.default_rng([seed, step, 2])).item


def run_per_learner(design: Design, learners: IndexArray) -> RunRecord:
    """Run learners (global positions, in this order) through real tutoring sessions."""
    bank = design.bank
    params = design.params
    max_score = design.max_score
    n_skills = design.n_skills
    counts = ExposureCounts(bank)
    m = learners.shape[0]
    columns: dict[str, list[np.ndarray]] = {
        name: [] for name in ("learner", "step", "item", "response", "theta", "se", "stage")
    }
    n_items = np.zeros(m, dtype=np.int64)
    reason = np.empty(m, dtype=object)
    theta = np.empty(m)
    se = np.empty(m)
    skill_theta = np.empty((m, n_skills))
    skill_se = np.empty((m, n_skills))
    skill_counts = np.zeros((m, n_skills), dtype=np.int64)
    mastery = np.empty((m, n_skills), dtype=np.int8)
    placement_items = np.zeros(m, dtype=np.int64)
    placement_theta = np.full(m, np.nan)
    placement_se = np.full(m, np.nan)
    size = design.chunk_size()
    for start in range(0, m, size):
        block = learners[start : start + size]
        prob = TrueProbabilities(params, design.answer_column, design.abilities[block])
        for offset, learner in enumerate(block):
            row = start + offset
            session = TutoringSession(
                bank,
                selector=design.selector,
                stopping_rule=design.stopper,
                learner_model=LearnerState.start(bank, **design.prior),
                mastery=design.mastery,
                exposure_counts=counts,
                seed=int(design.session_seeds[learner]),
                strict=design.child_choice is not None,
                placement=design.placement,
                learner_grade=design.learner_grades[learner] if design.learner_grades else None,
            )
            step = 0
            position = np.array([learner], dtype=np.intp)
            seed = int(design.session_seeds[learner])
            while (item := _next(design, session, seed, step)) is not None:
                j = bank.index_of(item.id)
                u = design.streams.uniforms(position, step)
                rows = np.array([offset], dtype=np.intp)
                items = np.array([j], dtype=np.intp)
                score = draw_responses(prob.get(rows, items), u, max_score[items])
                session.record(item.id, int(score[0]))
                step += 1
            history = session.history
            columns["learner"].append(np.full(step, learner, dtype=np.intp))
            columns["step"].append(np.arange(1, step + 1, dtype=np.int64))
            columns["item"].append(bank.indices_of(history["item_id"]))
            columns["response"].append(history["response"].to_numpy(np.int64))
            columns["theta"].append(history["overall_theta"].to_numpy(np.float64))
            columns["se"].append(history["overall_se"].to_numpy(np.float64))
            columns["stage"].append(history["stage"].to_numpy() == PLACEMENT)
            placed = session.placement_estimate()
            if placed is not None:
                placement_items[row] = int(columns["stage"][-1].sum())
                placement_theta[row], placement_se[row] = placed
            n_items[row] = step
            reason[row] = session.stop_decision().reason
            state: LearnerState = session.learner_model
            mean, sd = posterior_moments(state.log_posterior[None, :], state.nodes)
            theta[row], se[row] = mean[0], sd[0]
            skill_mean, skill_sd = posterior_moments(state.skill_log_posterior, state.nodes)
            skill_theta[row], skill_se[row] = skill_mean, skill_sd
            skill_counts[row] = state.skill_n_responses
            status = session.mastery_status()
            mastery[row] = [CODES[status[s]] for s in bank.skill_ids]
        design.streams.release()

    def joined(name: str, dtype: type) -> np.ndarray:
        parts = columns[name]
        return np.concatenate(parts).astype(dtype) if parts else np.empty(0, dtype=dtype)

    return RunRecord(
        learners=np.asarray(learners, dtype=np.intp),
        step_learner=joined("learner", np.intp),
        step=joined("step", np.int64),
        step_item=joined("item", np.intp),
        step_response=joined("response", np.int64),
        step_theta=joined("theta", np.float64),
        step_se=joined("se", np.float64),
        n_items=n_items,
        reason=reason,
        theta=theta,
        se=se,
        skill_theta=skill_theta,
        skill_se=skill_se,
        skill_counts=skill_counts,
        mastery=mastery,
        step_placement=joined("stage", np.bool_),
        placement_items=placement_items,
        placement_theta=placement_theta,
        placement_se=placement_se,
    )
