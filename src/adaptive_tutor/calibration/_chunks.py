"""Out-of-core responses: long-format chunks or Parquet files, read once into learner shards.

EM needs all of a learner's responses together, but a learner's rows may be spread over
many chunks. The chunks are therefore read once and *spilled* to a temporary directory
(``tempfile``; set ``TMPDIR`` to choose the disk), each row in one of ``_N_BUCKETS``
buckets chosen by a hash of its learner id. Each bucket then holds complete learners and
is turned, one at a time, into shards of about ``chunk_size`` responses stored as CSR rows
of (item, response). Every EM iteration reads the shards back one at a time (memory
maps: the operating system keeps them cached when there is room), so memory holds one
shard plus item x category x node arrays, whatever the size of the log.

Each chunk is validated where it is read, and errors name it: ``chunk 3`` of an iterable,
or the Parquet file and its rows. Chunks must share one column layout, and item ids (and
learner ids) must be integers in every chunk or text in every chunk.
"""

from __future__ import annotations

import tempfile
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from adaptive_tutor._validation import name_some, plain
from adaptive_tutor.calibration._data import (
    ResponseDataWarning,
    _check_codes,
    _numeric_values,
)
from adaptive_tutor.calibration._estep import EStepResult, ResponseDesign, e_step
from adaptive_tutor.calibration._progress import ProgressReporter
from adaptive_tutor.calibration._sources import (
    PreparedInput,
    ResponseSummary,
    add_e_steps,
    shard_design,
)
from adaptive_tutor.calibration._standard_errors import (
    ScoreLayout,
    empty_information,
    shard_information,
)
from adaptive_tutor.exceptions import ResponseDataError
from adaptive_tutor.response_log import check_log_integrity

__all__ = ["frame_chunks", "parquet_chunks", "prepare_chunks", "sorted_item_ids"]

FloatArray = NDArray[np.float64]
Chunk = tuple[str, pd.DataFrame]
_LONG_COLUMNS = ("learner_id", "item_id", "response")
_N_BUCKETS = 64
_MAX_NAMED = 5


def frame_chunks(chunks: Iterable[Any]) -> Iterator[Chunk]:
    """Label the DataFrames of an iterable ``chunk 0``, ``chunk 1``, ..."""
    for index, chunk in enumerate(chunks):
        label = f"chunk {index}"
        if not isinstance(chunk, pd.DataFrame):
            raise ResponseDataError(
                f"Response {label} is a {type(chunk).__name__}, not a DataFrame: chunked "
                "responses are long-format DataFrames (learner_id, item_id, response)."
            )
        yield label, chunk


def parquet_chunks(path: Any, chunk_size: int) -> Iterator[Chunk]:
    """Batches of ``chunk_size`` rows of a Parquet file or of a directory's Parquet files."""
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise ImportError(
            "Reading Parquet needs pyarrow: pip install 'adaptive_tutor[parquet]'."
        ) from None
    root = Path(path)
    if root.is_dir():
        files = sorted(p for p in root.rglob("*.parquet") if p.is_file())
        if not files:
            raise ResponseDataError(
                f"The directory {str(root)!r} holds no .parquet files; pass a Parquet file, "
                "a directory of *.parquet files, or the responses themselves."
            )
    elif root.is_file():
        files = [root]
    else:
        raise ResponseDataError(f"There is no Parquet file or directory at {str(root)!r}.")
    for file in files:
        try:
            reader = pq.ParquetFile(file)
            columns = [c for c in reader.schema_arrow.names if c in (*_LONG_COLUMNS, "timestamp")]
            start = 0
            for batch in reader.iter_batches(batch_size=chunk_size, columns=columns or None):
                label = f"Parquet file {str(file)!r} (rows {start}-{start + batch.num_rows - 1})"
                start += batch.num_rows
                yield label, batch.to_pandas()
        except (OSError, ValueError) as error:  # pyarrow's errors derive from these
            raise ResponseDataError(
                f"Cannot read the Parquet file {str(file)!r}: {error}"
            ) from None


def sorted_item_ids(kind: str, raw_ids: list[Any]) -> tuple[NDArray[np.int64], tuple[str, ...]]:
    """Order of ``raw_ids`` as in-memory fits sort them (numerically for integers) and names."""
    keys = [int(i) for i in raw_ids] if kind == "integer" else [str(i) for i in raw_ids]
    order = np.asarray(sorted(range(len(keys)), key=keys.__getitem__), dtype=np.int64)
    return order, tuple(str(keys[i]) for i in order)


@dataclass
class _Spill:
    """Pass 1 state: chunk files of bucket-sorted rows and what the chunks agreed on."""

    directory: Path
    with_timestamp: bool
    columns: tuple[str, ...] | None = None
    first_label: str = ""
    kinds: dict[str, tuple[str, str]] = field(default_factory=dict)
    item_codes: dict[Any, int] = field(default_factory=dict)
    chunk_offsets: list[NDArray[np.int64]] = field(default_factory=list)
    chunk_labels: list[str] = field(default_factory=list)
    n_rows: int = 0
    max_response: int = 0

    def add(self, label: str, chunk: pd.DataFrame) -> None:
        columns = tuple(map(str, chunk.columns))
        if self.columns is None:
            missing = [c for c in _LONG_COLUMNS if c not in columns]
            if missing:
                raise ResponseDataError(
                    f"{_capital(label)} lacks column(s) {missing}; chunked responses are "
                    f"long-format (learner_id, item_id, response[, timestamp]). It has "
                    f"{list(columns)}."
                )
            self.columns, self.first_label = columns, label
        elif columns != self.columns:
            raise ResponseDataError(
                f"{_capital(label)} has columns {list(columns)}, but {self.first_label} had "
                f"{list(self.columns)}: every chunk must have the same columns in the same "
                "order."
            )
        if len(chunk) == 0:
            return
        chunk = chunk.rename(columns=str)
        kinds = check_log_integrity(chunk, "Calibrator", label=label)
        learner_kind = self._same_kind(kinds["learner_id"], "learner_id", label)
        self._same_kind(kinds["item_id"], "item_id", label)
        codes, uniques = pd.factorize(chunk["item_id"])
        to_global = np.array([self._item_code(u) for u in uniques], dtype=np.int32)
        items = to_global[codes]
        values = _wrap(label, _numeric_values, chunk["response"])
        finite = np.isfinite(values)
        if not finite.all():
            names = name_some(pd.unique(chunk["item_id"].to_numpy()[~finite]), limit=_MAX_NAMED)
            raise ResponseDataError(
                f"In {label}, {int((~finite).sum())} response(s) are missing or not finite "
                f"(items [{names}]). Long-format logs list administered items only: remove "
                "those rows or record the score."
            )
        _wrap(label, _check_codes, values, codes, tuple(str(u) for u in uniques))
        responses = values.astype(np.int16)
        self.max_response = max(self.max_response, int(responses.max()))
        learners = chunk["learner_id"]
        keys = (
            learners.to_numpy(dtype=np.int64)
            if learner_kind == "integer"
            else learners.astype(str).to_numpy(dtype=object)
        )
        bucket = pd.util.hash_array(keys) % np.uint64(_N_BUCKETS)
        order = np.argsort(bucket, kind="stable")
        offsets = np.zeros(_N_BUCKETS + 1, dtype=np.int64)
        np.cumsum(np.bincount(bucket.astype(np.int64), minlength=_N_BUCKETS), out=offsets[1:])
        index = len(self.chunk_labels)
        keys = keys[order]
        if learner_kind == "text":
            keys = keys.astype(str)  # fixed-width unicode: saved without pickling
        self._save(index, "learner", keys)
        self._save(index, "item", items[order])
        self._save(index, "response", responses[order])
        if self.with_timestamp:
            stamps = chunk["timestamp"].to_numpy()
            if stamps.dtype == object:
                stamps = stamps.astype(str)
            self._save(index, "timestamp", stamps[order])
        self.chunk_offsets.append(offsets)
        self.chunk_labels.append(label)
        self.n_rows += len(chunk)

    def _same_kind(self, kind: str, name: str, label: str) -> str:
        first = self.kinds.setdefault(name, (kind, label))
        if first[0] != kind:
            raise ResponseDataError(
                f"In {label}, {name} values are {kind}, but in {first[1]} they were "
                f"{first[0]}: one id must not be written both ways (as 7 and '7'). Use one "
                f"type for {name} in every chunk."
            )
        return kind

    def _item_code(self, raw: Any) -> int:
        return self.item_codes.setdefault(raw, len(self.item_codes))

    def _save(self, index: int, name: str, values: NDArray[Any]) -> None:
        np.save(self.directory / f"chunk{index}_{name}.npy", values, allow_pickle=False)

    def bucket(self, b: int, name: str) -> NDArray[Any]:
        parts = []
        for index, offsets in enumerate(self.chunk_offsets):
            if offsets[b + 1] > offsets[b]:
                values = np.load(self.directory / f"chunk{index}_{name}.npy", mmap_mode="r")
                parts.append(np.asarray(values[offsets[b] : offsets[b + 1]]))
        return np.concatenate(parts) if parts else np.empty(0)

    def bucket_chunks(self, b: int) -> NDArray[np.int64]:
        sizes = [int(o[b + 1] - o[b]) for o in self.chunk_offsets]
        return np.repeat(np.arange(len(sizes), dtype=np.int64), sizes)


def _capital(label: str) -> str:
    return label[:1].upper() + label[1:]


def _wrap(label: str, check: Any, *args: Any) -> Any:
    try:
        return check(*args)
    except ResponseDataError as error:
        raise ResponseDataError(f"In {label}: {error}") from None


@dataclass
class _Duplicates:
    count: int = 0
    removed: int = 0
    examples: list[str] = field(default_factory=list)


def prepare_chunks(
    chunks: Iterable[Chunk],
    *,
    duplicate_policy: str,
    chunk_size: int,
    reporter: ProgressReporter,
) -> PreparedInput:
    """Read labelled chunks once into learner shards; see the module docstring."""
    holder = tempfile.TemporaryDirectory(prefix="adaptive_tutor_calibration_")
    try:
        directory = Path(holder.name)
        spill = _Spill(directory / "chunks", with_timestamp=duplicate_policy != "error")
        spill.directory.mkdir()
        for label, chunk in chunks:
            if spill.columns is None and "timestamp" not in map(str, chunk.columns):
                spill.with_timestamp = False
            spill.add(label, chunk)
            reporter.reading(len(spill.chunk_labels), spill.n_rows)
        if spill.n_rows == 0:
            raise ResponseDataError(
                "No responses: the chunks are empty (or there are none)."
                if spill.columns is None or not spill.chunk_labels
                else "No responses: every chunk is empty."
            )
        source, summary = _build_shards(spill, directory, duplicate_policy, chunk_size)
    except BaseException:
        holder.cleanup()
        raise
    return PreparedInput(summary, lambda _: source, holder.cleanup)


def _build_shards(
    spill: _Spill, directory: Path, duplicate_policy: str, chunk_size: int
) -> tuple[ShardedSource, ResponseSummary]:
    """Pass 2: each bucket's learners sorted, de-duplicated and cut into shards."""
    kind = spill.kinds["item_id"][0]
    order, item_ids = sorted_item_ids(kind, list(spill.item_codes))
    remap = np.empty(order.size, dtype=np.int32)
    remap[order] = np.arange(order.size, dtype=np.int32)
    n_items = len(item_ids)
    n_categories = spill.max_response + 1
    counts = np.zeros((n_items, n_categories), dtype=np.int64)
    duplicates = _Duplicates()
    writer = _ShardWriter(directory / "shards", n_items, chunk_size)
    thin_examples: list[Any] = []
    n_thin = 0
    squares = 0.0
    for b in range(_N_BUCKETS):
        keys = spill.bucket(b, "learner")
        if keys.size == 0:
            continue
        items = remap[spill.bucket(b, "item").astype(np.int64)]
        responses = spill.bucket(b, "response").astype(np.int16)
        learner, learner_ids = pd.factorize(keys)
        key = learner.astype(np.int64) * n_items + items
        if spill.with_timestamp:
            stamps = spill.bucket(b, "timestamp")
            sort = np.lexsort((stamps, key))
        else:
            sort = np.argsort(key, kind="stable")
        key, learner, items, responses = key[sort], learner[sort], items[sort], responses[sort]
        repeated = key[1:] == key[:-1]
        if repeated.any():
            keep = _duplicates(
                duplicates,
                duplicate_policy,
                repeated,
                key,
                learner_ids,
                item_ids,
                spill.bucket_chunks(b)[sort],
                spill.chunk_labels,
            )
            learner, items, responses = learner[keep], items[keep], responses[keep]
        if duplicates.count:
            continue  # keep looking, to report every duplicate at once
        per_learner = np.bincount(learner, minlength=len(learner_ids))
        thin = np.flatnonzero(per_learner < 2)
        n_thin += int(thin.size)
        thin_examples.extend(plain(learner_ids[i]) for i in thin[: _MAX_NAMED - len(thin_examples)])
        squares += float(np.sum(per_learner.astype(np.float64) ** 2))
        _count(counts, items, responses)
        writer.add(per_learner, items, responses)
    if duplicates.count:
        raise ResponseDataError(
            f"{duplicates.count} (learner, item) pair(s) occur more than once, e.g. "
            f"{'; '.join(duplicates.examples)}. Pass duplicate_policy='first' or 'last' to "
            "keep one response per pair, or remove the repeats."
        )
    if duplicates.removed:
        warnings.warn(
            f"Removed {duplicates.removed} repeated response(s), keeping the "
            f"{duplicate_policy} one of each (learner, item) pair (duplicate_policy="
            f"{duplicate_policy!r}); e.g. {'; '.join(duplicates.examples)}.",
            ResponseDataWarning,
            stacklevel=6,
        )
    writer.flush()
    for path in spill.directory.iterdir():
        path.unlink()
    summary = ResponseSummary(
        item_ids=item_ids,
        category_counts=counts,
        n_learners=writer.n_learners,
        n_responses=writer.n_responses,
        n_thin=n_thin,
        n_without_responses=0,
        thin_examples=tuple(thin_examples),
        sum_squared_lengths=squares,
    )
    return ShardedSource(writer.paths, n_items), summary


def _count(counts: NDArray[np.int64], items: NDArray[Any], responses: NDArray[Any]) -> None:
    width = counts.shape[1]
    flat = items.astype(np.int64) * width + responses
    counts += np.bincount(flat, minlength=counts.size).reshape(counts.shape)


def _duplicates(
    record: _Duplicates,
    policy: str,
    repeated: NDArray[np.bool_],
    key: NDArray[np.int64],
    learner_ids: Any,
    item_ids: tuple[str, ...],
    chunk_of_row: NDArray[np.int64],
    labels: list[str],
) -> NDArray[np.bool_]:
    """Rows to keep under ``policy``; records counts and examples naming the chunks."""
    n_items = len(item_ids)
    first_of_pair = np.flatnonzero(repeated)
    pair_keys = np.unique(key[first_of_pair])
    if policy == "error":
        record.count += int(pair_keys.size)
    else:
        record.removed += int(repeated.sum())
    for k in pair_keys[: max(_MAX_NAMED - len(record.examples), 0)]:
        same = np.flatnonzero(key == k)
        chunks = sorted({labels[int(c)] for c in chunk_of_row[same]})
        record.examples.append(
            f"learner {plain(learner_ids[int(k // n_items)])!r}, item "
            f"{item_ids[int(k % n_items)]!r} in {' and '.join(chunks)}"
        )
    keep = np.ones(key.size, dtype=bool)
    if policy == "first":
        keep[1:] = ~repeated
    else:
        keep[:-1] = ~repeated
    return keep


class _ShardWriter:
    """Collects whole learners into shards of about ``chunk_size`` responses on disk."""

    def __init__(self, directory: Path, n_items: int, chunk_size: int) -> None:
        self.directory, self.n_items, self.chunk_size = directory, n_items, chunk_size
        directory.mkdir()
        self.paths: list[Path] = []
        self.pending: list[tuple[NDArray[np.int64], NDArray[Any], NDArray[Any]]] = []
        self.pending_size = 0
        self.n_learners = self.n_responses = 0

    def add(
        self, per_learner: NDArray[np.int64], items: NDArray[Any], responses: NDArray[Any]
    ) -> None:
        per_learner = per_learner[per_learner > 0]
        ends = np.cumsum(per_learner)
        start_learner, start_row = 0, 0
        while start_learner < per_learner.size:
            room = self.chunk_size - self.pending_size
            stop = int(np.searchsorted(ends, start_row + room, side="right"))
            stop = max(stop, start_learner + 1) if self.pending_size == 0 else stop
            if stop <= start_learner:
                self.flush()
                continue
            stop_row = int(ends[stop - 1])
            self.pending.append(
                (
                    per_learner[start_learner:stop],
                    items[start_row:stop_row],
                    responses[start_row:stop_row],
                )
            )
            self.pending_size += stop_row - start_row
            start_learner, start_row = stop, stop_row
            if self.pending_size >= self.chunk_size:
                self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        lengths = np.concatenate([p[0] for p in self.pending])
        indptr = np.zeros(lengths.size + 1, dtype=np.int64)
        np.cumsum(lengths, out=indptr[1:])
        path = self.directory / f"shard{len(self.paths)}"
        np.save(f"{path}_indptr.npy", indptr)
        np.save(f"{path}_item.npy", np.concatenate([p[1] for p in self.pending]).astype(np.int32))
        np.save(f"{path}_response.npy", np.concatenate([p[2] for p in self.pending]))
        self.paths.append(path)
        self.n_learners += int(lengths.size)
        self.n_responses += int(indptr[-1])
        self.pending, self.pending_size = [], 0


class ShardedSource:
    """Shards of learners on disk, read back one at a time (internal)."""

    def __init__(self, paths: list[Path], n_items: int) -> None:
        self.paths, self.n_items = paths, n_items

    def designs(self, n_categories: int) -> Iterator[ResponseDesign]:
        for path in self.paths:
            yield shard_design(
                np.load(f"{path}_indptr.npy", mmap_mode="r"),
                np.load(f"{path}_item.npy", mmap_mode="r"),
                np.load(f"{path}_response.npy", mmap_mode="r"),
                self.n_items,
                n_categories,
            )

    def e_step(self, log_prob: FloatArray, log_weights: FloatArray) -> EStepResult:
        return add_e_steps(
            e_step(d, log_prob, log_weights) for d in self.designs(log_prob.shape[1])
        )

    def information(
        self, log_prob: FloatArray, log_weights: FloatArray, layout: ScoreLayout, mode: str
    ) -> FloatArray:
        total = empty_information(layout, self.n_items, mode)
        for design in self.designs(log_prob.shape[1]):
            total += shard_information(design, log_prob, log_weights, layout, mode)
        return total

    def close(self) -> None:
        return None
