"""Response data preparation and the Calibrator's handling of bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adaptive_tutor.calibration import Calibrator, ResponseDataWarning, prepare_responses
from adaptive_tutor.exceptions import ResponseDataError


def _frame(rows: list[tuple[str, str, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["learner_id", "item_id", "response"])


def test_long_frame_is_sorted_by_learner_then_item() -> None:
    data = prepare_responses(_frame([("b", "q2", 1), ("a", "q2", 0), ("b", "q1", 1)]))
    assert data.item_ids == ("q1", "q2")
    assert data.learner_ids.tolist() == ["b", "a"]
    assert list(zip(data.learner.tolist(), data.item.tolist(), strict=True)) == [
        (0, 0),
        (0, 1),
        (1, 1),
    ]


def test_wide_frame_uses_columns_as_item_ids() -> None:
    wide = pd.DataFrame({"q1": [1.0, np.nan], "q2": [0.0, 1.0]}, index=["ann", "bob"])
    data = prepare_responses(wide)
    assert data.item_ids == ("q1", "q2")
    assert data.learner_ids.tolist() == ["ann", "bob"]
    assert data.n_responses == 3


@settings(max_examples=30, deadline=None)
@given(
    st.integers(2, 8).flatmap(
        lambda n: st.lists(
            st.lists(st.sampled_from([0.0, 1.0, 2.0, np.nan]), min_size=4, max_size=4),
            min_size=n,
            max_size=n,
        )
    )
)
def test_matrix_round_trips(rows: list[list[float]]) -> None:
    matrix = np.array(rows)
    if np.isnan(matrix).all():
        matrix[0, 0] = 1.0
    np.testing.assert_array_equal(prepare_responses(matrix).to_matrix(), matrix)


def test_empty_frame_is_an_error() -> None:
    with pytest.raises(ResponseDataError, match="empty"):
        prepare_responses(_frame([]))


def test_all_nan_matrix_is_an_error() -> None:
    with pytest.raises(ResponseDataError, match="NaN"):
        prepare_responses(np.full((3, 2), np.nan))


def test_missing_column_is_named() -> None:
    with pytest.raises(ResponseDataError, match="response"):
        prepare_responses(pd.DataFrame({"learner_id": [1], "item_id": ["q"], "score": [1]}))


@pytest.mark.parametrize("bad", [-1.0, 0.5, 99999.0 * 10])
def test_unknown_response_codes_name_the_item(bad: float) -> None:
    with pytest.raises(ResponseDataError, match="'q2'"):
        prepare_responses(_frame([("a", "q1", 1.0), ("a", "q2", bad)]))


def test_girth_style_sentinel_in_matrix_is_rejected() -> None:
    with pytest.raises(ResponseDataError, match="integer category scores"):
        prepare_responses(np.array([[1.0, -99999.0], [0.0, 1.0]]))


def test_non_numeric_responses_are_an_error() -> None:
    with pytest.raises(ResponseDataError, match="Scores must be numbers"):
        prepare_responses(_frame([("a", "q1", "yes")]))  # type: ignore[list-item]


def test_missing_response_in_a_log_is_an_error() -> None:
    with pytest.raises(ResponseDataError, match="'q1'"):
        prepare_responses(_frame([("a", "q1", np.nan), ("b", "q1", 1.0)]))


def test_duplicates_are_an_error_by_default() -> None:
    with pytest.raises(ResponseDataError, match=r"\('a', 'q1'\).*duplicate_policy"):
        prepare_responses(_frame([("a", "q1", 1.0), ("a", "q1", 0.0)]))


@pytest.mark.parametrize(("policy", "kept"), [("first", 1), ("last", 0)])
def test_duplicate_policy_keeps_one_and_warns(policy: str, kept: int) -> None:
    rows = [("a", "q1", 1.0), ("b", "q1", 1.0), ("a", "q1", 0.0)]
    with pytest.warns(ResponseDataWarning, match="'q1'"):
        data = prepare_responses(_frame(rows), duplicate_policy=policy)
    assert data.n_responses == 2
    assert data.response[0] == kept


def test_duplicate_policy_follows_timestamps() -> None:
    frame = _frame([("a", "q1", 1.0), ("a", "q1", 0.0)])
    frame["timestamp"] = pd.to_datetime(["2026-03-02", "2026-03-01"])
    with pytest.warns(ResponseDataWarning):
        data = prepare_responses(frame, duplicate_policy="last")
    assert data.response.tolist() == [1]


def test_unknown_duplicate_policy_is_an_error() -> None:
    with pytest.raises(ValueError, match="'duplicate_policy' parameter"):
        Calibrator(duplicate_policy="mean").fit(np.eye(3))


def test_item_without_variance_is_named() -> None:
    X = np.array([[0, 1, 1], [1, 1, 0], [0, 1, 1], [1, 1, 0]], dtype=float)
    with pytest.raises(ResponseDataError, match=r"\['item_1'\] have no variance"):
        Calibrator().fit(X)


def test_learners_with_one_response_are_kept_with_a_warning() -> None:
    rng = np.random.default_rng(3)
    X = (rng.random((300, 4)) < 0.6).astype(float)
    X[:5, 1:] = np.nan
    with pytest.warns(ResponseDataWarning, match="5 learner"):
        fit = Calibrator(model="1PL").fit(X)
    assert fit.n_learners_ == 300


def test_polytomous_response_on_dichotomous_model_is_named() -> None:
    X = np.array([[0, 1], [1, 2], [0, 0], [1, 1]], dtype=float)
    with pytest.raises(ResponseDataError, match=r"\['item_1'\].*GRM"):
        Calibrator(model="2PL").fit(X)


def test_empty_category_of_a_polytomous_item_is_named() -> None:
    X = np.array([[0, 1], [1, 3], [0, 0], [1, 1], [0, 3]], dtype=float)
    with pytest.raises(ResponseDataError, match=r"'item_1' has no responses in category \[2\]"):
        Calibrator(model="GRM").fit(X)


@pytest.mark.parametrize(
    ("name", "value"),
    [("n_points", 2), ("tol", 0.0), ("max_iter", 0), ("model", "5PL"), ("priors", "strong")],
)
def test_bad_settings_raise_standard_message(name: str, value: object) -> None:
    with pytest.raises(ValueError, match=f"'{name}' parameter of Calibrator"):
        Calibrator(**{name: value}).fit(np.eye(3))


def test_model_mapping_must_cover_every_item() -> None:
    with pytest.raises(ResponseDataError, match="'item_2'"):
        Calibrator(model={"item_0": "2PL", "item_1": "2PL"}).fit(np.eye(3))


def test_unsupported_input_type_is_an_error() -> None:
    with pytest.raises(ResponseDataError, match="long-format DataFrame"):
        prepare_responses({"q1": [1, 0]})


@settings(max_examples=50, deadline=None)
@given(
    st.lists(st.tuples(st.integers(-40, 40), st.integers(0, 6)), min_size=1, max_size=40),
    st.sampled_from(["int64", "int8", "uint16"]),
)
def test_integer_ids_are_coded_as_pandas_factorize_codes_them(
    pairs: list[tuple[int, int]], dtype: str
) -> None:
    unique_pairs = list(dict.fromkeys(pairs))
    learners = [p[0] + 40 if dtype == "uint16" else p[0] for p in unique_pairs]
    items = [p[1] for p in unique_pairs]
    frame = pd.DataFrame(
        {
            "learner_id": np.array(learners, dtype=dtype),
            "item_id": np.array(items, dtype=dtype),
            "response": np.arange(len(unique_pairs)) % 2,
        }
    )
    as_text = frame.astype({"learner_id": object, "item_id": object})
    data, reference = prepare_responses(frame), prepare_responses(as_text)
    assert data.learner_ids.tolist() == reference.learner_ids.tolist()
    assert data.item_ids == tuple(str(i) for i in sorted(set(items)))
    np.testing.assert_array_equal(data.learner, reference.learner)
    np.testing.assert_array_equal(data.item, reference.item)
    np.testing.assert_array_equal(data.response, reference.response)


def test_integer_learner_ids_keep_their_order_of_first_appearance() -> None:
    frame = pd.DataFrame(
        {"learner_id": [7, 3, 7, 5], "item_id": [2, 1, 1, 2], "response": [1, 0, 0, 1]}
    )
    data = prepare_responses(frame)
    assert data.learner_ids.tolist() == [7, 3, 5]
    assert data.item_ids == ("1", "2")
    assert data.learner.tolist() == [0, 0, 1, 2]
    assert data.item.tolist() == [0, 1, 0, 1]


def test_matrix_larger_than_one_block_round_trips() -> None:
    rng = np.random.default_rng(3)
    matrix = np.where(rng.random((700, 300)) < 0.3, rng.integers(0, 3, (700, 300)), np.nan)
    np.testing.assert_array_equal(prepare_responses(matrix).to_matrix(), matrix)


def test_infinite_matrix_value_names_its_item() -> None:
    matrix = np.zeros((3, 4))
    matrix[2, 3] = np.inf
    with pytest.raises(ResponseDataError, match="'item_3'"):
        prepare_responses(matrix)


def test_long_log_without_a_response_column_names_the_missing_column() -> None:
    frame = pd.DataFrame({"learner_id": ["a", "b"], "item_id": ["add-1", "add-1"], "score": [1, 0]})
    with pytest.raises(ResponseDataError, match=r"no 'response' column.*'score'"):
        Calibrator().fit(frame)
