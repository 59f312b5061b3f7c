"""ItemBank: loading, lookups, derived banks and the lossless JSON round trip."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from adaptive_tutor.exceptions import BankDefaultsWarning, ItemBankError, ResponseDataError
from adaptive_tutor.irt import ItemParams
from adaptive_tutor.item import parse_number_text
from adaptive_tutor.item_bank import ItemBank, tiny_bank_document


@pytest.fixture
def bank() -> ItemBank:
    return ItemBank.from_dict(tiny_bank_document())


def test_to_dict_reproduces_the_document(bank: ItemBank) -> None:
    assert bank.to_dict() == tiny_bank_document()


def test_json_file_round_trip_is_lossless(bank: ItemBank, tmp_path: Path) -> None:
    path = tmp_path / "bank.json"
    bank.to_json(path)
    assert ItemBank.from_json(path) == bank


def test_round_trip_keeps_explicit_empty_lists(tmp_path: Path) -> None:
    document = tiny_bank_document()
    document["items"][1]["tags"] = []
    assert ItemBank.from_dict(document).to_dict() == document


def test_source_is_the_file_path(bank: ItemBank, tmp_path: Path) -> None:
    path = tmp_path / "bank.json"
    bank.to_json(path)
    assert ItemBank.from_json(path).source == str(path)


def test_bank_is_immutable(bank: ItemBank) -> None:
    with pytest.raises(AttributeError, match="immutable"):
        bank.foo = 1  # type: ignore[attr-defined]


def test_parameter_arrays_follow_bank_order(bank: ItemBank) -> None:
    params = bank.params
    assert params.models == ("3PL", "2PL", "GRM")
    np.testing.assert_allclose(params.a, [1.2, 1.0, 1.1])
    np.testing.assert_allclose(params.c[:2], [0.2, 0.0])
    assert params.n_categories.tolist() == [2, 2, 3]


def test_lookup_by_id_and_position(bank: ItemBank) -> None:
    assert bank["add-1"].prompt == "What is 3 + 4?"
    assert bank.index_of("story-1") == 2
    assert "add-1" in bank
    assert "nope" not in bank


def test_unknown_item_ids_are_all_named(bank: ItemBank) -> None:
    with pytest.raises(ResponseDataError, match=r"'ghost-1', 'ghost-2'.*'tiny'"):
        bank.indices_of(["add-1", "ghost-2", "ghost-1"])


def test_unknown_skill_is_named(bank: ItemBank) -> None:
    with pytest.raises(ResponseDataError, match="'geometry'"):
        bank.items_for_skill("geometry")


def test_skill_matrix_and_lookup_by_skill(bank: ItemBank) -> None:
    assert bank.skill_matrix.tolist() == [[True, False], [False, True], [False, True]]
    assert [item.id for item in bank.items_for_skill("add")] == ["add-1", "story-1"]


def test_enemies_are_symmetric(bank: ItemBank) -> None:
    assert bank.enemies_of("add-1") == frozenset({"story-1"})
    assert bank.enemies_of("story-1") == frozenset({"add-1"})
    assert bank.enemy_matrix[1, 2]
    assert bank.enemy_matrix[2, 1]


def test_skill_order_puts_prerequisites_first() -> None:
    document = tiny_bank_document()
    document["skills"].reverse()
    assert ItemBank.from_dict(document).skill_order == ("count", "add")


def test_subset_keeps_order_and_drops_dangling_enemies(bank: ItemBank) -> None:
    small = bank.subset(["story-1", "count-1"])
    assert small.item_ids == ("story-1", "count-1")
    assert small["story-1"].enemies == ()
    assert small.skill_ids == bank.skill_ids


def test_with_params_replaces_parameters_and_keeps_content(bank: ItemBank) -> None:
    new = ItemParams.from_records(
        [
            {"model": "3PL", "a": 0.9, "b": -1.0, "c": 0.15},
            {"model": "2PL", "a": 1.4, "b": 0.1},
            {"model": "GRM", "a": 0.8, "thresholds": [-1.0, 0.5]},
        ]
    )
    updated = bank.with_params(new, se=[{"a": 0.1, "b": 0.2}, None, None], calibration_note="EM")
    assert updated["add-1"].irt.a == pytest.approx(1.4)
    assert updated["count-1"].irt.se == {"a": 0.1, "b": 0.2}
    assert updated["story-1"].irt.calibration == "EM"
    assert updated["add-1"].prompt == bank["add-1"].prompt
    assert updated.fingerprint != bank.fingerprint


def test_with_params_rejects_wrong_length(bank: ItemBank) -> None:
    with pytest.raises(ItemBankError, match="all 3 items"):
        bank.with_params(ItemParams.from_records([{"model": "2PL", "a": 1.0, "b": 0.0}]))


def test_fingerprint_is_stable(bank: ItemBank) -> None:
    assert bank.fingerprint == ItemBank.from_dict(tiny_bank_document()).fingerprint


def test_scoring_multiple_choice(bank: ItemBank) -> None:
    assert bank["count-1"].score("B") == 1
    assert bank["count-1"].score("A") == 0


def test_scoring_numeric_accepts_numeric_text(bank: ItemBank) -> None:
    assert bank["add-1"].score("7,0") == 1
    assert bank["add-1"].score(6.5) == 0


def test_scoring_numeric_rejects_non_numbers(bank: ItemBank) -> None:
    with pytest.raises(ResponseDataError, match="'add-1' expects a number"):
        bank["add-1"].score("banana")


def test_scoring_short_answer_folds_case_and_space() -> None:
    document = tiny_bank_document()
    document["items"][1].update({"type": "short_answer", "answer": {"accepted": ["Seven", "7"]}})
    assert ItemBank.from_dict(document)["add-1"].score("  seven ") == 1


def test_scoring_rubric_item_asks_for_a_score(bank: ItemBank) -> None:
    with pytest.raises(ResponseDataError, match=r"'story-1'.*rubric.*0\.\.2"):
        bank["story-1"].score("9")


def test_from_dataframe_builds_a_valid_bank() -> None:
    frame = pd.DataFrame(
        {
            "item_id": ["q1", "q2", "q3"],
            "skills": ["add", "add,sub", "sub"],
            "grade": [1, 2, 3],
            "prompt": ["1 + 1", "3 - 1 + 2", "Explain 5 - 2"],
            "answer": [2, 4, np.nan],
            "model": ["2PL", "3PL", "GPCM"],
            "a": [1.0, 1.2, 0.9],
            "b": [-1.0, 0.0, np.nan],
            "c": [np.nan, 0.2, np.nan],
            "steps": [None, None, [-0.5, 0.7]],
        }
    )
    with pytest.warns(BankDefaultsWarning, match="used defaults for: title"):
        bank = ItemBank.from_dataframe(frame, metadata={"id": "from-table"})
    assert bank.metadata.id == "from-table"
    assert bank.skill_ids == ("add", "sub")
    assert bank.params.models == ("2PL", "3PL", "GPCM")
    assert bank["q3"].max_score == 2


def test_from_dataframe_names_missing_columns() -> None:
    with pytest.raises(
        ItemBankError, match=r"<DataFrame>:1: field 'grade': there is no 'grade' column"
    ):
        ItemBank.from_dataframe(pd.DataFrame({"item_id": ["q"], "skill": ["s"]}))


def test_to_frame_has_one_row_per_item(bank: ItemBank) -> None:
    frame = bank.to_frame()
    assert frame["item_id"].tolist() == list(bank.item_ids)
    assert frame.loc[2, "n_categories"] == 3


def test_json_text_is_accepted(bank: ItemBank) -> None:
    assert ItemBank.from_json(bank.to_json()) == bank


def test_bank_with_normal_ogive_scale_passes_D_to_params() -> None:
    document = tiny_bank_document()
    document["bank"]["scale"] = {"D": 1.702}
    assert pytest.approx(1.702) == ItemBank.from_dict(document).params.D


def test_equality_with_other_types_is_not_implemented(bank: ItemBank) -> None:
    assert bank != json.dumps(tiny_bank_document())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("11,891", 11891.0),
        ("11 891", 11891.0),
        ("1.000.000", 1000000.0),
        ("1,234.5", 1234.5),
        ("1.234,5", 1234.5),
        ("0,5", 0.5),
        ("2.125", 2.125),
        ("-3", -3.0),
    ],
)
def test_typed_numbers_accept_separators(text: str, expected: float) -> None:
    assert parse_number_text(text) == expected


def test_thousands_separator_answer_scores_correct() -> None:
    document = tiny_bank_document()
    document["items"][1]["answer"] = {"value": 11891}
    assert ItemBank.from_dict(document)["add-1"].score("11,891") == 1
