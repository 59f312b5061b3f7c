"""Exact arithmetic for the bank builder: key expressions and answer texts as fractions.

A key expression (the ``expr`` column of a source file, stored as an ``expr:`` tag) is a
Python-like arithmetic expression evaluated exactly with :class:`fractions.Fraction`:
``+ - * / // % **``, brackets, and the functions ``max``, ``min``, ``divmod`` (quotient and
remainder, written ``9 r 2`` in a key), ``roundto(value, unit)`` (round half up to a multiple
of ``unit``), ``ceil``, and ``gcd`` and ``lcm`` of whole numbers.
"""

from __future__ import annotations

import ast
import math
import operator
import re
from collections.abc import Callable
from fractions import Fraction
from typing import Any

Quantity = Fraction | tuple[Fraction, Fraction]

_BINOPS: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
    ast.Pow: operator.pow,
}


def _round_to(value: Fraction, unit: Fraction) -> Fraction:
    """Round half up to a multiple of ``unit`` (the school convention)."""
    return (value / unit + Fraction(1, 2)).__floor__() * unit


def _ceil(value: Fraction) -> Fraction:
    return Fraction(-((-value.numerator) // value.denominator))


def _whole(value: Fraction) -> int:
    if value.denominator != 1:
        raise TypeError(f"gcd and lcm take whole numbers, got {value}")
    return value.numerator


def _gcd(*values: Fraction) -> Fraction:
    return Fraction(math.gcd(*map(_whole, values)))


def _lcm(*values: Fraction) -> Fraction:
    return Fraction(math.lcm(*map(_whole, values)))


_FUNCS: dict[str, Callable[..., Any]] = {
    "max": max,
    "min": min,
    "divmod": divmod,
    "roundto": _round_to,
    "ceil": _ceil,
    "gcd": _gcd,
    "lcm": _lcm,
}


def evaluate(expr: str) -> Quantity:
    """Evaluate a key expression exactly.

    Raises
    ------
    ValueError
        If the expression uses anything but numbers, the operators and functions above.
    """

    def walk(node: ast.AST) -> Any:
        if isinstance(node, ast.Expression):
            return walk(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
            return Fraction(str(node.value))
        if isinstance(node, ast.BinOp) and type(node.op) in _BINOPS:
            return _BINOPS[type(node.op)](walk(node.left), walk(node.right))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -walk(node.operand)
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in _FUNCS
        ):
            return _FUNCS[node.func.id](*(walk(arg) for arg in node.args))
        raise ValueError(f"unsupported key expression {expr!r}")

    try:
        result = walk(ast.parse(expr, mode="eval"))
    except (SyntaxError, ZeroDivisionError, TypeError) as error:
        raise ValueError(f"cannot evaluate key expression {expr!r}: {error}") from None
    if isinstance(result, tuple):
        return (Fraction(result[0]), Fraction(result[1]))
    return Fraction(result)


def parse_quantity(text: str) -> Quantity | None:
    """Read '1,204', '0.75', '3/4', '2 3/4', '75%', '9 r 2' as exact values; else None."""
    t = text.strip().replace(",", "")
    if m := re.fullmatch(r"(\d+) r (\d+)", t):
        return (Fraction(int(m[1])), Fraction(int(m[2])))
    if m := re.fullmatch(r"(-?\d+(?:\.\d+)?)%", t):
        return Fraction(m[1]) / 100
    if m := re.fullmatch(r"(\d+) (\d+)/(\d+)", t):
        return int(m[1]) + Fraction(int(m[2]), int(m[3]))
    if m := re.fullmatch(r"(-?\d+)/(\d+)", t):
        return Fraction(int(m[1]), int(m[2]))
    if re.fullmatch(r"-?\d+(?:\.\d+)?", t):
        return Fraction(t)
    return None


def json_number(value: Fraction) -> int | float:
    """Exact JSON number for a terminating decimal.

    Raises
    ------
    ValueError
        For values such as 1/3 that have no exact short decimal form.
    """
    if value.denominator == 1:
        return int(value.numerator)
    as_float = float(value)
    if Fraction(repr(as_float)) != value:
        raise ValueError(f"{value} has no exact short decimal form")
    return as_float
