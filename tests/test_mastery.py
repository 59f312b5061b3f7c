"""Mastery against grade-level cuts: classifiers, sessions, gating and reports agree."""

from __future__ import annotations

import numpy as np
import pytest

from adaptive_tutor.context import AbilityView, DecisionContext, ResponseHistory
from adaptive_tutor.examples import tiny_bank_document
from adaptive_tutor.item_bank import ItemBank
from adaptive_tutor.reports import LearnerReport
from adaptive_tutor.reports._scoring import mastery_probability, skill_benchmarks
from adaptive_tutor.selection import PrerequisitesMastered
from adaptive_tutor.session import TutoringSession
from adaptive_tutor.shipped_banks import load_shipped_bank
from adaptive_tutor.simulation import simulate
from adaptive_tutor.stopping import (
    MIN_RESPONSES_FOR_MASTERY,
    AnyOf,
    ConfidenceIntervalMastery,
    MasteryClassified,
    MaxItems,
    SPRTMastery,
)
from session_helpers import make_bank, run_session, simulate_answer

TINY = ItemBank.from_dict(tiny_bank_document())  # benchmarks: count -1.5, add -0.5


def _tiny_with_three_add_items() -> ItemBank:
    document = tiny_bank_document()
    extra = dict(document["items"][1], id="add-2", prompt="What is 2 + 5?")
    document["items"].append(extra)
    return ItemBank.from_dict(document)


TINY3 = _tiny_with_three_add_items()  # "add" has add-1, story-1 and add-2
ARITHMETIC = load_shipped_bank("arithmetic")
REPORT_LABELS = {"mastered": "mastered", "not_mastered": "not mastered"}


def _view_at(bank: ItemBank, theta: float, sd: float = 0.1) -> AbilityView:
    """Every skill's posterior (and the overall one) near ``theta``."""
    nodes = np.linspace(-6.0, 6.0, 241)
    log_post = np.tile(-0.5 * ((nodes - theta) / sd) ** 2, (len(bank.skill_ids) + 1, 1))
    return AbilityView.from_log_posterior(nodes, log_post, bank.skill_ids)


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


def test_report_default_benchmarks_are_the_bank_benchmarks() -> None:
    cuts = skill_benchmarks(ARITHMETIC, None, "LearnerReport")
    np.testing.assert_array_equal(cuts, ARITHMETIC.skill_benchmarks)
    cuts[0] = 99.0  # a writable copy: the bank's values are untouched
    assert ARITHMETIC.skill_benchmarks[0] != 99.0
    mapped = skill_benchmarks(TINY, {"add": 0.5}, "LearnerReport")
    assert mapped.tolist() == [-1.5, 0.5]


# ----------------------------------------------------------------------------- cuts
def test_grade_cut_classifies_each_skill_against_its_own_benchmark() -> None:
    context = DecisionContext(TINY, _view_at(TINY, -1.0))  # between -1.5 and -0.5
    classifier = ConfidenceIntervalMastery(min_responses=0)
    assert classifier.classify(context) == {"count": "mastered", "add": "not_mastered"}
    assert SPRTMastery(min_responses=0).skill_cuts(TINY).tolist() == [-1.5, -0.5]


def test_float_cut_is_one_cut_for_every_skill() -> None:
    context = DecisionContext(TINY, _view_at(TINY, -1.0))
    classifier = ConfidenceIntervalMastery(-2.0, min_responses=0)
    assert classifier.classify(context) == {"count": "mastered", "add": "mastered"}
    assert classifier.skill_cuts(TINY).tolist() == [-2.0, -2.0]


def test_mapping_cut_sets_named_skills_and_keeps_the_grade_cut_for_others() -> None:
    context = DecisionContext(TINY, _view_at(TINY, -1.0))
    classifier = ConfidenceIntervalMastery({"add": -1.2}, min_responses=0)
    assert classifier.skill_cuts(TINY).tolist() == [-1.5, -1.2]
    assert classifier.classify(context) == {"count": "mastered", "add": "mastered"}


def test_mapping_with_unknown_skill_raises_naming_it_at_the_first_classification() -> None:
    classifier = SPRTMastery({"add": 0.0, "fractions": 1.0})  # accepted: no bank yet
    context = DecisionContext(TINY, _view_at(TINY, 0.0))
    with pytest.raises(ValueError, match=r"'cut' parameter of SPRTMastery.*'fractions'"):
        classifier.codes(context)


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
    ],
)
def test_invalid_cut_or_minimum_is_refused(
    kwargs: dict[str, object], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        ConfidenceIntervalMastery(**kwargs)  # type: ignore[arg-type]


def test_array_cut_gives_each_posterior_row_its_own_cut() -> None:
    view = _view_at(TINY, 0.3, sd=0.8)
    cuts = np.array([-1.0, 0.5, 2.0])
    per_row = view.probability_above(cuts)
    expected = [view.probability_above(float(c))[row] for row, c in enumerate(cuts)]
    np.testing.assert_allclose(per_row, expected, rtol=0, atol=1e-14)


def test_sprt_with_per_skill_cuts_matches_one_cut_per_skill() -> None:
    history = ResponseHistory.from_records(
        TINY, [("count-1", 1), ("add-1", 1), ("story-1", 2), ("add-1", 0)]
    )
    context = DecisionContext(TINY, None, history)
    ratios = SPRTMastery().log_ratios(context)
    for position, cut in enumerate(TINY.skill_benchmarks):
        single = SPRTMastery(float(cut)).log_ratios(context)[position]
        assert ratios[position] == pytest.approx(single, abs=1e-12)


# ----------------------------------------------------------------------------- minimum count
@pytest.mark.parametrize(
    "classifier",
    [ConfidenceIntervalMastery(-4.0), SPRTMastery(-4.0, indifference=1.0, alpha=0.3, beta=0.3)],
    ids=["interval", "sprt"],
)
def test_skill_with_fewer_than_min_responses_is_undetermined(
    classifier: ConfidenceIntervalMastery | SPRTMastery,
) -> None:
    assert classifier.min_responses == MIN_RESPONSES_FOR_MASTERY == 3
    session = TutoringSession(TINY3, seed=0, mastery=classifier)
    session.record("add-1", 1)
    session.record("story-1", 2)
    session.record("add-1", 1)  # a repeated item is not new evidence of mastery
    assert session.mastery_status()["add"] == "undetermined"
    session.record("add-2", 1)
    assert session.mastery_status() == {"count": "undetermined", "add": "mastered"}


def test_mastery_classified_waits_for_the_minimum_and_reports_the_cuts_used() -> None:
    rule = MasteryClassified(ConfidenceIntervalMastery(-4.0))
    history = ResponseHistory.from_records(TINY3, [("add-1", 1), ("story-1", 2), ("add-1", 1)])
    view = AbilityView.prior(TINY3.skill_ids)
    assert not rule.decide(DecisionContext(TINY3, view, history)).stop
    history = ResponseHistory.from_records(TINY3, [("add-1", 1), ("story-1", 2), ("add-2", 1)])
    decision = rule.decide(DecisionContext(TINY3, view, history))
    assert decision.detail == {"status": {"add": "mastered"}, "cut": {"add": -4.0}}


# ----------------------------------------------------------------------------- defaults
def test_defaults_use_the_grade_level_cut() -> None:
    assert TutoringSession(TINY)._mastery.cut == "grade"
    assert MasteryClassified().classifier.cut == "grade"
    gate = PrerequisitesMastered().classifier
    assert isinstance(gate, ConfidenceIntervalMastery)
    assert (gate.cut, gate.level, gate.min_responses) == ("grade", 0.8, 3)


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
    context = DecisionContext(ARITHMETIC, session.learner_model, session.response_history())
    grade_two = np.array([item.skills == ("arith.add_sub_100",) for item in ARITHMETIC.items])
    assert PrerequisitesMastered().allowed(context)[grade_two].all()
    old_gate = PrerequisitesMastered(ConfidenceIntervalMastery(0.0, level=0.8))
    assert not old_gate.allowed(context)[grade_two].any()


# ----------------------------------------------------------------------------- reports agree
def _seeded_child(theta: float, seed: int) -> TutoringSession:
    session = TutoringSession(ARITHMETIC, stopping_rule=MaxItems(40), seed=seed, learner_id="kid")
    run_session(session, theta, np.random.default_rng(seed))
    return session


@pytest.mark.parametrize("two_sided", [False, True], ids=["confidence=level", "2*level-1"])
def test_session_mastery_agrees_with_the_learner_report_of_its_history(two_sided: bool) -> None:
    # The report decides from the interval theta +- z se (z for a two-sided `confidence`,
    # i.e. the normal probability above the cut against (1 + confidence) / 2), the
    # classifier from the posterior mass above the cut against `level`. With the same EAP
    # grid (equal theta and se), benchmarks and minimum count they agree on every skill
    # whose two probabilities are both clear of both thresholds; the test checks those.
    level = 0.9
    confidence = 2 * level - 1 if two_sided else level
    report_threshold = (1 + confidence) / 2
    low, high = sorted([level, report_threshold])
    margin = 0.01
    compared: set[str] = set()
    for theta, seed in [(-0.9, 0), (-0.5, 1), (-0.5, 2), (0.6, 4)]:
        session = _seeded_child(theta, seed)
        status = session.mastery_status()
        report = LearnerReport(session.history, ARITHMETIC, "kid", confidence=confidence)
        frame = report.to_frame("skills")
        np.testing.assert_array_equal(frame["benchmark"], ARITHMETIC.skill_benchmarks)
        np.testing.assert_allclose(
            frame["theta"],
            session.skill_abilities()["theta"].where(frame["n_responses"] > 0),
            atol=1e-10,
        )
        mass = session.ability_view().probability_above(
            np.append(ARITHMETIC.skill_benchmarks, 0.0)
        )[:-1]
        normal = mastery_probability(
            frame["theta"].to_numpy(), frame["se"].to_numpy(), ARITHMETIC.skill_benchmarks
        )
        counts = session.skill_abilities()["n_responses"].to_numpy()
        for position, skill in enumerate(ARITHMETIC.skill_ids):
            enough = counts[position] >= MIN_RESPONSES_FOR_MASTERY
            both = [mass[position], normal[position]]
            sides = {_side(p, low - margin, high + margin) for p in both}
            if enough and (None in sides or len(sides) > 1):
                continue  # between the thresholds: the two rules may differ here
            expected = REPORT_LABELS.get(status[skill], "uncertain")
            if counts[position] == 0:
                expected = "no data"
            assert frame["status"].iloc[position] == expected, (theta, seed, skill)
            compared.add(status[skill])
    assert {"mastered", "undetermined"} <= compared


def _side(p: float, low: float, high: float) -> str | None:
    """Which way a probability of mastery points, clear of the band [low, high] (and 1-)."""
    q = max(p, 1.0 - p)
    if low <= q <= high:
        return None
    if q > high:
        return "mastered" if p > 0.5 else "not mastered"
    return "uncertain"


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
    cuts = (
        runs[0]
        .skills["skill_id"]
        .map(dict(zip(bank.skill_ids, bank.skill_benchmarks, strict=True)))
    )
    assert (runs[0].skills["true_mastery"] == (runs[0].skills["true_theta"] >= cuts)).all()


# ----------------------------------------------------------------------------- gate practice limit
def test_gate_opens_after_an_undetermined_prerequisite_is_practised_enough() -> None:
    gate = PrerequisitesMastered(ConfidenceIntervalMastery(0.0), practice_limit=8)
    view = AbilityView.prior(TINY.skill_ids)
    before = DecisionContext(TINY, view, ResponseHistory.empty())
    assert gate.allowed(before).tolist() == [True, False, False]
    # 'count' has a single item: answering it is all the practice the bank offers.
    after = DecisionContext(TINY, view, ResponseHistory.from_records(TINY, [("count-1", 1)]))
    assert gate.allowed(after).tolist() == [True, True, True]


def test_gate_stays_closed_for_a_prerequisite_classified_not_mastered() -> None:
    gate = PrerequisitesMastered(ConfidenceIntervalMastery(0.0, min_responses=0))
    nodes = np.linspace(-6, 6, 61)
    low = -0.5 * (nodes + 3.0) ** 2 / 0.04  # 'count' far below the cut
    rows = np.vstack([low, np.zeros_like(nodes), low])
    view = AbilityView.from_log_posterior(nodes, rows, TINY.skill_ids)
    context = DecisionContext(TINY, view, ResponseHistory.from_records(TINY, [("count-1", 0)]))
    assert gate.allowed(context).tolist() == [True, False, False]


def test_strict_gate_ignores_practice() -> None:
    gate = PrerequisitesMastered(ConfidenceIntervalMastery(0.0), practice_limit=None)
    view = AbilityView.prior(TINY.skill_ids)
    context = DecisionContext(TINY, view, ResponseHistory.from_records(TINY, [("count-1", 1)]))
    assert gate.allowed(context).tolist() == [True, False, False]


def test_practice_limit_must_be_positive() -> None:
    with pytest.raises(ValueError, match="'practice_limit' parameter of PrerequisitesMastered"):
        PrerequisitesMastered(practice_limit=0)
