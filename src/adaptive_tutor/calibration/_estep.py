"""The E-step of Bock-Aitkin EM: posterior over quadrature nodes and expected counts.

Cost is proportional to the number of observed responses. Responses are encoded as a
sparse learners x (item, category) indicator matrix ``R``; with the log-probability
table ``log P`` of shape (n_items * K, n_nodes) the per-learner log-likelihood at every
node is the sparse product ``R @ log P`` and the expected counts per item, category and
node are ``R.T @ posterior``. Dense data with repeated response patterns are collapsed
to unique patterns with frequency weights first, and dense data use BLAS products on
per-category indicator matrices instead of sparse ones.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from scipy.special import logsumexp

from adaptive_tutor.calibration._data import ResponseData

__all__ = ["EStepResult", "ResponseDesign", "build_design", "e_step", "posterior"]

_DENSE_MIN_DENSITY = 0.2
_DENSE_MAX_CELLS = 50_000_000
_COLLAPSE_MAX_CELLS = 20_000_000


@dataclass(frozen=True)
class ResponseDesign:
    """Responses arranged for fast E-steps (internal).

    ``weights`` are the frequencies of the rows (unique response patterns, or learners).
    Exactly one of ``sparse`` (CSR, rows x n_items*K) and ``dense`` (K indicator matrices
    rows x n_items) is set. ``row_of_learner`` maps each learner to its row.
    """

    n_items: int
    n_categories: int
    weights: NDArray[np.float64]
    row_of_learner: NDArray[np.int64]
    sparse: sp.csr_matrix | None
    dense: tuple[NDArray[np.float64], ...] | None

    @property
    def n_rows(self) -> int:
        return int(self.weights.size)

    @property
    def n_learners(self) -> int:
        return float(self.weights.sum()).__int__()


def build_design(data: ResponseData, n_categories: int) -> ResponseDesign:
    """Arrange ``data`` for E-steps; ``n_categories`` is the largest category count K."""
    n_learners, n_items = data.n_learners, data.n_items
    cells = n_learners * n_items
    dense = data.density >= _DENSE_MIN_DENSITY and cells * n_categories <= _DENSE_MAX_CELLS
    if dense and cells <= _COLLAPSE_MAX_CELLS:
        codes = np.full(
            (n_learners, n_items), -1, dtype=np.int16 if n_categories > 127 else np.int8
        )
        codes[data.learner, data.item] = data.response
        patterns, row_of_learner, counts = _unique_rows(codes)
        if patterns.shape[0] <= 0.7 * n_learners:
            indicators = tuple((patterns == k).astype(np.float64) for k in range(n_categories))
            return ResponseDesign(
                n_items, n_categories, counts.astype(np.float64), row_of_learner, None, indicators
            )
        del patterns, row_of_learner, counts
    row_of_learner = np.arange(n_learners, dtype=np.int64)
    weights = np.ones(n_learners)
    if dense:
        indicators = tuple(np.zeros((n_learners, n_items)) for _ in range(n_categories))
        for k in range(n_categories):
            hit = data.response == k
            indicators[k][data.learner[hit], data.item[hit]] = 1.0
        return ResponseDesign(n_items, n_categories, weights, row_of_learner, None, indicators)
    columns = data.item.astype(np.int32) * np.int32(n_categories) + data.response
    indptr = np.zeros(n_learners + 1, dtype=np.int64)
    np.cumsum(np.bincount(data.learner, minlength=n_learners), out=indptr[1:])
    matrix = sp.csr_matrix(
        (np.ones(data.n_responses), columns.astype(np.int32), indptr),
        shape=(n_learners, n_items * n_categories),
    )
    return ResponseDesign(n_items, n_categories, weights, row_of_learner, matrix, None)


def _unique_rows(
    codes: NDArray[np.int8] | NDArray[np.int16],
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
    contiguous = np.ascontiguousarray(codes)
    row_view = contiguous.view(np.dtype((np.void, contiguous.dtype.itemsize * codes.shape[1])))
    _, first, inverse, counts = np.unique(
        row_view.ravel(), return_index=True, return_inverse=True, return_counts=True
    )
    return codes[first].astype(np.int64), inverse.astype(np.int64).ravel(), counts


@dataclass(frozen=True)
class EStepResult:
    """Expected counts and fit of one E-step (internal).

    ``counts`` has shape (n_items, K, n_nodes): expected number of learners at each node
    answering each item in each category. ``node_mass`` (n_nodes,) is the expected number
    of learners at each node. ``log_likelihood`` is the marginal log-likelihood.
    """

    counts: NDArray[np.float64]
    node_mass: NDArray[np.float64]
    log_likelihood: float


def learner_log_likelihood(
    design: ResponseDesign, log_prob: NDArray[np.float64]
) -> NDArray[np.float64]:
    """Log-likelihood of every row at every node, shape (n_rows, n_nodes).

    ``log_prob`` has shape (n_items, K, n_nodes); entries of categories that never occur
    may be ``-inf`` (they are never multiplied by a non-zero indicator in the sparse path,
    and are replaced by 0 in the dense path).
    """
    if design.sparse is not None:
        flat = log_prob.reshape(design.n_items * design.n_categories, -1)
        if not np.isfinite(flat).all():
            flat = np.where(np.isfinite(flat), flat, -1e300)
        result: NDArray[np.float64] = design.sparse @ flat
        return result
    total = np.zeros((design.n_rows, log_prob.shape[2]))
    for k, indicator in enumerate(design.dense or ()):
        table = log_prob[:, k, :]
        if not np.isfinite(table).all():
            table = np.where(np.isfinite(table), table, -1e300)
        total += indicator @ table
    return total


def posterior(
    design: ResponseDesign, log_prob: NDArray[np.float64], log_weights: NDArray[np.float64]
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Posterior weights over nodes per row and each row's marginal log-likelihood."""
    joint = learner_log_likelihood(design, log_prob)
    joint += log_weights
    marginal = logsumexp(joint, axis=1)
    joint -= marginal[:, None]
    np.exp(joint, out=joint)
    return joint, marginal


def e_step(
    design: ResponseDesign, log_prob: NDArray[np.float64], log_weights: NDArray[np.float64]
) -> EStepResult:
    """Run one E-step: expected counts per item x category x node and the log-likelihood.

    Parameters
    ----------
    design : ResponseDesign
    log_prob : ndarray, shape (n_items, K, n_nodes)
        Log-probability of each category of each item at each node.
    log_weights : ndarray, shape (n_nodes,)
        Log prior mass of each node (summing to 1 on the probability scale).
    """
    weighted, marginal = posterior(design, log_prob, log_weights)
    log_likelihood = float(design.weights @ marginal)
    if not np.all(design.weights == 1.0):
        weighted *= design.weights[:, None]
    node_mass = weighted.sum(axis=0)
    n_nodes = log_prob.shape[2]
    if design.sparse is not None:
        flat_counts = design.sparse.T @ weighted
        counts = np.asarray(flat_counts).reshape(design.n_items, design.n_categories, n_nodes)
    else:
        counts = np.empty((design.n_items, design.n_categories, n_nodes))
        for k, indicator in enumerate(design.dense or ()):
            counts[:, k, :] = indicator.T @ weighted
    return EStepResult(counts=counts, node_mass=node_mass, log_likelihood=log_likelihood)
