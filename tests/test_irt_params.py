"""ItemParams construction, the parameter rules, and structural operations."""

from __future__ import annotations

import numpy as np
import pytest

from adaptive_tutor.exceptions import ItemBankError
from adaptive_tutor.irt import MODELS, ItemParams, find_parameter_problems

VALID = [
    {"model": "1PL", "b": 0.5},
    {"model": "1PL", "a": 1.0, "b": 0.5},
    {"model": "2PL", "a": 1.3, "b": -0.2},
    {"model": "3PL", "a": 1.1, "b": 0.0, "c": 0.2},
    {"model": "4PL", "a": 0.9, "b": 0.4, "c": 0.1, "d": 0.95},
    {"model": "GRM", "a": 1.4, "thresholds": [-1.0, 0.2, 1.5]},
    {"model": "GPCM", "a": 0.8, "steps": [0.5, -0.3]},
    {"model": "PCM", "steps": [1.0]},
    {"model": "2PL", "a": 1.0, "b": 0.0, "se": {"a": 0.1}, "calibration": "expert"},
]


def test_valid_records_have_no_problems() -> None:
    assert find_parameter_problems(VALID) == []


@pytest.mark.parametrize(
    ("record", "field"),
    [
        ({"model": "5PL", "a": 1.0, "b": 0.0}, "model"),
        ({"a": 1.0, "b": 0.0}, "model"),
        ({"model": "2PL", "a": 0.0, "b": 0.0}, "a"),
        ({"model": "2PL", "a": float("nan"), "b": 0.0}, "a"),
        ({"model": "2PL", "a": float("inf"), "b": 0.0}, "a"),
        ({"model": "1PL", "a": 1.5, "b": 0.0}, "a"),
        ({"model": "PCM", "a": 2.0, "steps": [0.0]}, "a"),
        ({"model": "2PL", "a": 1.0}, "b"),
        ({"model": "2PL", "a": 1.0, "b": float("-inf")}, "b"),
        ({"model": "3PL", "a": 1.0, "b": 0.0, "c": 1.0}, "c"),
        ({"model": "3PL", "a": 1.0, "b": 0.0, "c": -0.1}, "c"),
        ({"model": "4PL", "a": 1.0, "b": 0.0, "c": 0.3, "d": 0.3}, "d"),
        ({"model": "4PL", "a": 1.0, "b": 0.0, "d": 1.2}, "d"),
        ({"model": "GRM", "a": 1.0, "thresholds": [0.5, 0.5]}, "thresholds"),
        ({"model": "GRM", "a": 1.0, "thresholds": [0.0, float("nan")]}, "thresholds"),
        ({"model": "GRM", "a": 1.0, "thresholds": []}, "thresholds"),
        ({"model": "GRM", "a": 1.0}, "thresholds"),
        ({"model": "GRM", "a": 1.0, "steps": [0.0], "thresholds": [0.0]}, "steps"),
        ({"model": "GPCM", "a": 1.0, "steps": [float("inf")]}, "steps"),
        ({"model": "GPCM", "a": 1.0, "thresholds": [0.0]}, "thresholds"),
        ({"model": "GPCM", "a": 1.0, "thresholds": [0.0]}, "steps"),
        ({"model": "2PL", "a": 1.0, "b": 0.0, "c": 0.2}, "c"),
        ({"model": "3PL", "a": 1.0, "b": 0.0, "c": 0.2, "d": 0.9}, "d"),
        ({"model": "2PL", "a": 1.0, "b": 0.0, "thresholds": [0.0]}, "thresholds"),
        ({"model": "GRM", "a": 1.0, "b": 0.0, "thresholds": [0.0]}, "b"),
        ({"model": "2PL", "a": 1.0, "b": 0.0, "slope": 2.0}, "slope"),
        ({"model": "2PL", "a": "1", "b": 0.0}, "a"),
        ({"model": "2PL", "a": True, "b": 0.0}, "a"),
    ],
)
def test_each_rule_reports_its_field(record: dict[str, object], field: str) -> None:
    problems = find_parameter_problems([VALID[2], record])
    assert problems
    assert all(problem.index == 1 for problem in problems)
    assert field in {problem.field for problem in problems}


def test_from_records_lists_every_problem_naming_item_ids() -> None:
    records = [VALID[2], {"model": "2PL", "a": -1.0, "b": 0.0}, {"model": "GRM", "a": 1.0}]
    with pytest.raises(ItemBankError) as caught:
        ItemParams.from_records(records, item_ids=["ok", "neg-slope", "no-thresholds"])
    message = str(caught.value)
    assert "'neg-slope'" in message
    assert "'a'" in message
    assert "'no-thresholds'" in message
    assert "'thresholds'" in message
    assert "'ok'" not in message
    assert len(caught.value.problems) == 2


def test_from_records_without_ids_names_indices() -> None:
    with pytest.raises(ItemBankError, match="item at index 0"):
        ItemParams.from_records([{"model": "3PL", "a": 1.0, "b": 0.0, "c": 1.5}])


def test_records_round_trip_for_every_model() -> None:
    params = ItemParams.from_records(VALID[:8], D=1.702)
    again = ItemParams.from_records(params.to_records(), D=1.702)
    assert again == params
    assert params.models == ("1PL", "1PL", "2PL", "3PL", "4PL", "GRM", "GPCM", "PCM")
    assert params.to_records()[0] == {"model": "1PL", "b": 0.5}


def test_array_layout_follows_the_contract() -> None:
    params = ItemParams.from_records(VALID[:8])
    assert params.model_code.dtype == np.int8
    assert params.n_categories.tolist() == [2, 2, 2, 2, 2, 4, 3, 2]
    assert params.max_categories == 4
    assert params.steps.shape == (8, 3)
    assert params.steps[2, 0] == -0.2
    assert np.isnan(params.steps[2, 1])
    assert params.b[5] == pytest.approx(np.mean([-1.0, 0.2, 1.5]))
    assert params.c.tolist() == [0, 0, 0, 0.2, 0.1, 0, 0, 0]
    assert params.d[4] == 0.95
    assert params.d[3] == 1.0
    assert params.a[7] == 1.0
    assert params.is_dichotomous.tolist() == [True] * 5 + [False] * 3
    assert [MODELS[c] for c in params.model_code] == list(params.models)


def test_arrays_are_read_only() -> None:
    params = ItemParams.dichotomous([1.0], [0.0])
    with pytest.raises(ValueError, match="read-only"):
        params.a[0] = 2.0


def test_take_and_concatenate_are_inverse() -> None:
    params = ItemParams.from_records(VALID[:8], item_ids=[f"i{k}" for k in range(8)])
    first, second = params.take([0, 1, 2, 3, 4]), params.take([5, 6, 7])
    assert first.steps.shape == (5, 1)
    assert ItemParams.concatenate([first, second]) == params
    assert params.take([6]).item_ids == ("i6",)


def test_concatenate_rejects_mixed_scales() -> None:
    with pytest.raises(ItemBankError, match="D values"):
        ItemParams.concatenate(
            [ItemParams.dichotomous([1.0], [0.0]), ItemParams.dichotomous([1.0], [0.0], D=1.702)]
        )


def test_constructor_rejects_non_finite_parameters_naming_the_item() -> None:
    good = ItemParams.dichotomous([1.0, 1.0], [0.0, 0.0])
    with pytest.raises(ItemBankError, match=r"item 'q2'.*'b'"):
        ItemParams(
            good.model_code,
            good.a,
            np.array([0.0, np.nan]),
            good.c,
            good.d,
            np.array([[0.0], [np.nan]]),
            good.n_categories,
            item_ids=("q1", "q2"),
        )


def test_constructor_checks_shapes() -> None:
    good = ItemParams.dichotomous([1.0, 1.0], [0.0, 0.0])
    with pytest.raises(ItemBankError, match="shape"):
        ItemParams(
            good.model_code, good.a[:1], good.b, good.c, good.d, good.steps, good.n_categories
        )


def test_convenience_constructors_validate() -> None:
    with pytest.raises(ItemBankError, match="'a'"):
        ItemParams.dichotomous([2.0], [0.0], model="1PL")
    with pytest.raises(ItemBankError, match="strictly increasing"):
        ItemParams.graded([1.0], [[1.0, 0.0]])
    with pytest.raises(ItemBankError, match="'model'"):
        ItemParams.partial_credit([1.0], [[0.0]], model="GRM")
    with pytest.raises(ItemBankError, match="'D'"):
        ItemParams.dichotomous([1.0], [0.0], D=0.0)


def test_model_defaults_from_given_parameters() -> None:
    assert ItemParams.dichotomous([1.0], [0.0]).models == ("2PL",)
    assert ItemParams.dichotomous([1.0], [0.0], c=[0.2]).models == ("3PL",)
    assert ItemParams.dichotomous([1.0], [0.0], c=[0.2], d=[0.9]).models == ("4PL",)


def test_graded_accepts_ragged_rows() -> None:
    params = ItemParams.graded([1.0, 2.0], [[-1.0, 0.0, 1.0], [0.5]])
    assert params.n_categories.tolist() == [4, 2]
    assert params.to_records()[1] == {"model": "GRM", "a": 2.0, "thresholds": [0.5]}


# ---------------------------------------------------------------- plausibility limits
@pytest.mark.parametrize(
    ("record", "field", "accepted"),
    [
        ({"model": "2PL", "a": 1.0, "b": 1e308}, "b", r"\[-20, 20\]"),
        ({"model": "2PL", "a": 1e6, "b": 0.0}, "a", "at most 20"),
        ({"model": "GRM", "a": 1.0, "thresholds": [-1.0, 25.0]}, "thresholds", r"\[-20, 20\]"),
        ({"model": "GPCM", "a": 1.0, "steps": [-21.0, 0.0]}, "steps", r"\[-20, 20\]"),
    ],
)
def test_absurd_finite_values_are_rejected_with_the_accepted_range(
    record: dict[str, object], field: str, accepted: str
) -> None:
    problems = find_parameter_problems([record])
    assert [problem.field for problem in problems] == [field]
    assert problems[0].message.startswith("must")
    with pytest.raises(ItemBankError, match=rf"item 'x': field '{field}': must .*{accepted}"):
        ItemParams.from_records([record], item_ids=["x"])


def test_slope_limit_applies_after_the_scaling_constant() -> None:
    record = {"model": "2PL", "a": 12.0, "b": 0.0}
    assert find_parameter_problems([record]) == []
    with pytest.raises(ItemBankError, match=r"at most 11\.75.*D = 1\.702"):
        ItemParams.from_records([record], D=1.702)
    with pytest.raises(ItemBankError, match="at most"):
        ItemParams.dichotomous([12.0], [0.0], D=1.702)


def test_values_at_the_limits_are_accepted() -> None:
    params = ItemParams.from_records(
        [
            {"model": "2PL", "a": 20.0, "b": -20.0},
            {"model": "GRM", "a": 1.0, "thresholds": [-20.0, 20.0]},
        ]
    )
    assert params.n_items == 2


def test_slope_limit_message_names_a_value_that_is_accepted() -> None:
    with pytest.raises(ItemBankError, match=r"at most 11\.7508 "):
        ItemParams.from_records([{"model": "2PL", "a": 11.7509, "b": 0.0}], D=1.702)
    assert ItemParams.from_records([{"model": "2PL", "a": 11.7508, "b": 0.0}], D=1.702).n_items == 1
