"""Exposure counts: how often each item of a bank was given, over how many sessions.

The tally exposure control reads (:class:`~adaptive_tutor.selection.MaxExposureRate`,
:func:`~adaptive_tutor.selection.sympson_hetter_parameters`); the caller owns it and passes
it to sessions, which update it. Nothing is stored in the bank.
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np
from numpy.typing import NDArray

from adaptive_tutor.exceptions import SessionStateError
from adaptive_tutor.item_bank import ItemBank

FloatArray = NDArray[np.float64]


class ExposureCounts:
    """How often each item of a bank was given, over how many sessions (mutable tally).

    Share one instance across the sessions of a population; call :meth:`start_session`
    when a session starts and :meth:`record` for each administered item (the
    :class:`~adaptive_tutor.session.TutoringSession` does both when given the counts).

    Parameters
    ----------
    bank : ItemBank
        The bank whose items are counted (the counts remember its fingerprint).

    Examples
    --------
    >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
    >>> bank = ItemBank.from_dict(tiny_bank_document())
    >>> counts = ExposureCounts(bank)
    >>> counts.start_session(); counts.record(bank, "add-1")
    >>> counts.rates().tolist()
    [0.0, 1.0, 0.0]
    """

    def __init__(self, bank: ItemBank) -> None:
        self.bank_fingerprint = bank.fingerprint
        self.counts = np.zeros(len(bank), dtype=np.int64)
        self.n_sessions = 0
        self._lock = threading.Lock()  # sessions on several threads may share one tally

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        del state["_lock"]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._lock = threading.Lock()

    def start_session(self) -> None:
        """Count one more session.

        Examples
        --------
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> counts = ExposureCounts(ItemBank.from_dict(tiny_bank_document()))
        >>> counts.start_session(); counts.n_sessions
        1
        """
        with self._lock:
            self.n_sessions += 1

    def record(self, bank: ItemBank, item_id: str) -> None:
        """Count one administration of ``item_id``.

        Parameters
        ----------
        bank : ItemBank
            The bank of the counts.
        item_id : str
            The item given.

        Examples
        --------
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> counts = ExposureCounts(bank); counts.record(bank, "count-1")
        >>> int(counts.counts[0])
        1
        """
        self.check_bank(bank)
        position = bank.index_of(item_id)
        with self._lock:
            self.counts[position] += 1

    def rates(self) -> FloatArray:
        """Share of sessions in which each item was given.

        Returns
        -------
        ndarray of float
            One rate per bank item, in bank order (0 before any session).

        Examples
        --------
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> ExposureCounts(ItemBank.from_dict(tiny_bank_document())).rates().tolist()
        [0.0, 0.0, 0.0]
        """
        with self._lock:
            return np.asarray(self.counts / max(self.n_sessions, 1), dtype=np.float64)

    def check_bank(self, bank: ItemBank) -> None:
        """Check that these counts belong to this bank.

        Parameters
        ----------
        bank : ItemBank
            The bank the counts are about to be used with.

        Raises
        ------
        SessionStateError
            If the counts were made for another bank (or another version of it): their
            bank fingerprint differs.

        Examples
        --------
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> ExposureCounts(bank).check_bank(bank)
        """
        if bank.fingerprint != self.bank_fingerprint:
            raise SessionStateError(
                f"These exposure counts belong to the bank with fingerprint "
                f"{self.bank_fingerprint!r}, not to bank {bank.metadata.id!r} "
                f"({bank.fingerprint!r})."
            )

    def __repr__(self) -> str:
        return f"ExposureCounts(n_items={self.counts.shape[0]}, n_sessions={self.n_sessions})"
