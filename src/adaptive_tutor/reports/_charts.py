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
    return Figure(chart, alt)


def grade_trajectory_chart(
    trajectory: pd.DataFrame,
    labels: Sequence[str],
    scale: GradeScale,
    loc: Localizer,
    learner_grade: float | None = None,
) -> Figure:
    """Overall grade level after each session, with its interval as a band.

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
    Figure
    """
    x = trajectory["session_rank"].to_numpy(np.float64)
    level = trajectory["grade_level"].to_numpy(np.float64)
    ticks = list(zip(x.tolist(), labels, strict=True))
    if len(ticks) > 8:
        ticks = ticks[:: math.ceil(len(ticks) / 8)]
    name = loc.gettext("grade level")
    chart = svg.line_chart(
        {name: (x, level)},
        bands={
            name: (
                trajectory["grade_lower"].to_numpy(np.float64),
                trajectory["grade_upper"].to_numpy(np.float64),
            )
        },
        title=loc.gettext("Grade level after each session"),
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
        "From %(start)s after the first session (%(first)s) to %(end)s after the latest "
        "(%(last)s).",
        start=grade_words(float(first["grade_level"]), str(first["grade_beyond"]), loc),
        first=labels[0],
        end=grade_words(float(last["grade_level"]), str(last["grade_beyond"]), loc),
        last=labels[-1],
    )
    if learner_grade is not None:
        alt += " " + loc.gettext(
            "The dashed line is the school grade (%(grade)s).", grade=loc.number(learner_grade, 0)
        )
    return Figure(chart, alt)
