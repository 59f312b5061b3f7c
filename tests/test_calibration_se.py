"""Standard-error modes: pinned full-mode values, item-mode agreement, coverage, choice."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from adaptive_tutor.calibration import Calibrator
from adaptive_tutor.irt import ItemParams
from calibration_sim import simulate
from se_scenarios import SCENARIOS, standard_error_table

PINNED = json.loads((Path(__file__).parent / "data" / "calibration_se_pinned.json").read_text())


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_full_mode_reproduces_the_pinned_standard_errors(name: str) -> None:
    calibrator, responses, fit_options = SCENARIOS[name]()
    fit = calibrator.set_params(standard_errors="full").fit(responses, **fit_options)
    assert fit.standard_errors_ == "full"
    np.testing.assert_allclose(
        standard_error_table(fit), PINNED[name]["se"], rtol=1e-8, equal_nan=True
    )


def _eight_items(seed: int, n_learners: int = 1500) -> tuple[ItemParams, np.ndarray]:
    truth = ItemParams.dichotomous(np.linspace(0.8, 1.8, 8), np.linspace(-1.2, 1.0, 8))
    return truth, simulate(truth, n_learners, seed=seed)


def _numerical_hessian(responses: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Central second differences of the marginal log-likelihood in (a, b)."""
    from adaptive_tutor.calibration._data import prepare_responses
    from adaptive_tutor.calibration._em import log_prob_table
    from adaptive_tutor.calibration._estep import build_design, posterior
    from adaptive_tutor.irt import normal_grid

    design = build_design(prepare_responses(responses), 2)
    grid = normal_grid(41, 6.0)
    n = a.size

    def loglik(x: np.ndarray) -> float:
        table = log_prob_table(ItemParams.dichotomous(x[:n], x[n:]), grid.nodes, 2)
        return float(design.weights @ posterior(design, table, grid.log_weights)[1])

    x0, h, size = np.concatenate([a, b]), 1e-4, 2 * n
    step = np.eye(size) * h
    hessian = np.empty((size, size))
    for i in range(size):
        for j in range(i, size):
            value = (
                loglik(x0 + step[i] + step[j])
                - loglik(x0 + step[i] - step[j])
                - loglik(x0 - step[i] + step[j])
                + loglik(x0 - step[i] - step[j])
            ) / (4 * h * h)
            hessian[i, j] = hessian[j, i] = value
    return hessian


@pytest.fixture(scope="module")
def eight_item_fits() -> tuple[np.ndarray, Calibrator, Calibrator]:
    _, responses = _eight_items(seed=201)
    full = Calibrator(model="2PL", tol=1e-6, standard_errors="full").fit(responses)
    item = Calibrator(model="2PL", tol=1e-6, standard_errors="item").fit(responses)
    return responses, full, item


def _se_vector(fit: Calibrator) -> np.ndarray:
    return np.array([[s["a"] for s in fit.item_se_], [s["b"] for s in fit.item_se_]]).ravel()


def test_full_mode_agrees_with_numerical_second_derivatives(
    eight_item_fits: tuple[np.ndarray, Calibrator, Calibrator],
) -> None:
    responses, full, _ = eight_item_fits
    hessian = _numerical_hessian(responses, full.item_params_.a, full.item_params_.b)
    observed = np.sqrt(np.diag(np.linalg.inv(-hessian)))
    np.testing.assert_allclose(_se_vector(full), observed, rtol=0.1)


def test_item_mode_agrees_with_per_item_numerical_second_derivatives(
    eight_item_fits: tuple[np.ndarray, Calibrator, Calibrator],
) -> None:
    responses, _, item = eight_item_fits
    hessian = _numerical_hessian(responses, item.item_params_.a, item.item_params_.b)
    observed = np.empty(16)
    for j in range(8):
        block = np.ix_([j, 8 + j], [j, 8 + j])
        observed[[j, 8 + j]] = np.sqrt(np.diag(np.linalg.inv(-hessian[block])))
    np.testing.assert_allclose(_se_vector(item), observed, rtol=0.1)


def test_item_and_full_modes_agree_closely_and_item_is_never_larger(
    eight_item_fits: tuple[np.ndarray, Calibrator, Calibrator],
) -> None:
    _, full, item = eight_item_fits
    np.testing.assert_allclose(item.item_params_.b, full.item_params_.b)
    ratio = _se_vector(item) / _se_vector(full)
    assert ratio.max() <= 1.0 + 1e-9
    assert ratio.min() > 0.85


@pytest.mark.parametrize("mode", ["full", "item"])
def test_95_percent_intervals_cover_the_truth_about_95_percent_of_the_time(mode: str) -> None:
    covered = []
    for replication in range(30):
        truth, responses = _eight_items(seed=300 + replication, n_learners=800)
        fit = Calibrator(model="2PL", standard_errors=mode).fit(responses)
        estimate = np.concatenate([fit.item_params_.a, fit.item_params_.b])
        true = np.concatenate([truth.a, truth.b])
        covered.extend(np.abs(estimate - true) <= 1.959964 * _se_vector(fit))
    assert 0.92 <= np.mean(covered) <= 0.98


def test_auto_mode_takes_full_for_small_designs_and_records_it() -> None:
    _, responses = _eight_items(seed=401, n_learners=300)
    assert Calibrator(model="2PL").fit(responses).standard_errors_ == "full"


def test_auto_mode_takes_item_with_fewer_than_five_learners_per_parameter() -> None:
    # 16 free parameters, 70 learners: the cross-product information of all parameters
    # is near-singular (with fewer learners than parameters, singular: a log of 400
    # children on the 247-item arithmetic bank left every standard error NaN)
    _, responses = _eight_items(seed=404, n_learners=70)
    fit = Calibrator(model="2PL").fit(responses)
    assert fit.standard_errors_ == "item"
    assert all(np.isfinite(s["a"]) and np.isfinite(s["b"]) for s in fit.item_se_)


def test_auto_mode_takes_item_beyond_the_parameter_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    from adaptive_tutor.calibration import _calibrator

    monkeypatch.setattr(_calibrator, "_FULL_MAX_PARAMETERS", 10)
    _, responses = _eight_items(seed=402, n_learners=300)
    fit = Calibrator(model="2PL").fit(responses)
    assert fit.standard_errors_ == "item"
    assert all(np.isfinite(s["a"]) for s in fit.item_se_)


def test_no_standard_errors_records_none() -> None:
    _, responses = _eight_items(seed=403, n_learners=300)
    fit = Calibrator(model="2PL", standard_errors=False).fit(responses)
    assert (fit.standard_errors_, fit.item_se_) == (None, None)


@pytest.mark.parametrize("value", [True, "yes", None])
def test_unknown_standard_error_mode_is_refused(value: object) -> None:
    with pytest.raises(ValueError, match="'standard_errors' parameter of Calibrator"):
        Calibrator(standard_errors=value).fit(np.eye(3))  # type: ignore[arg-type]
