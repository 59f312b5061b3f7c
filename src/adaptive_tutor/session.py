"""The tutoring session: the one mutable object an app embeds.

A :class:`TutoringSession` offers the next exercise (:meth:`~TutoringSession.next_item`),
records answers in constant time (:meth:`~TutoringSession.record`), reports per-skill and
overall ability and mastery, and saves its whole state as a JSON-compatible dict with a
``version``. A stateless web backend uses the two functions :func:`next_exercise` and
:func:`record_response`, which load the state, act, and return the new state.

State versus code: the saved state holds the learner model, the history, the offered
item and a reached stop decision. The selector, the stopping rule and the mastery
classifier are code, not state: they are never saved, so a stateless backend passes the
same ``selector`` and ``stopping_rule`` to *every* :func:`next_exercise` call (the
defaults ``TargetProbability(0.75)`` and ``MaxItems(20)`` apply otherwise). Only
:func:`next_exercise` decides to stop; :func:`record_response` never evaluates a stopping
rule, so it needs neither.

Stopping is sticky: once :meth:`~TutoringSession.next_item` (or
:meth:`~TutoringSession.stop_decision`) has decided to stop, the session refuses further
responses until :meth:`~TutoringSession.start_new_sitting`. An item that was offered can
always be recorded.

Determinism: the randomness of step ``n`` comes from ``numpy.random.default_rng([seed,
n])``, so a session saved and resumed makes exactly the choices of one left running.

Exhaustion: when no eligible item is left, :meth:`~TutoringSession.next_item` returns
``None`` and the stop decision has reason ``"bank_exhausted"`` (selectors used directly
raise :class:`~adaptive_tutor.exceptions.ItemPoolExhaustedError` instead).

Examples
--------
>>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
>>> from adaptive_tutor.selection import MaxInformation
>>> from adaptive_tutor.stopping import MaxItems
>>> bank = ItemBank.from_dict(tiny_bank_document())
>>> session = TutoringSession(bank, selector=MaxInformation(), stopping_rule=MaxItems(2), seed=1)
>>> item = session.next_item()
>>> item.id
'story-1'
>>> session.record(item.id, 2)
>>> session.next_item().id, session.n_responses
('count-1', 1)
>>> session.record("count-1", 1)
>>> session.next_item() is None, session.stop_decision().reason
(True, 'max_items')
"""

from __future__ import annotations

import datetime as _dt
import math
import numbers
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from adaptive_tutor._learner_adapter import apply_update
from adaptive_tutor._validation import check_random_state, check_real, check_state_header
from adaptive_tutor.context import AbilityView, DecisionContext, ResponseHistory, ability_view
from adaptive_tutor.exceptions import ItemPoolExhaustedError, ResponseDataError, SessionStateError
from adaptive_tutor.item import Item
from adaptive_tutor.item_bank import ItemBank
from adaptive_tutor.learner import LearnerState
from adaptive_tutor.selection import ExposureCounts, ScoringSelector, TargetProbability
from adaptive_tutor.stopping import (
    AllOf,
    AnyOf,
    BankExhausted,
    ConfidenceIntervalMastery,
    MasteryClassifier,
    MaxItems,
    StopDecision,
    StoppingRule,
)

__all__ = [
    "DEFAULT_LEARNER_ID",
    "SESSION_FORMAT_VERSION",
    "TutoringSession",
    "next_exercise",
    "record_response",
]

SESSION_FORMAT_VERSION = 1
"""Version of the dict produced by :meth:`TutoringSession.to_dict`."""

DEFAULT_LEARNER_ID = "learner"
"""Learner id of a session created without one (in its state and history frame)."""

_FORMAT_NAME = "adaptive_tutor.TutoringSession"
_LEARNER_STATE = "adaptive_tutor.learner.LearnerState"
_SEED_LIMIT = 2**53  # seeds stay exact in JavaScript numbers
_HISTORY_FIELDS = (
    "item_id",
    "response",
    "offered",
    "timestamp",
    "response_time",
    "theta",
    "se",
    "overall_theta",
    "overall_se",
)


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
        Labels skills mastered / not mastered. Default ``ConfidenceIntervalMastery()``:
        each skill's grade-level benchmark as its cut (the learner report's benchmark),
        posterior probability 0.9, at least 3 responses on the skill.
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
        self._selector = _check_selector(selector)
        self._stopping_rule = _check_stopping_rule(stopping_rule)
        self._mastery = _check_mastery(mastery)
        if exposure_counts is not None:
            if not isinstance(exposure_counts, ExposureCounts):
                raise TypeError(
                    "The 'exposure_counts' parameter of TutoringSession must be an "
                    f"ExposureCounts. Got {type(exposure_counts).__name__}."
                )
            exposure_counts.check_bank(bank)
        self._exposure_counts = exposure_counts
        self._learner = _check_learner_model(learner_model, bank)
        self._seed = _check_seed(seed)
        self._learner_id = DEFAULT_LEARNER_ID if learner_id is None else str(learner_id)
        self._rows: dict[str, list[Any]] = {name: [] for name in _HISTORY_FIELDS}
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
        context = self._context(_as_seconds(now, "now"))
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
        score = _check_score(response, item)
        stamp = _as_seconds(timestamp, "timestamp")
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
        decision = self._stopping_rule.decide(self._context(_as_seconds(now, "now")))
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
            self._stopping_rule = _check_stopping_rule(stopping_rule)
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
        """Each skill labelled ``mastered``, ``not_mastered`` or ``undetermined``.

        Decided by the session's ``mastery`` classifier; with the default, against the same
        grade-level benchmarks and minimum of 3 answers as
        :class:`~adaptive_tutor.reports.LearnerReport` built from :attr:`history`.

        Examples
        --------
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> TutoringSession(ItemBank.from_dict(tiny_bank_document())).mastery_status()
        {'count': 'undetermined', 'add': 'undetermined'}
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
        learner = self._learner
        kind = f"{type(learner).__module__}.{type(learner).__qualname__}"
        return {
            "format": _FORMAT_NAME,
            "version": SESSION_FORMAT_VERSION,
            "bank_id": self._bank.metadata.id,
            "bank_fingerprint": self._bank.fingerprint,
            "seed": self._seed,
            "learner_id": self._learner_id,
            "offered": self._offered,
            "stop": None if self._stop is None else self._stop.to_dict(),
            "learner_model": {"type": kind, "state": learner.to_dict()},
            "history": {name: list(values) for name, values in self._rows.items()},
        }

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
        _check_model_class(learner_model)
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
        check_state_header(
            data,
            _FORMAT_NAME,
            SESSION_FORMAT_VERSION,
            "Not a tutoring session state",
            "Session state",
        )
        _check_state_fields(data, bank)
        if data["bank_id"] != bank.metadata.id or data["bank_fingerprint"] != bank.fingerprint:
            raise SessionStateError(
                f"This session state belongs to item bank {data['bank_id']!r} (fingerprint "
                f"{data['bank_fingerprint']!r}), not to bank {bank.metadata.id!r} "
                f"(fingerprint {bank.fingerprint!r})."
            )
        model = _restore_learner(bank, data["learner_model"], learner_model)
        session = cls(
            bank,
            selector=selector,
            stopping_rule=stopping_rule,
            learner_model=model,
            mastery=mastery,
            seed=data["seed"],
            learner_id=data.get("learner_id"),
        )
        session._exposure_counts = exposure_counts
        if exposure_counts is not None:
            exposure_counts.check_bank(bank)
        history = data["history"]
        lengths = {len(history[name]) for name in _HISTORY_FIELDS}
        if len(lengths) != 1:
            raise SessionStateError("Session state history columns have different lengths.")
        item_ids = list(history["item_id"])
        session._positions = [int(p) for p in bank.indices_of(item_ids)]
        for name in _HISTORY_FIELDS:
            session._rows[name] = list(history[name])
        session._rows["item_id"] = item_ids
        session._rows["response"] = [int(v) for v in history["response"]]
        session._offered = data.get("offered")
        stop = data.get("stop")
        if stop is not None:
            session._stop = StopDecision(stop["stop"], stop["reason"], dict(stop["detail"]))
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
        if _uses_bank_exhausted(self._stopping_rule):
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


# --------------------------------------------------------------------------- stateless
def next_exercise(
    bank: ItemBank,
    state: Mapping[str, Any] | None = None,
    *,
    selector: ScoringSelector | None = None,
    stopping_rule: StoppingRule | None = None,
    seed: int | None = None,
    now: float | _dt.datetime | None = None,
    learner_model: Any = None,
    learner_id: str | None = None,
) -> tuple[Item | None, dict[str, Any]]:
    """Stateless step for web backends: ``item, state = next_exercise(bank, state)``.

    Parameters
    ----------
    bank : ItemBank
    state : mapping, optional
        A saved session (:meth:`TutoringSession.to_dict`); ``None`` starts a new one with
        ``seed``, ``learner_model`` and ``learner_id``.
    selector, stopping_rule
        As in :class:`TutoringSession`. They are code, not state (never saved): pass the
        same ones on *every* call, or the defaults ``TargetProbability(0.75)`` and
        ``MaxItems(20)`` decide this step.
    now : float or datetime, optional

    Returns
    -------
    item : Item or None
        ``None`` when the session has stopped (see ``state["stop"]["reason"]``).
    state : dict
        The new JSON-compatible state.

    Examples
    --------
    >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
    >>> bank = ItemBank.from_dict(tiny_bank_document())
    >>> item, state = next_exercise(bank, seed=7)
    >>> state = record_response(bank, state, item.id, 1)
    >>> item2, state = next_exercise(bank, state)
    >>> item2.id != item.id, len(state["history"]["item_id"])
    (True, 1)
    """
    session = _load(bank, state, selector, stopping_rule, seed, learner_model, learner_id)
    item = session.next_item(now=now)
    return item, session.to_dict()


def record_response(
    bank: ItemBank,
    state: Mapping[str, Any],
    item_id: str,
    response: int,
    *,
    timestamp: float | _dt.datetime | None = None,
    response_time: float | None = None,
    stopping_rule: StoppingRule | None = None,
    learner_model: Any = None,
) -> dict[str, Any]:
    """Stateless recording for web backends: returns the new state dict.

    Recording never evaluates a stopping rule: the item just offered by
    :func:`next_exercise` (or any item, while the session has not stopped) is recorded,
    and the next :func:`next_exercise` call, with the selector and stopping rule of the
    app, decides whether to stop.

    Parameters
    ----------
    bank : ItemBank
    state : mapping
        The state returned by :func:`next_exercise` (or by a previous call).
    item_id : str
    response : int
    timestamp, response_time
        As in :meth:`TutoringSession.record`.
    stopping_rule : StoppingRule, optional
        Accepted for compatibility and not used: recording does not depend on it.
    learner_model : class or object, optional
        For a learner model other than ``LearnerState``, as in
        :meth:`TutoringSession.from_dict` (e.g. ``TrackedLearner``, the class).

    Raises
    ------
    ResponseDataError, SessionStateError
        As :meth:`TutoringSession.record` and :meth:`TutoringSession.from_dict`.

    Examples
    --------
    >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
    >>> bank = ItemBank.from_dict(tiny_bank_document())
    >>> _, state = next_exercise(bank, seed=1)
    >>> record_response(bank, state, "count-1", 0)["history"]["response"]
    [0]
    """
    if stopping_rule is not None:
        _check_stopping_rule(stopping_rule)
    session = _load(bank, state, None, None, None, learner_model, None)
    session.record(item_id, response, timestamp=timestamp, response_time=response_time)
    return session.to_dict()


def _load(
    bank: ItemBank,
    state: Mapping[str, Any] | None,
    selector: ScoringSelector | None,
    stopping_rule: StoppingRule | None,
    seed: int | None,
    learner_model: Any,
    learner_id: str | None,
) -> TutoringSession:
    if state is None:
        return TutoringSession(
            bank,
            selector=selector,
            stopping_rule=stopping_rule,
            learner_model=learner_model,
            seed=seed,
            learner_id=learner_id,
        )
    model_class = None if learner_model is None else learner_model
    return TutoringSession.from_dict(
        bank, state, selector=selector, stopping_rule=stopping_rule, learner_model=model_class
    )


# --------------------------------------------------------------------------- helpers
def _check_selector(selector: Any) -> ScoringSelector:
    if selector is None:
        return TargetProbability(0.75)
    if not isinstance(selector, ScoringSelector):
        raise TypeError(
            "The 'selector' parameter of TutoringSession must be a ScoringSelector "
            f"(e.g. MaxInformation()). Got {type(selector).__name__}."
        )
    return selector


def _check_stopping_rule(rule: Any) -> StoppingRule:
    if rule is None:
        return MaxItems(20)
    if not isinstance(rule, StoppingRule):
        raise TypeError(
            "The 'stopping_rule' parameter of TutoringSession must be a StoppingRule "
            f"(e.g. MaxItems(20)). Got {type(rule).__name__}."
        )
    return rule


def _check_mastery(mastery: Any) -> MasteryClassifier:
    if mastery is None:
        return ConfidenceIntervalMastery()
    if not isinstance(mastery, MasteryClassifier):
        raise TypeError(
            "The 'mastery' parameter of TutoringSession must be a MasteryClassifier. "
            f"Got {type(mastery).__name__}."
        )
    return mastery


def _check_seed(seed: Any) -> int:
    if seed is None:
        return int(np.random.SeedSequence().entropy % _SEED_LIMIT)  # type: ignore[operator]
    check_random_state(seed, "TutoringSession")  # same accepted ints as elsewhere
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise TypeError(
            f"The 'seed' parameter of TutoringSession must be None or an int. Got {seed!r}."
        )
    return int(seed)


def _check_score(response: Any, item: Item) -> int:
    ok = False
    score = -1
    if isinstance(response, bool | np.bool_):
        ok = False
    elif isinstance(response, numbers.Integral):
        score, ok = int(response), True
    elif isinstance(response, numbers.Real) and math.isfinite(float(response)):
        number = float(response)
        if number == math.floor(number):
            score, ok = int(number), True
    if not ok or not 0 <= score <= item.max_score:
        raise ResponseDataError(
            f"The response {response!r} for item {item.id!r} is invalid: it must be a whole "
            f"number in 0..{item.max_score}."
        )
    return score


def _as_seconds(value: Any, name: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, _dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=_dt.UTC)
        return float(value.timestamp())
    return check_real(value, name, "TutoringSession")


def _uses_bank_exhausted(rule: StoppingRule) -> bool:
    if isinstance(rule, BankExhausted):
        return True
    if isinstance(rule, AnyOf | AllOf):
        return any(_uses_bank_exhausted(r) for r in rule.rules)
    return False


def _state_error(field: str, expectation: str, got: Any, where: str = "") -> SessionStateError:
    return SessionStateError(
        f"Session state field {field!r} must be {expectation}{where}. Got {got!r}."
    )


def _is_int(value: Any) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return False
    return math.isfinite(float(value))


def _check_state_fields(data: Mapping[str, Any], bank: ItemBank) -> None:
    """Check the structure of a saved session once; name the field and the problem."""
    required = ("bank_id", "bank_fingerprint", "seed", "learner_model", "history")
    missing = [name for name in required if name not in data]
    if missing:
        raise SessionStateError(
            f"Session state field {missing[0]!r} is missing (a state saved by "
            "TutoringSession.to_dict has every field)."
        )
    for name in ("bank_id", "bank_fingerprint"):
        if not isinstance(data[name], str):
            raise _state_error(name, "a string", data[name])
    seed = data["seed"]
    if not _is_int(seed) or not 0 <= int(seed) < 2**64:
        raise _state_error("seed", "a non-negative int (the session's seed)", seed)
    for name in ("learner_id", "offered"):
        if data.get(name) is not None and not isinstance(data[name], str):
            raise _state_error(name, "a string or null", data[name])
    offered = data.get("offered")
    if offered is not None and offered not in bank:
        raise SessionStateError(
            f"Session state field 'offered' names item {offered!r}, which is not in item "
            f"bank {bank.metadata.id!r}."
        )
    _check_stop_field(data.get("stop"))
    block = data["learner_model"]
    if not isinstance(block, Mapping):
        raise _state_error("learner_model", "an object with 'type' and 'state'", block)
    if not isinstance(block.get("type"), str):
        raise _state_error("learner_model.type", "a string", block.get("type"))
    if not isinstance(block.get("state"), Mapping):
        raise _state_error("learner_model.state", "an object", block.get("state"))
    _check_history_field(data["history"], bank)


def _check_stop_field(stop: Any) -> None:
    if stop is None:
        return
    if not isinstance(stop, Mapping):
        raise _state_error("stop", "null or an object with 'stop', 'reason', 'detail'", stop)
    if not isinstance(stop.get("stop"), bool):
        raise _state_error("stop.stop", "true or false", stop.get("stop"))
    reason = stop.get("reason")
    if reason is not None and not isinstance(reason, str):
        raise _state_error("stop.reason", "a string or null", reason)
    if not isinstance(stop.get("detail"), Mapping):
        raise _state_error("stop.detail", "an object", stop.get("detail"))


def _check_history_field(history: Any, bank: ItemBank) -> None:
    if not isinstance(history, Mapping):
        raise _state_error("history", "an object of columns", history)
    for name in _HISTORY_FIELDS:
        column = history.get(name)
        if not isinstance(column, list):
            raise _state_error(f"history.{name}", "a list", column)
    lengths = {len(history[name]) for name in _HISTORY_FIELDS}
    if len(lengths) != 1:
        raise SessionStateError(
            "Session state history columns have different lengths: "
            + ", ".join(f"{name} {len(history[name])}" for name in _HISTORY_FIELDS)
            + "."
        )
    checks: tuple[tuple[str, str, Any], ...] = (
        ("offered", "true or false", lambda v: isinstance(v, bool)),
        *(
            (name, "numbers or null", lambda v: v is None or _is_number(v))
            for name in _HISTORY_FIELDS[3:]
        ),
    )
    for name, expectation, good in checks:
        for row, value in enumerate(history[name]):
            if not good(value):
                where = f" (row {row})"
                raise _state_error(f"history.{name}", f"a list of {expectation}", value, where)
    for row, (item_id, value) in enumerate(
        zip(history["item_id"], history["response"], strict=True)
    ):
        where = f" (row {row})"
        if not isinstance(item_id, str) or item_id not in bank:
            raise SessionStateError(
                f"Session state field 'history.item_id' names item {item_id!r}{where}, which "
                f"is not in item bank {bank.metadata.id!r}."
            )
        try:
            _check_score(value, bank[item_id])
        except ResponseDataError as error:
            raise SessionStateError(
                f"Session state field 'history.response'{where}: {error}"
            ) from None


_TRACKERS = ("EloRatings", "BayesianKnowledgeTracing")
_TRACKER_HINT = (
    "a session saved with a tracker holds a TrackedLearner: pass learner_model=TrackedLearner "
    "(the class) to restore it"
)


def _is_tracker(value: Any) -> bool:
    """Whether ``value`` is an Elo / BKT tracker (class or instance) of this package."""
    kind = value if isinstance(value, type) else type(value)
    return any(
        c.__name__ in _TRACKERS and c.__module__.startswith("adaptive_tutor.") for c in kind.__mro__
    )


def _kind(model_class: type) -> str:
    return f"{model_class.__module__}.{model_class.__qualname__}"


def _check_learner_model(learner_model: Any, bank: ItemBank) -> Any:
    """The learner model a new session starts with (``None``: the IRT LearnerState)."""
    if learner_model is None:
        return LearnerState.start(bank)
    owner = "The 'learner_model' parameter of TutoringSession"
    name = learner_model.__name__ if isinstance(learner_model, type) else None
    if _is_tracker(learner_model):
        tracker = name or type(learner_model).__name__
        raise TypeError(
            f"{owner} got {tracker}, a learning tracker, not a learner model: start one with "
            f"TrackedLearner.start(bank, tracker) (a fitted {tracker}); to resume a saved "
            "session with a tracker, pass learner_model=TrackedLearner (the class)."
        )
    if name is not None:
        raise TypeError(
            f"{owner} must be a learner model object, not the class {name}; start one (e.g. "
            f"TrackedLearner.start(bank, tracker)). A class is taken only when a saved "
            "state is restored."
        )
    missing = [m for m in ("update", "to_dict") if not callable(getattr(learner_model, m, None))]
    if missing:
        raise TypeError(
            f"{owner} must have update(bank, item_id, response) and to_dict() methods; "
            f"{type(learner_model).__name__} has no {' or '.join(missing)}."
        )
    return learner_model


def _check_model_class(learner_model: Any) -> None:
    """Refuse a ``learner_model`` for ``from_dict`` that cannot restore a saved model."""
    if learner_model is None:
        return
    owner = "The 'learner_model' parameter of TutoringSession.from_dict"
    if _is_tracker(learner_model):
        kind = learner_model if isinstance(learner_model, type) else type(learner_model)
        raise TypeError(
            f"{owner} got {kind.__name__}, a learning tracker that cannot restore a "
            f"session; {_TRACKER_HINT}."
        )
    model_class = learner_model if isinstance(learner_model, type) else type(learner_model)
    if not callable(getattr(model_class, "from_dict", None)):
        raise TypeError(
            f"{owner} must be a learner model class with from_dict(data, bank) (e.g. "
            f"TrackedLearner). Got {model_class.__name__}, which has no from_dict."
        )


def _restore_learner(bank: ItemBank, block: Mapping[str, Any], learner_model: Any) -> Any:
    kind = block["type"]
    state = block["state"]
    if learner_model is None:
        if kind != _LEARNER_STATE:
            hint = (
                _TRACKER_HINT
                if kind.endswith(".TrackedLearner")
                else "pass learner_model=<its class> to restore it"
            )
            raise SessionStateError(
                f"This session's learner model is {kind!r}; {hint} (in "
                "TutoringSession.from_dict, next_exercise and record_response)."
            )
        return LearnerState.from_dict(state, bank)
    model_class: Any = learner_model if isinstance(learner_model, type) else type(learner_model)
    if _kind(model_class) != kind:
        raise SessionStateError(
            f"This session's learner model was saved as {kind!r}, but learner_model="
            f"{model_class.__name__} was given; pass the saved model's class "
            f"({kind.rsplit('.', 1)[-1]})."
        )
    return model_class.from_dict(state, bank)
