"""Mode estimators: MAP, ML and WLE, by a grid bracket and safeguarded Newton steps."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
from numpy.typing import NDArray

from adaptive_tutor._validation import check_real, parameter_error
from adaptive_tutor.estimation._base import AbilityEstimator
from adaptive_tutor.irt.mixed import _log_prob_derivatives
from adaptive_tutor.irt.params import ItemParams

__all__ = ["MAP", "ML", "WLE"]

FloatArray = NDArray[np.float64]

_TOLERANCE = 1e-10
_MAX_ITER = 100
_GRID_STEP = 0.1


def _check_bounds(bounds: Any, owner: str) -> tuple[float, float]:
    text = "a pair (low, high) of finite numbers with low < high"
    try:
        low, high = (float(value) for value in bounds)
    except (TypeError, ValueError):
        raise parameter_error("bounds", owner, text, bounds) from None
    if not (math.isfinite(low) and math.isfinite(high) and low < high):
        raise parameter_error("bounds", owner, text, bounds)
    return low, high


class _ModeEstimator(AbilityEstimator):
    """Shared machinery of MAP, ML and WLE: grid bracket, then safeguarded Newton.

    The estimating equation ``f(theta) = 0`` (the derivative of the objective, or Warm's
    corrected score) is evaluated on a grid over the bounds; the root chosen is the
    downward crossing with the largest objective. Newton steps refine it inside the
    bracket, falling back to bisection whenever a step would leave the bracket.
    """

    bounds: tuple[float, float]
    _uses_information: ClassVar[bool] = False
    _exact_slope: ClassVar[bool] = True

    def _cells_per_learner(self, params: ItemParams) -> int:
        # grid-stage arrays plus per-item derivative arrays of the Newton stage
        grid = int(self._grid().shape[0])
        return 3 * grid + 3 * params.n_items * params.max_categories

    def _grid(self) -> FloatArray:
        low, high = self.bounds
        n = max(math.ceil((high - low) / _GRID_STEP) + 1, 3)
        return np.linspace(low, high, n)

    def _prepare(self, params: ItemParams) -> Any:
        grid = self._grid()
        log_p, first, second = _log_prob_derivatives(params, grid)
        prob = np.exp(log_p)
        info = np.sum(prob * first**2, axis=-1)
        warm = np.sum(prob * first * (second + first**2), axis=-1)
        return grid, np.where(np.isfinite(log_p), log_p, 0.0), first, second, info, warm

    # Hooks: the prior / correction terms, on the grid and at per-learner thetas.
    def _penalty(self, theta: FloatArray, info: FloatArray) -> FloatArray:
        return np.zeros_like(theta)

    def _equation(
        self,
        theta: FloatArray,
        score: FloatArray,
        hessian: FloatArray,
        info: FloatArray,
        warm: FloatArray,
    ) -> tuple[FloatArray, FloatArray]:
        return score, hessian

    def _standard_error(self, info: FloatArray) -> FloatArray:
        result: FloatArray = 1.0 / np.sqrt(np.maximum(info, np.finfo(float).tiny))
        return result

    def _estimate_block(
        self, params: ItemParams, context: Any, responses: FloatArray
    ) -> tuple[FloatArray, FloatArray, NDArray[np.bool_]]:
        grid, log_p, first, second, info_table, warm_table = context
        n_categories = log_p.shape[2]
        observed = (~np.isnan(responses)).astype(np.float64)
        onehot = [(responses == k).astype(np.float64) for k in range(n_categories)]
        loglik = sum(onehot[k] @ log_p[:, :, k] for k in range(n_categories))
        score = sum(onehot[k] @ first[:, :, k] for k in range(n_categories))
        hessian = sum(onehot[k] @ second[:, :, k] for k in range(n_categories))
        info = observed @ info_table
        warm = observed @ warm_table
        objective = loglik + self._penalty(grid[None, :], info)
        f_grid, _ = self._equation(grid[None, :], score, hessian, info, warm)
        theta, low, high, interior = _choose_brackets(grid, objective, f_grid)
        converged = interior.copy()
        if np.any(interior):
            rows = np.flatnonzero(interior)
            theta[rows], converged[rows] = self._newton(
                params, responses[rows], theta[rows], low[rows], high[rows]
            )
        n_observed = observed.sum(axis=1)
        empty = n_observed == 0
        theta[empty] = self._empty_theta()
        converged[empty] = self._empty_converged()
        se = self._standard_error(_test_information(params, responses, theta))
        se[empty] = self._empty_se()
        return theta, se, converged

    def _empty_theta(self) -> float:
        return 0.5 * (self.bounds[0] + self.bounds[1])

    def _empty_converged(self) -> bool:
        return False

    def _empty_se(self) -> float:
        return 0.5 * (self.bounds[1] - self.bounds[0])

    def _newton(
        self,
        params: ItemParams,
        responses: FloatArray,
        theta: FloatArray,
        low: FloatArray,
        high: FloatArray,
    ) -> tuple[FloatArray, NDArray[np.bool_]]:
        theta = theta.copy()
        done = np.zeros(theta.shape[0], dtype=bool)
        previous_x = np.full(theta.shape[0], np.nan)
        previous_value = np.full(theta.shape[0], np.nan)
        for _ in range(_MAX_ITER):
            active = np.flatnonzero(~done)
            if active.size == 0:
                break
            x = theta[active]
            value, slope = self._evaluate(params, responses[active], x)
            if not self._exact_slope:  # secant slope once two iterates exist
                with np.errstate(divide="ignore", invalid="ignore"):
                    secant = (value - previous_value[active]) / (x - previous_x[active])
                slope = np.where(np.isfinite(secant) & (secant < 0), secant, slope)
                previous_x[active], previous_value[active] = x, value
            positive = value > 0
            low[active] = np.where(positive, x, low[active])
            high[active] = np.where(positive, high[active], x)
            with np.errstate(divide="ignore", invalid="ignore"):
                step = np.where(slope < 0, -value / slope, np.nan)
            proposal = x + step
            inside = np.isfinite(proposal) & (proposal > low[active]) & (proposal < high[active])
            settled = np.abs(step) < _TOLERANCE  # False where the step is NaN
            midpoint = 0.5 * (low[active] + high[active])
            theta[active] = np.where(inside | settled, proposal, midpoint)
            done[active] = settled | (value == 0) | (high[active] - low[active] < _TOLERANCE)
        return theta, done

    def _evaluate(
        self, params: ItemParams, responses: FloatArray, theta: FloatArray
    ) -> tuple[FloatArray, FloatArray]:
        log_p, first, second = _log_prob_derivatives(params, theta)
        observed = ~np.isnan(responses.T)  # (items, learners)
        index = np.where(observed, np.nan_to_num(responses.T), 0.0).astype(np.intp)[:, :, None]
        score = np.sum(np.take_along_axis(first, index, axis=2)[:, :, 0], axis=0, where=observed)
        hessian = np.sum(np.take_along_axis(second, index, axis=2)[:, :, 0], axis=0, where=observed)
        if self._uses_information:
            prob = np.exp(log_p)
            prob *= observed[:, :, None]
            info = np.sum(prob * first**2, axis=(0, 2))
            warm = np.sum(prob * first * (second + first**2), axis=(0, 2))
        else:
            info = warm = score  # unused by this estimator's equation
        return self._equation(theta, score, hessian, info, warm)


def _test_information(params: ItemParams, responses: FloatArray, theta: FloatArray) -> FloatArray:
    """Fisher information of each learner's administered items at that learner's theta."""
    log_p, first, _ = _log_prob_derivatives(params, theta)
    per_item = np.sum(np.exp(log_p) * first**2, axis=2)  # (items, learners)
    info: FloatArray = np.sum(np.where(np.isnan(responses).T, 0.0, per_item), axis=0)
    return info


def _choose_brackets(
    grid: FloatArray, objective: FloatArray, f_grid: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray, NDArray[np.bool_]]:
    """Pick, per learner, the downward crossing of ``f`` with the largest objective.

    Returns a starting theta, the bracket and whether a crossing exists; learners without
    one get the bound whose objective is larger.
    """
    crossing = (f_grid[:, :-1] > 0) & (f_grid[:, 1:] <= 0)
    height = np.maximum(objective[:, :-1], objective[:, 1:])
    height = np.where(crossing, height, -np.inf)
    best = np.argmax(height, axis=1)
    rows = np.arange(crossing.shape[0])
    interior = crossing[rows, best]
    low = grid[best].astype(np.float64)
    high = grid[best + 1].astype(np.float64)
    f_low = f_grid[rows, best]
    f_high = f_grid[rows, best + 1]
    with np.errstate(divide="ignore", invalid="ignore"):
        weight = f_low / (f_low - f_high)
    start = np.where(np.isfinite(weight), low + weight * (high - low), 0.5 * (low + high))
    upper_better = objective[:, -1] >= objective[:, 0]
    edge = np.where(upper_better, grid[-1], grid[0])
    start = np.where(interior, start, edge)
    return start, low, high, interior


@dataclass(frozen=True, kw_only=True)
class MAP(_ModeEstimator):
    """Maximum a posteriori: the mode of the posterior under a normal prior.

    Found by Newton steps on the log-posterior inside a bracket located on a grid over
    ``bounds`` (bisection whenever a Newton step would leave the bracket). The standard
    error is ``1 / sqrt(I(theta) + 1 / prior_sd**2)``.

    Parameters
    ----------
    prior_mean : float, default=0.0
        Mean of the normal prior.
    prior_sd : float, default=1.0
        Standard deviation of the normal prior.
    bounds : tuple of float, default=(-6.0, 6.0)
        The interval the mode is searched in.

    Examples
    --------
    >>> from adaptive_tutor.irt import ItemParams
    >>> params = ItemParams.dichotomous([1.0, 1.0], [0.0, 0.0])
    >>> result = MAP().estimate(params, [1, 1])
    >>> round(result.theta, 4), round(result.se, 4), result.converged
    (0.6748, 0.8313, True)
    """

    method: ClassVar[str] = "MAP"
    prior_mean: float = 0.0
    prior_sd: float = 1.0
    bounds: tuple[float, float] = (-6.0, 6.0)

    def __post_init__(self) -> None:
        check_real(self.prior_mean, "prior_mean", "MAP")
        check_real(self.prior_sd, "prior_sd", "MAP", minimum=0.0, exclusive_minimum=True)
        object.__setattr__(self, "bounds", _check_bounds(self.bounds, "MAP"))

    def _penalty(self, theta: FloatArray, info: FloatArray) -> FloatArray:
        result: FloatArray = -0.5 * ((theta - self.prior_mean) / self.prior_sd) ** 2
        return result

    def _equation(
        self,
        theta: FloatArray,
        score: FloatArray,
        hessian: FloatArray,
        info: FloatArray,
        warm: FloatArray,
    ) -> tuple[FloatArray, FloatArray]:
        precision = 1.0 / self.prior_sd**2
        return score - (theta - self.prior_mean) * precision, hessian - precision

    def _standard_error(self, info: FloatArray) -> FloatArray:
        result: FloatArray = 1.0 / np.sqrt(info + 1.0 / self.prior_sd**2)
        return result

    def _empty_theta(self) -> float:
        return float(np.clip(self.prior_mean, *self.bounds))

    def _empty_converged(self) -> bool:
        return True

    def _empty_se(self) -> float:
        return self.prior_sd


@dataclass(frozen=True, kw_only=True)
class ML(_ModeEstimator):
    """Maximum likelihood, bounded to ``bounds``.

    For a pattern whose likelihood increases towards a bound (all responses in the lowest
    or highest category) the estimate is that bound with ``converged=False`` and a
    :class:`~adaptive_tutor.exceptions.ConvergenceWarning`; never an exception or an
    infinity. The standard error is ``1 / sqrt(I(theta))``.

    Parameters
    ----------
    bounds : tuple of float, default=(-6.0, 6.0)
        The interval the estimate is searched in (and clipped to).

    Examples
    --------
    >>> import warnings
    >>> from adaptive_tutor.irt import ItemParams
    >>> params = ItemParams.dichotomous([1.0, 1.0], [0.0, 0.0])
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     result = ML().estimate(params, [[1, 0], [1, 1]])
    >>> result.theta.tolist(), result.converged.tolist()
    ([0.0, 6.0], [True, False])
    """

    method: ClassVar[str] = "ML"
    bounds: tuple[float, float] = (-6.0, 6.0)

    def __post_init__(self) -> None:
        object.__setattr__(self, "bounds", _check_bounds(self.bounds, "ML"))


@dataclass(frozen=True, kw_only=True)
class WLE(_ModeEstimator):
    """Warm's (1989) weighted likelihood estimator, bounded to ``bounds``.

    Solves ``S(theta) + J(theta) / (2 I(theta)) = 0`` where ``S`` is the score, ``I`` the
    test information and ``J = sum_i sum_k P'_ik P''_ik / P_ik``; this is finite for
    all-correct and all-wrong patterns of 1PL/2PL/GRM/GPCM items and removes the
    first-order bias of ML. The standard error is ``1 / sqrt(I(theta))``.

    Parameters
    ----------
    bounds : tuple of float, default=(-6.0, 6.0)
        The interval the estimate is searched in (and clipped to).

    Examples
    --------
    >>> from adaptive_tutor.irt import ItemParams
    >>> params = ItemParams.dichotomous([1.0], [0.0])
    >>> round(WLE().estimate(params, [1]).theta, 4)  # log(3): P(theta) = 3/4
    1.0986
    """

    method: ClassVar[str] = "WLE"
    _uses_information: ClassVar[bool] = True
    _exact_slope: ClassVar[bool] = False  # the score's slope ignores the Warm term's
    bounds: tuple[float, float] = (-6.0, 6.0)

    def __post_init__(self) -> None:
        object.__setattr__(self, "bounds", _check_bounds(self.bounds, "WLE"))

    def _penalty(self, theta: FloatArray, info: FloatArray) -> FloatArray:
        # Used only to rank candidate roots; exact objective for exponential families.
        result: FloatArray = 0.5 * np.log(np.maximum(info, np.finfo(float).tiny))
        return result

    def _equation(
        self,
        theta: FloatArray,
        score: FloatArray,
        hessian: FloatArray,
        info: FloatArray,
        warm: FloatArray,
    ) -> tuple[FloatArray, FloatArray]:
        safe_info = np.maximum(info, np.finfo(float).tiny)
        return score + warm / (2.0 * safe_info), hessian
