"""A compiled fast path for the item-bank JSON Schema (fastjsonschema).

:mod:`jsonschema` reports every violation with its location, which is what a bank author
needs, but it interprets the schema node by node: about a millisecond per item on a busy
machine, so a 20,000-item bank took seconds to accept or to refuse for a problem the schema
does not even check (duplicate ids). Most banks are schema-valid, so the schema is first
checked by code that fastjsonschema compiles once from the same schema file (about ten
times faster); only a document that fails it is walked again by :mod:`jsonschema` to
collect and locate every problem.

fastjsonschema implements drafts 4-7, so the shipped 2020-12 schema is translated:
``prefixItems`` becomes the draft-7 tuple form (``items`` + ``additionalItems: false``) and
a pattern's final ``$`` becomes ``\\Z``, the JSON Schema meaning (end of text; Python's
``$`` also matches before a final newline). The translation can only make the fast check
stricter or equal; a test compares both validators on fuzzed documents.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import fastjsonschema

__all__ = ["compile_fast_check", "whole_text_pattern"]


def whole_text_pattern(pattern: str) -> str:
    """A regular expression that, used with :func:`re.search`, means what JSON Schema means.

    Parameters
    ----------
    pattern : str
        A JSON Schema ``pattern`` (ECMA 262: ``$`` is the end of the text).

    Returns
    -------
    str

    Examples
    --------
    >>> whole_text_pattern("^[a-z]+$")
    '^[a-z]+\\\\Z'
    """
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        return pattern[:-1] + "\\Z"
    return pattern


def compile_fast_check(schema: dict[str, Any]) -> Callable[[Any], bool]:
    """Compile ``schema`` into a function telling whether a document satisfies it.

    Parameters
    ----------
    schema : dict
        The item-bank schema (draft 2020-12) as loaded from the package.

    Returns
    -------
    callable
        ``check(document) -> bool``: True only when the document is valid; False sends it
        to the full check, which says why.

    Examples
    --------
    >>> check = compile_fast_check({"type": "object", "required": ["bank"]})
    >>> check({"bank": {}}), check({"schema_version": "1.0"})
    (True, False)
    """
    translated = copy.deepcopy(schema)
    translated["$schema"] = "http://json-schema.org/draft-07/schema#"
    _translate(translated)
    validate = fastjsonschema.compile(translated)

    def check(document: Any) -> bool:
        try:
            validate(document)
        except fastjsonschema.JsonSchemaException:
            return False
        except (TypeError, ValueError, RecursionError):  # odd values: the full check says why
            return False
        return True

    return check


def _translate(node: Any) -> None:
    if isinstance(node, dict):
        if "prefixItems" in node:
            node["items"] = node.pop("prefixItems")
            node["additionalItems"] = False
        if isinstance(node.get("pattern"), str):
            node["pattern"] = whole_text_pattern(node["pattern"])
        for child in node.values():
            _translate(child)
    elif isinstance(node, list):
        for child in node:
            _translate(child)
