"""What a selection or stopping decision sees: the bank, the learner, the history.

Three small immutable pieces, built once per decision and passed in explicitly (never a
back-reference to a session):

- :class:`ResponseHistory`: the items already administered, in order, with scores, times.
- :class:`AbilityView`: a read-only snapshot of a learner's posterior on a grid, one row
  per skill plus the overall scale, built from the learner model by :func:`ability_view`.
- :class:`DecisionContext`: bundles them with per-bank tables (information, category
  probabilities on the grid) that are computed once per bank and grid and cached.

Examples
--------
>>> import numpy as np
>>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
>>> bank = ItemBank.from_dict(tiny_bank_document())
>>> history = ResponseHistory.from_records(bank, [("count-1", 1)])
>>> history.item_ids(bank)
('count-1',)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from adaptive_tutor._ability_view import AbilityView, ability_view
from adaptive_tutor._bank_tables import BankTables, tables_for
from adaptive_tutor._response_history import ResponseHistory
from adaptive_tutor.irt import normal_grid
from adaptive_tutor.item_bank import ItemBank

__all__ = ["AbilityView", "DecisionContext", "ResponseHistory", "ability_view"]


@dataclass(frozen=True, eq=False)
class DecisionContext:
    """Everything one selection or stopping decision may read (immutable).

    Parameters
    ----------
    bank : ItemBank
        The bank the decision is about.
    learner : object
        The learner model (an IRT ``LearnerState``, an :class:`AbilityView`, or any model
        with an ``ability_view(bank)`` method).
    history : ResponseHistory
        The answers so far (default: none).
    now : float or None
        Current time in seconds (for time-based filters and budgets).
    exposure_counts : ExposureCounts or None
        Population exposure tallies, for exposure control.
    n_eligible : int or None
        Number of items the selector could still give (for :class:`BankExhausted`).
    session_key : int or None
        A number fixed for the whole session (the session seed), for randomness that must
        persist across steps, such as Sympson-Hetter lotteries.
    overall_prior : (float, float) or None
        ``(mean, sd)`` of the prior that locates the learner's overall ability for this
        decision (a placement's, see :class:`~adaptive_tutor.placement.Placement`):
        :attr:`view` then carries the overall row of
        :meth:`AbilityView.with_overall_prior`, which skills borrow strength from.
        ``None`` keeps the learner model's own prior.

    Examples
    --------
    >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
    >>> bank = ItemBank.from_dict(tiny_bank_document())
    >>> context = DecisionContext(bank, AbilityView.prior(bank.skill_ids))
    >>> context.history.n_responses, context.view.theta.shape
    (0, (3,))
    """

    bank: ItemBank
    learner: Any
    history: ResponseHistory = field(default_factory=ResponseHistory.empty)
    now: float | None = None
    exposure_counts: Any = None
    n_eligible: int | None = None
    session_key: int | None = None
    overall_prior: tuple[float, float] | None = None

    @cached_property
    def view(self) -> AbilityView:
        """The learner's :class:`AbilityView` (built on first use).

        With :attr:`overall_prior`, the overall row is located with that prior.

        Examples
        --------
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> DecisionContext(bank, AbilityView.prior(bank.skill_ids)).view.skill_ids
        ('count', 'add')
        """
        view = ability_view(self.learner, self.bank)
        if self.overall_prior is not None:
            view = view.with_overall_prior(*self.overall_prior)
        return view

    @cached_property
    def tables(self) -> BankTables:
        """Cached per-bank tables on the learner's grid."""
        return tables_for(self.bank, self.view.nodes)

    @cached_property
    def base_tables(self) -> BankTables:
        """Cached per-bank tables that do not depend on the learner (default grid)."""
        try:
            nodes = self.view.nodes
        except TypeError:
            nodes = normal_grid().nodes
        return tables_for(self.bank, nodes)

    def borrowed_view(self, between_skill_sd: float | None) -> AbilityView:
        """The view whose skill rows borrow strength from the other skills (cached).

        :meth:`AbilityView.borrow_strength` of :attr:`view`, computed once per decision
        and ``between_skill_sd``; ``None`` returns :attr:`view` itself.

        Parameters
        ----------
        between_skill_sd : float or None
            The spread of one learner's skill abilities (``tau``); None for no borrowing.

        Returns
        -------
        AbilityView
            The borrowed view (the same object on every call with the same value).

        Examples
        --------
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> context = DecisionContext(bank, AbilityView.prior(bank.skill_ids))
        >>> context.borrowed_view(0.5) is context.borrowed_view(0.5)
        True
        >>> context.borrowed_view(None) is context.view
        True
        """
        if between_skill_sd is None:
            return self.view
        cache: dict[float, AbilityView] = self.__dict__.setdefault("_borrowed", {})
        key = float(between_skill_sd)
        view = cache.get(key)
        if view is None:
            view = cache[key] = self.view.borrow_strength(key)
        return view

    def with_n_eligible(self, n_eligible: int) -> DecisionContext:
        """Return a copy that knows how many items are still eligible.

        Parameters
        ----------
        n_eligible : int
            Number of items the selector could still give.

        Returns
        -------
        DecisionContext
            A new context; this one is unchanged.

        Examples
        --------
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> DecisionContext(bank, None).with_n_eligible(2).n_eligible
        2
        """
        context = DecisionContext(
            self.bank,
            self.learner,
            self.history,
            self.now,
            self.exposure_counts,
            n_eligible,
            self.session_key,
            self.overall_prior,
        )
        for name in ("view", "tables", "base_tables", "_borrowed"):
            if name in self.__dict__:
                context.__dict__[name] = self.__dict__[name]
        return context
