"""The ``make demo`` practice run gives a sensible session on the shipped arithmetic bank."""

from __future__ import annotations

from adaptive_tutor.demo import simulated_practice
from adaptive_tutor.selection import PrerequisitesMastered
from adaptive_tutor.shipped_banks import load_shipped_bank
from adaptive_tutor.stopping import MIN_RESPONSES_FOR_MASTERY


def test_demo_practice_uses_the_default_prerequisite_gate_and_does_not_run_dry() -> None:
    session, text = simulated_practice(load_shipped_bank("arithmetic"), n_items=(12, 12))
    gate = session.selector.eligibility[-1]
    assert isinstance(gate, PrerequisitesMastered)
    assert gate.classifier.cut == "grade"
    assert gate.classifier.min_responses == MIN_RESPONSES_FOR_MASTERY
    history = session.history
    assert len(history) == 24
    assert "reason: max_items" in text
    assert history["skill_id"].nunique() >= 3
    assert 0.6 <= history["correct"].mean() <= 0.95
