"""Ability estimation: adaptive_tutor side by side with mirt (PyPI, Rust backend).

Two measurements, each run in a fresh child process so peak memory is attributable:

1. Batch EAP scoring of 100,000 learners x 50 2PL items (seconds, peak memory, and the
   largest absolute difference of theta and SE from mirt's ``fscores``). mirt scores with
   49 Gauss-Hermite nodes, so adaptive_tutor is run both with the same rule
   (``EAP(n_points=49, rule="gauss-hermite")``) and with its default 61-node grid.
2. One online update on a 10,000-item 2PL bank: adaptive_tutor's
   ``LearnerState.update`` against mirt's ``CATEngine.administer_item`` (the response is
   recorded and the EAP ability re-estimated; item selection is not timed), median and
   p99 latency over a 200-response session (the first update, which builds caches, is
   shown apart), plus the final estimates of both against an accurate 401-node EAP.

3. For information: MAP, ML and WLE on the first 20,000 learners of (1), against
   mirt's ``fscores`` with the same method and bounds (-6, 6).

Run: ``.venv/bin/python benchmarks/estimation.py``. Not part of CI.
"""

from __future__ import annotations

import multiprocessing as mp
import resource
import sys
import time
import tracemalloc
import warnings
from typing import Any

import numpy as np

from _common import bank_document, mirt_known_2pl

N_LEARNERS = 100_000
N_ITEMS = 50
BANK_SIZE = 10_000
SESSION_LENGTH = 200
SEED = 20261128
REPEATS = 5


def _batch_data() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(SEED)
    a = rng.uniform(0.5, 2.0, N_ITEMS)
    b = rng.normal(0.0, 1.0, N_ITEMS)
    theta = rng.normal(size=N_LEARNERS)
    p = 1.0 / (1.0 + np.exp(-a * (theta[:, None] - b)))
    responses = (rng.random(p.shape) < p).astype(np.float64)
    responses[rng.random(responses.shape) < 0.1] = np.nan  # 10 % not administered
    return a, b, responses


def _max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _batch_child(library: str, queue: Any) -> None:
    try:
        a, b, responses = _batch_data()
        # Import before measuring: only the scoring itself is timed and traced.
        if library == "mirt":
            import mirt
        else:
            from adaptive_tutor.estimation import EAP
            from adaptive_tutor.irt import ItemParams

        def score() -> tuple[np.ndarray, np.ndarray]:
            if library == "mirt":
                model = mirt_known_2pl(a, b)
                result = mirt.fscores(model, responses, method="EAP")
                return (
                    np.asarray(result.theta).ravel(),
                    np.asarray(result.standard_error).ravel(),
                )
            params = ItemParams.dichotomous(a, b)
            estimator = EAP(n_points=49, rule="gauss-hermite") if library == "ours-gh49" else EAP()
            estimate = estimator.estimate(params, responses)
            return estimate.theta, estimate.se

        baseline = _max_rss_mb()
        tracemalloc.start()
        theta, se = score()  # the first call is traced for peak memory
        traced_peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
        rss_growth = _max_rss_mb() - baseline
        times = []
        for _ in range(REPEATS):  # untraced, timed; the best of the repeats is reported
            start = time.perf_counter()
            score()
            times.append(time.perf_counter() - start)
        queue.put((library, min(times), traced_peak, rss_growth, theta, se, None))
    except Exception as error:  # report and let the parent continue
        queue.put((library, None, None, None, None, None, repr(error)))


def _online_data() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(SEED + 1)
    a = rng.uniform(0.5, 2.0, BANK_SIZE)
    b = rng.normal(0.0, 1.2, BANK_SIZE)
    order = rng.permutation(BANK_SIZE)[:SESSION_LENGTH]
    true_theta = 0.7
    p = 1.0 / (1.0 + np.exp(-a[order] * (true_theta - b[order])))
    responses = (rng.random(SESSION_LENGTH) < p).astype(int)
    return a, b, order, responses


def _online_child(library: str, queue: Any) -> None:
    try:
        a, b, order, responses = _online_data()
        latencies = []
        if library == "mirt":
            import mirt

            model = mirt_known_2pl(a, b)
            engine = mirt.CATEngine(
                model,
                stopping_rule="SE",
                se_threshold=0.001,
                max_items=BANK_SIZE,
                n_quadpts=61,
                theta_bounds=(-6.0, 6.0),
                seed=0,
            )
            for item, response in zip(order, responses, strict=True):
                engine.select_next_item()
                engine._pending_item = int(item)  # administer the scripted item
                start = time.perf_counter()
                engine.administer_item(int(response))
                latencies.append(time.perf_counter() - start)
            state = engine.get_current_state()
            theta, se = float(state.theta), float(state.standard_error)
        else:
            from adaptive_tutor.item_bank import ItemBank
            from adaptive_tutor.learner import LearnerState

            skills = [{"id": f"skill-{k}", "name": f"Skill {k}", "grade": 3} for k in range(20)]
            bank = ItemBank.from_dict(bank_document(a, b, skills))
            _ = bank.params, bank.fingerprint  # built once per bank, cached
            rule = "gauss-hermite" if library == "ours-gh61" else "rectangular"
            learner = LearnerState.start(bank, rule=rule)
            for item, response in zip(order, responses, strict=True):
                item_id = f"item-{item}"
                start = time.perf_counter()
                learner = learner.update(bank, item_id, int(response))
                latencies.append(time.perf_counter() - start)
            estimate = learner.estimate()
            theta, se = estimate.theta, estimate.se
        queue.put((library, np.array(latencies), theta, se, None))
    except Exception as error:
        queue.put((library, None, None, None, repr(error)))


def _mode_child(library: str, queue: Any) -> None:
    warnings.simplefilter("ignore")  # ML's all-right/all-wrong patterns warn by design
    try:
        a, b, responses = _batch_data()
        responses = responses[:20_000]
        import mirt

        from adaptive_tutor.estimation import MAP, ML, WLE
        from adaptive_tutor.irt import ItemParams

        model = mirt_known_2pl(a, b)
        params = ItemParams.dichotomous(a, b)
        rows = []
        for name, estimator in (("MAP", MAP()), ("ML", ML()), ("WLE", WLE())):
            start = time.perf_counter()
            ours = estimator.estimate(params, responses)
            ours_seconds = time.perf_counter() - start
            start = time.perf_counter()
            theirs = mirt.fscores(model, responses, method=name, bounds=(-6.0, 6.0))
            mirt_seconds = time.perf_counter() - start
            theta = np.asarray(theirs.theta).ravel()
            both = ours.converged & (np.abs(theta) < 5.99) & (np.abs(ours.theta) < 5.99)
            diff = float(np.max(np.abs(ours.theta[both] - theta[both])))
            rows.append((name, ours_seconds, mirt_seconds, diff, int(both.sum())))
        queue.put((library, rows, None))
    except Exception as error:
        queue.put((library, None, repr(error)))


def _run(target: Any, library: str) -> tuple[Any, ...]:
    context = mp.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=target, args=(library, queue))
    process.start()
    result = queue.get()
    process.join()
    return tuple(result)


def _run_each(target: Any, libraries: tuple[str, ...]) -> dict[str, tuple[Any, ...]]:
    """Run ``target`` for each library in a child process; print and skip the failures."""
    results = {}
    for library in libraries:
        result = _run(target, library)
        if result[-1] is not None:
            print(f"   {library}: failed to run: {result[-1]}")
            continue
        results[library] = result
    return results


def _accurate_reference() -> np.ndarray:
    """EAP with a very fine grid (401 nodes): the integral the rules approximate."""
    from adaptive_tutor.estimation import EAP
    from adaptive_tutor.irt import ItemParams

    a, b, responses = _batch_data()
    return np.asarray(EAP(n_points=401).estimate(ItemParams.dichotomous(a, b), responses).theta)


def _reference_online() -> tuple[float, float, float, float, float]:
    """Batch EAP on the session's responses with adaptive_tutor (61-node grid, and GH-61)."""
    from adaptive_tutor.estimation import EAP
    from adaptive_tutor.irt import ItemParams

    a, b, order, responses = _online_data()
    params = ItemParams.dichotomous(a[order], b[order])
    grid = EAP().estimate(params, responses.astype(float))
    hermite = EAP(n_points=61, rule="gauss-hermite").estimate(params, responses.astype(float))
    fine = EAP(n_points=401).estimate(params, responses.astype(float))
    return grid.theta, grid.se, hermite.theta, hermite.se, fine.theta


def main() -> None:
    warnings.simplefilter("ignore")
    print(f"Python {sys.version.split()[0]}, numpy {np.__version__}")
    print(
        f"\n1. Batch EAP, {N_LEARNERS:,} learners x {N_ITEMS} 2PL items (10 % missing); "
        f"seconds = best of {REPEATS}"
    )
    rows = _run_each(_batch_child, ("mirt", "ours-gh49", "ours-grid61"))
    header = f"   {'library':<34}{'seconds':>9}{'traced MB':>11}{'RSS+ MB':>9}"
    header += f"{'max|dθ| vs mirt':>17}{'max|dSE| vs mirt':>18}"
    print(header)
    names = {
        "mirt": "mirt fscores (GH 49)",
        "ours-gh49": "adaptive_tutor EAP (GH 49)",
        "ours-grid61": "adaptive_tutor EAP (grid 61, default)",
    }
    for library, (_, seconds, traced, rss, theta, se, _) in rows.items():
        line = f"   {names[library]:<34}{seconds:>9.3f}{traced:>11.1f}{rss:>9.1f}"
        if "mirt" in rows and library != "mirt":
            line += f"{np.max(np.abs(theta - rows['mirt'][4])):>17.2e}"
            line += f"{np.max(np.abs(se - rows['mirt'][5])):>18.2e}"
        print(line)
    reference = _accurate_reference()
    for library, result in rows.items():
        print(
            f"   {names[library]:<34} max|dθ| vs a 401-node reference: "
            f"{np.max(np.abs(result[4] - reference)):.2e}"
        )
    if "mirt" in rows:
        for library in ("ours-gh49", "ours-grid61"):
            if library in rows:
                print(
                    f"   speed-up of {names[library]} over mirt: "
                    f"{rows['mirt'][1] / rows[library][1]:.1f}x"
                )
    print(
        "   (traced MB: tracemalloc peak, sees numpy but not Rust allocations; "
        "RSS+ MB: growth of the process peak resident set)"
    )

    print(f"\n2. One online update, {BANK_SIZE:,}-item 2PL bank, {SESSION_LENGTH}-response session")
    online = _run_each(_online_child, ("mirt", "ours-gh61", "ours"))
    print(
        f"   {'library':<44}{'first ms':>9}{'median ms':>10}{'p99 ms':>9}{'last ms':>9}"
        f"{'theta':>10}{'SE':>8}"
    )
    labels = {
        "mirt": "mirt CATEngine.administer_item (GH 61)",
        "ours": "adaptive_tutor LearnerState.update (grid 61)",
        "ours-gh61": "adaptive_tutor LearnerState.update (GH 61)",
    }
    for library, (_, latencies, theta, se, _) in online.items():
        first, ms = latencies[0] * 1e3, latencies[1:] * 1e3
        print(
            f"   {labels[library]:<44}{first:>9.3f}{np.median(ms):>10.3f}"
            f"{np.percentile(ms, 99):>9.3f}{ms[-1]:>9.3f}{theta:>10.5f}{se:>8.5f}"
        )
    if "mirt" in online:
        for library in ("ours-gh61", "ours"):
            if library not in online:
                continue
            steady_mirt, steady_ours = online["mirt"][1][1:], online[library][1][1:]
            ratio = np.median(steady_mirt) / np.median(steady_ours)
            p99 = np.percentile(steady_mirt, 99) / np.percentile(steady_ours, 99)
            print(
                f"   {labels[library]}: median {ratio:.1f}x, p99 {p99:.1f}x faster than "
                f"mirt; |dθ| = {abs(online['mirt'][2] - online[library][2]):.2e}, "
                f"|dSE| = {abs(online['mirt'][3] - online[library][3]):.2e}"
            )
    grid_theta, grid_se, gh_theta, gh_se, fine_theta = _reference_online()
    for library, (_, _, theta, _, _) in online.items():
        print(f"   {labels[library]:<44} |θ - 401-node EAP| = {abs(theta - fine_theta):.1e}")
    if "ours" in online:
        print(
            f"   LearnerState vs batch EAP on the same responses: |dθ| = "
            f"{abs(online['ours'][2] - grid_theta):.1e}, "
            f"|dSE| = {abs(online['ours'][3] - grid_se):.1e}"
        )
    if "mirt" in online:
        print(
            f"   mirt CAT vs adaptive_tutor batch EAP with GH 61: |dθ| = "
            f"{abs(online['mirt'][2] - gh_theta):.1e}, |dSE| = {abs(online['mirt'][3] - gh_se):.1e}"
        )


def _print_modes() -> None:
    print("\n3. MAP / ML / WLE, 20,000 learners x 50 2PL items (for information)")
    _, rows, error = _run(_mode_child, "modes")
    if error is not None:
        print(f"   failed to run: {error}")
        return
    print(f"   {'method':<8}{'ours s':>9}{'mirt s':>9}{'ratio':>8}{'max|dθ|':>10}{'compared':>10}")
    for name, ours, theirs, diff, count in rows:
        print(
            f"   {name:<8}{ours:>9.3f}{theirs:>9.3f}{theirs / ours:>8.2f}{diff:>10.1e}{count:>10}"
        )


if __name__ == "__main__":
    main()
    _print_modes()
