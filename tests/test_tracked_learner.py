"""BKT and Elo plugged into TutoringSession beside the IRT learner state."""

from __future__ import annotations

import json

import numpy as np
import pytest
from scipy.special import expit

from adaptive_tutor.elo import EloRatings
from adaptive_tutor.exceptions import SessionStateError
from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
from adaptive_tutor.knowledge_tracing import BayesianKnowledgeTracing
from adaptive_tutor.selection import TargetProbability
from adaptive_tutor.session import TutoringSession, next_exercise, record_response
from adaptive_tutor.stopping import MaxItems
from adaptive_tutor.tracked_learner import TrackedLearner

SKILL_PARAMS = {
    "count": {"prior": 0.6, "learn": 0.2, "guess": 0.25, "slip": 0.1},
    "add": {"prior": 0.3, "learn": 0.15, "guess": 0.2, "slip": 0.1},
}


@pytest.fixture
def bank() -> ItemBank:
    return ItemBank.from_dict(tiny_bank_document())


@pytest.fixture
def bkt() -> BayesianKnowledgeTracing:
    return BayesianKnowledgeTracing.from_params(SKILL_PARAMS)


@pytest.fixture
def elo() -> EloRatings:
    return EloRatings.from_difficulties({"count-1": -1.0, "add-1": 0.0, "story-1": 0.8})


def test_session_updates_both_models(bank: ItemBank, bkt: BayesianKnowledgeTracing) -> None:
    session = TutoringSession(bank, learner_model=TrackedLearner.start(bank, bkt), seed=1)
    session.record("add-1", 1)
    learner = session.learner_model
    assert learner.irt_state.n_responses == 1
    assert learner.mastery_probabilities()["add"] > SKILL_PARAMS["add"]["prior"]
    assert session.skill_abilities().set_index("skill_id").loc["add", "theta"] > 0


def test_partial_credit_counts_as_correct_only_at_full_marks(
    bank: ItemBank, bkt: BayesianKnowledgeTracing
) -> None:
    start = TrackedLearner.start(bank, bkt)
    half = start.update(bank, "story-1", 1).mastery_probabilities()["add"]
    full = start.update(bank, "story-1", 2).mastery_probabilities()["add"]
    assert half < SKILL_PARAMS["add"]["prior"] < full


def test_bkt_success_probability_follows_mastery(
    bank: ItemBank, bkt: BayesianKnowledgeTracing
) -> None:
    learner = TrackedLearner.start(bank, bkt).update(bank, "add-1", 1)
    mastery = learner.mastery_probabilities()["add"]
    expected = mastery * 0.9 + (1 - mastery) * 0.2
    np.testing.assert_allclose(learner.success_probability(bank)[1:], [expected, expected])


def test_elo_success_probability_compares_ratings(bank: ItemBank, elo: EloRatings) -> None:
    learner = TrackedLearner.start(bank, elo).update(bank, "count-1", 1)
    rating = learner.tracker_state.rating
    expected = expit(rating - np.array([-1.0, 0.0, 0.8]))
    np.testing.assert_allclose(learner.success_probability(bank), expected)


def test_practice_selection_uses_the_tracker(bank: ItemBank, elo: EloRatings) -> None:
    session = TutoringSession(
        bank,
        selector=TargetProbability(0.5, variety=0.0),
        learner_model=TrackedLearner.start(bank, elo),
        seed=3,
    )
    assert session.next_item().id == "add-1"  # Elo: P = 0.5 exactly at rating 0


def test_session_state_round_trips_through_json(
    bank: ItemBank, bkt: BayesianKnowledgeTracing
) -> None:
    session = TutoringSession(
        bank, learner_model=TrackedLearner.start(bank, bkt), stopping_rule=MaxItems(3), seed=5
    )
    session.record("add-1", 1)
    data = json.loads(json.dumps(session.to_dict()))
    resumed = TutoringSession.from_dict(bank, data, learner_model=TrackedLearner)
    assert resumed.learner_model.mastery_probabilities() == pytest.approx(
        session.learner_model.mastery_probabilities()
    )
    assert resumed.next_item().id == session.next_item().id


def test_stateless_backend_with_an_elo_tracker(bank: ItemBank, elo: EloRatings) -> None:
    session = TutoringSession(bank, learner_model=TrackedLearner.start(bank, elo), seed=2)
    state = json.loads(json.dumps(session.to_dict()))
    item, state = next_exercise(bank, state, learner_model=TrackedLearner)
    assert item is not None
    state = record_response(bank, state, item.id, item.max_score, learner_model=TrackedLearner)
    restored = TutoringSession.from_dict(bank, state, learner_model=TrackedLearner)
    assert restored.learner_model.tracker_state.n_responses == 1


def test_bkt_without_a_bank_skill_is_refused(bank: ItemBank) -> None:
    partial = BayesianKnowledgeTracing.from_params({"count": SKILL_PARAMS["count"]})
    with pytest.raises(SessionStateError, match=r"no parameters for skills \['add'\]"):
        TrackedLearner.start(bank, partial)


def test_unfitted_elo_is_refused(bank: ItemBank) -> None:
    with pytest.raises(SessionStateError, match="not fitted"):
        TrackedLearner.start(bank, EloRatings())


def test_other_trackers_are_refused(bank: ItemBank) -> None:
    with pytest.raises(TypeError, match="'tracker' parameter of TrackedLearner"):
        TrackedLearner.start(bank, object())  # type: ignore[arg-type]


def test_mastery_needs_knowledge_tracing(bank: ItemBank, elo: EloRatings) -> None:
    with pytest.raises(SessionStateError, match="knowledge-tracing tracker"):
        TrackedLearner.start(bank, elo).mastery_probabilities()


def test_state_of_another_kind_is_refused(bank: ItemBank) -> None:
    with pytest.raises(SessionStateError, match="not a saved TrackedLearner"):
        TrackedLearner.from_dict(bank, {"kind": "something else"})


def test_newer_state_version_is_refused(bank: ItemBank, elo: EloRatings) -> None:
    data = TrackedLearner.start(bank, elo).to_dict()
    data["version"] = 99
    with pytest.raises(SessionStateError, match="version 99"):
        TrackedLearner.from_dict(bank, data)


def test_state_from_another_bank_is_refused(bank: ItemBank, elo: EloRatings) -> None:
    other_document = tiny_bank_document()
    other_document["bank"]["id"] = "other"
    other = ItemBank.from_dict(other_document)
    data = TrackedLearner.start(other, elo).to_dict()
    with pytest.raises(SessionStateError):
        TrackedLearner.from_dict(bank, data)


def test_elo_success_probability_uses_the_prior_for_items_never_rated(bank: ItemBank) -> None:
    elo = EloRatings.from_difficulties({"add-1": 0.0}, prior_difficulty=1.0)
    probabilities = TrackedLearner.start(bank, elo).success_probability(bank)
    np.testing.assert_allclose(probabilities, expit(-np.array([1.0, 0.0, 1.0])))
