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


@pytest.fixture(scope="module")
def tracked_state() -> dict[str, object]:
    from adaptive_tutor.elo import EloRatings
    from adaptive_tutor.tracked_learner import TrackedLearner

    elo = EloRatings.from_difficulties({BANK.item_ids[0]: -0.5})
    session = TutoringSession(BANK, learner_model=TrackedLearner.start(BANK, elo), seed=4)
    session.record(BANK.item_ids[0], 1)
    return session.to_dict()


def _trackers() -> list[object]:
    from adaptive_tutor.elo import EloRatings
    from adaptive_tutor.knowledge_tracing import BayesianKnowledgeTracing

    return [
        EloRatings,
        EloRatings.from_difficulties({}),
        BayesianKnowledgeTracing,
        BayesianKnowledgeTracing(),
    ]


@pytest.mark.parametrize("tracker", _trackers(), ids=["elo", "elo()", "bkt", "bkt()"])
def test_restoring_with_a_tracker_names_tracked_learner(
    tracked_state: dict[str, object], tracker: object
) -> None:
    hint = "pass learner_model=TrackedLearner \\(the class\\)"
    with pytest.raises(TypeError, match=hint):
        TutoringSession.from_dict(BANK, tracked_state, learner_model=tracker)
    with pytest.raises(TypeError, match=hint):
        next_exercise(BANK, tracked_state, learner_model=tracker)
    with pytest.raises(TypeError, match=hint):
        record_response(BANK, tracked_state, BANK.item_ids[1], 1, learner_model=tracker)


def test_restoring_a_tracked_session_without_its_class_says_which(
    tracked_state: dict[str, object],
) -> None:
    with pytest.raises(SessionStateError, match="pass learner_model=TrackedLearner"):
        TutoringSession.from_dict(BANK, tracked_state)


def test_a_tracker_or_a_class_is_not_a_new_sessions_learner_model() -> None:
    from adaptive_tutor.elo import EloRatings
    from adaptive_tutor.tracked_learner import TrackedLearner

    with pytest.raises(TypeError, match=r"TrackedLearner\.start\(bank, tracker\)"):
        TutoringSession(BANK, learner_model=EloRatings.from_difficulties({}))
    with pytest.raises(TypeError, match="not the class TrackedLearner"):
        next_exercise(BANK, None, learner_model=TrackedLearner)


def test_a_session_without_a_learner_id_feeds_its_own_report() -> None:
    from adaptive_tutor.reports import LearnerReport

    session = TutoringSession(BANK, seed=6)
    for _ in range(4):
        item = session.next_item()
        assert item is not None
        session.record(item.id, 1)
    assert session.learner_id == "learner"
    assert session.history["learner_id"].unique().tolist() == ["learner"]
    report = LearnerReport(session.history, BANK, session.learner_id)
    assert report.learner_id == "learner"
    restored = TutoringSession.from_dict(BANK, json.loads(json.dumps(session.to_dict())))
    assert restored.learner_id == "learner"


def _saved_state() -> dict[str, object]:
    session = TutoringSession(BANK, seed=1)
    item = session.next_item()
    assert item is not None
    session.record(item.id, 1)
    session.next_item()
    return json.loads(json.dumps(session.to_dict()))  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("corrupt", "message"),
    [
        (lambda d: d.pop("history"), "field 'history' is missing"),
        (lambda d: d.update(history=None), "field 'history' must be an object"),
        (lambda d: d.update(learner_model=None), "field 'learner_model' must be an object"),
        (lambda d: d["learner_model"].update(settings=None), "'learner_model.settings' must be"),
        (lambda d: d.update(stop="yes"), "field 'stop' must be null or an object"),
        (
            lambda d: d.update(stop={"stop": "yes", "reason": None, "detail": {}}),
            "field 'stop.stop' must be true or false",
        ),
        (
            lambda d: d["history"]["timestamp"].__setitem__(0, "0.5"),
            "'history.timestamp' must be a list of numbers in .* or null \\(row 0\\). Got '0.5'",
        ),
        (lambda d: d.update(seed=None), "field 'seed' must be a non-negative int"),
        (lambda d: d.update(seed=True), "field 'seed' must be a non-negative int"),
        (lambda d: d["history"]["response"].__setitem__(0, 7), "'history.response' \\(row 0\\)"),
        (lambda d: d["history"]["offered"].pop(), "columns have different lengths"),
        (lambda d: d.update(offered="ghost"), "field 'offered' names item 'ghost'"),
    ],
)
def test_a_tampered_state_names_the_field(corrupt: object, message: str) -> None:
    data = _saved_state()
    corrupt(data)  # type: ignore[operator]
    with pytest.raises(SessionStateError, match=message):
        TutoringSession.from_dict(BANK, data)
