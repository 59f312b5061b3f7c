"""Classical test theory statistics on a learners x items score matrix.

Every function takes a float matrix ``scores`` of shape (n_learners, n_items) whose values
are integer category scores and NaN where an item was not administered. Statistics for an
item use the learners who answered it; a learner's total score is the sum of the scores he
or she obtained. Cronbach's alpha uses the learners who answered every item (listwise
deletion), which is the textbook definition; on sparse adaptive data it is NaN.

All computations are vectorised over items (sums and matrix products, no loop over
learners or items), and undefined values (zero variance, too few learners) are NaN rather
than warnings.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from adaptive_tutor._validation import check_real
from adaptive_tutor.response_log import check_response_log

__all__ = [
    "alpha_if_deleted",
    "classical_item_statistics",
    "corrected_item_total",
    "cronbach_alpha",
    "distractor_analysis",
    "item_means",
    "point_biserial",
]

FloatArray = NDArray[np.float64]


def _safe_divide(numerator: FloatArray, denominator: FloatArray) -> FloatArray:
    """Divide elementwise, NaN where the denominator is not positive or not finite."""
    numerator = np.asarray(numerator, dtype=np.float64)
    denominator = np.asarray(denominator, dtype=np.float64)
    good = np.isfinite(denominator) & (denominator > 0)
    result = np.full(np.broadcast(numerator, denominator).shape, np.nan)
    np.divide(numerator, denominator, out=result, where=good)
    return result


def _as_scores(scores: object) -> FloatArray:
    matrix = np.asarray(scores, dtype=np.float64)
    if matrix.ndim != 2:
        raise ValueError(
            "The 'scores' parameter must be a 2-D learners x items matrix. "
            f"Got an array with {matrix.ndim} dimension(s)."
        )
    return matrix


def item_means(scores: object) -> FloatArray:
    """Mean observed score of each item (the proportion correct for 0/1 items).

    Parameters
    ----------
    scores : array-like of shape (n_learners, n_items)
        Category scores, NaN where the item was not administered.

    Returns
    -------
    ndarray of shape (n_items,)
        NaN for an item nobody answered.

    Examples
    --------
    >>> import numpy as np
    >>> item_means([[1, 0], [1, np.nan], [0, 1]]).round(3).tolist()
    [0.667, 0.5]
    """
    matrix = _as_scores(scores)
    observed = ~np.isnan(matrix)
    totals = np.where(observed, matrix, 0.0).sum(axis=0)
    return _safe_divide(totals, observed.sum(axis=0).astype(np.float64))


def _item_total_moments(
    matrix: FloatArray, corrected: bool
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Per-item counts, covariance and variances of (item score, total or rest score)."""
    observed = ~np.isnan(matrix)
    mask = observed.astype(np.float64)
    x = np.where(observed, matrix, 0.0)
    total = x.sum(axis=1)
    n = mask.sum(axis=0)
    sum_x = x.sum(axis=0)
    sum_xx = (x * x).sum(axis=0)
    sum_t = mask.T @ total
    sum_tt = mask.T @ (total * total)
    sum_xt = x.T @ total
    if corrected:  # rest score = total - item score, only over rows where the item is observed
        sum_tt = sum_tt - 2.0 * sum_xt + sum_xx
        sum_t = sum_t - sum_x
        sum_xt = sum_xt - sum_xx
    mean_x = _safe_divide(sum_x, n)
    mean_t = _safe_divide(sum_t, n)
    cov = _safe_divide(sum_xt, n) - mean_x * mean_t
    var_x = _safe_divide(sum_xx, n) - mean_x**2
    var_t = _safe_divide(sum_tt, n) - mean_t**2
    return n, cov, np.maximum(var_x, 0.0), np.maximum(var_t, 0.0)


def _correlation(matrix: FloatArray, corrected: bool) -> FloatArray:
    n, cov, var_x, var_t = _item_total_moments(matrix, corrected)
    scale = np.sqrt(var_x * var_t)
    # a variance that is zero up to rounding makes the correlation undefined
    scale = np.where(scale > 1e-12, scale, 0.0)
    result = _safe_divide(cov, scale)
    result[n < 2] = np.nan
    return np.clip(result, -1.0, 1.0)


def point_biserial(scores: object) -> FloatArray:
    """Correlation of each item score with the total score (item included).

    For 0/1 items this is the point-biserial correlation; for polytomous items it is the
    Pearson item-total correlation. Computed over the learners who answered the item.

    Parameters
    ----------
    scores : array-like of shape (n_learners, n_items)
        Category scores, NaN where the item was not administered.

    Returns
    -------
    ndarray of shape (n_items,)
        NaN when the item or the total has no variance.

    Examples
    --------
    >>> point_biserial([[1, 1], [1, 0], [0, 0], [0, 0]]).round(3).tolist()
    [0.905, 0.87]
    """
    return _correlation(_as_scores(scores), corrected=False)


def corrected_item_total(scores: object) -> FloatArray:
    """Correlation of each item score with the rest score (total minus the item).

    Parameters
    ----------
    scores : array-like of shape (n_learners, n_items)
        Category scores, NaN where the item was not administered.

    Returns
    -------
    ndarray of shape (n_items,)
        NaN when the item or the rest score has no variance.

    Examples
    --------
    >>> corrected_item_total([[1, 1, 1], [1, 0, 1], [0, 0, 1], [0, 1, 0]]).round(3).tolist()
    [0.577, -0.302, 0.0]
    """
    return _correlation(_as_scores(scores), corrected=True)


def _complete_covariance(matrix: FloatArray) -> tuple[FloatArray, int]:
    complete = matrix[~np.isnan(matrix).any(axis=1)]
    n_complete = complete.shape[0]
    if n_complete < 2:
        return np.full((matrix.shape[1], matrix.shape[1]), np.nan), n_complete
    centred = complete - complete.mean(axis=0)
    return (centred.T @ centred) / (n_complete - 1), n_complete


def cronbach_alpha(scores: object) -> float:
    """Cronbach's alpha over the learners who answered every item.

    ``alpha = k / (k - 1) * (1 - sum of item variances / variance of the total)``.

    Parameters
    ----------
    scores : array-like of shape (n_learners, n_items)
        Category scores, NaN where the item was not administered.

    Returns
    -------
    float
        NaN with fewer than two items, fewer than two complete learners, or a constant
        total score.

    Examples
    --------
    >>> round(cronbach_alpha([[1, 1, 1], [1, 0, 1], [0, 0, 1], [0, 0, 0]]), 3)
    0.75
    """
    matrix = _as_scores(scores)
    k = matrix.shape[1]
    if k < 2:
        return float("nan")
    cov, _ = _complete_covariance(matrix)
    total_variance = cov.sum()
    ratio = _safe_divide(np.trace(cov), total_variance)
    return float(k / (k - 1) * (1.0 - ratio))


def alpha_if_deleted(scores: object) -> FloatArray:
    """Cronbach's alpha of the remaining items when each item in turn is left out.

    Uses the same complete learners as :func:`cronbach_alpha` so the values are comparable.

    Parameters
    ----------
    scores : array-like of shape (n_learners, n_items)
        Category scores, NaN where the item was not administered.

    Returns
    -------
    ndarray of shape (n_items,)
        NaN everywhere with fewer than three items.

    Examples
    --------
    >>> alpha_if_deleted([[1, 1, 1], [1, 0, 1], [0, 0, 1], [0, 0, 0]]).round(3).tolist()
    [0.5, 0.727, 0.727]
    """
    matrix = _as_scores(scores)
    k = matrix.shape[1]
    if k < 3:
        return np.full(k, np.nan)
    cov, _ = _complete_covariance(matrix)
    variances = np.diag(cov)
    total_variance = cov.sum() - 2.0 * cov.sum(axis=1) + variances
    item_variance_sum = variances.sum() - variances
    ratio = _safe_divide(item_variance_sum, total_variance)
    result: FloatArray = (k - 1) / (k - 2) * (1.0 - ratio)
    return result


def classical_item_statistics(
    scores: object,
    *,
    item_ids: list[str] | tuple[str, ...] | None = None,
    max_scores: object = None,
) -> pd.DataFrame:
    """One tidy row of classical statistics per item.

    Parameters
    ----------
    scores : array-like of shape (n_learners, n_items)
        Category scores, NaN where the item was not administered.
    item_ids : sequence of str, optional
        Item identifiers in column order; defaults to ``"item_0"``, ``"item_1"``, ...
    max_scores : array-like of shape (n_items,), optional
        Maximum score of each item; ``p_value`` is the mean divided by it. Defaults to 1.

    Returns
    -------
    pandas.DataFrame
        Columns ``item_id, n, mean, sd, p_value, point_biserial, corrected_item_total,
        alpha_if_deleted``.

    Examples
    --------
    >>> frame = classical_item_statistics([[1, 1, 1], [1, 0, 1], [0, 0, 1], [0, 0, 0]])
    >>> print(frame[["item_id", "n", "p_value"]].to_string(index=False))
    item_id  n  p_value
     item_0  4     0.50
     item_1  4     0.25
     item_2  4     0.75
    """
    matrix = _as_scores(scores)
    k = matrix.shape[1]
    ids = [f"item_{j}" for j in range(k)] if item_ids is None else [str(i) for i in item_ids]
    if len(ids) != k:
        raise ValueError(
            f"The 'item_ids' parameter must have one id per column ({k}). Got {len(ids)}."
        )
    maxima = np.ones(k) if max_scores is None else np.asarray(max_scores, dtype=np.float64)
    observed = ~np.isnan(matrix)
    n = observed.sum(axis=0)
    means = item_means(matrix)
    squares = _safe_divide(np.where(observed, matrix**2, 0.0).sum(axis=0), n.astype(float))
    sd = np.sqrt(np.maximum(squares - means**2, 0.0))
    return pd.DataFrame(
        {
            "item_id": ids,
            "n": n.astype(np.int64),
            "mean": means,
            "sd": sd,
            "p_value": _safe_divide(means, maxima),
            "point_biserial": point_biserial(matrix),
            "corrected_item_total": corrected_item_total(matrix),
            "alpha_if_deleted": alpha_if_deleted(matrix),
        }
    )


def distractor_analysis(
    log: pd.DataFrame,
    key: dict[str, str],
    *,
    ability: pd.Series | None = None,
    group_fraction: float = 0.27,
) -> pd.DataFrame:
    """Share of learners choosing each option, overall and in the low and high groups.

    Learners are ranked by ``ability`` (by default their number of keyed answers in
    ``log``); the lowest and highest ``group_fraction`` form the lower and upper groups
    (Kelley's 27 %). A working distractor attracts more lower-group than upper-group
    learners, so its ``discrimination`` (upper share minus lower share) and its
    ``point_biserial`` (correlation between choosing it and ability) are negative; the key's
    are positive.

    Parameters
    ----------
    log : pandas.DataFrame
        Long format with columns ``learner_id, item_id, chosen_option``; missing choices
        (NaN) are ignored. Only items in ``key`` are analysed.
    key : dict of str to str
        The correct option of each multiple-choice item.
    ability : pandas.Series, optional
        Ability (or total score) indexed by ``learner_id``.
    group_fraction : float, default 0.27
        Share of learners in each of the lower and upper groups, in (0, 0.5].

    Returns
    -------
    pandas.DataFrame
        Columns ``item_id, option, is_key, n_chosen, share, share_lower, share_middle,
        share_upper, discrimination, point_biserial``, sorted by item then option.

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({
    ...     "learner_id": ["a", "b", "c", "d"],
    ...     "item_id": ["q1"] * 4,
    ...     "chosen_option": ["A", "A", "B", "C"],
    ... })
    >>> ability = pd.Series({"a": 2.0, "b": 1.0, "c": -1.0, "d": -2.0})
    >>> out = distractor_analysis(log, {"q1": "A"}, ability=ability, group_fraction=0.25)
    >>> print(out[["option", "share", "discrimination"]].to_string(index=False))
    option  share  discrimination
         A   0.50             1.0
         B   0.25             0.0
         C   0.25            -1.0
    """
    log = check_response_log(
        log,
        "distractor_analysis",
        required=("learner_id", "item_id", "chosen_option"),
        text_ids=True,
    )
    group_fraction = check_real(
        group_fraction,
        "group_fraction",
        "distractor_analysis",
        minimum=0.0,
        maximum=0.5,
        exclusive_minimum=True,
    )
    data = log.loc[log["item_id"].isin(list(key)) & log["chosen_option"].notna()]
    data = data.drop_duplicates(["learner_id", "item_id"], keep="first")
    options = data["chosen_option"].astype(str)
    correct = options.to_numpy() == data["item_id"].map(key).astype(str).to_numpy()
    if ability is not None:
        ability = ability.copy()
        ability.index = ability.index.astype(str)
    if ability is None:
        ability = pd.Series(correct.astype(np.float64)).groupby(data["learner_id"].to_numpy()).sum()
    learners = pd.Index(pd.unique(data["learner_id"]))
    theta = ability.reindex(learners).to_numpy(dtype=np.float64)
    # rank with ties broken by order of appearance: deterministic group membership
    order = np.argsort(np.argsort(theta, kind="stable"), kind="stable")
    n_group = max(1, int(np.floor(group_fraction * len(learners))))
    band = np.where(order < n_group, "lower", "middle")
    band = np.where(order >= len(learners) - n_group, "upper", band)
    learner_band = pd.Series(band, index=learners)
    learner_theta = pd.Series(theta, index=learners)

    frame = pd.DataFrame(
        {
            "item_id": data["item_id"].astype(str).to_numpy(),
            "option": options.to_numpy(),
            "band": learner_band.reindex(data["learner_id"]).to_numpy(),
            "theta": learner_theta.reindex(data["learner_id"]).to_numpy(),
        }
    )
    # one indicator column per (item, option): vectorised correlation within each item
    frame["chosen"] = 1.0
    counts = frame.pivot_table(
        index=["item_id", "option"], columns="band", values="chosen", aggfunc="sum", fill_value=0
    ).reindex(columns=["lower", "middle", "upper"], fill_value=0)
    item_band_totals = frame.groupby(["item_id", "band"]).size().unstack(fill_value=0)
    item_band_totals = item_band_totals.reindex(columns=["lower", "middle", "upper"], fill_value=0)
    item_of_row = counts.index.get_level_values("item_id")
    band_totals = item_band_totals.reindex(item_of_row).to_numpy(dtype=np.float64)
    band_counts = counts.to_numpy(dtype=np.float64)
    shares = _safe_divide(band_counts, band_totals)
    n_chosen = band_counts.sum(axis=1)
    n_item = band_totals.sum(axis=1)

    # point-biserial of "chose this option" with ability, among the item's respondents
    frame["theta_sq"] = frame["theta"] ** 2
    per_option = frame.groupby(["item_id", "option"])["theta"].sum().reindex(counts.index)
    per_item = frame.groupby("item_id")[["theta", "theta_sq"]].sum().reindex(item_of_row)
    mean_item = per_item["theta"].to_numpy() / n_item
    var_item = np.maximum(per_item["theta_sq"].to_numpy() / n_item - mean_item**2, 0.0)
    p = n_chosen / n_item
    mean_chosen = _safe_divide(per_option.to_numpy(dtype=np.float64), n_chosen)
    covariance = p * (mean_chosen - mean_item)
    scale = np.sqrt(var_item * p * (1.0 - p))
    correlation = _safe_divide(covariance, np.where(scale > 1e-12, scale, 0.0))

    result = pd.DataFrame(
        {
            "item_id": item_of_row.to_numpy(),
            "option": counts.index.get_level_values("option").to_numpy(),
            "n_chosen": n_chosen.astype(np.int64),
            "share": n_chosen / n_item,
            "share_lower": shares[:, 0],
            "share_middle": shares[:, 1],
            "share_upper": shares[:, 2],
            "discrimination": shares[:, 2] - shares[:, 0],
            "point_biserial": np.clip(correlation, -1.0, 1.0),
        }
    )
    result.insert(2, "is_key", result["option"].to_numpy() == result["item_id"].map(key))
    return result.sort_values(["item_id", "option"], kind="stable").reset_index(drop=True)
