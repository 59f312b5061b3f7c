"""Quadrature grids for integrating over a normal ability distribution.

Both helpers return a :class:`QuadratureGrid` whose weights sum to 1, so
``sum(weights * f(nodes))`` approximates ``E[f(theta)]`` under the prior.

Examples
--------
>>> from adaptive_tutor.irt import gauss_hermite, normal_grid
>>> grid = normal_grid(61, 6.0)
>>> grid.nodes.shape, round(float(grid.weights.sum()), 12)
((61,), 1.0)
>>> round(float((gauss_hermite(21).weights * gauss_hermite(21).nodes ** 2).sum()), 10)
1.0
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.polynomial.hermite_e import hermegauss
from numpy.typing import NDArray

from adaptive_tutor._validation import check_int, check_real

__all__ = ["QuadratureGrid", "gauss_hermite", "normal_grid"]


class QuadratureGrid(NamedTuple):
    """Nodes and normalised weights of a quadrature rule.

    Parameters
    ----------
    nodes : ndarray of shape (n_points,)
        Ability values.
    weights : ndarray of shape (n_points,)
        Non-negative weights summing to 1.

    Examples
    --------
    >>> grid = normal_grid(3, 1.0)
    >>> grid.nodes.tolist()
    [-1.0, 0.0, 1.0]
    """

    nodes: NDArray[np.float64]
    weights: NDArray[np.float64]

    @property
    def log_weights(self) -> NDArray[np.float64]:
        """Natural log of the weights.

        Examples
        --------
        >>> float(normal_grid(1, 1.0).log_weights[0])
        0.0
        """
        return np.log(self.weights)


def normal_grid(
    n_points: int = 61, bound: float = 6.0, *, mean: float = 0.0, sd: float = 1.0
) -> QuadratureGrid:
    """Evenly spaced nodes over ``mean ± bound * sd`` weighted by the normal density.

    This is the rectangular rule used by EAP scoring and :class:`LearnerState`.

    Parameters
    ----------
    n_points : int, default=61
        Number of nodes (odd numbers put a node on the mean).
    bound : float, default=6.0
        Half-width of the grid in prior standard deviations.
    mean, sd : float
        Prior mean and standard deviation.

    Returns
    -------
    QuadratureGrid
        The nodes and their normal-density weights (summing to 1).

    Examples
    --------
    >>> grid = normal_grid(5, 2.0, mean=1.0, sd=0.5)
    >>> grid.nodes.tolist()
    [0.0, 0.5, 1.0, 1.5, 2.0]
    """
    n_points = check_int(n_points, "n_points", "normal_grid", minimum=1)
    bound = check_real(bound, "bound", "normal_grid", minimum=0.0, exclusive_minimum=True)
    mean = check_real(mean, "mean", "normal_grid")
    sd = check_real(sd, "sd", "normal_grid", minimum=0.0, exclusive_minimum=True)
    standard = np.linspace(-bound, bound, n_points)
    log_density = -0.5 * standard**2
    weights = np.exp(log_density - log_density.max())
    return QuadratureGrid(mean + sd * standard, weights / weights.sum())


def gauss_hermite(n_points: int = 21, *, mean: float = 0.0, sd: float = 1.0) -> QuadratureGrid:
    """Gauss-Hermite nodes and weights for a normal distribution.

    Exact for polynomials of degree ``2 * n_points - 1`` times the normal density.

    Parameters
    ----------
    n_points : int, default 21
        Number of nodes.
    mean, sd : float
        Mean and standard deviation of the normal distribution.

    Returns
    -------
    QuadratureGrid
        The nodes and weights (summing to 1).

    Examples
    --------
    >>> grid = gauss_hermite(3)
    >>> grid.nodes.round(6).tolist(), grid.weights.round(6).tolist()
    ([-1.732051, 0.0, 1.732051], [0.166667, 0.666667, 0.166667])
    """
    n_points = check_int(n_points, "n_points", "gauss_hermite", minimum=1)
    mean = check_real(mean, "mean", "gauss_hermite")
    sd = check_real(sd, "sd", "gauss_hermite", minimum=0.0, exclusive_minimum=True)
    nodes, weights = hermegauss(n_points)
    return QuadratureGrid(mean + sd * nodes, weights / weights.sum())
