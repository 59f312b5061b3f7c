"""Ability estimators against independent brute force, plus their contract and properties."""

from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate, optimize
from scipy.stats import norm

from adaptive_tutor.estimation import EAP, MAP, ML, WLE, AbilityEstimate, AbilityEstimator
from adaptive_tutor.exceptions import ConvergenceWarning, ResponseDataError
from adaptive_tutor.irt import ItemParams
from irt_reference import (
    MODELS,
    category_probs,
    log_likelihood,
    random_record,
    simulate_pattern,
    warm_equation,
)

FAMILIES = (*MODELS, "mixed")
ESTIMATORS: list[AbilityEstimator] = [EAP(), MAP(), ML(), WLE()]


def _case(seed: int, family: str, n_items: int = 10) -> tuple[list[dict[str, Any]], np.ndarray]:
    """Random items of one family and four non-extreme patterns (some items skipped)."""
    rng = np.random.default_rng(seed)
    models = MODELS if family == "mixed" else (family,)
    records = [random_record(rng, models[i % len(models)]) for i in range(n_items)]
    patterns = []
    while len(patterns) < 4:
        pattern = simulate_pattern(rng, records, float(rng.normal()))
        pattern[int(rng.integers(n_items))] = math.nan
        tops = [len(category_probs(r, 0.0)) - 1 for r in records]
        observed = [(x, t) for x, t in zip(pattern, tops, strict=True) if not math.isnan(x)]
        if all(x == 0 for x, _ in observed) or all(x == t for x, t in observed):
            continue  # ML is undefined for extreme patterns; tested separately
        patterns.append(pattern)
    return records, np.array(patterns)


def _argmax_then_refine(objective: Any, low: float = -6.0, high: float = 6.0) -> float:
    grid = np.linspace(low, high, 2401)
    values = [objective(float(t)) for t in grid]
    best = float(grid[int(np.argmax(values))])
    step = grid[1] - grid[0]
    result = optimize.minimize_scalar(
        lambda t: -objective(t),
        bounds=(max(low, best - step), min(high, best + step)),
        method="bounded",
        options={"xatol": 1e-11},
    )
    return float(result.x)


@pytest.mark.parametrize("family", FAMILIES)
def test_eap_matches_numerical_integration(family: str) -> None:
    records, patterns = _case(10, family)
    result = EAP(n_points=161).estimate(ItemParams.from_records(records), patterns)
    for row, pattern in enumerate(patterns):

        def weight(t: float, pattern: np.ndarray = pattern) -> float:
            return math.exp(log_likelihood(records, list(pattern), t)) * norm.pdf(t)

        mass = integrate.quad(weight, -8, 8, epsabs=0, epsrel=1e-12, limit=200)[0]
        mean = integrate.quad(lambda t: t * weight(t), -8, 8, epsabs=0, limit=200)[0] / mass
        second = integrate.quad(lambda t: t * t * weight(t), -8, 8, epsabs=0, limit=200)[0]
        var = second / mass - mean**2
        assert result.theta[row] == pytest.approx(mean, abs=1e-6)
        assert result.se[row] == pytest.approx(math.sqrt(var), abs=1e-6)


@pytest.mark.parametrize("family", FAMILIES)
def test_map_matches_numerical_optimisation(family: str) -> None:
    records, patterns = _case(11, family)
    result = MAP(prior_mean=0.3, prior_sd=1.2).estimate(ItemParams.from_records(records), patterns)
    assert result.converged.all()
    for row, pattern in enumerate(patterns):
        mode = _argmax_then_refine(
            lambda t, p=pattern: log_likelihood(records, list(p), t) + norm.logpdf(t, 0.3, 1.2)
        )
        assert result.theta[row] == pytest.approx(mode, abs=1e-6)


@pytest.mark.parametrize("family", FAMILIES)
def test_ml_matches_numerical_optimisation(family: str) -> None:
    records, patterns = _case(12, family)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        result = ML().estimate(ItemParams.from_records(records), patterns)
    for row, pattern in enumerate(patterns):
        mode = _argmax_then_refine(lambda t, p=pattern: log_likelihood(records, list(p), t))
        if abs(mode) < 5.99:
            assert result.converged[row]
            assert result.theta[row] == pytest.approx(mode, abs=1e-6)
        else:  # the maximum lies beyond the bounds: reported at the bound, not converged
            assert not result.converged[row]
            assert abs(result.theta[row]) == 6.0


@pytest.mark.parametrize("family", FAMILIES)
def test_wle_solves_warms_equation(family: str) -> None:
    records, patterns = _case(13, family)
    result = WLE().estimate(ItemParams.from_records(records), patterns)
    for row, pattern in enumerate(patterns):
        grid = np.linspace(-6, 6, 241)
        values = [warm_equation(records, list(pattern), float(t)) for t in grid]
        roots = [
            optimize.brentq(
                lambda t, p=pattern: warm_equation(records, list(p), t),
                grid[k],
                grid[k + 1],
                xtol=1e-12,
            )
            for k in range(len(grid) - 1)
            if values[k] > 0 >= values[k + 1]
        ]
        assert roots, "the reference found no root"
        assert min(abs(result.theta[row] - root) for root in roots) < 1e-5


def test_ml_standard_error_is_inverse_root_information() -> None:
    records, patterns = _case(14, "GRM")
    params = ItemParams.from_records(records)
    result = ML().estimate(params, patterns[0])
    observed = [r for r, x in zip(records, patterns[0], strict=True) if not math.isnan(x)]
    h = 1e-5
    info = 0.0
    for record in observed:
        up, mid, down = (category_probs(record, result.theta + s) for s in (h, 0.0, -h))
        info += sum(((u - d) / (2 * h)) ** 2 / m for u, m, d in zip(up, mid, down, strict=True))
    assert result.se == pytest.approx(1 / math.sqrt(info), rel=1e-6)


def test_baker_textbook_maximum_likelihood_example() -> None:
    # Baker (2001), The Basics of Item Response Theory, ch. 5: b = (-1, 0, 1),
    # a = (1.0, 1.2, 0.8), responses (1, 0, 1) -> theta-hat 0.3249, SE 1.23 (D = 1).
    params = ItemParams.dichotomous([1.0, 1.2, 0.8], [-1.0, 0.0, 1.0])
    result = ML().estimate(params, [1, 0, 1])
    assert result.theta == pytest.approx(0.3249, abs=5e-4)
    assert result.se == pytest.approx(1.23, abs=5e-3)


@pytest.mark.filterwarnings("ignore::adaptive_tutor.exceptions.ConvergenceWarning")
def test_one_pattern_gives_scalars_and_a_batch_gives_arrays() -> None:
    params = ItemParams.dichotomous([1.0, 1.5], [0.0, 0.5])
    for estimator in ESTIMATORS:
        one = estimator.estimate(params, [1, 0])
        assert isinstance(one, AbilityEstimate)
        assert isinstance(one.theta, float)
        assert isinstance(one.se, float)
        assert isinstance(one.n_responses, int)
        assert isinstance(one.converged, bool)
        assert one.method == type(estimator).__name__
        batch = estimator.estimate(params, [[1, 0], [0, 1], [1, np.nan]])
        assert batch.theta.shape == batch.se.shape == batch.converged.shape == (3,)
        assert batch.n_responses.tolist() == [2, 2, 1]
        assert batch.theta[0] == pytest.approx(one.theta, abs=1e-12)


def test_batch_scoring_equals_row_by_row_scoring_across_chunks() -> None:
    rng = np.random.default_rng(15)
    records = [random_record(rng, m) for m in MODELS]
    params = ItemParams.from_records(records)
    patterns = np.array([simulate_pattern(rng, records, t) for t in rng.normal(size=9000)])
    batch = EAP().estimate(params, patterns)  # 9,000 rows span several chunks
    for row in (0, 4500, 8999):
        single = EAP().estimate(params, patterns[row])
        assert batch.theta[row] == pytest.approx(single.theta, abs=1e-12)


def test_ml_on_all_correct_and_all_wrong_warns_and_stays_finite() -> None:
    params = ItemParams.from_records(
        [{"model": "2PL", "a": 1.0, "b": 0.0}, {"model": "GRM", "a": 1.2, "thresholds": [-1, 1]}]
    )
    with pytest.warns(ConvergenceWarning, match="2 of 3"):
        result = ML(bounds=(-4.0, 5.0)).estimate(params, [[1, 2], [0, 0], [1, 1]])
    assert result.theta[:2].tolist() == [5.0, -4.0]
    assert result.converged.tolist() == [False, False, True]
    assert np.all(np.isfinite(result.se))


def test_no_responses_gives_the_prior_for_bayesian_estimators() -> None:
    params = ItemParams.dichotomous([1.0], [0.0])
    eap = EAP(prior_mean=0.5, prior_sd=0.8, n_points=121).estimate(params, [np.nan])
    assert eap.theta == pytest.approx(0.5, abs=1e-9)
    assert eap.se == pytest.approx(0.8, abs=1e-6)
    map_ = MAP(prior_mean=0.5, prior_sd=0.8).estimate(params, [np.nan])
    assert (map_.theta, map_.se, map_.converged, map_.n_responses) == (0.5, 0.8, True, 0)
    with pytest.warns(ConvergenceWarning):
        ml = ML().estimate(params, [np.nan])
    assert ml.theta == 0.0
    assert not ml.converged
    assert math.isfinite(ml.se)


def test_wle_is_finite_for_extreme_patterns() -> None:
    params = ItemParams.dichotomous([1.0, 1.4, 0.8], [-0.5, 0.0, 0.5])
    result = WLE().estimate(params, [[1, 1, 1], [0, 0, 0]])
    assert result.converged.all()
    assert 0 < result.theta[0] < 6
    assert -6 < result.theta[1] < 0


def test_wle_single_rasch_item_known_value() -> None:
    # S + J / 2I = (1 - P) + (1 - 2P) / 2 = 0  =>  P = 3/4  =>  theta = log 3.
    result = WLE().estimate(ItemParams.dichotomous([1.0], [0.0], model="1PL"), [1])
    assert result.theta == pytest.approx(math.log(3.0), abs=1e-9)
    assert result.converged


@pytest.mark.parametrize("estimator", [MAP(), ML(), WLE()], ids=lambda e: type(e).__name__)
def test_mode_estimators_converge_tightly_on_a_large_batch(estimator: AbilityEstimator) -> None:
    rng = np.random.default_rng(18)
    records = [random_record(rng, "2PL") for _ in range(30)]
    a = np.array([r["a"] for r in records])
    b = np.array([r["b"] for r in records])
    theta = rng.normal(size=3000)[:, None]
    patterns = (rng.random((3000, 30)) < 1 / (1 + np.exp(-a * (theta - b)))).astype(float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        result = estimator.estimate(ItemParams.from_records(records), patterns)
    extreme = np.all(patterns == 0, axis=1) | np.all(patterns == 1, axis=1)
    if isinstance(estimator, ML):
        assert np.array_equal(~result.converged, extreme)
    else:
        assert result.converged.all()
    prior = norm.logpdf if isinstance(estimator, MAP) else (lambda t: 0.0)
    for row in np.flatnonzero(~extreme)[::600]:
        if isinstance(estimator, WLE):
            value = warm_equation(records, list(patterns[row]), float(result.theta[row]))
            assert abs(value) < 1e-5
        else:
            mode = _argmax_then_refine(
                lambda t, p=patterns[row]: log_likelihood(records, list(p), t) + prior(t)
            )
            assert result.theta[row] == pytest.approx(mode, abs=1e-6)


@pytest.mark.parametrize("estimator", ESTIMATORS, ids=lambda e: type(e).__name__)
def test_response_outside_categories_names_the_item(estimator: AbilityEstimator) -> None:
    params = ItemParams.from_records(
        [{"model": "2PL", "a": 1.0, "b": 0.0}, {"model": "GPCM", "a": 1.0, "steps": [0, 1]}],
        item_ids=["easy", "essay"],
    )
    with pytest.raises(ResponseDataError, match=r"'essay'.*0\.\.2"):
        estimator.estimate(params, [1, 3])


@pytest.mark.parametrize("estimator", ESTIMATORS, ids=lambda e: type(e).__name__)
def test_wrong_shapes_are_rejected(estimator: AbilityEstimator) -> None:
    params = ItemParams.dichotomous([1.0, 1.0], [0.0, 0.0])
    for responses in ([1, 0, 1], [[[1, 0]]], 1.0):
        with pytest.raises(ResponseDataError, match="shape"):
            estimator.estimate(params, responses)


@pytest.mark.parametrize(
    ("factory", "message"),
    [
        (lambda: EAP(prior_sd=0.0), "prior_sd"),
        (lambda: EAP(n_points=1), "n_points"),
        (lambda: MAP(bounds=(2.0, -2.0)), "bounds"),
        (lambda: ML(bounds=(0.0, float("inf"))), "bounds"),
        (lambda: WLE(bounds="wide"), "bounds"),  # type: ignore[arg-type]
    ],
)
def test_estimator_settings_are_validated(factory: Any, message: str) -> None:
    with pytest.raises((ValueError, TypeError), match=message):
        factory()


# ---------------------------------------------------------------- properties
_PROPERTY_RECORDS = [
    {"model": "2PL", "a": 1.3, "b": -0.4},
    {"model": "3PL", "a": 1.8, "b": 0.6, "c": 0.2},
    {"model": "GRM", "a": 1.1, "thresholds": [-1.0, 0.3, 1.2]},
    {"model": "GPCM", "a": 0.9, "steps": [0.4, -0.6]},
    {"model": "2PL", "a": 2.2, "b": 1.5},
    {"model": "PCM", "steps": [-0.5, 0.8]},
]
_PROPERTY_PARAMS = ItemParams.from_records(_PROPERTY_RECORDS)
_TOPS = [int(n) - 1 for n in _PROPERTY_PARAMS.n_categories]


@st.composite
def _pattern_and_raise(draw: Any) -> tuple[list[float], int]:
    pattern = [float(draw(st.integers(0, top))) for top in _TOPS]
    candidates = [i for i, top in enumerate(_TOPS) if pattern[i] < top]
    if not candidates:
        pattern[0] = 0.0
        candidates = [0]
    return pattern, draw(st.sampled_from(candidates))


@settings(max_examples=40, deadline=None)
@given(case=_pattern_and_raise())
def test_one_more_point_never_lowers_theta(case: tuple[list[float], int]) -> None:
    pattern, index = case
    better = list(pattern)
    better[index] += 1
    for estimator in (EAP(), MAP()):
        both = estimator.estimate(_PROPERTY_PARAMS, [pattern, better])
        assert both.theta[1] >= both.theta[0] - 1e-9
    # WLE's Warm correction keeps monotonicity for models without a guessing asymptote.
    no_guessing = [0, 2, 3, 4, 5]
    if index in no_guessing:
        params = _PROPERTY_PARAMS.take(no_guessing)
        rows = [[pattern[i] for i in no_guessing], [better[i] for i in no_guessing]]
        wle = WLE().estimate(params, rows)
        assert wle.theta[1] >= wle.theta[0] - 1e-9


@settings(max_examples=40, deadline=None)
@given(
    pattern=st.lists(st.integers(0, 1), min_size=4, max_size=4),
    a=st.floats(0.3, 3.0),
    b=st.floats(-3.0, 3.0),
)
def test_expected_posterior_variance_shrinks_with_one_more_item(
    pattern: list[int], a: float, b: float
) -> None:
    base = ItemParams.dichotomous([1.0, 1.2, 0.8, 1.5], [-1.0, 0.0, 0.5, 1.0])
    before = EAP().estimate(base, [float(x) for x in pattern])
    extended = ItemParams.concatenate([base, ItemParams.dichotomous([a], [b])])
    after = EAP().estimate(extended, [[*pattern, 0.0], [*pattern, 1.0]])
    # Predictive probability of a correct answer under the current (grid) posterior.
    nodes = np.linspace(-6, 6, 61)
    base_records = base.to_records()
    log_post = np.array(
        [log_likelihood(base_records, [float(x) for x in pattern], float(t)) for t in nodes]
    ) + norm.logpdf(nodes)
    post = np.exp(log_post - log_post.max())
    post /= post.sum()
    p_correct = float(post @ (1 / (1 + np.exp(-a * (nodes - b)))))
    expected_variance = (1 - p_correct) * after.se[0] ** 2 + p_correct * after.se[1] ** 2
    assert expected_variance <= before.se**2 + 1e-12


def test_standard_error_shrinks_as_informative_items_are_added() -> None:
    rng = np.random.default_rng(16)
    records = [random_record(rng, "2PL") for _ in range(40)]
    params = ItemParams.from_records(records)
    patterns = np.array([simulate_pattern(rng, records, t) for t in rng.normal(size=300)])
    mean_se = []
    for n in (5, 10, 20, 40):
        shown = patterns.copy()
        shown[:, n:] = np.nan
        mean_se.append(float(np.mean(EAP().estimate(params, shown).se)))
    assert mean_se == sorted(mean_se, reverse=True)


@settings(max_examples=30, deadline=None)
@given(
    model=st.sampled_from(MODELS),
    a=st.floats(0.2, 5.0),
    location=st.floats(-5.0, 5.0),
    response_kind=st.sampled_from(["lowest", "highest", "alternating"]),
    D=st.sampled_from([1.0, 1.702]),
)
def test_no_nan_on_extreme_inputs(
    model: str, a: float, location: float, response_kind: str, D: float
) -> None:
    slope = 1.0 if model in ("1PL", "PCM") else a
    base: dict[str, Any] = {"model": model}
    if model != "1PL" and model != "PCM":
        base["a"] = slope
    if model in ("1PL", "2PL", "3PL", "4PL"):
        base["b"] = location
        if model in ("3PL", "4PL"):
            base["c"] = 0.2
        if model == "4PL":
            base["d"] = 0.95
    elif model == "GRM":
        base["thresholds"] = [location - 1.0, location + 1.0]
    else:
        base["steps"] = [location + 1.0, location - 1.0]
    params = ItemParams.from_records([base] * 8, D=D)
    top = int(params.n_categories[0]) - 1
    if response_kind == "lowest":
        pattern = [0.0] * 8
    elif response_kind == "highest":
        pattern = [float(top)] * 8
    else:
        pattern = [float(top * (i % 2)) for i in range(8)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.simplefilter("error", RuntimeWarning)
        for estimator in ESTIMATORS:
            result = estimator.estimate(params, pattern)
            assert math.isfinite(result.theta)
            assert math.isfinite(result.se)
            assert -6.0 <= result.theta <= 6.0
            assert result.se > 0


def test_gauss_hermite_rule_agrees_with_the_rectangular_rule() -> None:
    records, patterns = _case(17, "mixed")
    params = ItemParams.from_records(records)
    rectangular = EAP(n_points=121).estimate(params, patterns)
    hermite = EAP(n_points=81, rule="gauss-hermite").estimate(params, patterns)
    np.testing.assert_allclose(hermite.theta, rectangular.theta, atol=1e-6)
    np.testing.assert_allclose(hermite.se, rectangular.se, atol=1e-6)


def test_unknown_quadrature_rule_is_rejected() -> None:
    with pytest.raises(ValueError, match="'rule'"):
        EAP(rule="simpson")


# ---------------------------------------------------------------- labelled responses
_LABELLED_PARAMS = ItemParams.from_records(
    [
        {"model": "2PL", "a": 1.0, "b": -1.0},
        {"model": "2PL", "a": 1.5, "b": 0.0},
        {"model": "GRM", "a": 1.2, "thresholds": [-0.5, 1.0]},
    ],
    item_ids=["easy", "middle", "essay"],
)


@pytest.mark.parametrize("estimator", ESTIMATORS, ids=lambda e: type(e).__name__)
def test_dataframe_columns_are_aligned_to_the_item_ids(estimator: AbilityEstimator) -> None:
    pd = pytest.importorskip("pandas")
    matrix = np.array([[1.0, 0.0, 2.0], [0.0, 1.0, np.nan]])
    shuffled = pd.DataFrame(matrix, columns=["easy", "middle", "essay"])[
        ["essay", "easy", "middle"]
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        expected = estimator.estimate(_LABELLED_PARAMS, matrix)
        result = estimator.estimate(_LABELLED_PARAMS, shuffled)
    np.testing.assert_array_equal(result.theta, expected.theta)
    np.testing.assert_array_equal(result.se, expected.se)


def test_dataframe_with_unknown_or_missing_item_ids_is_rejected() -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"easy": [1.0], "middle": [0.0], "typo": [1.0]})
    with pytest.raises(ResponseDataError, match=r"unknown item ids 'typo'.*missing.*'essay'"):
        EAP().estimate(_LABELLED_PARAMS, frame)


def test_dataframe_is_positional_without_item_ids_only_when_widths_match() -> None:
    pd = pytest.importorskip("pandas")
    params = ItemParams.dichotomous([1.0, 1.5], [-1.0, 0.0])
    frame = pd.DataFrame({"z": [1.0, 0.0], "y": [0.0, 1.0]})
    result = EAP().estimate(params, frame)
    np.testing.assert_array_equal(result.theta, EAP().estimate(params, frame.to_numpy()).theta)
    with pytest.raises(ResponseDataError, match="by position"):
        EAP().estimate(params, frame.assign(x=1.0))


# ---------------------------------------------------------------- grid edge
_FAR_ITEMS = ItemParams.dichotomous([2.0] * 6, [8.0, 8.0, 8.0, -8.0, -8.0, -8.0])


def test_eap_warns_and_flags_rows_whose_posterior_piles_at_the_grid_edge() -> None:
    patterns = [[1, 1, 1, 1, 1, 1], [0, 0, 0, 1, 1, 1]]
    with pytest.warns(ConvergenceWarning, match=r"edge of the quadrature grid.*rows 0\b.*bound"):
        result = EAP().estimate(_FAR_ITEMS, patterns)
    assert result.converged.tolist() == [False, True]


def test_eap_with_a_wide_enough_grid_recovers_the_clipped_posterior_quietly() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        wide = EAP(bound=14.0, n_points=281).estimate(_FAR_ITEMS, [1, 1, 1, 1, 1, 1])
    assert wide.converged
    mean, sd = _integrated_moments(_FAR_ITEMS, [1, 1, 1, 1, 1, 1])
    assert wide.theta == pytest.approx(mean, abs=1e-6)
    assert wide.se == pytest.approx(sd, abs=1e-6)


def _integrated_moments(params: ItemParams, pattern: list[int]) -> tuple[float, float]:
    def density(t: float) -> float:
        p = 1.0 / (1.0 + np.exp(-np.asarray(params.a) * (t - np.asarray(params.b))))
        like = np.prod(np.where(np.asarray(pattern) == 1, p, 1.0 - p))
        return float(like * norm.pdf(t))

    mass = integrate.quad(density, -20, 20, points=[0, 8], limit=200)[0]
    mean = integrate.quad(lambda t: t * density(t), -20, 20, points=[0, 8], limit=200)[0] / mass
    second = integrate.quad(lambda t: t * t * density(t), -20, 20, points=[0, 8], limit=200)[0]
    return mean, math.sqrt(second / mass - mean**2)


def test_eap_rejects_too_few_quadrature_points() -> None:
    with pytest.raises(ValueError, match=r"'n_points' parameter of EAP must be an int >= 11"):
        EAP(n_points=10)


def test_messages_show_plain_python_values_not_numpy_reprs() -> None:
    params = ItemParams.dichotomous([1.0], [0.0])
    with pytest.raises(ResponseDataError, match=r"the first is 2\.0 for item 0") as caught:
        EAP().estimate(params, np.array([2.0]))
    assert "np." not in str(caught.value)
    with pytest.raises(ValueError, match=r">= 11\. Got 3\.$"):
        EAP(n_points=np.int64(3))


def test_integer_position_labels_are_read_by_label() -> None:
    import pandas as pd

    from adaptive_tutor.estimation import EAP
    from adaptive_tutor.examples import tiny_bank_document
    from adaptive_tutor.item_bank import ItemBank

    params = ItemBank.from_dict(tiny_bank_document()).params
    expected = EAP().estimate(params, np.array([[0.0, 1.0, 2.0]])).theta
    frame = pd.DataFrame([[0.0, 1.0, 2.0]], columns=[0, 1, 2])
    for shuffled in (frame, frame[[2, 1, 0]], frame.iloc[:, [2, 0, 1]]):
        np.testing.assert_allclose(EAP().estimate(params, shuffled).theta, expected)
