"""Item fit: the S-X2 statistic of Orlando and Thissen, and Rasch-style infit/outfit.

**S-X2** (Orlando & Thissen, 2000; generalised to polytomous items by Kang & Chen, 2008)
groups learners by their summed score over a fixed set of items and compares, for each
item, the observed share of each score category in each group with the share the model
predicts. The prediction integrates over the ability distribution with the Lord-Wingersky
recursion, so no ability estimate enters the statistic:

``E_ik(s) = ∫ P_ik(θ) f_{-i}(s - k | θ) g(θ) dθ / ∫ f(s | θ) g(θ) dθ``

``S-X2_i = Σ_s N_s Σ_k (O_ik(s) - E_ik(s))² / E_ik(s)`` over the summed scores strictly
between the lowest and the highest possible total (``1..n - 1`` for ``n`` dichotomous
items): at the extremes every response is determined by the total, so those groups carry no
information and Orlando & Thissen leave them out. Adjacent score groups are pooled until
every expected count reaches ``min_expected``. Degrees of freedom: the number of free
cells ``Σ_groups (categories - 1)`` minus the number of estimated item parameters (pass
``estimated=False`` for parameters known in advance, e.g. a simulation check). Only learners
who answered every item enter (summed scores need a common form).

**Infit/outfit** mean squares use an ability estimate per learner: ``outfit`` is the mean
squared standardised residual (sensitive to outliers), ``infit`` the information-weighted
version. Both expect 1; the Wilson-Hilferty transforms ``infit_t``/``outfit_t`` are roughly
standard normal under the model. They work with sparse (adaptive) data.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy import stats

from adaptive_tutor.irt import ItemParams, category_prob, normal_grid

__all__ = ["infit_outfit", "sum_score_distribution", "sx2_item_fit"]

FloatArray = NDArray[np.float64]
# free parameters per model family, before adding the K - 1 thresholds of polytomous items
_FREE = {"1PL": 1, "2PL": 2, "3PL": 3, "4PL": 4, "GRM": 1, "GPCM": 1, "PCM": 0}


def _n_free_parameters(params: ItemParams) -> NDArray[np.int64]:
    base = np.array([_FREE[model] for model in params.models], dtype=np.int64)
    polytomous = ~params.is_dichotomous
    return base + np.where(polytomous, params.n_categories - 1, 0)


def _lord_wingersky(probs: FloatArray, n_categories: NDArray[np.int64]) -> FloatArray:
    """Summed-score distribution per node: probs (items, nodes, K) -> (max_total + 1, nodes)."""
    n_nodes = probs.shape[1]
    total_max = int(np.sum(n_categories - 1))
    dist = np.zeros((total_max + 1, n_nodes))
    dist[0] = 1.0
    reached = 0
    for item in range(probs.shape[0]):
        top = int(n_categories[item]) - 1
        new = np.zeros_like(dist)
        for k in range(top + 1):
            new[k : reached + k + 1] += dist[: reached + 1] * probs[item, :, k]
        dist = new
        reached += top
    return dist


def sum_score_distribution(
    params: ItemParams, *, n_points: int = 61, bound: float = 6.0
) -> FloatArray:
    """Model-implied distribution of the summed score under a standard normal ability.

    Parameters
    ----------
    params : ItemParams
        The items of the form.
    n_points, bound : int, float
        Quadrature grid (see :func:`adaptive_tutor.irt.normal_grid`).

    Returns
    -------
    ndarray of shape (max_total + 1,)
        Probabilities summing to 1.

    Examples
    --------
    >>> from adaptive_tutor.irt import ItemParams
    >>> sum_score_distribution(ItemParams.dichotomous([1.0, 1.0], [0.0, 0.0])).round(3)
    array([0.293, 0.413, 0.293])
    """
    grid = normal_grid(n_points, bound)
    probs = category_prob(params, grid.nodes)
    dist = _lord_wingersky(probs, params.n_categories)
    result: FloatArray = dist @ grid.weights
    return result


def _pool(
    observed: FloatArray, expected: FloatArray, n_s: FloatArray, min_expected: float
) -> tuple[float, int]:
    """Pool adjacent score groups; return (statistic, free cells). Arrays: (groups, K)."""
    counts_o = observed * n_s[:, None]
    counts_e = expected * n_s[:, None]
    groups: list[tuple[FloatArray, FloatArray, float]] = []
    acc_o = np.zeros(observed.shape[1])
    acc_e = np.zeros(observed.shape[1])
    acc_n = 0.0
    for row in range(observed.shape[0]):
        acc_o = acc_o + counts_o[row]
        acc_e = acc_e + counts_e[row]
        acc_n += n_s[row]
        live = acc_e > 1e-12
        if acc_n > 0 and live.sum() >= 2 and np.all(acc_e[live] >= min_expected):
            groups.append((acc_o, acc_e, acc_n))
            acc_o, acc_e, acc_n = np.zeros_like(acc_o), np.zeros_like(acc_e), 0.0
    if acc_n > 0:
        if groups:
            last_o, last_e, last_n = groups.pop()
            groups.append((last_o + acc_o, last_e + acc_e, last_n + acc_n))
        else:
            groups.append((acc_o, acc_e, acc_n))
    statistic, cells = 0.0, 0
    for obs, exp, _ in groups:
        live = exp > 1e-12
        if live.sum() < 2:
            continue
        statistic += float(np.sum((obs[live] - exp[live]) ** 2 / exp[live]))
        cells += int(live.sum()) - 1
    return statistic, cells


def sx2_item_fit(
    params: ItemParams,
    scores: object,
    *,
    item_ids: list[str] | tuple[str, ...] | None = None,
    estimated: bool = True,
    min_expected: float = 1.0,
    n_points: int = 61,
) -> pd.DataFrame:
    """S-X2 item fit statistic for every item of a fixed form (1PL-4PL, GRM, GPCM, PCM).

    Parameters
    ----------
    params : ItemParams
        Parameters of the form's items, in column order; ability prior standard normal.
    scores : array-like of shape (n_learners, n_items)
        Category scores; learners with any NaN are left out, and so are learners with
        the lowest or highest possible total score (they carry no information on fit).
    item_ids : sequence of str, optional
        Identifiers in column order.
    estimated : bool, default True
        Whether the parameters were estimated from these data (their number is then
        subtracted from the degrees of freedom).
    min_expected : float, default 1.0
        Adjacent score groups are pooled until every expected count reaches this.
    n_points : int, default 61
        Quadrature nodes on [-6, 6].

    Returns
    -------
    pandas.DataFrame
        Columns ``item_id, n_learners, sx2, df, p_value``; ``n_learners`` counts the
        complete response vectors. NaN where the degrees of freedom are not positive.

    Examples
    --------
    >>> import numpy as np
    >>> from adaptive_tutor.irt import ItemParams
    >>> rng = np.random.default_rng(3)
    >>> params = ItemParams.dichotomous(np.ones(6), np.linspace(-1, 1, 6))
    >>> theta = rng.normal(size=500)
    >>> scores = (rng.random((500, 6)) < 1 / (1 + np.exp(-(theta[:, None] - params.b)))) * 1.0
    >>> out = sx2_item_fit(params, scores)
    >>> out.columns.tolist(), bool((out["p_value"] > 0.001).all())
    (['item_id', 'n_learners', 'sx2', 'df', 'p_value'], True)
    """
    matrix = np.asarray(scores, dtype=np.float64)
    complete = matrix[~np.isnan(matrix).any(axis=1)].astype(np.int64)
    n_items = params.n_items
    ids = [f"item_{j}" for j in range(n_items)] if item_ids is None else list(item_ids)
    grid = normal_grid(n_points, 6.0)
    probs = category_prob(params, grid.nodes)  # (items, nodes, K)
    n_cat = params.n_categories
    full = _lord_wingersky(probs, n_cat)
    marginal = full @ grid.weights  # (S,)
    totals = complete.sum(axis=1)
    n_scores = full.shape[0]
    n_s = np.bincount(totals, minlength=n_scores).astype(np.float64)
    free = _n_free_parameters(params) if estimated else np.zeros(n_items, dtype=np.int64)

    rows = []
    max_k = probs.shape[2]
    for item in range(n_items):
        top = int(n_cat[item]) - 1
        rest = _lord_wingersky(np.delete(probs, item, axis=0), np.delete(n_cat, item))
        # joint[s, k] = ∫ P_ik f_{-i}(s - k) g: shift the rest distribution by k
        joint = np.zeros((n_scores, max_k))
        for k in range(top + 1):
            joint[k : k + rest.shape[0], k] = (rest * probs[item, :, k]) @ grid.weights
        expected = np.divide(
            joint, marginal[:, None], out=np.zeros_like(joint), where=marginal[:, None] > 0
        )
        counts = np.zeros((n_scores, max_k))
        np.add.at(counts, (totals, complete[:, item]), 1.0)
        observed = np.divide(
            counts, n_s[:, None], out=np.zeros_like(counts), where=n_s[:, None] > 0
        )
        # extreme totals (0 and the maximum) determine every response: left out
        used = (n_s > 0) & (np.arange(n_scores) > 0) & (np.arange(n_scores) < n_scores - 1)
        statistic, cells = _pool(observed[used], expected[used], n_s[used], min_expected)
        df = cells - int(free[item])
        p_value = float(stats.chi2.sf(statistic, df)) if df > 0 else float("nan")
        rows.append((ids[item], len(complete), statistic if df > 0 else np.nan, df, p_value))
    return pd.DataFrame(rows, columns=["item_id", "n_learners", "sx2", "df", "p_value"])


def infit_outfit(
    params: ItemParams,
    scores: object,
    theta: object,
    *,
    item_ids: list[str] | tuple[str, ...] | None = None,
) -> pd.DataFrame:
    """Infit and outfit mean squares (and their t transforms) for every item.

    Parameters
    ----------
    params : ItemParams
        Item parameters in column order.
    scores : array-like of shape (n_learners, n_items)
        Category scores, NaN where not administered.
    theta : array-like of shape (n_learners,)
        Ability estimate of each learner (e.g. EAP or WLE).
    item_ids : sequence of str, optional
        Identifiers in column order.

    Returns
    -------
    pandas.DataFrame
        Columns ``item_id, n, infit, outfit, infit_t, outfit_t``.

    Examples
    --------
    >>> import numpy as np
    >>> from adaptive_tutor.irt import ItemParams
    >>> rng = np.random.default_rng(0)
    >>> params = ItemParams.dichotomous(np.ones(3), [-1.0, 0.0, 1.0])
    >>> theta = rng.normal(size=2000)
    >>> scores = (rng.random((2000, 3)) < 1 / (1 + np.exp(-(theta[:, None] - params.b)))) * 1.0
    >>> infit_outfit(params, scores, theta)["infit"].round(1).tolist()
    [1.0, 1.0, 1.0]
    """
    matrix = np.asarray(scores, dtype=np.float64)
    abilities = np.asarray(theta, dtype=np.float64)
    ids = [f"item_{j}" for j in range(params.n_items)] if item_ids is None else list(item_ids)
    observed = ~np.isnan(matrix) & np.isfinite(abilities)[:, None]
    probs = category_prob(params, np.where(np.isfinite(abilities), abilities, 0.0))
    k = np.arange(probs.shape[2], dtype=np.float64)
    mean = probs @ k  # (items, learners)
    variance = np.maximum(probs @ k**2 - mean**2, 1e-12)
    centred = k[None, None, :] - mean[:, :, None]
    fourth = np.sum(probs * centred**4, axis=2)
    x = np.where(observed, matrix, 0.0).T
    mask = observed.T.astype(np.float64)
    residual_sq = (x - mean) ** 2 * mask
    n = mask.sum(axis=1)
    weight = (variance * mask).sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        outfit = np.where(n > 0, (residual_sq / variance).sum(axis=1) / n, np.nan)
        infit = np.where(weight > 0, residual_sq.sum(axis=1) / weight, np.nan)
        q_out = np.sqrt(
            np.maximum(
                np.where(n > 0, (fourth / variance**2 * mask).sum(axis=1) / n**2 - 1 / n, 0), 0
            )
        )
        q_in = np.sqrt(
            np.maximum(
                np.where(weight > 0, ((fourth - variance**2) * mask).sum(axis=1) / weight**2, 0), 0
            )
        )
    return pd.DataFrame(
        {
            "item_id": ids,
            "n": n.astype(np.int64),
            "infit": infit,
            "outfit": outfit,
            "infit_t": _wilson_hilferty(infit, q_in),
            "outfit_t": _wilson_hilferty(outfit, q_out),
        }
    )


def _wilson_hilferty(mean_square: FloatArray, q: FloatArray) -> FloatArray:
    good = (q > 0) & np.isfinite(mean_square) & (mean_square >= 0)
    out = np.full(mean_square.shape, np.nan)
    ms = np.where(good, mean_square, 1.0)
    qq = np.where(good, q, 1.0)
    out[good] = ((np.cbrt(ms) - 1.0) * (3.0 / qq) + qq / 3.0)[good]
    return out
