"""The bank builder's Hangul checks (``scripts/_bank_hangul.py``) for ``ko.*`` tags."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from _bank_hangul import build, hangul_tag_problems, letters  # noqa: E402


def choice_item(tag: str, key: str, others: list[str]) -> dict[str, Any]:
    choices = [{"id": "ABCDE"[i], "text": t} for i, t in enumerate([key, *others])]
    return {"id": "q", "tags": [tag], "choices": choices, "answer": {"choice": "A"}}


def test_syllables_are_taken_apart_and_built_by_unicode_arithmetic() -> None:
    assert letters("닭") == ("ㄷ", "ㅏ", "ㄺ")
    assert letters("가") == ("ㄱ", "ㅏ", "")
    assert build("ㄷ", "ㅏ", "ㄹ") == "달"
    assert build("ㅎ", "ㅣ", "ㅎ") == "힣"
    with pytest.raises(ValueError, match="not a Hangul syllable"):
        letters("ㄱ")


@pytest.mark.parametrize(
    ("tag", "key", "others"),
    [
        ("ko.initial:나무", "ㄴ", ["ㅁ", "ㅏ"]),
        ("ko.final:닭", "ㄺ", ["ㄹ", "ㄱ", "ㄲ"]),
        ("ko.compose:ㄱ+ㅗ+ㅇ", "공", ["곤", "강"]),
        ("ko.compose:ㄴ+ㅏ/ㅂ+ㅣ", "나비", ["나바"]),
        ("ko.decompose:꽃", "ㄲ, ㅗ, ㅊ", ["ㄱ, ㅗ, ㅊ"]),
        ("ko.only_cluster", "흙", ["밖", "옷"]),
        ("ko.only_twin", "있", ["없", "잎"]),
        ("ko.only_no_final", "나무", ["사탕", "김밥"]),
        ("ko.has_vowel:ㅑ", "야구", ["여우", "유리"]),
        ("ko.same_initial:기린", "가방", ["키위", "나비"]),
        ("ko.vowel_below", "무", ["마", "머"]),
    ],
)
def test_right_keys_pass(tag: str, key: str, others: list[str]) -> None:
    assert hangul_tag_problems(choice_item(tag, key, others)) == []


@pytest.mark.parametrize(
    ("tag", "key", "others", "message"),
    [
        ("ko.final:닭", "ㄹ", ["ㄺ", "ㄱ"], "key 'ㄹ', expected 'ㄺ'"),
        ("ko.compose:ㄱ+ㅗ+ㅇ", "곤", ["공"], "expected '공'"),
        ("ko.only_cluster", "밖", ["흙", "옷"], "only option that fits"),
        ("ko.has_vowel:ㅑ", "야구", ["야옹"], "only option that fits"),
        ("ko.final:q", "ㄱ", ["ㄴ"], "not a Hangul syllable"),
    ],
)
def test_wrong_keys_are_named(tag: str, key: str, others: list[str], message: str) -> None:
    problems = hangul_tag_problems(choice_item(tag, key, others))
    assert len(problems) == 1
    assert tag in problems[0]
    assert message in problems[0]


def test_typed_answers_and_counts() -> None:
    typed = {"id": "q", "tags": ["ko.compose:ㄷ+ㅏ+ㄹ"], "answer": {"accepted": ["달"]}}
    assert hangul_tag_problems(typed) == []
    count = {"id": "q", "tags": ["ko.syllables:할머니"], "answer": {"value": 4}}
    assert hangul_tag_problems(count) == ["ko.syllables:할머니: key 4, expected 3"]


def test_the_builder_names_the_row_of_a_wrong_hangul_key(tmp_path: Path) -> None:
    source = tmp_path / "source"
    shutil.copytree(ROOT / "item_banks" / "source" / "ko_reading", source / "ko_reading")
    path = source / "ko_reading" / "items" / "kread.batchim.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header, rows = list(reader.fieldnames or []), list(reader)
    row = next(r for r in rows if r["id"] == "kr.bat.002")  # ‘옷’의 받침: ㅅ
    row["answer"] = "ㅈ"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "build_item_banks.py"),
            "--source",
            str(source),
            "--out",
            str(tmp_path / "out"),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 1
    assert "kr.bat.002: ko.final:옷: key 'ㅈ', expected 'ㅅ'" in result.stderr
