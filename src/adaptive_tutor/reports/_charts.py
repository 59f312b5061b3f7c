"""The report charts for people: grade levels as dots with intervals, with text alternatives.

Each builder returns a :class:`~adaptive_tutor.reports.page.Figure`: the SVG and a sentence
that says what the chart shows, used as its ``<desc>`` and printed under it. Abilities
are never bars from zero; statuses differ in marker shape as well as colour.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from adaptive_tutor.grade_levels import GradeScale
from adaptive_tutor.reports import svg
from adaptive_tutor.reports._grades import grade_ticks, grade_words
from adaptive_tutor.reports._i18n import Localizer
from adaptive_tutor.reports._labels import STATUS_CODES, STATUS_WORDS, TOO_FEW_ANSWERS, status_code
from adaptive_tutor.reports.page import Figure

__all__ = [
    "class_growth_chart",
    "class_spread_chart",
    "grade_trajectory_chart",
    "skill_grade_chart",
    "skills_description",
    "status_legend",
]


def status_legend(loc: Localizer, reference: str | None = None) -> list[tuple[str, str]]:
    """Legend entries: each status's marker and word, then the benchmark tick.

    Examples
    --------
    >>> [text for _, text in status_legend(Localizer("en"))][:2]
    ['secure', 'developing']
    """
    entries = [(code, loc.gettext(STATUS_WORDS[code])) for code in STATUS_CODES]
    entries.append(("reference", reference or loc.gettext("benchmark")))
    return entries


def skills_description(skills: pd.DataFrame, loc: Localizer, *, grades: bool) -> str:
    """One sentence per practised skill: its level (grade or logits) and its status.

    Examples
    --------
    >>> import pandas as pd
    >>> skills = pd.DataFrame({"skill": ["Addition"], "n_responses": [4], "theta": [0.5],
    ...                        "status": ["mastered"], "grade_level": [2.6],
    ...                        "grade_beyond": [""]})
    >>> skills_description(skills, Localizer("en"), grades=True)
    'Addition: about grade 2.6, secure.'
    """
    parts = []
    for name, n, theta, status, level, beyond in zip(
        skills["skill"],
        skills["n_responses"].to_numpy(np.int64),
        skills["theta"].to_numpy(np.float64),
        skills["status"],
        skills["grade_level"].to_numpy(np.float64),
        skills["grade_beyond"],
        strict=True,
    ):
        if n == 0:
            continue
        word = loc.gettext(STATUS_WORDS[status_code(status)])
        shown = grade_words(float(level), str(beyond), loc) if grades else loc.number(theta, 2)
        parts.append(
            loc.gettext("%(skill)s: %(level)s, %(status)s.", skill=name, level=shown, status=word)
        )
    return " ".join(parts) or loc.gettext("No skill has answers yet.")


def _x_range(scale: GradeScale) -> tuple[float, float]:
    return scale.lowest - 0.5, scale.highest + 0.5


def skill_grade_chart(
    skills: pd.DataFrame, scale: GradeScale, loc: Localizer, learner_grade: float | None = None
) -> Figure:
    """Each practised skill's grade level (dot) with its interval, against the skill's grade.

    Skills with too few answers are shown as rings with their interval; the dashed tick is
    the skill's own grade (where its grade-level benchmark lies).

    Parameters
    ----------
    skills : pandas.DataFrame
        The learner report's ``skills`` frame.
    scale : GradeScale
        The bank's grade scale (for the axis).
    loc : Localizer
    learner_grade : float, optional
        The learner's school grade, named in the text alternative.

    Returns
    -------
    Figure
    """
    practised = skills.loc[skills["n_responses"] > 0]
    low, high = _x_range(scale)

    def clip(values: pd.Series) -> NDArray[np.float64]:
        clipped: NDArray[np.float64] = np.clip(values.to_numpy(np.float64), low, high)
        return clipped

    styles = [status_code(s) for s in practised["status"]]
    words = [
        "" if code == TOO_FEW_ANSWERS else grade_words(float(level), str(beyond), loc)
        for code, level, beyond in zip(
            styles, practised["grade_level"], practised["grade_beyond"], strict=True
        )
    ]
    chart = svg.interval_dots(
        practised["skill"].tolist(),
        clip(practised["grade_level"]),
        clip(practised["grade_lower"]),
        clip(practised["grade_upper"]),
        title=loc.gettext("Grade level per skill"),
        x_label=loc.gettext("grade level"),
        reference=practised["grade"].to_numpy(np.float64),
        styles=styles,
        value_text=words,
        x_range=(low, high),
        x_ticks=grade_ticks(scale, loc),
        legend=status_legend(loc, loc.gettext("the skill's grade")),
        description=skills_description(practised, loc, grades=True),
    )
    alt = skills_description(practised, loc, grades=True)
    if learner_grade is not None:
        alt += " " + loc.gettext("School grade: %(grade)s.", grade=loc.number(learner_grade, 0))
    return Figure(chart, alt, loc.gettext("Chart"))


def grade_trajectory_chart(
    trajectory: pd.DataFrame,
    labels: Sequence[str],
    scale: GradeScale,
    loc: Localizer,
    learner_grade: float | None = None,
) -> Figure | None:
    """The grade level shown in each session, with its interval as a band.

    Each session is read from its own answers around the learner's overall level (the
    ``session_*`` columns of the trajectory), so a session with few answers sits near the
    overall level instead of near the middle of the scale.

    Parameters
    ----------
    trajectory : pandas.DataFrame
        The learner report's ``trajectory`` frame.
    labels : sequence of str
        Each session's name (dates).
    scale : GradeScale
    loc : Localizer
    learner_grade : float, optional
        Drawn as a dashed line ("school grade").

    Returns
    -------
    Figure or None
        None with fewer than two sessions.
    """
    if len(trajectory) < 2:
        return None
    x = trajectory["session_rank"].to_numpy(np.float64)
    level = trajectory["session_grade_level"].to_numpy(np.float64)
    ticks = list(zip(x.tolist(), labels, strict=True))
    if len(ticks) > 8:
        ticks = ticks[:: math.ceil(len(ticks) / 8)]
    name = loc.gettext("grade level")
    low = trajectory["session_grade_lower"].to_numpy(np.float64)
    high = trajectory["session_grade_upper"].to_numpy(np.float64)
    chart = svg.line_chart(
        {name: (x, level)},
        bands={name: (low, high)},
        title=loc.gettext("Grade level in each session"),
        x_label=loc.gettext("session"),
        y_label=loc.gettext("grade level"),
        x_ticks=ticks,
        y_range=_x_range(scale),
        y_ticks=grade_ticks(scale, loc),
        reference_line=learner_grade,
        show_legend=False,
    )
    first, last = trajectory.iloc[0], trajectory.iloc[-1]
    alt = loc.gettext(
        "In the first session (%(first)s) %(start)s, in the latest (%(last)s) %(end)s. Each "
        "session is read from its own answers, near the overall level when it has few.",
        start=grade_words(
            float(first["session_grade_level"]), str(first["session_grade_beyond"]), loc
        ),
        first=labels[0],
        end=grade_words(float(last["session_grade_level"]), str(last["session_grade_beyond"]), loc),
        last=labels[-1],
    )
    if learner_grade is not None:
        alt += " " + loc.gettext(
            "The dashed line is the school grade (%(grade)s).", grade=loc.number(learner_grade, 0)
        )
    return Figure(chart, alt, loc.gettext("Chart"))


MANY = 40  # above this many learners, distributions are histograms instead of dot rows


def _spread_sentence(levels: NDArray[np.float64], beyond: Sequence[str], loc: Localizer) -> str:
    order = np.argsort(levels, kind="stable")
    low, middle, high = order[0], order[len(order) // 2], order[-1]
    return loc.gettext(
        "%(count)s learners: the lowest %(low)s, the middle %(middle)s, the highest %(high)s.",
        count=loc.integer(len(levels)),
        low=grade_words(float(levels[low]), str(beyond[low]), loc),
        middle=grade_words(float(levels[middle]), str(beyond[middle]), loc),
        high=grade_words(float(levels[high]), str(beyond[high]), loc),
    )


def class_spread_chart(abilities: pd.DataFrame, scale: GradeScale, loc: Localizer) -> Figure | None:
    """Where each learner works: dots with intervals on the grade scale (a histogram when many).

    Parameters
    ----------
    abilities : pandas.DataFrame
        The class report's ``abilities`` frame.
    scale : GradeScale
    loc : Localizer

    Returns
    -------
    Figure or None
        None when no learner has an estimate.
    """
    known = abilities.loc[np.isfinite(abilities["grade_level"].to_numpy(np.float64))]
    if known.empty:
        return None
    known = known.sort_values(["grade_level", "learner_id"], kind="stable")
    low, high = _x_range(scale)
    levels = known["grade_level"].to_numpy(np.float64)
    alt = _spread_sentence(levels, known["grade_beyond"].tolist(), loc)
    school = known["school_grade"].to_numpy(np.float64)
    if np.isfinite(school).any():
        alt += " " + loc.gettext("Dashed ticks mark each learner's school grade.")
    ticks = grade_ticks(scale, loc)
    if len(known) > MANY:
        chart = svg.histogram(
            levels,
            title=loc.gettext("Grade levels across the class"),
            x_label=loc.gettext("grade level"),
            y_label=loc.gettext("learners"),
            bin_edges=np.arange(low, high + 0.25, 0.5),
            x_ticks=ticks,
            description=alt,
        )
        return Figure(chart, alt, loc.gettext("Chart"))
    chart = svg.interval_dots(
        known["learner_id"].tolist(),
        np.clip(levels, low, high),
        np.clip(known["grade_lower"].to_numpy(np.float64), low, high),
        np.clip(known["grade_upper"].to_numpy(np.float64), low, high),
        title=loc.gettext("Grade level of each learner"),
        x_label=loc.gettext("grade level"),
        reference=school,
        value_text=[
            grade_words(float(v), str(b), loc)
            for v, b in zip(levels, known["grade_beyond"], strict=True)
        ],
        x_range=(low, high),
        x_ticks=ticks,
        legend=[("dot", loc.gettext("grade level")), ("reference", loc.gettext("school grade"))]
        if np.isfinite(school).any()
        else [],
        description=alt,
    )
    return Figure(chart, alt, loc.gettext("Chart"))


def class_growth_chart(growth: pd.DataFrame, scale: GradeScale, loc: Localizer) -> Figure | None:
    """Each compared learner's grade level in their first and last week (a histogram of the
    change when many).

    Parameters
    ----------
    growth : pandas.DataFrame
        The class report's ``growth`` frame.
    scale : GradeScale
    loc : Localizer

    Returns
    -------
    Figure or None
    """
    if growth.empty:
        return None
    start = growth["grade_start"].to_numpy(np.float64)
    end = growth["grade_end"].to_numpy(np.float64)
    change = end - start
    up = int(np.sum(change > 0.05))
    down = int(np.sum(change < -0.05))
    alt = loc.gettext(
        "%(up)s of %(count)s learners work at a higher grade level in their last week than in "
        "their first, %(down)s at a lower one; the median change is %(median)s grade.",
        up=loc.integer(up),
        count=loc.integer(len(change)),
        down=loc.integer(down),
        median=loc.signed(float(np.nanmedian(change)), 1),
    )
    if len(growth) > MANY:
        chart = svg.histogram(
            change,
            title=loc.gettext("Change in grade level"),
            x_label=loc.gettext("change in grade level"),
            y_label=loc.gettext("learners"),
            reference_line=0.0,
            description=alt,
        )
        return Figure(chart, alt, loc.gettext("Chart"))
    order = np.argsort(change, kind="stable")[::-1]
    low, high = _x_range(scale)
    chart = svg.paired_dots(
        growth["learner_id"].to_numpy()[order].tolist(),
        np.clip(start[order], low, high),
        np.clip(end[order], low, high),
        title=loc.gettext("Grade level in the first and the last week"),
        x_label=loc.gettext("grade level"),
        start_label=loc.gettext("first week"),
        end_label=loc.gettext("last week"),
        x_range=(low, high),
        x_ticks=grade_ticks(scale, loc),
        value_text=[
            loc.gettext("%(change)s grades", change=loc.signed(float(c), 1)) for c in change[order]
        ],
        description=alt,
    )
    return Figure(chart, alt, loc.gettext("Chart"))
