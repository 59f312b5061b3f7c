"""Prior densities on item parameters, for stable MAP-EM on small samples.

The defaults follow common practice (BILOG-MG, mirt): a lognormal prior on the slope
``a`` and beta priors on the lower asymptote ``c`` and on ``1 - d``. With
``Calibrator(priors="auto")`` they apply to 3PL and 4PL items only, where the likelihood
alone is often flat; 1PL/2PL/GRM/GPCM/PCM items are then fitted by plain maximum
likelihood.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.special import expit

from adaptive_tutor._validation import check_real

__all__ = ["Priors", "prior_terms"]

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class Priors:
    """Priors on item parameters used by :class:`Calibrator` (MAP estimation).

    Parameters
    ----------
    log_a : (mean, sd) or None, default (0.0, 0.5)
        Lognormal prior on the slope: ``log a ~ Normal(mean, sd)`` (density on ``a``).
    c : (alpha, beta) or None, default (5.0, 17.0)
        Beta prior on the lower asymptote of 3PL/4PL items (mode 0.2).
    one_minus_d : (alpha, beta) or None, default (2.0, 18.0)
        Beta prior on ``1 - d`` (the slip rate) of 4PL items (mode about 0.06).

    Examples
    --------
    >>> Priors().c
    (5.0, 17.0)
    >>> Priors(log_a=None).log_a is None
    True
    """

    log_a: tuple[float, float] | None = (0.0, 0.5)
    c: tuple[float, float] | None = (5.0, 17.0)
    one_minus_d: tuple[float, float] | None = (2.0, 18.0)

    def __post_init__(self) -> None:
        if self.log_a is not None:
            mean, sd = _pair(self.log_a, "log_a")
            check_real(mean, "log_a mean", "Priors")
            check_real(sd, "log_a sd", "Priors", minimum=0.0, exclusive_minimum=True)
            object.__setattr__(self, "log_a", (float(mean), float(sd)))
        for name in ("c", "one_minus_d"):
            value = getattr(self, name)
            if value is not None:
                alpha, beta = _pair(value, name)
                check_real(alpha, f"{name} alpha", "Priors", minimum=1.0)
                check_real(beta, f"{name} beta", "Priors", minimum=1.0)
                object.__setattr__(self, name, (float(alpha), float(beta)))

    def log_density(self, a: float = 1.0, c: float | None = None, d: float | None = None) -> float:
        """Log prior density (up to a constant) of one item's ``a``, ``c`` and ``d``.

        Parameters
        ----------
        a : float, default 1.0
            The slope.
        c, d : float, optional
            The lower and upper asymptotes (left out when None).

        Returns
        -------
        float
            The log prior density, up to a constant.

        Examples
        --------
        >>> round(Priors().log_density(a=1.0), 6)
        -0.0
        """
        total = 0.0
        if self.log_a is not None:
            mean, sd = self.log_a
            total += -((math.log(a) - mean) ** 2) / (2 * sd**2) - math.log(a)
        if self.c is not None and c is not None:
            alpha, beta = self.c
            total += (alpha - 1) * math.log(c) + (beta - 1) * math.log1p(-c)
        if self.one_minus_d is not None and d is not None:
            alpha, beta = self.one_minus_d
            total += (alpha - 1) * math.log1p(-d) + (beta - 1) * math.log(d)
        return total


def _pair(value: object, name: str) -> tuple[float, float]:
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        raise ValueError(
            f"The {name!r} parameter of Priors must be a pair of numbers or None. Got {value!r}."
        )
    return value[0], value[1]


def prior_terms(
    priors: Priors | None, names: tuple[str, ...], w: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Log prior, its gradient and minus its (diagonal) Hessian in working parameters.

    ``names`` are the family's parameter names ("a", "b", "c", "d", ...); the working
    parameter of ``a`` is ``log a``, of ``c`` is ``logit c`` and of ``d`` is
    ``logit(1 - d)``. Returns arrays of shape (n,), (n, p) and (n, p).
    """
    n, p = w.shape
    value, grad, curvature = np.zeros(n), np.zeros((n, p)), np.zeros((n, p))
    if priors is None:
        return value, grad, curvature
    if priors.log_a is not None and "a" in names:
        col = names.index("a")
        mean, sd = priors.log_a
        u = w[:, col]
        value += -((u - mean) ** 2) / (2 * sd**2) - u
        grad[:, col] = -(u - mean) / sd**2 - 1.0
        curvature[:, col] = 1.0 / sd**2
    for name, spec in (("c", priors.c), ("d", priors.one_minus_d)):
        if spec is None or name not in names:
            continue
        col = names.index(name)
        alpha, beta = spec
        x = expit(w[:, col])  # c, or 1 - d
        value += (alpha - 1) * np.log(x) + (beta - 1) * np.log1p(-x)
        grad[:, col] = (alpha - 1) * (1 - x) - (beta - 1) * x
        curvature[:, col] = (alpha + beta - 2) * x * (1 - x)
    return value, grad, curvature
