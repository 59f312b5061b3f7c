"""Checks run on every compiled bank before anything is written.

:func:`verify_bank` applies the library's own bank validation (JSON Schema and the general
rules) and then the shipped banks' extra rules: size, at least 6 items for every skill in
every grade it covers, planned parameter ranges, keys recomputed from the ``expr:`` tags,
comparison/ordering and word-building tags, media with alt text, and mean difficulty rising
with grade.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from fractions import Fraction
from pathlib import Path
from typing import Any

from _bank_exact import evaluate, parse_quantity
from _bank_hangul import hangul_tag_problems
from adaptive_tutor._bank_validation import check_bank_document

DICHOTOMOUS_MODELS = ("1PL", "2PL", "3PL", "4PL")
MIN_ITEMS_PER_CELL = 6


def thin_cell_problems(bank: dict[str, Any]) -> list[str]:
    """Skills with fewer than 6 items in a grade they claim (their own grade, or any grade
    where they have items), counting items by their first skill."""
    counts: dict[tuple[str, int], int] = defaultdict(int)
    for item in bank["items"]:
        counts[(item["skills"][0], item["grade"])] += 1
    claimed = set(counts) | {(s["id"], s["grade"]) for s in bank["skills"]}
    return [
        f"skill {skill} has {counts[(skill, grade)]} item(s) in grade {grade}; "
        f"a grade the skill covers needs at least {MIN_ITEMS_PER_CELL}"
        for skill, grade in sorted(claimed)
        if counts[(skill, grade)] < MIN_ITEMS_PER_CELL
    ]


def _location(irt: dict[str, Any]) -> float:
    if irt["model"] in DICHOTOMOUS_MODELS:
        return float(irt["b"])
    values = irt.get("thresholds") or irt["steps"]
    return sum(values) / len(values)


def _planning_problems(irt: dict[str, Any]) -> list[str]:
    """The bank's own planning rules, beyond what the library's validation accepts."""
    if "a" in irt and irt["model"] not in ("1PL", "PCM") and not 0.7 <= irt["a"] <= 2.0:
        return ["a outside the planned range [0.7, 2.0]"]
    return []


def _expected_value(item: dict[str, Any]) -> Any:
    """The key as an exact value (or None when the key is not a quantity)."""
    answer = item.get("answer", {})
    if item["type"] == "multiple_choice":
        text = next(c["text"] for c in item["choices"] if c["id"] == answer["choice"])
        return parse_quantity(text)
    if "value" in answer:
        return Fraction(str(answer["value"]))
    if "accepted" in answer:
        return parse_quantity(answer["accepted"][0])
    return None


def _key_text(item: dict[str, Any]) -> str:
    return str(next(c["text"] for c in item["choices"] if c["id"] == item["answer"]["choice"]))


def _tag_problems(item: dict[str, Any]) -> list[str]:
    """Checks driven by ``compare:a,b`` and ``order:ascending`` tags and short answers."""
    problems = []
    for tag in item.get("tags", []):
        if tag.startswith("compare:"):
            left, right = (parse_quantity(x) for x in tag[8:].split(","))
            if not isinstance(left, Fraction) or not isinstance(right, Fraction):
                problems.append(f"unreadable {tag}")
                continue
            key = _key_text(item)
            if key in "<>=":
                truth = "<" if left < right else (">" if left > right else "=")
                if key != truth:
                    problems.append(f"key {key} but {tag} gives {truth}")
            elif left == right:
                if key != "They are equal":
                    problems.append(f"{tag}: equal values but key {key}")
            elif parse_quantity(key) != max(left, right):
                problems.append(f"{tag}: key {key} is not the greater value")
        if tag == "order:ascending":
            lists = {
                c["id"]: [parse_quantity(x) for x in c["text"].split(", ")] for c in item["choices"]
            }
            for cid, values in lists.items():
                ordered = all(
                    isinstance(x, Fraction) and isinstance(y, Fraction) and x < y
                    for x, y in itertools.pairwise(values)
                )
                if ordered != (cid == item["answer"]["choice"]):
                    problems.append(f"choice {cid} ordering does not match the key")
    problems.extend(_word_tag_problems(item))
    if item["type"] == "short_answer":
        values = {parse_quantity(a) for a in item["answer"]["accepted"]}
        if None not in values and len(values) > 1:
            problems.append("accepted answers have different values")
    return problems


def _word_tag_problems(item: dict[str, Any]) -> list[str]:
    """Re-check phonics and word-building keys from their tags."""
    problems = []
    is_mc = item["type"] == "multiple_choice"
    key = _key_text(item) if is_mc else None
    others = [c["text"] for c in item.get("choices", []) if c["text"] != key]
    accepted = item.get("answer", {}).get("accepted", [])
    for tag in item.get("tags", []):
        name, _, arg = tag.partition(":")
        if not arg:
            continue
        if name == "rhyme" and key is not None:
            if not key.endswith(arg) or any(o.endswith(arg) for o in others):
                problems.append(f"{tag}: key/distractor rimes wrong")
        elif name == "initial" and key is not None:
            if not key.startswith(arg) or any(o.startswith(arg) for o in others):
                problems.append(f"{tag}: key/distractor initial letters wrong")
        elif name == "medial" and key is not None:
            if key[1] != arg or any(o[1] == arg for o in others):
                problems.append(f"{tag}: key/distractor vowels wrong")
        elif name == "swap":
            word, pos, letter = arg.split(":")
            expected = letter + word[1:] if pos == "first" else word[:-1] + letter
            if accepted != [expected]:
                problems.append(f"{tag}: expected {expected}")
        elif name == "syllables":
            word = arg.replace("-", "")
            if f'"{word}"' not in item["prompt"] or item["answer"]["value"] != arg.count("-") + 1:
                problems.append(f"{tag}: syllable count or word wrong")
        elif name == "root":
            if accepted != [arg] or arg not in item["prompt"].split('"')[1]:
                problems.append(f"{tag}: root not in the word")
        elif name == "affixed":
            prefix, base, suffix = arg.split("+")
            if accepted != [prefix + base + suffix]:
                problems.append(f"{tag}: expected {prefix + base + suffix}")
        elif name == "compound" and any(
            a.replace(" and ", "").replace(", ", "").replace(" ", "") != arg for a in accepted
        ):
            problems.append(f"{tag}: parts do not make the word")
    return problems


def verify_bank(bank: dict[str, Any], media_root: Path | None = None) -> list[str]:
    """Return every problem found in ``bank`` (empty list when it is sound).

    The schema and the general rules (ids, references, prerequisite cycles, answer keys,
    IRT parameters, score ranges) are the library's own validation; this adds the rules of
    the shipped banks (size, planned parameter ranges, recomputed keys, media, grades).
    """
    problems = [str(problem) for problem in check_bank_document(bank, "compiled bank")]
    if problems:
        return problems

    skills = bank["skills"]
    known_skills = {s["id"] for s in skills}
    if len(skills) < 8:
        problems.append("fewer than 8 skills")
    if len(bank["items"]) < 200:
        problems.append("fewer than 200 items")

    by_grade: dict[int, list[float]] = defaultdict(list)
    used_skills: set[str] = set()
    for item in bank["items"]:
        iid, irt, kind = item["id"], item["irt"], item["type"]
        used_skills.update(item["skills"])
        for e in item.get("enemies", []):
            if iid not in next(i for i in bank["items"] if i["id"] == e).get("enemies", []):
                problems.append(f"{iid}: enemy {e} not symmetric")
        problems.extend(f"{iid}: {p}" for p in _planning_problems(irt))
        if kind == "multiple_choice":
            ids = [c["id"] for c in item["choices"]]
            texts = [c["text"].strip().lower() for c in item["choices"]]
            if len(set(texts)) != len(texts):
                problems.append(f"{iid}: repeated choice texts")
            values = [parse_quantity(c["text"]) for c in item["choices"]]
            if all(v is not None for v in values) and len(set(values)) != len(values):
                problems.append(f"{iid}: two choices have the same value")
            if irt["model"] == "3PL" and abs(irt["c"] - round(0.8 / len(ids), 3)) > 1e-9:
                problems.append(f"{iid}: c should be 0.8 / n_choices")
        exprs = [t[5:] for t in item.get("tags", []) if t.startswith("expr:")]
        for expr in exprs:
            expected = evaluate(expr)
            got = _expected_value(item)
            if got != expected:
                problems.append(f"{iid}: key {got} != recomputed {expected} from {expr}")
        problems.extend(f"{iid}: {p}" for p in _tag_problems(item))
        problems.extend(f"{iid}: {p}" for p in hangul_tag_problems(item))
        if kind == "numeric" and not exprs:
            problems.append(f"{iid}: numeric item without expr tag")
        for m in item.get("media", []):
            if not m.get("alt"):
                problems.append(f"{iid}: media without alt text")
            if media_root is not None and not (media_root / m["uri"]).is_file():
                problems.append(f"{iid}: missing media file {m['uri']}")
        by_grade[item["grade"]].append(_location(irt))
    for s in known_skills - used_skills:
        problems.append(f"skill {s} has no items")
    problems.extend(thin_cell_problems(bank))
    means = [sum(v) / len(v) for _, v in sorted(by_grade.items())]
    if any(x >= y for x, y in itertools.pairwise(means)):
        problems.append(f"mean b per grade not increasing: {means}")
    return problems
