"""Marking rules: the documented table, the natural answers of issue 20, and multiple choice."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from adaptive_tutor.examples import tiny_bank_document
from adaptive_tutor.exceptions import ResponseDataError
from adaptive_tutor.item import Item
from adaptive_tutor.item_bank import ItemBank
from adaptive_tutor.marking import MAX_ANSWER_LENGTH, normalise_text, read_number

BANK_DIR = Path(__file__).resolve().parents[1] / "item_banks"


def make_item(item_type: str, answer: dict[str, Any], choices: list[Any] | None = None) -> Item:
    """One validated item of the given type in the tiny bank (schema checks the key)."""
    document = tiny_bank_document()
    item = document["items"][1]
    item.update({"type": item_type, "answer": answer})
    if choices is not None:
        item["choices"] = choices
        item["irt"] = {"model": "3PL", "a": 1.0, "b": 0.0, "c": 0.2}
    return ItemBank.from_dict(document)["add-1"]


@pytest.fixture(scope="module")
def shipped() -> dict[str, ItemBank]:
    return {
        name: ItemBank.from_json(BANK_DIR / f"{name}.json")
        for name in ("arithmetic", "fractions_decimals", "reading_vocabulary")
    }


# The natural answers issue 20 lists for shipped items that need no opt-in.
@pytest.mark.parametrize(
    ("bank", "item_id", "response"),
    [
        ("reading_vocabulary", "rd.pass.002", "Max."),
        ("reading_vocabulary", "rd.pass.002", "max"),
        ("fractions_decimals", "fr.parts.008", "7 / 10"),
        ("arithmetic", "ar.count.021", "fifty-six."),
        ("arithmetic", "ar.count.021", "Fifty six"),
        ("reading_vocabulary", "rd.syl.011", "four"),
        ("fractions_decimals", "fr.dadd.009", "$7.15"),
    ],
)
def test_shipped_items_accept_natural_answers(
    shipped: dict[str, ItemBank], bank: str, item_id: str, response: str
) -> None:
    assert shipped[bank][item_id].score(response) == 1


def test_every_shipped_fraction_key_accepts_spaces_around_the_slash(
    shipped: dict[str, ItemBank],
) -> None:
    checked = 0
    for item in shipped["fractions_decimals"].items:
        if item.type != "short_answer" or item.answer is None:
            continue
        for text in item.answer.accepted or ():
            if "/" in text:
                assert item.score(text.replace("/", " / ")) == 1, item.id
                checked += 1
    assert checked >= 58


# The same items with the opt-ins the content helper adds to the shipped data.
def test_sentence_answer_needs_the_in_sentence_opt_in() -> None:
    plain = make_item("short_answer", {"accepted": ["Max"]})
    opted = make_item("short_answer", {"accepted": ["Max"], "in_sentence": True})
    assert plain.score("His name is Max.") == 0
    assert opted.score("His name is Max.") == 1


def test_fraction_in_words_needs_the_words_form() -> None:
    plain = make_item("short_answer", {"accepted": ["7/10"]})
    opted = make_item("short_answer", {"accepted": ["7/10"], "forms": ["words"]})
    assert plain.score("seven tenths") == 0
    assert opted.score("seven tenths") == 1


SHORT = "short_answer"
NUMERIC = "numeric"

# (item type, answer key, response, score, rule): the documentation's marking table and more.
RULES: list[tuple[str, dict[str, Any], object, int, str]] = [
    # normalisation of short answers
    (SHORT, {"accepted": ["Max"]}, "  MAX ", 1, "exact"),
    (SHORT, {"accepted": ["Max"]}, "Ｍａｘ", 1, "exact"),
    (SHORT, {"accepted": ["Max"]}, "Max!?", 1, "exact"),
    (SHORT, {"accepted": ["Max"]}, "“Max.”", 1, "exact"),
    (SHORT, {"accepted": ["Max"]}, "Maxi", 0, "wrong"),
    (SHORT, {"accepted": ["café"]}, "cafe\u0301", 1, "exact"),
    (SHORT, {"accepted": ["sun light"]}, "sun   light", 1, "exact"),
    (SHORT, {"accepted": ["2 3/4"]}, "2 3 / 4", 1, "exact"),
    (SHORT, {"accepted": ["2 3/4"]}, "2¾", 1, "exact"),
    (SHORT, {"accepted": ["3.5"]}, "3 . 5", 1, "exact"),
    (SHORT, {"accepted": ["sun, light"]}, "sun ,light", 1, "exact"),
    (SHORT, {"accepted": ["fifty-six"]}, "fifty – six", 1, "exact"),
    (SHORT, {"accepted": ["?"]}, "?", 1, "exact"),
    (SHORT, {"accepted": ["고양이"]}, "고양이.", 1, "exact"),
    (SHORT, {"accepted": ["ㄱ"]}, "ㄱ", 1, "exact"),
    (SHORT, {"accepted": ["가"]}, "ㄱㅏ", 0, "wrong"),
    (SHORT, {"accepted": ["바다"]}, "바 다", 0, "wrong"),
    (SHORT, {"accepted": ["fifty-six"]}, "56", 0, "wrong"),
    (SHORT, {"accepted": ["3/4"]}, "6/8", 0, "wrong"),
    (SHORT, {"accepted": ["2 3/4"]}, "11/4", 0, "wrong"),
    (SHORT, {"accepted": ["7"]}, 7, 1, "exact"),
    # forms for number keys in short answers
    (SHORT, {"accepted": ["7/10"], "forms": ["words"]}, "seven-tenths", 1, "form"),
    (SHORT, {"accepted": ["7/10"], "forms": ["words"]}, "7 tenths", 1, "form"),
    (SHORT, {"accepted": ["7/10"], "forms": ["words"]}, "10분의 7", 1, "form"),
    (SHORT, {"accepted": ["7/10"], "forms": ["words"]}, "십분의 칠", 1, "form"),
    (SHORT, {"accepted": ["7/10"], "forms": ["words"]}, "14/20", 0, "form_not_accepted"),
    (SHORT, {"accepted": ["7/10"], "forms": ["words"]}, "three tenths", 0, "wrong"),
    (SHORT, {"accepted": ["1/2"], "forms": ["words"]}, "a half", 1, "form"),
    (SHORT, {"accepted": ["3/4"], "forms": ["words"]}, "three quarters", 1, "form"),
    (SHORT, {"accepted": ["3/4"], "forms": ["words"]}, "three fourths", 1, "form"),
    (SHORT, {"accepted": ["1/2"], "forms": ["fraction"]}, "2/4", 1, "form"),
    (SHORT, {"accepted": ["1/2"], "forms": ["fraction"]}, "one half", 0, "form_not_accepted"),
    (SHORT, {"accepted": ["1/2"], "forms": ["decimal"]}, "0.5", 1, "form"),
    (SHORT, {"accepted": ["1/2"], "forms": ["decimal"]}, "0,5", 1, "form"),
    (SHORT, {"accepted": ["11/8"], "forms": ["mixed"]}, "1 3/8", 1, "form"),
    (SHORT, {"accepted": ["11/8"], "forms": ["mixed"]}, "1 and 3/8", 1, "form"),
    (SHORT, {"accepted": ["11/8"], "forms": ["mixed"]}, "1.375", 0, "form_not_accepted"),
    (SHORT, {"accepted": ["2 3/4"], "forms": ["words"]}, "two and three quarters", 1, "form"),
    (SHORT, {"accepted": ["1 2/3"], "forms": ["words"]}, "1과 3분의 2", 1, "form"),
    (SHORT, {"accepted": ["4 1/2"], "forms": ["words"]}, "four and a half", 1, "form"),
    (SHORT, {"accepted": ["3/4"], "unit": "m"}, "3/4 m", 1, "number"),
    (SHORT, {"accepted": ["3/4"], "unit": "m"}, "3/4 km", 0, "wrong"),
    # numeric items: digits, words, currency, units
    (NUMERIC, {"value": 4}, "four", 1, "number"),
    (NUMERIC, {"value": 4}, "Four.", 1, "number"),
    (NUMERIC, {"value": 4}, "４", 1, "number"),
    (NUMERIC, {"value": 4}, 4.0, 1, "number"),
    (NUMERIC, {"value": 4}, "4.0", 1, "number"),
    (NUMERIC, {"value": 4}, "five", 0, "wrong"),
    (NUMERIC, {"value": 56}, "fifty-six", 1, "number"),
    (NUMERIC, {"value": 105}, "a hundred and five", 1, "number"),
    (NUMERIC, {"value": 2026}, "two thousand twenty-six", 1, "number"),
    (NUMERIC, {"value": 11891}, "11,891", 1, "number"),
    (NUMERIC, {"value": 11891}, "11 891", 1, "number"),
    (NUMERIC, {"value": 1234.5}, "1.234,5", 1, "number"),
    (NUMERIC, {"value": -3}, "minus three", 1, "number"),
    (NUMERIC, {"value": -3}, "−3", 1, "number"),
    (NUMERIC, {"value": 3.14, "tolerance": 1e-9}, "three point one four", 1, "number"),
    (NUMERIC, {"value": 7.15, "tolerance": 1e-6}, "$7.15", 1, "number"),
    (NUMERIC, {"value": 7.15, "tolerance": 1e-6}, "7.15 $", 1, "number"),
    (NUMERIC, {"value": 2.5}, "£2.50", 1, "number"),
    (NUMERIC, {"value": 1500}, "₩1,500", 1, "number"),
    (NUMERIC, {"value": 1500}, "￦1,500", 1, "number"),
    (NUMERIC, {"value": 3}, "셋", 1, "number"),
    (NUMERIC, {"value": 3}, "삼", 1, "number"),
    (NUMERIC, {"value": 25}, "스물다섯", 1, "number"),
    (NUMERIC, {"value": 25}, "이십오", 1, "number"),
    (NUMERIC, {"value": 3500}, "삼천 오백", 1, "number"),
    (NUMERIC, {"value": 15000}, "1만 5천", 1, "number"),
    (NUMERIC, {"value": 3.5}, "삼 점 오", 1, "number"),
    (NUMERIC, {"value": 3, "unit": ["개"]}, "3개", 1, "number"),
    (NUMERIC, {"value": 3, "unit": ["개"]}, "세 개", 1, "number"),
    (NUMERIC, {"value": 3, "unit": ["개"]}, "세개", 1, "number"),
    (NUMERIC, {"value": 3, "unit": ["개"]}, "3", 1, "number"),
    (NUMERIC, {"value": 3, "unit": ["개"]}, "4개", 0, "wrong"),
    (NUMERIC, {"value": 3, "unit": ["개"]}, "3명", 0, "not_one_number"),
    (NUMERIC, {"value": 3, "unit": ["개"]}, "3개요", 1, "number"),
    (NUMERIC, {"value": 3, "unit": ["개"]}, "세 개예요", 1, "number"),
    (NUMERIC, {"value": 3}, "셋이요", 1, "number"),
    (NUMERIC, {"value": 2, "unit": ["시간"]}, "2시간입니다", 1, "number"),
    (NUMERIC, {"value": 2, "unit": ["시간"]}, "2시간", 1, "number"),
    (NUMERIC, {"value": 2, "unit": ["시간"]}, "두 시간", 1, "number"),
    (NUMERIC, {"value": 20, "unit": ["개"]}, "스무 개", 1, "number"),
    (NUMERIC, {"value": 1500, "unit": ["원"]}, "1,500원", 1, "number"),
    (NUMERIC, {"value": 1500, "unit": ["원"]}, "천오백 원", 1, "number"),
    (NUMERIC, {"value": 5, "unit": "cm"}, "5 cm", 1, "number"),
    (NUMERIC, {"value": 5, "unit": "cm"}, "5CM", 1, "number"),
    (NUMERIC, {"value": 5, "unit": "cm"}, "five cm", 1, "number"),
    (NUMERIC, {"value": 5, "unit": "cm"}, "5 m", 0, "not_one_number"),
    (NUMERIC, {"value": 5, "unit": "cm"}, "5 km", 0, "not_one_number"),
    (NUMERIC, {"value": 2, "unit": ["hour"]}, "2 hours", 1, "number"),
    (NUMERIC, {"value": 2, "unit": ["inch"]}, "2 inches", 1, "number"),
    (NUMERIC, {"value": 5, "unit": "cm"}, "5㎝", 1, "number"),
    (NUMERIC, {"value": 5, "unit": "mm"}, "5㎝", 0, "not_one_number"),
    (NUMERIC, {"value": 63, "unit": "cm²"}, "63㎠", 1, "number"),
    (NUMERIC, {"value": 63, "unit": "cm²"}, "63 cm2", 1, "number"),
    (NUMERIC, {"value": 63, "unit": "cm²"}, "63cm^2", 1, "number"),
    (NUMERIC, {"value": 60, "unit": "cm³"}, "60㎤", 1, "number"),
    (NUMERIC, {"value": 60, "unit": "cm³"}, "60 cm2", 0, "not_one_number"),
    (NUMERIC, {"value": 1300, "unit": "mL"}, "1300㎖", 1, "number"),
    (NUMERIC, {"value": 2.5, "unit": "L"}, "2.5ℓ", 1, "number"),
    (NUMERIC, {"value": 7, "unit": "°C"}, "7℃", 1, "number"),
    (NUMERIC, {"value": 48}, "48에요", 1, "number"),
    (NUMERIC, {"value": 50, "unit": "%"}, "50%", 1, "number"),
    (NUMERIC, {"value": 50}, "50%", 0, "not_one_number"),
    (NUMERIC, {"value": 50, "unit": ["%", "percent"]}, "50 percent", 1, "number"),
    # a declared unit after a space is the unit, even a fraction word ("3 fourths" = 3)
    (NUMERIC, {"value": 3, "unit": "fourth"}, "3 fourths", 1, "number"),
    (NUMERIC, {"value": 3, "unit": "fourth"}, "three fourths", 1, "number"),
    (NUMERIC, {"value": 3}, "3 fourths", 0, "wrong"),
    (NUMERIC, {"value": 12, "unit": "일"}, "십이 일", 1, "number"),
    (NUMERIC, {"value": 31, "unit": "일"}, "삼십일", 1, "number"),
    (SHORT, {"accepted": ["7/10"], "unit": ["mile", "of a mile"]}, "7/10 of a mile", 1, "number"),
    (NUMERIC, {"value": 4}, "4 syllables", 0, "not_one_number"),
    (NUMERIC, {"value": 4}, "4 or 5", 0, "not_one_number"),
    (NUMERIC, {"value": 4}, "I think four", 0, "not_one_number"),
    # numeric forms
    (NUMERIC, {"value": 0.75}, "3/4", 0, "form_not_accepted"),
    (NUMERIC, {"value": 0.75, "forms": ["fraction"]}, "3/4", 1, "number"),
    (NUMERIC, {"value": 0.75, "forms": ["fraction"]}, "three quarters", 0, "form_not_accepted"),
    (NUMERIC, {"value": 0.75, "forms": ["fraction", "words"]}, "three quarters", 1, "number"),
    (NUMERIC, {"value": 2.5, "forms": ["mixed"]}, "2 1/2", 1, "number"),
    (NUMERIC, {"value": 42, "forms": []}, "forty-two", 0, "form_not_accepted"),
    (NUMERIC, {"value": 42, "forms": []}, "42", 1, "number"),
    # answers in a sentence
    (SHORT, {"accepted": ["Max"], "in_sentence": True}, "His name is Max.", 1, "in_sentence"),
    (SHORT, {"accepted": ["Max"], "in_sentence": True}, "It is Max, the dog.", 1, "in_sentence"),
    (SHORT, {"accepted": ["Max"], "in_sentence": True}, "Max or Sam", 0, "sentence_not_accepted"),
    (SHORT, {"accepted": ["Max"], "in_sentence": True}, "It's not Max", 0, "sentence_not_accepted"),
    (SHORT, {"accepted": ["Max"], "in_sentence": True}, "It isn't Max", 0, "sentence_not_accepted"),
    (SHORT, {"accepted": ["Max"], "in_sentence": True}, "Max, Max", 0, "sentence_not_accepted"),
    (SHORT, {"accepted": ["Max"], "in_sentence": True}, "His name is Sam", 0, "wrong"),
    (
        SHORT,
        {"accepted": ["mom", "her mom"], "in_sentence": True},
        "Her mom calls her.",
        1,
        "in_sentence",
    ),
    (
        SHORT,
        {"accepted": ["mom", "mother"], "in_sentence": True},
        "Her mom, her mother",
        0,
        "sentence_not_accepted",
    ),
    (
        SHORT,
        {"accepted": ["Max"], "in_sentence": True},
        "The dog in the story that Sam plays with every day in the big green park is called Max",
        0,
        "wrong",
    ),
    (SHORT, {"accepted": ["고양이"], "in_sentence": True}, "고양이예요", 1, "in_sentence"),
    (SHORT, {"accepted": ["고양이"], "in_sentence": True}, "그것은 고양이입니다", 1, "in_sentence"),
    (
        SHORT,
        {"accepted": ["고양이"], "in_sentence": True},
        "고양이가 아니에요",
        0,
        "sentence_not_accepted",
    ),
    (SHORT, {"accepted": ["보리"], "in_sentence": True}, "보리에요", 1, "in_sentence"),
    (SHORT, {"accepted": ["북쪽"], "in_sentence": True}, "북쪽으로요", 1, "in_sentence"),
    (SHORT, {"accepted": ["북쪽"], "in_sentence": True}, "남쪽으로요", 0, "wrong"),
    (SHORT, {"accepted": ["7/10"], "in_sentence": True}, "The dot shows 7/10.", 1, "in_sentence"),
    (
        SHORT,
        {"accepted": ["7/10"], "in_sentence": True},
        "3/10 and 7/10",
        0,
        "sentence_not_accepted",
    ),
    (NUMERIC, {"value": 4, "in_sentence": True}, "There are 4 beats.", 1, "in_sentence"),
    (NUMERIC, {"value": 4, "in_sentence": True}, "It has four beats", 1, "in_sentence"),
    (NUMERIC, {"value": 4, "in_sentence": True}, "4 syllables", 1, "in_sentence"),
    (NUMERIC, {"value": 4, "in_sentence": True}, "It has 3 or 4", 0, "sentence_not_accepted"),
    (NUMERIC, {"value": 4, "in_sentence": True}, "3 and 4", 0, "sentence_not_accepted"),
    (NUMERIC, {"value": 4, "in_sentence": True}, "There are 5 beats", 0, "sentence_not_accepted"),
    (NUMERIC, {"value": 25, "in_sentence": True}, "twenty five beats", 1, "in_sentence"),
    (
        NUMERIC,
        {"value": 3, "unit": ["개"], "in_sentence": True},
        "사과는 3개입니다.",
        1,
        "in_sentence",
    ),
    (NUMERIC, {"value": 3, "unit": ["개"], "in_sentence": True}, "세 개예요", 1, "number"),
    (
        NUMERIC,
        {"value": 3, "unit": ["개"], "in_sentence": True},
        "이 사과는 세 개예요",
        1,
        "in_sentence",
    ),
    (
        NUMERIC,
        {"value": 3, "unit": ["개"], "in_sentence": True},
        "세 개가 아니에요",
        0,
        "sentence_not_accepted",
    ),
    (NUMERIC, {"value": 5, "unit": "cm", "in_sentence": True}, "It is 5 cm long", 1, "in_sentence"),
    (NUMERIC, {"value": 6, "unit": ["명"], "in_sentence": True}, "6명에게", 1, "in_sentence"),
    (NUMERIC, {"value": 6, "unit": ["명"], "in_sentence": True}, "6명한테요", 1, "in_sentence"),
    (NUMERIC, {"value": 6, "unit": ["개"], "in_sentence": True}, "6개씩 담아요", 1, "in_sentence"),
    (
        NUMERIC,
        {"value": 5, "unit": "cm", "in_sentence": True},
        "It is 5 m long",
        0,
        "sentence_not_accepted",
    ),
    (NUMERIC, {"value": 12, "unit": ["초"], "in_sentence": True}, "12 초 후", 1, "in_sentence"),
    (
        NUMERIC,
        {"value": 12, "unit": ["초"], "in_sentence": True},
        "12 분 후",
        0,
        "sentence_not_accepted",
    ),
    (
        NUMERIC,
        {"value": 36, "unit": ["개"], "in_sentence": True},
        "36 명이요",
        0,
        "sentence_not_accepted",
    ),
    (
        SHORT,
        {"accepted": ["95"], "unit": ["분"], "in_sentence": True},
        "95 초",
        0,
        "sentence_not_accepted",
    ),
    (
        NUMERIC,
        {"value": 6, "unit": ["명"], "in_sentence": True},
        "5명에게",
        0,
        "sentence_not_accepted",
    ),
]


@pytest.mark.parametrize(
    ("item_type", "key", "response", "score", "rule"),
    RULES,
    ids=[f"{row[0][:5]}-{row[2]!r}-{sorted(row[1])}" for row in RULES],
)
def test_marking_rules(
    item_type: str, key: dict[str, Any], response: object, score: int, rule: str
) -> None:
    mark = make_item(item_type, key).mark(response)
    assert (mark.score, mark.rule) == (score, rule)


@pytest.mark.parametrize("code", [*range(0x3380, 0x33E0), 0x2103, 0x2109, 0x2113])
def test_unit_symbols_read_as_their_letters_once_and_for_all(code: int) -> None:
    """㎝ -> cm, ㎧ -> m/s: normalising twice changes nothing."""
    once = normalise_text(f"5{chr(code)}")
    assert chr(code) not in once
    assert normalise_text(once) == once


@pytest.mark.parametrize(
    "response", ["banana", "?", "IV", "모르겠어요", "", "   ", None, True, [4], float("nan")]
)
def test_numeric_answer_without_a_number_is_a_clear_error(response: object) -> None:
    with pytest.raises(ResponseDataError, match="'add-1'"):
        make_item(NUMERIC, {"value": 4}).score(response)


def test_too_long_answer_is_refused() -> None:
    with pytest.raises(ResponseDataError, match=f"longer than {MAX_ANSWER_LENGTH}"):
        make_item(SHORT, {"accepted": ["Max"]}).score("Max " * MAX_ANSWER_LENGTH)


def test_empty_short_answer_asks_to_record_a_zero() -> None:
    with pytest.raises(ResponseDataError, match=r"empty.*record a score of 0"):
        make_item(SHORT, {"accepted": ["Max"]}).score(" ")


# Multiple choice (issue 13 point 4)
CHOICES = [{"id": "A", "text": "2"}, {"id": "B", "text": "3"}, {"id": "C", "text": "1/4"}]


@pytest.mark.parametrize(
    ("response", "choice", "rule"),
    [
        ("B", "B", "choice_id"),
        ("b", "B", "choice_id"),
        (" b. ", "B", "choice_id"),
        ("(b)", "B", "choice_id"),
        ("b)", "B", "choice_id"),
        ("Ｂ", "B", "choice_id"),
        ("3", "B", "choice_text"),
        (3, "B", "choice_text"),
        ("1/4", "C", "choice_text"),
        ("1 / 4", "C", "choice_text"),
        ("a", "A", "choice_id"),
    ],
)
def test_multiple_choice_accepts_id_in_any_case_or_the_choice_text(
    response: object, choice: str, rule: str
) -> None:
    mark = make_item("multiple_choice", {"choice": "B"}, CHOICES).mark(response)
    assert (mark.choice, mark.rule, mark.score) == (choice, rule, int(choice == "B"))


@pytest.mark.parametrize("response", ["Z", "D", "1/5", "three", "", None, 2.5, False])
def test_multiple_choice_refuses_anything_else_naming_item_and_choices(response: object) -> None:
    item = make_item("multiple_choice", {"choice": "B"}, CHOICES)
    with pytest.raises(ResponseDataError, match="'add-1'") as caught:
        item.score(response)
    if isinstance(response, str) and response:
        assert "A ('2'), B ('3'), C ('1/4')" in str(caught.value)


def test_multiple_choice_texts_that_differ_only_in_case_keep_case() -> None:
    choices = [
        {"id": "A", "text": "b"},
        {"id": "B", "text": "d"},
        {"id": "C", "text": "B"},
        {"id": "D", "text": "p"},
    ]
    item = make_item("multiple_choice", {"choice": "A"}, choices)
    assert item.mark("b").choice == "A"  # the text "b" is choice A
    assert item.mark("B").choice == "B"  # an id as written wins over a text
    assert item.mark("d").choice == "B"


def test_read_number_reports_the_unit_and_notation() -> None:
    from adaptive_tutor.marking import UnitSet

    reading = read_number(normalise_text("세 개"), UnitSet(["개"]))
    assert reading is not None
    assert (reading.value, reading.unit, reading.notation, reading.korean_words) == (
        3,
        "개",
        "words",
        True,
    )
