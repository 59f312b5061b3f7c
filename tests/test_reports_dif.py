"""Mantel-Haenszel DIF: hand-computed statistics, planted DIF, bad grouping variables."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from adaptive_tutor.exceptions import ResponseDataError
from adaptive_tutor.reports.dif import ets_classification, mantel_haenszel_dif


def _simulate(seed: int, n: int = 3000, k: int = 20, shift: float = 1.0):
    rng = np.random.default_rng(seed)
    groups = np.repeat(np.array(["reference", "focal"]), n // 2)
    theta = rng.normal(size=n) - 0.3 * (groups == "focal")  # impact, not DIF
    b = np.tile(np.linspace(-1.5, 1.5, k), (n, 1))
    b[groups == "focal", 0] += shift  # item 0 is harder for the focal group: DIF
    scores = (rng.random((n, k)) < 1 / (1 + np.exp(-(theta[:, None] - b)))).astype(float)
    return scores, groups


def test_planted_dif_item_is_category_c_against_focal_group():
    scores, groups = _simulate(11)
    out = mantel_haenszel_dif(scores, groups, focal="focal")
    assert out.loc[0, "ets_class"] == "C"
    assert out.loc[0, "favours"] == "reference"
    assert out.loc[0, "delta_mh"] < -1.5


def test_clean_items_are_not_flagged_c():
    scores, groups = _simulate(12)
    out = mantel_haenszel_dif(scores, groups, focal="focal")
    assert (out.loc[1:, "ets_class"] != "C").all()
    assert (out.loc[1:, "ets_class"] == "A").mean() >= 0.8


def test_statistics_match_a_stratum_by_stratum_computation():
    scores, groups = _simulate(13, n=800, k=6)
    out = mantel_haenszel_dif(scores, groups, focal="focal")
    total = scores.sum(axis=1)
    j = 0
    num = den = sum_a = sum_e = sum_v = 0.0
    for s in np.unique(total):
        rows = total == s
        ref, foc = rows & (groups == "reference"), rows & (groups == "focal")
        a, b = scores[ref, j].sum(), (1 - scores[ref, j]).sum()
        c, d = scores[foc, j].sum(), (1 - scores[foc, j]).sum()
        t = a + b + c + d
        if t < 2:
            continue
        num += a * d / t
        den += b * c / t
        sum_a += a
        sum_e += (a + b) * (a + c) / t
        sum_v += (a + b) * (c + d) * (a + c) * (b + d) / (t**2 * (t - 1))
    alpha_mh = num / den
    chi = (abs(sum_a - sum_e) - 0.5) ** 2 / sum_v
    assert out.loc[j, "alpha_mh"] == pytest.approx(alpha_mh)
    assert out.loc[j, "delta_mh"] == pytest.approx(-2.35 * np.log(alpha_mh))
    assert out.loc[j, "chi_square"] == pytest.approx(chi)
    assert out.loc[j, "p_value"] == pytest.approx(stats.chi2.sf(chi, 1))


def test_group_column_with_one_level_raises_clear_error():
    scores, _ = _simulate(14, n=200, k=4)
    with pytest.raises(ResponseDataError, match="only the level"):
        mantel_haenszel_dif(scores, np.repeat("girls", 200), focal="girls")


def test_polytomous_item_is_named_in_the_error():
    scores, groups = _simulate(15, n=200, k=4)
    scores[0, 2] = 2.0
    with pytest.raises(ResponseDataError, match="'q3'"):
        mantel_haenszel_dif(scores, groups, focal="focal", item_ids=["q1", "q2", "q3", "q4"])


def test_ets_rules_use_significance_conditions():
    # large delta but not significant -> A; large but not significantly above 1 -> B
    labels = ets_classification([-2.0, -1.6, -1.6], [0.2, 0.6, 0.2], [0.2, 0.001, 0.001])
    assert labels.tolist() == ["A", "B", "C"]


def test_matching_on_given_strata_is_used():
    scores, groups = _simulate(16, n=1000, k=5)
    strata = np.zeros(1000)  # one stratum: MH reduces to the pooled odds ratio
    out = mantel_haenszel_dif(scores, groups, focal="focal", matching=strata)
    ref, foc = groups == "reference", groups == "focal"
    a, b = scores[ref, 1].sum(), (1 - scores[ref, 1]).sum()
    c, d = scores[foc, 1].sum(), (1 - scores[foc, 1]).sum()
    assert out.loc[1, "alpha_mh"] == pytest.approx((a * d) / (b * c))


def test_dif_messages_show_plain_group_labels():
    scores = np.ones((4, 2))
    with pytest.raises(ResponseDataError, match=r"level\(s\) \[0, 1\].*focal is 2\)") as caught:
        mantel_haenszel_dif(scores, np.array([0, 0, 1, 1]), focal=np.int64(2))
    assert "np." not in str(caught.value)
