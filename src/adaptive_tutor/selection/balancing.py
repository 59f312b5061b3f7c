"""Content balancing: steer the item mix towards target proportions per skill.

Examples
--------
>>> import numpy as np
>>> from adaptive_tutor.context import DecisionContext, ResponseHistory
>>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
>>> bank = ItemBank.from_dict(tiny_bank_document())
>>> history = ResponseHistory.from_records(bank, [("count-1", 1)])
>>> balance = ContentBalance({"count": 0.5, "add": 0.5})
>>> balance.restrict(DecisionContext(bank, None, history), np.ones(3, bool)).tolist()
[False, True, True]
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from numpy.typing import NDArray

from adaptive_tutor._validation import check_real, name_some
from adaptive_tutor.context import DecisionContext
from adaptive_tutor.item_bank import ItemBank

__all__ = ["ContentBalance"]


class ContentBalance:
    """Target proportions of items per skill (by each item's first skill).

    Before scoring, the selector keeps only the items of the targeted skill that lags
    furthest behind its target share (among skills that still have eligible items);
    skills not listed have target 0. Proportions are normalised to sum to 1.

    Parameters
    ----------
    targets : mapping of skill id to float
        Non-negative weights, at least one positive. At the first selection on a bank,
        a targeted skill that the bank does not have, or that is the first skill of none
        of its items, raises a ValueError naming it.

    Examples
    --------
    >>> ContentBalance({"count": 1, "add": 3}).targets
    {'count': 0.25, 'add': 0.75}
    """

    def __init__(self, targets: Mapping[str, float]) -> None:
        weights = {
            str(skill): check_real(value, f"targets[{skill!r}]", "ContentBalance", minimum=0.0)
            for skill, value in dict(targets).items()
        }
        total = sum(weights.values())
        if total <= 0:
            raise ValueError(
                "The 'targets' parameter of ContentBalance must hold at least one positive "
                f"proportion. Got {dict(targets)!r}."
            )
        self.targets = {skill: value / total for skill, value in weights.items()}
        self._checked: set[str] = set()

    def _check_bank(self, bank: ItemBank, primary: NDArray[np.intp]) -> None:
        """Refuse targets on skills the bank lacks or gives no item of (once per bank)."""
        skills = bank.skill_ids
        unknown = [s for s in self.targets if s not in skills]
        if unknown:
            raise ValueError(
                f"The 'targets' parameter of ContentBalance names skills that bank "
                f"{bank.metadata.id!r} does not have: {name_some(unknown)}; its skills are "
                f"{name_some(skills, limit=20)}."
            )
        counts = np.bincount(primary, minlength=len(skills))
        empty = [s for s in self.targets if counts[skills.index(s)] == 0 and self.targets[s] > 0]
        if empty:
            raise ValueError(
                f"The 'targets' parameter of ContentBalance names skills with no items in "
                f"bank {bank.metadata.id!r} (as an item's first skill): {name_some(empty)}; "
                "give them target 0 or leave them out."
            )
        self._checked.add(bank.fingerprint)

    def restrict(self, context: DecisionContext, mask: NDArray[np.bool_]) -> NDArray[np.bool_]:
        """Return ``mask`` narrowed to the most under-represented targeted skill.

        Parameters
        ----------
        context : DecisionContext
            The decision's bank and history.
        mask : ndarray of bool
            Eligible items, one flag per bank item.

        Returns
        -------
        ndarray of bool
            ``mask`` narrowed to the items of the skill furthest below its target.

        Raises
        ------
        ValueError
            If a target names a skill the bank does not have or that no item practises
            first.

        Examples
        --------
        >>> import numpy as np
        >>> from adaptive_tutor.context import DecisionContext
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> ContentBalance({"add": 1}).restrict(DecisionContext(bank, None), np.ones(3, bool))
        array([False,  True,  True])
        """
        bank = context.bank
        primary = context.base_tables.primary_skill
        n_skills = len(bank.skill_ids)
        if bank.fingerprint not in self._checked:
            self._check_bank(bank, primary)
        target = np.zeros(n_skills)
        for skill, share in self.targets.items():
            target[bank.skill_ids.index(skill)] = share
        seen = primary[context.history.item_index]
        observed = np.bincount(seen, minlength=n_skills) / max(seen.shape[0], 1)
        available = np.bincount(primary[mask], minlength=n_skills) > 0
        usable = available & (target > 0)
        if not usable.any():
            return mask
        deficit = np.where(usable, target - observed, -np.inf)
        chosen = int(np.argmax(deficit))
        return np.asarray(mask & (primary == chosen))

    def __repr__(self) -> str:
        return f"ContentBalance({self.targets!r})"
