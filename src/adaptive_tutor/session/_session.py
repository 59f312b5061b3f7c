"""The tutoring session: the one mutable object an app embeds."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from adaptive_tutor._learner_adapter import apply_update
from adaptive_tutor._validation import check_real
from adaptive_tutor.context import AbilityView, DecisionContext, ResponseHistory, ability_view
from adaptive_tutor.exceptions import ItemPoolExhaustedError, ResponseDataError, SessionStateError
from adaptive_tutor.item import Item
from adaptive_tutor.item_bank import ItemBank
from adaptive_tutor.mastery import MasteryClassifier
from adaptive_tutor.selection import ExposureCounts, ScoringSelector
from adaptive_tutor.session._checks import (
    as_seconds,
    check_learner_model,
    check_mastery,
    check_model_class,
    check_score,
    check_seed,
    check_selector,
    check_stopping_rule,
    uses_bank_exhausted,
)
from adaptive_tutor.session._state import HISTORY_FIELDS, read_session_state, session_state
from adaptive_tutor.stopping import StopDecision, StoppingRule

__all__ = ["DEFAULT_LEARNER_ID", "TutoringSession"]

DEFAULT_LEARNER_ID = "learner"
"""Learner id of a session created without one (in its state and history frame)."""


class TutoringSession:
    """An adaptive practice or testing session for one learner on one bank.

    Parameters
    ----------
    bank : ItemBank
    selector : ScoringSelector, optional
        Chooses the next item. Default ``TargetProbability(0.75)`` (practice).
    stopping_rule : StoppingRule, optional
        Decides when to stop. Default ``MaxItems(20)``. The session also stops when no
        eligible item is left (reason ``"bank_exhausted"``).
    learner_model : object, optional
        What the tutor believes about the learner. Default the IRT
        :class:`~adaptive_tutor.learner.LearnerState` started on ``bank``. Any object with
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
        if exposure_counts is not None:
            if not isinstance(exposure_counts, ExposureCounts):
                raise TypeError(
                    "The 'exposure_counts' parameter of TutoringSession must be an "
                    f"ExposureCounts. Got {type(exposure_counts).__name__}."
                )
            exposure_counts.check_bank(bank)
        self._exposure_counts = exposure_counts
        self._learner = check_learner_model(learner_model, bank)
        self._seed = check_seed(seed)
        self._learner_id = DEFAULT_LEARNER_ID if learner_id is None else str(learner_id)
        self._rows: dict[str, list[Any]] = {name: [] for name in HISTORY_FIELDS}
        self._positions: list[int] = []
        self._offered: str | None = None
        self._stop: StopDecision | None = None
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
        >>> TutoringSession(bank, learner_id="kid-7").learner_id
        'kid-7'
        >>> TutoringSession(bank).learner_id
        'learner'
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
        return len(self._positions)

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
    def next_item(self, *, now: float | _dt.datetime | None = None) -> Item | None:
        """Return the next item to show (with its content), or ``None`` when stopped.

        Calling it again before recording returns the same item. The reason for a stop is
        in :meth:`stop_decision`.

        Parameters
        ----------
        now : float or datetime, optional
            Current time, for time-based eligibility; default the latest timestamp.

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
            self._stop = decision
            return None
        rng = np.random.default_rng([self._seed, self.n_responses])
        try:
            position = self._selector.select_position(context, rng)
        except ItemPoolExhaustedError:
            self._stop = StopDecision(True, "bank_exhausted", {"n_items": self.n_responses})
            return None
        self._offered = self._bank.item_ids[position]
        return self._bank.items[position]

    def record(
        self,
        item_id: str,
        response: int,
        *,
        timestamp: float | _dt.datetime | None = None,
        response_time: float | None = None,
    ) -> None:
        """Record the learner's score on an item and update the learner model.

        The item may be the offered one or one the learner chose. The update costs the
        same whatever the history length.

        Parameters
        ----------
        item_id : str
        response : int
            Category score ``0..max_score`` of the item.
        timestamp : float or datetime, optional
            When the answer was given (seconds since the epoch, or a datetime).
        response_time : float, optional
            Seconds spent on the item.

        Recording never evaluates the stopping rule: the next :meth:`next_item` does.

        Raises
        ------
        ResponseDataError
            For an unknown item id or a response outside the item's categories.
        SessionStateError
            If the session has already stopped (:meth:`next_item` returned ``None`` or
            :meth:`stop_decision` said stop) and ``item_id`` is not the offered item.

        Examples
        --------
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> session = TutoringSession(ItemBank.from_dict(tiny_bank_document()))
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
        seconds = (
            None
            if response_time is None
            else check_real(response_time, "response_time", "TutoringSession.record", minimum=0.0)
        )
        decision = self._stop
        if decision is not None and item_id != self._offered:
            raise SessionStateError(
                f"This session has stopped (reason {decision.reason!r}); it accepts no more "
                "responses. Start a new session (or call start_new_sitting) to continue "
                "practising."
            )
        self._learner = apply_update(self._learner, bank, item_id, score)
        position = bank.index_of(item_id)
        estimates = self._estimates_after(position)
        self._positions.append(position)
        row = self._rows
        row["item_id"].append(item_id)
        row["response"].append(score)
        row["offered"].append(item_id == self._offered)
        row["timestamp"].append(stamp)
        row["response_time"].append(seconds)
        for name, value in zip(
            ("theta", "se", "overall_theta", "overall_se"), estimates, strict=True
        ):
            row[name].append(value)
        self._offered = None
        if self._exposure_counts is not None:
            self._exposure_counts.record(bank, item_id)

    def stop_decision(self, *, now: float | _dt.datetime | None = None) -> StopDecision:
        """Whether the session stops now, with its machine-readable reason.

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
            self._stop = decision
        return decision

    def start_new_sitting(self, *, stopping_rule: StoppingRule | None = None) -> None:
        """Reopen a stopped session for a new sitting (say, next week's practice).

        The learner model and history stay; the stop decision and any offered item are
        cleared, and ``stopping_rule`` (when given) replaces the current rule. Rules see
        the whole history, so give e.g. ``MaxItems(n_responses + 10)`` for ten more items.

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

    # ----------------------------------------------------------------- estimates
    def ability_view(self) -> AbilityView:
        """The learner's posterior on its grid (per skill, then overall).

        Examples
        --------
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> TutoringSession(ItemBank.from_dict(tiny_bank_document())).ability_view().skill_ids
        ('count', 'add')
        """
        return ability_view(self._learner, self._bank)

    def overall_ability(self) -> tuple[float, float]:
        """Overall ability estimate and its standard error ``(theta, se)``.

        Examples
        --------
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> theta, se = TutoringSession(ItemBank.from_dict(tiny_bank_document())).overall_ability()
        >>> round(theta, 6), round(se, 3)
        (0.0, 1.0)
        """
        view = self.ability_view()
        return float(view.theta[-1]), float(view.se[-1])

    def mastery_status(self) -> dict[str, str]:
        """Each skill's status code: ``mastered``, ``undetermined``, ``not_mastered`` or
        ``too_few_answers`` (:data:`~adaptive_tutor.mastery.STATUSES`).

        Decided by the session's ``mastery`` classifier from the latest answer to each
        distinct item, exactly as :class:`~adaptive_tutor.reports.LearnerReport` decides
        from :attr:`history` with the same classifier.

        Examples
        --------
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> TutoringSession(ItemBank.from_dict(tiny_bank_document())).mastery_status()
        {'count': 'too_few_answers', 'add': 'too_few_answers'}
        """
        return self._mastery.classify(self._context(None))

    def skill_abilities(self) -> pd.DataFrame:
        """One row per skill: ``skill_id, theta, se, n_responses, mastery``.

        Each skill has its own scale; ``n_responses`` counts responses to items that
        practise the skill.

        Examples
        --------
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> frame = TutoringSession(ItemBank.from_dict(tiny_bank_document())).skill_abilities()
        >>> frame.columns.tolist()
        ['skill_id', 'theta', 'se', 'n_responses', 'mastery']
        """
        view = self.ability_view()
        bank = self._bank
        counts = bank.skill_matrix[np.asarray(self._positions, dtype=np.intp)].sum(axis=0)
        status = self.mastery_status()
        return pd.DataFrame(
            {
                "skill_id": list(bank.skill_ids),
                "theta": view.theta[:-1],
                "se": view.se[:-1],
                "n_responses": counts.astype(np.int64),
                "mastery": [status[s] for s in bank.skill_ids],
            }
        )

    @property
    def history(self) -> pd.DataFrame:
        """The responses as a tidy frame, one row per response, in order.

        Columns: ``learner_id, step, item_id, skill_id`` (the item's first skill),
        ``skills``, ``response``, ``max_score``, ``correct`` (full marks), ``offered`` (the
        item was the one offered), ``timestamp``, ``response_time`` (NaN when unknown),
        ``theta``, ``se`` (the first skill's estimate after the response),
        ``overall_theta``, ``overall_se``.

        Examples
        --------
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> session = TutoringSession(ItemBank.from_dict(tiny_bank_document()))
        >>> session.record("count-1", 1)
        >>> session.history[["step", "item_id", "correct"]].to_dict("records")
        [{'step': 1, 'item_id': 'count-1', 'correct': True}]
        """
        bank = self._bank
        rows = self._rows
        items = [bank.items[p] for p in self._positions]
        responses = np.asarray(rows["response"], dtype=np.int64)
        max_score = np.asarray([item.max_score for item in items], dtype=np.int64)

        def floats(name: str) -> np.ndarray[Any, np.dtype[np.float64]]:
            return np.asarray([np.nan if v is None else v for v in rows[name]], dtype=np.float64)

        return pd.DataFrame(
            {
                "learner_id": [self._learner_id] * len(items),
                "step": np.arange(1, len(items) + 1, dtype=np.int64),
                "item_id": list(rows["item_id"]),
                "skill_id": [item.skills[0] for item in items],
                "skills": [",".join(item.skills) for item in items],
                "response": responses,
                "max_score": max_score,
                "correct": responses == max_score,
                "offered": np.asarray(rows["offered"], dtype=bool),
                "timestamp": floats("timestamp"),
                "response_time": floats("response_time"),
                "theta": floats("theta"),
                "se": floats("se"),
                "overall_theta": floats("overall_theta"),
                "overall_se": floats("overall_se"),
            }
        )

    def response_history(self) -> ResponseHistory:
        """The responses as the immutable arrays selectors and stopping rules read.

        Examples
        --------
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> TutoringSession(ItemBank.from_dict(tiny_bank_document())).response_history().n_responses
        0
        """
        rows = self._rows
        return ResponseHistory.from_arrays(
            self._positions,
            rows["response"],
            [np.nan if v is None else v for v in rows["timestamp"]],
            [np.nan if v is None else v for v in rows["response_time"]],
        )

    # ----------------------------------------------------------------- persistence
    def to_dict(self) -> dict[str, Any]:
        """The whole session state as a JSON-compatible dict (``json.dumps`` works).

        Selector, stopping rule and mastery classifier are code, not state: pass them
        again to :meth:`from_dict`.

        Examples
        --------
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> data = TutoringSession(ItemBank.from_dict(tiny_bank_document()), seed=2).to_dict()
        >>> data["format"], data["version"], data["seed"]
        ('adaptive_tutor.TutoringSession', 1, 2)
        """
        return session_state(
            self._bank,
            seed=self._seed,
            learner_id=self._learner_id,
            offered=self._offered,
            stop=self._stop,
            learner_model=self._learner,
            rows=self._rows,
        )

    @classmethod
    def from_dict(
        cls,
        bank: ItemBank,
        data: Mapping[str, Any],
        *,
        selector: ScoringSelector | None = None,
        stopping_rule: StoppingRule | None = None,
        learner_model: Any = None,
        mastery: MasteryClassifier | None = None,
        exposure_counts: ExposureCounts | None = None,
    ) -> TutoringSession:
        """Rebuild a session from :meth:`to_dict` output.

        Parameters
        ----------
        bank : ItemBank
            The bank the state was saved with (checked by id and fingerprint).
        data : mapping
        selector, stopping_rule, mastery, exposure_counts
            As in the constructor (they are not part of the state).
        learner_model : class or object, optional
            Needed only for a learner model other than ``LearnerState``: its class (or an
            instance) whose ``from_dict(data, bank)`` rebuilds the saved model. A session
            saved with a tracker (Elo or BKT) holds a ``TrackedLearner``: pass
            ``learner_model=TrackedLearner`` (the class), not the tracker.

        Raises
        ------
        SessionStateError
            If the dict is malformed, from a newer format version or from another bank,
            or its learner model is not of the ``learner_model`` class.
        TypeError
            If ``learner_model`` cannot restore a learner model (a tracker, or a class
            without ``from_dict``).

        Examples
        --------
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> session = TutoringSession(bank, seed=4); session.record("add-1", 1)
        >>> TutoringSession.from_dict(bank, session.to_dict()).history.equals(session.history)
        True
        """
        check_model_class(learner_model)
        try:
            return cls._from_dict(
                bank, data, selector, stopping_rule, learner_model, mastery, exposure_counts
            )
        except SessionStateError:
            raise
        except (KeyError, TypeError, ValueError, IndexError) as error:
            raise SessionStateError(f"Malformed tutoring session state: {error!r}.") from None

    @classmethod
    def _from_dict(
        cls,
        bank: ItemBank,
        data: Mapping[str, Any],
        selector: ScoringSelector | None,
        stopping_rule: StoppingRule | None,
        learner_model: Any,
        mastery: MasteryClassifier | None,
        exposure_counts: ExposureCounts | None,
    ) -> TutoringSession:
        saved = read_session_state(bank, data, learner_model)
        session = cls(
            bank,
            selector=selector,
            stopping_rule=stopping_rule,
            learner_model=saved.learner_model,
            mastery=mastery,
            seed=saved.seed,
            learner_id=saved.learner_id,
        )
        session._exposure_counts = exposure_counts
        if exposure_counts is not None:
            exposure_counts.check_bank(bank)
        session._positions = saved.positions
        session._rows = saved.rows
        session._offered = saved.offered
        session._stop = saved.stop
        return session

    # ----------------------------------------------------------------- internals
    def _context(self, now: float | None) -> DecisionContext:
        history = self.response_history()
        if now is None and history.n_responses:
            known = history.timestamp[~np.isnan(history.timestamp)]
            now = float(known.max()) if known.size else None
        context = DecisionContext(
            self._bank,
            self._learner,
            history,
            now,
            self._exposure_counts,
            session_key=self._seed,
        )
        if uses_bank_exhausted(self._stopping_rule):
            n_eligible = int(self._selector.eligible_mask(context).sum())
            context = context.with_n_eligible(n_eligible)
        return context

    def _estimates_after(self, position: int) -> tuple[float | None, ...]:
        try:
            view = ability_view(self._learner, self._bank)
        except TypeError:
            return (None, None, None, None)
        skill = self._bank.skill_ids.index(self._bank.items[position].skills[0])
        return (
            float(view.theta[skill]),
            float(view.se[skill]),
            float(view.theta[-1]),
            float(view.se[-1]),
        )

    def __repr__(self) -> str:
        return (
            f"TutoringSession(bank={self._bank.metadata.id!r}, n_responses={self.n_responses}, "
            f"selector={type(self._selector).__name__}, stopped={self._stop is not None})"
        )
