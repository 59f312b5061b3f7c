"""Every bad item bank gets one ItemBankError naming the file, the item id and the field."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from adaptive_tutor.exceptions import ItemBankError
from adaptive_tutor.item_bank import ItemBank, tiny_bank_document

Document = dict[str, Any]


def load_broken(tmp_path: Path, change: Callable[[Document], None]) -> ItemBankError:
    document = tiny_bank_document()
    change(document)
    path = tmp_path / "broken_bank.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(ItemBankError) as caught:
        ItemBank.from_json(path)
    return caught.value


def assert_names(error: ItemBankError, *parts: str) -> None:
    message = str(error)
    assert "broken_bank.json" in message
    for part in parts:
        assert part in message, f"{part!r} not in {message!r}"


def test_malformed_json_gives_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "broken_bank.json"
    path.write_text('{\n  "schema_version": "1.0",\n  "bank": {,}\n}', encoding="utf-8")
    with pytest.raises(ItemBankError, match=r"broken_bank\.json: malformed JSON at line 3, col"):
        ItemBank.from_json(path)


def test_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ItemBankError, match=r"nowhere\.json: no such item bank file"):
        ItemBank.from_json(tmp_path / "nowhere.json")


def test_schema_violation_names_item_and_field(tmp_path: Path) -> None:
    def change(document: Document) -> None:
        document["items"][1]["grade"] = "two"

    assert_names(load_broken(tmp_path, change), "item 'add-1'", "field 'grade'")


def test_missing_required_field_names_item(tmp_path: Path) -> None:
    def change(document: Document) -> None:
        del document["items"][0]["prompt"]

    assert_names(
        load_broken(tmp_path, change), "item 'count-1': field 'prompt': missing (required)"
    )


def test_misspelt_field_is_reported(tmp_path: Path) -> None:
    def change(document: Document) -> None:
        document["items"][1]["promt"] = "typo"

    assert_names(load_broken(tmp_path, change), "item 'add-1'", "'promt'")


def test_wrong_schema_version_is_reported(tmp_path: Path) -> None:
    def change(document: Document) -> None:
        document["schema_version"] = "9.0"

    assert_names(load_broken(tmp_path, change), "field 'schema_version'")


def test_duplicate_item_ids(tmp_path: Path) -> None:
    def change(document: Document) -> None:
        document["items"][1]["id"] = "count-1"

    assert_names(load_broken(tmp_path, change), "item 'count-1'", "field 'id'", "unique")


def test_duplicate_skill_ids(tmp_path: Path) -> None:
    def change(document: Document) -> None:
        document["skills"][1]["id"] = "count"

    assert_names(load_broken(tmp_path, change), "skill 'count'", "unique")


def test_unknown_skill_reference(tmp_path: Path) -> None:
    def change(document: Document) -> None:
        document["items"][1]["skills"] = ["division"]

    assert_names(load_broken(tmp_path, change), "item 'add-1'", "field 'skills'", "'division'")


def test_unknown_enemy_reference(tmp_path: Path) -> None:
    def change(document: Document) -> None:
        document["items"][2]["enemies"] = ["ghost"]

    assert_names(load_broken(tmp_path, change), "item 'story-1'", "field 'enemies'", "'ghost'")


def test_unknown_prerequisite(tmp_path: Path) -> None:
    def change(document: Document) -> None:
        document["skills"][1]["prerequisites"] = ["reading"]

    assert_names(load_broken(tmp_path, change), "skill 'add'", "prerequisites", "'reading'")


def test_prerequisite_cycle_is_shown(tmp_path: Path) -> None:
    def change(document: Document) -> None:
        document["skills"][0]["prerequisites"] = ["add"]

    assert_names(load_broken(tmp_path, change), "cycle", "count -> add -> count")


def test_non_positive_discrimination(tmp_path: Path) -> None:
    def change(document: Document) -> None:
        document["items"][1]["irt"]["a"] = 0.0

    assert_names(load_broken(tmp_path, change), "item 'add-1'", "field 'irt.a'")


def test_guessing_outside_unit_interval(tmp_path: Path) -> None:
    def change(document: Document) -> None:
        document["items"][0]["irt"]["c"] = 1.0

    assert_names(load_broken(tmp_path, change), "item 'count-1'", "field 'irt.c'")


def test_upper_asymptote_not_above_guessing(tmp_path: Path) -> None:
    def change(document: Document) -> None:
        document["items"][0]["irt"].update({"model": "4PL", "c": 0.3, "d": 0.3})

    assert_names(load_broken(tmp_path, change), "item 'count-1'", "field 'irt.d'")


def test_unordered_grm_thresholds(tmp_path: Path) -> None:
    def change(document: Document) -> None:
        document["items"][2]["irt"]["thresholds"] = [0.8, -0.5]

    assert_names(load_broken(tmp_path, change), "item 'story-1'", "field 'irt.thresholds'")


def test_wrong_number_of_steps_for_max_score(tmp_path: Path) -> None:
    def change(document: Document) -> None:
        document["items"][2]["irt"] = {"model": "GPCM", "a": 1.0, "steps": [0.1, 0.2, 0.3]}

    assert_names(load_broken(tmp_path, change), "item 'story-1'", "field 'max_score'", "0..3")


def test_answer_key_not_among_choices(tmp_path: Path) -> None:
    def change(document: Document) -> None:
        document["items"][0]["answer"] = {"choice": "Z"}

    assert_names(load_broken(tmp_path, change), "item 'count-1'", "'answer.choice'", "'Z'")


def test_max_score_inconsistent_with_dichotomous_model(tmp_path: Path) -> None:
    def change(document: Document) -> None:
        document["items"][1]["max_score"] = 2

    assert_names(load_broken(tmp_path, change), "item 'add-1'", "field 'max_score'")


def test_rubric_scores_must_cover_every_category(tmp_path: Path) -> None:
    def change(document: Document) -> None:
        document["items"][2]["rubric"] = document["items"][2]["rubric"][:2]

    assert_names(load_broken(tmp_path, change), "item 'story-1'", "field 'rubric'")


def test_polytomous_model_on_dichotomous_item(tmp_path: Path) -> None:
    def change(document: Document) -> None:
        document["items"][1]["irt"] = {"model": "GRM", "a": 1.0, "thresholds": [0.0]}

    assert_names(load_broken(tmp_path, change), "item 'add-1'", "field 'irt.model'")


def test_item_grade_outside_bank_range(tmp_path: Path) -> None:
    def change(document: Document) -> None:
        document["items"][1]["grade"] = 5

    assert_names(load_broken(tmp_path, change), "item 'add-1'", "grade_range")


def test_all_problems_are_reported_together(tmp_path: Path) -> None:
    def change(document: Document) -> None:
        document["items"][0]["answer"] = {"choice": "Z"}
        document["items"][1]["irt"]["a"] = -1.0
        document["items"][2]["enemies"] = ["ghost"]

    error = load_broken(tmp_path, change)
    assert "3 problems" in str(error)
    assert len(error.problems) == 3


def test_implausible_parameters_are_reported_with_the_accepted_range(tmp_path: Path) -> None:
    def change(document: Document) -> None:
        document["items"][1]["irt"]["b"] = 1e308

    assert_names(load_broken(tmp_path, change), "item 'add-1'", "'irt.b'", "[-20, 20]")


def test_slope_limit_uses_the_banks_scaling_constant(tmp_path: Path) -> None:
    def change(document: Document) -> None:
        document["bank"]["scale"] = {"D": 1.702}
        document["items"][1]["irt"]["a"] = 12.0

    assert_names(load_broken(tmp_path, change), "item 'add-1'", "'irt.a'", "at most 11.75")


def test_a_directory_is_named_instead_of_a_raw_os_error(tmp_path: Path) -> None:
    with pytest.raises(ItemBankError, match=rf"{tmp_path.name}: is a directory"):
        ItemBank.from_json(tmp_path)


def test_an_unreadable_file_is_named_instead_of_a_raw_os_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "locked.json"
    path.write_text("{}", encoding="utf-8")

    def refuse(self: Path, *args: Any, **kwargs: Any) -> str:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_text", refuse)
    with pytest.raises(ItemBankError, match=r"locked\.json: cannot read .*Permission denied"):
        ItemBank.from_json(path)


def test_problems_are_structured_with_item_and_field(tmp_path: Path) -> None:
    def change(document: Document) -> None:
        document["items"][1]["irt"]["a"] = -1.0

    (problem,) = load_broken(tmp_path, change).problems
    assert (problem.file, problem.row, problem.item, problem.field) == (
        str(tmp_path / "broken_bank.json"),
        None,
        "add-1",
        "irt.a",
    )
    assert str(problem).startswith(f"{problem.file}: item 'add-1': field 'irt.a': ")


def test_a_problem_carries_its_fix_apart_from_its_message(tmp_path: Path) -> None:
    def change(document: Document) -> None:
        document["items"][2]["enemies"] = ["ghost"]

    (problem,) = load_broken(tmp_path, change).problems
    assert problem.message == "unknown item id 'ghost'"
    assert problem.fix == "remove it or add the item"
    assert str(problem).endswith("unknown item id 'ghost'; remove it or add the item")


def test_the_error_message_lists_every_problem_as_it_prints(tmp_path: Path) -> None:
    def change(document: Document) -> None:
        document["items"][0]["answer"] = {"choice": "Z"}
        document["skills"][1]["prerequisites"] = ["reading"]

    error = load_broken(tmp_path, change)
    assert [problem.skill for problem in error.problems] == ["add", None]
    for problem in error.problems:
        assert f"  - {problem}" in str(error)


def test_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    path = tmp_path / "notepad_bank.json"
    path.write_text(json.dumps(tiny_bank_document()), encoding="utf-8-sig")
    assert len(ItemBank.from_json(path)) == 3


def test_problems_map_to_spreadsheet_lines_through_an_origin() -> None:
    from adaptive_tutor._bank_validation import BankOrigin, check_bank_document

    document = tiny_bank_document()
    document["items"][2]["irt"]["a"] = 0.0
    document["items"][0]["grade"] = "one"
    origin = BankOrigin("items.csv", [9, 3, 5], "skills.csv", [2, 3])
    problems = check_bank_document(document, "items.csv", origin=origin)
    assert [(p.file, p.row, p.item) for p in problems] == [
        ("items.csv", 5, "story-1"),
        ("items.csv", 9, "count-1"),
    ]
