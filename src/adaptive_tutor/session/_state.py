"""The saved form of a tutoring session: a JSON-compatible dict, checked field by field."""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from adaptive_tutor._validation import check_state_header
from adaptive_tutor.exceptions import ResponseDataError, SessionStateError
from adaptive_tutor.item_bank import ItemBank
from adaptive_tutor.learner import LearnerState
from adaptive_tutor.session._checks import TRACKER_HINT, check_score, model_kind
from adaptive_tutor.stopping import StopDecision

SESSION_FORMAT_VERSION = 1
"""Version of the dict produced by :meth:`TutoringSession.to_dict`."""

FORMAT_NAME = "adaptive_tutor.TutoringSession"
_LEARNER_STATE = "adaptive_tutor.learner.LearnerState"
HISTORY_FIELDS = (
    "item_id",
    "response",
    "offered",
    "timestamp",
    "response_time",
    "theta",
    "se",
    "overall_theta",
    "overall_se",
)


@dataclass
class SavedSession:
    """A checked saved session: what the session object is rebuilt from."""

    seed: int
    learner_id: str | None
    learner_model: Any
    rows: dict[str, list[Any]]
    positions: list[int]
    offered: str | None
    stop: StopDecision | None


def session_state(
    bank: ItemBank,
    *,
    seed: int,
    learner_id: str,
    offered: str | None,
    stop: StopDecision | None,
    learner_model: Any,
    rows: Mapping[str, list[Any]],
) -> dict[str, Any]:
    """The JSON-compatible dict of a session (see :meth:`TutoringSession.to_dict`)."""
    kind = f"{type(learner_model).__module__}.{type(learner_model).__qualname__}"
    return {
        "format": FORMAT_NAME,
        "version": SESSION_FORMAT_VERSION,
        "bank_id": bank.metadata.id,
        "bank_fingerprint": bank.fingerprint,
        "seed": seed,
        "learner_id": learner_id,
        "offered": offered,
        "stop": None if stop is None else stop.to_dict(),
        "learner_model": {"type": kind, "state": learner_model.to_dict()},
        "history": {name: list(values) for name, values in rows.items()},
    }


def read_session_state(bank: ItemBank, data: Mapping[str, Any], learner_model: Any) -> SavedSession:
    """Check a saved session against ``bank`` and restore its parts."""
    check_state_header(
        data,
        FORMAT_NAME,
        SESSION_FORMAT_VERSION,
        "Not a tutoring session state",
        "Session state",
    )
    _check_state_fields(data, bank)
    if data["bank_id"] != bank.metadata.id or data["bank_fingerprint"] != bank.fingerprint:
        raise SessionStateError(
            f"This session state belongs to item bank {data['bank_id']!r} (fingerprint "
            f"{data['bank_fingerprint']!r}), not to bank {bank.metadata.id!r} "
            f"(fingerprint {bank.fingerprint!r})."
        )
    model = _restore_learner(bank, data["learner_model"], learner_model)
    history = data["history"]
    item_ids = list(history["item_id"])
    rows = {name: list(history[name]) for name in HISTORY_FIELDS}
    rows["item_id"] = item_ids
    rows["response"] = [int(v) for v in history["response"]]
    stop = data.get("stop")
    return SavedSession(
        seed=data["seed"],
        learner_id=data.get("learner_id"),
        learner_model=model,
        rows=rows,
        positions=[int(p) for p in bank.indices_of(item_ids)],
        offered=data.get("offered"),
        stop=None
        if stop is None
        else StopDecision(stop["stop"], stop["reason"], dict(stop["detail"])),
    )


def _state_error(field: str, expectation: str, got: Any, where: str = "") -> SessionStateError:
    return SessionStateError(
        f"Session state field {field!r} must be {expectation}{where}. Got {got!r}."
    )


def _is_int(value: Any) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return False
    return math.isfinite(float(value))


def _check_state_fields(data: Mapping[str, Any], bank: ItemBank) -> None:
    """Check the structure of a saved session once; name the field and the problem."""
    required = ("bank_id", "bank_fingerprint", "seed", "learner_model", "history")
    missing = [name for name in required if name not in data]
    if missing:
        raise SessionStateError(
            f"Session state field {missing[0]!r} is missing (a state saved by "
            "TutoringSession.to_dict has every field)."
        )
    for name in ("bank_id", "bank_fingerprint"):
        if not isinstance(data[name], str):
            raise _state_error(name, "a string", data[name])
    seed = data["seed"]
    if not _is_int(seed) or not 0 <= int(seed) < 2**64:
        raise _state_error("seed", "a non-negative int (the session's seed)", seed)
    for name in ("learner_id", "offered"):
        if data.get(name) is not None and not isinstance(data[name], str):
            raise _state_error(name, "a string or null", data[name])
    offered = data.get("offered")
    if offered is not None and offered not in bank:
        raise SessionStateError(
            f"Session state field 'offered' names item {offered!r}, which is not in item "
            f"bank {bank.metadata.id!r}."
        )
    _check_stop_field(data.get("stop"))
    block = data["learner_model"]
    if not isinstance(block, Mapping):
        raise _state_error("learner_model", "an object with 'type' and 'state'", block)
    if not isinstance(block.get("type"), str):
        raise _state_error("learner_model.type", "a string", block.get("type"))
    if not isinstance(block.get("state"), Mapping):
        raise _state_error("learner_model.state", "an object", block.get("state"))
    _check_history_field(data["history"], bank)


def _check_stop_field(stop: Any) -> None:
    if stop is None:
        return
    if not isinstance(stop, Mapping):
        raise _state_error("stop", "null or an object with 'stop', 'reason', 'detail'", stop)
    if not isinstance(stop.get("stop"), bool):
        raise _state_error("stop.stop", "true or false", stop.get("stop"))
    reason = stop.get("reason")
    if reason is not None and not isinstance(reason, str):
        raise _state_error("stop.reason", "a string or null", reason)
    if not isinstance(stop.get("detail"), Mapping):
        raise _state_error("stop.detail", "an object", stop.get("detail"))


def _check_history_field(history: Any, bank: ItemBank) -> None:
    if not isinstance(history, Mapping):
        raise _state_error("history", "an object of columns", history)
    for name in HISTORY_FIELDS:
        column = history.get(name)
        if not isinstance(column, list):
            raise _state_error(f"history.{name}", "a list", column)
    lengths = {len(history[name]) for name in HISTORY_FIELDS}
    if len(lengths) != 1:
        raise SessionStateError(
            "Session state history columns have different lengths: "
            + ", ".join(f"{name} {len(history[name])}" for name in HISTORY_FIELDS)
            + "."
        )
    checks: tuple[tuple[str, str, Any], ...] = (
        ("offered", "true or false", lambda v: isinstance(v, bool)),
        *(
            (name, "numbers or null", lambda v: v is None or _is_number(v))
            for name in HISTORY_FIELDS[3:]
        ),
    )
    for name, expectation, good in checks:
        for row, value in enumerate(history[name]):
            if not good(value):
                where = f" (row {row})"
                raise _state_error(f"history.{name}", f"a list of {expectation}", value, where)
    for row, (item_id, value) in enumerate(
        zip(history["item_id"], history["response"], strict=True)
    ):
        where = f" (row {row})"
        if not isinstance(item_id, str) or item_id not in bank:
            raise SessionStateError(
                f"Session state field 'history.item_id' names item {item_id!r}{where}, which "
                f"is not in item bank {bank.metadata.id!r}."
            )
        try:
            check_score(value, bank[item_id])
        except ResponseDataError as error:
            raise SessionStateError(
                f"Session state field 'history.response'{where}: {error}"
            ) from None


def _restore_learner(bank: ItemBank, block: Mapping[str, Any], learner_model: Any) -> Any:
    kind = block["type"]
    state = block["state"]
    if learner_model is None:
        if kind != _LEARNER_STATE:
            hint = (
                TRACKER_HINT
                if kind.endswith(".TrackedLearner")
                else "pass learner_model=<its class> to restore it"
            )
            raise SessionStateError(
                f"This session's learner model is {kind!r}; {hint} (in "
                "TutoringSession.from_dict, next_exercise and record_response)."
            )
        return LearnerState.from_dict(state, bank)
    model_class: Any = learner_model if isinstance(learner_model, type) else type(learner_model)
    if model_kind(model_class) != kind:
        raise SessionStateError(
            f"This session's learner model was saved as {kind!r}, but learner_model="
            f"{model_class.__name__} was given; pass the saved model's class "
            f"({kind.rsplit('.', 1)[-1]})."
        )
    return model_class.from_dict(state, bank)
