"""What a decision reads: the response history, the ability view and the decision context."""

from __future__ import annotations

import numpy as np
import pytest

from adaptive_tutor._bank_tables import tables_for
from adaptive_tutor.context import AbilityView, DecisionContext, ResponseHistory
from adaptive_tutor.exceptions import ResponseDataError
from adaptive_tutor.irt import category_prob
from adaptive_tutor.item_bank import ItemBank
from adaptive_tutor.learner import LearnerState

ANSWERS = [("count-1", 1), ("add-1", 0), ("story-1", 2)]


def test_history_from_records_keeps_the_order_and_names_unknown_items(tiny_bank: ItemBank) -> None:
    history = ResponseHistory.from_records(tiny_bank, ANSWERS)
    assert history.item_ids(tiny_bank) == ("count-1", "add-1", "story-1")
    assert history.response.tolist() == [1.0, 0.0, 2.0]
    assert np.isnan(history.timestamp).all()
    assert np.isnan(history.response_time).all()
    with pytest.raises(ResponseDataError, match="'ghost'"):
        ResponseHistory.from_records(tiny_bank, [("add-1", 1), ("ghost", 0)])


def test_view_of_a_learner_state_is_its_grid_posterior(tiny_bank: ItemBank) -> None:
    state = LearnerState.start(tiny_bank)
    for item_id, score in ANSWERS:
        state = state.update(tiny_bank, item_id, score)
    view = DecisionContext(tiny_bank, state).view
    np.testing.assert_allclose(view.posterior.sum(axis=1), 1.0, atol=1e-12)
    overall = state.estimate()
    assert view.theta[-1] == pytest.approx(overall.theta, abs=1e-12)
    assert view.se[-1] == pytest.approx(overall.se, abs=1e-12)
    for row, skill in enumerate(view.skill_ids):
        assert view.theta[row] == pytest.approx(state.estimate(skill).theta, abs=1e-12)


def test_overall_prior_relocates_only_the_overall_row(tiny_bank: ItemBank) -> None:
    history = ResponseHistory.from_records(tiny_bank, ANSWERS)
    state = LearnerState.start(tiny_bank)
    for item_id, score in ANSWERS:
        state = state.update(tiny_bank, item_id, score)
    plain = DecisionContext(tiny_bank, state, history).view
    placed = DecisionContext(tiny_bank, state, history, overall_prior=(2.0, 1.5)).view
    np.testing.assert_array_equal(placed.posterior[:-1], plain.posterior[:-1])
    # independently: N(2, 1.5) density times the likelihood of all three answers, on the grid
    # (the view weighs the prior by the grid's quadrature rule: equal to 1e-6)
    nodes = plain.nodes
    prob = category_prob(tiny_bank.params, nodes)  # items x grid x categories
    likelihood = prob[0, :, 1] * prob[1, :, 0] * prob[2, :, 2]
    weights = np.exp(-0.5 * ((nodes - 2.0) / 1.5) ** 2) * likelihood
    weights /= weights.sum()
    assert placed.theta[-1] == pytest.approx(float(weights @ nodes), abs=1e-6)


def test_bank_tables_are_computed_once_per_bank_and_grid(tiny_bank: ItemBank) -> None:
    nodes = AbilityView.prior(tiny_bank.skill_ids).nodes
    assert tables_for(tiny_bank, nodes) is tables_for(tiny_bank, nodes.copy())
    assert tables_for(tiny_bank, nodes) is not tables_for(tiny_bank, nodes[::2].copy())
