"""Seeded item banks and response logs shared by the report tests."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from adaptive_tutor.irt import category_prob
from adaptive_tutor.item_bank import ItemBank

SKILLS = [
    ("count", "Counting", 1, []),
    ("add", "Addition", 1, ["count"]),
    ("sub", "Subtraction", 2, ["add"]),
    ("mul", "Multiplication", 3, ["add"]),
]


def bank_document(seed: int = 0, per_skill: int = 6, prompt: str | None = None) -> dict[str, Any]:
    rng = np.random.default_rng(seed)
    items = []
    for position, (skill_id, _, grade, _) in enumerate(SKILLS):
        for k in range(per_skill):
            b = float(round(rng.normal(position - 1.5, 0.7), 3))
            a = float(round(rng.uniform(0.8, 2.0), 3))
            item_id = f"{skill_id}-{k + 1}"
            if k == per_skill - 1:  # one graded item per skill
                items.append(
                    {
                        "id": item_id,
                        "skills": [skill_id],
                        "grade": grade,
                        "type": "partial_credit",
                        "prompt": f"Explain {skill_id} {k}",
                        "rubric": [
                            {"score": 0, "description": "none"},
                            {"score": 1, "description": "some"},
                            {"score": 2, "description": "all"},
                        ],
                        "max_score": 2,
                        "irt": {"model": "GRM", "a": a, "thresholds": [b - 0.6, b + 0.6]},
                    }
                )
                continue
            items.append(
                {
                    "id": item_id,
                    "skills": [skill_id],
                    "grade": grade,
                    "type": "multiple_choice",
                    "prompt": prompt if (prompt and k == 0) else f"Question {item_id}?",
                    "choices": [{"id": c, "text": f"option {c}"} for c in "ABCD"],
                    "answer": {"choice": "A"},
                    "max_score": 1,
                    "irt": {"model": "2PL", "a": a, "b": b},
                }
            )
    return {
        "schema_version": "1.0",
        "bank": {
            "id": "report-test",
            "title": "Report test bank",
            "subject": "mathematics",
            "language": "en",
            "grade_range": [1, 3],
            "provider": "tests",
            "licence": "CC0-1.0",
        },
        "skills": [{"id": s, "name": n, "grade": g, "prerequisites": p} for s, n, g, p in SKILLS],
        "items": items,
    }


def make_bank(seed: int = 0, per_skill: int = 6, prompt: str | None = None) -> ItemBank:
    return ItemBank.from_dict(bank_document(seed, per_skill, prompt))


def simulate_log(
    bank: ItemBank,
    n_learners: int = 40,
    n_sessions: int = 3,
    seed: int = 1,
    growth: float = 0.4,
) -> pd.DataFrame:
    """Every learner answers every item once, spread over sessions, ability growing."""
    rng = np.random.default_rng(seed)
    theta0 = rng.normal(size=n_learners)
    n_items = len(bank)
    session = rng.integers(0, n_sessions, size=(n_learners, n_items))
    theta = theta0[:, None] + growth * session
    probs = category_prob(bank.params, theta.ravel())  # items, learners*items, K
    cumulative = np.cumsum(probs, axis=2)
    draws = rng.random((n_items, theta.size, 1))
    scores = (draws > cumulative).sum(axis=2).T.reshape(n_learners, n_items, n_items)
    score = scores[:, np.arange(n_items), np.arange(n_items)]  # learner x item
    learner = np.repeat([f"L{i:02d}" for i in range(n_learners)], n_items)
    item = np.tile(np.array(bank.item_ids), n_learners)
    start = pd.Timestamp("2026-03-02 09:00")
    stamps = (
        start
        + pd.to_timedelta(session.ravel() * 7, unit="D")
        + pd.to_timedelta(np.tile(np.arange(n_items), n_learners), unit="min")
    )
    correct = score.ravel()
    chosen = np.where(correct == 1, "A", rng.choice(["B", "C", "D"], size=correct.size))
    is_mc = np.tile(np.array([i.type == "multiple_choice" for i in bank.items]), n_learners)
    log = pd.DataFrame(
        {
            "learner_id": learner,
            "item_id": item,
            "response": correct.astype(float),
            "timestamp": stamps,
            "session_id": [f"w{s + 1}" for s in session.ravel()],
            "response_time": rng.gamma(4.0, 10.0, size=correct.size).round(1),
            "chosen_option": np.where(is_mc, chosen, None),
        }
    )
    return log.sort_values(["learner_id", "timestamp"], kind="stable").reset_index(drop=True)
