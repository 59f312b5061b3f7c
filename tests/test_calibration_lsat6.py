"""LSAT-6 (Bock & Lieberman 1970): 1000 learners x 5 items, the classic MML benchmark."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from adaptive_tutor.calibration import Calibrator
from adaptive_tutor.calibration._data import prepare_responses
from adaptive_tutor.calibration._em import log_prob_table
from adaptive_tutor.calibration._estep import build_design, posterior
from adaptive_tutor.irt import ItemParams, normal_grid

PUBLISHED_A = np.array([0.825, 0.723, 0.890, 0.689, 0.658])
PUBLISHED_B = np.array([-3.36, -1.37, -0.28, -1.87, -3.12])
PUBLISHED_LOGLIK = -2466.65


@pytest.fixture(scope="module")
def lsat6() -> np.ndarray:
    table = pd.read_csv(Path(__file__).parent / "data" / "lsat6_patterns.csv")
    patterns = table.drop(columns="frequency").to_numpy(dtype=float)
    return np.repeat(patterns, table["frequency"].to_numpy(), axis=0)


@pytest.fixture(scope="module")
def fitted(lsat6: np.ndarray) -> Calibrator:
    return Calibrator(model="2PL", n_points=61, tol=1e-6).fit(lsat6)


def test_lsat6_table_has_1000_learners(lsat6: np.ndarray) -> None:
    assert lsat6.shape == (1000, 5)
    assert lsat6.sum(axis=0).tolist() == [924, 709, 553, 763, 870]


def test_lsat6_2pl_reproduces_published_slopes(fitted: Calibrator) -> None:
    np.testing.assert_allclose(fitted.item_params_.a, PUBLISHED_A, atol=0.01)


def test_lsat6_2pl_reproduces_published_difficulties(fitted: Calibrator) -> None:
    np.testing.assert_allclose(fitted.item_params_.b, PUBLISHED_B, atol=0.01)


def test_lsat6_2pl_reproduces_published_log_likelihood(fitted: Calibrator) -> None:
    assert fitted.converged_
    assert fitted.log_likelihood_ == pytest.approx(PUBLISHED_LOGLIK, abs=0.01)
    assert fitted.aic_ == pytest.approx(2 * 10 + 2 * 2466.653, abs=0.02)
    assert fitted.bic_ == pytest.approx(10 * np.log(1000) + 2 * 2466.653, abs=0.02)


def test_lsat6_rasch_estimates_latent_sd(lsat6: np.ndarray) -> None:
    fit = Calibrator(model="1PL", n_points=61, tol=1e-6).fit(lsat6)
    # mirt / ltm Rasch fit with free latent variance: logLik -2466.94, sd 0.755
    assert fit.log_likelihood_ == pytest.approx(-2466.94, abs=0.01)
    assert fit.latent_sd_ == pytest.approx(0.755, abs=0.005)
    assert fit.n_parameters_ == 6


def test_lsat6_standard_errors_match_observed_information(
    lsat6: np.ndarray, fitted: Calibrator
) -> None:
    """Cross-product SEs agree with SEs from a finite-difference observed information."""
    data = prepare_responses(lsat6)
    design = build_design(data, 2)
    grid = normal_grid(61, 6.0)
    a, b = fitted.item_params_.a.copy(), fitted.item_params_.b.copy()

    def loglik(x: np.ndarray) -> float:
        params = ItemParams.dichotomous(x[:5], x[5:])
        table = log_prob_table(params, grid.nodes, 2)
        _, marginal = posterior(design, table, grid.log_weights)
        return float(design.weights @ marginal)

    x0 = np.concatenate([a, b])
    h = 1e-4
    hessian = np.empty((10, 10))
    for i in range(10):
        for j in range(10):
            e_i, e_j = np.eye(10)[i] * h, np.eye(10)[j] * h
            hessian[i, j] = (
                loglik(x0 + e_i + e_j)
                - loglik(x0 + e_i - e_j)
                - loglik(x0 - e_i + e_j)
                + loglik(x0 - e_i - e_j)
            ) / (4 * h * h)
    observed = np.sqrt(np.diag(np.linalg.inv(-hessian)))
    ours = np.array(
        [[se["a"] for se in fitted.item_se_], [se["b"] for se in fitted.item_se_]]
    ).ravel()
    np.testing.assert_allclose(ours, observed, rtol=0.1)


def test_lsat6_collapses_to_response_patterns(lsat6: np.ndarray) -> None:
    design = build_design(prepare_responses(lsat6), 2)
    assert design.n_rows == 30  # 32 patterns, two of them with frequency 0
    assert design.weights.sum() == 1000
