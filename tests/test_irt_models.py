"""Probabilities, information and likelihoods of every model family against references."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adaptive_tutor.exceptions import ResponseDataError
from adaptive_tutor.irt import (
    ItemParams,
    category_log_prob,
    category_prob,
    expected_score,
    item_information,
    log_likelihood,
)
from adaptive_tutor.irt import (
    test_information as total_information,
)
from irt_reference import (
    MODELS,
    category_probs,
    numeric_fisher_information,
    random_record,
)
from irt_reference import (
    log_likelihood as reference_log_likelihood,
)

THETA = np.array([-3.0, -1.2, 0.0, 0.7, 2.5])


def _records(seed: int, model: str, n: int = 6) -> list[dict[str, object]]:
    rng = np.random.default_rng(seed)
    return [random_record(rng, model) for _ in range(n)]


@pytest.mark.parametrize("D", [1.0, 1.702])
@pytest.mark.parametrize("model", MODELS)
def test_probabilities_match_the_reference(model: str, D: float) -> None:
    records = _records(1, model)
    prob = category_prob(ItemParams.from_records(records, D=D), THETA)
    for i, record in enumerate(records):
        for j, theta in enumerate(THETA):
            expected = category_probs(record, float(theta), D)
            np.testing.assert_allclose(prob[i, j, : len(expected)], expected, atol=1e-13)
            assert np.all(prob[i, j, len(expected) :] == 0.0)


@pytest.mark.parametrize("model", MODELS)
def test_probabilities_sum_to_one(model: str) -> None:
    params = ItemParams.from_records(_records(2, model, 20))
    prob = category_prob(params, np.linspace(-8, 8, 33))
    np.testing.assert_allclose(prob.sum(axis=-1), 1.0, atol=1e-12)


def test_absent_categories_have_minus_infinite_log_probability() -> None:
    params = ItemParams.concatenate(
        [ItemParams.dichotomous([1.0], [0.0]), ItemParams.partial_credit([1.0], [[0.0, 1.0]])]
    )
    log_p = category_log_prob(params, [0.0])
    assert log_p[0, 0, 2] == -np.inf
    assert np.all(np.isfinite(log_p[1]))


@pytest.mark.parametrize("D", [1.0, 1.702])
@pytest.mark.parametrize("model", MODELS)
def test_information_equals_minus_expected_second_derivative(model: str, D: float) -> None:
    records = _records(3, model)
    info = item_information(ItemParams.from_records(records, D=D), THETA)
    for i, record in enumerate(records):
        for j, theta in enumerate(THETA):
            numeric = numeric_fisher_information(record, float(theta), D)
            assert info[i, j] == pytest.approx(numeric, rel=1e-5, abs=1e-7)


def test_two_parameter_information_closed_form() -> None:
    a, b = np.array([0.5, 1.0, 2.0]), np.array([-1.0, 0.0, 1.0])
    params = ItemParams.dichotomous(a, b, D=1.702)
    p = 1.0 / (1.0 + np.exp(-1.702 * a[:, None] * (THETA[None, :] - b[:, None])))
    expected = (1.702 * a[:, None]) ** 2 * p * (1 - p)
    np.testing.assert_allclose(item_information(params, THETA), expected, rtol=1e-12)
    np.testing.assert_allclose(total_information(params, THETA), expected.sum(axis=0))


def test_three_parameter_information_closed_form() -> None:
    params = ItemParams.dichotomous([1.3], [0.4], c=[0.2])
    p = 0.2 + 0.8 / (1.0 + np.exp(-1.3 * (THETA - 0.4)))
    expected = 1.3**2 * (1 - p) / p * ((p - 0.2) / 0.8) ** 2
    np.testing.assert_allclose(item_information(params, THETA)[0], expected, rtol=1e-12)


@pytest.mark.parametrize("model", MODELS)
def test_expected_score_matches_the_reference(model: str) -> None:
    records = _records(4, model)
    score = expected_score(ItemParams.from_records(records), THETA)
    for i, record in enumerate(records):
        for j, theta in enumerate(THETA):
            probs = category_probs(record, float(theta))
            assert score[i, j] == pytest.approx(sum(k * p for k, p in enumerate(probs)), abs=1e-12)


def test_log_likelihood_matches_the_reference_on_mixed_formats() -> None:
    rng = np.random.default_rng(5)
    records = [random_record(rng, model) for model in MODELS for _ in range(2)]
    params = ItemParams.from_records(records, D=1.702)
    responses = np.array(
        [
            [float(rng.integers(0, params.n_categories[i])) for i in range(params.n_items)]
            for _ in range(4)
        ]
    )
    responses[rng.random(responses.shape) < 0.3] = np.nan
    result = log_likelihood(params, responses, THETA)
    for row in range(4):
        for j, theta in enumerate(THETA):
            expected = reference_log_likelihood(records, list(responses[row]), float(theta), 1.702)
            assert result[row, j] == pytest.approx(expected, rel=1e-9)


def test_log_likelihood_of_nothing_administered_is_zero() -> None:
    params = ItemParams.dichotomous([1.0, 1.0], [0.0, 1.0])
    assert np.all(log_likelihood(params, [[np.nan, np.nan]], THETA) == 0.0)


@settings(max_examples=40, deadline=None)
@given(
    model=st.sampled_from(MODELS),
    a=st.floats(0.2, 5.0),
    location=st.floats(-5.0, 5.0),
    D=st.sampled_from([1.0, 1.702]),
)
def test_extreme_abilities_and_slopes_stay_finite(
    model: str, a: float, location: float, D: float
) -> None:
    slope = 1.0 if model in ("1PL", "PCM") else a
    records = {
        "1PL": {"model": "1PL", "b": location},
        "2PL": {"model": "2PL", "a": slope, "b": location},
        "3PL": {"model": "3PL", "a": slope, "b": location, "c": 0.25},
        "4PL": {"model": "4PL", "a": slope, "b": location, "c": 0.1, "d": 0.9},
        "GRM": {"model": "GRM", "a": slope, "thresholds": [location - 1, location, location + 2]},
        "GPCM": {"model": "GPCM", "a": slope, "steps": [location + 1, location - 2, location]},
        "PCM": {"model": "PCM", "steps": [location + 1, location - 2]},
    }
    params = ItemParams.from_records([records[model]], D=D)
    theta = np.array([-10.0, -6.0, 0.0, 6.0, 10.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        log_p = category_log_prob(params, theta)[:, :, : int(params.n_categories[0])]
        prob = category_prob(params, theta)
        info = item_information(params, theta)
        score = expected_score(params, theta)
    assert np.all(np.isfinite(log_p))
    assert np.all(log_p <= 0.0)
    np.testing.assert_allclose(prob.sum(axis=-1), 1.0, atol=1e-12)
    assert np.all(np.isfinite(info))
    assert np.all(info >= 0.0)
    assert np.all(np.isfinite(score))


def test_steep_two_parameter_tail_log_probability_is_exact() -> None:
    log_p = category_log_prob(ItemParams.dichotomous([5.0], [0.0], D=1.702), [-10.0, 10.0])
    assert log_p[0, 0, 1] == pytest.approx(-85.1, rel=1e-12)  # log expit(-85.1)
    assert log_p[0, 1, 0] == pytest.approx(-85.1, rel=1e-12)
    assert math.isclose(log_p[0, 1, 1], -math.exp(-85.1), rel_tol=1e-9)


@pytest.mark.parametrize(
    "responses",
    [
        [[2.0, 0.0]],  # above the dichotomous item's top category
        [[-1.0, 0.0]],
        [[0.5, 0.0]],
        [[np.inf, 0.0]],
    ],
)
def test_bad_responses_name_the_item(responses: list[list[float]]) -> None:
    params = ItemParams.from_records(
        [{"model": "2PL", "a": 1.0, "b": 0.0}, {"model": "GRM", "a": 1.0, "thresholds": [0.0]}],
        item_ids=["first-item", "second-item"],
    )
    with pytest.raises(ResponseDataError, match="'first-item'"):
        log_likelihood(params, responses, THETA)


def test_response_matrix_of_the_wrong_width_is_rejected() -> None:
    params = ItemParams.dichotomous([1.0, 1.0], [0.0, 0.0])
    with pytest.raises(ResponseDataError, match="n_items = 2"):
        log_likelihood(params, [[1.0, 0.0, 1.0]], THETA)


def test_non_finite_theta_is_rejected() -> None:
    with pytest.raises(ValueError, match="'theta'"):
        category_prob(ItemParams.dichotomous([1.0], [0.0]), [0.0, np.nan])


def test_params_must_be_item_params() -> None:
    with pytest.raises(TypeError, match="ItemParams"):
        category_prob({"model": "2PL"}, [0.0])  # type: ignore[arg-type]
