"""The selector base class: eligibility, balancing, scoring, exposure, ties, exhaustion.

:class:`ScoringSelector` owns the public :meth:`~ScoringSelector.select`; a criterion
subclass writes only ``_score(context, candidates) -> ndarray`` (higher is better) over the
candidate bank positions. Everything else is shared:

1. eligibility filters AND their masks (default: :class:`NoRepeat` and :class:`NoEnemies`);
2. optional :class:`ContentBalance` narrows the mask to the skill furthest behind target;
3. no candidate left -> :class:`~adaptive_tutor.exceptions.ItemPoolExhaustedError`
   (a :class:`~adaptive_tutor.session.TutoringSession` instead stops with reason
   ``"bank_exhausted"``);
4. the criterion scores the candidates;
5. the exposure control picks one (default :class:`BestItem`: best score, random ties).

Examples
--------
>>> import numpy as np
>>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
>>> from adaptive_tutor.learner import LearnerState
>>> from adaptive_tutor.selection import MaxInformation
>>> bank = ItemBank.from_dict(tiny_bank_document())
>>> MaxInformation().select(bank, LearnerState.start(bank), rng=0)
'story-1'
"""

from __future__ import annotations

import copy
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from adaptive_tutor._repr import settings_repr
from adaptive_tutor._validation import check_choice, check_random_state, check_real
from adaptive_tutor.context import AbilityView, DecisionContext, ResponseHistory
from adaptive_tutor.exceptions import ItemPoolExhaustedError, SessionStateError
from adaptive_tutor.item_bank import ItemBank
from adaptive_tutor.selection.balancing import ContentBalance
from adaptive_tutor.selection.eligibility import EligibilityFilter, NoEnemies, NoRepeat
from adaptive_tutor.selection.exposure import BestItem, ExposureControl

__all__ = ["SCOPES", "ScoringSelector"]

SCOPES = ("skill", "overall")

FloatArray = NDArray[np.float64]
IndexArray = NDArray[np.intp]


class ScoringSelector(ABC):
    """Base class of next-item selectors.

    Parameters
    ----------
    eligibility : EligibilityFilter or sequence of them, optional
        Filters an item must pass. Default ``(NoRepeat(), NoEnemies())``; pass ``()``
        to allow everything. A single filter is taken as a list of one (so it replaces
        the defaults).
    exposure : ExposureControl, optional
        How to pick among scored candidates. Default :class:`BestItem`.
    balancing : ContentBalance, optional
        Target proportions of items per skill.
    scope : {"skill", "overall"}, default="skill"
        Which ability an item is scored against: the posterior of the item's first skill
        (each skill has its own scale) or the overall scale.
    between_skill_sd : float or None, default=0.5
        With ``scope="skill"``, how far one learner's skill abilities typically lie from
        each other (``tau``). Items are scored against the skill's own answers combined
        with a prior ``N(m, sqrt(v + tau**2))`` centred on the learner's estimate from
        the other skills, instead of the population prior ``N(0, 1)``, so the first items
        of a new skill are pitched at this learner rather than at an average one (see
        :meth:`~adaptive_tutor.context.AbilityView.borrow_strength`). Reported skill
        estimates are not affected. ``None`` scores against the skill's own posterior.

    Examples
    --------
    >>> from adaptive_tutor.selection import RandomSelection, Randomesque
    >>> RandomSelection(exposure=Randomesque(3)).exposure
    Randomesque(k=3)
    """

    def __init__(
        self,
        *,
        eligibility: Sequence[EligibilityFilter] | EligibilityFilter | None = None,
        exposure: ExposureControl | None = None,
        balancing: ContentBalance | None = None,
        scope: str = "skill",
        between_skill_sd: float | None = 0.5,
    ) -> None:
        owner = type(self).__name__
        filters = _check_filters(eligibility, owner)
        for item in filters:
            if not isinstance(item, EligibilityFilter):
                raise TypeError(
                    f"Every entry of the 'eligibility' parameter of {owner} must be an "
                    f"EligibilityFilter (e.g. NoRepeat()). Got {type(item).__name__}."
                )
        if exposure is not None and not isinstance(exposure, ExposureControl):
            raise TypeError(
                f"The 'exposure' parameter of {owner} must be an ExposureControl "
                f"(e.g. Randomesque(5)). Got {type(exposure).__name__}."
            )
        if balancing is not None and not isinstance(balancing, ContentBalance):
            raise TypeError(
                f"The 'balancing' parameter of {owner} must be a ContentBalance. "
                f"Got {type(balancing).__name__}."
            )
        self.eligibility: tuple[EligibilityFilter, ...] = filters
        self.exposure: ExposureControl = exposure if exposure is not None else BestItem()
        self.balancing = balancing
        self.scope = check_choice(scope, "scope", owner, SCOPES)
        self.between_skill_sd = (
            None
            if between_skill_sd is None
            else check_real(between_skill_sd, "between_skill_sd", owner, minimum=0.0)
        )

    # ----------------------------------------------------------------- public API
    def select(
        self,
        bank: ItemBank,
        state: Any,
        *,
        rng: Any = None,
        history: ResponseHistory | None = None,
        now: float | None = None,
        exposure_counts: Any = None,
        session_key: int | None = None,
    ) -> str:
        """Return the id of the next item to give.

        Parameters
        ----------
        bank : ItemBank
            The bank to select from.
        state : LearnerState or AbilityView or learner model
            What is known about the learner (passed in; never read from a session).
        rng : None, int or numpy Generator
            Randomness for ties and exposure control.
        history : ResponseHistory, optional
            Items already administered (default: none).
        now : float, optional
            Current time in seconds, for time-based filters.
        exposure_counts : ExposureCounts, optional
            Population tallies, for :class:`MaxExposureRate`.
        session_key : int, optional
            A number fixed for the learner's whole session (e.g. its seed), so
            :class:`SympsonHetter` lotteries hold for the whole session.

        Returns
        -------
        str
            The id of the item to give.

        Raises
        ------
        ItemPoolExhaustedError
            If no item passes the eligibility filters.
        SessionStateError
            If ``state`` belongs to another bank.

        Examples
        --------
        >>> from adaptive_tutor.context import ResponseHistory
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> from adaptive_tutor.learner import LearnerState
        >>> from adaptive_tutor.selection import DifficultyMatching
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> history = ResponseHistory.from_records(bank, [("story-1", 1)])
        >>> DifficultyMatching().select(bank, LearnerState.start(bank), history=history, rng=0)
        'count-1'
        """
        context = self._context(bank, state, history, now, exposure_counts, session_key)
        position = self.select_position(context, check_random_state(rng, type(self).__name__))
        return bank.item_ids[position]

    def eligible(
        self,
        bank: ItemBank,
        state: Any,
        *,
        history: ResponseHistory | None = None,
        now: float | None = None,
    ) -> NDArray[np.bool_]:
        """Boolean mask over the bank: the items this selector could give now.

        Parameters
        ----------
        bank : ItemBank
            The bank to select from.
        state : LearnerState or AbilityView or learner model
            What is known about the learner.
        history : ResponseHistory, optional
            Items already administered (default: none).
        now : float, optional
            Current time in seconds, for time-based filters.

        Returns
        -------
        ndarray of bool
            One flag per bank item, in bank order.

        Examples
        --------
        >>> from adaptive_tutor.context import ResponseHistory
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> from adaptive_tutor.learner import LearnerState
        >>> from adaptive_tutor.selection import RandomSelection
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> history = ResponseHistory.from_records(bank, [("add-1", 1)])
        >>> RandomSelection().eligible(bank, LearnerState.start(bank), history=history).tolist()
        [True, False, False]
        """
        return self.eligible_mask(self._context(bank, state, history, now, None, None))

    def eligible_mask(self, context: DecisionContext) -> NDArray[np.bool_]:
        """Eligibility mask for a prepared context (no balancing applied).

        Parameters
        ----------
        context : DecisionContext
            The decision's bank, learner, history and time.

        Returns
        -------
        ndarray of bool
            One flag per bank item, in bank order.

        Examples
        --------
        >>> from adaptive_tutor.context import DecisionContext
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> from adaptive_tutor.selection import RandomSelection
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> RandomSelection().eligible_mask(DecisionContext(bank, None)).sum()
        np.int64(3)
        """
        mask = np.ones(len(context.bank), dtype=bool)
        for item_filter in self.eligibility:
            mask &= item_filter.allowed(context)
        return mask

    def select_position(self, context: DecisionContext, rng: np.random.Generator) -> int:
        """Bank position of the next item for a prepared context (trusted inputs).

        Parameters
        ----------
        context : DecisionContext
            The decision's bank, learner, history, time and exposure counts.
        rng : numpy Generator
            Randomness for ties and exposure control.

        Returns
        -------
        int
            The bank position of the item to give.

        Raises
        ------
        ItemPoolExhaustedError
            If no item passes the eligibility filters.

        Examples
        --------
        >>> import numpy as np
        >>> from adaptive_tutor.context import DecisionContext
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> from adaptive_tutor.selection import RandomSelection
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> RandomSelection().select_position(DecisionContext(bank, None),
        ...                                   np.random.default_rng(1)) in (0, 1, 2)
        True
        """
        mask = self.eligible_mask(context)
        if self.balancing is not None:
            mask = self.balancing.restrict(context, mask)
        candidates = np.flatnonzero(mask)
        if candidates.shape[0] == 0:
            raise ItemPoolExhaustedError(self._exhausted_message(context))
        scores = np.asarray(self._score(context, candidates), dtype=np.float64)
        return self.exposure.choose(context, candidates, scores, rng)

    def replace(self, **changes: Any) -> ScoringSelector:
        """Return a copy with some settings changed (e.g. another exposure control).

        Parameters
        ----------
        **changes
            Settings of the constructor, by name.

        Returns
        -------
        ScoringSelector
            A new selector of the same class; this one is unchanged.

        Examples
        --------
        >>> from adaptive_tutor.selection import MaxInformation, Randomesque
        >>> MaxInformation().replace(exposure=Randomesque(4)).exposure.k
        4
        """
        clone = copy.copy(self)
        for name, value in changes.items():
            if not hasattr(self, name):
                raise TypeError(f"{type(self).__name__} has no setting {name!r}.")
            setattr(clone, name, value)
        return clone

    def __repr__(self) -> str:
        return settings_repr(self)

    # ----------------------------------------------------------------- hooks
    @abstractmethod
    def _score(self, context: DecisionContext, candidates: IndexArray) -> FloatArray:
        """Scores of the candidate bank positions (higher = better)."""

    # ----------------------------------------------------------------- helpers
    def _row(self, context: DecisionContext) -> int | None:
        """Posterior row scoring every item (overall), or None for per-skill rows."""
        return None if self.scope == "skill" else len(context.view.skill_ids)

    def _view(self, context: DecisionContext) -> AbilityView:
        """The ability view to score against: skill rows borrow strength (skill scope)."""
        if self.scope == "skill":
            return context.borrowed_view(self.between_skill_sd)
        return context.view

    def _item_theta(self, context: DecisionContext) -> FloatArray:
        """Each item's current ability estimate (bank order) under this scope."""
        theta = self._view(context).theta
        if self.scope == "skill":
            return np.asarray(theta[context.tables.primary_skill])
        return np.full(len(context.bank), theta[-1])

    def _context(
        self,
        bank: ItemBank,
        state: Any,
        history: ResponseHistory | None,
        now: float | None,
        exposure_counts: Any,
        session_key: int | None,
    ) -> DecisionContext:
        if not isinstance(bank, ItemBank):
            raise TypeError(
                f"The 'bank' parameter of {type(self).__name__}.select must be an ItemBank. "
                f"Got {type(bank).__name__}."
            )
        fingerprint = getattr(state, "bank_fingerprint", None)
        if fingerprint and fingerprint != bank.fingerprint:
            raise SessionStateError(
                f"The learner state belongs to another item bank (fingerprint {fingerprint!r}); "
                f"bank {bank.metadata.id!r} has fingerprint {bank.fingerprint!r}."
            )
        if history is None:
            history = ResponseHistory.empty()
        elif not isinstance(history, ResponseHistory):
            raise TypeError(
                f"The 'history' parameter of {type(self).__name__}.select must be a "
                f"ResponseHistory. Got {type(history).__name__}."
            )
        return DecisionContext(bank, state, history, now, exposure_counts, session_key=session_key)

    def _exhausted_message(self, context: DecisionContext) -> str:
        bank = context.bank
        filters = ", ".join(repr(f) for f in self.eligibility) or "none"
        balance = f" and {self.balancing!r}" if self.balancing is not None else ""
        return (
            f"No eligible item is left in item bank {bank.metadata.id!r} ({len(bank)} items, "
            f"{context.history.n_responses} administered); eligibility filters: {filters}"
            f"{balance}. Stop the session (e.g. with BankExhausted()) or relax the filters."
        )


def _check_filters(eligibility: Any, owner: str) -> tuple[Any, ...]:
    """The eligibility filters as a tuple (a single filter is a tuple of one)."""
    if eligibility is None:
        return (NoRepeat(), NoEnemies())
    if isinstance(eligibility, EligibilityFilter):
        return (eligibility,)
    if isinstance(eligibility, str | bytes) or not isinstance(eligibility, Iterable):
        raise TypeError(
            f"The 'eligibility' parameter of {owner} must be a list of EligibilityFilter "
            f"(e.g. [NoRepeat(), GradeBand(1, 2)]). Got {eligibility!r}."
        )
    return tuple(eligibility)
