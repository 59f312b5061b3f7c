"""Hostile learner states and tokens: refused with SessionStateError, never anything else,
and refused before parsing or messages cost more than the text they came in."""

from __future__ import annotations

import copy
import json
import tracemalloc
from collections.abc import Callable
from typing import Any

import pytest

from adaptive_tutor.exceptions import SessionStateError
from adaptive_tutor.session import TutoringSession, next_exercise
from session_helpers import make_bank

BANK = make_bank(4)
SECRET = b"0123456789abcdef-test-secret"


def _state() -> dict[str, Any]:
    session = TutoringSession(BANK, seed=3, learner_id="kim")
    for position in range(3):
        session.record(
            BANK.item_ids[position], 1, timestamp=1.7e9 + position, answer_id=f"a{position}"
        )
    session.next_item()
    data: dict[str, Any] = json.loads(json.dumps(session.to_dict()))
    return data


def _peak_bytes(action: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        with pytest.raises(SessionStateError):
            action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _nested(depth: int) -> list[Any]:
    outer: list[Any] = []
    inner = outer
    for _ in range(depth):
        inner.append([])
        inner = inner[0]
    return outer


_FIELDS: list[tuple[str, ...]] = [
    ("offered",),
    ("revision",),
    ("learner_model", "type"),
    ("learner_model", "settings", "prior_mean"),
    ("history", "item_id", 0),
    ("history", "response", 0),
    ("history", "timestamp", 0),
    ("history", "answer_id", 0),
]


def _name(path: tuple[Any, ...]) -> str:
    return "/".join(map(str, path))


def _with(data: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    changed = copy.deepcopy(data)
    parent: Any = changed
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = value
    return changed


@pytest.mark.parametrize("path", _FIELDS, ids=_name)
def test_a_deeply_nested_field_is_refused_not_a_recursion_error(path: tuple[Any, ...]) -> None:
    with pytest.raises(SessionStateError):
        TutoringSession.from_dict(BANK, _with(_state(), path, _nested(5_000)))


@pytest.mark.parametrize("text", ["[" * 3_000 + "]" * 3_000, '{"a":' * 3_000 + "1" + "}" * 3_000])
def test_deeply_nested_json_text_is_refused(text: str) -> None:
    with pytest.raises(SessionStateError, match="nested far deeper"):
        next_exercise(BANK, text)


@pytest.mark.parametrize("path", _FIELDS, ids=_name)
def test_a_huge_field_gets_a_short_message_without_copying_it(path: tuple[Any, ...]) -> None:
    huge = _with(_state(), path, ["x" * 50] * 200_000)
    tracemalloc.start()
    try:
        with pytest.raises(SessionStateError) as caught:
            TutoringSession.from_dict(BANK, huge)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(str(caught.value)) < 1_000
    assert peak < 2**20


@pytest.mark.parametrize(
    ("path", "field"),
    [
        (("history", "timestamp", 1), "history.timestamp"),
        (("history", "response_time", 0), "history.response_time"),
        (("learner_model", "settings", "prior_mean"), "prior_mean"),
        (("learner_model", "settings", "prior_sd"), "prior_sd"),
        (("learner_model", "settings", "bound"), "bound"),
    ],
)
def test_an_int_beyond_any_float_is_refused(path: tuple[Any, ...], field: str) -> None:
    text = json.dumps(_with(_state(), path, 10**400))  # valid JSON, 401 digits
    with pytest.raises(SessionStateError, match=field):
        next_exercise(BANK, text)


def test_json_text_of_many_empty_lists_is_refused_before_parsing() -> None:
    text = '{"history": [' + ",".join(["[]"] * 1_000_000) + "]}"  # 3 MB
    peak = _peak_bytes(lambda: next_exercise(BANK, text))
    assert peak < 3 * len(text)  # parsed, it would take about 56 MB


def test_commas_and_brackets_inside_strings_do_not_count_as_values() -> None:
    session = TutoringSession(BANK, seed=3, max_history=40)
    for position in range(12):
        answer_id = f"{position}" + ",[{" * 60  # 181 characters of punctuation
        session.record(BANK.item_ids[position], 1, answer_id=answer_id)
    text = json.dumps(session.to_dict())
    assert text.count(",") > 8 * 40  # more than the value budget counted naively
    _, state = next_exercise(BANK, text, max_history=40)
    assert len(state["history"]["answer_id"]) == 12


@pytest.mark.parametrize("extra", ["=", "==", "A", "AA"])
def test_a_signature_has_one_spelling(extra: str) -> None:
    token = TutoringSession(BANK, seed=1).to_token(SECRET)
    TutoringSession.from_token(BANK, token, SECRET)
    with pytest.raises(SessionStateError, match="does not verify"):
        TutoringSession.from_token(BANK, token + extra, SECRET)


def test_a_non_ascii_signature_is_refused() -> None:
    token = TutoringSession(BANK, seed=1).to_token(SECRET)
    with pytest.raises(SessionStateError, match="does not verify"):
        TutoringSession.from_token(BANK, token[:-1] + "\u00e9", SECRET)


@pytest.mark.parametrize(
    ("secrets", "message"),
    [
        ({"default": SECRET, "old": b"short"}, "key id 'old'"),
        ({"default": SECRET, "bad id": SECRET}, "key id 'bad id' must be"),
    ],
)
def test_every_secret_of_a_key_mapping_is_checked(secrets: dict[str, bytes], message: str) -> None:
    token = TutoringSession(BANK, seed=1).to_token(SECRET)
    with pytest.raises(ValueError, match=message):
        TutoringSession.from_token(BANK, token, secrets)
