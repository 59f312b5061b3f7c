"""Tests for Bayesian knowledge tracing (adaptive_tutor.knowledge_tracing)."""

from __future__ import annotations

import itertools
import json
import warnings
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.base import clone

from adaptive_tutor.exceptions import (
    ConvergenceWarning,
    NotFittedError,
    ResponseDataError,
    SessionStateError,
)
from adaptive_tutor.knowledge_tracing import (
    BayesianKnowledgeTracing,
    BKTParams,
    IdentifiabilityWarning,
    MasteryState,
    cross_validate_by_learner,
    forward_probabilities,
    prediction_metrics,
    simulate_bkt,
)

TRUE = BKTParams.from_dict(
    {
        "fractions": {"prior": 0.3, "learn": 0.15, "guess": 0.2, "slip": 0.1},
        "decimals": {"prior": 0.5, "learn": 0.05, "guess": 0.25, "slip": 0.15},
        "percent": {"prior": 0.1, "learn": 0.3, "guess": 0.15, "slip": 0.05},
    }
)
NAMES = ("prior", "learn", "guess", "slip", "forget")


@pytest.fixture(scope="module")
def simulated_log() -> pd.DataFrame:
    return simulate_bkt(TRUE, n_learners=2000, n_steps=20, seed=0)


@pytest.fixture(scope="module")
def fitted(simulated_log: pd.DataFrame) -> BayesianKnowledgeTracing:
    return BayesianKnowledgeTracing(seed=0).fit(simulated_log)


def brute_force(
    answers: list[int], prior: float, learn: float, guess: float, slip: float, forget: float
) -> tuple[np.ndarray, float]:
    """P(answer t correct | earlier answers) and log P(answers) by summing all 2^T paths."""

    def joint(observed: list[int]) -> float:
        total = 0.0
        for path in itertools.product((0, 1), repeat=len(observed)):
            p = prior if path[0] else 1.0 - prior
            for before, after in itertools.pairwise(path):
                if before:
                    p *= 1.0 - forget if after else forget
                else:
                    p *= learn if after else 1.0 - learn
            for state, answer in zip(path, observed, strict=True):
                p_correct = 1.0 - slip if state else guess
                p *= p_correct if answer else 1.0 - p_correct
            total += p
        return total

    p_next = [
        joint([*answers[:t], 1]) / (joint(answers[:t]) if t else 1.0) for t in range(len(answers))
    ]
    return np.array(p_next), float(np.log(joint(answers)))


probability = st.floats(0.01, 0.99)
below_half = st.floats(0.01, 0.49)


# ----------------------------------------------------------------- parameter recovery
def test_em_recovers_per_skill_parameters(fitted: BayesianKnowledgeTracing) -> None:
    error = (fitted.params_.to_frame() - TRUE.to_frame()).abs()
    assert error.to_numpy().max() < 0.05


def test_em_converges_on_simulated_data(fitted: BayesianKnowledgeTracing) -> None:
    assert fitted.converged_
    assert fitted.n_iter_ < fitted.max_iter


def test_em_recovers_forgetting() -> None:
    true = BKTParams.uniform(["s"], prior=0.3, learn=0.2, guess=0.2, slip=0.1, forget=0.08)
    log = simulate_bkt(true, n_learners=2000, n_steps=20, seed=3)
    model = BayesianKnowledgeTracing(forget=True, seed=1).fit(log)
    error = (model.params_.to_frame() - true.to_frame()).abs()
    assert error.to_numpy().max() < 0.05


def test_shared_parameters_are_the_same_for_every_skill() -> None:
    true = BKTParams.uniform(["a", "b"], prior=0.3, learn=0.15, guess=0.2, slip=0.1)
    log = simulate_bkt(true, n_learners=1000, n_steps=20, seed=5)
    model = BayesianKnowledgeTracing(shared_parameters=True).fit(log)
    frame = model.params_.to_frame()
    assert frame.loc["a"].equals(frame.loc["b"])
    assert (frame - true.to_frame()).abs().to_numpy().max() < 0.05


def test_em_log_likelihood_never_decreases(simulated_log: pd.DataFrame) -> None:
    small = simulated_log[simulated_log["learner_id"] < 300]
    values = []
    for max_iter in (1, 2, 4, 8, 16):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            model = BayesianKnowledgeTracing(n_restarts=1, max_iter=max_iter).fit(small)
        values.append(model.log_likelihood_)
    assert np.all(np.diff(values) >= -1e-9)


def test_log_likelihood_matches_forward_pass(simulated_log: pd.DataFrame) -> None:
    small = simulated_log[simulated_log["learner_id"] < 50]
    model = BayesianKnowledgeTracing(n_restarts=2).fit(small)
    params = model.params_.to_dict()
    total = sum(
        forward_probabilities(group["correct"], **params[skill]).log_likelihood
        for (_, skill), group in small.groupby(["learner_id", "skill_id"])
    )
    assert model.log_likelihood_ == pytest.approx(total, rel=1e-10)


def test_fit_is_reproducible_with_a_seed(simulated_log: pd.DataFrame) -> None:
    small = simulated_log[simulated_log["learner_id"] < 200]
    first = BayesianKnowledgeTracing(seed=4).fit(small).params_
    second = BayesianKnowledgeTracing(seed=4).fit(small).params_
    assert first == second


def test_pinned_fit_on_small_simulation() -> None:
    true = BKTParams.uniform(["s"], prior=0.3, learn=0.2, guess=0.2, slip=0.1)
    log = simulate_bkt(true, n_learners=100, n_steps=8, seed=11)
    values = BayesianKnowledgeTracing(n_restarts=3, seed=2).fit(log).params_.to_dict()["s"]
    assert values == pytest.approx(
        {"prior": 0.41646, "learn": 0.16849, "guess": 0.15476, "slip": 0.10476, "forget": 0.0},
        abs=1e-4,
    )


# ------------------------------------------------------------- forward vs brute force
@settings(max_examples=40, deadline=None)
@given(
    answers=st.lists(st.integers(0, 1), min_size=1, max_size=7),
    prior=probability,
    learn=probability,
    guess=probability,
    slip=probability,
    forget=st.floats(0.0, 0.5),
)
def test_forward_probabilities_equal_brute_force(
    answers: list[int], prior: float, learn: float, guess: float, slip: float, forget: float
) -> None:
    result = forward_probabilities(
        answers, prior=prior, learn=learn, guess=guess, slip=slip, forget=forget
    )
    p_next, loglik = brute_force(answers, prior, learn, guess, slip, forget)
    np.testing.assert_allclose(result.p_correct, p_next, rtol=1e-10)
    assert result.log_likelihood == pytest.approx(loglik, rel=1e-10)


def test_batch_trace_of_ragged_sequences_equals_brute_force() -> None:
    rng = np.random.default_rng(8)
    params = BKTParams.from_dict(
        {
            "x": {"prior": 0.2, "learn": 0.3, "guess": 0.25, "slip": 0.1, "forget": 0.05},
            "y": {"prior": 0.6, "learn": 0.1, "guess": 0.3, "slip": 0.2, "forget": 0.1},
        }
    )
    rows = []
    for learner in range(6):
        for skill in ("x", "y"):
            rows += [
                {"learner_id": learner, "skill_id": skill, "correct": int(rng.integers(0, 2))}
                for _ in range(int(rng.integers(1, 7)))
            ]
    log = pd.DataFrame(rows).sample(frac=1.0, random_state=1)  # interleave learners
    log = log.sort_values("learner_id", kind="stable").reset_index(drop=True)
    traced = BayesianKnowledgeTracing.from_params(params).trace(log)
    for (learner, skill), group in traced.groupby(["learner_id", "skill_id"]):
        expected, _ = brute_force(group["correct"].tolist(), **params.to_dict()[skill])
        np.testing.assert_allclose(group["p_correct"], expected, rtol=1e-10, err_msg=f"{learner}")


# ---------------------------------------------------------------------- online use
@settings(max_examples=50, deadline=None)
@given(mastery=probability, learn=probability, guess=below_half, slip=below_half)
def test_correct_answer_never_lowers_mastery(
    mastery: float, learn: float, guess: float, slip: float
) -> None:
    model = BayesianKnowledgeTracing.from_params(
        {"s": {"prior": 0.5, "learn": learn, "guess": guess, "slip": slip}}
    )
    state = MasteryState({"s": mastery})
    after = model.update(state, "s", correct=True).mastery["s"]
    assert after >= mastery - 1e-12


@settings(max_examples=50, deadline=None)
@given(
    mastery=probability,
    learn=probability,
    forget=st.floats(0.0, 0.5),
    guess=below_half,
    slip=below_half,
)
def test_correct_answer_raises_mastery_more_than_a_wrong_one(
    mastery: float, learn: float, forget: float, guess: float, slip: float
) -> None:
    model = BayesianKnowledgeTracing.from_params(
        {"s": {"prior": 0.5, "learn": learn, "guess": guess, "slip": slip, "forget": forget}}
    )
    state = MasteryState({"s": mastery})
    right = model.update(state, "s", correct=True).mastery["s"]
    wrong = model.update(state, "s", correct=False).mastery["s"]
    assert right >= wrong - 1e-12 if learn + forget <= 1 else right <= wrong + 1e-12


def test_online_updates_equal_batch_trace() -> None:
    params = BKTParams.uniform(["a", "b"], prior=0.3, learn=0.2, guess=0.2, slip=0.1, forget=0.02)
    model = BayesianKnowledgeTracing.from_params(params)
    log = simulate_bkt(params, n_learners=1, n_steps=6, seed=2)
    state = model.initial_state()
    online = []
    for row in log.itertuples():
        online.append(model.predict_correct(state, row.skill_id))
        state = model.update(state, row.skill_id, row.correct)
    np.testing.assert_allclose(online, model.predict_proba(log), rtol=1e-12)
    traced = model.trace(log).groupby("skill_id")["mastery_after"].last()
    assert model.mastery(state) == pytest.approx(traced.to_dict())
    assert dict(state.n_responses) == {"a": 6, "b": 6}


def test_update_leaves_the_old_state_unchanged() -> None:
    model = BayesianKnowledgeTracing.from_params(
        {"s": {"prior": 0.3, "learn": 0.2, "guess": 0.2, "slip": 0.1}}
    )
    state = model.initial_state()
    model.update(state, "s", correct=True)
    assert state.mastery["s"] == 0.3


def test_multi_skill_answer_updates_every_skill() -> None:
    model = BayesianKnowledgeTracing.from_params(
        BKTParams.uniform(["a", "b"], prior=0.3, learn=0.2, guess=0.2, slip=0.1)
    )
    state = model.update(model.initial_state(["a"]), ["a", "b"], correct=True)
    assert state.mastery["a"] == state.mastery["b"] > 0.3


def test_state_round_trips_through_json() -> None:
    model = BayesianKnowledgeTracing.from_params(
        {"s": {"prior": 0.3, "learn": 0.2, "guess": 0.2, "slip": 0.1}}
    )
    state = model.update(model.initial_state(), "s", correct=False)
    assert MasteryState.from_dict(json.loads(json.dumps(state.to_dict()))) == state


def test_state_from_another_model_kind_is_rejected() -> None:
    with pytest.raises(SessionStateError, match="elo_learner"):
        MasteryState.from_dict({"kind": "elo_learner", "version": 1, "rating": 0.0})


def test_params_round_trip_through_json() -> None:
    restored = BKTParams.from_dict(json.loads(json.dumps(TRUE.to_dict())))
    assert restored == TRUE


# ---------------------------------------------------------------- item skills, bank
def test_item_skills_mapping_duplicates_multi_skill_answers() -> None:
    params = BKTParams.uniform(["a", "b"], prior=0.3, learn=0.2, guess=0.2, slip=0.1)
    model = BayesianKnowledgeTracing.from_params(params)
    log = pd.DataFrame({"learner_id": [1, 1], "item_id": ["q1", "q2"], "correct": [1, 0]})
    mapping = {"q1": ["a", "b"], "q2": "a"}
    traced = model.trace(log, item_skills=mapping)
    assert traced[["row", "skill_id"]].values.tolist() == [[0, "a"], [0, "b"], [1, "a"]]
    assert model.predict_proba(log, item_skills=mapping)[0] == pytest.approx(0.3 * 0.9 + 0.7 * 0.2)


def test_fit_accepts_an_item_bank_like_object() -> None:
    bank = SimpleNamespace(
        items=(SimpleNamespace(id="q1", skills=("a",)), SimpleNamespace(id="q2", skills=("a",)))
    )
    log = pd.DataFrame(
        {"learner_id": [1, 1, 2, 2], "item_id": ["q1", "q2"] * 2, "correct": [0, 1, 1, 1]}
    )
    model = BayesianKnowledgeTracing(n_restarts=1).fit(log, item_skills=bank)
    assert model.skill_ids_ == ("a",)


def test_item_without_skill_is_named() -> None:
    log = pd.DataFrame({"learner_id": [1], "item_id": ["q9"], "correct": [1]})
    with pytest.raises(ResponseDataError, match="'q9'"):
        BayesianKnowledgeTracing().fit(log, item_skills={"q1": "a"})


def test_item_log_without_item_skills_is_explained() -> None:
    log = pd.DataFrame({"learner_id": [1], "item_id": ["q1"], "correct": [1]})
    with pytest.raises(ResponseDataError, match="item_skills"):
        BayesianKnowledgeTracing().fit(log)


# ------------------------------------------------------------------- evaluation
def test_prediction_metrics_pinned_values() -> None:
    metrics = prediction_metrics([0, 1, 1, 0, 1], [0.1, 0.7, 0.4, 0.6, 0.9])
    assert metrics["auc"] == pytest.approx(5 / 6)
    assert metrics["rmse"] == pytest.approx(np.sqrt((0.01 + 0.09 + 0.36 + 0.36 + 0.01) / 5))
    assert metrics["accuracy"] == pytest.approx(0.6)
    expected = -np.mean(np.log([0.9, 0.7, 0.4, 0.4, 0.9]))
    assert metrics["log_loss"] == pytest.approx(expected)


def test_prediction_metrics_auc_is_nan_with_one_class() -> None:
    assert np.isnan(prediction_metrics([1, 1], [0.4, 0.8])["auc"])


def test_cross_validation_holds_out_whole_learners(simulated_log: pd.DataFrame) -> None:
    small = simulated_log[simulated_log["learner_id"] < 300]
    folds = cross_validate_by_learner(BayesianKnowledgeTracing(n_restarts=2), small, n_splits=3)
    assert folds["n_test_learners"].sum() == 300
    assert (folds["n_train_learners"] + folds["n_test_learners"] == 300).all()
    assert (folds["auc"] > 0.75).all()


def test_fitted_model_predicts_better_than_chance(
    fitted: BayesianKnowledgeTracing, simulated_log: pd.DataFrame
) -> None:
    held_out = simulate_bkt(TRUE, n_learners=300, n_steps=20, seed=99)
    auc = prediction_metrics(held_out["correct"], fitted.predict_proba(held_out))["auc"]
    assert auc > 0.75
    assert fitted.score(held_out) > np.log(0.5)


# ------------------------------------------------------------------ estimator contract
def test_clone_keeps_hyperparameters() -> None:
    model = BayesianKnowledgeTracing(forget=True, n_restarts=2, tol=1e-5)
    assert clone(model).get_params() == model.get_params()


def test_using_an_unfitted_model_raises() -> None:
    with pytest.raises(NotFittedError, match="not fitted"):
        BayesianKnowledgeTracing().initial_state()


def test_bad_hyperparameter_message() -> None:
    log = pd.DataFrame({"learner_id": [1], "skill_id": ["a"], "correct": [1]})
    with pytest.raises(ValueError, match=r"'n_restarts' parameter .* int >= 1\. Got 0"):
        BayesianKnowledgeTracing(n_restarts=0).fit(log)


# ---------------------------------------------------------------------- bad input
def test_unordered_timestamps_name_the_learner() -> None:
    log = pd.DataFrame(
        {
            "learner_id": ["ana", "ben", "ben"],
            "skill_id": "a",
            "correct": [1, 0, 1],
            "timestamp": pd.to_datetime(["2026-01-01", "2026-01-03", "2026-01-02"]),
        }
    )
    with pytest.raises(ResponseDataError, match="learner 'ben' are not in time order"):
        BayesianKnowledgeTracing().fit(log)


def test_non_binary_correctness_is_rejected() -> None:
    log = pd.DataFrame({"learner_id": [1, 2], "skill_id": "a", "correct": [1, 2]})
    with pytest.raises(ResponseDataError, match=r"not 0 or 1 \(2\) in row\(s\) '1'"):
        BayesianKnowledgeTracing().fit(log)


def test_missing_correctness_is_rejected() -> None:
    log = pd.DataFrame({"learner_id": [1, 2], "skill_id": "a", "correct": [1, np.nan]})
    with pytest.raises(ResponseDataError, match="missing or unreadable 'correct' values in row"):
        BayesianKnowledgeTracing().fit(log)


def test_missing_column_lists_the_columns() -> None:
    log = pd.DataFrame({"learner": [1], "skill_id": ["a"], "correct": [1]})
    with pytest.raises(
        ResponseDataError,
        match=r"lacks the column\(s\) 'learner_id'.*present: 'learner', 'skill_id'",
    ):
        BayesianKnowledgeTracing().fit(log)


def test_unknown_skill_in_log_is_named(fitted: BayesianKnowledgeTracing) -> None:
    log = pd.DataFrame({"learner_id": [1], "skill_id": ["algebra"], "correct": [1]})
    with pytest.raises(ResponseDataError, match="'algebra'"):
        fitted.predict_proba(log)


def test_unknown_skill_in_update_is_named(fitted: BayesianKnowledgeTracing) -> None:
    with pytest.raises(ResponseDataError, match="'algebra'"):
        fitted.update(fitted.initial_state(), "algebra", correct=True)


def test_non_binary_answer_in_update_is_rejected(fitted: BayesianKnowledgeTracing) -> None:
    with pytest.raises(ResponseDataError, match="binary"):
        fitted.update(fitted.initial_state(), "fractions", correct=0.5)


def test_all_correct_skill_warns() -> None:
    log = pd.DataFrame(
        {
            "learner_id": [1, 1, 2, 2, 1, 1, 2, 2],
            "skill_id": ["easy"] * 4 + ["mixed"] * 4,
            "correct": [1, 1, 1, 1, 0, 1, 0, 1],
        }
    )
    with pytest.warns(IdentifiabilityWarning, match="skill\\(s\\) 'easy' is correct"):
        BayesianKnowledgeTracing(n_restarts=1).fit(log)


def test_length_one_sequences_warn_when_learning_cannot_be_estimated() -> None:
    log = pd.DataFrame({"learner_id": [1, 2, 3], "skill_id": "a", "correct": [1, 0, 1]})
    with pytest.warns(IdentifiabilityWarning, match="only once"):
        BayesianKnowledgeTracing(n_restarts=1).fit(log)


def test_length_one_sequences_beside_longer_ones_fit_silently() -> None:
    true = BKTParams.uniform(["a"], prior=0.3, learn=0.2, guess=0.2, slip=0.1)
    log = simulate_bkt(true, n_learners=200, n_steps=5, seed=1).drop(columns="order")
    single = pd.DataFrame({"learner_id": [1000, 1001], "skill_id": "a", "correct": [1, 0]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        BayesianKnowledgeTracing(n_restarts=1).fit(pd.concat([log, single]))


def test_degenerate_fit_warns() -> None:
    # Answers unrelated to mastery: only guess = slip = 0.5 fits.
    coin = BKTParams.uniform(["odd"], prior=0.5, learn=0.0, guess=0.5, slip=0.5)
    log = simulate_bkt(coin, n_learners=500, n_steps=10, seed=0)
    with pytest.warns(IdentifiabilityWarning, match="degenerated.*'odd'"):
        BayesianKnowledgeTracing(n_restarts=2).fit(log)


def test_max_iter_reached_warns(simulated_log: pd.DataFrame) -> None:
    with pytest.warns(ConvergenceWarning, match="max_iter=2"):
        BayesianKnowledgeTracing(n_restarts=1, max_iter=2).fit(simulated_log.head(400))


def test_simulation_layout() -> None:
    log = simulate_bkt(TRUE, n_learners=3, n_steps=4, seed=0)
    assert len(log) == 3 * 3 * 4
    first = log[log["learner_id"] == 0]
    assert first["order"].tolist() == list(range(12))
    assert first["skill_id"].tolist() == ["fractions"] * 4 + ["decimals"] * 4 + ["percent"] * 4


def test_observe_uses_the_item_skills() -> None:
    params = BKTParams.uniform(["a", "b"], prior=0.3, learn=0.2, guess=0.2, slip=0.1)
    model = BayesianKnowledgeTracing.from_params(params)
    item = SimpleNamespace(id="q1", skills=("a", "b"))
    state = model.initial_state()
    assert model.observe(state, item, True) == model.update(state, ["a", "b"], True)
    assert model.predict_item(state, item) == model.predict_correct(state, ["a", "b"])


@pytest.mark.parametrize("field", ["guess", "slip"])
def test_from_params_warns_when_guess_or_slip_reaches_one_half(field: str) -> None:
    values = {"prior": 0.2, "learn": 0.2, "guess": 0.2, "slip": 0.1}
    values[field] = 0.6
    with pytest.warns(IdentifiabilityWarning, match=r"skill\(s\) 'add' have guess or slip"):
        BayesianKnowledgeTracing.from_params({"add": values, "count": dict(values, **{field: 0.1})})


def test_from_params_with_valid_guess_and_slip_is_quiet() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", IdentifiabilityWarning)
        BayesianKnowledgeTracing.from_params(
            {"add": {"prior": 0.2, "learn": 0.2, "guess": 0.49, "slip": 0.1}}
        )
