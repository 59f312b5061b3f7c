"""Content checks for the Korean banks (``ko_math``, ``ko_reading``) in ``item_banks/``.

Like ``test_shipped_banks_content.py`` for the English banks, these tests reuse no builder
code: keys are re-derived from the Korean prompts themselves ("□ 안에 알맞은 수를 쓰세요.
37 + 48 = □", "4728을 반올림하여 백의 자리까지 ...", "오각기둥의 모서리는 ..."), from the
``expr:`` tags with a small exact evaluator of their own, and from the structured tags
(clock hands, patterns, correspondence rules, comparisons ...). Korean grammar after
numbers (``8이에요``, ``5예요``) and counters on numeric answers are checked too.
"""

from __future__ import annotations

import graphlib
import itertools
import json
import re
from collections import Counter, defaultdict
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from korean_math_reference import (
    FILL,
    exact,
    fill_checks,
    from_prompt,
    key_text,
    key_value,
    other_texts,
    quantity,
    tag_checks,
)
from korean_reading_checks import reading_tag_checks
from korean_reference import number_has_final, split

ROOT = Path(__file__).resolve().parents[1]
BANK_DIR = ROOT / "item_banks"
SCHEMA = ROOT / "src" / "adaptive_tutor" / "schema" / "item_bank.schema.json"
KOREAN_BANKS = ("ko_math", "ko_reading")
HANGUL = re.compile(r"[가-힣]")


@cache
def load(name: str) -> dict[str, Any]:
    return json.loads((BANK_DIR / f"{name}.json").read_text(encoding="utf-8"))


def items(name: str) -> list[dict[str, Any]]:
    return list(load(name)["items"])


# ----------------------------------------------------------------------------- tests


@pytest.mark.parametrize("name", KOREAN_BANKS)
def test_bank_validates_against_schema(name: str) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(load(name)))
    assert errors == []


@pytest.mark.parametrize("name", KOREAN_BANKS)
def test_metadata_is_korean_with_english_translations(name: str) -> None:
    bank = load(name)
    meta = bank["bank"]
    assert meta["id"] == name
    assert meta["language"] == "ko"
    assert meta["provider"] == "adaptive_tutor project"
    assert meta["licence"] == "CC-BY-4.0"
    assert "2022 revision" in meta["source"]
    assert HANGUL.search(meta["title"])
    assert not HANGUL.search(meta["titles"]["en"])
    for skill in bank["skills"]:
        assert HANGUL.search(skill["name"]), skill["id"]
        assert skill["names"]["en"], skill["id"]
        assert not HANGUL.search(skill["names"]["en"]), skill["id"]


@pytest.mark.parametrize("name", KOREAN_BANKS)
def test_size_types_and_skill_graph(name: str) -> None:
    bank = load(name)
    skills = {s["id"]: s.get("prerequisites", []) for s in bank["skills"]}
    assert len(bank["items"]) >= 200
    assert len(skills) >= 8
    assert sum(bool(p) for p in skills.values()) >= len(skills) - 2
    order = list(graphlib.TopologicalSorter(skills).static_order())  # raises on a cycle
    assert sorted(order) == sorted(skills)
    types = Counter(item["type"] for item in bank["items"])
    assert set(types) == {"multiple_choice", "numeric", "short_answer", "partial_credit"}
    assert min(types.values()) >= 10, types
    cells = Counter((item["skills"][0], item["grade"]) for item in bank["items"])
    grade_of = {s["id"]: s["grade"] for s in bank["skills"]}
    assert all(n >= 6 for n in cells.values()), cells
    assert all(cells[(skill, grade)] >= 6 for skill, grade in grade_of.items())
    for item in bank["items"]:
        assert all(item["grade"] >= grade_of[s] for s in item["skills"]), item["id"]


@pytest.mark.parametrize("name", KOREAN_BANKS)
def test_difficulty_follows_the_grade_anchor_rule(name: str) -> None:
    by_grade: dict[int, list[float]] = defaultdict(list)
    for item in items(name):
        irt = item["irt"]
        steps = irt.get("thresholds") or irt.get("steps")
        location = float(irt["b"]) if "b" in irt else sum(steps) / len(steps)
        anchor = (item["grade"] - 3.5) * 0.8
        assert abs(location - anchor) <= 0.4 + 0.15 + 0.08 + 1e-9, item["id"]
        assert irt["calibration"].startswith(f"expert judgement: grade {item['grade']} anchor")
        by_grade[item["grade"]].append(location)
    means = [sum(v) / len(v) for _, v in sorted(by_grade.items())]
    assert all(lo < hi for lo, hi in itertools.pairwise(means)), means


@pytest.mark.parametrize("name", KOREAN_BANKS)
def test_keys_recomputed_from_expr_tags(name: str) -> None:
    checked = 0
    for item in items(name):
        for tag in item.get("tags", []):
            if tag.startswith("expr:"):
                checked += 1
                assert key_value(item) == exact(tag[5:]), (item["id"], tag)
    assert checked >= 100 if name == "ko_math" else checked >= 0


def test_math_keys_recomputed_from_the_prompts() -> None:
    checked = 0
    for item in items("ko_math"):
        if item["type"] == "partial_credit":
            continue
        if fill_checks(item):
            checked += 1
            continue
        expected = from_prompt(item["prompt"])
        if expected is not None:
            assert key_value(item) == expected, item["id"]
            checked += 1
    assert checked >= 110


def test_math_keys_recomputed_from_structured_tags() -> None:
    checked = sum(tag_checks(item) for item in items("ko_math"))
    assert checked >= 40


def test_every_math_key_is_recomputed() -> None:
    """Every typed key and every choice key with a value has an expression or a prompt rule."""
    for item in items("ko_math"):
        if item["type"] == "partial_credit":
            continue
        has_expr = any(t.startswith("expr:") for t in item.get("tags", []))
        derived = FILL.fullmatch(item["prompt"]) or from_prompt(item["prompt"]) is not None
        tagged = tag_checks(item) > 0
        assert has_expr or derived or tagged or item["type"] == "multiple_choice", item["id"]


def test_multiple_choice_options_are_distinct_and_explained() -> None:
    for name in KOREAN_BANKS:
        for item in items(name):
            if item["type"] != "multiple_choice":
                continue
            texts = [c["text"] for c in item["choices"]]
            assert len(set(texts)) == len(texts), item["id"]
            values = [quantity(t) for t in texts]
            if None not in values:
                assert len(set(values)) == len(values), item["id"]
            feedback = [c["feedback"] for c in item["choices"] if c["text"] != key_text(item)]
            assert len(set(feedback)) == len(feedback), item["id"]
            assert all(len(f) >= 10 and HANGUL.search(f) for f in feedback), item["id"]
            assert item["explanation"], item["id"]


@pytest.mark.parametrize("name", KOREAN_BANKS)
def test_key_is_the_longest_option_in_at_most_a_third_of_a_skills_items(name: str) -> None:
    longest: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for item in items(name):
        if item["type"] == "multiple_choice":
            key = len(key_text(item))
            total[item["skills"][0]] += 1
            longest[item["skills"][0]] += all(key > len(t) for t in other_texts(item))
    assert all(longest[s] * 3 <= total[s] for s in total), (longest, total)


@pytest.mark.parametrize("name", KOREAN_BANKS)
def test_no_option_alone_repeats_the_questions_quoted_word(name: str) -> None:
    for item in items(name):
        if item["type"] != "multiple_choice":
            continue
        question = item["prompt"].split("\n\n")[-1]
        for word in re.findall(r"[‘']([가-힣]+)[’']", question):
            echo = [t for t in (c["text"] for c in item["choices"]) if word in t]
            assert not echo or len(echo) == len(item["choices"]), (item["id"], word)


QUOTED = re.compile(r"‘([^’]+)’")
LETTER_NAMED = re.compile(r"([ㄱ-ㅣ])\(([가-힣]+)\)")  # ㄱ(기역)


def _words_told(text: str) -> set[str]:
    """Quoted words and named letters in a feedback or explanation text."""
    return set(QUOTED.findall(text)) | {w for pair in LETTER_NAMED.findall(text) for w in pair}


@pytest.mark.parametrize("name", KOREAN_BANKS)
def test_an_item_that_tells_another_items_answer_is_its_enemy(name: str) -> None:
    """‘낮다’는 ‘높다’와 뜻이 반대 in one item's feedback answers "‘높다’의 반대말을 쓰세요"."""
    bank = items(name)
    enemies = {(item["id"], other) for item in bank for other in item.get("enemies", [])}
    checked = 0
    for item in bank:
        asked = QUOTED.findall(item["prompt"].split("\n\n")[-1])
        if item["type"] not in ("multiple_choice", "short_answer") or not asked:
            continue
        key = key_text(item) if item["type"] == "multiple_choice" else item["answer"]["accepted"][0]
        for other in bank:
            choices = other.get("choices", [])
            told = [other.get("explanation", ""), *(c["feedback"] for c in choices)]
            pairs = [set(c["text"].split(" - ")) for c in choices]
            for words in [*map(_words_told, told), *pairs]:
                if other is not item and key in words and any(w in words for w in asked):
                    assert (item["id"], other["id"]) in enemies, (item["id"], other["id"])
                    checked += 1
    assert checked >= (0 if name == "ko_math" else 4)


# The grade where 2022-curriculum textbooks introduce a word (7: middle school); an item
# may use the word from that grade on. 올림하여 and 버림하여 are rounding, not carrying.
FIRST_TAUGHT = {
    "의 자리": 2, "곱셈구구": 2, "분수": 3, "소수": 3, "나눗셈": 3, "가분수": 3, "대분수": 3,
    "반지름": 3, "선분": 3, "직각": 3, "사다리꼴": 4, "평행사변형": 4, "마름모": 4, "예각": 4,
    "둔각": 4, "수직": 4, "평행": 4, "대각선": 4, "다각형": 4, "이등변삼각형": 4, "각도": 4,
    "막대그래프": 4, "꺾은선그래프": 4, "약수": 5, "배수": 5, "약분": 5, "통분": 5, "평균": 5,
    "기약분수": 5, "합동": 5, "대칭": 5, "직육면체": 5, "이상": 5, "미만": 5, "올림하여": 5,
    "버림하여": 5, "반올림": 5, "가능성": 5, "비율": 6, "백분율": 6, "비례식": 6, "각기둥": 6,
    "각뿔": 6, "원기둥": 6, "원뿔": 6, "원주": 6, "띠그래프": 6, "원그래프": 6, "부피": 6,
    "겉넓이": 6, "중심각": 7, "부채꼴": 7, "방정식": 7, "음수": 7, "제곱근": 7, "함수": 7,
    "좌표": 7, "확률": 7, "소인수": 7, "거듭제곱": 7, "최빈값": 7, "중앙값": 7,
}  # fmt: skip


def _texts_a_child_reads(item: dict[str, Any]) -> list[str]:
    texts = [item["prompt"], item.get("explanation", "")]
    texts += [text for c in item.get("choices", []) for text in (c["text"], c["feedback"])]
    return texts + [level["description"] for level in item.get("rubric", [])]


def test_math_words_are_taught_by_the_items_grade() -> None:
    """No 사다리꼴 in a grade-3 item, no 원그래프 in grade 4, no middle-school 중심각."""
    for item in items("ko_math"):
        for text in _texts_a_child_reads(item):
            early = [w for w, grade in FIRST_TAUGHT.items() if w in text and item["grade"] < grade]
            assert not early, (item["id"], early)


SPELLING_SLIPS = {  # a slip -> the standard form (표준어, 띄어쓰기)
    "짝 지은": "짝지은", "공기놀이 할": "공기놀이할", "되요": "돼요", "안되": "안 되",
    "몇일": "며칠", "할께": "할게", "금새": "금세", "어떻해": "어떡해", "웬지": "왠지",
    "오랫만": "오랜만", "깨끗히": "깨끗이", "일일히": "일일이", "갯수": "개수", "설레임": "설렘",
}  # fmt: skip


@pytest.mark.parametrize("name", KOREAN_BANKS)
def test_no_common_spelling_slips(name: str) -> None:
    bank = load(name)
    texts = [text for item in bank["items"] for text in _texts_a_child_reads(item)]
    for text in texts:
        slips = [slip for slip in SPELLING_SLIPS if slip in text]
        assert not slips, (text, [SPELLING_SLIPS[s] for s in slips])


UNIT_FINAL = {  # does the unit's Korean reading end in a consonant?
    "cm²": False, "cm³": False, "cm": False, "mm": False, "km": False, "mL": False,
    "m": False, "L": False, "kg": True, "g": True, "t": True, "°C": False, "°": False, "%": False,
}  # fmt: skip
PARTICLES = {
    "이에요": True, "예요": False, "은": True, "는": False, "을": True, "를": False,
    "과": True, "와": False,
}  # fmt: skip


@pytest.mark.parametrize("name", ["ko_math"])
def test_particles_after_numbers_and_units_follow_the_final_sound(name: str) -> None:
    units = "|".join(re.escape(u) for u in sorted(UNIT_FINAL, key=len, reverse=True))
    particles = "|".join(PARTICLES)
    pattern = re.compile(rf"(\d+/\d+|\d[\d.]*)( ?(?:{units}))?({particles})(?![가-힣])")
    checked = 0
    for item in items(name):
        texts = [item["prompt"], item.get("explanation", "")]
        texts += [c.get("feedback", "") for c in item.get("choices", [])]
        for text in texts:
            for m in pattern.finditer(text):
                unit = (m[2] or "").strip()
                read_last = m[1].split("/")[0]  # 7/4 is read 사분의 칠
                final = UNIT_FINAL[unit] if unit else number_has_final(read_last)
                assert PARTICLES[m[3]] == final, (item["id"], m[0])
                checked += 1
    assert checked >= 50


PARTICLES_AFTER_WORDS = {**PARTICLES, "이": True, "가": False, "으로": True, "로": False}


def _ends_in_consonant(text: str) -> bool:
    """A Hangul word ends in a final; a letter is read by its name (ㄱ 기역, ㅏ 아)."""
    last = text[-1]
    if "ㄱ" <= last <= "ㅎ":
        return True
    if "ㅏ" <= last <= "ㅣ":
        return False
    return bool(split(last)[2])


def _takes(particle: str, text: str) -> bool:
    """Whether ``particle`` is right after ``text``; (으)로 after a final ㄹ is 로."""
    last = text[-1]
    if particle in ("으로", "로"):
        final_l = last == "ㄹ" or ("가" <= last <= "힣" and split(last)[2] == "ㄹ")
        return particle == ("으로" if _ends_in_consonant(text) and not final_l else "로")
    return PARTICLES_AFTER_WORDS[particle] == _ends_in_consonant(text)


@pytest.mark.parametrize("name", KOREAN_BANKS)
def test_particles_after_quoted_words_and_letters_follow_the_final_sound(name: str) -> None:
    """'‘닭’은', '[으막]이에요', 'ㄱ이에요', 'ㅏ는': 은/는, 이/가 ... match the last sound."""
    particles = "|".join(sorted(PARTICLES_AFTER_WORDS, key=len, reverse=True))
    quoted = re.compile(rf"[‘\[]([가-힣ㄱ-ㅣ]+)[’\]]({particles})(?![가-힣])")
    letter = re.compile(rf"(?<![가-힣ㄱ-ㅣ‘\[])([ㄱ-ㅣ])({particles})(?![가-힣])")
    checked = 0
    for item in items(name):
        texts = [item["prompt"].split("\n\n")[-1], item.get("explanation", "")]
        texts += [c.get("feedback", "") for c in item.get("choices", [])]
        for text in texts:
            for m in [*quoted.finditer(text), *letter.finditer(text)]:
                assert _takes(m[2], m[1]), (item["id"], m[0])
                checked += 1
    assert checked >= (0 if name == "ko_math" else 100)


COUNTERS = "개|명|장|권|번|자루|대|상자|봉지|도막|쪽|분|초|시간|칸|군데|배|점|일"
COUNTER = re.compile(rf"몇 ?(cm²|cm³|cm|mm|km|mL|kg|m|L|g|%|도(?!막)|{COUNTERS})")


def test_numeric_answers_with_a_counter_declare_it() -> None:
    checked = 0
    for item in items("ko_math"):
        if item["type"] != "numeric":
            continue
        units = item["answer"].get("unit", [])
        units = [units] if isinstance(units, str) else units
        asked = COUNTER.findall(item["prompt"])
        if asked:
            expected = [u for a in asked for u in {"도": ["도", "°", "°C"]}.get(a, [a])]
            assert any(u in units for u in expected), (item["id"], asked, units)
            checked += 1
        elif re.search(r"\d원이에요", item.get("explanation", "")):
            assert "원" in units, item["id"]
            checked += 1
    assert checked >= 100


def _score(name: str, item_id: str, answer: str) -> int:
    from adaptive_tutor.shipped_banks import load_shipped_bank

    return load_shipped_bank(name)[item_id].score(answer)


@pytest.mark.parametrize(
    ("item_id", "answer", "score"),
    [
        ("km.num.001", "36개", 1),
        ("km.num.001", "36 개", 1),
        ("km.num.001", "서른여섯 개", 1),
        ("km.num.001", "삼십육", 1),
        ("km.num.001", "36", 1),
        ("km.num.001", "36명", 0),
        ("km.num.001", "35개", 0),
        ("km.as.003", "9장", 1),
        ("km.as.003", "아홉 장", 1),
        ("km.mul.003", "20개요", 1),
        ("km.shape.012", "12개", 1),
        ("km.shape.014", "14 cm", 1),
        ("km.shape.014", "14cm", 1),
        ("km.shape.014", "14센티미터", 1),
        ("km.shape.014", "14 m", 0),
        ("km.meas.011", "3시간", 1),
        ("km.meas.011", "세 시간", 1),
        ("km.meas.011", "셋", 1),
        ("km.meas.010", "80분", 1),
        ("km.num.020", "48500원", 1),
        ("km.num.020", "48,500원", 1),
        ("km.num.020", "사만 팔천오백 원", 1),
        ("km.area.002", "63cm²", 1),
        ("km.area.002", "63 제곱센티미터", 1),
        ("km.meas.022", "60°", 1),
        ("km.meas.022", "60도", 1),
        ("km.ratio.003", "35%", 1),
        ("km.dec.011", "2.25 L", 1),
        ("km.frac.013", "2/4 L", 1),
        ("km.frac.013", "1/2", 1),
        ("km.frac.013", "4분의 2", 1),
        ("km.frac.008", "7분의 5", 1),
        ("km.frac.008", "5 / 7", 1),
        ("km.frac.019", "4와 12분의 1", 1),
        ("km.frac.019", "49/12", 1),
        ("km.meas.006", "열 시", 1),
        ("km.meas.006", "10시.", 1),
        ("km.meas.006", "10:00", 1),
        ("km.meas.006", "10시요", 1),
        ("km.num.004", "7묶음", 1),
        ("km.div.002", "6개씩", 1),
        ("km.mix.009", "12초 후", 1),
        ("km.pat.022", "7분 걸려요", 1),
        ("km.ratio.003", "35프로", 1),
        ("km.shape.014", "14센치", 1),
        ("km.meas.016", "95분", 1),
        ("km.meas.016", "1시간 35분", 1),
        ("km.meas.016", "1시간 25분", 0),
        ("km.shape.014", "14㎝", 1),
        ("km.area.002", "63cm2", 1),
        ("km.div.003", "6명에게", 1),
        ("km.num.001", "모두 36개예요.", 1),
        ("km.num.001", "답: 36개", 1),
        ("km.num.001", "36개가 아니에요", 0),
        ("km.mul.005", "□ = 7", 1),
        ("km.shape.014", "답은 14 m예요", 0),
        ("km.mix.009", "12 분 후", 0),
    ],
)
def test_natural_korean_answers_are_marked(item_id: str, answer: str, score: int) -> None:
    assert _score("ko_math", item_id, answer) == score


@pytest.mark.parametrize("name", KOREAN_BANKS)
def test_every_key_scores_full_marks(name: str) -> None:
    from adaptive_tutor.shipped_banks import load_shipped_bank

    bank = load_shipped_bank(name)
    assert len(bank) == len(items(name))
    for item in bank.items:
        if item.type == "partial_credit":
            continue
        answer = item.answer
        assert answer is not None
        if item.type == "multiple_choice":
            assert item.score(answer.choice) == 1, item.id
            assert item.score(key_text(next(i for i in items(name) if i["id"] == item.id))) == 1
        elif item.type == "numeric":
            assert item.score(answer.value) == 1, item.id
        else:
            assert all(item.score(text) == 1 for text in answer.accepted or []), item.id


# ----------------------------------------------------------------------- reading bank


def test_reading_keys_recomputed_from_hangul_tags() -> None:
    """받침, 겹받침, letters, syllable counts and pronunciations re-derived by Unicode
    arithmetic and the standard-pronunciation rules of ``korean_reference``."""
    checked = sum(reading_tag_checks(item) for item in items("ko_reading"))
    assert checked >= 90


LETTER_SKILLS = (
    "kread.jamo",
    "kread.syllables",
    "kread.batchim",
    "kread.double_batchim",
    "kread.sound_spelling",
)


def test_every_hangul_key_is_recomputed() -> None:
    for item in items("ko_reading"):
        if item["skills"][0] in LETTER_SKILLS and "spelling" not in item.get("tags", []):
            assert reading_tag_checks(item) > 0, item["id"]


def test_pronunciation_distractors_model_a_named_error() -> None:
    """Every [pronunciation] distractor differs from the right sound and says why."""
    for item in items("ko_reading"):
        pron = [t for t in item.get("tags", []) if t.startswith("ko.pron:")]
        if pron and item["type"] == "multiple_choice":
            for choice in item["choices"]:
                assert re.fullmatch(r"\[[가-힣ㄱ-ㅎ]+\]", choice["text"]), item["id"]
                if choice["id"] != item["answer"]["choice"]:
                    assert "‘" not in choice["text"], item["id"]
                    # the feedback names the sound rule broken: a letter, a sound, 받침
                    assert re.search(r"[ㄱ-ㅣ]|\[|받침", choice["feedback"]), item["id"]


def test_passages_carry_their_questions() -> None:
    questions: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in items("ko_reading"):
        tags = item.get("tags", [])
        if "passage" in tags:
            passage = next(t for t in tags if t.startswith("passage:"))
            questions[passage].append(item)
    assert len(questions) >= 10
    for passage, group in questions.items():
        texts = {item["prompt"].split("\n\n")[2] for item in group}
        assert len(texts) == 1, passage  # one passage text shared by its questions
        assert all(item["prompt"].startswith("글을 읽고 물음에 답하세요.\n\n") for item in group)
        kinds = {t for item in group for t in item["tags"] if t.startswith("question:")}
        assert len(group) >= 3, passage
        assert "question:literal" in kinds, passage
    written = [i for i in items("ko_reading") if "question:written" in i.get("tags", [])]
    assert len(written) >= 6
    assert {i["grade"] for i in written} == {2, 3, 4}


@pytest.mark.parametrize(
    ("item_id", "answer", "score"),
    [
        ("kr.syl.003", "달", 1),
        ("kr.syl.003", "다 ㄹ", 0),
        ("kr.syl.008", "3글자", 1),
        ("kr.syl.008", "세 글자", 1),
        ("kr.syl.008", "셋", 1),
        ("kr.jamo.010", "일곱 번째", 1),
        ("kr.jamo.010", "일곱째", 1),
        ("kr.jamo.005", "기역", 1),
        ("kr.jamo.005", "기역.", 1),
        ("kr.bat.002", "ㅅ", 1),
        ("kr.bat.002", "시옷", 1),
        ("kr.bat.002", "ㅈ", 0),
        ("kr.bat.008", "채기", 1),
        ("kr.bat.008", "[채기]", 1),
        ("kr.bat.008", "책이", 0),
        ("kr.lit.004", "보리예요", 1),
        ("kr.lit.004", "강아지 이름은 보리예요.", 1),
        ("kr.lit.007", "한 마리", 1),
        ("kr.lit.007", "1마리", 1),
        ("kr.lit.011", "서연이를 만났어요.", 1),
        ("kr.lit.011", "민준", 0),
        ("kr.lit.026", "북쪽으로 돌아가요.", 1),
        ("kr.lit.026", "남쪽", 0),
        ("kr.sent.007", "빨간색이에요", 1),
        ("kr.jamo.005", "기역이요", 1),
        ("kr.jamo.005", "기억", 0),
        ("kr.bat.008", "채기요", 1),
        ("kr.sound.013", "먹는", 0),
        ("kr.dbat.003", "ㄹㅁ", 1),
        ("kr.dbat.003", "ㄹ", 0),
        ("kr.word.008", "춘추", 1),
        ("kr.rel.018", "도착이요", 1),
        ("kr.sent.013", "2개", 1),
        ("kr.lit.027", "부산에서요", 1),
        ("kr.lit.004", "보리에요", 1),
        ("kr.lit.026", "북쪽으로요", 1),
    ],
)
def test_natural_korean_reading_answers_are_marked(item_id: str, answer: str, score: int) -> None:
    assert _score("ko_reading", item_id, answer) == score
