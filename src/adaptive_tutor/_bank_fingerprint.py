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
            item.irt.parameter_record(),
            list(item.skills),
            item.grade,
            list(item.enemies),
            item.estimated_minutes,
        ]
        for item in items
    ]
    skill_records = [[skill.id, skill.grade, list(skill.prerequisites)] for skill in skills]
    payload = json.dumps(
        [_VERSION, bank_id, scale_d, item_records, skill_records],
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]
