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

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = [
    "AdaptiveTutorError",
    "BankDefaultsWarning",
    "BankProblem",
    "ConvergenceWarning",
    "IdentificationWarning",
    "ItemBankError",
    "ItemPoolExhaustedError",
    "NotFittedError",
    "ResponseDataError",
    "SessionStateError",
    "StaleStateError",
    "sort_problems",
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


@dataclass(frozen=True)
class BankProblem:
    """One problem found in an item bank, located as precisely as its source allows.

    Problems from a spreadsheet name the line a spreadsheet program shows (1-based, the
    header is line 1); problems from a JSON file or a mapping have no line. Tools can map a
    problem back to its cell with ``file``, ``row`` and ``field``; people read ``str()``,
    which follows the compiler convention ``file:line: item: field: message``.

    Parameters
    ----------
    file : str
        The file (or ``<dict>``, ``<DataFrame>``) the problem was found in; empty when the
        problem is not tied to a file (parameters built in memory).
    message : str
        What is wrong.
    row : int, optional
        The spreadsheet line (1-based, counting the header line), when the bank came from a
        table.
    item : str, optional
        The id of the item concerned.
    skill : str, optional
        The id of the skill concerned (for problems in the skills table).
    field : str, optional
        The field (column, or dotted JSON path such as ``irt.a``) concerned.
    fix : str, default ""
        What to do about it, when there is a clear remedy.

    Examples
    --------
    >>> problem = BankProblem("fractions.csv", "unknown skill id 'frac.unit_fractoins'",
    ...     row=22, item="fr-20", field="skills", fix="use one of the skills table's ids")
    >>> print(problem)
    fractions.csv:22: item 'fr-20': field 'skills': unknown skill id 'frac.unit_fractoins'; \
use one of the skills table's ids
    >>> print(BankProblem("bank.json", "must be > 0", item="q1", field="irt.a"))
    bank.json: item 'q1': field 'irt.a': must be > 0
    """

    file: str
    message: str
    row: int | None = None
    item: str | None = None
    skill: str | None = None
    field: str | None = None
    fix: str = ""

    @property
    def location(self) -> str:
        """``file:line: item: field`` (the parts that are known).

        Examples
        --------
        >>> BankProblem("items.csv", "empty", row=4, field="prompt").location
        "items.csv:4: field 'prompt'"
        """
        parts = []
        if self.file:
            parts.append(self.file if self.row is None else f"{self.file}:{self.row}")
        if self.item is not None:
            parts.append(f"item {self.item!r}")
        if self.skill is not None:
            parts.append(f"skill {self.skill!r}")
        if self.field is not None:
            parts.append(f"field {self.field!r}")
        return ": ".join(parts)

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}"
        return f"{text}; {self.fix}" if self.fix else text

    def to_dict(self) -> dict[str, str | int | None]:
        """Return the problem as a JSON-compatible mapping (for tools and logs).

        Returns
        -------
        dict
            ``file``, ``row``, ``item``, ``skill``, ``field``, ``message`` and ``fix`` (None
            where the problem does not have one).

        Examples
        --------
        >>> BankProblem("b.csv", "empty row", row=3, fix="delete it").to_dict()["row"]
        3
        """
        return {
            "file": self.file,
            "row": self.row,
            "item": self.item,
            "skill": self.skill,
            "field": self.field,
            "message": self.message,
            "fix": self.fix,
        }


def sort_problems(problems: Iterable[BankProblem]) -> list[BankProblem]:
    """Order problems for reading: per file, whole-file problems first, then by line.

    The sort is stable, so problems without a line keep the order they were found in.

    Parameters
    ----------
    problems : iterable of BankProblem
        The problems found.

    Returns
    -------
    list of BankProblem
        The same problems, in reading order.

    Examples
    --------
    >>> found = [BankProblem("a.csv", "x", row=9), BankProblem("a.csv", "y"),
    ...          BankProblem("a.csv", "z", row=3)]
    >>> [p.message for p in sort_problems(found)]
    ['y', 'z', 'x']
    """
    files: dict[str, int] = {}
    listed = list(problems)
    for problem in listed:
        files.setdefault(problem.file, len(files))
    return sorted(
        listed,
        key=lambda p: (files[p.file], p.row is not None, p.row if p.row is not None else 0),
    )


class ItemBankError(AdaptiveTutorError, ValueError):
    """An item bank (JSON file, spreadsheet, frame or parameters) is malformed or inconsistent.

    The message lists every problem found, each naming the source file (and the spreadsheet
    line), the item id and the field, so a bank author can fix them all in one pass.

    Parameters
    ----------
    message : str
        Human-readable summary.
    problems : sequence of BankProblem or str, optional
        One entry per problem found; ``message`` already includes them. Plain strings are
        kept as problems whose ``message`` is the string (and whose ``file`` is empty).

    Attributes
    ----------
    problems : list of BankProblem
        The problems, in reading order (see :func:`sort_problems` for tables).

    Examples
    --------
    >>> error = ItemBankError.from_problems(
    ...     "items.csv", [BankProblem("items.csv", "is empty", row=5, field="prompt")])
    >>> print(error)
    Item bank items.csv has 1 problem:
      - items.csv:5: field 'prompt': is empty
    >>> error.problems[0].row
    5
    """

    def __init__(self, message: str, problems: Sequence[BankProblem | str] | None = None) -> None:
        super().__init__(message)
        self.problems: list[BankProblem] = [
            problem if isinstance(problem, BankProblem) else BankProblem("", str(problem))
            for problem in problems or []
        ]

    @classmethod
    def from_problems(cls, source: str, problems: Sequence[BankProblem]) -> ItemBankError:
        """Build the error for a bank with these problems, listing each on its own line.

        Parameters
        ----------
        source : str
            The bank's source, named in the first line of the message.
        problems : sequence of BankProblem
            Every problem found (at least one), in reading order.

        Returns
        -------
        ItemBankError
            The error to raise.

        Examples
        --------
        >>> ItemBankError.from_problems("b.json", [BankProblem("b.json", "bad")]).problems[0].file
        'b.json'
        """
        count = len(problems)
        noun = "problem" if count == 1 else "problems"
        message = f"Item bank {source} has {count} {noun}:\n" + "\n".join(
            f"  - {problem}" for problem in problems
        )
        return cls(message, problems=problems)


class ResponseDataError(AdaptiveTutorError, ValueError):
    """Responses (a matrix, a long-format log or a single answer) are invalid.

    Examples
    --------
    It is a ``ValueError`` too, so code that catches those catches it:

    >>> from adaptive_tutor import ItemBank, LearnerState, tiny_bank_document
    >>> bank = ItemBank.from_dict(tiny_bank_document())
    >>> try:
    ...     LearnerState.start(bank).update(bank, "add-1", 3)  # add-1 is scored 0 or 1
    ... except ValueError as error:
    ...     print(type(error).__name__)
    ResponseDataError
    """


class NotFittedError(AdaptiveTutorError, ValueError, AttributeError):
    """An estimator was used before ``fit`` was called.

    Examples
    --------
    It is an ``AttributeError`` too, so ``getattr`` with a default and ``hasattr`` work
    on a model that is not fitted yet:

    >>> from adaptive_tutor.calibration import Calibrator
    >>> hasattr(Calibrator(), "item_params_")
    False
    """


class ItemPoolExhaustedError(AdaptiveTutorError, LookupError):
    """No eligible item is left to administer.

    Examples
    --------
    >>> from adaptive_tutor import ItemBank, LearnerState, tiny_bank_document
    >>> from adaptive_tutor.selection import Excluded, MaxInformation
    >>> bank = ItemBank.from_dict(tiny_bank_document())
    >>> every_item_excluded = MaxInformation(eligibility=Excluded(bank.item_ids))
    >>> try:
    ...     every_item_excluded.select(bank, LearnerState.start(bank), rng=0)
    ... except LookupError as error:  # an ItemPoolExhaustedError is a LookupError
    ...     print(type(error).__name__)
    ItemPoolExhaustedError
    """


class SessionStateError(AdaptiveTutorError, ValueError):
    """A session or learner state is used in a way its current state does not allow.

    Raised, for example, when recording after a session has stopped or when a saved state
    dict comes from another item bank or a newer format version.

    Examples
    --------
    >>> from adaptive_tutor import ItemBank, TutoringSession, tiny_bank_document
    >>> from adaptive_tutor.stopping import MaxItems
    >>> bank = ItemBank.from_dict(tiny_bank_document())
    >>> session = TutoringSession(bank, stopping_rule=MaxItems(1), seed=0)
    >>> session.record("count-1", 1)
    >>> session.next_item() is None  # the one item is done: the session stops
    True
    >>> try:
    ...     session.record("add-1", 1)
    ... except SessionStateError as error:
    ...     print("refused:", "stopped" in str(error))
    refused: True
    """


class StaleStateError(SessionStateError):
    """An answer was given against an older revision of the learner's state.

    Another request (a second tab, a retried or concurrent request) changed the state in
    between; nothing was recorded. A web app answers it with HTTP 409 and reloads.

    Examples
    --------
    >>> issubclass(StaleStateError, SessionStateError)
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


class BankDefaultsWarning(UserWarning):
    """A bank built from a table used defaults for fields the table and options did not give.

    The message lists each default (for example the bank id and title taken from the file
    name, the grade range from the items, skills named by their ids, licence
    "unspecified"). Pass the values as ``metadata=`` (or command-line options) to set them.

    Parameters
    ----------
    message : str
        The note, naming each default.
    defaults : sequence of str, default ()
        One entry per default used (``"licence 'unspecified'"``), for tools.

    Examples
    --------
    >>> note = BankDefaultsWarning("used defaults", defaults=["licence 'unspecified'"])
    >>> isinstance(note, UserWarning), note.defaults
    (True, ("licence 'unspecified'",))
    """

    def __init__(self, message: str, defaults: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.defaults: tuple[str, ...] = tuple(defaults)


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
