"""Tests for adaptive_tutor.simulation: engines, random streams, metrics and bad input."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from adaptive_tutor.estimation import EAP, ML
from adaptive_tutor.exceptions import ConvergenceWarning
from adaptive_tutor.item_bank import ItemBank
from adaptive_tutor.selection import (
    GradeBand,
    MaxExposureRate,
    MaxInformation,
    NoRepeat,
    PosteriorWeightedInformation,
    Randomesque,
    TargetProbability,
)
from adaptive_tutor.simulation import SimulationResult, exposure_metrics, simulate
from adaptive_tutor.simulation import _design as design_module
from adaptive_tutor.stopping import (
    AllOf,
    AnyOf,
    ConfidenceIntervalMastery,
    MasteryClassified,
    MaxItems,
    MinItems,
    SPRTMastery,
    StandardErrorBelow,
)

# Every bank field, so building the test banks announces no defaults (BankDefaultsWarning).
METADATA = {
    "id": "simulated",
    "title": "Simulated items",
    "subject": "mathematics",
    "language": "en",
    "grade_range": [1, 3],
    "provider": "adaptive_tutor tests",
    "licence": "CC0-1.0",
}


def _skills(ids: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"id": ids, "name": [f"Skill {i}" for i in ids], "grade": 1})


def _bank(n_items: int, seed: int, n_skills: int = 1, polytomous: bool = False) -> ItemBank:
    rng = np.random.default_rng(seed)
    skills = [f"skill-{k}" for k in range(n_skills)]
    frame = pd.DataFrame(
        {
            "item_id": [f"q{j:03d}" for j in range(n_items)],
            "skill": [skills[j % n_skills] for j in range(n_items)],
            "grade": [1 + j % 3 for j in range(n_items)],
            "prompt": "?",
            "answer": 1,
            "model": "2PL",
            "a": rng.lognormal(0.0, 0.25, n_items),
            "b": rng.normal(0.0, 1.0, n_items),
        }
    )
    if polytomous:  # every third item a 3-category graded item
        frame["thresholds"] = [
            sorted(rng.normal(0.0, 1.0, 2).tolist()) if j % 3 == 0 else None for j in range(n_items)
        ]
        frame.loc[frame.index % 3 == 0, "model"] = "GRM"
        frame.loc[frame.index % 3 == 0, "b"] = np.nan
        frame.loc[frame.index % 3 == 0, "answer"] = np.nan
        frame["max_score"] = np.where(frame.index % 3 == 0, 2, 1)
        for score, level in enumerate(["no step right", "one step right", "both steps right"]):
            frame[f"rubric_{score}"] = np.where(frame.index % 3 == 0, level, None)
    return ItemBank.from_dataframe(frame, metadata=METADATA, skills=_skills(skills))


@pytest.fixture(scope="module")
def bank() -> ItemBank:
    return _bank(120, seed=11)


@pytest.fixture(scope="module")
def skills_bank() -> ItemBank:
    return _bank(90, seed=12, n_skills=3)


# ----------------------------------------------------------------------------- pinned
def test_seeded_results_are_pinned(bank: ItemBank) -> None:
    result = simulate(bank, 40, stopping_rule=MaxItems(10), seed=123)
    metrics = result.metrics
    assert result.engine == "lockstep"
    assert metrics["rmse"] == pytest.approx(PINNED["rmse"], abs=1e-10)
    assert metrics["bias"] == pytest.approx(PINNED["bias"], abs=1e-10)
    assert metrics["max_exposure"] == pytest.approx(PINNED["max_exposure"], abs=1e-12)
    first = result.steps[result.steps["learner_id"] == "00"]
    assert first["item_id"].tolist() == PINNED["items_of_learner_0"]
    assert first["response"].tolist() == PINNED["responses_of_learner_0"]


PINNED: dict[str, object] = {
    "rmse": 0.38569808964263413,
    "bias": -0.007631353749923719,
    "max_exposure": 1.0,  # every learner starts with the item most informative at 0
    "items_of_learner_0": [
        "q117",
        "q112",
        "q094",
        "q074",
        "q001",
        "q081",
        "q107",
        "q070",
        "q010",
        "q050",
    ],
    "responses_of_learner_0": [0, 0, 0, 1, 0, 0, 1, 0, 1, 0],
}


def test_same_seed_same_result_and_other_seed_differs(bank: ItemBank) -> None:
    one = simulate(bank, 30, stopping_rule=MaxItems(8), seed=5)
    two = simulate(bank, 30, stopping_rule=MaxItems(8), seed=5)
    other = simulate(bank, 30, stopping_rule=MaxItems(8), seed=6)
    pd.testing.assert_frame_equal(one.steps, two.steps)
    assert not one.learners["true_theta"].equals(other.learners["true_theta"])


# ----------------------------------------------------------------------------- accuracy
def test_rmse_after_20_items_matches_the_bayesian_floor() -> None:
    # With abilities drawn from the EAP prior, the expected squared error of the posterior
    # mean equals the expected posterior variance: RMSE ~ the mean posterior SD.
    bank = _bank(300, seed=21)
    result = simulate(bank, 3000, stopping_rule=MaxItems(20), seed=2024)
    metrics = result.metrics
    assert metrics["mean_length"] == 20.0
    assert metrics["rmse"] == pytest.approx(metrics["mean_se"], rel=0.10)
    assert abs(metrics["bias"]) < 0.03


def test_ml_final_scoring_rescores_the_responses(bank: ItemBank) -> None:
    with pytest.warns(ConvergenceWarning, match="did not converge"):  # all-wrong pattern
        ml = simulate(bank, [-4.0, 0.0, 0.5], stopping_rule=MaxItems(6), estimator=ML(), seed=3)
    eap = simulate(bank, [-4.0, 0.0, 0.5], stopping_rule=MaxItems(6), seed=3)
    pd.testing.assert_frame_equal(ml.steps, eap.steps)  # selection uses the running EAP
    assert not np.allclose(ml.learners["theta"], eap.learners["theta"])


# ----------------------------------------------------------------------------- engines
DESIGNS = {
    "mfi-length": (MaxInformation(), MaxItems(12), {}),
    "mfi-randomesque-se": (
        MaxInformation(exposure=Randomesque(4)),
        AnyOf(MaxItems(25), AllOf(MinItems(3), StandardErrorBelow(0.45))),
        {},
    ),
    "target-variety": (TargetProbability(0.7, variety=0.2), MaxItems(10), {}),
    "grade-band-ml": (
        MaxInformation(eligibility=[NoRepeat(), GradeBand(1, 2)]),
        StandardErrorBelow(0.5),
        {"estimator": ML()},
    ),
    "narrow-grid": (MaxInformation(scope="overall"), MaxItems(9), {"estimator": EAP(n_points=31)}),
}


@pytest.mark.filterwarnings("ignore::adaptive_tutor.exceptions.ConvergenceWarning")
@pytest.mark.parametrize("name", list(DESIGNS))
def test_lockstep_equals_per_learner_sessions(bank: ItemBank, name: str) -> None:
    selector, stopper, extra = DESIGNS[name]
    runs = [
        simulate(
            bank, 10, selector=selector, stopping_rule=stopper, seed=77, engine=engine, **extra
        )
        for engine in ("lockstep", "per_learner")
    ]
    _assert_same_run(*runs)


@pytest.mark.parametrize(
    "selector", [TargetProbability(0.6), MaxInformation()], ids=["target", "information"]
)
def test_lockstep_equals_per_learner_for_skill_learners(
    skills_bank: ItemBank, selector: MaxInformation | TargetProbability
) -> None:
    stopper = AnyOf(MaxItems(30), MasteryClassified(ConfidenceIntervalMastery(0.0, level=0.8)))
    runs = [
        simulate(
            skills_bank,
            8,
            selector=selector,
            stopping_rule=stopper,
            per_skill=True,
            seed=9,
            engine=engine,
        )
        for engine in ("lockstep", "per_learner")
    ]
    _assert_same_run(*runs)


def test_lockstep_equals_per_learner_with_polytomous_items() -> None:
    bank = _bank(45, seed=4, polytomous=True)
    runs = [
        simulate(bank, 10, stopping_rule=MaxItems(8), seed=8, engine=engine)
        for engine in ("lockstep", "per_learner")
    ]
    _assert_same_run(*runs)
    assert set(runs[0].steps["response"]) == {0, 1, 2}


def test_lockstep_breaks_ties_like_the_sessions() -> None:
    twins = ItemBank.from_dataframe(
        pd.DataFrame(
            {
                "item_id": [f"t{j}" for j in range(12)],
                "skill": "s",
                "grade": 1,
                "prompt": "?",
                "answer": 1,
                "model": "2PL",
                "a": 1.0,
                "b": [0.0, 0.0, 0.0, 1.0, 1.0, 1.0, -1.0, -1.0, -1.0, 2.0, 2.0, 2.0],
            }
        ),
        metadata=METADATA,
        skills=_skills(["s"]),
    )
    runs = [
        simulate(twins, 15, stopping_rule=MaxItems(6), seed=13, engine=engine)
        for engine in ("lockstep", "per_learner")
    ]
    _assert_same_run(*runs)
    first_items = runs[0].steps.loc[runs[0].steps["step"] == 1, "item_id"]
    assert set(first_items) == {"t0", "t1", "t2"}  # random among the three tied items


def test_sprt_mastery_classifier_is_scored_per_learner_in_both_engines(bank: ItemBank) -> None:
    runs = [
        simulate(
            bank, 6, stopping_rule=MaxItems(8), mastery=SPRTMastery(0.0), seed=2, engine=engine
        )
        for engine in ("lockstep", "per_learner")
    ]
    _assert_same_run(*runs)


def _assert_same_run(lock: SimulationResult, ref: SimulationResult) -> None:
    assert (lock.engine, ref.engine) == ("lockstep", "per_learner")
    exact = ["learner_id", "step", "item_id", "skill_id", "true_theta", "response"]
    pd.testing.assert_frame_equal(lock.steps[exact], ref.steps[exact])
    np.testing.assert_allclose(lock.steps[["theta", "se"]], ref.steps[["theta", "se"]], atol=1e-10)
    pd.testing.assert_frame_equal(
        lock.learners.drop(columns=["theta", "se"]), ref.learners.drop(columns=["theta", "se"])
    )
    np.testing.assert_allclose(
        lock.learners[["theta", "se"]], ref.learners[["theta", "se"]], atol=1e-10
    )
    columns = ["learner_id", "skill_id", "n_responses", "mastery", "classified_correctly"]
    pd.testing.assert_frame_equal(lock.skills[columns], ref.skills[columns])
    np.testing.assert_allclose(
        lock.skills[["theta", "se"]], ref.skills[["theta", "se"]], atol=1e-10
    )


def test_results_do_not_depend_on_the_chunk_size(
    bank: ItemBank, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = simulate(bank, 50, selector=MaxInformation(exposure=Randomesque(3)), seed=31)
    monkeypatch.setattr(design_module, "CHUNK_CELLS", 7 * 2 * len(bank))  # 7 learners a chunk
    chunked = simulate(bank, 50, selector=MaxInformation(exposure=Randomesque(3)), seed=31)
    pd.testing.assert_frame_equal(whole.steps, chunked.steps)
    pd.testing.assert_frame_equal(whole.learners, chunked.learners)
    pd.testing.assert_frame_equal(whole.skills, chunked.skills)


def test_skills_given_as_a_function_are_built_once_when_first_read(bank: ItemBank) -> None:
    result = simulate(bank, 5, stopping_rule=MaxItems(3), seed=4)
    calls: list[int] = []

    def build() -> pd.DataFrame:
        calls.append(1)
        return result.skills

    lazy = SimulationResult(
        result.learners, result.steps, build, result.items, per_skill=False, engine="lockstep"
    )
    assert calls == []
    pd.testing.assert_frame_equal(lazy.skills, result.skills)
    assert lazy.metrics == result.metrics
    assert calls == [1]


def test_other_designs_run_per_learner_and_lockstep_request_says_why(bank: ItemBank) -> None:
    selector = PosteriorWeightedInformation()
    result = simulate(bank, 3, selector=selector, stopping_rule=MaxItems(3), seed=1)
    assert result.engine == "per_learner"
    assert "PosteriorWeightedInformation" in result.engine_note
    with pytest.raises(ValueError, match="cannot run this design in lock step: selector"):
        simulate(bank, 3, selector=selector, seed=1, engine="lockstep")


# ----------------------------------------------------------------------------- behaviour
def test_stop_reasons_and_lengths_follow_the_rules() -> None:
    small = _bank(6, seed=5)
    exhausted = simulate(small, 4, stopping_rule=MaxItems(20), seed=0)
    assert exhausted.learners["stop_reason"].unique().tolist() == ["bank_exhausted"]
    assert exhausted.learners["n_items"].unique().tolist() == [6]
    se_stop = simulate(_bank(200, seed=6), 30, stopping_rule=StandardErrorBelow(0.5), seed=0)
    assert set(se_stop.learners["stop_reason"]) == {"standard_error"}
    last = se_stop.steps.groupby("learner_id")["se"].last()
    assert (last < 0.5).all()
    assert se_stop.metrics["sd_length"] > 0


def test_randomesque_spreads_exposure(bank: ItemBank) -> None:
    best = simulate(bank, 200, stopping_rule=MaxItems(10), seed=4).metrics
    spread = simulate(
        bank,
        200,
        selector=MaxInformation(exposure=Randomesque(8)),
        stopping_rule=MaxItems(10),
        seed=4,
    ).metrics
    assert spread["max_exposure"] < best["max_exposure"]
    assert spread["overlap_rate"] < best["overlap_rate"]
    assert spread["share_never_used"] < best["share_never_used"]


def test_population_exposure_ceiling_runs_per_learner(bank: ItemBank) -> None:
    capped = simulate(
        bank,
        30,
        selector=MaxInformation(exposure=MaxExposureRate(0.3)),
        stopping_rule=MaxItems(5),
        seed=4,
    )
    assert capped.engine == "per_learner"
    assert capped.metrics["max_exposure"] < 0.5
    assert simulate(bank, 30, stopping_rule=MaxItems(5), seed=4).metrics["max_exposure"] == 1.0


def test_skill_learners_are_classified_against_true_mastery(skills_bank: ItemBank) -> None:
    rng = np.random.default_rng(0)
    abilities = rng.choice([-2.0, 2.0], size=(60, 3))
    result = simulate(
        skills_bank, abilities, selector=TargetProbability(0.5), stopping_rule=MaxItems(30), seed=1
    )
    skills = result.skills
    assert skills.shape == (180, 9)
    np.testing.assert_array_equal(skills["true_theta"], abilities.reshape(-1))
    cuts = dict(zip(skills_bank.skill_ids, skills_bank.skill_benchmarks, strict=True))
    true_cut = skills["skill_id"].map(cuts)  # the default classifier's grade-level cuts
    assert (skills["true_mastery"] == (skills["true_theta"] >= true_cut)).all()
    assert result.metrics["classification_accuracy_decided"] > 0.95
    # each item is answered with the ability of its skill
    steps = result.steps
    skill_column = steps["skill_id"].str.slice(-1).astype(int)
    np.testing.assert_array_equal(
        steps["true_theta"], abilities[steps["learner_id"].astype(int), skill_column]
    )


def test_drawn_skill_abilities_have_the_requested_correlation(skills_bank: ItemBank) -> None:
    result = simulate(
        skills_bank, 4000, per_skill=True, skill_correlation=0.6, stopping_rule=MaxItems(1), seed=8
    )
    wide = result.skills.pivot(index="learner_id", columns="skill_id", values="true_theta")
    correlation = np.corrcoef(wide.to_numpy().T)
    assert correlation[0, 1] == pytest.approx(0.6, abs=0.05)
    assert wide.to_numpy().std() == pytest.approx(1.0, abs=0.05)


def test_exposure_metrics_match_brute_force_overlap() -> None:
    rng = np.random.default_rng(3)
    n_items, tests = 12, []
    for _ in range(15):
        tests.append(set(rng.choice(n_items, size=rng.integers(2, 7), replace=False).tolist()))
    counts = np.bincount([i for t in tests for i in t], minlength=n_items)
    lengths = [len(t) for t in tests]
    shared = sum(len(x & y) for x, y in itertools.permutations(tests, 2))
    denominator = sum(len(x) for x, _ in itertools.permutations(tests, 2))
    metrics = exposure_metrics(counts, lengths)
    assert metrics["overlap_rate"] == pytest.approx(shared / denominator)
    rates = counts / len(tests)
    expected = np.mean(lengths) / n_items
    assert metrics["exposure_chi_square"] == pytest.approx(
        np.sum((rates - expected) ** 2 / expected)
    )


def test_conditional_frame_partitions_learners_by_decile(bank: ItemBank) -> None:
    result = simulate(bank, 95, stopping_rule=MaxItems(5), seed=12)
    conditional = result.conditional
    assert conditional["n"].sum() == 95
    assert conditional["true_theta"].is_monotonic_increasing
    errors = result.learners["theta"] - result.learners["true_theta"]
    pooled = np.sqrt(np.sum(conditional["n"] * conditional["rmse"] ** 2) / 95)
    assert pooled == pytest.approx(np.sqrt(np.mean(errors**2)))


def test_html_has_the_three_charts_and_escapes_text(bank: ItemBank) -> None:
    result = simulate(bank, 20, stopping_rule=MaxItems(4), seed=0)
    html = result._repr_html_()
    assert html.count("<svg") == 3
    assert "Simulation of an adaptive design" in html
    assert "<script" not in html
    by_step = result.by_step()
    assert by_step["step"].tolist() == [1, 2, 3, 4]
    assert (by_step["n"] == 20).all()


def test_to_html_writes_the_page_like_every_report(bank: ItemBank, tmp_path: Path) -> None:
    result = simulate(bank, 5, stopping_rule=MaxItems(2), seed=0)
    target = tmp_path / "design.html"
    html = result.to_html(target, generated_at="2026-12-01")
    assert target.read_text(encoding="utf-8") == html
    assert "2026-12-01" in html
    assert "2026-12-01" not in result.to_html()  # no stamp unless asked


def test_learner_ids_are_strings_that_sort_in_learner_order(bank: ItemBank) -> None:
    result = simulate(bank, 12, stopping_rule=MaxItems(1), seed=0)
    ids = result.learners["learner_id"].tolist()
    assert ids[:3] == ["00", "01", "02"]
    assert ids == sorted(ids)
    assert set(result.steps["learner_id"]) == set(ids) == set(result.skills["learner_id"])


# ----------------------------------------------------------------------------- bad input
@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"true_abilities_or_n": 0}, ValueError, "'true_abilities_or_n' parameter of simulate"),
        ({"true_abilities_or_n": True}, ValueError, "must be an int >= 1 or an array"),
        ({"true_abilities_or_n": [0.0, np.nan]}, ValueError, "finite abilities"),
        ({"true_abilities_or_n": np.zeros((3, 2))}, ValueError, r"\(n_learners, 1\)"),
        ({"true_abilities_or_n": []}, ValueError, "true_abilities_or_n"),
        ({"selector": "MFI"}, TypeError, "'selector' parameter of simulate"),
        ({"stopping_rule": 20}, TypeError, "'stopping_rule' parameter of simulate"),
        ({"estimator": "EAP"}, TypeError, "'estimator' parameter of simulate"),
        ({"mastery": 0.5}, TypeError, "'mastery' parameter of simulate"),
        ({"engine": "fast"}, ValueError, "'engine' parameter of simulate"),
        ({"seed": -1}, ValueError, "'seed' parameter of simulate"),
        ({"skill_correlation": 1.5}, ValueError, "'skill_correlation' parameter of simulate"),
        ({"per_skill": "yes"}, TypeError, "'per_skill' parameter of simulate"),
        (
            {"true_abilities_or_n": [0.0, 1.0], "per_skill": True},
            ValueError,
            "per_skill=True",
        ),
    ],
)
def test_bad_input_is_rejected_with_a_clear_message(
    bank: ItemBank, kwargs: dict[str, object], error: type[Exception], message: str
) -> None:
    arguments: dict[str, object] = {"true_abilities_or_n": 5, "seed": 0}
    arguments.update(kwargs)
    with pytest.raises(error, match=message):
        simulate(bank, **arguments)  # type: ignore[arg-type]


def test_a_non_bank_is_rejected() -> None:
    with pytest.raises(TypeError, match="'bank' parameter of simulate must be an ItemBank"):
        simulate({"items": []}, 5)  # type: ignore[arg-type]
