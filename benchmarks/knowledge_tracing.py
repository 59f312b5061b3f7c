"""Benchmark: BayesianKnowledgeTracing vs pyBKT 1.4.3 on simulated BKT data.

Simulates ``--learners`` training learners and ``--held-out`` new learners answering
``--steps`` items of each of ``--skills`` skills, fits both libraries (5 EM restarts each) on
the training learners, and reports fit seconds, peak memory, the largest parameter error
and next-answer AUC / RMSE on the held-out learners.

pyBKT 1.4.3 does not import beside numpy 2, so it runs in its own virtualenv
(``benchmarks/.venv-pybkt``, created on first use with ``pyBKT==1.4.3 'numpy<2'
'pandas<2.3' 'scikit-learn<1.6'``) through a subprocess; data go through a temporary CSV and
results come back as JSON. If that environment cannot be built or pyBKT fails, the script
says so and reports adaptive_tutor alone.

Run: ``.venv/bin/python benchmarks/knowledge_tracing.py`` (about two minutes, mostly pyBKT).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import textwrap
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd

from adaptive_tutor.knowledge_tracing import (
    BayesianKnowledgeTracing,
    BKTParams,
    prediction_metrics,
    simulate_bkt,
)

HERE = Path(__file__).resolve().parent
VENV = HERE / ".venv-pybkt"
PYBKT_REQUIREMENTS = ["pyBKT==1.4.3", "numpy<2", "pandas<2.3", "scikit-learn<1.6"]
NAMES = ("prior", "learn", "guess", "slip")

PYBKT_RUNNER = textwrap.dedent(
    """
    import json, resource, sys, time
    import pandas as pd
    from pyBKT.models import Model

    train_path, test_path, out_path, seed, fits = sys.argv[1:6]
    train = pd.read_csv(train_path)
    test = pd.read_csv(test_path)
    model = Model(seed=int(seed), num_fits=int(fits))
    start = time.perf_counter()
    model.fit(data=train)
    seconds = time.perf_counter() - start
    table = model.params().reset_index()
    params = {}
    for row in table.itertuples():
        params.setdefault(str(row.skill), {})[row.param] = float(row.value)
    predicted = model.predict(data=test).sort_index()
    peak = max(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    )
    with open(out_path, "w") as handle:
        json.dump({
            "seconds": seconds,
            "params": params,
            "predictions": predicted["correct_predictions"].tolist(),
            "peak_kib": peak,
        }, handle)
    """
)


def true_params(n_skills: int, seed: int) -> BKTParams:
    rng = np.random.default_rng(seed)
    return BKTParams(
        skill_ids=tuple(f"skill{k}" for k in range(n_skills)),
        prior=rng.uniform(0.1, 0.6, n_skills),
        learn=rng.uniform(0.05, 0.3, n_skills),
        guess=rng.uniform(0.1, 0.3, n_skills),
        slip=rng.uniform(0.05, 0.2, n_skills),
        forget=np.zeros(n_skills),
    )


def train_log_likelihood(fitted: dict[str, dict[str, float]], train: pd.DataFrame) -> float:
    """Log-likelihood of the training answers at ``fitted`` (same code for both libraries)."""
    model = BayesianKnowledgeTracing.from_params(fitted)
    return model.score(train) * len(train)


def max_error(fitted: dict[str, dict[str, float]], truth: BKTParams) -> float:
    worst = 0.0
    for i, skill in enumerate(truth.skill_ids):
        for name in NAMES:
            worst = max(worst, abs(fitted[skill][name] - float(getattr(truth, name)[i])))
    return worst


def run_ours(
    train: pd.DataFrame, test: pd.DataFrame, truth: BKTParams, restarts: int
) -> dict[str, float]:
    model = BayesianKnowledgeTracing(n_restarts=restarts, seed=0)
    start = time.perf_counter()
    model.fit(train)
    seconds = time.perf_counter() - start
    tracemalloc.start()
    BayesianKnowledgeTracing(n_restarts=restarts, seed=0).fit(train)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    metrics = prediction_metrics(test["correct"], model.predict_proba(test))
    return {
        "seconds": seconds,
        "peak_mb": peak / 2**20,
        "max_error": max_error(model.params_.to_dict(), truth),
        "loglik": train_log_likelihood(model.params_.to_dict(), train),
        "auc": metrics["auc"],
        "rmse": metrics["rmse"],
        "iterations": model.n_iter_,
    }


def ensure_pybkt_env() -> Path | None:
    python = VENV / "bin" / "python"
    probe = [str(python), "-c", "from pyBKT.models import Model"]
    if python.exists() and subprocess.run(probe, capture_output=True).returncode == 0:
        return python
    print(f"Creating {VENV} with {' '.join(PYBKT_REQUIREMENTS)} ...", flush=True)
    try:
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True, timeout=300)
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", *PYBKT_REQUIREMENTS],
            check=True,
            timeout=900,
            capture_output=True,
        )
        subprocess.run(probe, check=True, capture_output=True, timeout=120)
    except (subprocess.SubprocessError, OSError) as error:
        print(f"pyBKT skipped: could not build its virtualenv ({error}).")
        return None
    return python


def to_pybkt_frame(log: pd.DataFrame) -> pd.DataFrame:
    ordered = log.sort_values(["learner_id", "order"], kind="stable").reset_index(drop=True)
    return pd.DataFrame(
        {
            "order_id": np.arange(len(ordered)),
            "user_id": ordered["learner_id"],
            "skill_name": ordered["skill_id"],
            "correct": ordered["correct"],
        }
    )


def run_pybkt(
    train: pd.DataFrame, test: pd.DataFrame, truth: BKTParams, restarts: int
) -> dict[str, float] | None:
    python = ensure_pybkt_env()
    if python is None:
        return None
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        to_pybkt_frame(train).to_csv(base / "train.csv", index=False)
        test_frame = to_pybkt_frame(test)
        test_frame.to_csv(base / "test.csv", index=False)
        (base / "runner.py").write_text(PYBKT_RUNNER)
        command = [
            str(python),
            str(base / "runner.py"),
            str(base / "train.csv"),
            str(base / "test.csv"),
            str(base / "out.json"),
            "42",
            str(restarts),
        ]
        done = subprocess.run(command, capture_output=True, text=True, timeout=3600)
        if done.returncode != 0:
            tail = done.stderr.strip().splitlines()[-3:]
            print("pyBKT skipped: it failed to run:", *tail, sep="\n  ")
            return None
        result = json.loads((base / "out.json").read_text())
    fitted = {
        skill: {
            "prior": values["prior"],
            "learn": values["learns"],
            "guess": values["guesses"],
            "slip": values["slips"],
        }
        for skill, values in result["params"].items()
    }
    metrics = prediction_metrics(test_frame["correct"], np.asarray(result["predictions"]))
    return {
        "seconds": result["seconds"],
        "peak_mb": result["peak_kib"] / 1024,
        "max_error": max_error(fitted, truth),
        "loglik": train_log_likelihood(fitted, train),
        "auc": metrics["auc"],
        "rmse": metrics["rmse"],
        "iterations": float("nan"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=5000)
    parser.add_argument("--held-out", type=int, default=1000)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--skills", type=int, default=2)
    parser.add_argument("--restarts", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    truth = true_params(args.skills, args.seed)
    train = simulate_bkt(truth, args.learners, args.steps, seed=args.seed + 1)
    test = simulate_bkt(truth, args.held_out, args.steps, seed=args.seed + 2)
    test["learner_id"] += args.learners
    print(
        f"BKT fit: {args.learners} learners x {args.skills} skills x {args.steps} steps "
        f"({len(train)} answers), {args.restarts} EM restarts; AUC on {args.held_out} "
        "held-out learners"
    )
    oracle = BayesianKnowledgeTracing.from_params(truth).predict_proba(test)
    oracle_auc = prediction_metrics(test["correct"], oracle)["auc"]

    rows = {"adaptive_tutor": run_ours(train, test, truth, args.restarts)}
    peer = run_pybkt(train, test, truth, args.restarts)
    if peer is not None:
        rows["pyBKT 1.4.3"] = peer

    table = pd.DataFrame(rows).T[["seconds", "peak_mb", "max_error", "loglik", "auc", "rmse"]]
    table.columns = [
        "fit s",
        "peak MB",
        "max |param error|",
        "train log-lik",
        "held-out AUC",
        "held-out RMSE",
    ]
    print(table.to_string(float_format=lambda v: f"{v:.4f}"))
    print(f"true-parameter AUC (ceiling): {oracle_auc:.4f}")
    print(
        "max |param error| is sampling error of the maximum-likelihood estimate at this "
        "sample size; the higher train log-lik is the better-converged fit."
    )
    print(
        "peak MB: adaptive_tutor = tracemalloc peak of the fit; pyBKT = max RSS of its "
        "process tree (includes the interpreter), so only the order of magnitude compares."
    )
    if peer is not None:
        ratio = peer["seconds"] / rows["adaptive_tutor"]["seconds"]
        print(f"speed-up (pyBKT fit s / adaptive_tutor fit s): {ratio:.1f}x")


if __name__ == "__main__":
    main()
