"""Who needs help, and why: the attention list for teachers and case managers.

:func:`attention_list` reads a response log and returns one row per child who needs
attention, most urgent first, with machine reason codes, the numbers behind each reason
and a plain English sentence per reason (:func:`explain_reason`, which reports in other
languages replace). The reasons:

- ``below_level``: the child's overall ability is confidently (posterior probability
  ``confidence``) below the level expected for their grade, the bank's grade-level
  benchmark (:mod:`adaptive_tutor.grade_levels`) of grade ``grade - grade_offset``: by
  default the level a child has at the start of their grade (the end-of-year level of the
  grade before). Or a skill of a grade before that expected level is *not mastered* by
  the one mastery judgement (:mod:`adaptive_tutor.mastery`, the "not yet" of the
  reports). The grade comes from ``learner_grades`` or a ``grade`` column of the log;
  when unknown, the bank's lowest grade is expected. Needs ``min_answers`` distinct items.
- ``falling_behind``: over the child's own most recent ``recent_weeks`` of practice
  (whole days, ending with the day of their last answer), their ability is confidently
  below where it was before plus ``min_growth``: the two estimates come from disjoint
  answers, and the change is judged with the uncertainty of both, so noise alone rarely
  flags a child. Needs timestamps and ``min_answers`` distinct items in each period.
- ``disengaged``: at least ``rapid_share`` of the child's last ``recent_answers`` timed
  answers are rapid guesses (:class:`~adaptive_tutor.effort.RapidGuessRule`, response-time
  effort after Wise & Kong 2005). Needs ``min_timed`` timed answers.
- ``inactive``: no answer for ``inactive_days`` days before the log's last answer (or
  ``now``). Needs timestamps.

Abilities are estimated like mastery (:mod:`adaptive_tutor.mastery`: the latest answer per
distinct item, N(0, 1) prior on the standard grid), leaving rapid guesses out when
``effort_moderated`` (Wise & DeMars 2006). Reasons that cannot be checked (no timestamps,
no response times) are listed with the reason why in ``frame.attrs["not_checked"]``.

``severity`` orders the list: its whole part is the number of reasons, its fraction how far
the strongest reason is past its threshold (grades below the expected level, logits of
decline, share of rapid guesses, days beyond the inactivity limit).

Examples
--------
>>> import pandas as pd
>>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
>>> bank = ItemBank.from_dict(tiny_bank_document())
>>> log = pd.DataFrame({
...     "learner_id": ["ann", "ann", "bob"], "item_id": ["count-1", "add-1", "count-1"],
...     "response": [1, 1, 0],
...     "timestamp": ["2026-03-02 10:00", "2026-03-30 10:00", "2026-03-02 10:05"]})
>>> frame = attention_list(log, bank)
>>> frame[["learner_id", "reasons"]].to_dict("records")
[{'learner_id': 'bob', 'reasons': ('inactive',)}]
>>> frame["explanation"].iloc[0]
'No answers for 28 days (last answer on 2026-03-02).'
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from adaptive_tutor._attention_text import (
    BELOW_LEVEL,
    DISENGAGED,
    FALLING_BEHIND,
    INACTIVE,
    REASONS,
    explain_reason,
)
from adaptive_tutor._mastery_evidence import MASTERY_GRID, MasteryEvidence, grid_posterior
from adaptive_tutor._validation import check_int, check_real, parameter_error
from adaptive_tutor.effort import RapidGuessRule, check_rapid_guess_rule
from adaptive_tutor.grade_levels import grade_scale
from adaptive_tutor.irt.posterior import moments
from adaptive_tutor.item_bank import ItemBank
from adaptive_tutor.mastery import CODES, NOT_MASTERED, MasteryClassifier, check_mastery
from adaptive_tutor.reports._scoring import checked_log

__all__ = [
    "BELOW_LEVEL",
    "DISENGAGED",
    "FALLING_BEHIND",
    "INACTIVE",
    "REASONS",
    "attention_list",
    "explain_reason",
]

OWNER = "attention_list"
FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
COLUMNS = (
    "learner_id",
    "reasons",
    "severity",
    "explanation",
    "n_answers",
    "n_rapid_guesses",
    "grade",
    "expected_grade",
    "grade_level",
    "below_range",
    "below_skills",
    "recent_weeks",
    "level_before",
    "level_recent",
    "growth",
    "growth_se",
    "n_recent_timed",
    "n_recent_rapid",
    "rapid_share",
    "days_inactive",
    "last_answer",
)


def attention_list(
    log: pd.DataFrame,
    bank: ItemBank,
    *,
    learner_grades: Mapping[Any, float] | None = None,
    now: Any = None,
    confidence: float = 0.9,
    grade_offset: float = 1.0,
    min_answers: int = 8,
    recent_weeks: float = 3.0,
    min_growth: float = 0.0,
    rapid_guess: RapidGuessRule | None = None,
    rapid_share: float = 0.25,
    recent_answers: int = 30,
    min_timed: int = 10,
    inactive_days: float = 14.0,
    effort_moderated: bool = True,
    mastery: MasteryClassifier | None = None,
    flagged_only: bool = True,
) -> pd.DataFrame:
    """The children who need attention, most urgent first, and why.

    Parameters
    ----------
    log : pandas.DataFrame
        Long format ``learner_id, item_id, response`` with optional ``timestamp``,
        ``response_time`` (seconds) and ``grade``.
    bank : ItemBank
        The bank the log's items come from.
    learner_grades : mapping of learner id to grade, optional
        School grade of each child (overrides a ``grade`` column).
    now : date-like, optional
        The day the list is made for inactivity; default the log's last answer.
    confidence : float, default 0.9
        Posterior probability for ``below_level`` and ``falling_behind``, in (0.5, 1).
    grade_offset : float, default 1.0
        A child of grade ``g`` is expected at the level of grade ``g - grade_offset``;
        ``>= 0``.
    min_answers : int, default 8
        Fewest distinct items for ``below_level`` (and in each period for
        ``falling_behind``); ``>= 1``.
    recent_weeks : float, default 3.0
        Length of the recent period of each child's own practice; ``> 0``.
    min_growth : float, default 0.0
        Growth (logits) a child is expected to reach over the recent period.
    rapid_guess : RapidGuessRule, optional
        Default the ``mastery`` classifier's rule (``RapidGuessRule()``: 10% of the item's
        typical time, at most 10 s).
    rapid_share : float, default 0.25
        Share of rapid guesses among recent timed answers that flags ``disengaged``;
        in (0, 1].
    recent_answers : int, default 30
        How many of the child's last timed answers are looked at; ``>= 1``.
    min_timed : int, default 10
        Fewest recent timed answers to judge engagement; ``1 <= min_timed``.
    inactive_days : float, default 14.0
        Days without an answer that flag ``inactive``; ``> 0``.
    effort_moderated : bool, default True
        Leave rapid guesses out of the ability estimates.
    mastery : MasteryClassifier, optional
        The judgement of skills for ``below_level``; default
        :func:`~adaptive_tutor.mastery.default_mastery` (as sessions and reports).
    flagged_only : bool, default True
        ``False`` keeps a row for every child (``reasons`` empty when none applies).

    Returns
    -------
    pandas.DataFrame
        One row per child: ``learner_id``, ``reasons`` (tuple of codes of
        :data:`REASONS`), ``severity``, ``explanation`` and the numbers behind the
        reasons (see the module; NaN where not measured). ``attrs["not_checked"]`` maps
        reasons that could not be checked to the reason why.

    Raises
    ------
    ResponseDataError
        For a malformed log or grades that are not numbers.
    ValueError, TypeError
        For a threshold outside its range (the message names it).

    Examples
    --------
    >>> import pandas as pd
    >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
    >>> bank = ItemBank.from_dict(tiny_bank_document())
    >>> log = pd.DataFrame({"learner_id": ["a"], "item_id": ["add-1"], "response": [1]})
    >>> attention_list(log, bank).empty
    True
    >>> sorted(attention_list(log, bank).attrs["not_checked"])
    ['disengaged', 'falling_behind', 'inactive']
    """
    settings = _Settings(
        confidence=check_real(
            confidence,
            "confidence",
            OWNER,
            minimum=0.5,
            maximum=1.0,
            exclusive_minimum=True,
            exclusive_maximum=True,
        ),
        grade_offset=check_real(grade_offset, "grade_offset", OWNER, minimum=0.0),
        min_answers=check_int(min_answers, "min_answers", OWNER, minimum=1),
        recent_weeks=check_real(
            recent_weeks, "recent_weeks", OWNER, minimum=0.0, exclusive_minimum=True
        ),
        min_growth=check_real(min_growth, "min_growth", OWNER),
        rapid_share=check_real(
            rapid_share, "rapid_share", OWNER, minimum=0.0, maximum=1.0, exclusive_minimum=True
        ),
        recent_answers=check_int(recent_answers, "recent_answers", OWNER, minimum=1),
        min_timed=check_int(min_timed, "min_timed", OWNER, minimum=1),
        inactive_days=check_real(
            inactive_days, "inactive_days", OWNER, minimum=0.0, exclusive_minimum=True
        ),
    )
    if settings.min_timed > settings.recent_answers:
        raise parameter_error(
            "min_timed", OWNER, f"at most recent_answers ({settings.recent_answers})", min_timed
        )
    classifier = check_mastery(mastery, "mastery", OWNER)
    if rapid_guess is None:  # the rule of the mastery judgement, so both leave out the same
        rapid_guess = classifier.rapid_guess
    rule = check_rapid_guess_rule(rapid_guess, OWNER)
    for name, flag in (("effort_moderated", effort_moderated), ("flagged_only", flagged_only)):
        if not isinstance(flag, bool | np.bool_):
            raise TypeError(f"The {name!r} parameter of {OWNER} must be a bool. Got {flag!r}.")
    frame = checked_log(log, bank, OWNER)
    return _Builder(frame, bank, settings, rule, classifier, bool(effort_moderated)).build(
        learner_grades, now, bool(flagged_only)
    )


class _Settings:
    """The checked thresholds of one call."""

    def __init__(self, **values: Any) -> None:
        self.__dict__.update(values)

    confidence: float
    grade_offset: float
    min_answers: int
    recent_weeks: float
    min_growth: float
    rapid_share: float
    recent_answers: int
    min_timed: int
    inactive_days: float


class _Builder:
    """The per-learner arrays of one attention list (log already checked)."""

    def __init__(
        self,
        frame: pd.DataFrame,
        bank: ItemBank,
        settings: _Settings,
        rule: RapidGuessRule,
        mastery: MasteryClassifier,
        effort_moderated: bool,
    ) -> None:
        self.mastery = mastery
        self.learners = [str(x) for x in pd.unique(frame["learner_id"])]
        self.has_time = "timestamp" in frame.columns
        if self.has_time:
            frame = frame.sort_values("timestamp", kind="stable")
        self.frame = frame.reset_index(drop=True)
        self.bank = bank
        self.s = settings
        self.n = len(self.learners)
        self.row = (
            pd.Index(self.learners).get_indexer(pd.Index(self.frame["learner_id"])).astype(np.intp)
        )
        self.item = bank.indices_of(self.frame["item_id"]).astype(np.intp)
        self.response = self.frame["response"].to_numpy(dtype=np.float64).astype(np.intp)
        times = (
            pd.to_numeric(self.frame["response_time"], errors="coerce").to_numpy(np.float64)
            if "response_time" in self.frame.columns
            else np.full(len(self.frame), np.nan)
        )
        self.times = times
        self.rapid = rule.flags(bank, self.item, times)
        self.used = ~self.rapid if effort_moderated else np.ones(len(self.frame), dtype=bool)

    # ------------------------------------------------------------------ assembly
    def build(self, learner_grades: Any, now: Any, flagged_only: bool) -> pd.DataFrame:
        n = self.n
        out: dict[str, Any] = {
            "learner_id": self.learners,
            "n_answers": np.bincount(self.row, minlength=n).astype(np.int64),
            "n_rapid_guesses": np.bincount(self.row[self.rapid], minlength=n).astype(np.int64),
            "recent_weeks": np.full(n, self.s.recent_weeks),
        }
        not_checked: dict[str, str] = {}
        flags = {reason: np.zeros(n, dtype=bool) for reason in REASONS}
        strength = {reason: np.zeros(n) for reason in REASONS}
        self._below_level(self._grades(learner_grades), out, flags, strength)
        if self.has_time:
            self._falling_behind(out, flags, strength)
            self._inactive(now, out, flags, strength)
        else:
            for reason in (FALLING_BEHIND, INACTIVE):
                not_checked[reason] = "the log has no timestamp column"
            for name in ("level_before", "level_recent", "growth", "growth_se", "days_inactive"):
                out[name] = np.full(n, np.nan)
            out["last_answer"] = np.full(n, pd.NaT)
        if np.isfinite(self.times).any():
            self._disengaged(out, flags, strength)
        else:
            not_checked[DISENGAGED] = "the log has no response times"
            out["n_recent_timed"] = np.zeros(n, dtype=np.int64)
            out["n_recent_rapid"] = np.zeros(n, dtype=np.int64)
            out["rapid_share"] = np.full(n, np.nan)
        table = pd.DataFrame(out)
        reasons = [tuple(r for r in REASONS if flags[r][k]) for k in range(n)]
        table.insert(1, "reasons", pd.Series(reasons, dtype=object))
        top = np.max(np.vstack([strength[r] * flags[r] for r in REASONS]), axis=0)
        table.insert(2, "severity", np.array([len(r) for r in reasons]) + np.clip(top, 0, 0.99))
        names = {skill.id: skill.name for skill in self.bank.skills}
        table.insert(
            3,
            "explanation",
            [
                " ".join(explain_reason(r, row, skill_names=names) for r in row["reasons"])
                for row in _records(table)
            ],
        )
        table = table[list(COLUMNS)]
        if flagged_only:
            table = table.loc[table["reasons"].map(len) > 0]
        table = table.sort_values(
            ["severity", "learner_id"], ascending=[False, True], kind="stable"
        ).reset_index(drop=True)
        table.attrs["not_checked"] = not_checked
        return table

    def _grades(self, learner_grades: Any) -> FloatArray:
        grades = np.full(self.n, np.nan)
        if "grade" in self.frame.columns:
            # the response-log checker has made sure grades are numbers
            column = self.frame.dropna(subset=["grade"]).groupby("learner_id")["grade"].last()
            grades = column.reindex(self.learners).to_numpy(dtype=np.float64)
        if learner_grades is not None:
            if not isinstance(learner_grades, Mapping):
                raise parameter_error(
                    "learner_grades", OWNER, "a mapping of learner id to grade", learner_grades
                )
            for learner, grade in learner_grades.items():
                good = isinstance(grade, int | float | np.integer | np.floating) and not (
                    isinstance(grade, bool)
                )
                if not good or not math.isfinite(float(grade)):
                    raise parameter_error(
                        "learner_grades", OWNER, "grades that are numbers", {learner: grade}
                    )
                if str(learner) in self.learners:
                    grades[self.learners.index(str(learner))] = float(grade)
        return grades

    # ------------------------------------------------------------------ reasons
    def _evidence(self, mask: BoolArray) -> MasteryEvidence:
        """The latest used answer per learner and item among the rows in ``mask``."""
        rows = np.flatnonzero(mask & self.used)
        key = self.row[rows] * len(self.bank) + self.item[rows]
        _, from_end = np.unique(key[::-1], return_index=True)
        last = rows[rows.shape[0] - 1 - from_end]
        return MasteryEvidence(self.row[last], self.item[last], self.response[last], self.n)

    def _below_level(
        self,
        grades: FloatArray,
        out: dict[str, Any],
        flags: dict[str, BoolArray],
        strength: dict[str, FloatArray],
    ) -> None:
        bank, s, nodes = self.bank, self.s, MASTERY_GRID.nodes
        scale = grade_scale(bank)
        expected = np.where(np.isfinite(grades), grades - s.grade_offset, scale.lowest)
        expected = np.clip(expected, scale.lowest, scale.highest)
        evidence = self._evidence(np.ones(len(self.frame), dtype=bool))
        distinct = np.bincount(evidence.learner, minlength=self.n)
        posterior = grid_posterior(evidence.learner_log_likelihood(bank, nodes))
        theta = posterior @ nodes
        cut = scale.ability_at(expected)
        below = _mass_below(posterior, nodes, cut) >= s.confidence
        enough = distinct >= s.min_answers
        levels = scale.grade_level(np.where(distinct > 0, theta, np.nan))
        # skills of grades before the expected one that the one mastery judgement calls
        # not mastered (the "not yet" of the reports)
        codes = self.mastery.evidence_codes(bank, evidence)
        skill_grade = np.array([skill.grade for skill in bank.skills], dtype=np.float64)
        earlier = skill_grade[None, :] < expected[:, None]
        skill_below = earlier & (codes == CODES[NOT_MASTERED])
        ids = np.asarray(bank.skill_ids, dtype=object)
        out["grade"] = grades
        out["expected_grade"] = expected
        out["grade_level"] = levels.value
        out["below_range"] = levels.below
        out["below_skills"] = [tuple(ids[skill_below[k]]) for k in range(self.n)]
        flags[BELOW_LEVEL] = enough & (below | skill_below.any(axis=1))
        level = np.where(np.isfinite(levels.value), levels.value, expected)
        gap = np.where(below, expected - level, 0.0)
        strength[BELOW_LEVEL] = np.clip(gap / 3.0, 0.0, 0.99)

    def _falling_behind(
        self, out: dict[str, Any], flags: dict[str, BoolArray], strength: dict[str, FloatArray]
    ) -> None:
        bank, s, nodes = self.bank, self.s, MASTERY_GRID.nodes
        stamps = self.frame["timestamp"]
        last = stamps.groupby(self.row).max().reindex(range(self.n))
        # whole days: the recent period ends with the day of the child's last answer
        start = last.dt.normalize() + pd.Timedelta(days=1) - pd.Timedelta(days=7.0 * s.recent_weeks)
        recent = (stamps >= start.to_numpy()[self.row]).to_numpy()
        estimates = []
        for mask in (~recent, recent):
            evidence = self._evidence(mask)
            posterior = grid_posterior(evidence.learner_log_likelihood(bank, nodes))
            mean, sd = moments(posterior, nodes)
            estimates.append((mean, sd, np.bincount(evidence.learner, minlength=self.n)))
        (theta_0, se_0, n_0), (theta_1, se_1, n_1) = estimates
        measured = (n_0 >= s.min_answers) & (n_1 >= s.min_answers)
        growth = np.where(measured, theta_1 - theta_0, np.nan)
        growth_se = np.where(measured, np.hypot(se_0, se_1), np.nan)
        z = (s.min_growth - growth) / np.where(measured, growth_se, 1.0)
        p_short = 0.5 * (1.0 + _erf(z / math.sqrt(2.0)))
        scale = grade_scale(bank)
        out["level_before"] = scale.grade_level(np.where(measured, theta_0, np.nan)).value
        out["level_recent"] = scale.grade_level(np.where(measured, theta_1, np.nan)).value
        out["growth"] = growth
        out["growth_se"] = growth_se
        flags[FALLING_BEHIND] = measured & (p_short >= s.confidence)
        strength[FALLING_BEHIND] = np.clip(np.nan_to_num(-growth, nan=0.0) / 2.0, 0.0, 0.99)

    def _disengaged(
        self, out: dict[str, Any], flags: dict[str, BoolArray], strength: dict[str, FloatArray]
    ) -> None:
        s = self.s
        timed = np.flatnonzero(np.isfinite(self.times))
        rows = pd.Series(self.row[timed])
        from_end = rows.groupby(rows).cumcount(ascending=False).to_numpy()
        keep = timed[from_end < s.recent_answers]
        n_timed = np.bincount(self.row[keep], minlength=self.n)
        n_rapid = np.bincount(self.row[keep], weights=self.rapid[keep], minlength=self.n)
        share = np.divide(n_rapid, n_timed, out=np.full(self.n, np.nan), where=n_timed > 0)
        out["n_recent_timed"] = n_timed.astype(np.int64)
        out["n_recent_rapid"] = n_rapid.astype(np.int64)
        out["rapid_share"] = share
        flags[DISENGAGED] = (n_timed >= s.min_timed) & (np.nan_to_num(share) >= s.rapid_share)
        strength[DISENGAGED] = np.clip(np.nan_to_num(share), 0.0, 0.99)

    def _inactive(
        self,
        now: Any,
        out: dict[str, Any],
        flags: dict[str, BoolArray],
        strength: dict[str, FloatArray],
    ) -> None:
        stamps = self.frame["timestamp"]
        last = stamps.groupby(self.row).max().reindex(range(self.n))
        end = stamps.max() if now is None else _as_timestamp(now, stamps)
        elapsed = pd.Series(end - last)
        days = (elapsed.dt.total_seconds() / 86400.0).to_numpy(dtype=np.float64)
        limit = self.s.inactive_days
        out["days_inactive"] = days
        out["last_answer"] = last.to_numpy()
        flags[INACTIVE] = days >= limit
        strength[INACTIVE] = np.clip((days - limit) / (2.0 * limit), 0.0, 0.99)


def _records(table: pd.DataFrame) -> list[dict[str, Any]]:
    return [{str(k): v for k, v in row.items()} for row in table.to_dict("records")]


def _mass_below(posterior: FloatArray, nodes: FloatArray, cut: FloatArray) -> FloatArray:
    """Posterior mass below ``cut`` (a node at the cut counts half); cut broadcasts."""
    cuts = np.asarray(cut, dtype=np.float64)[..., None]
    weight = (nodes < cuts) + 0.5 * (nodes == cuts)
    return np.asarray((posterior * weight).sum(axis=-1))


def _erf(values: FloatArray) -> FloatArray:
    return np.asarray(np.vectorize(math.erf, otypes=[np.float64])(values))


def _as_timestamp(value: Any, stamps: pd.Series) -> pd.Timestamp:
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError):
        raise parameter_error("now", OWNER, "a date or time", value) from None
    if pd.isna(stamp):
        raise parameter_error("now", OWNER, "a date or time", value)
    zone = getattr(stamps.dt, "tz", None)
    if zone is not None and stamp.tzinfo is None:
        return stamp.tz_localize(zone)
    if zone is None and stamp.tzinfo is not None:
        return stamp.tz_convert(None)
    return stamp
