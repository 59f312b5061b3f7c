"""Content checks for the shipped item banks in ``item_banks/``.

These tests do not reuse the bank builder's code: they re-derive answer keys from the prompts
themselves (e.g. "What is 47 + 38?", "Round 345 to the nearest 10.") and from the structured
tags the builder stores (``expr:``, ``compare:``, ``order:ascending``, ``rhyme:`` ...), with
their own small exact evaluator.
"""

from __future__ import annotations

import ast
import graphlib
import itertools
import json
import operator
import re
import subprocess
import sys
from collections import defaultdict
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest

ROOT = Path(__file__).resolve().parents[1]
BANK_DIR = ROOT / "item_banks"
SCHEMA = ROOT / "src" / "adaptive_tutor" / "schema" / "item_bank.schema.json"
BANK_NAMES = ("arithmetic", "fractions_decimals", "reading_vocabulary")
DICHOTOMOUS = {"1PL", "2PL", "3PL", "4PL"}


@cache
def load(name: str) -> dict[str, Any]:
    return json.loads((BANK_DIR / f"{name}.json").read_text(encoding="utf-8"))


def all_items() -> list[tuple[str, dict[str, Any]]]:
    return [(name, item) for name in BANK_NAMES for item in load(name)["items"]]


# ----------------------------------------------------------------- exact evaluation


_OPS = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
    ast.Pow: operator.pow,
}


def _ceil(x: Fraction) -> Fraction:
    return Fraction(-(-x.numerator // x.denominator))


def _round_to(x: Fraction, unit: Fraction) -> Fraction:
    return Fraction((x / unit + Fraction(1, 2)).__floor__()) * unit


_CALLS = {"max": max, "min": min, "divmod": divmod, "ceil": _ceil, "roundto": _round_to}


def exact(expr: str) -> Any:
    """Evaluate +, -, *, /, //, %, ** and a few named functions with Fractions."""

    def ev(node: ast.AST) -> Any:
        if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
            return Fraction(str(node.value))
        if isinstance(node, ast.BinOp):
            return _OPS[type(node.op)](ev(node.left), ev(node.right))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -ev(node.operand)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            return _CALLS[node.func.id](*map(ev, node.args))
        raise ValueError(f"cannot evaluate {expr!r}")

    value = ev(ast.parse(expr, mode="eval").body)
    return tuple(map(Fraction, value)) if isinstance(value, tuple) else Fraction(value)


def quantity(text: str) -> Any:
    """'1,204' '0.75' '3/4' '2 3/4' '75%' '9 r 2' -> exact value, else None."""
    t = text.strip().replace(",", "")
    patterns = [
        (r"(\d+) r (\d+)", lambda m: (Fraction(m[1]), Fraction(m[2]))),
        (r"(\d+(?:\.\d+)?)%", lambda m: Fraction(m[1]) / 100),
        (r"(\d+) (\d+)/(\d+)", lambda m: int(m[1]) + Fraction(int(m[2]), int(m[3]))),
        (r"(\d+)/(\d+)", lambda m: Fraction(int(m[1]), int(m[2]))),
        (r"\d+(?:\.\d+)?", lambda m: Fraction(m[0])),
    ]
    for pattern, make in patterns:
        if m := re.fullmatch(pattern, t):
            return make(m)
    return None


def key_text(item: dict[str, Any]) -> str:
    return next(c["text"] for c in item["choices"] if c["id"] == item["answer"]["choice"])


def key_value(item: dict[str, Any]) -> Any:
    if item["type"] == "multiple_choice":
        return quantity(key_text(item))
    answer = item.get("answer", {})
    if "value" in answer:
        return Fraction(str(answer["value"]))
    if "accepted" in answer:
        return quantity(answer["accepted"][0])
    return None


def from_prompt(prompt: str) -> Any:
    """Recompute the answer of the common arithmetic prompt shapes; None if not one of them."""
    p = prompt.replace(",", "")
    if m := re.fullmatch(r"What is ([\d.\s+−×÷()²³/]+)\?", p):
        expr = re.sub(r"(\d+) (\d+)/(\d+)", r"(\1+\2/\3)", m[1])  # mixed number
        expr = re.sub(r"(?<![(+\d])(\d+)/(\d+)", r"(\1/\2)", expr)  # a fraction is one number
        expr = expr.replace("−", "-").replace("×", "*").replace("÷", "/")
        expr = expr.replace("²", "**2").replace("³", "**3")
        return exact(expr)
    if m := re.fullmatch(r"What is the value of the digit (\d) in ([\d.]+)\?", p):
        digit, number = m[1], m[2]
        whole, _, frac = number.partition(".")
        if digit in frac:
            return Fraction(int(digit), 10 ** (frac.index(digit) + 1))
        return Fraction(int(digit) * 10 ** (len(whole) - 1 - whole.index(digit)))
    if m := re.fullmatch(r"Round ([\d.]+) to the nearest (10|100|1000|tenth|whole number)\.", p):
        names = {"tenth": Fraction(1, 10), "whole number": Fraction(1)}
        unit = names[m[2]] if m[2] in names else Fraction(m[2])
        return _round_to(Fraction(m[1]), unit)
    if m := re.fullmatch(r"What is the remainder when (\d+) is divided by (\d+)\?", p):
        return Fraction(int(m[1]) % int(m[2]))
    if m := re.fullmatch(r"What is (\d+)% of (\d+)\?", p):
        return Fraction(int(m[1]) * int(m[2]), 100)
    if m := re.fullmatch(r"Write (\d+)/(\d+) (?:in simplest form|as a mixed number)\.", p):
        return Fraction(int(m[1]), int(m[2]))
    if m := re.fullmatch(r"What number makes this true\? (\d+) \+ \? = (\d+)", p):
        return Fraction(int(m[2]) - int(m[1]))
    if m := re.fullmatch(r"What number makes this true\? \? × (\d+) = (\d+)", p):
        return Fraction(int(m[2]), int(m[1]))
    return None


# ----------------------------------------------------------------------------- tests


@pytest.mark.parametrize("name", BANK_NAMES)
def test_bank_validates_against_schema(name: str) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(load(name)))
    assert errors == []


@pytest.mark.parametrize("name", BANK_NAMES)
def test_bank_metadata_is_complete(name: str) -> None:
    meta = load(name)["bank"]
    assert meta["id"] == name
    assert meta["provider"] == "adaptive_tutor project"
    assert meta["licence"] == "CC-BY-4.0"
    assert meta["language"] == "en"
    assert {"title", "description", "subject", "grade_range", "source", "version"} <= set(meta)


@pytest.mark.parametrize("name", BANK_NAMES)
def test_bank_size_and_skill_graph_is_a_dag(name: str) -> None:
    bank = load(name)
    skills = {s["id"]: s.get("prerequisites", []) for s in bank["skills"]}
    assert len(bank["items"]) >= 200
    assert len(skills) >= 8
    assert sum(bool(p) for p in skills.values()) >= len(skills) - 2  # joined, not a list
    assert all(p in skills for prereqs in skills.values() for p in prereqs)
    order = list(graphlib.TopologicalSorter(skills).static_order())  # raises on a cycle
    assert sorted(order) == sorted(skills)
    used = {s for item in bank["items"] for s in item["skills"]}
    assert used == set(skills)


@pytest.mark.parametrize("name", BANK_NAMES)
def test_ids_unique_and_references_resolve(name: str) -> None:
    bank = load(name)
    ids = [i["id"] for i in bank["items"]]
    assert len(ids) == len(set(ids))
    by_id = {i["id"]: i for i in bank["items"]}
    skill_ids = {s["id"] for s in bank["skills"]}
    for item in bank["items"]:
        assert set(item["skills"]) <= skill_ids, item["id"]
        for enemy in item.get("enemies", []):
            assert item["id"] in by_id[enemy].get("enemies", []), (item["id"], enemy)
    assert sum(len(i.get("enemies", [])) for i in bank["items"]) >= 4


@pytest.mark.parametrize("name", BANK_NAMES)
def test_item_types_mix_and_partial_credit_family(name: str) -> None:
    items = load(name)["items"]
    types = {i["type"] for i in items}
    assert types == {"multiple_choice", "numeric", "short_answer", "partial_credit"}
    partial = [i for i in items if i["type"] == "partial_credit"]
    assert len(partial) >= 5
    for item in partial:
        assert item["irt"]["model"] in {"GRM", "GPCM", "PCM"}
        assert [r["score"] for r in item["rubric"]] == list(range(item["max_score"] + 1))


def test_multiple_choice_keys_are_choices_and_distractors_distinct() -> None:
    for _, item in all_items():
        if item["type"] != "multiple_choice":
            continue
        ids = [c["id"] for c in item["choices"]]
        texts = [c["text"].strip().lower() for c in item["choices"]]
        assert item["answer"]["choice"] in ids, item["id"]
        assert len(set(ids)) == len(ids), item["id"]
        assert len(set(texts)) == len(texts), item["id"]
        values = [quantity(t) for t in texts]
        if None not in values:
            assert len(set(values)) == len(values), item["id"]


def test_irt_parameters_follow_the_documented_rules() -> None:
    for _, item in all_items():
        irt, iid = item["irt"], item["id"]
        assert 0.7 <= irt["a"] <= 2.0, iid
        assert irt["calibration"].startswith("expert judgement: "), iid
        if item["type"] == "multiple_choice":
            assert irt["model"] == "3PL", iid
            assert irt["c"] == pytest.approx(0.8 / len(item["choices"]), abs=1e-3), iid
        elif item["type"] in ("numeric", "short_answer"):
            assert irt["model"] == "2PL", iid
            assert set(irt) == {"model", "a", "b", "calibration"}, iid
        else:
            steps = irt.get("thresholds") or irt["steps"]
            assert item["max_score"] == len(steps), iid
            if irt["model"] == "GRM":
                assert all(lo < hi for lo, hi in itertools.pairwise(steps)), iid
        if irt["model"] in DICHOTOMOUS:
            assert item["max_score"] == 1, iid


def _location(item: dict[str, Any]) -> float:
    irt = item["irt"]
    if irt["model"] in DICHOTOMOUS:
        return float(irt["b"])
    steps = irt.get("thresholds") or irt["steps"]
    return sum(steps) / len(steps)


@pytest.mark.parametrize("name", BANK_NAMES)
def test_mean_difficulty_rises_with_grade(name: str) -> None:
    by_grade: dict[int, list[float]] = defaultdict(list)
    for item in load(name)["items"]:
        by_grade[item["grade"]].append(_location(item))
    means = [sum(v) / len(v) for _, v in sorted(by_grade.items())]
    assert len(means) >= 5
    assert all(lo < hi for lo, hi in itertools.pairwise(means)), means


@pytest.mark.parametrize("name", BANK_NAMES)
def test_difficulty_sits_near_the_grade_anchor(name: str) -> None:
    for item in load(name)["items"]:
        anchor = (item["grade"] - 3.5) * 0.8
        assert abs(_location(item) - anchor) <= 0.4 + 0.15 + 0.08 + 1e-9, item["id"]


def test_keys_recomputed_from_prompts() -> None:
    checked = 0
    for name, item in all_items():
        if name == "reading_vocabulary" or item["type"] == "partial_credit":
            continue
        expected = from_prompt(item["prompt"])
        if expected is None:
            continue
        checked += 1
        got = key_value(item)
        if isinstance(got, tuple):  # "9 r 2": quotient and remainder
            dividend, divisor = map(int, re.findall(r"\d+", item["prompt"]))
            assert got == divmod(dividend, divisor), item["id"]
            continue
        assert got == expected, item["id"]
        if item["type"] == "short_answer" and "simplest form" in item["prompt"]:
            assert item["answer"]["accepted"] == [f"{expected.numerator}/{expected.denominator}"]
    assert checked >= 150


def test_keys_recomputed_from_expr_tags() -> None:
    checked = 0
    for _, item in all_items():
        for tag in item.get("tags", []):
            if tag.startswith("expr:"):
                checked += 1
                assert key_value(item) == exact(tag[5:]), (item["id"], tag)
    assert checked >= 300


def test_every_numeric_key_is_recomputable() -> None:
    for _, item in all_items():
        if item["type"] == "numeric":
            tags = item.get("tags", [])
            assert any(t.startswith("expr:") for t in tags) or from_prompt(item["prompt"]), item[
                "id"
            ]


def test_comparison_and_ordering_keys() -> None:
    checked = 0
    for _, item in all_items():
        for tag in item.get("tags", []):
            if tag.startswith("compare:"):
                checked += 1
                left, right = (quantity(x) for x in tag[8:].split(","))
                key = key_text(item)
                if key in ("<", ">", "="):
                    truth = "<" if left < right else ">" if left > right else "="
                    assert key == truth, item["id"]
                elif left == right:
                    assert key == "They are equal", item["id"]
                else:
                    assert quantity(key) == max(left, right), item["id"]
            if tag == "order:ascending":
                checked += 1
                for choice in item["choices"]:
                    values = [quantity(x) for x in choice["text"].split(", ")]
                    ascending = all(a < b for a, b in itertools.pairwise(values))
                    assert ascending == (choice["id"] == item["answer"]["choice"]), item["id"]
    assert checked >= 20


def test_phonics_and_word_building_keys() -> None:
    checked = 0
    for item in load("reading_vocabulary")["items"]:
        is_mc = item["type"] == "multiple_choice"
        key = key_text(item) if is_mc else None
        others = [c["text"] for c in item.get("choices", []) if c["text"] != key]
        accepted = item.get("answer", {}).get("accepted", [])
        quoted = re.findall(r'"([a-z]+)"', item["prompt"])
        for tag in item.get("tags", []):
            kind, _, arg = tag.partition(":")
            if not arg:
                continue
            if kind == "rhyme":
                assert key.endswith(arg)
                assert quoted[0].endswith(arg)
                assert not any(o.endswith(arg) for o in others), item["id"]
            elif kind == "initial":
                assert key[0] == quoted[0][0]
                assert all(o[0] != key[0] for o in others)
            elif kind == "medial":
                assert key[1] == quoted[0][1]
                assert all(o[1] != key[1] for o in others)
            elif kind == "swap":
                word, letter = quoted[0], quoted[1]
                assert tag.split(":")[1:] == [word, tag.split(":")[2], letter], item["id"]
                index = 0 if "first letter" in item["prompt"] else -1
                expected = list(word)
                expected[index] = letter
                assert accepted == ["".join(expected)], item["id"]
            elif kind == "syllables":
                assert arg.replace("-", "") == quoted[0]
                assert item["answer"]["value"] == arg.count("-") + 1, item["id"]
            elif kind == "root":
                assert accepted == [arg]
                assert arg in quoted[0]
                assert arg != quoted[0]
            elif kind == "affixed":
                prefix, base, suffix = arg.split("+")
                assert quoted[0] == base
                assert accepted == [prefix + base + suffix]
            elif kind == "compound":
                assert all(re.sub(r"\W|and", "", a) == arg for a in accepted), item["id"]
            else:
                continue
            checked += 1
    assert checked >= 40


def test_reading_passage_questions_quote_their_passage() -> None:
    passages: dict[str, set[str]] = defaultdict(set)
    for item in load("reading_vocabulary")["items"]:
        ids = [t for t in item.get("tags", []) if t.startswith("passage:")]
        if ids:
            passages[ids[0]].add(item["prompt"].split("\n\n")[2])
    assert len(passages) >= 10
    assert all(len(texts) == 1 for texts in passages.values())


@pytest.mark.parametrize("name", BANK_NAMES)
def test_media_files_exist_with_alt_text(name: str) -> None:
    media = [m for item in load(name)["items"] for m in item.get("media", [])]
    for entry in media:
        assert entry["alt"].strip()
        assert (BANK_DIR / entry["uri"]).is_file(), entry["uri"]
    if name != "reading_vocabulary":
        assert media


def test_banks_load_and_keys_score_full_marks() -> None:
    from adaptive_tutor.item_bank import ItemBank

    for name in BANK_NAMES:
        bank = ItemBank.from_json(BANK_DIR / f"{name}.json")
        assert len(bank) == len(load(name)["items"])
        for item in bank.items:
            if item.type == "partial_credit":
                continue
            answer = item.answer
            assert answer is not None
            raw: object = (
                answer.choice
                if item.type == "multiple_choice"
                else answer.value
                if item.type == "numeric"
                else answer.accepted[0]  # type: ignore[index]
            )
            assert item.score(raw) == 1, item.id


def test_builder_reproduces_the_committed_banks() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_item_banks.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("name", "item_id", "answer"),
    [
        ("reading_vocabulary", "rd.pass.002", "His name is Max."),
        ("reading_vocabulary", "rd.pass.008", "Her mom calls her."),
        ("reading_vocabulary", "rd.pass.010", "It was 2 centimeters tall."),
        ("fractions_decimals", "fr.parts.008", "seven tenths"),
        ("fractions_decimals", "fr.unit.009", "one third"),
    ],
)
def test_items_opted_into_sentences_units_and_number_words(
    name: str, item_id: str, answer: str
) -> None:
    from adaptive_tutor.item_bank import ItemBank

    item = ItemBank.from_json(BANK_DIR / f"{name}.json")[item_id]
    assert item.score(answer) == 1


@pytest.mark.parametrize("name", BANK_NAMES)
def test_every_skill_has_six_items_in_every_grade_it_covers(name: str) -> None:
    bank = load(name)
    cells: dict[tuple[str, int], int] = defaultdict(int)
    for item in bank["items"]:
        cells[(item["skills"][0], item["grade"])] += 1
    for skill in bank["skills"]:
        cells.setdefault((skill["id"], skill["grade"]), 0)
    thin = {cell: n for cell, n in cells.items() if n < 6}
    assert thin == {}


_COUNTED = re.compile(r"\bHow many ([a-z]+)\b")


def _key_text(value: float) -> str:
    return str(int(value)) if value == int(value) else repr(value)


@pytest.mark.parametrize("name", BANK_NAMES)
def test_numeric_items_accept_the_unit_their_prompt_counts(name: str) -> None:
    from adaptive_tutor.item_bank import ItemBank

    bank = ItemBank.from_json(BANK_DIR / f"{name}.json")
    refused = {}
    for item in bank.items:
        match = _COUNTED.search(item.prompt)
        if item.type == "numeric" and match and item.answer and item.answer.value is not None:
            answer = f"{_key_text(item.answer.value)} {match[1]}"
            if item.score(answer) != 1:
                refused[item.id] = answer
    assert refused == {}


@pytest.mark.parametrize(
    ("item_id", "answer"),
    [
        *(("fr.conv.001", f"50{unit}") for unit in ("%", " %", " percent", " Percent.")),
        ("fr.conv.002", "75%"),
        ("fr.conv.003", "40 %"),
        ("fr.conv.004", "35 percent"),
        ("fr.unit.016", "2 halves"),
        ("fr.parts.020", "three fourths"),
        ("fr.dpv.012", "30 hundredths"),
        ("fr.muldiv.014", "12 servings"),
        ("fr.like.015", "7/10 of a mile"),
        ("fr.like.016", "7/8 L"),
        ("fr.unlike.014", "5/12 m"),
    ],
)
def test_fraction_items_accept_what_a_child_writes_with_the_unit(item_id: str, answer: str) -> None:
    from adaptive_tutor.item_bank import ItemBank

    item = ItemBank.from_json(BANK_DIR / "fractions_decimals.json")[item_id]
    assert item.score(answer) == 1
