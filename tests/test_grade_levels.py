"""Grade levels from the bank's own benchmark curve, checked against hand computations."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from adaptive_tutor.examples import tiny_bank_document
from adaptive_tutor.grade_levels import (
    GradeScale,
    describe_grade_level,
    grade_scale,
    skill_grade_scales,
)
from adaptive_tutor.item_bank import ItemBank
from adaptive_tutor.shipped_banks import load_shipped_bank, shipped_bank_names

BANKS = Path(__file__).resolve().parents[1] / "item_banks"
TINY = ItemBank.from_dict(tiny_bank_document())


def _location(irt: dict[str, Any]) -> float:
    """An item's location straight from the JSON: b, or the mean threshold / step."""
    if "b" in irt:
        return float(irt["b"])
    points = irt.get("thresholds") or irt["steps"]
    return float(np.mean(points))


@pytest.mark.parametrize("name", shipped_bank_names())
def test_curve_is_the_mean_item_location_per_grade_of_the_json(name: str) -> None:
    document = json.loads((BANKS / f"{name}.json").read_text(encoding="utf-8"))
    by_grade: dict[int, list[float]] = {}
    for item in document["items"]:
        by_grade.setdefault(item["grade"], []).append(_location(item["irt"]))
    scale = grade_scale(load_shipped_bank(name))
    assert scale.grades.tolist() == sorted(float(g) for g in by_grade)
    expected = [np.mean(by_grade[g]) for g in sorted(by_grade)]
    np.testing.assert_allclose(scale.abilities, expected, rtol=0, atol=1e-12)


def test_tiny_bank_levels_match_hand_computation() -> None:
    # grade 1: count-1 b = -1.5, add-1 b = -0.5 -> -1.0; grade 2: story-1 thresholds
    # (-0.5, 0.8) -> 0.15. theta -0.54 lies (-0.54 + 1.0) / 1.15 = 0.4 of the way up.
    scale = grade_scale(TINY)
    assert scale.abilities.tolist() == pytest.approx([-1.0, 0.15])
    levels = scale.grade_level(np.array([-0.54, -1.0, 0.15]))
    np.testing.assert_allclose(levels.value, [1.4, 1.0, 2.0])
    assert not levels.below.any()
    assert not levels.above.any()


def test_ends_are_flagged_not_extrapolated() -> None:
    scale = grade_scale(load_shipped_bank("arithmetic"))
    levels = scale.grade_level([scale.abilities[0] - 0.01, scale.abilities[-1] + 3.0, np.nan])
    assert levels.value[:2].tolist() == [1.0, 6.0]
    assert levels.below.tolist() == [True, False, False]
    assert levels.above.tolist() == [False, True, False]
    assert np.isnan(levels.value[2])
    words = [
        describe_grade_level(float(v), bool(b), bool(a))
        for v, b, a in zip(levels.value, levels.below, levels.above, strict=True)
    ]
    assert words == ["below grade 1", "above grade 6", "unknown"]


def test_interpolation_between_two_grades_of_arithmetic_by_hand() -> None:
    scale = grade_scale(load_shipped_bank("arithmetic"))
    b2, b3 = scale.abilities[1], scale.abilities[2]
    theta = b2 + 0.6 * (b3 - b2)
    assert float(scale.grade_level(theta).value) == pytest.approx(2.6)
    assert describe_grade_level(float(scale.grade_level(theta).value), False, False) == (
        "about grade 2.6"
    )
    assert float(scale.ability_at(2.6)) == pytest.approx(theta)


def test_falling_grade_means_are_pooled_into_an_increasing_curve() -> None:
    document = tiny_bank_document()
    count, add, _ = document["items"]
    items = [
        dict(count, id="g1", grade=1, irt={"model": "2PL", "a": 1.0, "b": 0.0}),
        dict(add, id="g2a", grade=2, irt={"model": "2PL", "a": 1.0, "b": -1.0}),
        dict(add, id="g2b", grade=2, irt={"model": "2PL", "a": 1.0, "b": -1.0}),
        dict(add, id="g3", grade=3, irt={"model": "2PL", "a": 1.0, "b": 1.0}),
    ]
    document["items"] = items
    document["bank"]["grade_range"] = [1, 3]
    scale = grade_scale(ItemBank.from_dict(document))
    # grades 1 (0.0, one item) and 2 (-1.0, two items) pool: grade 5/3, ability -2/3
    np.testing.assert_allclose(scale.grades, [5 / 3, 3.0])
    np.testing.assert_allclose(scale.abilities, [-2 / 3, 1.0])


def test_one_grade_bank_reads_below_or_above_that_grade() -> None:
    scale = GradeScale(np.array([3.0]), np.array([0.5]))
    levels = scale.grade_level([0.0, 0.5, 1.0])
    assert levels.value.tolist() == [3.0, 3.0, 3.0]
    assert levels.below.tolist() == [True, False, False]
    assert levels.above.tolist() == [False, False, True]
    assert scale.ability_at([1.0, 5.0]).tolist() == [0.5, 0.5]


@pytest.mark.parametrize("name", shipped_bank_names())
def test_each_skill_benchmark_reads_as_the_skill_grade(name: str) -> None:
    bank = load_shipped_bank(name)
    overall = grade_scale(bank)
    scales = skill_grade_scales(bank)
    assert list(scales) == list(bank.skill_ids)
    for position, skill in enumerate(bank.skills):
        scale = scales[skill.id]
        level = scale.grade_level(bank.skill_benchmarks[position])
        assert float(level.value) == pytest.approx(skill.grade)
        # the same curve, moved: one grade spans the same logits as on the whole bank
        np.testing.assert_allclose(np.diff(scale.abilities), np.diff(overall.abilities))


def test_describe_keeps_one_decimal_and_drops_trailing_zeros() -> None:
    assert describe_grade_level(3.0, False, False) == "about grade 3"
    assert describe_grade_level(2.649, False, False) == "about grade 2.6"
    assert describe_grade_level(1.0, True, False) == "below grade 1"
