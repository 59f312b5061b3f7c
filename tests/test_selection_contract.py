"""One contract suite over every selector configuration (stopping rules: test_stopping)."""

from __future__ import annotations

import json
from collections.abc import Callable

import numpy as np
import pytest

from adaptive_tutor.context import ResponseHistory
from adaptive_tutor.exceptions import ItemPoolExhaustedError
from adaptive_tutor.learner import LearnerState
from adaptive_tutor.selection import (
    ContentBalance,
    DifficultyMatching,
    Excluded,
    ExposureCounts,
    GradeBand,
    MaxExposureRate,
    MaxInformation,
    MinExpectedPosteriorVariance,
    NoEnemies,
    NoRepeat,
    PosteriorWeightedInformation,
    PosteriorWeightedKL,
    PrerequisitesMastered,
    Randomesque,
    RandomSelection,
    ScoringSelector,
    SympsonHetter,
    TargetProbability,
)
from adaptive_tutor.session import TutoringSession
from adaptive_tutor.stopping import (
    ConfidenceIntervalMastery,
    MaxItems,
)
from session_helpers import counted_session, make_bank, run_session, simulate_answer

BANK = make_bank(6)  # 18 items, 3 skills, mixed 2PL/3PL/GRM, enemy pairs

SELECTORS: dict[str, Callable[[], ScoringSelector]] = {
    "max_information": MaxInformation,
    "max_information_overall": lambda: MaxInformation(scope="overall"),
    "posterior_information": PosteriorWeightedInformation,
    "posterior_kl": PosteriorWeightedKL,
    "min_expected_variance": MinExpectedPosteriorVariance,
    "difficulty_matching": DifficultyMatching,
    "random": RandomSelection,
    "target_probability": TargetProbability,
    "target_probability_balanced": lambda: TargetProbability(
        0.7, balancing=ContentBalance({"count": 1, "add": 1, "sub": 2})
    ),
    "randomesque": lambda: MaxInformation(exposure=Randomesque(3)),
    "sympson_hetter": lambda: PosteriorWeightedInformation(
        exposure=SympsonHetter({"count-0": 0.2, "add-3": 0.5})
    ),
    "max_exposure_rate": lambda: MinExpectedPosteriorVariance(exposure=MaxExposureRate(0.5)),
}


# --------------------------------------------------------------------------- selectors
@pytest.mark.parametrize("name", sorted(SELECTORS))
def test_selector_never_repeats_an_item(name: str) -> None:
    session = counted_session(BANK, SELECTORS[name]())
    given = run_session(session, 0.3, np.random.default_rng(1))
    assert len(given) == len(set(given))


@pytest.mark.parametrize("name", sorted(SELECTORS))
def test_selector_empties_the_pool_then_stops_as_exhausted(name: str) -> None:
    session = counted_session(BANK, SELECTORS[name]())
    given = run_session(session, -0.2, np.random.default_rng(2))
    enemy_pairs = 3  # one pair per skill: only one item of each pair can be given
    assert len(given) == len(BANK) - enemy_pairs
    assert session.stop_decision().reason == "bank_exhausted"


@pytest.mark.parametrize("name", sorted(SELECTORS))
def test_selector_respects_eligibility_filters(name: str) -> None:
    selector = SELECTORS[name]()
    excluded = {"count-2", "add-4"}
    selector = selector.replace(
        eligibility=(NoRepeat(), NoEnemies(), GradeBand(1, 2), Excluded(excluded))
    )
    given = run_session(counted_session(BANK, selector), 0.5, np.random.default_rng(3))
    assert given
    assert all(BANK[item_id].grade <= 2 for item_id in given)
    assert not excluded & set(given)
    for item_id in given:
        assert not BANK.enemies_of(item_id) & set(given)


@pytest.mark.parametrize("name", sorted(SELECTORS))
def test_selector_respects_prerequisite_gating(name: str) -> None:
    selector = SELECTORS[name]().replace(
        eligibility=(NoRepeat(), PrerequisitesMastered(ConfidenceIntervalMastery(0.0, level=0.8)))
    )
    # A learner who fails everything never masters 'count', so never sees 'add' or 'sub'.
    session = counted_session(BANK, selector)
    while (item := session.next_item()) is not None:
        session.record(item.id, 0)
    assert session.history["skill_id"].unique().tolist() == ["count"]


@pytest.mark.parametrize("name", sorted(SELECTORS))
def test_selector_is_deterministic_under_a_seed(name: str) -> None:
    first = run_session(
        counted_session(BANK, SELECTORS[name](), seed=5), 0.0, np.random.default_rng(4)
    )
    second = run_session(
        counted_session(BANK, SELECTORS[name](), seed=5), 0.0, np.random.default_rng(4)
    )
    assert first == second


@pytest.mark.parametrize("name", sorted(SELECTORS))
def test_selector_resumed_session_equals_uninterrupted(name: str) -> None:
    whole = run_session(
        counted_session(BANK, SELECTORS[name](), seed=8), 1.0, np.random.default_rng(6)
    )
    rng = np.random.default_rng(6)
    session = counted_session(BANK, SELECTORS[name](), seed=8)
    resumed: list[str] = []
    while True:
        state = json.loads(json.dumps(session.to_dict()))
        counts = session._exposure_counts
        session = TutoringSession.from_dict(
            BANK,
            state,
            selector=SELECTORS[name](),
            stopping_rule=MaxItems(len(BANK)),
            exposure_counts=counts,
        )
        item = session.next_item()
        if item is None:
            break
        session.record(item.id, simulate_answer(BANK, item.id, 1.0, rng), response_time=10.0)
        resumed.append(item.id)
    assert resumed == whole


@pytest.mark.parametrize("name", sorted(SELECTORS))
def test_selector_raises_when_the_pool_is_exhausted(name: str) -> None:
    everything = ResponseHistory.from_arrays(np.arange(len(BANK)), np.zeros(len(BANK)))
    counts = ExposureCounts(BANK)
    with pytest.raises(ItemPoolExhaustedError, match="No eligible item is left in item bank"):
        SELECTORS[name]().select(
            BANK, LearnerState.start(BANK), rng=0, history=everything, exposure_counts=counts
        )


@pytest.mark.parametrize("name", sorted(SELECTORS))
def test_selector_returns_an_eligible_bank_item_id(name: str) -> None:
    item_id = SELECTORS[name]().select(
        BANK, LearnerState.start(BANK), rng=0, exposure_counts=ExposureCounts(BANK)
    )
    assert item_id in BANK
