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

import numpy as np
from numpy.typing import ArrayLike, NDArray

from adaptive_tutor.grade_levels import GradeScale
from adaptive_tutor.reports._i18n import Localizer

__all__ = ["grade_columns", "grade_ticks", "grade_words"]


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


def _grade_number(value: float, loc: Localizer) -> str:
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
        return loc.gettext("below grade %(grade)s", grade=_grade_number(value, loc))
    if beyond == "above":
        return loc.gettext("above grade %(grade)s", grade=_grade_number(value, loc))
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
