"""Elo ratings of learners and items: the estimator fitted on logs and used in sessions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
from sklearn.base import BaseEstimator

from adaptive_tutor._learning_log import EncodedLog
from adaptive_tutor._validation import check_correct, check_int, check_real
from adaptive_tutor.elo._log import OWNER, check_priors, encode, merge
from adaptive_tutor.elo._scale import elo_to_irt
from adaptive_tutor.elo._state import EloState
from adaptive_tutor.elo._update import Start, langevin, logistic, replay, time_score
from adaptive_tutor.exceptions import NotFittedError, SessionStateError

__all__ = ["EloRatings"]

FloatArray = npt.NDArray[np.float64]


class EloRatings(BaseEstimator):  # type: ignore[misc]
    """Elo ratings of learners and items learned from a time-ordered log.

    Parameters
    ----------
    alpha : float, default 1.0
        Step size of a learner's first update.
    beta : float, default 0.05
        Decay of the learner step size: ``alpha / (1 + beta * n)``.
    item_alpha, item_beta : float, optional
        The same for items (default: ``alpha`` and ``beta``).
    initial_rating : float, default 0.0
        Rating of a new learner (logits).
    prior_difficulty : float, default 0.0
        Rating of a new item without a prior of its own (cold start).
    time_limit : float, optional
        Deadline in seconds for response-time scoring (high-speed high-stakes rule); used
        when the log has a ``response_time`` column or ``update`` gets ``response_time``.
    n_passes : int, default 1
        Passes over the log in :meth:`fit` (later passes refine the item ratings; ratings
        and counts carry over between passes).

    Attributes
    ----------
    item_ratings_ : Series
        Item ratings (logits) indexed by item id.
    item_counts_ : Series
        Answers behind each item rating.
    learner_ratings_ : Series
        Learner ratings after the log, indexed by learner id.
    learner_counts_ : Series
        Answers per learner.
    training_predictions_ : ndarray
        P(correct) predicted for each row of the log before its update (last pass).

    Notes
    -----
    In a session, :meth:`update` moves the learner only; item ratings change in
    :meth:`fit` / :meth:`partial_fit` on logged answers, so one child's session cannot shift
    the difficulty others see. Rows must be in time order per learner: with a ``timestamp``
    (or ``order``) column, each learner's rows must already be sorted by it (non-decreasing),
    and a learner whose rows are out of order raises
    :class:`~adaptive_tutor.exceptions.ResponseDataError` (sort first, e.g.
    ``log.sort_values(["learner_id", "timestamp"], kind="stable")``); rows of different
    learners are then interleaved by that column. Without such a column the row order is
    the time order.

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({"learner_id": [1, 1, 2, 2], "item_id": ["a", "b", "a", "b"],
    ...                     "correct": [1, 0, 1, 0]})
    >>> elo = EloRatings().fit(log)
    >>> bool(elo.item_ratings_["b"] > elo.item_ratings_["a"])
    True
    """

    item_ratings_: pd.Series
    item_counts_: pd.Series
    learner_ratings_: pd.Series
    learner_counts_: pd.Series
    prior_difficulties_: dict[str, float]
    training_predictions_: FloatArray

    def __init__(
        self,
        *,
        alpha: float = 1.0,
        beta: float = 0.05,
        item_alpha: float | None = None,
        item_beta: float | None = None,
        initial_rating: float = 0.0,
        prior_difficulty: float = 0.0,
        time_limit: float | None = None,
        n_passes: int = 1,
    ) -> None:
        self.alpha = alpha
        self.beta = beta
        self.item_alpha = item_alpha
        self.item_beta = item_beta
        self.initial_rating = initial_rating
        self.prior_difficulty = prior_difficulty
        self.time_limit = time_limit
        self.n_passes = n_passes

    # ------------------------------------------------------------------ fitting
    def fit(
        self,
        log: pd.DataFrame,
        y: None = None,
        *,
        prior_difficulties: Mapping[Any, float] | None = None,
    ) -> EloRatings:
        """Learn learner and item ratings in one sequential pass (or ``n_passes``).

        Parameters
        ----------
        log : DataFrame
            Columns ``learner_id``, ``item_id``, ``correct`` (or ``response``) with 0/1
            values, optionally ``timestamp`` (or ``order``) and ``response_time``. Each
            learner's rows must be in time order (out-of-order rows raise; see Notes).
        y : None
            Ignored.
        prior_difficulties : mapping item id -> rating, optional
            Starting ratings (logits) of items, e.g. ``irt_to_elo(b, D=bank.scale_D)`` from
            an author-estimated bank; other items start at ``prior_difficulty``. Also used
            for cold starts after fitting.

        Returns
        -------
        EloRatings
            ``self``, fitted.

        Examples
        --------
        >>> import pandas as pd
        >>> log = pd.DataFrame({"learner_id": [1, 2], "item_id": ["a", "a"],
        ...                     "correct": [0, 0]})
        >>> EloRatings().fit(log, prior_difficulties={"a": 1.0}).item_counts_["a"]
        np.int64(2)
        """
        config = self._config()
        priors = check_priors(prior_difficulties, f"{OWNER}.fit")
        encoded = encode(log, "fit", config)
        items = encoded.unit_ids
        item_start = np.array(
            [priors.get(item, config["prior_difficulty"]) for item in items], dtype=np.float64
        )
        self.prior_difficulties_ = priors
        self._run(
            log,
            encoded,
            learner_start=(np.full(len(encoded.learner_ids), config["initial_rating"]), None),
            item_start=(item_start, None),
        )
        return self

    def partial_fit(self, log: pd.DataFrame, y: None = None) -> EloRatings:
        """Continue from the current ratings with newly logged answers (one pass).

        Known learners and items keep their ratings and counts; new ones start cold.

        Parameters
        ----------
        log : DataFrame
            Same format as for :meth:`fit`.
        y : None
            Ignored.

        Returns
        -------
        EloRatings
            ``self``, updated.

        Examples
        --------
        >>> import pandas as pd
        >>> elo = EloRatings.from_difficulties({"a": 0.0})
        >>> log = pd.DataFrame({"learner_id": [1], "item_id": ["a"], "correct": [1]})
        >>> round(float(elo.partial_fit(log).item_ratings_["a"]), 3)
        -0.5
        """
        self._check_fitted()
        config = self._config()
        encoded = encode(log, "partial_fit", config)
        items = encoded.unit_ids
        learners = encoded.learner_ids
        item_ratings = self.item_ratings_.reindex(list(items))
        cold = np.array(
            [self.prior_difficulties_.get(i, config["prior_difficulty"]) for i in items]
        )
        learner_ratings = self.learner_ratings_.reindex(learners)
        learner_counts = self.learner_counts_.reindex(learners).fillna(0).to_numpy(np.int64)
        keep_items, keep_learners = self.item_ratings_, self.learner_ratings_
        keep_item_counts, keep_learner_counts = self.item_counts_, self.learner_counts_
        self._run(
            log,
            encoded,
            learner_start=(
                learner_ratings.fillna(config["initial_rating"]).to_numpy(np.float64),
                learner_counts,
            ),
            item_start=(
                np.where(item_ratings.isna(), cold, item_ratings.fillna(0.0)),
                self.item_counts_.reindex(list(items)).fillna(0).to_numpy(np.int64),
            ),
            passes=1,
        )
        self.item_ratings_ = merge(keep_items, self.item_ratings_)
        self.item_counts_ = merge(keep_item_counts, self.item_counts_)
        self.learner_ratings_ = merge(keep_learners, self.learner_ratings_)
        self.learner_counts_ = merge(keep_learner_counts, self.learner_counts_)
        return self

    @classmethod
    def from_difficulties(
        cls,
        difficulties: Mapping[Any, float],
        *,
        counts: Mapping[Any, int] | None = None,
        **kwargs: Any,
    ) -> Any:
        """A ready-to-use model from known item ratings (logits), e.g. a calibrated bank.

        Parameters
        ----------
        difficulties : mapping item id -> rating
            Item ratings on the logit scale (``irt_to_elo(b, D=...)`` for IRT values).
        counts : mapping item id -> int, optional
            How many answers each rating is worth (sets later step sizes); default 0.
        **kwargs
            Hyperparameters passed to the constructor.

        Returns
        -------
        EloRatings

        Examples
        --------
        >>> elo = EloRatings.from_difficulties({"a": -1.0, "b": 1.0})
        >>> round(elo.predict_correct(elo.initial_state(), "a"), 4)
        0.7311
        """
        model = cls(**kwargs)
        model._config()
        priors = check_priors(difficulties, f"{OWNER}.from_difficulties")
        index = pd.Index(list(priors), name="item_id")
        model.item_ratings_ = pd.Series(list(priors.values()), index=index, name="rating")
        given = {str(k): int(v) for k, v in (counts or {}).items()}
        model.item_counts_ = pd.Series(
            [given.get(i, 0) for i in index], index=index, name="n_responses", dtype=np.int64
        )
        model.learner_ratings_ = pd.Series(
            [], index=pd.Index([], name="learner_id"), name="rating", dtype=np.float64
        )
        model.learner_counts_ = pd.Series(
            [], index=pd.Index([], name="learner_id"), name="n_responses", dtype=np.int64
        )
        model.prior_difficulties_ = priors
        model.training_predictions_ = np.empty(0)
        return model

    # --------------------------------------------------------------- online use
    def initial_state(self) -> EloState:
        """A new learner: ``initial_rating``, no answers (one rating across skills).

        Returns
        -------
        EloState
            The state of a learner who has not answered yet.

        Examples
        --------
        >>> EloRatings(initial_rating=-0.5).initial_state()
        EloState(rating=-0.5, n_responses=0)
        """
        config = self._config()
        return EloState(rating=config["initial_rating"], n_responses=0)

    def update(
        self,
        state: EloState,
        item_id: Any,
        correct: bool | int,
        *,
        response_time: float | None = None,
    ) -> EloState:
        """The learner's new rating after one answer (items are not changed).

        Parameters
        ----------
        state : EloState
            The learner's current state.
        item_id : str
            Answered item; an item never seen starts from its prior difficulty.
        correct : bool or {0, 1}
            Whether the answer was correct.
        response_time : float, optional
            Seconds taken; with ``time_limit`` set the answer is scored by the high-speed
            high-stakes rule.

        Returns
        -------
        EloState
            A new state: the rating moved by the step size times the surprise of the
            answer, one more response counted.

        Raises
        ------
        SessionStateError
            If ``state`` is not an :class:`EloState`.
        ResponseDataError
            If ``correct`` is not True/False or 0/1.
        ValueError
            If ``response_time`` is negative.

        Examples
        --------
        >>> elo = EloRatings.from_difficulties({"a": 0.0}, time_limit=20.0)
        >>> elo.update(elo.initial_state(), "a", correct=True, response_time=5.0).rating
        0.75
        """
        config = self._config()
        if not isinstance(state, EloState):
            raise SessionStateError(
                f"{OWNER}.update needs an EloState (from initial_state or EloState.from_dict). "
                f"Got {type(state).__name__}."
            )
        answer = int(check_correct(correct, f"{OWNER}.update"))
        difficulty = self.item_rating(item_id)
        z = state.rating - difficulty
        time_limit = config["time_limit"]
        if time_limit is not None and response_time is not None:
            seconds = check_real(response_time, "response_time", f"{OWNER}.update", minimum=0)
            residual = time_score(answer, seconds, time_limit) - langevin(z)
        else:
            residual = answer - logistic(z)
        step = config["alpha"] / (1.0 + config["beta"] * state.n_responses)
        return EloState(rating=state.rating + step * residual, n_responses=state.n_responses + 1)

    def observe(
        self,
        state: EloState,
        item: Any,
        correct: bool | int,
        *,
        response_time: float | None = None,
    ) -> EloState:
        """:meth:`update` for an answered bank item (uses ``item.id``).

        The session-facing form shared with
        :class:`~adaptive_tutor.knowledge_tracing.BayesianKnowledgeTracing`.

        Parameters
        ----------
        state : EloState
            The learner's current state.
        item : Item
            Any object with an ``id`` attribute.
        correct : bool or {0, 1}
            Whether the answer was correct.
        response_time : float, optional
            Seconds taken (scored when ``time_limit`` is set).

        Returns
        -------
        EloState
            The learner's new state.

        Examples
        --------
        >>> from types import SimpleNamespace
        >>> elo = EloRatings.from_difficulties({"q1": 0.0})
        >>> elo.observe(elo.initial_state(), SimpleNamespace(id="q1"), correct=False).rating
        -0.5
        """
        return self.update(state, item.id, correct, response_time=response_time)

    def predict_item(self, state: EloState, item: Any) -> float:
        """:meth:`predict_correct` for a bank item (uses ``item.id``).

        Parameters
        ----------
        state : EloState
            The learner's state.
        item : Item
            Any object with an ``id`` attribute.

        Returns
        -------
        float
            The probability of a correct answer.

        Examples
        --------
        >>> from types import SimpleNamespace
        >>> elo = EloRatings.from_difficulties({"q1": 0.0})
        >>> elo.predict_item(elo.initial_state(), SimpleNamespace(id="q1"))
        0.5
        """
        return self.predict_correct(state, item.id)

    def predict_correct(self, state: EloState, item_id: Any) -> float:
        """P(correct) of the learner on ``item_id``.

        Parameters
        ----------
        state : EloState
            The learner's state.
        item_id : str
            Any item id (one never seen has its prior difficulty).

        Returns
        -------
        float
            The probability of a correct answer.

        Examples
        --------
        >>> elo = EloRatings.from_difficulties({"a": 0.0})
        >>> elo.predict_correct(elo.initial_state(), "a")
        0.5
        """
        return logistic(state.rating - self.item_rating(item_id))

    def ability(self, state: EloState, *, D: float = 1.0) -> float:
        """The learner's rating on the IRT theta scale (``rating / D``).

        Parameters
        ----------
        state : EloState
            The learner's state.
        D : float, default 1.0
            Scaling constant of the target IRT metric.

        Returns
        -------
        float
            The learner's ability on that IRT scale.

        Examples
        --------
        >>> EloRatings().ability(EloState(rating=1.702), D=1.702)
        1.0
        """
        return float(elo_to_irt(state.rating, D=D))

    def item_rating(self, item_id: Any) -> float:
        """Current rating of an item; a new item gets its prior difficulty (cold start).

        Parameters
        ----------
        item_id : str
            Any item id; one never seen is not an error.

        Returns
        -------
        float
            The item's rating (difficulty) on the logit scale.

        Examples
        --------
        >>> elo = EloRatings.from_difficulties({"a": 0.3}, prior_difficulty=-1.0)
        >>> elo.item_rating("a"), elo.item_rating("new")
        (0.3, -1.0)
        """
        self._check_fitted()
        key = str(item_id)
        ratings = self.item_ratings_
        if key in ratings.index:
            return float(ratings[key])
        prior = self.prior_difficulties_.get(key)
        return float(self._config()["prior_difficulty"] if prior is None else prior)

    def predict_proba(self, log: pd.DataFrame, y: None = None) -> FloatArray:
        """Replay a log with items fixed: P(correct) of each row before its answer.

        Learners start from ``initial_rating`` (held-out learners) and are updated after
        each of their answers; items keep their fitted ratings (new items: prior).

        Parameters
        ----------
        log : DataFrame
            Same format as for :meth:`fit`.
        y : None
            Ignored.

        Returns
        -------
        ndarray of shape (len(log),)
            P(correct) of each row, predicted before its answer.

        Examples
        --------
        >>> import pandas as pd
        >>> elo = EloRatings.from_difficulties({"a": 0.0})
        >>> log = pd.DataFrame({"learner_id": [1, 1], "item_id": ["a", "a"],
        ...                     "correct": [1, 1]})
        >>> elo.predict_proba(log).round(4).tolist()
        [0.5, 0.6225]
        """
        self._check_fitted()
        config = self._config()
        encoded = encode(log, "predict_proba", config)
        items = encoded.unit_ids
        item_ratings = np.array([self.item_rating(i) for i in items], dtype=np.float64)
        *_, predictions = replay(
            log,
            encoded,
            learner_start=(np.full(len(encoded.learner_ids), config["initial_rating"]), None),
            item_start=(item_ratings, None),
            learner_step=(config["alpha"], config["beta"]),
            item_step=None,
            time_limit=config["time_limit"],
            n_passes=1,
        )
        return predictions

    # ------------------------------------------------------------------ helpers
    def _config(self) -> dict[str, Any]:
        owner = OWNER
        alpha = check_real(self.alpha, "alpha", owner, minimum=0.0, exclusive_minimum=True)
        beta = check_real(self.beta, "beta", owner, minimum=0.0)
        item_alpha = alpha if self.item_alpha is None else self.item_alpha
        item_beta = beta if self.item_beta is None else self.item_beta
        time_limit = self.time_limit
        if time_limit is not None:
            time_limit = check_real(
                time_limit, "time_limit", owner, minimum=0.0, exclusive_minimum=True
            )
        return {
            "alpha": alpha,
            "beta": beta,
            "item_alpha": check_real(
                item_alpha, "item_alpha", owner, minimum=0.0, exclusive_minimum=True
            ),
            "item_beta": check_real(item_beta, "item_beta", owner, minimum=0.0),
            "initial_rating": check_real(self.initial_rating, "initial_rating", owner),
            "prior_difficulty": check_real(self.prior_difficulty, "prior_difficulty", owner),
            "time_limit": time_limit,
            "n_passes": check_int(self.n_passes, "n_passes", owner, minimum=1),
        }

    def _check_fitted(self) -> None:
        if not hasattr(self, "item_ratings_"):
            raise NotFittedError(
                f"This {OWNER} is not fitted yet: call fit(log) or build it with "
                f"{OWNER}.from_difficulties(...) first."
            )

    def _run(
        self,
        log: pd.DataFrame,
        encoded: EncodedLog,
        *,
        learner_start: Start,
        item_start: Start,
        passes: int | None = None,
    ) -> None:
        config = self._config()
        learners, learner_n, items, item_n, predictions = replay(
            log,
            encoded,
            learner_start=learner_start,
            item_start=item_start,
            learner_step=(config["alpha"], config["beta"]),
            item_step=(config["item_alpha"], config["item_beta"]),
            time_limit=config["time_limit"],
            n_passes=config["n_passes"] if passes is None else passes,
        )
        item_index = pd.Index(list(encoded.unit_ids), name="item_id")
        learner_index = pd.Index(encoded.learner_ids, name="learner_id")
        self.item_ratings_ = pd.Series(items, index=item_index, name="rating")
        self.item_counts_ = pd.Series(item_n, index=item_index, name="n_responses", dtype=np.int64)
        self.learner_ratings_ = pd.Series(learners, index=learner_index, name="rating")
        self.learner_counts_ = pd.Series(
            learner_n, index=learner_index, name="n_responses", dtype=np.int64
        )
        self.training_predictions_ = predictions
