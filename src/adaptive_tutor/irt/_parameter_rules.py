"""The rules for valid IRT item parameters, in one pure function, and their error form.

:func:`find_parameter_problems` lists every problem in item-bank ``"irt"`` records; bank
loading and :class:`~adaptive_tutor.irt.ItemParams` both call it, so a bank file and
parameters built in code are held to the same rules.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple, cast

from adaptive_tutor._validation import is_finite_real, is_real
from adaptive_tutor.exceptions import BankProblem, ItemBankError

__all__ = [
    "DICHOTOMOUS",
    "FIXED_UNIT_SLOPE",
    "MAX_LOCATION",
    "MAX_SLOPE",
    "MODELS",
    "ParameterProblem",
    "check_D",
    "find_parameter_problems",
    "item_label",
    "raise_problems",
]

MAX_SLOPE = 20.0  # largest accepted D * a
MAX_LOCATION = 20.0  # largest accepted |b|, |threshold|, |step|

MODELS: tuple[str, ...] = ("1PL", "2PL", "3PL", "4PL", "GRM", "GPCM", "PCM")
"""Model names, in the order used by :attr:`ItemParams.model_code`."""

DICHOTOMOUS = frozenset({"1PL", "2PL", "3PL", "4PL"})
_PARAMETER_FIELDS = ("a", "b", "c", "d", "thresholds", "steps")
_METADATA_FIELDS = frozenset({"model", "se", "calibration"})
_FIELDS_USED: dict[str, frozenset[str]] = {
    "1PL": frozenset({"a", "b"}),
    "2PL": frozenset({"a", "b"}),
    "3PL": frozenset({"a", "b", "c"}),
    "4PL": frozenset({"a", "b", "c", "d"}),
    "GRM": frozenset({"a", "thresholds"}),
    "GPCM": frozenset({"a", "steps"}),
    "PCM": frozenset({"a", "steps"}),
}
FIXED_UNIT_SLOPE = frozenset({"1PL", "PCM"})


class ParameterProblem(NamedTuple):
    """One problem found in one item's parameters.

    Parameters
    ----------
    index : int
        Position of the item in the records passed to :func:`find_parameter_problems`.
    field : str
        The offending field (``"model"``, ``"a"``, ``"thresholds"``, ...).
    message : str
        What is wrong and what a valid value looks like.

    Examples
    --------
    >>> ParameterProblem(0, "a", "must be > 0").field
    'a'
    """

    index: int  # type: ignore[assignment]  # the agreed name shadows tuple.index
    field: str
    message: str


def _real_list(value: object) -> list[float] | None:
    if isinstance(value, str | bytes | Mapping):
        return None
    try:
        values = list(value)  # type: ignore[call-overload]
    except TypeError:
        return None
    if not all(is_real(item) for item in values):
        return None
    return [float(item) for item in values]


def _record_problems(index: int, record: Mapping[str, Any], D: float) -> list[ParameterProblem]:
    problems: list[ParameterProblem] = []
    location_rule = (
        f"must lie in [-{MAX_LOCATION:g}, {MAX_LOCATION:g}] (locations further out are not "
        "plausible on an ability scale and break the arithmetic)"
    )

    def add(field: str, message: str) -> None:
        problems.append(ParameterProblem(index, field, message))

    model = record.get("model")
    if model not in MODELS:
        add("model", f"must be one of {', '.join(MODELS)}; got {model!r}")
        return problems
    used = _FIELDS_USED[model]
    for field in record:
        if field in _METADATA_FIELDS:
            continue
        if field not in _PARAMETER_FIELDS:
            add(field, f"is not an IRT parameter (known fields: {', '.join(_PARAMETER_FIELDS)})")
        elif field not in used:
            add(field, f"is not used by the {model} model; remove it")
    if "a" in record:
        a = record["a"]
        if not is_finite_real(a) or float(a) <= 0:
            add("a", f"must be a finite number > 0; got {a!r}")
        elif model in FIXED_UNIT_SLOPE and float(a) != 1.0:
            add("a", f"must be 1 for the {model} model (or omitted); got {a!r}")
        elif D * float(a) > MAX_SLOPE:
            add(
                "a",
                f"must be at most {math.floor(MAX_SLOPE / D * 1e4) / 1e4:g} "
                f"(D * a <= {MAX_SLOPE:g} with D = {D:g}; "
                f"steeper items are implausible and make estimates unstable); got {a!r}",
            )
    if model in DICHOTOMOUS:
        if "b" not in record:
            add("b", f"is required by the {model} model")
        elif not is_finite_real(record["b"]):
            add("b", f"must be a finite number; got {record['b']!r}")
        elif abs(float(record["b"])) > MAX_LOCATION:
            add("b", f"{location_rule}; got {record['b']!r}")
        c_value = 0.0
        if "c" in record and "c" in used:
            c = record["c"]
            if not is_finite_real(c) or not 0.0 <= float(c) < 1.0:
                add("c", f"must be a number in [0, 1); got {c!r}")
            else:
                c_value = float(c)
        if "d" in record and "d" in used:
            d = record["d"]
            if not is_finite_real(d) or not c_value < float(d) <= 1.0:
                add("d", f"must be a number in (c, 1] with c = {c_value:g}; got {d!r}")
        return problems
    field = "thresholds" if model == "GRM" else "steps"
    if field not in record:
        add(field, f"is required by the {model} model (a list of at least one number)")
        return problems
    values = _real_list(record[field])
    if values is None or not values:
        add(field, f"must be a non-empty list of numbers; got {record[field]!r}")
    elif not all(math.isfinite(value) for value in values):
        add(field, f"must hold finite numbers only; got {record[field]!r}")
    elif any(abs(value) > MAX_LOCATION for value in values):
        add(field, f"{location_rule}; got {record[field]!r}")
    elif model == "GRM" and any(low >= high for low, high in itertools.pairwise(values)):
        add(field, f"must be strictly increasing; got {record[field]!r}")
    return problems


def find_parameter_problems(
    records: Sequence[Mapping[str, Any]], *, D: float = 1.0
) -> list[ParameterProblem]:
    """List every problem in a sequence of item-bank ``"irt"`` parameter records.

    This pure function is the single home of the rules for valid parameters: the model is
    known; ``a`` is finite and > 0 (and 1 for 1PL and PCM, if given); ``b`` is finite;
    ``c`` is in [0, 1) for 3PL/4PL; ``d`` is in (c, 1] for 4PL; GRM thresholds are finite
    and strictly increasing; GPCM/PCM steps are finite; each model uses only its own
    fields (``se`` and ``calibration`` metadata are ignored). Plausibility limits reject
    finite but absurd values that would later overflow: ``D * a <= 20`` and every
    location (``b``, thresholds, steps) in ``[-20, 20]``.

    Parameters
    ----------
    records : sequence of mapping
        Each in the item-bank JSON ``"irt"`` shape, e.g. ``{"model": "2PL", "a": 1.2,
        "b": -0.3}``.
    D : float, default=1.0
        Logistic scaling constant of the scale (the slope limit applies to ``D * a``).

    Returns
    -------
    list of ParameterProblem
        Empty when every record is valid.

    Examples
    --------
    >>> find_parameter_problems([{"model": "2PL", "a": 1.0, "b": 0.0}])
    []
    >>> find_parameter_problems([{"model": "2PL", "a": -1.0, "b": 0.0, "c": 0.2}])
    [ParameterProblem(index=0, field='c', message='is not used by the 2PL model; remove it'),
     ParameterProblem(index=0, field='a', message='must be a finite number > 0; got -1.0')]
    >>> find_parameter_problems([{"model": "2PL", "a": 1.0, "b": 1e308}])[0].message
    'must lie in [-20, 20] (locations further out are not plausible on an ability scale \
and break the arithmetic); got 1e+308'
    """
    problems: list[ParameterProblem] = []
    for index, record in enumerate(records):
        if not isinstance(cast(object, record), Mapping):
            problems.append(
                ParameterProblem(index, "irt", f"must be a mapping; got {type(record).__name__}")
            )
            continue
        problems.extend(_record_problems(index, record, D))
    return problems


def item_label(index: int, item_ids: Sequence[str] | None) -> str:
    if item_ids is not None:
        return f"item {item_ids[index]!r}"
    return f"item at index {index}"


def raise_problems(
    problems: list[ParameterProblem], item_ids: Sequence[str] | None, what: str
) -> None:
    if not problems:
        return
    found = [
        BankProblem(
            "",
            f"{problem.message}"
            + ("" if item_ids is not None else f" (the item at index {problem.index})"),
            item=item_ids[problem.index] if item_ids is not None else None,
            field=problem.field,
        )
        for problem in problems
    ]
    raise ItemBankError(
        f"Invalid {what} ({len(found)} problem(s)):\n  " + "\n  ".join(map(str, found)),
        problems=found,
    )


def check_D(D: object) -> float:
    if not is_finite_real(D) or float(D) <= 0:
        raise ItemBankError(
            f"The 'D' parameter of ItemParams must be a finite number > 0. Got {D!r}."
        )
    return float(D)
