"""A session's answers: growable columns, so recording and reading stay constant time."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from adaptive_tutor.context import ResponseHistory
from adaptive_tutor.item_bank import ItemBank

FloatArray = NDArray[np.float64]
IndexArray = NDArray[np.intp]

ANSWER_FIELDS = ("item_id", "response", "offered", "timestamp", "response_time", "answer_id")
"""The columns of a saved session's ``history``: what happened, nothing derived."""

STAGE_FIELD = "stage"
"""The history column saying whether an answer was part of the placement (``"placement"``)
or not (``"practice"``); states saved without it hold practice answers only."""


class AnswerLog:
    """The answers of one session, in order (appended in amortised constant time).

    Columns live in numpy arrays with spare capacity; :meth:`response_history` hands out
    read-only views, so a decision never copies the history.
    """

    __slots__ = (
        "_answer_ids",
        "_answer_rows",
        "_latest",
        "_n",
        "_n_placement",
        "_offered",
        "_positions",
        "_response",
        "_response_time",
        "_timestamp",
    )

    def __init__(self, capacity: int = 32) -> None:
        self._n = 0
        self._n_placement = 0
        self._positions = np.empty(capacity, dtype=np.intp)
        self._response = np.empty(capacity, dtype=np.float64)
        self._offered = np.empty(capacity, dtype=bool)
        self._timestamp = np.empty(capacity, dtype=np.float64)
        self._response_time = np.empty(capacity, dtype=np.float64)
        self._answer_ids: list[str | None] = []
        self._answer_rows: dict[str, int] = {}
        self._latest: float | None = None

    @classmethod
    def from_arrays(
        cls,
        positions: IndexArray,
        response: NDArray[np.int64],
        offered: NDArray[np.bool_],
        timestamp: FloatArray,
        response_time: FloatArray,
        answer_ids: Sequence[str | None],
        n_placement: int = 0,
    ) -> AnswerLog:
        """A log holding checked columns (answer ids unique where given).

        The first ``n_placement`` answers are the placement's (placement answers always
        come first).
        """
        n = positions.shape[0]
        log = cls(max(32, 2 * n))
        log._n = n
        log._n_placement = n_placement
        log._positions[:n] = positions
        log._response[:n] = response
        log._offered[:n] = offered
        log._timestamp[:n] = timestamp
        log._response_time[:n] = response_time
        log._answer_ids = list(answer_ids)
        log._answer_rows = {key: row for row, key in enumerate(answer_ids) if key is not None}
        known = timestamp[~np.isnan(timestamp)]
        log._latest = float(known.max()) if known.size else None
        return log

    def __len__(self) -> int:
        return self._n

    @property
    def n_placement(self) -> int:
        """How many answers (the first ones) belong to the placement."""
        return self._n_placement

    @property
    def latest_timestamp(self) -> float | None:
        """The latest known answer time (seconds), or None."""
        return self._latest

    @property
    def positions(self) -> IndexArray:
        """Bank positions of the answered items (read-only view)."""
        return _view(self._positions, self._n)

    @property
    def scores(self) -> NDArray[np.int64]:
        """Scores as ints (a copy)."""
        return self._response[: self._n].astype(np.int64)

    def row_of(self, answer_id: str) -> int | None:
        """The row recorded under ``answer_id``, or None."""
        return self._answer_rows.get(answer_id)

    def item_and_score(self, row: int) -> tuple[int, int]:
        """Bank position and score of one row."""
        return int(self._positions[row]), int(self._response[row])

    def append(
        self,
        position: int,
        score: int,
        offered: bool,
        timestamp: float | None,
        response_time: float | None,
        answer_id: str | None,
        placement: bool = False,
    ) -> None:
        """Add one answer at the end (``placement``: while every earlier one was too)."""
        n = self._n
        if n == self._positions.shape[0]:
            self._grow()
        self._positions[n] = position
        self._response[n] = score
        self._offered[n] = offered
        self._timestamp[n] = np.nan if timestamp is None else timestamp
        self._response_time[n] = np.nan if response_time is None else response_time
        self._answer_ids.append(answer_id)
        if answer_id is not None:
            self._answer_rows[answer_id] = n
        if timestamp is not None and (self._latest is None or timestamp > self._latest):
            self._latest = timestamp
        if placement and self._n_placement == n:
            self._n_placement = n + 1
        self._n = n + 1

    def _grow(self) -> None:
        for name in ("_positions", "_response", "_offered", "_timestamp", "_response_time"):
            old = getattr(self, name)
            new = np.empty(2 * old.shape[0], dtype=old.dtype)
            new[: self._n] = old[: self._n]
            setattr(self, name, new)

    def response_history(self) -> ResponseHistory:
        """The answers as the immutable arrays selectors and stopping rules read (no copy)."""
        n = self._n
        return ResponseHistory(
            _view(self._positions, n),
            _view(self._response, n),
            _view(self._timestamp, n),
            _view(self._response_time, n),
        )

    def columns(self, bank: ItemBank, *, stages: bool = False) -> dict[str, list[Any]]:
        """JSON-compatible columns (:data:`ANSWER_FIELDS`; unknown times are null), with
        :data:`STAGE_FIELD` when ``stages`` (a session with a placement)."""
        n = self._n
        ids = bank.item_ids
        columns = {
            "item_id": [ids[p] for p in self._positions[:n].tolist()],
            "response": self._response[:n].astype(np.int64).tolist(),
            "offered": self._offered[:n].tolist(),
            "timestamp": _nullable(self._timestamp[:n]),
            "response_time": _nullable(self._response_time[:n]),
            "answer_id": list(self._answer_ids),
        }
        if stages:
            columns[STAGE_FIELD] = self.stages()
        return columns

    def stages(self) -> list[str]:
        """The stage of every answer: ``"placement"`` for the first :attr:`n_placement`."""
        placed = self._n_placement
        return ["placement"] * placed + ["practice"] * (self._n - placed)

    def frame(self, bank: ItemBank, learner_id: str, estimates: FloatArray) -> pd.DataFrame:
        """The tidy history frame (see :attr:`TutoringSession.history`)."""
        n = self._n
        positions = self._positions[:n]
        items = [bank.items[p] for p in positions.tolist()]
        responses = self._response[:n].astype(np.int64)
        max_score = np.fromiter((item.max_score for item in items), dtype=np.int64, count=n)
        return pd.DataFrame(
            {
                "learner_id": [learner_id] * n,
                "step": np.arange(1, n + 1, dtype=np.int64),
                "item_id": [bank.item_ids[p] for p in positions.tolist()],
                "skill_id": [item.skills[0] for item in items],
                "skills": [",".join(item.skills) for item in items],
                "response": responses,
                "max_score": max_score,
                "correct": responses == max_score,
                "offered": self._offered[:n].copy(),
                "timestamp": self._timestamp[:n].copy(),
                "response_time": self._response_time[:n].copy(),
                "answer_id": list(self._answer_ids),
                STAGE_FIELD: self.stages(),
                "theta": estimates[:, 0],
                "se": estimates[:, 1],
                "overall_theta": estimates[:, 2],
                "overall_se": estimates[:, 3],
            }
        )


def _view(array: NDArray[Any], n: int) -> NDArray[Any]:
    view = array[:n]
    view.flags.writeable = False
    return view


def _nullable(values: FloatArray) -> list[float | None]:
    return [None if v != v else v for v in values.tolist()]  # NaN -> null


def column_lists(columns: Mapping[str, Sequence[Any]]) -> dict[str, list[Any]]:
    """Plain lists of the columns (for comparisons in tests and migrations)."""
    return {name: list(columns[name]) for name in ANSWER_FIELDS}
