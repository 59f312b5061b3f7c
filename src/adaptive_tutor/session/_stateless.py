"""The stateless API for web backends: load the state, act, return the new state.

Each call takes the state the app stored (a dict, its JSON text, or a signed token when
``secret=`` is given), acts, and returns the new state in the same form. Recording is
strict by default: only the item on offer is accepted, so an old tab or a replayed state
cannot answer an item twice. ``answer_id`` makes a retried request a no-op, and
``expected_revision`` refuses an answer given against an older state.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from typing import Any, overload

from adaptive_tutor.item import Item
from adaptive_tutor.item_bank import ItemBank
from adaptive_tutor.placement import Placement
from adaptive_tutor.selection import ItemChoice, ScoringSelector
from adaptive_tutor.session._checks import (
    DEFAULT_MAX_HISTORY,
    check_max_history,
    check_response_time,
    check_revision,
)
from adaptive_tutor.session._session import TutoringSession
from adaptive_tutor.session._token import DEFAULT_KEY_ID, Secrets, check_secrets, parse_state_text
from adaptive_tutor.stopping import StoppingRule

__all__ = ["next_exercise", "offer_choices", "record_response"]

State = Mapping[str, Any] | str | bytes


@overload
def next_exercise(
    bank: ItemBank,
    state: State | None = ...,
    *,
    secret: None = ...,
    key_id: str = ...,
    selector: ScoringSelector | None = ...,
    stopping_rule: StoppingRule | None = ...,
    seed: int | None = ...,
    now: float | _dt.datetime | None = ...,
    learner_model: Any = ...,
    learner_id: str | None = ...,
    max_history: int = ...,
    placement: Placement | None = ...,
    learner_grade: int | None = ...,
) -> tuple[Item | None, dict[str, Any]]: ...


@overload
def next_exercise(
    bank: ItemBank,
    state: State | None = ...,
    *,
    secret: Secrets,
    key_id: str = ...,
    selector: ScoringSelector | None = ...,
    stopping_rule: StoppingRule | None = ...,
    seed: int | None = ...,
    now: float | _dt.datetime | None = ...,
    learner_model: Any = ...,
    learner_id: str | None = ...,
    max_history: int = ...,
    placement: Placement | None = ...,
    learner_grade: int | None = ...,
) -> tuple[Item | None, str]: ...


def next_exercise(
    bank: ItemBank,
    state: State | None = None,
    *,
    secret: Secrets | None = None,
    key_id: str = DEFAULT_KEY_ID,
    selector: ScoringSelector | None = None,
    stopping_rule: StoppingRule | None = None,
    seed: int | None = None,
    now: float | _dt.datetime | None = None,
    learner_model: Any = None,
    learner_id: str | None = None,
    max_history: int = DEFAULT_MAX_HISTORY,
    placement: Placement | None = None,
    learner_grade: int | None = None,
) -> tuple[Item | None, dict[str, Any] | str]:
    """Stateless step for web backends: ``item, state = next_exercise(bank, state)``.

    Asking again before the answer comes returns the same item and an unchanged state
    (same ``revision``), so a reloaded page is harmless.

    Parameters
    ----------
    bank : ItemBank
        The bank of the session.
    state : mapping, str or bytes, optional
        The state returned by the previous call: a dict (:meth:`TutoringSession.to_dict`),
        its JSON text (size-checked before parsing), or with ``secret`` a signed token.
        ``None`` starts a new session with ``seed``, ``learner_model`` and ``learner_id``.
    secret : str, bytes or mapping of key id to secret, optional
        Sign the state: ``state`` is a token and a token is returned (see
        :meth:`TutoringSession.to_token`); a mapping accepts tokens of several keys.
    key_id : str, default="default"
        The key id new tokens are signed under (with a mapping ``secret``, one of its keys).
    selector, stopping_rule : optional
        As in :class:`TutoringSession`. They are code, not state (never saved): pass the
        same ones on *every* call, or the defaults ``TargetProbability(0.75)`` and
        ``MaxItems(20)`` decide this step.
    seed : int, optional
        For a new session, as in :class:`TutoringSession`.
    now : float or datetime, optional
        Current time, for time-based eligibility and budgets; default the latest timestamp.
    learner_model : object or class, optional
        For a new session, as in :class:`TutoringSession`; to restore a session with a
        learner model other than ``LearnerState``, its class (e.g. ``TrackedLearner``).
    learner_id : str, optional
        The learner; a given state of another learner is refused.
    max_history : int, default=10000
        Largest history accepted (checked before the state is parsed).
    placement, learner_grade : optional
        For a new learner, a :class:`~adaptive_tutor.placement.Placement` run before the
        selector and the child's school grade that centres it, as in
        :class:`TutoringSession`. The placement is saved in the state and continues on
        later calls by itself (passing it again is harmless; it never starts for a
        learner who already answered without one).

    Returns
    -------
    item : Item or None
        ``None`` when the session has stopped (see ``state["stop"]["reason"]``).
    state : dict or str
        The new state: a JSON-compatible dict, or a signed token with ``secret``.

    Raises
    ------
    SessionStateError
        For a malformed, tampered or foreign state (another bank or learner).

    Examples
    --------
    >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
    >>> bank = ItemBank.from_dict(tiny_bank_document())
    >>> item, state = next_exercise(bank, seed=7)
    >>> state = record_response(bank, state, item.id, 1, answer_id="a-1")
    >>> item2, state = next_exercise(bank, state)
    >>> item2.id != item.id, len(state["history"]["item_id"]), state["revision"]
    (True, 1, 3)
    """
    limit = check_max_history(max_history)
    if secret is not None:
        check_secrets(secret, "next_exercise")
    session = _load(
        bank,
        state,
        secret,
        selector,
        stopping_rule,
        seed,
        learner_model,
        learner_id,
        limit,
        True,
        {"placement": placement, "learner_grade": learner_grade},
    )
    item = session.next_item(now=now)
    return item, _dump(session, secret, key_id)


@overload
def record_response(
    bank: ItemBank,
    state: State,
    item_id: str,
    response: int,
    *,
    secret: None = ...,
    key_id: str = ...,
    timestamp: float | _dt.datetime | None = ...,
    response_time: float | _dt.timedelta | None = ...,
    answer_id: str | None = ...,
    expected_revision: int | None = ...,
    strict: bool = ...,
    learner_model: Any = ...,
    learner_id: str | None = ...,
    max_history: int = ...,
) -> dict[str, Any]: ...


@overload
def record_response(
    bank: ItemBank,
    state: State,
    item_id: str,
    response: int,
    *,
    secret: Secrets,
    key_id: str = ...,
    timestamp: float | _dt.datetime | None = ...,
    response_time: float | _dt.timedelta | None = ...,
    answer_id: str | None = ...,
    expected_revision: int | None = ...,
    strict: bool = ...,
    learner_model: Any = ...,
    learner_id: str | None = ...,
    max_history: int = ...,
) -> str: ...


def record_response(
    bank: ItemBank,
    state: State,
    item_id: str,
    response: int,
    *,
    secret: Secrets | None = None,
    key_id: str = DEFAULT_KEY_ID,
    timestamp: float | _dt.datetime | None = None,
    response_time: float | _dt.timedelta | None = None,
    answer_id: str | None = None,
    expected_revision: int | None = None,
    strict: bool = True,
    learner_model: Any = None,
    learner_id: str | None = None,
    max_history: int = DEFAULT_MAX_HISTORY,
) -> dict[str, Any] | str:
    """Stateless recording for web backends: returns the new state.

    Recording never evaluates a stopping rule: the next :func:`next_exercise` call, with
    the selector and stopping rule of the app, decides whether to stop.

    Parameters
    ----------
    bank : ItemBank
        The bank of the session.
    state : mapping, str or bytes
        The state returned by :func:`next_exercise` (a dict, its JSON text, or a token).
    item_id : str
        The answered item.
    response : int
        The score (``item.score(answer)`` marks a raw answer).
    secret, key_id : optional
        As in :func:`next_exercise`.
    timestamp, response_time, answer_id, expected_revision : optional
        As in :meth:`TutoringSession.record`: give every answer an ``answer_id`` so a
        retried request is a no-op (the same state comes back), and the ``revision`` the
        exercise was offered at as ``expected_revision`` so an answer from a stale page
        is refused.
    strict : bool, default=True
        Accept only the item on offer (from :func:`next_exercise` or ``offer_choices``).
        ``False`` also accepts items the child picked elsewhere in the app.
    learner_model : class, optional
        To restore a learner model other than ``LearnerState`` (e.g. ``TrackedLearner``).
    learner_id, max_history : optional
        As in :func:`next_exercise`.

    Returns
    -------
    dict or str
        The new state: a JSON-compatible dict, or a signed token with ``secret``.

    Raises
    ------
    ResponseDataError
        For an unknown item or a response outside the item's scores.
    StaleStateError
        If ``expected_revision`` is not the state's revision.
    SessionStateError
        For a malformed, tampered or foreign state, an item not on offer (strict), a
        stopped session, or an answer id reused for another answer.

    Examples
    --------
    >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
    >>> bank = ItemBank.from_dict(tiny_bank_document())
    >>> item, state = next_exercise(bank, seed=1)
    >>> state = record_response(bank, state, item.id, 0, answer_id="x7", response_time=6.2)
    >>> again = record_response(bank, state, item.id, 0, answer_id="x7")  # a retry
    >>> again == state, state["history"]["response_time"]
    (True, [6.2])
    """
    limit = check_max_history(max_history)
    if secret is not None:
        check_secrets(secret, "record_response")
    check_response_time(response_time, "record_response")
    if expected_revision is not None:
        check_revision(expected_revision, "record_response")
    session = _load(bank, state, secret, None, None, None, learner_model, learner_id, limit, strict)
    session.record(
        item_id,
        response,
        timestamp=timestamp,
        response_time=response_time,
        answer_id=answer_id,
        expected_revision=expected_revision,
    )
    return _dump(session, secret, key_id)


@overload
def offer_choices(
    bank: ItemBank,
    state: State | None = ...,
    k: int = ...,
    *,
    targets: Mapping[str, float] | None = ...,
    secret: None = ...,
    key_id: str = ...,
    selector: ScoringSelector | None = ...,
    stopping_rule: StoppingRule | None = ...,
    seed: int | None = ...,
    now: float | _dt.datetime | None = ...,
    learner_model: Any = ...,
    learner_id: str | None = ...,
    max_history: int = ...,
) -> tuple[list[ItemChoice], dict[str, Any]]: ...


@overload
def offer_choices(
    bank: ItemBank,
    state: State | None = ...,
    k: int = ...,
    *,
    targets: Mapping[str, float] | None = ...,
    secret: Secrets,
    key_id: str = ...,
    selector: ScoringSelector | None = ...,
    stopping_rule: StoppingRule | None = ...,
    seed: int | None = ...,
    now: float | _dt.datetime | None = ...,
    learner_model: Any = ...,
    learner_id: str | None = ...,
    max_history: int = ...,
) -> tuple[list[ItemChoice], str]: ...


def offer_choices(
    bank: ItemBank,
    state: State | None = None,
    k: int = 3,
    *,
    targets: Mapping[str, float] | None = None,
    secret: Secrets | None = None,
    key_id: str = DEFAULT_KEY_ID,
    selector: ScoringSelector | None = None,
    stopping_rule: StoppingRule | None = None,
    seed: int | None = None,
    now: float | _dt.datetime | None = None,
    learner_model: Any = None,
    learner_id: str | None = None,
    max_history: int = DEFAULT_MAX_HISTORY,
) -> tuple[list[ItemChoice], dict[str, Any] | str]:
    """Stateless choice for web backends: ``choices, state = offer_choices(bank, state)``.

    The form of :meth:`TutoringSession.offer_choices` that loads and returns the state
    (the menu is kept in it, so strict :func:`record_response` accepts any of its items).

    Parameters
    ----------
    bank : ItemBank
        The bank of the session.
    state : mapping, str or bytes, optional
        As in :func:`next_exercise`.
    k : int, default=3
        Number of choices.
    targets : mapping of str to float, optional
        Label to target success probability, default ``{"review": 0.9, "just_right":
        0.75, "challenge": 0.55}``.
    secret, key_id, selector, stopping_rule, seed, now : optional
        As in :func:`next_exercise` (the selector's eligibility filters decide what may be
        offered).
    learner_model, learner_id, max_history : optional
        As in :func:`next_exercise`.

    Returns
    -------
    choices : list of ItemChoice
        Easiest first; empty once the session has stopped.
    state : dict or str
        The new state (a token with ``secret``).

    Raises
    ------
    SessionStateError
        For a malformed, tampered or foreign state.

    Examples
    --------
    >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
    >>> bank = ItemBank.from_dict(tiny_bank_document())
    >>> choices, state = offer_choices(bank, None, seed=2)
    >>> [choice.label for choice in choices]
    ['review', 'just_right', 'challenge']
    >>> state = record_response(bank, state, choices[2].item.id, 1)  # strict: on the menu
    """
    limit = check_max_history(max_history)
    if secret is not None:
        check_secrets(secret, "offer_choices")
    session = _load(
        bank, state, secret, selector, stopping_rule, seed, learner_model, learner_id, limit, True
    )
    choices = session.offer_choices(k, targets=targets, now=now)
    return choices, _dump(session, secret, key_id)


def _load(
    bank: ItemBank,
    state: State | None,
    secret: Secrets | None,
    selector: ScoringSelector | None,
    stopping_rule: StoppingRule | None,
    seed: int | None,
    learner_model: Any,
    learner_id: str | None,
    max_history: int,
    strict: bool,
    start: Mapping[str, Any] | None = None,
) -> TutoringSession:
    options: dict[str, Any] = {
        "learner_id": learner_id,
        "selector": selector,
        "stopping_rule": stopping_rule,
        "learner_model": learner_model,
        "strict": strict,
        "max_history": max_history,
        **(start or {}),
    }
    if state is None:
        return TutoringSession(bank, seed=seed, **options)
    if secret is not None:
        return TutoringSession.from_token(bank, state, secret, **options)  # type: ignore[arg-type]
    data = parse_state_text(state, max_history) if isinstance(state, str | bytes) else state
    return TutoringSession.from_dict(bank, data, **options)


def _dump(session: TutoringSession, secret: Secrets | None, key_id: str) -> dict[str, Any] | str:
    if secret is None:
        return session.to_dict()
    if isinstance(secret, Mapping):
        if key_id not in secret:
            raise ValueError(
                f"The 'key_id' parameter must name one of the keys in 'secret' to sign the "
                f"new state with. Got {key_id!r}; the keys are {sorted(secret)}."
            )
        return session.to_token(secret[key_id], key_id=key_id)
    return session.to_token(secret, key_id=key_id)
