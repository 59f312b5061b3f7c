"""The one response-log checker: integrity rules applied alike by every consumer of logs."""

from __future__ import annotations

import warnings
from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest

from adaptive_tutor import (
    BayesianKnowledgeTracing,
    Calibrator,
    ClassReport,
    EloRatings,
    ItemReport,
    LearnerReport,
    TutoringSession,
)
from adaptive_tutor.exceptions import ResponseDataError
from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
from adaptive_tutor.response_log import (
    RepeatedAnswersWarning,
    check_log_integrity,
    check_response_log,
)

BANK = ItemBank.from_dict(tiny_bank_document())


def _log(**columns: object) -> pd.DataFrame:
    base: dict[str, object] = {
        "learner_id": ["a", "a", "b", "b"],
        "item_id": ["count-1", "add-1", "count-1", "add-1"],
        "response": [1, 0, 1, 1],
    }
    base.update(columns)
    return pd.DataFrame(base)


def _fit_bkt(log: pd.DataFrame) -> object:
    items = {"count-1": "count", "add-1": "add", "story-1": "add"}
    return BayesianKnowledgeTracing(n_restarts=1, max_iter=2).fit(log, item_skills=items)


CONSUMERS: dict[str, Callable[[pd.DataFrame], object]] = {
    "Calibrator": lambda log: Calibrator(max_iter=2).fit(log),
    "ClassReport": lambda log: ClassReport(log, BANK),
    "ItemReport": lambda log: ItemReport(log, BANK),
    "LearnerReport": lambda log: LearnerReport(log, BANK, "a"),
    "BayesianKnowledgeTracing": _fit_bkt,
    "EloRatings": lambda log: EloRatings().fit(log),
}


def _refused(consumer: str, log: pd.DataFrame) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(ResponseDataError) as caught:
            CONSUMERS[consumer](log)
    return str(caught.value)


@pytest.mark.parametrize("consumer", CONSUMERS)
@pytest.mark.parametrize("missing", [np.nan, None])
def test_missing_learner_ids_are_refused_naming_the_rows(consumer, missing):
    # Reproducer: EloRatings.fit gave rows with a NaN or None learner id to the last learner.
    log = _log(learner_id=["a", "a", missing, "b"])
    assert "missing learner_id in row(s) '2'" in _refused(consumer, log)


@pytest.mark.parametrize("consumer", CONSUMERS)
def test_integer_and_text_learner_ids_are_never_merged(consumer):
    # Reproducer: reports turned ids into text, so learners 7 and "7" became one child.
    log = _log(learner_id=[7, 7, "7", "7"])
    assert "mixes integer and text learner_id values" in _refused(consumer, log)


@pytest.mark.parametrize("consumer", CONSUMERS)
def test_nan_item_ids_are_named(consumer):
    log = _log(item_id=["count-1", np.nan, "count-1", "add-1"])
    assert "missing item_id in row(s) '1'" in _refused(consumer, log)


@pytest.mark.parametrize("consumer", CONSUMERS)
def test_duplicate_column_names_are_named(consumer):
    log = _log(extra=[0, 0, 0, 0]).rename(columns={"extra": "response"})
    assert "duplicate column names 'response'" in _refused(consumer, log)


@pytest.mark.parametrize("consumer", CONSUMERS)
def test_text_scores_are_refused_even_digits(consumer):
    log = _log(response=["1", "0", "1", "1"])
    assert "text, even '1' or '0', is not read as a score" in _refused(consumer, log)


def test_sessions_refuse_text_scores_too():
    session = TutoringSession(BANK, seed=0)
    item = session.next_item()
    assert item is not None
    with pytest.raises(ResponseDataError):
        session.record(item.id, "1")


@pytest.mark.parametrize("consumer", ["ClassReport", "LearnerReport", "BayesianKnowledgeTracing"])
def test_mixed_aware_and_naive_timestamps_are_named(consumer):
    stamps = ["2024-03-01T10:00:00+09:00", "2024-03-01 10:05", "2024-03-01", "2024-03-02"]
    message = _refused(consumer, _log(timestamp=stamps))
    assert "mixes time-zone-aware timestamps (row(s) '0')" in message
    assert "naive ones (row(s) '1', '2', '3')" in message


def test_aware_timestamps_become_utc():
    stamps = ["2024-03-01T10:00:00+09:00", "2024-03-01T02:00:00+01:00"] * 2
    checked = check_response_log(_log(timestamp=stamps), "demo")
    assert str(checked["timestamp"].dt.tz) == "UTC"
    assert checked["timestamp"].dt.hour.tolist() == [1, 1, 1, 1]


def test_session_history_passes_the_checker():
    session = TutoringSession(BANK, seed=1, learner_id="ann")
    while (item := session.next_item()) is not None:
        session.record(item.id, 1, response_time=4.5)
    checked = check_response_log(session.history, "demo")
    assert checked["learner_id"].unique().tolist() == ["ann"]
    assert (checked["response_time"] == 4.5).all()


@pytest.mark.parametrize(
    ("policy", "kept"), [("keep", [0, 1, 2]), ("first", [0, 2]), ("last", [1, 2])]
)
def test_duplicate_policy_keeps_the_answers_asked_for(policy, kept):
    log = pd.DataFrame(
        {
            "learner_id": ["a", "a", "b"],
            "item_id": ["q1", "q1", "q1"],
            "response": [0, 1, 1],
            "timestamp": ["2024-03-01", "2024-03-02", "2024-03-01"],
        }
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        checked = check_response_log(log, "demo", duplicate_policy=policy)
    assert checked.index.tolist() == kept
    assert any(w.category is RepeatedAnswersWarning for w in caught) == (policy != "keep")


def test_duplicate_policy_error_names_the_pairs():
    log = _log(learner_id=["a", "a", "a", "b"], item_id=["q1", "q2", "q1", "q1"])
    with pytest.raises(ResponseDataError, match=r"1 \(learner, item\) pair.*\('a', 'q1'\)"):
        check_response_log(log, "demo", duplicate_policy="error")


@pytest.mark.parametrize(
    ("column", "values", "message"),
    [
        ("response_time", [1.0, -2.0, np.nan, 3.0], "'response_time' values that are not finite"),
        ("response_time", [1.0, np.inf, 2.0, 3.0], "'response_time' values that are not finite"),
        ("grade", [1, 2, 14, np.nan], "grades that are not whole numbers 0..13"),
        ("grade", [1, 2.5, 3, 4], "grades that are not whole numbers 0..13"),
    ],
)
def test_optional_columns_are_checked(column, values, message):
    with pytest.raises(ResponseDataError, match=message):
        check_response_log(_log(**{column: values}), "demo")


def test_unknown_response_times_and_grades_are_allowed():
    checked = check_response_log(
        _log(response_time=[1.5, np.nan, 2, 0], grade=[3, np.nan, 3, 4]), "demo"
    )
    assert checked["response_time"].isna().tolist() == [False, True, False, False]
    assert checked["grade"].tolist()[2:] == [3.0, 4.0]


def test_integrity_check_of_a_chunk_names_the_chunk_and_returns_id_kinds():
    assert check_log_integrity(_log(learner_id=[1, 2, 3, 4]), "Calibrator") == {
        "learner_id": "integer",
        "item_id": "text",
    }
    with pytest.raises(ResponseDataError, match=r"Calibrator \(chunk 3\) has a missing"):
        check_log_integrity(_log(learner_id=[1, None, 3, 4]), "Calibrator", label="chunk 3")


def test_boolean_scores_read_as_one_and_zero():
    checked = check_response_log(_log(response=[True, False, True, True]), "demo")
    assert checked["response"].tolist() == [1.0, 0.0, 1.0, 1.0]
