"""Discrete posteriors of ability on a quadrature grid: the one implementation.

A grid posterior is a vector of masses on the ability nodes, kept either as log-masses
(what updates add to) or as weights summing to 1 (what selection reads). Every part of the
library that holds one (the learner state, EAP scoring, the decision context and the
simulation's lock-step engine) normalises it, takes its mean and standard deviation and
checks it against the grid's edges with these functions, so an app, a simulation and a
report never disagree about the same child by a rounding step.

All functions work along the last axis, so one call handles a single posterior ``(G,)``,
one per skill ``(S, G)`` or one per learner and skill ``(L, S, G)``.

Examples
--------
>>> import numpy as np
>>> from adaptive_tutor.irt.posterior import moments, normalised_weights
>>> nodes = np.array([-1.0, 0.0, 1.0])
>>> weights = normalised_weights(np.log([1.0, 2.0, 1.0]))
>>> weights.tolist()
[0.25, 0.5, 0.25]
>>> mean, sd = moments(weights, nodes)
>>> float(mean), round(float(sd), 4)
(0.0, 0.7071)
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "EDGE_MASS",
    "log_weights",
    "moments",
    "normalise_log",
    "normalised_weights",
    "posterior_at_grid_edge",
    "posterior_moments",
    "probability_above",
]

FloatArray = NDArray[np.float64]

EDGE_MASS = 1e-3
"""Mass on a grid end, relative to the peak, from which a posterior counts as clipped."""


def normalise_log(log_mass: FloatArray, out: FloatArray | None = None) -> FloatArray:
    """Log-masses minus their log-sum-exp along the last axis (they then sum to 1).

    Parameters
    ----------
    log_mass : ndarray of shape (..., n_nodes)
        Unnormalised log-masses; at least one finite entry per row.
    out : ndarray of shape (..., n_nodes), optional
        Where to write the result (may be ``log_mass`` itself); a new array by default.

    Returns
    -------
    ndarray of shape (..., n_nodes)
        Normalised log-masses.

    Examples
    --------
    >>> import numpy as np
    >>> np.exp(normalise_log(np.array([0.0, np.log(3.0)]))).round(6).tolist()
    [0.25, 0.75]
    >>> buffer = np.log(np.array([1.0, 3.0]))
    >>> normalise_log(buffer, out=buffer) is buffer  # normalised in place
    True
    """
    top = log_mass.max(axis=-1, keepdims=True)
    result: FloatArray = np.subtract(log_mass, top, out=out)
    result -= np.log(np.exp(result).sum(axis=-1, keepdims=True))
    return result


def normalised_weights(log_mass: FloatArray) -> FloatArray:
    """Weights summing to 1 along the last axis, from log-masses (some may be ``-inf``).

    Parameters
    ----------
    log_mass : ndarray of shape (..., n_nodes)
        Unnormalised log-masses; at least one finite entry per row.

    Returns
    -------
    ndarray of shape (..., n_nodes)
        Non-negative weights, each row summing to 1.

    Examples
    --------
    >>> import numpy as np
    >>> normalised_weights(np.array([[0.0, 0.0], [-np.inf, 5.0]])).tolist()
    [[0.5, 0.5], [0.0, 1.0]]
    """
    weights: FloatArray = log_mass - log_mass.max(axis=-1, keepdims=True)
    np.exp(weights, out=weights)
    weights /= weights.sum(axis=-1, keepdims=True)
    return weights


def log_weights(weights: FloatArray) -> FloatArray:
    """``log(weights)``, with ``-inf`` (and no warning) where a weight underflowed to 0.

    Parameters
    ----------
    weights : ndarray
        Non-negative weights.

    Returns
    -------
    ndarray
        Their logarithms, same shape.

    Examples
    --------
    >>> import numpy as np
    >>> log_weights(np.array([1.0, 0.0])).tolist()
    [0.0, -inf]
    """
    out = np.full(weights.shape, -np.inf)
    np.log(weights, out=out, where=weights > 0)
    return out


def moments(weights: FloatArray, nodes: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Posterior mean and standard deviation from normalised weights on ``nodes``.

    The SD is taken from the centred second moment (not ``E[x^2] - E[x]^2``, which loses
    precision when the mean is far from 0), the one formula used everywhere.

    Parameters
    ----------
    weights : ndarray of shape (..., n_nodes)
        Weights summing to 1 along the last axis.
    nodes : ndarray of shape (n_nodes,)
        The ability grid.

    Returns
    -------
    mean : ndarray of shape (...)
        Posterior mean (EAP) of every row.
    sd : ndarray of shape (...)
        Posterior standard deviation of every row.

    Examples
    --------
    >>> import numpy as np
    >>> mean, sd = moments(np.array([[0.5, 0.5], [1.0, 0.0]]), np.array([-1.0, 1.0]))
    >>> mean.tolist(), sd.tolist()
    ([0.0, -1.0], [1.0, 0.0])
    """
    mean: FloatArray = weights @ nodes
    centred = nodes - mean[..., None]
    centred *= centred
    centred *= weights
    sd: FloatArray = np.sqrt(centred.sum(axis=-1))
    return mean, sd


def posterior_moments(log_mass: FloatArray, nodes: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Posterior mean and SD from unnormalised log-masses on ``nodes``.

    Parameters
    ----------
    log_mass : ndarray of shape (..., n_nodes)
        Unnormalised log-masses.
    nodes : ndarray of shape (n_nodes,)
        The ability grid.

    Returns
    -------
    mean : ndarray of shape (...)
        Posterior mean of every row, as ``moments(normalised_weights(log_mass), nodes)``.
    sd : ndarray of shape (...)
        Posterior standard deviation of every row.

    Examples
    --------
    >>> import numpy as np
    >>> mean, sd = posterior_moments(np.log([[1.0, 2.0, 1.0]]), np.array([-1.0, 0.0, 1.0]))
    >>> mean.tolist(), sd.round(4).tolist()
    ([0.0], [0.7071])
    """
    return moments(normalised_weights(log_mass), nodes)


def posterior_at_grid_edge(log_mass: FloatArray) -> NDArray[np.bool_]:
    """Rows whose mass on the first or last node exceeds ``EDGE_MASS`` (1e-3) of their peak.

    Such a posterior is cut off by the quadrature grid, so its mean and SD are clipped.

    Parameters
    ----------
    log_mass : ndarray of shape (..., n_nodes)
        Unnormalised log-masses.

    Returns
    -------
    ndarray of bool, shape (...)
        True where the posterior piles up at an end of the grid.

    Examples
    --------
    >>> import numpy as np
    >>> posterior_at_grid_edge(np.log([[0.1, 1.0, 0.1], [1e-9, 1.0, 1e-6]])).tolist()
    [True, False]
    """
    peak = log_mass.max(axis=-1)
    edge = np.maximum(log_mass[..., 0], log_mass[..., -1])
    result: NDArray[np.bool_] = edge - peak > math.log(EDGE_MASS)
    return result


def probability_above(
    weights: FloatArray, nodes: FloatArray, cut: float | FloatArray
) -> FloatArray:
    """Posterior probability that ability exceeds ``cut``; a node equal to the cut counts half.

    Parameters
    ----------
    weights : ndarray of shape (..., n_nodes)
        Weights summing to 1 along the last axis.
    nodes : ndarray of shape (n_nodes,)
        The ability grid.
    cut : float or ndarray
        One cut for every row, or cuts broadcasting against ``weights.shape[:-1]`` (for
        example one per skill for weights of shape ``(n_learners, n_skills, n_nodes)``).

    Returns
    -------
    ndarray of shape (...)
        P(ability > cut) of every row.

    Examples
    --------
    >>> import numpy as np
    >>> weights = np.array([[0.25, 0.5, 0.25], [0.0, 0.0, 1.0]])
    >>> probability_above(weights, np.array([-1.0, 0.0, 1.0]), 0.0).tolist()
    [0.5, 1.0]
    >>> probability_above(weights, np.array([-1.0, 0.0, 1.0]), np.array([-0.5, 1.0])).tolist()
    [0.75, 0.5]
    """
    cuts = np.asarray(cut, dtype=np.float64)[..., None]
    above = (nodes > cuts) + 0.5 * (nodes == cuts)
    result: FloatArray = np.einsum("...g,...g->...", weights, above)
    return result
