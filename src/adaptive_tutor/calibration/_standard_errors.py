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

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from adaptive_tutor.calibration._em import FamilyGroup
from adaptive_tutor.calibration._estep import ResponseDesign, posterior
from adaptive_tutor.calibration._priors import prior_terms

__all__ = ["cross_product_standard_errors"]

FloatArray = NDArray[np.float64]
_CHUNK = 200_000


def _triples(
    design: ResponseDesign,
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
    matrix = design.matrix
    rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    columns = matrix.indices.astype(np.int64)
    return rows, columns // design.n_categories, columns % design.n_categories


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
    """
    free = [g for g in groups if not g.fixed]
    if not free:
        return [None for _ in groups]
    post, _ = posterior(design, log_prob, log_weights)
    rows, items, cats = _triples(design)
    offsets: dict[int, int] = {}
    position = 0
    group_of_item = np.full(design.n_items, -1)
    local_of_item = np.full(design.n_items, -1)
    column_start = np.full(design.n_items, -1)
    for gi, group in enumerate(groups):
        if group.fixed:
            continue
        offsets[gi] = position
        group_of_item[group.items] = gi
        local_of_item[group.items] = np.arange(group.items.size)
        column_start[group.items] = position + np.arange(group.items.size) * group.w.shape[1]
        position += group.w.size
    n_params = position
    blocks: list[sp.coo_matrix] = []
    for gi, group in enumerate(groups):
        if group.fixed:
            continue
        _, grad = group.family.log_prob_grad(group.w, theta, scale)  # (n, p, K, Q)
        mine = np.flatnonzero(group_of_item[items] == gi)
        p = group.w.shape[1]
        for start in range(0, mine.size, _CHUNK):
            sel = mine[start : start + _CHUNK]
            local = local_of_item[items[sel]]
            scores = np.einsum("cq,cpq->cp", post[rows[sel]], grad[local, :, cats[sel], :])
            cols = column_start[items[sel]][:, None] + np.arange(p)[None, :]
            blocks.append(
                sp.coo_matrix(
                    (scores.ravel(), (np.repeat(rows[sel], p), cols.ravel())),
                    shape=(design.n_rows, n_params),
                )
            )
    scores_matrix = sp.csr_matrix(sum(blocks[1:], blocks[0]))
    weighted = scores_matrix.multiply(np.sqrt(design.weights)[:, None]).tocsr()
    information = np.asarray((weighted.T @ weighted).toarray())
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
