"""Rapid guesses: answers given faster than anyone can read the question.

A child who clicks through without trying answers at chance, and those answers say
nothing about what the child can do. Following Wise & Kong (2005), an answer is a *rapid
guess* when its response time is below the item's threshold; the share of a child's
answers that are *not* rapid guesses is their response-time effort (RTE). The default
threshold of an item is 10% of its typical time (the normative-threshold rule NT10),
at most 10 seconds: the typical time is the item's ``estimated_minutes`` from the bank,
or a value you give (for instance the median time learners took on it in a log, see
:func:`typical_response_times`). Items without either never count an answer as a rapid
guess. An answer without a response time is never a rapid guess.

Effort-moderated scoring (Wise & DeMars 2006) leaves rapid guesses out of ability
estimation: sessions, reports and the attention list do so by default when response
times are known, and say how many answers they left out.

Examples
--------
>>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
>>> bank = ItemBank.from_dict(tiny_bank_document())
>>> rule = RapidGuessRule(typical_seconds={"count-1": 20.0, "add-1": 30.0, "story-1": 240.0})
>>> rule.thresholds(bank).tolist()
[2.0, 3.0, 10.0]
>>> rule.flags(bank, [0, 1, 2, 2], [1.5, 12.0, 4.0, float("nan")]).tolist()
[True, False, True, False]
"""

from __future__ import annotations

import numbers
import weakref
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from adaptive_tutor._repr import settings_repr
from adaptive_tutor._validation import check_real, name_some, parameter_error
from adaptive_tutor.exceptions import ResponseDataError
from adaptive_tutor.item_bank import ItemBank

__all__ = [
    "DEFAULT_RAPID_GUESS",
    "RapidGuessRule",
    "response_time_effort",
    "typical_response_times",
    "without_rapid_guesses",
]

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]


class RapidGuessRule:
    """Which answers are rapid guesses: response time below an item threshold.

    Parameters
    ----------
    fraction : float, default 0.1
        Threshold as a share of the item's typical time (Wise & Kong's NT10), in (0, 1].
    max_seconds : float, default 10.0
        Upper limit of any item's threshold, > 0.
    typical_seconds : mapping of item id to float, optional
        Typical time of items, overriding their ``estimated_minutes`` (e.g. from
        :func:`typical_response_times`). Ids not in a bank are ignored for that bank.

    Raises
    ------
    ValueError, TypeError
        For a fraction outside (0, 1], a non-positive ``max_seconds`` or typical time.

    Examples
    --------
    >>> RapidGuessRule()
    RapidGuessRule(fraction=0.1, max_seconds=10.0, typical_seconds=None)
    """

    def __init__(
        self,
        fraction: float = 0.1,
        max_seconds: float = 10.0,
        typical_seconds: Mapping[str, float] | None = None,
    ) -> None:
        owner = "RapidGuessRule"
        self.fraction = check_real(
            fraction, "fraction", owner, minimum=0.0, maximum=1.0, exclusive_minimum=True
        )
        self.max_seconds = check_real(
            max_seconds, "max_seconds", owner, minimum=0.0, exclusive_minimum=True
        )
        self.typical_seconds = _check_typical(typical_seconds, owner)

    def thresholds(self, bank: ItemBank) -> FloatArray:
        """Threshold in seconds of every item of ``bank`` (bank order; NaN = no threshold).

        Parameters
        ----------
        bank : ItemBank
            The bank of the items.

        Returns
        -------
        ndarray of float
            One threshold per bank item, in seconds.

        Examples
        --------
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> RapidGuessRule().thresholds(ItemBank.from_dict(tiny_bank_document())).tolist()
        [nan, nan, nan]
        """
        typical = _estimated_seconds(bank)
        if self.typical_seconds:
            typical = typical.copy()
            for position, item_id in enumerate(bank.item_ids):
                if item_id in self.typical_seconds:
                    typical[position] = self.typical_seconds[item_id]
        return np.minimum(self.fraction * typical, self.max_seconds)

    def flags(self, bank: ItemBank, item_index: ArrayLike, response_time: ArrayLike) -> BoolArray:
        """Whether each answer (bank position, seconds) is a rapid guess.

        Parameters
        ----------
        bank : ItemBank
            The bank of the items.
        item_index : array-like of int
            Bank positions of the answered items.
        response_time : array-like of float
            Seconds spent on each answer (NaN when unknown: never a rapid guess).

        Returns
        -------
        ndarray of bool
            One flag per answer.

        Examples
        --------
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> RapidGuessRule(typical_seconds={"add-1": 30.0}).flags(bank, [1, 1], [2.0, 5.0])
        array([ True, False])
        """
        limits = self.thresholds(bank)[np.asarray(item_index, dtype=np.intp)]
        seconds = np.asarray(response_time, dtype=np.float64)
        with np.errstate(invalid="ignore"):
            return np.asarray(np.isfinite(seconds) & (seconds < limits), dtype=bool)

    def __repr__(self) -> str:
        return settings_repr(self)


def without_rapid_guesses(
    matrix: NDArray[np.float64], rapid_guesses: ArrayLike, owner: str
) -> NDArray[np.float64]:
    """Return the response matrix with flagged answers set to NaN (not administered).

    Parameters
    ----------
    matrix : ndarray of float
        Responses, learners by items (NaN where an item was not given).
    rapid_guesses : array-like of bool
        One flag per entry of ``matrix``: True for an answer to leave out.
    owner : str
        The function the mask was passed to, named in the error.

    Returns
    -------
    ndarray of float
        A copy of ``matrix`` with the flagged answers set to NaN.

    Raises
    ------
    ResponseDataError
        If ``rapid_guesses`` is not a bool mask with one flag per response.

    Examples
    --------
    >>> without_rapid_guesses(np.array([[1.0, 0.0]]), [[False, True]], "EAP.estimate")
    array([[ 1., nan]])
    """
    mask = np.asarray(rapid_guesses)
    if mask.dtype != np.bool_ or mask.size != matrix.size:
        raise ResponseDataError(
            f"The 'rapid_guesses' parameter of {owner} must be a bool mask with one flag per "
            f"response ({matrix.size} here). Got {mask.dtype} of shape {mask.shape}."
        )
    result = matrix.copy()
    result[mask.reshape(matrix.shape)] = np.nan
    return result


def check_rapid_guess_rule(rule: Any, owner: str) -> RapidGuessRule:
    """Return ``rule`` (the default rule when None) after checking its type.

    Examples
    --------
    >>> check_rapid_guess_rule(None, "attention_list").fraction
    0.1
    """
    if rule is None:
        return RapidGuessRule()
    if not isinstance(rule, RapidGuessRule):
        raise TypeError(
            f"The 'rapid_guess' parameter of {owner} must be a RapidGuessRule (e.g. "
            f"RapidGuessRule(fraction=0.1)). Got {type(rule).__name__}."
        )
    return rule


def response_time_effort(flags: ArrayLike, response_time: ArrayLike) -> float:
    """Response-time effort: the share of timed answers that are not rapid guesses.

    Parameters
    ----------
    flags : array of bool
        Rapid-guess flags (:meth:`RapidGuessRule.flags`).
    response_time : array of float
        The answers' times (NaN = unknown, not counted).

    Returns
    -------
    float
        NaN when no answer is timed.

    Examples
    --------
    >>> round(response_time_effort([True, False, False], [1.0, 20.0, float("nan")]), 3)
    0.5
    """
    timed = np.isfinite(np.asarray(response_time, dtype=np.float64))
    if not timed.any():
        return float("nan")
    return float(1.0 - np.asarray(flags, dtype=bool)[timed].mean())


def typical_response_times(log: pd.DataFrame, min_answers: int = 5) -> dict[str, float]:
    """Median response time of each item in a log, for items with enough timed answers.

    Parameters
    ----------
    log : pandas.DataFrame
        Columns ``item_id`` and ``response_time`` (seconds; missing values are skipped).
    min_answers : int, default 5
        Fewest timed answers for an item's median to be used.

    Returns
    -------
    dict of str to float
        Pass it as ``RapidGuessRule(typical_seconds=...)``.

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({"item_id": ["q"] * 5, "response_time": [10, 12, 14, 16, 18]})
    >>> typical_response_times(log)
    {'q': 14.0}
    """
    missing = [c for c in ("item_id", "response_time") if c not in getattr(log, "columns", ())]
    if not isinstance(log, pd.DataFrame) or missing:
        raise parameter_error(
            "log", "typical_response_times", "a DataFrame with item_id and response_time", log
        )
    times = pd.to_numeric(log["response_time"], errors="coerce")
    frame = pd.DataFrame({"item_id": log["item_id"].astype(str), "seconds": times}).dropna()
    grouped = frame.groupby("item_id")["seconds"]
    medians = grouped.median()[grouped.size() >= min_answers]
    return {str(k): float(v) for k, v in medians.items() if v > 0}


def _check_typical(values: Any, owner: str) -> dict[str, float] | None:
    if values is None:
        return None
    if not isinstance(values, Mapping):
        raise parameter_error(
            "typical_seconds", owner, "a mapping of item id to seconds > 0", values
        )
    checked: dict[str, float] = {}
    bad = []
    for item_id, seconds in values.items():
        good = isinstance(seconds, numbers.Real) and not isinstance(seconds, bool)
        if not good or not np.isfinite(float(seconds)) or float(seconds) <= 0:
            bad.append(item_id)
            continue
        checked[str(item_id)] = float(seconds)
    if bad:
        raise ValueError(
            f"The 'typical_seconds' parameter of {owner} must map item ids to times in "
            f"seconds > 0; items {name_some(bad)} have other values."
        )
    return checked


DEFAULT_RAPID_GUESS = RapidGuessRule()
"""The default rule of sessions, reports and the attention list (10% of typical, <= 10 s)."""


_ESTIMATED: dict[int, tuple[weakref.ref[ItemBank], FloatArray]] = {}


def _estimated_seconds(bank: ItemBank) -> FloatArray:
    """Every item's ``estimated_minutes`` in seconds (NaN when unknown), once per bank.

    Sessions ask for the thresholds at every answer; a 10,000-item bank must not be walked
    in Python each time. Keyed by the bank object itself (banks compare by content, which
    is slow), dropped when the bank is collected.
    """
    cached = _ESTIMATED.get(id(bank))
    if cached is not None and cached[0]() is bank:
        return cached[1]
    seconds = np.array(
        [
            np.nan if item.estimated_minutes is None else 60.0 * item.estimated_minutes
            for item in bank.items
        ],
        dtype=np.float64,
    )
    seconds.setflags(write=False)
    key = id(bank)
    _ESTIMATED[key] = (weakref.ref(bank, lambda _: _ESTIMATED.pop(key, None)), seconds)
    return seconds
