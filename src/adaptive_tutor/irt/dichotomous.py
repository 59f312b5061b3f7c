"""Dichotomous models: 1PL (Rasch), 2PL, 3PL and 4PL.

``P(X = 1 | theta) = c + (d - c) * expit(D * a * (theta - b))``. Every quantity is computed
from log-expit terms so it stays finite at extreme abilities and slopes. Arrays of item
parameters have shape ``(n_items,)``; results have shape ``(n_items, n_theta, 2)`` for the
two categories (0 = wrong, 1 = right) or ``(n_items, n_theta)``.

Examples
--------
>>> import numpy as np
>>> from adaptive_tutor.irt.dichotomous import log_prob
>>> one = np.ones(1)
>>> np.exp(log_prob(one, np.zeros(1), np.zeros(1), one, 1.0, np.array([0.0])))
array([[[0.5, 0.5]]])
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from scipy.special import log_expit

__all__ = ["information", "log_prob", "log_prob_derivatives"]

FloatArray = NDArray[np.float64]


def _parts(
    a: FloatArray, b: FloatArray, c: FloatArray, d: FloatArray, D: float, theta: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray, FloatArray]:
    """Return slope, log sigma, log(1 - sigma), log P and log Q on the (item, theta) grid."""
    slope = (D * a)[:, None]
    z = slope * (theta[None, :] - b[:, None])
    log_sigma = log_expit(z)
    # log expit(-z) = log expit(z) - z: exact where log(1 - sigma) is far from 0 and off
    # by at most an ulp of z where it is ~0, at half the cost of a second log_expit.
    log_one_minus_sigma = log_sigma - z
    if _no_asymptotes(c, d):  # 1PL/2PL: P is the logistic itself
        return slope, log_sigma, log_one_minus_sigma, log_sigma, log_one_minus_sigma
    with np.errstate(divide="ignore"):
        log_c = np.log(c)[:, None]
        log_one_minus_d = np.log1p(-d)[:, None]
        log_range = np.log(d - c)[:, None]
    # Clamp at 0: log-add-exp of two terms may round a probability of 1 up by an ulp.
    log_p = np.minimum(np.logaddexp(log_c, log_range + log_sigma), 0.0)
    log_q = np.minimum(np.logaddexp(log_one_minus_d, log_range + log_one_minus_sigma), 0.0)
    return slope, log_sigma, log_one_minus_sigma, log_p, log_q


def _no_asymptotes(c: FloatArray, d: FloatArray) -> bool:
    return not np.any(c) and bool(np.all(d == 1.0))


def log_prob(
    a: FloatArray, b: FloatArray, c: FloatArray, d: FloatArray, D: float, theta: FloatArray
) -> FloatArray:
    """Log-probabilities of a wrong (0) and right (1) answer.

    Parameters
    ----------
    a, b, c, d : ndarray of shape (n_items,)
        Slope, difficulty, lower and upper asymptote.
    D : float
        Logistic scaling constant.
    theta : ndarray of shape (n_theta,)
        Abilities.

    Returns
    -------
    ndarray of shape (n_items, n_theta, 2)
        ``log P(wrong)`` and ``log P(right)``.

    Examples
    --------
    >>> import numpy as np
    >>> lp = log_prob(np.array([5.0]), np.zeros(1), np.zeros(1), np.ones(1), 1.0,
    ...               np.array([-10.0, 10.0]))
    >>> lp[0, :, 1].round(6)
    array([-50.,  -0.])
    """
    _, _, _, log_p, log_q = _parts(a, b, c, d, D, theta)
    return np.stack([log_q, log_p], axis=-1)


def log_prob_derivatives(
    a: FloatArray, b: FloatArray, c: FloatArray, d: FloatArray, D: float, theta: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Log-probabilities and their first and second derivatives in theta.

    Parameters
    ----------
    a, b, c, d : ndarray of shape (n_items,)
        Slope, difficulty, lower and upper asymptote.
    D : float
        Logistic scaling constant.
    theta : ndarray of shape (n_theta,)
        Abilities.

    Returns
    -------
    log_p : ndarray of shape (n_items, n_theta, 2)
        ``log P_k`` of a wrong (0) and a right (1) answer.
    first : ndarray of shape (n_items, n_theta, 2)
        ``d log P_k / d theta``.
    second : ndarray of shape (n_items, n_theta, 2)
        ``d^2 log P_k / d theta^2``.

    Examples
    --------
    >>> import numpy as np
    >>> _, first, second = log_prob_derivatives(
    ...     np.ones(1), np.zeros(1), np.zeros(1), np.ones(1), 1.0, np.zeros(1))
    >>> first[0, 0].tolist(), second[0, 0].tolist()
    ([-0.5, 0.5], [-0.25, -0.25])
    """
    slope, log_sigma, log_one_minus_sigma, log_p, log_q = _parts(a, b, c, d, D, theta)
    if _no_asymptotes(c, d):
        sigma = np.exp(log_sigma)
        one_minus = np.exp(log_one_minus_sigma)
        curvature_2pl = -(slope**2) * sigma * one_minus
        return (
            np.stack([log_q, log_p], axis=-1),
            np.stack([-slope * sigma, slope * one_minus], axis=-1),
            np.stack([curvature_2pl, curvature_2pl], axis=-1),
        )
    with np.errstate(divide="ignore"):
        log_range = np.log(d - c)[:, None]
    # dP/dtheta = D a (d - c) sigma (1 - sigma); kept in logs until divided by P or Q.
    log_slope_term = log_range + log_sigma + log_one_minus_sigma
    first_right = slope * np.exp(log_slope_term - log_p)
    first_wrong = -slope * np.exp(log_slope_term - log_q)
    curvature = slope * (1.0 - 2.0 * np.exp(log_sigma))  # P'' / P' = D a (1 - 2 sigma)
    second_right = curvature * first_right - first_right**2
    second_wrong = curvature * first_wrong - first_wrong**2
    return (
        np.stack([log_q, log_p], axis=-1),
        np.stack([first_wrong, first_right], axis=-1),
        np.stack([second_wrong, second_right], axis=-1),
    )


def information(
    a: FloatArray, b: FloatArray, c: FloatArray, d: FloatArray, D: float, theta: FloatArray
) -> FloatArray:
    """Fisher information ``P'^2 / (P Q)`` of each item at each ability.

    Parameters
    ----------
    a, b, c, d : ndarray of shape (n_items,)
        Slope, difficulty, lower and upper asymptote.
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
    >>> information(np.ones(1), np.zeros(1), np.zeros(1), np.ones(1), 1.0, np.zeros(1))
    array([[0.25]])
    """
    slope, log_sigma, log_one_minus_sigma, log_p, log_q = _parts(a, b, c, d, D, theta)
    with np.errstate(divide="ignore"):
        log_range = np.log(d - c)[:, None]
    log_info = 2.0 * (log_range + log_sigma + log_one_minus_sigma) - log_p - log_q
    return slope**2 * np.exp(log_info)
