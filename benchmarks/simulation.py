"""CAT simulation: adaptive_tutor's ``simulate`` beside mirt and catsim.

1,000 simulated learners (true abilities N(0, 1), the same for every library) each take a
fixed-length 20-item adaptive test on a 500-item 2PL bank (a ~ lognormal(0, 0.25),
b ~ N(0, 1)) with maximum-information selection and EAP scoring:

- adaptive_tutor: ``simulate(bank, theta, selector=MaxInformation(), stopping_rule=MaxItems(20))``
  (the lock-step engine; EAP on the 61-point grid of ``LearnerState``);
- mirt 1.2: ``CATEngine(..., item_selection="MFI", stopping_rule="SE", se_threshold=0.01,
  max_items=20).run_batch_simulation(theta)`` (its Rust fast path; EAP, 21 quadrature points);
- catsim 0.21: ``Simulator(...).simulate(FixedPointInitializer(0), MaxInfoSelector(),
  NumericalSearchEstimator(), TestLengthStopper(20))`` (ML-type numerical search).

Seconds are the median of several runs (catsim: one run), peak memory comes from a
separate tracemalloc pass, RMSE and bias are of the final estimates against the true
abilities, pooled over the timed runs (each with its own seed, so the RMSE is not one
draw's luck). Building the bank objects is not timed. Run:
``.venv/bin/python benchmarks/simulation.py``. Not part of CI.
"""

from __future__ import annotations

import statistics
import time
import tracemalloc
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

from _common import mirt_known_2pl

N_LEARNERS = 1_000
TEST_LENGTH = 20
BANK_SIZE = 500
SEED = 20261128
REPEATS = 5

Runner = Callable[[], np.ndarray]


def _data() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(SEED)
    a = rng.lognormal(0.0, 0.25, BANK_SIZE)
    b = rng.normal(0.0, 1.0, BANK_SIZE)
    theta = rng.normal(0.0, 1.0, N_LEARNERS)
    return a, b, theta


def _ours(a: np.ndarray, b: np.ndarray, theta: np.ndarray) -> Runner:
    import pandas as pd

    from adaptive_tutor.item_bank import ItemBank
    from adaptive_tutor.selection import MaxInformation
    from adaptive_tutor.simulation import simulate
    from adaptive_tutor.stopping import MaxItems

    frame = pd.DataFrame(
        {
            "item_id": [f"item-{j:03d}" for j in range(BANK_SIZE)],
            "skill": "math",
            "grade": 3,
            "prompt": "?",
            "answer": 1,
            "model": "2PL",
            "a": a,
            "b": b,
        }
    )
    metadata = {"id": "simulated", "title": "Simulated items", "subject": "mathematics",
                "language": "en", "grade_range": [3, 3], "provider": "adaptive_tutor benchmarks",
                "licence": "CC0-1.0"}  # fmt: skip
    skills = pd.DataFrame({"id": ["math"], "name": ["Mathematics"], "grade": [3]})
    bank = ItemBank.from_dataframe(frame, metadata=metadata, skills=skills)
    seeds = iter(range(10**6))

    def run() -> np.ndarray:
        result = simulate(
            bank,
            theta,
            selector=MaxInformation(),
            stopping_rule=MaxItems(TEST_LENGTH),
            seed=next(seeds),
        )
        if result.engine != "lockstep":
            raise RuntimeError(f"expected the lock-step engine: {result.engine_note}")
        return result.learners["theta"].to_numpy()

    return run


def _mirt(a: np.ndarray, b: np.ndarray, theta: np.ndarray) -> Runner:
    import mirt

    model = mirt_known_2pl(a, b)
    seeds = iter(range(10**6))

    def run() -> np.ndarray:
        engine = mirt.CATEngine(
            model,
            item_selection="MFI",
            stopping_rule="SE",
            se_threshold=0.01,
            max_items=TEST_LENGTH,
            scoring_method="EAP",
            seed=next(seeds),
        )
        results = engine.run_batch_simulation(theta)
        lengths = {r.n_items_administered for r in results}
        if lengths != {TEST_LENGTH}:
            raise RuntimeError(f"mirt gave test lengths {sorted(lengths)}")
        return np.array([r.theta for r in results], dtype=np.float64)

    return run


def _catsim(a: np.ndarray, b: np.ndarray, theta: np.ndarray) -> Runner:
    from catsim.estimation import NumericalSearchEstimator
    from catsim.initialization import FixedPointInitializer
    from catsim.selection import MaxInfoSelector
    from catsim.simulation import Simulator
    from catsim.stopping import TestLengthStopper

    parameters = np.column_stack([a, b, np.zeros(BANK_SIZE), np.ones(BANK_SIZE)])

    def run() -> np.ndarray:
        simulator = Simulator(parameters, theta.copy(), seed=SEED)
        simulator.simulate(
            FixedPointInitializer(0.0),
            MaxInfoSelector(),
            NumericalSearchEstimator(),
            TestLengthStopper(max_items=TEST_LENGTH),
        )
        estimates = getattr(simulator, "latest_estimations", None)
        if estimates is None:
            estimates = [row[-1] for row in simulator.estimations]
        return np.asarray(estimates, dtype=np.float64)

    return run


def _measure(name: str, build: Callable[[], Runner], theta: np.ndarray, repeats: int) -> Any:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            run = build()
            estimates = run()  # warm-up (caches, JIT-free but first-touch costs)
            times, errors = [], []
            for _ in range(repeats):
                start = time.perf_counter()
                estimates = run()
                times.append(time.perf_counter() - start)
                errors.append(estimates - theta)
            tracemalloc.start()
            run()
            peak = tracemalloc.get_traced_memory()[1] / 1e6
            tracemalloc.stop()
    except Exception as error:  # report the peer's failure and continue
        print(f"{name}: could not run ({error!r})")
        return None
    error = np.concatenate(errors)  # pooled over the repeats (each with its own seed)
    return {
        "name": name,
        "seconds": statistics.median(times),
        "peak_mb": peak,
        "rmse": float(np.sqrt(np.mean(error**2))),
        "bias": float(np.mean(error)),
    }


def main() -> None:
    a, b, theta = _data()
    rows = [
        _measure("adaptive_tutor simulate (lock step)", lambda: _ours(a, b, theta), theta, REPEATS),
        _measure("mirt CATEngine.run_batch_simulation", lambda: _mirt(a, b, theta), theta, REPEATS),
        _measure("catsim Simulator", lambda: _catsim(a, b, theta), theta, 1),
    ]
    print(
        f"CAT simulation: {N_LEARNERS} learners x {TEST_LENGTH} items, {BANK_SIZE}-item 2PL "
        "bank, maximum information"
    )
    header = f"{'library':40s} {'seconds':>9s} {'peak MB':>9s} {'RMSE':>7s} {'bias':>7s}"
    print(header)
    print("-" * len(header))
    for row in rows:
        if row is None:
            continue
        print(
            f"{row['name']:40s} {row['seconds']:9.3f} {row['peak_mb']:9.1f} "
            f"{row['rmse']:7.3f} {row['bias']:+7.3f}"
        )
    ours = rows[0]
    if ours is None:
        return
    for peer in rows[1:]:
        if peer is None:
            continue
        print(
            f"{peer['name']}: adaptive_tutor is {peer['seconds'] / ours['seconds']:.1f}x as fast; "
            f"RMSE difference {ours['rmse'] - peer['rmse']:+.3f}"
        )


if __name__ == "__main__":
    main()
