"""Helpers shared by the benchmark scripts (not a benchmark itself: running it does nothing).

The scripts are run as ``.venv/bin/python benchmarks/<name>.py``, so this folder is on
``sys.path`` (also in their spawned child processes) and ``import _common`` finds this file.
"""

from __future__ import annotations

from typing import Any

import numpy as np


def bank_document(a: np.ndarray, b: np.ndarray, skills: list[dict[str, Any]]) -> dict[str, Any]:
    """An item bank document of 2PL numeric items; item ``i`` practises ``skills[i % len]``."""
    items = [
        {
            "id": f"item-{i}",
            "skills": [skills[i % len(skills)]["id"]],
            "grade": 3,
            "type": "numeric",
            "prompt": f"Question {i}",
            "answer": {"value": i},
            "max_score": 1,
            "irt": {"model": "2PL", "a": float(a[i]), "b": float(b[i])},
        }
        for i in range(len(a))
    ]
    return {
        "schema_version": "1.0",
        "bank": {
            "id": "benchmark-bank",
            "title": "Benchmark bank",
            "subject": "mathematics",
            "language": "en",
            "grade_range": [3, 3],
            "provider": "benchmark",
            "licence": "CC0-1.0",
        },
        "skills": skills,
        "items": items,
    }


def mirt_known_2pl(a: np.ndarray, b: np.ndarray) -> Any:
    """A mirt 2PL model with the given (known, not estimated) item parameters."""
    import mirt

    model = mirt.TwoParameterLogistic(n_items=len(a))
    model.set_parameters(discrimination=a, difficulty=b)
    model._is_fitted = True  # parameters are known, not estimated
    return model
