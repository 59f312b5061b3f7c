"""Three things a child could try next: review, just right, challenge.

The child's page offers the same menu a practice session would
(:meth:`~adaptive_tutor.session.TutoringSession.offer_choices`): the learner state and
history rebuilt from the child's answers in the log, and
:func:`~adaptive_tutor.selection.choices.choice_menu` with a default
:class:`~adaptive_tutor.selection.TargetProbability` (no repeats, no enemies), whose
targets are 0.9 (review), 0.75 (just right) and 0.55 (challenge). So the app and the page
never suggest different things from the same answers.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from adaptive_tutor._replay import replay_learner_state
from adaptive_tutor.context import DecisionContext, ResponseHistory
from adaptive_tutor.item_bank import ItemBank
from adaptive_tutor.learner import LearnerState
from adaptive_tutor.selection.choices import ItemChoice, choice_menu
from adaptive_tutor.selection.practice import TargetProbability

__all__ = ["child_choices"]


def child_choices(bank: ItemBank, own: pd.DataFrame, k: int = 3) -> list[ItemChoice]:
    """The review / just-right / challenge menu for a learner's answers, easiest first.

    Parameters
    ----------
    bank : ItemBank
    own : pandas.DataFrame
        The learner's rows of a checked log (in time order when it has timestamps).
    k : int, default 3
        Number of choices.

    Returns
    -------
    list of ItemChoice
        Fewer when fewer items are left to offer.

    Examples
    --------
    >>> import pandas as pd
    >>> from adaptive_tutor.item_bank import ItemBank
    >>> from adaptive_tutor.examples import tiny_bank_document
    >>> bank = ItemBank.from_dict(tiny_bank_document())
    >>> own = pd.DataFrame({"learner_id": ["a"], "item_id": ["count-1"], "response": [1.0]})
    >>> [(c.label, c.item.id) for c in child_choices(bank, own)]
    [('review', 'story-1'), ('just_right', 'add-1')]
    """
    if "timestamp" in own.columns:
        own = own.sort_values("timestamp", kind="stable")
    positions = bank.indices_of(own["item_id"])
    scores = own["response"].to_numpy(np.float64).astype(np.int64)
    state = replay_learner_state(LearnerState.start(bank), bank, positions, scores)
    history = ResponseHistory.from_arrays(positions, scores.astype(np.float64))
    context = DecisionContext(bank, state, history)
    return choice_menu(context, TargetProbability(), k, rng=np.random.default_rng(0))
