"""Per-bank arrays on one ability grid (information, category probabilities, ...), cached.

Computed lazily once per bank and grid and shared by every session, selector and thread;
:func:`tables_for` is the one way to get them.
"""

from __future__ import annotations

import threading
import weakref
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

from adaptive_tutor.irt import item_information
from adaptive_tutor.irt.mixed import _category_log_prob
from adaptive_tutor.item_bank import ItemBank

__all__ = ["TABLE_LIMIT", "BankTables", "tables_for"]

FloatArray = NDArray[np.float64]
IndexArray = NDArray[np.intp]


class BankTables:
    """Per-bank arrays on one ability grid, computed lazily once and cached.

    Items are grouped by their primary (first) skill so that per-skill posterior weighting
    is one contiguous matrix-vector product per skill.
    """

    def __init__(self, bank: ItemBank, nodes: FloatArray) -> None:
        self.bank = bank
        self.nodes = nodes
        skill_position = {skill_id: s for s, skill_id in enumerate(bank.skill_ids)}
        primary = np.fromiter(
            (skill_position[item.skills[0]] for item in bank.items), dtype=np.intp, count=len(bank)
        )
        self.primary_skill = primary
        self.order = np.argsort(primary, kind="stable")
        self.inverse = np.empty_like(self.order)
        self.inverse[self.order] = np.arange(len(bank))
        counts = np.bincount(primary, minlength=len(bank.skill_ids))
        ends = np.cumsum(counts)
        self.blocks = [
            (s, int(ends[s] - counts[s]), int(ends[s])) for s in range(len(counts)) if counts[s]
        ]
        self.sorted_params = bank.params.take(self.order)

    # Tables are stored grid-major, (n_grid, n_items) with items in skill-sorted order, so
    # that weighting by a posterior is a single-threaded einsum over contiguous rows (a
    # multithreaded BLAS matrix-vector product is slower on a busy machine) and
    # interpolation reads two contiguous rows.
    @cached_property
    def information(self) -> FloatArray:
        """Fisher information, (n_grid, n_items), items skill-sorted."""
        return np.ascontiguousarray(item_information(self.sorted_params, self.nodes).T)

    @cached_property
    def _log_prob(self) -> FloatArray:
        return _category_log_prob(self.sorted_params, self.nodes)

    @cached_property
    def category_prob(self) -> FloatArray:
        """Category probabilities, (K, n_grid, n_items), items skill-sorted."""
        return np.ascontiguousarray(np.transpose(np.exp(self._log_prob), (2, 1, 0)))

    @cached_property
    def finite_log_prob(self) -> FloatArray:
        """Log category probabilities (0 for absent categories), (K, n_grid, n_items)."""
        log_p = self._log_prob
        finite = np.where(np.isfinite(log_p), log_p, 0.0)
        return np.ascontiguousarray(np.transpose(finite, (2, 1, 0)))

    @cached_property
    def answer_curves(self) -> FloatArray:
        """``finite_log_prob`` item-major, (K, n_items, n_grid): an answer's curve is a row."""
        return np.ascontiguousarray(np.transpose(self.finite_log_prob, (0, 2, 1)))

    @cached_property
    def success(self) -> FloatArray:
        """Expected score as a share of the maximum score, (n_grid, n_items)."""
        prob = self.category_prob
        categories = np.arange(prob.shape[0], dtype=np.float64)
        expected = np.tensordot(categories, prob, axes=(0, 0))
        max_score = (self.sorted_params.n_categories - 1).astype(np.float64)
        return np.ascontiguousarray(expected / max_score[None, :])

    @cached_property
    def matching_location(self) -> FloatArray:
        """Ability at which each item is most informative (Urry's b, 3PL-corrected)."""
        params = self.bank.params
        c = params.c
        shift = np.log((1.0 + np.sqrt(1.0 + 8.0 * c)) / 2.0) / (params.D * params.a)
        return np.asarray(params.b + shift)

    @cached_property
    def enemy_index(self) -> dict[int, IndexArray]:
        """Bank positions of each item's enemies (only items that have any)."""
        bank = self.bank
        result: dict[int, IndexArray] = {}
        for position, item_id in enumerate(bank.item_ids):
            enemies = bank.enemies_of(item_id)
            if enemies:
                result[position] = bank.indices_of(sorted(enemies))
        return result

    @cached_property
    def prerequisite_matrix(self) -> NDArray[np.bool_]:
        """(n_skills, n_skills) bool: row skill requires column skill (directly)."""
        ids = self.bank.skill_ids
        position = {skill_id: s for s, skill_id in enumerate(ids)}
        matrix = np.zeros((len(ids), len(ids)), dtype=bool)
        for s, skill in enumerate(self.bank.skills):
            for prerequisite in skill.prerequisites:
                matrix[s, position[prerequisite]] = True
        return matrix

    # ----------------------------------------------------------------- weighting
    def weighted(self, table: FloatArray, weights: FloatArray, rows: int | None) -> FloatArray:
        """``sum_g table[g, i] * weights[row(i), g]`` in bank order.

        ``rows`` None weights each item by its primary skill's row; an int uses that row
        (the overall scale) for every item. Grid points where the weights are negligible
        (below 1e-14 of their maximum) are skipped.
        """
        if rows is not None:
            return _weigh(table, weights[rows], slice(None))[self.inverse]
        out = np.empty(table.shape[1])
        for skill, start, end in self.blocks:
            out[start:end] = _weigh(table, weights[skill], slice(start, end))
        return out[self.inverse]

    def at_points(self, table: FloatArray, theta: FloatArray, rows: int | None) -> FloatArray:
        """Linear interpolation of ``table`` at each item's ability (bank order)."""
        nodes = self.nodes
        position = np.clip(np.searchsorted(nodes, theta) - 1, 0, nodes.shape[0] - 2)
        low = nodes[position]
        fraction = np.clip((theta - low) / (nodes[position + 1] - low), 0.0, 1.0)
        if rows is not None:
            g, f = position[rows], fraction[rows]
            values = table[g] * (1.0 - f) + table[g + 1] * f
            return np.asarray(values[self.inverse])
        out = np.empty(table.shape[1])
        for skill, start, end in self.blocks:
            g, f = position[skill], fraction[skill]
            out[start:end] = table[g, start:end] * (1.0 - f) + table[g + 1, start:end] * f
        return out[self.inverse]


def _weigh(table: FloatArray, weights: FloatArray, columns: slice) -> FloatArray:
    support = np.flatnonzero(weights > weights.max() * 1e-14)
    low, high = int(support[0]), int(support[-1]) + 1
    return np.asarray(np.einsum("g,gi->i", weights[low:high], table[low:high, columns]))


# Tables of the banks in use, shared by every session, selector and thread. Every read and
# write holds the lock: eviction and the weakref finalizer of a collected bank mutate the
# dict from whichever thread triggers them. The lock is re-entrant and evicted tables are
# released only after it, because releasing them may collect a bank and run its finalizer
# on this very thread. A table's arrays are computed lazily and only read afterwards, so
# two threads may at worst compute the same table twice.
_TABLES: dict[tuple[int, bytes], BankTables] = {}
TABLE_LIMIT = 16
_TABLES_LOCK = threading.RLock()


def tables_for(bank: ItemBank, nodes: FloatArray) -> BankTables:
    """The tables of ``bank`` on ``nodes``, from the cache or computed (and cached)."""
    key = (id(bank), np.ascontiguousarray(nodes, dtype=np.float64).tobytes())
    evicted: list[BankTables] = []
    with _TABLES_LOCK:
        tables = _TABLES.get(key)
        if tables is not None and tables.bank is bank:
            return tables
        while len(_TABLES) >= TABLE_LIMIT:
            evicted.append(_TABLES.pop(next(iter(_TABLES))))
        tables = BankTables(bank, np.asarray(nodes, dtype=np.float64))
        _TABLES[key] = tables
    evicted.clear()
    weakref.finalize(bank, _forget_tables, key)
    return tables


def _forget_tables(key: tuple[int, bytes]) -> None:
    """Drop the tables of a collected bank (runs before its id can be reused)."""
    with _TABLES_LOCK:
        _TABLES.pop(key, None)
