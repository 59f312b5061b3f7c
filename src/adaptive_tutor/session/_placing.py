"""A session's placement: starting it for a new learner and reading its result."""

from __future__ import annotations

from typing import Any

from adaptive_tutor._replay import irt_part, replay_model
from adaptive_tutor.context import ability_view
from adaptive_tutor.item_bank import ItemBank
from adaptive_tutor.placement import LearnerPlacement, Placement, check_learner_grade
from adaptive_tutor.session._history import AnswerLog


def start_placement(
    placement: Any, learner_grade: Any, bank: ItemBank, start_model: Any
) -> LearnerPlacement | None:
    """The learner's placement (None without one), centred on the grade or the model's prior."""
    grade = check_learner_grade(learner_grade, "TutoringSession")
    if placement is None:
        if grade is not None:
            raise ValueError(
                "The 'learner_grade' parameter of TutoringSession centres the placement; "
                "pass placement=Placement() too (or leave learner_grade out)."
            )
        return None
    if not isinstance(placement, Placement):
        raise TypeError(
            "The 'placement' parameter of TutoringSession must be a Placement (e.g. "
            f"Placement(max_items=8)). Got {type(placement).__name__}."
        )
    try:
        view = ability_view(start_model, bank)
    except TypeError:
        view = None
    if view is None or view.log_prior is None:
        raise TypeError(
            "A placement locates the learner on the IRT ability scale; the learner model "
            f"{type(start_model).__name__} has no ability posterior with a prior (use the "
            "default LearnerState or a TrackedLearner)."
        )
    irt = irt_part(start_model)
    prior_mean = 0.0 if irt is None else irt.prior_mean
    return placement.start(bank, learner_grade=grade, prior_mean=prior_mean)


def placement_estimate(
    placement: LearnerPlacement | None, start_model: Any, bank: ItemBank, log: AnswerLog
) -> tuple[float, float] | None:
    """Overall ``(theta, se)`` after the placement answers, located with its prior."""
    if placement is None or log.n_placement == 0:
        return None
    n = log.n_placement
    model = replay_model(start_model, bank, log.positions[:n], log.scores[:n])
    view = ability_view(model, bank).with_overall_prior(*placement.overall_prior)
    return float(view.theta[-1]), float(view.se[-1])
