"""The E-step of Bock-Aitkin EM: posterior over quadrature nodes and expected counts.

Cost is proportional to the number of observed responses. Responses are encoded as a
sparse learners x (item, category) indicator matrix ``R``; with the log-probability
table ``log P`` of shape (n_items * K, n_nodes) the per-learner log-likelihood at every
node is the sparse product ``R @ log P`` and the expected counts per item, category and
node are ``R.T @ posterior``. Dense data with repeated response patterns are collapsed
to unique patterns with frequency weights first. (Sparse products beat dense BLAS
products on per-category indicators down to full density on the measured shapes, and
do not depend on BLAS threads competing for cores.)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from adaptive_tutor.calibration._data import ResponseData

__all__ = ["EStepResult", "ResponseDesign", "build_design", "e_step", "posterior"]

_COLLAPSE_MIN_DENSITY = 0.2
_COLLAPSE_MAX_CELLS = 20_000_000


_Collapsed = tuple[
    NDArray[np.int32], NDArray[np.int32], NDArray[np.int16], NDArray[np.int64], NDArray[np.int64]
]


@dataclass(frozen=True)
class ResponseDesign:
    """Responses arranged for fast E-steps (internal).

    ``matrix`` is a CSR indicator matrix, rows x (n_items * K), with a 1 at column
    ``item * K + category`` for each response of the row. Rows are learners, or unique
    response patterns with frequency ``weights`` when dense data repeat patterns.
    ``row_of_learner`` maps each learner to its row.
    """

    n_items: int
    n_categories: int
    weights: NDArray[np.float64]
    row_of_learner: NDArray[np.int64]
    matrix: sp.csr_matrix

    @property
    def n_rows(self) -> int:
        return int(self.weights.size)


def build_design(data: ResponseData, n_categories: int) -> ResponseDesign:
    """Arrange ``data`` for E-steps; ``n_categories`` is the largest category count K.

    Dense data (at least 20% observed and at most 20 million cells) are collapsed to
    unique response patterns when that removes at least 30% of the rows.

    Memory: the design costs 12 bytes per response (float64 ones and int32 column
    indices, plus an int32 or int64 row pointer); building it allocates at most one
    int32 temporary per response, and the collapse test one int8 (or int16) code per
    learners x items cell, released before the design is built.
    """
    n_learners, n_items = data.n_learners, data.n_items
    learner, item, response = data.learner, data.item, data.response
    weights = np.ones(n_learners)
    row_of_learner = np.arange(n_learners, dtype=np.int64)
    n_rows = n_learners
    if data.density >= _COLLAPSE_MIN_DENSITY and n_learners * n_items <= _COLLAPSE_MAX_CELLS:
        collapsed = _collapse_patterns(data, n_categories)
        if collapsed is not None:
            learner, item, response, counts, row_of_learner = collapsed
            weights, n_rows = counts.astype(np.float64), int(counts.size)
    n_columns = n_items * n_categories
    index_dtype = np.int32 if max(n_columns, learner.size) < np.iinfo(np.int32).max else np.int64
    # the only per-response temporary: item * K + category, computed in place
    columns: NDArray[np.signedinteger[Any]] = item.astype(index_dtype)
    columns *= n_categories
    columns += response
    indptr = np.zeros(n_rows + 1, dtype=index_dtype)
    np.cumsum(np.bincount(learner, minlength=n_rows), out=indptr[1:])
    matrix = sp.csr_matrix(
        (np.ones(columns.size), columns, indptr), shape=(n_rows, n_columns), copy=False
    )
    return ResponseDesign(n_items, n_categories, weights, row_of_learner, matrix)


def _collapse_patterns(data: ResponseData, n_categories: int) -> _Collapsed | None:
    """Responses of the unique patterns, their counts and each learner's pattern, or None.

    None when collapsing would keep more than 70% of the rows.
    """
    dtype = np.int16 if n_categories > 127 else np.int8
    codes = np.full((data.n_learners, data.n_items), -1, dtype=dtype)
    codes[data.learner, data.item] = data.response
    row_view = codes.view(np.dtype((np.void, codes.dtype.itemsize * data.n_items))).ravel()
    _, first, inverse, counts = np.unique(
        row_view, return_index=True, return_inverse=True, return_counts=True
    )
    del row_view
    if counts.size > 0.7 * data.n_learners:
        return None
    patterns = codes[first]
    del codes
    learner_p, item_p = np.nonzero(patterns >= 0)
    response = patterns[learner_p, item_p].astype(np.int16)
    return (
        learner_p.astype(np.int32),
        item_p.astype(np.int32),
        response,
        counts.astype(np.int64),
        inverse.astype(np.int64).ravel(),
    )


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

    ``log_prob`` has shape (n_items, K, n_nodes); ``-inf`` entries (categories an item
    does not have) are never observed, so only finite entries enter the product.
    """
    flat = log_prob.reshape(design.n_items * design.n_categories, -1)
    if not np.isfinite(flat).all():
        flat = np.where(np.isfinite(flat), flat, 0.0)
    result: NDArray[np.float64] = design.matrix @ flat
    return result


def posterior(
    design: ResponseDesign, log_prob: NDArray[np.float64], log_weights: NDArray[np.float64]
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Posterior weights over nodes per row and each row's marginal log-likelihood."""
    joint = learner_log_likelihood(design, log_prob)
    joint += log_weights
    peak = joint.max(axis=1)
    joint -= peak[:, None]
    np.exp(joint, out=joint)
    total = joint.sum(axis=1)
    joint /= total[:, None]
    return joint, peak + np.log(total)


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
    flat_counts = design.matrix.T @ weighted
    counts = np.asarray(flat_counts).reshape(design.n_items, design.n_categories, n_nodes)
    return EStepResult(counts=counts, node_mass=node_mass, log_likelihood=log_likelihood)
