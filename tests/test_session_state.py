"""Saved session state: the answers plus settings, estimates replayed, every field checked."""

from __future__ import annotations

import copy
import json
import math
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adaptive_tutor.exceptions import SessionStateError
from adaptive_tutor.learner import LearnerState
from adaptive_tutor.selection import MaxInformation
from adaptive_tutor.session import SESSION_FORMAT_VERSION, TutoringSession
from adaptive_tutor.shipped_banks import load_shipped_bank
from adaptive_tutor.stopping import MaxItems
from session_helpers import make_bank

BANK = make_bank(6)
OTHER = make_bank(6, seed=1)


def _session(n: int = 4, seed: int = 2, **options: Any) -> TutoringSession:
    session = TutoringSession(BANK, selector=MaxInformation(), seed=seed, **options)
    rng = np.random.default_rng(seed)
    for step in range(n):
        item = session.next_item()
        assert item is not None
        session.record(
            item.id,
            int(rng.integers(0, item.max_score + 1)),
            timestamp=1_767_225_600.0 + 30 * step,
            response_time=float(rng.uniform(2, 30)),
            answer_id=f"answer-{step}",
        )
    session.next_item()
    return session


def _json(data: Any) -> Any:
    return json.loads(json.dumps(data))


def test_the_state_holds_answers_and_settings_but_no_estimates() -> None:
    data = _session().to_dict()
    assert data["version"] == SESSION_FORMAT_VERSION == 2
    assert sorted(data["history"]) == sorted(
        ["item_id", "response", "offered", "timestamp", "response_time", "answer_id"]
    )
    assert data["learner_model"] == {
        "type": "adaptive_tutor.learner.LearnerState",
        "settings": LearnerState.start(BANK).settings,
    }


def test_loading_replays_the_answers_to_the_same_estimates() -> None:
    session = _session(8)
    restored = TutoringSession.from_dict(BANK, _json(session.to_dict()))
    np.testing.assert_allclose(
        restored.learner_model.skill_log_posterior,
        session.learner_model.skill_log_posterior,
        atol=1e-12,
    )
    np.testing.assert_allclose(
        restored.history[["theta", "se", "overall_theta", "overall_se"]].to_numpy(),
        session.history[["theta", "se", "overall_theta", "overall_se"]].to_numpy(),
        atol=1e-12,
    )
    assert restored.skill_abilities()["mastery"].tolist() == (
        session.skill_abilities()["mastery"].tolist()
    )


def test_running_estimates_match_a_step_by_step_learner_state() -> None:
    session = _session(6)
    state = LearnerState.start(BANK)
    for row in session.history.itertuples():
        state = state.update(BANK, row.item_id, row.response)
        first = state.estimate(row.skill_id)
        overall = state.estimate()
        assert row.theta == pytest.approx(first.theta, abs=1e-10)
        assert row.se == pytest.approx(first.se, abs=1e-10)
        assert row.overall_theta == pytest.approx(overall.theta, abs=1e-10)
        assert row.overall_se == pytest.approx(overall.se, abs=1e-10)


def test_sorted_keys_and_whitespace_round_trip() -> None:
    session = _session()
    text = json.dumps(session.to_dict(), sort_keys=True, indent=3)
    restored = TutoringSession.from_dict(BANK, json.loads(text))
    assert restored.to_dict() == session.to_dict()
    assert list(restored.skill_abilities()["skill_id"]) == list(BANK.skill_ids)


def test_a_learner_state_dict_with_sorted_skills_loads() -> None:
    bank = load_shipped_bank("arithmetic")
    state = LearnerState.start(bank).update(bank, bank.item_ids[5], 1)
    data = json.loads(json.dumps(state.to_dict(), sort_keys=True))
    again = LearnerState.from_dict(bank, data)
    assert again.skill_ids == bank.skill_ids
    np.testing.assert_allclose(again.skill_log_posterior, state.skill_log_posterior, atol=1e-12)


def test_forged_wrong_answers_cannot_be_mastered() -> None:
    """The issue's forgery: wrong answers cannot come with an edited estimate any more."""
    data = _session(0).to_dict()
    wrong = [item.id for item in BANK.items if item.max_score == 1][:9]
    data["history"] = {
        "item_id": wrong,
        "response": [0] * len(wrong),
        "offered": [False] * len(wrong),
        "timestamp": [None] * len(wrong),
        "response_time": [None] * len(wrong),
        "answer_id": [None] * len(wrong),
    }
    restored = TutoringSession.from_dict(BANK, data)
    assert "mastered" not in restored.mastery_status().values()
    assert restored.overall_ability()[0] < -0.5


@pytest.mark.parametrize(
    ("setting", "value", "message"),
    [
        ("n_points", 10**9, "n_points.* must be an int >= 11 and <= 401"),
        ("bound", 1e300, "bound.* must be"),
        ("prior_sd", 1e300, "prior_sd.* must be"),
        ("prior_mean", 15.0, "prior_mean.* must be"),
        ("prior_mean", float("nan"), "prior_mean"),
        ("rule", "simpson", "rule"),
    ],
)
def test_settings_are_bounded_before_anything_is_allocated(
    setting: str, value: object, message: str
) -> None:
    data = _session(2).to_dict()
    data["learner_model"]["settings"][setting] = value
    with pytest.raises(SessionStateError, match=message):
        TutoringSession.from_dict(BANK, data)


def test_other_settings_within_bounds_shape_the_replay() -> None:
    start = LearnerState.start(BANK, prior_mean=0.5, prior_sd=1.2, n_points=41)
    session = TutoringSession(BANK, learner_model=start, seed=1)
    session.record(BANK.item_ids[0], 1)
    restored = TutoringSession.from_dict(BANK, _json(session.to_dict()))
    assert restored.learner_model.settings == start.settings
    assert restored.overall_ability() == pytest.approx(session.overall_ability(), abs=1e-12)


def test_a_history_longer_than_max_history_is_refused_first() -> None:
    data = _session(5).to_dict()
    with pytest.raises(SessionStateError, match="holds 5 answers, more than max_history=4"):
        TutoringSession.from_dict(BANK, data, max_history=4)
    data["history"]["item_id"] = [BANK.item_ids[0]] * 200_000  # nothing else read first
    with pytest.raises(SessionStateError, match="max_history=10000"):
        TutoringSession.from_dict(BANK, data)


def test_recording_past_max_history_is_refused() -> None:
    session = TutoringSession(BANK, seed=1, max_history=2)
    session.record(BANK.item_ids[0], 1)
    session.record(BANK.item_ids[1], 1)
    with pytest.raises(SessionStateError, match="already holds 2 answers, its max_history"):
        session.record(BANK.item_ids[2], 1)
    assert session.n_responses == 2


def test_another_banks_state_is_refused() -> None:
    data = TutoringSession(OTHER, seed=1).to_dict()
    with pytest.raises(SessionStateError, match="belongs to item bank"):
        TutoringSession.from_dict(BANK, data)


def test_another_learners_state_is_refused() -> None:
    data = _session(1, learner_id="ann").to_dict()
    with pytest.raises(SessionStateError, match="belongs to learner 'ann', not to 'ben'"):
        TutoringSession.from_dict(BANK, data, learner_id="ben")
    assert TutoringSession.from_dict(BANK, data, learner_id="ann").learner_id == "ann"


def test_a_new_session_refuses_a_learner_model_that_already_has_answers() -> None:
    used = LearnerState.start(BANK).update(BANK, BANK.item_ids[0], 1)
    with pytest.raises(ValueError, match="must be a new learner model \\(no answers yet\\)"):
        TutoringSession(BANK, learner_model=used)


def _version_1(session: TutoringSession) -> dict[str, Any]:
    """The same session in the format of version 1 (estimates saved beside the answers)."""
    data = session.to_dict()
    frame = session.history
    history = {name: data["history"][name] for name in list(data["history"])[:5]}
    for name in ("theta", "se", "overall_theta", "overall_se"):
        history[name] = frame[name].tolist()
    return {
        "format": data["format"],
        "version": 1,
        "bank_id": data["bank_id"],
        "bank_fingerprint": data["bank_fingerprint"],
        "seed": data["seed"],
        "learner_id": data["learner_id"],
        "offered": data["offered"],
        "stop": data["stop"],
        "learner_model": {"type": data["learner_model"]["type"], "state": {}},
        "history": history,
    }


def test_a_version_1_state_loads_and_its_saved_estimates_are_ignored() -> None:
    session = _session(5)
    old = _version_1(session)
    forged = LearnerState.start(BANK).to_dict()
    forged["log_posterior"] = [0.0] * len(forged["log_posterior"])  # an edited estimate
    old["learner_model"]["state"] = forged
    restored = TutoringSession.from_dict(BANK, _json(old))
    assert restored.history["item_id"].tolist() == session.history["item_id"].tolist()
    assert restored.overall_ability() == pytest.approx(session.overall_ability(), abs=1e-12)
    assert restored.to_dict()["version"] == 2


# --------------------------------------------------------------------------- every field
def _paths(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(value, dict):
        for key, entry in value.items():
            yield from _paths(entry, (*path, key))
    elif isinstance(value, list):
        for index, entry in enumerate(value):
            yield from _paths(entry, (*path, index))


_MUTATIONS: list[tuple[str, Callable[[Any], Any]]] = [
    ("null", lambda v: None),
    ("true", lambda v: True),
    ("text", lambda v: "count-0"),
    ("NaN", lambda v: math.nan),
    ("huge", lambda v: 1e308),
    ("huge int", lambda v: 10**30),
    ("negative", lambda v: -1),
    ("list", lambda v: [v]),
    ("object", lambda v: {"a": v}),
    ("longer", lambda v: [*v, v[-1]] if isinstance(v, list) and v else v),
    ("shorter", lambda v: v[:-1] if isinstance(v, list) else v),
]


def _mutated(data: dict[str, Any], path: tuple[Any, ...], change: Callable[[Any], Any]) -> Any:
    copied = copy.deepcopy(data)
    if not path:
        return change(copied)
    parent = copied
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = change(parent[path[-1]])
    return copied


def _check_harmless(restored: TutoringSession) -> None:
    """An accepted state is one the library could have written: estimates follow from it."""
    again = TutoringSession.from_dict(BANK, _json(restored.to_dict()))
    replayed = TutoringSession(
        BANK, learner_model=LearnerState.start(BANK, **restored.learner_model.settings)
    )
    for row in restored.history.itertuples():
        replayed.record(row.item_id, row.response)
    for session in (again, restored):
        view, expected = session.ability_view(), replayed.ability_view()
        assert np.all(np.isfinite(view.posterior))
        np.testing.assert_allclose(view.posterior, expected.posterior, atol=1e-10)
    assert again.to_dict() == restored.to_dict()


def test_every_field_mutated_in_turn_is_refused_or_harmless() -> None:
    data = _json(_session(3).to_dict())
    accepted = refused = 0
    for path in _paths(data):
        for name, change in _MUTATIONS:
            mutated = _mutated(data, path, change)
            try:
                restored = TutoringSession.from_dict(BANK, mutated)
            except SessionStateError:
                refused += 1
                continue
            accepted += 1
            try:
                _check_harmless(restored)
            except AssertionError as error:  # pragma: no cover - names the case
                raise AssertionError(f"{name} at {path}: {error}") from None
    assert refused > 3 * accepted > 0


def test_a_deleted_or_added_field_is_refused() -> None:
    data = _json(_session(2).to_dict())
    for key in list(data):
        smaller = dict(data)
        del smaller[key]
        with pytest.raises(SessionStateError):
            TutoringSession.from_dict(BANK, smaller)
    with pytest.raises(SessionStateError, match="unknown fields \\['posterior'\\]"):
        TutoringSession.from_dict(BANK, {**data, "posterior": [0.0]})


# --------------------------------------------------------------------------- round trips
_ANSWERS = st.lists(
    st.tuples(
        st.integers(0, len(BANK) - 1),
        st.integers(0, 2),
        st.one_of(st.none(), st.floats(0, 2e9, allow_nan=False)),
        st.one_of(st.none(), st.floats(0, 600, allow_nan=False)),
        st.booleans(),
    ),
    max_size=25,
)


@settings(max_examples=40, deadline=None)
@given(answers=_ANSWERS, seed=st.integers(0, 2**53 - 1), sort_keys=st.booleans())
def test_any_session_round_trips_through_json(
    answers: list[tuple[int, int, float | None, float | None, bool]], seed: int, sort_keys: bool
) -> None:
    session = TutoringSession(BANK, seed=seed, stopping_rule=MaxItems(100))
    for step, (position, score, stamp, seconds, with_id) in enumerate(answers):
        item = BANK.items[position]
        session.record(
            item.id,
            min(score, item.max_score),
            timestamp=stamp,
            response_time=seconds,
            answer_id=f"id-{step}" if with_id else None,
        )
    session.next_item()
    text = json.dumps(session.to_dict(), sort_keys=sort_keys)
    restored = TutoringSession.from_dict(BANK, json.loads(text), stopping_rule=MaxItems(100))
    assert restored.to_dict() == session.to_dict()
    assert restored.revision == session.revision
    np.testing.assert_allclose(
        restored.ability_view().posterior, session.ability_view().posterior, atol=1e-10
    )
    assert restored.history.drop(columns=["theta", "se", "overall_theta", "overall_se"]).equals(
        session.history.drop(columns=["theta", "se", "overall_theta", "overall_se"])
    )


def test_sixty_answers_fit_in_six_kilobytes() -> None:
    bank = load_shipped_bank("arithmetic")
    session = TutoringSession(bank, seed=3, learner_id="child-0001", stopping_rule=MaxItems(100))
    rng = np.random.default_rng(0)
    for step in range(60):
        item = session.next_item()
        assert item is not None
        session.record(
            item.id,
            int(rng.random() < 0.7) * item.max_score,
            timestamp=1_767_225_600.0 + 25.0 * step,
            response_time=round(float(rng.uniform(3, 40)), 1),
            answer_id=f"5f0c2b1e-8d3a-4c7e-9b2f-{step:012d}",  # as long as a UUID
        )
    assert len(json.dumps(session.to_dict())) < 6_000


def test_a_state_is_refused_by_the_bank_with_the_same_items_but_other_skills() -> None:
    one = make_bank(4, skills=1, enemies=False, polytomous=False)
    document = one.to_dict()
    document["skills"].append({"id": "extra", "name": "Extra", "grade": 1, "prerequisites": []})
    document["items"][1]["skills"] = ["extra"]
    two = type(one).from_dict(document)
    data = TutoringSession(one, seed=1).to_dict()
    with pytest.raises(SessionStateError, match="another version of item bank"):
        TutoringSession.from_dict(two, data)
    restored = TutoringSession.from_dict(one, data)
    assert restored.learner_model.skill_ids == one.skill_ids
