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

from adaptive_tutor.session._session import DEFAULT_LEARNER_ID, TutoringSession
from adaptive_tutor.session._state import SESSION_FORMAT_VERSION
from adaptive_tutor.session._stateless import next_exercise, record_response

__all__ = [
    "DEFAULT_LEARNER_ID",
    "SESSION_FORMAT_VERSION",
    "TutoringSession",
    "next_exercise",
    "record_response",
]
