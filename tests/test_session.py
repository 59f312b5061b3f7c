"""TutoringSession: recording, estimates, history, state round trip and errors."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from adaptive_tutor.examples import tiny_bank_document
from adaptive_tutor.exceptions import ItemPoolExhaustedError, ResponseDataError, SessionStateError
from adaptive_tutor.item_bank import ItemBank
from adaptive_tutor.learner import LearnerState
from adaptive_tutor.selection import (
    GradeBand,
    MaxInformation,
    NoRepeat,
    RandomSelection,
    TargetProbability,
)
from adaptive_tutor.session import (
    SESSION_FORMAT_VERSION,
    TutoringSession,
    next_exercise,
    record_response,
)
from adaptive_tutor.stopping import MaxItems, SPRTMastery
from session_helpers import make_bank, run_session, simulate_answer

BANK = make_bank(6)
TINY = ItemBank.from_dict(tiny_bank_document())


def _played(seed: int = 1, n_items: int = 6) -> TutoringSession:
    session = TutoringSession(
        BANK, selector=MaxInformation(), stopping_rule=MaxItems(n_items), seed=seed
    )
    run_session(session, 0.5, np.random.default_rng(seed))
    return session


def test_state_round_trips_through_json() -> None:
    session = _played()
    restored = TutoringSession.from_dict(
        BANK,
        json.loads(json.dumps(session.to_dict())),
        selector=MaxInformation(),
        stopping_rule=MaxItems(6),
    )
    pd.testing.assert_frame_equal(restored.history, session.history)
    pd.testing.assert_frame_equal(restored.skill_abilities(), session.skill_abilities())
    assert restored.to_dict() == session.to_dict()
    np.testing.assert_allclose(
        restored.learner_model.log_posterior, session.learner_model.log_posterior, atol=1e-12
    )
    np.testing.assert_allclose(
        restored.learner_model.skill_log_posterior,
        session.learner_model.skill_log_posterior,
        atol=1e-12,
    )
    assert restored.stop_decision() == session.stop_decision()


def test_state_holds_a_version_and_the_bank_fingerprint() -> None:
    data = _played().to_dict()
    assert data["version"] == SESSION_FORMAT_VERSION
    assert data["bank_fingerprint"] == BANK.fingerprint


def test_offered_item_survives_a_round_trip() -> None:
    session = TutoringSession(BANK, seed=3)
    offered = session.next_item()
    assert offered is not None
    restored = TutoringSession.from_dict(BANK, session.to_dict())
    again = restored.next_item()
    assert again is not None
    assert again.id == offered.id


def test_next_item_is_idempotent_until_a_response_is_recorded() -> None:
    session = TutoringSession(BANK, selector=RandomSelection(), seed=4)
    first = session.next_item()
    second = session.next_item()
    assert first is not None
    assert second is not None
    assert first.id == second.id


def test_stateless_helpers_match_a_live_session() -> None:
    live = TutoringSession(BANK, selector=MaxInformation(), stopping_rule=MaxItems(5), seed=9)
    live_items = run_session(live, -0.3, np.random.default_rng(2))
    rng = np.random.default_rng(2)
    state = None
    stateless_items = []
    while True:
        item, state = next_exercise(
            BANK, state, selector=MaxInformation(), stopping_rule=MaxItems(5), seed=9
        )
        state = json.loads(json.dumps(state))
        if item is None:
            break
        score = simulate_answer(BANK, item.id, -0.3, rng)
        state = record_response(BANK, state, item.id, score, response_time=10.0)
        stateless_items.append(item.id)
    assert stateless_items == live_items
    assert state["stop"]["reason"] == "max_items"


def test_a_self_chosen_item_is_recorded_as_not_offered() -> None:
    session = TutoringSession(BANK, selector=MaxInformation(), seed=5)
    offered = session.next_item()
    assert offered is not None
    chosen = next(i for i in BANK.item_ids if i != offered.id)
    session.record(chosen, 1)
    session.record(offered.id, 0)  # the offer is gone; answering it later is still allowed
    assert session.history["offered"].tolist() == [False, False]
    assert session.offered_item_id is None


def test_record_updates_the_learner_like_a_learner_state() -> None:
    session = TutoringSession(TINY, seed=0)
    session.record("add-1", 1)
    session.record("story-1", 2)
    expected = LearnerState.start(TINY).update(TINY, "add-1", 1).update(TINY, "story-1", 2)
    theta, se = session.overall_ability()
    assert theta == pytest.approx(expected.estimate().theta)
    assert se == pytest.approx(expected.estimate().se)
    frame = session.skill_abilities().set_index("skill_id")
    assert frame.loc["add", "theta"] == pytest.approx(expected.estimate("add").theta)
    assert frame.loc["add", "n_responses"] == 2
    assert frame.loc["count", "n_responses"] == 0


def test_history_is_a_tidy_frame() -> None:
    session = TutoringSession(TINY, seed=0, learner_id="kid-1")
    session.record("story-1", 1, timestamp=100.0, response_time=42.0)
    session.record("count-1", 1)
    frame = session.history
    assert frame["step"].tolist() == [1, 2]
    assert frame["correct"].tolist() == [False, True]
    assert frame["max_score"].tolist() == [2, 1]
    assert frame["learner_id"].unique().tolist() == ["kid-1"]
    assert frame["timestamp"].iloc[0] == 100.0
    assert np.isnan(frame["timestamp"].iloc[1])
    assert frame["skill_id"].tolist() == ["add", "count"]


def test_mastery_status_follows_the_classifier() -> None:
    mastery = SPRTMastery(cut=-2.0, indifference=1.5, min_responses=0)
    session = TutoringSession(TINY, seed=0, mastery=mastery)
    session.record("add-1", 1)
    session.record("story-1", 2)
    # 'count' has no answers (undetermined on its own); 'add', which requires it, shows it
    assert session.mastery_status() == {"count": "mastered", "add": "mastered"}


def test_seedless_session_stores_its_drawn_seed() -> None:
    session = TutoringSession(BANK)
    restored = TutoringSession.from_dict(BANK, session.to_dict())
    assert restored.seed == session.seed


# --------------------------------------------------------------------------- errors
def test_unknown_item_id_is_a_response_data_error() -> None:
    with pytest.raises(ResponseDataError, match="Unknown item id 'nope'"):
        TutoringSession(TINY).record("nope", 1)


@pytest.mark.parametrize("response", [3, -1, 1.5, True, "1", float("nan")])
def test_response_outside_the_categories_is_a_response_data_error(response: object) -> None:
    with pytest.raises(ResponseDataError, match=r"item 'story-1' is invalid.*0\.\.2"):
        TutoringSession(TINY).record("story-1", response)  # type: ignore[arg-type]


def test_recording_after_the_stop_is_a_session_state_error() -> None:
    session = _played(n_items=2)
    assert session.next_item() is None
    remaining = next(i for i in BANK.item_ids if i not in set(session.history["item_id"]))
    with pytest.raises(SessionStateError, match="stopped \\(reason 'max_items'\\)"):
        session.record(remaining, 1)


def test_empty_eligible_pool_stops_the_session_as_exhausted() -> None:
    selector = TargetProbability(eligibility=[NoRepeat(), GradeBand(2, 2)])
    session = TutoringSession(TINY, selector=selector, stopping_rule=MaxItems(10), seed=0)
    item = session.next_item()
    assert item is not None
    assert item.id == "story-1"
    session.record(item.id, 2)
    assert session.next_item() is None
    assert session.stop_decision().reason == "bank_exhausted"


def test_empty_eligible_pool_is_an_error_for_a_direct_selection() -> None:
    selector = TargetProbability(eligibility=[GradeBand(5, 6)])
    with pytest.raises(ItemPoolExhaustedError, match="GradeBand\\(low=5, high=6\\)"):
        selector.select(TINY, LearnerState.start(TINY), rng=0)


def test_state_from_another_bank_is_refused() -> None:
    data = TutoringSession(TINY, seed=1).to_dict()
    with pytest.raises(SessionStateError, match="belongs to item bank 'tiny'"):
        TutoringSession.from_dict(BANK, data)


def test_learner_state_from_another_bank_is_refused_by_selectors() -> None:
    with pytest.raises(SessionStateError, match="another item bank"):
        MaxInformation().select(BANK, LearnerState.start(TINY), rng=0)


def test_newer_state_version_is_refused() -> None:
    data = TutoringSession(TINY, seed=1).to_dict()
    data["version"] = SESSION_FORMAT_VERSION + 1
    with pytest.raises(SessionStateError, match="newer than this adaptive_tutor supports"):
        TutoringSession.from_dict(TINY, data)


@pytest.mark.parametrize(
    "corrupt",
    [
        lambda d: d.pop("history"),
        lambda d: d["history"]["response"].append(1),
        lambda d: d.update(format="something else"),
        lambda d: d["learner_model"].update(type="my.Model"),
        lambda d: d["history"]["item_id"].__setitem__(0, "unknown-item"),
        lambda d: d["history"]["response"].__setitem__(0, 7),
    ],
)
def test_malformed_state_is_a_session_state_error(corrupt: object) -> None:
    data = json.loads(json.dumps(_played(n_items=2).to_dict()))
    corrupt(data)  # type: ignore[operator]
    with pytest.raises(SessionStateError):
        TutoringSession.from_dict(BANK, data)


def test_wrong_strategy_types_are_named() -> None:
    with pytest.raises(TypeError, match="'selector' parameter of TutoringSession"):
        TutoringSession(TINY, selector="max_information")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="'stopping_rule' parameter of TutoringSession"):
        TutoringSession(TINY, stopping_rule=20)  # type: ignore[arg-type]


def test_a_new_sitting_reopens_a_stopped_session_and_keeps_history() -> None:
    bank = ItemBank.from_dict(tiny_bank_document())
    session = TutoringSession(bank, stopping_rule=MaxItems(1), seed=4)
    first = session.next_item()
    session.record(first.id, 1)
    assert session.next_item() is None
    restored = TutoringSession.from_dict(bank, session.to_dict(), stopping_rule=MaxItems(2))
    assert restored.next_item() is None
    restored.start_new_sitting()
    second = restored.next_item()
    assert second is not None
    assert second.id != first.id
    restored.record(second.id, 0)
    assert restored.history["item_id"].tolist() == [first.id, second.id]
