"""Item standard errors from the cross-product (XPD) of learners' score vectors.

At the maximum, the observed information of the marginal likelihood is estimated by
``sum_n w_n s_n s_n^T`` where ``s_n`` is learner ``n``'s score: by Fisher's identity, the
posterior expectation over quadrature nodes of the gradient of their complete-data
log-likelihood (mirt's ``SE.type = "crossprod"``, Bock & Aitkin's original suggestion).
Under priors, minus the Hessian of the log prior is added (MAP information). Standard
errors on the reporting scale follow by the delta method. The latent mean and standard
deviation, when estimated, are treated as known.

Two modes:

* ``"full"``: the information over all free item parameters at once (items answered by
  the same learners are correlated) and the diagonal of its inverse. The matrix has
  (number of free parameters)^2 entries and inverting it costs their cube.
* ``"item"``: only the per-item diagonal blocks ``sum_n w_n s_nj s_nj^T``, each inverted
  alone. This ignores the correlation between the estimates of different items, so it
  is an approximation (slightly optimistic: a block inverse is never larger than the
  full inverse's diagonal); the difference shrinks as learners answer more items.

Both accumulate the information shard by shard (:func:`shard_information`) and, within a
shard, block of learners by block of learners: per-learner scores are formed for one
block of responses at a time and never as a learners x parameters matrix.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from adaptive_tutor.calibration._em import FamilyGroup
from adaptive_tutor.calibration._estep import ResponseDesign, posterior
from adaptive_tutor.calibration._priors import prior_terms
from adaptive_tutor.exceptions import IdentificationWarning

__all__ = [
    "SE_MODES",
    "ScoreLayout",
    "score_layout",
    "shard_information",
    "standard_errors_from_information",
]

FloatArray = NDArray[np.float64]
SE_MODES = ("full", "item")
_BLOCK_RESPONSES = 1 << 16  # responses per block of learners: score temporaries stay small
_INFLATION_LIMIT = 1e8  # variance inflation beyond which a parameter counts as unidentified
_NO_INFORMATION = 1e-12  # relative scale of a parameter with no information at all


@dataclass(frozen=True)
class ScoreLayout:
    """Where each item's free parameters sit, and their log-probability gradients (internal).

    ``column_start[j]`` is the first column of item ``j`` in the vector of all free
    parameters and ``width[j]`` its number of parameters (0 for fixed items).
    ``gradients[g]`` is group ``g``'s gradient of ``log P`` in working parameters at the
    quadrature nodes, shape (n_group_items, p, K, n_nodes); ``None`` for fixed groups.
    """

    n_params: int
    max_width: int
    width: NDArray[np.int64]
    column_start: NDArray[np.int64]
    group_of_item: NDArray[np.int64]
    local_of_item: NDArray[np.int64]
    gradients: tuple[FloatArray | None, ...]


def score_layout(
    groups: list[FamilyGroup], n_items: int, theta: FloatArray, scale: float
) -> ScoreLayout:
    """The :class:`ScoreLayout` of ``groups`` at the nodes ``theta``."""
    width = np.zeros(n_items, dtype=np.int64)
    column_start = np.zeros(n_items, dtype=np.int64)
    group_of_item = np.full(n_items, -1, dtype=np.int64)
    local_of_item = np.full(n_items, -1, dtype=np.int64)
    gradients: list[FloatArray | None] = []
    position = 0
    for gi, group in enumerate(groups):
        if group.fixed:
            gradients.append(None)
            continue
        p = group.w.shape[1]
        group_of_item[group.items] = gi
        local_of_item[group.items] = np.arange(group.items.size)
        width[group.items] = p
        column_start[group.items] = position + np.arange(group.items.size) * p
        position += group.w.size
        gradients.append(group.family.log_prob_grad(group.w, theta, scale)[1])
    return ScoreLayout(
        n_params=position,
        max_width=int(width.max(initial=0)),
        width=width,
        column_start=column_start,
        group_of_item=group_of_item,
        local_of_item=local_of_item,
        gradients=tuple(gradients),
    )


def empty_information(layout: ScoreLayout, n_items: int, mode: str) -> FloatArray:
    """Zero information of the shape ``mode`` accumulates."""
    if mode == "full":
        return np.zeros((layout.n_params, layout.n_params))
    return np.zeros((n_items, layout.max_width, layout.max_width))


def shard_information(
    design: ResponseDesign,
    log_prob: FloatArray,
    log_weights: FloatArray,
    layout: ScoreLayout,
    mode: str,
) -> FloatArray:
    """Cross-product information of one shard of learners.

    Returns the (n_params, n_params) matrix for ``mode="full"`` or the per-item blocks,
    shape (n_items, max_width, max_width), for ``mode="item"``; shards' results add up.
    Memory: the posterior of the shard (rows x nodes) plus temporaries for one block of
    about 65,000 responses; ``"full"`` also holds the dense matrix.
    """
    information = empty_information(layout, design.n_items, mode)
    if layout.n_params == 0 or design.matrix.nnz == 0:
        return information
    post, _ = posterior(design, log_prob, log_weights)
    indptr = design.matrix.indptr
    weighted = not np.all(design.weights == 1.0)
    for first_row, last_row in _row_blocks(indptr):
        low, high = int(indptr[first_row]), int(indptr[last_row])
        if high == low:
            continue
        columns = design.matrix.indices[low:high]
        item = (columns // design.n_categories).astype(np.int64)
        rows = np.repeat(np.arange(first_row, last_row), np.diff(indptr[first_row : last_row + 1]))
        scores = _response_scores(layout, post, rows, item, columns % design.n_categories)
        if mode == "item":
            weights = design.weights[rows] if weighted else None
            _add_item_blocks(information, scores, item, layout, weights)
        else:
            if weighted:
                scores *= np.sqrt(design.weights[rows])[:, None]
            _add_cross_products(information, scores, rows - first_row, item, layout)
    return information


def _row_blocks(indptr: NDArray[Any]) -> list[tuple[int, int]]:
    """Consecutive row ranges holding about ``_BLOCK_RESPONSES`` responses each."""
    n_rows = indptr.size - 1
    cuts = np.searchsorted(indptr, np.arange(0, int(indptr[-1]), _BLOCK_RESPONSES), "right") - 1
    starts = np.unique(np.append(cuts, 0))
    stops = np.append(starts[1:], n_rows)
    return [(int(a), int(b)) for a, b in zip(starts, stops, strict=True) if b > a]


def _response_scores(
    layout: ScoreLayout,
    post: FloatArray,
    rows: NDArray[Any],
    item: NDArray[np.int64],
    category: NDArray[Any],
) -> FloatArray:
    """Posterior-expected gradient of each response's log-probability, (n, max_width).

    Columns beyond an item's width are 0; fixed items have all-zero rows.
    """
    scores = np.zeros((item.size, layout.max_width))
    group_of = layout.group_of_item[item]
    for gi, gradient in enumerate(layout.gradients):
        if gradient is None:
            continue
        mine = np.flatnonzero(group_of == gi)
        if mine.size == 0:
            continue
        p = gradient.shape[1]
        scores[mine, :p] = np.einsum(
            "rq,rpq->rp",
            post[rows[mine]],
            gradient[layout.local_of_item[item[mine]], :, category[mine], :],
        )
    return scores


def _add_item_blocks(
    blocks: FloatArray,
    scores: FloatArray,
    item: NDArray[np.int64],
    layout: ScoreLayout,
    weights: FloatArray | None,
) -> None:
    n_items, width = blocks.shape[0], layout.max_width
    for p in range(width):
        for r in range(p, width):
            product = scores[:, p] * scores[:, r]
            if weights is not None:
                product *= weights
            total = np.bincount(item, weights=product, minlength=n_items)
            blocks[:, p, r] += total
            if r != p:
                blocks[:, r, p] += total


def _add_cross_products(
    information: FloatArray,
    scores: FloatArray,
    local_rows: NDArray[Any],
    item: NDArray[np.int64],
    layout: ScoreLayout,
) -> None:
    """``information += S^T S`` for the block's scores as a sparse rows x params ``S``."""
    width = layout.width[item]
    keep = np.arange(layout.max_width)[None, :] < width[:, None]
    data = scores[keep]
    columns = (layout.column_start[item][:, None] + np.arange(layout.max_width))[keep]
    row_of_entry = np.broadcast_to(local_rows[:, None], keep.shape)[keep]
    n_rows = int(local_rows[-1]) + 1
    block = sp.csr_matrix((data, (row_of_entry, columns)), shape=(n_rows, layout.n_params))
    product = (block.T @ block).tocoo()
    product.sum_duplicates()
    information[product.row, product.col] += product.data


def standard_errors_from_information(
    information: FloatArray,
    groups: list[FamilyGroup],
    layout: ScoreLayout,
    mode: str,
) -> list[FloatArray | None]:
    """Standard errors of each group's natural parameters (``None`` for fixed groups).

    ``information`` is the sum of :func:`shard_information` over all shards. Each array
    has the shape of the group's working parameters (n_items, n_params); the columns
    follow the family's ``param_names`` on the reporting scale.
    """
    result: list[FloatArray | None] = []
    if mode == "full":
        information = information.copy()
        for group in groups:
            if group.fixed:
                continue
            curvature = prior_terms(group.priors, group.names, group.w)[2].ravel()
            index = layout.column_start[group.items][:, None] + np.arange(group.w.shape[1])
            information[index.ravel(), index.ravel()] += curvature
        variance = _inverse_diagonal(information)
    else:
        variance = np.full(layout.n_params, np.nan)
        weak_total = 0
        for group in groups:
            if group.fixed:
                continue
            p = group.w.shape[1]
            blocks = information[group.items][:, :p, :p].copy()
            curvature = prior_terms(group.priors, group.names, group.w)[2]
            blocks[:, np.arange(p), np.arange(p)] += curvature
            block_variance, weak = _block_inverse_diagonals(blocks)
            weak_total += weak
            index = layout.column_start[group.items][:, None] + np.arange(p)
            variance[index.ravel()] = block_variance.ravel()
        if weak_total:
            _warn_unidentified(weak_total, layout.n_params)
    for group in groups:
        if group.fixed:
            result.append(None)
            continue
        index = layout.column_start[group.items][:, None] + np.arange(group.w.shape[1])
        working_se = np.sqrt(variance[index])
        result.append(working_se * group.family.natural_jacobian(group.w))
    return result


def _block_inverse_diagonals(blocks: FloatArray) -> tuple[FloatArray, int]:
    """Inverse diagonals of many small information blocks and how many are unidentified.

    Well-conditioned blocks are inverted together; a block with a parameter the data do
    not identify goes through :func:`_inverse_diagonal`'s rules alone (without warning:
    the caller warns once for all blocks).
    """
    p = blocks.shape[1]
    scale = np.sqrt(np.clip(np.diagonal(blocks, axis1=1, axis2=2), 0.0, None))
    usable = scale > _NO_INFORMATION * np.maximum(scale.max(axis=1, keepdims=True), 1.0)
    safe = np.where(usable, scale, 1.0)
    correlation = blocks / (safe[:, :, None] * safe[:, None, :])
    values, vectors = np.linalg.eigh(correlation)
    floor = np.finfo(float).eps * p * np.maximum(values.max(axis=1, keepdims=True), 1.0)
    inflation = np.einsum("nik,nk->ni", vectors**2, 1.0 / np.maximum(values, floor))
    variance: FloatArray = inflation / safe**2
    suspect = np.flatnonzero(~(usable & (inflation <= _INFLATION_LIMIT)).all(axis=1))
    weak = 0
    for row in suspect:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", IdentificationWarning)
            variance[row] = _inverse_diagonal(blocks[row])
        weak += int(np.isnan(variance[row]).sum())
    return variance, weak


def _warn_unidentified(n_weak: int, n_params: int) -> None:
    warnings.warn(
        f"The information matrix of the item parameters is singular or nearly so: "
        f"{n_weak} of {n_params} item parameters are not identified by the "
        "data (their standard errors are NaN). The design may have too few items for "
        "the model, or items with too few or too uniform responses; add items or "
        "anchors, use a simpler model, or use priors.",
        IdentificationWarning,
        stacklevel=5,
    )


def _inverse_diagonal(information: FloatArray) -> FloatArray:
    """Diagonal of the inverse information, NaN for parameters the data do not identify.

    The matrix is first scaled to unit diagonal, so the diagonal of its inverse is each
    parameter's variance inflation factor (``1 / (1 - R^2)`` against all the others).
    Parameters with no information, or whose inflation exceeds ``_INFLATION_LIMIT`` (they
    lie, up to rounding, in the null space of a singular matrix), get NaN and an
    :class:`IdentificationWarning`; the others are inverted without them.
    """
    n_params = information.shape[0]
    scale = np.sqrt(np.clip(np.diagonal(information), 0.0, None))
    usable = scale > _NO_INFORMATION * max(float(scale.max(initial=0.0)), 1.0)
    correlation = information / np.outer(np.where(usable, scale, 1.0), np.where(usable, scale, 1.0))
    inflation = np.full(n_params, np.inf)
    kept = np.flatnonzero(usable)
    inflation[kept] = _inflation(correlation[np.ix_(kept, kept)])
    weak = ~(inflation <= _INFLATION_LIMIT)
    if weak.any() and kept.size:
        kept = np.flatnonzero(~weak)
        inflation[:] = np.inf
        inflation[kept] = _inflation(correlation[np.ix_(kept, kept)])
        weak = ~(inflation <= _INFLATION_LIMIT)
    if weak.any():
        _warn_unidentified(int(weak.sum()), n_params)
    diag: FloatArray = np.where(weak, np.nan, inflation / np.where(usable, scale, 1.0) ** 2)
    return diag


def _inflation(correlation: FloatArray) -> FloatArray:
    """Diagonal of the inverse of a unit-diagonal matrix (inf where it is not identified)."""
    if correlation.shape[0] == 0:
        return np.empty(0)
    try:
        factor = np.linalg.cholesky(correlation)
        inverse_factor = np.linalg.inv(factor)
        cholesky_diag: FloatArray = np.sum(inverse_factor**2, axis=0)
        if np.all(np.isfinite(cholesky_diag)) and cholesky_diag.max() <= _INFLATION_LIMIT:
            return cholesky_diag
    except np.linalg.LinAlgError:
        pass
    # Singular or nearly: eigenvalues below rounding noise count at the noise level, so
    # only parameters loading on (near-)null directions get a huge inflation.
    values, vectors = np.linalg.eigh(correlation)
    floor = np.finfo(float).eps * correlation.shape[0] * max(float(values.max()), 1.0)
    diag: FloatArray = (vectors**2) @ (1.0 / np.maximum(values, floor))
    return diag
