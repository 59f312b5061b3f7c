"""The ``make demo`` program: the shipped banks in brief, adaptive practice, and a report.

A simulated child (a seeded true ability per skill, in grade 3) practises on a shipped
bank (the arithmetic bank unless ``--bank`` names another, e.g. ``ko_math``) in two weekly
sessions, the state saved to JSON and resumed in between. The first sitting opens with an
8-item placement (marked ``placement``) that locates the child; each step prints the item,
the child's answer, whether it was right and the estimate and standard error of the skill
practised;
a closing summary compares estimates with the true abilities. Then the learner report a
teacher reads (in the bank's language) is printed and written as HTML.
Run with ``python -m adaptive_tutor.demo [--bank NAME] [item_banks_dir [report.html]]``
(``make demo BANK=ko_math``).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
from pathlib import Path

import numpy as np
import pandas as pd

from adaptive_tutor.examples import tiny_bank_document
from adaptive_tutor.grade_levels import describe_grade_level, grade_scale
from adaptive_tutor.irt import category_prob
from adaptive_tutor.item import Item
from adaptive_tutor.item_bank import ItemBank
from adaptive_tutor.placement import PLACEMENT, Placement
from adaptive_tutor.reports import LearnerReport
from adaptive_tutor.selection import NoEnemies, NoRepeat, PrerequisitesMastered, TargetProbability
from adaptive_tutor.session import TutoringSession
from adaptive_tutor.shipped_banks import shipped_bank_dir
from adaptive_tutor.stopping import MaxItems

__all__ = ["bank_summary", "main", "practice_session_demo", "simulated_practice"]


def bank_summary(bank: ItemBank) -> str:
    """Return a plain-text summary: items per skill and grade, and parameter ranges.

    Parameters
    ----------
    bank : ItemBank
        The bank to describe.

    Returns
    -------
    str
        A few lines of text.

    Examples
    --------
    >>> from adaptive_tutor.item_bank import tiny_bank_document
    >>> print(bank_summary(ItemBank.from_dict(tiny_bank_document())).splitlines()[0])
    Tiny demonstration bank (tiny): 3 items, 2 skills, grades 1-2, language en
    """
    meta = bank.metadata
    frame = bank.to_frame()
    lines = [
        f"{meta.title} ({meta.id}): {len(bank)} items, {len(bank.skills)} skills, "
        f"grades {meta.grade_range[0]}-{meta.grade_range[1]}, language {meta.language}"
    ]
    rows = [
        {"skill": skill_id, "grade": int(grade)}
        for skills, grade in zip(frame["skills"], frame["grade"], strict=True)
        for skill_id in skills.split(",")
    ]
    counts = pd.DataFrame(rows).pivot_table(
        index="skill", columns="grade", aggfunc="size", fill_value=0
    )
    counts = counts.reindex(list(bank.skill_order))
    lines.append("Items per skill (rows, in prerequisite order) and grade (columns):")
    lines.append(counts.to_string())
    lines.append(
        "Items per model: "
        + ", ".join(
            f"{model} {count}"
            for model, count in frame["model"].value_counts().sort_index().items()
        )
    )
    lines.append("Parameter ranges:")
    for column in ("a", "b", "c"):
        values = frame[column]
        lines.append(f"  {column}: {values.min():.2f} to {values.max():.2f}")
    mean_b = frame.groupby("grade")["b"].mean()
    lines.append(
        "Mean difficulty b by grade: " + ", ".join(f"{g}: {b:+.2f}" for g, b in mean_b.items())
    )
    return "\n".join(lines)


def practice_session_demo(
    bank: ItemBank, *, seed: int = 2024, n_items: int = 15, target: float = 0.75
) -> str:
    """Run an adaptive practice session for a simulated child and return its transcript.

    The child's true ability on each skill is drawn (seeded) around a general level; the
    session uses :class:`~adaptive_tutor.selection.TargetProbability` (aiming at
    ``target`` success, with variety across skills and prerequisite gating) and stops after
    ``n_items`` items or 15 minutes.

    Parameters
    ----------
    bank : ItemBank
        The bank to practise on.
    seed : int, default 2024
        Seed of the simulated child and the session.
    n_items : int, default 15
        Most items in the session.
    target : float, default 0.75
        The success probability items aim at.

    Returns
    -------
    str
        The transcript: each item, the child's answer and the estimates.

    Examples
    --------
    >>> from adaptive_tutor.examples import tiny_bank_document
    >>> text = practice_session_demo(ItemBank.from_dict(tiny_bank_document()), n_items=2)
    >>> print(text.splitlines()[0])
    Adaptive practice on 'Tiny demonstration bank' for a simulated child (seed 2024)
    """
    return simulated_practice(bank, seed=seed, n_items=(n_items,), target=target)[1]


def simulated_practice(
    bank: ItemBank,
    *,
    seed: int = 2024,
    n_items: tuple[int, ...] = (15,),
    target: float = 0.75,
    placement: Placement | None = None,
    learner_grade: int | None = 3,
) -> tuple[TutoringSession, str]:
    """Simulate weekly practice sessions; return the final session and the transcript.

    ``n_items`` gives the number of items per weekly session (the placement's included).
    The first sitting opens with ``placement`` (default ``Placement(8)``, centred on the
    child's school grade ``learner_grade``; pass ``Placement(max_items=...)`` to change
    it). Between sessions the state is saved to JSON and resumed, as a stateless web
    backend would do. A skill's items open once each of its prerequisites is mastered at
    its grade-level benchmark (:class:`~adaptive_tutor.selection.PrerequisitesMastered`,
    at least 3 answers; a mastered skill shows the skills it requires), or, after the
    placement, once the placement puts the child clearly above it, so the child works up
    the skill graph from their own level.

    Parameters
    ----------
    bank : ItemBank
        The bank to practise on.
    seed : int, default 2024
        Seed of the simulated child and the sessions.
    n_items : tuple of int, default (15,)
        Items per weekly session (the placement's included).
    target : float, default 0.75
        The success probability items aim at.
    placement : Placement, optional
        The placement of the first sitting; default ``Placement(8)``.
    learner_grade : int or None, default 3
        The child's school grade, which centres the placement.

    Returns
    -------
    session : TutoringSession
        The session after the last week.
    transcript : str
        What happened, week by week.

    Examples
    --------
    >>> from adaptive_tutor.shipped_banks import load_shipped_bank
    >>> session, text = simulated_practice(load_shipped_bank("arithmetic"), n_items=(1, 1))
    >>> session.n_responses, "week 2" in text
    (2, True)
    """
    placement = Placement(8) if placement is None else placement
    rng = np.random.default_rng(seed)
    general = rng.normal(-0.3, 0.5)
    true_theta = {skill: float(general + rng.normal(0.0, 0.5)) for skill in bank.skill_ids}
    selector = TargetProbability(
        target,
        variety=0.2,
        eligibility=[
            NoRepeat(),
            NoEnemies(),
            PrerequisitesMastered(),  # each prerequisite mastered at its grade-level cut
        ],
    )
    lines = [
        f"Adaptive practice on {bank.metadata.title!r} for a simulated child (seed {seed})",
        f"Selector: TargetProbability({target}) with prerequisite gating, after a "
        f"placement of {placement.max_items} items (school grade {learner_grade}); "
        f"{' + '.join(map(str, n_items))} items in {len(n_items)} weekly session(s).",
    ]
    state: dict[str, object] | None = None
    session: TutoringSession | None = None
    total = 0
    for week, count in enumerate(n_items, start=1):
        total += count
        stopping_rule = MaxItems(total)
        if state is None:
            session = TutoringSession(
                bank,
                selector=selector,
                stopping_rule=stopping_rule,
                seed=seed,
                learner_id="demo-child",
                placement=placement,
                learner_grade=learner_grade,
            )
        else:
            session = TutoringSession.from_dict(
                bank, json.loads(json.dumps(state)), selector=selector, stopping_rule=stopping_rule
            )
            session.start_new_sitting()
        lines += ["", f"-- week {week} --"]
        clock = _WEEK_ONE + _dt.timedelta(weeks=week - 1)
        while (item := session.next_item(now=clock)) is not None:
            theta = float(np.mean([true_theta[s] for s in item.skills]))
            prob = category_prob(bank.params.take([bank.index_of(item.id)]), [theta])[0, 0]
            score = int(rng.choice(prob.shape[0], p=prob / prob.sum()))
            seconds = 60.0 * (item.estimated_minutes or 1.0)
            clock += _dt.timedelta(seconds=seconds)
            session.record(item.id, score, timestamp=clock, response_time=seconds)
            row = session.history.iloc[-1]
            stage = " placement" if row["stage"] == PLACEMENT else ""
            verdict = (
                "right"
                if score == item.max_score
                else (f"partly right ({score}/{item.max_score})" if score else "wrong")
            )
            lines.append(
                f"{session.n_responses:2d}.{stage} {item.id} [{item.skills[0]}] "
                f"{_shorten(item.prompt, 70)}"
            )
            lines.append(
                f"    answer: {_shown_answer(item, score, rng)} -> {verdict}; "
                f"{item.skills[0]} estimate {row['theta']:+.2f} (SE {row['se']:.2f})"
            )
            placed = session.placement_estimate()
            if stage and placed is not None and row["step"] == placement.max_items:
                level = grade_scale(bank).grade_level(placed[0])
                words = describe_grade_level(
                    float(level.value), bool(level.below), bool(level.above)
                )
                lines.append(
                    f"    placement done: working {words} (ability {placed[0]:+.2f}, SE "
                    f"{placed[1]:.2f}); practice starts there"
                )
        state = session.to_dict()
    if session is None:
        raise ValueError("simulated_practice needs at least one session in n_items.")
    lines.append("")
    history = session.history
    decision = session.stop_decision(now=clock)
    practice = history[history["stage"] != PLACEMENT]
    placed_rows = history[history["stage"] == PLACEMENT]
    summary = (
        f"Stopped after {len(history)} items (reason: {decision.reason}); practice "
        f"{practice['correct'].mean():.0%} fully right (target {target:.0%})"
    )
    if len(placed_rows):
        summary += (
            f"; placement {int(placed_rows['correct'].sum())} of {len(placed_rows)} right "
            "(its items measure, about 50% success, rather than practise)"
        )
    lines.append(summary + ".")
    frame = session.skill_abilities()
    frame = frame[frame["n_responses"] > 0].copy()
    frame.insert(1, "true_theta", [true_theta[s] for s in frame["skill_id"]])
    lines.append("Skills practised (estimate vs the child's true ability):")
    lines.append(frame.round(2).to_string(index=False))
    theta, se = session.overall_ability()
    lines.append(f"Overall ability {theta:+.2f} (SE {se:.2f}).")
    return session, "\n".join(lines)


_WEEK_ONE = _dt.datetime(2026, 9, 7, 15, 0)


def _shorten(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 3] + "..."


def _shown_answer(item: Item, score: int, rng: np.random.Generator) -> str:
    """A plausible raw answer for the simulated child's score."""
    right = score == item.max_score
    key = item.answer
    if item.type == "partial_credit" or key is None:
        return f"worked answer scored {score}/{item.max_score}"
    if key.choice is not None:
        if right:
            chosen = key.choice
        else:
            wrong = [c.id for c in item.choices if c.id != key.choice] or [key.choice]
            chosen = wrong[int(rng.integers(len(wrong)))]
        text = next((c.text for c in item.choices if c.id == chosen), "")
        return f"{chosen} ({_shorten(text, 30)})"
    if key.value is not None:
        if right:
            return f"{key.value:g}"
        # a slip in one digit, in the answer's last decimal place, never below zero
        places = len(f"{key.value:g}".partition(".")[2])
        slips = [step * 10.0**-places for step in (-10, -1, 1, 10)]
        slips = [slip for slip in slips if key.value < 0 or key.value + slip >= 0]
        return f"{round(key.value + float(rng.choice(slips)), places):g}"
    if key.accepted:
        return key.accepted[0] if right else "(no idea)"
    return "(answer)"


DEFAULT_BANK = "arithmetic"


def main(argv: list[str] | None = None) -> int:
    """Run the demo; returns the process exit code.

    Parameters
    ----------
    argv : list of str, optional
        Command-line arguments (default ``sys.argv[1:]``): ``[--bank NAME] [item_banks_dir
        [report.html]]``. ``--bank`` chooses the bank practised on (a file name in the
        folder without ``.json``; default ``arithmetic``).

    Returns
    -------
    int
        0 on success; 1 when the folder has no banks; 2 when ``--bank`` names no bank
        there (the message lists the names there are).

    Examples
    --------
    >>> main(["/nonexistent-folder"])
    No item banks found in /nonexistent-folder
    1
    >>> main(["--bank", "no_such_bank"])  # doctest: +ELLIPSIS
    No bank named 'no_such_bank'; choose one of: arithmetic, fractions_decimals, ...
    2
    """
    parser = argparse.ArgumentParser(
        prog="python -m adaptive_tutor.demo",
        description="Adaptive practice for a simulated child on a shipped bank, then the "
        "learner report.",
    )
    parser.add_argument(
        "--bank",
        default=None,
        help=f"bank to practise on, e.g. ko_math (default {DEFAULT_BANK})",
    )
    parser.add_argument("folder", nargs="?", default="", help="folder of JSON banks")
    parser.add_argument("report", nargs="?", default="demo_report.html", help="HTML report")
    args = parser.parse_args(argv)
    folder = Path(args.folder) if args.folder else shipped_bank_dir()
    paths = sorted(folder.glob("*.json"))
    if not paths:
        print(f"No item banks found in {folder}")
        return 1
    if args.bank is not None and args.bank not in {path.stem for path in paths}:
        names = ", ".join(path.stem for path in paths)
        print(f"No bank named {args.bank!r}; choose one of: {names}")
        return 2
    banks = {path.stem: ItemBank.from_json(path) for path in paths}
    print("Shipped item banks:")
    for name, shipped in banks.items():
        print(f"  {name}: " + bank_summary(shipped).splitlines()[0])
    print()
    practice_bank = banks.get(args.bank or DEFAULT_BANK)
    if practice_bank is None:
        print(f"(no {DEFAULT_BANK} bank found; practising on the tiny example bank)")
        practice_bank = ItemBank.from_dict(tiny_bank_document())
    session, transcript = simulated_practice(practice_bank, n_items=(12, 12))
    print(transcript)
    report = LearnerReport(session.history, practice_bank, "demo-child")
    print()
    print(report.to_text())
    path = Path(args.report)
    report.to_html(path)
    print(f"\nThe learner report with charts was written to {path.resolve()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
