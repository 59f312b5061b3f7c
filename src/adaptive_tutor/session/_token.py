"""Signed session state: a compact token an app may hand to the browser and take back.

A token is ``at1.<key id>.<payload>.<signature>``: the payload is the session state in
canonical JSON (sorted keys, no spaces, UTF-8), compressed with zlib and base64url-encoded;
the signature is HMAC-SHA256 (Python's standard library) over everything before it, so the
version and the key id are signed too. The key id names the secret used, so secrets can be
rotated: sign with the new one, accept the old one for a while (pass both as a mapping).

Verification comes first; nothing in a token is decoded before its signature checks out,
and sizes are bounded before decompressing. A token proves the state came from the app
unchanged; it does not stop a client from sending an *older* valid token again (keep the
latest revision per learner on the server, see ``expected_revision``).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import re
import zlib
from collections.abc import Mapping
from typing import Any

from adaptive_tutor.exceptions import SessionStateError

__all__ = ["DEFAULT_KEY_ID", "decode_token", "encode_token", "max_state_bytes"]

TOKEN_VERSION = "at1"
DEFAULT_KEY_ID = "default"
"""Key id of a token signed without one."""

MIN_SECRET_BYTES = 16
_KEY_ID = re.compile(r"[A-Za-z0-9_-]{1,32}")
_BYTES_PER_ANSWER = 600  # generous: item id, score, flags, two times, a 200-character answer id

Secret = str | bytes
Secrets = str | bytes | Mapping[str, str | bytes]


def max_state_bytes(max_history: int) -> int:
    """Largest JSON text (bytes) accepted for a state of at most ``max_history`` answers."""
    return 65_536 + _BYTES_PER_ANSWER * max_history


def canonical_json(state: Mapping[str, Any]) -> bytes:
    """The one byte encoding of a state: sorted keys, no spaces, UTF-8, no NaN."""
    text = json.dumps(state, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8")


def _key_bytes(secret: Any, owner: str, key_id: str | None = None) -> bytes:
    given = type(secret).__name__
    if isinstance(secret, str):
        secret = secret.encode("utf-8")
    if not isinstance(secret, bytes) or len(secret) < MIN_SECRET_BYTES:
        size = f" of {len(secret)} bytes" if isinstance(secret, bytes) else ""
        which = "" if key_id is None else f" (key id {key_id!r})"
        raise ValueError(
            f"The 'secret' parameter of {owner}{which} must be a str or bytes of at least "
            f"{MIN_SECRET_BYTES} bytes (e.g. secrets.token_bytes(32)). Got "
            f"{given}{size}."
        )
    return secret


def check_key_id(key_id: Any, owner: str) -> str:
    """A key id: 1 to 32 letters, digits, '_' or '-'."""
    if not isinstance(key_id, str) or not _KEY_ID.fullmatch(key_id):
        raise ValueError(
            f"The 'key_id' parameter of {owner} must be 1 to 32 letters, digits, '_' or "
            f"'-'. Got {key_id!r}."
        )
    return key_id


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _signature(key: bytes, signed: str) -> bytes:
    return hmac.new(key, signed.encode("ascii"), hashlib.sha256).digest()


def encode_token(state: Mapping[str, Any], secret: Secret, key_id: str, owner: str) -> str:
    """Sign ``state`` (a session's ``to_dict()``) with ``secret`` under ``key_id``."""
    key = _key_bytes(secret, owner)
    kid = check_key_id(key_id, owner)
    payload = _b64encode(zlib.compress(canonical_json(state), 6))
    signed = f"{TOKEN_VERSION}.{kid}.{payload}"
    return f"{signed}.{_b64encode(_signature(key, signed))}"


def check_secrets(secrets: Any, owner: str) -> None:
    """Refuse a secret (or a mapping of key ids to secrets) that cannot sign, naming ``owner``.

    Parameters
    ----------
    secrets : str, bytes or mapping of str to str or bytes
        What the caller passed as ``secret``.
    owner : str
        The public function or method the caller called, for the message.

    Raises
    ------
    ValueError
        For a secret shorter than 16 bytes, a value that is no text or bytes, an empty
        mapping or a malformed key id.
    """
    if isinstance(secrets, Mapping) and secrets:
        _secret_for(secrets, next(iter(secrets)), owner)
    else:
        _secret_for(secrets, "", owner)


def _secret_for(secrets: Any, key_id: str, owner: str) -> bytes:
    if isinstance(secrets, Mapping):
        if not secrets:
            raise ValueError(f"The 'secret' parameter of {owner} is an empty mapping of keys.")
        for name, secret in secrets.items():  # a bad key fails now, not when first needed
            if not isinstance(name, str) or not _KEY_ID.fullmatch(name):
                raise ValueError(
                    f"The 'secret' parameter of {owner} maps key ids to secrets; key id "
                    f"{name!r} must be 1 to 32 letters, digits, '_' or '-'."
                )
            _key_bytes(secret, owner, name)
        if key_id not in secrets:
            known = ", ".join(repr(k) for k in sorted(secrets, key=str))
            raise SessionStateError(
                f"This learner state token was signed with key id {key_id!r}, which is not "
                f"among the keys given ({known}); it is refused."
            )
        return _key_bytes(secrets[key_id], owner)
    return _key_bytes(secrets, owner)


def decode_token(token: Any, secrets: Secrets, max_history: int, owner: str) -> Any:
    """Verify a token and return the state it carries (parsed JSON, not yet checked).

    Raises
    ------
    SessionStateError
        For anything but an intact token signed with one of ``secrets``.
    """
    if isinstance(token, bytes):
        try:
            token = token.decode("ascii")
        except UnicodeDecodeError:
            token = None
    if not isinstance(token, str):
        raise SessionStateError(
            f"A learner state token must be a string. Got {type(token).__name__}."
        )
    limit = max_state_bytes(max_history)
    if len(token) > 2 * limit:
        raise SessionStateError(
            f"This learner state token is {len(token)} characters long, more than a state of "
            f"max_history={max_history} answers can be; it is refused."
        )
    parts = token.split(".")
    if len(parts) != 4 or parts[0] != TOKEN_VERSION or not _KEY_ID.fullmatch(parts[1]):
        raise SessionStateError(
            "This is not a learner state token (expected 'at1.<key id>.<payload>."
            "<signature>'); it may have been cut short or changed."
        )
    _, key_id, payload, signature = parts
    key = _secret_for(secrets, key_id, owner)
    expected = _b64encode(_signature(key, f"{TOKEN_VERSION}.{key_id}.{payload}"))
    # Compared as text: the signature has one spelling, so no other string (padding, other
    # trailing bits) passes for the same token.
    given = signature.encode("ascii") if signature.isascii() else b""
    if not hmac.compare_digest(expected.encode("ascii"), given):
        raise SessionStateError(
            "This learner state token does not verify: it was changed, cut short, or signed "
            "with another secret. It is refused; start from the last state the app saved."
        )
    try:
        inflater = zlib.decompressobj()
        text = inflater.decompress(_b64decode(payload), limit)
        if inflater.unconsumed_tail or not inflater.eof:
            raise SessionStateError(
                f"This learner state token holds more than a state of max_history="
                f"{max_history} answers can be; it is refused."
            )
        return json.loads(text.decode("utf-8"), parse_constant=_refuse_constant)
    except (binascii.Error, zlib.error, UnicodeDecodeError, ValueError, RecursionError) as error:
        if isinstance(error, SessionStateError):
            raise
        raise SessionStateError(
            f"This learner state token verifies but its content is unreadable: {error}."
        ) from None


def parse_state_text(text: str | bytes, max_history: int) -> Any:
    """Parse a state given as JSON text, bounding its size first.

    Raises
    ------
    SessionStateError
        For text longer than a state of ``max_history`` answers can be, or invalid JSON.
    """
    limit = max_state_bytes(max_history)
    if len(text) > limit:
        raise SessionStateError(
            f"This session state is {len(text)} characters long, more than a state of "
            f"max_history={max_history} answers can be; it is refused before parsing."
        )
    if _too_many_values(text, max_history):
        raise SessionStateError(
            f"This session state holds more values or nested lists and objects than a state "
            f"of max_history={max_history} answers can; it is refused before parsing."
        )
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except (UnicodeDecodeError, ValueError) as error:
        prefix = f"{TOKEN_VERSION}."
        if text[: len(prefix)] in (prefix, prefix.encode("ascii")):
            raise SessionStateError(
                f"This session state is a signed token ({prefix}...), not JSON: pass the "
                "secret it was signed with (secret=...) to read it."
            ) from None
        raise SessionStateError(f"This session state is not valid JSON: {error}.") from None
    except RecursionError:
        raise SessionStateError(
            "This session state is nested far deeper than a saved session can be; it is refused."
        ) from None


_VALUES_PER_ANSWER = 8  # one per history column, and one to spare
_FIXED_VALUES = 4_096  # everything else: settings, the menu, a stop's detail (<= 2,000)
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)


def _too_many_values(text: str | bytes, max_history: int) -> bool:
    """Whether JSON ``text`` holds more values (commas) or lists and objects than a state
    of ``max_history`` answers: parsing those would cost many times the text's size (an
    empty list is 3 characters of text and 56 bytes parsed)."""
    max_values = _VALUES_PER_ANSWER * max_history + _FIXED_VALUES

    def fits(commas: int, opened: int) -> bool:
        return commas <= max_values and opened <= _FIXED_VALUES

    if isinstance(text, bytes):
        if fits(text.count(b","), text.count(b"[") + text.count(b"{")):
            return False
        try:
            text = text.decode(json.detect_encoding(text))
        except (UnicodeDecodeError, LookupError):
            return False  # not text: json.loads refuses it
    elif fits(text.count(","), text.count("[") + text.count("{")):
        return False  # the usual case: no need to look inside strings
    structure = _JSON_STRING.sub("", text)  # commas and brackets inside strings are text
    return not fits(structure.count(","), structure.count("[") + structure.count("{"))


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number a session state may hold")
