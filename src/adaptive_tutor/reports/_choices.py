"""Three things a child could try next: review, just right, challenge.

Each choice is one item whose predicted chance of success (from the child's ability on
the item's skill, the overall ability where the skill was not practised) is closest to a
target: 0.9 to review something the child knows, 0.75 for "just right" (the target of
:class:`~adaptive_tutor.selection.practice.TargetProbability`), 0.55 for a challenge (the
targets of a session's ``offer_choices``).
Review comes from skills already practised; the other two from skills that are open
(every prerequisite mastered, or already practised); a challenge may also come from the
next skills, those whose prerequisites have all been practised. The three items differ.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from adaptive_tutor.irt import expected_score
from adaptive_tutor.item import Item
from adaptive_tutor.item_bank import ItemBank

__all__ = ["CHOICE_TARGETS", "ChildChoice", "success_chances", "three_choices"]

CHOICE_TARGETS = {"review": 0.9, "just_right": 0.75, "challenge": 0.55}


@dataclass(frozen=True)
class ChildChoice:
    """One choice: its code, the item and its predicted chance of success.

    Examples
    --------
    >>> from adaptive_tutor.item_bank import ItemBank
    >>> from adaptive_tutor.examples import tiny_bank_document
    >>> item = ItemBank.from_dict(tiny_bank_document()).items[0]
    >>> ChildChoice("review", item, 0.9).code
    'review'
    """

    code: str
    item: Item
    chance: float


def success_chances(
    bank: ItemBank, skill_theta: Mapping[str, float], overall_theta: float
) -> NDArray[np.float64]:
    """Predicted share of credit on every bank item (bank order).

    An item is judged with the ability on its first skill when that is known, else with
    the overall ability (0, the bank's average learner, when nothing is known).

    Examples
    --------
    >>> from adaptive_tutor.item_bank import ItemBank
    >>> from adaptive_tutor.examples import tiny_bank_document
    >>> bank = ItemBank.from_dict(tiny_bank_document())
    >>> success_chances(bank, {"count": 3.0}, float("nan")).round(2).tolist()[0] > 0.9
    True
    """
    fallback = overall_theta if np.isfinite(overall_theta) else 0.0
    thetas = np.array(
        [
            skill_theta.get(item.skills[0], np.nan)
            if np.isfinite(skill_theta.get(item.skills[0], np.nan))
            else fallback
            for item in bank.items
        ],
        dtype=np.float64,
    )
    levels, where = np.unique(thetas, return_inverse=True)
    scores = expected_score(bank.params, levels)  # items x distinct abilities
    maxima = np.array([item.max_score for item in bank.items], dtype=np.float64)
    chances: NDArray[np.float64] = scores[np.arange(len(bank)), where] / maxima
    return chances


def three_choices(
    bank: ItemBank,
    status: Mapping[str, str],
    practised: Sequence[str],
    answered: Sequence[str],
    chances: NDArray[np.float64],
) -> list[ChildChoice]:
    """Pick the review, just-right and challenge items (fewer when the bank runs out).

    Parameters
    ----------
    bank : ItemBank
    status : mapping of skill id to status code
        ``"mastered"`` opens the skills that need it.
    practised : sequence of str
        Skills with answers.
    answered : sequence of str
        Items already answered (never offered again).
    chances : ndarray
        :func:`success_chances` of every bank item.

    Returns
    -------
    list of ChildChoice
        In the order review, just right, challenge.

    Examples
    --------
    >>> from adaptive_tutor.item_bank import ItemBank
    >>> from adaptive_tutor.examples import tiny_bank_document
    >>> bank = ItemBank.from_dict(tiny_bank_document())
    >>> chances = success_chances(bank, {"count": 1.0}, 1.0)
    >>> picks = three_choices(bank, {"count": "mastered"}, ["count"], ["count-1"], chances)
    >>> [(c.code, c.item.id) for c in picks]
    [('just_right', 'story-1')]
    """
    done = set(answered)
    practised_set = set(practised)
    opened = {
        skill.id
        for skill in bank.skills
        if skill.id in practised_set
        or all(status.get(p) == "mastered" for p in skill.prerequisites)
    }
    nearby = opened | {
        skill.id
        for skill in bank.skills
        if skill.prerequisites and all(p in practised_set for p in skill.prerequisites)
    }
    pools = {
        "review": practised_set,
        "just_right": opened,
        "challenge": nearby,
    }
    picks: list[ChildChoice] = []
    taken: set[str] = set()
    for code, target in CHOICE_TARGETS.items():
        best: tuple[float, str, int] | None = None
        for position, item in enumerate(bank.items):
            if item.id in done or item.id in taken or item.skills[0] not in pools[code]:
                continue
            chance = float(chances[position])
            if code == "challenge" and picks and chance >= picks[-1].chance:
                continue  # a challenge is harder than what came before
            key = (abs(chance - target), item.id, position)
            if best is None or key < best:
                best = key
        if best is not None:
            item = bank.items[best[2]]
            picks.append(ChildChoice(code, item, float(chances[best[2]])))
            taken.add(item.id)
    return picks
