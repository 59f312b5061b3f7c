"""The tutoring session: the one mutable object an app embeds."""

from __future__ import annotations

import datetime as _dt
from typing import Any

import numpy as np

from adaptive_tutor.context import DecisionContext
from adaptive_tutor.exceptions import (
    ItemPoolExhaustedError,
    ResponseDataError,
    SessionStateError,
    StaleStateError,
)
from adaptive_tutor.item import Item
from adaptive_tutor.item_bank import ItemBank
from adaptive_tutor.learner_model import apply_update
from adaptive_tutor.mastery import MasteryClassifier
from adaptive_tutor.placement import LearnerPlacement, Placement
from adaptive_tutor.selection import ExposureCounts, ScoringSelector
from adaptive_tutor.session._checks import (
    DEFAULT_MAX_HISTORY,
    as_seconds,
    check_exposure_counts,
    check_learner_model,
    check_mastery,
    check_max_history,
    check_optional_text,
    check_response_time,
    check_revision,
    check_score,
    check_seed,
    check_selector,
    check_stopping_rule,
    uses_bank_exhausted,
)
from adaptive_tutor.session._choosing import SessionChoices
from adaptive_tutor.session._history import AnswerLog
from adaptive_tutor.session._persistence import SessionPersistence
from adaptive_tutor.session._placing import start_placement
from adaptive_tutor.session._readout import SessionReadout
from adaptive_tutor.stopping import StopDecision, StoppingRule

__all__ = ["DEFAULT_LEARNER_ID", "TutoringSession"]

DEFAULT_LEARNER_ID = "learner"
"""Learner id of a session created without one (in its state and history frame)."""

Seconds = float | _dt.datetime | None


class TutoringSession(SessionChoices, SessionReadout, SessionPersistence):
    """An adaptive practice or testing session for one learner on one bank.

    Parameters
    ----------
    bank : ItemBank
        The exercises the learner practises on.
    selector : ScoringSelector, optional
        Chooses the next item. Default ``TargetProbability(0.75)`` (practice).
    stopping_rule : StoppingRule, optional
        Decides when to stop. Default ``MaxItems(20)``. The session also stops when no
        eligible item is left (reason ``"bank_exhausted"``).
    learner_model : object, optional
        What the tutor believes about the learner, before any answer. Default the IRT
        :class:`~adaptive_tutor.learner.LearnerState` started on ``bank`` (pass
        ``LearnerState.start(bank, prior_mean=...)`` for other settings). Any object with
        ``update(bank, item_id, response)`` (returning the new model, or ``None`` after
        updating in place), ``to_dict()``, and an ``ability_view(bank)`` or
        ``success_probability(bank)`` method for the selectors that need them plugs in.
        A learning tracker (``EloRatings``, ``BayesianKnowledgeTracing``) is not a learner
        model by itself: wrap it, ``TrackedLearner.start(bank, tracker)``.
    mastery : MasteryClassifier, optional
        The mastery judgement (:mod:`adaptive_tutor.mastery`). Default
        :func:`~adaptive_tutor.mastery.default_mastery`: each skill's grade-level
        benchmark as its cut, posterior probability 0.9, at least 3 distinct items, the
        judgement the learner and class reports make on the same answers.
    exposure_counts : ExposureCounts, optional
        Population exposure tallies shared across sessions (updated by this session).
    seed : None or int
        Seed of all random choices; ``None`` draws one (kept in the saved state).
    learner_id : str, optional
        Stored in the state and the history frame; default :data:`DEFAULT_LEARNER_ID`
        (``"learner"``), so ``LearnerReport(session.history, bank, session.learner_id)``
        always works.
    strict : bool, default=False
        Accept answers only to the item on offer (:meth:`next_item`, or one of
        :meth:`offer_choices`). The default lets the child answer any item; the stateless
        API is strict by default.
    max_history : int, default=10000
        Most answers the session keeps (and a saved state may hold); past it,
        :meth:`record` raises. Every step costs the same whatever the history length.
    placement : Placement, optional
        Run a short adaptive placement before the selector, at this first sitting
        (:mod:`adaptive_tutor.placement`): the most informative items across grades until
        ``max_items`` answers, then every decision reads the overall ability the placement
        located and each skill borrows strength from it. Its answers have ``stage``
        ``"placement"`` in :attr:`history`. The placement is saved with the session.
    learner_grade : int, optional
        The child's school grade: the placement starts at that grade's level on the
        bank's grade scale (needs ``placement``).

    Examples
    --------
    >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
    >>> session = TutoringSession(ItemBank.from_dict(tiny_bank_document()), seed=3)
    >>> session.record("add-1", 1)  # a self-chosen item is fine
    >>> session.skill_abilities()[["skill_id", "n_responses"]].to_dict("list")
    {'skill_id': ['count', 'add'], 'n_responses': [0, 1]}
    """

    def __init__(
        self,
        bank: ItemBank,
        *,
        selector: ScoringSelector | None = None,
        stopping_rule: StoppingRule | None = None,
        learner_model: Any = None,
        mastery: MasteryClassifier | None = None,
        exposure_counts: ExposureCounts | None = None,
        seed: int | None = None,
        learner_id: str | None = None,
        strict: bool = False,
        max_history: int = DEFAULT_MAX_HISTORY,
        placement: Placement | None = None,
        learner_grade: int | None = None,
    ) -> None:
        if not isinstance(bank, ItemBank):
            raise TypeError(
                f"The 'bank' parameter of TutoringSession must be an ItemBank. "
                f"Got {type(bank).__name__}."
            )
        self._bank = bank
        self._selector = check_selector(selector)
        self._stopping_rule = check_stopping_rule(stopping_rule)
        self._mastery = check_mastery(mastery)
        self._exposure_counts = check_exposure_counts(exposure_counts, bank)
        self._start, self._learner = check_learner_model(learner_model, bank)
        self._seed = check_seed(seed)
        self._learner_id = check_optional_text(learner_id, "learner_id") or DEFAULT_LEARNER_ID
        if not isinstance(strict, bool):
            raise TypeError(
                f"The 'strict' parameter of TutoringSession must be a bool. Got {strict!r}."
            )
        self._strict = strict
        self._max_history = check_max_history(max_history)
        self._log = AnswerLog()
        self._estimates: np.ndarray[Any, np.dtype[np.float64]] | None = None
        self._offered: str | None = None
        self._choices: tuple[tuple[str, str], ...] | None = None
        self._stop: StopDecision | None = None
        self._revision = 0
        self._placement: LearnerPlacement | None = start_placement(
            placement, learner_grade, bank, self._start
        )
        if exposure_counts is not None:
            exposure_counts.start_session()

    # ----------------------------------------------------------------- properties
    @property
    def bank(self) -> ItemBank:
        """The item bank.

        Examples
        --------
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> TutoringSession(ItemBank.from_dict(tiny_bank_document())).bank.metadata.id
        'tiny'
        """
        return self._bank

    @property
    def selector(self) -> ScoringSelector:
        """The next-item selector.

        Examples
        --------
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> TutoringSession(ItemBank.from_dict(tiny_bank_document())).selector.target
        0.75
        """
        return self._selector

    @property
    def stopping_rule(self) -> StoppingRule:
        """The stopping rule.

        Examples
        --------
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> TutoringSession(ItemBank.from_dict(tiny_bank_document())).stopping_rule
        MaxItems(max_items=20)
        """
        return self._stopping_rule

    @property
    def learner_model(self) -> Any:
        """The current learner model (a new object after each record for immutable models).

        Examples
        --------
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> model = TutoringSession(ItemBank.from_dict(tiny_bank_document())).learner_model
        >>> type(model).__name__
        'LearnerState'
        """
        return self._learner

    @property
    def seed(self) -> int:
        """The seed behind every random choice of this session.

        Examples
        --------
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> TutoringSession(ItemBank.from_dict(tiny_bank_document()), seed=5).seed
        5
        """
        return self._seed

    @property
    def learner_id(self) -> str:
        """The learner id given at creation (default ``"learner"``).

        Examples
        --------
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> TutoringSession(bank, learner_id="kid-7").learner_id, TutoringSession(bank).learner_id
        ('kid-7', 'learner')
        """
        return self._learner_id

    @property
    def n_responses(self) -> int:
        """Responses recorded so far.

        Examples
        --------
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> TutoringSession(ItemBank.from_dict(tiny_bank_document())).n_responses
        0
        """
        return len(self._log)

    @property
    def offered_item_id(self) -> str | None:
        """The item offered by :meth:`next_item` and not yet answered.

        Examples
        --------
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> TutoringSession(ItemBank.from_dict(tiny_bank_document())).offered_item_id is None
        True
        """
        return self._offered

    @property
    def revision(self) -> int:
        """How many times the session has changed (answers, offers, stops); starts at 0.

        An app that stores the state keeps the revision beside it: an answer given against
        an older revision (another tab, a retried request) is refused by
        ``record(..., expected_revision=)``.

        Examples
        --------
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> session = TutoringSession(ItemBank.from_dict(tiny_bank_document()), seed=1)
        >>> item = session.next_item()  # offering an item is a change
        >>> session.revision
        1
        >>> session.next_item().id == item.id, session.revision  # asking again is not
        (True, 1)
        """
        return self._revision

    @property
    def strict(self) -> bool:
        """Whether only the item on offer may be answered.

        Examples
        --------
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> session = TutoringSession(bank, strict=True, seed=0)
        >>> session.record("add-1", 1)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        adaptive_tutor.exceptions.SessionStateError: Item 'add-1' is not on offer ...
        """
        return self._strict

    @property
    def is_finished(self) -> bool:
        """Whether the session has stopped (evaluates the stopping rule).

        Examples
        --------
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> TutoringSession(ItemBank.from_dict(tiny_bank_document())).is_finished
        False
        """
        return self.stop_decision().stop

    # ----------------------------------------------------------------- the loop
    def next_item(self, *, now: Seconds = None) -> Item | None:
        """Return the next item to show (with its content), or ``None`` when stopped.

        Calling it again before recording returns the same item. The reason for a stop is
        in :meth:`stop_decision`.

        Parameters
        ----------
        now : float or datetime, optional
            Current time, for time-based eligibility; default the latest timestamp.

        Returns
        -------
        Item or None
            The item to show, or None once the session has stopped.

        Examples
        --------
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> session = TutoringSession(ItemBank.from_dict(tiny_bank_document()), seed=0)
        >>> session.next_item().id == session.next_item().id
        True
        """
        if self._stop is not None:
            return None
        if self._offered is not None:
            return self._bank[self._offered]
        context = self._context(as_seconds(now, "now"))
        decision = self._stopping_rule.decide(context)
        if decision.stop:
            self._set_stop(decision)
            return None
        rng = np.random.default_rng([self._seed, self.n_responses])
        try:
            placement = self._placement
            if placement is not None and placement.running(context, self._log.n_placement):
                position = placement.select_position(context, rng)
            else:
                position = self._selector.select_position(context, rng)
        except ItemPoolExhaustedError:
            self._set_stop(StopDecision(True, "bank_exhausted", {"n_items": self.n_responses}))
            return None
        self._offered = self._bank.item_ids[position]
        self._revision += 1
        return self._bank.items[position]

    def record(
        self,
        item_id: str,
        response: int,
        *,
        timestamp: Seconds = None,
        response_time: float | _dt.timedelta | None = None,
        answer_id: str | None = None,
        expected_revision: int | None = None,
    ) -> None:
        """Record the learner's score on an item and update the learner model.

        The item may be the offered one or, unless the session is :attr:`strict`, one the
        learner chose. The update costs the same whatever the history length. Recording
        never evaluates the stopping rule: the next :meth:`next_item` does.

        Parameters
        ----------
        item_id : str
            The answered item.
        response : int
            Category score ``0..max_score`` of the item (``item.score(answer)`` marks a raw
            answer).
        timestamp : float or datetime, optional
            When the answer was given (seconds since the epoch, or a datetime).
        response_time : float or timedelta, optional
            Seconds spent on the item (kept in :attr:`history` as ``response_time``); a rapid
            guess is left out of estimates and mastery (:attr:`n_rapid_guesses`).
        answer_id : str, optional
            The app's id of this answer (1 to 200 characters, e.g. a UUID made when the
            child pressed "send"). Recording the same answer id again with the same item
            and score changes nothing, so a retried or duplicated request never counts
            twice; the same id with another item or score is refused.
        expected_revision : int, optional
            The :attr:`revision` the answer was given against; another revision means the
            state changed meanwhile (another tab, a concurrent request) and the answer is
            refused with :class:`~adaptive_tutor.exceptions.StaleStateError`. A replayed
            ``answer_id`` is recognised first.

        Raises
        ------
        ResponseDataError
            For an unknown item id or a response outside the item's categories.
        StaleStateError
            If ``expected_revision`` is not the current revision.
        SessionStateError
            If the session has stopped and ``item_id`` is not on offer; in strict mode if
            ``item_id`` is not on offer; past ``max_history`` answers; for an answer id
            reused with another answer.

        Examples
        --------
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> session = TutoringSession(ItemBank.from_dict(tiny_bank_document()))
        >>> session.record("count-1", 1, answer_id="a1", response_time=4.5)
        >>> session.record("count-1", 1, answer_id="a1")  # the same request again: no-op
        >>> session.n_responses, session.revision
        (1, 1)
        >>> session.record("story-1", 3)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        adaptive_tutor.exceptions.ResponseDataError: The response 3 for item 'story-1' ...
        """
        bank = self._bank
        if not isinstance(item_id, str) or item_id not in bank:
            raise ResponseDataError(
                f"Unknown item id {item_id!r}: not in item bank {bank.metadata.id!r}."
            )
        item = bank[item_id]
        score = check_score(response, item)
        stamp = as_seconds(timestamp, "timestamp")
        seconds = check_response_time(response_time)
        key = check_optional_text(answer_id, "answer_id")
        position = bank.index_of(item_id)
        if key is not None and self._is_replay(key, position, score):
            return
        if expected_revision is not None:
            expected = check_revision(expected_revision)
            if expected != self._revision:
                raise StaleStateError(self._stale_message(item_id, expected))
        on_offer = self._on_offer()
        if self._stop is not None and item_id not in on_offer:
            raise SessionStateError(
                f"This session has stopped (reason {self._stop.reason!r}); it accepts no more "
                "responses. Start a new session (or call start_new_sitting) to continue "
                "practising."
            )
        if self._strict and item_id not in on_offer:
            offered = ", ".join(repr(i) for i in on_offer) or "none (ask for the next exercise)"
            raise SessionStateError(
                f"Item {item_id!r} is not on offer to learner {self._learner_id!r}; in strict "
                f"mode only an offered item can be answered. On offer: {offered}."
            )
        if len(self._log) >= self._max_history:
            raise SessionStateError(
                f"This session already holds {len(self._log)} answers, its max_history; "
                "start a new session for this learner (or allow a larger max_history)."
            )
        placing = self._placement is not None and self._placing(self._context(None))
        if not self._is_rapid_guess(position, seconds):
            self._learner = apply_update(self._learner, bank, item_id, score)
        self._log.append(position, score, item_id in on_offer, stamp, seconds, key, placing)
        self._estimates = None
        self._offered = None
        self._choices = None
        self._revision += 1
        if self._exposure_counts is not None:
            self._exposure_counts.record(bank, item_id)

    def stop_decision(self, *, now: Seconds = None) -> StopDecision:
        """Whether the session stops now, with its machine-readable reason.

        Parameters
        ----------
        now : float or datetime, optional
            Current time, for time budgets; default the latest timestamp.

        Returns
        -------
        StopDecision
            Whether to stop, why, and the numbers behind it.

        Examples
        --------
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> TutoringSession(ItemBank.from_dict(tiny_bank_document())).stop_decision().stop
        False
        """
        if self._stop is not None:
            return self._stop
        decision = self._stopping_rule.decide(self._context(as_seconds(now, "now")))
        if decision.stop:
            self._set_stop(decision)
        return decision

    def start_new_sitting(self, *, stopping_rule: StoppingRule | None = None) -> None:
        """Reopen a stopped session for a new sitting (say, next week's practice).

        The learner model and history stay; the stop decision and any offered item are
        cleared, and ``stopping_rule`` (when given) replaces the current rule. Rules see
        the whole history, so give e.g. ``MaxItems(n_responses + 10)`` for ten more items.

        Parameters
        ----------
        stopping_rule : StoppingRule, optional
            The rule of the new sitting; the current one when omitted.

        Examples
        --------
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> from adaptive_tutor.stopping import MaxItems
        >>> session = TutoringSession(ItemBank.from_dict(tiny_bank_document()),
        ...                           stopping_rule=MaxItems(1), seed=0)
        >>> session.record(session.next_item().id, 1)
        >>> session.next_item() is None
        True
        >>> session.start_new_sitting(stopping_rule=MaxItems(2))
        >>> session.next_item() is not None
        True
        """
        if stopping_rule is not None:
            self._stopping_rule = check_stopping_rule(stopping_rule)
        self._stop = None
        self._offered = None
        self._choices = None
        self._revision += 1

    # ----------------------------------------------------------------- internals
    def _context(self, now: float | None) -> DecisionContext:
        context = DecisionContext(
            self._bank,
            self._learner,
            self._log.response_history(),
            self._log.latest_timestamp if now is None else now,
            self._exposure_counts,
            session_key=self._seed,
            overall_prior=None if self._placement is None else self._placement.overall_prior,
        )
        if uses_bank_exhausted(self._stopping_rule):
            n_eligible = int(self._selector.eligible_mask(context).sum())
            context = context.with_n_eligible(n_eligible)
        return context

    def _placing(self, context: DecisionContext) -> bool:
        """Whether the placement gives the next item (see LearnerPlacement.running)."""
        placement = self._placement
        return placement is not None and placement.running(context, self._log.n_placement)

    def _on_offer(self) -> tuple[str, ...]:
        offered = () if self._offered is None else (self._offered,)
        chosen = () if self._choices is None else tuple(i for _, i in self._choices)
        return offered + tuple(i for i in chosen if i != self._offered)

    def _is_replay(self, answer_id: str, position: int, score: int) -> bool:
        row = self._log.row_of(answer_id)
        if row is None:
            return False
        saved_position, saved_score = self._log.item_and_score(row)
        if (saved_position, saved_score) == (position, score):
            return True
        raise SessionStateError(
            f"Answer id {answer_id!r} was already recorded (answer {row + 1}: item "
            f"{self._bank.item_ids[saved_position]!r}, response {saved_score}); another "
            "answer cannot reuse it. Give every answer its own id."
        )

    def _stale_message(self, item_id: str, expected: int) -> str:
        whose = f"learner {self._learner_id!r}'s state"
        if expected < self._revision:  # the page is older than the state
            return (
                f"This answer to item {item_id!r} was given against revision {expected} of "
                f"{whose}, which is now at revision {self._revision} (another request changed "
                "it). Reload the state and ask for the next exercise again."
            )
        return (  # the state is older than the one expected: an old copy came back
            f"This copy of {whose} is at revision {self._revision}, older than the revision "
            f"{expected} expected: an old copy of the state (an old token sent again, or a "
            f"stale read). The answer to item {item_id!r} is refused; load the latest state."
        )

    def _set_stop(self, decision: StopDecision) -> None:
        self._stop = decision
        self._revision += 1

    def __repr__(self) -> str:
        return (
            f"TutoringSession(bank={self._bank.metadata.id!r}, n_responses={self.n_responses}, "
            f"selector={type(self._selector).__name__}, stopped={self._stop is not None})"
        )
