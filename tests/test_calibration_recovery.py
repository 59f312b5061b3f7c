"""Seeded parameter recovery for every item family."""

from __future__ import annotations

import numpy as np
import pytest

from adaptive_tutor.calibration import (
    Calibrator,
    Priors,
    _estep,
    prepare_responses,
)
from adaptive_tutor.irt import ItemParams
from calibration_sim import rmse, simulate, to_long


def _ordered(rng: np.random.Generator, n_items: int, n_steps: int) -> np.ndarray:
    centre = rng.normal(0.0, 0.8, size=(n_items, 1))
    spacing = rng.uniform(0.5, 1.2, size=(n_items, n_steps))
    steps = np.cumsum(spacing, axis=1)
    return centre + steps - steps.mean(axis=1, keepdims=True)


def test_2pl_recovery_5000_by_50() -> None:
    rng = np.random.default_rng(11)
    truth = ItemParams.dichotomous(rng.uniform(0.7, 2.0, 50), rng.normal(0, 1, 50))
    X = simulate(truth, 5000, seed=12)
    fit = Calibrator(model="2PL", standard_errors=False).fit(X)
    assert fit.converged_
    assert rmse(fit.item_params_.a, truth.a) <= 0.06
    assert rmse(fit.item_params_.b, truth.b) <= 0.06


def test_3pl_recovery_with_priors_5000_by_40() -> None:
    rng = np.random.default_rng(21)
    truth = ItemParams.dichotomous(
        rng.uniform(0.8, 2.0, 40), rng.normal(0, 1, 40), c=rng.uniform(0.1, 0.3, 40)
    )
    X = simulate(truth, 5000, seed=22)
    fit = Calibrator(model="3PL", standard_errors=False).fit(X)
    assert fit.converged_
    assert rmse(fit.item_params_.b, truth.b) <= 0.12
    assert rmse(fit.item_params_.c, truth.c) <= 0.06


def test_4pl_recovery_with_priors() -> None:
    rng = np.random.default_rng(31)
    truth = ItemParams.dichotomous(
        rng.uniform(1.0, 2.0, 20),
        rng.normal(0, 0.8, 20),
        c=rng.uniform(0.1, 0.25, 20),
        d=rng.uniform(0.9, 0.98, 20),
    )
    X = simulate(truth, 5000, seed=32)
    fit = Calibrator(model="4PL", standard_errors=False).fit(X)
    assert fit.converged_
    assert rmse(fit.item_params_.b, truth.b) <= 0.2
    assert rmse(fit.item_params_.d, truth.d) <= 0.05


def test_grm_recovery_3000_by_20_four_categories() -> None:
    rng = np.random.default_rng(41)
    thresholds = _ordered(rng, 20, 3)
    truth = ItemParams.graded(rng.uniform(0.8, 2.0, 20), thresholds)
    X = simulate(truth, 3000, seed=42)
    fit = Calibrator(model="GRM", standard_errors=False).fit(X)
    assert fit.converged_
    assert rmse(fit.item_params_.a, truth.a) <= 0.08
    assert rmse(fit.item_params_.steps, thresholds) <= 0.08


def test_gpcm_recovery() -> None:
    rng = np.random.default_rng(51)
    steps = _ordered(rng, 15, 3)
    truth = ItemParams.partial_credit(rng.uniform(0.8, 1.8, 15), steps)
    X = simulate(truth, 3000, seed=52)
    fit = Calibrator(model="GPCM", standard_errors=False).fit(X)
    assert fit.converged_
    assert rmse(fit.item_params_.a, truth.a) <= 0.08
    assert rmse(fit.item_params_.steps, steps) <= 0.12


def test_pcm_recovery_estimates_latent_sd() -> None:
    rng = np.random.default_rng(61)
    steps = _ordered(rng, 12, 2)
    truth = ItemParams.partial_credit(np.ones(12), steps, model="PCM")
    X = simulate(truth, 3000, seed=62, sd=1.4)
    fit = Calibrator(model="PCM", standard_errors=False).fit(X)
    assert fit.latent_sd_ == pytest.approx(1.4, abs=0.07)
    assert rmse(fit.item_params_.steps, steps) <= 0.1


def test_1pl_recovers_latent_variance() -> None:
    rng = np.random.default_rng(71)
    truth = ItemParams.dichotomous(np.ones(30), rng.normal(0, 1, 30), model="1PL")
    X = simulate(truth, 4000, seed=72, sd=0.6)
    fit = Calibrator(model="1PL", standard_errors=False).fit(X)
    assert fit.converged_
    assert fit.latent_sd_ == pytest.approx(0.6, abs=0.03)
    assert fit.latent_mean_ == 0.0
    assert rmse(fit.item_params_.b, truth.b) <= 0.06
    assert np.all(fit.item_params_.a == 1.0)


def test_mixed_format_recovery() -> None:
    rng = np.random.default_rng(81)
    dich = ItemParams.dichotomous(rng.uniform(0.8, 2.0, 20), rng.normal(0, 1, 20))
    graded = ItemParams.graded(rng.uniform(0.8, 2.0, 6), _ordered(rng, 6, 2))
    truth = ItemParams.concatenate([dich, graded])
    X = simulate(truth, 3000, seed=82)
    models = {f"item_{j}": "2PL" if j < 20 else "GRM" for j in range(26)}
    fit = Calibrator(model=models, standard_errors=False).fit(X)
    assert fit.models_ == ("2PL",) * 20 + ("GRM",) * 6
    assert rmse(fit.item_params_.a, truth.a) <= 0.1
    assert rmse(fit.item_params_.b, truth.b) <= 0.1


def test_sparse_log_recovers_2pl() -> None:
    rng = np.random.default_rng(91)
    truth = ItemParams.dichotomous(rng.uniform(0.8, 2.0, 40), rng.normal(0, 1, 40))
    X = simulate(truth, 8000, seed=92, density=0.25)
    fit = Calibrator(model="2PL", standard_errors=False).fit(to_long(X))
    assert fit.n_responses_ == int((~np.isnan(X)).sum())
    assert rmse(fit.item_params_.a, truth.a) <= 0.15
    assert rmse(fit.item_params_.b, truth.b) <= 0.1


def test_dense_matrix_and_sparse_log_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    """A dense matrix (collapsed to response patterns) and the same data as an uncollapsed
    long-format log give the same estimates, log-likelihood and standard errors."""
    rng = np.random.default_rng(101)
    truth = ItemParams.dichotomous(rng.uniform(0.8, 2.0, 6), rng.normal(0, 1, 6))
    X = simulate(truth, 3000, seed=102)
    ids = [f"q{j:04d}" for j in range(6)]
    assert _estep.build_design(prepare_responses(X), 2).n_rows <= 64
    dense = Calibrator(model="2PL", tol=1e-7).fit(X, item_ids=ids)
    monkeypatch.setattr(_estep, "_COLLAPSE_MIN_DENSITY", 2.0)
    sparse = Calibrator(model="2PL", tol=1e-7).fit(to_long(X))
    np.testing.assert_allclose(sparse.item_params_.a, dense.item_params_.a, atol=1e-6)
    np.testing.assert_allclose(sparse.item_params_.b, dense.item_params_.b, atol=1e-6)
    assert sparse.log_likelihood_ == pytest.approx(dense.log_likelihood_, abs=1e-6)
    se_dense = [s["a"] for s in dense.item_se_]
    se_sparse = [s["a"] for s in sparse.item_se_]
    np.testing.assert_allclose(se_sparse, se_dense, rtol=1e-5)


def test_custom_priors_shrink_slopes() -> None:
    rng = np.random.default_rng(111)
    truth = ItemParams.dichotomous(rng.uniform(1.5, 2.5, 10), rng.normal(0, 1, 10))
    X = simulate(truth, 300, seed=112)
    free = Calibrator(model="2PL", priors=None, standard_errors=False).fit(X)
    shrunk = Calibrator(model="2PL", priors=Priors(log_a=(0.0, 0.2)), standard_errors=False).fit(X)
    assert np.mean(np.abs(np.log(shrunk.item_params_.a))) < np.mean(
        np.abs(np.log(free.item_params_.a))
    )
    assert shrunk.log_prior_ != 0.0
    assert free.log_prior_ == 0.0
