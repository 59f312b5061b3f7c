"""The one mastery judgement: classifiers, cuts, evidence, and agreement everywhere."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adaptive_tutor.context import AbilityView, DecisionContext, ResponseHistory
from adaptive_tutor.examples import tiny_bank_document
from adaptive_tutor.item_bank import ItemBank
from adaptive_tutor.mastery import (
    CODES,
    MASTERED,
    MASTERY_GRID,
    MIN_RESPONSES_FOR_MASTERY,
    NOT_MASTERED,
    STATUSES,
    TOO_FEW_ANSWERS,
    UNDETERMINED,
    ConfidenceIntervalMastery,
    MasteryEvidence,
    SPRTMastery,
    default_mastery,
    mastery_probability,
    status_labels,
)
from adaptive_tutor.reports import ClassReport, LearnerReport
from adaptive_tutor.reports._scoring import skill_benchmarks
from adaptive_tutor.selection import PrerequisitesMastered
from adaptive_tutor.session import TutoringSession
from adaptive_tutor.shipped_banks import load_shipped_bank, shipped_bank_names
from adaptive_tutor.simulation import simulate
from adaptive_tutor.stopping import AnyOf, MasteryClassified, MaxItems
from session_helpers import make_bank, run_session, simulate_answer

TINY = ItemBank.from_dict(tiny_bank_document())  # benchmarks: count -1.5, add -0.5
ARITHMETIC = load_shipped_bank("arithmetic")
SHIPPED = {name: load_shipped_bank(name) for name in shipped_bank_names()}


def _tiny_with_copies(n: int) -> ItemBank:
    """The tiny bank with ``n`` copies of count-1 and of add-1 (same parameters)."""
    document = tiny_bank_document()
    count, add, story = document["items"]
    story = dict(story, enemies=[])
    items = [dict(count, id=f"count-{k}") for k in range(n)]
    items += [dict(add, id=f"add-{k}") for k in range(n)]
    document["items"] = [*items, story]
    return ItemBank.from_dict(document)


TINY3 = _tiny_with_copies(2)  # 'add' has add-0, add-1 and story-1
COPIES = _tiny_with_copies(150)  # benchmarks still -1.5 and -0.5


def _typical_answers(bank: ItemBank, theta: float) -> ResponseHistory:
    """Each item once, scored by its expected score at ``theta`` rounded (a clear signal)."""
    from adaptive_tutor.irt import expected_score

    expected = expected_score(bank.params, np.array([theta]))[:, 0]
    rng = np.random.default_rng(0)
    scores = np.floor(expected + rng.random(expected.shape[0]))  # unbiased rounding
    return ResponseHistory.from_arrays(np.arange(len(bank)), scores)


def _context(bank: ItemBank, history: ResponseHistory) -> DecisionContext:
    return DecisionContext(bank, None, history)


# ----------------------------------------------------------------------------- vocabulary
def test_status_codes_are_the_agreed_vocabulary() -> None:
    assert STATUSES == ("mastered", "undetermined", "not_mastered", "too_few_answers")
    assert (MASTERED, UNDETERMINED, NOT_MASTERED, TOO_FEW_ANSWERS) == STATUSES
    assert status_labels([CODES[s] for s in STATUSES]).tolist() == list(STATUSES)


def test_default_judgement_is_one_setting_everywhere() -> None:
    default = default_mastery()
    assert (default.cut, default.level, default.min_responses) == ("grade", 0.9, 3)
    for classifier in (
        TutoringSession(TINY)._mastery,
        MasteryClassified().classifier,
        PrerequisitesMastered().classifier,
        LearnerReport(
            pd.DataFrame(columns=["learner_id", "item_id", "response"]), TINY, "a"
        )._mastery,
    ):
        assert repr(classifier) == repr(default)


# ----------------------------------------------------------------------------- benchmarks
def test_bank_benchmarks_are_the_mean_location_of_grade_level_items() -> None:
    benchmarks = ARITHMETIC.skill_benchmarks
    b = ARITHMETIC.params.b
    for position, skill in enumerate(ARITHMETIC.skills):
        column = ARITHMETIC.skill_matrix[:, position]
        at_grade = column & (ARITHMETIC.item_grades == skill.grade)
        expected = b[at_grade].mean() if at_grade.any() else b[column].mean()
        assert benchmarks[position] == pytest.approx(expected, abs=1e-12)
    assert not benchmarks.flags.writeable
    assert ARITHMETIC.skill_benchmarks is benchmarks  # cached


def test_report_benchmark_parameter_sets_the_cuts_of_the_default_judgement() -> None:
    cuts = skill_benchmarks(ARITHMETIC, None, "LearnerReport")
    np.testing.assert_array_equal(cuts, ARITHMETIC.skill_benchmarks)
    cuts[0] = 99.0  # a writable copy: the bank's values are untouched
    assert ARITHMETIC.skill_benchmarks[0] != 99.0
    assert skill_benchmarks(TINY, {"add": 0.5}, "LearnerReport").tolist() == [-1.5, 0.5]


def test_report_refuses_both_a_classifier_and_a_benchmark() -> None:
    log = pd.DataFrame({"learner_id": ["a"], "item_id": ["add-1"], "response": [1]})
    with pytest.raises(ValueError, match=r"either 'mastery'.*or 'benchmark'"):
        LearnerReport(log, TINY, "a", benchmark=0.0, mastery=default_mastery())
    with pytest.raises(TypeError, match="'mastery' parameter of ClassReport"):
        ClassReport(log, TINY, mastery="secure")  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- cuts
def test_grade_cut_classifies_each_skill_against_its_own_benchmark() -> None:
    context = _context(COPIES, _typical_answers(COPIES, -1.0))  # between -1.5 and -0.5
    assert default_mastery().classify(context) == {"count": MASTERED, "add": NOT_MASTERED}
    assert SPRTMastery().skill_cuts(TINY).tolist() == [-1.5, -0.5]


def test_float_cut_is_one_cut_for_every_skill() -> None:
    context = _context(COPIES, _typical_answers(COPIES, -1.0))
    classifier = ConfidenceIntervalMastery(-2.0)
    assert classifier.classify(context) == {"count": MASTERED, "add": MASTERED}
    assert classifier.skill_cuts(TINY).tolist() == [-2.0, -2.0]


def test_mapping_cut_sets_named_skills_and_keeps_the_grade_cut_for_others() -> None:
    context = _context(COPIES, _typical_answers(COPIES, -1.0))
    classifier = ConfidenceIntervalMastery({"add": -1.4})
    assert classifier.skill_cuts(TINY).tolist() == [-1.5, -1.4]
    assert classifier.classify(context) == {"count": MASTERED, "add": MASTERED}


def _half_right_on_add() -> ResponseHistory:
    """Every second 'add' item right: the evidence centres on the items' b = -0.5."""
    add = np.array([k for k, item in enumerate(COPIES.items) if item.id.startswith("add-")])
    return ResponseHistory.from_arrays(add, np.arange(add.size) % 2)


def test_evidence_between_the_thresholds_is_undetermined() -> None:
    context = _context(COPIES, _half_right_on_add())
    assert default_mastery().classify(context)["add"] == UNDETERMINED


def test_mapping_with_unknown_skill_raises_naming_it_at_the_first_classification() -> None:
    classifier = SPRTMastery({"add": 0.0, "fractions": 1.0})  # accepted: no bank yet
    with pytest.raises(ValueError, match=r"'cut' parameter of SPRTMastery.*'fractions'"):
        classifier.codes(_context(TINY, ResponseHistory.empty()))


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"cut": "median"}, ValueError, "The 'cut' parameter of ConfidenceIntervalMastery must"),
        ({"cut": float("nan")}, ValueError, "must be a finite real number. Got nan."),
        ({"cut": {"add": float("inf")}}, ValueError, "a mapping of skill ids"),
        ({"cut": {3: 0.0}}, ValueError, "a mapping of skill ids"),
        ({"cut": True}, TypeError, "'grade', a real number or a mapping"),
        ({"min_responses": -1}, ValueError, "'min_responses' parameter .* >= 0. Got -1."),
        ({"min_responses": 2.5}, TypeError, "'min_responses'"),
        ({"level": 0.5}, ValueError, "'level' parameter of ConfidenceIntervalMastery"),
        ({"level": 1.0}, ValueError, "'level' parameter of ConfidenceIntervalMastery"),
    ],
)
def test_invalid_settings_are_refused(
    kwargs: dict[str, object], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        ConfidenceIntervalMastery(**kwargs)  # type: ignore[arg-type]


def test_mastery_probability_is_the_grid_posterior_mass_above_the_cut() -> None:
    history = ResponseHistory.from_records(TINY, [("add-1", 1), ("story-1", 1)])
    evidence = MasteryEvidence.from_history(history)
    got = mastery_probability(TINY, evidence, np.array([-1.5, 0.3]))[0]
    # independent computation: prior times likelihood on the grid, by hand
    from adaptive_tutor.irt import category_prob

    nodes, prior = MASTERY_GRID.nodes, MASTERY_GRID.weights
    prob = category_prob(TINY.params, nodes)  # items x grid x categories
    add = prior * prob[1, :, 1] * prob[2, :, 1]
    add /= add.sum()
    expected_add = add[nodes > 0.3].sum() + 0.5 * add[nodes == 0.3].sum()
    assert got[1] == pytest.approx(expected_add, abs=1e-12)
    assert got[0] == pytest.approx(prior[nodes > -1.5].sum() + 0.5 * prior[nodes == -1.5].sum())


def test_sprt_with_per_skill_cuts_matches_one_cut_per_skill() -> None:
    history = ResponseHistory.from_records(
        TINY, [("count-1", 1), ("add-1", 1), ("story-1", 2), ("add-1", 0)]
    )
    context = _context(TINY, history)
    ratios = SPRTMastery().log_ratios(context)
    for position, cut in enumerate(TINY.skill_benchmarks):
        single = SPRTMastery(float(cut)).log_ratios(context)[position]
        assert ratios[position] == pytest.approx(single, abs=1e-12)


# ----------------------------------------------------------------------------- evidence
def test_latest_answer_to_an_item_is_the_evidence() -> None:
    history = ResponseHistory.from_records(TINY, [("add-1", 0), ("story-1", 2), ("add-1", 1)])
    evidence = MasteryEvidence.from_history(history)
    assert (evidence.item.tolist(), evidence.response.tolist()) == ([1, 2], [1, 2])
    once = ResponseHistory.from_records(TINY, [("story-1", 2), ("add-1", 1)])
    np.testing.assert_array_equal(
        mastery_probability(TINY, evidence, np.zeros(2)),
        mastery_probability(TINY, MasteryEvidence.from_history(once), np.zeros(2)),
    )


def test_excluded_answers_are_not_evidence() -> None:
    history = ResponseHistory.from_records(TINY, [("add-1", 1), ("story-1", 2), ("add-1", 0)])
    evidence = MasteryEvidence.from_history(history, np.array([False, True, True]))
    assert (evidence.item.tolist(), evidence.response.tolist()) == ([1], [1])


def test_batch_evidence_gives_each_learner_the_codes_of_their_own_history() -> None:
    rng = np.random.default_rng(4)
    matrix = np.full((5, len(ARITHMETIC)), np.nan)
    for row in range(5):
        items = rng.choice(len(ARITHMETIC), 30, replace=False)
        matrix[row, items] = [
            simulate_answer(ARITHMETIC, ARITHMETIC.item_ids[i], rng.normal(), rng) for i in items
        ]
    batch = default_mastery().evidence_codes(ARITHMETIC, MasteryEvidence.from_matrix(matrix))
    for row in range(5):
        items = np.flatnonzero(~np.isnan(matrix[row]))
        history = ResponseHistory.from_arrays(items, matrix[row, items])
        np.testing.assert_array_equal(
            batch[row], default_mastery().codes(_context(ARITHMETIC, history))
        )


# ----------------------------------------------------------------------------- minimum count
@pytest.mark.parametrize(
    "classifier",
    [ConfidenceIntervalMastery(-4.0), SPRTMastery(-4.0, indifference=1.0, alpha=0.3, beta=0.3)],
    ids=["interval", "sprt"],
)
def test_skill_with_fewer_than_min_distinct_items_has_too_few_answers(
    classifier: ConfidenceIntervalMastery | SPRTMastery,
) -> None:
    assert classifier.min_responses == MIN_RESPONSES_FOR_MASTERY == 3
    session = TutoringSession(TINY3, seed=0, mastery=classifier)
    session.record("add-1", 1)
    session.record("story-1", 2)
    session.record("add-1", 1)  # a repeated item is not new evidence of mastery
    assert session.mastery_status() == {"count": TOO_FEW_ANSWERS, "add": TOO_FEW_ANSWERS}
    session.record("add-0", 1)
    assert session.mastery_status() == {"count": MASTERED, "add": MASTERED}  # count via add
    own = classifier.evidence_codes(
        TINY3, MasteryEvidence.from_history(session.response_history()), along_graph=False
    )
    assert status_labels(own).tolist() == [[TOO_FEW_ANSWERS, MASTERED]]


def test_mastery_classified_waits_for_the_minimum_and_reports_the_cuts_used() -> None:
    rule = MasteryClassified(ConfidenceIntervalMastery(-4.0))
    history = ResponseHistory.from_records(TINY3, [("add-1", 1), ("story-1", 2), ("add-1", 1)])
    view = AbilityView.prior(TINY3.skill_ids)
    assert not rule.decide(DecisionContext(TINY3, view, history)).stop
    history = ResponseHistory.from_records(TINY3, [("add-1", 1), ("story-1", 2), ("add-0", 1)])
    decision = rule.decide(DecisionContext(TINY3, view, history))
    assert decision.detail == {"status": {"add": MASTERED}, "cut": {"add": -4.0}}


def test_mastery_classified_keeps_going_while_a_skill_is_undetermined() -> None:
    rule = MasteryClassified()
    assert not rule.decide(_context(COPIES, _half_right_on_add())).stop


# ----------------------------------------------------------------------------- gating
def _grade_one_learner(theta: float, seed: int) -> TutoringSession:
    """A session in which a child answered 12 items of each grade-1 skill."""
    rng = np.random.default_rng(seed)
    session = TutoringSession(ARITHMETIC, stopping_rule=MaxItems(100), seed=seed)
    for skill in ("arith.counting", "arith.place_value", "arith.add_sub_20"):
        items = [i for i in ARITHMETIC.items_for_skill(skill) if i.grade <= 2][:12]
        for item in items:
            session.record(item.id, simulate_answer(ARITHMETIC, item.id, theta, rng))
    return session


def test_prerequisite_gate_opens_grade_two_skill_after_grade_one_mastery_below_zero() -> None:
    session = _grade_one_learner(-0.9, seed=3)
    abilities = session.skill_abilities().set_index("skill_id")
    prerequisites = ["arith.place_value", "arith.add_sub_20"]
    assert (abilities.loc[prerequisites, "theta"] < 0.0).all()
    assert (abilities.loc[prerequisites, "mastery"] == MASTERED).all()
    context = DecisionContext(ARITHMETIC, session.learner_model, session.response_history())
    grade_two = np.array([item.skills == ("arith.add_sub_100",) for item in ARITHMETIC.items])
    assert PrerequisitesMastered().allowed(context)[grade_two].all()
    old_gate = PrerequisitesMastered(ConfidenceIntervalMastery(0.0, level=0.8))
    assert not old_gate.allowed(context)[grade_two].any()


def test_gate_opens_after_an_undetermined_prerequisite_is_practised_enough() -> None:
    gate = PrerequisitesMastered(ConfidenceIntervalMastery(0.0), practice_limit=8)
    before = _context(TINY, ResponseHistory.empty())
    assert gate.allowed(before).tolist() == [True, False, False]
    # 'count' has a single item: answering it is all the practice the bank offers.
    after = _context(TINY, ResponseHistory.from_records(TINY, [("count-1", 1)]))
    assert gate.allowed(after).tolist() == [True, True, True]


def test_gate_stays_closed_for_a_prerequisite_classified_not_mastered() -> None:
    gate = PrerequisitesMastered(practice_limit=2)
    wrong = ResponseHistory.from_arrays(np.arange(20), np.zeros(20))  # 20 count items wrong
    context = _context(COPIES, wrong)
    assert default_mastery().classify(context)["count"] == NOT_MASTERED
    add_items = np.array([item.skills == ("add",) for item in COPIES.items])
    assert not gate.allowed(context)[add_items].any()


def test_strict_gate_ignores_practice() -> None:
    gate = PrerequisitesMastered(ConfidenceIntervalMastery(0.0), practice_limit=None)
    context = _context(TINY, ResponseHistory.from_records(TINY, [("count-1", 1)]))
    assert gate.allowed(context).tolist() == [True, False, False]


def test_practice_limit_must_be_positive() -> None:
    with pytest.raises(ValueError, match="'practice_limit' parameter of PrerequisitesMastered"):
        PrerequisitesMastered(practice_limit=0)


# ----------------------------------------------------------------------------- agreement
def _practice_session(bank: ItemBank, seed: int, n: int = 25) -> TutoringSession:
    theta = float(np.random.default_rng(100 + seed).normal())
    session = TutoringSession(bank, stopping_rule=MaxItems(n), seed=seed, learner_id="kid")
    run_session(session, theta, np.random.default_rng(seed))
    return session


def _report_statuses(history: pd.DataFrame, bank: ItemBank, **kwargs: Any) -> list[str]:
    frame = LearnerReport(history, bank, "kid", **kwargs).to_frame("skills")
    return frame["status"].tolist()


@pytest.mark.parametrize("seed", range(12))
def test_practice_session_and_its_learner_report_give_identical_statuses(seed: int) -> None:
    # the case: 25-answer practice sessions on the arithmetic bank
    session = _practice_session(ARITHMETIC, seed)
    assert session.skill_abilities()["mastery"].tolist() == _report_statuses(
        session.history, ARITHMETIC
    )


def test_session_with_repeated_and_self_chosen_items_agrees_with_reports() -> None:
    rng = np.random.default_rng(8)
    session = TutoringSession(ARITHMETIC, seed=8, learner_id="kid", stopping_rule=MaxItems(200))
    items = [i.id for i in ARITHMETIC.items_for_skill("arith.add_sub_20")][:6]
    for item_id in items * 3:  # every item answered three times, differently
        session.record(item_id, int(rng.integers(0, 2)))
    status = session.mastery_status()
    assert list(status.values()) == _report_statuses(session.history, ARITHMETIC)
    class_status = ClassReport(session.history, ARITHMETIC).to_frame("mastery")["status"]
    assert class_status.tolist() == list(status.values())


def test_custom_classifier_gives_identical_statuses_in_session_and_report() -> None:
    classifier = SPRTMastery(indifference=0.5)
    session = TutoringSession(
        ARITHMETIC, stopping_rule=MaxItems(30), seed=3, learner_id="kid", mastery=classifier
    )
    run_session(session, 0.4, np.random.default_rng(3))
    expected = list(session.mastery_status().values())
    assert _report_statuses(session.history, ARITHMETIC, mastery=classifier) == expected


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    bank_name=st.sampled_from(sorted(SHIPPED)),
    picks=st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 10**6)), max_size=40),
)
def test_random_answer_patterns_get_identical_statuses_everywhere(
    bank_name: str, picks: list[tuple[int, int]]
) -> None:
    bank = SHIPPED[bank_name]
    skill = bank.skill_ids[picks[0][0] % len(bank.skill_ids)] if picks else bank.skill_ids[0]
    focus = [bank.index_of(i.id) for i in bank.items_for_skill(skill)]
    session = TutoringSession(bank, seed=1, learner_id="kid", stopping_rule=MaxItems(10**6))
    for k, (which, score) in enumerate(picks):  # half the answers on one skill, repeats allowed
        position = focus[which % len(focus)] if k % 2 else which % len(bank)
        item = bank.items[position]
        session.record(item.id, score % (item.max_score + 1))
    expected = session.skill_abilities()["mastery"].tolist()
    if picks:
        assert _report_statuses(session.history, bank) == expected
        assert ClassReport(session.history, bank).to_frame("mastery")["status"].tolist() == expected
    else:
        assert expected == [TOO_FEW_ANSWERS] * len(bank.skill_ids)


def test_simulation_engines_agree_with_the_default_grade_cut_mastery_stop() -> None:
    bank = make_bank(12, seed=5, polytomous=False, enemies=False)
    stopper = AnyOf(MaxItems(25), MasteryClassified())
    runs = [
        simulate(bank, 6, stopping_rule=stopper, seed=5, engine=engine)
        for engine in ("lockstep", "per_learner")
    ]
    columns = ["learner_id", "skill_id", "n_responses", "mastery", "true_mastery"]
    assert runs[0].engine == "lockstep"
    assert runs[0].skills[columns].equals(runs[1].skills[columns])
    assert runs[0].learners["stop_reason"].equals(runs[1].learners["stop_reason"])
    assert set(runs[0].skills["mastery"]) <= set(STATUSES)
    cuts = (
        runs[0]
        .skills["skill_id"]
        .map(dict(zip(bank.skill_ids, bank.skill_benchmarks, strict=True)))
    )
    assert (runs[0].skills["true_mastery"] == (runs[0].skills["true_theta"] >= cuts)).all()


def test_simulated_statuses_equal_the_report_of_the_simulated_answers() -> None:
    bank = make_bank(12, seed=6, polytomous=True, enemies=False)
    result = simulate(bank, 5, stopping_rule=MaxItems(20), seed=6, engine="lockstep")
    steps = result.steps.rename(columns={"learner_id": "learner"})
    log = pd.DataFrame(
        {
            "learner_id": steps["learner"].astype(str),
            "item_id": steps["item_id"],
            "response": steps["response"],
        }
    )
    frame = ClassReport(log, bank).to_frame("mastery")
    simulated = result.skills.assign(learner_id=result.skills["learner_id"].astype(str))
    merged = frame.merge(simulated, on=["learner_id", "skill_id"])
    assert len(merged) == 5 * len(bank.skill_ids)
    assert (merged["status"] == merged["mastery"]).all()


def test_lockstep_with_another_prior_runs_mastery_stops_per_learner() -> None:
    from adaptive_tutor.estimation import EAP

    bank = make_bank(8, seed=2, polytomous=False, enemies=False)
    stopper = AnyOf(MaxItems(10), MasteryClassified())
    result = simulate(bank, 3, stopping_rule=stopper, estimator=EAP(prior_sd=2.0), seed=2)
    assert result.engine == "per_learner"
