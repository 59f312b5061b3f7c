"""The one place where input from outside the library is checked.

Public entry points call these helpers once; internal code trusts what they return.
Messages follow one shape: "The 'max_items' parameter of MaxItems must be an int >= 1.
Got 0."
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Mapping
from typing import Any, TypeGuard

import numpy as np
from numpy.typing import NDArray

from adaptive_tutor._message_values import plain

__all__ = [
    "check_choice",
    "check_correct",
    "check_int",
    "check_probability",
    "check_random_state",
    "check_real",
    "check_responses",
    "check_score",
    "check_state_count",
    "check_state_header",
    "is_finite_real",
    "is_int",
    "is_real",
    "is_whole_number",
    "name_some",
    "parameter_error",
    "plain",
]


def is_real(value: Any) -> TypeGuard[float | np.integer[Any] | np.floating[Any]]:
    """Whether ``value`` is a real number (Python or numpy), booleans excluded.

    Examples
    --------
    >>> import numpy as np
    >>> is_real(2), is_real(np.float32(0.5)), is_real(True), is_real("2")
    (True, True, False, False)
    """
    return isinstance(value, numbers.Real) and not isinstance(value, bool | np.bool_)


def is_finite_real(value: Any) -> TypeGuard[float | np.integer[Any] | np.floating[Any]]:
    """Whether ``value`` is a finite real number (see :func:`is_real`).

    Examples
    --------
    >>> is_finite_real(1.5), is_finite_real(float("nan")), is_finite_real(None)
    (True, False, False)
    """
    return is_real(value) and math.isfinite(float(value))


def is_int(value: Any) -> TypeGuard[int | np.integer[Any]]:
    """Whether ``value`` is an integer (Python or numpy), booleans excluded.

    Examples
    --------
    >>> import numpy as np
    >>> is_int(3), is_int(np.int64(3)), is_int(3.0), is_int(False)
    (True, True, False, False)
    """
    return isinstance(value, numbers.Integral) and not isinstance(value, bool | np.bool_)


def is_whole_number(value: Any) -> bool:
    """Whether ``value`` is an integer or a float with no fractional part (not a bool).

    Examples
    --------
    >>> is_whole_number(2), is_whole_number(2.0), is_whole_number(2.5), is_whole_number(True)
    (True, True, False, False)
    """
    if is_int(value):
        return True
    return is_real(value) and float(value).is_integer()


def parameter_error(name: str, owner: str, expectation: str, got: object) -> ValueError:
    """Build the standard message for a bad parameter value.

    Examples
    --------
    >>> str(parameter_error("max_items", "MaxItems", "an int >= 1", 0))
    "The 'max_items' parameter of MaxItems must be an int >= 1. Got 0."
    """
    return ValueError(
        f"The {name!r} parameter of {owner} must be {expectation}. Got {plain(got)!r}."
    )


def check_int(
    value: Any,
    name: str,
    owner: str,
    *,
    minimum: int | None = None,
    maximum: int | None = None,
) -> int:
    """Return ``value`` as an int after checking its type and bounds.

    Examples
    --------
    >>> check_int(3, "max_items", "MaxItems", minimum=1)
    3
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(
            f"The {name!r} parameter of {owner} must be an int. Got {plain(value)!r} "
            f"of type {type(value).__name__}."
        )
    result = int(value)
    if (minimum is not None and result < minimum) or (maximum is not None and result > maximum):
        raise parameter_error(name, owner, _bounds_text("an int", minimum, maximum), value)
    return result


def check_real(
    value: Any,
    name: str,
    owner: str,
    *,
    minimum: float | None = None,
    maximum: float | None = None,
    exclusive_minimum: bool = False,
    exclusive_maximum: bool = False,
) -> float:
    """Return ``value`` as a finite float after checking its bounds.

    Examples
    --------
    >>> check_real(0.3, "se_threshold", "StandardErrorBelow", minimum=0, exclusive_minimum=True)
    0.3
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(
            f"The {name!r} parameter of {owner} must be a real number. Got {plain(value)!r} "
            f"of type {type(value).__name__}."
        )
    try:
        result = float(value)
    except OverflowError:  # an int beyond any float
        result = math.inf
    low_bad = minimum is not None and (result <= minimum if exclusive_minimum else result < minimum)
    high_bad = maximum is not None and (
        result >= maximum if exclusive_maximum else result > maximum
    )
    if not np.isfinite(result) or low_bad or high_bad:
        text = _bounds_text(
            "a finite real number", minimum, maximum, exclusive_minimum, exclusive_maximum
        )
        raise parameter_error(name, owner, text, value)
    return result


def check_probability(value: Any, name: str, owner: str, *, open_interval: bool = False) -> float:
    """Return ``value`` as a float in [0, 1] (or (0, 1) when ``open_interval``).

    Examples
    --------
    >>> check_probability(0.75, "target", "TargetProbability", open_interval=True)
    0.75
    """
    return check_real(
        value,
        name,
        owner,
        minimum=0.0,
        maximum=1.0,
        exclusive_minimum=open_interval,
        exclusive_maximum=open_interval,
    )


def check_choice(value: Any, name: str, owner: str, choices: tuple[str, ...]) -> str:
    """Return ``value`` if it is one of ``choices``.

    Examples
    --------
    >>> check_choice("EAP", "method", "score", ("EAP", "MAP"))
    'EAP'
    """
    if not isinstance(value, str) or value not in choices:
        options = ", ".join(repr(choice) for choice in choices)
        raise parameter_error(name, owner, f"one of {options}", value)
    return value


def check_score(response: Any, max_score: int, label: str) -> int:
    """Return one answer's score as an int after checking it is a whole number in range.

    ``label`` names the item in the message ("item 'add-1'"). Booleans are refused (say
    1 or 0); whole floats such as ``1.0`` are accepted.

    Raises
    ------
    ResponseDataError
        For anything but a whole number in ``0..max_score``.

    Examples
    --------
    >>> check_score(2.0, 2, "item 'story-1'")
    2
    >>> check_score(3, 2, "item 'story-1'")
    Traceback (most recent call last):
    ...
    adaptive_tutor.exceptions.ResponseDataError: The response 3 for item 'story-1' is \
invalid: it must be a whole number in 0..2.
    """
    from adaptive_tutor.exceptions import ResponseDataError

    score = -1
    if isinstance(response, bool | np.bool_):
        score = -1
    elif isinstance(response, numbers.Integral):
        score = int(response)
    elif isinstance(response, numbers.Real):
        number = float(response)
        if math.isfinite(number) and number == math.floor(number):
            score = int(number)
    if not 0 <= score <= max_score:
        raise ResponseDataError(
            f"The response {plain(response)!r} for {label} is invalid: it must be a whole "
            f"number in 0..{max_score}."
        )
    return score


def check_correct(correct: Any, owner: str) -> bool:
    """Return a binary answer (``True``/``False`` or ``0``/``1``) as a bool.

    Raises
    ------
    ResponseDataError
        For anything else (``2``, ``0.5``, ``"yes"``).

    Examples
    --------
    >>> check_correct(1, "EloRatings.update"), check_correct(False, "EloRatings.update")
    (True, False)
    >>> check_correct(2, "EloRatings.update")
    Traceback (most recent call last):
    ...
    adaptive_tutor.exceptions.ResponseDataError: The 'correct' argument of \
EloRatings.update must be True/False or 0/1 (binary correctness). Got 2.
    """
    from adaptive_tutor.exceptions import ResponseDataError

    if isinstance(correct, bool | np.bool_) or (is_real(correct) and correct in (0, 1)):
        return bool(correct)
    raise ResponseDataError(
        f"The 'correct' argument of {owner} must be True/False or 0/1 (binary correctness). "
        f"Got {plain(correct)!r}."
    )


def check_random_state(seed: Any, owner: str = "this function") -> np.random.Generator:
    """Turn ``None``, an int, a ``SeedSequence`` or a ``Generator`` into a ``Generator``.

    Examples
    --------
    >>> rng = check_random_state(7)
    >>> float(rng.random()) == float(check_random_state(7).random())
    True
    """
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is None or isinstance(seed, np.random.SeedSequence):
        return np.random.default_rng(seed)
    if type(seed) is not bool and isinstance(seed, numbers.Integral) and int(seed) >= 0:
        return np.random.default_rng(int(seed))
    raise parameter_error(
        "seed",
        owner,
        "None, a non-negative int, a numpy SeedSequence or a numpy Generator",
        seed,
    )


def _bounds_text(
    kind: str,
    minimum: float | None,
    maximum: float | None,
    exclusive_minimum: bool = False,
    exclusive_maximum: bool = False,
) -> str:
    parts = [kind]
    if minimum is not None:
        parts.append(f"{'>' if exclusive_minimum else '>='} {minimum}")
    if maximum is not None:
        if minimum is not None:
            parts.append("and")
        parts.append(f"{'<' if exclusive_maximum else '<='} {maximum}")
    return " ".join(parts)


def check_responses(
    responses: Any,
    n_categories: NDArray[np.int64],
    owner: str,
    *,
    item_ids: tuple[str, ...] | None = None,
) -> NDArray[np.float64]:
    """Return a learners x items response matrix (float, NaN = not administered).

    A 1-D pattern is returned as a one-row matrix. Every observed value must be a whole
    number in ``0..n_categories - 1`` of its item; errors name the item and learner row.

    Arrays and lists are positional: column ``j`` is item ``j`` of the parameters. A pandas
    DataFrame (or a Series for one pattern) is aligned by its labels when ``item_ids`` is
    given: its columns (index) are reordered to ``item_ids``, and unknown or missing ids
    raise :class:`~adaptive_tutor.exceptions.ResponseDataError` naming them. Without
    ``item_ids``, or with default integer labels (a ``RangeIndex``), a frame is positional
    and must have one column per item.

    Examples
    --------
    >>> import numpy as np
    >>> check_responses([1, np.nan, 2], np.array([2, 2, 3]), "EAP.estimate")
    array([[ 1., nan,  2.]])
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"q2": [0], "q1": [1]})
    >>> check_responses(frame, np.array([2, 2]), "EAP.estimate", item_ids=("q1", "q2"))
    array([[1., 0.]])
    """
    from adaptive_tutor.exceptions import ResponseDataError

    responses = _align_labelled_responses(responses, n_categories, owner, item_ids)
    try:
        matrix = np.asarray(responses, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise ResponseDataError(
            f"The responses passed to {owner} must be numbers (NaN = not administered); "
            f"could not convert them: {error}."
        ) from None
    n_items = int(n_categories.shape[0])
    if matrix.ndim == 1:
        matrix = matrix.reshape(1, -1)
    if matrix.ndim != 2 or matrix.shape[1] != n_items:
        raise ResponseDataError(
            f"The responses passed to {owner} must have shape (n_items,) or "
            f"(n_learners, n_items) with n_items = {n_items}; got shape "
            f"{np.shape(responses)}."
        )
    upper = (n_categories - 1).astype(np.float64)
    block = max(1, 2**20 // max(n_items, 1))  # check in row blocks to bound temporaries
    for start in range(0, matrix.shape[0], block):
        part = matrix[start : start + block]
        with np.errstate(invalid="ignore"):
            bad = ~np.isnan(part) & (
                ~np.isfinite(part) | (part != np.floor(part)) | (part < 0) | (part > upper)
            )
        if np.any(bad):
            rows, columns = np.nonzero(bad)
            row, column = int(rows[0]), int(columns[0])
            label = f"item {item_ids[column]!r}" if item_ids is not None else f"item {column}"
            raise ResponseDataError(
                f"The responses passed to {owner} hold invalid values; the first is "
                f"{plain(part[row, column])!r} for {label} (learner row {start + row}): responses "
                f"must be whole numbers in 0..{int(n_categories[column]) - 1} for this item, "
                f"or NaN when not administered."
            )
    return matrix


def check_state_header(
    data: Any, format_name: str, newest_version: int, not_this: str, kind: str
) -> int:
    """Check a saved state's ``format`` and ``version`` entries; return the version.

    ``not_this`` starts the message for a dict of another format ("Not a learner state
    dict") and ``kind`` names the state in the version messages ("Learner state").

    Examples
    --------
    >>> check_state_header({"format": "demo", "version": 1}, "demo", 2, "Not a demo", "Demo")
    1
    >>> check_state_header({"format": "demo", "version": 3}, "demo", 2, "Not a demo", "Demo")
    Traceback (most recent call last):
    ...
    adaptive_tutor.exceptions.SessionStateError: Demo format version 3 is newer than this \
adaptive_tutor supports (2); upgrade adaptive_tutor to load it.
    """
    from adaptive_tutor.exceptions import SessionStateError

    if not isinstance(data, Mapping) or data.get("format") != format_name:
        raise SessionStateError(f"{not_this}: expected 'format': {format_name!r}.")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise SessionStateError(f"{kind} has an invalid 'version': {plain(version)!r}.")
    if version > newest_version:
        raise SessionStateError(
            f"{kind} format version {version} is newer than this adaptive_tutor "
            f"supports ({newest_version}); upgrade adaptive_tutor to load it."
        )
    return version


def name_some(values: Iterable[object], limit: int = 5) -> str:
    """Name the first ``limit`` values (``repr``) for a message, counting the rest.

    Examples
    --------
    >>> name_some(["a", "b", "c"], limit=2)
    "'a', 'b' and 1 more"
    """
    values = list(values)
    shown = ", ".join(repr(plain(value)) for value in values[:limit])
    more = f" and {len(values) - limit} more" if len(values) > limit else ""
    return shown + more


def _is_position_labels(labels: Any) -> bool:
    """True for integer labels that are exactly the positions 0..n-1 in some order."""
    import pandas as pd

    if not pd.api.types.is_integer_dtype(labels):
        return False
    values = np.sort(np.asarray(labels, dtype=np.int64))
    return bool(np.array_equal(values, np.arange(values.size)))


def _align_labelled_responses(
    responses: Any,
    n_categories: NDArray[np.int64],
    owner: str,
    item_ids: tuple[str, ...] | None,
) -> Any:
    """Reorder a pandas DataFrame / Series to ``item_ids``; other input passes through."""
    import pandas as pd

    from adaptive_tutor.exceptions import ResponseDataError

    labels: Any
    if isinstance(responses, pd.DataFrame):
        labels, kind = responses.columns, "columns"
    elif isinstance(responses, pd.Series):
        labels, kind = responses.index, "index"
    else:
        return responses
    n_items = int(n_categories.shape[0])
    names = [str(label) for label in labels]
    if item_ids is not None and set(names) != set(item_ids) and _is_position_labels(labels):
        # Integer labels 0..n-1 (a headerless CSV, a reordered selection): item positions.
        order = np.argsort(np.asarray(labels, dtype=np.int64), kind="stable")
        if isinstance(responses, pd.DataFrame):
            return _labelled_to_numpy(responses.iloc[:, order], owner)
        return _labelled_to_numpy(responses.iloc[order], owner)
    if item_ids is None or isinstance(labels, pd.RangeIndex):
        if len(labels) != n_items:
            raise ResponseDataError(
                f"The responses passed to {owner} are a {type(responses).__name__} with "
                f"{len(labels)} {kind} entries, but the parameters have {n_items} items; "
                f"without item ids in the parameters the {kind} are taken by position, one "
                f"per item."
            )
        return _labelled_to_numpy(responses, owner)
    known = set(item_ids)
    unknown = [name for name in names if name not in known]
    present = set(names)
    missing = [item_id for item_id in item_ids if item_id not in present]
    duplicated = sorted({name for name in names if names.count(name) > 1})
    if unknown or missing or duplicated:
        parts = []
        if unknown:
            parts.append(f"unknown item ids {name_some(unknown)}")
        if missing:
            parts.append(f"missing item ids {name_some(missing)}")
        if duplicated:
            parts.append(f"repeated item ids {name_some(duplicated)}")
        raise ResponseDataError(
            f"The {kind} of the responses passed to {owner} must be the item ids of the "
            f"parameters (any order; use NaN for items not administered): "
            f"{'; '.join(parts)}."
        )
    positions = [names.index(item_id) for item_id in item_ids]
    if isinstance(responses, pd.DataFrame):
        return _labelled_to_numpy(responses.iloc[:, positions], owner)
    return _labelled_to_numpy(responses.iloc[positions], owner)


def _labelled_to_numpy(responses: Any, owner: str) -> Any:
    from adaptive_tutor.exceptions import ResponseDataError

    try:
        return responses.to_numpy(dtype=np.float64, na_value=np.nan)
    except (TypeError, ValueError) as error:
        raise ResponseDataError(
            f"The responses passed to {owner} must be numbers (NaN = not administered); "
            f"could not convert them: {error}."
        ) from None


def check_id_list(value: Any, name: str, owner: str) -> tuple[str, ...]:
    """Return a list-like of ids (item or skill ids) as a tuple of str.

    A bare string is refused rather than split into one-character ids.

    Examples
    --------
    >>> check_id_list(["add-1", "add-2"], "item_ids", "Excluded")
    ('add-1', 'add-2')
    >>> check_id_list("add-1", "item_ids", "Excluded")
    Traceback (most recent call last):
    ...
    TypeError: The 'item_ids' parameter of Excluded must be a list of ids, not a single string. Got 'add-1'.
    """  # noqa: E501
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value.item()
    if isinstance(value, str | bytes):
        raise TypeError(
            f"The {name!r} parameter of {owner} must be a list of ids, not a single string. "
            f"Got {value!r}."
        )
    if isinstance(value, Mapping) or not isinstance(value, Iterable):
        raise TypeError(
            f"The {name!r} parameter of {owner} must be a list of ids (str). Got {value!r} "
            f"of type {type(value).__name__}."
        )
    ids = tuple(value)
    wrong = [entry for entry in ids if not isinstance(entry, str)]
    if wrong:
        raise TypeError(
            f"The {name!r} parameter of {owner} must be a list of ids (str); "
            f"{name_some(wrong)} {'is' if len(wrong) == 1 else 'are'} not a string."
        )
    return tuple(str(entry) for entry in ids)  # numpy str_ -> plain str


def check_state_count(value: Any) -> int:
    """A response count read from a saved learner state: an int >= 0.

    Raises
    ------
    SessionStateError
        For anything else.

    Examples
    --------
    >>> check_state_count(3)
    3
    """
    from adaptive_tutor.exceptions import SessionStateError

    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise SessionStateError(
            f"Learner state response counts must be ints >= 0; got {plain(value)!r}."
        )
    return value
