"""Per-family log-probabilities and their analytic gradients in working parameters.

The M-step optimises each item family in an unconstrained *working* parametrisation:

========  ====================================================
model     working parameters (one row per item)
========  ====================================================
1PL       ``b``
2PL       ``log a, b``
3PL       ``log a, b, logit c``
4PL       ``log a, b, logit c, logit (1 - d)``
GRM       ``log a, b_1 .. b_{K-1}`` (thresholds, increasing)
GPCM      ``log a, s_1 .. s_{K-1}`` (step difficulties)
PCM       ``s_1 .. s_{K-1}``
========  ====================================================

Each family returns ``log P`` with shape (n_items, K, n_nodes) and its gradient with
respect to the working parameters, shape (n_items, n_params, K, n_nodes). The scaling
constant ``D`` multiplies the slope: ``z = D a (theta - b)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np
from numpy.typing import NDArray
from scipy.special import expit, log_expit, logit, logsumexp

__all__ = ["FAMILIES", "Family", "NaturalParams"]

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class NaturalParams:
    """Parameters of one family group on the reporting scale (internal).

    ``steps`` holds GRM thresholds or GPCM/PCM step difficulties, shape (n, K-1);
    for dichotomous families it has shape (n, 0).
    """

    a: FloatArray
    b: FloatArray
    c: FloatArray
    d: FloatArray
    steps: FloatArray


class Family(Protocol):
    """What the M-step needs from an item family (internal)."""

    name: str
    free_slope: bool

    def n_params(self, n_categories: int) -> int: ...

    def param_names(self, n_categories: int) -> tuple[str, ...]: ...

    def log_prob(self, w: FloatArray, theta: FloatArray, scale: float) -> FloatArray: ...

    def log_prob_grad(
        self, w: FloatArray, theta: FloatArray, scale: float
    ) -> tuple[FloatArray, FloatArray]: ...

    def valid(self, w: FloatArray) -> NDArray[np.bool_]: ...

    def start(self, category_counts: FloatArray, scale: float) -> FloatArray: ...

    def to_natural(self, w: FloatArray) -> NaturalParams: ...

    def from_natural(self, natural: NaturalParams) -> FloatArray: ...

    def natural_jacobian(self, w: FloatArray) -> FloatArray: ...


def _exp_diff(x: FloatArray, y: FloatArray) -> FloatArray:
    """``exp(x - y)`` for finite-or-(-inf) ``x`` without warnings."""
    with np.errstate(invalid="ignore", over="ignore"):
        out = np.exp(x - y)
    return np.where(np.isfinite(x), out, 0.0)


class _Dichotomous:
    """1PL, 2PL, 3PL and 4PL: ``P(1) = c + (d - c) logistic(D a (theta - b))``."""

    def __init__(self, name: str, slope: bool, lower: bool, upper: bool) -> None:
        self.name = name
        self.free_slope = slope
        self._slope, self._lower, self._upper = slope, lower, upper

    def n_params(self, n_categories: int) -> int:
        return int(self._slope) + 1 + int(self._lower) + int(self._upper)

    def param_names(self, n_categories: int) -> tuple[str, ...]:
        names = (["a"] if self._slope else []) + ["b"]
        names += (["c"] if self._lower else []) + (["d"] if self._upper else [])
        return tuple(names)

    def _unpack(self, w: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
        col = 0
        if self._slope:
            a = np.exp(w[:, 0])
            col = 1
        else:
            a = np.ones(w.shape[0])
        b = w[:, col]
        c = expit(w[:, col + 1]) if self._lower else np.zeros(w.shape[0])
        d = 1.0 - expit(w[:, -1]) if self._upper else np.ones(w.shape[0])
        return a, b, c, d

    def _core(
        self, w: FloatArray, theta: FloatArray, scale: float
    ) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray, FloatArray, FloatArray]:
        a, b, c, d = self._unpack(w)
        slope = scale * a
        z = slope[:, None] * (theta[None, :] - b[:, None])
        le, len_ = log_expit(z), log_expit(-z)
        if not (self._lower or self._upper):
            return z, le, len_, le, len_, slope
        col = 1 + int(self._slope)
        log_c = log_expit(w[:, col])[:, None]
        log_dc = np.log(d - c)[:, None]
        log1 = np.logaddexp(log_c, log_dc + le)
        if self._upper:
            log0 = np.logaddexp(log_expit(w[:, -1])[:, None], log_dc + len_)
        else:
            log0 = log_expit(-w[:, col])[:, None] + len_
        return z, le, len_, log1, log0, slope

    def log_prob(self, w: FloatArray, theta: FloatArray, scale: float) -> FloatArray:
        _, _, _, log1, log0, _ = self._core(w, theta, scale)
        return np.stack([log0, log1], axis=1)

    def log_prob_grad(
        self, w: FloatArray, theta: FloatArray, scale: float
    ) -> tuple[FloatArray, FloatArray]:
        z, le, len_, log1, log0, slope = self._core(w, theta, scale)
        n, q = z.shape
        grad = np.empty((n, self.n_params(2), 2, q))
        if self._lower or self._upper:
            _, _, c, d = self._unpack(w)
            log_w = np.log(d - c)[:, None] + le + len_
            g1, g0 = np.exp(log_w - log1), -np.exp(log_w - log0)
        else:
            g1, g0 = np.exp(len_), -np.exp(le)
        col = 0
        if self._slope:
            grad[:, 0, 0], grad[:, 0, 1] = g0 * z, g1 * z
            col = 1
        grad[:, col, 0] = -slope[:, None] * g0
        grad[:, col, 1] = -slope[:, None] * g1
        if self._lower:
            _, _, c, _ = self._unpack(w)
            dc = (c * (1.0 - c))[:, None]
            grad[:, col + 1, 1] = dc * np.exp(len_ - log1)
            grad[:, col + 1, 0] = -dc * np.exp(len_ - log0)
        if self._upper:
            _, _, _, d = self._unpack(w)
            dd = (-(1.0 - d) * d)[:, None]
            grad[:, -1, 1] = dd * np.exp(le - log1)
            grad[:, -1, 0] = -dd * np.exp(le - log0)
        return np.stack([log0, log1], axis=1), grad

    def valid(self, w: FloatArray) -> NDArray[np.bool_]:
        ok: NDArray[np.bool_] = np.asarray(np.isfinite(w).all(axis=1), dtype=np.bool_)
        if self._slope:
            ok &= np.abs(w[:, 0]) < 5.0
        if self._lower and self._upper:
            _, _, c, d = self._unpack(np.where(np.isfinite(w), w, 0.0))
            ok &= d - c > 1e-3
        return ok

    def start(self, category_counts: FloatArray, scale: float) -> FloatArray:
        total = category_counts.sum(axis=1)
        p = np.clip((category_counts[:, 1] + 0.5) / (total + 1.0), 0.02, 0.98)
        columns = [np.zeros_like(p)] if self._slope else []
        columns.append(-logit(p) * 1.7 / scale / 1.3)
        if self._lower:
            columns.append(np.full_like(p, logit(0.15)))
        if self._upper:
            columns.append(np.full_like(p, logit(0.05)))
        return np.column_stack(columns)

    def to_natural(self, w: FloatArray) -> NaturalParams:
        a, b, c, d = self._unpack(w)
        return NaturalParams(a=a, b=b.copy(), c=c, d=d, steps=np.empty((w.shape[0], 0)))

    def from_natural(self, natural: NaturalParams) -> FloatArray:
        columns = [np.log(natural.a)] if self._slope else []
        columns.append(natural.b)
        if self._lower:
            columns.append(logit(np.clip(natural.c, 1e-4, 0.9)))
        if self._upper:
            columns.append(logit(np.clip(1.0 - natural.d, 1e-4, 0.9)))
        return np.column_stack(columns)

    def natural_jacobian(self, w: FloatArray) -> FloatArray:
        """d(natural)/d(working) per parameter (all maps are elementwise)."""
        a, _, c, d = self._unpack(w)
        columns = [a] if self._slope else []
        columns.append(np.ones(w.shape[0]))
        if self._lower:
            columns.append(c * (1.0 - c))
        if self._upper:
            columns.append((1.0 - d) * d)
        return np.column_stack(columns)


class _Graded:
    """Samejima's graded response model with ordered thresholds."""

    name = "GRM"
    free_slope = True

    def n_params(self, n_categories: int) -> int:
        return n_categories

    def param_names(self, n_categories: int) -> tuple[str, ...]:
        return ("a", *(f"threshold_{k}" for k in range(1, n_categories)))

    def _core(
        self, w: FloatArray, theta: FloatArray, scale: float
    ) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray, FloatArray]:
        slope = scale * np.exp(w[:, 0])
        b = w[:, 1:]
        z = slope[:, None, None] * (theta[None, None, :] - b[:, :, None])
        le, len_ = log_expit(z), log_expit(-z)
        n, m, q = z.shape
        log_p = np.empty((n, m + 1, q))
        log_p[:, 0] = len_[:, 0]
        log_p[:, m] = le[:, m - 1]
        if m > 1:
            gap = slope[:, None] * np.diff(b, axis=1)
            log_p[:, 1:m] = le[:, :-1] + len_[:, 1:] + np.log1p(-np.exp(-gap))[:, :, None]
        return z, le, len_, log_p, slope

    def log_prob(self, w: FloatArray, theta: FloatArray, scale: float) -> FloatArray:
        return self._core(w, theta, scale)[3]

    def log_prob_grad(
        self, w: FloatArray, theta: FloatArray, scale: float
    ) -> tuple[FloatArray, FloatArray]:
        z, le, len_, log_p, slope = self._core(w, theta, scale)
        n, m, q = z.shape
        log_w = le + len_
        lower = np.zeros((n, m + 1, q))  # w_k / P_k: own lower threshold k
        upper = np.zeros((n, m + 1, q))  # w_{k+1} / P_k: next threshold
        lower[:, 1:] = np.exp(log_w - log_p[:, 1:])
        upper[:, :m] = np.exp(log_w - log_p[:, :m])
        grad = np.zeros((n, m + 1, m + 1, q))
        grad[:, 0, 1:] += lower[:, 1:] * z
        grad[:, 0, :m] -= upper[:, :m] * z
        s = slope[:, None]
        for j in range(m):  # threshold j+1 touches categories j (upper) and j+1 (lower)
            grad[:, 1 + j, j + 1] = -s * lower[:, j + 1]
            grad[:, 1 + j, j] = s * upper[:, j]
        return log_p, grad

    def valid(self, w: FloatArray) -> NDArray[np.bool_]:
        ok: NDArray[np.bool_] = np.isfinite(w).all(axis=1) & (np.abs(w[:, 0]) < 5.0)
        if w.shape[1] > 2:
            gap = np.exp(np.clip(w[:, 0], -5, 5))[:, None] * np.diff(w[:, 1:], axis=1)
            ok &= (gap > 1e-6).all(axis=1)
        return ok

    def start(self, category_counts: FloatArray, scale: float) -> FloatArray:
        total = category_counts.sum(axis=1, keepdims=True)
        at_least = np.cumsum(category_counts[:, ::-1], axis=1)[:, ::-1][:, 1:]
        p = np.clip((at_least + 0.5) / (total + 1.0), 0.01, 0.99)
        thresholds = -logit(p) * 1.7 / scale / 1.3
        thresholds = np.maximum.accumulate(thresholds, axis=1)
        thresholds += 1e-2 * np.arange(thresholds.shape[1])
        return np.column_stack([np.zeros(total.shape[0]), thresholds])

    def to_natural(self, w: FloatArray) -> NaturalParams:
        n = w.shape[0]
        steps = w[:, 1:].copy()
        return NaturalParams(np.exp(w[:, 0]), steps.mean(axis=1), np.zeros(n), np.ones(n), steps)

    def from_natural(self, natural: NaturalParams) -> FloatArray:
        return np.column_stack([np.log(natural.a), natural.steps])

    def natural_jacobian(self, w: FloatArray) -> FloatArray:
        jac = np.ones_like(w)
        jac[:, 0] = np.exp(w[:, 0])
        return jac


class _PartialCredit:
    """Generalised partial credit (free slope) and partial credit (slope 1) models."""

    def __init__(self, name: str, slope: bool) -> None:
        self.name = name
        self.free_slope = slope
        self._slope = slope

    def n_params(self, n_categories: int) -> int:
        return n_categories - 1 + int(self._slope)

    def param_names(self, n_categories: int) -> tuple[str, ...]:
        steps = tuple(f"step_{k}" for k in range(1, n_categories))
        return ("a", *steps) if self._slope else steps

    def _eta(self, w: FloatArray, theta: FloatArray, scale: float) -> tuple[FloatArray, FloatArray]:
        slope = scale * (np.exp(w[:, 0]) if self._slope else np.ones(w.shape[0]))
        steps = w[:, 1:] if self._slope else w
        k = np.arange(steps.shape[1] + 1)
        cumulative = np.concatenate([np.zeros((w.shape[0], 1)), np.cumsum(steps, axis=1)], 1)
        eta = slope[:, None, None] * (
            k[None, :, None] * theta[None, None, :] - cumulative[:, :, None]
        )
        return eta, slope

    def log_prob(self, w: FloatArray, theta: FloatArray, scale: float) -> FloatArray:
        eta, _ = self._eta(w, theta, scale)
        result: FloatArray = eta - logsumexp(eta, axis=1, keepdims=True)
        return result

    def log_prob_grad(
        self, w: FloatArray, theta: FloatArray, scale: float
    ) -> tuple[FloatArray, FloatArray]:
        eta, slope = self._eta(w, theta, scale)
        log_p = eta - logsumexp(eta, axis=1, keepdims=True)
        prob = np.exp(log_p)
        n, n_cat, q = eta.shape
        d_eta = np.zeros((n, self.n_params(n_cat), n_cat, q))
        offset = 0
        if self._slope:
            d_eta[:, 0] = eta
            offset = 1
        for v in range(1, n_cat):
            d_eta[:, offset + v - 1, v:] = -slope[:, None, None]
        mean = np.einsum("nkq,npkq->npq", prob, d_eta)
        return log_p, d_eta - mean[:, :, None, :]

    def valid(self, w: FloatArray) -> NDArray[np.bool_]:
        ok: NDArray[np.bool_] = np.isfinite(w).all(axis=1) & (np.abs(w).max(axis=1) < 50)
        if self._slope:
            ok &= np.abs(w[:, 0]) < 5.0
        return ok

    def start(self, category_counts: FloatArray, scale: float) -> FloatArray:
        counts = category_counts + 0.5
        steps = np.log(counts[:, :-1] / counts[:, 1:]) / scale
        if self._slope:
            return np.column_stack([np.zeros(steps.shape[0]), steps])
        return steps

    def to_natural(self, w: FloatArray) -> NaturalParams:
        n = w.shape[0]
        steps = (w[:, 1:] if self._slope else w).copy()
        a = np.exp(w[:, 0]) if self._slope else np.ones(n)
        return NaturalParams(a, steps.mean(axis=1), np.zeros(n), np.ones(n), steps)

    def from_natural(self, natural: NaturalParams) -> FloatArray:
        if self._slope:
            return np.column_stack([np.log(natural.a), natural.steps])
        return np.array(natural.steps, dtype=float)

    def natural_jacobian(self, w: FloatArray) -> FloatArray:
        jac = np.ones_like(w)
        if self._slope:
            jac[:, 0] = np.exp(w[:, 0])
        return jac


FAMILIES: dict[str, Family] = {
    "1PL": _Dichotomous("1PL", slope=False, lower=False, upper=False),
    "2PL": _Dichotomous("2PL", slope=True, lower=False, upper=False),
    "3PL": _Dichotomous("3PL", slope=True, lower=True, upper=False),
    "4PL": _Dichotomous("4PL", slope=True, lower=True, upper=True),
    "GRM": _Graded(),
    "GPCM": _PartialCredit("GPCM", slope=True),
    "PCM": _PartialCredit("PCM", slope=False),
}
