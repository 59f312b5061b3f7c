"""Schema 1.1 marking fields (answer.unit, forms, in_sentence): read, written and checked."""

from __future__ import annotations

import math
from typing import Any

import pytest

from adaptive_tutor.examples import tiny_bank_document
from adaptive_tutor.exceptions import ItemBankError
from adaptive_tutor.item_bank import ItemBank

Document = dict[str, Any]


def with_answer(answer: dict[str, Any], item_type: str = "numeric") -> Document:
    document = tiny_bank_document()
    document["items"][1].update({"type": item_type, "answer": answer})
    return document


def problems(document: Document) -> str:
    with pytest.raises(ItemBankError) as caught:
        ItemBank.from_dict(document, source="bank.json")
    return str(caught.value)


@pytest.mark.parametrize(
    ("answer", "item_type"),
    [
        ({"value": 3, "unit": "개"}, "numeric"),
        ({"value": 3, "unit": ["개", "개요"], "in_sentence": True}, "numeric"),
        ({"value": 0.75, "forms": ["fraction", "words"]}, "numeric"),
        ({"value": 42, "forms": []}, "numeric"),
        ({"accepted": ["7/10"], "forms": ["words"], "in_sentence": False}, "short_answer"),
        ({"accepted": ["Max"], "in_sentence": True}, "short_answer"),
        ({"accepted": ["3/4"], "unit": "m"}, "short_answer"),
    ],
)
def test_marking_fields_round_trip(answer: dict[str, Any], item_type: str) -> None:
    document = with_answer(answer, item_type)
    bank = ItemBank.from_dict(document)
    assert bank["add-1"].to_dict()["answer"] == answer
    assert ItemBank.from_json(bank.to_json()) == bank


def test_units_may_carry_superscript_powers() -> None:
    bank = ItemBank.from_dict(with_answer({"value": 54, "unit": ["cm²", "제곱센티미터"]}))
    answers = ("54cm²", "54 cm²", "54 제곱센티미터", "54", "54 cm")
    assert [bank["add-1"].score(text) for text in answers] == [1, 1, 1, 1, 0]


def test_a_document_declaring_1_0_is_read_with_the_new_fields() -> None:
    document = with_answer({"value": 5, "unit": "cm"})
    document["schema_version"] = "1.0"
    assert ItemBank.from_dict(document)["add-1"].score("5 cm") == 1


@pytest.mark.parametrize(
    ("answer", "item_type", "expected"),
    [
        ({"value": 3, "unit": "3개"}, "numeric", "'answer.unit': '3개' is not a unit"),
        ({"value": 3, "unit": ["cm", "CM"]}, "numeric", "units repeat once case is ignored"),
        ({"value": 3, "unit": ""}, "numeric", "'answer.unit'"),
        ({"value": 3, "unit": []}, "numeric", "'answer.unit'"),
        ({"value": 3, "forms": ["roman"]}, "numeric", "'answer.forms.0'"),
        ({"value": 3, "in_sentence": "yes"}, "numeric", "'answer.in_sentence'"),
        ({"accepted": ["Max"], "forms": ["words"]}, "short_answer", "no accepted text is one"),
        ({"accepted": ["Max"], "unit": "cm"}, "short_answer", "no accepted text is one"),
        ({"value": math.inf}, "numeric", "'answer.value': must be a finite number"),
        ({"value": 1, "tolerance": math.inf}, "numeric", "'answer.tolerance': must be a finite"),
    ],
)
def test_bad_marking_fields_are_named(
    answer: dict[str, Any], item_type: str, expected: str
) -> None:
    message = problems(with_answer(answer, item_type))
    assert "item 'add-1'" in message
    assert expected in message


def test_marking_fields_are_refused_on_multiple_choice() -> None:
    document = tiny_bank_document()
    document["items"][0]["answer"] = {"choice": "B", "in_sentence": True}
    assert "'answer.in_sentence': not used by 'multiple_choice' items" in problems(document)


def test_choice_ids_that_differ_only_in_case_are_refused() -> None:
    document = tiny_bank_document()
    document["items"][0]["choices"] = [{"id": "a", "text": "2"}, {"id": "A", "text": "3"}]
    document["items"][0]["answer"] = {"choice": "A"}
    assert "choice ids ['A', 'a'] differ only in case" in problems(document)


def test_choice_texts_equal_after_normalisation_are_refused() -> None:
    document = tiny_bank_document()
    document["items"][0]["choices"] = [{"id": "A", "text": "1/4"}, {"id": "B", "text": "1 / 4"}]
    assert "duplicate choice texts ['1/4']" in problems(document)


def test_choice_texts_differing_in_case_are_allowed() -> None:
    document = tiny_bank_document()
    document["items"][0]["choices"] = [{"id": "A", "text": "b"}, {"id": "B", "text": "B"}]
    bank = ItemBank.from_dict(document)
    assert bank["count-1"].score("B") == 1
    assert bank["count-1"].mark("b").choice == "A"
