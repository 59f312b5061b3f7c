"""How practice has gone, from a learner's own rows of a log: counts, time, days, dates.

Shared by the teacher's and the child's pages (and the class page's attention list), so
every page counts answers, minutes and days active the same way.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from adaptive_tutor.item_bank import ItemBank
from adaptive_tutor.reports._i18n import Localizer

__all__ = ["PracticeFacts", "practice_facts"]


@dataclass(frozen=True)
class PracticeFacts:
    """A learner's practice in numbers.

    Attributes
    ----------
    n_answers : int
        Answers given (repeats count).
    n_items : int
        Different items answered.
    credit : float
        Share of the available credit earned (NaN without answers).
    minutes : float
        Time on task from ``response_time`` (NaN when the log has none).
    days_active : int
        Calendar days with answers in the reader's time zone (0 without timestamps).
    n_sessions : int
        Sessions (``session_id`` values, else days; 0 when neither is known).
    first, last : pandas.Timestamp or None
        First and last answer.

    Examples
    --------
    >>> PracticeFacts(3, 3, 0.5, float("nan"), 1, 1, None, None).has_time
    False
    """

    n_answers: int
    n_items: int
    credit: float
    minutes: float
    days_active: int
    n_sessions: int
    first: pd.Timestamp | None
    last: pd.Timestamp | None

    @property
    def has_time(self) -> bool:
        """Whether response times were recorded."""
        return math.isfinite(self.minutes)


def practice_facts(own: pd.DataFrame, bank: ItemBank, loc: Localizer) -> PracticeFacts:
    """Count a learner's answers, credit, minutes, days and sessions.

    Parameters
    ----------
    own : pandas.DataFrame
        The learner's rows of a checked log.
    bank : ItemBank
    loc : Localizer
        Days are counted in its time zone.

    Returns
    -------
    PracticeFacts

    Examples
    --------
    >>> import pandas as pd
    >>> from adaptive_tutor.item_bank import ItemBank
    >>> from adaptive_tutor.examples import tiny_bank_document
    >>> bank = ItemBank.from_dict(tiny_bank_document())
    >>> own = pd.DataFrame({"learner_id": ["a", "a"], "item_id": ["count-1", "add-1"],
    ...                     "response": [1.0, 0.0], "response_time": [30.0, 45.0],
    ...                     "timestamp": pd.to_datetime(["2026-09-07", "2026-09-08"])})
    >>> facts = practice_facts(own, bank, Localizer("en"))
    >>> facts.n_answers, facts.credit, facts.minutes, facts.days_active
    (2, 0.5, 1.25, 2)
    """
    n = len(own)
    if n == 0:
        return PracticeFacts(0, 0, float("nan"), float("nan"), 0, 0, None, None)
    maxima = np.array([item.max_score for item in bank.items], dtype=np.float64)
    credit = float(np.mean(own["response"].to_numpy() / maxima[bank.indices_of(own["item_id"])]))
    minutes = float("nan")
    if "response_time" in own.columns:
        seconds = pd.to_numeric(own["response_time"], errors="coerce").to_numpy(np.float64)
        if np.isfinite(seconds).any():
            minutes = float(np.nansum(seconds) / 60.0)
    days = 0
    first = last = None
    if "timestamp" in own.columns:
        stamps = own["timestamp"]
        if stamps.dt.tz is not None and loc.timezone is not None:
            stamps = stamps.dt.tz_convert(loc.timezone)
        days = int(stamps.dt.normalize().nunique())
        first, last = stamps.min(), stamps.max()
    has_ids = "session_id" in own.columns
    sessions = int(own["session_id"].astype(str).nunique()) if has_ids else days
    return PracticeFacts(
        n, int(own["item_id"].nunique()), credit, minutes, days, sessions, first, last
    )
