"""ClassReport: attention list, mastery grid, growth, subgroups and thin data."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from adaptive_tutor.exceptions import ResponseDataError
from adaptive_tutor.reports.class_report import ClassReport
from reports_fixtures import make_bank, simulate_log


@pytest.fixture(scope="module")
def bank():
    return make_bank()


@pytest.fixture(scope="module")
def log(bank):
    return simulate_log(bank, n_learners=30, n_sessions=4, growth=0.6)


def _groups(n: int = 30) -> pd.Series:
    return pd.Series(np.where(np.arange(n) % 2, "g1", "g2"), index=[f"L{i:02d}" for i in range(n)])


def test_mastery_frame_is_tidy_learner_by_skill(bank, log):
    mastery = ClassReport(log, bank).to_frame("mastery")
    assert len(mastery) == 30 * len(bank.skill_ids)
    assert not mastery.duplicated(["learner_id", "skill_id"]).any()
    assert mastery["p_mastery"].between(0, 1).all()


def test_simulated_growth_is_positive_on_average(bank, log):
    growth = ClassReport(log, bank).to_frame("growth")
    assert growth["growth"].mean() > 0.2


def test_growth_between_given_dates(bank, log):
    report = ClassReport(log, bank, growth_between=("2026-03-02", "2026-03-09"))
    assert "March 9, 2026" in report.section("growth").note


def test_attention_is_the_first_section_and_the_attention_list(bank, log):
    from adaptive_tutor.attention import attention_list

    report = ClassReport(log, bank, learner_grades=dict.fromkeys(log["learner_id"], 3))
    assert next(iter(report.frames)) == "attention"
    expected = attention_list(log, bank, learner_grades=dict.fromkeys(log["learner_id"], 3))
    pd.testing.assert_frame_equal(report.attention, expected)
    html = report.to_html()
    assert "Who needs attention" in html
    if len(expected):
        assert str(expected["learner_id"].iloc[0]) in html


def test_attention_settings_pass_through(bank, log):
    report = ClassReport(log, bank, attention={"inactive_days": 0.001})
    assert report.attention["reasons"].map(lambda r: "inactive" in r).any()
    with pytest.raises(ValueError, match="'attention' parameter of ClassReport"):
        ClassReport(log, bank, attention=[("inactive_days", 1)])  # type: ignore[arg-type]


def test_subgroups_compare_levels(bank, log):
    table = ClassReport(log, bank, groups=_groups()).to_frame("subgroups")
    assert table["group"].tolist() == ["g1", "g2"]
    assert table["n_learners"].sum() == 30


def test_group_column_with_one_level_says_not_enough_data(bank, log):
    report = ClassReport(log.assign(school="north"), bank, groups="school")
    section = report.section("subgroups")
    assert not section.has_data
    assert "one level ('north')" in section.empty_message
    assert (
        "Not enough data"
        in ClassReport(
            log.assign(school="north"), bank, groups="school", audience="analyst"
        ).to_html()
    )


def test_log_without_timestamps_skips_growth_explicitly(bank, log):
    plain = log[["learner_id", "item_id", "response"]]
    report = ClassReport(plain, bank)
    assert report.section("growth").empty_message == "the log has no timestamp column."
    assert "Not checked" in report.section("attention").note
    assert "falling behind" in report.section("attention").note


def test_empty_log_renders_not_enough_data_without_charts(bank):
    empty = pd.DataFrame({"learner_id": [], "item_id": [], "response": []})
    html = ClassReport(empty, bank, audience="analyst").to_html()
    assert "<svg" not in html
    assert html.count("Not enough data") >= 3
    teacher = ClassReport(empty, bank).to_html()
    assert "<svg" not in teacher
    assert "No answers yet." in teacher


def test_class_report_is_deterministic(bank, log):
    assert (
        ClassReport(log, bank, groups=_groups()).to_html()
        == ClassReport(log, bank, groups=_groups()).to_html()
    )


def test_growth_between_with_the_later_date_first_is_an_error(bank, log):
    with pytest.raises(ValueError, match=r"'growth_between' .* start before end"):
        ClassReport(log, bank, growth_between=("2026-03-09", "2026-03-02"))


def test_unparsable_timestamp_names_the_rows(bank, log):
    broken = log.copy()
    broken["timestamp"] = broken["timestamp"].astype(str)
    broken.loc[broken.index[3], "timestamp"] = "next tuesday"
    with pytest.raises(ResponseDataError, match=r"timestamp .* row\(s\) '3'"):
        ClassReport(broken, bank)


def _staggered_log(bank, n_learners: int = 30, n_single: int = 3) -> pd.DataFrame:
    """Learners on different weekdays and start dates; a few come in one week only."""
    rng = np.random.default_rng(11)
    ids = list(bank.item_ids)
    rows = []
    for k in range(n_learners + n_single):
        start = pd.Timestamp("2026-09-01 16:00") + pd.Timedelta(days=int(k % 7) + 7 * int(k % 3))
        weeks = 1 if k >= n_learners else 3 + int(k % 2)
        picks = rng.permutation(len(ids))
        for week in range(weeks):
            for j in range(5):
                item = ids[picks[(5 * week + j) % len(ids)]]
                stamp = start + pd.Timedelta(days=7 * week, minutes=j)
                rows.append((f"S{k:02d}", item, int(rng.random() < 0.3 + 0.15 * week), stamp))
    return pd.DataFrame(rows, columns=["learner_id", "item_id", "response", "timestamp"])


def test_growth_compares_every_learner_with_two_weeks_on_any_weekday(bank):
    log = _staggered_log(bank)
    report = ClassReport(log, bank)
    growth = report.to_frame("growth")
    two_weeks = {f"S{k:02d}" for k in range(30)}
    assert set(growth["learner_id"]) == two_weeks
    assert (growth["weeks"] >= 3).all()
    text = report.to_text()
    assert "Compared 30 of 33 learners" in text
    assert "3 learners are not compared: all their answers fall within one week." in text


def test_growth_uses_each_learners_own_first_and_last_week(bank):
    log = _staggered_log(bank, n_learners=2, n_single=0)
    growth = ClassReport(log, bank).to_frame("growth").set_index("learner_id")
    for learner, rows in log.groupby("learner_id"):
        first_day = rows["timestamp"].min().normalize()
        assert growth.loc[learner, "first_week"] == first_day
        assert growth.loc[learner, "n_start"] == 5  # the five answers of the first week
        assert growth.loc[learner, "n_end"] == 5


def test_class_page_shows_grade_levels_and_school_grades(bank, log):
    grades = dict.fromkeys(log["learner_id"].unique(), 2)
    report = ClassReport(log, bank, learner_grades=grades)
    abilities = report.to_frame("abilities")
    assert (abilities["school_grade"] == 2).all()
    assert abilities["grade_level"].between(1, 3).all()
    html = report.to_html()
    assert "How the class is spread" in html
    assert "School grade" in html
    assert "about grade" in html


@pytest.mark.parametrize(
    ("locale", "lead", "fold"),
    [
        ("en", "the 15 most urgent come first", "more children who need attention"),
        ("ko", "가장 급한 15명을 먼저 보여 줍니다", "관심이 필요한 다른 아이"),
    ],
)
def test_a_long_attention_list_shows_the_most_urgent_first_and_folds_the_rest(
    bank, log, locale: str, lead: str, fold: str
):
    from adaptive_tutor.reports._class_page import ATTENTION_SHOWN

    report = ClassReport(log, bank, attention={"inactive_days": 0.001}, locale=locale)
    flagged = list(report.attention["learner_id"])
    assert len(flagged) > ATTENTION_SHOWN
    section = report.to_html().split('id="attention"')[1].split("</section>")[0]
    shown, folded = section.split("<details>")
    assert lead in shown
    assert f"{len(flagged) - ATTENTION_SHOWN}" in folded.split("</summary>")[0]
    assert fold in folded.split("</summary>")[0]
    assert f'<td class="nowrap">{flagged[0]}</td>' in shown  # an id never breaks inside
    assert [i for i in flagged if f">{i}<" in shown] == flagged[:ATTENTION_SHOWN]
    assert [i for i in flagged if f">{i}<" in folded] == flagged[ATTENTION_SHOWN:]


def test_a_short_attention_list_has_no_fold(bank, log):
    report = ClassReport(log, bank, learner_grades=dict.fromkeys(log["learner_id"], 3))
    assert 0 < len(report.attention) <= 15
    section = report.to_html().split('id="attention"')[1].split("</section>")[0]
    assert "<details>" not in section


@pytest.mark.parametrize(("locale", "unit"), [("en", " grades"), ("ko", "학년")])
def test_the_growth_chart_labels_each_change_with_its_unit(bank, log, locale, unit):
    html = ClassReport(log, bank, locale=locale).to_html()
    changes = re.findall(r">([+−-]?\d+\.\d)( grades|학년)?</text>", html)
    assert len(changes) == 30  # one label per learner on the paired-dots chart
    assert {rest for _, rest in changes} == {unit}


@pytest.mark.parametrize(
    ("locale", "words"), [("en", "expected at least grade 2"), ("ko", "기대 수준 2학년 이상")]
)
def test_below_level_says_the_expected_grade_is_a_minimum(bank, log, locale, words):
    grades = dict.fromkeys(log["learner_id"], 3)  # in grade 3: flagged below grade 2's level
    report = ClassReport(log, bank, learner_grades=grades, locale=locale)
    assert report.attention["reasons"].map(lambda reasons: "below_level" in reasons).any()
    assert words in report.to_html()


@pytest.mark.parametrize(
    ("locale", "words"), [("en", "so the two can differ"), ("ko", "두 결과가")]
)
def test_the_growth_section_says_how_it_differs_from_the_attention_list(bank, log, locale, words):
    assert words in ClassReport(log, bank, locale=locale).to_html()
