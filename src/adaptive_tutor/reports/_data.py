"""Reshaping of the long-format response logs that reports read.

A log is a pandas DataFrame with one row per answer and the columns ``learner_id``,
``item_id``, ``response`` (an integer category score) and optionally ``timestamp``,
``chosen_option``, ``response_time`` and ``session_id``. Report builders check it once at
their public entry point with :func:`adaptive_tutor.response_log.check_response_log` (the
rules every consumer of logs shares); everything here trusts that check.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from adaptive_tutor._validation import name_some, parameter_error
from adaptive_tutor.exceptions import ResponseDataError

__all__ = [
    "check_known_items",
    "learner_groups",
    "response_matrix",
    "session_ranks",
]


def _names(values: Iterable[object]) -> str:
    return name_some(str(value) for value in values)


def check_known_items(
    log: pd.DataFrame,
    item_ids: Sequence[str],
    owner: str,
    max_scores: NDArray[np.int64] | None = None,
) -> None:
    """Raise ResponseDataError naming items of ``log`` absent from ``item_ids``.

    With ``max_scores`` (aligned with ``item_ids``) also reject scores above an item's
    maximum.

    Parameters
    ----------
    log : pandas.DataFrame
        A checked log.
    item_ids : sequence of str
        The item bank's identifiers.
    owner : str
        Name of the public function or class, used in messages.
    max_scores : ndarray of int, optional
        Maximum score of each bank item.

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({"learner_id": ["a"], "item_id": ["zz"], "response": [1.0]})
    >>> try:
    ...     check_known_items(log, ["q1"], "ItemReport")
    ... except ValueError as error:
    ...     print(str(error)[:60])
    The response log given to ItemReport names item(s) 'zz' that
    """
    known = pd.Index(list(item_ids))
    unknown = pd.unique(log.loc[~log["item_id"].isin(known), "item_id"])
    if len(unknown):
        raise ResponseDataError(
            f"The response log given to {owner} names item(s) {_names(unknown)} that are not "
            "in the item bank; remove those rows or use the bank they came from."
        )
    if max_scores is not None and "response" in log.columns:
        limit = pd.Series(np.asarray(max_scores, dtype=np.float64), index=known)
        too_high = log["response"].to_numpy() > limit.reindex(log["item_id"]).to_numpy()
        if too_high.any():
            items = pd.unique(log.loc[too_high, "item_id"])
            raise ResponseDataError(
                f"The response log given to {owner} has scores above the maximum score for "
                f"item(s) {_names(items)}; check the scoring or the bank's max_score."
            )


def response_matrix(
    log: pd.DataFrame,
    item_ids: Sequence[str],
    learner_ids: Sequence[str] | None = None,
    *,
    keep: Literal["first", "last"] = "first",
) -> tuple[NDArray[np.float64], list[str]]:
    """Pivot a checked log into a learners x items score matrix.

    A learner who answered an item several times contributes the ``first`` attempt (item
    analysis: the unpractised answer) or the ``last`` one (progress: the current state).

    Parameters
    ----------
    log : pandas.DataFrame
        A checked log whose items are all in ``item_ids``.
    item_ids : sequence of str
        Column order.
    learner_ids : sequence of str, optional
        Row order; defaults to learners in order of first appearance.
    keep : {"first", "last"}, default "first"
        Which attempt to keep when an item was answered more than once (in time order).

    Returns
    -------
    matrix : ndarray of shape (n_learners, n_items)
        NaN where the learner did not answer the item.
    learner_ids : list of str

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({"learner_id": ["a", "a", "b"], "item_id": ["q2", "q1", "q2"],
    ...                     "response": [1.0, 0.0, 0.0]})
    >>> matrix, learners = response_matrix(log, ["q1", "q2"])
    >>> learners, matrix.tolist()
    (['a', 'b'], [[0.0, 1.0], [nan, 0.0]])
    """
    if "timestamp" in log.columns:
        log = log.sort_values("timestamp", kind="stable")
    first = log.drop_duplicates(["learner_id", "item_id"], keep=keep)
    learners = list(pd.unique(log["learner_id"])) if learner_ids is None else list(learner_ids)
    first = first.loc[first["learner_id"].isin(learners)]
    rows = pd.Index(learners).get_indexer(pd.Index(first["learner_id"]))
    columns = pd.Index(list(item_ids)).get_indexer(pd.Index(first["item_id"]))
    matrix = np.full((len(learners), len(item_ids)), np.nan)
    matrix[rows, columns] = first["response"].to_numpy(dtype=np.float64)
    return matrix, [str(learner) for learner in learners]


def session_ranks(log: pd.DataFrame) -> pd.DataFrame | None:
    """Number each learner's sessions 1, 2, ... in time order; None without session info.

    A session is a ``session_id`` when the log has one, otherwise a calendar day of
    ``timestamp``. Returns the log (sorted by time when it has timestamps) with the
    columns ``session`` (label), ``session_rank`` and ``n_sessions`` (per learner) added.

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({"learner_id": ["a", "a", "a"], "item_id": ["q1", "q2", "q3"],
    ...                     "response": [1.0, 0.0, 1.0], "session_id": ["s1", "s1", "s2"]})
    >>> session_ranks(log)["session_rank"].tolist()
    [1, 1, 2]
    """
    if "session_id" in log.columns:
        frame = log.copy()
        frame["session"] = frame["session_id"].astype(str)
    elif "timestamp" in log.columns:
        frame = log.copy()
        frame["session"] = frame["timestamp"].dt.strftime("%Y-%m-%d")
    else:
        return None
    if "timestamp" in frame.columns:
        frame = frame.sort_values("timestamp", kind="stable")
    frame["_order"] = np.arange(len(frame))
    first = frame.groupby(["learner_id", "session"], sort=False)["_order"].min()
    ranks = first.groupby(level="learner_id").rank(method="first").astype(np.int64)
    keys = pd.MultiIndex.from_arrays([frame["learner_id"], frame["session"]])
    frame["session_rank"] = ranks.reindex(keys).to_numpy()
    frame["n_sessions"] = frame.groupby("learner_id")["session_rank"].transform("max")
    return frame.drop(columns="_order")


def learner_groups(
    frame: pd.DataFrame, groups: object, learners: list[str], owner: str
) -> pd.Series:
    """Each learner's group label, in the order of ``learners`` (NaN where unknown).

    ``groups`` is a Series indexed by learner id or the name of a log column (the first
    value of each learner is used); anything else raises the ``groups`` parameter error.

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({"learner_id": ["a", "b"], "school": ["north", "south"]})
    >>> learner_groups(log, "school", ["b", "a", "c"], "ClassReport").tolist()
    ['south', 'north', nan]
    """
    expected = "a Series by learner id or the name of a log column"
    if isinstance(groups, str):
        if groups not in frame.columns:
            raise parameter_error("groups", owner, expected, groups)
        series = frame.groupby("learner_id", sort=False)[groups].first()
    elif isinstance(groups, pd.Series):
        series = groups.copy()
        series.index = series.index.astype(str)
    else:
        raise parameter_error("groups", owner, expected, groups)
    return series.reindex(learners)
