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

__all__ = ["cross_product_standard_errors"]

FloatArray = NDArray[np.float64]
_PRODUCT_BLOCK = 1 << 18  # score entries per block of the cross product
_CHUNK = 8_192  # responses per block: gathers of (block, n_params, n_nodes) stay small


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
    try:
        factor = np.linalg.cholesky(information)
        inverse_factor = np.linalg.inv(factor)
        diag: FloatArray = np.sum(inverse_factor**2, axis=0)
        return diag
    except np.linalg.LinAlgError:
        warnings.warn(
            "The information matrix of the item parameters is singular; standard errors "
            "of weakly identified parameters are NaN. Check items with few responses or "
            "use priors.",
            UserWarning,
            stacklevel=4,
        )
        diag = np.diagonal(np.linalg.pinv(information)).copy()
        diag[diag <= 0] = np.nan
        return diag
