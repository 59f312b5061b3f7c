"""Banks and simulated learners for the selection, stopping and session tests."""

from __future__ import annotations

from typing import Any

import numpy as np

from adaptive_tutor.examples import tiny_bank_document
from adaptive_tutor.irt import category_prob
from adaptive_tutor.item_bank import ItemBank
from adaptive_tutor.selection import ExposureCounts
from adaptive_tutor.session import TutoringSession
from adaptive_tutor.stopping import MaxItems

_SKILLS = [
    {"id": "count", "name": "Counting", "grade": 1, "prerequisites": []},
    {"id": "add", "name": "Addition", "grade": 1, "prerequisites": ["count"]},
    {"id": "sub", "name": "Subtraction", "grade": 2, "prerequisites": ["add"]},
]


def make_bank(
    n_per_skill: int = 6,
    *,
    seed: int = 0,
    skills: int = 3,
    polytomous: bool = True,
    enemies: bool = True,
    b_sd: float = 1.0,
) -> ItemBank:
    """A mixed-format bank: 2PL and 3PL items plus (optionally) GRM items per skill."""
    rng = np.random.default_rng(seed)
    document = tiny_bank_document()
    document["bank"]["id"] = f"test-{seed}-{n_per_skill}-{skills}"
    document["bank"]["grade_range"] = [1, 3]
    document["skills"] = [dict(s) for s in _SKILLS[:skills]]
    items: list[dict[str, Any]] = []
    for skill in document["skills"]:
        for number in range(n_per_skill):
            item_id = f"{skill['id']}-{number}"
            grade = 1 + number % 3
            a = float(np.round(rng.uniform(0.7, 2.0), 3))
            b = float(np.round(rng.normal(0.0, b_sd), 3))
            kind = number % 4 if polytomous else number % 2
            if kind == 3:
                step = float(np.round(rng.uniform(0.5, 1.5), 3))
                irt: dict[str, Any] = {"model": "GRM", "a": a, "thresholds": [b - step, b + step]}
                max_score = 2
                item: dict[str, Any] = {
                    "rubric": [
                        {"score": s, "description": f"level {s}"} for s in range(max_score + 1)
                    ]
                }
                item_type = "partial_credit"
            else:
                irt = {"model": "2PL", "a": a, "b": b}
                if kind == 1:
                    irt = {"model": "3PL", "a": a, "b": b, "c": 0.2}
                max_score = 1
                item = {"answer": {"value": number}}
                item_type = "numeric"
            item.update(
                {
                    "id": item_id,
                    "skills": [skill["id"]],
                    "grade": grade,
                    "type": item_type,
                    "prompt": f"{skill['name']} question {number}",
                    "max_score": max_score,
                    "irt": irt,
                }
            )
            if enemies and number == 1:
                item["enemies"] = [f"{skill['id']}-0"]
            items.append(item)
    document["items"] = items
    return ItemBank.from_dict(document)


def make_2pl_bank(n_items: int, *, seed: int = 0, b_sd: float = 1.0) -> ItemBank:
    """A one-skill 2PL bank."""
    return make_bank(n_items, seed=seed, skills=1, polytomous=False, enemies=False, b_sd=b_sd)


def simulate_answer(bank: ItemBank, item_id: str, theta: float, rng: np.random.Generator) -> int:
    """Draw a score for ``item_id`` from the bank's IRT model at ability ``theta``."""
    prob = category_prob(bank.params.take([bank.index_of(item_id)]), [theta])[0, 0]
    return int(rng.choice(prob.shape[0], p=prob / prob.sum()))


def run_session(
    session: TutoringSession, theta: float, rng: np.random.Generator, *, response_time: float = 10.0
) -> list[str]:
    """Answer offered items until the session stops; return the item ids in order."""
    given = []
    for _ in range(len(session.bank) + 1):
        item = session.next_item()
        if item is None:
            break
        session.record(
            item.id, simulate_answer(session.bank, item.id, theta, rng), response_time=response_time
        )
        given.append(item.id)
    return given


def counted_session(
    bank: ItemBank,
    selector: Any,
    *,
    stopping_rule: Any = None,
    seed: int = 11,
) -> TutoringSession:
    """A session of the contract suites: exposure counts kept, no stop before the bank ends."""
    counts = ExposureCounts(bank)
    counts.start_session()
    return TutoringSession(
        bank,
        selector=selector,
        stopping_rule=MaxItems(len(bank)) if stopping_rule is None else stopping_rule,
        exposure_counts=counts,
        seed=seed,
    )
