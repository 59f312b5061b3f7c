"""Choices for the child: a few eligible items, labelled from easy to hard.

Self-directed practice offers the child a small menu instead of one item: a ``review``
item the child should get right about 90% of the time, a ``just_right`` one (about 75%)
and a ``challenge`` (about 55%). The items come from what the selector's eligibility
filters allow now (the skills the child may study: prerequisites, grade band, no
repeats), their success probabilities from the same prediction
:class:`~adaptive_tutor.selection.TargetProbability` uses, and the child may answer any of
them (or, in a non-strict session, any other item).

Examples
--------
>>> import numpy as np
>>> from adaptive_tutor.context import DecisionContext
>>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
>>> from adaptive_tutor.learner import LearnerState
>>> bank = ItemBank.from_dict(tiny_bank_document())
>>> context = DecisionContext(bank, LearnerState.start(bank))
>>> menu = choice_menu(context, TargetProbability(), 3, rng=np.random.default_rng(0))
>>> [(c.label, c.item.id, round(c.success_probability, 2)) for c in menu]
[('review', 'count-1', 0.84), ('just_right', 'add-1', 0.6), ('challenge', 'story-1', 0.47)]
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.optimize import linear_sum_assignment

from adaptive_tutor._validation import check_int, check_probability
from adaptive_tutor.context import DecisionContext
from adaptive_tutor.item import Item
from adaptive_tutor.selection.base import ScoringSelector
from adaptive_tutor.selection.practice import TargetProbability

__all__ = [
    "DEFAULT_CHOICE_TARGETS",
    "MAX_CHOICES",
    "ItemChoice",
    "check_targets",
    "choice_menu",
    "describe_choices",
]

DEFAULT_CHOICE_TARGETS: Mapping[str, float] = {"review": 0.9, "just_right": 0.75, "challenge": 0.55}
"""Label and target success probability of each choice, easiest first."""

MAX_CHOICES = 20
"""Most items one offer may hold."""


@dataclass(frozen=True)
class ItemChoice:
    """One item on the child's menu.

    Parameters
    ----------
    label : str
        ``"review"``, ``"just_right"``, ``"challenge"`` (or a label of the given targets).
    item : Item
        The item, with its content.
    success_probability : float
        Predicted chance of full marks (the expected share of the maximum score).
    target : float
        The success probability the label aims at.

    Examples
    --------
    >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
    >>> item = ItemBank.from_dict(tiny_bank_document())["add-1"]
    >>> ItemChoice("just_right", item, 0.71, 0.75).label
    'just_right'
    """

    label: str
    item: Item
    success_probability: float
    target: float


def check_targets(targets: Any, owner: str) -> dict[str, float]:
    """The choice targets as ``{label: probability}``; ``None`` gives the defaults.

    Parameters
    ----------
    targets : mapping of str to float or None
        Label to target success probability.
    owner : str
        The function the targets were passed to, named in errors.

    Returns
    -------
    dict of str to float
        The targets, checked.

    Raises
    ------
    ValueError
        For an empty mapping, a label that is not a short string, or a probability
        outside (0, 1).

    Examples
    --------
    >>> check_targets({"easy": 0.95, "hard": 0.5}, "offer_choices")
    {'easy': 0.95, 'hard': 0.5}
    """
    if targets is None:
        return dict(DEFAULT_CHOICE_TARGETS)
    if not isinstance(targets, Mapping) or not 0 < len(targets) <= MAX_CHOICES:
        raise ValueError(
            f"The 'targets' parameter of {owner} must be a mapping of 1 to {MAX_CHOICES} "
            f"labels to success probabilities, e.g. {dict(DEFAULT_CHOICE_TARGETS)}. "
            f"Got {targets!r}."
        )
    checked = {}
    for label, target in targets.items():
        if not isinstance(label, str) or not 0 < len(label) <= 40:
            raise ValueError(
                f"Every label in the 'targets' parameter of {owner} must be a string of 1 to "
                f"40 characters. Got {label!r}."
            )
        checked[label] = check_probability(target, f"targets[{label!r}]", owner, open_interval=True)
    return checked


def choice_menu(
    context: DecisionContext,
    selector: ScoringSelector,
    k: int = 3,
    *,
    targets: Mapping[str, float] | None = None,
    rng: np.random.Generator | None = None,
) -> list[ItemChoice]:
    """Up to ``k`` different eligible items, labelled by the target each one fits best.

    Labels are filled in the order ``just_right``, ``review``, ``challenge`` (for custom
    targets: the label nearest 0.75 first, then alternately easier and harder), then
    again for ``k`` larger than the number of labels; the menu is returned easiest first.
    The items are assigned to the labels so that the predicted successes lie nearest their
    targets overall (an optimal assignment, so a ``review`` item is never harder than the
    ``just_right`` one); ties are broken by ``rng``.

    Parameters
    ----------
    context : DecisionContext
        The decision's bank, learner, history and time.
    selector : ScoringSelector
        Its eligibility filters decide what may be offered; a
        :class:`~adaptive_tutor.selection.TargetProbability` also lends its prediction
        settings (``scope``, ``between_skill_sd``).
    k : int, default=3
        Number of choices, 1 to 20.
    targets : mapping of str to float, optional
        Label to target success probability; default :data:`DEFAULT_CHOICE_TARGETS`.
    rng : numpy Generator, optional
        For ties (default: a generator seeded with 0).

    Returns
    -------
    list of ItemChoice
        Fewer than ``k`` when fewer items are eligible; empty when none is.

    Raises
    ------
    ValueError
        For a bad ``k`` or ``targets``.

    Examples
    --------
    >>> from adaptive_tutor.context import DecisionContext
    >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
    >>> from adaptive_tutor.learner import LearnerState
    >>> bank = ItemBank.from_dict(tiny_bank_document())
    >>> context = DecisionContext(bank, LearnerState.start(bank))
    >>> [c.label for c in choice_menu(context, TargetProbability(), 2)]  # the two nearest 0.75
    ['review', 'just_right']
    """
    owner = "choice_menu"
    count = check_int(k, "k", owner, minimum=1, maximum=MAX_CHOICES)
    wanted = check_targets(targets, owner)
    generator = np.random.default_rng(0) if rng is None else rng
    predictor = selector if isinstance(selector, TargetProbability) else TargetProbability()
    candidates = np.flatnonzero(selector.eligible_mask(context))
    if candidates.size == 0:
        return []
    success = predictor.success_probability(context)[candidates]
    order = sorted(wanted, key=lambda label: (abs(wanted[label] - 0.75), -wanted[label]))
    labels = [order[slot % len(order)] for slot in range(min(count, candidates.shape[0]))]
    goals = np.array([wanted[label] for label in labels])
    # Ties are broken at random; the jitter is far below any real difference in success.
    cost = np.abs(success[None, :] - goals[:, None]) + 1e-9 * generator.random(success.shape)
    # An optimal assignment only uses items among each slot's len(labels) nearest.
    width = min(len(labels), candidates.shape[0])
    nearest = np.argpartition(cost, width - 1, axis=1)[:, :width] if width < cost.shape[1] else None
    pool = np.arange(cost.shape[1]) if nearest is None else np.unique(nearest)
    rows, columns = linear_sum_assignment(cost[:, pool])
    taken = [(labels[r], int(candidates[pool[c]])) for r, c in zip(rows, columns, strict=True)]
    return describe_choices(context, selector, taken, wanted)


def describe_choices(
    context: DecisionContext,
    selector: ScoringSelector,
    menu: list[tuple[str, int]],
    targets: Mapping[str, float],
) -> list[ItemChoice]:
    """The choices ``(label, bank position)`` with their items and predictions, easiest first.

    Parameters
    ----------
    context : DecisionContext
        The decision's bank and learner.
    selector : ScoringSelector
        The selector whose prediction settings give the success probabilities.
    menu : list of (str, int)
        Label and bank position of each choice.
    targets : mapping of str to float
        Label to target success probability.

    Returns
    -------
    list of ItemChoice
        The choices, easiest first.

    Examples
    --------
    >>> from adaptive_tutor.context import DecisionContext
    >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
    >>> from adaptive_tutor.learner import LearnerState
    >>> bank = ItemBank.from_dict(tiny_bank_document())
    >>> context = DecisionContext(bank, LearnerState.start(bank))
    >>> menu = [("challenge", 2), ("review", 0)]
    >>> targets = {"review": 0.9, "challenge": 0.55}
    >>> [c.item.id for c in describe_choices(context, TargetProbability(), menu, targets)]
    ['count-1', 'story-1']
    """
    predictor = selector if isinstance(selector, TargetProbability) else TargetProbability()
    success = predictor.success_probability(context)
    ordered = sorted(menu, key=lambda pair: (-targets[pair[0]], -success[pair[1]]))
    items = context.bank.items
    return [
        ItemChoice(label, items[position], float(success[position]), float(targets[label]))
        for label, position in ordered
    ]
