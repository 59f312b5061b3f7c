"""Model-agnostic functions over a mixed-format :class:`ItemParams`.

Each function dispatches item groups to their model family (dichotomous, graded,
partial credit) and returns arrays shaped ``(n_items, n_theta[, max_categories])``.
Absent categories (an item with fewer categories than ``max_categories``) get
``-inf`` log-probability and 0 probability.

Examples
--------
>>> import numpy as np
>>> from adaptive_tutor.irt import ItemParams, category_prob, expected_score
>>> params = ItemParams.concatenate(
...     [ItemParams.dichotomous([1.0], [0.0]), ItemParams.graded([1.0], [[-1.0, 1.0]])]
... )
>>> category_prob(params, np.array([0.0]))[:, 0, :].round(4)
array([[0.5   , 0.5   , 0.    ],
       [0.2689, 0.4621, 0.2689]])
>>> expected_score(params, np.array([0.0])).round(4)
array([[0.5],
       [1. ]])
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from adaptive_tutor._validation import check_responses, parameter_error
from adaptive_tutor.irt import dichotomous, graded, partial_credit
from adaptive_tutor.irt.params import ItemParams

__all__ = [
    "category_log_prob",
    "category_prob",
    "expected_score",
    "item_information",
    "log_likelihood",
    "test_information",
]

FloatArray = NDArray[np.float64]

_GRM = 4


def _as_theta(theta: ArrayLike, owner: str) -> FloatArray:
    try:
        values = np.atleast_1d(np.asarray(theta, dtype=np.float64))
    except (TypeError, ValueError):
        raise parameter_error("theta", owner, "a 1-D array of finite numbers", theta) from None
    if values.ndim != 1 or not np.all(np.isfinite(values)):
        raise parameter_error("theta", owner, "a 1-D array of finite numbers", theta)
    return values


def _check_params(params: Any, owner: str) -> ItemParams:
    if not isinstance(params, ItemParams):
        raise TypeError(
            f"The 'params' parameter of {owner} must be an ItemParams. Got {type(params).__name__}."
        )
    return params


def _groups(params: ItemParams) -> list[tuple[str, NDArray[np.intp] | None]]:
    """Split items by family; ``None`` indices mean "all items" (the fast path)."""
    codes = params.model_code
    masks = {"dichotomous": codes <= 3, "graded": codes == _GRM, "partial": codes > _GRM}
    groups: list[tuple[str, NDArray[np.intp] | None]] = []
    for family, mask in masks.items():
        if mask.all():
            return [(family, None)]
        if mask.any():
            groups.append((family, np.flatnonzero(mask)))
    return groups


def _family_inputs(
    params: ItemParams, family: str, index: NDArray[np.intp] | None
) -> tuple[ModuleType, tuple[FloatArray, ...]]:
    """The family's module and its item-parameter arguments (those before ``D, theta``)."""

    def pick(values: FloatArray) -> FloatArray:
        return values if index is None else values[index]

    if family == "dichotomous":
        return dichotomous, (pick(params.a), pick(params.b), pick(params.c), pick(params.d))
    module = graded if family == "graded" else partial_credit
    return module, (pick(params.a), pick(params.steps))


def _family_arrays(
    params: ItemParams, family: str, index: NDArray[np.intp] | None, theta: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    module, arguments = _family_inputs(params, family, index)
    arrays: tuple[FloatArray, FloatArray, FloatArray]
    arrays = module.log_prob_derivatives(*arguments, params.D, theta)
    return arrays


def _family_log_prob(
    params: ItemParams, family: str, index: NDArray[np.intp] | None, theta: FloatArray
) -> FloatArray:
    module, arguments = _family_inputs(params, family, index)
    log_p: FloatArray = module.log_prob(*arguments, params.D, theta)
    return log_p


def _place(
    parts: list[tuple[NDArray[np.intp] | None, FloatArray]],
    shape: tuple[int, int, int],
    fill: float,
) -> FloatArray:
    if len(parts) == 1 and parts[0][0] is None and parts[0][1].shape == shape:
        return parts[0][1]
    out = np.full(shape, fill)
    for index, values in parts:
        target = slice(None) if index is None else index
        out[target, :, : values.shape[2]] = values
    return out


def _category_log_prob(params: ItemParams, theta: FloatArray) -> FloatArray:
    """Unchecked :func:`category_log_prob` for internal callers."""
    shape = (params.n_items, theta.shape[0], params.max_categories)
    parts = [
        (index, _family_log_prob(params, family, index, theta)) for family, index in _groups(params)
    ]
    return _place(parts, shape, -np.inf)


def _item_log_prob(params: ItemParams, index: int, theta: FloatArray) -> FloatArray:
    """Log-probabilities ``(n_theta, n_categories_of_item)`` of one item (no copies)."""
    item = slice(index, index + 1)
    code = int(params.model_code[index])
    if code <= 3:
        values = dichotomous.log_prob(
            params.a[item], params.b[item], params.c[item], params.d[item], params.D, theta
        )
    else:
        width = int(params.n_categories[index]) - 1
        steps = params.steps[item, :width]
        family = graded if code == _GRM else partial_credit
        values = family.log_prob(params.a[item], steps, params.D, theta)
    result: FloatArray = values[0]
    return result


def _log_prob_derivatives(
    params: ItemParams, theta: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Log-probabilities, first and second theta-derivatives, each (n_items, n_theta, K)."""
    shape = (params.n_items, theta.shape[0], params.max_categories)
    results = [
        (index, _family_arrays(params, family, index, theta)) for family, index in _groups(params)
    ]
    log_p = _place([(index, r[0]) for index, r in results], shape, -np.inf)
    first = _place([(index, r[1]) for index, r in results], shape, 0.0)
    second = _place([(index, r[2]) for index, r in results], shape, 0.0)
    return log_p, first, second


def _item_information(params: ItemParams, theta: FloatArray) -> FloatArray:
    log_p, first, _ = _log_prob_derivatives(params, theta)
    info: FloatArray = np.sum(np.exp(log_p) * first**2, axis=-1)
    return info


def _log_likelihood_from_table(log_p: FloatArray, responses: FloatArray) -> FloatArray:
    """Sum log-probabilities of observed categories: ``(n_learners, n_theta)``.

    ``log_p`` is ``(n_items, n_theta, K)``; ``responses`` is validated
    ``(n_learners, n_items)`` with NaN for missing. One matrix product per category.
    """
    finite = np.where(np.isfinite(log_p), log_p, 0.0)
    n_categories = log_p.shape[2]
    observed = ~np.isnan(responses)
    # Contiguous operands keep the products on the BLAS path.
    base = np.ascontiguousarray(finite[:, :, 0])
    total: FloatArray
    if observed.all():  # dense data: the category-0 term is the same for every row
        total = np.repeat(base.sum(axis=0)[None, :], responses.shape[0], axis=0)
    else:
        total = observed.astype(np.float64) @ base
    for category in range(1, n_categories):
        indicator = (responses == category).astype(np.float64)
        total += indicator @ np.ascontiguousarray(finite[:, :, category] - base)
    return total


def category_log_prob(params: ItemParams, theta: ArrayLike) -> FloatArray:
    """Log-probability of every score category of every item at every ability.

    Parameters
    ----------
    params : ItemParams
        The items, of any mix of models.
    theta : array-like of shape (n_theta,)
        Abilities.

    Returns
    -------
    ndarray of shape (n_items, n_theta, max_categories)
        ``-inf`` for categories an item does not have.

    Examples
    --------
    >>> import numpy as np
    >>> from adaptive_tutor.irt import ItemParams
    >>> category_log_prob(ItemParams.dichotomous([1.0], [0.0]), [0.0]).round(4)
    array([[[-0.6931, -0.6931]]])
    """
    params = _check_params(params, "category_log_prob")
    return _category_log_prob(params, _as_theta(theta, "category_log_prob"))


def category_prob(params: ItemParams, theta: ArrayLike) -> FloatArray:
    """Probability of every score category (0 for absent categories).

    Parameters
    ----------
    params : ItemParams
        The items, of any mix of models.
    theta : array-like of shape (n_theta,)
        Abilities.

    Returns
    -------
    ndarray of shape (n_items, n_theta, max_categories)
        ``P_k``; 0 for categories an item does not have.

    Examples
    --------
    >>> from adaptive_tutor.irt import ItemParams
    >>> p = category_prob(ItemParams.partial_credit([1.0], [[0.0, 0.0]]), [0.0])
    >>> p.round(4).tolist()
    [[[0.3333, 0.3333, 0.3333]]]
    """
    params = _check_params(params, "category_prob")
    return np.exp(_category_log_prob(params, _as_theta(theta, "category_prob")))


def expected_score(params: ItemParams, theta: ArrayLike) -> FloatArray:
    """Expected item score ``sum_k k P_k(theta)``.

    Parameters
    ----------
    params : ItemParams
        The items, of any mix of models.
    theta : array-like of shape (n_theta,)
        Abilities.

    Returns
    -------
    ndarray of shape (n_items, n_theta)
        The expected score of each item at each ability.

    Examples
    --------
    >>> from adaptive_tutor.irt import ItemParams
    >>> expected_score(ItemParams.dichotomous([1.0], [0.0], c=[0.2]), [0.0]).round(4)
    array([[0.6]])
    """
    params = _check_params(params, "expected_score")
    prob = np.exp(_category_log_prob(params, _as_theta(theta, "expected_score")))
    return np.asarray(prob @ np.arange(prob.shape[2], dtype=np.float64))


def item_information(params: ItemParams, theta: ArrayLike) -> FloatArray:
    """Fisher information of every item at every ability.

    Computed as ``sum_k P_k (d log P_k / d theta)^2`` for every family.

    Parameters
    ----------
    params : ItemParams
        The items, of any mix of models.
    theta : array-like of shape (n_theta,)
        Abilities.

    Returns
    -------
    ndarray of shape (n_items, n_theta)
        The information of each item at each ability.

    Examples
    --------
    >>> from adaptive_tutor.irt import ItemParams
    >>> item_information(ItemParams.dichotomous([2.0], [0.0]), [0.0])
    array([[1.]])
    """
    params = _check_params(params, "item_information")
    return _item_information(params, _as_theta(theta, "item_information"))


def test_information(params: ItemParams, theta: ArrayLike) -> FloatArray:
    """Test information: the sum of item information over items.

    Parameters
    ----------
    params : ItemParams
        The items, of any mix of models.
    theta : array-like of shape (n_theta,)
        Abilities.

    Returns
    -------
    ndarray of shape (n_theta,)
        The summed information of all the items at each ability.

    Examples
    --------
    >>> from adaptive_tutor.irt import ItemParams
    >>> test_information(ItemParams.dichotomous([1.0, 1.0], [0.0, 0.0]), [0.0])
    array([0.5])
    """
    params = _check_params(params, "test_information")
    info: FloatArray = _item_information(params, _as_theta(theta, "test_information")).sum(axis=0)
    return info


test_information.__test__ = False  # type: ignore[attr-defined]  # not a pytest test


def log_likelihood(params: ItemParams, responses: ArrayLike, theta: ArrayLike) -> FloatArray:
    """Log-likelihood of each learner's responses at each ability.

    Parameters
    ----------
    params : ItemParams
        The items, of any mix of models.
    responses : array-like of shape (n_learners, n_items) or (n_items,)
        Integer category scores, NaN where an item was not administered.
    theta : array-like of shape (n_theta,)
        Abilities.

    Returns
    -------
    ndarray of shape (n_learners, n_theta)
        ``log L(theta)`` of each learner's responses.

    Raises
    ------
    ResponseDataError
        Naming the first item whose response is outside its categories.

    Examples
    --------
    >>> import numpy as np
    >>> from adaptive_tutor.irt import ItemParams
    >>> params = ItemParams.dichotomous([1.0, 1.0], [0.0, 0.0])
    >>> log_likelihood(params, [[1, np.nan]], [0.0]).round(4)
    array([[-0.6931]])
    """
    params = _check_params(params, "log_likelihood")
    grid = _as_theta(theta, "log_likelihood")
    matrix = check_responses(
        responses, params.n_categories, "log_likelihood", item_ids=params.item_ids
    )
    return _log_likelihood_from_table(_category_log_prob(params, grid), matrix)
