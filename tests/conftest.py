"""Fixtures shared by the test modules (helpers that build banks and logs live beside them:
``session_helpers``, ``reports_fixtures``, ``calibration_sim``)."""

from __future__ import annotations

import pytest

from adaptive_tutor.examples import tiny_bank_document
from adaptive_tutor.item_bank import ItemBank
from adaptive_tutor.shipped_banks import load_shipped_bank


@pytest.fixture(scope="session")
def tiny_bank() -> ItemBank:
    """The three-item demonstration bank of the docstrings (banks are immutable: shared)."""
    return ItemBank.from_dict(tiny_bank_document())


@pytest.fixture(scope="session")
def arithmetic_bank() -> ItemBank:
    """The shipped arithmetic bank."""
    return load_shipped_bank("arithmetic")
