"""The bank in bank order: ids and positions, and the arrays the numeric engine reads.

Mixed into :class:`~adaptive_tutor.item_bank.ItemBank`. Every array here follows bank order
(the order of :attr:`~BankArrays.item_ids`) in its rows and the document order of the skills
(:attr:`~BankArrays.skill_ids`) in its columns; arrays are computed once, on first use, and
are read-only.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

from adaptive_tutor._validation import name_some
from adaptive_tutor.exceptions import ResponseDataError
from adaptive_tutor.irt import ItemParams
from adaptive_tutor.item import BankMetadata, Item, Skill


class BankArrays:
    """Positions, IRT parameters, skill and enemy matrices and benchmarks of a bank.

    Examples
    --------
    >>> from adaptive_tutor import ItemBank, tiny_bank_document
    >>> bank = ItemBank.from_dict(tiny_bank_document())
    >>> rows = bank.indices_of(["story-1", "count-1"])
    >>> rows.tolist(), [bank.params.models[row] for row in rows]
    ([2, 0], ['GRM', '3PL'])
    >>> bank.skill_ids, bank.skill_matrix[rows].astype(int).tolist()
    (('count', 'add'), [[0, 1], [1, 0]])
    """

    _metadata: BankMetadata
    _skills: tuple[Skill, ...]
    _items: tuple[Item, ...]
    _index: dict[str, int]

    @cached_property
    def item_ids(self) -> tuple[str, ...]:
        """Item ids in bank order."""
        return tuple(item.id for item in self._items)

    @cached_property
    def skill_ids(self) -> tuple[str, ...]:
        """Skill ids in document order (the column order of :attr:`skill_matrix`)."""
        return tuple(skill.id for skill in self._skills)

    def _skill_position(self, skill_id: str) -> int:
        position = self._skill_index.get(skill_id)
        if position is None:
            raise ResponseDataError(
                f"Unknown skill id {skill_id!r}: bank {self._metadata.id!r} has skills "
                f"{list(self.skill_ids)}."
            )
        return position

    @cached_property
    def _skill_index(self) -> dict[str, int]:
        return {skill_id: position for position, skill_id in enumerate(self.skill_ids)}

    def index_of(self, item_id: str) -> int:
        """Return the position of an item in bank order.

        Parameters
        ----------
        item_id : str
            An item of the bank.

        Returns
        -------
        int
            Its row in every array of the bank.

        Raises
        ------
        ResponseDataError
            If the bank has no item with this id.

        Examples
        --------
        >>> from adaptive_tutor import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> bank.index_of("add-1")
        1
        >>> bank.index_of("add-9")
        Traceback (most recent call last):
        ...
        adaptive_tutor.exceptions.ResponseDataError: Unknown item id 'add-9': it is not in \
item bank 'tiny'.
        """
        position = self._index.get(item_id)
        if position is None:
            raise ResponseDataError(
                f"Unknown item id {item_id!r}: it is not in item bank {self._metadata.id!r}."
            )
        return position

    def indices_of(self, item_ids: Iterable[str]) -> NDArray[np.intp]:
        """Return the positions of many items; every unknown id is named in one error.

        Parameters
        ----------
        item_ids : iterable of str
            Items of the bank, in any order.

        Returns
        -------
        ndarray of intp
            Their rows, in the order given.

        Raises
        ------
        ResponseDataError
            Naming the ids the bank does not have (the first 20).
        """
        ids = list(item_ids)
        try:  # one pass in C when every id is known (the usual case)
            return np.fromiter(map(self._index.__getitem__, ids), dtype=np.intp, count=len(ids))
        except (KeyError, TypeError):
            pass
        unknown = sorted({i for i in ids if i not in self._index}, key=str)
        raise ResponseDataError(
            f"Unknown item ids {name_some(unknown, limit=20)}: "
            f"not in item bank {self._metadata.id!r}."
        )

    @cached_property
    def _enemy_map(self) -> dict[str, frozenset[str]]:
        pairs: dict[str, set[str]] = {}
        for item in self._items:
            for enemy in item.enemies:
                pairs.setdefault(item.id, set()).add(enemy)
                pairs.setdefault(enemy, set()).add(item.id)
        return {key: frozenset(value) for key, value in pairs.items()}

    @cached_property
    def enemy_matrix(self) -> NDArray[np.bool_]:
        """Symmetric boolean (n_items, n_items) matrix of enemy pairs.

        Examples
        --------
        >>> from adaptive_tutor import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> bank.enemies_of("story-1")
        frozenset({'add-1'})
        >>> bank.enemy_matrix.astype(int).tolist()
        [[0, 0, 0], [0, 0, 1], [0, 1, 0]]
        """
        matrix = np.zeros((len(self._items), len(self._items)), dtype=bool)
        for item_id, enemies in self._enemy_map.items():
            matrix[self._index[item_id], [self._index[e] for e in enemies]] = True
        matrix.flags.writeable = False
        return matrix

    # ----------------------------------------------------------------- arrays
    @cached_property
    def params(self) -> ItemParams:
        """The IRT parameters of all items as vectorised arrays, in bank order."""
        records = [item.irt.parameter_record() for item in self._items]
        return ItemParams.from_records(records, D=self.scale_D, item_ids=self.item_ids)

    @property
    def scale_D(self) -> float:
        """The logistic scaling constant D of the bank (1.0 unless the bank says 1.702)."""
        scale = self._metadata.scale or {}
        return float(scale.get("D", 1.0))

    @cached_property
    def skill_matrix(self) -> NDArray[np.bool_]:
        """Boolean (n_items, n_skills) matrix: does item i practise skill j.

        Columns follow :attr:`skill_ids`.
        """
        matrix = np.zeros((len(self._items), len(self._skills)), dtype=bool)
        for row, item in enumerate(self._items):
            matrix[row, [self._skill_index[s] for s in item.skills]] = True
        matrix.flags.writeable = False
        return matrix

    @cached_property
    def item_grades(self) -> NDArray[np.int64]:
        """Grade of each item, in bank order."""
        grades = np.array([item.grade for item in self._items], dtype=np.int64)
        grades.flags.writeable = False
        return grades

    @cached_property
    def skill_benchmarks(self) -> NDArray[np.float64]:
        """Grade-level ability benchmark of each skill, in :attr:`skill_ids` order (read-only).

        The mean location ``b`` of the skill's items at the skill's grade (of all its items
        when none is at that grade; 0 for a skill without items): a learner at the
        benchmark is expected to succeed on about half of a typical grade-level item of the
        skill. Mastery classifiers (``cut="grade"``) and the learner and class reports judge
        mastery against these values.

        Examples
        --------
        >>> from adaptive_tutor import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> bank.skill_benchmarks.round(3).tolist()
        [-1.5, -0.5]
        """
        skills = self.skill_matrix
        b = np.asarray(self.params.b, dtype=np.float64)
        skill_grades = np.array([skill.grade for skill in self._skills], dtype=np.int64)
        at_grade = skills & (self.item_grades[:, None] == skill_grades[None, :])
        use = np.where(at_grade.any(axis=0)[None, :], at_grade, skills).astype(np.float64)
        counts = use.sum(axis=0)
        benchmarks: NDArray[np.float64] = np.divide(
            b @ use, counts, out=np.zeros(counts.shape[0]), where=counts > 0
        )
        benchmarks.flags.writeable = False
        return benchmarks
