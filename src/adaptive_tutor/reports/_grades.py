"""Grade levels in reports: frame columns and the words a teacher reads.

Abilities become grade levels on the bank's own benchmark curve
(:mod:`adaptive_tutor.grade_levels`): per skill on the skill's curve, overall on the
bank's. A frame gets ``grade_level`` (the interpolated grade; the lowest or highest grade
at the ends), ``grade_lower`` / ``grade_upper`` (the ends of the ability interval read the
same way) and ``grade_beyond`` (``"below"`` or ``"above"`` when the ability lies outside
the grades the bank covers, else ``""``). Pages say "about grade 2.6", "below grade 1",
"above grade 6".
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from adaptive_tutor._validation import check_real, parameter_error
from adaptive_tutor.exceptions import ResponseDataError
from adaptive_tutor.grade_levels import GradeScale
from adaptive_tutor.reports._i18n import Localizer

__all__ = [
    "grade_columns",
    "grade_number",
    "grade_ticks",
    "grade_words",
    "learner_school_grade",
    "school_grades",
]


def school_grades(
    frame: pd.DataFrame,
    learners: Sequence[str],
    given: Mapping[object, object] | None,
    owner: str,
) -> NDArray[np.float64]:
    """Each learner's school grade: from ``given``, else the log's latest ``grade``, else NaN.

    Parameters
    ----------
    frame : pandas.DataFrame
        A checked log (in time order when it has timestamps).
    learners : sequence of str
    given : mapping of learner id to grade, optional
        Overrides the log (keys are compared as text).
    owner : str
        Name of the public class, used in messages.

    Returns
    -------
    ndarray of float

    Raises
    ------
    ResponseDataError
        If the log's ``grade`` column holds something other than grades 0-13.

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({"learner_id": ["a", "a", "b"], "grade": [2, 3, None]})
    >>> school_grades(log, ["a", "b", "c"], {"c": 4}, "ClassReport").tolist()
    [3.0, nan, 4.0]
    """
    position = {str(learner): k for k, learner in enumerate(learners)}
    out = np.full(len(position), np.nan)
    if "grade" in frame.columns and len(frame):
        values = pd.to_numeric(frame["grade"], errors="coerce")
        bad = frame["grade"].notna() & (values.isna() | (values < 0) | (values > 13))
        if bad.any():
            raise ResponseDataError(
                f"The response log given to {owner} has 'grade' values that are not school "
                f"grades 0-13 (e.g. {frame.loc[bad, 'grade'].iloc[0]!r}); fix or drop the column."
            )
        if "timestamp" in frame.columns:
            order = np.argsort(frame["timestamp"].to_numpy(), kind="stable")
            values, ids = values.iloc[order], frame["learner_id"].iloc[order]
        else:
            ids = frame["learner_id"]
        latest = values.groupby(ids.astype(str).to_numpy()).last()
        for learner, grade in latest.items():
            if str(learner) in position and np.isfinite(grade):
                out[position[str(learner)]] = float(grade)
    if given is not None:
        if not isinstance(given, Mapping):
            raise parameter_error(
                "learner_grades", owner, "a mapping of learner id to grade", given
            )
        for learner, grade in given.items():
            value = check_real(grade, "learner_grades", owner, minimum=0.0, maximum=13.0)
            if str(learner) in position:
                out[position[str(learner)]] = value
    return out


def learner_school_grade(value: object, own: pd.DataFrame, owner: str) -> float | None:
    """One learner's school grade: ``value`` when given, else their latest ``grade`` in the log.

    Examples
    --------
    >>> import pandas as pd
    >>> own = pd.DataFrame({"learner_id": ["a", "a"], "grade": [2, 3]})
    >>> learner_school_grade(None, own, "LearnerReport")
    3.0
    >>> learner_school_grade(4, own, "LearnerReport")
    4.0
    """
    if value is not None:
        return check_real(value, "learner_grade", owner, minimum=0.0, maximum=13.0)
    learners = [str(x) for x in pd.unique(own["learner_id"])][:1]
    grade = school_grades(own, learners, None, owner)
    return float(grade[0]) if len(grade) and np.isfinite(grade[0]) else None


def grade_columns(
    scale: GradeScale, theta: ArrayLike, lower: ArrayLike, upper: ArrayLike
) -> dict[str, NDArray[np.float64] | NDArray[np.str_]]:
    """Grade level of abilities and of their interval ends on one scale.

    Parameters
    ----------
    scale : GradeScale
    theta, lower, upper : array of float
        Abilities and their interval ends (NaN where unknown).

    Returns
    -------
    dict
        ``grade_level``, ``grade_lower``, ``grade_upper`` (float arrays) and
        ``grade_beyond`` (``"below"``, ``"above"`` or ``""``).

    Examples
    --------
    >>> import numpy as np
    >>> scale = GradeScale(np.array([1.0, 2.0]), np.array([-1.0, 0.0]))
    >>> columns = grade_columns(scale, [-0.5, 3.0], [-0.9, 2.0], [-0.1, 4.0])
    >>> columns["grade_level"].tolist(), columns["grade_beyond"].tolist()
    ([1.5, 2.0], ['', 'above'])
    """
    levels = scale.grade_level(theta)
    beyond = np.where(levels.below, "below", np.where(levels.above, "above", ""))
    return {
        "grade_level": levels.value,
        "grade_lower": scale.grade_level(lower).value,
        "grade_upper": scale.grade_level(upper).value,
        "grade_beyond": beyond.astype(str),
    }


def grade_number(value: float, loc: Localizer) -> str:
    """A grade as a whole number when it is one ("3"), else with one decimal ("2.5").

    Examples
    --------
    >>> grade_number(3.0, Localizer("en")), grade_number(2.5, Localizer("en"))
    ('3', '2.5')
    """
    whole = abs(value - round(value)) < 1e-9
    return loc.number(value, 0 if whole else 1)


def grade_words(value: float, beyond: str, loc: Localizer) -> str:
    """ "about grade 2.6", "below grade 1" or "above grade 6" in the reader's language.

    Examples
    --------
    >>> loc = Localizer("en")
    >>> grade_words(2.64, "", loc), grade_words(1.0, "below", loc), grade_words(6.0, "above", loc)
    ('about grade 2.6', 'below grade 1', 'above grade 6')
    >>> grade_words(float("nan"), "", loc)
    '-'
    """
    if not math.isfinite(value):
        return "-"
    if beyond == "below":
        return loc.gettext("below grade %(grade)s", grade=grade_number(value, loc))
    if beyond == "above":
        return loc.gettext("above grade %(grade)s", grade=grade_number(value, loc))
    return loc.gettext("about grade %(grade)s", grade=loc.number(value, 1))


def grade_ticks(scale: GradeScale, loc: Localizer) -> list[tuple[float, str]]:
    """Whole-grade ticks over the scale's grades, labelled with the grade.

    Examples
    --------
    >>> import numpy as np
    >>> grade_ticks(GradeScale(np.array([1.0, 3.0]), np.array([-1.0, 0.0])), Localizer("en"))
    [(1.0, '1'), (2.0, '2'), (3.0, '3')]
    """
    low, high = math.ceil(scale.lowest - 1e-9), math.floor(scale.highest + 1e-9)
    return [(float(g), loc.integer(g)) for g in range(low, high + 1)]
