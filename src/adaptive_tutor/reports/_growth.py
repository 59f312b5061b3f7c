"""Growth per learner between their own first and last weeks of practice.

Children attend on different weekdays and start on different dates, so growth is never
measured from the log's first day. Each learner's weeks are counted from their own first
day of answers (days 0-6 are week 1, days 7-13 week 2, ...; days in the reader's time
zone). A learner who answered in at least two different weeks is compared: the overall
ability from the answers of their first week against the ability from the answers of
their last week. The two estimates use different answers, so the standard error of the
change is ``sqrt(se_start**2 + se_end**2)``. Learners with answers in one week only are
counted and left out, and the page says so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from adaptive_tutor.estimation import AbilityEstimator
from adaptive_tutor.item_bank import ItemBank
from adaptive_tutor.reports._data import response_matrix
from adaptive_tutor.reports._scoring import estimate_overall

__all__ = ["GROWTH_COLUMNS", "WeeklyGrowth", "weekly_growth"]

GROWTH_COLUMNS = [
    "learner_id",
    "first_week",
    "last_week",
    "weeks",
    "n_start",
    "n_end",
    "theta_start",
    "se_start",
    "theta_end",
    "se_end",
    "growth",
    "se_growth",
    "grade_start",
    "grade_end",
]


@dataclass(frozen=True)
class WeeklyGrowth:
    """Growth of the learners who could be compared, and how many could not.

    Attributes
    ----------
    frame : pandas.DataFrame
        One row per compared learner (:data:`GROWTH_COLUMNS`).
    n_learners : int
        Learners with answers in the period.
    n_one_week : int
        Learners left out because all their answers fall in one week.

    Examples
    --------
    >>> import pandas as pd
    >>> WeeklyGrowth(pd.DataFrame(columns=GROWTH_COLUMNS), 3, 3).n_compared
    0
    """

    frame: pd.DataFrame
    n_learners: int
    n_one_week: int

    @property
    def n_compared(self) -> int:
        """Learners compared."""
        return len(self.frame)


def _days(stamps: pd.Series, timezone: dt.tzinfo | None) -> pd.Series:
    if stamps.dt.tz is not None and timezone is not None:
        stamps = stamps.dt.tz_convert(timezone)
    if stamps.dt.tz is not None:
        stamps = stamps.dt.tz_localize(None)
    days: pd.Series = stamps.dt.normalize()
    return days


def weekly_growth(
    frame: pd.DataFrame,
    bank: ItemBank,
    estimator: AbilityEstimator,
    timezone: dt.tzinfo | None = None,
) -> WeeklyGrowth:
    """Compare every learner's first week of answers with their last week.

    Parameters
    ----------
    frame : pandas.DataFrame
        A checked log with a ``timestamp`` column.
    bank : ItemBank
    estimator : AbilityEstimator
    timezone : tzinfo, optional
        Days are calendar days in this zone (as recorded when None).

    Returns
    -------
    WeeklyGrowth

    Examples
    --------
    >>> import pandas as pd
    >>> from adaptive_tutor.estimation import EAP
    >>> from adaptive_tutor.item_bank import ItemBank
    >>> from adaptive_tutor.examples import tiny_bank_document
    >>> bank = ItemBank.from_dict(tiny_bank_document())
    >>> log = pd.DataFrame({
    ...     "learner_id": ["a", "a", "b"], "item_id": ["count-1", "add-1", "add-1"],
    ...     "response": [0.0, 1.0, 1.0],
    ...     "timestamp": pd.to_datetime(["2026-09-03", "2026-09-14", "2026-09-07"])})
    >>> result = weekly_growth(log, bank, EAP())
    >>> result.frame["learner_id"].tolist(), result.frame["weeks"].tolist(), result.n_one_week
    (['a'], [2], 1)
    """
    if frame.empty:
        return WeeklyGrowth(pd.DataFrame(columns=GROWTH_COLUMNS), 0, 0)
    day = _days(frame["timestamp"], timezone)
    first_day = day.groupby(frame["learner_id"]).transform("min")
    week = ((day - first_day).dt.days // 7).astype(np.int64)
    last_week = week.groupby(frame["learner_id"]).transform("max")
    learners = [str(x) for x in pd.unique(frame["learner_id"])]
    spread = last_week.groupby(frame["learner_id"]).max().reindex(learners)
    compared = [learner for learner in learners if spread[learner] >= 1]
    n_one_week = len(learners) - len(compared)
    if not compared:
        return WeeklyGrowth(pd.DataFrame(columns=GROWTH_COLUMNS), len(learners), n_one_week)
    start_rows = frame.loc[week == 0]
    end_rows = frame.loc[week == last_week]
    start, _ = response_matrix(start_rows, bank.item_ids, compared, keep="last")
    end, _ = response_matrix(end_rows, bank.item_ids, compared, keep="last")
    theta_1, se_1, n_1 = estimate_overall(bank, start, estimator)
    theta_2, se_2, n_2 = estimate_overall(bank, end, estimator)
    first = first_day.groupby(frame["learner_id"]).first().reindex(compared)
    weeks = spread.reindex(compared).to_numpy(dtype=np.int64)
    table = pd.DataFrame(
        {
            "learner_id": compared,
            "first_week": first.to_numpy(),
            "last_week": (first + pd.to_timedelta(7 * weeks, unit="D")).to_numpy(),
            "weeks": weeks + 1,
            "n_start": n_1,
            "n_end": n_2,
            "theta_start": theta_1,
            "se_start": se_1,
            "theta_end": theta_2,
            "se_end": se_2,
            "growth": theta_2 - theta_1,
            "se_growth": np.sqrt(se_1**2 + se_2**2),
            "grade_start": np.nan,
            "grade_end": np.nan,
        }
    )
    return WeeklyGrowth(table, len(learners), n_one_week)
