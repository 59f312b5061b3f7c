"""Classical test statistics against independent by-hand computations."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from adaptive_tutor.reports.classical import (
    alpha_if_deleted,
    classical_item_statistics,
    corrected_item_total,
    cronbach_alpha,
    distractor_analysis,
    item_means,
    point_biserial,
)


def _simulated_scores(seed: int, n: int = 300, k: int = 8, missing: float = 0.0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    theta = rng.normal(size=n)
    b = np.linspace(-1.5, 1.5, k)
    scores = (rng.random((n, k)) < 1.0 / (1.0 + np.exp(-(theta[:, None] - b)))).astype(float)
    scores[:, -1] += (rng.random(n) < 0.5) * scores[:, -1]  # one 0/1/2 item
    if missing:
        scores[rng.random((n, k)) < missing] = np.nan
    return scores


def _alpha_by_hand(frame: pd.DataFrame) -> float:
    complete = frame.dropna()
    k = complete.shape[1]
    return k / (k - 1) * (1 - complete.var(ddof=1).sum() / complete.sum(axis=1).var(ddof=1))


def test_item_means_match_pandas_means_with_missing_data():
    scores = _simulated_scores(1, missing=0.2)
    np.testing.assert_allclose(item_means(scores), pd.DataFrame(scores).mean().to_numpy())


def test_point_biserial_matches_corrcoef_over_answering_learners():
    scores = _simulated_scores(2, missing=0.15)
    totals = np.nansum(scores, axis=1)
    expected = []
    for j in range(scores.shape[1]):
        rows = ~np.isnan(scores[:, j])
        expected.append(np.corrcoef(scores[rows, j], totals[rows])[0, 1])
    np.testing.assert_allclose(point_biserial(scores), expected, atol=1e-10)


def test_corrected_item_total_matches_corrcoef_with_rest_score():
    scores = _simulated_scores(3, missing=0.15)
    totals = np.nansum(scores, axis=1)
    expected = []
    for j in range(scores.shape[1]):
        rows = ~np.isnan(scores[:, j])
        expected.append(np.corrcoef(scores[rows, j], totals[rows] - scores[rows, j])[0, 1])
    np.testing.assert_allclose(corrected_item_total(scores), expected, atol=1e-10)


def test_cronbach_alpha_matches_textbook_formula_on_complete_cases():
    scores = _simulated_scores(4, missing=0.02)
    assert cronbach_alpha(scores) == pytest.approx(_alpha_by_hand(pd.DataFrame(scores)))


def test_alpha_if_deleted_matches_alpha_of_remaining_items():
    scores = _simulated_scores(5, missing=0.02)
    frame = pd.DataFrame(scores)
    complete = frame.dropna()
    expected = [_alpha_by_hand(complete.drop(columns=j)) for j in frame.columns]
    np.testing.assert_allclose(alpha_if_deleted(scores), expected, atol=1e-10)


def test_alpha_is_nan_when_no_learner_answered_everything():
    scores = np.array([[1.0, np.nan, 1.0], [np.nan, 0.0, 1.0], [1.0, 1.0, np.nan]])
    assert np.isnan(cronbach_alpha(scores))


def test_constant_item_gives_nan_correlation_not_a_warning():
    scores = _simulated_scores(6)
    scores[:, 0] = 1.0
    assert np.isnan(point_biserial(scores)[0])
    assert np.isfinite(point_biserial(scores)[1:]).all()


def test_item_statistics_frame_p_value_uses_max_score():
    scores = _simulated_scores(7)
    maxima = np.r_[np.ones(7), 2.0]
    frame = classical_item_statistics(scores, max_scores=maxima)
    assert frame["p_value"].iloc[-1] == pytest.approx(np.mean(scores[:, -1]) / 2)
    assert list(frame.columns) == [
        "item_id",
        "n",
        "mean",
        "sd",
        "p_value",
        "point_biserial",
        "corrected_item_total",
        "alpha_if_deleted",
    ]


def _choice_log(seed: int) -> tuple[pd.DataFrame, pd.Series]:
    rng = np.random.default_rng(seed)
    n = 400
    theta = rng.normal(size=n)
    rows = []
    for item in ("q1", "q2"):
        correct = rng.random(n) < 1 / (1 + np.exp(-1.5 * theta))
        # distractor B attracts the weak learners, C and D at random
        wrong = np.where(theta < -0.3, "B", rng.choice(["C", "D"], size=n))
        chosen = np.where(correct, "A", wrong)
        rows.append(
            pd.DataFrame({"learner_id": np.arange(n), "item_id": item, "chosen_option": chosen})
        )
    ability = pd.Series(theta, index=np.arange(n).astype(str))
    log = pd.concat(rows, ignore_index=True)
    log["learner_id"] = log["learner_id"].astype(str)
    return log, ability


def test_distractor_shares_match_groupby_by_hand():
    log, ability = _choice_log(8)
    out = distractor_analysis(log, {"q1": "A", "q2": "A"}, ability=ability)
    q1 = log[log["item_id"] == "q1"].copy()
    expected_share = q1["chosen_option"].value_counts(normalize=True).sort_index()
    got = out[out["item_id"] == "q1"].set_index("option")["share"]
    np.testing.assert_allclose(got.to_numpy(), expected_share.to_numpy())
    # upper group: the top 27 % of learners by ability
    n_group = int(np.floor(0.27 * 400))
    upper = ability.sort_values(kind="stable").index[-n_group:]
    upper_share = q1[q1["learner_id"].isin(upper)]["chosen_option"].value_counts(normalize=True)
    got_upper = out[out["item_id"] == "q1"].set_index("option")["share_upper"]
    np.testing.assert_allclose(
        got_upper.to_numpy(), upper_share.reindex(got_upper.index, fill_value=0)
    )


def test_distractor_point_biserial_matches_corrcoef():
    log, ability = _choice_log(9)
    out = distractor_analysis(log, {"q1": "A", "q2": "A"}, ability=ability)
    q2 = log[log["item_id"] == "q2"]
    theta = ability.reindex(q2["learner_id"]).to_numpy()
    for option in ("A", "B", "C", "D"):
        expected = np.corrcoef(q2["chosen_option"].to_numpy() == option, theta)[0, 1]
        got = out[(out["item_id"] == "q2") & (out["option"] == option)]["point_biserial"]
        assert got.item() == pytest.approx(expected)


def test_working_distractor_discriminates_negatively_and_key_positively():
    log, ability = _choice_log(10)
    out = distractor_analysis(log, {"q1": "A", "q2": "A"}, ability=ability).set_index(
        ["item_id", "option"]
    )
    assert out.loc[("q1", "A"), "discrimination"] > 0.3
    assert out.loc[("q1", "B"), "discrimination"] < -0.3
    assert bool(out.loc[("q1", "A"), "is_key"])
