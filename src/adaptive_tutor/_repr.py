"""One ``repr`` for the strategy objects (rules, filters, selectors): their public settings."""

from __future__ import annotations

__all__ = ["settings_repr"]


def settings_repr(obj: object) -> str:
    """``ClassName(setting=value, ...)`` from the public attributes of ``obj``.

    Examples
    --------
    >>> class Rule:
    ...     def __init__(self) -> None:
    ...         self.max_items, self._cache = 5, {}
    >>> settings_repr(Rule())
    'Rule(max_items=5)'
    """
    fields = ", ".join(f"{k}={v!r}" for k, v in vars(obj).items() if not k.startswith("_"))
    return f"{type(obj).__name__}({fields})"
