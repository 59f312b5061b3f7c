"""Effort-moderated scoring: rapid guesses are kept in the history but are no evidence."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import adaptive_tutor as at
from adaptive_tutor.effort import (
    DEFAULT_RAPID_GUESS,
    RapidGuessRule,
    response_time_effort,
    typical_response_times,
)
from adaptive_tutor.exceptions import ResponseDataError
from adaptive_tutor.mastery import ConfidenceIntervalMastery
from session_helpers import simulate_answer

BANK = at.load_shipped_bank("arithmetic")
FAST = 0.5  # seconds: below every arithmetic item's threshold (10% of >= 30 s)


def test_default_threshold_is_a_tenth_of_the_estimated_time_at_most_ten_seconds() -> None:
    minutes = np.array([item.estimated_minutes for item in BANK.items], dtype=float)
    np.testing.assert_allclose(
        DEFAULT_RAPID_GUESS.thresholds(BANK), np.minimum(6.0 * minutes, 10.0)
    )
    override = RapidGuessRule(typical_seconds={BANK.item_ids[0]: 8.0})
    assert override.thresholds(BANK)[0] == pytest.approx(0.8)


def test_typical_times_come_from_medians_with_enough_answers() -> None:
    log = pd.DataFrame({"item_id": ["a"] * 4 + ["b"] * 6, "response_time": [1] * 4 + [9] * 6})
    assert typical_response_times(log) == {"b": 9.0}
    assert typical_response_times(log, min_answers=4) == {"a": 1.0, "b": 9.0}
    assert np.isnan(response_time_effort([], []))


# ----------------------------------------------------------------------------- estimators
def test_estimator_leaves_flagged_answers_out() -> None:
    rng = np.random.default_rng(1)
    responses = rng.integers(0, 2, (3, 6)).astype(float)
    params = at.ItemParams.dichotomous(np.ones(6), np.linspace(-1, 1, 6))
    mask = rng.random((3, 6)) < 0.3
    moderated = at.EAP().estimate(params, responses, rapid_guesses=mask)
    by_hand = at.EAP().estimate(params, np.where(mask, np.nan, responses))
    np.testing.assert_array_equal(moderated.theta, by_hand.theta)
    np.testing.assert_array_equal(moderated.n_responses, (~mask).sum(axis=1))
    with pytest.raises(ResponseDataError, match=r"'rapid_guesses' parameter of EAP\.estimate"):
        at.EAP().estimate(params, responses, rapid_guesses=mask[:, :3])


def test_learner_state_checks_a_rapid_guess_but_does_not_learn_from_it() -> None:
    state = at.LearnerState.start(BANK)
    item = BANK.item_ids[0]
    assert state.update(BANK, item, 1, rapid_guess=True) is state
    with pytest.raises(ResponseDataError):
        state.update(BANK, item, 7, rapid_guess=True)


# ----------------------------------------------------------------------------- sessions
def _session_with_guesses(seed: int = 4) -> at.TutoringSession:
    rng = np.random.default_rng(seed)
    session = at.TutoringSession(BANK, stopping_rule=at.MaxItems(40), seed=seed, learner_id="kid")
    for step in range(40):
        item = session.next_item()
        assert item is not None
        if step % 3 == 0:  # every third answer is a rapid guess, wrong
            session.record(item.id, 0, response_time=FAST)
        else:
            session.record(item.id, simulate_answer(BANK, item.id, 0.8, rng), response_time=25.0)
    return session


def test_session_keeps_rapid_guesses_in_history_but_not_in_the_estimates() -> None:
    session = _session_with_guesses()
    history = session.history
    fast = history["response_time"] < 1.0
    assert session.n_rapid_guesses == int(fast.sum()) == 14
    # an estimate after a rapid guess is the one before it
    after = history.loc[fast & (history["step"] > 1)]
    before = history.set_index("step").loc[after["step"] - 1]
    np.testing.assert_array_equal(after["overall_theta"], before["overall_theta"])
    kept = history.loc[~fast]
    direct = at.LearnerState.start(BANK)
    for item_id, score in zip(kept["item_id"], kept["response"], strict=True):
        direct = direct.update(BANK, item_id, int(score))
    assert session.overall_ability()[0] == pytest.approx(direct.estimate().theta, abs=1e-10)


def test_resumed_session_replays_without_rapid_guesses() -> None:
    session = _session_with_guesses()
    resumed = at.TutoringSession.from_dict(BANK, session.to_dict())
    assert resumed.overall_ability() == pytest.approx(session.overall_ability(), abs=1e-10)
    pd.testing.assert_frame_equal(resumed.history, session.history)
    assert resumed.mastery_status() == session.mastery_status()


def test_session_and_reports_agree_with_rapid_guesses() -> None:
    session = _session_with_guesses(seed=9)
    report = at.LearnerReport(session.history, BANK, "kid")
    assert report.summary["n_rapid_guesses"] == session.n_rapid_guesses
    assert report.to_frame()["status"].tolist() == list(session.mastery_status().values())
    theta = report.summary["theta"]
    assert theta == pytest.approx(session.overall_ability()[0], abs=1e-8)
    classes = at.ClassReport(session.history, BANK)
    assert classes.summary["n_rapid_guesses"] == session.n_rapid_guesses
    statuses = classes.to_frame("mastery")["status"].tolist()
    assert statuses == list(session.mastery_status().values())


def test_effort_moderation_can_be_turned_off_through_the_classifier() -> None:
    counted = ConfidenceIntervalMastery(rapid_guess=None)
    session = at.TutoringSession(BANK, seed=2, mastery=counted, learner_id="kid")
    session.record(BANK.item_ids[0], 0, response_time=FAST)
    assert session.n_rapid_guesses == 0
    assert session.ability_view().se[-1] < 1.0  # the answer moved the posterior
    report = at.LearnerReport(session.history, BANK, "kid", mastery=counted)
    assert report.summary["n_rapid_guesses"] == 0


def test_classifier_refuses_a_rule_of_another_type() -> None:
    with pytest.raises(TypeError, match="'rapid_guess' parameter of SPRTMastery"):
        at.SPRTMastery(rapid_guess=0.1)  # type: ignore[arg-type]
