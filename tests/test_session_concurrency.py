"""Revisions, replayed answers (answer_id) and strict mode: nothing lost, nothing counted twice."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from adaptive_tutor.exceptions import SessionStateError, StaleStateError
from adaptive_tutor.session import TutoringSession, next_exercise, record_response
from adaptive_tutor.stopping import MaxItems
from session_helpers import make_bank

BANK = make_bank(6)


def test_revision_counts_changes_and_not_repeated_questions() -> None:
    session = TutoringSession(BANK, seed=1, stopping_rule=MaxItems(1))
    assert session.revision == 0
    item = session.next_item()
    assert item is not None
    assert session.revision == 1
    session.next_item()
    assert session.revision == 1
    session.record(item.id, 1)
    assert session.revision == 2
    assert session.next_item() is None  # the stop is a change
    assert session.revision == 3
    session.start_new_sitting(stopping_rule=MaxItems(2))
    assert session.revision == 4


def test_a_replayed_answer_id_is_a_no_op() -> None:
    session = TutoringSession(BANK, seed=1)
    session.record(BANK.item_ids[0], 1, answer_id="u-1")
    before = session.to_dict()
    session.record(BANK.item_ids[0], 1, answer_id="u-1", expected_revision=0)  # stale and replayed
    assert session.to_dict() == before


def test_an_answer_id_reused_for_another_answer_is_refused() -> None:
    session = TutoringSession(BANK, seed=1)
    session.record(BANK.item_ids[0], 1, answer_id="u-1")
    with pytest.raises(SessionStateError, match="Answer id 'u-1' was already recorded"):
        session.record(BANK.item_ids[0], 0, answer_id="u-1")
    with pytest.raises(SessionStateError, match="Answer id 'u-1' was already recorded"):
        session.record(BANK.item_ids[1], 1, answer_id="u-1")
    assert session.n_responses == 1


def test_a_stale_revision_is_refused_and_nothing_is_recorded() -> None:
    session = TutoringSession(BANK, seed=1)
    item = session.next_item()
    assert item is not None
    offered_at = session.revision
    session.record(item.id, 1, expected_revision=offered_at)
    with pytest.raises(StaleStateError, match=f"revision {offered_at} .* now at revision 2"):
        session.record(BANK.item_ids[3], 0, expected_revision=offered_at)
    assert session.n_responses == 1


def test_an_old_copy_of_the_state_is_refused_as_the_older_one() -> None:
    session = TutoringSession(BANK, seed=1)
    old = session.to_dict()  # revision 0, kept by a client while the server moved on to 3
    restored = TutoringSession.from_dict(BANK, old)
    with pytest.raises(StaleStateError, match=r"copy of learner .* is at revision 0, older than"):
        restored.record(BANK.item_ids[0], 1, expected_revision=3)
    assert restored.n_responses == 0


@pytest.mark.parametrize("bad", [-1, 1.5, "2", True])
def test_a_bad_expected_revision_is_a_parameter_error(bad: object) -> None:
    session = TutoringSession(BANK, seed=1)
    with pytest.raises((TypeError, ValueError), match="expected_revision"):
        session.record(BANK.item_ids[0], 1, expected_revision=bad)  # type: ignore[arg-type]


def test_strict_mode_accepts_only_the_item_on_offer() -> None:
    session = TutoringSession(BANK, seed=1, strict=True)
    with pytest.raises(SessionStateError, match="On offer: none"):
        session.record(BANK.item_ids[0], 1)
    item = session.next_item()
    assert item is not None
    other = next(i for i in BANK.item_ids if i != item.id)
    with pytest.raises(SessionStateError, match=f"Item '{other}' is not on offer"):
        session.record(other, 1)
    session.record(item.id, 1)
    with pytest.raises(SessionStateError, match="not on offer"):  # an old tab answers again
        session.record(item.id, 0)
    assert session.n_responses == 1


def test_response_time_and_answer_id_reach_the_history() -> None:
    session = TutoringSession(BANK, seed=1)
    session.record(BANK.item_ids[0], 1, response_time=dt.timedelta(seconds=7.5), answer_id="a")
    session.record(BANK.item_ids[1], 0)
    frame = session.history
    assert frame["response_time"].tolist()[0] == 7.5
    assert frame["response_time"].isna().tolist() == [False, True]
    assert frame["answer_id"].iloc[0] == "a"
    assert frame["answer_id"].isna().tolist() == [False, True]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"response_time": -1.0}, "response_time"),
        ({"response_time": float("inf")}, "response_time"),
        ({"timestamp": 1e300}, "timestamp"),
        ({"answer_id": ""}, "answer_id"),
        ({"answer_id": "x" * 201}, "answer_id"),
        ({"answer_id": 7}, "answer_id"),
    ],
)
def test_bad_answer_details_are_refused(options: dict[str, object], message: str) -> None:
    session = TutoringSession(BANK, seed=1)
    with pytest.raises((TypeError, ValueError), match=message):
        session.record(BANK.item_ids[0], 1, **options)  # type: ignore[arg-type]
    assert session.n_responses == 0


# --------------------------------------------------------------------------- stateless
def test_stateless_recording_is_strict_by_default() -> None:
    item, state = next_exercise(BANK, None, seed=4)
    assert item is not None
    other = next(i for i in BANK.item_ids if i != item.id)
    with pytest.raises(SessionStateError, match="not on offer"):
        record_response(BANK, state, other, 1)
    assert len(record_response(BANK, state, other, 1, strict=False)["history"]["item_id"]) == 1


def test_a_duplicated_post_returns_the_same_state() -> None:
    item, state = next_exercise(BANK, None, seed=4)
    assert item is not None
    once = record_response(BANK, state, item.id, 1, answer_id="p1", expected_revision=1)
    twice = record_response(BANK, once, item.id, 1, answer_id="p1", expected_revision=1)
    assert twice == once
    assert len(twice["history"]["item_id"]) == 1


def test_a_stale_state_cannot_retry_an_item_until_right() -> None:
    """The server keeps the latest revision; a page holding an older state is refused."""
    item, stored = next_exercise(BANK, None, seed=4)
    assert item is not None
    offered_at = stored["revision"]
    stored = record_response(BANK, stored, item.id, 0, expected_revision=offered_at)
    with pytest.raises(StaleStateError):
        record_response(BANK, stored, item.id, 1, expected_revision=offered_at)
    with pytest.raises(SessionStateError, match="not on offer"):  # even without a revision
        record_response(BANK, stored, item.id, 1)


def test_the_stateless_api_reads_json_text() -> None:
    item, state = next_exercise(BANK, None, seed=4)
    assert item is not None
    text = json.dumps(state, sort_keys=True)
    again = record_response(BANK, text, item.id, 1)
    assert again["history"]["item_id"] == [item.id]
    with pytest.raises(SessionStateError, match="not valid JSON"):
        record_response(BANK, text[:-1], item.id, 1)
    with pytest.raises(SessionStateError, match="refused before parsing"):
        next_exercise(BANK, " " * 10_000_000)


def test_a_stateless_state_of_another_learner_is_refused() -> None:
    _, state = next_exercise(BANK, None, seed=4, learner_id="ann")
    with pytest.raises(SessionStateError, match="belongs to learner 'ann'"):
        next_exercise(BANK, state, learner_id="ben")
