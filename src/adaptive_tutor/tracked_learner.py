"""A learner model for sessions: the IRT learner state plus a model of learning beside it.

IRT assumes a fixed ability while practice changes what a child knows. A
:class:`TrackedLearner` keeps the IRT :class:`~adaptive_tutor.learner.LearnerState` (abilities,
standard errors, mastery classification, information-based selection) and, beside it, a
*tracker* that models learning: Bayesian knowledge tracing or Elo ratings. Both see every
answer. Practice selection (:class:`~adaptive_tutor.selection.TargetProbability`) then aims
at the tracker's prediction of the next answer, which follows learning during the session.

A partial-credit answer counts as correct for the tracker only at full marks.

Examples
--------
>>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
>>> from adaptive_tutor.knowledge_tracing import BayesianKnowledgeTracing
>>> bank = ItemBank.from_dict(tiny_bank_document())
>>> bkt = BayesianKnowledgeTracing.from_params({
...     "count": {"prior": 0.6, "learn": 0.2, "guess": 0.25, "slip": 0.1},
...     "add": {"prior": 0.3, "learn": 0.2, "guess": 0.2, "slip": 0.1}})
>>> learner = TrackedLearner.start(bank, bkt).update(bank, "add-1", 1)
>>> round(learner.mastery_probabilities()["add"], 3)  # 0.3 -> 0.659 seen right -> learns
0.727
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.special import expit

from adaptive_tutor._replay import replay_learner_state
from adaptive_tutor.context import AbilityView
from adaptive_tutor.elo import EloRatings, EloState
from adaptive_tutor.exceptions import SessionStateError
from adaptive_tutor.item_bank import ItemBank
from adaptive_tutor.knowledge_tracing import BayesianKnowledgeTracing, BKTParams, MasteryState
from adaptive_tutor.learner import LearnerState

__all__ = ["TRACKED_LEARNER_VERSION", "TrackedLearner"]

TRACKED_LEARNER_VERSION = 1
"""Version of the dict produced by :meth:`TrackedLearner.to_dict`."""

Tracker = BayesianKnowledgeTracing | EloRatings
TrackerState = MasteryState | EloState
FloatArray = NDArray[np.float64]


class TrackedLearner:
    """The IRT learner state and a learning tracker (BKT or Elo), updated together.

    Plug it into a session with ``TutoringSession(bank, learner_model=TrackedLearner.start(
    bank, tracker))``; restore a saved session with ``learner_model=TrackedLearner``. The
    object is immutable: :meth:`update` returns a new one.

    Parameters
    ----------
    tracker : BayesianKnowledgeTracing or EloRatings
        A fitted model (``fit``, ``from_params`` or ``from_difficulties``). A BKT model must
        know every skill of the bank.
    irt_state : LearnerState
        The IRT learner state.
    tracker_state : MasteryState or EloState
        The tracker's state for this learner.

    Examples
    --------
    >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
    >>> bank = ItemBank.from_dict(tiny_bank_document())
    >>> elo = EloRatings.from_difficulties({"count-1": -1.5, "add-1": -0.5, "story-1": 0.2})
    >>> learner = TrackedLearner.start(bank, elo)
    >>> learner.success_probability(bank).round(3).tolist()
    [0.818, 0.622, 0.45]
    """

    __slots__ = ("_irt_state", "_tracker", "_tracker_state")

    def __init__(
        self, tracker: Tracker, irt_state: LearnerState, tracker_state: TrackerState
    ) -> None:
        self._tracker = tracker
        self._irt_state = irt_state
        self._tracker_state = tracker_state

    @classmethod
    def start(cls, bank: ItemBank, tracker: Tracker) -> TrackedLearner:
        """A new learner on ``bank``: IRT prior and the tracker's initial state.

        Parameters
        ----------
        bank : ItemBank
            The learner's bank.
        tracker : BayesianKnowledgeTracing or EloRatings
            The fitted tracker.

        Returns
        -------
        TrackedLearner
            A learner without answers.

        Raises
        ------
        TypeError
            If ``tracker`` is neither a BKT nor an Elo model.
        SessionStateError
            If a BKT tracker does not know every skill of the bank.

        Examples
        --------
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> TrackedLearner.start(bank, EloRatings.from_difficulties({})).irt_state.n_responses
        0
        """
        _check_tracker(tracker, bank)
        return cls(tracker, LearnerState.start(bank), _initial_state(tracker, bank))

    @property
    def tracker(self) -> Tracker:
        """The learning model (BKT or Elo).

        Examples
        --------
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> type(TrackedLearner.start(bank, EloRatings.from_difficulties({})).tracker).__name__
        'EloRatings'
        """
        return self._tracker

    @property
    def irt_state(self) -> LearnerState:
        """The IRT learner state (abilities per skill and overall).

        Examples
        --------
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> TrackedLearner.start(bank, EloRatings.from_difficulties({})).irt_state.skill_ids
        ('count', 'add')
        """
        return self._irt_state

    @property
    def tracker_state(self) -> TrackerState:
        """The tracker's state for this learner.

        Examples
        --------
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> TrackedLearner.start(bank, EloRatings.from_difficulties({})).tracker_state
        EloState(rating=0.0, n_responses=0)
        """
        return self._tracker_state

    def update(self, bank: ItemBank, item_id: str, response: int) -> TrackedLearner:
        """Both models after one answer (IRT with the score, tracker with full marks or not).

        Parameters
        ----------
        bank : ItemBank
            The learner's bank.
        item_id : str
            The answered item.
        response : int
            Its score.

        Returns
        -------
        TrackedLearner
            A new learner; this one is unchanged.

        Examples
        --------
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> elo = EloRatings.from_difficulties({"story-1": 0.0})
        >>> learner = TrackedLearner.start(bank, elo).update(bank, "story-1", 1)
        >>> learner.tracker_state.rating  # a score of 1 of 2 is not full marks
        -0.5
        """
        item = bank[item_id]
        irt_state = self._irt_state.update(bank, item_id, response)
        correct = int(response == item.max_score)
        tracker, state = self._tracker, self._tracker_state
        tracker_state: TrackerState
        # Two branches, not one: each narrows the pair for the type checker.
        if isinstance(tracker, EloRatings) and isinstance(state, EloState):  # noqa: SIM114
            tracker_state = tracker.observe(state, item, correct)
        elif isinstance(tracker, BayesianKnowledgeTracing) and isinstance(state, MasteryState):
            tracker_state = tracker.observe(state, item, correct)
        else:  # pragma: no cover - the constructors pair them
            raise _mismatch(tracker, state)
        return TrackedLearner(tracker, irt_state, tracker_state)

    def ability_view(self, bank: ItemBank) -> AbilityView:
        """The IRT posterior per skill and overall, for selectors and stopping rules.

        Parameters
        ----------
        bank : ItemBank
            The learner's bank.

        Returns
        -------
        AbilityView
            The IRT state's view.

        Examples
        --------
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> view = TrackedLearner.start(bank, EloRatings.from_difficulties({})).ability_view(bank)
        >>> view.skill_ids
        ('count', 'add')
        """
        return self._irt_state.ability_view(bank)

    def success_probability(self, bank: ItemBank) -> FloatArray:
        """The tracker's P(full marks on the next answer) for every bank item (bank order).

        BKT averages its per-skill predictions over an item's skills; Elo compares the
        learner's rating with each item's rating (its prior difficulty if never seen).

        Parameters
        ----------
        bank : ItemBank
            The learner's bank.

        Returns
        -------
        ndarray of float
            One probability per bank item.

        Examples
        --------
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> bkt = BayesianKnowledgeTracing.from_params({
        ...     "count": {"prior": 0.5, "learn": 0.2, "guess": 0.2, "slip": 0.1},
        ...     "add": {"prior": 0.5, "learn": 0.2, "guess": 0.2, "slip": 0.1}})
        >>> TrackedLearner.start(bank, bkt).success_probability(bank).tolist()
        [0.55, 0.55, 0.55]
        """
        tracker, state = self._tracker, self._tracker_state
        if isinstance(tracker, EloRatings) and isinstance(state, EloState):
            return np.asarray(expit(state.rating - _item_ratings(tracker, bank)), dtype=np.float64)
        if isinstance(tracker, BayesianKnowledgeTracing) and isinstance(state, MasteryState):
            per_skill = np.array([tracker.predict_correct(state, s) for s in bank.skill_ids])
            matrix = bank.skill_matrix.astype(np.float64)
            return np.asarray(matrix @ per_skill / matrix.sum(axis=1), dtype=np.float64)
        raise _mismatch(tracker, state)  # pragma: no cover - the constructors pair them

    def mastery_probabilities(self) -> dict[str, float]:
        """P(mastered) per skill from knowledge tracing.

        Returns
        -------
        dict of str to float
            P(mastered) by skill id.

        Raises
        ------
        SessionStateError
            If the tracker is an Elo model, which has no mastery state.

        Examples
        --------
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> bkt = BayesianKnowledgeTracing.from_params({
        ...     "count": {"prior": 0.5, "learn": 0.2, "guess": 0.2, "slip": 0.1},
        ...     "add": {"prior": 0.4, "learn": 0.2, "guess": 0.2, "slip": 0.1}})
        >>> TrackedLearner.start(bank, bkt).mastery_probabilities()
        {'count': 0.5, 'add': 0.4}
        """
        if not isinstance(self._tracker_state, MasteryState):
            raise SessionStateError(
                "mastery_probabilities needs a knowledge-tracing tracker; an Elo tracker has "
                "ratings only (see tracker_state.rating)."
            )
        return dict(self._tracker_state.mastery)

    @property
    def settings(self) -> dict[str, Any]:
        """What the learner was started with: IRT grid settings and the tracker's parameters.

        A saved session keeps these and its answers; :meth:`from_settings` and
        :meth:`replay` rebuild the learner from them.

        Examples
        --------
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> learner = TrackedLearner.start(bank, EloRatings.from_difficulties({"add-1": 0.5}))
        >>> sorted(learner.settings), learner.settings["tracker"]["kind"]
        (['irt', 'tracker'], 'elo')
        """
        block = self._tracker_block()
        del block["state"]
        return {"irt": self._irt_state.settings, "tracker": block}

    @classmethod
    def from_settings(cls, bank: ItemBank, settings: Mapping[str, Any]) -> TrackedLearner:
        """A new learner on ``bank`` (no answers yet) from :attr:`settings`.

        Parameters
        ----------
        bank : ItemBank
            The learner's bank.
        settings : mapping
            The :attr:`settings` of a tracked learner.

        Returns
        -------
        TrackedLearner
            A learner without answers.

        Raises
        ------
        SessionStateError
            For malformed settings or a tracker that does not fit the bank.

        Examples
        --------
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> learner = TrackedLearner.start(bank, EloRatings.from_difficulties({"add-1": 0.5}))
        >>> TrackedLearner.from_settings(bank, learner.settings).tracker_state.n_responses
        0
        """
        try:
            irt_state = LearnerState.start(bank, **settings["irt"])
            tracker = _tracker_from_block(settings["tracker"])
        except (KeyError, TypeError, ValueError) as error:
            if isinstance(error, SessionStateError):
                raise
            raise SessionStateError(
                f"These TrackedLearner settings are malformed: {error}."
            ) from None
        _check_tracker(tracker, bank)
        return cls(tracker, irt_state, _initial_state(tracker, bank))

    def replay(
        self, bank: ItemBank, positions: NDArray[np.intp], responses: NDArray[np.int64]
    ) -> TrackedLearner:
        """This learner after the answers (bank positions and scores, already checked).

        The IRT state is rebuilt in one vectorised pass; the tracker sees the answers one
        by one, in order, as :meth:`update` would.

        Parameters
        ----------
        bank : ItemBank
            The learner's bank.
        positions : ndarray of intp
            Bank positions of the answered items, in order.
        responses : ndarray of int
            Their scores.

        Returns
        -------
        TrackedLearner
            A new learner; this one is unchanged.

        Examples
        --------
        >>> import numpy as np
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> learner = TrackedLearner.start(bank, EloRatings.from_difficulties({"add-1": 0.0}))
        >>> again = learner.replay(bank, np.array([1]), np.array([1]))
        >>> again.tracker_state.rating == learner.update(bank, "add-1", 1).tracker_state.rating
        True
        """
        irt_state = replay_learner_state(self._irt_state, bank, positions, responses)
        tracker, state = self._tracker, self._tracker_state
        items = bank.items
        for position, score in zip(positions.tolist(), responses.tolist(), strict=True):
            item = items[position]
            correct = int(score == item.max_score)
            if isinstance(tracker, EloRatings) and isinstance(state, EloState):  # noqa: SIM114
                state = tracker.observe(state, item, correct)
            elif isinstance(tracker, BayesianKnowledgeTracing) and isinstance(state, MasteryState):
                state = tracker.observe(state, item, correct)
            else:  # pragma: no cover - the constructors pair them
                raise _mismatch(tracker, state)
        return TrackedLearner(tracker, irt_state, state)

    def _tracker_block(self) -> dict[str, Any]:
        tracker = self._tracker
        if isinstance(tracker, EloRatings):
            block: dict[str, Any] = {
                "kind": "elo",
                "hyperparameters": tracker.get_params(),
                "item_ratings": {str(k): float(v) for k, v in tracker.item_ratings_.items()},
                "item_counts": {str(k): int(v) for k, v in tracker.item_counts_.items()},
            }
        else:
            block = {
                "kind": "bkt",
                "hyperparameters": tracker.get_params(),
                "params": tracker.params_.to_dict(),
            }
        block["state"] = self._tracker_state.to_dict()
        return block

    def to_dict(self) -> dict[str, Any]:
        """JSON-compatible state, with the tracker's parameters so it restores alone.

        Returns
        -------
        dict
            ``kind``, ``version``, the IRT state and the tracker with its state, for
            :meth:`from_dict`.

        Examples
        --------
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> data = TrackedLearner.start(bank, EloRatings.from_difficulties({"a": 1.0})).to_dict()
        >>> sorted(data), data["tracker"]["kind"]
        (['irt', 'kind', 'tracker', 'version'], 'elo')
        """
        return {
            "kind": "adaptive_tutor.TrackedLearner",
            "version": TRACKED_LEARNER_VERSION,
            "irt": self._irt_state.to_dict(),
            "tracker": self._tracker_block(),
        }

    @classmethod
    def from_dict(cls, bank: ItemBank, data: Mapping[str, Any]) -> TrackedLearner:
        """Restore a learner saved by :meth:`to_dict` (checked against ``bank``).

        Parameters
        ----------
        bank : ItemBank
            The bank the learner was saved with.
        data : mapping
            The saved learner (it may come back from a browser: it is checked).

        Returns
        -------
        TrackedLearner
            The learner as saved.

        Raises
        ------
        SessionStateError
            For a dict of another kind, a newer version, or a state of another bank.

        Examples
        --------
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> learner = TrackedLearner.start(bank, EloRatings.from_difficulties({"add-1": 0.5}))
        >>> again = TrackedLearner.from_dict(bank, learner.update(bank, "add-1", 1).to_dict())
        >>> again.tracker_state.n_responses, again.irt_state.n_responses
        (1, 1)
        """
        if not isinstance(data, Mapping) or data.get("kind") != "adaptive_tutor.TrackedLearner":
            raise SessionStateError(
                "This dict is not a saved TrackedLearner (its 'kind' is missing or different)."
            )
        version = data.get("version")
        if not isinstance(version, int) or version > TRACKED_LEARNER_VERSION:
            raise SessionStateError(
                f"This TrackedLearner state has version {version!r}; this version of "
                f"adaptive_tutor reads versions up to {TRACKED_LEARNER_VERSION}."
            )
        try:
            block = data["tracker"]
            irt_state = LearnerState.from_dict(bank, data["irt"])
            tracker, state = _restore_tracker(block)
        except (KeyError, TypeError) as error:
            raise SessionStateError(
                f"This TrackedLearner state is malformed: missing or wrong field {error}."
            ) from None
        _check_tracker(tracker, bank)
        return cls(tracker, irt_state, state)

    def __repr__(self) -> str:
        return (
            f"TrackedLearner(tracker={type(self._tracker).__name__}, "
            f"n_responses={self._irt_state.n_responses})"
        )


def _initial_state(tracker: Tracker, bank: ItemBank) -> TrackerState:
    """The tracker's state for a new learner (BKT tracks the bank's skills; Elo one rating)."""
    if isinstance(tracker, EloRatings):
        return tracker.initial_state()
    return tracker.initial_state(bank.skill_ids)


def _item_ratings(elo: EloRatings, bank: ItemBank) -> FloatArray:
    """Every bank item's Elo rating in bank order (one reindex; cold start for new items)."""
    ratings = np.array(elo.item_ratings_.reindex(list(bank.item_ids)), dtype=np.float64)
    for position in np.flatnonzero(np.isnan(ratings)):  # only items never rated
        ratings[position] = elo.item_rating(bank.item_ids[position])
    return ratings


def _mismatch(tracker: object, state: object) -> SessionStateError:
    return SessionStateError(
        f"TrackedLearner cannot pair a {type(tracker).__name__} with a {type(state).__name__}."
    )


def _tracker_from_block(block: Mapping[str, Any]) -> Tracker:
    kind = block["kind"]
    hyperparameters = dict(block["hyperparameters"])
    tracker: Tracker
    if kind == "elo":
        tracker = EloRatings.from_difficulties(
            block["item_ratings"], counts=block["item_counts"], **hyperparameters
        )
        return tracker
    if kind == "bkt":
        params = BKTParams.from_dict(block["params"])
        tracker = BayesianKnowledgeTracing.from_params(params, **hyperparameters)
        return tracker
    raise SessionStateError(f"Unknown tracker kind {kind!r}; expected 'bkt' or 'elo'.")


def _restore_tracker(block: Mapping[str, Any]) -> tuple[Tracker, TrackerState]:
    tracker = _tracker_from_block(block)
    if isinstance(tracker, EloRatings):
        return tracker, EloState.from_dict(block["state"])
    return tracker, MasteryState.from_dict(block["state"])


def _check_tracker(tracker: Any, bank: ItemBank) -> None:
    if isinstance(tracker, EloRatings):
        if not hasattr(tracker, "item_ratings_"):
            raise SessionStateError(
                "The Elo tracker is not fitted; use EloRatings.fit(log) or "
                "EloRatings.from_difficulties(...) first."
            )
        return
    if not isinstance(tracker, BayesianKnowledgeTracing):
        raise TypeError(
            "The 'tracker' parameter of TrackedLearner must be a BayesianKnowledgeTracing or "
            f"EloRatings model. Got {type(tracker).__name__}."
        )
    known = set(getattr(tracker, "skill_ids_", ()))
    missing = [s for s in bank.skill_ids if s not in known]
    if missing:
        raise SessionStateError(
            f"The knowledge-tracing model has no parameters for skills {missing} of bank "
            f"{bank.metadata.id!r}; fit it on a log covering them or give them parameters."
        )
