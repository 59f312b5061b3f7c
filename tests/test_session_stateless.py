"""The stateless web flow (next_exercise / record_response) and restoring saved states."""

from __future__ import annotations

import json

import numpy as np
import pytest

from adaptive_tutor.exceptions import SessionStateError
from adaptive_tutor.session import TutoringSession, next_exercise, record_response
from adaptive_tutor.stopping import MaxItems
from session_helpers import make_bank, simulate_answer

BANK = make_bank(12, enemies=False)  # 36 items


def test_stateless_loop_of_30_items_with_the_readme_pattern() -> None:
    rng = np.random.default_rng(11)
    item, state = next_exercise(BANK, None, seed=3, stopping_rule=MaxItems(30))
    answered = 0
    while item is not None:
        score = simulate_answer(BANK, item.id, 0.2, rng)
        state = json.loads(json.dumps(record_response(BANK, state, item.id, score)))
        answered += 1
        item, state = next_exercise(BANK, state, stopping_rule=MaxItems(30))
    assert answered == 30
    assert state["stop"]["reason"] == "max_items"


def test_record_response_after_a_reached_stop_is_refused() -> None:
    item, state = next_exercise(BANK, None, seed=1, stopping_rule=MaxItems(1))
    state = record_response(BANK, state, item.id, 1)
    nothing, state = next_exercise(BANK, state, stopping_rule=MaxItems(1))
    assert nothing is None
    other = next(i for i in BANK.item_ids if i != item.id)
    with pytest.raises(SessionStateError, match="stopped \\(reason 'max_items'\\)"):
        record_response(BANK, state, other, 1)


def test_recording_never_evaluates_the_stopping_rule() -> None:
    session = TutoringSession(BANK, stopping_rule=MaxItems(1), seed=2)
    for item_id in BANK.item_ids[:3]:  # self-chosen items, no stop decision reached yet
        session.record(item_id, 1)
    assert session.n_responses == 3
    assert session.next_item() is None
