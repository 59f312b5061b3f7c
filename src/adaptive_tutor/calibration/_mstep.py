"""The M-step: vectorised Fisher scoring on expected counts, all items of a family at once.

Given expected counts ``r[j, k, q]`` (item, category, node) the complete-data log
posterior of item ``j`` is ``sum_kq r[j,k,q] log P_jk(theta_q) + log prior_j``. It is
separable over items, so every item of a family takes its own Newton (Fisher scoring)
step in one batched linear solve; steps are halved per item until the objective does not
decrease and the parameters stay valid (e.g. ordered GRM thresholds).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from adaptive_tutor.calibration._families import Family
from adaptive_tutor.calibration._priors import Priors, prior_terms

__all__ = ["complete_data_information", "m_step", "objective"]

FloatArray = NDArray[np.float64]
_MAX_HALVINGS = 12
_MAX_STEP = 1.0


def objective(
    family: Family,
    names: tuple[str, ...],
    w: FloatArray,
    counts: FloatArray,
    theta: FloatArray,
    scale: float,
    priors: Priors | None,
) -> FloatArray:
    """Expected complete-data log posterior per item, shape (n_items,)."""
    log_p = family.log_prob(w, theta, scale)
    value = np.einsum("nkq,nkq->n", counts, np.where(counts > 0, log_p, 0.0))
    result: FloatArray = value + prior_terms(priors, names, w)[0]
    return result


def complete_data_information(
    family: Family,
    names: tuple[str, ...],
    w: FloatArray,
    counts: FloatArray,
    theta: FloatArray,
    scale: float,
    priors: Priors | None,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Gradient (n, p), expected information (n, p, p) and log P of the complete data."""
    log_p, grad_log_p = family.log_prob_grad(w, theta, scale)
    _, prior_grad, prior_curvature = prior_terms(priors, names, w)
    gradient = np.einsum("nkq,npkq->np", counts, grad_log_p) + prior_grad
    mass = counts.sum(axis=1, keepdims=True) * np.exp(log_p)
    weighted = grad_log_p * np.sqrt(mass)[:, None]
    n, p = w.shape
    flat = weighted.reshape(n, p, -1)
    information = np.einsum("npx,nrx->npr", flat, flat)
    information[:, np.arange(p), np.arange(p)] += prior_curvature
    return gradient, information, log_p


def m_step(
    family: Family,
    names: tuple[str, ...],
    w: FloatArray,
    counts: FloatArray,
    theta: FloatArray,
    scale: float,
    priors: Priors | None,
    *,
    max_iter: int = 25,
    tol: float = 1e-8,
) -> FloatArray:
    """Maximise the expected complete-data log posterior of every item of one family.

    Parameters
    ----------
    w : ndarray, shape (n_items, n_params)
        Current working parameters (start of the search).
    counts : ndarray, shape (n_items, K, n_nodes)
        Expected counts from the E-step.

    Returns
    -------
    ndarray, shape (n_items, n_params)
        Updated working parameters; each item's objective never decreases.
    """
    w = w.copy()
    current = objective(family, names, w, counts, theta, scale, priors)
    n, p = w.shape
    ridge = 1e-10 * np.eye(p)
    for _ in range(max_iter):
        gradient, information, _ = complete_data_information(
            family, names, w, counts, theta, scale, priors
        )
        scale_info = np.maximum(np.abs(np.diagonal(information, axis1=1, axis2=2)).max(1), 1.0)
        step = np.linalg.solve(
            information + ridge * scale_info[:, None, None], gradient[..., None]
        )[..., 0]
        step = np.where(np.isfinite(step), step, 0.0)
        largest = np.abs(step).max(axis=1)
        step *= np.minimum(1.0, _MAX_STEP / np.maximum(largest, 1e-300))[:, None]
        factor = np.ones(n)
        pending = np.ones(n, dtype=bool)
        for _ in range(_MAX_HALVINGS):
            candidate = w + factor[:, None] * step
            ok = family.valid(candidate)
            value = np.full(n, -np.inf)
            rows = np.flatnonzero(pending & ok)
            if rows.size:
                value[rows] = objective(
                    family, names, candidate[rows], counts[rows], theta, scale, priors
                )
            better = ok & (value >= current - 1e-12 * np.abs(current))
            accept = pending & better
            w[accept] = candidate[accept]
            current[accept] = value[accept]
            pending &= ~better
            if not pending.any():
                break
            factor[pending] *= 0.5
        factor[pending] = 0.0
        moved = np.abs(factor[:, None] * step).max()
        if moved < tol:
            break
    return w
