"""Generalized partial credit (GPCM) and partial credit (PCM, slope 1) models.

``P_k ∝ exp(sum_{j <= k} D a (theta - b_j))`` for ``k = 0..m`` (the empty sum for ``k = 0``),
normalised with log-sum-exp. Step difficulties arrive NaN padded with shape
``(n_items, m_max)``; absent categories get ``-inf`` log-probability.

Examples
--------
>>> import numpy as np
>>> from adaptive_tutor.irt.partial_credit import log_prob
>>> np.exp(log_prob(np.ones(1), np.array([[0.0]]), 1.0, np.array([0.0])))
array([[[0.5, 0.5]]])
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from scipy.special import logsumexp

__all__ = ["information", "log_prob", "log_prob_derivatives"]

FloatArray = NDArray[np.float64]


def _log_prob(
    a: FloatArray, steps: FloatArray, D: float, theta: FloatArray
) -> tuple[FloatArray, NDArray[np.bool_], FloatArray]:
    n_items = steps.shape[0]
    present = np.concatenate([np.ones((n_items, 1), bool), ~np.isnan(steps)], axis=1)
    slope = (D * a)[:, None, None]
    increments = slope * (theta[None, :, None] - np.nan_to_num(steps)[:, None, :])
    cumulative = np.concatenate(
        [np.zeros((n_items, theta.shape[0], 1)), np.cumsum(increments, axis=-1)], axis=-1
    )
    cumulative = np.where(present[:, None, :], cumulative, -np.inf)
    log_p = cumulative - logsumexp(cumulative, axis=-1, keepdims=True)
    return log_p, present, slope[:, :, 0]


def log_prob(a: FloatArray, steps: FloatArray, D: float, theta: FloatArray) -> FloatArray:
    """Log-probabilities of each score category.

    Parameters
    ----------
    a : ndarray of shape (n_items,)
        Slopes (1 for PCM items).
    steps : ndarray of shape (n_items, m_max)
        Step difficulties, NaN padded.
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
    >>> lp = log_prob(np.array([5.0]), np.array([[-1.0, 2.0]]), 1.702, np.array([-10.0, 10.0]))
    >>> bool(np.isfinite(lp).all())
    True
    """
    return _log_prob(a, steps, D, theta)[0]


def log_prob_derivatives(
    a: FloatArray, steps: FloatArray, D: float, theta: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Log-probabilities and their first and second derivatives in theta.

    ``d log P_k = D a (k - E[X])`` and ``d^2 log P_k = -(D a)^2 Var[X]``.

    Parameters
    ----------
    a : ndarray of shape (n_items,)
        Slopes (1 for PCM items).
    steps : ndarray of shape (n_items, m_max)
        Step difficulties, NaN padded.
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
    >>> _, first, second = log_prob_derivatives(np.ones(1), np.array([[0.0]]), 1.0, np.zeros(1))
    >>> first[0, 0].tolist(), second[0, 0].tolist()
    ([-0.5, 0.5], [-0.25, -0.25])
    """
    log_p, present, slope = _log_prob(a, steps, D, theta)
    prob = np.exp(log_p)
    scores = np.arange(steps.shape[1] + 1, dtype=np.float64)
    mean = np.sum(prob * scores, axis=-1, keepdims=True)
    variance = np.sum(prob * (scores - mean) ** 2, axis=-1, keepdims=True)
    s = slope[:, :, None]
    first = np.where(present[:, None, :], s * (scores - mean), 0.0)
    second = np.where(present[:, None, :], -(s**2) * variance, 0.0)
    return log_p, first, second


def information(a: FloatArray, steps: FloatArray, D: float, theta: FloatArray) -> FloatArray:
    """Fisher information ``(D a)^2 Var[X | theta]`` of each item.

    Parameters
    ----------
    a : ndarray of shape (n_items,)
        Slopes (1 for PCM items).
    steps : ndarray of shape (n_items, m_max)
        Step difficulties, NaN padded.
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
    _, _, second = log_prob_derivatives(a, steps, D, theta)
    return -second[:, :, 0]
