"""Ability estimators: EAP, MAP, ML and WLE, as small strategy objects.

Every estimator shares one public method, :meth:`AbilityEstimator.estimate`, which takes an
:class:`~adaptive_tutor.irt.ItemParams` and responses and returns an
:class:`AbilityEstimate`. The shape of the result mirrors the input: a 1-D response
pattern ``(n_items,)`` gives Python scalars, a 2-D batch ``(n_learners, n_items)`` gives
arrays with one entry per learner. NaN marks an item that was not administered.

Batches are scored in chunks of learners with matrix products over items and ability
nodes, so memory stays bounded whatever the number of learners.

Examples
--------
>>> import numpy as np
>>> from adaptive_tutor.irt import ItemParams
>>> from adaptive_tutor.estimation import EAP, ML
>>> params = ItemParams.dichotomous([1.0, 1.5, 2.0], [-1.0, 0.0, 1.0])
>>> estimate = EAP().estimate(params, [1, 1, 0])
>>> round(estimate.theta, 4), round(estimate.se, 4)
(0.3122, 0.6741)
>>> batch = ML().estimate(params, [[1, 1, 0], [1, 0, np.nan]])
>>> batch.theta.round(4).tolist(), batch.converged.tolist()
([0.5872, -0.6463], [True, True])
"""

from __future__ import annotations

import math
import warnings
from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
from numpy.typing import ArrayLike, NDArray
from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

from adaptive_tutor._validation import (
    check_choice,
    check_int,
    check_real,
    check_responses,
    name_some,
    parameter_error,
)
from adaptive_tutor.effort import without_rapid_guesses
from adaptive_tutor.exceptions import ConvergenceWarning
from adaptive_tutor.irt.mixed import (
    _category_log_prob,
    _check_params,
    _log_likelihood_from_table,
    _log_prob_derivatives,
)
from adaptive_tutor.irt.params import ItemParams
from adaptive_tutor.irt.posterior import posterior_at_grid_edge, posterior_moments
from adaptive_tutor.irt.quadrature import QuadratureGrid, gauss_hermite, normal_grid

__all__ = [
    "EAP",
    "MAP",
    "ML",
    "WLE",
    "AbilityEstimate",
    "AbilityEstimator",
    "posterior_at_grid_edge",
    "posterior_moments",
]

FloatArray = NDArray[np.float64]

_CHUNK_CELLS = 2**19  # floats of working memory per chunk of learners (4 MB)
_TOLERANCE = 1e-10
_MAX_ITER = 100
_GRID_STEP = 0.1
MIN_QUADRATURE_POINTS = 11


@dataclass(frozen=True)
class AbilityEstimate:
    """Ability estimates with standard errors.

    Scalars for one response pattern, arrays (one entry per learner) for a batch.

    Attributes
    ----------
    theta : float or ndarray of float
        Ability estimates.
    se : float or ndarray of float
        Standard errors (the posterior SD for EAP).
    method : str
        ``"EAP"``, ``"MAP"``, ``"ML"`` or ``"WLE"``.
    n_responses : int or ndarray of int
        Number of administered items behind each estimate.
    converged : bool or ndarray of bool
        False where the estimate sits at a bound (for example ML on an all-correct
        pattern) or the iteration did not meet its tolerance.

    Examples
    --------
    >>> AbilityEstimate(theta=0.5, se=0.3, method="EAP", n_responses=4, converged=True).theta
    0.5
    """

    theta: Any
    se: Any
    method: str
    n_responses: Any
    converged: Any


def _chunks(n_rows: int, size: int) -> Iterator[slice]:
    for start in range(0, n_rows, size):
        yield slice(start, min(start + size, n_rows))


def _prior_grid(rule: str, n_points: int, bound: float, mean: float, sd: float) -> QuadratureGrid:
    """Quadrature of the normal prior: Gauss-Hermite nodes, or an even grid of ``bound`` SDs."""
    if rule == "gauss-hermite":
        return gauss_hermite(n_points, mean=mean, sd=sd)
    return normal_grid(n_points, bound, mean=mean, sd=sd)


def _check_bounds(bounds: Any, owner: str) -> tuple[float, float]:
    text = "a pair (low, high) of finite numbers with low < high"
    try:
        low, high = (float(value) for value in bounds)
    except (TypeError, ValueError):
        raise parameter_error("bounds", owner, text, bounds) from None
    if not (math.isfinite(low) and math.isfinite(high) and low < high):
        raise parameter_error("bounds", owner, text, bounds)
    return low, high


class AbilityEstimator(ABC):
    """Base class: validates input, scores learners in chunks, shapes the result.

    Subclasses implement ``_estimate_block(params, context, responses)`` returning
    ``(theta, se, converged)`` arrays for one chunk of learners, and may implement
    ``_prepare(params)`` to compute per-call tables (quadrature log-probabilities...).

    Examples
    --------
    >>> from adaptive_tutor.estimation import EAP
    >>> isinstance(EAP(), AbilityEstimator)
    True
    """

    method: ClassVar[str] = ""

    def estimate(
        self, params: ItemParams, responses: ArrayLike, *, rapid_guesses: ArrayLike | None = None
    ) -> AbilityEstimate:
        """Estimate ability for one response pattern or a batch of learners.

        Parameters
        ----------
        params : ItemParams
            Parameters of the items.
        responses : array-like of shape (n_items,) or (n_learners, n_items)
            Integer category scores, NaN where an item was not administered. Arrays and
            lists are positional (column ``j`` is item ``j`` of ``params``). A pandas
            DataFrame whose columns are item ids is reordered to ``params.item_ids``
            (unknown or missing ids raise); when ``params`` has no item ids, or the
            columns are a default ``RangeIndex``, a frame is positional and must have one
            column per item.
        rapid_guesses : array-like of bool, optional
            Effort-moderated scoring (Wise & DeMars 2006): answers flagged True (rapid
            guesses, see :class:`~adaptive_tutor.effort.RapidGuessRule`) are left out, as if
            not administered. Same shape as ``responses`` (positional).

        Returns
        -------
        AbilityEstimate
            Scalars for a 1-D pattern, arrays for a 2-D batch; ``n_responses`` counts the
            answers used.

        Raises
        ------
        ResponseDataError
            On a wrong shape or a response outside an item's categories (naming the item),
            or a ``rapid_guesses`` mask of another shape.

        Examples
        --------
        >>> from adaptive_tutor.irt import ItemParams
        >>> from adaptive_tutor.estimation import MAP
        >>> params = ItemParams.graded([1.2], [[-1.0, 0.5]])
        >>> round(MAP().estimate(params, [2]).theta, 4)
        0.5735
        >>> EAP().estimate(params, [2], rapid_guesses=[True]).n_responses  # left out
        0
        """
        owner = f"{type(self).__name__}.estimate"
        params = _check_params(params, owner)
        single = np.ndim(responses) == 1
        matrix = check_responses(responses, params.n_categories, owner, item_ids=params.item_ids)
        if rapid_guesses is not None:
            matrix = without_rapid_guesses(matrix, rapid_guesses, owner)
        n_learners = matrix.shape[0]
        theta = np.empty(n_learners)
        se = np.empty(n_learners)
        converged = np.empty(n_learners, dtype=bool)
        context = self._prepare(params)
        size = max(1, _CHUNK_CELLS // self._cells_per_learner(params))
        # Chunks are small matrix products: one BLAS thread per product is faster than
        # many (and much faster on a busy machine). Skipped for small inputs (it costs ~1 ms).
        limit = threadpool_limits(1, user_api="blas") if n_learners > size else nullcontext()
        with limit:
            for rows in _chunks(n_learners, size):
                theta[rows], se[rows], converged[rows] = self._estimate_block(
                    params, context, matrix[rows]
                )
        n_responses = np.sum(~np.isnan(matrix), axis=1)
        failed = np.flatnonzero(~converged)
        if failed.size:
            warnings.warn(
                self._failure_message(failed, n_learners), ConvergenceWarning, stacklevel=2
            )
        if single:
            return AbilityEstimate(
                float(theta[0]), float(se[0]), self.method, int(n_responses[0]), bool(converged[0])
            )
        return AbilityEstimate(theta, se, self.method, n_responses, converged)

    def _prepare(self, params: ItemParams) -> Any:
        return None

    def _cells_per_learner(self, params: ItemParams) -> int:
        return 128

    def _failure_message(self, failed: NDArray[np.intp], n_learners: int) -> str:
        return (
            f"{self.method} did not converge for {failed.size} of {n_learners} response "
            f"pattern(s) (learner rows {name_some(failed.tolist())}: no responses, all "
            f"responses in the lowest or highest category, or an estimate beyond the "
            f"bounds); their theta is the nearest bound (or the midpoint without responses) "
            f"and converged is False."
        )

    @abstractmethod
    def _estimate_block(
        self, params: ItemParams, context: Any, responses: FloatArray
    ) -> tuple[FloatArray, FloatArray, NDArray[np.bool_]]:
        """Return theta, se and converged for a chunk of validated responses."""


@dataclass(frozen=True, kw_only=True)
class EAP(AbilityEstimator):
    """Expected a posteriori: the posterior mean under a normal prior, by quadrature.

    By default the posterior is evaluated on ``n_points`` evenly spaced nodes spanning
    ``prior_mean ± bound * prior_sd`` (the rule :class:`~adaptive_tutor.learner.LearnerState`
    uses); ``rule="gauss-hermite"`` uses Gauss-Hermite nodes of the prior instead (as
    mirt's ``fscores`` does; ``bound`` is then unused). The standard error is the
    posterior SD. EAP is finite for every pattern (the prior mean and SD when no item was
    administered). When a posterior piles up at the edge of the grid (its mass on the first
    or last node exceeds 1e-3 of its largest node mass, as for a learner far beyond the
    items' difficulties), theta and se are clipped by the grid: ``converged`` is then False
    for those rows and a :class:`~adaptive_tutor.exceptions.ConvergenceWarning` names them
    and suggests a larger ``bound``.

    Parameters
    ----------
    prior_mean : float, default=0.0
    prior_sd : float, default=1.0
    n_points : int, default=61
        Number of quadrature nodes (at least 11).
    bound : float, default=6.0
        Half-width of the grid in prior SDs.
    rule : {"rectangular", "gauss-hermite"}, default="rectangular"
        Quadrature rule.

    Examples
    --------
    >>> from adaptive_tutor.irt import ItemParams
    >>> params = ItemParams.dichotomous([1.0] * 4, [-1.0, 0.0, 0.0, 1.0], model="1PL")
    >>> result = EAP(n_points=121).estimate(params, [[1, 1, 1, 1], [0, 0, 0, 0]])
    >>> result.theta.round(4).tolist(), result.se.round(4).tolist()
    ([1.1337, -1.1337], [0.7742, 0.7742])
    """

    method: ClassVar[str] = "EAP"
    prior_mean: float = 0.0
    prior_sd: float = 1.0
    n_points: int = 61
    bound: float = 6.0
    rule: str = "rectangular"

    def __post_init__(self) -> None:
        check_real(self.prior_mean, "prior_mean", "EAP")
        check_real(self.prior_sd, "prior_sd", "EAP", minimum=0.0, exclusive_minimum=True)
        check_int(self.n_points, "n_points", "EAP", minimum=MIN_QUADRATURE_POINTS)
        check_real(self.bound, "bound", "EAP", minimum=0.0, exclusive_minimum=True)
        check_choice(self.rule, "rule", "EAP", ("rectangular", "gauss-hermite"))

    def _prepare(self, params: ItemParams) -> tuple[FloatArray, FloatArray, FloatArray]:
        grid = _prior_grid(self.rule, self.n_points, self.bound, self.prior_mean, self.prior_sd)
        return grid.nodes, grid.log_weights, _category_log_prob(params, grid.nodes)

    def _cells_per_learner(self, params: ItemParams) -> int:
        # posterior on the nodes, plus the indicator rows fed to the matrix products
        return self.n_points + params.n_items

    def _estimate_block(
        self, params: ItemParams, context: Any, responses: FloatArray
    ) -> tuple[FloatArray, FloatArray, NDArray[np.bool_]]:
        nodes, log_weights, table = context
        log_post = _log_likelihood_from_table(table, responses)
        log_post += log_weights
        theta, se = posterior_moments(log_post, nodes)
        return theta, se, ~posterior_at_grid_edge(log_post)

    def _failure_message(self, failed: NDArray[np.intp], n_learners: int) -> str:
        if self.rule == "gauss-hermite":
            advice = "use more nodes (n_points) or a wider prior_sd"
        else:
            span = f"{self.prior_mean:g} ± {self.bound:g} * {self.prior_sd:g}"
            advice = f"use a larger bound (the grid spans {span}) and more n_points"
        return (
            f"EAP posterior of {failed.size} of {n_learners} response pattern(s) piles up "
            f"at the edge of the quadrature grid (learner rows {name_some(failed.tolist())}); "
            f"their theta and se are clipped by the grid and converged is False: {advice}."
        )


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
    prior_sd : float, default=1.0
    bounds : tuple of float, default=(-6.0, 6.0)

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
