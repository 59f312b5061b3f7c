"""The Bock-Aitkin EM loop over item family groups (pure function, no validation).

Each iteration: build :class:`~adaptive_tutor.irt.ItemParams` from the current working
parameters, take log-probabilities at the quadrature nodes with
:func:`adaptive_tutor.irt.category_log_prob`, run the E-step over observed responses,
then one M-step per free family group and, when identified, update the mean and
standard deviation of the normal latent distribution (nodes are ``mean + sd * x``).

Convergence: the largest absolute change of any free parameter on the reporting scale
(a, b, c, d, thresholds, steps, latent mean and sd) falls below ``tol``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from adaptive_tutor.calibration._estep import EStepResult
from adaptive_tutor.calibration._families import Family, NaturalParams
from adaptive_tutor.calibration._mstep import m_step
from adaptive_tutor.calibration._priors import Priors, prior_terms
from adaptive_tutor.irt import MODELS, ItemParams, category_log_prob
from adaptive_tutor.irt.params import _trusted

__all__ = ["EMResult", "FamilyGroup", "build_item_params", "log_prob_table", "run_em"]

FloatArray = NDArray[np.float64]
StepReport = Callable[[int, float, float], None]


class EStepSource(Protocol):
    """Anything that runs E-steps over all responses (see ``_sources``)."""

    def e_step(self, log_prob: FloatArray, log_weights: FloatArray) -> EStepResult: ...


@dataclass
class FamilyGroup:
    """Items of one model and category count, free or held fixed (internal)."""

    family: Family
    items: NDArray[np.intp]
    n_categories: int
    w: FloatArray
    fixed: bool
    priors: Priors | None
    names: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        self.names = self.family.param_names(self.n_categories)

    @property
    def n_free_parameters(self) -> int:
        return 0 if self.fixed else int(self.w.size)


@dataclass(frozen=True)
class EMResult:
    """Outcome of :func:`run_em` (internal)."""

    groups: list[FamilyGroup]
    mean: float
    sd: float
    log_likelihood: float
    log_prior: float
    n_iter: int
    converged: bool
    last_change: float
    e_step: EStepResult


def build_item_params(
    groups: list[FamilyGroup], n_items: int, max_categories: int, scale: float
) -> ItemParams:
    """Assemble one :class:`ItemParams` (data item order) from the groups' parameters."""
    code = np.zeros(n_items, dtype=np.int8)
    a, b, c, d = np.ones(n_items), np.zeros(n_items), np.zeros(n_items), np.ones(n_items)
    steps = np.full((n_items, max(max_categories - 1, 1)), np.nan)
    n_categories = np.full(n_items, 2, dtype=np.int64)
    for group in groups:
        natural = group.family.to_natural(group.w)
        rows = group.items
        code[rows] = MODELS.index(group.family.name)
        a[rows], b[rows], c[rows], d[rows] = natural.a, natural.b, natural.c, natural.d
        if natural.steps.shape[1]:
            steps[rows, : natural.steps.shape[1]] = natural.steps
        else:
            steps[rows, 0] = natural.b
        n_categories[rows] = group.n_categories
    # EM iterates are internal and may pass through implausible values: no checks here
    return _trusted(code, a, b, c, d, steps, n_categories, scale, None)


def log_prob_table(params: ItemParams, theta: FloatArray, max_categories: int) -> FloatArray:
    """Log-probabilities laid out (n_items, K, n_nodes) for the E-step."""
    table = category_log_prob(params, theta)
    if table.shape[2] < max_categories:
        padded = np.full((table.shape[0], table.shape[1], max_categories), -np.inf)
        padded[:, :, : table.shape[2]] = table
        table = padded
    return np.ascontiguousarray(table.transpose(0, 2, 1))


def _natural_vector(groups: list[FamilyGroup]) -> FloatArray:
    parts: list[FloatArray] = []
    for group in groups:
        if group.fixed:
            continue
        natural: NaturalParams = group.family.to_natural(group.w)
        parts.extend([natural.a, natural.b, natural.c, natural.d, natural.steps.ravel()])
    return np.concatenate(parts) if parts else np.zeros(0)


def _log_prior(groups: list[FamilyGroup]) -> float:
    return float(sum(prior_terms(g.priors, g.names, g.w)[0].sum() for g in groups if not g.fixed))


class _Stepper:
    """One EM map ``x -> F(x)`` over the packed vector of free parameters (internal)."""

    def __init__(
        self,
        source: EStepSource,
        n_items: int,
        groups: list[FamilyGroup],
        max_categories: int,
        scale: float,
        nodes: FloatArray,
        log_weights: FloatArray,
        mean: float,
        sd: float,
        estimate_mean: bool,
        estimate_sd: bool,
    ) -> None:
        self.source, self.n_items, self.groups = source, n_items, groups
        self.free = [g for g in groups if not g.fixed]
        self.max_categories, self.scale = max_categories, scale
        self.nodes, self.log_weights = nodes, log_weights
        self.mean, self.sd = mean, sd
        self.estimate_mean, self.estimate_sd = estimate_mean, estimate_sd

    def pack(self) -> FloatArray:
        parts = [g.w.ravel() for g in self.free]
        parts.append(np.array([self.mean, np.log(self.sd)]))
        return np.concatenate(parts)

    def unpack(self, x: FloatArray) -> None:
        position = 0
        for group in self.free:
            size = group.w.size
            group.w = x[position : position + size].reshape(group.w.shape).copy()
            position += size
        self.mean, self.sd = float(x[position]), float(np.exp(x[position + 1]))

    def valid(self, x: FloatArray) -> bool:
        if not np.isfinite(x).all() or abs(x[-1]) > 3.0:
            return False
        position = 0
        for group in self.free:
            size = group.w.size
            if not group.family.valid(x[position : position + size].reshape(group.w.shape)).all():
                return False
            position += size
        return True

    def natural(self, x: FloatArray) -> FloatArray:
        self.unpack(x)
        return np.concatenate([_natural_vector(self.groups), [self.mean, self.sd]])

    def e_step(self, x: FloatArray) -> tuple[EStepResult, FloatArray]:
        self.unpack(x)
        theta = self.mean + self.sd * self.nodes
        params = build_item_params(self.groups, self.n_items, self.max_categories, self.scale)
        table = log_prob_table(params, theta, self.max_categories)
        return self.source.e_step(table, self.log_weights), theta

    def step(self, x: FloatArray) -> tuple[FloatArray, float, float, float]:
        """``F(x)``, the objective and log-likelihood at ``x``, the largest natural change."""
        before = self.natural(x)
        result, theta = self.e_step(x)
        objective = result.log_likelihood + _log_prior(self.groups)
        for group in self.free:
            counts = result.counts[group.items, : group.n_categories]
            group.w = m_step(
                group.family, group.names, group.w, counts, theta, self.scale, group.priors
            )
        mass = result.node_mass / result.node_mass.sum()
        if self.estimate_mean:
            self.mean = float(mass @ theta)
        if self.estimate_sd:
            self.sd = float(np.sqrt(mass @ (theta - self.mean) ** 2))
        new = self.pack()
        change = float(np.abs(self.natural(new) - before).max(initial=0.0))
        return new, objective, change, result.log_likelihood


def run_em(
    source: EStepSource,
    n_items: int,
    groups: list[FamilyGroup],
    *,
    max_categories: int,
    scale: float,
    nodes: FloatArray,
    log_weights: FloatArray,
    mean: float,
    sd: float,
    estimate_mean: bool,
    estimate_sd: bool,
    tol: float,
    max_iter: int,
    accelerate: bool = True,
    on_step: StepReport | None = None,
) -> EMResult:
    """Run EM until one EM step changes no parameter by more than ``tol``.

    With ``accelerate`` the EM map is extrapolated by SQUAREM (Varadhan & Roland 2008,
    scheme S3): two EM steps give the direction, the extrapolated point is stabilised by
    a third EM step and accepted only if the objective (log-likelihood plus log prior)
    did not decrease; otherwise the plain EM iterate is kept. ``n_iter`` counts EM steps.
    ``on_step(n_iter, log_likelihood, change)`` is called after every EM step with the
    log-likelihood at the point the step started from and its largest parameter change.
    """
    stepper = _Stepper(
        source,
        n_items,
        groups,
        max_categories,
        scale,
        nodes,
        log_weights,
        mean,
        sd,
        estimate_mean,
        estimate_sd,
    )
    x = stepper.pack()
    converged = False
    change = np.inf
    n_iter = 0
    max_alpha = 1.0
    report = on_step if on_step is not None else _ignore

    def step(point: FloatArray) -> tuple[FloatArray, float, float]:
        nonlocal n_iter
        new, objective, step_change, log_likelihood = stepper.step(point)
        n_iter += 1
        report(n_iter, log_likelihood, step_change)
        return new, objective, step_change

    while n_iter < max_iter:
        x1, objective0, change = step(x)
        if change < tol or not accelerate or n_iter >= max_iter:
            x = x1
            converged = change < tol
            if converged:
                break
            continue
        x2, _, change = step(x1)
        if change < tol or n_iter >= max_iter:
            x = x2
            converged = change < tol
            if converged:
                break
            continue
        r = x1 - x
        v = x2 - x1 - r
        alpha = -float(np.sqrt((r @ r) / max(float(v @ v), 1e-300)))
        alpha = min(max(alpha, -max_alpha), -1.0)
        proposal = x - 2.0 * alpha * r + alpha * alpha * v
        if not stepper.valid(proposal):
            x = x2
            continue
        x3, objective_p, change = step(proposal)
        if not np.isfinite(objective_p) or objective_p < objective0 - 1e-9 * abs(objective0):
            x = x2
            max_alpha = max(1.0, max_alpha / 2.0)
            continue
        x = x3
        if alpha <= -max_alpha:
            max_alpha *= 4.0
        if change < tol:
            converged = True
            break
    final, _ = stepper.e_step(x)
    return EMResult(
        groups=groups,
        mean=stepper.mean,
        sd=stepper.sd,
        log_likelihood=final.log_likelihood,
        log_prior=_log_prior(groups),
        n_iter=n_iter,
        converged=converged,
        last_change=change,
        e_step=final,
    )


def _ignore(n_iter: int, log_likelihood: float, change: float) -> None:
    return None
