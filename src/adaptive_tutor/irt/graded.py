"""Samejima's graded response model (GRM).

``P(X >= k | theta) = expit(D a (theta - b_k))`` for ordered thresholds ``b_1 < ... < b_m``;
category probabilities are differences of these curves. The difference is computed as

``log P_k = log expit(z_k) + log expit(-z_{k+1}) + log(1 - exp(-D a (b_{k+1} - b_k)))``

which never subtracts two nearly equal numbers. Thresholds arrive NaN padded with shape
``(n_items, m_max)``; absent categories get ``-inf`` log-probability.

Examples
--------
>>> import numpy as np
>>> from adaptive_tutor.irt.graded import log_prob
>>> p = np.exp(log_prob(np.ones(1), np.array([[-1.0, 1.0]]), 1.0, np.array([0.0])))
>>> p.round(4)
array([[[0.2689, 0.4621, 0.2689]]])
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from scipy.special import expit, log_expit

__all__ = ["information", "log_prob", "log_prob_derivatives"]

FloatArray = NDArray[np.float64]


def _boundaries(
    a: FloatArray, thresholds: FloatArray, D: float, theta: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray, NDArray[np.bool_]]:
    """Return slope, z at the lower and upper boundary of each category, and presence."""
    n_items = thresholds.shape[0]
    present_threshold = ~np.isnan(thresholds)
    # Boundary k (k = 0..m) of the "at least k" curve; boundary 0 is +inf, absent are -inf.
    padded = np.concatenate(
        [np.full((n_items, 1), -np.inf), np.where(present_threshold, thresholds, np.inf)],
        axis=1,
    )
    padded = np.concatenate([padded, np.full((n_items, 1), np.inf)], axis=1)
    slope = (D * a)[:, None, None]
    diff = theta[None, :, None] - padded[:, None, :]
    z = slope * diff  # finite except at the padded ends: +inf for k = 0, -inf past the end
    lower = z[:, :, :-1]
    upper = z[:, :, 1:]
    present = np.concatenate([np.ones((n_items, 1), bool), present_threshold], axis=1)
    return slope[:, :, 0], lower, upper, present


def _log_gap(a: FloatArray, thresholds: FloatArray, D: float) -> FloatArray:
    """``log(1 - exp(-D a (b_{k+1} - b_k)))`` per item and category (0 for open categories)."""
    n_items = thresholds.shape[0]
    edge = np.full((n_items, 1), np.inf)
    width = np.concatenate([edge, np.diff(thresholds, axis=1), edge], axis=1)
    width = np.where(np.isnan(width), np.inf, width)  # last present category is open above
    gap: FloatArray = np.log(-np.expm1(-(D * a)[:, None] * width))
    return gap


def log_prob(a: FloatArray, thresholds: FloatArray, D: float, theta: FloatArray) -> FloatArray:
    """Log-probabilities of each score category.

    Parameters
    ----------
    a : ndarray of shape (n_items,)
        Slopes.
    thresholds : ndarray of shape (n_items, m_max)
        Increasing thresholds, NaN padded.
    D : float
        Logistic scaling constant.
    theta : ndarray of shape (n_theta,)
        Abilities.

    Returns
    -------
    ndarray of shape (n_items, n_theta, m_max + 1)
        ``log P_k`` of each category; ``-inf`` for categories an item does not have.

    Examples
    --------
    >>> import numpy as np
    >>> lp = log_prob(np.array([5.0]), np.array([[-1.0, 1.0]]), 1.0, np.array([10.0]))
    >>> bool(np.isfinite(lp).all())
    True
    """
    _, lower, upper, present = _boundaries(a, thresholds, D, theta)
    gap = _log_gap(a, thresholds, D)[:, None, :]
    log_p = log_expit(lower) + log_expit(-upper) + gap
    return np.where(present[:, None, :], log_p, -np.inf)


def log_prob_derivatives(
    a: FloatArray, thresholds: FloatArray, D: float, theta: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Log-probabilities and their first and second derivatives in theta.

    ``d log P_k = D a (1 - s_k - s_{k+1})`` and
    ``d^2 log P_k = -(D a)^2 (s_k (1 - s_k) + s_{k+1} (1 - s_{k+1}))`` with
    ``s_k = expit(z_k)`` (``s_0 = 1``, ``s_{m+1} = 0``).

    Parameters
    ----------
    a : ndarray of shape (n_items,)
        Slopes.
    thresholds : ndarray of shape (n_items, m_max)
        Increasing thresholds, NaN padded.
    D : float
        Logistic scaling constant.
    theta : ndarray of shape (n_theta,)
        Abilities.

    Returns
    -------
    log_p : ndarray of shape (n_items, n_theta, m_max + 1)
        ``log P_k`` of each category (``-inf`` for absent ones).
    first : ndarray of shape (n_items, n_theta, m_max + 1)
        ``d log P_k / d theta``.
    second : ndarray of shape (n_items, n_theta, m_max + 1)
        ``d^2 log P_k / d theta^2``.

    Examples
    --------
    >>> import numpy as np
    >>> _, first, _ = log_prob_derivatives(np.ones(1), np.array([[0.0]]), 1.0, np.zeros(1))
    >>> first[0, 0].tolist()
    [-0.5, 0.5]
    """
    slope, lower, upper, present = _boundaries(a, thresholds, D, theta)
    gap = _log_gap(a, thresholds, D)[:, None, :]
    log_p = np.where(present[:, None, :], log_expit(lower) + log_expit(-upper) + gap, -np.inf)
    s_lower = expit(lower)
    s_upper = expit(upper)
    s = slope[:, :, None]
    first = s * (1.0 - s_lower - s_upper)
    second = -(s**2) * (s_lower * (1.0 - s_lower) + s_upper * (1.0 - s_upper))
    mask = present[:, None, :]
    return log_p, np.where(mask, first, 0.0), np.where(mask, second, 0.0)


def information(a: FloatArray, thresholds: FloatArray, D: float, theta: FloatArray) -> FloatArray:
    """Fisher information ``sum_k P_k (d log P_k)^2`` of each item.

    Parameters
    ----------
    a : ndarray of shape (n_items,)
        Slopes.
    thresholds : ndarray of shape (n_items, m_max)
        Increasing thresholds, NaN padded.
    D : float
        Logistic scaling constant.
    theta : ndarray of shape (n_theta,)
        Abilities.

    Returns
    -------
    ndarray of shape (n_items, n_theta)
        The information of each item at each ability.

    Examples
    --------
    >>> import numpy as np
    >>> information(np.ones(1), np.array([[0.0]]), 1.0, np.zeros(1))
    array([[0.25]])
    """
    log_p, first, _ = log_prob_derivatives(a, thresholds, D, theta)
    info: FloatArray = np.sum(np.exp(log_p) * first**2, axis=-1)
    return info
