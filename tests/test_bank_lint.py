"""The content lint of the bank builder (``scripts/_bank_lint.py``).

The shipped banks must pass it (it also runs in ``build_item_banks.py --check``); each rule
is shown to catch a planted defect in a small bank.
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from _bank_checks import thin_cell_problems  # noqa: E402
from _bank_lint import computation, key_is_longest, lint_bank  # noqa: E402
from _bank_source import compile_bank  # noqa: E402

SOURCE = ROOT / "item_banks" / "source"


def choice(cid: str, text: str) -> dict[str, str]:
    return {"id": cid, "text": text, "feedback": "Look again."}


def mc(item_id: str, prompt: str, key: str, others: list[str], **extra: Any) -> dict[str, Any]:
    texts = [key, *others]
    return {
        "id": item_id,
        "skills": ["s.one"],
        "grade": 2,
        "type": "multiple_choice",
        "prompt": prompt,
        "choices": [choice("ABCD"[i], text) for i, text in enumerate(texts)],
        "answer": {"choice": "A"},
        "irt": {"model": "3PL", "a": 1.0, "b": 0.0, "c": 0.2, "calibration": "judged"},
        **extra,
    }


def numeric(item_id: str, prompt: str, expr: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": item_id,
        "skills": ["s.one"],
        "grade": 2,
        "type": "numeric",
        "prompt": prompt,
        "answer": {"value": 1},
        "tags": [f"expr:{expr}"],
        "irt": {"model": "2PL", "a": 1.0, "b": 0.0, "calibration": "judged"},
        **extra,
    }


def bank(*items: dict[str, Any], spelling: str | None = "en-US") -> dict[str, Any]:
    meta: dict[str, Any] = {"id": "tiny", "title": "Tiny", "language": "en"}
    if spelling:
        meta["spelling"] = spelling
    return {
        "bank": meta,
        "skills": [{"id": "s.one", "name": "One", "grade": 2}],
        "items": list(items),
    }


CLEAN = [
    mc("q1", "Which is a fruit?", "apple", ["chair", "table", "window"]),
    mc("q2", "Which is an animal?", "cat", ["stone", "cloud", "paper"]),
    mc("q3", "Which is a color?", "blue", ["spoon", "river", "shoe"]),
    numeric("n1", "What is 2 + 3?", "2+3"),
]


@pytest.mark.parametrize("name", sorted(p.name for p in SOURCE.iterdir() if p.is_dir()))
def test_shipped_banks_pass_the_content_lint(name: str) -> None:
    compiled = compile_bank(SOURCE / name, ROOT / "item_banks")
    assert compiled.problems == []
    assert lint_bank(compiled.document, compiled.locations) == []


def test_a_clean_bank_passes() -> None:
    assert lint_bank(bank(*CLEAN)) == []


def test_same_computation_must_be_enemies() -> None:
    twin = numeric("n2", "Sam has 3 apples and gets 2 more. How many now?", "3 + 2")
    problems = lint_bank(bank(*CLEAN, twin))
    assert len(problems) == 1
    assert "n1: has the same computation as n2" in problems[0]
    assert lint_bank(bank(*CLEAN[:3], dict(CLEAN[3], enemies=["n2"]), twin)) == []


def test_same_prompt_must_be_enemies_unless_choices_ask_different_things() -> None:
    typed = dict(numeric("n2", "Which is a fruit?", "7"), type="short_answer")
    problems = lint_bank(bank(*CLEAN, typed))
    assert any("n2: has the same prompt as q1" in p for p in problems)
    other_key = mc("q4", "Which is a fruit?", "pear", ["lamp", "door", "coat"])
    assert lint_bank(bank(*CLEAN, other_key)) == []


def test_bare_values_are_no_computation_unless_the_prompt_shows_them() -> None:
    assert computation("3", "How many?") is None
    assert computation("1/3", "What fraction of the bar is shaded?") is None
    assert computation("7/100", "Write 7/100 as a decimal.") is not None
    assert computation("4*6", "x") == computation("6 * 4", "y")


def test_item_grade_below_its_skill_grade() -> None:
    low = dict(CLEAN[0], grade=1)
    problems = lint_bank(bank(low, *CLEAN[1:]))
    assert problems == [
        "q1: grade 1 is below the grade of its skill s.one (2)",
    ]


def test_key_longest_in_more_than_a_third_of_a_skill() -> None:
    longest = mc("q1", "Which is a fruit?", "a ripe apple", ["chair", "table", "window"])
    assert key_is_longest(longest)
    problems = lint_bank(bank(longest, *CLEAN[1:]))
    assert problems == []  # 1 of 3
    also = mc("q2", "Which is an animal?", "a small cat", ["stone", "cloud", "paper"])
    problems = lint_bank(bank(longest, also, *CLEAN[2:]))
    assert problems == [
        "skill s.one: the key is the longest option in 2 of 3 multiple-choice items "
        "(at most a third allowed): q1, q2"
    ]


def test_an_option_repeating_the_question_word_gives_it_away() -> None:
    echo = mc("q1", 'What does "gather" mean?', "to gather things", ["to run", "to hide", "to sit"])
    assert any('repeat the question\'s word "gather"' in p for p in lint_bank(bank(echo)))
    clue = mc(
        "q1",
        'Read: "The baby was wailing so loudly." What does "wailing" mean?',
        "crying loudly",
        ["eating", "sleeping", "laughing"],
    )
    assert any("only the key repeats the question's ['loud']" in p for p in lint_bank(bank(clue)))


def test_one_spelling_convention_per_bank() -> None:
    british = mc("q1", "What colour is the sky?", "blue", ["red", "green", "pink"])
    assert lint_bank(bank(british)) == [
        "q1: 'colour': the bank uses en-US, American spelling 'color'",
    ]
    american = copy.deepcopy(british)
    american["prompt"] = "What color is the sky?"
    assert lint_bank(bank(american, spelling="en-GB")) == [
        "q1: 'color': the bank uses en-GB, British spelling 'colour'",
    ]
    pence = numeric("n1", "A pen costs 40p. How much do 2 pens cost?", "2*40")
    assert any("money in another convention" in p for p in lint_bank(bank(pence)))
    assert lint_bank(bank(american, spelling=None)) == [
        "bank: English banks declare their spelling convention (en-US or en-GB)",
    ]


def test_thin_cells_are_reported() -> None:
    document = bank(*CLEAN)
    assert thin_cell_problems(document) == [
        "skill s.one has 4 item(s) in grade 2; a grade the skill covers needs at least 6"
    ]
