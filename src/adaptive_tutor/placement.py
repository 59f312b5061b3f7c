"""Placement: a short adaptive stage at a learner's first sitting that locates their level.

Practice aims at items a child succeeds on about 75% of the time, but a new learner's
estimates start at the average child: a strong child gets easy items, a weak one hard
items, until enough answers pull the estimates out. A :class:`Placement` (``max_items``
answers, 8 by default) runs first instead: it gives the most informative items across all
grades and skills for the current estimate (maximum Fisher information on the overall
scale, at most ``max_per_skill`` items per skill, never an item twice or an enemy of an
item already given), so the overall ability is located in a handful of answers. The
estimate starts at the child's school grade when it is known (``learner_grade``: the
grade's benchmark ability on the bank's grade scale,
:func:`~adaptive_tutor.grade_levels.grade_scale`), otherwise at the learner model's prior
mean, with a wide prior (``prior_sd``, 2 logits by default) so a child far from their
grade is found quickly.

After the placement every decision of the session (the practice selector, stopping rules)
reads the overall ability located with that prior
(:meth:`~adaptive_tutor.context.AbilityView.with_overall_prior`), and each skill's
prediction borrows strength from it
(:meth:`~adaptive_tutor.context.AbilityView.borrow_strength`): every skill's prior is
seeded from the placement. Reported estimates and mastery never change: they come from
the answers alone, with the learner model's and the mastery judgement's own priors, so
the teacher's report and the child's app agree.

The placement answers are part of the session's history (``stage`` is ``"placement"``;
later answers are ``"practice"``), and the placement's settings, the learner's grade and
the prior's centre are saved with the session, so a session restored from its saved state
continues (or finishes) the placement and makes the same choices.

How precise: after 8 items the overall standard error is 0.5 to 0.65 logits on average
on the shipped banks (about half a school year; 2.0, the prior's spread, before any
answer) and at most :data:`PLACEMENT_SE_AFTER_8` (0.8) for every learner whose ability
the bank can serve (within the bank's grades, with enough items at the child's level);
where the bank holds too few items at the child's level (grade 2 and below on the
fractions bank, above grade 4 on the Korean reading bank) it stays larger.
``benchmarks/practice_targeting.py`` measures it on every shipped bank.

Examples
--------
>>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
>>> bank = ItemBank.from_dict(tiny_bank_document())
>>> placement = Placement(max_items=2)
>>> start = placement.start(bank, learner_grade=2)
>>> round(start.prior_mean, 2), start.placement.prior_sd  # grade 2's benchmark, the spread
(0.15, 2.0)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from adaptive_tutor._repr import settings_repr
from adaptive_tutor._validation import check_int, check_real, plain
from adaptive_tutor.context import DecisionContext
from adaptive_tutor.grade_levels import grade_scale
from adaptive_tutor.item_bank import ItemBank
from adaptive_tutor.selection import EligibilityFilter, MaxInformation, NoEnemies, NoRepeat

__all__ = [
    "MAX_PLACEMENT_ITEMS",
    "PLACEMENT",
    "PLACEMENT_SE_AFTER_8",
    "PRACTICE",
    "STAGES",
    "LearnerPlacement",
    "Placement",
]

PLACEMENT = "placement"
"""Stage of an answer given during the placement."""

PRACTICE = "practice"
"""Stage of every other answer (whatever the selector: practice or testing)."""

STAGES = (PLACEMENT, PRACTICE)

MAX_PLACEMENT_ITEMS = 50
"""Most items a placement may take (a placement is short by design)."""

PLACEMENT_SE_AFTER_8 = 0.8
"""Documented bound on every learner's overall standard error after an 8-item placement on
the shipped banks, for abilities the bank can serve: within its grades, with enough items
at the child's level (checked by the tests and measured by
``benchmarks/practice_targeting.py``; the mean is 0.5 to 0.65)."""

_MAX_GRADE = 20
_MAX_PRIOR = 10.0


class _SkillLimit(EligibilityFilter):
    """At most ``max_per_skill`` items of each (first) skill in the history."""

    def __init__(self, max_per_skill: int) -> None:
        self.max_per_skill = max_per_skill

    def allowed(self, context: DecisionContext) -> NDArray[np.bool_]:
        primary = context.base_tables.primary_skill
        counts = np.bincount(
            primary[context.history.item_index], minlength=len(context.bank.skill_ids)
        )
        return np.asarray(counts[primary] < self.max_per_skill)


class Placement:
    """A short adaptive placement at a learner's first sitting (settings only).

    Give it to :class:`~adaptive_tutor.session.TutoringSession` (``placement=``, with the
    child's ``learner_grade`` when known), to :func:`~adaptive_tutor.session.next_exercise`
    for a new learner, or to :func:`~adaptive_tutor.simulation.simulate`. The session runs
    the placement before its selector: see the module for what it does.

    Parameters
    ----------
    max_items : int, default=8
        Length of the placement (1 to :data:`MAX_PLACEMENT_ITEMS`).
    standard_error : float or None, default=None
        End the placement early once the overall standard error is below this value (at
        least one answer given). ``None`` always gives ``max_items`` items.
    prior_sd : float, default=2.0
        Spread (logits) of the prior that locates the overall ability, centred on the
        child's grade (or the learner model's prior mean). Wide, so a child far from the
        centre is found; 1.0 is the population prior's spread.
    max_per_skill : int or None, default=2
        Most placement items from one skill (by the item's first skill), so the placement
        samples several skills; ``None`` for no limit.

    Raises
    ------
    ValueError, TypeError
        For settings of the wrong type or out of range.

    Examples
    --------
    >>> Placement()
    Placement(max_items=8, standard_error=None, prior_sd=2.0, max_per_skill=2)
    """

    def __init__(
        self,
        max_items: int = 8,
        *,
        standard_error: float | None = None,
        prior_sd: float = 2.0,
        max_per_skill: int | None = 2,
    ) -> None:
        owner = "Placement"
        self.max_items = check_int(
            max_items, "max_items", owner, minimum=1, maximum=MAX_PLACEMENT_ITEMS
        )
        self.standard_error = (
            None
            if standard_error is None
            else check_real(
                standard_error, "standard_error", owner, minimum=0.0, exclusive_minimum=True
            )
        )
        self.prior_sd = check_real(
            prior_sd, "prior_sd", owner, minimum=0.0, maximum=_MAX_PRIOR, exclusive_minimum=True
        )
        self.max_per_skill = (
            None
            if max_per_skill is None
            else check_int(max_per_skill, "max_per_skill", owner, minimum=1)
        )
        filters: list[EligibilityFilter] = [NoRepeat(), NoEnemies()]
        if self.max_per_skill is not None:
            filters.append(_SkillLimit(self.max_per_skill))
        self._selector = MaxInformation(scope="overall", eligibility=filters)

    def start(
        self, bank: ItemBank, *, learner_grade: int | None = None, prior_mean: float = 0.0
    ) -> LearnerPlacement:
        """The placement of one learner: these settings and where the estimate starts.

        Parameters
        ----------
        bank : ItemBank
            The bank the child practises on (its grade scale).
        learner_grade : int, optional
            The child's school grade (0 to 20). The estimate starts at the grade's
            benchmark on the bank's grade scale (clamped to the bank's grades).
        prior_mean : float, default=0.0
            Where the estimate starts without a grade (the learner model's prior mean).

        Returns
        -------
        LearnerPlacement
            The settings with the child's grade and the prior's centre.

        Raises
        ------
        TypeError, ValueError
            For a grade that is not an int in 0..20.

        Examples
        --------
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> Placement().start(bank).overall_prior
        (0.0, 2.0)
        """
        grade = check_learner_grade(learner_grade, "Placement.start")
        centre = float(prior_mean)
        if grade is not None:
            centre = float(grade_scale(bank).ability_at(float(grade)))
        return LearnerPlacement(self, grade, centre)

    def to_dict(self) -> dict[str, Any]:
        """The settings as a JSON-compatible dict (what a session saves).

        Returns
        -------
        dict
            ``max_items``, ``max_per_skill``, ``prior_sd`` and ``standard_error``.

        Examples
        --------
        >>> Placement(5).to_dict()["max_items"]
        5
        """
        return {
            "max_items": self.max_items,
            "standard_error": self.standard_error,
            "prior_sd": self.prior_sd,
            "max_per_skill": self.max_per_skill,
        }

    def __repr__(self) -> str:
        return settings_repr(self)


def check_learner_grade(value: Any, owner: str) -> int | None:
    """None, or a school grade: an int in 0..20.

    Examples
    --------
    >>> check_learner_grade(3, "TutoringSession")
    3
    """
    if value is None:
        return None
    return check_int(value, "learner_grade", owner, minimum=0, maximum=_MAX_GRADE)


@dataclass(frozen=True, eq=False)
class LearnerPlacement:
    """One learner's placement: the settings, the child's grade and the prior's centre.

    Built by :meth:`Placement.start`; a session saves it (:meth:`to_dict`) so a restored
    session continues the placement with the same prior.

    Parameters
    ----------
    placement : Placement
        The settings.
    learner_grade : int or None
        The child's school grade, when known.
    prior_mean : float
        Centre of the prior that locates the overall ability.

    Examples
    --------
    >>> LearnerPlacement(Placement(), None, 0.5).overall_prior
    (0.5, 2.0)
    """

    placement: Placement
    learner_grade: int | None
    prior_mean: float

    @property
    def overall_prior(self) -> tuple[float, float]:
        """``(mean, sd)`` of the prior every decision locates the overall ability with.

        Examples
        --------
        >>> LearnerPlacement(Placement(prior_sd=1.5), 4, -0.2).overall_prior
        (-0.2, 1.5)
        """
        return (self.prior_mean, self.placement.prior_sd)

    def eligible_mask(self, context: DecisionContext) -> NDArray[np.bool_]:
        """Items the placement could give now (no repeats, no enemies, skill limit).

        Parameters
        ----------
        context : DecisionContext
            The decision's bank and history.

        Returns
        -------
        ndarray of bool
            One flag per bank item.

        Examples
        --------
        >>> from adaptive_tutor.context import DecisionContext
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> LearnerPlacement(Placement(), None, 0.0).eligible_mask(DecisionContext(bank, None))
        array([ True,  True,  True])
        """
        return self.placement._selector.eligible_mask(context)

    def running(self, context: DecisionContext, n_placement: int) -> bool:
        """Whether the next item belongs to the placement.

        The placement runs while every answer so far is a placement answer
        (``n_placement`` of them), fewer than ``max_items`` were given, the overall
        standard error (located with :attr:`overall_prior`) is not yet below
        ``standard_error``, and an eligible item is left. ``context`` must carry
        :attr:`overall_prior`.

        Parameters
        ----------
        context : DecisionContext
            The decision's bank, learner and history, with :attr:`overall_prior`.
        n_placement : int
            How many of the answers so far are placement answers.

        Returns
        -------
        bool
            True while the placement gives the next item.

        Examples
        --------
        >>> from adaptive_tutor.context import AbilityView, DecisionContext
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> start = LearnerPlacement(Placement(2), None, 0.0)
        >>> context = DecisionContext(bank, AbilityView.prior(bank.skill_ids),
        ...                           overall_prior=start.overall_prior)
        >>> start.running(context, 0)
        True
        """
        settings = self.placement
        if n_placement != context.history.n_responses or n_placement >= settings.max_items:
            return False
        target = settings.standard_error
        if target is not None and n_placement > 0 and float(context.view.se[-1]) < target:
            return False
        return bool(self.eligible_mask(context).any())

    def select_position(self, context: DecisionContext, rng: np.random.Generator) -> int:
        """Bank position of the next placement item (the most informative eligible one).

        Parameters
        ----------
        context : DecisionContext
            The decision's bank, learner and history, with :attr:`overall_prior`.
        rng : numpy Generator
            Breaks ties.

        Returns
        -------
        int
            The bank position of the item to give.

        Raises
        ------
        ItemPoolExhaustedError
            If no item is eligible (:meth:`running` is then False).

        Examples
        --------
        >>> import numpy as np
        >>> from adaptive_tutor.context import AbilityView, DecisionContext
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> start = LearnerPlacement(Placement(), None, 0.0)
        >>> context = DecisionContext(bank, AbilityView.prior(bank.skill_ids),
        ...                           overall_prior=start.overall_prior)
        >>> bank.item_ids[start.select_position(context, np.random.default_rng(0))]
        'story-1'
        """
        return self.placement._selector.select_position(context, rng)

    def to_dict(self) -> dict[str, Any]:
        """JSON-compatible dict: the settings, ``learner_grade`` and ``prior_mean``.

        Returns
        -------
        dict
            The state, for :meth:`from_dict`.

        Examples
        --------
        >>> sorted(LearnerPlacement(Placement(), 3, -0.4).to_dict())
        ['learner_grade', 'max_items', 'max_per_skill', 'prior_mean', 'prior_sd', 'standard_error']
        """
        return {
            **self.placement.to_dict(),
            "learner_grade": self.learner_grade,
            "prior_mean": self.prior_mean,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LearnerPlacement:
        """Rebuild from :meth:`to_dict` output (every field checked).

        Parameters
        ----------
        data : mapping
            The saved placement (it may come back from a browser: it is checked).

        Returns
        -------
        LearnerPlacement
            The placement as saved.

        Raises
        ------
        ValueError, TypeError
            For a missing or unknown entry or a bad value (the message names it).

        Examples
        --------
        >>> start = LearnerPlacement(Placement(4), 2, -1.25)
        >>> LearnerPlacement.from_dict(start.to_dict()) == start
        True
        """
        expected = {
            "max_items",
            "standard_error",
            "prior_sd",
            "max_per_skill",
            "learner_grade",
            "prior_mean",
        }
        if not isinstance(data, Mapping) or set(data) != expected:
            keys = sorted(str(k) for k in data) if isinstance(data, Mapping) else data
            raise ValueError(
                f"A saved placement must have exactly the entries {sorted(expected)}. "
                f"Got {plain(keys)!r}."
            )
        owner = "a saved placement"
        settings = Placement(
            data["max_items"],
            standard_error=data["standard_error"],
            prior_sd=data["prior_sd"],
            max_per_skill=data["max_per_skill"],
        )
        mean = check_real(
            data["prior_mean"], "prior_mean", owner, minimum=-_MAX_PRIOR, maximum=_MAX_PRIOR
        )
        return cls(settings, check_learner_grade(data["learner_grade"], owner), mean)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, LearnerPlacement):
            return NotImplemented
        return self.to_dict() == other.to_dict()

    def __hash__(self) -> int:
        return hash(tuple(sorted((k, v) for k, v in self.to_dict().items())))
