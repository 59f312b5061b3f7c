"""The one checker of long-format response logs: the rules every consumer applies.

Reports, :class:`~adaptive_tutor.calibration.Calibrator`, knowledge tracing, Elo ratings and
sessions' histories all read logs with one row per answer. Logs come from partner apps and
are untrusted, so they are checked once, here, with one set of rules:

``learner_id`` (required)
    Never missing (NaN, None): the rows are named. All integers or all text: a log holding
    both ``7`` and ``"7"`` is refused, because the two would merge into one child once
    written as text (reports) or be split in two (calibration). Integral floats such as
    ``7.0`` count as integers.
``item_id`` (required)
    The same: never missing (a NaN item id is named, not a ``TypeError``), one kind.
``response`` (``correct`` for knowledge tracing and Elo)
    Numbers only: whole scores ``0, 1, ...`` (``0``/``1`` where a consumer needs binary
    correctness). A boolean column reads as 1 (true) and 0 (false). **Text is refused, even
    ``"1"`` or ``"0"``**: nothing is coerced without notice; convert the column first, for
    example ``log["response"] = pd.to_numeric(log["response"])``, or score raw answers with
    :meth:`Item.score <adaptive_tutor.item.Item.score>`. Missing or non-finite responses
    are refused (a long log lists answers only).
``timestamp`` (optional)
    Datetimes, ISO 8601 text or numbers (Unix seconds). Mixing time-zone-aware and naive
    times is refused (naming rows of each); aware times are converted to UTC. A column
    with no value at all is ignored; one with some values missing is refused.
``response_time`` (optional)
    Seconds, finite and >= 0; missing means unknown (NaN).
``grade`` (optional)
    The learner's school grade when answering: a whole number 0..13; missing means unknown.
Columns
    Duplicate column names are refused (which of the two is meant is unknowable).
Repeated answers
    One parameter, ``duplicate_policy``, says what to do when a learner answered an item
    more than once: ``"keep"`` every answer (practice logs: knowledge tracing, Elo,
    reports' activity), ``"error"`` (calibration's default), or keep the ``"first"`` or
    ``"last"`` answer in time order (by ``timestamp`` when present, else row order),
    announced with a :class:`RepeatedAnswersWarning`.

A log read in pieces (:class:`~adaptive_tutor.calibration.Calibrator` chunks) is checked
piece by piece with ``label="chunk 3"``, which every message then names; the integer/text
kind of ids returned by :func:`id_kind` must then agree across pieces.

Examples
--------
>>> import pandas as pd
>>> log = pd.DataFrame({"learner_id": ["ann", "ann"], "item_id": ["q1", "q2"],
...                     "response": [1, 0]})
>>> check_response_log(log, "ClassReport")["response"].tolist()
[1.0, 0.0]
>>> bad = pd.DataFrame({"learner_id": [7, "7"], "item_id": ["q1", "q1"], "response": [1, 0]})
>>> try:
...     check_response_log(bad, "ClassReport")
... except ValueError as error:
...     print(str(error)[:72])
The response log given to ClassReport mixes integer and text learner_id
"""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Sequence
from typing import Any, Literal, cast

import numpy as np
import pandas as pd

from adaptive_tutor._validation import is_real, is_whole_number, name_some, plain
from adaptive_tutor.exceptions import ResponseDataError

__all__ = [
    "DUPLICATE_POLICIES",
    "REQUIRED_COLUMNS",
    "RepeatedAnswersWarning",
    "check_log_integrity",
    "check_response_log",
    "id_kind",
]

REQUIRED_COLUMNS = ("learner_id", "item_id", "response")
"""The columns every long-format log has."""
DUPLICATE_POLICIES = ("keep", "error", "first", "last")
"""Values of ``duplicate_policy``: what to do with repeated (learner, item) answers."""
MAX_GRADE = 13
_SHOWN = 5

DuplicatePolicy = Literal["keep", "error", "first", "last"]


class RepeatedAnswersWarning(UserWarning):
    """Repeated answers of a learner to an item were dropped under ``duplicate_policy``.

    Examples
    --------
    >>> issubclass(RepeatedAnswersWarning, UserWarning)
    True
    """


def check_response_log(
    log: object,
    owner: str,
    *,
    required: Sequence[str] = REQUIRED_COLUMNS,
    response_column: str = "response",
    binary: bool = False,
    duplicate_policy: str = "keep",
    text_ids: bool = False,
    label: str | None = None,
) -> pd.DataFrame:
    """Check a long-format response log against the rules above and return a clean copy.

    Parameters
    ----------
    log : pandas.DataFrame
        One row per answer.
    owner : str
        The public function or class reading the log, named in messages.
    required : sequence of str, default ("learner_id", "item_id", "response")
        Columns that must be present.
    response_column : str, default "response"
        The score column (knowledge tracing and Elo also accept ``correct``).
    binary : bool, default False
        Whether scores must be 0 or 1.
    duplicate_policy : {"keep", "error", "first", "last"}, default "keep"
        What to do with repeated (learner, item) answers.
    text_ids : bool, default False
        Also return ``learner_id`` as text (``7`` becomes ``"7"``; safe because a log never
        mixes the two).
    label : str, optional
        The piece of a larger log this frame is (e.g. ``"chunk 3"``), named in messages.

    Returns
    -------
    pandas.DataFrame
        A new frame (the input is not modified) in the original row order, minus dropped
        repeats: ``item_id`` as text, the score column as float (missing values are kept
        only when the column is not required), ``timestamp`` as datetimes (UTC when aware;
        an all-missing column is removed), ``response_time`` and ``grade`` as floats.
        ``learner_id`` keeps its values (one kind, none missing) unless ``text_ids``.

    Raises
    ------
    ResponseDataError
        Naming the rows, items or columns concerned and what to do.

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({"learner_id": [1, 1], "item_id": ["q1", "q1"],
    ...                     "response": [0, 1], "timestamp": ["2024-03-01", "2024-03-02"]})
    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     check_response_log(log, "demo", duplicate_policy="last")["response"].tolist()
    [1.0]
    """
    where = f"The response log given to {owner}" + (f" ({label})" if label else "")
    if duplicate_policy not in DUPLICATE_POLICIES:
        options = ", ".join(repr(p) for p in DUPLICATE_POLICIES)
        raise ValueError(
            f"The 'duplicate_policy' parameter of {owner} must be one of {options}. "
            f"Got {duplicate_policy!r}."
        )
    names = _check_columns(log, required, where)
    frame = cast(pd.DataFrame, log).copy(deep=False)  # _check_columns refused anything else
    frame.columns = pd.Index(names)
    for column in ("learner_id", "item_id"):
        if column in frame.columns:
            id_kind(frame[column], column, where)
    if "item_id" in frame.columns:
        frame["item_id"] = _as_text(frame["item_id"])
    if text_ids and "learner_id" in frame.columns:
        frame["learner_id"] = _as_text(frame["learner_id"])
    if response_column in frame.columns:
        optional = response_column not in required
        frame[response_column] = _scores(frame, response_column, binary, optional, where)
    if "timestamp" in frame.columns:
        frame = _timestamps(frame, where)
    if "response_time" in frame.columns:
        frame["response_time"] = _seconds(frame, where)
    if "grade" in frame.columns:
        frame["grade"] = _grades(frame, where)
    if duplicate_policy != "keep" and {"learner_id", "item_id"} <= set(frame.columns):
        frame = _resolve_repeats(frame, duplicate_policy, where)
    return frame


def check_log_integrity(
    log: pd.DataFrame,
    owner: str,
    *,
    required: Sequence[str] = REQUIRED_COLUMNS,
    response_column: str = "response",
    label: str | None = None,
) -> dict[str, str]:
    """The checks of :func:`check_response_log` that need no copy: for large logs and chunks.

    Columns (no duplicate names, required ones present), ids (none missing, one kind) and
    scores (no text). Callers that convert values themselves (calibration) call this on each
    chunk, then compare the returned id kinds across chunks.

    Parameters
    ----------
    log : pandas.DataFrame
        The log or one chunk of it.
    owner : str
        The public function or class reading the log, named in messages.
    required : sequence of str, default ("learner_id", "item_id", "response")
        Columns that must be present.
    response_column : str, default "response"
        The score column.
    label : str, optional
        The piece of a larger log this frame is (e.g. ``"chunk 3"``), named in messages.

    Returns
    -------
    dict of str to str
        The kind (``"integer"`` or ``"text"``) of the ``learner_id`` and ``item_id`` ids.

    Raises
    ------
    ResponseDataError
        As :func:`check_response_log`.

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({"learner_id": [1], "item_id": ["q1"], "response": [1]})
    >>> check_log_integrity(log, "Calibrator", label="chunk 0")
    {'learner_id': 'integer', 'item_id': 'text'}
    """
    where = f"The response log given to {owner}" + (f" ({label})" if label else "")
    names = _check_columns(log, required, where)
    kinds: dict[str, str] = {}
    for name in ("learner_id", "item_id"):
        if name in names:
            kinds[name] = id_kind(log.iloc[:, names.index(name)], name, where)
    if response_column in names:
        column = log.iloc[:, names.index(response_column)]
        if not pd.api.types.is_numeric_dtype(column.dtype):
            frame = pd.DataFrame({"item_id": log["item_id"]}) if "item_id" in names else log
            _refuse_text(column, response_column, frame, where)
    return kinds


def _check_columns(log: object, required: Sequence[str], where: str) -> list[str]:
    if not isinstance(log, pd.DataFrame):
        raise ResponseDataError(
            f"{where} must be a pandas DataFrame with columns {', '.join(required)}. "
            f"Got {type(log).__name__}."
        )
    names = [str(column) for column in log.columns]
    repeated = sorted(name for name, count in Counter(names).items() if count > 1)
    if repeated:
        raise ResponseDataError(
            f"{where} has duplicate column names {name_some(repeated)}; each column must "
            "appear once (rename or drop the copies)."
        )
    missing = [column for column in required if column not in names]
    if missing:
        present = name_some(names) or "none"
        raise ResponseDataError(
            f"{where} lacks the column(s) {name_some(missing)}; it needs "
            f"{', '.join(required)}. Columns present: {present}."
        )
    return names


def _refuse_text(raw: pd.Series, column: str, frame: pd.DataFrame, where: str) -> None:
    text = raw.map(lambda v: isinstance(v, str | bytes)).to_numpy(dtype=bool)
    if text.any():
        first = int(np.argmax(text))
        raise ResponseDataError(
            f"{where} has text in the {column!r} column in {_rows(raw, text)}, e.g. "
            f"{raw.iloc[first]!r}{_items(frame, text)}. Scores must be numbers; text, even "
            f"'1' or '0', is not read as a score. Convert the column first (e.g. "
            f"pd.to_numeric(log[{column!r}])) or score raw answers with Item.score."
        )


def id_kind(column: pd.Series, name: str, where: str) -> str:
    """``"integer"`` or ``"text"``: the one kind of an id column (missing ids refused).

    Parameters
    ----------
    column : pandas.Series
        The ``learner_id`` or ``item_id`` column.
    name : str
        The column name, for messages.
    where : str
        What holds the column, for messages (e.g. "The response log given to X").

    Returns
    -------
    str
        ``"integer"`` or ``"text"``.

    Raises
    ------
    ResponseDataError
        For missing ids, ids that are neither integers nor text, or a mix of both.

    Examples
    --------
    >>> import pandas as pd
    >>> id_kind(pd.Series([3, 4]), "learner_id", "The log"), id_kind(
    ...     pd.Series(["a"]), "item_id", "The log")
    ('integer', 'text')
    """
    if column.empty:
        return "integer" if pd.api.types.is_integer_dtype(column.dtype) else "text"
    missing = column.isna().to_numpy()
    if missing.any():
        raise ResponseDataError(
            f"{where} has a missing {name} in {_rows(column, missing)}; every answer needs a "
            "learner and an item: fill them in or drop those rows."
        )
    if pd.api.types.is_bool_dtype(column.dtype):
        raise ResponseDataError(
            f"{where} has true/false values as {name}; ids are text or numbers."
        )
    if pd.api.types.is_integer_dtype(column.dtype):
        return "integer"
    if pd.api.types.is_float_dtype(column.dtype):
        values = column.to_numpy(dtype=np.float64)
        fractional = ~np.isfinite(values) | (values != np.floor(values))
        if fractional.any():
            raise ResponseDataError(
                f"{where} has {name} values that are not whole numbers in "
                f"{_rows(column, fractional)}; ids are text or whole numbers."
            )
        return "integer"
    inferred = pd.api.types.infer_dtype(column, skipna=False)
    if inferred == "string":
        return "text"
    if inferred == "integer":
        return "integer"
    values = column.to_numpy(dtype=object)
    is_text = np.fromiter((isinstance(v, str) for v in values), dtype=bool, count=len(values))
    is_integer = np.fromiter((is_whole_number(v) for v in values), dtype=bool, count=len(values))
    if (is_text | is_integer).all():
        text_row, number_row = int(np.argmax(is_text)), int(np.argmax(is_integer))
        raise ResponseDataError(
            f"{where} mixes integer and text {name} values (e.g. "
            f"{plain(values[number_row])!r} in row {plain(column.index[number_row])!r} and "
            f"{plain(values[text_row])!r} in row {plain(column.index[text_row])!r}); 7 and '7' "
            f"would be taken for one {name.removesuffix('_id')} or for two. Write every id the "
            "same way, for example log[" + repr(name) + "].astype(str)."
        )
    odd = ~(is_text | is_integer)
    raise ResponseDataError(
        f"{where} has {name} values that are neither text nor whole numbers in "
        f"{_rows(column, odd)} (e.g. {plain(values[int(np.argmax(odd))])!r})."
    )


def _as_text(column: pd.Series) -> pd.Series:
    if pd.api.types.is_float_dtype(column.dtype):
        column = column.astype(np.int64)
    return column.astype(str)


def _rows(column: pd.Series, mask: np.ndarray) -> str:
    labels = column.index[np.flatnonzero(mask)[:_SHOWN]]
    count = int(np.count_nonzero(mask))
    shown = name_some(str(plain(label)) for label in labels)
    return f"row(s) {shown}" + (f" ({count} rows in all)" if count > _SHOWN else "")


def _items(frame: pd.DataFrame, mask: np.ndarray) -> str:
    if "item_id" not in frame.columns:
        return ""
    return f" (items {name_some(pd.unique(frame['item_id'].to_numpy()[mask]), limit=_SHOWN)})"


def _scores(
    frame: pd.DataFrame, column: str, binary: bool, optional: bool, where: str
) -> pd.Series:
    raw = frame[column]
    if pd.api.types.is_bool_dtype(raw.dtype):
        return raw.astype(np.float64)
    if not pd.api.types.is_numeric_dtype(raw.dtype):
        _refuse_text(raw, column, frame, where)
    values = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
    missing = np.isnan(values)
    if optional:
        missing &= ~raw.isna().to_numpy()  # unreadable values only
    if missing.any():
        raise ResponseDataError(
            f"{where} has missing or unreadable {column!r} values in {_rows(raw, missing)}"
            f"{_items(frame, missing)}; a long log lists answers only: drop unanswered rows "
            "or record their score."
        )
    allowed = "0 or 1" if binary else "whole scores 0, 1, 2, ..."
    with np.errstate(invalid="ignore"):
        bad = ~np.isnan(values) & (
            ~np.isfinite(values) | (values < 0) | (values != np.floor(values))
        )
    if binary:
        bad |= values > 1  # NaN compares False
    if bad.any():
        shown = name_some((plain(v) for v in pd.unique(raw.to_numpy()[bad])), limit=_SHOWN)
        raise ResponseDataError(
            f"{where} has {column!r} values that are not {allowed} ({shown}) in "
            f"{_rows(raw, bad)}{_items(frame, bad)}."
            + (
                " Dichotomise partial-credit scores first (for example score == max_score)."
                if binary
                else ""
            )
        )
    return pd.Series(values, index=frame.index, name=column)


def _timestamps(frame: pd.DataFrame, where: str) -> pd.DataFrame:
    stamps = frame["timestamp"]
    missing = stamps.isna().to_numpy()
    if missing.all():
        return frame.drop(columns="timestamp")
    if missing.any():
        raise ResponseDataError(
            f"{where} has rows without a timestamp in {_rows(stamps, missing)}"
            f"{_items(frame, missing)}; fill them in or drop the timestamp column."
        )
    if isinstance(stamps.dtype, pd.DatetimeTZDtype):
        frame["timestamp"] = stamps.dt.tz_convert("UTC")
        return frame
    if pd.api.types.is_datetime64_dtype(stamps.dtype):
        return frame
    numeric = pd.api.types.is_numeric_dtype(stamps.dtype) and not pd.api.types.is_bool_dtype(
        stamps.dtype
    )
    all_aware = False
    if not numeric:
        aware = stamps.map(_is_aware).to_numpy(dtype=bool)
        all_aware = bool(aware.all())
        if aware.any() and not all_aware:
            raise ResponseDataError(
                f"{where} mixes time-zone-aware timestamps ({_rows(stamps, aware)}) with naive "
                f"ones ({_rows(stamps, ~aware)}); the order of answers cannot be known. Give "
                "every timestamp a time zone (or none)."
            )
    try:
        parsed = (
            pd.to_datetime(stamps, unit="s") if numeric else pd.to_datetime(stamps, utc=all_aware)
        )
    except (ValueError, TypeError, OverflowError) as error:
        bad = np.fromiter((not _parses(v, numeric) for v in stamps), dtype=bool, count=len(stamps))
        place = f"in {_rows(stamps, bad)}" if bad.any() else f"({error})"
        raise ResponseDataError(
            f"{where} has timestamp values that cannot be read as dates {place}; use "
            "datetimes, ISO 8601 text such as '2024-03-01 10:15' or Unix seconds."
        ) from None
    if isinstance(parsed.dtype, pd.DatetimeTZDtype):
        parsed = parsed.dt.tz_convert("UTC")
    frame["timestamp"] = parsed
    return frame


def _is_aware(value: Any) -> bool:
    if isinstance(value, pd.Timestamp | np.datetime64) or hasattr(value, "tzinfo"):
        return getattr(value, "tzinfo", None) is not None
    if isinstance(value, str):
        try:
            return pd.Timestamp(value).tzinfo is not None
        except (ValueError, TypeError, OverflowError):
            return False
    return False


def _parses(value: Any, numeric: bool) -> bool:
    try:
        pd.to_datetime(value, unit="s" if numeric else None)
    except (ValueError, TypeError, OverflowError):
        return False
    return True


def _numbers(frame: pd.DataFrame, column: str, where: str) -> np.ndarray:
    raw = frame[column]
    if not pd.api.types.is_numeric_dtype(raw.dtype) or pd.api.types.is_bool_dtype(raw.dtype):
        text = ~raw.isna().to_numpy() & ~raw.map(is_real).to_numpy(dtype=bool)
        if text.any():
            raise ResponseDataError(
                f"{where} has values that are not numbers in the {column!r} column in "
                f"{_rows(raw, text)}, e.g. {raw.to_numpy()[int(np.argmax(text))]!r}."
            )
    return pd.to_numeric(raw).to_numpy(dtype=np.float64, na_value=np.nan)


def _seconds(frame: pd.DataFrame, where: str) -> pd.Series:
    values = _numbers(frame, "response_time", where)
    bad = ~np.isnan(values) & ~(np.isfinite(values) & (values >= 0))
    if bad.any():
        raise ResponseDataError(
            f"{where} has 'response_time' values that are not finite seconds >= 0 in "
            f"{_rows(frame['response_time'], bad)}; leave unknown times empty (NaN)."
        )
    return pd.Series(values, index=frame.index, name="response_time")


def _grades(frame: pd.DataFrame, where: str) -> pd.Series:
    values = _numbers(frame, "grade", where)
    known = ~np.isnan(values)
    bad = known & ~((values == np.floor(values)) & (values >= 0) & (values <= MAX_GRADE))
    if bad.any():
        raise ResponseDataError(
            f"{where} has grades that are not whole numbers 0..{MAX_GRADE} in "
            f"{_rows(frame['grade'], bad)}; leave unknown grades empty."
        )
    return pd.Series(values, index=frame.index, name="grade")


def _resolve_repeats(frame: pd.DataFrame, policy: str, where: str) -> pd.DataFrame:
    keys = frame[["learner_id", "item_id"]]
    repeated = keys.duplicated(keep=False).to_numpy()
    if not repeated.any():
        return frame
    pairs = keys.loc[repeated].drop_duplicates()
    examples = "; ".join(
        f"({plain(learner)!r}, {item!r})"
        for learner, item in pairs.head(_SHOWN).itertuples(index=False)
    )
    if policy == "error":
        raise ResponseDataError(
            f"{where} has {len(pairs)} (learner, item) pair(s) answered more than once, e.g. "
            f"{examples}. Pass duplicate_policy='first' or 'last' to keep one answer per "
            "pair, or remove the repeats."
        )
    order = (
        np.argsort(frame["timestamp"].to_numpy(), kind="stable")
        if "timestamp" in frame.columns
        else np.arange(len(frame))
    )
    keep: Literal["first", "last"] = "first" if policy == "first" else "last"
    first_in_order = ~keys.iloc[order].duplicated(keep=keep).to_numpy()
    kept = frame.iloc[np.sort(order[first_in_order])]
    warnings.warn(
        f"{where}: removed {len(frame) - len(kept)} repeated answer(s) of {len(pairs)} "
        f"(learner, item) pair(s), keeping the {policy} one of each (duplicate_policy="
        f"{policy!r}); e.g. {examples}.",
        RepeatedAnswersWarning,
        stacklevel=4,
    )
    return kept
