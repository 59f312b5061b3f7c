"""Calibration at programme scale: 20,000,000 responses in memory, from Parquet and on Dask.

Synthetic 2PL log, seeded: 1,000,000 learners x 5,000 items, each learner answering 20
distinct items (a ~ U(0.7, 2.0), b ~ N(0, 1), theta ~ N(0, 1)), long format
(``learner_id`` int64, ``item_id`` int64, ``response`` int8: 340 MB). No peer fits this
size (mirt needs a dense 1,000,000 x 5,000 matrix), so the table compares our own ways of
running the same fit, all with 21 quadrature nodes and tol 1e-4:

1. in memory, no standard errors;
2. in memory, item standard errors (``standard_errors="item"``, what "auto" picks here);
3. Parquet: the same log written as 20 files of 1,000,000 rows, fitted from the directory
   with ``chunk_size=1_000_000`` (item standard errors);
4. Dask: ``dask.dataframe.from_pandas`` (20 partitions) on a ``LocalCluster`` of 2 worker
   processes, 1 thread each (item standard errors). Set-up (cluster start, moving the
   frame to the workers) is not timed; the shuffle and the fit are.

Each row runs in a fresh process. "seconds" is the wall time of ``fit``; "peak MB" the
peak resident memory of that process and its children (the Dask workers) above the
moment ``fit`` is called, sampled every 50 ms (psutil); the input is built before. RMSE
of a and b against the generating values.

Run: ``.venv/bin/python benchmarks/scale.py [--rows 0,1,2,3] [--learners 1000000]``.
It needs about 6 GB of memory and, on 2 cores, about 10 minutes.
"""

from __future__ import annotations

import argparse
import contextlib
import multiprocessing as mp
import tempfile
import threading
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy.special import expit

ROWS = (
    "in memory, no SEs",
    "in memory, item SEs",
    "Parquet chunks, item SEs",
    "Dask 2 workers, item SEs",
)
N_ITEMS = 5_000
PER_LEARNER = 20


def simulate(n_learners: int, seed: int = 2027) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """The long-format log and the true a, b."""
    rng = np.random.default_rng(seed)
    a = rng.uniform(0.7, 2.0, N_ITEMS)
    b = rng.normal(0.0, 1.0, N_ITEMS)
    theta = rng.normal(size=n_learners)
    items = np.empty((n_learners, PER_LEARNER), dtype=np.int64)
    block = 100_000
    for start in range(0, n_learners, block):
        stop = min(start + block, n_learners)
        draws = np.sort(rng.integers(0, N_ITEMS, (stop - start, PER_LEARNER + 8)), axis=1)
        repeat = np.zeros(draws.shape, dtype=bool)
        repeat[:, 1:] = draws[:, 1:] == draws[:, :-1]
        keys = np.where(repeat, 2.0, rng.random(draws.shape))  # distinct items, random order
        order = np.argsort(keys, axis=1)
        items[start:stop] = np.take_along_axis(draws, order, axis=1)[:, :PER_LEARNER]
    learner = np.repeat(np.arange(n_learners, dtype=np.int64), PER_LEARNER)
    item = items.ravel()
    prob = expit(a[item] * (theta[learner] - b[item]))
    response = (rng.random(prob.size) < prob).astype(np.int8)
    frame = pd.DataFrame({"learner_id": learner, "item_id": item, "response": response})
    return frame, a, b


class PeakMemory:
    """Peak RSS of this process and its children above the start, sampled in a thread."""

    def __init__(self) -> None:
        import psutil

        self.process = psutil.Process()
        self.baseline = self._total()
        self.peak = self.baseline
        self.running = True
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()

    def _total(self) -> int:
        total = self.process.memory_info().rss
        for child in self.process.children(recursive=True):
            with contextlib.suppress(Exception):
                total += child.memory_info().rss
        return int(total)

    def _sample(self) -> None:
        while self.running:
            self.peak = max(self.peak, self._total())
            time.sleep(0.05)

    def stop(self) -> float:
        self.running = False
        self.thread.join()
        self.peak = max(self.peak, self._total())
        return (self.peak - self.baseline) / 2**20


def _fit(row: int, n_learners: int, queue: Any) -> None:
    try:
        from adaptive_tutor.calibration import Calibrator

        frame, a, b = simulate(n_learners)
        settings: dict[str, Any] = {"model": "2PL", "n_points": 21}
        settings["standard_errors"] = False if row == 0 else "item"
        with contextlib.ExitStack() as stack:
            data: Any = frame
            if row == 2:
                directory = Path(stack.enter_context(tempfile.TemporaryDirectory()))
                rows = len(frame) // 20
                for k in range(20):
                    frame.iloc[k * rows : (k + 1) * rows].to_parquet(
                        directory / f"part-{k:02d}.parquet", index=False
                    )
                data, frame = directory, None
                settings["chunk_size"] = 1_000_000
            if row == 3:
                import dask.dataframe as dd
                from distributed import Client, LocalCluster

                cluster = stack.enter_context(
                    LocalCluster(
                        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
                    )
                )
                stack.enter_context(Client(cluster))
                data = dd.from_pandas(frame, npartitions=20).persist()
                frame = None
                _wait(data)
            calibrator = Calibrator(**settings)
            memory = PeakMemory()
            start = time.perf_counter()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                calibrator.fit(data)
            seconds = time.perf_counter() - start
            peak = memory.stop()
        order = np.argsort(np.array(calibrator.item_ids_, dtype=np.int64))
        rmse_a = float(np.sqrt(np.mean((calibrator.item_params_.a[order] - a) ** 2)))
        rmse_b = float(np.sqrt(np.mean((calibrator.item_params_.b[order] - b) ** 2)))
        queue.put(("ok", (seconds, peak, rmse_a, rmse_b, calibrator.n_iter_)))
    except Exception as error:
        queue.put(("error", f"{type(error).__name__}: {error}"))


def _wait(collection: Any) -> None:
    from distributed import wait

    wait(collection)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default="0,1,2,3")
    parser.add_argument("--learners", type=int, default=1_000_000)
    args = parser.parse_args()
    n = args.learners
    print(
        f"2PL, {n:,} learners x {N_ITEMS:,} items, {PER_LEARNER} answers each "
        f"({n * PER_LEARNER:,} responses). Fresh process per row; peak MB = peak RSS of the\n"
        "process and its children (Dask workers) above the start of fit.\n"
    )
    header = (
        f"{'run':<28} {'seconds':>8} {'peak MB':>8} {'RMSE a':>7} {'RMSE b':>7} {'EM steps':>8}"
    )
    print(header)
    print("-" * len(header))
    context = mp.get_context("spawn")
    for row in (int(r) for r in args.rows.split(",")):
        queue = context.Queue()
        process = context.Process(target=_fit, args=(row, n, queue))
        process.start()
        status, payload = queue.get()
        process.join()
        if status != "ok":
            print(f"{ROWS[row]:<28} {payload}", flush=True)
            continue
        seconds, peak, rmse_a, rmse_b, n_iter = payload
        print(
            f"{ROWS[row]:<28} {seconds:>8.1f} {peak:>8.0f} {rmse_a:>7.3f} {rmse_b:>7.3f} "
            f"{n_iter:>8}",
            flush=True,
        )


if __name__ == "__main__":
    main()
