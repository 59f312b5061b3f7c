"""Seeded simulation helpers shared by the calibration tests."""

from __future__ import annotations

import copy
from typing import Any

import numpy as np
import pandas as pd

from adaptive_tutor.irt import ItemParams, category_prob
from adaptive_tutor.item_bank import ItemBank, tiny_bank_document


def simulate(
    params: ItemParams,
    n_learners: int,
    seed: int,
    *,
    density: float = 1.0,
    mean: float = 0.0,
    sd: float = 1.0,
) -> np.ndarray:
    """Learners x items float matrix of simulated category scores (NaN = not administered)."""
    rng = np.random.default_rng(seed)
    theta = rng.normal(mean, sd, size=n_learners)
    prob = category_prob(params, theta)  # (items, learners, K)
    cumulative = np.cumsum(prob, axis=2)
    draws = rng.random((params.n_items, n_learners, 1))
    scores = (draws > cumulative[:, :, :-1]).sum(axis=2).T.astype(float)
    if density < 1.0:
        scores[rng.random(scores.shape) >= density] = np.nan
    return scores


def to_long(matrix: np.ndarray, item_ids: list[str] | None = None) -> pd.DataFrame:
    """Long-format frame (learner_id, item_id, response) of the observed cells."""
    learner, item = np.nonzero(~np.isnan(matrix))
    ids = np.array(
        item_ids if item_ids is not None else [f"q{j:04d}" for j in range(matrix.shape[1])]
    )
    return pd.DataFrame(
        {"learner_id": learner, "item_id": ids[item], "response": matrix[learner, item]}
    )


def rmse(estimate: np.ndarray, truth: np.ndarray) -> float:
    return float(np.sqrt(np.mean((np.asarray(estimate) - np.asarray(truth)) ** 2)))


def bank_of(params: ItemParams, item_ids: list[str]) -> ItemBank:
    """A valid ItemBank whose items carry ``params`` (content copied from the tiny bank)."""
    document: dict[str, Any] = tiny_bank_document()
    template = next(i for i in document["items"] if i["id"] == "add-1")
    poly = next(i for i in document["items"] if i["id"] == "story-1")
    items = []
    for item_id, record in zip(item_ids, params.to_records(), strict=True):
        k = (
            2
            if record["model"] in ("1PL", "2PL", "3PL", "4PL")
            else len(record.get("thresholds", record.get("steps", []))) + 1
        )
        base = copy.deepcopy(template if k == 2 else poly)
        base.pop("enemies", None)
        base["id"] = item_id
        base["irt"] = dict(record)
        if k > 2:
            base["max_score"] = k - 1
            base["rubric"] = [{"score": s, "description": f"level {s}"} for s in range(k)]
        items.append(base)
    document["items"] = items
    return ItemBank.from_dict(document)
