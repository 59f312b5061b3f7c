"""Private adapters between learner models and the selection/stopping machinery.

Selectors read abilities through :class:`~adaptive_tutor.context.AbilityView`; this module
builds that view from the IRT :class:`~adaptive_tutor.learner.LearnerState` and applies
updates to a learner model whether its ``update`` returns a new object (immutable models,
like ``LearnerState``) or mutates in place and returns ``None``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from adaptive_tutor.learner import LearnerState

if TYPE_CHECKING:
    from adaptive_tutor.context import AbilityView
    from adaptive_tutor.item_bank import ItemBank


def view_from_learner_state(learner: Any, bank: ItemBank) -> AbilityView | None:
    """Return the ability view of a LearnerState, or None for other objects."""
    if not isinstance(learner, LearnerState):
        return None
    from adaptive_tutor.context import AbilityView

    log_post = np.vstack([learner.skill_log_posterior, learner.log_posterior[None, :]])
    posterior = np.exp(log_post)
    posterior /= posterior.sum(axis=1, keepdims=True)
    return AbilityView(learner.nodes, posterior, learner.skill_ids, learner.log_prior)


def apply_update(learner: Any, bank: ItemBank, item_id: str, response: int) -> Any:
    """Update a learner model with one response and return the (new) model."""
    result = learner.update(bank, item_id, response)
    return learner if result is None else result
