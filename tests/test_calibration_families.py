"""Per-family maths of the M-step: log-probabilities, analytic gradients, monotone steps."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adaptive_tutor.calibration._families import FAMILIES
from adaptive_tutor.calibration._mstep import m_step, objective
from adaptive_tutor.calibration._priors import Priors, prior_terms
from adaptive_tutor.irt import ItemParams, category_log_prob

CASES = [
    ("1PL", 2),
    ("2PL", 2),
    ("3PL", 2),
    ("4PL", 2),
    ("GRM", 4),
    ("GRM", 2),
    ("GPCM", 4),
    ("PCM", 3),
]
THETA = np.linspace(-4.0, 4.0, 11)


def _working(name: str, k: int, rng: np.random.Generator, n: int = 4) -> np.ndarray:
    family = FAMILIES[name]
    counts = rng.uniform(5, 50, size=(n, k))
    w = family.start(counts, 1.7) + rng.normal(0, 0.2, size=(n, family.n_params(k)))
    if name == "GRM":
        w[:, 1:] = np.sort(w[:, 1:], axis=1) + 0.1 * np.arange(k - 1)
    return w


@pytest.mark.parametrize(("name", "k"), CASES)
def test_gradient_matches_finite_differences(name: str, k: int) -> None:
    rng = np.random.default_rng(1)
    family = FAMILIES[name]
    w = _working(name, k, rng)
    _, grad = family.log_prob_grad(w, THETA, 1.7)
    h = 1e-6
    for p in range(w.shape[1]):
        step = np.zeros_like(w)
        step[:, p] = h
        numeric = family.log_prob(w + step, THETA, 1.7) - family.log_prob(w - step, THETA, 1.7)
        np.testing.assert_allclose(grad[:, p], numeric / (2 * h), atol=1e-6)


@pytest.mark.parametrize(("name", "k"), CASES)
def test_log_prob_matches_irt_package(name: str, k: int) -> None:
    rng = np.random.default_rng(2)
    family = FAMILIES[name]
    w = _working(name, k, rng)
    natural = family.to_natural(w)
    if name in ("1PL", "2PL", "3PL", "4PL"):
        params = ItemParams.dichotomous(
            natural.a,
            natural.b,
            natural.c if name in ("3PL", "4PL") else None,
            natural.d if name == "4PL" else None,
            model=name,
            D=1.7,
        )
    elif name == "GRM":
        params = ItemParams.graded(natural.a, natural.steps, D=1.7)
    else:
        params = ItemParams.partial_credit(natural.a, natural.steps, model=name, D=1.7)
    ours = family.log_prob(w, THETA, 1.7)
    theirs = category_log_prob(params, THETA).transpose(0, 2, 1)
    np.testing.assert_allclose(ours, theirs, atol=1e-10)


@pytest.mark.parametrize(("name", "k"), CASES)
def test_natural_round_trip(name: str, k: int) -> None:
    family = FAMILIES[name]
    w = _working(name, k, np.random.default_rng(3))
    np.testing.assert_allclose(family.from_natural(family.to_natural(w)), w, atol=1e-10)


@settings(max_examples=25, deadline=None)
@given(st.sampled_from(CASES), st.integers(0, 10_000))
def test_m_step_never_decreases_the_objective(case: tuple[str, int], seed: int) -> None:
    name, k = case
    rng = np.random.default_rng(seed)
    family = FAMILIES[name]
    names = family.param_names(k)
    w = _working(name, k, rng)
    counts = rng.gamma(1.0, 20.0, size=(w.shape[0], k, THETA.size))
    priors = Priors() if name in ("3PL", "4PL") else None
    before = objective(family, names, w, counts, THETA, 1.0, priors)
    after = objective(
        family,
        names,
        m_step(family, names, w, counts, THETA, 1.0, priors),
        counts,
        THETA,
        1.0,
        priors,
    )
    assert np.all(after >= before - 1e-9 * np.abs(before))


def test_m_step_recovers_complete_data_2pl() -> None:
    """With counts equal to expected category probabilities, the M-step finds the truth."""
    family = FAMILIES["2PL"]
    truth = np.array([[np.log(1.3), -0.4], [np.log(0.7), 1.1]])
    prob = np.exp(family.log_prob(truth, THETA, 1.0))
    counts = 1000.0 * prob
    start = np.zeros_like(truth)
    fitted = m_step(family, family.param_names(2), start, counts, THETA, 1.0, None)
    np.testing.assert_allclose(fitted, truth, atol=1e-6)


def test_prior_gradient_matches_finite_differences() -> None:
    names = ("a", "b", "c", "d")
    w = np.array([[0.3, 0.1, -1.2, -2.5], [-0.2, 1.0, -0.8, -3.0]])
    _, grad, curvature = prior_terms(Priors(), names, w)
    h = 1e-6
    for p in range(4):
        step = np.zeros_like(w)
        step[:, p] = h
        up, down = (
            prior_terms(Priors(), names, w + step)[0],
            prior_terms(Priors(), names, w - step)[0],
        )
        np.testing.assert_allclose(grad[:, p], (up - down) / (2 * h), atol=1e-6)
        wide = step * 100
        second = (
            prior_terms(Priors(), names, w + wide)[0]
            - 2 * prior_terms(Priors(), names, w)[0]
            + prior_terms(Priors(), names, w - wide)[0]
        ) / (100 * h) ** 2
        np.testing.assert_allclose(-curvature[:, p], second, atol=1e-4)


def test_priors_reject_bad_values() -> None:
    with pytest.raises(ValueError, match="log_a sd"):
        Priors(log_a=(0.0, -1.0))
    with pytest.raises(ValueError, match="pair"):
        Priors(c=(5.0,))  # type: ignore[arg-type]
