"""What a learner model is: the protocol sessions, selectors and stopping rules rely on.

A *learner model* holds what the tutor believes about one learner. A session updates it
with every answer, selectors and stopping rules read it through its
:class:`~adaptive_tutor.context.AbilityView`, and a saved session restores it. The IRT
:class:`~adaptive_tutor.learner.LearnerState` and
:class:`~adaptive_tutor.tracked_learner.TrackedLearner` are learner models; an app may plug
in its own by giving it the methods of :class:`LearnerModel`.

Examples
--------
>>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
>>> from adaptive_tutor.learner import LearnerState
>>> bank = ItemBank.from_dict(tiny_bank_document())
>>> isinstance(LearnerState.start(bank), LearnerModel)
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    from adaptive_tutor.context import AbilityView
    from adaptive_tutor.item_bank import ItemBank

__all__ = ["LearnerModel", "Tracker", "apply_update"]


@runtime_checkable
class LearnerModel(Protocol):
    """The methods a learner model has (a structural type: no base class to inherit).

    ``update`` may return a new model (immutable models, like
    :class:`~adaptive_tutor.learner.LearnerState`) or change the model in place and return
    ``None``. To restore saved sessions the model's class also has a classmethod
    ``from_dict(bank, data)`` that reverses :meth:`to_dict`.

    Examples
    --------
    >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
    >>> from adaptive_tutor.learner import LearnerState
    >>> bank = ItemBank.from_dict(tiny_bank_document())
    >>> model: LearnerModel = LearnerState.start(bank)
    >>> apply_update(model, bank, "add-1", 1).ability_view(bank).skill_ids
    ('count', 'add')
    """

    def update(self, bank: ItemBank, item_id: str, response: int) -> Any:
        """Record one scored answer; return the updated model (or None if updated in place).

        Parameters
        ----------
        bank : ItemBank
            The bank the answered item belongs to.
        item_id : str
            The answered item.
        response : int
            The answer's score, ``0..max_score`` of the item.

        Returns
        -------
        LearnerModel or None
            The model after the answer, or None when the model changed in place.
        """

    def ability_view(self, bank: ItemBank) -> AbilityView:
        """The ability posterior per skill and overall, for selectors and stopping rules.

        Parameters
        ----------
        bank : ItemBank
            The bank whose skills the rows of the view follow.

        Returns
        -------
        AbilityView
            One row per skill of ``bank``, then the overall scale.
        """

    def to_dict(self) -> dict[str, Any]:
        """A JSON-compatible dict the model's class can restore with ``from_dict``.

        Returns
        -------
        dict
            The saved model.
        """


@runtime_checkable
class Tracker(Protocol):
    """A model of learning that follows one learner answer by answer (BKT, Elo).

    A tracker is no learner model by itself: :class:`~adaptive_tutor.tracked_learner.
    TrackedLearner` runs one beside the IRT learner state. Its state is a separate object
    (``MasteryState``, ``EloState``) that ``observe`` returns anew after every answer.

    Examples
    --------
    >>> from adaptive_tutor.elo import EloRatings
    >>> isinstance(EloRatings.from_difficulties({"add-1": 0.0}), Tracker)
    True
    """

    def observe(self, state: Any, item: Any, correct: bool | int) -> Any:
        """The learner's state after answering ``item`` (right or wrong).

        Parameters
        ----------
        state : object
            The learner's current tracker state.
        item : Item
            The answered bank item.
        correct : bool or {0, 1}
            Whether the answer earned full marks.

        Returns
        -------
        object
            The new tracker state.
        """

    def predict_item(self, state: Any, item: Any) -> float:
        """P(the learner answers ``item`` correctly next).

        Parameters
        ----------
        state : object
            The learner's current tracker state.
        item : Item
            A bank item.

        Returns
        -------
        float
            The predicted probability of a correct answer.
        """


def apply_update(model: Any, bank: ItemBank, item_id: str, response: int) -> Any:
    """Update a learner model with one answer and return the model after it.

    Works for models that return a new object and for models that change in place.

    Parameters
    ----------
    model : LearnerModel
        The learner model.
    bank : ItemBank
        The bank the answered item belongs to.
    item_id : str
        The answered item.
    response : int
        The answer's score.

    Returns
    -------
    LearnerModel
        The updated model (``model`` itself when it changed in place).

    Examples
    --------
    >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
    >>> from adaptive_tutor.learner import LearnerState
    >>> bank = ItemBank.from_dict(tiny_bank_document())
    >>> apply_update(LearnerState.start(bank), bank, "add-1", 1).n_responses
    1
    """
    result = model.update(bank, item_id, response)
    return model if result is None else result
