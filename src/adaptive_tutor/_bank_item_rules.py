"""The rules for one item of a bank that a JSON Schema cannot express.

References to skills and enemy items, answer keys against choices and item types, the
marking fields of schema 1.1 (units, forms), score ranges against the IRT model and the
rubric, and the IRT parameters themselves (through
:func:`~adaptive_tutor.irt.find_parameter_problems`, the one home of those rules).
"""

from __future__ import annotations

import difflib
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from adaptive_tutor._bank_problems import ProblemCollector, dicts, strings, text, whole
from adaptive_tutor._validation import is_real
from adaptive_tutor.irt._parameter_rules import DICHOTOMOUS, MODELS, find_parameter_problems
from adaptive_tutor.marking import normalise_text, read_number

__all__ = ["DICHOTOMOUS_TYPES", "item_problems", "parameter_problems"]

POLYTOMOUS = frozenset(MODELS) - DICHOTOMOUS
DICHOTOMOUS_TYPES = frozenset({"multiple_choice", "numeric", "short_answer"})


def item_problems(
    index: int,
    item: Mapping[str, Any],
    skill_ids: set[str],
    item_ids: set[str],
    found: ProblemCollector,
) -> None:
    identifier = item.get("id")
    if not isinstance(identifier, str):
        return

    def report(field: str, message: str, fix: str = "") -> None:
        found.entry("items", index, identifier, field, message, fix)

    for skill in strings(item.get("skills")):
        if skill not in skill_ids:
            close = difflib.get_close_matches(skill, sorted(skill_ids), n=1)
            hint = f"did you mean {close[0]!r}? If not, " if close else ""
            report(
                "skills",
                f"unknown skill id {skill!r}",
                f"{hint}add the skill to 'skills' or fix the reference",
            )
    for enemy in strings(item.get("enemies")):
        if enemy == identifier:
            report("enemies", "an item cannot be its own enemy")
        elif enemy not in item_ids:
            report("enemies", f"unknown item id {enemy!r}", "remove it or add the item")
    _answer_problems(item, report)
    _marking_problems(item, report)
    _score_problems(item, report)


def _answer_problems(item: Mapping[str, Any], report: Any) -> None:
    item_type = text(item.get("type"))
    choices = dicts(item.get("choices"))
    answer = item.get("answer")
    if choices and item_type != "multiple_choice":
        report(
            "choices",
            f"only multiple_choice items have choices (type is {item_type!r})",
        )
    choice_ids = [c["id"] for c in choices if isinstance(c.get("id"), str)]
    duplicated = sorted(c for c, n in Counter(choice_ids).items() if n > 1)
    if duplicated:
        report("choices", f"duplicate choice ids {duplicated}")
    texts = [normalise_text(c["text"], fold_case=False) for c in choices if _has_text(c)]
    repeated_texts = sorted(t for t, n in Counter(texts).items() if n > 1)
    if repeated_texts:
        report("choices", f"duplicate choice texts {repeated_texts}")
    if item_type == "multiple_choice" and isinstance(answer, Mapping):
        key = answer.get("choice")
        if isinstance(key, str) and choice_ids and key not in choice_ids:
            report(
                "answer.choice",
                f"the key {key!r} is not among the choices {choice_ids}",
                "name one of the choice ids as the key",
            )
    if isinstance(answer, Mapping):
        allowed = {
            "multiple_choice": {"choice"},
            "numeric": {"value", "tolerance", "unit", "forms", "in_sentence"},
            "short_answer": {"accepted", "unit", "forms", "in_sentence"},
            "partial_credit": {"value", "tolerance", "accepted"},
        }.get(item_type if isinstance(item_type, str) else "", set())
        for key in sorted(set(answer) - allowed):
            report(f"answer.{key}", f"not used by {item_type!r} items", "remove it")
    if item_type in DICHOTOMOUS_TYPES and item.get("rubric") is not None:
        report(
            "rubric",
            f"only partial_credit items have a scoring rubric (type is {item_type!r})",
        )


def _has_text(choice: Mapping[str, Any]) -> bool:
    return isinstance(choice.get("text"), str)


def _marking_problems(item: Mapping[str, Any], report: Any) -> None:
    """Keys the marking rules could not apply as the author meant (schema 1.1 fields)."""
    answer = item.get("answer")
    if not isinstance(answer, Mapping):
        return
    for key in ("value", "tolerance"):
        number = answer.get(key)
        if isinstance(number, float) and not math.isfinite(number):
            report(f"answer.{key}", "must be a finite number")
    units = answer.get("unit")
    unit_list = [units] if isinstance(units, str) else strings(units)
    folded = [normalise_text(unit) for unit in unit_list]
    for unit, fold in zip(unit_list, folded, strict=True):
        if not fold or any(char.isdecimal() for char in fold):
            report(
                "answer.unit",
                f"{unit!r} is not a unit",
                "write the unit or counter without digits, e.g. 'cm' or '개'",
            )
    if len(set(folded)) < len(folded):
        report("answer.unit", "units repeat once case is ignored", "list each unit once")
    accepted = strings(answer.get("accepted"))
    if item.get("type") == "short_answer" and ("unit" in answer or "forms" in answer):
        readings = (read_number(normalise_text(text)) for text in accepted)
        if not any(r is not None and r.notation == "digits" for r in readings):
            report(
                "answer",
                "'unit' and 'forms' apply to number keys written in digits (e.g. '7/10', "
                "'2 3/4', '0.5'), and no accepted text is one",
                "remove them or add the number key",
            )
    if item.get("type") == "multiple_choice":
        ids = [c["id"] for c in dicts(item.get("choices")) if isinstance(c.get("id"), str)]
        lowered = [identifier.casefold() for identifier in ids]
        folded_counts = Counter(lowered)
        clashes = sorted({i for i, low in zip(ids, lowered, strict=True) if folded_counts[low] > 1})
        if clashes:
            report(
                "choices",
                f"choice ids {clashes} differ only in case; answers name choices in any case",
                "make the ids distinct",
            )


def _score_problems(item: Mapping[str, Any], report: Any) -> None:
    irt = item.get("irt")
    max_score = item.get("max_score")
    item_type = text(item.get("type"))
    max_score = whole(max_score)
    if not isinstance(irt, Mapping) or max_score is None:
        return
    model = text(irt.get("model"))
    if model in DICHOTOMOUS:
        categories = 2
        if item_type == "partial_credit":
            report(
                "irt.model",
                f"partial_credit items need a polytomous model (GRM, GPCM or PCM), not {model}",
            )
    elif model in POLYTOMOUS:
        key = "thresholds" if model == "GRM" else "steps"
        values = irt.get(key)
        if not isinstance(values, list):
            return
        categories = len(values) + 1
        if item_type in DICHOTOMOUS_TYPES:
            report(
                "irt.model",
                f"{item_type} items are scored 0/1 and need a dichotomous model (1PL-4PL), "
                f"not {model}",
            )
    else:
        return
    if max_score != categories - 1:
        report(
            "max_score",
            f"max_score is {max_score} but the {model} parameters define scores "
            f"0..{categories - 1}",
            "make them agree",
        )
    rubric = dicts(item.get("rubric"))
    if rubric:
        scores = sorted(
            score for level in rubric if (score := whole(level.get("score"))) is not None
        )
        if scores != list(range(max_score + 1)):
            report(
                "rubric",
                f"rubric scores {scores} must be exactly 0..{max_score}, one level each",
            )


def _well_typed(irt: Mapping[str, Any]) -> bool:
    """True when every parameter has the type the schema asks (values are checked later)."""
    scalars_ok = all(is_real(irt[key]) for key in ("a", "b", "c", "d") if key in irt)
    lists_ok = all(
        isinstance(irt[key], list) and all(is_real(v) for v in irt[key])
        for key in ("thresholds", "steps")
        if key in irt
    )
    return scalars_ok and lists_ok


def parameter_problems(
    items: Sequence[tuple[int, Mapping[str, Any]]], found: ProblemCollector, D: float
) -> None:
    indexed = [
        (index, item["id"], item["irt"])
        for index, item in items
        if isinstance(item.get("id"), str)
        and isinstance(item.get("irt"), Mapping)
        and text(item["irt"].get("model")) in MODELS
        and _well_typed(item["irt"])
    ]
    records = [irt for _, _, irt in indexed]
    for problem in find_parameter_problems(records, D=D):
        index, identifier, _ = indexed[problem.index]
        found.entry("items", index, identifier, f"irt.{problem.field}", problem.message)
