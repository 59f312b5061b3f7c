"""The "child picks" policy: simulated children choose from a menu instead of being given one.

With ``simulate(..., child_choice=ChildPicks())`` every step offers the simulated child
:meth:`~adaptive_tutor.session.TutoringSession.offer_choices` (review / just right /
challenge) and the child picks one, by label, with the given preferences. Comparing it with
the same design where the tutor picks shows what self-directed choice costs or gains in
accuracy, success rate and coverage.

Examples
--------
>>> import numpy as np
>>> policy = ChildPicks(preferences={"review": 1, "just_right": 2, "challenge": 1})
>>> policy.probabilities(["review", "just_right", "challenge"]).tolist()
[0.25, 0.5, 0.25]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from adaptive_tutor._repr import settings_repr
from adaptive_tutor._validation import check_int, is_real
from adaptive_tutor.selection.choices import MAX_CHOICES, ItemChoice, check_targets

__all__ = ["ChildPicks"]


class ChildPicks:
    """How simulated children choose among the offered items.

    Parameters
    ----------
    k : int, default=3
        Items on each menu (1 to 20).
    preferences : mapping of str to float, optional
        Relative weight of each label (``review``, ``just_right``, ``challenge``, or the
        labels of ``targets``); the child picks a choice with probability proportional to
        its label's weight. Default: every label alike (a child who picks at random).
        A label without a weight is never picked.
    targets : mapping of str to float, optional
        Label to target success probability, as in
        :meth:`~adaptive_tutor.session.TutoringSession.offer_choices`.

    Examples
    --------
    >>> ChildPicks(preferences={"challenge": 1.0}).preferences
    {'challenge': 1.0}
    """

    def __init__(
        self,
        k: int = 3,
        *,
        preferences: Mapping[str, float] | None = None,
        targets: Mapping[str, float] | None = None,
    ) -> None:
        owner = "ChildPicks"
        self.k = check_int(k, "k", owner, minimum=1, maximum=MAX_CHOICES)
        self.targets = check_targets(targets, owner)
        self.preferences = _check_preferences(preferences, self.targets, owner)

    def probabilities(self, labels: Sequence[str]) -> NDArray[np.float64]:
        """Chance of picking each offered choice, given the labels on the menu.

        A menu whose labels all have weight 0 is picked from uniformly.

        Parameters
        ----------
        labels : sequence of str
            The labels of the offered choices, in menu order.

        Returns
        -------
        ndarray of float
            One probability per choice, summing to 1.

        Examples
        --------
        >>> ChildPicks(preferences={"review": 3, "challenge": 1}).probabilities(
        ...     ["review", "just_right", "challenge"]).tolist()
        [0.75, 0.0, 0.25]
        """
        weights = np.array([self.preferences.get(label, 0.0) for label in labels], dtype=float)
        if weights.sum() <= 0:
            weights = np.ones(len(labels))
        return np.asarray(weights / weights.sum())

    def pick(self, menu: Sequence[ItemChoice], rng: np.random.Generator) -> ItemChoice:
        """The choice the child takes from ``menu`` (not empty).

        Parameters
        ----------
        menu : sequence of ItemChoice
            The choices on offer (not empty).
        rng : numpy Generator
            Draws the pick.

        Returns
        -------
        ItemChoice
            The choice taken.

        Examples
        --------
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> from adaptive_tutor.selection import ItemChoice
        >>> item = ItemBank.from_dict(tiny_bank_document())["add-1"]
        >>> menu = [ItemChoice("review", item, 0.9, 0.9)]
        >>> ChildPicks().pick(menu, np.random.default_rng(0)).label
        'review'
        """
        chances = self.probabilities([choice.label for choice in menu])
        return menu[int(rng.choice(len(menu), p=chances))]

    def __repr__(self) -> str:
        return settings_repr(self)


def _check_preferences(
    preferences: Any, targets: Mapping[str, float], owner: str
) -> dict[str, float]:
    if preferences is None:
        return dict.fromkeys(targets, 1.0)
    if not isinstance(preferences, Mapping) or not preferences:
        raise ValueError(
            f"The 'preferences' parameter of {owner} must be a mapping of labels to weights, "
            f"e.g. {{'review': 1, 'just_right': 2, 'challenge': 1}}. Got {preferences!r}."
        )
    checked = {}
    for label, weight in preferences.items():
        if label not in targets:
            raise ValueError(
                f"The 'preferences' parameter of {owner} names label {label!r}, which is not "
                f"among the targets' labels {list(targets)}."
            )
        ok = is_real(weight)
        if not ok or not 0 <= float(weight) < float("inf"):
            raise ValueError(
                f"The weight of {label!r} in the 'preferences' parameter of {owner} must be a "
                f"finite number >= 0. Got {weight!r}."
            )
        checked[label] = float(weight)
    if sum(checked.values()) <= 0:
        raise ValueError(f"The 'preferences' parameter of {owner} gives every label weight 0.")
    return checked
