"""Letting the child choose: a menu of eligible exercises, labelled from easy to hard.

Mixed into :class:`~adaptive_tutor.session.TutoringSession`; the menu itself comes from
:func:`adaptive_tutor.selection.choices.choice_menu`.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np

from adaptive_tutor._validation import check_int
from adaptive_tutor.context import DecisionContext
from adaptive_tutor.item_bank import ItemBank
from adaptive_tutor.selection import ScoringSelector
from adaptive_tutor.selection.choices import (
    MAX_CHOICES,
    ItemChoice,
    check_targets,
    choice_menu,
    describe_choices,
)
from adaptive_tutor.session._checks import as_seconds
from adaptive_tutor.stopping import StopDecision, StoppingRule

Seconds = float | _dt.datetime | None


class SessionChoices:
    """``offer_choices`` of a session."""

    _bank: ItemBank
    _selector: ScoringSelector
    _stopping_rule: StoppingRule
    _seed: int
    _revision: int
    _stop: StopDecision | None
    _choices: tuple[tuple[str, str], ...] | None

    if TYPE_CHECKING:

        @property
        def n_responses(self) -> int: ...

        def _context(self, now: float | None) -> DecisionContext: ...

        def _set_stop(self, decision: StopDecision) -> None: ...

    def offer_choices(
        self, k: int = 3, *, targets: Mapping[str, float] | None = None, now: Seconds = None
    ) -> list[ItemChoice]:
        """Let the child choose: ``k`` eligible items labelled from easy to hard.

        With the default targets a ``review`` item (predicted success about 0.9), a
        ``just_right`` one (0.75) and a ``challenge`` (0.55), from what the selector's
        eligibility filters allow now (the skills the child may study). Any of them can be
        recorded (in strict mode too), or, unless the session is strict, any other item.
        Asking again before an answer returns the same menu. Like :meth:`next_item`, it
        evaluates the stopping rule first and returns an empty list once stopped.

        Parameters
        ----------
        k : int, default=3
            Number of choices (1 to 20); labels repeat when ``k`` exceeds them.
        targets : mapping of str to float, optional
            Label to target success probability, default
            ``{"review": 0.9, "just_right": 0.75, "challenge": 0.55}``.
        now : float or datetime, optional
            Current time, for time-based eligibility.

        Returns
        -------
        list of ItemChoice
            ``label``, ``item``, ``success_probability``, ``target``; easiest first.

        Examples
        --------
        >>> from adaptive_tutor import TutoringSession
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> session = TutoringSession(ItemBank.from_dict(tiny_bank_document()), seed=1,
        ...                           strict=True)
        >>> menu = session.offer_choices()
        >>> [(choice.label, choice.item.id) for choice in menu]
        [('review', 'count-1'), ('just_right', 'add-1'), ('challenge', 'story-1')]
        >>> session.record("story-1", 2)  # the child took the challenge
        """
        owner = "TutoringSession.offer_choices"
        wanted = check_targets(targets, owner)
        count = check_int(k, "k", owner, minimum=1, maximum=MAX_CHOICES)
        if self._stop is not None:
            return []
        context = self._context(as_seconds(now, "now"))
        bank = self._bank
        if (
            self._choices is not None
            and len(self._choices) == count
            and all(label in wanted for label, _ in self._choices)
        ):
            menu = [(label, bank.index_of(item_id)) for label, item_id in self._choices]
            return describe_choices(context, self._selector, menu, wanted)
        decision = self._stopping_rule.decide(context)
        if decision.stop:
            self._set_stop(decision)
            return []
        rng = np.random.default_rng([self._seed, self.n_responses, 1])
        choices = choice_menu(context, self._selector, count, targets=wanted, rng=rng)
        if not choices:
            self._set_stop(StopDecision(True, "bank_exhausted", {"n_items": self.n_responses}))
            return []
        self._choices = tuple((choice.label, choice.item.id) for choice in choices)
        self._revision += 1
        return choices
