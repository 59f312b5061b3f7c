"""Independent, deliberately plain reference implementations used by the IRT tests.

Written from the model definitions with scalar Python maths (no code shared with
adaptive_tutor.irt), so agreement is evidence rather than a tautology.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

MODELS = ("1PL", "2PL", "3PL", "4PL", "GRM", "GPCM", "PCM")


def logistic(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def category_probs(record: Mapping[str, Any], theta: float, D: float = 1.0) -> list[float]:
    """Category probabilities of one item at one ability, straight from the definitions."""
    model = record["model"]
    a = float(record.get("a", 1.0))
    if model in ("1PL", "2PL", "3PL", "4PL"):
        c = float(record.get("c", 0.0))
        d = float(record.get("d", 1.0))
        p = c + (d - c) * logistic(D * a * (theta - float(record["b"])))
        return [1.0 - p, p]
    if model == "GRM":
        cumulative = [1.0] + [logistic(D * a * (theta - t)) for t in record["thresholds"]] + [0.0]
        return [cumulative[k] - cumulative[k + 1] for k in range(len(cumulative) - 1)]
    exponents = [0.0]
    for step in record["steps"]:
        exponents.append(exponents[-1] + D * a * (theta - step))
    top = max(exponents)
    weights = [math.exp(e - top) for e in exponents]
    total = sum(weights)
    return [w / total for w in weights]


def log_likelihood(
    records: Sequence[Mapping[str, Any]], responses: Sequence[float], theta: float, D: float = 1.0
) -> float:
    total = 0.0
    for record, response in zip(records, responses, strict=True):
        if response is None or (isinstance(response, float) and math.isnan(response)):
            continue
        total += math.log(category_probs(record, theta, D)[int(response)])
    return total


def numeric_fisher_information(
    record: Mapping[str, Any], theta: float, D: float = 1.0, h: float = 1e-4
) -> float:
    """-E[d^2 log P_X / d theta^2] by central second differences."""
    probs = category_probs(record, theta, D)
    total = 0.0
    for k, p in enumerate(probs):
        up = math.log(category_probs(record, theta + h, D)[k])
        mid = math.log(p)
        down = math.log(category_probs(record, theta - h, D)[k])
        total -= p * (up - 2.0 * mid + down) / h**2
    return total


def warm_equation(
    records: Sequence[Mapping[str, Any]], responses: Sequence[float], theta: float, D: float = 1.0
) -> float:
    """Warm's estimating function S + J / (2 I) with numerical derivatives of P."""
    h = 1e-4
    score = (
        log_likelihood(records, responses, theta + h, D)
        - log_likelihood(records, responses, theta - h, D)
    ) / (2 * h)
    info = 0.0
    warm = 0.0
    for record, response in zip(records, responses, strict=True):
        if isinstance(response, float) and math.isnan(response):
            continue
        up = category_probs(record, theta + h, D)
        mid = category_probs(record, theta, D)
        down = category_probs(record, theta - h, D)
        for k in range(len(mid)):
            first = (up[k] - down[k]) / (2 * h)
            second = (up[k] - 2 * mid[k] + down[k]) / h**2
            info += first**2 / mid[k]
            warm += first * second / mid[k]
    return score + warm / (2 * info)


def random_record(rng: np.random.Generator, model: str, max_steps: int = 3) -> dict[str, Any]:
    a = float(rng.uniform(0.6, 2.2))
    if model == "1PL":
        return {"model": "1PL", "b": float(rng.normal())}
    if model == "2PL":
        return {"model": "2PL", "a": a, "b": float(rng.normal())}
    if model == "3PL":
        return {"model": "3PL", "a": a, "b": float(rng.normal()), "c": float(rng.uniform(0, 0.3))}
    if model == "4PL":
        c = float(rng.uniform(0, 0.25))
        return {
            "model": "4PL",
            "a": a,
            "b": float(rng.normal()),
            "c": c,
            "d": float(rng.uniform(0.8, 1.0)),
        }
    n_steps = int(rng.integers(1, max_steps + 1))
    if model == "GRM":
        return {
            "model": "GRM",
            "a": a,
            "thresholds": sorted(float(x) for x in rng.normal(0, 1.2, n_steps)),
        }
    steps = [float(x) for x in rng.normal(0, 1.0, n_steps)]
    if model == "PCM":
        return {"model": "PCM", "steps": steps}
    return {"model": "GPCM", "a": a, "steps": steps}


def n_categories(record: Mapping[str, Any]) -> int:
    if record["model"] == "GRM":
        return len(record["thresholds"]) + 1
    if record["model"] in ("GPCM", "PCM"):
        return len(record["steps"]) + 1
    return 2


def simulate_pattern(
    rng: np.random.Generator, records: Sequence[Mapping[str, Any]], theta: float, D: float = 1.0
) -> list[float]:
    return [
        float(rng.choice(n_categories(r), p=np.array(category_probs(r, theta, D)))) for r in records
    ]
