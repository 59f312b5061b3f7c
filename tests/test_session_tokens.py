"""Signed state tokens: any change, truncation, other bank, learner or key is refused."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adaptive_tutor.exceptions import SessionStateError
from adaptive_tutor.session import (
    TutoringSession,
    next_exercise,
    offer_choices,
    record_response,
)
from session_helpers import make_bank

BANK = make_bank(6)
OTHER = make_bank(6, seed=1)
SECRET = b"0123456789abcdef-test-secret"


def _token(n: int = 3, **options: object) -> str:
    session = TutoringSession(BANK, seed=5, learner_id="kim")
    for position in range(n):
        session.record(BANK.item_ids[position], 1, answer_id=f"a{position}")
    return session.to_token(SECRET, **options)  # type: ignore[arg-type]


def test_a_token_round_trips() -> None:
    session = TutoringSession(BANK, seed=5, learner_id="kim")
    session.record(BANK.item_ids[0], 1, response_time=3.0)
    again = TutoringSession.from_token(BANK, session.to_token(SECRET), SECRET)
    assert again.to_dict() == session.to_dict()


def test_every_changed_character_is_refused() -> None:
    token = _token()
    alphabet = "ABCabc019-_."
    for position, char in enumerate(token):
        other = alphabet[(alphabet.index(char) + 1) % len(alphabet)] if char in alphabet else "A"
        changed = token[:position] + other + token[position + 1 :]
        with pytest.raises(SessionStateError):
            TutoringSession.from_token(BANK, changed, SECRET)


def test_every_truncation_is_refused() -> None:
    token = _token()
    for length in range(len(token)):
        with pytest.raises(SessionStateError):
            TutoringSession.from_token(BANK, token[:length], SECRET)
    with pytest.raises(SessionStateError):
        TutoringSession.from_token(BANK, token + "A", SECRET)


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_any_changed_byte_is_refused(data: st.DataObject) -> None:
    raw = bytearray(_token(2).encode("ascii"))
    position = data.draw(st.integers(0, len(raw) - 1))
    value = data.draw(st.integers(0, 255).filter(lambda b: b != raw[position]))
    raw[position] = value
    with pytest.raises(SessionStateError):
        TutoringSession.from_token(BANK, bytes(raw), SECRET)


def test_another_secret_is_refused() -> None:
    with pytest.raises(SessionStateError, match="does not verify"):
        TutoringSession.from_token(BANK, _token(), b"another secret of 16+ bytes")


def test_another_bank_is_refused() -> None:
    token = TutoringSession(OTHER, seed=1).to_token(SECRET)
    with pytest.raises(SessionStateError, match="belongs to item bank"):
        TutoringSession.from_token(BANK, token, SECRET)


def test_another_learner_is_refused() -> None:
    with pytest.raises(SessionStateError, match="belongs to learner 'kim', not to 'lee'"):
        TutoringSession.from_token(BANK, _token(), SECRET, learner_id="lee")


def test_keys_rotate_by_key_id() -> None:
    old = _token(key_id="2025")
    keys = {"2025": SECRET, "2026": b"the new secret, 16+ bytes"}
    assert TutoringSession.from_token(BANK, old, keys).n_responses == 3
    _, token = next_exercise(BANK, old, secret=keys, key_id="2026")
    assert token.startswith("at1.2026.")
    with pytest.raises(SessionStateError, match="key id '2026', which is not among"):
        TutoringSession.from_token(BANK, token, {"2025": SECRET})


@pytest.mark.parametrize(
    ("secret", "key_id", "message"),
    [
        (b"short", "default", "at least 16 bytes"),
        (12345, "default", "must be a str or bytes"),
        (SECRET, "has space", "key_id"),
        (SECRET, "", "key_id"),
    ],
)
def test_bad_secrets_and_key_ids_are_parameter_errors(
    secret: object, key_id: str, message: str
) -> None:
    session = TutoringSession(BANK, seed=1)
    with pytest.raises(ValueError, match=message):
        session.to_token(secret, key_id=key_id)  # type: ignore[arg-type]


def test_the_stateless_api_signs_when_given_a_secret() -> None:
    item, token = next_exercise(BANK, None, secret=SECRET, seed=3, learner_id="kim")
    assert isinstance(token, str)
    assert item is not None
    token = record_response(BANK, token, item.id, 1, secret=SECRET, learner_id="kim")
    assert TutoringSession.from_token(BANK, token, SECRET).n_responses == 1
    with pytest.raises(SessionStateError, match="does not verify"):
        record_response(BANK, token[:-1] + "x", item.id, 1, secret=SECRET)


def test_a_token_too_long_for_max_history_is_refused_before_verifying() -> None:
    with pytest.raises(SessionStateError, match="more than a state of max_history=2"):
        TutoringSession.from_token(
            BANK, "at1.default." + "A" * 200_000 + ".x", SECRET, max_history=2
        )


def test_a_token_given_without_the_secret_says_to_pass_it() -> None:
    # not "This session state is not valid JSON": the app forgot secret=
    token = _token()
    with pytest.raises(SessionStateError, match=r"signed token.*secret="):
        record_response(BANK, token, BANK.item_ids[3], 1, learner_id="kim")
    with pytest.raises(SessionStateError, match=r"signed token.*secret="):
        next_exercise(BANK, token.encode("ascii"), learner_id="kim")


@pytest.mark.parametrize("function", [next_exercise, offer_choices])
def test_a_short_secret_is_named_against_the_stateless_function_called(function: Any) -> None:
    with pytest.raises(ValueError, match=rf"of {function.__name__} must .* Got str of 5 bytes"):
        function(make_bank(4), None, secret="short")


def test_a_bad_response_time_is_named_against_record_response() -> None:
    bank = make_bank(4)
    item, state = next_exercise(bank, None, seed=1)
    assert item is not None
    with pytest.raises(ValueError, match="'response_time' parameter of record_response"):
        record_response(bank, state, item.id, 1, response_time=-3)
