"""Grade levels: read an ability on the bank's logit scale as "working at about grade 2.6".

Each item bank carries its own curve of grade-level benchmarks: the ability at grade
``g`` is the mean location ``b`` of the bank's grade-``g`` items (the ability at which a
child succeeds on about half of a typical grade-``g`` item; on the shipped banks this is
the typical learner at the end of grade ``g``). An ability between two grades is placed
by linear interpolation between their benchmarks; below the lowest grade's benchmark it
is "below grade 1" (``below`` is True and the value is the lowest grade), above the
highest grade's it is "above grade 6" (``above`` is True, the value the highest grade).
Nothing is extrapolated beyond what the bank's items cover.

Per skill the curve is the bank's curve moved so that it passes through the skill's own
benchmark (:attr:`~adaptive_tutor.item_bank.ItemBank.skill_benchmarks`, the mastery cut)
at the skill's grade: a child exactly at a grade-3 skill's benchmark works "at grade 3"
on that skill, a child confidently above it (mastered) works above grade 3 on it, and one
school year spans on every skill what it spans on the whole bank.

Should the per-grade means of a bank not rise with the grade, adjacent grades are pooled
(weighted by their numbers of items, the pool-adjacent-violators rule) until they do, so
the curve is always increasing and a grade level always well defined.

Examples
--------
>>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
>>> bank = ItemBank.from_dict(tiny_bank_document())  # grade 1: b -1.5 and -0.5; grade 2: 0.15
>>> scale = grade_scale(bank)
>>> scale.grades.tolist(), scale.abilities.round(2).tolist()
([1.0, 2.0], [-1.0, 0.15])
>>> levels = scale.grade_level([-2.0, -0.425, 1.0])
>>> levels.value.tolist(), levels.below.tolist(), levels.above.tolist()
([1.0, 1.5, 2.0], [True, False, False], [False, False, True])
>>> [describe_grade_level(v, b, a) for v, b, a in zip(levels.value, levels.below, levels.above)]
['below grade 1', 'about grade 1.5', 'above grade 2']
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from adaptive_tutor.item_bank import ItemBank

__all__ = [
    "GradeLevels",
    "GradeScale",
    "describe_grade_level",
    "grade_scale",
    "skill_grade_scales",
]

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]


@dataclass(frozen=True)
class GradeLevels:
    """Grade levels of several abilities (arrays of one shape).

    Parameters
    ----------
    value : ndarray of float
        The grade level (e.g. 2.6); the lowest grade where ``below``, the highest where
        ``above``; NaN for a NaN ability.
    below : ndarray of bool
        The ability is below the lowest grade's benchmark ("below grade 1").
    above : ndarray of bool
        The ability is above the highest grade's benchmark ("above grade 6").

    Examples
    --------
    >>> import numpy as np
    >>> GradeLevels(np.array([2.5]), np.array([False]), np.array([False])).value.tolist()
    [2.5]
    """

    value: FloatArray
    below: BoolArray
    above: BoolArray


@dataclass(frozen=True)
class GradeScale:
    """An increasing curve of ability benchmarks over grades.

    Parameters
    ----------
    grades : ndarray of float
        Grades with a benchmark, increasing (whole grades unless pooled, see the module).
    abilities : ndarray of float
        Benchmark ability of each grade, strictly increasing.

    Examples
    --------
    >>> import numpy as np
    >>> scale = GradeScale(np.array([1.0, 2.0, 3.0]), np.array([-2.0, -1.2, -0.4]))
    >>> round(float(scale.grade_level(-1.0).value), 3)
    2.25
    >>> round(float(scale.ability_at(2.5)), 3)
    -0.8
    """

    grades: FloatArray
    abilities: FloatArray

    @property
    def lowest(self) -> float:
        """The lowest grade of the scale.

        Examples
        --------
        >>> import numpy as np
        >>> GradeScale(np.array([1.0, 2.0]), np.array([-1.0, 0.0])).lowest
        1.0
        """
        return float(self.grades[0])

    @property
    def highest(self) -> float:
        """The highest grade of the scale.

        Examples
        --------
        >>> import numpy as np
        >>> GradeScale(np.array([1.0, 2.0]), np.array([-1.0, 0.0])).highest
        2.0
        """
        return float(self.grades[-1])

    def grade_level(self, theta: ArrayLike) -> GradeLevels:
        """Grade level of each ability (interpolated; flagged below or above the range).

        Parameters
        ----------
        theta : float or array of float
            Abilities on the bank's scale (NaN gives NaN).

        Returns
        -------
        GradeLevels
            Arrays of the shape of ``theta``.

        Examples
        --------
        >>> import numpy as np
        >>> scale = GradeScale(np.array([1.0, 2.0]), np.array([-1.0, 0.0]))
        >>> scale.grade_level([-0.25, 3.0]).value.tolist()
        [1.75, 2.0]
        """
        values = np.asarray(theta, dtype=np.float64)
        finite = np.isfinite(values)
        below = finite & (values < self.abilities[0])
        above = finite & (values > self.abilities[-1])
        if self.grades.shape[0] == 1:
            level = np.full(values.shape, self.lowest)
        else:
            level = np.interp(values, self.abilities, self.grades)
        level = np.where(finite, level, np.nan)
        return GradeLevels(np.asarray(level, dtype=np.float64), below, above)

    def ability_at(self, grade: ArrayLike) -> FloatArray:
        """Benchmark ability at a grade (interpolated; clamped to the scale's range).

        Parameters
        ----------
        grade : float or array of float
            School grades (fractions allowed).

        Returns
        -------
        ndarray of float
            The benchmark ability at each grade.

        Examples
        --------
        >>> import numpy as np
        >>> scale = GradeScale(np.array([1.0, 2.0]), np.array([-1.0, 0.0]))
        >>> scale.ability_at([0.0, 1.5, 9.0]).tolist()
        [-1.0, -0.5, 0.0]
        """
        grades = np.asarray(grade, dtype=np.float64)
        if self.grades.shape[0] == 1:
            return np.where(np.isfinite(grades), self.abilities[0], np.nan)
        return np.asarray(np.interp(grades, self.grades, self.abilities), dtype=np.float64)

    def shifted(self, offset: float) -> GradeScale:
        """The same curve moved by ``offset`` logits.

        Parameters
        ----------
        offset : float
            Logits to add to every benchmark.

        Returns
        -------
        GradeScale
            A new scale; this one is unchanged.

        Examples
        --------
        >>> import numpy as np
        >>> GradeScale(np.array([1.0]), np.array([0.5])).shifted(-0.5).abilities.tolist()
        [0.0]
        """
        return GradeScale(self.grades, self.abilities + float(offset))


def grade_scale(bank: ItemBank) -> GradeScale:
    """The bank's curve of grade-level benchmarks (mean item location per grade).

    Parameters
    ----------
    bank : ItemBank
        The bank whose items' grades and locations give the benchmarks.

    Returns
    -------
    GradeScale
        The benchmark of every grade with items.

    Examples
    --------
    >>> from adaptive_tutor.shipped_banks import load_shipped_bank
    >>> scale = grade_scale(load_shipped_bank("arithmetic"))
    >>> scale.grades.tolist()
    [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
    >>> bool((scale.abilities[1:] > scale.abilities[:-1]).all())
    True
    """
    item_grades = np.asarray(bank.item_grades, dtype=np.int64)
    grades, where = np.unique(item_grades, return_inverse=True)
    counts = np.bincount(where).astype(np.float64)
    means = np.bincount(where, weights=np.asarray(bank.params.b, dtype=np.float64)) / counts
    pooled_grades, pooled_means = _increasing(grades.astype(np.float64), means, counts)
    return GradeScale(pooled_grades, pooled_means)


def skill_grade_scales(bank: ItemBank) -> dict[str, GradeScale]:
    """Each skill's grade scale: the bank's curve through the skill's own benchmark.

    The curve of skill ``s`` is :func:`grade_scale` moved by ``skill_benchmarks[s] -
    scale.ability_at(grade of s)``, so the skill's benchmark reads as the skill's grade.

    Parameters
    ----------
    bank : ItemBank
        The bank whose items' grades and locations give the benchmarks.

    Returns
    -------
    dict of str to GradeScale
        In :attr:`~adaptive_tutor.item_bank.ItemBank.skill_ids` order.

    Examples
    --------
    >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
    >>> bank = ItemBank.from_dict(tiny_bank_document())
    >>> scales = skill_grade_scales(bank)  # 'add' (grade 1) has benchmark -0.5
    >>> scales["add"].abilities.round(2).tolist()
    [-0.5, 0.65]
    >>> float(scales["add"].grade_level(-0.5).value)
    1.0
    """
    overall = grade_scale(bank)
    benchmarks = bank.skill_benchmarks
    return {
        skill.id: overall.shifted(
            float(benchmarks[position]) - float(overall.ability_at(float(skill.grade)))
        )
        for position, skill in enumerate(bank.skills)
    }


def describe_grade_level(value: float, below: bool, above: bool, digits: int = 1) -> str:
    """English words for a grade level: "about grade 2.6", "below grade 1", "above grade 6".

    Reports in other languages translate these three patterns; the numbers come from
    :meth:`GradeScale.grade_level` (``value`` is then the lowest or highest grade).

    Parameters
    ----------
    value : float
        The grade level (NaN when unknown).
    below, above : bool
        Whether the ability is below the lowest or above the highest grade's benchmark.
    digits : int, default 1
        Decimals of the grade.

    Returns
    -------
    str
        "unknown" for NaN.

    Examples
    --------
    >>> describe_grade_level(2.64, False, False), describe_grade_level(6.0, False, True)
    ('about grade 2.6', 'above grade 6')
    """
    if not np.isfinite(value):
        return "unknown"
    if below:
        return f"below grade {_grade_text(value, digits)}"
    if above:
        return f"above grade {_grade_text(value, digits)}"
    return f"about grade {_grade_text(value, digits)}"


def _grade_text(value: float, digits: int) -> str:
    text = f"{value:.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _increasing(
    grades: FloatArray, means: FloatArray, weights: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Pool adjacent grades (weighted means of grade and ability) until abilities rise."""
    blocks: list[list[float]] = []  # [weight, weighted grade sum, weighted ability sum]
    for grade, mean, weight in zip(grades, means, weights, strict=True):
        blocks.append([float(weight), float(weight * grade), float(weight * mean)])
        while len(blocks) > 1 and _mean(blocks[-2]) >= _mean(blocks[-1]):
            last = blocks.pop()
            for k in range(3):
                blocks[-1][k] += last[k]
    pooled_grades = np.array([b[1] / b[0] for b in blocks], dtype=np.float64)
    pooled = np.array([_mean(b) for b in blocks], dtype=np.float64)
    return pooled_grades, pooled


def _mean(block: Sequence[float]) -> float:
    return block[2] / block[0]
