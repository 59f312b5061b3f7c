"""One learner's Elo state (rating and answer count) and its JSON form."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from adaptive_tutor.exceptions import SessionStateError

__all__ = ["STATE_KIND", "STATE_VERSION", "EloState"]

STATE_KIND = "elo_learner"
STATE_VERSION = 1


@dataclass(frozen=True)
class EloState:
    """One learner's Elo rating (logits) and the number of answers behind it.

    Parameters
    ----------
    rating : float
        Learner rating on the logit scale (theta for D = 1).
    n_responses : int
        Answers seen (sets the step size of the next update).

    Examples
    --------
    >>> state = EloState(rating=0.4, n_responses=3)
    >>> EloState.from_dict(state.to_dict()) == state
    True
    """

    rating: float = 0.0
    n_responses: int = 0

    def to_dict(self) -> dict[str, Any]:
        """JSON-compatible dict (with a kind and a format version).

        Returns
        -------
        dict
            ``kind``, ``version``, ``rating`` and ``n_responses``, for :meth:`from_dict`.

        Examples
        --------
        >>> EloState(0.5, 2).to_dict()
        {'kind': 'elo_learner', 'version': 1, 'rating': 0.5, 'n_responses': 2}
        """
        return {
            "kind": STATE_KIND,
            "version": STATE_VERSION,
            "rating": float(self.rating),
            "n_responses": int(self.n_responses),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> EloState:
        """Rebuild a state saved by :meth:`to_dict`.

        Parameters
        ----------
        data : mapping
            The saved state (``rating``, ``n_responses``, ``kind``, ``version``); it may
            come back from a browser, so it is checked.

        Returns
        -------
        EloState
            The state it describes.

        Raises
        ------
        SessionStateError
            If it is not an Elo state this version can read, or its rating is not a finite
            number or its count not a whole number >= 0.

        Examples
        --------
        >>> EloState.from_dict({"rating": -1.0, "n_responses": 4}).rating
        -1.0
        """
        kind = data.get("kind", STATE_KIND)
        version = data.get("version", STATE_VERSION)
        if kind != STATE_KIND or not isinstance(version, int) or version > STATE_VERSION:
            raise SessionStateError(
                f"This is not an Elo learner state this version can read (kind {kind!r}, "
                f"version {version!r}; expected kind {STATE_KIND!r}, version <= "
                f"{STATE_VERSION})."
            )
        try:
            rating = float(data["rating"])
            count = int(data.get("n_responses", 0))
        except (KeyError, TypeError, ValueError):
            raise SessionStateError(
                "An Elo learner state dict needs a numeric 'rating' and an int 'n_responses'."
            ) from None
        if not math.isfinite(rating) or count < 0:
            raise SessionStateError(
                f"An Elo learner state needs a finite rating and n_responses >= 0. Got "
                f"rating={rating!r}, n_responses={count!r}."
            )
        return cls(rating=rating, n_responses=count)
