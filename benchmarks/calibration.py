"""Calibration benchmark: adaptive_tutor's Calibrator beside mirt, girth and pyirt.

Synthetic 2PL data (a ~ U(0.7, 2.0), b ~ N(0, 1), theta ~ N(0, 1), seeded), three shapes:
5,000 x 50 dense, 20,000 x 200 at 25% density and 200,000 x 1,000 at 2% density.

Every fit runs in a forked child process so that wall time and peak memory are measured
the same way for every library (including mirt's Rust backend, which tracemalloc cannot
see): the child resets its peak-RSS counter (``/proc/self/clear_refs``), runs the fit and
reports ``VmHWM - VmRSS before the fit``. Inputs are what each library takes: a
long-format log for adaptive_tutor on the sparse rows (a matrix on the dense row), a
learners x items matrix with NaN for mirt, items x persons with girth's sentinel for
girth, (user, item, correct) tuples for pyirt. "input MB" is the size of our input.

Settings: tol 1e-4 and 21 quadrature nodes for both adaptive_tutor and mirt (mirt's
defaults), standard errors off for both.

Run: ``.venv/bin/python benchmarks/calibration.py [--rows 0,1,2] [--timeout 900]``.
"""

from __future__ import annotations

import argparse
import logging
import multiprocessing as mp
import os
import time
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
from scipy.special import expit

ROWS = [(5_000, 50, 1.0), (20_000, 200, 0.25), (200_000, 1_000, 0.02)]
Result = tuple[float, float, float, float]


def simulate(
    n_learners: int, n_items: int, density: float, seed: int = 2026
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Observed (learner, item, response) triples and the true a, b."""
    rng = np.random.default_rng(seed)
    a = rng.uniform(0.7, 2.0, n_items)
    b = rng.normal(0.0, 1.0, n_items)
    theta = rng.normal(size=n_learners)
    learners, items = [], []
    chunk = 20_000
    for start in range(0, n_learners, chunk):
        stop = min(start + chunk, n_learners)
        if density >= 1.0:
            mask = np.ones((stop - start, n_items), dtype=bool)
        else:
            mask = rng.random((stop - start, n_items)) < density
        r, c = np.nonzero(mask)
        learners.append(r + start)
        items.append(c)
    learner = np.concatenate(learners).astype(np.int64)
    item = np.concatenate(items).astype(np.int64)
    prob = expit(a[item] * (theta[learner] - b[item]))
    response = (rng.random(prob.size) < prob).astype(np.int8)
    return learner, item, response, a, b


def dense_matrix(
    learner: np.ndarray, item: np.ndarray, response: np.ndarray, shape: tuple[int, int]
) -> np.ndarray:
    matrix = np.full(shape, np.nan)
    matrix[learner, item] = response
    return matrix


def _rss_kb(field: str) -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field):
                return int(line.split()[1])
    return 0


def _child(
    job: Callable[[], tuple[np.ndarray, np.ndarray]], a: np.ndarray, b: np.ndarray, queue: Any
) -> None:
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")
        before = _rss_kb("VmRSS")
        start = time.perf_counter()
        a_hat, b_hat = job()
        seconds = time.perf_counter() - start
        peak_mb = (_rss_kb("VmHWM") - before) / 1024
        rmse_a = float(np.sqrt(np.mean((np.asarray(a_hat) - a) ** 2)))
        rmse_b = float(np.sqrt(np.mean((np.asarray(b_hat) - b) ** 2)))
        queue.put(("ok", (seconds, peak_mb, rmse_a, rmse_b)))
    except Exception as error:
        queue.put(("error", f"{type(error).__name__}: {error}"))


def run_isolated(
    job: Callable[[], tuple[np.ndarray, np.ndarray]], a: np.ndarray, b: np.ndarray, timeout: float
) -> Result | str:
    context = mp.get_context("fork")
    queue = context.Queue()
    process = context.Process(target=_child, args=(job, a, b, queue))
    process.start()
    process.join(timeout)
    if process.is_alive():
        process.terminate()
        process.join()
        return f"did not finish within {timeout:.0f} s (stopped)"
    if queue.empty():
        return f"crashed (exit code {process.exitcode})"
    status, payload = queue.get()
    return payload if status == "ok" else str(payload)


def ours_job(data: Any) -> Callable[[], tuple[np.ndarray, np.ndarray]]:
    def job() -> tuple[np.ndarray, np.ndarray]:
        from adaptive_tutor.calibration import Calibrator

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fit = Calibrator(model="2PL", n_quadrature=21, standard_errors=False).fit(data)
        order = (
            np.argsort(np.array(fit.item_ids_, dtype=np.int64))
            if not isinstance(data, np.ndarray)
            else np.arange(len(fit.item_ids_))
        )
        return fit.item_params_.a[order], fit.item_params_.b[order]

    return job


def mirt_job(matrix: np.ndarray) -> Callable[[], tuple[np.ndarray, np.ndarray]]:
    def job() -> tuple[np.ndarray, np.ndarray]:
        import mirt

        result = mirt.fit_mirt(matrix, model="2PL", verbose=False, compute_standard_errors=False)
        parameters = result.model.parameters
        return np.ravel(parameters["discrimination"]), np.ravel(parameters["difficulty"])

    return job


def girth_job(matrix: np.ndarray) -> Callable[[], tuple[np.ndarray, np.ndarray]]:
    def job() -> tuple[np.ndarray, np.ndarray]:
        import girth

        items_by_persons = np.where(np.isnan(matrix), girth.INVALID_RESPONSE, matrix).T
        result = girth.twopl_mml(items_by_persons.astype(int))
        return np.asarray(result["Discrimination"]), np.asarray(result["Difficulty"])

    return job


def pyirt_job(
    records: list[tuple[int, int, int]], n_items: int
) -> Callable[[], tuple[np.ndarray, np.ndarray]]:
    def job() -> tuple[np.ndarray, np.ndarray]:
        from pyirt import irt

        logging.disable(logging.CRITICAL)
        item_param, _ = irt(
            records,
            theta_bnds=[-4, 4],
            alpha_bnds=[0.25, 3.0],
            beta_bnds=[-6, 6],
            max_iter=30,
            tol=1e-4,
            mode="release",
        )
        alpha = np.array([item_param[j]["alpha"] for j in range(n_items)])
        beta = np.array([item_param[j]["beta"] for j in range(n_items)])
        return alpha, -beta / alpha

    return job


def _preimport(wanted: set[str]) -> None:
    """Import libraries before forking so import time is not counted as fit time."""
    import importlib

    for name in sorted(wanted):
        module = "adaptive_tutor.calibration" if name == "adaptive_tutor" else name
        try:
            importlib.import_module(module)
        except Exception as error:
            print(f"{name}: import failed ({type(error).__name__}: {error}); its rows will fail")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default="0,1,2")
    parser.add_argument("--timeout", type=float, default=900.0)
    parser.add_argument("--libraries", default="adaptive_tutor,mirt,girth,pyirt")
    args = parser.parse_args()
    wanted = set(args.libraries.split(","))
    _preimport(wanted)
    bench_log = "/tmp/bench_install.log"
    peers_ready = True
    if os.path.exists(bench_log):
        with open(bench_log) as log:
            peers_ready = log.read().rstrip().endswith("BENCH_DONE 0")
    if not peers_ready:
        print("peer install not finished (no 'BENCH_DONE 0' in /tmp/bench_install.log)")
    lines = []
    header = (
        f"{'data':<26} {'library':<15} {'seconds':>9} {'peak MB':>9} {'input MB':>9} "
        f"{'RMSE a':>7} {'RMSE b':>7} {'time vs mirt':>13}"
    )
    print(header)
    print("-" * len(header))
    for index in (int(i) for i in args.rows.split(",")):
        n, j, density = ROWS[index]
        learner, item, response, a, b = simulate(n, j, density)
        label = f"{n:,} x {j:,} @ {density:.0%}"
        matrix = dense_matrix(learner, item, response, (n, j))
        if density >= 1.0:
            ours_input: Any = matrix
            input_mb = matrix.nbytes / 2**20
        else:
            ours_input = pd.DataFrame(
                {"learner_id": learner, "item_id": item, "response": response}
            )
            input_mb = float(ours_input.memory_usage(deep=True).sum()) / 2**20
        jobs: list[tuple[str, Callable[[], tuple[np.ndarray, np.ndarray]] | str]] = [
            ("adaptive_tutor", ours_job(ours_input)),
            ("mirt", mirt_job(matrix) if peers_ready else "peers not installed"),
        ]
        if n * j <= 4_000_000 and peers_ready:
            jobs.append(("girth", girth_job(matrix)))
        else:
            jobs.append(
                (
                    "girth",
                    "skipped: needs a dense items x persons int matrix and "
                    "takes about 1 minute already at 20,000 x 200",
                )
            )
        if n * j <= 250_000 and peers_ready:
            records = list(zip(learner.tolist(), item.tolist(), response.tolist(), strict=True))
            jobs.append(("pyirt", pyirt_job(records, j)))
        else:
            jobs.append(("pyirt", "skipped: 15-90x slower than mirt at 5,000 x 50"))
        results: dict[str, Result | str] = {}
        jobs = [(name, job) for name, job in jobs if name in wanted]
        for name, job in jobs:
            results[name] = job if isinstance(job, str) else run_isolated(job, a, b, args.timeout)
        reference = results.get("mirt")
        for name, outcome in results.items():
            if isinstance(outcome, str):
                line = f"{label:<26} {name:<15} {outcome}"
            else:
                seconds, peak, rmse_a, rmse_b = outcome
                ratio = f"{seconds / reference[0]:.2f}x" if isinstance(reference, tuple) else "-"
                line = (
                    f"{label:<26} {name:<15} {seconds:>9.2f} {peak:>9.0f} "
                    f"{input_mb:>9.0f} {rmse_a:>7.3f} {rmse_b:>7.3f} {ratio:>13}"
                )
            print(line, flush=True)
            lines.append(line)
        del matrix


if __name__ == "__main__":
    main()
