"""Untrusted item banks: limits checked before heavy work, and the validation gaps closed."""

from __future__ import annotations

import json
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from adaptive_tutor._bank_limits import (
    MAX_BANK_BYTES,
    MAX_CHOICES,
    MAX_ITEMS,
    MAX_SCORE,
    MAX_SKILLS,
    MAX_TEXT_LENGTH,
)
from adaptive_tutor._bank_validation import load_schema
from adaptive_tutor.exceptions import BankProblem, ItemBankError
from adaptive_tutor.item_bank import ItemBank, tiny_bank_document


def test_newer_schema_version_says_which_and_that_a_newer_library_may_read_it():
    document = tiny_bank_document()
    document["schema_version"] = "99.0"
    with pytest.raises(ItemBankError) as caught:
        ItemBank.from_dict(document, source="bank.json")
    assert [str(problem) for problem in caught.value.problems] == [
        "bank.json: field 'schema_version': the bank declares schema version '99.0', newer "
        "than this version of adaptive_tutor reads ('1.0' and '1.1'); a newer adaptive_tutor "
        "may read it; upgrade the library, or have the bank saved as schema '1.1'"
    ]


@pytest.mark.parametrize("version", ["0.9", "1", 1.1, None, "1.1\n"])
def test_unknown_schema_version_names_the_value_and_the_readable_ones(version):
    document = tiny_bank_document()
    document["schema_version"] = version
    with pytest.raises(ItemBankError) as caught:
        ItemBank.from_dict(document)
    (problem,) = map(str, caught.value.problems)
    assert f"schema version {version!r}" in problem
    assert "it reads '1.0' and '1.1'" in problem


def _problems(document: object, source: str = "<dict>") -> list[BankProblem]:
    with pytest.raises(ItemBankError) as caught:
        ItemBank.from_dict(document, source=source)  # type: ignore[arg-type]
    return caught.value.problems


def _peak_while(action: Callable[[], object]) -> int:
    """Peak bytes allocated while ``action`` runs (the document is built before)."""
    tracemalloc.start()
    try:
        with pytest.raises(ItemBankError):
            action()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak


def _graded_item(n_thresholds: int) -> dict[str, Any]:
    document = tiny_bank_document()
    item = document["items"][2]
    item["irt"]["thresholds"] = [-3.0 + 6.0 * k / n_thresholds for k in range(n_thresholds)]
    item["max_score"] = n_thresholds
    item["rubric"] = [{"score": k, "description": f"level {k}"} for k in range(n_thresholds + 1)]
    return document


def test_thousands_of_categories_are_refused_before_any_large_allocation():
    # Reproducer: one graded item with 5,000 thresholds made the first selection allocate
    # 4.55 GiB (items x grid x categories).
    document = _graded_item(5_000)
    problems = _problems(document)
    fields = {(p.item, p.field) for p in problems}
    assert ("story-1", "irt.thresholds") in fields
    assert ("story-1", "max_score") in fields
    assert _peak_while(lambda: ItemBank.from_dict(document)) < 2_000_000


def test_the_most_categories_allowed_still_load():
    bank = ItemBank.from_dict(_graded_item(MAX_SCORE))
    assert bank["story-1"].max_score == MAX_SCORE


def test_forty_thousand_choices_are_refused_in_one_linear_pass():
    # Reproducer: 40,000 choices took 33 s (list.count inside the answer check).
    document = tiny_bank_document()
    document["items"][0]["choices"] = [{"id": f"c{k}", "text": str(k)} for k in range(40_000)]
    problems = _problems(document)
    assert [(p.item, p.field) for p in problems] == [("count-1", "choices")]
    assert "40,000 entries; at most 50" in problems[0].message
    assert _peak_while(lambda: ItemBank.from_dict(document)) < 2_000_000


def test_too_many_items_are_refused_before_the_schema_runs():
    document = tiny_bank_document()
    document["items"] = [{} for _ in range(MAX_ITEMS + 1)]
    (problem,) = _problems(document)
    assert problem.field == "items"
    assert _peak_while(lambda: ItemBank.from_dict(document)) < 2_000_000


def test_many_duplicated_ids_are_reported_once_each():
    # Reproducer: 20,000 duplicated item ids took 6.4 s to refuse (ids.count per duplicate).
    document = tiny_bank_document()
    template = document["items"][1]
    document["items"] = [dict(template, id=f"q{k // 2}") for k in range(2_000)]
    problems = [p for p in _problems(document) if p.field == "id"]
    assert len(problems) == 1_000
    assert problems[0].message == "the id is used 2 times"


def test_over_long_text_is_refused():
    document = tiny_bank_document()
    document["items"][1]["prompt"] = "x" * (MAX_TEXT_LENGTH + 1)
    (problem,) = _problems(document)
    assert (problem.item, problem.field) == ("add-1", "prompt")


def test_deep_nesting_in_json_text_is_an_item_bank_error():
    # Reproducer: deep nesting raised RecursionError.
    text = json.dumps(tiny_bank_document())[:-1] + ', "x": ' + "[" * 100_000 + "]" * 100_000 + "}"
    with pytest.raises(ItemBankError, match="nests 100001 levels deep"):
        ItemBank.from_json(text)


def test_deep_nesting_in_a_mapping_is_an_item_bank_error():
    document = tiny_bank_document()
    deep: list[Any] = []
    for _ in range(100_000):
        deep = [deep]
    document["items"][0]["tags"] = deep
    problems = _problems(document)
    assert problems[0].item == "count-1"
    assert "nesting is deeper than 16 levels" in problems[0].message


def test_an_id_ending_in_a_newline_is_refused():
    # Reproducer: "$" matched before a final newline, the id passed and then
    # "it0-0" in bank was False.
    document = tiny_bank_document()
    document["items"][0]["id"] = "count-1\n"
    problems = _problems(document)
    assert any(p.field == "id" and "does not match" in p.message for p in problems)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -float("inf")])
def test_non_finite_numbers_are_refused_naming_item_and_field(value):
    # Reproducer: estimated_minutes NaN meant TimeBudget never fired, and to_json then
    # wrote a NaN literal, which is not JSON.
    document = tiny_bank_document()
    document["items"][1]["estimated_minutes"] = value
    (problem,) = _problems(document)
    assert (problem.item, problem.field) == ("add-1", "estimated_minutes")
    assert "must be a finite number" in problem.message


@pytest.mark.parametrize("literal", ["NaN", "Infinity"])
def test_scale_d_that_is_not_finite_names_the_file_and_field(tmp_path: Path, literal):
    # Reproducer: NaN or infinite scale.D failed later without naming file or field.
    text = json.dumps(tiny_bank_document()).replace(
        '"licence"', f'"scale": {{"D": {literal}}}, "licence"'
    )
    path = tmp_path / "bank.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ItemBankError) as caught:
        ItemBank.from_json(path)
    (problem,) = caught.value.problems
    assert (problem.file, problem.field) == (str(path), "bank.scale.D")


def test_a_blank_accepted_answer_is_refused():
    # Reproducer: accepted ["  "] gave full credit to a blank answer.
    document = tiny_bank_document()
    document["items"][1] = {
        **document["items"][1],
        "type": "short_answer",
        "answer": {"accepted": ["seven", "  "]},
    }
    (problem,) = _problems(document)
    assert (problem.item, problem.field) == ("add-1", "answer.accepted.1")
    assert "blank" in problem.message


def test_whole_numbers_written_as_floats_are_checked_like_integers():
    # Reproducer: max_score 5.0 and grade 9.0 bypassed the consistency checks, and the
    # bank's own to_json output was refused on reload.
    document = tiny_bank_document()
    document["items"][2]["max_score"] = 5.0
    document["items"][1]["grade"] = 9.0
    fields = {(p.item, p.field) for p in _problems(document)}
    assert ("story-1", "max_score") in fields
    assert ("add-1", "grade") in fields


def test_whole_floats_that_agree_load_and_round_trip():
    document = tiny_bank_document()
    document["items"][2]["max_score"] = 2.0
    document["items"][1]["grade"] = 1.0
    bank = ItemBank.from_dict(document)
    assert ItemBank.from_json(bank.to_json()) == bank


def test_lone_surrogates_are_refused():
    # Reproducer: they loaded and then crashed to_json(path) and to_html(path).
    document = tiny_bank_document()
    document["items"][1]["prompt"] = "3 + 4 = ?\ud800"
    (problem,) = _problems(document)
    assert (problem.item, problem.field) == ("add-1", "prompt")
    with pytest.raises(ItemBankError, match="surrogate"):
        ItemBank.from_json(json.dumps(tiny_bank_document()).replace("Counting", "Count\\udc00"))


def test_repeated_json_keys_are_refused():
    # Reproducer: a second "items" silently replaced the first.
    text = json.dumps(tiny_bank_document())[:-1] + ', "items": []}'
    with pytest.raises(ItemBankError) as caught:
        ItemBank.from_json(text)
    (problem,) = caught.value.problems
    assert "'items' appear more than once" in problem.message


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path):
    path = tmp_path / "huge.json"
    with path.open("wb") as handle:
        handle.truncate(MAX_BANK_BYTES + 1)  # sparse: no disk used
    with pytest.raises(ItemBankError, match="at most 67,108,864 are read"):
        ItemBank.from_json(path)


def test_the_schema_states_the_same_limits():
    schema = load_schema()
    item = schema["$defs"]["item"]["properties"]
    assert schema["properties"]["items"]["maxItems"] == MAX_ITEMS
    assert schema["properties"]["skills"]["maxItems"] == MAX_SKILLS
    assert item["choices"]["maxItems"] == MAX_CHOICES
    assert item["max_score"]["maximum"] == MAX_SCORE
    assert item["rubric"]["maxItems"] == MAX_SCORE + 1
    irt = schema["$defs"]["irt"]["properties"]
    assert irt["thresholds"]["maxItems"] == irt["steps"]["maxItems"] == MAX_SCORE
