"""LearnerState: constant-time updates equal batch EAP; immutability; dict round trip."""

from __future__ import annotations

import copy
import json
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adaptive_tutor.estimation import EAP
from adaptive_tutor.exceptions import ConvergenceWarning, ResponseDataError, SessionStateError
from adaptive_tutor.irt import ItemParams
from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
from adaptive_tutor.learner import STATE_FORMAT_VERSION, LearnerState

IRT_BLOCKS: list[tuple[list[str], dict[str, Any]]] = [
    (["count"], {"model": "1PL", "b": -1.0}),
    (["count"], {"model": "2PL", "a": 1.4, "b": -0.2}),
    (["count", "add"], {"model": "3PL", "a": 1.1, "b": 0.3, "c": 0.2}),
    (["add"], {"model": "4PL", "a": 1.6, "b": 0.1, "c": 0.1, "d": 0.9}),
    (["add", "subtract"], {"model": "GRM", "a": 1.2, "thresholds": [-0.8, 0.4, 1.3]}),
    (["subtract"], {"model": "GPCM", "a": 0.9, "steps": [0.2, -0.4]}),
    (["subtract"], {"model": "PCM", "steps": [0.5]}),
    (["add"], {"model": "2PL", "a": 2.0, "b": 1.0}),
]


def _bank_document(bank_id: str = "state-test") -> dict[str, Any]:
    document = tiny_bank_document()
    document["bank"]["id"] = bank_id
    document["skills"].append(
        {"id": "subtract", "name": "Subtraction", "grade": 1, "prerequisites": ["count"]}
    )
    items = []
    for index, (skills, irt) in enumerate(IRT_BLOCKS):
        n_categories = 2
        if irt["model"] == "GRM":
            n_categories = len(irt["thresholds"]) + 1
        elif irt["model"] in ("GPCM", "PCM"):
            n_categories = len(irt["steps"]) + 1
        item: dict[str, Any] = {
            "id": f"item-{index}",
            "skills": skills,
            "grade": 1,
            "prompt": f"Question {index}",
            "max_score": n_categories - 1,
            "irt": irt,
        }
        if irt["model"] in ("1PL", "2PL", "3PL", "4PL"):
            item.update(type="numeric", answer={"value": index})
        else:
            item.update(
                type="partial_credit",
                rubric=[{"score": s, "description": f"level {s}"} for s in range(n_categories)],
            )
        items.append(item)
    document["items"] = items
    return document


@pytest.fixture(scope="module")
def bank() -> ItemBank:
    return ItemBank.from_dict(_bank_document())


HISTORY = [
    ("item-4", 3),
    ("item-0", 1),
    ("item-2", 0),
    ("item-5", 2),
    ("item-7", 1),
    ("item-6", 0),
    ("item-1", 1),
    ("item-3", 1),
    ("item-4", 1),
]  # item-4 twice


def _replay(bank: ItemBank, history: list[tuple[str, int]]) -> LearnerState:
    state = LearnerState.start(bank)
    for item_id, response in history:
        state = state.update(bank, item_id, response)
    return state


def _batch_eap(bank: ItemBank, history: list[tuple[str, int]], skill: str | None) -> Any:
    """EAP on the same responses, as one long pattern (repeats become extra columns)."""
    kept = [(i, r) for i, r in history if skill is None or skill in bank[i].skills]
    if not kept:
        return None
    params = bank.params.take([bank.index_of(i) for i, _ in kept])
    return EAP().estimate(params, [float(r) for _, r in kept])


@pytest.mark.parametrize("skill", [None, "count", "add", "subtract"])
def test_online_updates_equal_batch_eap(bank: ItemBank, skill: str | None) -> None:
    state = _replay(bank, HISTORY)
    online = state.estimate(skill)
    batch = _batch_eap(bank, HISTORY, skill)
    assert abs(online.theta - batch.theta) < 1e-10
    assert abs(online.se - batch.se) < 1e-10
    assert online.n_responses == batch.n_responses


def test_every_prefix_equals_batch_eap(bank: ItemBank) -> None:
    state = LearnerState.start(bank)
    for step, (item_id, response) in enumerate(HISTORY, start=1):
        state = state.update(bank, item_id, response)
        batch = _batch_eap(bank, HISTORY[:step], None)
        assert abs(state.estimate().theta - batch.theta) < 1e-10


def test_update_order_does_not_matter(bank: ItemBank) -> None:
    forward = _replay(bank, HISTORY).estimate()
    backward = _replay(bank, HISTORY[::-1]).estimate()
    assert abs(forward.theta - backward.theta) < 1e-12


def test_untouched_skill_keeps_the_prior(bank: ItemBank) -> None:
    state = _replay(bank, [("item-0", 1), ("item-1", 0)])
    subtract = state.estimate("subtract")
    assert subtract.n_responses == 0
    assert subtract.theta == pytest.approx(0.0, abs=1e-12)
    np.testing.assert_array_equal(state.skill_log_posterior[2], state.log_prior)


def test_skill_estimates_match_estimate(bank: ItemBank) -> None:
    state = _replay(bank, HISTORY)
    for skill, estimate in state.skill_estimates().items():
        single = state.estimate(skill)
        assert estimate.theta == pytest.approx(single.theta, abs=1e-14)
        assert estimate.se == pytest.approx(single.se, abs=1e-14)
        assert estimate.n_responses == single.n_responses
    assert state.skill_n_responses == (3, 5, 4)


def test_update_returns_a_new_state_and_leaves_the_old_one_alone(bank: ItemBank) -> None:
    start = LearnerState.start(bank)
    before = start.log_posterior.copy()
    after = start.update(bank, "item-1", 1)
    assert after is not start
    np.testing.assert_array_equal(start.log_posterior, before)
    assert (start.n_responses, after.n_responses) == (0, 1)
    with pytest.raises(ValueError, match="read-only"):
        after.log_posterior[0] = 0.0


def test_state_size_does_not_grow_with_history(bank: ItemBank) -> None:
    short = json.dumps(_replay(bank, HISTORY[:1]).to_dict())
    long = json.dumps(_replay(bank, HISTORY * 20).to_dict())
    assert abs(len(long) - len(short)) < 100


def test_long_histories_stay_finite(bank: ItemBank) -> None:
    state = _replay(bank, [("item-7", 1), ("item-7", 0)] * 250)
    estimate = state.estimate()
    assert np.all(np.isfinite(state.log_posterior))
    assert 0 < estimate.se < 0.1
    assert estimate.theta == pytest.approx(1.0, abs=0.05)  # the item's difficulty


def test_json_round_trip_is_exact(bank: ItemBank) -> None:
    state = _replay(bank, HISTORY)
    data = json.loads(json.dumps(state.to_dict()))
    again = LearnerState.from_dict(bank, data)
    np.testing.assert_array_equal(again.log_posterior, state.log_posterior)
    np.testing.assert_array_equal(again.skill_log_posterior, state.skill_log_posterior)
    assert again.skill_n_responses == state.skill_n_responses
    assert again.estimate() == state.estimate()
    resumed = again.update(bank, "item-5", 1).estimate()
    assert abs(resumed.theta - state.update(bank, "item-5", 1).estimate().theta) < 1e-12


def test_dict_records_version_and_bank(bank: ItemBank) -> None:
    data = LearnerState.start(bank).to_dict()
    assert data["version"] == STATE_FORMAT_VERSION
    assert data["bank_id"] == "state-test"
    assert data["bank_fingerprint"] == bank.fingerprint


def test_state_from_another_bank_is_refused(bank: ItemBank) -> None:
    other = ItemBank.from_dict(_bank_document("other-bank"))
    data = LearnerState.start(other).to_dict()
    with pytest.raises(SessionStateError, match="other-bank"):
        LearnerState.from_dict(bank, data)


def test_state_from_recalibrated_bank_is_refused(bank: ItemBank) -> None:
    document = _bank_document()
    document["items"][1]["irt"]["a"] = 1.5
    recalibrated = ItemBank.from_dict(document)
    data = LearnerState.start(recalibrated).to_dict()
    with pytest.raises(SessionStateError, match="fingerprint"):
        LearnerState.from_dict(bank, data)


def test_newer_format_version_is_refused(bank: ItemBank) -> None:
    data = LearnerState.start(bank).to_dict()
    data["version"] = STATE_FORMAT_VERSION + 1
    with pytest.raises(SessionStateError, match="newer"):
        LearnerState.from_dict(bank, data)


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: d.pop("grid"),
        lambda d: d.update(log_posterior=[0.0] * 3),
        lambda d: d.update(log_posterior=[float("nan")] * 61),
        lambda d: d.update(n_responses=-1),
        lambda d: d.update(format="something else"),
        lambda d: d["skills"]["add"].pop("log_posterior"),
    ],
)
def test_malformed_dicts_raise_session_state_error(bank: ItemBank, damage: Any) -> None:
    data = copy.deepcopy(LearnerState.start(bank).to_dict())
    damage(data)
    with pytest.raises(SessionStateError):
        LearnerState.from_dict(bank, data)


def test_update_with_another_bank_is_refused(bank: ItemBank) -> None:
    other = ItemBank.from_dict(_bank_document("other-bank"))
    with pytest.raises(SessionStateError, match="state-test"):
        LearnerState.start(bank).update(other, "item-0", 1)


def test_unknown_item_is_named(bank: ItemBank) -> None:
    with pytest.raises(ResponseDataError, match="'no-such-item'"):
        LearnerState.start(bank).update(bank, "no-such-item", 1)


@pytest.mark.parametrize("response", [2, -1, 0.5, float("nan"), "1", True])
def test_response_outside_categories_is_named(bank: ItemBank, response: object) -> None:
    with pytest.raises(ResponseDataError, match=r"'item-1'.*0\.\.1"):
        LearnerState.start(bank).update(bank, "item-1", response)


def test_whole_float_and_numpy_integer_responses_are_accepted(bank: ItemBank) -> None:
    state = LearnerState.start(bank)
    one = state.update(bank, "item-4", np.int64(2)).estimate()
    two = state.update(bank, "item-4", 2.0).estimate()
    assert one == two


def test_bank_free_core_matches_eap() -> None:
    params = ItemParams.dichotomous([1.0, 1.5, 0.7], [-0.5, 0.2, 1.0])
    state = LearnerState.new(["s", "t"], prior_mean=0.2, prior_sd=1.3, n_points=81)
    for index, response in [(0, 1), (1, 0), (2, 1)]:
        state = state.update_with(params, index, response, [0] if index < 2 else [0, 1])
    batch = EAP(prior_mean=0.2, prior_sd=1.3, n_points=81).estimate(params, [1, 0, 1])
    assert abs(state.estimate("s").theta - batch.theta) < 1e-10
    assert state.skill_n_responses == (3, 1)


def test_grid_settings_are_validated() -> None:
    with pytest.raises(ValueError, match="prior_sd"):
        LearnerState.new(["s"], prior_sd=0.0)
    with pytest.raises(ValueError, match="duplicates"):
        LearnerState.new(["s", "s"])


def test_unknown_skill_is_named() -> None:
    with pytest.raises(ValueError, match="'geometry'"):
        LearnerState.new(["s"]).estimate("geometry")


def test_gauss_hermite_state_equals_gauss_hermite_eap(bank: ItemBank) -> None:
    state = LearnerState.start(bank, rule="gauss-hermite", n_points=41)
    for item_id, response in HISTORY:
        state = state.update(bank, item_id, response)
    params = bank.params.take([bank.index_of(i) for i, _ in HISTORY])
    batch = EAP(n_points=41, rule="gauss-hermite").estimate(params, [r for _, r in HISTORY])
    assert abs(state.estimate().theta - batch.theta) < 1e-10
    again = LearnerState.from_dict(bank, json.loads(json.dumps(state.to_dict())))
    assert again.rule == "gauss-hermite"
    np.testing.assert_array_equal(again.nodes, state.nodes)


_EXTREME = ItemParams.from_records(
    [
        {"model": "2PL", "a": 5.0, "b": -5.0},
        {"model": "3PL", "a": 5.0, "b": 5.0, "c": 0.3},
        {"model": "4PL", "a": 4.0, "b": 0.0, "c": 0.2, "d": 0.8},
        {"model": "GRM", "a": 5.0, "thresholds": [-5.0, 5.0]},
        {"model": "GPCM", "a": 5.0, "steps": [5.0, -5.0]},
    ],
    D=1.702,
)


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 4), st.integers(0, 2)).map(
            lambda pair: (pair[0], min(pair[1], int(_EXTREME.n_categories[pair[0]]) - 1))
        ),
        min_size=1,
        max_size=60,
    )
)
@pytest.mark.filterwarnings("ignore::adaptive_tutor.exceptions.ConvergenceWarning")
def test_extreme_items_keep_the_state_finite(history: list[tuple[int, int]]) -> None:
    state = LearnerState.new(["s"])
    for index, response in history:
        state = state.update_with(_EXTREME, index, response, [0])
    estimate = state.estimate("s")
    assert np.all(np.isfinite(state.skill_log_posterior))
    assert np.isfinite(estimate.theta)
    assert estimate.se > 0


def test_learner_state_flags_a_posterior_piling_at_the_grid_edge() -> None:
    far = ItemParams.dichotomous([2.0] * 4, [8.0] * 4)
    state = LearnerState.new(["s"])
    for index in range(4):
        state = state.update_with(far, index, 1, [0])
    with pytest.warns(ConvergenceWarning, match=r"'s' piles up at the edge.*larger bound"):
        estimate = state.estimate("s")
    assert not estimate.converged
    with pytest.warns(ConvergenceWarning, match="'s' piles up"):
        assert not state.skill_estimates()["s"].converged


def test_learner_state_rejects_too_few_quadrature_points() -> None:
    with pytest.raises(
        ValueError, match=r"'n_points' parameter of LearnerState must be an int >= 11"
    ):
        LearnerState.new(["s"], n_points=5)
