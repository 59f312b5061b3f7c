"""The bank fingerprint covers what shapes estimates and selection; equality is fast."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from adaptive_tutor.item_bank import ItemBank, tiny_bank_document

Change = Callable[[dict[str, Any]], None]


def _changed(change: Change) -> ItemBank:
    document = tiny_bank_document()
    change(document)
    return ItemBank.from_dict(document)


def _set(path: tuple[Any, ...], value: Any) -> Change:
    def change(document: dict[str, Any]) -> None:
        parent: Any = document
        for key in path[:-1]:
            parent = parent[key]
        parent[path[-1]] = value

    return change


def _add_skill(document: dict[str, Any]) -> None:
    document["skills"].append({"id": "more", "name": "More", "grade": 2, "prerequisites": []})
    document["items"][2]["skills"] = ["more"]


_SHAPING: dict[str, Change] = {
    "item skills": _set(("items", 2, "skills"), ["count"]),
    "a new skill": _add_skill,
    "skill grade": _set(("skills", 1, "grade"), 2),
    "skill prerequisites": _set(("skills", 1, "prerequisites"), []),
    "item grade": _set(("items", 1, "grade"), 2),
    "enemies": _set(("items", 2, "enemies"), []),
    "estimated time": _set(("items", 0, "estimated_minutes"), 1.5),
    "parameters": _set(("items", 1, "irt", "b"), -0.4),
    "scale D": _set(("bank", "scale"), {"D": 1.702}),
    "bank id": _set(("bank", "id"), "tiny-2"),
}

_WORDING: dict[str, Change] = {
    "prompt": _set(("items", 1, "prompt"), "What is three plus four?"),
    "skill name": _set(("skills", 0, "name"), "Counting objects"),
    "title": _set(("bank", "title"), "Another title"),
    "answer key": _set(("items", 1, "answer"), {"value": 8}),
}


def test_the_tiny_banks_fingerprint_is_pinned() -> None:
    assert ItemBank.from_dict(tiny_bank_document()).fingerprint == "b3d9bcf509272a48"


@pytest.mark.parametrize("name", sorted(_SHAPING))
def test_what_shapes_estimates_or_selection_changes_the_fingerprint(name: str) -> None:
    tiny = ItemBank.from_dict(tiny_bank_document())
    assert _changed(_SHAPING[name]).fingerprint != tiny.fingerprint


@pytest.mark.parametrize("name", sorted(_WORDING))
def test_wording_and_keys_leave_the_fingerprint(name: str) -> None:
    tiny = ItemBank.from_dict(tiny_bank_document())
    changed = _changed(_WORDING[name])
    assert changed.fingerprint == tiny.fingerprint
    assert changed != tiny  # still another bank
    assert hash(changed) == hash(tiny)


def test_copies_of_a_bank_are_equal_with_equal_hashes() -> None:
    one = ItemBank.from_dict(tiny_bank_document())
    two = ItemBank.from_dict(one.to_dict())
    assert one == two
    assert hash(one) == hash(two)
    assert {one: "saved"}[two] == "saved"


def test_banks_as_keys_never_serialise_a_bank(monkeypatch: pytest.MonkeyPatch) -> None:
    banks = [ItemBank.from_dict(tiny_bank_document())] + [_changed(c) for c in _SHAPING.values()]
    copies = [ItemBank.from_dict(bank.to_dict()) for bank in banks]

    def refuse(self: ItemBank) -> dict[str, Any]:
        raise AssertionError("equality serialised a bank")

    monkeypatch.setattr(ItemBank, "to_dict", refuse)
    table = {bank: position for position, bank in enumerate(banks)}
    assert [table[copy] for copy in copies] == list(range(len(banks)))


def test_whole_numbers_written_as_integers_or_floats_give_one_fingerprint() -> None:
    as_floats = _changed(_set(("items", 1, "irt"), {"model": "2PL", "a": 1.0, "b": -1.0}))
    as_integers = _changed(_set(("items", 1, "irt"), {"model": "2PL", "a": 1, "b": -1}))
    assert as_integers.fingerprint == as_floats.fingerprint
    assert as_integers == as_floats
