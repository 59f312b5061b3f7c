"""Practice targeting for individual learners: skill posteriors borrow strength.

``TargetProbability`` with ``scope="skill"`` scores a skill's items against the skill's
own answers combined with a prior centred on the learner's other skills
(``between_skill_sd``), so a struggling or strong child's first items in a new skill are
pitched at that child. These tests check the per-learner success rate on a bank wide
enough to serve every ability, the shrinkage itself, and that the learner state's own
per-skill posteriors are untouched.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from adaptive_tutor.context import AbilityView, DecisionContext
from adaptive_tutor.examples import tiny_bank_document
from adaptive_tutor.irt import category_prob, normal_grid
from adaptive_tutor.item_bank import ItemBank
from adaptive_tutor.learner import LearnerState
from adaptive_tutor.selection import DifficultyMatching, MaxInformation, TargetProbability
from adaptive_tutor.simulation import simulate
from adaptive_tutor.stopping import MaxItems

WARM_UP = 10
# simulate() is renaming 'stopper' to 'stopping_rule'; use whichever this version has


def _wide_bank(n_skills: int = 5, n_items: int = 400, seed: int = 31) -> ItemBank:
    """2PL items with b ~ U(-4, 4), a ~ U(0.8, 2), spread over ``n_skills`` skills."""
    rng = np.random.default_rng(seed)
    document = tiny_bank_document()
    document["bank"]["id"] = f"wide-{seed}"
    document["bank"]["grade_range"] = [1, 1]
    document["skills"] = [
        {"id": f"s{s}", "name": f"Skill {s}", "grade": 1, "prerequisites": []}
        for s in range(n_skills)
    ]
    items: list[dict[str, Any]] = []
    for number in range(n_items):
        a = float(np.round(rng.uniform(0.8, 2.0), 3))
        b = float(np.round(rng.uniform(-4.0, 4.0), 3))
        items.append(
            {
                "id": f"i{number}",
                "skills": [f"s{number % n_skills}"],
                "grade": 1,
                "type": "numeric",
                "prompt": f"Question {number}",
                "answer": {"value": number},
                "max_score": 1,
                "irt": {"model": "2PL", "a": a, "b": b},
            }
        )
    document["items"] = items
    return ItemBank.from_dict(document)


WIDE_BANK = _wide_bank()


def _share_right_after_warm_up(selector: TargetProbability, theta: float, seed: int) -> float:
    result = simulate(
        WIDE_BANK, np.full(40, theta), selector=selector, seed=seed, stopping_rule=MaxItems(40)
    )
    steps = result.steps
    return float(steps.loc[steps["step"] > WARM_UP, "response"].mean())


@pytest.mark.parametrize("target", [0.6, 0.75, 0.85])
@pytest.mark.parametrize("theta", [-1.0, 0.0, 1.0])
def test_each_learner_succeeds_near_the_target(theta: float, target: float) -> None:
    share = _share_right_after_warm_up(TargetProbability(target), theta, seed=int(10 * theta) + 20)
    assert abs(share - target) < 0.07


def test_without_borrowing_a_weak_learner_is_pitched_too_high() -> None:
    # the failure the shrinkage fixes: every skill's first items aim at an average child
    own = _share_right_after_warm_up(TargetProbability(0.75, between_skill_sd=None), -1.0, 3)
    borrowed = _share_right_after_warm_up(TargetProbability(0.75), -1.0, 3)
    assert own < 0.75 - 0.07
    assert borrowed > own + 0.05


def _weak_state() -> LearnerState:
    """Eight wrong answers on skill s0's easiest items; nothing on the other skills."""
    state = LearnerState.start(WIDE_BANK)
    s0 = [item.id for item in WIDE_BANK.items if item.skills == ("s0",)]
    b = WIDE_BANK.params.b[WIDE_BANK.indices_of(s0)]
    for item_id in np.asarray(s0)[np.argsort(b)[20:28]]:
        state = state.update(WIDE_BANK, str(item_id), 0)
    return state


def test_a_new_skill_is_predicted_from_the_overall_estimate() -> None:
    state = _weak_state()
    context = DecisionContext(WIDE_BANK, state)
    own = context.view.theta
    borrowed = context.borrowed_view(0.5).theta
    overall = state.estimate().theta
    assert overall < -1.0
    assert own[1] == pytest.approx(0.0, abs=1e-9)  # s1: no answers, its own prior mean
    assert borrowed[1] == pytest.approx(overall, abs=0.05)  # pulled to the learner
    assert borrowed[-1] == own[-1]  # the overall row is unchanged
    s1 = np.arange(1, len(WIDE_BANK), 5)  # the items of skill s1
    with_borrowing = TargetProbability().success_probability(context)[s1]
    without = TargetProbability(between_skill_sd=None).success_probability(context)[s1]
    assert np.all(with_borrowing < without)


def test_borrowing_leaves_the_learner_state_and_its_reports_alone() -> None:
    state = _weak_state()
    batch = LearnerState.start(WIDE_BANK)
    before = state.skill_log_posterior.copy()
    TargetProbability().select(WIDE_BANK, state, rng=0)
    np.testing.assert_array_equal(state.skill_log_posterior, before)
    assert state.estimate("s1").theta == pytest.approx(batch.estimate("s1").theta, abs=1e-12)


def test_more_between_skill_spread_borrows_less() -> None:
    context = DecisionContext(WIDE_BANK, _weak_state())
    thetas = [context.borrowed_view(tau).theta[1] for tau in (0.0, 0.5, 2.0)]
    assert thetas[0] < thetas[1] < thetas[2] < 0.0


def test_a_skill_with_more_answers_borrows_less() -> None:
    state = _weak_state()  # s0 says weak
    rng = np.random.default_rng(8)
    s1 = np.arange(1, len(WIDE_BANK), 5)[:40]
    right = category_prob(WIDE_BANK.params.take(s1), [1.5])[:, 0, 1]  # s1 is a strength
    shifts = []
    for count, (position, p_right) in enumerate(zip(s1, right, strict=True), start=1):
        state = state.update(WIDE_BANK, WIDE_BANK.item_ids[position], int(rng.random() < p_right))
        if count in (10, 40):
            view = DecisionContext(WIDE_BANK, state).view
            borrowed = view.borrow_strength(0.5)
            shifts.append(view.theta[1] - borrowed.theta[1])
            weak = view.theta[0]
            assert abs(borrowed.theta[1] - view.theta[1]) < abs(borrowed.theta[1] - weak)
            assert borrowed.se[1] <= view.se[1]
    assert 0.0 < shifts[1] < shifts[0]


def test_views_without_a_prior_or_with_one_skill_are_used_as_they_are() -> None:
    view = AbilityView.prior(("a", "b"))
    bare = AbilityView(view.nodes, view.posterior, view.skill_ids)
    single = AbilityView.prior(("a",))
    assert bare.borrow_strength(0.5) is bare
    assert single.borrow_strength(0.5) is single


def test_borrowed_view_is_cached_per_decision() -> None:
    context = DecisionContext(WIDE_BANK, _weak_state())
    first = context.borrowed_view(0.5)
    assert context.borrowed_view(0.5) is first
    assert context.with_n_eligible(3).borrowed_view(0.5) is first
    assert context.borrowed_view(None) is context.view


@pytest.mark.parametrize("selector", [MaxInformation, DifficultyMatching, TargetProbability])
def test_every_skill_scope_selector_takes_the_setting(selector: type) -> None:
    assert selector().between_skill_sd == 0.5
    assert selector(between_skill_sd=None).between_skill_sd is None


def test_a_negative_between_skill_sd_is_rejected() -> None:
    with pytest.raises(ValueError, match="'between_skill_sd' parameter of TargetProbability"):
        TargetProbability(between_skill_sd=-0.1)


@pytest.mark.parametrize("tau", [None, 0.0, 1.0])
def test_lockstep_equals_per_learner_with_borrowing(tau: float | None) -> None:
    runs = [
        simulate(
            WIDE_BANK,
            6,
            selector=TargetProbability(0.7, between_skill_sd=tau),
            per_skill=True,
            seed=4,
            engine=engine,
            stopping_rule=MaxItems(15),
        )
        for engine in ("lockstep", "per_learner")
    ]
    assert runs[0].engine == "lockstep"
    assert runs[0].steps["item_id"].tolist() == runs[1].steps["item_id"].tolist()
    np.testing.assert_allclose(runs[0].steps["theta"], runs[1].steps["theta"], atol=1e-10)


def test_borrowing_stays_finite_when_skill_and_overall_evidence_do_not_overlap() -> None:
    grid = normal_grid(61, 6.0)
    log_prior = np.log(grid.weights)
    x = grid.nodes
    rows = np.vstack([log_prior + 200 * x, log_prior - 300 * x, log_prior - 100 * x])
    view = AbilityView.from_log_posterior(x, rows, ["s0", "s1"], log_prior)
    borrowed = view.borrow_strength(0.5)
    assert np.isfinite(borrowed.theta).all()
    assert np.isfinite(borrowed.se).all()
