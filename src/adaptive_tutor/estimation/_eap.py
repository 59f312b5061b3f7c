"""EAP: the posterior mean under a normal prior, by quadrature (and the prior's grid)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
from numpy.typing import NDArray

from adaptive_tutor._validation import check_choice, check_int, check_real, name_some
from adaptive_tutor.estimation._base import AbilityEstimator
from adaptive_tutor.irt.mixed import _category_log_prob, _log_likelihood_from_table
from adaptive_tutor.irt.params import ItemParams
from adaptive_tutor.irt.posterior import posterior_at_grid_edge, posterior_moments
from adaptive_tutor.irt.quadrature import QuadratureGrid, gauss_hermite, normal_grid

__all__ = ["EAP", "MIN_QUADRATURE_POINTS", "prior_grid"]

FloatArray = NDArray[np.float64]

MIN_QUADRATURE_POINTS = 11


def prior_grid(rule: str, n_points: int, bound: float, mean: float, sd: float) -> QuadratureGrid:
    """Quadrature of the normal prior: Gauss-Hermite nodes, or an even grid of ``bound`` SDs."""
    if rule == "gauss-hermite":
        return gauss_hermite(n_points, mean=mean, sd=sd)
    return normal_grid(n_points, bound, mean=mean, sd=sd)


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
        Mean of the normal prior.
    prior_sd : float, default=1.0
        Standard deviation of the normal prior.
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
        grid = prior_grid(self.rule, self.n_points, self.bound, self.prior_mean, self.prior_sd)
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
