"""The saved form of a tutoring session: the answer history plus settings, checked on load.

A saved session holds what happened (every answer: item, score, whether it was the offered
item, time, response time, the app's answer id) and the settings that shape the estimates
(the learner model's prior and grid). Estimates are never saved: loading replays the
answers (:mod:`adaptive_tutor._replay`), so an edited estimate cannot stand. Every field
is checked, sizes first, before anything is allocated; a problem raises
:class:`~adaptive_tutor.exceptions.SessionStateError` naming the field (and row).
Key order and whitespace never matter.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from adaptive_tutor._replay import replay_model
from adaptive_tutor._validation import check_score, check_state_header, is_int, plain
from adaptive_tutor.exceptions import ResponseDataError, SessionStateError
from adaptive_tutor.item_bank import ItemBank
from adaptive_tutor.learner import LearnerState
from adaptive_tutor.placement import PLACEMENT, STAGES, LearnerPlacement
from adaptive_tutor.selection.choices import MAX_CHOICES
from adaptive_tutor.session._checks import MAX_TEXT_LENGTH, TIME_LIMIT, TRACKER_HINT, model_kind
from adaptive_tutor.session._history import ANSWER_FIELDS, STAGE_FIELD, AnswerLog
from adaptive_tutor.stopping import StopDecision

SESSION_FORMAT_VERSION = 2
"""Version of the dict produced by :meth:`TutoringSession.to_dict` (version 1 still loads)."""

FORMAT_NAME = "adaptive_tutor.TutoringSession"
LEARNER_STATE_KIND = model_kind(LearnerState)
_STATE_FIELDS = (
    "format",
    "version",
    "bank_id",
    "bank_fingerprint",
    "learner_id",
    "seed",
    "revision",
    "learner_model",
    "offered",
    "choices",
    "stop",
    "history",
    "placement",
)
_OPTIONAL_FIELDS = ("placement",)  # states saved before placement existed lack it
_DETAIL_BUDGET = 2_000  # values in a stop decision's detail (per-skill statuses fit easily)


@dataclass
class SavedSession:
    """A checked saved session: what a session object is rebuilt from."""

    seed: int
    learner_id: str | None
    revision: int
    start_model: Any
    learner_model: Any
    log: AnswerLog
    offered: str | None
    choices: tuple[tuple[str, str], ...] | None
    stop: StopDecision | None
    placement: LearnerPlacement | None = None


def model_block(start_model: Any) -> dict[str, Any]:
    """How a session saves its learner model: its settings (or, failing that, its start)."""
    kind = model_kind(type(start_model))
    settings = getattr(start_model, "settings", None)
    if isinstance(start_model, LearnerState) or (
        isinstance(settings, Mapping) and callable(getattr(start_model, "from_settings", None))
    ):
        return {"type": kind, "settings": dict(start_model.settings)}
    return {"type": kind, "start": start_model.to_dict()}


def session_state(
    bank: ItemBank,
    *,
    seed: int,
    learner_id: str,
    revision: int,
    start_model: Any,
    log: AnswerLog,
    offered: str | None,
    choices: Sequence[tuple[str, str]] | None,
    stop: StopDecision | None,
    placement: LearnerPlacement | None = None,
) -> dict[str, Any]:
    """The JSON-compatible dict of a session (see :meth:`TutoringSession.to_dict`)."""
    state = {
        "format": FORMAT_NAME,
        "version": SESSION_FORMAT_VERSION,
        "bank_id": bank.metadata.id,
        "bank_fingerprint": bank.fingerprint,
        "learner_id": learner_id,
        "seed": seed,
        "revision": revision,
        "learner_model": model_block(start_model),
        "offered": offered,
        "choices": None
        if choices is None
        else [{"label": label, "item_id": item_id} for label, item_id in choices],
        "stop": None if stop is None else stop.to_dict(),
        "history": log.columns(bank, stages=placement is not None),
    }
    if placement is not None:  # states without a placement stay as they were
        state["placement"] = placement.to_dict()
    return state


def read_session_state(
    bank: ItemBank, data: Any, learner_model: Any, max_history: int
) -> SavedSession:
    """Check a saved session against ``bank`` and rebuild its parts (model replayed)."""
    version = check_state_header(
        data, FORMAT_NAME, SESSION_FORMAT_VERSION, "Not a tutoring session state", "Session state"
    )
    if version == 1:
        data = _upgrade_version_1(data, bank, learner_model, max_history)
    unknown = sorted(str(key) for key in data if key not in _STATE_FIELDS)
    if unknown:
        raise SessionStateError(
            f"Session state has unknown fields {unknown[:5]}; a saved session has exactly "
            f"{list(_STATE_FIELDS)}."
        )
    missing = [name for name in _STATE_FIELDS if name not in data and name not in _OPTIONAL_FIELDS]
    if missing:
        raise SessionStateError(
            f"Session state field {missing[0]!r} is missing (a state saved by "
            "TutoringSession.to_dict has every field)."
        )
    for name in ("bank_id", "bank_fingerprint"):
        if not isinstance(data[name], str):
            raise state_error(name, "a string", data[name])
    if data["bank_id"] == bank.metadata.id and data["bank_fingerprint"] != bank.fingerprint:
        raise SessionStateError(
            f"This session state was saved with another version of item bank "
            f"{bank.metadata.id!r} (fingerprint {plain(data['bank_fingerprint'])!r}; the bank "
            f"now has {bank.fingerprint!r}): its items' parameters, skills, grades, enemies or "
            "times, or its skills' grades or prerequisites differ, so the saved answers would "
            "mean something else. Load it with the bank it was saved with, or start a new "
            "session."
        )
    if data["bank_id"] != bank.metadata.id:
        raise SessionStateError(
            f"This session state belongs to item bank {plain(data['bank_id'])!r} (fingerprint "
            f"{plain(data['bank_fingerprint'])!r}), not to bank {bank.metadata.id!r} "
            f"(fingerprint {bank.fingerprint!r})."
        )
    learner_id = check_text(data["learner_id"], "learner_id")
    seed = data["seed"]
    if not is_int(seed) or not 0 <= seed < 2**64:
        raise state_error("seed", "a non-negative int (the session's seed)", seed)
    revision = data["revision"]
    if not is_int(revision) or not 0 <= revision < 2**53:
        raise state_error("revision", "an int >= 0 (the number of changes so far)", revision)
    placement = _read_placement(data.get("placement"))
    log = read_history(data["history"], bank, max_history, placement is not None)
    start = _restore_start(bank, data["learner_model"], learner_model)
    return SavedSession(
        seed=int(seed),
        learner_id=learner_id,
        revision=int(revision),
        start_model=start,
        learner_model=replay_model(start, bank, log.positions, log.scores),
        log=log,
        offered=_check_item(data["offered"], "offered", bank),
        choices=_read_choices(data["choices"], bank),
        stop=_read_stop(data["stop"]),
        placement=placement,
    )


# --------------------------------------------------------------------------- fields
def state_error(field: str, expectation: str, got: Any, where: str = "") -> SessionStateError:
    """The standard message for a bad field of a saved session."""
    shown = repr(plain(got))
    if len(shown) > 80:
        shown = shown[:77] + "..."
    return SessionStateError(
        f"Session state field {field!r} must be {expectation}{where}. Got {shown}."
    )


def check_text(value: Any, field: str, *, nullable: bool = False) -> str | None:
    """A short non-empty string (or null when ``nullable``)."""
    if value is None and nullable:
        return None
    if not isinstance(value, str) or not 0 < len(value) <= MAX_TEXT_LENGTH:
        expectation = f"a string of 1 to {MAX_TEXT_LENGTH} characters"
        raise state_error(field, expectation + (" or null" if nullable else ""), value)
    return value


def _check_item(value: Any, field: str, bank: ItemBank) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or value not in bank:
        raise SessionStateError(
            f"Session state field {field!r} names item {plain(value)!r}, which is not in item bank "
            f"{bank.metadata.id!r}."
        )
    return value


def _read_choices(value: Any, bank: ItemBank) -> tuple[tuple[str, str], ...] | None:
    if value is None:
        return None
    if not isinstance(value, list) or len(value) > MAX_CHOICES:
        raise state_error("choices", f"null or a list of at most {MAX_CHOICES} choices", value)
    choices = []
    for row, entry in enumerate(value):
        if not isinstance(entry, Mapping) or set(entry) != {"label", "item_id"}:
            where = f" (entry {row})"
            raise state_error("choices", "a list of {label, item_id} objects", entry, where)
        label = check_text(entry["label"], f"choices[{row}].label")
        item_id = _check_item(entry["item_id"], f"choices[{row}].item_id", bank)
        if item_id is None:
            raise state_error(f"choices[{row}].item_id", "an item id", None)
        choices.append((str(label), item_id))
    if len({item_id for _, item_id in choices}) != len(choices):
        raise SessionStateError("Session state field 'choices' offers the same item twice.")
    return tuple(choices)


def _read_placement(value: Any) -> LearnerPlacement | None:
    if value is None:
        return None
    try:
        return LearnerPlacement.from_dict(value)
    except (TypeError, ValueError) as error:
        raise SessionStateError(f"Session state field 'placement' is invalid: {error}") from None


def _read_stop(stop: Any) -> StopDecision | None:
    if stop is None:
        return None
    if not isinstance(stop, Mapping) or set(stop) != {"stop", "reason", "detail"}:
        raise state_error("stop", "null or an object with 'stop', 'reason', 'detail'", stop)
    if not isinstance(stop["stop"], bool):
        raise state_error("stop.stop", "true or false", stop["stop"])
    reason = check_text(stop["reason"], "stop.reason", nullable=True)
    if not isinstance(stop["detail"], Mapping):
        raise state_error("stop.detail", "an object", stop["detail"])
    _check_detail(stop["detail"], [_DETAIL_BUDGET], 0)
    return StopDecision(stop["stop"], reason, dict(stop["detail"]))


def _check_detail(value: Any, budget: list[int], depth: int) -> None:
    """A stop decision's detail: small nested JSON of finite numbers and short strings."""
    budget[0] -= 1
    if budget[0] < 0 or depth > 4:
        raise state_error("stop.detail", "a small object (a few levels, numbers and words)", "...")
    if isinstance(value, Mapping):
        for key, entry in value.items():
            check_text(key, "stop.detail")
            _check_detail(entry, budget, depth + 1)
    elif isinstance(value, list):
        for entry in value:
            _check_detail(entry, budget, depth + 1)
    elif isinstance(value, str):
        if len(value) > MAX_TEXT_LENGTH:
            raise state_error("stop.detail", "made of short words", value)
    elif isinstance(value, float) and not math.isfinite(value):
        raise state_error("stop.detail", "made of finite numbers", value)
    elif value is not None and not isinstance(value, bool | int | float):
        raise state_error("stop.detail", "made of numbers, words, true/false and null", value)


# --------------------------------------------------------------------------- history
def read_history(history: Any, bank: ItemBank, max_history: int, placed: bool = False) -> AnswerLog:
    """Check the history columns (length first) and return them as an answer log.

    ``placed``: the session has a placement, so answers may have the stage "placement".
    """
    if not isinstance(history, Mapping):
        raise state_error("history", "an object of columns", history)
    unknown = sorted(str(key) for key in history if key not in ANSWER_FIELDS and key != STAGE_FIELD)
    if unknown:
        raise SessionStateError(
            f"Session state field 'history' has unknown columns {unknown[:5]}; its columns "
            f"are {list(ANSWER_FIELDS)}."
        )
    for name in ANSWER_FIELDS:
        if not isinstance(history.get(name), list):
            raise state_error(f"history.{name}", "a list", history.get(name))
    n = len(history["item_id"])
    if n > max_history:
        raise SessionStateError(
            f"Session state history holds {n} answers, more than max_history={max_history} "
            "(the most a session keeps); start a new session for this learner, or load it "
            "with a larger max_history."
        )
    lengths = [len(history[name]) for name in ANSWER_FIELDS]
    if len(set(lengths)) != 1:
        raise SessionStateError(
            "Session state history columns have different lengths: "
            + ", ".join(f"{name} {k}" for name, k in zip(ANSWER_FIELDS, lengths, strict=True))
            + "."
        )
    positions = _item_positions(history["item_id"], bank)
    offered = history["offered"]
    if not _types(offered) <= {bool}:
        row = next(r for r, v in enumerate(offered) if type(v) is not bool)
        raise state_error("history.offered", "a list of true/false", offered[row], f" (row {row})")
    return AnswerLog.from_arrays(
        positions,
        _scores(history["response"], positions, bank),
        np.array(offered, dtype=bool),
        _times(history["timestamp"], "history.timestamp", -TIME_LIMIT),
        _times(history["response_time"], "history.response_time", 0.0),
        _answer_ids(history["answer_id"]),
        _placement_rows(history.get(STAGE_FIELD), n, placed),
    )


def _placement_rows(stages: Any, n: int, placed: bool) -> int:
    """How many answers (the first ones) the saved ``stage`` column marks as placement."""
    if stages is None:
        return 0
    if not isinstance(stages, list) or len(stages) != n:
        raise state_error(STAGE_FIELD, f"a list of {n} stages (one per answer)", stages)
    for row, stage in enumerate(stages):
        if stage not in STAGES:
            raise state_error(
                f"history.{STAGE_FIELD}", f"a list of {' or '.join(STAGES)}", stage, f" (row {row})"
            )
    n_placement = next((row for row, stage in enumerate(stages) if stage != PLACEMENT), n)
    if PLACEMENT in stages[n_placement:]:
        raise SessionStateError(
            f"Session state field 'history.{STAGE_FIELD}' has a placement answer after a "
            "practice answer (row "
            f"{n_placement + stages[n_placement:].index(PLACEMENT)}); the placement comes first."
        )
    if n_placement and not placed:
        raise SessionStateError(
            f"Session state field 'history.{STAGE_FIELD}' marks placement answers, but the "
            "state has no 'placement'."
        )
    return n_placement


def _types(values: list[Any]) -> set[type]:
    """The types of a column's values (one pass in C, not a Python loop)."""
    return set(map(type, values))


def _item_positions(item_ids: list[Any], bank: ItemBank) -> NDArray[np.intp]:
    if _types(item_ids) <= {str}:
        try:
            return bank.indices_of(item_ids)
        except ResponseDataError:
            pass  # name the first unknown id and its row below
    for row, item_id in enumerate(item_ids):
        if not isinstance(item_id, str) or item_id not in bank:
            raise SessionStateError(
                f"Session state field 'history.item_id' names item {plain(item_id)!r} (row {row}), "
                f"which is not in item bank {bank.metadata.id!r}."
            )
    return bank.indices_of(item_ids)  # pragma: no cover - a bad row raised above


def _scores(values: list[Any], positions: NDArray[np.intp], bank: ItemBank) -> NDArray[np.int64]:
    max_score = bank.params.n_categories[positions] - 1
    if _types(values) <= {int} and (not values or -1 < min(values) <= max(values) < 1_000):
        scores = np.array(values, dtype=np.int64) if values else np.empty(0, np.int64)
        bad = np.flatnonzero(scores > max_score)
        if not bad.size:
            return scores
        rows: Any = bad.tolist()
    else:
        rows = range(len(values))
    for row in rows:
        try:
            check_score(values[row], int(max_score[row]), f"item {bank.item_ids[positions[row]]!r}")
        except ResponseDataError as error:
            raise SessionStateError(
                f"Session state field 'history.response' (row {row}): {error}"
            ) from None
    return np.array(values, dtype=np.int64)  # pragma: no cover - a bad row raised above


def _times(values: list[Any], field: str, minimum: float) -> NDArray[np.float64]:
    if _types(values) <= {type(None), float, int}:
        try:
            times = np.array(values, dtype=np.float64) if values else np.empty(0)  # None -> NaN
        except OverflowError:  # an int beyond any float: its row is named below
            times = np.array([np.inf])
        known = times[~np.isnan(times)]
        if not known.size or (known.min() >= minimum and known.max() <= TIME_LIMIT):
            return times
    for row, value in enumerate(values):
        if value is None:
            continue
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not minimum <= value <= TIME_LIMIT
        ):
            expectation = f"a list of numbers in [{minimum:g}, {TIME_LIMIT:g}] seconds or null"
            raise state_error(field, expectation, value, f" (row {row})")
    return np.array([np.nan if v is None else v for v in values], dtype=np.float64)


def _answer_ids(values: list[Any]) -> list[str | None]:
    given = [v for v in values if v is not None]
    fine = _types(given) <= {str} and (
        not given or (min(map(len, given)) > 0 and max(map(len, given)) <= MAX_TEXT_LENGTH)
    )
    if fine and len(set(given)) == len(given):
        return list(values)
    seen: set[str] = set()
    for row, value in enumerate(values):
        if value is None:
            continue
        check_text(value, f"history.answer_id[{row}]")
        if value in seen:
            raise SessionStateError(
                f"Session state field 'history.answer_id' repeats answer id {value!r} (row "
                f"{row}); each answer id is recorded once."
            )
        seen.add(value)
    return list(values)  # pragma: no cover - a bad row raised above


# --------------------------------------------------------------------------- model
def _restore_start(bank: ItemBank, block: Any, learner_model: Any) -> Any:
    """The learner model as it started (no answers), from its saved settings."""
    if not isinstance(block, Mapping):
        raise state_error("learner_model", "an object with 'type' and 'settings'", block)
    kind = str(check_text(block.get("type"), "learner_model.type"))
    keys = set(block) - {"type"}
    if keys not in ({"settings"}, {"start"}):
        raise state_error(
            "learner_model", "an object with 'type' and 'settings' (or 'start')", sorted(keys)
        )
    payload = block["settings"] if "settings" in block else block["start"]
    if not isinstance(payload, Mapping):
        raise state_error(f"learner_model.{next(iter(keys))}", "an object", payload)
    model_class = _model_class(kind, learner_model)
    if model_class is LearnerState:
        return _learner_state_from_settings(payload, bank)
    if "settings" in block:
        if not callable(getattr(model_class, "from_settings", None)):
            raise SessionStateError(
                f"The learner model {model_class.__name__} has no from_settings(bank, "
                "settings) to restore this session's model."
            )
        return model_class.from_settings(bank, payload)
    return model_class.from_dict(bank, payload)


def _model_class(kind: str, learner_model: Any) -> Any:
    if learner_model is None:
        if kind != LEARNER_STATE_KIND:
            hint = (
                TRACKER_HINT
                if kind.endswith(".TrackedLearner")
                else "pass learner_model=<its class> to restore it"
            )
            raise SessionStateError(
                f"This session's learner model is {plain(kind)!r}; {hint} (in "
                "TutoringSession.from_dict, next_exercise and record_response)."
            )
        return LearnerState
    model_class: Any = learner_model if isinstance(learner_model, type) else type(learner_model)
    if model_kind(model_class) != kind:
        raise SessionStateError(
            f"This session's learner model was saved as {plain(kind)!r}, but learner_model="
            f"{model_class.__name__} was given; pass the saved model's class "
            f"({kind.rsplit('.', 1)[-1]})."
        )
    return model_class


_STARTS: dict[tuple[Any, ...], LearnerState] = {}
_STARTS_LIMIT = 64
_STARTS_LOCK = threading.Lock()


def _learner_state_from_settings(settings: Mapping[str, Any], bank: ItemBank) -> LearnerState:
    expected = {"prior_mean", "prior_sd", "n_points", "bound", "rule"}
    if set(settings) != expected:
        raise SessionStateError(
            f"Session state field 'learner_model.settings' must have exactly the entries "
            f"{sorted(expected)}. Got {sorted(str(key) for key in settings)}."
        )
    # A new learner state is immutable: one per bank and settings serves every load.
    values = tuple((name, type(settings[name]), settings[name]) for name in sorted(expected))
    key = (bank.metadata.id, bank.fingerprint, bank.skill_ids, values)
    try:
        cached = _STARTS.get(key)
    except TypeError:  # an unhashable value: refused below
        cached = None
    if cached is not None:
        return cached
    try:
        start = LearnerState.start(bank, **settings)
    except (TypeError, ValueError) as error:
        raise SessionStateError(
            f"Session state field 'learner_model.settings' is invalid: {error}"
        ) from None
    with _STARTS_LOCK:
        while len(_STARTS) >= _STARTS_LIMIT:
            _STARTS.pop(next(iter(_STARTS)))
        _STARTS[key] = start
    return start


def _upgrade_version_1(
    data: Mapping[str, Any], bank: ItemBank, learner_model: Any, max_history: int
) -> dict[str, Any]:
    """A version-1 state (estimates saved beside the history) as version 2: the history
    and the model's settings are kept, the saved estimates dropped (they are replayed)."""
    history = data.get("history")
    if not isinstance(history, Mapping) or not isinstance(history.get("item_id"), list):
        raise state_error("history", "an object of columns", history)
    columns = {name: history.get(name) for name in ANSWER_FIELDS[:-1]}
    n = len(history["item_id"])
    if n <= max_history:  # longer histories are refused by read_history
        columns["answer_id"] = [None] * n
    block = data.get("learner_model")
    if not isinstance(block, Mapping) or not isinstance(block.get("state"), Mapping):
        raise state_error("learner_model", "an object with 'type' and 'state'", block)
    kind = str(check_text(block.get("type"), "learner_model.type"))
    model_class = _model_class(kind, learner_model)
    try:
        saved = model_class.from_dict(bank, block["state"])
    except (KeyError, TypeError, ValueError) as error:
        if isinstance(error, SessionStateError):
            raise
        raise SessionStateError(f"Malformed version-1 learner model: {error!r}.") from None
    if not isinstance(saved, LearnerState) and not callable(
        getattr(model_class, "from_settings", None)
    ):
        raise SessionStateError(
            f"A version-1 session with a {model_class.__name__} learner model cannot be "
            "upgraded: the model's starting settings were not saved."
        )
    upgraded = {key: data.get(key) for key in _STATE_FIELDS}
    upgraded.update(
        version=SESSION_FORMAT_VERSION,
        learner_id=data.get("learner_id") or "learner",
        revision=0,
        choices=None,
        learner_model={"type": kind, "settings": dict(saved.settings)},
        history=columns,
    )
    return upgraded
