"""Objects documented as shareable across threads stay correct under concurrent use."""

from __future__ import annotations

import sys
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from adaptive_tutor import _bank_tables
from adaptive_tutor.irt import normal_grid
from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
from adaptive_tutor.selection import ExposureCounts


@pytest.fixture
def fast_switching():
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(interval)


def test_bank_table_cache_survives_many_banks_on_many_threads(fast_switching):
    # The reproducer: 40 banks x 8 threads, more banks than the cache holds, so every call
    # may evict while another thread reads or evicts (it raised KeyError without a lock).
    banks = [ItemBank.from_dict(tiny_bank_document()) for _ in range(40)]
    nodes = normal_grid().nodes

    def work(seed: int) -> int:
        rng = np.random.default_rng(seed)
        for position in rng.integers(0, len(banks), 400):
            bank = banks[int(position)]
            assert _bank_tables.tables_for(bank, nodes).bank is bank
        return seed

    with ThreadPoolExecutor(8) as pool:
        assert sorted(pool.map(work, range(8))) == list(range(8))
    assert len(_bank_tables._TABLES) <= _bank_tables.TABLE_LIMIT


def test_shared_exposure_counts_lose_no_update(fast_switching):
    bank = ItemBank.from_dict(tiny_bank_document())
    counts = ExposureCounts(bank)

    def work(_: int) -> None:
        for _ in range(500):
            counts.start_session()
            counts.record(bank, "add-1")

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(work, range(8)))
    assert counts.n_sessions == 4000
    assert counts.counts.tolist() == [0, 4000, 0]
