"""Practice criteria: keep the learner succeeding often while still being stretched.

Examples
--------
>>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
>>> from adaptive_tutor.learner import LearnerState
>>> bank = ItemBank.from_dict(tiny_bank_document())
>>> TargetProbability(0.75).select(bank, LearnerState.start(bank), rng=0)
'count-1'
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from adaptive_tutor._validation import check_int, check_probability, check_real
from adaptive_tutor.context import DecisionContext
from adaptive_tutor.selection.balancing import ContentBalance
from adaptive_tutor.selection.base import ScoringSelector
from adaptive_tutor.selection.eligibility import EligibilityFilter
from adaptive_tutor.selection.exposure import ExposureControl

__all__ = ["TargetProbability"]

FloatArray = NDArray[np.float64]
IndexArray = NDArray[np.intp]


class TargetProbability(ScoringSelector):
    """Pick the item whose predicted success probability is closest to ``target``.

    The success probability is the posterior-predictive expected score as a share of the
    item's maximum score (for right/wrong items, ``P(correct)`` averaged over the current
    posterior). Variety across skills: an item loses ``variety`` times the share of the
    last ``variety_window`` items that practised its first skill, so a slightly less
    well-targeted item of another skill wins over another item of the same skill.

    A learner model without an ability grid plugs in by offering
    ``success_probability(bank) -> ndarray`` (one value per bank item).

    Parameters
    ----------
    target : float, default=0.75
        Desired success probability, in (0, 1).
    variety : float, default=0.1
        Weight of the same-skill penalty (0 disables it).
    variety_window : int, default=3
        Number of recent items the penalty looks at.
    eligibility, exposure, balancing : optional
        As in :class:`ScoringSelector`.
    scope : {"skill", "overall"}, default="skill"
        As in :class:`ScoringSelector`.
    between_skill_sd : float or None, default=0.5
        As in :class:`ScoringSelector`: with ``scope="skill"`` a skill's success
        probabilities borrow strength from the learner's other skills, so a struggling
        child's first items in a new skill are pitched at that child, not at an average one.

    Examples
    --------
    >>> TargetProbability(0.8, variety=0.0).target
    0.8
    """

    def __init__(
        self,
        target: float = 0.75,
        *,
        variety: float = 0.1,
        variety_window: int = 3,
        eligibility: Sequence[EligibilityFilter] | None = None,
        exposure: ExposureControl | None = None,
        balancing: ContentBalance | None = None,
        scope: str = "skill",
        between_skill_sd: float | None = 0.5,
    ) -> None:
        super().__init__(
            eligibility=eligibility,
            exposure=exposure,
            balancing=balancing,
            scope=scope,
            between_skill_sd=between_skill_sd,
        )
        owner = "TargetProbability"
        self.target = check_probability(target, "target", owner, open_interval=True)
        self.variety = check_real(variety, "variety", owner, minimum=0.0)
        self.variety_window = check_int(variety_window, "variety_window", owner, minimum=1)

    def success_probability(self, context: DecisionContext) -> FloatArray:
        """Predicted success probability of every bank item (bank order).

        Parameters
        ----------
        context : DecisionContext
            The decision's bank and learner.

        Returns
        -------
        ndarray of float
            One probability per bank item, in bank order.

        Examples
        --------
        >>> from adaptive_tutor.context import AbilityView, DecisionContext
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> context = DecisionContext(bank, AbilityView.prior(bank.skill_ids))
        >>> TargetProbability().success_probability(context).round(2).tolist()
        [0.84, 0.6, 0.47]
        """
        method = getattr(context.learner, "success_probability", None)
        if callable(method):
            return np.asarray(method(context.bank), dtype=np.float64)
        tables = context.tables
        return tables.weighted(tables.success, self._view(context).posterior, self._row(context))

    def _score(self, context: DecisionContext, candidates: IndexArray) -> FloatArray:
        success = self.success_probability(context)[candidates]
        scores = -np.abs(success - self.target)
        recent = context.history.item_index[-self.variety_window :]
        if self.variety > 0 and recent.size:
            primary = context.base_tables.primary_skill
            share = np.bincount(primary[recent], minlength=len(context.bank.skill_ids))
            scores -= self.variety * share[primary[candidates]] / recent.size
        return np.asarray(scores)
