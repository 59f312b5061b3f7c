"""One contract suite over every selector configuration and every stopping rule."""

from __future__ import annotations

import json
from collections.abc import Callable

import numpy as np
import pytest

from adaptive_tutor.context import ResponseHistory
from adaptive_tutor.exceptions import ItemPoolExhaustedError, SessionStateError
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
    AllOf,
    AnyOf,
    BankExhausted,
    ConfidenceIntervalMastery,
    MasteryClassified,
    MaxItems,
    MinItems,
    SPRTMastery,
    StandardErrorBelow,
    StoppingRule,
    TimeBudget,
)
from session_helpers import make_bank, run_session, simulate_answer

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

RULES: dict[str, Callable[[], StoppingRule]] = {
    "max_items": lambda: MaxItems(5),
    "min_items_and_se": lambda: AllOf(MinItems(3), StandardErrorBelow(0.8)),
    "standard_error": lambda: StandardErrorBelow(0.75),
    "skill_standard_error": lambda: StandardErrorBelow(0.9, skills=["count"]),
    "mastery_ci": lambda: MasteryClassified(ConfidenceIntervalMastery(0.0, level=0.8)),
    "mastery_sprt": lambda: MasteryClassified(SPRTMastery(0.0, indifference=0.5)),
    "time_budget": lambda: TimeBudget(45),
    "bank_exhausted": BankExhausted,
    "any_of": lambda: AnyOf(MaxItems(7), StandardErrorBelow(0.5)),
}


def _session(selector: ScoringSelector, *, seed: int = 11, **kwargs: object) -> TutoringSession:
    counts = ExposureCounts(BANK)
    counts.start_session()
    return TutoringSession(
        BANK,
        selector=selector,
        stopping_rule=kwargs.pop("stopping_rule", MaxItems(len(BANK))),  # type: ignore[arg-type]
        exposure_counts=counts,
        seed=seed,
    )


# --------------------------------------------------------------------------- selectors
@pytest.mark.parametrize("name", sorted(SELECTORS))
def test_selector_never_repeats_an_item(name: str) -> None:
    session = _session(SELECTORS[name]())
    given = run_session(session, 0.3, np.random.default_rng(1))
    assert len(given) == len(set(given))


@pytest.mark.parametrize("name", sorted(SELECTORS))
def test_selector_empties_the_pool_then_stops_as_exhausted(name: str) -> None:
    session = _session(SELECTORS[name]())
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
    given = run_session(_session(selector), 0.5, np.random.default_rng(3))
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
    session = _session(selector)
    while (item := session.next_item()) is not None:
        session.record(item.id, 0)
    assert session.history["skill_id"].unique().tolist() == ["count"]


@pytest.mark.parametrize("name", sorted(SELECTORS))
def test_selector_is_deterministic_under_a_seed(name: str) -> None:
    first = run_session(_session(SELECTORS[name](), seed=5), 0.0, np.random.default_rng(4))
    second = run_session(_session(SELECTORS[name](), seed=5), 0.0, np.random.default_rng(4))
    assert first == second


@pytest.mark.parametrize("name", sorted(SELECTORS))
def test_selector_resumed_session_equals_uninterrupted(name: str) -> None:
    whole = run_session(_session(SELECTORS[name](), seed=8), 1.0, np.random.default_rng(6))
    rng = np.random.default_rng(6)
    session = _session(SELECTORS[name](), seed=8)
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


# --------------------------------------------------------------------------- stopping rules
@pytest.mark.parametrize("name", sorted(RULES))
def test_rule_stops_with_a_machine_readable_reason(name: str) -> None:
    session = _session(MaxInformation(), stopping_rule=RULES[name]())
    given = run_session(session, 0.4, np.random.default_rng(7))
    decision = session.stop_decision()
    assert decision.stop
    assert isinstance(decision.reason, str)
    assert decision.reason.replace("_", "").replace("+", "").isalpha()
    json.dumps(decision.to_dict())
    assert 0 < len(given) <= len(BANK)


@pytest.mark.parametrize("name", sorted(RULES))
def test_rule_refuses_responses_after_the_stop(name: str) -> None:
    session = _session(MaxInformation(), stopping_rule=RULES[name]())
    run_session(session, 0.4, np.random.default_rng(7))
    remaining = next(i for i in BANK.item_ids if i not in set(session.history["item_id"]))
    with pytest.raises(SessionStateError, match="has stopped"):
        session.record(remaining, 0)


@pytest.mark.parametrize("name", sorted(RULES))
def test_rule_is_deterministic(name: str) -> None:
    runs = [
        run_session(
            _session(MaxInformation(), stopping_rule=RULES[name](), seed=3),
            -0.5,
            np.random.default_rng(9),
        )
        for _ in range(2)
    ]
    assert runs[0] == runs[1]


@pytest.mark.parametrize("name", sorted(RULES))
def test_rule_does_not_stop_before_the_first_response(name: str) -> None:
    session = _session(MaxInformation(), stopping_rule=RULES[name]())
    assert session.next_item() is not None
