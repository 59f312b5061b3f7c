"""Distributed responses: a ``dask.dataframe`` fitted on the active ``dask.distributed`` client.

Set-up, on the cluster:

1. the frame is persisted once; every partition is checked (errors name the partition)
   and reports its item ids, which the client sorts exactly as in-memory fits do;
2. rows are shuffled by ``learner_id`` (Dask's own shuffle), so each partition holds
   complete learners, and each partition becomes a shard (CSR rows of item, response)
   kept in the workers' memory for the whole fit.

Each EM iteration then sends the item x category x node log-probability table to the
workers, runs the E-step of every shard where it lives and sums the expected counts on
the cluster; only that sum (items x categories x nodes) comes back, and the M-step runs
here. Standard errors are accumulated the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from adaptive_tutor._validation import plain
from adaptive_tutor.calibration._chunks import sorted_item_ids
from adaptive_tutor.calibration._data import ResponseDataWarning, _check_codes, _numeric_values
from adaptive_tutor.calibration._estep import EStepResult, e_step
from adaptive_tutor.calibration._progress import ProgressReporter
from adaptive_tutor.calibration._sources import (
    PreparedInput,
    ResponseSummary,
    add_e_steps,
    merge_summaries,
    shard_design,
)
from adaptive_tutor.calibration._standard_errors import ScoreLayout, shard_information
from adaptive_tutor.exceptions import ResponseDataError
from adaptive_tutor.response_log import check_log_integrity

__all__ = ["DaskSource", "prepare_dask"]

FloatArray = NDArray[np.float64]
_LONG_COLUMNS = ("learner_id", "item_id", "response")
_MAX_NAMED = 5


@dataclass(frozen=True)
class _PartitionCheck:
    item_kind: str
    learner_kind: str
    item_ids: tuple[Any, ...]
    n_rows: int


@dataclass
class _Shard:
    """One partition's learners as CSR rows, and their summary (lives on a worker)."""

    indptr: NDArray[np.int64]
    item: NDArray[np.int32]
    response: NDArray[np.int16]
    summary: ResponseSummary
    duplicates: int
    removed: int
    examples: tuple[str, ...]


def prepare_dask(frame: Any, *, duplicate_policy: str, reporter: ProgressReporter) -> PreparedInput:
    """Check, shuffle and shard a Dask DataFrame on the active client."""
    try:
        from dask.delayed import delayed
        from distributed import get_client
    except ImportError:
        raise ImportError(
            "Calibrating a Dask DataFrame needs dask.distributed: pip install "
            "'adaptive_tutor[dask]'."
        ) from None
    try:
        client: Any = get_client()
    except ValueError:
        raise ValueError(
            "A Dask DataFrame is calibrated on the active dask.distributed client, and there "
            "is none: start one first, e.g. `from dask.distributed import Client; client = "
            "Client('tcp://scheduler-host:8786')` for a cluster or `Client()` for this machine."
        ) from None
    columns = [str(c) for c in frame.columns]
    missing = [c for c in _LONG_COLUMNS if c not in columns]
    if missing:
        raise ResponseDataError(
            f"The Dask DataFrame lacks column(s) {missing}; it must be a long-format log "
            f"(learner_id, item_id, response[, timestamp]). It has {columns}."
        )
    use_timestamp = duplicate_policy != "error"
    if use_timestamp and "timestamp" not in columns:
        raise ResponseDataError(
            f"duplicate_policy={duplicate_policy!r} on a Dask DataFrame needs a 'timestamp' "
            "column: rows are shuffled between partitions, so row order cannot say which "
            "answer came first."
        )
    wanted = [*_LONG_COLUMNS, *(["timestamp"] if use_timestamp else [])]
    persisted = client.persist(frame[wanted])
    try:
        parts = persisted.to_delayed()
        checks = client.compute(
            [delayed(_check_partition)(p, f"partition {i}") for i, p in enumerate(parts)]
        )
        results: list[_PartitionCheck] = []
        for future in checks:
            results.append(future.result())
            reporter.reading(len(results), sum(r.n_rows for r in results))
        kind = _common_kind(results, "item")
        _common_kind(results, "learner")
        raw_ids = list(dict.fromkeys(i for r in results for i in r.item_ids))
        order, item_ids = sorted_item_ids(kind, raw_ids)
        lookup = pd.Index([raw_ids[i] for i in order])
        shuffled = persisted.shuffle(on="learner_id")
        shards = client.compute(
            [
                delayed(_build_shard)(p, lookup, duplicate_policy, use_timestamp)
                for p in shuffled.to_delayed()
            ]
        )
        client.cancel(checks)
        summaries = client.gather(client.map(_shard_outline, shards, pure=False))
    except BaseException:
        client.cancel([persisted])
        raise
    del persisted  # the shards hold everything now
    _raise_or_warn(summaries, duplicate_policy)
    summary = merge_summaries(item_ids, [s[0] for s in summaries])
    source = DaskSource(client, shards, len(item_ids))
    return PreparedInput(summary, lambda _: source, source.release)


def _common_kind(results: Sequence[_PartitionCheck], name: str) -> str:
    kinds = [r.item_kind if name == "item" else r.learner_kind for r in results]
    for index, kind in enumerate(kinds):
        if kind != kinds[0]:
            raise ResponseDataError(
                f"In partition {index}, {name}_id values are {kind}, but in partition 0 they "
                f"were {kinds[0]}: use one type for {name}_id in every partition."
            )
    return kinds[0] if kinds else "text"


def _check_partition(part: pd.DataFrame, label: str) -> _PartitionCheck:
    """Validate one partition (errors name it); its item ids and row count."""
    kinds = check_log_integrity(part, "Calibrator", label=label)
    item_kind, learner_kind = kinds["item_id"], kinds["learner_id"]
    codes, uniques = pd.factorize(part["item_id"])
    try:
        values = _numeric_values(part["response"])
        finite = np.isfinite(values)
        if not finite.all():
            raise ResponseDataError(
                f"{int((~finite).sum())} response(s) are missing or not finite; long-format "
                "logs list administered items only: remove those rows or record the score."
            )
        _check_codes(values, codes, tuple(str(u) for u in uniques))
    except ResponseDataError as error:
        raise ResponseDataError(f"In {label}: {error}") from None
    return _PartitionCheck(item_kind, learner_kind, tuple(plain(u) for u in uniques), len(part))


def _build_shard(
    part: pd.DataFrame, lookup: pd.Index, duplicate_policy: str, use_timestamp: bool
) -> _Shard:
    """One shuffled partition (complete learners) as a shard; runs on a worker."""
    n_items = len(lookup)
    items = lookup.get_indexer(pd.Index(part["item_id"])).astype(np.int64)
    responses = np.asarray(_numeric_values(part["response"])).astype(np.int16)
    learner, learner_ids = pd.factorize(part["learner_id"])
    key = learner.astype(np.int64) * n_items + items
    if use_timestamp:
        stamps = np.asarray(pd.factorize(part["timestamp"], sort=True)[0])
        order = np.lexsort((stamps, key))
    else:
        order = np.argsort(key, kind="stable")
    key, learner, items, responses = key[order], learner[order], items[order], responses[order]
    repeated = key[1:] == key[:-1]
    duplicates = removed = 0
    examples: list[str] = []
    if repeated.any():
        pairs = np.unique(key[np.flatnonzero(repeated)])
        examples = [
            f"({plain(learner_ids[int(k // n_items)])!r}, {str(lookup[int(k % n_items)])!r})"
            for k in pairs[:_MAX_NAMED]
        ]
        if duplicate_policy == "error":
            duplicates = int(pairs.size)
        else:
            removed = int(repeated.sum())
            keep = np.ones(key.size, dtype=bool)
            if duplicate_policy == "first":
                keep[1:] = ~repeated
            else:
                keep[:-1] = ~repeated
            learner, items, responses = learner[keep], items[keep], responses[keep]
    per_learner = np.bincount(learner, minlength=len(learner_ids))
    indptr = np.zeros(per_learner.size + 1, dtype=np.int64)
    np.cumsum(per_learner, out=indptr[1:])
    width = int(responses.max(initial=0)) + 1
    counts = np.bincount(items * width + responses, minlength=n_items * width)
    thin = np.flatnonzero(per_learner < 2)
    summary = ResponseSummary(
        item_ids=(),
        category_counts=counts.reshape(n_items, width).astype(np.int64),
        n_learners=int(per_learner.size),
        n_responses=int(indptr[-1]),
        n_thin=int(thin.size),
        n_without_responses=0,
        thin_examples=tuple(plain(learner_ids[i]) for i in thin[:_MAX_NAMED]),
        sum_squared_lengths=float(np.sum(per_learner.astype(np.float64) ** 2)),
    )
    return _Shard(
        indptr,
        items.astype(np.int32),
        responses,
        summary,
        duplicates,
        removed,
        tuple(examples),
    )


def _shard_outline(shard: _Shard) -> tuple[ResponseSummary, int, int, tuple[str, ...]]:
    return shard.summary, shard.duplicates, shard.removed, shard.examples


def _raise_or_warn(
    outlines: Sequence[tuple[ResponseSummary, int, int, tuple[str, ...]]], policy: str
) -> None:
    import warnings

    examples = ", ".join([e for o in outlines for e in o[3]][:_MAX_NAMED])
    duplicates = sum(o[1] for o in outlines)
    if duplicates:
        raise ResponseDataError(
            f"{duplicates} (learner, item) pair(s) occur more than once, e.g. {examples}. "
            "Pass duplicate_policy='first' or 'last' (with a timestamp column) to keep one "
            "response per pair, or remove the repeats."
        )
    removed = sum(o[2] for o in outlines)
    if removed:
        warnings.warn(
            f"Removed {removed} repeated response(s), keeping the {policy} one of each "
            f"(learner, item) pair by timestamp (duplicate_policy={policy!r}); e.g. {examples}.",
            ResponseDataWarning,
            stacklevel=6,
        )


def _shard_e_step(
    shard: _Shard, log_prob: FloatArray, log_weights: FloatArray, n_items: int
) -> EStepResult:
    design = shard_design(shard.indptr, shard.item, shard.response, n_items, log_prob.shape[1])
    return e_step(design, log_prob, log_weights)


def _shard_information(
    shard: _Shard,
    log_prob: FloatArray,
    log_weights: FloatArray,
    n_items: int,
    layout: ScoreLayout,
    mode: str,
) -> FloatArray:
    design = shard_design(shard.indptr, shard.item, shard.response, n_items, log_prob.shape[1])
    return shard_information(design, log_prob, log_weights, layout, mode)


def _sum_e_steps(results: list[EStepResult]) -> EStepResult:
    return add_e_steps(results)


def _sum_arrays(arrays: list[FloatArray]) -> FloatArray:
    total = arrays[0].copy()
    for array in arrays[1:]:
        total += array
    return total


class DaskSource:
    """Shards held by the workers of a ``dask.distributed`` client (internal)."""

    def __init__(self, client: Any, shards: list[Any], n_items: int) -> None:
        self.client, self.shards, self.n_items = client, shards, n_items

    def e_step(self, log_prob: FloatArray, log_weights: FloatArray) -> EStepResult:
        table = self.client.scatter(log_prob, broadcast=True, hash=False)
        parts = self.client.map(
            _shard_e_step,
            self.shards,
            log_prob=table,
            log_weights=log_weights,
            n_items=self.n_items,
            pure=False,
        )
        result: EStepResult = self.client.submit(_sum_e_steps, parts, pure=False).result()
        self.client.cancel([table, *parts])
        return result

    def information(
        self, log_prob: FloatArray, log_weights: FloatArray, layout: ScoreLayout, mode: str
    ) -> FloatArray:
        table, shared_layout = self.client.scatter([log_prob, layout], broadcast=True, hash=False)
        parts = self.client.map(
            _shard_information,
            self.shards,
            log_prob=table,
            log_weights=log_weights,
            n_items=self.n_items,
            layout=shared_layout,
            mode=mode,
            pure=False,
        )
        result: FloatArray = self.client.submit(_sum_arrays, parts, pure=False).result()
        self.client.cancel([table, shared_layout, *parts])
        return result

    def close(self) -> None:
        return None

    def release(self) -> None:
        """Drop the shards from the workers' memory."""
        self.client.cancel(self.shards)
        self.shards = []
