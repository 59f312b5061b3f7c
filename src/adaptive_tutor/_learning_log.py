"""Encode a long-format learning log (shared by knowledge tracing and Elo).

The log is checked by :func:`adaptive_tutor.response_log.check_response_log` (the rules
every consumer of logs shares: ids, binary correctness, timestamps, response times); this
module adds what sequence models need (rows of a learner in time order) and encodes ids.

A learning log is a pandas DataFrame with one row per answer:

- ``learner_id``: who answered;
- ``skill_id``, or ``item_id`` plus an item-to-skill mapping (or an item bank): what was
  practised (Elo uses ``item_id``);
- ``correct`` (or ``response``): 0 or 1;
- optionally ``timestamp`` (or ``order``): rows of one learner must be in non-decreasing
  time order; without it the row order is the time order;
- optionally ``response_time`` (seconds, used by Elo's response-time scoring).

Ids are converted to ``str`` (skills and items) so states round-trip through JSON.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from adaptive_tutor._validation import name_some, plain
from adaptive_tutor.exceptions import ResponseDataError
from adaptive_tutor.response_log import check_response_log, id_kind

__all__: list[str] = []

CORRECT_COLUMNS = ("correct", "response")
ORDER_COLUMNS = ("timestamp", "order")

ItemSkills = Mapping[Any, Any]


@dataclass(frozen=True)
class EncodedLog:
    """A validated log, one row per (answer, unit) pair, in the original row order.

    ``unit`` is a skill (knowledge tracing) or an item (Elo). When an item measures several
    skills its answer appears once per skill; ``row`` maps each encoded row back to the row of
    the input frame.
    """

    learner_codes: npt.NDArray[np.intp]
    learner_ids: npt.NDArray[Any]
    unit_codes: npt.NDArray[np.intp]
    unit_ids: tuple[str, ...]
    correct: npt.NDArray[np.int8]
    response_time: npt.NDArray[np.float64] | None
    row: npt.NDArray[np.intp]
    n_rows: int


def encode_log(
    log: Any,
    owner: str,
    *,
    unit: str,
    item_skills: ItemSkills | Any | None = None,
    use_response_time: bool = False,
) -> EncodedLog:
    """Validate ``log`` and encode ids as integer codes (``unit`` is "skill" or "item")."""
    if not isinstance(log, pd.DataFrame):
        raise ResponseDataError(
            f"{owner} expects a pandas DataFrame with columns learner_id, "
            f"{unit}_id and correct. Got {type(log).__name__}."
        )
    if len(log) == 0:
        raise ResponseDataError(f"{owner} got an empty log: there are no responses to use.")
    columns = set(map(str, log.columns))
    correct_column = next((c for c in CORRECT_COLUMNS if c in columns), "correct")
    log = check_response_log(
        log,
        owner,
        required=("learner_id", correct_column),
        response_column=correct_column,
        binary=True,
    )
    learner_values = log["learner_id"].to_numpy()
    correct = log[correct_column].to_numpy().astype(np.int8)
    _check_time_order(log, columns, learner_values, owner)
    response_time = _response_time(log, columns, owner) if use_response_time else None

    units, row = _units(log, columns, owner, unit, item_skills)
    unit_codes, unit_uniques = pd.factorize(units, sort=True)
    learner_codes, learner_uniques = pd.factorize(learner_values[row], sort=False)
    return EncodedLog(
        learner_codes=np.asarray(learner_codes, dtype=np.intp),
        learner_ids=np.asarray(learner_uniques),
        unit_codes=np.asarray(unit_codes, dtype=np.intp),
        unit_ids=tuple(str(u) for u in unit_uniques),
        correct=correct[row],
        response_time=None if response_time is None else response_time[row],
        row=row,
        n_rows=len(log),
    )


def _missing_column(owner: str, name: str, columns: set[str]) -> ResponseDataError:
    present = ", ".join(sorted(columns)) or "none"
    return ResponseDataError(
        f"{owner} needs a {name!r} column in the log. Columns present: {present}."
    )


def _check_time_order(
    log: pd.DataFrame, columns: set[str], learners: npt.NDArray[Any], owner: str
) -> None:
    order_column = next((c for c in ORDER_COLUMNS if c in columns), None)
    if order_column is None:
        return
    times = log[order_column]
    if times.isna().any():
        first = int(np.flatnonzero(times.isna().to_numpy())[0])
        raise ResponseDataError(
            f"The {order_column!r} column given to {owner} has missing values; the first "
            f"is row {first} (learner {plain(learners[first])!r})."
        )
    codes, uniques = pd.factorize(learners)
    by_learner = np.argsort(codes, kind="stable")
    ranks = pd.Series(times.to_numpy()[by_learner]).rank(method="dense").to_numpy()
    same_learner = codes[by_learner][1:] == codes[by_learner][:-1]
    backwards = same_learner & (np.diff(ranks) < 0)
    if backwards.any():
        position = int(np.flatnonzero(backwards)[0])
        earlier, later = int(by_learner[position]), int(by_learner[position + 1])
        learner = plain(uniques[codes[earlier]])
        raise ResponseDataError(
            f"The responses of learner {learner!r} are not in time order: row {later} "
            f"({order_column} {plain(times.iloc[later])!r}) comes after row {earlier} "
            f"({order_column} {plain(times.iloc[earlier])!r}). Sort the log first, for example "
            f"log.sort_values(['learner_id', {order_column!r}], kind='stable')."
        )


def _response_time(
    log: pd.DataFrame, columns: set[str], owner: str
) -> npt.NDArray[np.float64] | None:
    if "response_time" not in columns:
        return None
    times = log["response_time"].to_numpy(dtype=np.float64)
    unknown = np.isnan(times)
    if unknown.any():
        first = int(np.flatnonzero(unknown)[0])
        raise ResponseDataError(
            f"{owner} scores response times, but row {first} has none; give every answer "
            "its response_time, or drop the column to score answers without times."
        )
    return times


def _units(
    log: pd.DataFrame,
    columns: set[str],
    owner: str,
    unit: str,
    item_skills: ItemSkills | Any | None,
) -> tuple[npt.NDArray[Any], npt.NDArray[np.intp]]:
    n = len(log)
    if unit == "item" or (unit == "skill" and "skill_id" not in columns):
        if "item_id" not in columns:
            needed = "item_id" if unit == "item" else "skill_id (or item_id with item_skills)"
            raise _missing_column(owner, needed, columns)
        items = log["item_id"].to_numpy()  # text, checked
        if unit == "item":
            return items, np.arange(n, dtype=np.intp)
        if item_skills is None:
            raise ResponseDataError(
                f"{owner} got a log with item_id but no skill_id: pass item_skills (a "
                "mapping item id -> skill id(s), or an item bank) so answers can be "
                "attributed to skills."
            )
        return _expand_items(items, skills_of_items(item_skills), owner)
    id_kind(log["skill_id"], "skill_id", f"The log given to {owner}")
    return log["skill_id"].astype(str).to_numpy(), np.arange(n, dtype=np.intp)


def skills_of_items(item_skills: ItemSkills | Any) -> dict[str, tuple[str, ...]]:
    """Turn a mapping item -> skill(s) or an item bank into ``{item_id: (skill_id, ...)}``."""
    pairs: Iterable[tuple[Any, Any]]
    if isinstance(item_skills, Mapping):
        pairs = item_skills.items()
    elif hasattr(item_skills, "items") and not callable(item_skills.items):
        pairs = ((item.id, item.skills) for item in item_skills.items)
    else:
        raise TypeError(
            "item_skills must be a mapping item id -> skill id(s) or an item bank. "
            f"Got {type(item_skills).__name__}."
        )
    result: dict[str, tuple[str, ...]] = {}
    for item, skills in pairs:
        if isinstance(skills, str) or not isinstance(skills, Sequence | set | frozenset):
            skills = (skills,)
        result[str(item)] = tuple(str(s) for s in skills)
    return result


def _expand_items(
    items: npt.NDArray[Any], mapping: dict[str, tuple[str, ...]], owner: str
) -> tuple[npt.NDArray[Any], npt.NDArray[np.intp]]:
    unique_items, inverse = np.unique(items, return_inverse=True)
    unknown = [str(i) for i in unique_items if not mapping.get(str(i))]
    if unknown:
        raise ResponseDataError(
            f"{owner}: item(s) {name_some(unknown)} have no skill in item_skills; add them to the "
            "mapping (or the bank) or drop their rows."
        )
    counts = np.array([len(mapping[str(i)]) for i in unique_items], dtype=np.intp)
    per_row = counts[inverse]
    row = np.repeat(np.arange(len(items), dtype=np.intp), per_row)
    offset = np.arange(len(row)) - np.repeat(np.cumsum(per_row) - per_row, per_row)
    flat = np.array([s for i in unique_items for s in mapping[str(i)]], dtype=object)
    starts = np.cumsum(counts) - counts
    skills = flat[starts[inverse[row]] + offset]
    return skills, row
