"""Reading a saved :class:`~adaptive_tutor.learner.LearnerState` dict.

A saved state may come back from a browser or a file, so every part is checked: the grid
settings (through ``LearnerState.new``, within ``SETTING_LIMITS``), the bank it belongs to
(id, fingerprint, skills), the shape and finiteness of every log posterior and the answer
counts. The format header is checked by :meth:`LearnerState.from_dict` before this runs.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from adaptive_tutor._validation import check_state_count
from adaptive_tutor.exceptions import SessionStateError
from adaptive_tutor.irt.posterior import normalise_log

if TYPE_CHECKING:
    from adaptive_tutor.item_bank import ItemBank
    from adaptive_tutor.learner import LearnerState

__all__ = ["read_state_dict"]

FloatArray = NDArray[np.float64]


def read_state_dict(
    cls: type[LearnerState], bank: ItemBank | None, data: Mapping[str, Any]
) -> LearnerState:
    """The state a checked-header dict describes, checked against ``bank`` (if given).

    Raises ``SessionStateError`` for a state of another bank or malformed posteriors and
    counts; missing keys and wrong types surface as ``KeyError``/``TypeError``/``ValueError``
    for the caller to turn into one message.
    """
    grid = data["grid"]
    skills = data["skills"]
    skill_ids = list(skills)
    if bank is not None and sorted(skill_ids) == sorted(bank.skill_ids):
        skill_ids = list(bank.skill_ids)  # key order never matters (sorted JSON keys)
    state = cls.new(
        skill_ids,
        prior_mean=grid["prior_mean"],
        prior_sd=grid["prior_sd"],
        n_points=grid["n_points"],
        bound=grid["bound"],
        rule=grid.get("rule", "rectangular"),
        bank_id=data["bank_id"],
        bank_fingerprint=data["bank_fingerprint"],
    )
    if bank is not None:
        if bank.metadata.id != state.bank_id or bank.fingerprint != state.bank_fingerprint:
            raise SessionStateError(
                f"This learner state belongs to item bank {state.bank_id!r} (fingerprint "
                f"{state.bank_fingerprint!r}), not to bank {bank.metadata.id!r} "
                f"(fingerprint {bank.fingerprint!r})."
            )
        if tuple(bank.skill_ids) != state.skill_ids:
            raise SessionStateError(
                f"This learner state tracks skills {list(state.skill_ids)} but bank "
                f"{bank.metadata.id!r} has skills {list(bank.skill_ids)}."
            )
    overall = _posterior_array(data["log_posterior"], state.n_points, "log_posterior")
    rows = [
        _posterior_array(skills[skill]["log_posterior"], state.n_points, f"skills.{skill}")
        for skill in state.skill_ids
    ]
    counts = tuple(check_state_count(skills[skill]["n_responses"]) for skill in state.skill_ids)
    by_skill = np.vstack(rows) if rows else np.empty((0, state.n_points))
    return cls(
        bank_id=state.bank_id,
        bank_fingerprint=state.bank_fingerprint,
        skill_ids=state.skill_ids,
        nodes=state.nodes,
        log_prior=state.log_prior,
        log_posterior=_readonly(overall),
        skill_log_posterior=_readonly(by_skill),
        n_responses=check_state_count(data["n_responses"]),
        skill_n_responses=counts,
        prior_mean=state.prior_mean,
        prior_sd=state.prior_sd,
        n_points=state.n_points,
        bound=state.bound,
        rule=state.rule,
    )


def _posterior_array(values: Any, n_points: int, field: str) -> FloatArray:
    array = np.asarray(values, dtype=np.float64)
    if array.shape != (n_points,) or not np.all(np.isfinite(array)):
        raise SessionStateError(
            f"Learner state field {field!r} must be {n_points} finite numbers; got "
            f"shape {array.shape}."
        )
    return normalise_log(array)


def _readonly(array: FloatArray) -> FloatArray:
    array.setflags(write=False)
    return array
