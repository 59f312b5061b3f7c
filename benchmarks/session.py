"""Next-item selection + recording a response: adaptive_tutor beside mirt and catsim.

One simulated learner (true ability 0.7) takes a 60-item adaptive session on a
10,000-item 2PL bank (one skill, a ~ U(0.5, 2), b ~ N(0, 1)). Per step we time

- adaptive_tutor: ``TutoringSession.next_item()`` (stopping check, eligibility, scoring,
  choice) and ``TutoringSession.record()`` (learner update, history), for several
  criteria;
- mirt 1.2 (Rust backend): ``CATEngine.select_next_item()`` (maximum Fisher information)
  and ``CATEngine.administer_item()`` (EAP re-estimation);
- catsim 0.21: ``MaxInfoSelector.select()`` and ``NumericalSearchEstimator.estimate()``.

Latencies are median and p99 over the steps after the first; the first step, which builds
per-bank caches (adaptive_tutor's information tables on the grid), is shown apart. Peak
Python memory (tracemalloc) is measured in a separate 10-step pass. The final estimate is
compared with the true ability. Run: ``.venv/bin/python benchmarks/session.py``.
"""

from __future__ import annotations

import time
import tracemalloc
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

from _common import bank_document, mirt_known_2pl

BANK_SIZE = 10_000
SESSION_LENGTH = 60
TRUE_THETA = 0.7
SEED = 20261128


def _bank_arrays() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(SEED)
    return rng.uniform(0.5, 2.0, BANK_SIZE), rng.normal(0.0, 1.0, BANK_SIZE)


def _answer(a: float, b: float, rng: np.random.Generator) -> int:
    return int(rng.random() < 1.0 / (1.0 + np.exp(-a * (TRUE_THETA - b))))


# A runner plays a session of n steps and returns (select seconds, record seconds, theta).
Runner = Callable[[int], tuple[list[float], list[float], float]]


def _timed_steps(
    n_steps: int,
    select: Callable[[], Any],
    answer: Callable[[Any], int],
    record: Callable[[Any, int], None],
) -> tuple[list[float], list[float]]:
    """Play ``n_steps`` steps; time ``select()`` and ``record(item, response)``, not ``answer``."""
    select_times, record_times = [], []
    for _ in range(n_steps):
        start = time.perf_counter()
        item = select()
        middle = time.perf_counter()
        response = answer(item)
        middle2 = time.perf_counter()
        record(item, response)
        end = time.perf_counter()
        select_times.append(middle - start)
        record_times.append(end - middle2)
    return select_times, record_times


def _ours(bank: Any, selector_name: str) -> Runner:
    from adaptive_tutor import selection
    from adaptive_tutor.session import TutoringSession
    from adaptive_tutor.stopping import MaxItems

    params = bank.params

    def run(n_steps: int) -> tuple[list[float], list[float], float]:
        selector = getattr(selection, selector_name)()
        session = TutoringSession(
            bank, selector=selector, stopping_rule=MaxItems(n_steps), seed=SEED
        )
        rng = np.random.default_rng(SEED)

        def answer(item: Any) -> int:
            assert item is not None
            index = bank.index_of(item.id)
            return _answer(params.a[index], params.b[index], rng)

        select_times, record_times = _timed_steps(
            n_steps,
            session.next_item,
            answer,
            lambda item, response: session.record(item.id, response),
        )
        return select_times, record_times, session.overall_ability()[0]

    return run


def _mirt(a: np.ndarray, b: np.ndarray) -> Runner:
    import mirt

    def run(n_steps: int) -> tuple[list[float], list[float], float]:
        model = mirt_known_2pl(a, b)
        engine = mirt.CATEngine(
            model,
            item_selection="MFI",
            stopping_rule="SE",
            se_threshold=0.001,
            max_items=BANK_SIZE,
            n_quadpts=61,
            theta_bounds=(-6.0, 6.0),
            seed=0,
        )
        rng = np.random.default_rng(SEED)
        select_times, record_times = _timed_steps(
            n_steps,
            engine.select_next_item,
            lambda item: _answer(a[item], b[item], rng),
            lambda item, response: engine.administer_item(response),
        )
        return select_times, record_times, float(engine.get_current_state().theta)

    return run


def _catsim(a: np.ndarray, b: np.ndarray) -> Runner:
    from catsim.estimation import NumericalSearchEstimator
    from catsim.item_bank import ItemBank as CatsimBank
    from catsim.selection import MaxInfoSelector

    def run(n_steps: int) -> tuple[list[float], list[float], float]:
        parameters = np.column_stack([a, b, np.zeros(BANK_SIZE), np.ones(BANK_SIZE)])
        bank = CatsimBank(parameters)
        selector = MaxInfoSelector()
        estimator = NumericalSearchEstimator()
        rng = np.random.default_rng(SEED)
        administered: list[int] = []
        responses: list[bool] = []
        theta = 0.0

        def select() -> Any:
            return selector.select(item_bank=bank, administered_items=administered, est_theta=theta)

        def answer(item: Any) -> int:
            assert item is not None
            return _answer(a[item], b[item], rng)

        def record(item: Any, response: int) -> None:
            nonlocal theta
            administered.append(int(item))
            responses.append(bool(response))
            theta = float(
                estimator.estimate(
                    item_bank=bank,
                    administered_items=administered,
                    response_vector=responses,
                    est_theta=theta,
                )
            )

        select_times, record_times = _timed_steps(n_steps, select, answer, record)
        return select_times, record_times, theta

    return run


def _measure(name: str, runner: Runner) -> dict[str, Any] | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            select_times, record_times, theta = runner(SESSION_LENGTH)
            tracemalloc.start()
            runner(10)
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
    except Exception as error:  # a peer failing must not stop the benchmark
        print(f"{name}: could not run ({type(error).__name__}: {error})")
        return None
    select = np.asarray(select_times[1:]) * 1e3
    record = np.asarray(record_times[1:]) * 1e3
    both = select + record
    return {
        "name": name,
        "first": (select_times[0] + record_times[0]) * 1e3,
        "select": (np.median(select), np.percentile(select, 99)),
        "record": (np.median(record), np.percentile(record, 99)),
        "both": (np.median(both), np.percentile(both, 99)),
        "peak_mb": peak / 2**20,
        "error": theta - TRUE_THETA,
    }


def main() -> None:
    a, b = _bank_arrays()
    start = time.perf_counter()
    from adaptive_tutor.item_bank import ItemBank

    skills = [{"id": "skill", "name": "Skill", "grade": 3}]
    bank = ItemBank.from_dict(bank_document(a, b, skills))
    _ = bank.params, bank.fingerprint  # built once per bank, cached
    print(
        f"Bank: {BANK_SIZE} 2PL items (built and validated in "
        f"{time.perf_counter() - start:.1f} s); session of {SESSION_LENGTH} items, "
        f"true ability {TRUE_THETA}."
    )
    runners: list[tuple[str, Runner | None]] = []
    for selector in (
        "MaxInformation",
        "PosteriorWeightedInformation",
        "PosteriorWeightedKL",
        "MinExpectedPosteriorVariance",
        "TargetProbability",
    ):
        runners.append((f"adaptive_tutor {selector}", _ours(bank, selector)))
    for name, factory in (("mirt CATEngine MFI", _mirt), ("catsim MaxInfoSelector", _catsim)):
        try:
            runners.append((name, factory(a, b)))
        except ImportError as error:
            print(f"{name}: not installed ({error}); skipped")
    rows = [
        row for name, runner in runners if runner is not None if (row := _measure(name, runner))
    ]
    header = (
        f"{'library / criterion':42s} {'select ms':>17s} {'record ms':>17s} "
        f"{'select+record ms':>17s} {'first ms':>9s} {'peak MB':>8s} {'theta err':>9s}"
    )
    print("latency per step: median / p99")
    print(header)
    print("-" * len(header))
    for row in rows:
        cells = [f"{row[key][0]:7.3f} / {row[key][1]:7.3f}" for key in ("select", "record", "both")]
        print(
            f"{row['name']:42s} {cells[0]:>17s} {cells[1]:>17s} {cells[2]:>17s} "
            f"{row['first']:9.1f} {row['peak_mb']:8.1f} {row['error']:+9.3f}"
        )
    ours = next((r for r in rows if r["name"] == "adaptive_tutor MaxInformation"), None)
    if ours is not None:
        for row in rows:
            if not row["name"].startswith("adaptive_tutor"):
                ratio = row["both"][0] / ours["both"][0]
                print(
                    f"{row['name']} median select+record is {ratio:.1f}x adaptive_tutor "
                    "MaxInformation's"
                )


if __name__ == "__main__":
    main()
