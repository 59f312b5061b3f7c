"""Item parameters as item-bank ``"irt"`` records: records to arrays and back.

:meth:`ItemParams.from_records <adaptive_tutor.irt.ItemParams.from_records>` checks
records with the parameter rules and stacks them into arrays;
:meth:`~adaptive_tutor.irt.ItemParams.to_records` writes arrays back as records holding
only the fields each model uses.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from adaptive_tutor.exceptions import ItemBankError
from adaptive_tutor.irt._parameter_rules import (
    DICHOTOMOUS,
    FIXED_UNIT_SLOPE,
    MODELS,
    check_D,
    find_parameter_problems,
    raise_problems,
)

FloatArray = NDArray[np.float64]
ParameterArrays = tuple[
    NDArray[np.int8],
    FloatArray,
    FloatArray,
    FloatArray,
    FloatArray,
    FloatArray,
    NDArray[np.int64],
    float,
    "tuple[str, ...] | None",
]


def arrays_from_records(
    records: Sequence[Mapping[str, Any]], D: float, item_ids: Sequence[str] | None
) -> ParameterArrays:
    """Check records and stack them: model codes, a, b, c, d, steps, categories, D, ids.

    ``b`` of a polytomous item is the mean of its thresholds or steps; ``steps`` is NaN
    padded to the widest item.

    Parameters
    ----------
    records : sequence of mapping
        One ``{"model": ..., "a": ..., ...}`` mapping per item.
    D : float
        Logistic scaling constant.
    item_ids : sequence of str, optional
        Names of the items in problems.

    Returns
    -------
    tuple
        The arrays :class:`~adaptive_tutor.irt.ItemParams` holds, in its field order.

    Raises
    ------
    ItemBankError
        Listing every problem of the records.

    Examples
    --------
    >>> codes, a, b, *_ = arrays_from_records([{"model": "GRM", "thresholds": [-1, 2]}], 1.0, None)
    >>> MODELS[codes[0]], a.tolist(), b.tolist()
    ('GRM', [1.0], [0.5])
    """
    records = list(records)
    if item_ids is not None:
        item_ids = [str(item_id) for item_id in item_ids]
        if len(item_ids) != len(records):
            raise ItemBankError(
                f"ItemParams.from_records got {len(item_ids)} item ids for {len(records)} records."
            )
    if not records:
        raise ItemBankError("ItemParams.from_records needs at least one record.")
    D_value = check_D(D)
    raise_problems(find_parameter_problems(records, D=D_value), item_ids, "item parameters")
    n = len(records)
    codes = np.empty(n, dtype=np.int8)
    a = np.ones(n)
    b = np.zeros(n)
    c = np.zeros(n)
    d = np.ones(n)
    lists: list[list[float]] = []
    for index, record in enumerate(records):
        model = record["model"]
        codes[index] = MODELS.index(model)
        a[index] = float(record.get("a", 1.0))
        c[index] = float(record.get("c", 0.0))
        d[index] = float(record.get("d", 1.0))
        if model in DICHOTOMOUS:
            values = [float(record["b"])]
        else:
            values = [float(v) for v in record["thresholds" if model == "GRM" else "steps"]]
        b[index] = float(np.mean(values))
        lists.append(values)
    width = max(len(values) for values in lists)
    steps = np.full((n, width), np.nan)
    for index, values in enumerate(lists):
        steps[index, : len(values)] = values
    n_categories = np.array([len(values) + 1 for values in lists], dtype=np.int64)
    ids = None if item_ids is None else tuple(item_ids)
    return codes, a, b, c, d, steps, n_categories, D_value, ids


def records_from_arrays(
    model_code: NDArray[np.int8],
    a: FloatArray,
    b: FloatArray,
    c: FloatArray,
    d: FloatArray,
    steps: FloatArray,
    n_categories: NDArray[np.int64],
    full: bool,
) -> list[dict[str, Any]]:
    """One ``"irt"`` record per item; ``full`` keeps ``a`` of the models that fix it.

    Parameters
    ----------
    model_code, a, b, c, d, steps, n_categories : ndarray
        The arrays of :class:`~adaptive_tutor.irt.ItemParams`.
    full : bool
        Write ``a`` for every item (the parameter rules check it), not only where the
        model estimates it.

    Returns
    -------
    list of dict
        The records, in item order.

    Examples
    --------
    >>> one = np.ones(1)
    >>> records_from_arrays(np.array([1], np.int8), one, one * 0.5, one * 0, one,
    ...                     np.full((1, 1), 0.5), np.array([2]), False)
    [{'model': '2PL', 'a': 1.0, 'b': 0.5}]
    """
    records: list[dict[str, Any]] = []
    for index in range(len(model_code)):
        model = MODELS[int(model_code[index])]
        record: dict[str, Any] = {"model": model}
        if full or model not in FIXED_UNIT_SLOPE:
            record["a"] = float(a[index])
        if model in DICHOTOMOUS:
            record["b"] = float(b[index])
            if model in ("3PL", "4PL"):
                record["c"] = float(c[index])
            if model == "4PL":
                record["d"] = float(d[index])
        else:
            count = int(n_categories[index]) - 1
            values = [float(v) for v in steps[index, :count]]
            record["thresholds" if model == "GRM" else "steps"] = values
        records.append(record)
    return records
