"""What a bank says about itself and its skills: title, language, grades, translated names.

Frozen dataclasses that mirror the bank JSON's ``bank`` object and ``skills`` entries one
to one (``from_dict``/``to_dict``); build them through
:class:`~adaptive_tutor.item_bank.ItemBank`, which validates a document first.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from adaptive_tutor._item_parts import drop_none
from adaptive_tutor._locale_text import translated

__all__ = ["BankMetadata", "Skill"]


def _translations(data: Mapping[str, Any] | None) -> dict[str, str] | None:
    return None if data is None else {str(k): str(v) for k, v in data.items()}


@dataclass(frozen=True)
class BankMetadata:
    """Descriptive metadata of an item bank.

    Parameters
    ----------
    id : str
        Short identifier of the bank (letters, digits, ``-`` and ``_``).
    title : str
        The bank's title.
    subject : str
        The school subject (``mathematics``, ``reading``...).
    language : str
        Language tag of the items' text (``en``, ``ko``...).
    grade_range : tuple of int
        Lowest and highest school grade of the items.
    provider : str
        Who made the items.
    licence : str
        Licence of the items (an SPDX identifier such as ``CC-BY-4.0``).
    description, source, version : str, optional
        Free text about the bank, where it comes from, and its version.
    scale : mapping, optional
        The IRT scale (``{"D": 1.702}`` for the normal-ogive metric; default D = 1).
    titles : mapping of str to str, optional
        The title in other languages, by language tag.
    spelling : str, optional
        The spelling convention of the texts (schema 1.1).

    Examples
    --------
    >>> from adaptive_tutor.examples import tiny_bank_document
    >>> meta = BankMetadata.from_dict(tiny_bank_document()["bank"])
    >>> meta.language, meta.grade_range
    ('en', (1, 2))
    """

    id: str
    title: str
    subject: str
    language: str
    grade_range: tuple[int, int]
    provider: str
    licence: str
    description: str | None = None
    source: str | None = None
    version: str | None = None
    scale: Mapping[str, Any] | None = None
    titles: Mapping[str, str] | None = None
    spelling: str | None = None

    def title_in(self, locale: str | None) -> str:
        """The bank title in ``locale`` when the bank gives one (schema 1.1 ``titles``).

        Parameters
        ----------
        locale : str or None
            A language tag (``"ko"``); None for the bank's own title.

        Returns
        -------
        str
            The title in that language, else the bank's own title.

        Examples
        --------
        >>> from adaptive_tutor.examples import tiny_bank_document
        >>> data = dict(tiny_bank_document()["bank"], titles={"ko": "작은 문제은행"})
        >>> BankMetadata.from_dict(data).title_in("ko")
        '작은 문제은행'
        """
        return translated(self.title, self.titles, locale)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> BankMetadata:
        """Build metadata from the bank document's ``bank`` object.

        Parameters
        ----------
        data : mapping
            The ``bank`` object of a (validated) bank document.

        Returns
        -------
        BankMetadata
            The metadata.

        Examples
        --------
        >>> from adaptive_tutor.examples import tiny_bank_document
        >>> BankMetadata.from_dict(tiny_bank_document()["bank"]).id
        'tiny'
        """
        low, high = data["grade_range"]
        return cls(
            id=data["id"],
            title=data["title"],
            subject=data["subject"],
            language=data["language"],
            grade_range=(int(low), int(high)),
            provider=data["provider"],
            licence=data["licence"],
            description=data.get("description"),
            source=data.get("source"),
            version=data.get("version"),
            scale=copy.deepcopy(data.get("scale")),
            titles=_translations(data.get("titles")),
            spelling=data.get("spelling"),
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-compatible ``bank`` object.

        Returns
        -------
        dict
            The ``bank`` object, without the fields left empty.

        Examples
        --------
        >>> from adaptive_tutor.examples import tiny_bank_document
        >>> BankMetadata.from_dict(tiny_bank_document()["bank"]).to_dict()["grade_range"]
        [1, 2]
        """
        return drop_none(
            {
                "id": self.id,
                "title": self.title,
                "titles": dict(self.titles) if self.titles is not None else None,
                "description": self.description,
                "subject": self.subject,
                "language": self.language,
                "spelling": self.spelling,
                "grade_range": list(self.grade_range),
                "provider": self.provider,
                "source": self.source,
                "licence": self.licence,
                "version": self.version,
                "scale": copy.deepcopy(self.scale),
            }
        )


@dataclass(frozen=True)
class Skill:
    """A skill of the curriculum, with the skills that must come before it.

    Parameters
    ----------
    id : str
        The skill's identifier, unique in its bank.
    name : str
        Its name, in the bank's language.
    grade : int
        The school grade the skill belongs to.
    description : str, optional
        Free text about the skill.
    prerequisites : tuple of str, default ()
        Ids of the skills that must come before it.
    names : mapping of str to str, optional
        The name in other languages, by language tag.

    Examples
    --------
    >>> Skill.from_dict({"id": "add", "name": "Addition", "grade": 1}).prerequisites
    ()
    """

    id: str
    name: str
    grade: int
    description: str | None = None
    prerequisites: tuple[str, ...] = ()
    names: Mapping[str, str] | None = None

    def name_in(self, locale: str | None) -> str:
        """The skill name in ``locale`` when the bank gives one (schema 1.1 ``names``).

        Parameters
        ----------
        locale : str or None
            A language tag (``"ko"``); None for the skill's own name.

        Returns
        -------
        str
            The name in that language, else the skill's own name.

        Examples
        --------
        >>> skill = Skill.from_dict({"id": "add", "name": "Addition", "grade": 1,
        ...                          "names": {"ko": "덧셈"}})
        >>> skill.name_in("ko"), skill.name_in("en")
        ('덧셈', 'Addition')
        """
        return translated(self.name, self.names, locale)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Skill:
        """Build a skill from its JSON object.

        Parameters
        ----------
        data : mapping
            A (validated) skill object of a bank document.

        Returns
        -------
        Skill
            The skill.

        Examples
        --------
        >>> Skill.from_dict({"id": "a", "name": "A", "grade": 2, "prerequisites": ["b"]}).grade
        2
        """
        prerequisites = data.get("prerequisites")
        return cls(
            id=data["id"],
            name=data["name"],
            grade=int(data["grade"]),
            description=data.get("description"),
            prerequisites=tuple(prerequisites) if prerequisites is not None else (),
            names=_translations(data.get("names")),
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the skill as a JSON-compatible object.

        Returns
        -------
        dict
            The skill object, without the fields left empty.

        Examples
        --------
        >>> Skill("a", "A", 1).to_dict()
        {'id': 'a', 'name': 'A', 'grade': 1, 'prerequisites': []}
        """
        return drop_none(
            {
                "id": self.id,
                "name": self.name,
                "names": dict(self.names) if self.names is not None else None,
                "description": self.description,
                "grade": self.grade,
                "prerequisites": list(self.prerequisites),
            }
        )
