"""Vectorised item parameters for a possibly mixed-format set of items.

:class:`ItemParams` holds the parameters of every item as flat numpy arrays (one entry
per item) so the probability functions can work on whole banks at once. The rules for
valid parameters live in one pure function, :func:`find_parameter_problems`.

Examples
--------
>>> from adaptive_tutor.irt import ItemParams
>>> params = ItemParams.from_records(
...     [{"model": "2PL", "a": 1.2, "b": -0.3}, {"model": "GRM", "a": 0.9, "thresholds": [-1, 1]}]
... )
>>> params.models, params.n_categories.tolist()
(('2PL', 'GRM'), [2, 3])
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, cast

import numpy as np
from numpy.typing import ArrayLike, NDArray

from adaptive_tutor._validation import is_finite_real, is_real
from adaptive_tutor.exceptions import BankProblem, ItemBankError

__all__ = [
    "MAX_LOCATION",
    "MAX_SLOPE",
    "MODELS",
    "ItemParams",
    "ParameterProblem",
    "find_parameter_problems",
]

MAX_SLOPE = 20.0  # largest accepted D * a
MAX_LOCATION = 20.0  # largest accepted |b|, |threshold|, |step|

MODELS: tuple[str, ...] = ("1PL", "2PL", "3PL", "4PL", "GRM", "GPCM", "PCM")
"""Model names, in the order used by :attr:`ItemParams.model_code`."""

_DICHOTOMOUS = frozenset({"1PL", "2PL", "3PL", "4PL"})
_PARAMETER_FIELDS = ("a", "b", "c", "d", "thresholds", "steps")
_METADATA_FIELDS = frozenset({"model", "se", "calibration"})
_FIELDS_USED: dict[str, frozenset[str]] = {
    "1PL": frozenset({"a", "b"}),
    "2PL": frozenset({"a", "b"}),
    "3PL": frozenset({"a", "b", "c"}),
    "4PL": frozenset({"a", "b", "c", "d"}),
    "GRM": frozenset({"a", "thresholds"}),
    "GPCM": frozenset({"a", "steps"}),
    "PCM": frozenset({"a", "steps"}),
}
_FIXED_UNIT_SLOPE = frozenset({"1PL", "PCM"})


class ParameterProblem(NamedTuple):
    """One problem found in one item's parameters.

    Attributes
    ----------
    index : int
        Position of the item in the records passed to :func:`find_parameter_problems`.
    field : str
        The offending field (``"model"``, ``"a"``, ``"thresholds"``, ...).
    message : str
        What is wrong and what a valid value looks like.

    Examples
    --------
    >>> ParameterProblem(0, "a", "must be > 0").field
    'a'
    """

    index: int  # type: ignore[assignment]  # the agreed name shadows tuple.index
    field: str
    message: str


def _real_list(value: object) -> list[float] | None:
    if isinstance(value, str | bytes | Mapping):
        return None
    try:
        values = list(value)  # type: ignore[call-overload]
    except TypeError:
        return None
    if not all(is_real(item) for item in values):
        return None
    return [float(item) for item in values]


def _record_problems(index: int, record: Mapping[str, Any], D: float) -> list[ParameterProblem]:
    problems: list[ParameterProblem] = []
    location_rule = (
        f"must lie in [-{MAX_LOCATION:g}, {MAX_LOCATION:g}] (locations further out are not "
        "plausible on an ability scale and break the arithmetic)"
    )

    def add(field: str, message: str) -> None:
        problems.append(ParameterProblem(index, field, message))

    model = record.get("model")
    if model not in MODELS:
        add("model", f"must be one of {', '.join(MODELS)}; got {model!r}")
        return problems
    used = _FIELDS_USED[model]
    for field in record:
        if field in _METADATA_FIELDS:
            continue
        if field not in _PARAMETER_FIELDS:
            add(field, f"is not an IRT parameter (known fields: {', '.join(_PARAMETER_FIELDS)})")
        elif field not in used:
            add(field, f"is not used by the {model} model; remove it")
    if "a" in record:
        a = record["a"]
        if not is_finite_real(a) or float(a) <= 0:
            add("a", f"must be a finite number > 0; got {a!r}")
        elif model in _FIXED_UNIT_SLOPE and float(a) != 1.0:
            add("a", f"must be 1 for the {model} model (or omitted); got {a!r}")
        elif D * float(a) > MAX_SLOPE:
            add(
                "a",
                f"must be at most {math.floor(MAX_SLOPE / D * 1e4) / 1e4:g} "
                f"(D * a <= {MAX_SLOPE:g} with D = {D:g}; "
                f"steeper items are implausible and make estimates unstable); got {a!r}",
            )
    if model in _DICHOTOMOUS:
        if "b" not in record:
            add("b", f"is required by the {model} model")
        elif not is_finite_real(record["b"]):
            add("b", f"must be a finite number; got {record['b']!r}")
        elif abs(float(record["b"])) > MAX_LOCATION:
            add("b", f"{location_rule}; got {record['b']!r}")
        c_value = 0.0
        if "c" in record and "c" in used:
            c = record["c"]
            if not is_finite_real(c) or not 0.0 <= float(c) < 1.0:
                add("c", f"must be a number in [0, 1); got {c!r}")
            else:
                c_value = float(c)
        if "d" in record and "d" in used:
            d = record["d"]
            if not is_finite_real(d) or not c_value < float(d) <= 1.0:
                add("d", f"must be a number in (c, 1] with c = {c_value:g}; got {d!r}")
        return problems
    field = "thresholds" if model == "GRM" else "steps"
    if field not in record:
        add(field, f"is required by the {model} model (a list of at least one number)")
        return problems
    values = _real_list(record[field])
    if values is None or not values:
        add(field, f"must be a non-empty list of numbers; got {record[field]!r}")
    elif not all(math.isfinite(value) for value in values):
        add(field, f"must hold finite numbers only; got {record[field]!r}")
    elif any(abs(value) > MAX_LOCATION for value in values):
        add(field, f"{location_rule}; got {record[field]!r}")
    elif model == "GRM" and any(low >= high for low, high in itertools.pairwise(values)):
        add(field, f"must be strictly increasing; got {record[field]!r}")
    return problems


def find_parameter_problems(
    records: Sequence[Mapping[str, Any]], *, D: float = 1.0
) -> list[ParameterProblem]:
    """List every problem in a sequence of item-bank ``"irt"`` parameter records.

    This pure function is the single home of the rules for valid parameters: the model is
    known; ``a`` is finite and > 0 (and 1 for 1PL and PCM, if given); ``b`` is finite;
    ``c`` is in [0, 1) for 3PL/4PL; ``d`` is in (c, 1] for 4PL; GRM thresholds are finite
    and strictly increasing; GPCM/PCM steps are finite; each model uses only its own
    fields (``se`` and ``calibration`` metadata are ignored). Plausibility limits reject
    finite but absurd values that would later overflow: ``D * a <= 20`` and every
    location (``b``, thresholds, steps) in ``[-20, 20]``.

    Parameters
    ----------
    records : sequence of mapping
        Each in the item-bank JSON ``"irt"`` shape, e.g. ``{"model": "2PL", "a": 1.2,
        "b": -0.3}``.
    D : float, default=1.0
        Logistic scaling constant of the scale (the slope limit applies to ``D * a``).

    Returns
    -------
    list of ParameterProblem
        Empty when every record is valid.

    Examples
    --------
    >>> find_parameter_problems([{"model": "2PL", "a": 1.0, "b": 0.0}])
    []
    >>> find_parameter_problems([{"model": "2PL", "a": -1.0, "b": 0.0, "c": 0.2}])
    [ParameterProblem(index=0, field='c', message='is not used by the 2PL model; remove it'),
     ParameterProblem(index=0, field='a', message='must be a finite number > 0; got -1.0')]
    >>> find_parameter_problems([{"model": "2PL", "a": 1.0, "b": 1e308}])[0].message
    'must lie in [-20, 20] (locations further out are not plausible on an ability scale \
and break the arithmetic); got 1e+308'
    """
    problems: list[ParameterProblem] = []
    for index, record in enumerate(records):
        if not isinstance(cast(object, record), Mapping):
            problems.append(
                ParameterProblem(index, "irt", f"must be a mapping; got {type(record).__name__}")
            )
            continue
        problems.extend(_record_problems(index, record, D))
    return problems


def _readonly(array: NDArray[Any]) -> NDArray[Any]:
    array.setflags(write=False)
    return array


def _item_label(index: int, item_ids: Sequence[str] | None) -> str:
    if item_ids is not None:
        return f"item {item_ids[index]!r}"
    return f"item at index {index}"


def _raise_problems(
    problems: list[ParameterProblem], item_ids: Sequence[str] | None, what: str
) -> None:
    if not problems:
        return
    found = [
        BankProblem(
            "",
            f"{problem.message}"
            + ("" if item_ids is not None else f" (the item at index {problem.index})"),
            item=item_ids[problem.index] if item_ids is not None else None,
            field=problem.field,
        )
        for problem in problems
    ]
    raise ItemBankError(
        f"Invalid {what} ({len(found)} problem(s)):\n  " + "\n  ".join(map(str, found)),
        problems=found,
    )


@dataclass(frozen=True, eq=False)
class ItemParams:
    """Immutable, vectorised parameters of a (possibly mixed-format) set of items.

    Build instances with :meth:`from_records`, :meth:`dichotomous`, :meth:`graded` or
    :meth:`partial_credit`; the constructor is for code that already holds validated
    arrays (it still checks shapes and parameter rules).

    Parameters
    ----------
    model_code : array of int8, shape (n_items,)
        Index of each item's model in :data:`MODELS`.
    a, b, c, d : array of float, shape (n_items,)
        Slope, location (mean of thresholds/steps for polytomous items), lower and upper
        asymptote.
    steps : array of float, shape (n_items, max_categories - 1)
        GRM thresholds or GPCM/PCM step difficulties, NaN padded; column 0 holds ``b``
        for dichotomous items.
    n_categories : array of int64, shape (n_items,)
        Number of score categories of each item.
    D : float, default=1.0
        Logistic scaling constant (1.702 for the normal-ogive metric).
    item_ids : tuple of str, optional
        Item identifiers, used only to name items in error messages.

    Examples
    --------
    >>> params = ItemParams.dichotomous([1.0, 1.5], [0.0, 0.5])
    >>> params.n_items, params.models
    (2, ('2PL', '2PL'))
    """

    model_code: NDArray[np.int8]
    a: NDArray[np.float64]
    b: NDArray[np.float64]
    c: NDArray[np.float64]
    d: NDArray[np.float64]
    steps: NDArray[np.float64]
    n_categories: NDArray[np.int64]
    D: float = 1.0
    item_ids: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        codes = np.asarray(self.model_code)
        if codes.ndim != 1 or not np.issubdtype(codes.dtype, np.integer):
            raise ItemBankError("The 'model_code' of ItemParams must be a 1-D integer array.")
        n = codes.shape[0]
        arrays: dict[str, NDArray[Any]] = {"model_code": codes.astype(np.int8)}
        for name in ("a", "b", "c", "d"):
            values = np.asarray(getattr(self, name), dtype=np.float64)
            if values.shape != (n,):
                raise ItemBankError(
                    f"The {name!r} array of ItemParams must have shape ({n},); got {values.shape}."
                )
            arrays[name] = values.copy()
        steps = np.asarray(self.steps, dtype=np.float64)
        if steps.ndim != 2 or steps.shape[0] != n or steps.shape[1] < 1:
            raise ItemBankError(
                f"The 'steps' array of ItemParams must have shape ({n}, K - 1) with K >= 2; "
                f"got {steps.shape}."
            )
        arrays["steps"] = steps.copy()
        n_categories = np.asarray(self.n_categories, dtype=np.int64)
        if n_categories.shape != (n,):
            raise ItemBankError(
                f"The 'n_categories' array of ItemParams must have shape ({n},); "
                f"got {n_categories.shape}."
            )
        arrays["n_categories"] = n_categories.copy()
        D = float(self.D)
        if not math.isfinite(D) or D <= 0:
            raise ItemBankError(
                f"The 'D' parameter of ItemParams must be a finite number > 0. Got {self.D!r}."
            )
        item_ids = None if self.item_ids is None else tuple(str(i) for i in self.item_ids)
        if item_ids is not None and len(item_ids) != n:
            raise ItemBankError(f"ItemParams got {len(item_ids)} item ids for {n} items.")
        for name, value in arrays.items():
            object.__setattr__(self, name, _readonly(value))
        object.__setattr__(self, "D", D)
        object.__setattr__(self, "item_ids", item_ids)
        bad_codes = (codes < 0) | (codes >= len(MODELS))
        if np.any(bad_codes):
            index = int(np.flatnonzero(bad_codes)[0])
            raise ItemBankError(
                f"{_item_label(index, item_ids)}: model code {int(codes[index])} is not in "
                f"0..{len(MODELS) - 1}."
            )
        _raise_problems(
            find_parameter_problems(self._records(full=True), D=D), item_ids, "item parameters"
        )
        expected = np.where(codes <= 3, 2, np.sum(np.isfinite(steps), axis=1) + 1)
        if not np.array_equal(expected, n_categories):
            index = int(np.flatnonzero(expected != n_categories)[0])
            raise ItemBankError(
                f"{_item_label(index, item_ids)}: n_categories is {int(n_categories[index])} "
                f"but its parameters define {int(expected[index])} categories."
            )

    # ------------------------------------------------------------------ properties
    @property
    def n_items(self) -> int:
        """Number of items.

        Examples
        --------
        >>> ItemParams.dichotomous([1.0], [0.0]).n_items
        1
        """
        return int(self.model_code.shape[0])

    @property
    def models(self) -> tuple[str, ...]:
        """Model name of each item.

        Examples
        --------
        >>> ItemParams.graded([1.0], [[-1.0, 1.0]]).models
        ('GRM',)
        """
        return tuple(MODELS[int(code)] for code in self.model_code)

    @property
    def is_dichotomous(self) -> NDArray[np.bool_]:
        """Boolean mask of the 1PL-4PL items.

        Examples
        --------
        >>> ItemParams.dichotomous([1.0], [0.0]).is_dichotomous.tolist()
        [True]
        """
        return self.model_code <= 3

    @property
    def max_categories(self) -> int:
        """Largest number of categories over the items (``K_max``).

        Examples
        --------
        >>> ItemParams.partial_credit([1.0], [[0.0, 1.0, 2.0]]).max_categories
        4
        """
        return int(self.steps.shape[1]) + 1

    # ------------------------------------------------------------------ structure
    def take(self, indices: ArrayLike) -> ItemParams:
        """Return the parameters of the items at ``indices`` (in that order).

        Examples
        --------
        >>> params = ItemParams.dichotomous([1.0, 2.0, 3.0], [0.0, 0.0, 0.0])
        >>> params.take([2, 0]).a.tolist()
        [3.0, 1.0]
        """
        index = np.asarray(indices, dtype=np.intp).reshape(-1)
        n_categories = self.n_categories[index]
        width = max(int(n_categories.max(initial=2)) - 1, 1)
        ids = None if self.item_ids is None else tuple(self.item_ids[i] for i in index)
        return _trusted(
            self.model_code[index],
            self.a[index],
            self.b[index],
            self.c[index],
            self.d[index],
            self.steps[index, :width],
            n_categories,
            self.D,
            ids,
        )

    @classmethod
    def concatenate(cls, parts: Sequence[ItemParams]) -> ItemParams:
        """Stack several parameter sets (sharing one ``D``) into one.

        Examples
        --------
        >>> both = ItemParams.concatenate(
        ...     [ItemParams.dichotomous([1.0], [0.0]), ItemParams.graded([1.0], [[-1.0, 1.0]])]
        ... )
        >>> both.models, both.steps.shape
        (('2PL', 'GRM'), (2, 2))
        """
        if not parts:
            raise ItemBankError("ItemParams.concatenate needs at least one ItemParams.")
        D = parts[0].D
        if any(part.D != D for part in parts):
            raise ItemBankError(
                "ItemParams.concatenate needs parts on one scale; got D values "
                f"{sorted({part.D for part in parts})}."
            )
        width = max(part.steps.shape[1] for part in parts)
        steps = np.vstack(
            [
                np.pad(
                    part.steps, ((0, 0), (0, width - part.steps.shape[1])), constant_values=np.nan
                )
                for part in parts
            ]
        )
        has_ids = all(part.item_ids is not None for part in parts)
        ids = tuple(i for part in parts for i in (part.item_ids or ())) if has_ids else None
        return _trusted(
            np.concatenate([part.model_code for part in parts]),
            np.concatenate([part.a for part in parts]),
            np.concatenate([part.b for part in parts]),
            np.concatenate([part.c for part in parts]),
            np.concatenate([part.d for part in parts]),
            steps,
            np.concatenate([part.n_categories for part in parts]),
            D,
            ids,
        )

    # ------------------------------------------------------------------ records
    @classmethod
    def from_records(
        cls,
        records: Sequence[Mapping[str, Any]],
        *,
        D: float = 1.0,
        item_ids: Sequence[str] | None = None,
    ) -> ItemParams:
        """Build parameters from item-bank ``"irt"`` records, validating every rule.

        Parameters
        ----------
        records : sequence of mapping
            One ``{"model": ..., "a": ..., ...}`` mapping per item; a missing ``a`` means
            1, a missing ``c`` 0 and a missing ``d`` 1.
        D : float, default=1.0
            Logistic scaling constant.
        item_ids : sequence of str, optional
            Used to name items in error messages (and kept on the result).

        Raises
        ------
        ItemBankError
            Listing every problem, each naming the item id (or index) and field.

        Examples
        --------
        >>> params = ItemParams.from_records([{"model": "3PL", "a": 1.1, "b": 0.2, "c": 0.25}])
        >>> float(params.c[0])
        0.25
        >>> ItemParams.from_records([{"model": "GRM", "thresholds": [1, 0]}], item_ids=["q1"])
        Traceback (most recent call last):
        ...
        adaptive_tutor.exceptions.ItemBankError: Invalid item parameters (1 problem(s)):
          item 'q1': field 'thresholds': must be strictly increasing; got [1, 0]
        """
        records = list(records)
        if item_ids is not None:
            item_ids = [str(item_id) for item_id in item_ids]
            if len(item_ids) != len(records):
                raise ItemBankError(
                    f"ItemParams.from_records got {len(item_ids)} item ids for "
                    f"{len(records)} records."
                )
        if not records:
            raise ItemBankError("ItemParams.from_records needs at least one record.")
        D_value = _check_D(D)
        _raise_problems(find_parameter_problems(records, D=D_value), item_ids, "item parameters")
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
            if model in _DICHOTOMOUS:
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
        return _trusted(codes, a, b, c, d, steps, n_categories, D_value, ids)

    def to_records(self) -> list[dict[str, Any]]:
        """Return one item-bank ``"irt"`` record per item (only the fields its model uses).

        Examples
        --------
        >>> ItemParams.dichotomous([1.2], [-0.3]).to_records()
        [{'model': '2PL', 'a': 1.2, 'b': -0.3}]
        """
        return self._records(full=False)

    def _records(self, *, full: bool) -> list[dict[str, Any]]:
        records: list[dict[str, Any]] = []
        for index in range(self.n_items):
            model = MODELS[int(self.model_code[index])]
            record: dict[str, Any] = {"model": model}
            if full or model not in _FIXED_UNIT_SLOPE:
                record["a"] = float(self.a[index])
            if model in _DICHOTOMOUS:
                record["b"] = float(self.b[index])
                if model in ("3PL", "4PL"):
                    record["c"] = float(self.c[index])
                if model == "4PL":
                    record["d"] = float(self.d[index])
            else:
                count = int(self.n_categories[index]) - 1
                values = [float(v) for v in self.steps[index, :count]]
                record["thresholds" if model == "GRM" else "steps"] = values
            records.append(record)
        return records

    # ------------------------------------------------------------------ constructors
    @classmethod
    def dichotomous(
        cls,
        a: ArrayLike,
        b: ArrayLike,
        c: ArrayLike | None = None,
        d: ArrayLike | None = None,
        *,
        model: str | None = None,
        D: float = 1.0,
    ) -> ItemParams:
        """Build 1PL-4PL items from parameter arrays.

        The model defaults to the smallest one that fits: 4PL if ``d`` is given, 3PL if
        ``c`` is given, else 2PL. Pass ``model="1PL"`` for Rasch items (``a`` must be 1).

        Examples
        --------
        >>> ItemParams.dichotomous([1.0, 1.0], [0.0, 1.0], c=[0.2, 0.25]).models
        ('3PL', '3PL')
        """
        a_arr = np.atleast_1d(np.asarray(a, dtype=np.float64))
        b_arr = np.atleast_1d(np.asarray(b, dtype=np.float64))
        if a_arr.ndim != 1 or a_arr.shape != b_arr.shape:
            raise ItemBankError(
                "ItemParams.dichotomous needs 1-D 'a' and 'b' of equal length; got shapes "
                f"{a_arr.shape} and {b_arr.shape}."
            )
        n = a_arr.shape[0]
        c_arr = np.zeros(n) if c is None else np.broadcast_to(np.asarray(c, float), (n,)).copy()
        d_arr = np.ones(n) if d is None else np.broadcast_to(np.asarray(d, float), (n,)).copy()
        if model is None:
            model = "4PL" if d is not None else "3PL" if c is not None else "2PL"
        if model not in _DICHOTOMOUS:
            raise ItemBankError(
                f"The 'model' parameter of ItemParams.dichotomous must be one of 1PL, 2PL, "
                f"3PL, 4PL. Got {model!r}."
            )
        codes = np.full(n, MODELS.index(model), dtype=np.int8)
        return cls(
            codes,
            a_arr,
            b_arr,
            c_arr,
            d_arr,
            b_arr.reshape(n, 1),
            np.full(n, 2, dtype=np.int64),
            _check_D(D),
        )

    @classmethod
    def graded(
        cls, a: ArrayLike, thresholds: Sequence[Sequence[float]] | ArrayLike, *, D: float = 1.0
    ) -> ItemParams:
        """Build graded-response (GRM) items; ``thresholds`` is one increasing list per item.

        Rows may have different lengths (ragged lists) or be NaN padded.

        Examples
        --------
        >>> ItemParams.graded([1.0, 2.0], [[-1.0, 0.0, 1.0], [0.5]]).n_categories.tolist()
        [4, 2]
        """
        return cls._polytomous("GRM", a, thresholds, D)

    @classmethod
    def partial_credit(
        cls,
        a: ArrayLike,
        steps: Sequence[Sequence[float]] | ArrayLike,
        *,
        model: str = "GPCM",
        D: float = 1.0,
    ) -> ItemParams:
        """Build generalized partial credit (GPCM) or partial credit (PCM) items.

        Examples
        --------
        >>> ItemParams.partial_credit([1.0], [[0.5, -0.5]], model="PCM").models
        ('PCM',)
        """
        if model not in ("GPCM", "PCM"):
            raise ItemBankError(
                f"The 'model' parameter of ItemParams.partial_credit must be one of 'GPCM', "
                f"'PCM'. Got {model!r}."
            )
        return cls._polytomous(model, a, steps, D)

    @classmethod
    def _polytomous(
        cls, model: str, a: ArrayLike, rows: Sequence[Sequence[float]] | ArrayLike, D: float
    ) -> ItemParams:
        a_arr = np.atleast_1d(np.asarray(a, dtype=np.float64))
        row_list = [np.asarray(row, dtype=np.float64).reshape(-1) for row in rows]  # type: ignore[union-attr]
        row_list = [row[~np.isnan(row)] for row in row_list]
        if a_arr.ndim != 1 or len(row_list) != a_arr.shape[0]:
            raise ItemBankError(
                f"ItemParams for {model} needs one row of parameters per slope; got "
                f"{len(row_list)} rows and {a_arr.shape[0]} slopes."
            )
        field = "thresholds" if model == "GRM" else "steps"
        records: list[dict[str, Any]] = [
            {"model": model, "a": float(slope), field: row.tolist()}
            for slope, row in zip(a_arr, row_list, strict=True)
        ]
        return cls.from_records(records, D=D)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ItemParams):
            return NotImplemented
        return (
            self.D == other.D
            and self.item_ids == other.item_ids
            and np.array_equal(self.model_code, other.model_code)
            and np.array_equal(self.n_categories, other.n_categories)
            and all(
                np.array_equal(getattr(self, name), getattr(other, name), equal_nan=True)
                for name in ("a", "b", "c", "d", "steps")
            )
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        counts: dict[str, int] = {}
        for model in self.models:
            counts[model] = counts.get(model, 0) + 1
        summary = ", ".join(f"{count} {model}" for model, count in counts.items())
        return f"ItemParams({self.n_items} items: {summary}; D={self.D:g})"


def _check_D(D: object) -> float:
    if not is_finite_real(D) or float(D) <= 0:
        raise ItemBankError(
            f"The 'D' parameter of ItemParams must be a finite number > 0. Got {D!r}."
        )
    return float(D)


def _trusted(
    model_code: NDArray[Any],
    a: NDArray[Any],
    b: NDArray[Any],
    c: NDArray[Any],
    d: NDArray[Any],
    steps: NDArray[Any],
    n_categories: NDArray[Any],
    D: float,
    item_ids: tuple[str, ...] | None,
) -> ItemParams:
    """Build an ItemParams from arrays known to be valid, skipping the checks."""
    params = object.__new__(ItemParams)
    values: dict[str, Any] = {
        "model_code": _readonly(np.array(model_code, dtype=np.int8)),
        "a": _readonly(np.array(a, dtype=np.float64)),
        "b": _readonly(np.array(b, dtype=np.float64)),
        "c": _readonly(np.array(c, dtype=np.float64)),
        "d": _readonly(np.array(d, dtype=np.float64)),
        "steps": _readonly(np.array(steps, dtype=np.float64)),
        "n_categories": _readonly(np.array(n_categories, dtype=np.int64)),
        "D": float(D),
        "item_ids": item_ids,
    }
    for name, value in values.items():
        object.__setattr__(params, name, value)
    return params
