"""Property: any valid bank survives a JSON round trip unchanged."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from adaptive_tutor.item_bank import SCHEMA_VERSION, ItemBank

finite = st.floats(min_value=-4.0, max_value=4.0, allow_nan=False, width=64)
slopes = st.floats(min_value=0.2, max_value=3.0, allow_nan=False)
texts = st.text(min_size=1, max_size=30).filter(lambda t: t.strip() != "")


@st.composite
def irt_blocks(draw: st.DrawFn, polytomous: bool) -> dict[str, Any]:
    if polytomous:
        model = draw(st.sampled_from(["GRM", "GPCM", "PCM"]))
        n = draw(st.integers(min_value=1, max_value=4))
        values = sorted(draw(st.lists(finite, min_size=n, max_size=n, unique=True)))
        block: dict[str, Any] = {"model": model}
        if model != "PCM":
            block["a"] = draw(slopes)
        block["thresholds" if model == "GRM" else "steps"] = values
        return block
    model = draw(st.sampled_from(["1PL", "2PL", "3PL", "4PL"]))
    block = {"model": model, "b": draw(finite)}
    if model != "1PL":
        block["a"] = draw(slopes)
    if model in ("3PL", "4PL"):
        block["c"] = draw(st.floats(min_value=0.0, max_value=0.4))
    if model == "4PL":
        block["d"] = draw(st.floats(min_value=0.6, max_value=1.0))
    if draw(st.booleans()):
        block["se"] = {"b": draw(st.floats(min_value=0.0, max_value=1.0))}
    return block


@st.composite
def bank_documents(draw: st.DrawFn) -> dict[str, Any]:
    n_skills = draw(st.integers(min_value=1, max_value=4))
    skills = []
    for index in range(n_skills):
        earlier = [f"s{j}" for j in range(index)]
        prerequisites = draw(st.lists(st.sampled_from(earlier), unique=True)) if earlier else []
        skills.append(
            {
                "id": f"s{index}",
                "name": draw(texts),
                "grade": draw(st.integers(min_value=1, max_value=6)),
                "prerequisites": prerequisites,
            }
        )
    n_items = draw(st.integers(min_value=1, max_value=6))
    items = []
    for index in range(n_items):
        kind = draw(st.sampled_from(["multiple_choice", "numeric", "short_answer", "partial"]))
        polytomous = kind == "partial"
        irt = draw(irt_blocks(polytomous))
        item: dict[str, Any] = {
            "id": f"item-{index}",
            "skills": draw(
                st.lists(st.sampled_from([s["id"] for s in skills]), min_size=1, unique=True)
            ),
            "grade": draw(st.integers(min_value=1, max_value=6)),
            "type": "partial_credit" if polytomous else kind,
            "prompt": draw(texts),
        }
        if kind == "multiple_choice":
            item["choices"] = [{"id": "A", "text": "first"}, {"id": "B", "text": "second"}]
            item["answer"] = {"choice": draw(st.sampled_from(["A", "B"]))}
        elif kind == "numeric":
            item["answer"] = {"value": draw(finite)}
        elif kind == "short_answer":
            item["answer"] = {"accepted": [draw(texts)]}
        n_steps = len(irt.get("thresholds", irt.get("steps", [0])))
        if polytomous:
            item["rubric"] = [{"score": s, "description": f"level {s}"} for s in range(n_steps + 1)]
        item["max_score"] = n_steps
        item["irt"] = irt
        if draw(st.booleans()):
            item["tags"] = draw(st.lists(texts, max_size=3, unique=True))
        if draw(st.booleans()):
            item["estimated_minutes"] = draw(st.floats(min_value=0.1, max_value=20.0))
        items.append(item)
    return {
        "schema_version": SCHEMA_VERSION,
        "bank": {
            "id": "generated",
            "title": draw(texts),
            "subject": "mathematics",
            "language": "en",
            "grade_range": [1, 6],
            "provider": "tests",
            "licence": "CC0-1.0",
        },
        "skills": skills,
        "items": items,
    }


@settings(max_examples=50, deadline=None)
@given(bank_documents())
def test_json_round_trip_is_identity(document: dict[str, Any]) -> None:
    bank = ItemBank.from_dict(document)
    again = ItemBank.from_json(bank.to_json())
    assert again == bank
    assert again.to_dict() == document
