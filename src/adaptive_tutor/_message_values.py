"""How a value from outside is shown in an error message: plain Python, and short.

Messages format values with ``repr``. Values from outside (a saved state, a request, a
table) may be numpy scalars, megabytes long or nested thousands deep; :func:`plain`
turns them into what a person reads, abbreviating anything large so a message never
copies megabytes or recurses without bound.
"""

from __future__ import annotations

import reprlib
from collections.abc import Mapping
from typing import Any

import numpy as np

__all__ = ["plain"]


def plain(value: Any) -> Any:
    """``value`` with numpy scalars and arrays (also inside lists and tuples) made Python.

    Messages format values with ``repr``; this keeps numpy's ``np.float64(2.0)`` out of
    them. A large, deeply nested or very long value (untrusted input: a saved state, a
    request) comes back as a short stand-in whose ``repr`` is abbreviated, so a message
    never copies megabytes or recurses without bound.

    Examples
    --------
    >>> import numpy as np
    >>> repr(plain(np.float64(2.0))), plain((np.int64(1), "a")), plain(np.array([1, 2]))
    ('2.0', (1, 'a'), [1, 2])
    >>> repr(plain(list(range(10_000))))
    '[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, ...]'
    """
    try:
        return _plain(value, [_PLAIN_BUDGET], 0)
    except _TooLarge:
        return _Abbreviated(_SHORT.repr(value))


_PLAIN_BUDGET = 200  # values shown in full in a message
_PLAIN_DEPTH = 4


class _TooLarge(Exception):
    """A value too large or too deep to show in full."""


class _Abbreviated:
    """Stands for a value in a message: its ``repr`` is the abbreviated text."""

    __slots__ = ("_text",)

    def __init__(self, text: str) -> None:
        self._text = text

    def __repr__(self) -> str:
        return self._text


class _ShortRepr(reprlib.Repr):
    """``reprlib`` limits (3 levels, 10 entries, 80 characters), numpy made plain."""

    def __init__(self) -> None:
        super().__init__()
        self.maxlevel = 3
        self.maxlist = self.maxtuple = self.maxdict = self.maxset = self.maxfrozenset = 10
        self.maxstring = self.maxother = self.maxlong = 80

    def repr1(self, x: Any, level: int) -> str:
        if isinstance(x, np.generic):
            x = x.item()
        elif isinstance(x, np.ndarray):
            x = x.ravel()[: self.maxlist + 1].tolist()
        if isinstance(x, int) and not isinstance(x, bool) and x.bit_length() > 640:
            return f"<an int of {x.bit_length()} bits>"
        return super().repr1(x, level)


_SHORT = _ShortRepr()


def _plain(value: Any, budget: list[int], depth: int) -> Any:
    budget[0] -= 1
    if budget[0] < 0 or depth > _PLAIN_DEPTH:
        raise _TooLarge
    if isinstance(value, np.ndarray):
        if value.size > budget[0]:
            raise _TooLarge
        value = value.tolist()
    elif isinstance(value, np.generic):
        return value.item()
    if type(value) in (list, tuple):
        if len(value) > budget[0]:
            raise _TooLarge
        return type(value)(_plain(item, budget, depth + 1) for item in value)
    if isinstance(value, str | bytes) and len(value) > 2 * _PLAIN_BUDGET:
        raise _TooLarge
    if isinstance(value, Mapping | set | frozenset):  # checked, shown as they are
        if len(value) > budget[0]:
            raise _TooLarge
        for entry in value.items() if isinstance(value, Mapping) else value:
            _plain(entry, budget, depth + 1)
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 640:
        raise _TooLarge
    return value
