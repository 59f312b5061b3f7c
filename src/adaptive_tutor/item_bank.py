"""Immutable item banks of study materials, loaded from and saved to validated JSON.

An :class:`ItemBank` holds bank metadata, a graph of skills joined by prerequisites, and
items with their content, answer keys and item response theory parameters. Every bank is
checked against the versioned JSON Schema shipped in ``adaptive_tutor/schema`` and against
the rules a schema cannot express; all problems are reported together in one
:class:`~adaptive_tutor.exceptions.ItemBankError` naming the file, the item id and the field.

Examples
--------
>>> bank = ItemBank.from_dict(tiny_bank_document())
>>> len(bank), bank.skill_ids
(3, ('count', 'add'))
>>> bank["add-1"].score("7")
1
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cached_property
from pathlib import Path
from typing import Any

from adaptive_tutor._bank_file import read_bank_json
from adaptive_tutor._bank_fingerprint import bank_fingerprint
from adaptive_tutor._bank_table_forms import BankTableForms
from adaptive_tutor._bank_validation import (
    SCHEMA_VERSION,
    BankOrigin,
    check_bank_document,
)
from adaptive_tutor.examples import tiny_bank_document
from adaptive_tutor.exceptions import ItemBankError
from adaptive_tutor.irt import ItemParams
from adaptive_tutor.item import BankMetadata, Item, Skill

__all__ = ["SCHEMA_VERSION", "ItemBank", "tiny_bank_document"]


class ItemBank(BankTableForms):
    """An immutable, validated bank of items, skills and IRT parameters.

    Build one with :meth:`from_json`, :meth:`from_dict` or :meth:`from_dataframe`; the
    constructor takes a bank document (a mapping in the JSON format) and validates it.

    Parameters
    ----------
    document : mapping
        The bank in the JSON format (see ``adaptive_tutor/schema/item_bank.schema.json``).
    source : str, default "<dict>"
        Where the document came from, used in error messages (usually the file path).
    origin : BankOrigin, optional
        The spreadsheet file and line of each item and skill, for documents built from
        tables; problems then name those lines.

    Raises
    ------
    ItemBankError
        Listing every problem found, each naming the source, the item or skill id and the
        field; ``error.problems`` holds them as
        :class:`~adaptive_tutor.exceptions.BankProblem` objects.

    Examples
    --------
    >>> bank = ItemBank(tiny_bank_document())
    >>> bank.item_ids
    ('count-1', 'add-1', 'story-1')
    >>> bank.params.n_items
    3
    """

    _source: str
    _metadata: BankMetadata
    _skills: tuple[Skill, ...]
    _items: tuple[Item, ...]
    _index: dict[str, int]

    def __init__(
        self,
        document: Mapping[str, Any],
        *,
        source: str = "<dict>",
        origin: BankOrigin | None = None,
    ) -> None:
        problems = check_bank_document(document, source, origin=origin)
        if problems:
            raise ItemBankError.from_problems(source, problems)
        self._assign(document, source)

    def _assign(self, document: Mapping[str, Any], source: str) -> None:
        items = tuple(Item.from_dict(i) for i in document["items"])
        fields = {
            "_source": source,
            "_metadata": BankMetadata.from_dict(document["bank"]),
            "_skills": tuple(Skill.from_dict(s) for s in document["skills"]),
            "_items": items,
            "_index": {item.id: position for position, item in enumerate(items)},
        }
        for name, value in fields.items():
            object.__setattr__(self, name, value)

    # ----------------------------------------------------------------- construction
    @classmethod
    def from_dict(cls, document: Mapping[str, Any], *, source: str = "<dict>") -> ItemBank:
        """Build a bank from a JSON-compatible mapping.

        Parameters
        ----------
        document : mapping
            The bank in the JSON format.
        source : str, default "<dict>"
            Where the document came from, named in problems.

        Returns
        -------
        ItemBank
            The validated bank.

        Raises
        ------
        ItemBankError
            Listing every problem found in the document.

        Examples
        --------
        >>> ItemBank.from_dict(tiny_bank_document()).metadata.id
        'tiny'
        """
        return cls(document, source=source)

    @classmethod
    def from_json(cls, source: str | os.PathLike[str]) -> ItemBank:
        """Load a bank from a JSON file path (or from JSON text starting with ``{``).

        Parameters
        ----------
        source : str or path-like
            A bank file, or JSON text (a string starting with ``{``).

        Returns
        -------
        ItemBank
            The validated bank; its :attr:`source` is the file path.

        Raises
        ------
        ItemBankError
            For a missing file, malformed JSON (with line and column) or any invalid content.

        Examples
        --------
        >>> text = ItemBank.from_dict(tiny_bank_document()).to_json()
        >>> ItemBank.from_json(text).metadata.title
        'Tiny demonstration bank'
        """
        document, name = read_bank_json(source)
        return cls(document, source=name)

    # ----------------------------------------------------------------- serialisation
    def to_dict(self) -> dict[str, Any]:
        """Return the bank as a JSON-compatible document (lossless).

        Returns
        -------
        dict
            The bank document (``schema_version``, ``bank``, ``skills``, ``items``), ready for
            :func:`json.dumps`.

        Examples
        --------
        >>> ItemBank.from_dict(tiny_bank_document()).to_dict() == tiny_bank_document()
        True
        """
        return {
            "schema_version": SCHEMA_VERSION,
            "bank": self._metadata.to_dict(),
            "skills": [skill.to_dict() for skill in self._skills],
            "items": [item.to_dict() for item in self._items],
        }

    def to_json(self, path: str | os.PathLike[str] | None = None, *, indent: int = 2) -> str:
        """Serialise the bank to JSON text, and write it to ``path`` when given.

        Parameters
        ----------
        path : str or path-like, optional
            A file to write the JSON to (UTF-8).
        indent : int, default 2
            Spaces per nesting level.

        Returns
        -------
        str
            The JSON text, ending with a newline.

        Examples
        --------
        >>> ItemBank.from_dict(tiny_bank_document()).to_json()[:27]
        '{\\n  "schema_version": "1.1"'
        """
        text = json.dumps(self.to_dict(), indent=indent, ensure_ascii=False, allow_nan=False)
        text += "\n"
        if path is not None:
            Path(path).write_text(text, encoding="utf-8")
        return text

    # ----------------------------------------------------------------- protocol
    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[Item]:
        return iter(self._items)

    def __contains__(self, item_id: object) -> bool:
        return item_id in self._index

    def __getitem__(self, item_id: str) -> Item:
        return self._items[self.index_of(item_id)]

    def __eq__(self, other: object) -> bool:
        # Fast paths first: the same object, then the (cached) fingerprint, which differs
        # whenever what it covers differs; only banks alike in all that are compared field
        # by field (metadata, skills, items, as read from their documents).
        if not isinstance(other, ItemBank):
            return NotImplemented
        if other is self:
            return True
        if len(self._items) != len(other._items) or self.fingerprint != other.fingerprint:
            return False
        return (
            self._metadata == other._metadata
            and self._skills == other._skills
            and self._items == other._items
        )

    def __hash__(self) -> int:
        return hash(self.fingerprint)  # equal banks have equal fingerprints

    def __repr__(self) -> str:
        return (
            f"ItemBank(id={self._metadata.id!r}, items={len(self._items)}, "
            f"skills={len(self._skills)})"
        )

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"ItemBank is immutable; cannot set {name!r}.")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"ItemBank is immutable; cannot delete {name!r}.")

    # ----------------------------------------------------------------- lookups
    @property
    def metadata(self) -> BankMetadata:
        """The bank's descriptive metadata.

        Examples
        --------
        >>> ItemBank.from_dict(tiny_bank_document()).metadata.subject
        'mathematics'
        """
        return self._metadata

    @property
    def source(self) -> str:
        """Where the bank was loaded from (a file path, ``<dict>`` or ``<DataFrame>``).

        Examples
        --------
        >>> ItemBank.from_dict(tiny_bank_document()).source
        '<dict>'
        """
        return self._source

    @property
    def skills(self) -> tuple[Skill, ...]:
        """The skills in document order.

        Examples
        --------
        >>> [s.name for s in ItemBank.from_dict(tiny_bank_document()).skills]
        ['Counting', 'Addition within 10']
        """
        return self._skills

    @property
    def items(self) -> tuple[Item, ...]:
        """The items in bank order (the order of every parameter array).

        Examples
        --------
        >>> ItemBank.from_dict(tiny_bank_document()).items[1].id
        'add-1'
        """
        return self._items

    def skill(self, skill_id: str) -> Skill:
        """Return the skill with this id.

        Parameters
        ----------
        skill_id : str
            A skill of the bank.

        Returns
        -------
        Skill
            Its id, names, grade and prerequisites.

        Raises
        ------
        ResponseDataError
            If the bank has no such skill.

        Examples
        --------
        >>> ItemBank.from_dict(tiny_bank_document()).skill("add").prerequisites
        ('count',)
        """
        return self._skills[self._skill_position(skill_id)]

    def items_for_skill(self, skill_id: str) -> tuple[Item, ...]:
        """Return the items that practise a skill, in bank order.

        Parameters
        ----------
        skill_id : str
            A skill of the bank.

        Returns
        -------
        tuple of Item
            Its items, in bank order.

        Raises
        ------
        ResponseDataError
            If the bank has no such skill.

        Examples
        --------
        >>> [i.id for i in ItemBank.from_dict(tiny_bank_document()).items_for_skill("add")]
        ['add-1', 'story-1']
        """
        column = self._skill_position(skill_id)
        return tuple(
            item
            for item, flag in zip(self._items, self.skill_matrix[:, column], strict=True)
            if flag
        )

    def prerequisites_of(self, skill_id: str) -> tuple[str, ...]:
        """Return the direct prerequisites of a skill.

        Parameters
        ----------
        skill_id : str
            A skill of the bank.

        Returns
        -------
        tuple of str
            The ids of the skills it builds on directly.

        Raises
        ------
        ResponseDataError
            If the bank has no such skill.

        Examples
        --------
        >>> ItemBank.from_dict(tiny_bank_document()).prerequisites_of("add")
        ('count',)
        """
        return self.skill(skill_id).prerequisites

    @cached_property
    def skill_order(self) -> tuple[str, ...]:
        """Skill ids in a topological order: every skill after its prerequisites.

        Ties keep document order, so the order is deterministic.

        Examples
        --------
        >>> ItemBank.from_dict(tiny_bank_document()).skill_order
        ('count', 'add')
        """
        remaining = {skill.id: set(skill.prerequisites) for skill in self._skills}
        order: list[str] = []
        while remaining:
            ready = [s for s in self.skill_ids if s in remaining and not remaining[s]]
            for skill_id in ready:
                del remaining[skill_id]
                for prerequisites in remaining.values():
                    prerequisites.discard(skill_id)
            order.extend(ready)
        return tuple(order)

    def enemies_of(self, item_id: str) -> frozenset[str]:
        """Return the items that must never be given together with this one (symmetric).

        Parameters
        ----------
        item_id : str
            An item of the bank.

        Returns
        -------
        frozenset of str
            The ids of its enemies (empty when it has none).

        Examples
        --------
        >>> sorted(ItemBank.from_dict(tiny_bank_document()).enemies_of("story-1"))
        ['add-1']
        """
        self.index_of(item_id)
        return self._enemy_map.get(item_id, frozenset())

    @cached_property
    def fingerprint(self) -> str:
        """A stable hash of everything that shapes estimates and selection (16 hex digits).

        Covers the bank id and the scale's D; every item's id, IRT parameters, skills,
        grade, enemies and estimated time (rapid guesses); every skill's id, grade and
        prerequisites, in bank order. Saved learner states carry it so that a state is
        never applied to another bank, nor to this bank after a change to any of these.
        Wording, answer keys and translations are not covered: answers are saved scored.

        Examples
        --------
        >>> len(ItemBank.from_dict(tiny_bank_document()).fingerprint)
        16
        """
        return bank_fingerprint(self._metadata.id, self.scale_D, self._skills, self._items)

    # ----------------------------------------------------------------- derived banks
    def subset(self, item_ids: Iterable[str]) -> ItemBank:
        """Return a bank with only these items (in the given order); skills are kept.

        Enemy references to items left out are dropped.

        Parameters
        ----------
        item_ids : iterable of str
            The items to keep, in the order the new bank gives them.

        Returns
        -------
        ItemBank
            A new bank, validated; this one is unchanged.

        Raises
        ------
        ResponseDataError
            Naming the ids the bank does not have.

        Examples
        --------
        >>> small = ItemBank.from_dict(tiny_bank_document()).subset(["story-1", "count-1"])
        >>> small.item_ids
        ('story-1', 'count-1')
        """
        positions = self.indices_of(item_ids)
        kept = {self._items[p].id for p in positions}
        document = self.to_dict()
        items = []
        for position in positions:
            item = document["items"][position]
            if "enemies" in item:
                item["enemies"] = [e for e in item["enemies"] if e in kept]
            items.append(item)
        document["items"] = items
        return ItemBank(document, source=self._source)

    def with_params(
        self,
        params: ItemParams,
        *,
        se: Sequence[Mapping[str, Any] | None] | None = None,
        calibration_note: str | Mapping[str, str] | None = None,
    ) -> ItemBank:
        """Return a bank whose items carry new IRT parameters (e.g. after calibration).

        Parameters
        ----------
        params : ItemParams
            New parameters, one row per item in bank order.
        se : sequence of mappings, optional
            Standard errors per item in the bank's ``irt.se`` shape (``{"a": .., "b": ..}``).
        calibration_note : str or mapping of item id to str, optional
            Stored as each item's ``irt.calibration`` note; a mapping gives the notes of
            some items (the others keep theirs).

        Returns
        -------
        ItemBank
            A new bank, validated; this one is unchanged.

        Raises
        ------
        ItemBankError
            If ``params`` or ``se`` do not have one entry per item, or the bank with the
            new parameters is not valid.

        Examples
        --------
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> moved = ItemParams.from_records(
        ...     [{"model": "2PL", "a": 1.0, "b": 0.5}, {"model": "2PL", "a": 1.0, "b": 0.0},
        ...      {"model": "GRM", "a": 1.1, "thresholds": [-1.0, 1.0]}])
        >>> bank.with_params(moved, calibration_note="MML-EM").params.models
        ('2PL', '2PL', 'GRM')
        """
        if params.n_items != len(self):
            raise ItemBankError(
                f"with_params needs parameters for all {len(self)} items of bank "
                f"{self._metadata.id!r}. Got {params.n_items}."
            )
        if se is not None and len(se) != len(self):
            raise ItemBankError(
                f"with_params needs one standard-error entry per item ({len(self)}). Got {len(se)}."
            )
        document = self.to_dict()
        for position, (item, record) in enumerate(
            zip(document["items"], params.to_records(), strict=True)
        ):
            irt = dict(record)
            if se is not None and se[position] is not None:
                irt["se"] = dict(se[position] or {})
            note = (
                calibration_note.get(item["id"], item["irt"].get("calibration"))
                if isinstance(calibration_note, Mapping)
                else calibration_note
                if calibration_note is not None
                else item["irt"].get("calibration")
            )
            if note is not None:
                irt["calibration"] = note
            item["irt"] = irt
        return ItemBank(document, source=self._source)
