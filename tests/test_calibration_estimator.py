"""Calibrator: scikit-learn estimator contract, anchors, warm starts and bank output."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.base import clone

from adaptive_tutor.calibration import Calibrator, Priors
from adaptive_tutor.exceptions import (
    ConvergenceWarning,
    IdentificationWarning,
    NotFittedError,
    ResponseDataError,
)
from adaptive_tutor.irt import ItemParams
from adaptive_tutor.item_bank import ItemBank
from calibration_sim import bank_of, simulate, to_long


@pytest.fixture(scope="module")
def truth() -> ItemParams:
    rng = np.random.default_rng(5)
    return ItemParams.dichotomous(rng.uniform(0.8, 1.8, 16), rng.normal(0, 1, 16))


@pytest.fixture(scope="module")
def responses(truth: ItemParams) -> np.ndarray:
    return simulate(truth, 2500, seed=6)


def test_init_only_stores_arguments() -> None:
    calibrator = Calibrator(model="3PL", tol=1e-3, priors=None)
    assert calibrator.get_params()["model"] == "3PL"
    assert calibrator.get_params()["tol"] == 1e-3
    assert not [name for name in vars(calibrator) if name.endswith("_")]


def test_init_is_keyword_only() -> None:
    with pytest.raises(TypeError):
        Calibrator("2PL")  # type: ignore[misc]


def test_clone_copies_parameters_not_fit(responses: np.ndarray) -> None:
    fitted = Calibrator(model="2PL", max_iter=300, priors=Priors(log_a=(0.0, 1.0))).fit(responses)
    copy = clone(fitted)
    assert copy.get_params() == fitted.get_params()
    with pytest.raises(NotFittedError):
        _ = copy.item_params_


def test_set_params_changes_setting() -> None:
    calibrator = Calibrator().set_params(n_points=21, model="GRM")
    assert (calibrator.n_points, calibrator.model) == (21, "GRM")


def test_not_fitted_error_before_fit() -> None:
    with pytest.raises(NotFittedError, match="call fit"):
        _ = Calibrator().log_likelihood_
    assert not hasattr(Calibrator(), "item_params_")


def test_fit_returns_self_and_sets_learned_attributes(responses: np.ndarray) -> None:
    calibrator = Calibrator(model="2PL")
    assert calibrator.fit(responses) is calibrator
    for name in (
        "item_params_",
        "item_se_",
        "log_likelihood_",
        "aic_",
        "bic_",
        "n_iter_",
        "converged_",
        "latent_mean_",
        "latent_sd_",
        "n_parameters_",
        "item_ids_",
    ):
        assert hasattr(calibrator, name), name
    assert calibrator.n_parameters_ == 32
    assert calibrator.aic_ == pytest.approx(64 - 2 * calibrator.log_likelihood_)
    assert (calibrator.latent_mean_, calibrator.latent_sd_) == (0.0, 1.0)


def test_standard_errors_shrink_with_more_learners(truth: ItemParams) -> None:
    small = Calibrator(model="2PL").fit(simulate(truth, 500, seed=7))
    large = Calibrator(model="2PL").fit(simulate(truth, 4000, seed=8))
    ratio = np.mean([s["b"] for s in small.item_se_]) / np.mean([s["b"] for s in large.item_se_])
    assert ratio == pytest.approx(np.sqrt(8), rel=0.25)


def test_convergence_warning_says_what_to_try(responses: np.ndarray) -> None:
    with pytest.warns(ConvergenceWarning, match="max_iter"):
        fit = Calibrator(model="2PL", max_iter=2).fit(responses)
    assert not fit.converged_
    assert fit.n_iter_ == 2


def test_tuples_long_and_matrix_inputs_agree(responses: np.ndarray) -> None:
    ids = [f"q{j:04d}" for j in range(responses.shape[1])]
    frame = to_long(responses, ids)
    tuples = list(zip(frame.learner_id, frame.item_id, frame.response.astype(int), strict=True))
    by_matrix = Calibrator(model="2PL").fit(responses, item_ids=ids)
    by_frame = Calibrator(model="2PL").fit(frame)
    by_tuples = Calibrator(model="2PL").fit(tuples)
    np.testing.assert_allclose(by_frame.item_params_.b, by_matrix.item_params_.b, atol=1e-6)
    np.testing.assert_allclose(by_tuples.item_params_.a, by_matrix.item_params_.a, atol=1e-6)


def test_to_frame_lists_every_parameter(responses: np.ndarray) -> None:
    frame = Calibrator(model="2PL").fit(responses).to_frame()
    assert len(frame) == 32
    assert set(frame.parameter) == {"a", "b"}
    assert frame.se.notna().all()


def test_anchors_put_new_items_on_the_bank_scale(truth: ItemParams) -> None:
    ids = [f"q{j:02d}" for j in range(16)]
    bank = bank_of(truth, ids)
    # new cohort: abler (mean 0.5) and more spread (sd 1.3) than the bank's scale
    X = simulate(truth, 4000, seed=9, mean=0.5, sd=1.3)
    anchors = ids[:8]
    fit = Calibrator(anchors=anchors, tol=1e-5).fit(X, bank=bank)
    assert fit.latent_mean_ == pytest.approx(0.5, abs=0.08)
    assert fit.latent_sd_ == pytest.approx(1.3, abs=0.08)
    np.testing.assert_allclose(fit.item_params_.a[:8], truth.a[:8])
    np.testing.assert_allclose(fit.item_params_.b[:8], truth.b[:8])
    assert np.sqrt(np.mean((fit.item_params_.b[8:] - truth.b[8:]) ** 2)) < 0.1
    assert fit.anchored_ == tuple(anchors)
    assert all(se is None for se in fit.item_se_[:8])
    # without anchors the new cohort defines the scale: b' = (b - 0.5) / 1.3
    free = Calibrator().fit(X, bank=bank)
    assert np.sqrt(np.mean((free.item_params_.b - (truth.b - 0.5) / 1.3) ** 2)) < 0.1


def test_anchors_need_a_bank(responses: np.ndarray) -> None:
    with pytest.raises(ValueError, match="bank"):
        Calibrator(anchors=["item_0"]).fit(responses)


def test_item_bank_output_carries_new_parameters(truth: ItemParams, responses: np.ndarray) -> None:
    ids = [f"q{j:02d}" for j in range(16)]
    guessed = ItemParams.dichotomous(np.ones(16), np.zeros(16))
    bank = bank_of(guessed, ids)
    fit = Calibrator().fit(responses, bank=bank)
    calibrated = fit.item_bank_
    assert isinstance(calibrated, ItemBank)
    np.testing.assert_allclose(calibrated.params.b, fit.item_params_.b)
    assert calibrated[ids[0]].irt.se["a"] == pytest.approx(fit.item_se_[0]["a"])
    assert "MML-EM" in calibrated[ids[0]].irt.calibration
    again = ItemBank.from_json(calibrated.to_json())
    np.testing.assert_allclose(again.params.a, fit.item_params_.a)


def test_to_item_bank_keeps_items_without_responses(truth: ItemParams) -> None:
    ids = [f"q{j:02d}" for j in range(16)]
    bank = bank_of(truth, ids)
    X = simulate(truth, 2000, seed=10)
    frame = to_long(X[:, :12], ids[:12])
    fit = Calibrator().fit(frame, bank=bank)
    calibrated = fit.to_item_bank(bank)
    np.testing.assert_allclose(calibrated.params.b[12:], truth.b[12:])
    assert calibrated.params.b[0] == pytest.approx(fit.item_params_.b[0])


def test_to_item_bank_notes_only_the_items_it_estimated(truth: ItemParams) -> None:
    ids = [f"q{j:02d}" for j in range(16)]
    bank = bank_of(truth, ids)
    before = bank[ids[0]].irt.calibration
    frame = to_long(simulate(truth, 2000, seed=10)[:, :12], ids[:12])
    fit = Calibrator(anchors=ids[:2]).fit(frame, bank=bank)
    calibrated = fit.to_item_bank(bank)
    notes = [item.irt.calibration for item in calibrated]
    assert notes[:2] == [before, before]  # anchored: the bank's values, the bank's note
    assert all("MML-EM" in (note or "") for note in notes[2:12])
    assert notes[12:] == [before] * 4  # no responses: untouched
    assert calibrated[ids[0]].irt == bank[ids[0]].irt


def test_to_item_bank_drops_the_old_errors_of_re_estimated_items(truth: ItemParams) -> None:
    ids = [f"q{j:02d}" for j in range(16)]
    old = [{"a": 0.5, "b": 0.5}] * 16
    bank = bank_of(truth, ids).with_params(bank_of(truth, ids).params, se=old)
    fit = Calibrator(standard_errors=False).fit(
        to_long(simulate(truth, 1000, seed=12)[:, :12], ids[:12]), bank=bank
    )
    calibrated = fit.to_item_bank(bank)
    assert [item.irt.se is None for item in calibrated] == [True] * 12 + [False] * 4


def test_warm_start_from_bank_converges_faster(truth: ItemParams, responses: np.ndarray) -> None:
    ids = [f"q{j:02d}" for j in range(16)]
    bank = bank_of(truth, ids)
    cold = Calibrator().fit(responses, bank=bank)
    warm = Calibrator(warm_start=True).fit(responses, bank=bank)
    assert warm.n_iter_ < cold.n_iter_
    np.testing.assert_allclose(warm.item_params_.b, cold.item_params_.b, atol=2e-3)


def test_model_taken_from_bank_when_not_given() -> None:
    rng = np.random.default_rng(12)
    truth = ItemParams.concatenate(
        [
            ItemParams.dichotomous(rng.uniform(1, 2, 8), rng.normal(0, 1, 8)),
            ItemParams.graded(rng.uniform(1, 2, 3), [[-1.0, 0.5], [-0.5, 1.0], [0.0, 1.2]]),
        ]
    )
    ids = [f"q{j:02d}" for j in range(11)]
    fit = Calibrator(standard_errors=False).fit(
        simulate(truth, 2000, seed=13), bank=bank_of(truth, ids)
    )
    assert fit.models_ == ("2PL",) * 8 + ("GRM",) * 3


# ---------------------------------------------------------------- identification
def _two_pl(n_items: int, n_learners: int, seed: int) -> np.ndarray:
    truth = ItemParams.dichotomous(np.linspace(0.8, 1.5, n_items), np.linspace(-0.5, 0.8, n_items))
    return simulate(truth, n_learners, seed=seed)


@pytest.mark.parametrize(("n_items", "model"), [(1, "2PL"), (2, "2PL"), (1, "1PL")])
def test_design_with_too_few_items_for_the_model_is_refused(n_items: int, model: str) -> None:
    with pytest.raises(ResponseDataError, match=r"cannot identify .* Add items"):
        Calibrator(model=model).fit(_two_pl(n_items, 400, seed=11))


def test_too_few_items_with_priors_warns_that_priors_decide() -> None:
    with pytest.warns(IdentificationWarning, match="determined by the priors"):
        Calibrator(model="2PL", priors=Priors(log_a=(0.0, 0.5))).fit(_two_pl(2, 400, seed=12))


def test_singular_information_gives_nan_standard_errors_and_a_library_warning() -> None:
    # two disconnected 2-item blocks: enough items overall, but neither block identifies
    # its slopes (the old code reported finite standard errors here)
    responses = _two_pl(4, 600, seed=13)
    responses[:300, 2:] = np.nan
    responses[300:, :2] = np.nan
    with pytest.warns(IdentificationWarning, match="not identified"):
        fit = Calibrator(model="2PL").fit(responses)
    assert fit.item_se_ is not None
    assert all(np.isnan(se["a"]) and np.isnan(se["b"]) for se in fit.item_se_)


def test_to_item_bank_leaves_unidentified_standard_errors_out() -> None:
    # the disconnected design above: the bank cannot store NaN, so a calibrated bank
    # used to be refused by its own validation ("must be a finite number, not nan")
    responses = _two_pl(4, 600, seed=13)
    responses[:300, 2:] = np.nan
    responses[300:, :2] = np.nan
    ids = [f"item_{j}" for j in range(4)]
    bank = bank_of(ItemParams.dichotomous(np.ones(4), np.zeros(4)), ids)
    with pytest.warns(IdentificationWarning):
        fit = Calibrator(model="2PL").fit(to_long(responses, ids), bank=bank)
    calibrated = fit.to_item_bank(bank)
    assert all(item.irt.se is None for item in calibrated)
    np.testing.assert_allclose(calibrated.params.b, fit.item_params_.b)
    assert ItemBank.from_json(calibrated.to_json()).item_ids == bank.item_ids


def test_identified_design_keeps_finite_standard_errors(responses: np.ndarray) -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error", IdentificationWarning)
        fit = Calibrator(model="2PL").fit(responses[:, :3])
    assert fit.item_se_ is not None
    assert all(0 < se["a"] < 1 and 0 < se["b"] < 1 for se in fit.item_se_)


def test_diverging_slope_is_reported_as_a_data_problem() -> None:
    responses = _two_pl(5, 1000, seed=14)
    responses[:, 0] = responses[:, 1:].sum(axis=1) >= 2  # a perfect Guttman step
    with pytest.raises(ResponseDataError, match=r"item 'item_0'.*field 'a'.*priors="):
        Calibrator(model="2PL").fit(responses)
