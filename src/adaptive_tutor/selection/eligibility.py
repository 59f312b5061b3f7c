"""Eligibility filters: which items may be given next.

Each filter returns a boolean mask over the bank (True = allowed); a selector ANDs the
masks of its filters. Filters are pure: they read the
:class:`~adaptive_tutor.context.DecisionContext` and hold only their settings.

Examples
--------
>>> from adaptive_tutor.context import AbilityView, DecisionContext, ResponseHistory
>>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
>>> bank = ItemBank.from_dict(tiny_bank_document())
>>> history = ResponseHistory.from_records(bank, [("add-1", 1)])
>>> context = DecisionContext(bank, AbilityView.prior(bank.skill_ids), history)
>>> NoRepeat().allowed(context).tolist(), NoEnemies().allowed(context).tolist()
([True, False, True], [True, True, False])
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable

import numpy as np
from numpy.typing import NDArray

from adaptive_tutor._mastery_graph import prerequisite_steps
from adaptive_tutor._repr import settings_repr
from adaptive_tutor._validation import check_id_list, check_int, check_real
from adaptive_tutor.context import DecisionContext
from adaptive_tutor.mastery import (
    CODES,
    NOT_MASTERED,
    MasteryClassifier,
    check_mastery,
    skill_response_counts,
)

__all__ = [
    "EligibilityFilter",
    "Excluded",
    "GradeBand",
    "NoEnemies",
    "NoRepeat",
    "PrerequisitesMastered",
]

BoolArray = NDArray[np.bool_]


class EligibilityFilter(ABC):
    """Base class: ``allowed(context) -> bool array over the bank``.

    A filter of your own joins the built-in ones in a selector's ``eligibility`` list;
    an item is given only when every filter allows it.

    Examples
    --------
    Only multiple-choice questions, for a child who cannot type answers yet:

    >>> import numpy as np
    >>> from adaptive_tutor import ItemBank, LearnerState, tiny_bank_document
    >>> from adaptive_tutor.selection import MaxInformation
    >>> class MultipleChoiceOnly(EligibilityFilter):
    ...     def allowed(self, context):
    ...         return np.array([item.type == "multiple_choice" for item in context.bank])
    >>> bank = ItemBank.from_dict(tiny_bank_document())
    >>> selector = MaxInformation(eligibility=[NoRepeat(), MultipleChoiceOnly()])
    >>> selector.select(bank, LearnerState.start(bank), rng=0)
    'count-1'
    """

    @abstractmethod
    def allowed(self, context: DecisionContext) -> BoolArray:
        """Return a boolean mask over the bank's items (True = may be given).

        Examples
        --------
        >>> from adaptive_tutor.context import DecisionContext
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> GradeBand(2, 2).allowed(DecisionContext(bank, None)).tolist()
        [False, False, True]
        """

    def __repr__(self) -> str:
        return settings_repr(self)


class NoRepeat(EligibilityFilter):
    """Do not repeat items: never, or not within the last items / seconds.

    Parameters
    ----------
    window : int, optional
        Block only the last ``window`` administered items. Default: block every item
        already administered.
    seconds : float, optional
        Block items administered less than ``seconds`` before ``context.now`` (items
        without a timestamp count as recent). Combined with ``window`` when both given.
    review_wrong_after : int, optional
        Spaced review: an item whose latest answer was below full marks becomes eligible
        again once at least this many other items were given since.

    Examples
    --------
    >>> from adaptive_tutor.context import DecisionContext, ResponseHistory
    >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
    >>> bank = ItemBank.from_dict(tiny_bank_document())
    >>> history = ResponseHistory.from_records(bank, [("count-1", 0), ("add-1", 1)])
    >>> NoRepeat(review_wrong_after=1).allowed(DecisionContext(bank, None, history)).tolist()
    [True, False, True]
    """

    def __init__(
        self,
        *,
        window: int | None = None,
        seconds: float | None = None,
        review_wrong_after: int | None = None,
    ) -> None:
        owner = "NoRepeat"
        self.window = None if window is None else check_int(window, "window", owner, minimum=1)
        self.seconds = (
            None
            if seconds is None
            else check_real(seconds, "seconds", owner, minimum=0.0, exclusive_minimum=True)
        )
        self.review_wrong_after = (
            None
            if review_wrong_after is None
            else check_int(review_wrong_after, "review_wrong_after", owner, minimum=1)
        )

    def allowed(self, context: DecisionContext) -> BoolArray:
        """Mask out repeated items under the configured window.

        Parameters
        ----------
        context : DecisionContext
            The decision's bank, learner and history.

        Returns
        -------
        ndarray of bool
            One flag per bank item: True where the item may be given.

        Examples
        --------
        >>> from adaptive_tutor.context import DecisionContext, ResponseHistory
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> history = ResponseHistory.from_records(bank, [("count-1", 1), ("add-1", 1)])
        >>> NoRepeat(window=1).allowed(DecisionContext(bank, None, history)).tolist()
        [True, False, True]
        """
        history = context.history
        n_items = len(context.bank)
        mask = np.ones(n_items, dtype=bool)
        seen = history.item_index
        if seen.size == 0:
            return mask
        if self.window is None and self.seconds is None:
            blocked = seen
        else:
            recent = np.zeros(seen.shape[0], dtype=bool)
            if self.window is not None:
                recent[-self.window :] = True
            if self.seconds is not None:
                now = context.now
                stamps = history.timestamp
                if now is None:
                    known = stamps[~np.isnan(stamps)]
                    now = float(known.max()) if known.size else None
                with np.errstate(invalid="ignore"):
                    too_new = np.isnan(stamps) if now is None else ~(stamps <= now - self.seconds)
                recent |= too_new
            blocked = seen[recent]
        mask[blocked] = False
        if self.review_wrong_after is not None:
            position = np.arange(seen.shape[0])
            last = np.full(n_items, -1, dtype=np.intp)
            np.maximum.at(last, seen, position)
            is_last = last[seen] == position
            max_score = context.bank.params.n_categories[seen] - 1
            wrong = is_last & (history.response < max_score)
            gap = seen.shape[0] - 1 - position
            due = wrong & (gap >= self.review_wrong_after)
            mask[seen[due]] = True
        return mask


class NoEnemies(EligibilityFilter):
    """Never give an item whose enemy (a too-similar item) was already given.

    Examples
    --------
    >>> from adaptive_tutor.context import DecisionContext
    >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
    >>> bank = ItemBank.from_dict(tiny_bank_document())
    >>> NoEnemies().allowed(DecisionContext(bank, None)).all()
    np.True_
    """

    def allowed(self, context: DecisionContext) -> BoolArray:
        """Mask out the enemies of administered items.

        Parameters
        ----------
        context : DecisionContext
            The decision's bank, learner and history.

        Returns
        -------
        ndarray of bool
            One flag per bank item: True where the item may be given.

        Examples
        --------
        >>> from adaptive_tutor.context import DecisionContext, ResponseHistory
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> history = ResponseHistory.from_records(bank, [("story-1", 2)])
        >>> NoEnemies().allowed(DecisionContext(bank, None, history)).tolist()
        [True, False, True]
        """
        mask = np.ones(len(context.bank), dtype=bool)
        enemies = context.base_tables.enemy_index
        if enemies:
            for position in set(context.history.item_index.tolist()):
                blocked = enemies.get(position)
                if blocked is not None:
                    mask[blocked] = False
        return mask


class GradeBand(EligibilityFilter):
    """Only items whose grade lies in ``low..high`` (inclusive).

    Parameters
    ----------
    low, high : int
        The lowest and highest grade allowed.

    Examples
    --------
    >>> GradeBand(1, 3).high
    3
    """

    def __init__(self, low: int, high: int) -> None:
        self.low = check_int(low, "low", "GradeBand")
        self.high = check_int(high, "high", "GradeBand", minimum=self.low)

    def allowed(self, context: DecisionContext) -> BoolArray:
        """Mask of items in the grade band.

        Parameters
        ----------
        context : DecisionContext
            The decision's bank, learner and history.

        Returns
        -------
        ndarray of bool
            One flag per bank item: True where the item may be given.

        Examples
        --------
        >>> from adaptive_tutor.context import DecisionContext
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> GradeBand(1, 1).allowed(DecisionContext(bank, None)).tolist()
        [True, True, False]
        """
        grades = context.bank.item_grades
        return np.asarray((grades >= self.low) & (grades <= self.high))


class Excluded(EligibilityFilter):
    """Never give the listed items (ids not in the bank are ignored).

    Parameters
    ----------
    item_ids : list of str
        The item ids to leave out; a single id goes in a list (``["add-1"]``).

    Examples
    --------
    >>> from adaptive_tutor.context import DecisionContext
    >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
    >>> bank = ItemBank.from_dict(tiny_bank_document())
    >>> Excluded(["add-1", "gone"]).allowed(DecisionContext(bank, None)).tolist()
    [True, False, True]
    """

    def __init__(self, item_ids: Iterable[str]) -> None:
        self.item_ids = frozenset(check_id_list(item_ids, "item_ids", "Excluded"))

    def allowed(self, context: DecisionContext) -> BoolArray:
        """Mask without the excluded items.

        Parameters
        ----------
        context : DecisionContext
            The decision's bank, learner and history.

        Returns
        -------
        ndarray of bool
            One flag per bank item: True where the item may be given.

        Examples
        --------
        >>> from adaptive_tutor.context import DecisionContext
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> Excluded([]).allowed(DecisionContext(bank, None)).all()
        np.True_
        """
        bank = context.bank
        mask = np.ones(len(bank), dtype=bool)
        present = [i for i in self.item_ids if i in bank]
        if present:
            mask[bank.indices_of(present)] = False
        return mask


class PrerequisitesMastered(EligibilityFilter):
    """Gate skills by the skill graph: an item is allowed only when every direct
    prerequisite of each of its skills is passed.

    A prerequisite is passed when it is classified mastered (by its own answers, or shown
    through a mastered skill that requires it: the one mastery judgement), or when it is
    still undetermined after ``practice_limit`` distinct items (or all of its items, if it
    has fewer): a child whose ability sits right at the cut would otherwise stay on that
    skill until the bank runs dry. After a placement
    (:class:`~adaptive_tutor.placement.Placement`), a prerequisite with too few or
    undetermined answers of its own is also passed when the prediction the placement
    seeded (the skill's own answers with a prior centred on the located overall ability of
    the other skills, widened by ``between_skill_sd``, as the selectors predict) puts at
    least ``placement_level`` above its cut, unless a skill it requires (directly or
    further down) is *not mastered* by its own answers: a strong child placed at grade 5
    is not held on grade-1 skills. A prerequisite classified *not mastered* by its own
    answers always keeps the gate closed.

    Parameters
    ----------
    classifier : MasteryClassifier, optional
        Decides mastery; default :func:`~adaptive_tutor.mastery.default_mastery` (the
        judgement of sessions and reports): each prerequisite's grade-level benchmark as
        its cut, posterior probability 0.9, at least 3 distinct items.
    practice_limit : int or None, default 8
        Distinct items after which an undetermined prerequisite no longer blocks;
        ``None`` requires mastery strictly.
    placement_level : float or None, default 0.9
        After a placement, the predicted probability above the cut at which a
        prerequisite without a decision of its own passes, in (0.5, 1); ``None`` ignores
        the placement.
    between_skill_sd : float, default 0.5
        Spread of one learner's skills around their overall ability, for that prediction
        (as in :class:`~adaptive_tutor.selection.ScoringSelector`).

    Examples
    --------
    >>> from adaptive_tutor.context import AbilityView, DecisionContext
    >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
    >>> bank = ItemBank.from_dict(tiny_bank_document())
    >>> context = DecisionContext(bank, AbilityView.prior(bank.skill_ids))
    >>> PrerequisitesMastered().allowed(context).tolist()  # 'add' needs 'count'
    [True, False, False]
    >>> PrerequisitesMastered().classifier.cut
    'grade'
    """

    def __init__(
        self,
        classifier: MasteryClassifier | None = None,
        *,
        practice_limit: int | None = 8,
        placement_level: float | None = 0.9,
        between_skill_sd: float = 0.5,
    ) -> None:
        owner = "PrerequisitesMastered"
        self.classifier = check_mastery(classifier, "classifier", owner)
        self.practice_limit = (
            None
            if practice_limit is None
            else check_int(practice_limit, "practice_limit", owner, minimum=1)
        )
        self.placement_level = (
            None
            if placement_level is None
            else check_real(
                placement_level,
                "placement_level",
                owner,
                minimum=0.5,
                maximum=1.0,
                exclusive_minimum=True,
                exclusive_maximum=True,
            )
        )
        self.between_skill_sd = check_real(between_skill_sd, "between_skill_sd", owner, minimum=0.0)

    def allowed(self, context: DecisionContext) -> BoolArray:
        """Mask of items whose skills' prerequisites are all mastered.

        Parameters
        ----------
        context : DecisionContext
            The decision's bank, learner and history.

        Returns
        -------
        ndarray of bool
            One flag per bank item: True where the item may be given.

        Examples
        --------
        >>> from adaptive_tutor.context import AbilityView, DecisionContext, ResponseHistory
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())  # 'add' requires 'count'
        >>> context = DecisionContext(bank, AbilityView.prior(bank.skill_ids))
        >>> from adaptive_tutor.mastery import ConfidenceIntervalMastery
        >>> gate = PrerequisitesMastered(ConfidenceIntervalMastery(-4.0, min_responses=1))
        >>> gate.allowed(context).tolist()
        [True, False, False]
        >>> right = ResponseHistory.from_records(bank, [("count-1", 1)])
        >>> gate.allowed(DecisionContext(bank, None, right)).tolist()
        [True, True, True]
        """
        requires = context.base_tables.prerequisite_matrix
        if not requires.any():
            return np.ones(len(context.bank), dtype=bool)
        codes = self.classifier.codes(context)
        passed = codes == 1
        if self.practice_limit is not None:
            bank = context.bank
            enough = np.minimum(self.practice_limit, bank.skill_matrix.sum(axis=0))
            practised = skill_response_counts(context) >= np.maximum(enough, 1)
            passed |= (codes < 0) & practised  # undetermined, or too few items to decide
        if self.placement_level is not None and context.overall_prior is not None:
            # nothing passes this way above a skill whose own answers say not mastered
            steps = prerequisite_steps(context.bank)
            below = (steps > 0) & (steps <= steps.shape[0])  # requires, at any depth
            blocked = (below & (codes == CODES[NOT_MASTERED])[None, :]).any(axis=1)
            placed = self._placed_above_cut(context, self.placement_level)
            passed |= (codes < 0) & placed & ~blocked
        locked = (requires & ~passed[None, :]).any(axis=1)
        return np.asarray(~(context.bank.skill_matrix & locked[None, :]).any(axis=1))

    def _placed_above_cut(self, context: DecisionContext, level: float) -> BoolArray:
        """Skills the placement-seeded prediction puts above their cut (bank order)."""
        view = context.borrowed_view(self.between_skill_sd)
        cuts = self.classifier.skill_cuts(context.bank)
        above = view.probability_above(np.append(cuts, cuts.min()))[:-1]
        return np.asarray(above >= level)
