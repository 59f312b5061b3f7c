"""Marking what children really type, found by trying the shipped items (try-out 1)."""

from __future__ import annotations

from typing import Any

import pytest

from adaptive_tutor.examples import tiny_bank_document
from adaptive_tutor.exceptions import ResponseDataError
from adaptive_tutor.item import Item
from adaptive_tutor.item_bank import ItemBank
from adaptive_tutor.shipped_banks import load_shipped_bank


def make_item(item_type: str, answer: dict[str, Any]) -> Item:
    document = tiny_bank_document()
    document["items"][1].update({"type": item_type, "answer": answer})
    return ItemBank.from_dict(document)["add-1"]


# Correct answers that scored 0 on shipped items.
@pytest.mark.parametrize(
    ("bank", "item_id", "response"),
    [
        ("fractions_decimals", "fr.dadd.009", "7.15 dollars"),  # "How many dollars ...?"
        ("fractions_decimals", "fr.dadd.009", "7.15 Dollars."),
        ("arithmetic", "ar.divr.009", "26 r2"),  # key "26 r 2" / "26r2"
        ("arithmetic", "ar.divr.009", "26 R2"),
        ("reading_vocabulary", "rd.pass.077", "384 thousand"),  # 384,000 km
        ("reading_vocabulary", "rd.pass.077", "384 thousand km"),
    ],
)
def test_a_childs_correct_answer_to_a_shipped_item_scores_1(
    bank: str, item_id: str, response: str
) -> None:
    assert load_shipped_bank(bank)[item_id].score(response) == 1


@pytest.mark.parametrize(
    ("response", "score"),
    [
        ("7.15 dollars", 1),
        ("7.15dollars", 1),
        ("$7.15", 1),
        ("7.15 dollar", 1),
        ("7.15 euros", 1),
        ("7.15 달러", 1),
        ("8.15 dollars", 0),
        ("7 dollars 15 cents", 0),  # two numbers
        ("7.15 dollars each", 0),
    ],
)
def test_a_currency_name_after_a_number_reads_like_its_sign(response: str, score: int) -> None:
    item = make_item("numeric", {"value": 7.15})
    assert item.score(response) == score


@pytest.mark.parametrize("response", ["5000원", "오천 원", "오천원", "5,000 won"])
def test_won_reads_like_the_won_sign_without_being_declared(response: str) -> None:
    assert make_item("numeric", {"value": 5000}).score(response) == 1


def test_a_currency_name_alone_is_still_no_number() -> None:
    with pytest.raises(ResponseDataError, match="expects a number"):
        make_item("numeric", {"value": 3}).score("dollars")


@pytest.mark.parametrize(
    ("accepted", "response", "score"),
    [
        ("26 r 2", "26 r2", 1),
        ("26 r 2", "26r2", 1),
        ("26r2", "26 R 2", 1),
        ("10시", "10 시", 1),
        ("3 cm", "3cm", 1),
        ("3 cm", "3 m", 0),
        ("바다", "바 다", 0),  # between letters a space still counts
        ("sunlight", "sun light", 0),
        ("2 3/4", "23/4", 0),  # between digits too
    ],
)
def test_a_space_between_a_digit_and_a_letter_does_not_count(
    accepted: str, response: str, score: int
) -> None:
    assert make_item("short_answer", {"accepted": [accepted]}).score(response) == score


def test_a_short_answer_in_a_sentence_folds_those_spaces_too() -> None:
    item = make_item("short_answer", {"accepted": ["10시"], "in_sentence": True})
    assert item.mark("지금은 10 시예요").score == 1


@pytest.mark.parametrize(
    ("response", "value"),
    [
        ("384 thousand", 384_000),
        ("2 million", 2_000_000),
        ("2.5 million", 2_500_000),
        ("2 million 384 thousand", 2_384_000),
        ("1000 thousand", None),  # coefficients are 1-999, as in words
    ],
)
def test_digits_before_thousand_or_million_read_as_one_number(
    response: str, value: int | None
) -> None:
    item = make_item("numeric", {"value": value if value is not None else 1})
    if value is None:
        assert item.mark(response).rule == "not_one_number"
    else:
        assert item.score(response) == 1
