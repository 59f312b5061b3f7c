"""Self-directed choice: offer_choices (session and stateless) and the "child picks" policy."""

from __future__ import annotations

import json

import numpy as np
import pytest

from adaptive_tutor.exceptions import SessionStateError
from adaptive_tutor.selection import GradeBand, NoRepeat, TargetProbability
from adaptive_tutor.session import TutoringSession, offer_choices, record_response
from adaptive_tutor.simulation import ChildPicks, simulate
from adaptive_tutor.stopping import MaxItems
from session_helpers import make_bank

BANK = make_bank(20, enemies=False, b_sd=1.5)  # 60 items over a wide range
LABELS = ["review", "just_right", "challenge"]


def _answered(n: int, seed: int = 1, **options: object) -> TutoringSession:
    session = TutoringSession(BANK, seed=seed, stopping_rule=MaxItems(100), **options)  # type: ignore[arg-type]
    for _ in range(n):
        item = session.next_item()
        assert item is not None
        session.record(item.id, item.max_score)
    return session


def test_the_menu_is_labelled_easiest_first_near_its_targets() -> None:
    menu = _answered(4).offer_choices()
    assert [choice.label for choice in menu] == LABELS
    assert len({choice.item.id for choice in menu}) == 3
    success = [choice.success_probability for choice in menu]
    assert success == sorted(success, reverse=True)
    for choice in menu:
        assert abs(choice.success_probability - choice.target) < 0.1


def test_the_predictions_are_the_practice_selectors() -> None:
    session = _answered(3)
    menu = session.offer_choices()
    predicted = TargetProbability().success_probability(session._context(None))
    for choice in menu:
        assert choice.success_probability == pytest.approx(predicted[BANK.index_of(choice.item.id)])


def test_only_eligible_items_are_offered() -> None:
    selector = TargetProbability(eligibility=[NoRepeat(), GradeBand(1, 1)])
    session = TutoringSession(BANK, selector=selector, seed=2)
    answered = set()
    for _ in range(5):
        menu = session.offer_choices()
        for choice in menu:
            assert choice.item.grade == 1
            assert choice.item.id not in answered
        session.record(menu[0].item.id, 1)
        answered.add(menu[0].item.id)


def test_asking_again_returns_the_same_menu_without_a_change() -> None:
    session = _answered(2)
    first = session.offer_choices()
    revision = session.revision
    again = session.offer_choices()
    assert [c.item.id for c in again] == [c.item.id for c in first]
    assert session.revision == revision


def test_a_resumed_session_offers_the_same_menu() -> None:
    running = _answered(3, seed=5)
    resumed = TutoringSession.from_dict(BANK, json.loads(json.dumps(running.to_dict())))
    assert [c.item.id for c in resumed.offer_choices()] == [
        c.item.id for c in running.offer_choices()
    ]


def test_strict_mode_accepts_any_item_of_the_menu_only() -> None:
    session = _answered(2, strict=True)
    menu = session.offer_choices()
    outside = next(i for i in BANK.item_ids if i not in {c.item.id for c in menu})
    with pytest.raises(SessionStateError, match="not on offer"):
        session.record(outside, 1)
    session.record(menu[2].item.id, 0)
    assert bool(session.history["offered"].iloc[-1])
    with pytest.raises(SessionStateError, match="not on offer"):  # the menu is gone
        session.record(menu[0].item.id, 1)


def test_a_non_strict_session_also_records_another_item() -> None:
    session = _answered(2)
    menu = session.offer_choices()
    outside = next(i for i in BANK.item_ids if i not in {c.item.id for c in menu})
    session.record(outside, 1)
    assert not bool(session.history["offered"].iloc[-1])


@pytest.mark.parametrize(
    ("k", "labels"),
    [
        (1, ["just_right"]),
        (2, ["review", "just_right"]),
        (5, ["review", "review", "just_right", "just_right", "challenge"]),
    ],
)
def test_k_choices_fill_labels_from_just_right_outwards(k: int, labels: list[str]) -> None:
    assert [c.label for c in _answered(2).offer_choices(k)] == labels


def test_custom_targets() -> None:
    menu = _answered(2).offer_choices(2, targets={"easy": 0.95, "hard": 0.4})
    assert [c.label for c in menu] == ["easy", "hard"]
    assert [c.target for c in menu] == [0.95, 0.4]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"k": 0}, "'k'"),
        ({"k": 21}, "'k'"),
        ({"targets": {}}, "targets"),
        ({"targets": {"easy": 1.0}}, "targets\\['easy'\\]"),
        ({"targets": {"": 0.5}}, "label"),
    ],
)
def test_bad_choice_settings_are_refused(options: dict[str, object], message: str) -> None:
    with pytest.raises((TypeError, ValueError), match=message):
        _answered(0).offer_choices(**options)  # type: ignore[arg-type]


def test_a_stopped_session_offers_nothing() -> None:
    session = TutoringSession(BANK, seed=1, stopping_rule=MaxItems(1))
    session.record(session.offer_choices()[1].item.id, 1)
    assert session.offer_choices() == []
    assert session.stop_decision().reason == "max_items"


def test_an_exhausted_bank_offers_nothing_and_stops() -> None:
    bank = make_bank(1, enemies=False)
    session = TutoringSession(bank, seed=1, stopping_rule=MaxItems(100))
    for item_id in bank.item_ids:
        session.record(item_id, 1)
    assert session.offer_choices() == []
    assert session.stop_decision().reason == "bank_exhausted"


def test_fewer_eligible_items_than_choices_give_a_shorter_menu() -> None:
    bank = make_bank(1, enemies=False)  # 3 items
    session = TutoringSession(bank, seed=1)
    session.record(bank.item_ids[0], 1)
    assert len(session.offer_choices(3)) == 2


def test_the_stateless_form_keeps_the_menu_in_the_state() -> None:
    choices, state = offer_choices(BANK, None, seed=4, learner_id="mia")
    assert [c.label for c in choices] == LABELS
    state = json.loads(json.dumps(state))
    assert [entry["label"] for entry in state["choices"]] == LABELS
    state = record_response(BANK, state, choices[0].item.id, 1, learner_id="mia")
    assert state["choices"] is None
    assert state["history"]["offered"] == [True]


def test_the_stateless_form_signs_when_given_a_secret() -> None:
    secret = b"a secret of sixteen+ bytes"
    choices, token = offer_choices(BANK, None, seed=4, secret=secret)
    token = record_response(BANK, token, choices[1].item.id, 0, secret=secret)
    assert TutoringSession.from_token(BANK, token, secret).n_responses == 1


# --------------------------------------------------------------------------- simulation
def test_child_picks_runs_real_sessions_and_is_reproducible() -> None:
    policy = ChildPicks(preferences={"just_right": 2, "challenge": 1})
    design = {"selector": TargetProbability(), "stopping_rule": MaxItems(6), "seed": 3}
    first = simulate(BANK, 8, child_choice=policy, **design)  # type: ignore[arg-type]
    again = simulate(BANK, 8, child_choice=policy, **design)  # type: ignore[arg-type]
    assert first.engine == "per_learner"
    assert "child picks" in first.engine_note
    assert first.steps.equals(again.steps)
    assert first.settings["child choice"].startswith("ChildPicks(")


def test_children_who_pick_challenges_succeed_less_often() -> None:
    def success_rate(label: str) -> float:
        result = simulate(
            BANK,
            np.zeros(25),
            selector=TargetProbability(),
            stopping_rule=MaxItems(12),
            child_choice=ChildPicks(preferences={label: 1.0}),
            seed=11,
        )
        return float(result.steps["response"].mean())

    assert success_rate("review") > success_rate("just_right") > success_rate("challenge")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"preferences": {"hard": 1.0}}, "names label 'hard'"),
        ({"preferences": {"review": -1.0}}, "finite number >= 0"),
        ({"preferences": {"review": 0.0}}, "every label weight 0"),
        ({"k": 0}, "'k'"),
    ],
)
def test_bad_child_picks_settings_are_refused(options: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        ChildPicks(**options)  # type: ignore[arg-type]


def test_simulate_refuses_another_child_choice() -> None:
    with pytest.raises(TypeError, match="'child_choice' parameter of simulate"):
        simulate(BANK, 2, child_choice="child picks")  # type: ignore[arg-type]
