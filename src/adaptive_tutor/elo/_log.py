"""Reading a response log for Elo: encoding by item, prior difficulties, merging ratings."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import pandas as pd

from adaptive_tutor._learning_log import EncodedLog, encode_log
from adaptive_tutor.exceptions import ResponseDataError

__all__ = ["OWNER", "check_priors", "encode", "merge"]

OWNER = "EloRatings"


def encode(log: pd.DataFrame, method: str, config: Mapping[str, Any]) -> EncodedLog:
    """Encode a log by item for ``EloRatings.<method>`` (response times only with a limit)."""
    return encode_log(
        log,
        f"{OWNER}.{method}",
        unit="item",
        use_response_time=config["time_limit"] is not None,
    )


def merge(old: pd.Series, new: pd.Series) -> pd.Series:
    """``new`` with the entries of ``old`` it does not mention (partial fits keep the rest)."""
    merged: pd.Series = pd.concat([old[~old.index.isin(new.index)], new])
    merged.index.name = new.index.name
    merged.name = new.name
    return merged


def check_priors(priors: Mapping[Any, float] | None, owner: str) -> dict[str, float]:
    """Prior difficulties as ``{str(item id): finite float}``; ``owner`` names the caller."""
    if priors is None:
        return {}
    if not isinstance(priors, Mapping):
        raise TypeError(
            f"{owner}: prior difficulties must be a mapping item id -> rating. "
            f"Got {type(priors).__name__}."
        )
    result: dict[str, float] = {}
    for item, value in priors.items():
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = float("nan")
        if not math.isfinite(number):
            raise ResponseDataError(
                f"{owner}: the prior difficulty of item {item!r} must be a finite number. "
                f"Got {value!r}."
            )
        result[str(item)] = number
    return result
