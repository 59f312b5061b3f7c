"""Tests for Elo ratings of learners and items (adaptive_tutor.elo)."""

from __future__ import annotations

import json
import math
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate
from sklearn.base import clone

from adaptive_tutor.elo import (
    EloRatings,
    EloState,
    elo_points_to_logit,
    elo_to_irt,
    estimate_item_difficulties,
    expected_score,
    irt_to_elo,
    logit_to_elo_points,
)
from adaptive_tutor.elo._update import langevin
from adaptive_tutor.exceptions import NotFittedError, ResponseDataError, SessionStateError
from adaptive_tutor.knowledge_tracing import cross_validate_by_learner


def rasch_log(
    n_learners: int, n_items: int, per_learner: int, seed: int
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """Learners answer random items, learner after learner; returns log, theta, b."""
    rng = np.random.default_rng(seed)
    theta = rng.normal(size=n_learners)
    b = rng.normal(size=n_items)
    learner = np.repeat(np.arange(n_learners), per_learner)
    item = np.concatenate(
        [rng.choice(n_items, per_learner, replace=False) for _ in range(n_learners)]
    )
    p = 1.0 / (1.0 + np.exp(-(theta[learner] - b[item])))
    log = pd.DataFrame(
        {
            "learner_id": learner,
            "item_id": [f"i{i:02d}" for i in item],
            "correct": (rng.random(p.size) < p).astype(int),
        }
    )
    return log, theta, b


@pytest.fixture(scope="module")
def simulated() -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    return rasch_log(n_learners=1000, n_items=40, per_learner=30, seed=0)


def item_order(n_items: int) -> list[str]:
    return [f"i{i:02d}" for i in range(n_items)]


# ------------------------------------------------------------------ recovery
def test_item_ratings_correlate_with_true_difficulties(
    simulated: tuple[pd.DataFrame, np.ndarray, np.ndarray],
) -> None:
    log, _, b = simulated
    model = EloRatings().fit(log)
    estimates = model.item_ratings_.reindex(item_order(b.size)).to_numpy()
    assert np.corrcoef(estimates, b)[0, 1] >= 0.9


def test_learner_ratings_correlate_with_true_abilities(
    simulated: tuple[pd.DataFrame, np.ndarray, np.ndarray],
) -> None:
    log, theta, _ = simulated
    model = EloRatings().fit(log)
    estimates = model.learner_ratings_.sort_index().to_numpy()
    assert np.corrcoef(estimates, theta)[0, 1] >= 0.8


def test_bootstrapped_difficulties_are_on_the_irt_scale(
    simulated: tuple[pd.DataFrame, np.ndarray, np.ndarray],
) -> None:
    log, _, b = simulated
    table = estimate_item_difficulties(log, D=1.702)
    assert np.allclose(table["b"] * 1.702, table["rating"])
    estimates = table["rating"].reindex(item_order(b.size)).to_numpy()
    assert np.corrcoef(estimates, b)[0, 1] >= 0.9
    assert table["n_responses"].sum() == 3 * len(log)


def test_response_time_scoring_keeps_the_difficulty_scale() -> None:
    log, _, b = rasch_log(n_learners=800, n_items=30, per_learner=25, seed=4)
    rng = np.random.default_rng(1)
    log["response_time"] = rng.uniform(1.0, 20.0, len(log))
    model = EloRatings(time_limit=20.0).fit(log)
    estimates = model.item_ratings_.reindex(item_order(b.size)).to_numpy()
    assert np.corrcoef(estimates, b)[0, 1] >= 0.9


# ------------------------------------------------------------------ update rule
def test_update_follows_the_decaying_step_rule() -> None:
    model = EloRatings.from_difficulties({"a": 0.5}, alpha=0.8, beta=0.1)
    state = EloState(rating=0.0, n_responses=4)
    new = model.update(state, "a", correct=True)
    expected_p = 1.0 / (1.0 + math.exp(0.5))
    assert new.rating == pytest.approx(0.8 / 1.4 * (1.0 - expected_p))
    assert new.n_responses == 5


def test_fit_updates_items_with_the_item_step() -> None:
    log = pd.DataFrame({"learner_id": [1, 2], "item_id": ["a", "a"], "correct": [1, 1]})
    model = EloRatings(item_alpha=0.4, item_beta=1.0).fit(log)
    first = -0.4 * 0.5
    second = first - 0.4 / 2.0 * (1.0 - 1.0 / (1.0 + math.exp(first)))
    assert model.item_ratings_["a"] == pytest.approx(second)
    assert model.learner_ratings_.tolist() == pytest.approx(
        [0.5, 1.0 - 1.0 / (1 + math.exp(first))]
    )


@settings(max_examples=50, deadline=None)
@given(
    rating=st.floats(-4, 4),
    difficulty=st.floats(-4, 4),
    n=st.integers(0, 100),
)
def test_correct_answer_raises_and_wrong_answer_lowers_the_rating(
    rating: float, difficulty: float, n: int
) -> None:
    model = EloRatings.from_difficulties({"a": difficulty})
    state = EloState(rating=rating, n_responses=n)
    assert model.update(state, "a", correct=True).rating > rating
    assert model.update(state, "a", correct=False).rating < rating


def test_faster_correct_answers_score_higher() -> None:
    model = EloRatings.from_difficulties({"a": 0.0}, time_limit=30.0)
    state = model.initial_state()
    fast = model.update(state, "a", correct=True, response_time=3.0).rating
    slow = model.update(state, "a", correct=True, response_time=27.0).rating
    late = model.update(state, "a", correct=True, response_time=40.0).rating
    assert fast > slow > late == 0.0


def test_faster_wrong_answers_cost_more() -> None:
    model = EloRatings.from_difficulties({"a": 0.0}, time_limit=30.0)
    state = model.initial_state()
    fast = model.update(state, "a", correct=False, response_time=3.0).rating
    slow = model.update(state, "a", correct=False, response_time=27.0).rating
    assert fast < slow < 0.0


@pytest.mark.parametrize("z", [-3.0, -0.4, 1e-5, 0.7, 5.0, 40.0])
def test_expected_time_score_is_the_mean_under_the_model(z: float) -> None:
    # The signed residual time score s in (-1, 1) has density proportional to exp(s * z).
    def density(s: float) -> float:
        return math.exp(s * z - abs(z))

    mass, _ = integrate.quad(density, -1.0, 1.0)
    mean, _ = integrate.quad(lambda s: s * density(s), -1.0, 1.0)
    assert langevin(z) == pytest.approx(mean / mass, rel=1e-7, abs=1e-12)


def test_online_updates_match_predict_proba_replay(
    simulated: tuple[pd.DataFrame, np.ndarray, np.ndarray],
) -> None:
    log, _, _ = simulated
    model = EloRatings().fit(log)
    one = log[log["learner_id"] == 3]
    state = model.initial_state()
    online = []
    for row in one.itertuples():
        online.append(model.predict_correct(state, row.item_id))
        state = model.update(state, row.item_id, row.correct)
    np.testing.assert_allclose(online, model.predict_proba(one), rtol=1e-12)


def test_training_predictions_come_before_each_update() -> None:
    log = pd.DataFrame({"learner_id": [1, 1], "item_id": ["a", "a"], "correct": [1, 0]})
    model = EloRatings().fit(log)
    assert model.training_predictions_[0] == 0.5
    assert model.training_predictions_[1] == pytest.approx(expected_score(0.5, -0.5))


def test_timestamps_set_the_global_order() -> None:
    log = pd.DataFrame(
        {
            "learner_id": [1, 2],
            "item_id": ["a", "a"],
            "correct": [1, 0],
            "timestamp": [2.0, 1.0],
        }
    )
    model = EloRatings().fit(log)
    # Learner 2 answered first, against the cold item.
    assert model.training_predictions_[1] == 0.5
    assert model.training_predictions_[0] != 0.5


# ------------------------------------------------------------------ cold start
def test_new_items_start_from_their_prior_difficulty() -> None:
    log = pd.DataFrame({"learner_id": [1], "item_id": ["a"], "correct": [1]})
    model = EloRatings(prior_difficulty=-1.0).fit(log, prior_difficulties={"b": 2.0})
    assert model.item_rating("b") == 2.0
    assert model.item_rating("never_seen") == -1.0
    assert model.predict_correct(EloState(rating=2.0), "b") == 0.5


def test_fit_starts_items_from_prior_difficulties() -> None:
    log = pd.DataFrame({"learner_id": [1], "item_id": ["a"], "correct": [1]})
    model = EloRatings().fit(log, prior_difficulties={"a": 1.0})
    assert model.training_predictions_[0] == pytest.approx(expected_score(0.0, 1.0))


def test_partial_fit_continues_ratings_and_counts() -> None:
    first = pd.DataFrame({"learner_id": [1, 2], "item_id": ["a", "b"], "correct": [1, 0]})
    second = pd.DataFrame({"learner_id": [1, 3], "item_id": ["a", "c"], "correct": [0, 1]})
    model = EloRatings().fit(first)
    both = EloRatings().fit(pd.concat([first, second], ignore_index=True))
    model.partial_fit(second)
    pd.testing.assert_series_equal(
        model.item_ratings_.sort_index(), both.item_ratings_.sort_index()
    )
    pd.testing.assert_series_equal(
        model.learner_counts_.sort_index(), both.learner_counts_.sort_index()
    )


# ------------------------------------------------------------------ conversions
@settings(max_examples=50, deadline=None)
@given(
    values=st.lists(st.floats(-8, 8), min_size=1, max_size=5),
    D=st.sampled_from([1.0, 1.702]),
)
def test_irt_conversion_round_trip(values: list[float], D: float) -> None:
    np.testing.assert_allclose(elo_to_irt(irt_to_elo(values, D=D), D=D), values, atol=1e-12)


@settings(max_examples=50, deadline=None)
@given(values=st.lists(st.floats(-8, 8), min_size=1, max_size=5))
def test_elo_points_round_trip(values: list[float]) -> None:
    points = logit_to_elo_points(values, origin=1200.0)
    np.testing.assert_allclose(elo_points_to_logit(points, origin=1200.0), values, atol=1e-9)


def test_four_hundred_points_mean_ten_to_one_odds() -> None:
    gap = elo_points_to_logit([1900.0])[0]
    p = float(expected_score(gap, 0.0))
    assert p / (1.0 - p) == pytest.approx(10.0)


def test_ability_is_rating_over_d() -> None:
    assert EloRatings().ability(EloState(rating=3.404), D=1.702) == pytest.approx(2.0)


# ------------------------------------------------------------------ state, contract
def test_state_round_trips_through_json() -> None:
    state = EloState(rating=-0.25, n_responses=7)
    assert EloState.from_dict(json.loads(json.dumps(state.to_dict()))) == state


def test_state_of_another_kind_is_rejected() -> None:
    with pytest.raises(SessionStateError, match="bkt_mastery"):
        EloState.from_dict({"kind": "bkt_mastery", "version": 1, "mastery": {}})


def test_update_needs_an_elo_state() -> None:
    model = EloRatings.from_difficulties({"a": 0.0})
    with pytest.raises(SessionStateError, match="EloState"):
        model.update({"rating": 0.0}, "a", correct=True)  # type: ignore[arg-type]


def test_clone_keeps_hyperparameters() -> None:
    model = EloRatings(alpha=0.5, beta=0.2, time_limit=10.0)
    assert clone(model).get_params() == model.get_params()


def test_unfitted_model_raises() -> None:
    with pytest.raises(NotFittedError, match="not fitted"):
        EloRatings().item_rating("a")


def test_cross_validation_by_learner_works_for_elo(
    simulated: tuple[pd.DataFrame, np.ndarray, np.ndarray],
) -> None:
    log, _, _ = simulated
    folds = cross_validate_by_learner(EloRatings(), log.head(6000), n_splits=2)
    assert (folds["auc"] > 0.7).all()


# ------------------------------------------------------------------ bad input
def test_bad_alpha_message() -> None:
    with pytest.raises(ValueError, match=r"'alpha' parameter of EloRatings must be .* > 0\.0"):
        EloRatings(alpha=0.0).initial_state()


def test_unordered_timestamps_name_the_learner() -> None:
    log = pd.DataFrame(
        {
            "learner_id": ["ana", "ana"],
            "item_id": ["a", "b"],
            "correct": [1, 0],
            "timestamp": [5, 4],
        }
    )
    with pytest.raises(ResponseDataError, match="learner 'ana' are not in time order"):
        EloRatings().fit(log)


def test_non_binary_correctness_is_rejected() -> None:
    log = pd.DataFrame({"learner_id": [1], "item_id": ["a"], "correct": [0.5]})
    with pytest.raises(ResponseDataError, match="not 0 or 1"):
        EloRatings().fit(log)


def test_negative_response_time_is_rejected() -> None:
    log = pd.DataFrame(
        {"learner_id": [1], "item_id": ["a"], "correct": [1], "response_time": [-2.0]}
    )
    with pytest.raises(ResponseDataError, match="response_time"):
        EloRatings(time_limit=10.0).fit(log)


def test_non_finite_prior_difficulty_names_the_item() -> None:
    log = pd.DataFrame({"learner_id": [1], "item_id": ["a"], "correct": [1]})
    with pytest.raises(ResponseDataError, match="item 'a'"):
        EloRatings().fit(log, prior_difficulties={"a": float("nan")})


def test_observe_uses_the_item_id() -> None:
    model = EloRatings.from_difficulties({"q1": 0.4}, time_limit=10.0)
    item = SimpleNamespace(id="q1", skills=("add",))
    state = EloState(rating=0.1, n_responses=2)
    observed = model.observe(state, item, True, response_time=2.0)
    assert observed == model.update(state, "q1", True, response_time=2.0)
    assert model.predict_item(state, item) == model.predict_correct(state, "q1")
