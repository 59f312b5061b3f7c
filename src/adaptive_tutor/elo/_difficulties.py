"""Bootstrap item difficulties on the IRT scale from a log with Elo, before calibration."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from adaptive_tutor.elo._log import check_priors
from adaptive_tutor.elo._model import EloRatings
from adaptive_tutor.elo._scale import elo_to_irt, irt_to_elo

__all__ = ["estimate_item_difficulties"]


def estimate_item_difficulties(
    log: pd.DataFrame,
    *,
    D: float = 1.0,
    n_passes: int = 3,
    prior_difficulties: Mapping[Any, float] | None = None,
    **elo_params: Any,
) -> pd.DataFrame:
    """Bootstrap item difficulties on the IRT scale from a log, before calibration is possible.

    Runs :class:`EloRatings` over the log and converts item ratings with :func:`elo_to_irt`.
    The difficulties are Rasch-like (slope 1 on the logit scale, i.e. ``a = 1`` with the
    bank's ``D``); feed them to ``ItemParams.dichotomous(a=1, b=...)`` and
    ``ItemBank.with_params`` until an MML calibration has enough data.

    Parameters
    ----------
    log : DataFrame
        Columns ``learner_id``, ``item_id``, ``correct`` (or ``response``), optionally
        ``timestamp``/``order`` and ``response_time``.
    D : float, default 1.0
        Scaling constant of the target bank.
    n_passes : int, default 3
        Passes over the log.
    prior_difficulties : mapping item id -> difficulty on the IRT scale, optional
        Starting values (e.g. authors' estimates); converted with :func:`irt_to_elo`.
    **elo_params
        Other :class:`EloRatings` hyperparameters.

    Returns
    -------
    DataFrame
        Indexed by ``item_id``: ``b`` (IRT difficulty), ``rating`` (logits) and
        ``n_responses``.

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({"learner_id": [1, 1, 2, 2], "item_id": ["a", "b"] * 2,
    ...                     "correct": [1, 0, 1, 1]})
    >>> table = estimate_item_difficulties(log)
    >>> list(table.columns), bool(table.loc["b", "b"] > table.loc["a", "b"])
    (['b', 'rating', 'n_responses'], True)
    """
    priors = None
    if prior_difficulties is not None:
        checked = check_priors(prior_difficulties, "estimate_item_difficulties")
        converted = irt_to_elo(list(checked.values()), D=D)
        priors = dict(zip(checked, converted.tolist(), strict=True))
    model = EloRatings(n_passes=n_passes, **elo_params).fit(log, prior_difficulties=priors)
    ratings = model.item_ratings_
    return pd.DataFrame(
        {
            "b": elo_to_irt(ratings.to_numpy(), D=D),
            "rating": ratings.to_numpy(),
            "n_responses": model.item_counts_.to_numpy(),
        },
        index=ratings.index,
    )
