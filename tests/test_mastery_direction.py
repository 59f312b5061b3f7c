"""The prior alone never decides mastery: the child's answers must point the same way."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adaptive_tutor._mastery_evidence import grid_posterior
from adaptive_tutor._mastery_graph import along_graph
from adaptive_tutor.examples import tiny_bank_document
from adaptive_tutor.irt.posterior import normalised_weights, probability_above
from adaptive_tutor.item_bank import ItemBank
from adaptive_tutor.mastery import (
    CODES,
    MASTERED,
    MASTERY_GRID,
    NOT_MASTERED,
    ConfidenceIntervalMastery,
    MasteryEvidence,
    SPRTMastery,
    default_mastery,
    mastery_probabilities,
    neutral_probability_above,
)
from adaptive_tutor.reports import ClassReport, LearnerReport
from adaptive_tutor.session import TutoringSession
from adaptive_tutor.shipped_banks import load_shipped_bank, shipped_bank_names
from adaptive_tutor.simulation._lockstep_stopping import _interval_codes
from adaptive_tutor.stopping import MaxItems

KO_MATH = load_shipped_bank("ko_math")
SHIPPED = {name: load_shipped_bank(name) for name in shipped_bank_names()}
TINY = ItemBank.from_dict(tiny_bank_document())  # 'add' requires 'count'
NODES = MASTERY_GRID.nodes
# the try-out's child: grade-1 'patterns' (cut about -2) wrong on three harder items
PATTERNS, WRONG_ITEMS = "kmath.patterns", ("km.pat.007", "km.pat.024", "km.pat.025")


def _session(bank: ItemBank, answers: list[tuple[str, int]]) -> TutoringSession:
    session = TutoringSession(bank, seed=0, learner_id="kid", stopping_rule=MaxItems(10**6))
    for item_id, score in answers:
        session.record(item_id, score)
    return session


def _evidence(bank: ItemBank, answers: dict[str, float]) -> MasteryEvidence:
    matrix = np.full((1, len(bank)), np.nan)
    for item_id, score in answers.items():
        matrix[0, bank.index_of(item_id)] = score
    return MasteryEvidence.from_matrix(matrix)


# ------------------------------------------------------------------ the try-out's case
def test_no_right_answer_on_a_grade_one_skill_is_not_mastered_in_the_session() -> None:
    session = _session(KO_MATH, [(item_id, 0) for item_id in WRONG_ITEMS])
    assert session.mastery_status()[PATTERNS] != MASTERED


def test_no_right_answer_on_a_grade_one_skill_is_not_mastered_in_the_learner_report() -> None:
    session = _session(KO_MATH, [(item_id, 0) for item_id in WRONG_ITEMS])
    skills = LearnerReport(session.history, KO_MATH, "kid").to_frame("skills")
    row = skills.set_index("skill_id").loc[PATTERNS]
    assert row["p_mastery"] > 0.9  # the N(0, 1) prior alone would have said "secure"
    assert row["status"] != MASTERED
    assert row["status"] == session.mastery_status()[PATTERNS]


def test_no_right_answer_on_a_grade_one_skill_is_not_mastered_in_the_class_report() -> None:
    session = _session(KO_MATH, [(item_id, 0) for item_id in WRONG_ITEMS])
    mastery = ClassReport(session.history, KO_MATH).to_frame("mastery").set_index("skill_id")
    assert mastery.loc[PATTERNS, "status"] != MASTERED
    assert mastery["status"].tolist() == list(session.mastery_status().values())


def test_full_credit_is_never_not_mastered_however_high_the_cut() -> None:
    # a cut far above the prior's centre: the prior alone puts 0.9998 below it
    classifier = ConfidenceIntervalMastery(cut=3.5)
    easy = [item.id for item in KO_MATH.items_for_skill("kmath.numbers")][:3]
    evidence = _evidence(KO_MATH, dict.fromkeys(easy, 1.0))
    above, neutral = mastery_probabilities(KO_MATH, evidence, classifier.skill_cuts(KO_MATH))
    position = KO_MATH.skill_ids.index("kmath.numbers")
    assert above[0, position] < 0.1 < 0.5 < neutral[0, position]
    assert classifier.evidence_codes(KO_MATH, evidence)[0, position] != CODES[NOT_MASTERED]


# ------------------------------------------------------------------ the neutral probability
@pytest.mark.parametrize("cut", [-2.01, -0.5, 0.0, 0.13, 1.37, 6.0])
def test_neutral_probability_is_one_half_before_any_answer(cut: float) -> None:
    prior = MASTERY_GRID.weights[None, :]
    got = neutral_probability_above(prior, NODES, np.array([cut]))
    assert got[0] == pytest.approx(0.5, abs=1e-12)


@pytest.mark.parametrize(("cut", "expected"), [(-6.5, 1.0), (7.0, 0.0)])
def test_a_cut_off_the_grid_gives_what_every_prior_on_the_grid_gives(
    cut: float, expected: float
) -> None:
    posterior = grid_posterior(np.linspace(-3.0, 3.0, NODES.shape[0]))[None, :]
    assert neutral_probability_above(posterior, NODES, np.array([cut])).tolist() == [expected]


def test_neutral_probability_is_the_bayes_factor_under_a_centred_prior() -> None:
    # independent computation: the log-likelihood times N(cut, 1) halves of mass 0.5 each
    cut, difficulty = -1.93, np.array([-1.0, 0.4, 1.5, -2.5])
    log_p = -np.logaddexp(0.0, -(NODES[:, None] - difficulty))  # log P(right)
    log_q = -np.logaddexp(0.0, NODES[:, None] - difficulty)  # log P(wrong)
    log_likelihood = log_p[:, [0, 3]].sum(axis=1) + log_q[:, [1, 2]].sum(axis=1)
    neutral = np.exp(-0.5 * (NODES - cut) ** 2)
    upper, lower = cut < NODES, cut > NODES
    halves = np.where(
        upper, 0.5 * neutral / neutral[upper].sum(), 0.5 * neutral / neutral[lower].sum()
    )
    expected = probability_above(normalised_weights(log_likelihood + np.log(halves)), NODES, cut)
    posterior = grid_posterior(log_likelihood)[None, :]
    got = neutral_probability_above(posterior, NODES, np.array([cut]))
    assert got[0] == pytest.approx(float(expected), rel=1e-10)


def test_a_node_on_the_cut_counts_half_on_each_side() -> None:
    assert NODES[30] == 0.0
    log_likelihood = -np.logaddexp(0.0, -NODES)  # one right answer at difficulty 0
    neutral = np.exp(-0.5 * NODES**2)
    side = np.where(NODES > 0, 1.0, np.where(NODES < 0, 0.0, 0.5))
    up = (neutral * side * np.exp(log_likelihood)).sum() / (neutral * side).sum()
    down = (neutral * (1 - side) * np.exp(log_likelihood)).sum() / (neutral * (1 - side)).sum()
    posterior = grid_posterior(log_likelihood)[None, :]
    got = neutral_probability_above(posterior, NODES, np.array([0.0]))[0]
    assert got == pytest.approx(up / (up + down), rel=1e-12)


# ------------------------------------------------------------------ the decision
def test_prior_alone_never_decides_without_answers() -> None:
    classifier = ConfidenceIntervalMastery(cut=-3.0, min_responses=0)
    none = MasteryEvidence.from_matrix(np.full((1, len(TINY)), np.nan))
    assert classifier.evidence_codes(TINY, none).tolist() == [[-1, -1]]


def test_clear_evidence_still_decides() -> None:
    # 40 right answers at difficulty 0 put both the answers and the posterior above -2
    bank = KO_MATH
    items = [item.id for item in bank.items_for_skill("kmath.shapes")]
    right = _evidence(bank, dict.fromkeys(items, 1.0))
    wrong = _evidence(bank, dict.fromkeys(items, 0.0))
    position = bank.skill_ids.index("kmath.shapes")
    assert default_mastery().evidence_codes(bank, right)[0, position] == 1
    assert default_mastery().evidence_codes(bank, wrong)[0, position] == 0


def test_a_prerequisite_answered_wrong_is_not_shown_through_a_mastered_skill() -> None:
    classifier = ConfidenceIntervalMastery(cut=-3.0, min_responses=2)
    right_on_add = {"add-1": 1.0, "story-1": 2.0}
    shown = classifier.evidence_codes(TINY, _evidence(TINY, right_on_add))
    assert shown.tolist() == [[1, 1]]  # 'count' shown through 'add'
    wrong_count = classifier.evidence_codes(TINY, _evidence(TINY, {**right_on_add, "count-1": 0}))
    assert wrong_count.tolist() == [[-2, 1]]  # its own wrong answer keeps it open


def test_along_graph_without_directions_is_unchanged() -> None:
    codes = np.array([[-2, 1], [-1, 1], [0, 1]], dtype=np.int8)
    assert along_graph(TINY, codes)[0].tolist() == [[1, 1], [1, 1], [0, 1]]
    against = np.array([[True, False], [True, False], [False, False]])
    assert along_graph(TINY, codes, against)[0].tolist() == [[-2, 1], [-1, 1], [0, 1]]


def test_sprt_keeps_a_wrongly_answered_prerequisite_out_of_the_graph() -> None:
    classifier = SPRTMastery(cut=-3.0, indifference=1.0, min_responses=2)
    answers = {"add-1": 1.0, "story-1": 2.0, "count-1": 0.0}
    codes = classifier.evidence_codes(TINY, _evidence(TINY, answers))
    assert codes[0, 0] == -2  # 'count' keeps its own too few answers


def test_lockstep_codes_equal_the_batch_codes_on_the_try_out_case() -> None:
    evidence = _evidence(KO_MATH, dict.fromkeys(WRONG_ITEMS, 0.0))
    log_likelihood = evidence.skill_log_likelihood(KO_MATH, NODES)
    posterior = grid_posterior(log_likelihood)  # (1, S, G): the lock-step engine's view
    counts = evidence.distinct_counts(KO_MATH)
    classifier = default_mastery()
    lockstep = _interval_codes(classifier, posterior, NODES, counts, KO_MATH)
    batch = classifier.evidence_codes(KO_MATH, evidence)
    assert lockstep.tolist() == batch.tolist()
    assert batch[0, KO_MATH.skill_ids.index(PATTERNS)] != 1


# ------------------------------------------------------------------ over random patterns
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    bank_name=st.sampled_from(sorted(SHIPPED)),
    skill_pick=st.integers(0, 10**6),
    picks=st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 10**6)), max_size=40),
    full_credit=st.booleans(),
)
def test_no_credit_is_never_mastered_and_full_credit_never_not_mastered(
    bank_name: str, skill_pick: int, picks: list[tuple[int, int]], full_credit: bool
) -> None:
    bank = SHIPPED[bank_name]
    skill = bank.skill_ids[skill_pick % len(bank.skill_ids)]
    focus = bank.items_for_skill(skill)
    answers = []
    for k, (which, score) in enumerate(picks):  # half the answers on the skill, repeats allowed
        item = focus[which % len(focus)] if k % 2 else bank.items[which % len(bank)]
        if skill in item.skills:  # every answer on the skill: no credit, or full credit
            answers.append((item.id, item.max_score if full_credit else 0))
        else:
            answers.append((item.id, score % (item.max_score + 1)))
    status = _session(bank, answers).mastery_status()[skill]
    assert status != (NOT_MASTERED if full_credit else MASTERED)
