"""Immutable per-learner mastery state for online knowledge tracing."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from adaptive_tutor.exceptions import SessionStateError

__all__ = ["MasteryState"]

STATE_KIND = "bkt_mastery"
STATE_VERSION = 1


@dataclass(frozen=True)
class MasteryState:
    """One learner's mastery probabilities, one per skill.

    ``mastery[skill]`` is P(skill mastered at the next practice opportunity | answers so
    far), i.e. after the answer has been seen *and* the learn/forget transition applied, so it
    is what predicts the next answer. ``n_responses[skill]`` counts the answers seen.

    Parameters
    ----------
    mastery : mapping of str to float
        Mastery probability per skill.
    n_responses : mapping of str to int, optional
        Answers seen per skill (0 for skills not listed).

    Examples
    --------
    >>> state = MasteryState({"fractions": 0.4})
    >>> state.mastery["fractions"], state.n_responses["fractions"]
    (0.4, 0)
    >>> MasteryState.from_dict(state.to_dict()) == state
    True
    """

    mastery: Mapping[str, float]
    n_responses: Mapping[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        mastery = {str(k): float(v) for k, v in self.mastery.items()}
        counts = {skill: int(self.n_responses.get(skill, 0)) for skill in mastery}
        object.__setattr__(self, "mastery", MappingProxyType(mastery))
        object.__setattr__(self, "n_responses", MappingProxyType(counts))

    def to_dict(self) -> dict[str, Any]:
        """JSON-compatible dict (with a kind and a format version).

        Returns
        -------
        dict
            ``kind``, ``version``, ``mastery`` and ``n_responses``, for :meth:`from_dict`.

        Examples
        --------
        >>> MasteryState({"a": 0.5}).to_dict()
        {'kind': 'bkt_mastery', 'version': 1, 'mastery': {'a': 0.5}, 'n_responses': {'a': 0}}
        """
        return {
            "kind": STATE_KIND,
            "version": STATE_VERSION,
            "mastery": dict(self.mastery),
            "n_responses": dict(self.n_responses),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> MasteryState:
        """Rebuild a state saved by :meth:`to_dict`.

        Parameters
        ----------
        data : mapping
            The saved state (``mastery``, ``n_responses``, ``kind``, ``version``); it may
            come back from a browser, so it is checked.

        Returns
        -------
        MasteryState
            The state it describes.

        Raises
        ------
        SessionStateError
            If it is not a knowledge-tracing state this version can read or has no
            ``mastery`` entry.

        Examples
        --------
        >>> MasteryState.from_dict({"mastery": {"a": 0.25}}).mastery["a"]
        0.25
        """
        kind = data.get("kind", STATE_KIND)
        version = data.get("version", STATE_VERSION)
        if kind != STATE_KIND or not isinstance(version, int) or version > STATE_VERSION:
            raise SessionStateError(
                f"This is not a knowledge-tracing state this version can read (kind {kind!r}, "
                f"version {version!r}; expected kind {STATE_KIND!r}, version <= "
                f"{STATE_VERSION})."
            )
        if "mastery" not in data:
            raise SessionStateError("A knowledge-tracing state dict needs a 'mastery' entry.")
        return cls(mastery=data["mastery"], n_responses=data.get("n_responses", {}))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, MasteryState):
            return NotImplemented
        return dict(self.mastery) == dict(other.mastery) and dict(self.n_responses) == dict(
            other.n_responses
        )

    __hash__ = None  # type: ignore[assignment]
