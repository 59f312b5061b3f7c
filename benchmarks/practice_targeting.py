"""Practice targeting: does every child practise at their own level, on every shipped bank?

For each shipped bank and true ability (-2, -1, 0, +1, +1.5 logits: about grades 1 to 5
on the shipped banks), 60 simulated learners (seed 7) take 30 items with
``TargetProbability(0.75)``; the table shows, from step 11 on, the mean success (expected
score share of the answers), the mean grade of items 1-10 / 11-20 / 21-30, and the mean
grade of items 11-30 against the level the target implies. Two designs side by side:

- **before**: ``TargetProbability(0.75)`` from the first item (no placement);
- **after**: ``Placement(8)`` (an 8-item placement at the first sitting), then the same
  selector.

A second table per bank runs the gated design (``PrerequisitesMastered()`` in the
selector's eligibility, the ``make demo`` design), before and after the same way. Without
a placement the gate opens a skill only once its prerequisites are mastered, one level at
a time (mastery along the skill graph does not change that: a skill is practised only
after its prerequisites passed, so no mastered skill sits above an open prerequisite);
after a placement the gate also passes a prerequisite the placement-seeded prediction
puts clearly above its cut.

What the bank can serve, from its own item difficulties: at ability ``theta`` each item
has a true success probability, and a selector that knew the child's ability (an oracle
learner model offering those probabilities to the same ``TargetProbability(0.75)``, with
the same no-repeat and no-enemy rules) gives items 11-30 with a mean success **best** and
a mean grade, the **implied level**. A cell is **servable** when the ability lies within
the bank's grades (between its lowest and highest grade benchmarks,
:func:`~adaptive_tutor.grade_levels.grade_scale`; the ability column says "below grade 1"
or "above grade 4" otherwise) and that best is within 0.05 of the target (the bank holds
enough items at the child's level); the number of items within 0.10 of the target is
printed too (``near``). Targets (issue 18): success within 0.05 of 0.75 in every servable
cell (``success ok``), and the mean grade of items 11-30 within 0.7 grade of the implied
level (``grade ok``, every cell). The placement's overall standard error after its 8
items is printed too (``se after placement``, the mean, and ``se max``); the documented
bound ``PLACEMENT_SE_AFTER_8`` applies to every learner in a servable cell (``se ok``).

Run: ``.venv/bin/python benchmarks/practice_targeting.py`` (a few minutes; not a test).
``--banks arithmetic`` limits the banks, ``--learners 30`` the learners per ability,
``--designs practice`` the designs.
"""

from __future__ import annotations

import argparse
import time
from typing import NamedTuple

import numpy as np
import pandas as pd

import adaptive_tutor as at
from adaptive_tutor.grade_levels import GradeLevels, grade_scale
from adaptive_tutor.irt import category_prob
from adaptive_tutor.placement import PLACEMENT_SE_AFTER_8

ABILITIES = (-2.0, -1.0, 0.0, 1.0, 1.5)
TARGET = 0.75
LENGTH = 30
WARM_UP = 10
SEED = 7
BAND = 0.10


def true_success(bank: at.ItemBank, theta: float) -> np.ndarray:
    """Expected score share of every item at ``theta`` (bank order)."""
    prob = category_prob(bank.params, [theta])[:, 0, :]
    max_score = bank.params.n_categories - 1
    return np.asarray((prob * np.arange(prob.shape[1])).sum(axis=1) / max_score)


class KnownAbility:
    """A learner model that knows the child's true success probabilities (an oracle)."""

    def __init__(self, success: np.ndarray) -> None:
        self.success = success

    def update(self, bank: at.ItemBank, item_id: str, response: int) -> KnownAbility:
        return self  # the answers change nothing: the ability is known

    def to_dict(self) -> dict[str, object]:
        return {}

    def success_probability(self, bank: at.ItemBank) -> np.ndarray:
        return self.success


class Served(NamedTuple):
    """What a selector that knew the ability gives as items 11-30, and servability."""

    implied_grade: float
    best_success: float
    items_near_target: int
    servable: str  # "yes", "NO (grades)" or "NO (items)"


def what_the_bank_serves(bank: at.ItemBank, theta: float) -> Served:
    """Implied level, best attainable success and servability at ``theta``.

    Without gating the oracle's items do not depend on the answers (no-repeat, no-enemy
    and variety read only which items were given), so one session tells.
    """
    success = true_success(bank, theta)
    session = at.TutoringSession(
        bank,
        selector=at.TargetProbability(TARGET),
        stopping_rule=at.MaxItems(LENGTH),
        learner_model=KnownAbility(success),
        seed=SEED,
    )
    while (item := session.next_item()) is not None:
        session.record(item.id, 0)
    given = bank.indices_of(session.history["item_id"].tolist()[WARM_UP:])
    best = float(success[given].mean())
    return Served(
        implied_grade=float(bank.item_grades[given].mean()),
        best_success=best,
        items_near_target=int((np.abs(success - TARGET) <= BAND).sum()),
        servable=_servable(bank, theta, best),
    )


def _servable(bank: at.ItemBank, theta: float, best: float) -> str:
    level = grade_scale(bank).grade_level(theta)
    if bool(level.below) or bool(level.above):
        return "NO (grades)"
    return "yes" if abs(best - TARGET) <= 0.05 else "NO (items)"


def selector(gated: bool) -> at.TargetProbability:
    if not gated:
        return at.TargetProbability(TARGET)
    gate = at.PrerequisitesMastered()
    return at.TargetProbability(TARGET, eligibility=[at.NoRepeat(), at.NoEnemies(), gate])


def run(
    bank: at.ItemBank, theta: float, n: int, placement: at.Placement | None, gated: bool
) -> dict[str, float]:
    result = at.simulate(
        bank,
        np.full(n, theta),
        selector=selector(gated),
        stopping_rule=at.MaxItems(LENGTH),
        seed=SEED,
        placement=placement,
    )
    steps = result.steps
    positions = bank.indices_of(steps["item_id"].tolist())
    share = steps["response"].to_numpy() / (bank.params.n_categories[positions] - 1)
    grade = bank.item_grades[positions].astype(float)
    step = steps["step"].to_numpy()
    late = step > WARM_UP
    row = {
        "success": float(share[late].mean()),
        **{
            f"grade {a + 1}-{a + 10}": float(grade[(step > a) & (step <= a + 10)].mean())
            for a in (0, 10, 20)
        },
        "grade 11-30": float(grade[late].mean()),
    }
    if placement is not None:
        row["se after placement"] = float(result.learners["placement_se"].mean())
        row["se max"] = float(result.learners["placement_se"].max())
    return row


def table(name: str, n: int, gated: bool) -> pd.DataFrame:
    bank = at.load_shipped_bank(name)
    scale = grade_scale(bank)
    rows = []
    for theta in ABILITIES:
        served = what_the_bank_serves(bank, theta)
        before = run(bank, theta, n, None, gated)
        after = run(bank, theta, n, at.Placement(8), gated)
        level = scale.grade_level(theta)
        servable = served.servable == "yes"
        rows.append(
            {
                "ability": f"{theta:+.1f} ({_grade_words(level)})",
                "servable": served.servable,
                "near": served.items_near_target,
                "best": round(served.best_success, 3),
                "implied": round(served.implied_grade, 2),
                "success before": round(before["success"], 3),
                "success after": round(after["success"], 3),
                "grades before": "/".join(
                    f"{before[k]:.2f}" for k in ("grade 1-10", "grade 11-20", "grade 21-30")
                ),
                "grades after": "/".join(
                    f"{after[k]:.2f}" for k in ("grade 1-10", "grade 11-20", "grade 21-30")
                ),
                "11-30 before": round(before["grade 11-30"], 2),
                "11-30 after": round(after["grade 11-30"], 2),
                "success ok": _ok(abs(after["success"] - TARGET) <= 0.05, servable),
                "grade ok": _ok(abs(after["grade 11-30"] - served.implied_grade) <= 0.7, True),
                "se after placement": f"{after['se after placement']:.2f}",
                "se max": f"{after['se max']:.2f}",
                "se ok": _ok(after["se max"] < PLACEMENT_SE_AFTER_8, servable),
            }
        )
    return pd.DataFrame(rows)


def _grade_words(level: GradeLevels) -> str:
    value = float(level.value)
    if level.below:
        return f"below grade {value:.0f}"
    if level.above:
        return f"above grade {value:.0f}"
    return f"grade {value:.1f}"


def _ok(met: bool, applies: bool) -> str:
    if not applies:
        return "n/a (bank)"
    return "yes" if met else "NO"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--banks", nargs="*", default=list(at.shipped_bank_names()))
    parser.add_argument("--learners", type=int, default=60)
    parser.add_argument("--designs", nargs="*", default=["practice", "gated"])
    args = parser.parse_args()
    pd.set_option("display.width", 250)
    pd.set_option("display.max_columns", 30)
    print(
        f"TargetProbability({TARGET}), {LENGTH} items, {args.learners} learners per ability, "
        f"seed {SEED}; success from step {WARM_UP + 1}; best and implied: items 11-30 of a "
        f"selector that knows the ability; servable: within the bank's grades and best within "
        f"0.05 of the target; near: "
        f"items within {BAND:.2f} of the target. Placement SE bound: {PLACEMENT_SE_AFTER_8}."
    )
    for name in args.banks:
        for design in args.designs:
            start = time.perf_counter()
            frame = table(name, args.learners, gated=design == "gated")
            print(f"\n{name}, {design} ({time.perf_counter() - start:.0f} s)")
            print(frame.to_string(index=False))


if __name__ == "__main__":
    main()
