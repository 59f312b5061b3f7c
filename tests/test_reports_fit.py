"""Item fit: S-X2 calibration under the model, power against misfit, infit/outfit."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from adaptive_tutor.irt import ItemParams, category_prob
from adaptive_tutor.reports.fit import infit_outfit, sum_score_distribution, sx2_item_fit


def _simulate(params: ItemParams, theta: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    cumulative = np.cumsum(category_prob(params, theta), axis=2)
    draws = rng.random((params.n_items, theta.size, 1))
    return (draws > cumulative).sum(axis=2).T.astype(float)


def _rejection_band(n_tests: int, level: float = 0.05) -> tuple[float, float]:
    low, high = stats.binom.interval(0.999, n_tests, level)
    return low / n_tests, high / n_tests


def test_sx2_false_alarm_rate_is_about_five_percent_for_3pl():
    rng = np.random.default_rng(20)
    p_values = []
    for _ in range(20):
        k = 15
        params = ItemParams.dichotomous(
            rng.uniform(0.7, 2.0, k), rng.normal(size=k), c=rng.uniform(0.0, 0.25, k)
        )
        scores = _simulate(params, rng.normal(size=1000), rng)
        p_values += sx2_item_fit(params, scores, estimated=False)["p_value"].tolist()
    rate = np.mean(np.array(p_values) < 0.05)
    low, high = _rejection_band(len(p_values))
    assert low <= rate <= high


def test_generalised_sx2_false_alarm_rate_for_graded_items():
    rng = np.random.default_rng(21)
    p_values = []
    for _ in range(15):
        k = 10
        params = ItemParams.graded(rng.uniform(0.7, 2.0, k), np.sort(rng.normal(size=(k, 3))))
        scores = _simulate(params, rng.normal(size=800), rng)
        p_values += sx2_item_fit(params, scores, estimated=False)["p_value"].tolist()
    rate = np.mean(np.array(p_values) < 0.05)
    low, high = _rejection_band(len(p_values))
    assert low <= rate <= high


def test_sx2_flags_an_item_whose_slope_is_wrong():
    rng = np.random.default_rng(22)
    true = ItemParams.dichotomous(np.r_[3.0, np.ones(11)], np.linspace(-1.5, 1.5, 12))
    claimed = ItemParams.dichotomous(np.ones(12), np.linspace(-1.5, 1.5, 12))
    scores = _simulate(true, rng.normal(size=2000), rng)
    out = sx2_item_fit(claimed, scores, estimated=False)
    assert out.loc[0, "p_value"] < 0.001


def test_sx2_degrees_of_freedom_subtract_estimated_parameters():
    rng = np.random.default_rng(23)
    params = ItemParams.dichotomous(np.ones(8), np.linspace(-1, 1, 8))
    scores = _simulate(params, rng.normal(size=500), rng)
    known = sx2_item_fit(params, scores, estimated=False)
    fitted = sx2_item_fit(params, scores, estimated=True)
    assert (known["df"] - fitted["df"] == 2).all()


def test_sx2_uses_only_complete_response_vectors():
    rng = np.random.default_rng(24)
    params = ItemParams.dichotomous(np.ones(5), np.zeros(5))
    scores = _simulate(params, rng.normal(size=300), rng)
    scores[:100, 0] = np.nan
    assert (sx2_item_fit(params, scores)["n_learners"] == 200).all()


def test_sum_score_distribution_matches_brute_force_enumeration():
    params = ItemParams.dichotomous([1.0, 1.5, 0.8], [-0.5, 0.0, 1.0])
    nodes = np.linspace(-6, 6, 61)
    weights = np.exp(-0.5 * nodes**2)
    weights /= weights.sum()
    p = category_prob(params, nodes)[:, :, 1]
    expected = np.zeros(4)
    for pattern in np.ndindex(2, 2, 2):
        like = np.prod([p[i] if x else 1 - p[i] for i, x in enumerate(pattern)], axis=0)
        expected[sum(pattern)] += like @ weights
    np.testing.assert_allclose(sum_score_distribution(params), expected, atol=1e-12)


def test_infit_outfit_near_one_under_the_model_and_off_for_misfit():
    rng = np.random.default_rng(25)
    theta = rng.normal(size=3000)
    true = ItemParams.dichotomous([1.0, 1.0, 3.0, 0.3], [0.0, 0.5, 0.0, 0.0])
    claimed = ItemParams.dichotomous([1.0, 1.0, 1.0, 1.0], [0.0, 0.5, 0.0, 0.0])
    out = infit_outfit(claimed, _simulate(true, theta, rng), theta)
    assert out.loc[:1, "infit"].to_numpy() == pytest.approx([1.0, 1.0], abs=0.05)
    assert out.loc[:1, "outfit"].to_numpy() == pytest.approx([1.0, 1.0], abs=0.08)
    assert out.loc[2, "infit"] < 0.85
    assert out.loc[2, "infit_t"] < -2
    assert out.loc[3, "infit"] > 1.1
    assert out.loc[3, "infit_t"] > 2


def test_infit_outfit_by_hand_for_one_item():
    rng = np.random.default_rng(26)
    theta = rng.normal(size=200)
    params = ItemParams.dichotomous([1.2, 0.8], [0.3, -0.2])
    scores = _simulate(params, theta, rng)
    scores[:50, 1] = np.nan
    out = infit_outfit(params, scores, theta)
    rows = ~np.isnan(scores[:, 1])
    p = 1 / (1 + np.exp(-0.8 * (theta[rows] + 0.2)))
    resid = (scores[rows, 1] - p) ** 2
    assert out.loc[1, "outfit"] == pytest.approx(np.mean(resid / (p * (1 - p))))
    assert out.loc[1, "infit"] == pytest.approx(resid.sum() / (p * (1 - p)).sum())
    assert out.loc[1, "n"] == 150


def _hand_sx2(a: np.ndarray, b: np.ndarray, scores: np.ndarray, item: int) -> tuple[float, int]:
    """S-X2 of one 2PL item written out: Lord-Wingersky recursion, groups s = 1..n-1."""
    nodes = np.linspace(-6.0, 6.0, 61)
    weights = np.exp(-0.5 * nodes**2)
    weights /= weights.sum()
    p = 1.0 / (1.0 + np.exp(-a[:, None] * (nodes[None, :] - b[:, None])))  # (items, nodes)

    def recursion(rows: list[int]) -> np.ndarray:
        dist = np.zeros((len(rows) + 1, nodes.size))
        dist[0] = 1.0
        for count, j in enumerate(rows, start=1):
            new = dist * (1.0 - p[j])
            new[1 : count + 1] += dist[:count] * p[j]
            dist = new
        return dist

    n_items = a.size
    full = recursion(list(range(n_items))) @ weights
    rest = recursion([j for j in range(n_items) if j != item])
    totals = scores.sum(axis=1).astype(int)
    statistic = 0.0
    for s in range(1, n_items):
        in_group = totals == s
        n_s = int(in_group.sum())
        expected_correct = float((p[item] * rest[s - 1]) @ weights / full[s])
        observed_correct = float(scores[in_group, item].mean())
        for observed, expected in (
            (observed_correct, expected_correct),
            (1.0 - observed_correct, 1.0 - expected_correct),
        ):
            assert n_s * expected >= 1.0  # no pooling in this data set
            statistic += n_s * (observed - expected) ** 2 / expected
    return statistic, (n_items - 1) - 2


def test_sx2_matches_a_hand_computation_that_leaves_out_extreme_scores():
    rng = np.random.default_rng(31)
    a = np.array([0.8, 1.0, 1.2, 1.5, 0.9, 1.1])
    b = np.array([-1.0, -0.5, 0.0, 0.3, 0.6, 1.0])
    params = ItemParams.dichotomous(a, b)
    scores = _simulate(params, rng.normal(size=1500), rng)
    assert {0.0, 6.0} <= set(scores.sum(axis=1))  # extreme groups are present
    out = sx2_item_fit(params, scores, estimated=True)
    for item in range(6):
        statistic, df = _hand_sx2(a, b, scores, item)
        assert out.loc[item, "sx2"] == pytest.approx(statistic, rel=1e-9)
        assert out.loc[item, "df"] == df
