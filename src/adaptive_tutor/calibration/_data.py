"""Turn response logs of any accepted shape into one sparse, validated representation.

Three input shapes are accepted and all end up as :class:`ResponseData`, a list of
observed ``(learner, item, category)`` triples sorted by learner then item:

* a long-format :class:`pandas.DataFrame` with columns ``learner_id, item_id, response``
  (and optionally ``timestamp``);
* a learners x items matrix (:class:`numpy.ndarray` or a wide :class:`~pandas.DataFrame`
  whose columns are item ids), ``NaN`` meaning "not administered";
* a list of pyirt-style ``(user, item, correct)`` tuples.

Nothing is silently dropped: malformed values raise
:class:`~adaptive_tutor.exceptions.ResponseDataError` naming the offending items, and the
only rows ever removed are duplicates under an explicit ``duplicate_policy`` of
``"first"`` or ``"last"``, which is announced with a :class:`ResponseDataWarning`.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from adaptive_tutor._validation import name_some, plain
from adaptive_tutor.exceptions import ResponseDataError
from adaptive_tutor.response_log import check_log_integrity

__all__ = ["DUPLICATE_POLICIES", "ResponseData", "ResponseDataWarning", "prepare_responses"]

DUPLICATE_POLICIES = ("error", "first", "last")
_LONG_COLUMNS = ("learner_id", "item_id", "response")
_MAX_NAMED = 5
_BLOCK = 1 << 20  # responses per block of chunked temporaries


class ResponseDataWarning(UserWarning):
    """Response data were accepted but something about them deserves attention.

    Raised for duplicate rows removed under ``duplicate_policy="first"``/``"last"`` and
    for learners who answered fewer than two items (kept: under marginal maximum
    likelihood a single answer still carries information about the item).

    Examples
    --------
    >>> issubclass(ResponseDataWarning, UserWarning)
    True
    """


@dataclass(frozen=True)
class ResponseData:
    """Observed responses as sorted ``(learner, item, category)`` index triples.

    Parameters
    ----------
    learner_ids : ndarray of object, shape (n_learners,)
        Learner identifiers in index order.
    item_ids : tuple of str
        Item identifiers in index order (sorted for long-format input, column order for
        matrices).
    learner : ndarray of int32, shape (n_responses,)
        Learner index of each response; non-decreasing.
    item : ndarray of int32, shape (n_responses,)
        Item index of each response; increasing within a learner.
    response : ndarray of int16, shape (n_responses,)
        Integer category score of each response.

    Examples
    --------
    >>> data = prepare_responses(np.array([[0.0, 1.0], [1.0, np.nan]]))
    >>> data.n_learners, data.n_items, data.n_responses
    (2, 2, 3)
    >>> data.item_ids
    ('item_0', 'item_1')
    """

    learner_ids: NDArray[Any]
    item_ids: tuple[str, ...]
    learner: NDArray[np.int32]
    item: NDArray[np.int32]
    response: NDArray[np.int16]

    @property
    def n_learners(self) -> int:
        """Number of learners.

        Examples
        --------
        >>> prepare_responses([("ann", "q1", 1), ("bob", "q1", 0)]).n_learners
        2
        """
        return len(self.learner_ids)

    @property
    def n_items(self) -> int:
        """Number of items.

        Examples
        --------
        >>> prepare_responses([("ann", "q1", 1), ("ann", "q2", 0)]).n_items
        2
        """
        return len(self.item_ids)

    @property
    def n_responses(self) -> int:
        """Number of observed responses.

        Examples
        --------
        >>> prepare_responses([("ann", "q1", 1), ("ann", "q2", 0)]).n_responses
        2
        """
        return int(self.response.size)

    @property
    def density(self) -> float:
        """Fraction of the learners x items cells that were observed.

        Examples
        --------
        >>> prepare_responses(np.array([[0.0, np.nan], [1.0, 1.0]])).density
        0.75
        """
        cells = self.n_learners * self.n_items
        return self.n_responses / cells if cells else 0.0

    def max_response(self) -> NDArray[np.int64]:
        """Highest category observed for each item (-1 for items never answered).

        Returns
        -------
        ndarray of int, shape (n_items,)
            The highest category of each item (-1 when never answered).

        Examples
        --------
        >>> prepare_responses(np.array([[0.0, 2.0], [1.0, 0.0]])).max_response()
        array([1, 2])
        """
        result = np.full(self.n_items, -1, dtype=np.int64)
        np.maximum.at(result, self.item, self.response.astype(np.int64))
        return result

    def category_counts(self, n_categories: int) -> NDArray[np.int64]:
        """Number of responses in each category per item, shape (n_items, n_categories).

        Parameters
        ----------
        n_categories : int
            Number of columns: at least the highest category + 1.

        Returns
        -------
        ndarray of int, shape (n_items, n_categories)
            How many responses fall in each category of each item.

        Examples
        --------
        >>> prepare_responses(np.array([[0.0, 2.0], [1.0, 0.0]])).category_counts(3)
        array([[1, 1, 0],
               [1, 0, 1]])
        """
        flat = self.item.astype(np.int64) * n_categories + self.response
        counts = np.bincount(flat, minlength=self.n_items * n_categories)
        return counts.reshape(self.n_items, n_categories)

    def responses_per_learner(self) -> NDArray[np.int64]:
        """Number of responses of each learner.

        Returns
        -------
        ndarray of int, shape (n_learners,)
            Responses per learner, in index order.

        Examples
        --------
        >>> prepare_responses(np.array([[0.0, np.nan], [1.0, 1.0]])).responses_per_learner()
        array([1, 2])
        """
        return np.bincount(self.learner, minlength=self.n_learners)

    def to_matrix(self) -> NDArray[np.float64]:
        """Learners x items float matrix with ``NaN`` for responses not observed.

        Returns
        -------
        ndarray of float, shape (n_learners, n_items)
            Category scores, NaN where an item was not answered.

        Examples
        --------
        >>> prepare_responses([("ann", "q1", 1), ("bob", "q2", 0)]).to_matrix()
        array([[ 1., nan],
               [nan,  0.]])
        """
        matrix = np.full((self.n_learners, self.n_items), np.nan)
        matrix[self.learner, self.item] = self.response
        return matrix


def prepare_responses(
    data: Any,
    *,
    item_ids: Sequence[str] | None = None,
    duplicate_policy: str = "error",
    owner: str = "prepare_responses",
) -> ResponseData:
    """Validate responses in any accepted shape and return them as :class:`ResponseData`.

    Parameters
    ----------
    data : DataFrame, ndarray or list of tuples
        A long-format frame with columns ``learner_id, item_id, response[, timestamp]``;
        a learners x items matrix (ndarray, or a wide DataFrame with item-id columns and
        learner-id index) with ``NaN`` for "not administered"; or a list of pyirt-style
        ``(user, item, correct)`` tuples.
    item_ids : sequence of str, optional
        Column names for an ndarray (default ``item_0, item_1, ...``). Ignored for other
        shapes, which carry their own ids.
    duplicate_policy : {"error", "first", "last"}, default "error"
        What to do when a (learner, item) pair occurs more than once in long-format data
        or tuples: raise, or keep the first / last occurrence (by ``timestamp`` when the
        frame has one, else by row order) with a :class:`ResponseDataWarning`.
    owner : str
        Name used in error messages.

    Returns
    -------
    ResponseData
        The responses as sorted index triples with their learner and item ids.

    Raises
    ------
    ResponseDataError
        Empty data, missing columns, missing or non-integer or negative responses, or
        duplicates under ``duplicate_policy="error"``.

    Examples
    --------
    >>> frame = pd.DataFrame({"learner_id": ["a", "a", "b"], "item_id": ["q2", "q1", "q1"],
    ...                       "response": [1, 0, 1]})
    >>> data = prepare_responses(frame)
    >>> data.item_ids, data.learner.tolist(), data.item.tolist(), data.response.tolist()
    (('q1', 'q2'), [0, 0, 1], [0, 1, 0], [0, 1, 1])
    """
    if duplicate_policy not in DUPLICATE_POLICIES:
        options = ", ".join(repr(p) for p in DUPLICATE_POLICIES)
        raise ValueError(
            f"The 'duplicate_policy' parameter of {owner} must be one of {options}. "
            f"Got {duplicate_policy!r}."
        )
    if isinstance(data, pd.DataFrame):
        columns = set(map(str, data.columns))
        if set(_LONG_COLUMNS) <= columns:
            return _from_long(data, duplicate_policy)
        if {"learner_id", "item_id"} <= columns:
            others = sorted(columns - {"learner_id", "item_id", "timestamp"})
            raise ResponseDataError(
                f"The responses passed to {owner} look like a long-format log ('learner_id' "
                "and 'item_id' columns) but have no 'response' column; a long log needs the "
                "columns learner_id, item_id, response (and optionally timestamp). Rename "
                f"the score column to 'response' (other columns: {name_some(others) or 'none'})."
            )
        return _from_matrix(
            data.to_numpy(dtype=float, na_value=np.nan) if _numeric_frame(data) else data,
            [str(c) for c in data.columns],
            np.asarray(data.index, dtype=object),
        )
    if isinstance(data, np.ndarray):
        if data.ndim != 2:
            raise ResponseDataError(
                f"A response matrix must be 2-D (learners x items). Got shape {data.shape}."
            )
        names = (
            [str(i) for i in item_ids]
            if item_ids is not None
            else [f"item_{j}" for j in range(data.shape[1])]
        )
        if len(names) != data.shape[1]:
            raise ResponseDataError(
                f"item_ids has {len(names)} entries but the matrix has {data.shape[1]} columns."
            )
        return _from_matrix(data, names, np.arange(data.shape[0]).astype(object))
    if isinstance(data, (list, tuple)):
        return _from_tuples(data, duplicate_policy)
    raise ResponseDataError(
        "Responses must be a long-format DataFrame (learner_id, item_id, response), a "
        "learners x items matrix (ndarray or DataFrame) or a list of (user, item, correct) "
        f"tuples. Got {type(data).__name__}."
    )


def _numeric_frame(frame: pd.DataFrame) -> bool:
    return all(pd.api.types.is_numeric_dtype(dtype) for dtype in frame.dtypes)


def _from_tuples(records: Sequence[Any], duplicate_policy: str) -> ResponseData:
    if len(records) == 0:
        raise ResponseDataError("No responses: the list of (user, item, correct) is empty.")
    bad = [i for i, r in enumerate(records[:100_000]) if not _is_triple(r)]
    if bad:
        raise ResponseDataError(
            "Each response tuple must be (user, item, correct); entries at positions "
            f"{bad[:_MAX_NAMED]} are not 3-tuples."
        )
    users, items, values = zip(*records, strict=True)
    frame = pd.DataFrame(
        {"learner_id": list(users), "item_id": list(items), "response": list(values)}
    )
    return _from_long(frame, duplicate_policy)


def _is_triple(record: Any) -> bool:
    return isinstance(record, (tuple, list)) and len(record) == 3


def _from_long(frame: pd.DataFrame, duplicate_policy: str) -> ResponseData:
    check_log_integrity(frame, "Calibrator")  # columns, missing or mixed ids, text scores
    frame = frame.rename(columns=str)
    if len(frame) == 0:
        raise ResponseDataError("No responses: the response frame is empty.")
    learner_codes, learner_ids = _factorize_learners(frame["learner_id"])
    item_codes, item_names = _factorize_items(frame["item_id"])
    values = _numeric_values(frame["response"])
    finite = np.isfinite(values)
    if not finite.all():
        bad_items = _names(item_names, item_codes[~finite])
        raise ResponseDataError(
            f"{int((~finite).sum())} response(s) are missing or not finite (items "
            f"{bad_items}). Long-format logs list administered items only: remove those "
            "rows or record the score."
        )
    del finite
    _check_codes(values, item_codes, item_names)
    responses = values.astype(np.int16)
    del values
    n_items = len(item_names)
    key = learner_codes.astype(np.int64) * n_items + item_codes
    if "timestamp" in frame.columns and duplicate_policy != "error":
        order = np.lexsort((np.asarray(pd.factorize(frame["timestamp"], sort=True)[0]), key))
    elif bool(np.all(key[1:] > key[:-1])):
        order = None  # already sorted by learner then item, without repeats
    else:
        order = np.argsort(key, kind="stable")
    learner, item = learner_codes, item_codes
    if order is not None:
        key, learner, item, responses = key[order], learner[order], item[order], responses[order]
        del order
        repeated = key[1:] == key[:-1]
        if repeated.any():
            keep = _resolve_duplicates(
                repeated, key, n_items, item_names, learner_ids, duplicate_policy
            )
            learner, item, responses = learner[keep], item[keep], responses[keep]
        del repeated
    del key
    return ResponseData(
        learner_ids=np.asarray(learner_ids, dtype=object),
        item_ids=item_names,
        learner=learner,
        item=item,
        response=responses,
    )


def _factorize_learners(column: pd.Series) -> tuple[NDArray[np.int32], NDArray[Any]]:
    """Learner codes and ids, in order of first appearance."""
    integer = _integer_codes(column, sort=False)
    if integer is not None:
        return integer
    raw_codes, learner_ids = pd.factorize(column, use_na_sentinel=True)
    if (raw_codes < 0).any():
        rows = np.flatnonzero(raw_codes < 0)[:_MAX_NAMED].tolist()
        raise ResponseDataError(f"learner_id is missing in row(s) {rows}.")
    return raw_codes.astype(np.int32), np.asarray(learner_ids)


def _integer_codes(
    column: pd.Series, *, sort: bool
) -> tuple[NDArray[np.int32], NDArray[Any]] | None:
    """Codes and uniques of integer ids as :func:`pandas.factorize` gives them, or None.

    :func:`pandas.factorize` sizes its hash table by the number of rows (about 40 bytes
    per row at its peak); integer ids spanning a range not much larger than the number
    of rows are coded through a table over that range instead (about 8 bytes per row,
    and faster). Uniques are in sorted order with ``sort``, else in order of first
    appearance, exactly as :func:`pandas.factorize` orders them. None for other ids.
    """
    if not (isinstance(column.dtype, np.dtype) and column.dtype.kind in "iu") or column.empty:
        return None
    values = column.to_numpy()
    low, high = int(values.min()), int(values.max())
    span = high - low + 1
    if span > 2 * values.size + 65_536 or high > np.iinfo(np.int64).max:
        return None
    size = values.size
    blocks = [slice(start, min(start + _BLOCK, size)) for start in range(0, size, _BLOCK)]

    def offsets(block: slice) -> NDArray[np.int64]:
        result: NDArray[np.int64] = values[block].astype(np.int64)
        result -= low
        return result

    seen = np.zeros(span, dtype=bool)
    for block in blocks:
        seen[offsets(block)] = True
    rank = np.cumsum(seen, dtype=np.int32)
    rank -= 1
    uniques = (np.flatnonzero(seen) + low).astype(values.dtype)
    del seen
    codes = np.empty(size, dtype=np.int32)
    for block in blocks:
        codes[block] = rank[offsets(block)]
    del rank
    if sort or bool(np.all(codes[1:] >= codes[:-1])):
        return codes, uniques  # sorted ids: order of first appearance is sorted order
    first = np.full(uniques.size, size, dtype=np.int64)
    for block in blocks:
        np.minimum.at(first, codes[block], np.arange(block.start, block.stop))
    order = np.argsort(first, kind="stable")
    del first
    new_code = np.empty(uniques.size, dtype=np.int32)
    new_code[order] = np.arange(uniques.size, dtype=np.int32)
    for block in blocks:
        codes[block] = new_code[codes[block]]
    return codes, uniques[order]


def _factorize_items(column: pd.Series) -> tuple[NDArray[np.int32], tuple[str, ...]]:
    """Item codes and ids (as str), in sorted id order (numeric order for numeric ids)."""
    integer = _integer_codes(column, sort=True)
    if integer is not None:
        return integer[0], tuple(str(i) for i in integer[1])
    try:
        codes, uniques = pd.factorize(column, sort=True)
    except TypeError:  # mixed types cannot be sorted together: compare as text
        codes, uniques = pd.factorize(column.astype(str), sort=True)
    if (codes < 0).any():
        rows = np.flatnonzero(codes < 0)[:_MAX_NAMED].tolist()
        raise ResponseDataError(f"item_id is missing in row(s) {rows}.")
    names = tuple(str(i) for i in uniques)
    if len(set(names)) != len(names):
        codes, uniques = pd.factorize(column.astype(str), sort=True)
        names = tuple(str(i) for i in uniques)
    return codes.astype(np.int32), names


def _resolve_duplicates(
    repeated: NDArray[np.bool_],
    key: NDArray[np.int64],
    n_items: int,
    item_names: tuple[str, ...],
    learner_ids: Any,
    duplicate_policy: str,
) -> NDArray[np.bool_]:
    first_of_pair = np.flatnonzero(repeated)
    pair_keys = np.unique(key[first_of_pair])
    examples = ", ".join(
        f"({plain(learner_ids[int(k // n_items)])!r}, {plain(item_names[int(k % n_items)])!r})"
        for k in pair_keys[:_MAX_NAMED]
    )
    items = _names(item_names, (pair_keys % n_items).astype(np.int64))
    if duplicate_policy == "error":
        raise ResponseDataError(
            f"{pair_keys.size} (learner, item) pair(s) occur more than once, e.g. {examples} "
            f"(items {items}). Pass duplicate_policy='first' or 'last' to keep one response "
            "per pair, or remove the repeats."
        )
    keep = np.ones(key.size, dtype=bool)
    if duplicate_policy == "first":
        keep[1:] = ~repeated
    else:
        keep[:-1] = ~repeated
    warnings.warn(
        f"Removed {int(repeated.sum())} repeated response(s) of {pair_keys.size} "
        f"(learner, item) pair(s), keeping the {duplicate_policy} one (duplicate_policy="
        f"{duplicate_policy!r}); e.g. {examples}; items {items}.",
        ResponseDataWarning,
        stacklevel=4,
    )
    return keep


def _from_matrix(matrix: Any, item_names: list[str], learner_ids: NDArray[Any]) -> ResponseData:
    try:
        values = np.asarray(matrix, dtype=float)
    except (TypeError, ValueError) as error:
        raise ResponseDataError(
            "A response matrix must hold numbers (integer category scores) and NaN for "
            f"'not administered'. Could not convert it to floats: {error}."
        ) from None
    if values.size == 0:
        raise ResponseDataError(f"No responses: the response matrix has shape {values.shape}.")
    if len(set(item_names)) != len(item_names):
        raise ResponseDataError("The response matrix has repeated item ids (columns).")
    # Two passes over row blocks of ~64k cells (count, then fill preallocated triples),
    # so temporaries stay small whatever the matrix size.
    rows_per_block = max(1, 65_536 // max(values.shape[1], 1))
    starts = range(0, values.shape[0], rows_per_block)
    n_observed = 0
    infinite = np.zeros(values.shape[1], dtype=bool)
    for start in starts:
        block = values[start : start + rows_per_block]
        n_observed += int(np.count_nonzero(~np.isnan(block)))
        infinite |= np.isinf(block).any(axis=0)
    if infinite.any():
        raise ResponseDataError(
            "Responses must be finite; items "
            f"{_names(tuple(item_names), np.flatnonzero(infinite))} contain infinite values."
        )
    if n_observed == 0:
        raise ResponseDataError("No responses: every cell of the response matrix is NaN.")
    learner = np.empty(n_observed, dtype=np.int32)
    item = np.empty(n_observed, dtype=np.int32)
    response = np.empty(n_observed, dtype=np.int16)
    position = 0
    for start in starts:
        block = values[start : start + rows_per_block]
        row, column = np.nonzero(~np.isnan(block))
        observed = block[row, column]
        _check_codes(observed, column, tuple(item_names))
        stop = position + row.size
        learner[position:stop] = row
        learner[position:stop] += start
        item[position:stop] = column
        response[position:stop] = observed
        position = stop
    return ResponseData(
        learner_ids=learner_ids,
        item_ids=tuple(item_names),
        learner=learner,
        item=item,
        response=response,
    )


def _numeric_values(column: pd.Series) -> NDArray[Any]:
    if pd.api.types.is_integer_dtype(column.dtype) and not column.hasnans:
        return np.asarray(column)
    try:
        return np.asarray(pd.to_numeric(column, errors="raise"), dtype=float)
    except (TypeError, ValueError):
        converted = pd.to_numeric(column, errors="coerce")
        bad = column[converted.isna() & column.notna()]
        raise ResponseDataError(
            "Responses must be integer category scores (0, 1, ...). Found non-numeric "
            f"value(s) {bad.unique()[:_MAX_NAMED].tolist()}."
        ) from None


def _check_codes(
    values: NDArray[Any], item_codes: NDArray[Any], item_names: tuple[str, ...]
) -> None:
    bad = (values < 0) | (values > np.iinfo(np.int16).max)
    if not np.issubdtype(values.dtype, np.integer):
        bad |= values != np.floor(values)
    if bad.any():
        examples = np.unique(values[bad])[:_MAX_NAMED].tolist()
        raise ResponseDataError(
            f"Responses must be integer category scores 0, 1, ...; found {examples} for "
            f"items {_names(item_names, item_codes[bad])}. Recode them (missing answers are "
            "NaN in a matrix or absent rows in a log)."
        )


def _names(item_names: tuple[str, ...], codes: NDArray[Any]) -> str:
    unique = np.unique(np.asarray(codes, dtype=np.int64))
    return f"[{name_some((item_names[int(c)] for c in unique), limit=_MAX_NAMED)}]"
