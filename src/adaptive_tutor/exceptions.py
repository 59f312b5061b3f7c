"""Exceptions and warnings raised by adaptive_tutor.

Every error the library raises on bad input derives from :class:`AdaptiveTutorError`, and
each also derives from the matching built-in (``ValueError``, ``LookupError``) so callers
that already catch those keep working.

Examples
--------
>>> from adaptive_tutor.exceptions import AdaptiveTutorError, ItemBankError
>>> issubclass(ItemBankError, ValueError) and issubclass(ItemBankError, AdaptiveTutorError)
True
"""

from __future__ import annotations

__all__ = [
    "AdaptiveTutorError",
    "ConvergenceWarning",
    "IdentificationWarning",
    "ItemBankError",
    "ItemPoolExhaustedError",
    "NotFittedError",
    "ResponseDataError",
    "SessionStateError",
]


class AdaptiveTutorError(Exception):
    """Base class of every error raised by adaptive_tutor.

    Examples
    --------
    >>> try:
    ...     raise AdaptiveTutorError("something went wrong")
    ... except AdaptiveTutorError as error:
    ...     str(error)
    'something went wrong'
    """


class ItemBankError(AdaptiveTutorError, ValueError):
    """An item bank (JSON file, frame or parameters) is malformed or inconsistent.

    The message lists every problem found, each naming the source file, the item id and
    the field, so a bank author can fix them all in one pass.

    Parameters
    ----------
    message : str
        Human-readable summary.
    problems : list of str, optional
        One entry per problem found; ``message`` already includes them.

    Examples
    --------
    >>> error = ItemBankError("bad bank", problems=["item 'x': field 'a' must be > 0"])
    >>> error.problems
    ["item 'x': field 'a' must be > 0"]
    """

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems: list[str] = list(problems or [])


class ResponseDataError(AdaptiveTutorError, ValueError):
    """Responses (a matrix, a long-format log or a single answer) are invalid.

    Examples
    --------
    >>> isinstance(ResponseDataError("response 3 is outside 0..1"), ValueError)
    True
    """


class NotFittedError(AdaptiveTutorError, ValueError, AttributeError):
    """An estimator was used before ``fit`` was called.

    Examples
    --------
    >>> isinstance(NotFittedError("call fit first"), AttributeError)
    True
    """


class ItemPoolExhaustedError(AdaptiveTutorError, LookupError):
    """No eligible item is left to administer.

    Examples
    --------
    >>> isinstance(ItemPoolExhaustedError("no item left"), LookupError)
    True
    """


class SessionStateError(AdaptiveTutorError, ValueError):
    """A session or learner state is used in a way its current state does not allow.

    Raised, for example, when recording after a session has stopped or when a saved state
    dict comes from another item bank or a newer format version.

    Examples
    --------
    >>> isinstance(SessionStateError("session already stopped"), ValueError)
    True
    """


class ConvergenceWarning(UserWarning):
    """An iterative fit stopped before meeting its tolerance.

    Examples
    --------
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     warnings.warn("EM did not converge", ConvergenceWarning, stacklevel=1)
    >>> caught[0].category.__name__
    'ConvergenceWarning'
    """


class IdentificationWarning(UserWarning):
    """Some parameters are not identified by the data (a singular information matrix).

    Issued, for example, when a calibration design has too few items for its model (one
    2PL item, two 2PL items without anchors) or when an item's parameters cannot be told
    apart; the affected standard errors are reported as NaN. Add items or anchors, use a
    simpler model, or use priors.

    Examples
    --------
    >>> issubclass(IdentificationWarning, UserWarning)
    True
    """
