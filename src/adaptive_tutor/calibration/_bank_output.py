"""A calibrated item bank: the estimates written into the bank the responses came from.

Only the items the calibration estimated change: they get the new parameters, their
standard errors (those the data identify; a bank cannot store NaN) and a calibration note
saying how many responses it used. Anchored items and items without responses keep their
parameters, standard errors and notes, so every item's note says where its values came
from.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from adaptive_tutor.calibration._setup import names
from adaptive_tutor.exceptions import ResponseDataError
from adaptive_tutor.irt import ItemParams

if TYPE_CHECKING:
    from adaptive_tutor.calibration._calibrator import Calibrator
    from adaptive_tutor.item_bank import ItemBank

__all__ = ["calibrated_bank"]


def calibrated_bank(fit: Calibrator, bank: ItemBank) -> ItemBank:
    """``bank`` with the estimated items of a fitted calibrator written in (see module doc).

    Raises
    ------
    ResponseDataError
        When the bank lacks an item that was calibrated.
    """
    params = fit.item_params_
    missing = [i for i in fit.item_ids_ if i not in bank]
    if missing:
        raise ResponseDataError(
            f"The bank has no items {names(missing)} that were calibrated; pass the "
            "bank the responses came from."
        )
    anchored = set(fit.anchored_)
    records = bank.params.to_records()
    se_list: list[Mapping[str, Any] | None] = [_se_of(item) for item in bank.items]
    errors = fit.item_se_ if fit.item_se_ is not None else [None] * len(fit.item_ids_)
    estimated = []
    for position, item_id, record, se in zip(
        bank.indices_of(fit.item_ids_), fit.item_ids_, params.to_records(), errors, strict=True
    ):
        if item_id in anchored:
            continue
        records[int(position)] = record
        se_list[int(position)] = _finite_se(se)
        estimated.append(item_id)
    new_params = ItemParams.from_records(records, D=params.D, item_ids=bank.item_ids)
    note = (
        f"MML-EM (adaptive_tutor Calibrator) on {fit.n_responses_} responses of "
        f"{fit.n_learners_} learners"
    )
    return bank.with_params(new_params, se=se_list, calibration_note=dict.fromkeys(estimated, note))


def _finite_se(se: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """The standard errors a bank can store: unidentified (NaN) ones are left out."""
    if se is None:
        return None
    finite = {k: v for k, v in se.items() if np.isfinite(np.asarray(v, dtype=float)).all()}
    return finite or None


def _se_of(item: Any) -> Mapping[str, Any] | None:
    se = getattr(item.irt, "se", None)
    return dict(se) if se else None
