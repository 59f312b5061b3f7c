"""Grade levels in reports: values match hand computations; words, ends and school grade."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from adaptive_tutor.exceptions import ResponseDataError
from adaptive_tutor.item_bank import ItemBank
from adaptive_tutor.reports import LearnerReport
from adaptive_tutor.reports._grades import grade_words
from adaptive_tutor.reports._i18n import Localizer
from reports_fixtures import bank_document, simulate_log

DOCUMENT = bank_document()
BANK = ItemBank.from_dict(DOCUMENT)


def _hand_curve() -> tuple[list[float], list[float]]:
    """Mean item location per grade, straight from the JSON (GRM: mean of thresholds)."""
    by_grade: dict[int, list[float]] = {}
    for item in DOCUMENT["items"]:
        irt = item["irt"]
        location = irt["b"] if "b" in irt else float(np.mean(irt["thresholds"]))
        by_grade.setdefault(item["grade"], []).append(location)
    grades = sorted(by_grade)
    return [float(g) for g in grades], [float(np.mean(by_grade[g])) for g in grades]


def _interpolate(theta: float, grades: list[float], abilities: list[float]) -> float:
    """Linear interpolation written out, clamped at the ends."""
    if theta <= abilities[0]:
        return grades[0]
    if theta >= abilities[-1]:
        return grades[-1]
    for k in range(len(grades) - 1):
        if abilities[k] <= theta <= abilities[k + 1]:
            share = (theta - abilities[k]) / (abilities[k + 1] - abilities[k])
            return grades[k] + share * (grades[k + 1] - grades[k])
    raise AssertionError("not reached")


@pytest.fixture(scope="module")
def report():
    log = simulate_log(BANK, n_learners=6, n_sessions=3, seed=5)
    return LearnerReport(log, BANK, "L02")


def test_overall_grade_level_matches_hand_interpolation(report):
    grades, abilities = _hand_curve()
    assert abilities == sorted(abilities)  # this bank's curve rises with the grade
    theta = report.summary["theta"]
    assert report.summary["grade_level"] == pytest.approx(_interpolate(theta, grades, abilities))


def test_skill_grade_level_uses_the_curve_through_the_skills_benchmark(report):
    grades, abilities = _hand_curve()
    skills = report.to_frame()
    for row in skills.itertuples(index=False):
        # the bank's curve moved so that the skill's benchmark sits at the skill's grade
        at_grade = _interpolate_ability(float(row.grade), grades, abilities)
        shift = BANK.skill_benchmarks[BANK.skill_ids.index(row.skill_id)] - at_grade
        moved = [a + shift for a in abilities]
        assert row.grade_level == pytest.approx(_interpolate(row.theta, grades, moved))
        assert row.grade_lower == pytest.approx(_interpolate(row.ci_lower, grades, moved))
        assert row.grade_upper == pytest.approx(_interpolate(row.ci_upper, grades, moved))


def _interpolate_ability(grade: float, grades: list[float], abilities: list[float]) -> float:
    return float(np.interp(grade, grades, abilities))


def test_a_skill_at_its_benchmark_works_at_its_grade():
    # ability exactly at the benchmark of the grade-2 skill 'sub' reads as grade 2.0
    benchmark = float(BANK.skill_benchmarks[BANK.skill_ids.index("sub")])
    grades, abilities = _hand_curve()
    shift = benchmark - _interpolate_ability(2.0, grades, abilities)
    assert _interpolate(benchmark, grades, [a + shift for a in abilities]) == pytest.approx(2.0)


def test_ends_read_below_and_above(report):
    frame = report.to_frame()
    for row in frame.itertuples(index=False):
        if row.grade_beyond == "below":
            assert row.grade_level == 1.0
        if row.grade_beyond == "above":
            assert row.grade_level == 3.0
    loc = Localizer("en")
    assert grade_words(1.0, "below", loc) == "below grade 1"
    assert grade_words(3.0, "above", loc) == "above grade 3"
    assert grade_words(2.64, "", loc) == "about grade 2.6"
    korean = Localizer("ko")
    assert grade_words(2.64, "", korean) == "약 2.6학년"
    assert grade_words(1.0, "below", korean) == "1학년 미만"


def test_all_wrong_reads_below_the_lowest_grade():
    log = pd.DataFrame(
        {"learner_id": "z", "item_id": list(BANK.item_ids), "response": [0] * len(BANK)}
    )
    report = LearnerReport(log, BANK, "z")
    assert report.summary["grade_beyond"] == "below"
    assert "below grade 1" in report.to_text()


def test_school_grade_from_the_parameter_or_the_log(report):
    log = simulate_log(BANK, n_learners=3, n_sessions=2, seed=1).assign(grade=2)
    assert LearnerReport(log, BANK, "L01").learner_grade == 2.0
    page = LearnerReport(log, BANK, "L01", learner_grade=3).to_text()
    assert "School grade: 3" in page
    assert "Working at: about grade" in page or "Working at: below grade" in page


def test_a_bad_school_grade_is_named():
    log = simulate_log(BANK, n_learners=2, n_sessions=1, seed=1).assign(grade="third")
    with pytest.raises(ResponseDataError, match="'grade'"):
        LearnerReport(log, BANK, "L01")
    with pytest.raises(ValueError, match="'learner_grade'"):
        LearnerReport(log.drop(columns="grade"), BANK, "L01", learner_grade=20)


def test_session_levels_follow_the_answers_of_each_session():
    ids = list(BANK.item_ids)
    rows = []
    for session, right in ((1, 0.0), (2, 0.5), (3, 1.0)):
        for k in range(6):
            item = BANK[ids[(session - 1) * 6 + k]]
            score = round(right * item.max_score) if right != 0.5 else k % 2
            rows.append(("x", item.id, score, f"s{session}"))
    log = pd.DataFrame(rows, columns=["learner_id", "item_id", "response", "session_id"])
    trajectory = LearnerReport(log, BANK, "x").to_frame("trajectory")
    levels = trajectory["session_theta"].to_numpy()
    assert levels[0] < levels[1] < levels[2]
    assert (trajectory["session_se"] > 0).all()


def test_a_session_with_one_answer_sits_near_the_overall_level():
    ids = list(BANK.item_ids)
    rows = [("y", ids[k], 1, "s1") for k in range(12)] + [("y", ids[12], 0, "s2")]
    log = pd.DataFrame(rows, columns=["learner_id", "item_id", "response", "session_id"])
    trajectory = LearnerReport(log, BANK, "y").to_frame("trajectory")
    overall = trajectory["theta"].iloc[-1]
    # one wrong answer moves the second session a little below the overall level, not to 0
    assert overall - 1.0 < trajectory["session_theta"].iloc[1] < overall
