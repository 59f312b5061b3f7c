"""Schema 1.1: optional per-language skill names and bank titles, and the spelling convention."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from adaptive_tutor._locale_text import translated
from adaptive_tutor.examples import tiny_bank_document
from adaptive_tutor.exceptions import ItemBankError
from adaptive_tutor.item_bank import ItemBank


def _document() -> dict:
    document = tiny_bank_document()
    document["bank"]["titles"] = {"ko": "작은 문제은행"}
    document["skills"][0]["names"] = {"ko": "수 세기", "en-GB": "Counting (UK)"}
    return document


def test_names_and_titles_round_trip_through_json() -> None:
    bank = ItemBank.from_dict(_document())
    text = bank.to_json()
    document = json.loads(text)
    assert document["bank"]["titles"] == {"ko": "작은 문제은행"}
    assert document["skills"][0]["names"]["ko"] == "수 세기"
    assert "names" not in document["skills"][1]
    again = ItemBank.from_json(text)
    assert again.skills == bank.skills
    assert again.metadata == bank.metadata


def test_skill_name_and_title_follow_the_locale() -> None:
    bank = ItemBank.from_dict(_document())
    skill = bank.skills[0]
    assert skill.name_in("ko") == "수 세기"
    assert skill.name_in("ko-KR") == "수 세기"
    assert skill.name_in("en-GB") == "Counting (UK)"
    assert skill.name_in("fr") == skill.name
    assert bank.skills[1].name_in("ko") == bank.skills[1].name
    assert bank.metadata.title_in("ko") == "작은 문제은행"
    assert bank.metadata.title_in("en") == bank.metadata.title


def test_a_bad_language_tag_is_named(tmp_path: Path) -> None:
    document = _document()
    document["skills"][0]["names"] = {"Korean!": "수 세기"}
    path = tmp_path / "bank.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(ItemBankError, match="names"):
        ItemBank.from_json(path)


def test_an_empty_translation_is_refused(tmp_path: Path) -> None:
    document = _document()
    document["bank"]["titles"] = {"ko": ""}
    path = tmp_path / "bank.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(ItemBankError, match="titles"):
        ItemBank.from_json(path)


def test_primary_language_matches_a_regional_tag() -> None:
    assert translated("Addition", {"ko-KR": "덧셈"}, "ko") == "덧셈"
    assert translated("Addition", {"KO": "덧셈"}, "ko") == "덧셈"
    assert translated("Addition", {"ko": "덧셈"}, None) == "Addition"


def test_spelling_convention_round_trips_through_json() -> None:
    document = tiny_bank_document()
    document["bank"]["spelling"] = "en-US"
    bank = ItemBank.from_dict(document)
    assert bank.metadata.spelling == "en-US"
    assert bank.to_dict()["bank"]["spelling"] == "en-US"


def test_spelling_convention_must_be_a_language_tag() -> None:
    document = tiny_bank_document()
    document["bank"]["spelling"] = "American"
    with pytest.raises(ItemBankError, match="spelling"):
        ItemBank.from_dict(document)
