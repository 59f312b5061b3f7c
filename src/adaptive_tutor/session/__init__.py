"""The tutoring session: the one mutable object an app embeds.

A :class:`TutoringSession` offers the next exercise (:meth:`~TutoringSession.next_item`),
records answers in constant time (:meth:`~TutoringSession.record`), reports per-skill and
overall ability and mastery, and saves its state as a JSON-compatible dict
(:meth:`~TutoringSession.to_dict`) or a signed token (:meth:`~TutoringSession.to_token`).
A stateless web backend uses the functions :func:`next_exercise` and
:func:`record_response`, which load the state, act, and return the new state.

State versus code: the saved state holds what happened (the answers, with times,
response times and the app's answer ids), the learner model's settings, the item(s) on
offer, a reached stop decision and a ``revision`` counting the changes. Estimates are not
saved: they are replayed from the answers on load, so an edited estimate cannot stand. The
selector, the stopping rule and the mastery classifier are code, not state: they are never
saved, so a stateless backend passes the same ``selector`` and ``stopping_rule`` to
*every* :func:`next_exercise` call (the defaults ``TargetProbability(0.75)`` and
``MaxItems(20)`` apply otherwise). Only :func:`next_exercise` decides to stop;
:func:`record_response` never evaluates a stopping rule, so it needs neither.

Lost and doubled answers: ``record(..., answer_id=)`` makes a repeated request a no-op,
``expected_revision=`` refuses an answer given against an older state
(:class:`~adaptive_tutor.exceptions.StaleStateError`), and strict mode (the default of the
stateless API) accepts only the item on offer.

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

from adaptive_tutor.session._checks import DEFAULT_MAX_HISTORY
from adaptive_tutor.session._session import DEFAULT_LEARNER_ID, TutoringSession
from adaptive_tutor.session._state import SESSION_FORMAT_VERSION
from adaptive_tutor.session._stateless import next_exercise, offer_choices, record_response
from adaptive_tutor.session._token import DEFAULT_KEY_ID

__all__ = [
    "DEFAULT_KEY_ID",
    "DEFAULT_LEARNER_ID",
    "DEFAULT_MAX_HISTORY",
    "SESSION_FORMAT_VERSION",
    "TutoringSession",
    "next_exercise",
    "offer_choices",
    "record_response",
]
