"""The stateless API for web backends: load the state, act, return the new state."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from typing import Any

from adaptive_tutor.item import Item
from adaptive_tutor.item_bank import ItemBank
from adaptive_tutor.selection import ScoringSelector
from adaptive_tutor.session._checks import check_stopping_rule
from adaptive_tutor.session._session import TutoringSession
from adaptive_tutor.stopping import StoppingRule

__all__ = ["next_exercise", "record_response"]


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
        check_stopping_rule(stopping_rule)
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
