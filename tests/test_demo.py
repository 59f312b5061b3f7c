"""The ``make demo`` practice run: a sensible session on the shipped arithmetic bank, and
``--bank`` (``make demo BANK=ko_math``) for another shipped bank."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from adaptive_tutor.demo import main, simulated_practice
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
    assert (history["stage"].iloc[:8] == "placement").all()  # the demo opens with a placement
    practice = history[history["stage"] == "practice"]
    assert 0.6 <= practice["correct"].mean() <= 0.95  # the placement's items measure instead


def test_demo_runs_on_the_korean_bank_and_writes_a_korean_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "report.html"
    assert main(["--bank", "ko_math", "", str(report)]) == 0
    out = capsys.readouterr().out
    assert "Adaptive practice on '수학: 수와 연산부터 자료와 가능성까지'" in out
    assert re.search(r"\bkm\.[a-z]+\.\d{3} \[kmath\.", out)
    assert "학습자 보고서" in out  # the report follows the bank's language
    assert report.is_file()


def test_demo_refuses_an_unknown_bank_with_the_names_there_are(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--bank", "ko_mathh"]) == 2
    assert "choose one of:" in capsys.readouterr().out
