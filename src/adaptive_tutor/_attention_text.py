"""The plain English sentence for each attention reason (see :mod:`adaptive_tutor.attention`).

One small function from a reason code and its numbers to a sentence, so that reports in
other languages can write the same sentence from the same numbers.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import pandas as pd

__all__ = ["BELOW_LEVEL", "DISENGAGED", "FALLING_BEHIND", "INACTIVE", "REASONS", "explain_reason"]

BELOW_LEVEL = "below_level"
FALLING_BEHIND = "falling_behind"
DISENGAGED = "disengaged"
INACTIVE = "inactive"
REASONS = (BELOW_LEVEL, FALLING_BEHIND, DISENGAGED, INACTIVE)
"""Every reason code, in the order they are listed for a child."""


def explain_reason(
    reason: str, numbers: Mapping[str, Any], *, skill_names: Mapping[str, str] | None = None
) -> str:
    """One plain English sentence for a reason, from the numbers of an attention row.

    Reports in other languages write their own sentence from the same numbers (the
    columns of :func:`attention_list`).

    Parameters
    ----------
    reason : str
        One of :data:`REASONS`.
    numbers : mapping
        A row of :func:`attention_list` (or any mapping with its column names).
    skill_names : mapping of skill id to name, optional
        Names to show for ``below_skills`` (default the ids).

    Returns
    -------
    str
        The sentence.

    Raises
    ------
    ValueError
        For an unknown reason code.

    Examples
    --------
    >>> explain_reason("disengaged", {"n_recent_rapid": 12, "n_recent_timed": 30,
    ...                               "rapid_share": 0.4})
    'Answered 12 of their last 30 timed answers (40%) too fast to have read the question.'
    """
    if reason == BELOW_LEVEL:
        return _explain_below(numbers, skill_names or {})
    if reason == FALLING_BEHIND:
        weeks = _number(numbers.get("recent_weeks"), "g")
        before, now = numbers.get("level_before"), numbers.get("level_recent")
        if float(numbers.get("growth", 0.0)) < 0:
            return (
                f"Went down from about grade {_number(before)} to about grade "
                f"{_number(now)} over their last {weeks} weeks of practice."
            )
        return (
            f"No clear growth over their last {weeks} weeks of practice (about grade "
            f"{_number(before)} before, about grade {_number(now)} now)."
        )
    if reason == DISENGAGED:
        return (
            f"Answered {int(numbers['n_recent_rapid'])} of their last "
            f"{int(numbers['n_recent_timed'])} timed answers "
            f"({float(numbers['rapid_share']):.0%}) too fast to have read the question."
        )
    if reason == INACTIVE:
        last = pd.Timestamp(numbers["last_answer"])
        return (
            f"No answers for {round(float(numbers['days_inactive']))} days (last answer on "
            f"{last.date().isoformat()})."
        )
    raise ValueError(f"Unknown attention reason {reason!r}; the reasons are {list(REASONS)}.")


def _explain_below(numbers: Mapping[str, Any], names: Mapping[str, str]) -> str:
    expected = _number(numbers.get("expected_grade"))
    grade = numbers.get("grade")
    known = grade is not None and math.isfinite(float(grade))
    where = f"grade {expected}" + (f" (in grade {_number(grade)})" if known else "")
    if not known:
        where += " (the bank's lowest grade; the child's grade is not known)"
    skills = [names.get(skill, skill) for skill in numbers.get("below_skills", ()) or ()]
    level = float(numbers.get("grade_level", float("nan")))
    parts = []
    if math.isfinite(level):
        words = (
            f"below grade {_number(level)}"
            if bool(numbers.get("below_range"))
            else f"at about grade {_number(level)}"
        )
        parts.append(f"Working {words} overall; expected at least {where}.")
    if skills:
        parts.append(f"Not yet secure in {_join(skills)}, skills of earlier grades.")
    return " ".join(parts)


def _number(value: Any, style: str = ".1f") -> str:
    number = float(value)
    text = format(number, style)
    return text.rstrip("0").rstrip(".") if "." in text else text


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
