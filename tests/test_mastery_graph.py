"""Mastery along the skill graph: a mastered skill shows its prerequisites, never upwards.

The rule (``adaptive_tutor._mastery_graph``) is checked on every shipped bank's graph with
hypothesis, then through sessions, gating and reports on the arithmetic bank.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import adaptive_tutor as at
from adaptive_tutor._mastery_graph import along_graph, prerequisite_steps
from adaptive_tutor.context import DecisionContext, ResponseHistory
from adaptive_tutor.mastery import (
    CODES,
    MASTERED,
    NOT_MASTERED,
    TOO_FEW_ANSWERS,
    MasteryEvidence,
    default_mastery,
    shown_through,
)
from adaptive_tutor.reports import ClassReport, LearnerReport
from adaptive_tutor.selection import PrerequisitesMastered

BANKS = {name: at.load_shipped_bank(name) for name in at.shipped_bank_names()}
ARITHMETIC = BANKS["arithmetic"]


def _requires_by_search(bank: at.ItemBank) -> dict[str, dict[str, int]]:
    """For each skill, the skills it requires and the fewest links (breadth-first search)."""
    result = {}
    for skill_id in bank.skill_ids:
        found: dict[str, int] = {}
        frontier, depth = [skill_id], 0
        while frontier:
            depth += 1
            following = []
            for current in frontier:
                for prerequisite in bank.prerequisites_of(current):
                    if prerequisite not in found:
                        found[prerequisite] = depth
                        following.append(prerequisite)
            frontier = following
        result[skill_id] = found
    return result


@pytest.mark.parametrize("name", sorted(BANKS))
def test_prerequisite_steps_follow_the_shipped_graph(name: str) -> None:
    bank = BANKS[name]
    steps = prerequisite_steps(bank)
    ids = bank.skill_ids
    expected = _requires_by_search(bank)
    for y, skill_id in enumerate(ids):
        for p, other in enumerate(ids):
            if y == p:
                assert steps[y, p] == 0
            elif other in expected[skill_id]:
                assert steps[y, p] == expected[skill_id][other]
            else:
                assert steps[y, p] > len(ids)  # not required


@settings(max_examples=40, deadline=None)
@given(data=st.data(), name=st.sampled_from(sorted(BANKS)))
def test_the_rule_on_the_shipped_graphs(data: st.DataObject, name: str) -> None:
    bank = BANKS[name]
    n = len(bank.skill_ids)
    own = np.array(
        data.draw(st.lists(st.sampled_from([1, 0, -1, -2]), min_size=n, max_size=n)), np.int8
    )[None, :]
    codes, through = along_graph(bank, own)
    requires = _requires_by_search(bank)
    ids = bank.skill_ids
    for p, skill_id in enumerate(ids):
        dependents = [y for y, other in enumerate(ids) if skill_id in requires[other]]
        shown_by = [y for y in dependents if own[0, y] == CODES[MASTERED]]
        if own[0, p] in (CODES[MASTERED], CODES[NOT_MASTERED]):
            assert codes[0, p] == own[0, p]  # a skill's own decision always stands
            assert through[0, p] == -1
        elif shown_by:
            assert codes[0, p] == CODES[MASTERED]
            y = int(through[0, p])
            assert y in shown_by  # shown by a mastered skill that requires it (never upwards)
            assert requires[ids[y]][skill_id] == min(requires[ids[k]][skill_id] for k in shown_by)
        else:
            assert codes[0, p] == own[0, p]
            assert through[0, p] == -1


def _answers(bank: at.ItemBank, skill_scores: dict[str, int]) -> pd.DataFrame:
    """Every item of each listed skill (by first skill) answered with full marks or 0."""
    rows = []
    for item in bank.items:
        if item.skills[0] in skill_scores:
            rows.append((item.id, item.max_score if skill_scores[item.skills[0]] else 0))
    return pd.DataFrame(
        {"learner_id": "mia", "item_id": [r[0] for r in rows], "response": [r[1] for r in rows]}
    )


def _session(log: pd.DataFrame) -> at.TutoringSession:
    session = at.TutoringSession(ARITHMETIC, seed=0, learner_id="mia")
    for item_id, response in zip(log["item_id"], log["response"], strict=True):
        session.record(item_id, int(response))
    return session


def test_a_strong_childs_prerequisites_are_shown_through_the_skill_that_needs_them() -> None:
    log = _answers(ARITHMETIC, {"arith.multidigit_add_sub": 1})
    session = _session(log)
    status = session.mastery_status()
    assert status["arith.multidigit_add_sub"] == MASTERED
    for shown in ("arith.add_sub_100", "arith.add_sub_20", "arith.counting", "arith.place_value"):
        assert status[shown] == MASTERED
    assert status["arith.multiplication_facts"] == TOO_FEW_ANSWERS  # not a prerequisite
    assert status["arith.division_remainders"] == TOO_FEW_ANSWERS  # nothing upwards
    frame = LearnerReport(log, ARITHMETIC, "mia").to_frame().set_index("skill_id")
    assert frame.loc["arith.add_sub_100", "shown_through"] == "arith.multidigit_add_sub"
    assert frame.loc["arith.counting", "shown_through"] == "arith.multidigit_add_sub"
    assert pd.isna(frame.loc["arith.multidigit_add_sub", "shown_through"])
    assert frame["status"].to_dict() == status
    klass = ClassReport(log, ARITHMETIC).to_frame("mastery").set_index("skill_id")
    assert klass["shown_through"].equals(frame["shown_through"])


def test_the_teacher_page_says_which_skill_showed_it() -> None:
    log = _answers(ARITHMETIC, {"arith.multidigit_add_sub": 1})
    english = LearnerReport(log, ARITHMETIC, "mia").to_html()
    name = ARITHMETIC.skill("arith.multidigit_add_sub").name
    assert f"secure (shown through {name})" in english
    korean = LearnerReport(log, ARITHMETIC, "mia", locale="ko").to_html()
    korean_name = ARITHMETIC.skill("arith.multidigit_add_sub").name_in("ko")
    assert f"({korean_name}에서 확인됨)" in korean


def test_inferred_mastery_never_opens_a_skill_whose_own_answers_say_not_mastered() -> None:
    # right on multi-digit addition, wrong on every addition-within-100 item
    log = _answers(ARITHMETIC, {"arith.multidigit_add_sub": 1, "arith.add_sub_100": 0})
    session = _session(log)
    status = session.mastery_status()
    assert status["arith.multidigit_add_sub"] == MASTERED
    assert status["arith.add_sub_100"] == NOT_MASTERED  # its own answers stand
    assert status["arith.add_sub_20"] == MASTERED  # still shown through multi-digit
    context = DecisionContext(ARITHMETIC, None, session.response_history())
    allowed = PrerequisitesMastered().allowed(context)
    for locked in (
        "arith.multiplication_facts",
        "arith.rounding_estimation",
        "arith.word_problems",
    ):
        items = ARITHMETIC.indices_of([item.id for item in ARITHMETIC.items_for_skill(locked)])
        assert not allowed[items].any()  # they require add_sub_100, which says not yet


@settings(max_examples=25, deadline=None)
@given(data=st.data(), name=st.sampled_from(sorted(BANKS)))
def test_the_gate_stays_closed_behind_an_own_not_mastered_skill(
    data: st.DataObject, name: str
) -> None:
    bank = BANKS[name]
    skills = data.draw(st.lists(st.sampled_from(bank.skill_ids), min_size=1, max_size=5))
    right = data.draw(st.lists(st.booleans(), min_size=len(skills), max_size=len(skills)))
    records = []
    for skill_id, correct in zip(skills, right, strict=True):
        for item in bank.items_for_skill(skill_id)[:6]:
            records.append((item.id, item.max_score if correct else 0))
    history = ResponseHistory.from_records(bank, records)
    context = DecisionContext(bank, None, history)
    evidence = MasteryEvidence.from_history(history)
    own = default_mastery().evidence_codes(bank, evidence, along_graph=False)[0]
    codes, _ = shown_through(default_mastery(), bank, evidence)
    allowed = PrerequisitesMastered().allowed(context)
    for p, skill_id in enumerate(bank.skill_ids):
        if own[p] != CODES[NOT_MASTERED]:
            continue
        assert codes[0, p] == CODES[NOT_MASTERED]
        for dependent in bank.skills:
            if skill_id in dependent.prerequisites:
                items = bank.indices_of([i.id for i in bank.items_for_skill(dependent.id)])
                assert not allowed[items].any()


def test_gating_opens_what_a_mastered_later_skill_shows() -> None:
    # a strong child answered the grade-4 multiplication items right (self-chosen)
    log = _answers(ARITHMETIC, {"arith.multidigit_multiplication": 1})
    context = DecisionContext(ARITHMETIC, None, _session(log).response_history())
    allowed = PrerequisitesMastered().allowed(context)
    division = ARITHMETIC.indices_of(
        [item.id for item in ARITHMETIC.items_for_skill("arith.division_facts")]
    )
    assert allowed[division].all()  # multiplication facts shown through multi-digit
    codes = default_mastery().evidence_codes(
        ARITHMETIC, MasteryEvidence.from_history(context.history), along_graph=False
    )
    own = dict(zip(ARITHMETIC.skill_ids, codes[0].tolist(), strict=True))
    assert own["arith.multiplication_facts"] == CODES[TOO_FEW_ANSWERS]  # not by its own answers


def test_simulated_mastery_equals_the_report_of_the_simulated_answers() -> None:
    bank = ARITHMETIC
    result = at.simulate(bank, [2.5], stopping_rule=at.MaxItems(20), seed=3)
    steps = result.steps
    log = pd.DataFrame(
        {"learner_id": "0", "item_id": steps["item_id"], "response": steps["response"]}
    )
    frame = LearnerReport(log, bank, "0").to_frame().set_index("skill_id")
    assert result.skills.set_index("skill_id")["mastery"].equals(frame["status"])
