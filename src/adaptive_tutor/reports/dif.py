"""Mantel-Haenszel differential item functioning with the ETS A/B/C classification.

Learners are matched on a stratifying variable (by default the number-correct total
score). Within each stratum ``k`` and for each item the 2 x 2 table of group by correct
gives ``A`` (reference right), ``B`` (reference wrong), ``C`` (focal right), ``D`` (focal
wrong) and ``N``. Then

* common odds ratio ``alpha_MH = sum(A D / N) / sum(B C / N)`` (> 1: the item favours the
  reference group),
* ``MH D-DIF = -2.35 ln(alpha_MH)`` on the ETS delta scale (negative: against the focal
  group), with the Robins-Breslow-Greenland standard error,
* ``MH chi-square = (|sum A - sum E(A)| - 0.5)^2 / sum Var(A)`` with one degree of freedom,
* ETS class (Zwick 2012): **A** if the chi-square is not significant or ``|D| < 1``;
  **C** if ``|D| >= 1.5`` and ``|D|`` is significantly greater than 1 (one-sided z test);
  **B** otherwise.

All tables are built at once with matrix products (strata x items), no loop over items.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy import stats

from adaptive_tutor._validation import check_probability, plain
from adaptive_tutor.exceptions import ResponseDataError

__all__ = ["ets_classification", "mantel_haenszel_dif"]

FloatArray = NDArray[np.float64]
DELTA_SCALE = 2.35


def _divide(numerator: FloatArray, denominator: FloatArray) -> FloatArray:
    result = np.full(np.broadcast(numerator, denominator).shape, np.nan)
    np.divide(numerator, denominator, out=result, where=denominator > 0)
    return result


def ets_classification(
    delta: object, se_delta: object, p_value: object, *, alpha: float = 0.05
) -> NDArray[np.str_]:
    """ETS A/B/C category of each item from its MH D-DIF, standard error and p-value.

    Parameters
    ----------
    delta, se_delta, p_value : array-like
        MH D-DIF, its standard error and the MH chi-square p-value, one per item.
    alpha : float, default 0.05
        Significance level of both tests.

    Returns
    -------
    ndarray of str
        ``"A"``, ``"B"``, ``"C"``, or ``"n/a"`` where ``delta`` is not finite.

    Examples
    --------
    >>> ets_classification([0.4, -1.2, -2.0, 1.8], [0.3, 0.3, 0.2, 0.9], [0.2, 0.001,
    ...                     1e-6, 0.04]).tolist()
    ['A', 'B', 'C', 'B']
    """
    d = np.abs(np.asarray(delta, dtype=np.float64))
    se = np.asarray(se_delta, dtype=np.float64)
    p = np.asarray(p_value, dtype=np.float64)
    z = _divide(d - 1.0, se)
    critical = stats.norm.ppf(1.0 - alpha)
    negligible = (p >= alpha) | (d < 1.0)
    large = (d >= 1.5) & (np.nan_to_num(z, nan=-np.inf) > critical)
    labels = np.where(negligible, "A", np.where(large, "C", "B"))
    return np.where(np.isfinite(d) & np.isfinite(p), labels, "n/a")


def mantel_haenszel_dif(
    scores: object,
    groups: object,
    *,
    focal: object,
    reference: object = None,
    matching: object = None,
    item_ids: list[str] | tuple[str, ...] | None = None,
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Mantel-Haenszel DIF statistics and ETS class for each 0/1 item.

    Parameters
    ----------
    scores : array-like of shape (n_learners, n_items)
        0/1 scores, NaN where the item was not administered.
    groups : array-like of shape (n_learners,)
        Group label of each learner; learners outside ``reference`` and ``focal`` (or with a
        missing label) are ignored.
    focal : object
        Label of the focal group.
    reference : object, optional
        Label of the reference group; by default the only other label present.
    matching : array-like of shape (n_learners,), optional
        Stratum of each learner (equal values are matched); NaN excludes the learner.
        Defaults to the number-correct total over the observed items.
    item_ids : sequence of str, optional
        Identifiers in column order.
    alpha : float, default 0.05
        Significance level for the chi-square and the C test.

    Returns
    -------
    pandas.DataFrame
        Columns ``item_id, n_reference, n_focal, alpha_mh, delta_mh, se_delta,
        chi_square, p_value, ets_class, favours``.

    Raises
    ------
    ResponseDataError
        If fewer than two groups are present, or a score is not 0/1 (the item is named).

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> theta = rng.normal(size=400)
    >>> scores = (rng.random((400, 3)) < 1 / (1 + np.exp(-(theta[:, None] - 0.0)))) * 1.0
    >>> groups = np.repeat(["ref", "foc"], 200)
    >>> out = mantel_haenszel_dif(scores, groups, focal="foc", item_ids=["q1", "q2", "q3"])
    >>> out["ets_class"].tolist()
    ['A', 'A', 'A']
    """
    alpha = check_probability(alpha, "alpha", "mantel_haenszel_dif", open_interval=True)
    matrix = np.asarray(scores, dtype=np.float64)
    if matrix.ndim != 2:
        raise ResponseDataError(
            "The 'scores' parameter of mantel_haenszel_dif must be a 2-D learners x items "
            f"matrix. Got an array with {matrix.ndim} dimension(s)."
        )
    n_learners, n_items = matrix.shape
    ids = [f"item_{j}" for j in range(n_items)] if item_ids is None else list(item_ids)
    observed = ~np.isnan(matrix)
    not_binary = (observed & (matrix != 0) & (matrix != 1)).any(axis=0)
    if not_binary.any():
        bad = ", ".join(repr(ids[j]) for j in np.flatnonzero(not_binary)[:5])
        raise ResponseDataError(
            f"Mantel-Haenszel DIF needs 0/1 scores; item(s) {bad} have other scores. "
            "Leave polytomous items out of the DIF analysis."
        )
    labels = pd.Series(np.asarray(groups, dtype=object))
    if len(labels) != n_learners:
        raise ResponseDataError(
            f"The 'groups' parameter of mantel_haenszel_dif needs one label per learner "
            f"({n_learners}). Got {len(labels)}."
        )
    present = list(pd.unique(labels.dropna()))
    if reference is None:
        others = [level for level in present if level != focal]
        if len(others) != 1:
            raise ResponseDataError(
                "DIF compares two groups: the grouping variable has level(s) "
                f"{plain(present)!r}; give the 'reference' label explicitly (focal is "
                f"{plain(focal)!r})."
                if others
                else f"DIF compares two groups, but the grouping variable has only the "
                f"level(s) {plain(present)!r}."
            )
        reference = others[0]
    for name, level in (("focal", focal), ("reference", reference)):
        if level not in present:
            raise ResponseDataError(
                f"DIF compares two groups, but the {name} group {plain(level)!r} has no "
                f"learners; the grouping variable has the level(s) {plain(present)!r}."
            )
    is_reference = (labels == reference).to_numpy()
    is_focal = (labels == focal).to_numpy()

    if matching is None:
        stratum_values = np.where(observed, matrix, 0.0).sum(axis=1)
        usable = np.ones(n_learners, dtype=bool)
    else:
        match = pd.Series(np.asarray(matching, dtype=object))
        usable = match.notna().to_numpy()
        stratum_values = match.fillna(-1).to_numpy()
    codes = pd.factorize(pd.Series(stratum_values), sort=True)[0]
    n_strata = int(codes.max()) + 1 if n_learners else 0
    strata = np.zeros((n_learners, n_strata))
    strata[np.arange(n_learners), codes] = 1.0
    strata[~usable] = 0.0

    right = (observed & (matrix == 1)).astype(np.float64)
    wrong = (observed & (matrix == 0)).astype(np.float64)
    ref_strata = strata * is_reference[:, None]
    foc_strata = strata * is_focal[:, None]
    a = (right.T @ ref_strata).astype(np.float64)  # items x strata
    b = wrong.T @ ref_strata
    c = right.T @ foc_strata
    d = wrong.T @ foc_strata
    n = a + b + c + d
    n_ref, n_foc, m1, m0 = a + b, c + d, a + c, b + d

    r = _divide(a * d, n)
    s = _divide(b * c, n)
    r = np.nan_to_num(r)
    s = np.nan_to_num(s)
    sum_r, sum_s = r.sum(axis=1), s.sum(axis=1)
    defined = (sum_r > 0) & (sum_s > 0)
    alpha_mh = np.where(defined, _divide(sum_r, sum_s), np.nan)
    log_alpha = np.full(n_items, np.nan)
    np.log(alpha_mh, out=log_alpha, where=defined)

    p_k = np.nan_to_num(_divide(a + d, n))
    q_k = np.nan_to_num(_divide(b + c, n))
    var_log = (
        _divide((p_k * r).sum(axis=1), 2.0 * sum_r**2)
        + _divide((p_k * s + q_k * r).sum(axis=1), 2.0 * sum_r * sum_s)
        + _divide((q_k * s).sum(axis=1), 2.0 * sum_s**2)
    )
    se_delta = DELTA_SCALE * np.sqrt(np.where(defined, var_log, np.nan))

    expected_a = np.nan_to_num(_divide(n_ref * m1, n))
    variance_a = np.nan_to_num(_divide(n_ref * n_foc * m1 * m0, n**2 * (n - 1.0)))
    sum_var = variance_a.sum(axis=1)
    deviation = np.maximum(np.abs(a.sum(axis=1) - expected_a.sum(axis=1)) - 0.5, 0.0)
    chi_square = np.where(sum_var > 0, _divide(deviation**2, sum_var), np.nan)
    p_value = np.where(np.isfinite(chi_square), stats.chi2.sf(chi_square, 1), np.nan)

    delta = -DELTA_SCALE * log_alpha
    favours = np.where(delta < 0, "reference", np.where(delta > 0, "focal", "neither"))
    return pd.DataFrame(
        {
            "item_id": ids,
            "n_reference": n_ref.sum(axis=1).astype(np.int64),
            "n_focal": n_foc.sum(axis=1).astype(np.int64),
            "alpha_mh": alpha_mh,
            "delta_mh": delta,
            "se_delta": se_delta,
            "chi_square": chi_square,
            "p_value": p_value,
            "ets_class": ets_classification(delta, se_delta, p_value, alpha=alpha),
            "favours": np.where(np.isfinite(delta), favours, "n/a"),
        }
    )
