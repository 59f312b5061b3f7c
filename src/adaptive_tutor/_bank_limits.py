"""Limits and checks of an untrusted bank document that run before the schema and the rules.

Item banks come from outside publishers. The schema validator, the bank rules and the
parameter arrays cost time and memory in proportion to what a document declares (a graded
item with 5,000 thresholds made selection allocate 4.5 GiB; 40,000 choices took 33 s to
check), so this module refuses, in one linear pass and before any of that work:

- a ``schema_version`` the library cannot read (the other rules depend on it);
- documents over the documented limits: :data:`MAX_BANK_BYTES` of JSON text,
  :data:`MAX_NESTING_DEPTH` levels of nesting, :data:`MAX_ITEMS` items,
  :data:`MAX_SKILLS` skills, :data:`MAX_CHOICES` choices per item, :data:`MAX_SCORE` as
  the highest score of an item (so at most ``MAX_SCORE`` GRM thresholds or GPCM steps and
  ``MAX_SCORE + 1`` rubric levels), :data:`MAX_LIST_LENGTH` entries in any other list and
  :data:`MAX_TEXT_LENGTH` characters in any text;
- values JSON cannot carry or the rules would misread: numbers that are NaN or infinite,
  text with lone surrogates (which cannot be written back as UTF-8), keys repeated within
  one JSON object (a reader would silently keep the last), and blank (white-space only)
  prompts, names, titles, choice texts and accepted answers (a blank accepted answer gave
  full credit to an empty reply).

The schema states the same count limits (``maxItems``, ``maximum``), so other tools that
validate banks against it agree.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping
from typing import Any

import numpy as np

from adaptive_tutor.exceptions import BankProblem

__all__ = [
    "MAX_BANK_BYTES",
    "MAX_CHOICES",
    "MAX_ITEMS",
    "MAX_LIST_LENGTH",
    "MAX_NESTING_DEPTH",
    "MAX_SCORE",
    "MAX_SKILLS",
    "MAX_TEXT_LENGTH",
    "SCHEMA_VERSION",
    "SUPPORTED_SCHEMA_VERSIONS",
    "RepeatedKeys",
    "document_problems",
    "json_nesting_depth",
    "json_text_problem",
    "object_with_repeated_keys",
    "schema_version_problem",
]

SCHEMA_VERSION = "1.1"
"""The schema version the library writes."""
SUPPORTED_SCHEMA_VERSIONS = ("1.0", "1.1")
"""The schema versions the library reads (1.1 only adds optional fields to 1.0)."""

MAX_BANK_BYTES = 64 * 1024 * 1024
"""Largest bank file or JSON text read (64 MiB)."""
MAX_NESTING_DEPTH = 16
"""Deepest nesting of objects and lists (a valid bank needs 7)."""
MAX_ITEMS = 50_000
"""Most items in one bank."""
MAX_SKILLS = 5_000
"""Most skills in one bank."""
MAX_CHOICES = 50
"""Most choices of one multiple-choice item."""
MAX_SCORE = 20
"""Highest ``max_score`` of an item: at most 20 thresholds or steps, 21 rubric levels."""
MAX_LIST_LENGTH = 1_000
"""Most entries of any other list (tags, enemies, accepted answers, media, prerequisites)."""
MAX_TEXT_LENGTH = 20_000
"""Most characters of one text (a prompt with its reading passage, a feedback)."""

_LIST_LIMITS = {
    ("items",): MAX_ITEMS,
    ("skills",): MAX_SKILLS,
    ("items", "choices"): MAX_CHOICES,
    ("items", "irt", "thresholds"): MAX_SCORE,
    ("items", "irt", "steps"): MAX_SCORE,
    ("items", "irt", "se", "thresholds"): MAX_SCORE,
    ("items", "irt", "se", "steps"): MAX_SCORE,
    ("items", "rubric"): MAX_SCORE + 1,
}
_NOT_BLANK = {
    ("bank", "title"),
    ("skills", "name"),
    ("items", "prompt"),
    ("items", "choices", "text"),
    ("items", "answer", "accepted"),
}
_SURROGATE = re.compile("[\ud800-\udfff]")
Path = list[str | int]
Found = list[tuple[Path, str, str]]


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


class RepeatedKeys(dict[str, Any]):
    """A JSON object in which some keys appeared more than once (``repeated`` names them)."""

    repeated: tuple[str, ...] = ()


def object_with_repeated_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """``object_pairs_hook`` for :func:`json.loads` that remembers repeated keys.

    Parameters
    ----------
    pairs : list of (str, object)
        The key-value pairs of one JSON object, in order.

    Returns
    -------
    dict
        A plain dict, or a :class:`RepeatedKeys` when a key occurs twice (the last value
        is kept, as :func:`json.loads` does, and the problem is reported by
        :func:`document_problems`).

    Examples
    --------
    >>> import json
    >>> json.loads('{"a": 1, "a": 2}', object_pairs_hook=object_with_repeated_keys).repeated
    ('a',)
    """
    result = dict(pairs)
    if len(result) == len(pairs):
        return result
    repeated = RepeatedKeys(result)
    repeated.repeated = tuple(sorted(k for k, n in Counter(k for k, _ in pairs).items() if n > 1))
    return repeated


def json_nesting_depth(text: str) -> int:
    """The deepest nesting of objects and lists in JSON text, in one vectorised pass.

    Parameters
    ----------
    text : str
        JSON text (brackets inside strings are not counted).

    Returns
    -------
    int

    Examples
    --------
    >>> json_nesting_depth('{"a": [[1], "[[["]}')
    3
    """
    outside = re.sub(r'"(?:[^"\\]|\\.)*"', "", text)
    codes = np.frombuffer(outside.encode("utf-8", "surrogatepass"), dtype=np.uint8)
    step = np.isin(codes, (ord("["), ord("{"))).astype(np.int64)
    step -= np.isin(codes, (ord("]"), ord("}")))
    return int(np.cumsum(step).max(initial=0))


def document_problems(document: Any) -> Found:
    """Walk a bank document once and return what it must not contain, as ``(path, message,
    fix)``; an over-long list or an over-deep branch is not walked further.

    Parameters
    ----------
    document : Any
        The parsed bank document.

    Returns
    -------
    list of (path, message, fix)
        ``path`` is the list of keys and positions leading to the value.

    Examples
    --------
    >>> document_problems({"bank": {"scale": {"D": float("nan")}}})
    [(['bank', 'scale', 'D'], 'must be a finite number, not nan', 'write a number')]
    """
    found: Found = []
    stack: list[tuple[Any, Path]] = [(document, [])]
    while stack:
        value, path = stack.pop()
        if isinstance(value, Mapping):
            if len(path) >= MAX_NESTING_DEPTH:
                found.append((path, f"nesting is deeper than {MAX_NESTING_DEPTH} levels", ""))
                continue
            if isinstance(value, RepeatedKeys):
                names = ", ".join(repr(k) for k in value.repeated)
                found.append(
                    (
                        path,
                        f"the key(s) {names} appear more than once in this object",
                        "keep one of each (a JSON reader would silently keep only the last)",
                    )
                )
            stack.extend((child, [*path, str(key)]) for key, child in value.items())
        elif isinstance(value, list):
            limit = _LIST_LIMITS.get(_shape(path), MAX_LIST_LENGTH)
            if len(path) >= MAX_NESTING_DEPTH:
                found.append((path, f"nesting is deeper than {MAX_NESTING_DEPTH} levels", ""))
            elif len(value) > limit:
                found.append(
                    (
                        path,
                        f"has {len(value):,} entries; at most {limit:,} are allowed",
                        "split the bank or shorten the list",
                    )
                )
            else:
                stack.extend((child, [*path, index]) for index, child in enumerate(value))
        elif isinstance(value, str):
            found.extend(_text_problems(value, path))
        elif isinstance(value, float) and not math.isfinite(value):
            found.append((path, f"must be a finite number, not {value}", "write a number"))
        elif (
            _shape(path) == ("items", "max_score")
            and isinstance(value, int | float)
            and not isinstance(value, bool)
            and value > MAX_SCORE
        ):
            found.append(
                (
                    path,
                    f"max_score {value} is above the limit of {MAX_SCORE}",
                    f"score the item on at most {MAX_SCORE} points",
                )
            )
    found.sort(key=lambda entry: [str(part) for part in entry[0]])
    return found


def _shape(path: Path) -> tuple[str, ...]:
    """The path without list positions: ("items", "choices", "text")."""
    return tuple(part for part in path if isinstance(part, str))


def _text_problems(text: str, path: Path) -> Found:
    if len(text) > MAX_TEXT_LENGTH:
        return [
            (
                path,
                f"the text has {len(text):,} characters; at most {MAX_TEXT_LENGTH:,} are allowed",
                "shorten it or link a document through 'media'",
            )
        ]
    if _SURROGATE.search(text):
        return [
            (
                path,
                "the text holds an unpaired surrogate code point, which is not a "
                "character and cannot be saved as UTF-8",
                "remove it or fix the encoding",
            )
        ]
    if not text.strip() and _shape(path) in _NOT_BLANK:
        return [(path, "is blank (only spaces)", "write the text or remove the entry")]
    return []


def json_text_problem(text: str) -> str | None:
    """Why JSON text is refused before parsing (too large, too deep), or None.

    Parameters
    ----------
    text : str
        The JSON text of a bank.

    Returns
    -------
    str or None

    Examples
    --------
    >>> json_text_problem("[" * 100 + "]" * 100)[:34]
    'the JSON nests 100 levels deep; at'
    """
    size = len(text.encode("utf-8", "surrogatepass")) if len(text) > MAX_BANK_BYTES // 4 else 0
    if size > MAX_BANK_BYTES:
        return (
            f"the bank is {size:,} bytes; at most {MAX_BANK_BYTES:,} are read (split it into "
            "several banks)"
        )
    depth = json_nesting_depth(text)
    if depth > MAX_NESTING_DEPTH:
        return (
            f"the JSON nests {depth} levels deep; at most {MAX_NESTING_DEPTH} are allowed (a "
            "bank needs 7)"
        )
    return None
