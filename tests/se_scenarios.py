"""Seeded calibration scenarios whose standard errors are pinned (see test_calibration_se.py).

The pinned values in ``data/calibration_se_pinned.json`` were computed by the
cross-product standard errors as they were before standard-error modes existed; the
"full" mode must reproduce them to 1e-8.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from adaptive_tutor.calibration import Calibrator, Priors
from adaptive_tutor.irt import ItemParams
from calibration_sim import bank_of, simulate, to_long


def dense_2pl() -> tuple[Calibrator, Any, dict[str, Any]]:
    rng = np.random.default_rng(101)
    truth = ItemParams.dichotomous(rng.uniform(0.8, 1.8, 10), rng.normal(0, 1, 10))
    return Calibrator(model="2PL"), simulate(truth, 800, seed=102), {}


def repeated_patterns_1pl() -> tuple[Calibrator, Any, dict[str, Any]]:
    truth = ItemParams.dichotomous(np.ones(5), np.linspace(-1.5, 1.0, 5))
    return Calibrator(model="1PL"), simulate(truth, 1000, seed=103), {}


def sparse_mixed_with_priors() -> tuple[Calibrator, Any, dict[str, Any]]:
    rng = np.random.default_rng(104)
    truth = ItemParams.concatenate(
        [
            ItemParams.dichotomous(rng.uniform(1.0, 1.8, 6), rng.normal(0, 0.8, 6), c=[0.15] * 6),
            ItemParams.graded(rng.uniform(1.0, 1.8, 3), [[-1.0, 0.4], [-0.6, 0.9], [-0.2, 1.1]]),
            ItemParams.dichotomous(rng.uniform(0.8, 1.6, 5), rng.normal(0, 1, 5)),
        ]
    )
    matrix = simulate(truth, 1500, seed=105, density=0.6)
    models = {f"q{j:04d}": m for j, m in enumerate(["3PL"] * 6 + ["GRM"] * 3 + ["2PL"] * 5)}
    calibrator = Calibrator(model=models, priors=Priors(log_a=(0.0, 0.7)))
    return calibrator, to_long(matrix), {}


def anchored() -> tuple[Calibrator, Any, dict[str, Any]]:
    rng = np.random.default_rng(106)
    truth = ItemParams.dichotomous(rng.uniform(0.8, 1.8, 12), rng.normal(0, 1, 12))
    ids = [f"q{j:02d}" for j in range(12)]
    frame: pd.DataFrame = to_long(simulate(truth, 1200, seed=107, mean=0.3, sd=1.2), ids)
    return Calibrator(anchors=ids[:4]), frame, {"bank": bank_of(truth, ids)}


SCENARIOS = {
    "dense_2pl": dense_2pl,
    "repeated_patterns_1pl": repeated_patterns_1pl,
    "sparse_mixed_with_priors": sparse_mixed_with_priors,
    "anchored": anchored,
}


def standard_error_table(calibrator: Calibrator) -> list[float]:
    """The fitted standard errors, one per parameter row of ``to_frame()`` (NaN for anchors)."""
    return [float(x) for x in calibrator.to_frame()["se"]]
