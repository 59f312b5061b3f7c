"""Does the attention list find the children who need help? Precision and recall per reason.

Twenty seeded simulated classes on the shipped arithmetic bank, each of 30 children in
grade 4 (``learner_grades``), true abilities N(0, 1) (theta 0 is a mid-year grade-4
child on the bank's scale), practising for 6 weeks: three sittings a week (Monday,
Wednesday, Friday afternoons) of 10 answers each in a ``TutoringSession`` with
``TargetProbability(0.75)``. Answers follow the bank's IRT model at the child's current
true ability; response times are log-normal around 60% of the item's
``estimated_minutes`` (child speed varies, spread 0.4). Eight children per class are
planted cases (drawn at random, abilities still N(0, 1)):

- 3 decliners: from week 4 on their true ability is 1 logit lower (more than a school
  year on this bank);
- 3 rapid guessers: half of their answers take 0.5-2.5 s and are right only by chance
  (1 / number of choices for multiple choice, never for typed answers);
- 2 absentees: no sitting after week 3 (their last answer is three weeks before the log
  ends; ``inactive`` needs 14 days).

Printed: per reason, recall of the children it is meant to find and precision of its
flags, plus the issue's targets: the 5 lowest-ability children flagged ``below_level``
(per child and per class), above-median children flagged ``below_level`` (the truth of
``below_level`` is a baseline true ability below the grade-4 start-of-year benchmark).
Run: ``.venv/bin/python benchmarks/attention.py`` (about a minute of CPU). The defaults
trade precision for recall on ``falling_behind``; with ``confidence=0.95`` its precision
rises and its recall falls (the script prints both settings).
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np
import pandas as pd

import adaptive_tutor as at
from adaptive_tutor.grade_levels import grade_scale

N_CLASSES = 20
N_CHILDREN = 30
WEEKS = 6
SITTINGS = (0, 2, 4)  # Monday, Wednesday, Friday
ANSWERS_PER_SITTING = 10
GRADE = 4
DECLINE = 1.0
START = pd.Timestamp("2026-09-07 15:00")  # a Monday


def _answer(
    bank: at.ItemBank, item: Any, theta: float, rng: np.random.Generator
) -> tuple[int, float]:
    prob = at.irt.category_prob(bank.params.take([bank.index_of(item.id)]), [theta])[0, 0]
    return int(rng.choice(prob.shape[0], p=prob / prob.sum())), 0.0


def _guess(item: Any, rng: np.random.Generator) -> int:
    if item.type == "multiple_choice":
        return int(rng.random() < 1.0 / len(item.choices))
    return 0


def simulate_class(bank: at.ItemBank, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One class: the response log and the truth per child."""
    rng = np.random.default_rng(seed)
    theta = rng.normal(0.0, 1.0, N_CHILDREN)
    roles = np.array(["none"] * N_CHILDREN, dtype=object)
    planted = rng.choice(N_CHILDREN, 8, replace=False)
    roles[planted[:3]], roles[planted[3:6]], roles[planted[6:]] = "decline", "guess", "absent"
    speed = rng.lognormal(0.0, 0.25, N_CHILDREN)
    rows: list[dict[str, Any]] = []
    for child in range(N_CHILDREN):
        learner = f"c{child:02d}"
        session = at.TutoringSession(
            bank,
            selector=at.TargetProbability(0.75),
            stopping_rule=at.MaxItems(ANSWERS_PER_SITTING),
            seed=seed * 100 + child,
            learner_id=learner,
        )
        for week in range(WEEKS):
            if roles[child] == "absent" and week >= 3:
                break
            ability = theta[child] - (DECLINE if roles[child] == "decline" and week >= 3 else 0)
            for day in SITTINGS:
                clock = START + pd.Timedelta(days=7 * week + day, minutes=int(rng.integers(0, 120)))
                session.start_new_sitting(
                    stopping_rule=at.MaxItems(session.n_responses + ANSWERS_PER_SITTING)
                )
                while (item := session.next_item()) is not None:
                    typical = 60.0 * (item.estimated_minutes or 1.0)
                    if roles[child] == "guess" and rng.random() < 0.5:
                        score, seconds = _guess(item, rng), float(rng.uniform(0.5, 2.5))
                    else:
                        score = _answer(bank, item, ability, rng)[0]
                        seconds = float(0.6 * typical * speed[child] * rng.lognormal(0.0, 0.4))
                    clock += pd.Timedelta(seconds=seconds + 5.0)
                    session.record(
                        item.id, score, timestamp=clock.timestamp(), response_time=seconds
                    )
                    rows.append(
                        {
                            "learner_id": learner,
                            "item_id": item.id,
                            "response": score,
                            "timestamp": clock,
                            "response_time": seconds,
                        }
                    )
    truth = pd.DataFrame(
        {"learner_id": [f"c{k:02d}" for k in range(N_CHILDREN)], "theta": theta, "role": roles}
    )
    return pd.DataFrame(rows), truth


def _rate(hits: int, total: int) -> str:
    return f"{hits / total:.2f} ({hits}/{total})" if total else "-"


def evaluate(
    bank: at.ItemBank, classes: list[tuple[pd.DataFrame, pd.DataFrame]], **settings: Any
) -> float:
    """Print recall and precision per reason and the issue's targets; return seconds."""
    benchmark = float(grade_scale(bank).ability_at(GRADE - 1))
    reasons = ("below_level", "falling_behind", "disengaged", "inactive")
    tallies = {r: [0, 0, 0] for r in reasons}  # true positives, truths, flags
    lowest_hits = classes_all_lowest = above_flags = above_total = 0
    seconds = []
    for log, truth in classes:
        tick = time.perf_counter()
        grades = dict.fromkeys(truth["learner_id"], GRADE)
        frame = at.attention_list(log, bank, learner_grades=grades, **settings)
        seconds.append(time.perf_counter() - tick)
        flagged = {
            r: set(frame.loc[[r in codes for codes in frame["reasons"]], "learner_id"])
            for r in reasons
        }
        truths = {
            "below_level": set(truth.loc[truth["theta"] < benchmark, "learner_id"]),
            "falling_behind": set(truth.loc[truth["role"] == "decline", "learner_id"]),
            "disengaged": set(truth.loc[truth["role"] == "guess", "learner_id"]),
            "inactive": set(truth.loc[truth["role"] == "absent", "learner_id"]),
        }
        for reason, count in tallies.items():
            count[0] += len(flagged[reason] & truths[reason])
            count[1] += len(truths[reason])
            count[2] += len(flagged[reason])
        lowest = set(truth.nsmallest(5, "theta")["learner_id"])
        hits = len(lowest & flagged["below_level"])
        lowest_hits += hits
        classes_all_lowest += hits == 5
        above = set(truth.loc[truth["theta"] > truth["theta"].median(), "learner_id"])
        above_flags += len(above & flagged["below_level"])
        above_total += len(above)
    print(f"settings: {settings or 'defaults'}")
    print(f"  {'reason':<16}{'recall':>18}{'precision':>18}")
    for reason, (tp, total, flags) in tallies.items():
        print(f"  {reason:<16}{_rate(tp, total):>18}{_rate(tp, flags):>18}")
    n = len(classes)
    print(
        f"  5 lowest flagged below_level, per child: {_rate(lowest_hits, 5 * n)} (target >= 0.90)"
    )
    print(f"  classes with all 5 lowest flagged: {_rate(classes_all_lowest, n)}")
    print(
        f"  above-median children flagged below_level: {_rate(above_flags, above_total)} "
        "(target < 0.05)"
    )
    return float(np.median(seconds))


def main() -> None:
    bank = at.load_shipped_bank("arithmetic")
    started = time.perf_counter()
    classes = [simulate_class(bank, 2026 + seed) for seed in range(N_CLASSES)]
    simulated = time.perf_counter() - started
    benchmark = float(grade_scale(bank).ability_at(GRADE - 1))
    print(
        f"attention_list on {N_CLASSES} simulated classes of {N_CHILDREN} (arithmetic bank, "
        f"grade {GRADE}, {WEEKS} weeks x {len(SITTINGS)} sittings x {ANSWERS_PER_SITTING} "
        f"answers); start-of-grade-{GRADE} benchmark theta {benchmark:.2f}"
    )
    median = evaluate(bank, classes)
    evaluate(bank, classes, confidence=0.95)
    print(
        f"attention_list per class of 30 (5,400 answers): median {median * 1000:.0f} ms; "
        f"simulating the classes took {simulated:.0f} s"
    )


if __name__ == "__main__":
    main()
