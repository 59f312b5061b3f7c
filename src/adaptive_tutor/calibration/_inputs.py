"""What :meth:`Calibrator.fit` accepts, turned into a summary and a response source.

* In memory: a long-format DataFrame, a learners x items matrix or pyirt-style tuples
  (:func:`~adaptive_tutor.calibration._data.prepare_responses`).
* Out of core: an iterable of long-format DataFrame chunks, or the path of a Parquet file
  or a directory of Parquet files (``_chunks``).
* Distributed: a ``dask.dataframe.DataFrame`` on the active ``dask.distributed`` client
  (``_dask``).

The source is made only once the category count of the design is known
(:meth:`PreparedInput.source`), after the set-up has checked the items.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
import pandas as pd

from adaptive_tutor.calibration._data import prepare_responses
from adaptive_tutor.calibration._estep import build_design
from adaptive_tutor.calibration._progress import ProgressReporter
from adaptive_tutor.calibration._sources import (
    DesignSource,
    PreparedInput,
    ResponseSource,
    summarize,
)

__all__ = ["PreparedInput", "prepare_input"]

_OWNER = "Calibrator"


def prepare_input(
    X: Any,
    *,
    item_ids: Sequence[str] | None,
    duplicate_policy: str,
    chunk_size: int,
    reporter: ProgressReporter,
) -> PreparedInput:
    """Validate ``X`` (any accepted shape) and summarise it; see the module docstring."""
    if _is_dask_frame(X):
        from adaptive_tutor.calibration._dask import prepare_dask

        return prepare_dask(X, duplicate_policy=duplicate_policy, reporter=reporter)
    if isinstance(X, (str, os.PathLike)):
        from adaptive_tutor.calibration._chunks import parquet_chunks, prepare_chunks

        return prepare_chunks(
            parquet_chunks(X, chunk_size),
            duplicate_policy=duplicate_policy,
            chunk_size=chunk_size,
            reporter=reporter,
        )
    if _is_chunk_iterable(X):
        from adaptive_tutor.calibration._chunks import frame_chunks, prepare_chunks

        return prepare_chunks(
            frame_chunks(X),
            duplicate_policy=duplicate_policy,
            chunk_size=chunk_size,
            reporter=reporter,
        )
    data = prepare_responses(X, item_ids=item_ids, duplicate_policy=duplicate_policy, owner=_OWNER)
    summary = summarize(data)
    holder = [data]

    def make_source(n_categories: int) -> ResponseSource:
        design = build_design(holder.pop(), n_categories)  # the design replaces the data
        return DesignSource(design)

    return PreparedInput(summary, make_source, holder.clear)


def _is_dask_frame(X: Any) -> bool:
    module = type(X).__module__ or ""
    return module.split(".")[0] in ("dask", "dask_expr") and hasattr(X, "npartitions")


def _is_chunk_iterable(X: Any) -> bool:
    """An iterator or generator of chunks, or a list/tuple of DataFrames."""
    if isinstance(X, (pd.DataFrame, np.ndarray, str, bytes, dict)):
        return False
    if isinstance(X, Iterator):
        return True
    if isinstance(X, (list, tuple)):
        return len(X) > 0 and isinstance(X[0], pd.DataFrame)
    return False
