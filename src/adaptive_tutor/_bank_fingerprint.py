"""The fingerprint of an item bank: a hash of everything that shapes estimates and selection.

Saved learner states and session states carry it, so a state is never applied to another
bank, nor to the same bank after a change that would change what its answers mean: an
item's parameters, skills, grade, enemies or typical time, a skill's grade or
prerequisites, the order of items and skills, the scale's D. Wording, answer keys and
translations are left out: answers are saved already scored.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence

from adaptive_tutor.item import Item, Skill

__all__ = ["bank_fingerprint"]

_VERSION = "fingerprint-2"  # version 1 covered the bank id, item ids and parameters only


def bank_fingerprint(
    bank_id: str, scale_d: float, skills: Sequence[Skill], items: Sequence[Item]
) -> str:
    """16 hex digits of SHA-256 over the canonical JSON of what shapes estimates.

    Examples
    --------
    >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
    >>> bank = ItemBank.from_dict(tiny_bank_document())
    >>> bank_fingerprint("tiny", 1.0, bank.skills, bank.items) == bank.fingerprint
    True
    """
    item_records = [
        [
            item.id,
            _numbers_as_floats(item.irt.parameter_record()),
            list(item.skills),
            item.grade,
            list(item.enemies),
            _numbers_as_floats(item.estimated_minutes),
        ]
        for item in items
    ]
    skill_records = [[skill.id, skill.grade, list(skill.prerequisites)] for skill in skills]
    payload = json.dumps(
        [_VERSION, bank_id, float(scale_d), item_records, skill_records],
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def _numbers_as_floats(value: object) -> object:
    """``value`` with every int or float written as a float, so ``1`` and ``1.0`` hash alike.

    A bank read from a spreadsheet holds ``a = 1`` where the same bank from JSON holds
    ``1.0``; both mean the same item, so both must give the same fingerprint.
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, dict):
        return {key: _numbers_as_floats(entry) for key, entry in value.items()}
    if isinstance(value, list | tuple):
        return [_numbers_as_floats(entry) for entry in value]
    return value
