"""Elo scales: ratings in logits, IRT values (``rating / D``) and chess-style Elo points.

A 400-point gap in Elo points means odds of 10 to 1: ``points = origin + rating * 400 / ln(10)``.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt
from scipy.special import expit

from adaptive_tutor._validation import check_real

__all__ = [
    "POINTS_PER_LOGIT",
    "elo_points_to_logit",
    "elo_to_irt",
    "expected_score",
    "irt_to_elo",
    "logit_to_elo_points",
]

FloatArray = npt.NDArray[np.float64]
POINTS_PER_LOGIT = 400.0 / math.log(10.0)


def elo_to_irt(ratings: npt.ArrayLike, *, D: float = 1.0) -> FloatArray:
    """Convert Elo ratings (logits) to the IRT scale of a Rasch bank: ``rating / D``.

    Works for learner ratings (-> theta) and item ratings (-> difficulty b).

    Parameters
    ----------
    ratings : array-like of float
        Ratings on the logit scale.
    D : float, default 1.0
        The bank's scaling constant (1.702 for the normal-ogive metric).

    Returns
    -------
    ndarray of float
        The values on the IRT scale.

    Examples
    --------
    >>> elo_to_irt([1.702, -3.404], D=1.702).tolist()
    [1.0, -2.0]
    """
    D = check_real(D, "D", "elo_to_irt", minimum=0.0, exclusive_minimum=True)
    return np.asarray(ratings, dtype=np.float64) / D


def irt_to_elo(values: npt.ArrayLike, *, D: float = 1.0) -> FloatArray:
    """Convert IRT thetas or difficulties to Elo ratings (logits): ``D * value``.

    Use it to cold-start item ratings from a calibrated or author-estimated bank. For a
    2PL item the slope is dropped (Elo assumes slope 1).

    Parameters
    ----------
    values : array-like of float
        Thetas or difficulties on the IRT scale.
    D : float, default 1.0
        The bank's scaling constant.

    Returns
    -------
    ndarray of float
        The ratings on the logit scale.

    Examples
    --------
    >>> irt_to_elo([1.0, -2.0], D=1.702).tolist()
    [1.702, -3.404]
    """
    D = check_real(D, "D", "irt_to_elo", minimum=0.0, exclusive_minimum=True)
    return np.asarray(values, dtype=np.float64) * D


def logit_to_elo_points(ratings: npt.ArrayLike, *, origin: float = 1500.0) -> FloatArray:
    """Express logit ratings as chess-style Elo points: ``origin + rating * 400 / ln(10)``.

    Parameters
    ----------
    ratings : array-like of float
        Ratings on the logit scale.
    origin : float, default 1500
        Points of rating 0.

    Returns
    -------
    ndarray of float
        The ratings in chess-style points.

    Examples
    --------
    >>> logit_to_elo_points([0.0, np.log(10.0)]).round(6).tolist()
    [1500.0, 1900.0]
    """
    origin = check_real(origin, "origin", "logit_to_elo_points")
    return origin + np.asarray(ratings, dtype=np.float64) * POINTS_PER_LOGIT


def elo_points_to_logit(points: npt.ArrayLike, *, origin: float = 1500.0) -> FloatArray:
    """Inverse of :func:`logit_to_elo_points`.

    Parameters
    ----------
    points : array-like of float
        Chess-style Elo points.
    origin : float, default 1500
        Points of rating 0.

    Returns
    -------
    ndarray of float
        The ratings on the logit scale.

    Examples
    --------
    >>> elo_points_to_logit([1100.0]).round(4).tolist()
    [-2.3026]
    """
    origin = check_real(origin, "origin", "elo_points_to_logit")
    return (np.asarray(points, dtype=np.float64) - origin) / POINTS_PER_LOGIT


def expected_score(rating: npt.ArrayLike, difficulty: npt.ArrayLike) -> FloatArray:
    """P(correct) = expit(rating - difficulty), vectorised.

    Parameters
    ----------
    rating, difficulty : array-like of float
        Learner and item ratings (broadcast together).

    Returns
    -------
    ndarray of float
        The probability of a correct answer.

    Examples
    --------
    >>> expected_score([0.0, 1.0], 1.0).round(4).tolist()
    [0.2689, 0.5]
    """
    z = np.asarray(rating, dtype=np.float64) - np.asarray(difficulty, dtype=np.float64)
    return np.asarray(expit(z), dtype=np.float64)
