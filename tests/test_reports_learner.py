"""LearnerReport: content, recommendations, escaping, determinism and thin data."""

from __future__ import annotations

import pandas as pd
import pytest

from adaptive_tutor.exceptions import ResponseDataError
from adaptive_tutor.mastery import STATUSES
from adaptive_tutor.reports.learner_report import LearnerReport
from reports_fixtures import make_bank, simulate_log

SCRIPT = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def bank():
    return make_bank(prompt=SCRIPT)


@pytest.fixture(scope="module")
def log(bank):
    return simulate_log(bank, n_learners=12, n_sessions=3)


def test_skills_frame_has_intervals_around_theta(bank, log):
    skills = LearnerReport(log, bank, "L03").to_frame()
    assert list(skills["skill_id"]) == list(bank.skill_ids)
    assert (skills["ci_lower"] < skills["theta"]).all()
    assert (skills["theta"] < skills["ci_upper"]).all()
    assert set(skills["status"]) <= set(STATUSES)


def test_trajectory_has_one_row_per_session_with_growing_evidence(bank, log):
    trajectory = LearnerReport(log, bank, "L01").to_frame("trajectory")
    assert len(trajectory) == log.loc[log["learner_id"] == "L01", "session_id"].nunique()
    assert trajectory["n_items"].is_monotonic_increasing
    assert trajectory["se"].iloc[-1] < trajectory["se"].iloc[0]


def test_benchmark_controls_mastery(bank, log):
    low = LearnerReport(log, bank, "L02", benchmark=-10.0).to_frame()
    high = LearnerReport(log, bank, "L02", benchmark=10.0).to_frame()
    assert (low["status"] == "mastered").all()
    assert (high["status"] == "not_mastered").all()


def test_recommendations_need_mastered_prerequisites(bank):
    # the learner got every counting item right and every other item wrong
    rows = [(item.id, item.max_score if "count" in item.skills else 0) for item in bank.items]
    log = pd.DataFrame(
        {"learner_id": "ann", "item_id": [r[0] for r in rows], "response": [r[1] for r in rows]}
    )
    cuts = {"count": -3.0, "add": 0.0, "sub": 0.0, "mul": 0.0}
    report = LearnerReport(log, bank, "ann", benchmark=cuts)
    assert report.to_frame().set_index("skill_id").loc["count", "status"] == "mastered"
    recommended = report.to_frame("recommendations")
    assert recommended["skill_id"].tolist() == ["add"]  # sub and mul need add first
    # every add item was answered (wrongly): they come back for review
    assert recommended["items"].iloc[0] == ()
    assert all(i.startswith("add-") for i in recommended["review_items"].iloc[0])


def test_recommended_items_are_unanswered_items_of_the_skill(bank):
    log = pd.DataFrame({"learner_id": "bo", "item_id": ["count-1", "add-1"], "response": [0, 0]})
    recommended = LearnerReport(log, bank, "bo", benchmark=0.0).to_frame("recommendations")
    items = recommended.set_index("skill_id").loc["count", "items"]
    assert len(items) == 3
    assert all(i.startswith("count-") and i != "count-1" for i in items)


def test_activity_reports_accuracy_and_minutes(bank, log):
    own = log[log["learner_id"] == "L04"]
    activity = LearnerReport(log, bank, "L04").to_frame("activity").set_index("skill_id")
    count_rows = own[own["item_id"].str.startswith("count-")]
    maxima = count_rows["item_id"].map({i.id: i.max_score for i in bank.items})
    assert activity.loc["count", "accuracy"] == pytest.approx(
        (count_rows["response"] / maxima).mean()
    )
    assert activity.loc["count", "minutes"] == pytest.approx(count_rows["response_time"].sum() / 60)


def test_script_prompt_and_learner_id_render_inert(bank, log):
    odd = log.assign(learner_id=log["learner_id"].replace({"L05": SCRIPT}))
    html = LearnerReport(odd, bank, SCRIPT).to_html()
    assert "<script" not in html.lower()
    assert "&lt;script&gt;" in html


def test_two_renders_are_identical(bank, log):
    assert LearnerReport(log, bank, "L06").to_html() == LearnerReport(log, bank, "L06").to_html()


def test_learner_without_answers_gets_not_enough_data_sections(bank, log):
    report = LearnerReport(log.iloc[0:0], bank, "nobody", audience="analyst")
    html = report.to_html()
    assert "Not enough data: this learner has no answers yet." in html
    assert "<svg" not in html
    assert report.to_dict()["sections"]["trajectory"]["not_enough_data"]


def test_single_session_says_progress_needs_two(bank):
    log = pd.DataFrame(
        {"learner_id": "cy", "item_id": ["count-1"], "response": [1], "session_id": ["s1"]}
    )
    section = LearnerReport(log, bank, "cy").section("trajectory")
    assert not section.has_data
    assert "only one session" in section.empty_message


def test_unknown_item_is_named(bank, log):
    bad = pd.concat(
        [log, pd.DataFrame({"learner_id": ["L01"], "item_id": ["ghost-9"], "response": [1.0]})]
    )
    with pytest.raises(ResponseDataError, match="'ghost-9'"):
        LearnerReport(bad, bank, "L01")


def test_score_above_item_maximum_is_named(bank):
    log = pd.DataFrame({"learner_id": ["a"], "item_id": ["count-2"], "response": [3]})
    with pytest.raises(ResponseDataError, match="'count-2'"):
        LearnerReport(log, bank, "a")


def test_missing_column_is_reported(bank):
    with pytest.raises(ResponseDataError, match="'response'"):
        LearnerReport(pd.DataFrame({"learner_id": ["a"], "item_id": ["count-1"]}), bank, "a")


def test_one_answer_on_a_skill_never_decides_mastery(bank):
    log = pd.DataFrame({"learner_id": ["x"], "item_id": [bank.item_ids[0]], "response": [1]})
    skills = LearnerReport(log, bank, "x", benchmark=-5.0).to_frame()
    assert skills.loc[skills["n_responses"] == 1, "status"].tolist() == ["too_few_answers"]


def test_session_history_without_timestamps_is_accepted(bank):
    from adaptive_tutor.session import TutoringSession
    from adaptive_tutor.stopping import MaxItems

    session = TutoringSession(bank, stopping_rule=MaxItems(4), seed=2, learner_id="kid")
    while (item := session.next_item()) is not None:
        session.record(item.id, 1)
    report = LearnerReport(session.history, bank, "kid", audience="analyst")
    assert report.to_frame()["n_responses"].sum() == 4
    assert "Not enough data" in report.to_text()


def test_numeric_timestamps_are_unix_seconds(bank):
    day = 86_400.0
    log = pd.DataFrame(
        {
            "learner_id": ["x"] * 4,
            "item_id": list(bank.item_ids[:4]),
            "response": [1, 0, 1, 1],
            "timestamp": [1.7e9, 1.7e9 + 60, 1.7e9 + day, 1.7e9 + day + 60],
        }
    )
    trajectory = LearnerReport(log, bank, "x").to_frame("trajectory")
    assert len(trajectory) == 2


def test_partly_missing_timestamps_are_named(bank):
    log = pd.DataFrame(
        {
            "learner_id": ["x", "x"],
            "item_id": list(bank.item_ids[:2]),
            "response": [1, 0],
            "timestamp": ["2026-01-05", None],
        }
    )
    with pytest.raises(ResponseDataError, match=rf"without a timestamp.*{bank.item_ids[1]}"):
        LearnerReport(log, bank, "x")


def test_learner_missing_from_the_log_is_an_error_naming_known_learners(bank, log):
    with pytest.raises(ResponseDataError, match=r"no answers by learner 'nobody'.*'L01'"):
        LearnerReport(log, bank, "nobody")


def test_learner_id_none_is_rejected(bank, log):
    with pytest.raises(ValueError, match=r"'learner_id' parameter of LearnerReport .* Got None"):
        LearnerReport(log, bank, None)


def test_skill_above_the_benchmark_with_too_few_answers_is_not_called_below(bank):
    item = bank.items_for_skill("count")[0]
    log = pd.DataFrame({"learner_id": ["x"], "item_id": [item.id], "response": [1.0]})
    recommended = LearnerReport(log, bank, "x", benchmark=-5.0).to_frame("recommendations")
    reasons = dict(zip(recommended["skill_id"], recommended["reason"], strict=True))
    assert reasons["count"] == "too_few_answers"
