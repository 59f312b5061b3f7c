"""Item standard errors from the cross-product (XPD) of learners' score vectors.

At the maximum, the observed information of the marginal likelihood is estimated by
``sum_n w_n s_n s_n^T`` where ``s_n`` is learner ``n``'s score: by Fisher's identity, the
posterior expectation over quadrature nodes of the gradient of their complete-data
log-likelihood (mirt's ``SE.type = "crossprod"``, Bock & Aitkin's original suggestion).
Under priors, minus the Hessian of the log prior is added (MAP information). The
covariance is the inverse of that matrix over all free item parameters at once (items
answered by the same learners are correlated); standard errors on the reporting scale
follow by the delta method. The latent mean and standard deviation, when estimated,
are treated as known.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from adaptive_tutor.calibration._em import FamilyGroup
from adaptive_tutor.calibration._estep import ResponseDesign, posterior
from adaptive_tutor.calibration._priors import prior_terms
from adaptive_tutor.exceptions import IdentificationWarning

__all__ = ["cross_product_standard_errors"]

FloatArray = NDArray[np.float64]
_PRODUCT_BLOCK = 1 << 18  # score entries per block of the cross product
_CHUNK = 8_192  # responses per block: gathers of (block, n_params, n_nodes) stay small
_INFLATION_LIMIT = 1e8  # variance inflation beyond which a parameter counts as unidentified
_NO_INFORMATION = 1e-12  # relative scale of a parameter with no information at all


def cross_product_standard_errors(
    design: ResponseDesign,
    groups: list[FamilyGroup],
    log_prob: FloatArray,
    log_weights: FloatArray,
    theta: FloatArray,
    scale: float,
) -> list[FloatArray | None]:
    """Standard errors of each group's natural parameters (``None`` for fixed groups).

    Each array has the shape of the group's working parameters (n_items, n_params); the
    columns follow the family's ``param_names`` (``a``, ``b``, ``c``, ``d``, thresholds
    or steps) on the reporting scale.

    Memory: the per-learner scores form a CSR matrix with the design's row structure
    (one entry per response and parameter of its item, 12 bytes each), filled in blocks
    of responses; besides it only the posterior (rows x nodes) is held.
    """
    free = [g for g in groups if not g.fixed]
    if not free:
        return [None for _ in groups]
    post, _ = posterior(design, log_prob, log_weights)
    offsets: dict[int, int] = {}
    position = 0
    n_categories = design.n_categories
    width_of_item = np.zeros(design.n_items, dtype=np.int64)
    column_start = np.zeros(design.n_items, dtype=np.int64)
    grads: dict[int, FloatArray] = {}
    group_of_item = np.full(design.n_items, -1)
    local_of_item = np.full(design.n_items, -1)
    for gi, group in enumerate(groups):
        if group.fixed:
            continue
        offsets[gi] = position
        p = group.w.shape[1]
        group_of_item[group.items] = gi
        local_of_item[group.items] = np.arange(group.items.size)
        width_of_item[group.items] = p
        column_start[group.items] = position + np.arange(group.items.size) * p
        position += group.w.size
        grads[gi] = group.family.log_prob_grad(group.w, theta, scale)[1]  # (n, p, K, Q)
    n_params = position
    matrix = design.matrix
    index_dtype = np.int32 if n_params < np.iinfo(np.int32).max else np.int64
    # entries per row of the scores matrix: the widths of the row's responses
    response_width = width_of_item[matrix.indices // n_categories]
    entry_dtype = np.int32 if int(response_width.sum()) < np.iinfo(np.int32).max else np.int64
    entry_end = np.cumsum(response_width, dtype=entry_dtype)
    del response_width
    n_entries = int(entry_end[-1]) if entry_end.size else 0
    indptr = np.zeros(design.n_rows + 1, dtype=np.int64)
    indptr[1:] = np.where(matrix.indptr[1:] > 0, entry_end[matrix.indptr[1:] - 1], 0)
    data = np.empty(n_entries, dtype=np.float64)
    indices: NDArray[np.signedinteger[Any]] = np.empty(n_entries, dtype=index_dtype)
    root_weights = None if np.all(design.weights == 1.0) else np.sqrt(design.weights)
    for start in range(0, matrix.indices.size, _CHUNK):
        stop = min(start + _CHUNK, matrix.indices.size)
        columns = matrix.indices[start:stop]
        item = columns // n_categories
        category = columns % n_categories
        group_of = group_of_item[item]
        for gi, grad in grads.items():
            mine = np.flatnonzero(group_of == gi)
            if mine.size == 0:
                continue
            p = grad.shape[1]
            learners = np.searchsorted(matrix.indptr, start + mine, side="right") - 1
            scores = np.einsum(
                "cq,cpq->cp", post[learners], grad[local_of_item[item[mine]], :, category[mine], :]
            )
            if root_weights is not None:
                scores *= root_weights[learners][:, None]
            where = (entry_end[start + mine] - p)[:, None] + np.arange(p)
            data[where] = scores
            indices[where] = column_start[item[mine]][:, None] + np.arange(p)
    del entry_end, post
    information = _cross_product(data, indices, indptr, n_params)
    del data, indices
    for gi, group in enumerate(groups):
        if group.fixed:
            continue
        curvature = prior_terms(group.priors, group.names, group.w)[2].ravel()
        index = offsets[gi] + np.arange(group.w.size)
        information[index, index] += curvature
    covariance_diag = _inverse_diagonal(information)
    result: list[FloatArray | None] = []
    for gi, group in enumerate(groups):
        if group.fixed:
            result.append(None)
            continue
        working_se = np.sqrt(covariance_diag[offsets[gi] : offsets[gi] + group.w.size])
        result.append(working_se.reshape(group.w.shape) * group.family.natural_jacobian(group.w))
    return result


def _cross_product(
    data: FloatArray,
    indices: NDArray[np.signedinteger[Any]],
    indptr: NDArray[np.int64],
    n_params: int,
) -> FloatArray:
    """``S.T @ S`` (dense) of the CSR matrix ``S``, summed over blocks of rows.

    Blocks of about ``_PRODUCT_BLOCK`` entries keep scipy's format conversion small.
    """
    information = np.zeros((n_params, n_params))
    n_rows = indptr.size - 1
    bounds = np.searchsorted(indptr, np.arange(0, int(indptr[-1]), _PRODUCT_BLOCK), "right") - 1
    starts = np.unique(np.append(bounds, 0))
    for start, stop in zip(starts, np.append(starts[1:], n_rows), strict=True):
        low, high = int(indptr[start]), int(indptr[stop])
        if high == low:
            continue
        block = sp.csr_matrix(
            (data[low:high], indices[low:high], indptr[start : stop + 1] - low),
            shape=(int(stop - start), n_params),
        )
        information += (block.T @ block).toarray()
    return information


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
        warnings.warn(
            f"The information matrix of the item parameters is singular or nearly so: "
            f"{int(weak.sum())} of {n_params} item parameters are not identified by the "
            "data (their standard errors are NaN). The design may have too few items for "
            "the model, or items with too few or too uniform responses; add items or "
            "anchors, use a simpler model, or use priors.",
            IdentificationWarning,
            stacklevel=4,
        )
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
