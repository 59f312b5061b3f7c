"""The items a learner has answered, in order, with scores and times (immutable arrays)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from adaptive_tutor.item_bank import ItemBank

__all__ = ["ResponseHistory"]

FloatArray = NDArray[np.float64]
IndexArray = NDArray[np.intp]


@dataclass(frozen=True, eq=False)
class ResponseHistory:
    """The items a learner has answered, in order (immutable arrays).

    Parameters
    ----------
    item_index : ndarray of int, shape (n,)
        Bank positions of the administered items.
    response : ndarray of float, shape (n,)
        Category scores (0 .. n_categories - 1).
    timestamp : ndarray of float, shape (n,)
        Seconds (e.g. since the epoch) when each answer was given; NaN when unknown.
    response_time : ndarray of float, shape (n,)
        Seconds the learner spent on each item; NaN when unknown.

    Examples
    --------
    >>> ResponseHistory.empty().n_responses
    0
    """

    item_index: IndexArray
    response: FloatArray
    timestamp: FloatArray
    response_time: FloatArray

    @classmethod
    def empty(cls) -> ResponseHistory:
        """Return a history with no responses.

        Examples
        --------
        >>> len(ResponseHistory.empty().item_index)
        0
        """
        return cls(np.empty(0, np.intp), np.empty(0), np.empty(0), np.empty(0))

    @classmethod
    def from_arrays(
        cls,
        item_index: Sequence[int] | IndexArray,
        response: Sequence[float] | FloatArray,
        timestamp: Sequence[float] | FloatArray | None = None,
        response_time: Sequence[float] | FloatArray | None = None,
    ) -> ResponseHistory:
        """Build a history from parallel sequences (trusted: positions must be valid).

        Parameters
        ----------
        item_index : sequence of int
            Bank positions of the answered items.
        response : sequence of float
            Their category scores.
        timestamp, response_time : sequence of float, optional
            When each answer was given and how long it took, in seconds (NaN when unknown).

        Returns
        -------
        ResponseHistory
            The history, in the order given.

        Examples
        --------
        >>> ResponseHistory.from_arrays([0, 2], [1, 0]).response.tolist()
        [1.0, 0.0]
        """
        index = np.asarray(item_index, dtype=np.intp).reshape(-1)
        n = index.shape[0]

        def column(values: Sequence[float] | FloatArray | None) -> FloatArray:
            if values is None:
                return np.full(n, np.nan)
            return np.asarray(values, dtype=np.float64).reshape(-1)

        return cls(index, column(response), column(timestamp), column(response_time))

    @classmethod
    def from_records(cls, bank: ItemBank, records: Iterable[tuple[str, float]]) -> ResponseHistory:
        """Build a history from ``(item_id, score)`` pairs; unknown ids raise.

        Parameters
        ----------
        bank : ItemBank
            The bank of the items.
        records : iterable of (str, float)
            Item id and score of each answer, in order.

        Returns
        -------
        ResponseHistory
            The history, in the order given.

        Raises
        ------
        ResponseDataError
            If an item id is not in the bank.

        Examples
        --------
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> ResponseHistory.from_records(bank, [("add-1", 0)]).item_index.tolist()
        [1]
        """
        pairs = list(records)
        index = bank.indices_of([item_id for item_id, _ in pairs])
        return cls.from_arrays(index, [float(score) for _, score in pairs])

    @property
    def n_responses(self) -> int:
        """Number of responses recorded.

        Examples
        --------
        >>> ResponseHistory.from_arrays([1, 2, 1], [0, 1, 1]).n_responses
        3
        """
        return int(self.item_index.shape[0])

    def item_ids(self, bank: ItemBank) -> tuple[str, ...]:
        """Return the administered item ids, in order.

        Parameters
        ----------
        bank : ItemBank
            The bank the positions refer to.

        Returns
        -------
        tuple of str
            The item ids, in answer order.

        Examples
        --------
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> ResponseHistory.from_arrays([2], [1]).item_ids(bank)
        ('story-1',)
        """
        ids = bank.item_ids
        return tuple(ids[i] for i in self.item_index)
