"""The estimator contract: one ``estimate`` method, chunked over learners, and its result.

:class:`AbilityEstimator` validates the item parameters and responses, scores learners in
chunks of bounded memory and shapes the result (scalars for one pattern, arrays for a
batch); a subclass writes only ``_estimate_block`` (and optionally ``_prepare``).
"""

from __future__ import annotations

import warnings
from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
from numpy.typing import ArrayLike, NDArray
from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

from adaptive_tutor._validation import check_responses, name_some
from adaptive_tutor.effort import without_rapid_guesses
from adaptive_tutor.exceptions import ConvergenceWarning
from adaptive_tutor.irt.mixed import _check_params
from adaptive_tutor.irt.params import ItemParams

__all__ = ["AbilityEstimate", "AbilityEstimator"]

FloatArray = NDArray[np.float64]

_CHUNK_CELLS = 2**19  # floats of working memory per chunk of learners (4 MB)


@dataclass(frozen=True)
class AbilityEstimate:
    """Ability estimates with standard errors.

    Scalars for one response pattern, arrays (one entry per learner) for a batch.

    Parameters
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


class AbilityEstimator(ABC):
    """Base class: validates input, scores learners in chunks, shapes the result.

    Subclasses implement ``_estimate_block(params, context, responses)`` returning
    ``(theta, se, converged)`` arrays for one chunk of learners, and may implement
    ``_prepare(params)`` to compute per-call tables (quadrature log-probabilities...).

    Examples
    --------
    Every estimator scores the same way; the prior of EAP and MAP pulls a short
    pattern towards 0, ML and WLE follow the answers alone:

    >>> from adaptive_tutor.estimation import EAP, MAP, ML, WLE
    >>> from adaptive_tutor.irt import ItemParams
    >>> params = ItemParams.dichotomous([1.0, 1.0, 1.0], [-1.0, 0.0, 1.0])
    >>> for estimator in (EAP(), MAP(), ML(), WLE()):
    ...     result = estimator.estimate(params, [1, 1, 0])
    ...     print(result.method, round(float(result.theta), 2), round(float(result.se), 2))
    EAP 0.32 0.8
    MAP 0.3 0.78
    ML 0.8 1.31
    WLE 0.64 1.29
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
        >>> from adaptive_tutor.estimation import EAP, MAP
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
