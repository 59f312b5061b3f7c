"""What :meth:`Calibrator.fit` accepts, turned into a summary and a response source.

* In memory: a long-format DataFrame, a learners x items matrix or pyirt-style tuples
  (:func:`~adaptive_tutor.calibration._data.prepare_responses`).

The source is made only once the category count of the design is known
(:meth:`PreparedInput.source`), after the set-up has checked the items.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from adaptive_tutor.calibration._data import prepare_responses
from adaptive_tutor.calibration._estep import build_design
from adaptive_tutor.calibration._progress import ProgressReporter
from adaptive_tutor.calibration._sources import (
    DesignSource,
    ResponseSource,
    ResponseSummary,
    summarize,
)

__all__ = ["PreparedInput", "prepare_input"]

_OWNER = "Calibrator"


@dataclass
class PreparedInput:
    """Validated responses: their summary and how to make their source (internal)."""

    summary: ResponseSummary
    make_source: Callable[[int], ResponseSource]
    cleanup: Callable[[], None]

    def source(self, n_categories: int) -> ResponseSource:
        """The response source for designs with ``n_categories`` columns per item."""
        return self.make_source(n_categories)


def prepare_input(
    X: Any,
    *,
    item_ids: Sequence[str] | None,
    duplicate_policy: str,
    chunk_size: int,
    reporter: ProgressReporter,
) -> PreparedInput:
    """Validate ``X`` (any accepted shape) and summarise it; see the module docstring."""
    data = prepare_responses(X, item_ids=item_ids, duplicate_policy=duplicate_policy, owner=_OWNER)
    summary = summarize(data)
    holder = [data]

    def make_source(n_categories: int) -> ResponseSource:
        design = build_design(holder.pop(), n_categories)  # the design replaces the data
        return DesignSource(design)

    return PreparedInput(summary, make_source, holder.clear)
