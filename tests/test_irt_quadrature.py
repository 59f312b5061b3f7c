"""Quadrature grids."""

from __future__ import annotations

import numpy as np
import pytest

from adaptive_tutor.irt import gauss_hermite, normal_grid


def test_normal_grid_spans_the_bound_and_normalises() -> None:
    grid = normal_grid(61, 6.0)
    assert grid.nodes[0] == -6.0
    assert grid.nodes[-1] == 6.0
    assert grid.nodes[30] == 0.0
    assert grid.weights.sum() == pytest.approx(1.0, abs=1e-15)
    assert float(grid.weights @ grid.nodes**2) == pytest.approx(1.0, abs=1e-7)


def test_normal_grid_moves_with_the_prior() -> None:
    grid = normal_grid(81, 6.0, mean=1.5, sd=0.5)
    assert float(grid.weights @ grid.nodes) == pytest.approx(1.5, abs=1e-12)
    assert float(grid.weights @ (grid.nodes - 1.5) ** 2) == pytest.approx(0.25, abs=1e-7)


@pytest.mark.parametrize(("power", "moment"), [(0, 1.0), (2, 1.0), (4, 3.0), (6, 15.0)])
def test_gauss_hermite_integrates_normal_moments_exactly(power: int, moment: float) -> None:
    grid = gauss_hermite(5)
    assert float(grid.weights @ grid.nodes**power) == pytest.approx(moment, rel=1e-12)


def test_log_weights_are_the_log_of_weights() -> None:
    grid = gauss_hermite(7, mean=-1.0, sd=2.0)
    np.testing.assert_allclose(np.exp(grid.log_weights), grid.weights)


@pytest.mark.parametrize(
    "kwargs", [{"n_points": 0}, {"bound": 0.0}, {"sd": -1.0}, {"mean": float("nan")}]
)
def test_grid_arguments_are_validated(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError, match="normal_grid"):
        normal_grid(**kwargs)  # type: ignore[arg-type]
