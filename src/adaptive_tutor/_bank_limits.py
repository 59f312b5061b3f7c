"""Checks of an untrusted bank document that run before the schema and the bank rules.

The schema validator and the bank rules walk the whole document; this module first refuses
what those must not even start on: a ``schema_version`` the library cannot read (the other
rules depend on the version).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from adaptive_tutor.exceptions import BankProblem

__all__ = ["SCHEMA_VERSION", "SUPPORTED_SCHEMA_VERSIONS", "schema_version_problem"]

SCHEMA_VERSION = "1.1"
"""The schema version the library writes."""
SUPPORTED_SCHEMA_VERSIONS = ("1.0", "1.1")
"""The schema versions the library reads (1.1 only adds optional fields to 1.0)."""


def schema_version_problem(document: Any, source: str) -> BankProblem | None:
    """The problem with the document's ``schema_version``, or None when it is readable.

    A missing version is left to the schema ("'schema_version' is a required property").

    Parameters
    ----------
    document : Any
        The parsed bank document.
    source : str
        The file (or ``<dict>``) named in the problem.

    Returns
    -------
    BankProblem or None

    Examples
    --------
    >>> print(schema_version_problem({"schema_version": "2.0"}, "bank.json").message[:56])
    the bank declares schema version '2.0', newer than this
    >>> schema_version_problem({"schema_version": "1.0"}, "bank.json") is None
    True
    """
    if not isinstance(document, Mapping) or "schema_version" not in document:
        return None
    version = document["schema_version"]
    if isinstance(version, str) and version in SUPPORTED_SCHEMA_VERSIONS:
        return None
    readable = " and ".join(repr(v) for v in SUPPORTED_SCHEMA_VERSIONS)
    if _is_newer_version(version):
        return BankProblem(
            source,
            f"the bank declares schema version {version!r}, newer than this version of "
            f"adaptive_tutor reads ({readable}); a newer adaptive_tutor may read it",
            field="schema_version",
            fix=f"upgrade the library, or have the bank saved as schema {SCHEMA_VERSION!r}",
        )
    shown = (
        _short_repr(version) if isinstance(version, str) else f"{_short_repr(version)} (not text)"
    )
    return BankProblem(
        source,
        f"the bank declares schema version {shown}, which adaptive_tutor does not know; "
        f"it reads {readable}",
        field="schema_version",
        fix=f'write "schema_version": "{SCHEMA_VERSION}"',
    )


def _is_newer_version(version: Any) -> bool:
    if not isinstance(version, str) or not re.fullmatch(r"\d{1,4}\.\d{1,4}", version):
        return False
    newest = max(tuple(map(int, v.split("."))) for v in SUPPORTED_SCHEMA_VERSIONS)
    return tuple(map(int, version.split("."))) > newest


def _short_repr(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
