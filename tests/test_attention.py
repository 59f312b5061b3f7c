"""attention_list: each reason, severity order, explanations, edge cases and bad thresholds."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

import adaptive_tutor as at
from adaptive_tutor.attention import (
    BELOW_LEVEL,
    DISENGAGED,
    FALLING_BEHIND,
    INACTIVE,
    REASONS,
    attention_list,
    explain_reason,
)
from adaptive_tutor.effort import RapidGuessRule
from adaptive_tutor.exceptions import ResponseDataError
from adaptive_tutor.grade_levels import grade_scale
from adaptive_tutor.irt import category_prob

BANK = at.load_shipped_bank("arithmetic")
START = pd.Timestamp("2026-09-07 15:00")
SCALE = grade_scale(BANK)


def _child(
    learner: str,
    theta: float | list[float],
    rng: np.random.Generator,
    *,
    days: range = range(0, 42, 2),
    per_day: int = 6,
    rapid: float = 0.0,
    timed: bool = True,
) -> list[dict[str, Any]]:
    """Answers on ``days`` (theta per day, or one theta), items near the child's level."""
    rows = []
    used: set[int] = set()
    b = BANK.params.b
    for k, day in enumerate(days):
        ability = theta[k] if isinstance(theta, list) else theta
        order = np.argsort(np.abs(b - ability) + rng.uniform(0, 0.3, b.shape[0]))
        picks = [int(i) for i in order if int(i) not in used][:per_day]
        used.update(picks)
        for n, position in enumerate(picks):
            item = BANK.items[position]
            if rng.random() < rapid:
                score, seconds = 0, 1.0
            else:
                prob = category_prob(BANK.params.take([position]), [ability])[0, 0]
                score = int(rng.choice(prob.shape[0], p=prob / prob.sum()))
                seconds = 60.0 * (item.estimated_minutes or 1.0) * 0.6
            rows.append(
                {
                    "learner_id": learner,
                    "item_id": item.id,
                    "response": score,
                    "timestamp": START + pd.Timedelta(days=day, minutes=n),
                    "response_time": seconds if timed else np.nan,
                }
            )
    return rows


def _log(*children: list[dict[str, Any]]) -> pd.DataFrame:
    return pd.DataFrame([row for child in children for row in child])


def _flags(frame: pd.DataFrame) -> dict[str, tuple[str, ...]]:
    return dict(zip(frame["learner_id"], frame["reasons"], strict=True))


@pytest.fixture(scope="module")
def class_log() -> pd.DataFrame:
    rng = np.random.default_rng(12)
    return _log(
        _child("steady", 0.5, rng),
        _child("low", -2.0, rng),
        _child("decline", [0.8] * 11 + [-0.8] * 10, rng),
        _child("guesser", 0.5, rng, rapid=0.6),
        _child("gone", 0.5, rng, days=range(0, 20, 2)),
    )


@pytest.fixture(scope="module")
def flagged(class_log: pd.DataFrame) -> pd.DataFrame:
    return attention_list(class_log, BANK, learner_grades=dict.fromkeys(class_log["learner_id"], 4))


# ----------------------------------------------------------------------------- each reason
def test_each_planted_child_gets_its_reason_and_the_steady_child_none(flagged) -> None:
    flags = _flags(flagged)
    assert "steady" not in flags
    assert BELOW_LEVEL in flags["low"]
    assert FALLING_BEHIND in flags["decline"]
    assert flags["guesser"] == (DISENGAGED,)
    assert flags["gone"] == (INACTIVE,)


def test_below_level_uses_the_start_of_grade_benchmark(flagged) -> None:
    row = flagged.set_index("learner_id").loc["low"]
    assert row["grade"] == 4
    assert row["expected_grade"] == 3
    assert row["grade_level"] < 3
    assert row["explanation"].startswith("Working below grade 1 overall; expected at least grade 3")


def test_grade_column_and_unknown_grade(class_log) -> None:
    low = class_log.loc[class_log["learner_id"] == "low"]
    by_column = attention_list(low.assign(grade=4), BANK).iloc[0]
    assert by_column["expected_grade"] == 3
    unknown = attention_list(low, BANK, flagged_only=False).iloc[0]
    assert np.isnan(unknown["grade"])
    assert unknown["expected_grade"] == SCALE.lowest  # the bank's lowest grade is expected
    text = explain_reason(BELOW_LEVEL, unknown)
    assert "grade is not known" in text


def test_a_strong_child_in_a_low_grade_is_not_below_level(class_log) -> None:
    steady = class_log.loc[class_log["learner_id"] == "steady"]
    assert attention_list(steady, BANK, learner_grades={"steady": 2}).empty


def test_skills_of_earlier_grades_not_mastered_count_as_below_level() -> None:
    rng = np.random.default_rng(3)
    rows = _child("kid", 1.5, rng)
    counting = [item.id for item in BANK.items_for_skill("arith.counting")][:6]
    rows += [
        {**rows[0], "item_id": item_id, "response": 0, "timestamp": START} for item_id in counting
    ]
    row = attention_list(pd.DataFrame(rows), BANK, learner_grades={"kid": 4}).iloc[0]
    assert row["reasons"] == (BELOW_LEVEL,)
    assert row["below_skills"] == ("arith.counting",)
    assert "Not yet secure in Counting" in row["explanation"]


def test_falling_behind_needs_a_confident_decline_not_noise(flagged) -> None:
    row = flagged.set_index("learner_id").loc["decline"]
    assert row["growth"] + 1.28 * row["growth_se"] < 0
    assert row["level_recent"] < row["level_before"]
    assert row["explanation"].startswith("Went down from about grade")


def test_rapid_guesses_are_left_out_of_the_guessers_ability(class_log) -> None:
    guesser = class_log.loc[class_log["learner_id"] == "guesser"]
    moderated = attention_list(guesser, BANK, flagged_only=False).iloc[0]
    raw = attention_list(guesser, BANK, flagged_only=False, effort_moderated=False).iloc[0]
    assert moderated["n_rapid_guesses"] > 30
    assert moderated["grade_level"] > raw["grade_level"] + 0.5


def test_inactivity_counts_days_to_the_logs_end_or_now(flagged, class_log) -> None:
    row = flagged.set_index("learner_id").loc["gone"]
    assert row["days_inactive"] == pytest.approx(22.0, abs=0.1)
    later = attention_list(class_log, BANK, now="2026-11-30")
    assert set(later["learner_id"]) == set(class_log["learner_id"])  # all inactive by then
    with pytest.raises(ValueError, match="'now' parameter of attention_list"):
        attention_list(class_log, BANK, now="someday")


# ----------------------------------------------------------------------------- order and text
def test_rows_are_ordered_by_severity_then_id(flagged) -> None:
    severity = flagged["severity"].to_numpy()
    assert (np.diff(severity) <= 0).all()
    assert (np.floor(severity) == flagged["reasons"].map(len)).all()


def test_explanation_is_one_sentence_per_reason(flagged) -> None:
    for row in flagged.to_dict("records"):
        sentences = [
            explain_reason(r, row, skill_names={"arith.counting": "Counting"})
            for r in row["reasons"]
        ]
        assert row["explanation"].count(".") >= len(sentences)
        assert all(sentence.endswith(".") for sentence in sentences)
    with pytest.raises(ValueError, match="Unknown attention reason 'bored'"):
        explain_reason("bored", {})
    assert set(REASONS) == {BELOW_LEVEL, FALLING_BEHIND, DISENGAGED, INACTIVE}


def test_flagged_only_false_keeps_every_child(class_log) -> None:
    every = attention_list(class_log, BANK, flagged_only=False)
    assert sorted(every["learner_id"]) == sorted(class_log["learner_id"].unique())
    assert every.loc[every["learner_id"] == "steady", "reasons"].item() == ()


# ----------------------------------------------------------------------------- edge cases
def test_log_without_response_times_does_not_judge_engagement(class_log) -> None:
    frame = attention_list(class_log.drop(columns="response_time"), BANK)
    assert DISENGAGED in frame.attrs["not_checked"]
    assert not frame["reasons"].map(lambda r: DISENGAGED in r).any()


def test_log_without_timestamps_judges_level_and_engagement_only(class_log) -> None:
    frame = attention_list(class_log.drop(columns="timestamp"), BANK)
    assert set(frame.attrs["not_checked"]) == {FALLING_BEHIND, INACTIVE}
    assert {r for reasons in frame["reasons"] for r in reasons} <= {BELOW_LEVEL, DISENGAGED}


def test_one_session_gives_no_growth_judgement() -> None:
    rng = np.random.default_rng(5)
    frame = attention_list(
        _log(_child("once", -0.5, rng, days=range(1), per_day=30)), BANK, flagged_only=False
    )
    assert np.isnan(frame["growth"].item())
    assert FALLING_BEHIND not in frame["reasons"].item()


def test_a_child_with_two_answers_is_never_judged_on_level() -> None:
    rng = np.random.default_rng(6)
    rows = _child("new", -3.0, rng, days=range(1), per_day=2)
    frame = attention_list(_log(rows), BANK, flagged_only=False)
    assert frame["reasons"].item() == ()
    assert frame["n_answers"].item() == 2


def test_empty_log_gives_an_empty_list() -> None:
    empty = pd.DataFrame({"learner_id": [], "item_id": [], "response": []})
    frame = attention_list(empty, BANK)
    assert frame.empty
    assert list(frame.columns[:4]) == ["learner_id", "reasons", "severity", "explanation"]


def test_top_level_function_is_exported() -> None:
    assert at.attention_list is attention_list


# ----------------------------------------------------------------------------- bad input
@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"confidence": 0.5}, ValueError, "'confidence' parameter of attention_list"),
        ({"confidence": 1.0}, ValueError, "'confidence' parameter of attention_list"),
        ({"grade_offset": -1}, ValueError, "'grade_offset' parameter of attention_list"),
        ({"min_answers": 0}, ValueError, "'min_answers' parameter of attention_list"),
        ({"recent_weeks": 0}, ValueError, "'recent_weeks' parameter of attention_list"),
        ({"min_growth": float("nan")}, ValueError, "'min_growth' parameter of attention_list"),
        ({"rapid_share": 0}, ValueError, "'rapid_share' parameter of attention_list"),
        ({"rapid_share": 1.5}, ValueError, "'rapid_share' parameter of attention_list"),
        ({"recent_answers": 0}, ValueError, "'recent_answers' parameter of attention_list"),
        ({"min_timed": 40}, ValueError, "'min_timed' parameter .* at most recent_answers"),
        ({"inactive_days": 0}, ValueError, "'inactive_days' parameter of attention_list"),
        ({"inactive_days": "14"}, TypeError, "'inactive_days' parameter of attention_list"),
        ({"rapid_guess": 0.1}, TypeError, "'rapid_guess' parameter of attention_list"),
        ({"effort_moderated": "yes"}, TypeError, "'effort_moderated' parameter"),
        ({"learner_grades": [4]}, ValueError, "'learner_grades' parameter of attention_list"),
        ({"learner_grades": {"low": "four"}}, ValueError, "grades that are numbers"),
        ({"mastery": "strict"}, TypeError, "'mastery' parameter of attention_list"),
    ],
)
def test_bad_settings_are_refused_with_the_parameter_named(
    class_log: pd.DataFrame, kwargs: dict[str, Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        attention_list(class_log, BANK, **kwargs)


def test_grade_column_that_is_not_a_number_is_refused_by_the_log_checker(class_log) -> None:
    grades = np.where(class_log["learner_id"] == "low", "x", "4").astype(object)
    with pytest.raises(ResponseDataError, match="'grade' column"):
        attention_list(class_log.assign(grade=grades), BANK)


def test_rapid_guess_rule_checks_its_settings() -> None:
    with pytest.raises(ValueError, match="'fraction' parameter of RapidGuessRule"):
        RapidGuessRule(fraction=0.0)
    with pytest.raises(ValueError, match="'max_seconds' parameter of RapidGuessRule"):
        RapidGuessRule(max_seconds=-1.0)
    with pytest.raises(ValueError, match="items 'q' have other values"):
        RapidGuessRule(typical_seconds={"q": 0.0})
