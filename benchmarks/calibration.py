"""Calibration benchmark: adaptive_tutor's Calibrator beside mirt, girth and pyirt.

Synthetic 2PL data (a ~ U(0.7, 2.0), b ~ N(0, 1), theta ~ N(0, 1), seeded), three shapes:
5,000 x 50 dense, 20,000 x 200 at 25% density and 200,000 x 1,000 at 2% density.

Every (row, library) fit runs in a fresh process (multiprocessing "spawn"), so no fit
inherits another's heap. The child imports the library and warms it up on a 1,000 x 10
dense fit (one-time set-up such as thread pools is not timed), simulates the row (same seed),
builds the input that library takes, frees everything else and hands unused heap back to
the OS (``malloc_trim``), then fits twice:

1. timed fit: wall time, and peak RSS growth ``VmHWM - VmRSS`` after resetting the
   kernel's high-water mark (``/proc/self/clear_refs``). RSS sees every allocator
   (mirt's Rust backend included) but is coarse: freed heap that the allocator keeps
   hides later allocations, and page granularity blurs small fits.
2. for adaptive_tutor only, a second fit under :mod:`tracemalloc`: the exact peak of
   Python and NumPy allocations above the moment ``fit`` is called. All of
   adaptive_tutor's memory goes through these allocators, so this is the figure
   compared with the target (peak within 3x the input). Peers allocating outside Python
   (mirt) would be invisible to it, so they are compared on RSS.

"input MB" is the size of what ``Calibrator.fit`` receives: on the sparse rows a
long-format DataFrame (``learner_id`` int64, ``item_id`` int64, ``response`` int8: 17
bytes per response, ``memory_usage(deep=True)``); on the dense row a learners x items
float64 matrix with NaN (``nbytes``). The peers take what they need (mirt a dense float64
matrix with NaN, girth a dense items x persons int matrix with its sentinel, pyirt a list of
``(user, item, correct)`` tuples), built before the measurement starts.

Settings: tol 1e-4 and 21 quadrature nodes for both adaptive_tutor and mirt (mirt's
defaults), standard errors off for both.

Run: ``.venv/bin/python benchmarks/calibration.py [--rows 0,1,2] [--timeout 900]``.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import gc
import importlib
import importlib.util
import logging
import multiprocessing as mp
import os
import queue as queue_module
import time
import tracemalloc
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
from scipy.special import expit

ROWS = [(5_000, 50, 1.0), (20_000, 200, 0.25), (200_000, 1_000, 0.02)]
WARM_UP = (1_000, 10, 1.0)
Result = tuple[float, float, float, float, float]


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


def _release_free_heap() -> None:
    """Collect garbage and return free heap pages to the OS (glibc), if possible."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _reset_rss_peak() -> bool:
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")
    except OSError:
        return False
    return True


def _child(name: str, row: int, queue: Any) -> None:
    """Fit one library on one row in this fresh process; put the measurements on queue."""
    try:
        n, j, density = ROWS[row]
        if name == "pyirt":  # pyirt's own worker pool pickles local functions: needs fork
            mp.set_start_method("fork", force=True)
            os.environ["TQDM_DISABLE"] = "1"  # its progress bars would flood the table
        _preimport(name)
        # warm-up (one-time set-up such as thread pools and caches, not timed) on a small,
        # well-identified design: 1,000 x 10 dense, about 1,000 answers per item
        warm = simulate(*WARM_UP, seed=1)
        _make_job(name, *warm[:3], WARM_UP[:2], density >= 1.0)()
        del warm
        learner, item, response, a, b = simulate(n, j, density)
        job = _make_job(name, learner, item, response, (n, j), density >= 1.0)
        del learner, item, response
        _release_free_heap()
        can_reset = _reset_rss_peak()
        before = _rss_kb("VmRSS")
        start = time.perf_counter()
        a_hat, b_hat = job()
        seconds = time.perf_counter() - start
        rss_mb = (_rss_kb("VmHWM") - before) / 1024 if can_reset else float("nan")
        traced_mb = float("nan")
        if name == "adaptive_tutor":
            del a_hat, b_hat
            _release_free_heap()
            tracemalloc.start()
            baseline, _ = tracemalloc.get_traced_memory()
            a_hat, b_hat = job()
            traced_mb = (tracemalloc.get_traced_memory()[1] - baseline) / 2**20
            tracemalloc.stop()
        rmse_a = float(np.sqrt(np.mean((np.asarray(a_hat) - a) ** 2)))
        rmse_b = float(np.sqrt(np.mean((np.asarray(b_hat) - b) ** 2)))
        queue.put(("ok", (seconds, traced_mb, rss_mb, rmse_a, rmse_b)))
    except Exception as error:
        queue.put(("error", f"{type(error).__name__}: {error}"))


def run_isolated(name: str, row: int, timeout: float) -> Result | str:
    context = mp.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=_child, args=(name, row, queue))
    process.start()
    process.join(timeout)  # the child puts one small tuple: joining first cannot deadlock
    if process.is_alive():
        process.terminate()
        process.join()
        return f"did not finish within {timeout:.0f} s (stopped)"
    try:
        status, payload = queue.get(timeout=10)
    except queue_module.Empty:
        return f"crashed (exit code {process.exitcode})"
    return payload if status == "ok" else str(payload)


def _make_job(
    name: str,
    learner: np.ndarray,
    item: np.ndarray,
    response: np.ndarray,
    shape: tuple[int, int],
    dense: bool,
) -> Callable[[], tuple[np.ndarray, np.ndarray]]:
    if name == "adaptive_tutor":
        if dense:
            return ours_job(dense_matrix(learner, item, response, shape))
        return ours_job(long_frame(learner, item, response))
    if name == "mirt":
        return mirt_job(dense_matrix(learner, item, response, shape))
    if name == "girth":
        return girth_job(dense_matrix(learner, item, response, shape))
    if name == "pyirt":
        records = list(zip(learner.tolist(), item.tolist(), response.tolist(), strict=True))
        return pyirt_job(records, shape[1])
    raise ValueError(f"unknown library {name!r}")


def long_frame(learner: np.ndarray, item: np.ndarray, response: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame({"learner_id": learner, "item_id": item, "response": response})


def input_megabytes(row: int) -> float:
    """Size of adaptive_tutor's input for ``row`` (see the module docstring)."""
    n, j, density = ROWS[row]
    if density >= 1.0:
        return n * j * 8 / 2**20
    learner, item, response, _, _ = simulate(n, j, density)
    frame = long_frame(learner, item, response)
    return float(frame.memory_usage(deep=True).sum()) / 2**20


def ours_job(data: Any) -> Callable[[], tuple[np.ndarray, np.ndarray]]:
    def job() -> tuple[np.ndarray, np.ndarray]:
        from adaptive_tutor.calibration import Calibrator

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fit = Calibrator(model="2PL", n_points=21, standard_errors=False).fit(data)
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
    import girth  # type: ignore[import-untyped]

    items_by_persons = np.where(np.isnan(matrix), girth.INVALID_RESPONSE, matrix).T.astype(int)
    del matrix

    def job() -> tuple[np.ndarray, np.ndarray]:
        result = girth.twopl_mml(items_by_persons)
        return np.asarray(result["Discrimination"]), np.asarray(result["Difficulty"])

    return job


def pyirt_job(
    records: list[tuple[int, int, int]], n_items: int
) -> Callable[[], tuple[np.ndarray, np.ndarray]]:
    def job() -> tuple[np.ndarray, np.ndarray]:
        from pyirt import irt  # type: ignore[import-untyped]

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


def _preimport(name: str) -> None:
    """Import the library before timing so import time is not counted as fit time."""
    importlib.import_module("adaptive_tutor.calibration" if name == "adaptive_tutor" else name)


def _importable(name: str) -> str | None:
    module = "adaptive_tutor.calibration" if name == "adaptive_tutor" else name
    try:
        found = importlib.util.find_spec(module) is not None
    except (ImportError, ValueError) as error:
        return f"import failed ({type(error).__name__}: {error})"
    return None if found else "not installed"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default="0,1,2")
    parser.add_argument("--timeout", type=float, default=900.0)
    parser.add_argument("--libraries", default="adaptive_tutor,mirt,girth,pyirt")
    args = parser.parse_args()
    wanted = args.libraries.split(",")
    print(
        "Each fit runs in a fresh process. 'traced MB': tracemalloc peak of the fit above its\n"
        "start (adaptive_tutor only; exact for Python/NumPy allocations). 'RSS MB': peak RSS\n"
        "growth during the fit (VmHWM after clear_refs; every library, coarse). 'input MB':\n"
        "adaptive_tutor's input (sparse rows: long DataFrame, int64 learner_id/item_id +\n"
        "int8 response, deep memory_usage; dense row: float64 learners x items matrix).\n"
        "'x input': traced MB (adaptive_tutor) or RSS MB (peers) / input MB; target <= 3.\n"
    )
    header = (
        f"{'data':<26} {'library':<15} {'seconds':>8} {'traced MB':>10} {'RSS MB':>8} "
        f"{'input MB':>9} {'x input':>8} {'RMSE a':>7} {'RMSE b':>7} {'time vs mirt':>13}"
    )
    print(header)
    print("-" * len(header))
    for index in (int(i) for i in args.rows.split(",")):
        n, j, density = ROWS[index]
        label = f"{n:,} x {j:,} @ {density:.0%}"
        input_mb = input_megabytes(index)
        results: dict[str, Result | str] = {}
        for name in wanted:
            problem = _importable(name)
            if problem is None and name == "girth" and n * j > 4_000_000:
                problem = (
                    "skipped: needs a dense items x persons int matrix and takes about "
                    "1 minute already at 20,000 x 200"
                )
            if problem is None and name == "pyirt" and n * j > 250_000:
                problem = "skipped: 15-90x slower than mirt at 5,000 x 50"
            results[name] = problem if problem else run_isolated(name, index, args.timeout)
        reference = results.get("mirt")
        for name, outcome in results.items():
            if isinstance(outcome, str):
                line = f"{label:<26} {name:<15} {outcome}"
            else:
                seconds, traced, rss, rmse_a, rmse_b = outcome
                ratio = f"{seconds / reference[0]:.2f}x" if isinstance(reference, tuple) else "-"
                peak = traced if name == "adaptive_tutor" else rss
                traced_text = f"{traced:.1f}" if np.isfinite(traced) else "-"
                line = (
                    f"{label:<26} {name:<15} {seconds:>8.2f} {traced_text:>10} {rss:>8.1f} "
                    f"{input_mb:>9.1f} {peak / input_mb:>8.2f} {rmse_a:>7.3f} {rmse_b:>7.3f} "
                    f"{ratio:>13}"
                )
            print(line, flush=True)


if __name__ == "__main__":
    main()
