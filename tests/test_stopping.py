"""Stopping rules: one contract over every rule, their settings, mastery-classified stops."""

from __future__ import annotations

import json
from collections.abc import Callable

import numpy as np
import pytest

from adaptive_tutor.exceptions import SessionStateError
from adaptive_tutor.selection import MaxInformation, TargetProbability
from adaptive_tutor.stopping import (
    AllOf,
    AnyOf,
    BankExhausted,
    ConfidenceIntervalMastery,
    MasteryClassified,
    MaxItems,
    MinItems,
    SPRTMastery,
    StandardErrorBelow,
    StoppingRule,
    TimeBudget,
)
from session_helpers import counted_session, make_bank, run_session

BANK = make_bank(6)  # 18 items, 3 skills, mixed 2PL/3PL/GRM, enemy pairs


RULES: dict[str, Callable[[], StoppingRule]] = {
    "max_items": lambda: MaxItems(5),
    "min_items_and_se": lambda: AllOf(MinItems(3), StandardErrorBelow(0.8)),
    "standard_error": lambda: StandardErrorBelow(0.75),
    "skill_standard_error": lambda: StandardErrorBelow(0.9, skills=["count"]),
    "mastery_ci": lambda: MasteryClassified(ConfidenceIntervalMastery(0.0, level=0.8)),
    "mastery_sprt": lambda: MasteryClassified(SPRTMastery(0.0, indifference=0.5)),
    "time_budget": lambda: TimeBudget(45),
    "bank_exhausted": BankExhausted,
    "any_of": lambda: AnyOf(MaxItems(7), StandardErrorBelow(0.5)),
}


@pytest.mark.parametrize("name", sorted(RULES))
def test_rule_stops_with_a_machine_readable_reason(name: str) -> None:
    session = counted_session(BANK, MaxInformation(), stopping_rule=RULES[name]())
    given = run_session(session, 0.4, np.random.default_rng(7))
    decision = session.stop_decision()
    assert decision.stop
    assert isinstance(decision.reason, str)
    assert decision.reason.replace("_", "").replace("+", "").isalpha()
    json.dumps(decision.to_dict())
    assert 0 < len(given) <= len(BANK)


@pytest.mark.parametrize("name", sorted(RULES))
def test_rule_refuses_responses_after_the_stop(name: str) -> None:
    session = counted_session(BANK, MaxInformation(), stopping_rule=RULES[name]())
    run_session(session, 0.4, np.random.default_rng(7))
    remaining = next(i for i in BANK.item_ids if i not in set(session.history["item_id"]))
    with pytest.raises(SessionStateError, match="has stopped"):
        session.record(remaining, 0)


@pytest.mark.parametrize("name", sorted(RULES))
def test_rule_is_deterministic(name: str) -> None:
    runs = [
        run_session(
            counted_session(BANK, MaxInformation(), stopping_rule=RULES[name](), seed=3),
            -0.5,
            np.random.default_rng(9),
        )
        for _ in range(2)
    ]
    assert runs[0] == runs[1]


@pytest.mark.parametrize("name", sorted(RULES))
def test_rule_does_not_stop_before_the_first_response(name: str) -> None:
    session = counted_session(BANK, MaxInformation(), stopping_rule=RULES[name]())
    assert session.next_item() is not None


def test_bad_rule_settings_use_the_standard_message() -> None:
    with pytest.raises(ValueError, match="The 'max_items' parameter of MaxItems must be"):
        MaxItems(0)
    with pytest.raises(ValueError, match="The 'threshold' parameter of StandardErrorBelow"):
        StandardErrorBelow(-0.1)
    with pytest.raises(ValueError, match="The 'target' parameter of TargetProbability"):
        TargetProbability(1.0)
