"""Where the responses live while EM runs: in memory, in spilled shards, or on a cluster.

Every E-step statistic is a sum over learners, so responses are held as *shards*: sets
of learners with all of each learner's responses. A source sums the per-shard results of
:func:`~adaptive_tutor.calibration._estep.e_step` and
:func:`~adaptive_tutor.calibration._standard_errors.shard_information`; only item x
category x node arrays travel between shards and the M-step.

:class:`ResponseSummary` holds what the fit set-up needs before EM (item ids, category
counts per item, learner counts), whichever source the responses came from.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from adaptive_tutor.calibration._data import ResponseData
from adaptive_tutor.calibration._estep import EStepResult, ResponseDesign, e_step
from adaptive_tutor.calibration._standard_errors import ScoreLayout, shard_information

__all__ = [
    "DesignSource",
    "PreparedInput",
    "ResponseSource",
    "ResponseSummary",
    "add_e_steps",
    "shard_design",
    "summarize",
]

FloatArray = NDArray[np.float64]
_MAX_EXAMPLES = 5


@dataclass(frozen=True)
class ResponseSummary:
    """Item- and learner-level counts of validated responses (internal).

    ``category_counts`` has shape (n_items, highest observed category + 1).
    ``thin_examples`` names up to five learners with fewer than two responses.
    ``sum_squared_lengths`` is the sum over learners of (responses of the learner)^2,
    the number of score products a ``"full"`` standard-error pass forms per parameter^2.
    """

    item_ids: tuple[str, ...]
    category_counts: NDArray[np.int64]
    n_learners: int
    n_responses: int
    n_thin: int
    n_without_responses: int
    thin_examples: tuple[Any, ...]
    sum_squared_lengths: float

    @property
    def n_items(self) -> int:
        return len(self.item_ids)

    def max_response(self) -> NDArray[np.int64]:
        """Highest category observed per item (-1 for items never answered)."""
        observed = self.category_counts > 0
        last = observed.shape[1] - 1 - np.argmax(observed[:, ::-1], axis=1)
        result: NDArray[np.int64] = np.where(observed.any(axis=1), last, -1).astype(np.int64)
        return result

    def counts(self, n_categories: int) -> NDArray[np.int64]:
        """Category counts padded (with zeros) or cut to ``n_categories`` columns."""
        result = np.zeros((self.n_items, n_categories), dtype=np.int64)
        width = min(n_categories, self.category_counts.shape[1])
        result[:, :width] = self.category_counts[:, :width]
        return result


def summarize(data: ResponseData) -> ResponseSummary:
    """The :class:`ResponseSummary` of in-memory responses."""
    per_learner = data.responses_per_learner()
    thin = np.flatnonzero(per_learner < 2)
    return ResponseSummary(
        item_ids=data.item_ids,
        category_counts=data.category_counts(int(data.response.max(initial=0)) + 1),
        n_learners=data.n_learners,
        n_responses=data.n_responses,
        n_thin=int(thin.size),
        n_without_responses=int((per_learner == 0).sum()),
        thin_examples=tuple(data.learner_ids[i] for i in thin[:_MAX_EXAMPLES]),
        sum_squared_lengths=float(np.sum(per_learner.astype(np.float64) ** 2)),
    )


def merge_summaries(item_ids: tuple[str, ...], parts: Iterable[ResponseSummary]) -> ResponseSummary:
    """One summary of disjoint sets of learners over the same items."""
    parts = list(parts)
    width = max((p.category_counts.shape[1] for p in parts), default=1)
    counts = np.zeros((len(item_ids), width), dtype=np.int64)
    examples: list[Any] = []
    for part in parts:
        counts[:, : part.category_counts.shape[1]] += part.category_counts
        examples.extend(part.thin_examples)
    return ResponseSummary(
        item_ids=item_ids,
        category_counts=counts,
        n_learners=sum(p.n_learners for p in parts),
        n_responses=sum(p.n_responses for p in parts),
        n_thin=sum(p.n_thin for p in parts),
        n_without_responses=sum(p.n_without_responses for p in parts),
        thin_examples=tuple(examples[:_MAX_EXAMPLES]),
        sum_squared_lengths=float(sum(p.sum_squared_lengths for p in parts)),
    )


def shard_design(
    indptr: NDArray[Any],
    item: NDArray[Any],
    response: NDArray[Any],
    n_items: int,
    n_categories: int,
) -> ResponseDesign:
    """A :class:`ResponseDesign` of one shard stored as CSR rows of (item, response)."""
    index_dtype = np.int32 if n_items * n_categories < np.iinfo(np.int32).max else np.int64
    columns: NDArray[np.signedinteger[Any]] = np.array(item, dtype=index_dtype)
    columns *= n_categories
    columns += np.asarray(response, dtype=index_dtype)
    n_rows = int(indptr.size) - 1
    matrix = sp.csr_matrix(
        (np.ones(columns.size), columns, np.asarray(indptr, dtype=np.int64)),
        shape=(n_rows, n_items * n_categories),
        copy=False,
    )
    return ResponseDesign(
        n_items, n_categories, np.ones(n_rows), np.arange(n_rows, dtype=np.int64), matrix
    )


def add_e_steps(results: Iterable[EStepResult]) -> EStepResult:
    """Sum of E-step results over disjoint shards of learners."""
    counts: FloatArray | None = None
    node_mass: FloatArray | None = None
    log_likelihood = 0.0
    for result in results:
        if counts is None or node_mass is None:
            counts, node_mass = result.counts.copy(), result.node_mass.copy()
        else:
            counts += result.counts
            node_mass += result.node_mass
        log_likelihood += result.log_likelihood
    if counts is None or node_mass is None:
        raise ValueError("internal: no shard to sum")
    return EStepResult(counts, node_mass, log_likelihood)


class ResponseSource(Protocol):
    """What EM and the standard errors need from the responses (internal)."""

    def e_step(self, log_prob: FloatArray, log_weights: FloatArray) -> EStepResult: ...

    def information(
        self, log_prob: FloatArray, log_weights: FloatArray, layout: ScoreLayout, mode: str
    ) -> FloatArray: ...

    def close(self) -> None: ...


class DesignSource:
    """All responses in memory as one :class:`ResponseDesign` (internal)."""

    def __init__(self, design: ResponseDesign) -> None:
        self.design = design

    def e_step(self, log_prob: FloatArray, log_weights: FloatArray) -> EStepResult:
        return e_step(self.design, log_prob, log_weights)

    def information(
        self, log_prob: FloatArray, log_weights: FloatArray, layout: ScoreLayout, mode: str
    ) -> FloatArray:
        return shard_information(self.design, log_prob, log_weights, layout, mode)

    def close(self) -> None:
        return None


@dataclass
class PreparedInput:
    """Validated responses: their summary and how to make their source (internal)."""

    summary: ResponseSummary
    make_source: Callable[[int], ResponseSource]
    cleanup: Callable[[], None]

    def source(self, n_categories: int) -> ResponseSource:
        """The response source for designs with ``n_categories`` columns per item."""
        return self.make_source(n_categories)
