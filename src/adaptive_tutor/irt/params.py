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

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from adaptive_tutor.exceptions import ItemBankError
from adaptive_tutor.irt._parameter_records import arrays_from_records, records_from_arrays
from adaptive_tutor.irt._parameter_rules import (
    DICHOTOMOUS,
    MAX_LOCATION,
    MAX_SLOPE,
    MODELS,
    ParameterProblem,
    check_D,
    find_parameter_problems,
    item_label,
    raise_problems,
)

__all__ = [
    "MAX_LOCATION",
    "MAX_SLOPE",
    "MODELS",
    "ItemParams",
    "ParameterProblem",
    "find_parameter_problems",
]


def _readonly(array: NDArray[Any]) -> NDArray[Any]:
    array.setflags(write=False)
    return array


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
                f"{item_label(index, item_ids)}: model code {int(codes[index])} is not in "
                f"0..{len(MODELS) - 1}."
            )
        raise_problems(
            find_parameter_problems(self._records(full=True), D=D), item_ids, "item parameters"
        )
        expected = np.where(codes <= 3, 2, np.sum(np.isfinite(steps), axis=1) + 1)
        if not np.array_equal(expected, n_categories):
            index = int(np.flatnonzero(expected != n_categories)[0])
            raise ItemBankError(
                f"{item_label(index, item_ids)}: n_categories is {int(n_categories[index])} "
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

        Parameters
        ----------
        indices : array-like of int
            Positions of the items to keep.

        Returns
        -------
        ItemParams
            Their parameters, in that order.

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

        Parameters
        ----------
        parts : sequence of ItemParams
            The sets to stack, in order; graded items with fewer steps are padded.

        Returns
        -------
        ItemParams
            All their items, in the order given.

        Raises
        ------
        ItemBankError
            If ``parts`` is empty or the parts use different scaling constants ``D``.

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
        return _trusted(*arrays_from_records(records, D, item_ids))

    def to_records(self) -> list[dict[str, Any]]:
        """Return one item-bank ``"irt"`` record per item (only the fields its model uses).

        Returns
        -------
        list of dict
            One ``irt`` record per item, in order.

        Examples
        --------
        >>> ItemParams.dichotomous([1.2], [-0.3]).to_records()
        [{'model': '2PL', 'a': 1.2, 'b': -0.3}]
        """
        return self._records(full=False)

    def _records(self, *, full: bool) -> list[dict[str, Any]]:
        return records_from_arrays(
            self.model_code, self.a, self.b, self.c, self.d, self.steps, self.n_categories, full
        )

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

        Parameters
        ----------
        a, b : array-like of float
            Discrimination and difficulty of each item (equal lengths).
        c, d : array-like of float, optional
            Lower (guessing) and upper asymptotes; a single value applies to every item.
            Default 0 and 1.
        model : {"1PL", "2PL", "3PL", "4PL"}, optional
            Default: the smallest model that fits the parameters given.
        D : float, default 1.0
            The logistic scaling constant (1.702 for the normal-ogive metric).

        Returns
        -------
        ItemParams
            The items, checked.

        Raises
        ------
        ItemBankError
            For arrays of different lengths, an unknown model or parameters out of range.

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
        if model not in DICHOTOMOUS:
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
            check_D(D),
        )

    @classmethod
    def graded(
        cls, a: ArrayLike, thresholds: Sequence[Sequence[float]] | ArrayLike, *, D: float = 1.0
    ) -> ItemParams:
        """Build graded-response (GRM) items; ``thresholds`` is one increasing list per item.

        Rows may have different lengths (ragged lists) or be NaN padded.

        Parameters
        ----------
        a : array-like of float
            Discrimination of each item.
        thresholds : sequence of sequences of float
            Each item's increasing thresholds (ragged lists or NaN padded).
        D : float, default 1.0
            The logistic scaling constant.

        Returns
        -------
        ItemParams
            The items, checked.

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

        Parameters
        ----------
        a : array-like of float
            Discrimination of each item (1 for PCM).
        steps : sequence of sequences of float
            Each item's step difficulties; items may have different numbers of steps.
        model : {"GPCM", "PCM"}, default "GPCM"
            The model of every item.
        D : float, default 1.0
            The logistic scaling constant.

        Returns
        -------
        ItemParams
            The items, checked.

        Raises
        ------
        ItemBankError
            For an unknown model, mismatched lengths or parameters out of range.

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
