"""The stateless path a web app uses: JSON in, record an answer, select, JSON out.

No peer library offers a stateless JSON path, so the baseline is the same work on an
in-memory ``TutoringSession`` (no JSON, no reload). Measured on the shipped arithmetic bank
and on a 10,000-item 2PL bank (a ~ U(0.5, 2), b ~ N(0, 1); one skill as in ``session.py``,
and 20 skills), with the practice design ``TargetProbability(0.75)``:

- **request**: what one answer request of ``examples/web_app`` costs with server storage:
  ``json.loads`` of the stored state, ``TutoringSession.from_dict`` (checks every field and
  replays the answers), ``record`` (with an answer id, a response time and the expected
  revision), ``next_item``, ``to_dict`` and ``json.dumps``; the same with a signed token
  (``from_token`` / ``to_token``); and the two stateless calls ``record_response`` then
  ``next_exercise`` (each loads the state once).
- **in memory**: ``record`` + ``next_item`` on a live session.
- **state size** after 60 and 200 answers (UUID answer ids, timestamps, response times):
  JSON with ``json.dumps`` defaults, compact JSON, and the signed token.
- **growth with history**: the same steps at a history of 60 and of 10,000 answers (the
  default ``max_history``), for the live session and for the JSON request.

Latencies are medians and 99th percentiles over 8 learners x 60 answers (the first
request of a process, which builds the per-bank tables, is left out). Targets (issue 13,
2-core machine): request median under 1 ms and p99 under 2 ms on the 10,000-item bank; a
live session step at history 10,000 within 2x of the step at 60. The machine's load
average is printed: on a busy machine wall times grow (a request preempted by another
process waits a whole time slice, which shows in the p99), so CPU times are printed beside
them. Run:
``.venv/bin/python benchmarks/stateless.py``.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import Callable
from typing import Any

import numpy as np

import adaptive_tutor as at
from _common import bank_document

SEED = 20261201
N_LEARNERS = 8
N_ANSWERS = 60
LONG_HISTORY = 10_000
SECRET = b"benchmark secret of 32 bytes....."
START = 1_767_225_600.0  # 2026-01-01, seconds


def _big_bank(n_skills: int) -> at.ItemBank:
    rng = np.random.default_rng(SEED)
    skills = [
        {"id": f"skill-{s:02d}", "name": f"Skill {s}", "grade": 3, "prerequisites": []}
        for s in range(n_skills)
    ]
    return at.ItemBank.from_dict(
        bank_document(rng.uniform(0.5, 2.0, 10_000), rng.normal(0.0, 1.0, 10_000), skills)
    )


def _design(window: int | None = None) -> dict[str, Any]:
    eligibility = [at.NoRepeat(window=window)] if window else None
    return {
        "selector": at.TargetProbability(0.75, eligibility=eligibility),
        "stopping_rule": at.MaxItems(LONG_HISTORY + 100),
    }


class _Child:
    """A simulated child of ability theta answering the offered items."""

    def __init__(self, bank: at.ItemBank, theta: float, seed: int) -> None:
        self.bank = bank
        self.theta = theta
        self.rng = np.random.default_rng(seed)
        self.clock = START

    def answer(self, item_id: str) -> dict[str, Any]:
        index = self.bank.index_of(item_id)
        params = self.bank.params
        p = 1.0 / (1.0 + np.exp(-params.a[index] * (self.theta - params.b[index])))
        self.clock += float(self.rng.uniform(5, 60))
        return {
            "response": int(self.rng.random() < p),
            "timestamp": round(self.clock, 3),
            "response_time": round(float(self.rng.uniform(2, 45)), 1),
            "answer_id": str(uuid.UUID(int=int(self.rng.integers(0, 2**63)))),
        }


def _request(bank: at.ItemBank, design: dict[str, Any], child: _Child, text: str) -> str:
    """One answer request with server storage: JSON in, record, select, JSON out."""
    session = at.TutoringSession.from_dict(bank, json.loads(text), strict=True, **design)
    item_id = session.offered_item_id
    assert item_id is not None
    session.record(item_id, expected_revision=session.revision, **child.answer(item_id))
    session.next_item()
    return json.dumps(session.to_dict())


def _signed_request(bank: at.ItemBank, design: dict[str, Any], child: _Child, token: str) -> str:
    """The same with the state as a signed token."""
    session = at.TutoringSession.from_token(bank, token, SECRET, strict=True, **design)
    item_id = session.offered_item_id
    assert item_id is not None
    session.record(item_id, expected_revision=session.revision, **child.answer(item_id))
    session.next_item()
    return session.to_token(SECRET)


def _two_calls(bank: at.ItemBank, design: dict[str, Any], child: _Child, text: str) -> str:
    """record_response then next_exercise (each loads the state)."""
    state = json.loads(text)
    item_id = state["offered"]
    state = at.record_response(
        bank, state, item_id, expected_revision=state["revision"], **child.answer(item_id)
    )
    _, state = at.next_exercise(bank, state, **design)
    return json.dumps(state)


def _timed_requests(
    bank: at.ItemBank, design: dict[str, Any], kind: str, n_learners: int, n_answers: int
) -> _Clock:
    """Times per request over ``n_learners`` sessions of ``n_answers`` answers."""
    clock = _Clock()
    for learner in range(n_learners):
        child = _Child(bank, theta=float(np.linspace(-1.5, 1.5, n_learners)[learner]), seed=learner)
        session = at.TutoringSession(
            bank, seed=SEED + learner, learner_id=f"child-{learner}", **design
        )
        session.next_item()
        stored = session.to_token(SECRET) if kind == "signed" else json.dumps(session.to_dict())
        step: Callable[[at.ItemBank, dict[str, Any], _Child, str], str] = {
            "request": _request,
            "signed": _signed_request,
            "two calls": _two_calls,
        }[kind]
        for _ in range(n_answers):
            with clock:
                stored = step(bank, design, child, stored)
    return clock


def _in_memory(
    bank: at.ItemBank, design: dict[str, Any], n_learners: int, n_answers: int
) -> _Clock:
    clock = _Clock()
    for learner in range(n_learners):
        child = _Child(bank, theta=float(np.linspace(-1.5, 1.5, n_learners)[learner]), seed=learner)
        session = at.TutoringSession(bank, seed=SEED + learner, **design)
        item = session.next_item()
        for _ in range(n_answers):
            assert item is not None
            answer = child.answer(item.id)
            with clock:
                session.record(item.id, **answer)
                item = session.next_item()
    return clock


class _Clock:
    """Wall and CPU seconds of each timed call (CPU time shows the work on a busy machine)."""

    def __init__(self) -> None:
        self.wall: list[float] = []
        self.cpu: list[float] = []
        self._start = (0.0, 0.0)

    def __enter__(self) -> _Clock:
        self._start = (time.perf_counter(), time.process_time())
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall.append(time.perf_counter() - self._start[0])
        self.cpu.append(time.process_time() - self._start[1])


def _ms(clock: _Clock) -> str:
    """``wall median / wall p99 (CPU median / CPU p99)`` in ms."""
    wall, cpu = np.asarray(clock.wall) * 1000, np.asarray(clock.cpu) * 1000
    return (
        f"{np.median(wall):.2f} / {np.percentile(wall, 99):.2f} "
        f"({np.median(cpu):.2f} / {np.percentile(cpu, 99):.2f})"
    )


def _long_session(bank: at.ItemBank, design: dict[str, Any], n: int) -> at.TutoringSession:
    """A session with ``n`` answers recorded quickly (items cycling through the bank)."""
    child = _Child(bank, theta=0.3, seed=99)
    session = at.TutoringSession(bank, seed=SEED, max_history=LONG_HISTORY + 100, **design)
    rng = np.random.default_rng(SEED)
    for position in rng.permutation(len(bank))[:n] if n <= len(bank) else range(n):
        item_id = bank.item_ids[int(position) % len(bank)]
        session.record(item_id, **child.answer(item_id))
    session.next_item()
    return session


def _growth(bank: at.ItemBank) -> list[tuple[str, int, _Clock]]:
    """Step times of a live session and of a JSON request at two history lengths."""
    design = _design(window=50)  # repeats allowed after 50 items, so 10,000 answers fit
    rows = []
    for n in (N_ANSWERS, LONG_HISTORY):
        session = _long_session(bank, design, n)
        child = _Child(bank, theta=0.3, seed=7)
        live, request = _Clock(), _Clock()
        for _ in range(60):
            item_id = session.offered_item_id
            assert item_id is not None
            answer = child.answer(item_id)
            with live:
                session.record(item_id, **answer)
                session.next_item()
        text = json.dumps(session.to_dict())
        options = {**design, "max_history": LONG_HISTORY + 100}
        for _ in range(20):
            with request:
                again = at.TutoringSession.from_dict(bank, json.loads(text), strict=True, **options)
                item_id = again.offered_item_id
                assert item_id is not None
                again.record(item_id, **child.answer(item_id))
                again.next_item()
                text = json.dumps(again.to_dict())
        rows.append(("live session step", n, live))
        rows.append(("JSON request", n, request))
    return rows


def _sizes(bank: at.ItemBank) -> list[tuple[int, int, int, int]]:
    design = _design()
    rows = []
    for n in (60, 200):
        child = _Child(bank, theta=0.0, seed=3)
        session = at.TutoringSession(bank, seed=SEED, learner_id="child-0001", **design)
        for _ in range(n):
            item = session.next_item()
            assert item is not None
            session.record(item.id, **child.answer(item.id))
        session.next_item()
        data = session.to_dict()
        rows.append(
            (
                n,
                len(json.dumps(data)),
                len(json.dumps(data, separators=(",", ":"))),
                len(session.to_token(SECRET)),
            )
        )
    return rows


def main() -> None:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"stateless path (adaptive_tutor {at.__version__}); load average {load:.1f} on "
        f"{os.cpu_count()} cores\n"
    )
    banks = [
        ("arithmetic (247 items)", at.load_shipped_bank("arithmetic")),
        ("10,000 items, 1 skill", _big_bank(1)),
        ("10,000 items, 20 skills", _big_bank(20)),
    ]
    print(
        "latency per answer request, ms: wall median / p99 (CPU median / p99) "
        f"({N_LEARNERS} learners x {N_ANSWERS} answers)"
    )
    columns = ("JSON request", "signed token", "two calls", "in memory")
    header = f"{'bank':24} " + " ".join(f"{name:>30}" for name in columns)
    print(header)
    print("-" * len(header))
    for name, bank in banks:
        design = _design()
        _timed_requests(bank, design, "request", 1, 3)  # builds the per-bank tables
        cells = [
            _ms(_timed_requests(bank, design, kind, N_LEARNERS, N_ANSWERS))
            for kind in ("request", "signed", "two calls")
        ]
        cells.append(_ms(_in_memory(bank, design, N_LEARNERS, N_ANSWERS)))
        print(f"{name:24} " + " ".join(f"{cell:>30}" for cell in cells))
    print("\nstate size, bytes (arithmetic bank; UUID answer ids, timestamps, response times)")
    print(f"{'answers':>8} {'JSON':>8} {'compact':>8} {'token':>8}")
    for n, plain, compact, token in _sizes(banks[0][1]):
        print(f"{n:>8} {plain:>8} {compact:>8} {token:>8}")
    print("\ngrowth with history, 10,000 items, 1 skill (ms: wall median / p99 (CPU median / p99))")
    rows = _growth(banks[1][1])
    print(f"{'':20} {'history':>8} {'ms':>30} {'CPU x at 60':>12}")
    base: dict[str, float] = {}
    for name, n, clock in rows:
        median = float(np.median(clock.cpu))
        base.setdefault(name, median)
        print(f"{name:20} {n:>8} {_ms(clock):>30} {median / base[name]:>12.2f}")


if __name__ == "__main__":
    main()
