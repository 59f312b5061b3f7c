"""Multiple-choice position labels (①②③④, 가나다라, ㄱㄴㄷㄹ) and their collisions."""

from __future__ import annotations

from pathlib import Path

import pytest

from adaptive_tutor.exceptions import ResponseDataError
from adaptive_tutor.item_bank import ItemBank
from test_marking import make_item

BANK_DIR = Path(__file__).resolve().parents[1] / "item_banks"
NUMBERS = [{"id": i, "text": t} for i, t in zip("ABCD", ["50", "510", "60", "58"], strict=True)]


@pytest.mark.parametrize("label", ["③", "다", "(다)", "다.", "다)", "ㄷ", "㉢", "㉰", " ③ "])
def test_a_label_names_the_choice_at_its_position(label: str) -> None:
    item = make_item("multiple_choice", {"choice": "C"}, NUMBERS)
    mark = item.mark(label)
    assert (mark.score, mark.rule, mark.choice) == (1, "choice_label", "C")


def test_a_label_for_another_position_scores_zero() -> None:
    item = make_item("multiple_choice", {"choice": "C"}, NUMBERS)
    assert (item.mark("①").choice, item.mark("라").choice, item.mark("ㄴ").choice) == (
        "A",
        "D",
        "B",
    )
    assert item.score("①") == 0


def test_a_label_beyond_the_last_choice_is_an_error_that_names_the_labels() -> None:
    item = make_item("multiple_choice", {"choice": "C"}, NUMBERS)
    with pytest.raises(ResponseDataError, match="①-④, 가-라") as raised:
        item.mark("⑤")
    assert "not one of its choices" in str(raised.value)


def test_a_choice_text_that_reads_as_a_label_turns_that_series_off() -> None:
    # choices are syllables: "다" is the choice 다 (D), never "the third choice"
    syllables = [
        {"id": i, "text": t} for i, t in zip("ABCD", ["가", "고", "구", "다"], strict=True)
    ]
    item = make_item("multiple_choice", {"choice": "D"}, syllables)
    assert item.mark("다").choice == "D"
    with pytest.raises(ResponseDataError):
        item.mark("나")  # would be the 2nd choice, but syllable labels are off here
    assert item.mark("ㄴ").choice == "B"  # letters and circled digits still label
    assert item.mark("②").choice == "B"


def test_korean_letter_choices_keep_their_own_meaning_in_the_shipped_bank() -> None:
    item = ItemBank.from_json(BANK_DIR / "ko_reading.json")["kr.jamo.001"]
    texts = {choice.text: choice.id for choice in item.choices}
    assert "ㄷ" in texts
    assert item.mark("ㄷ").choice == texts["ㄷ"]
    assert item.mark("③").choice == item.choices[2].id


def test_labels_follow_the_bank_order_in_a_shipped_korean_item() -> None:
    item = ItemBank.from_json(BANK_DIR / "ko_math.json")["km.num.003"]
    key_position = [choice.id for choice in item.choices].index(item.answer.choice or "")
    assert item.score("①②③④"[key_position]) == 1
    assert item.score("가나다라"[key_position]) == 1
