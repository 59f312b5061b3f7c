"""Elo ratings for learners and items, with an uncertainty-decaying step size.

The model (Pelánek 2016, "Applications of the Elo rating system in adaptive educational
systems") is the Rasch model on the logit scale: a learner with rating ``theta`` answers an
item with rating (difficulty) ``d`` correctly with probability ``expit(theta - d)``. After an
answer with score ``s`` and expected score ``e``::

    theta += K(n_learner) * (s - e)        d -= K(n_item) * (s - e)
    K(n) = alpha / (1 + beta * n)          n = answers the learner / item had before

so new learners and new items move fast and settle as evidence accumulates.

Response-time scoring (optional, ``time_limit``): the high-speed high-stakes rule of Math
Garden (Klinkenberg, Straatemeier & van der Maas 2011; Maris & van der Maas 2012). An answer
given after ``t`` seconds with deadline ``time_limit`` scores
``s = (2 * correct - 1) * (1 - t / time_limit)`` (clipped to 0 at the deadline): fast
correct answers earn up to +1, fast wrong ones cost up to -1, slow answers count little. Its
expected value under the model is the Langevin function ``coth(z) - 1/z`` of
``z = theta - d``, and P(correct) is still ``expit(z)``, so ratings stay on the same scale.

Scale. Ratings are logits with slope 1: ``theta_irt = rating / D`` and ``b_irt = d / D`` for
a 1PL/Rasch bank with scaling constant ``D`` (1.0 logistic, 1.702 normal-ogive metric);
:func:`elo_to_irt` and :func:`irt_to_elo` convert. Chess-style Elo points use
``points = origin + rating * 400 / ln(10)`` (:func:`logit_to_elo_points`), so a 400-point gap
means odds of 10 to 1.

Cost. The pass over a log is sequential (each answer uses ratings updated by the previous
answers), so it is a Python loop over answers on plain floats and int codes: about 1 µs per
answer (about one second per million answers); everything around it is vectorised.

Examples
--------
>>> from adaptive_tutor.elo import EloRatings
>>> elo = EloRatings.from_difficulties({"q1": 0.0, "q2": 1.0})
>>> state = elo.update(elo.initial_state(), "q1", correct=True)
>>> state.rating, state.n_responses
(0.5, 1)
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy.special import expit
from sklearn.base import BaseEstimator

from adaptive_tutor._learning_log import EncodedLog, encode_log
from adaptive_tutor._validation import check_correct, check_int, check_real
from adaptive_tutor.exceptions import NotFittedError, ResponseDataError, SessionStateError

__all__ = [
    "EloRatings",
    "EloState",
    "elo_points_to_logit",
    "elo_to_irt",
    "estimate_item_difficulties",
    "expected_score",
    "irt_to_elo",
    "logit_to_elo_points",
]

FloatArray = npt.NDArray[np.float64]
OWNER = "EloRatings"
POINTS_PER_LOGIT = 400.0 / math.log(10.0)
STATE_KIND = "elo_learner"
STATE_VERSION = 1


# ---------------------------------------------------------------------- scale conversion
def elo_to_irt(ratings: npt.ArrayLike, *, D: float = 1.0) -> FloatArray:
    """Convert Elo ratings (logits) to the IRT scale of a Rasch bank: ``rating / D``.

    Works for learner ratings (-> theta) and item ratings (-> difficulty b).

    Parameters
    ----------
    ratings : array-like of float
        Ratings on the logit scale.
    D : float, default 1.0
        The bank's scaling constant (1.702 for the normal-ogive metric).

    Returns
    -------
    ndarray of float

    Examples
    --------
    >>> elo_to_irt([1.702, -3.404], D=1.702).tolist()
    [1.0, -2.0]
    """
    D = check_real(D, "D", "elo_to_irt", minimum=0.0, exclusive_minimum=True)
    return np.asarray(ratings, dtype=np.float64) / D


def irt_to_elo(values: npt.ArrayLike, *, D: float = 1.0) -> FloatArray:
    """Convert IRT thetas or difficulties to Elo ratings (logits): ``D * value``.

    Use it to cold-start item ratings from a calibrated or author-estimated bank. For a
    2PL item the slope is dropped (Elo assumes slope 1).

    Parameters
    ----------
    values : array-like of float
        Thetas or difficulties on the IRT scale.
    D : float, default 1.0
        The bank's scaling constant.

    Returns
    -------
    ndarray of float

    Examples
    --------
    >>> irt_to_elo([1.0, -2.0], D=1.702).tolist()
    [1.702, -3.404]
    """
    D = check_real(D, "D", "irt_to_elo", minimum=0.0, exclusive_minimum=True)
    return np.asarray(values, dtype=np.float64) * D


def logit_to_elo_points(ratings: npt.ArrayLike, *, origin: float = 1500.0) -> FloatArray:
    """Express logit ratings as chess-style Elo points: ``origin + rating * 400 / ln(10)``.

    Parameters
    ----------
    ratings : array-like of float
        Ratings on the logit scale.
    origin : float, default 1500
        Points of rating 0.

    Returns
    -------
    ndarray of float

    Examples
    --------
    >>> logit_to_elo_points([0.0, np.log(10.0)]).round(6).tolist()
    [1500.0, 1900.0]
    """
    origin = check_real(origin, "origin", "logit_to_elo_points")
    return origin + np.asarray(ratings, dtype=np.float64) * POINTS_PER_LOGIT


def elo_points_to_logit(points: npt.ArrayLike, *, origin: float = 1500.0) -> FloatArray:
    """Inverse of :func:`logit_to_elo_points`.

    Parameters
    ----------
    points : array-like of float
        Chess-style Elo points.
    origin : float, default 1500
        Points of rating 0.

    Returns
    -------
    ndarray of float

    Examples
    --------
    >>> elo_points_to_logit([1100.0]).round(4).tolist()
    [-2.3026]
    """
    origin = check_real(origin, "origin", "elo_points_to_logit")
    return (np.asarray(points, dtype=np.float64) - origin) / POINTS_PER_LOGIT


def expected_score(rating: npt.ArrayLike, difficulty: npt.ArrayLike) -> FloatArray:
    """P(correct) = expit(rating - difficulty), vectorised.

    Parameters
    ----------
    rating, difficulty : array-like of float
        Learner and item ratings (broadcast together).

    Returns
    -------
    ndarray of float

    Examples
    --------
    >>> expected_score([0.0, 1.0], 1.0).round(4).tolist()
    [0.2689, 0.5]
    """
    z = np.asarray(rating, dtype=np.float64) - np.asarray(difficulty, dtype=np.float64)
    return np.asarray(expit(z), dtype=np.float64)


# ----------------------------------------------------------------------- learner state
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


# -------------------------------------------------------------------------- the model
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
        priors = _check_priors(prior_difficulties, f"{OWNER}.fit")
        encoded = _encode(log, "fit", config)
        items = encoded.unit_ids
        item_start = np.array(
            [priors.get(item, config["prior_difficulty"]) for item in items], dtype=np.float64
        )
        self.prior_difficulties_ = priors
        self._run(
            log,
            encoded.learner_codes,
            encoded.learner_ids,
            encoded.unit_codes,
            items,
            encoded.correct,
            encoded.response_time,
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
        encoded = _encode(log, "partial_fit", config)
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
            encoded.learner_codes,
            learners,
            encoded.unit_codes,
            items,
            encoded.correct,
            encoded.response_time,
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
        self.item_ratings_ = _merge(keep_items, self.item_ratings_)
        self.item_counts_ = _merge(keep_item_counts, self.item_counts_)
        self.learner_ratings_ = _merge(keep_learners, self.learner_ratings_)
        self.learner_counts_ = _merge(keep_learner_counts, self.learner_counts_)
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
        priors = _check_priors(difficulties, f"{OWNER}.from_difficulties")
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
            residual = _time_score(answer, seconds, time_limit) - _langevin(z)
        else:
            residual = answer - _expit(z)
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
        item : Item
            Any object with an ``id`` attribute.
        correct : bool or {0, 1}
        response_time : float, optional
            Seconds taken (scored when ``time_limit`` is set).

        Returns
        -------
        EloState

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
        item : Item
            Any object with an ``id`` attribute.

        Returns
        -------
        float

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
        item_id : str

        Returns
        -------
        float

        Examples
        --------
        >>> elo = EloRatings.from_difficulties({"a": 0.0})
        >>> elo.predict_correct(elo.initial_state(), "a")
        0.5
        """
        return _expit(state.rating - self.item_rating(item_id))

    def ability(self, state: EloState, *, D: float = 1.0) -> float:
        """The learner's rating on the IRT theta scale (``rating / D``).

        Parameters
        ----------
        state : EloState
        D : float, default 1.0
            Scaling constant of the target IRT metric.

        Returns
        -------
        float

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

        Returns
        -------
        float

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
        encoded = _encode(log, "predict_proba", config)
        items = encoded.unit_ids
        item_ratings = np.array([self.item_rating(i) for i in items], dtype=np.float64)
        order = _time_order(log)
        learners = np.full(len(encoded.learner_ids), config["initial_rating"]).tolist()
        counts = [0] * len(encoded.learner_ids)
        predictions = _sequential_pass(
            encoded.learner_codes[order].tolist(),
            encoded.unit_codes[order].tolist(),
            encoded.correct[order].tolist(),
            None if encoded.response_time is None else encoded.response_time[order].tolist(),
            learners,
            counts,
            item_ratings.tolist(),
            [0] * len(items),
            learner_step=(config["alpha"], config["beta"]),
            item_step=None,
            time_limit=config["time_limit"],
        )
        result = np.empty(len(order))
        result[order] = predictions
        return result

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
        learner_codes: npt.NDArray[np.intp],
        learner_ids: npt.NDArray[Any],
        item_codes: npt.NDArray[np.intp],
        item_ids: tuple[str, ...],
        correct: npt.NDArray[np.int8],
        response_time: FloatArray | None,
        *,
        learner_start: tuple[FloatArray, npt.NDArray[np.int64] | None],
        item_start: tuple[FloatArray, npt.NDArray[np.int64] | None],
        passes: int | None = None,
    ) -> None:
        config = self._config()
        order = _time_order(log)
        learner_list = learner_codes[order].tolist()
        item_list = item_codes[order].tolist()
        correct_list = correct[order].tolist()
        time_list = None if response_time is None else response_time[order].tolist()
        learners = learner_start[0].tolist()
        learner_n = [0] * len(learners) if learner_start[1] is None else learner_start[1].tolist()
        items = item_start[0].tolist()
        item_n = [0] * len(items) if item_start[1] is None else item_start[1].tolist()
        predictions: list[float] = []
        for _ in range(config["n_passes"] if passes is None else passes):
            predictions = _sequential_pass(
                learner_list,
                item_list,
                correct_list,
                time_list,
                learners,
                learner_n,
                items,
                item_n,
                learner_step=(config["alpha"], config["beta"]),
                item_step=(config["item_alpha"], config["item_beta"]),
                time_limit=config["time_limit"],
            )
        result = np.empty(len(order))
        result[order] = predictions
        item_index = pd.Index(list(item_ids), name="item_id")
        learner_index = pd.Index(learner_ids, name="learner_id")
        self.item_ratings_ = pd.Series(items, index=item_index, name="rating")
        self.item_counts_ = pd.Series(item_n, index=item_index, name="n_responses", dtype=np.int64)
        self.learner_ratings_ = pd.Series(learners, index=learner_index, name="rating")
        self.learner_counts_ = pd.Series(
            learner_n, index=learner_index, name="n_responses", dtype=np.int64
        )
        self.training_predictions_ = result


def estimate_item_difficulties(
    log: pd.DataFrame,
    *,
    D: float = 1.0,
    n_passes: int = 3,
    prior_difficulties: Mapping[Any, float] | None = None,
    **elo_params: Any,
) -> pd.DataFrame:
    """Bootstrap item difficulties on the IRT scale from a log, before calibration is possible.

    Runs :class:`EloRatings` over the log and converts item ratings with :func:`elo_to_irt`.
    The difficulties are Rasch-like (slope 1 on the logit scale, i.e. ``a = 1`` with the
    bank's ``D``); feed them to ``ItemParams.dichotomous(a=1, b=...)`` and
    ``ItemBank.with_params`` until an MML calibration has enough data.

    Parameters
    ----------
    log : DataFrame
        Columns ``learner_id``, ``item_id``, ``correct`` (or ``response``), optionally
        ``timestamp``/``order`` and ``response_time``.
    D : float, default 1.0
        Scaling constant of the target bank.
    n_passes : int, default 3
        Passes over the log.
    prior_difficulties : mapping item id -> difficulty on the IRT scale, optional
        Starting values (e.g. authors' estimates); converted with :func:`irt_to_elo`.
    **elo_params
        Other :class:`EloRatings` hyperparameters.

    Returns
    -------
    DataFrame
        Indexed by ``item_id``: ``b`` (IRT difficulty), ``rating`` (logits) and
        ``n_responses``.

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({"learner_id": [1, 1, 2, 2], "item_id": ["a", "b"] * 2,
    ...                     "correct": [1, 0, 1, 1]})
    >>> table = estimate_item_difficulties(log)
    >>> list(table.columns), bool(table.loc["b", "b"] > table.loc["a", "b"])
    (['b', 'rating', 'n_responses'], True)
    """
    priors = None
    if prior_difficulties is not None:
        checked = _check_priors(prior_difficulties, "estimate_item_difficulties")
        converted = irt_to_elo(list(checked.values()), D=D)
        priors = dict(zip(checked, converted.tolist(), strict=True))
    model = EloRatings(n_passes=n_passes, **elo_params).fit(log, prior_difficulties=priors)
    ratings = model.item_ratings_
    return pd.DataFrame(
        {
            "b": elo_to_irt(ratings.to_numpy(), D=D),
            "rating": ratings.to_numpy(),
            "n_responses": model.item_counts_.to_numpy(),
        },
        index=ratings.index,
    )


# ------------------------------------------------------------------------ internals
def _encode(log: pd.DataFrame, method: str, config: Mapping[str, Any]) -> EncodedLog:
    """Encode a log by item for ``EloRatings.<method>`` (response times only with a limit)."""
    return encode_log(
        log,
        f"{OWNER}.{method}",
        unit="item",
        use_response_time=config["time_limit"] is not None,
    )


def _sequential_pass(
    learner_codes: list[int],
    item_codes: list[int],
    correct: list[int],
    response_time: list[float] | None,
    learners: list[float],
    learner_n: list[int],
    items: list[float],
    item_n: list[int],
    *,
    learner_step: tuple[float, float],
    item_step: tuple[float, float] | None,
    time_limit: float | None,
) -> list[float]:
    """One pass over answers, updating the rating lists in place; returns P(correct) seen.

    ``item_step=None`` keeps items fixed. A tight loop on plain Python floats.
    """
    exp = math.exp
    alpha_l, beta_l = learner_step
    update_items = item_step is not None
    alpha_i, beta_i = item_step if item_step is not None else (0.0, 0.0)
    use_time = time_limit is not None and response_time is not None
    times = response_time if response_time is not None else correct
    limit = time_limit if time_limit is not None else 1.0
    predictions = [0.0] * len(correct)
    for k, learner in enumerate(learner_codes):
        item = item_codes[k]
        z = learners[learner] - items[item]
        if z >= 0.0:
            p = 1.0 / (1.0 + exp(-z))
        else:
            e = exp(z)
            p = e / (1.0 + e)
        predictions[k] = p
        if use_time:
            residual = _time_score(correct[k], times[k], limit) - _langevin(z)
        else:
            residual = correct[k] - p
        n = learner_n[learner]
        learners[learner] += alpha_l / (1.0 + beta_l * n) * residual
        learner_n[learner] = n + 1
        if update_items:
            m = item_n[item]
            items[item] -= alpha_i / (1.0 + beta_i * m) * residual
            item_n[item] = m + 1
    return predictions


def _expit(z: float) -> float:
    if z >= 0.0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def _langevin(z: float) -> float:
    """coth(z) - 1/z, the expected high-speed high-stakes score (stable near 0)."""
    if abs(z) < 1e-3:
        return z / 3.0 - z**3 / 45.0
    if abs(z) > 30.0:
        return math.copysign(1.0, z) - 1.0 / z
    return 1.0 / math.tanh(z) - 1.0 / z


def _time_score(correct: float, seconds: float, time_limit: float) -> float:
    remaining = 1.0 - seconds / time_limit
    return (2.0 * correct - 1.0) * (remaining if remaining > 0.0 else 0.0)


def _time_order(log: pd.DataFrame) -> npt.NDArray[np.intp]:
    for column in ("timestamp", "order"):
        if column in log.columns:
            return np.asarray(np.argsort(log[column].to_numpy(), kind="stable"), dtype=np.intp)
    return np.arange(len(log), dtype=np.intp)


def _merge(old: pd.Series, new: pd.Series) -> pd.Series:
    merged: pd.Series = pd.concat([old[~old.index.isin(new.index)], new])
    merged.index.name = new.index.name
    merged.name = new.name
    return merged


def _check_priors(priors: Mapping[Any, float] | None, owner: str) -> dict[str, float]:
    if priors is None:
        return {}
    if not isinstance(priors, Mapping):
        raise TypeError(
            f"{owner}: prior difficulties must be a mapping item id -> rating. "
            f"Got {type(priors).__name__}."
        )
    result: dict[str, float] = {}
    for item, value in priors.items():
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = float("nan")
        if not math.isfinite(number):
            raise ResponseDataError(
                f"{owner}: the prior difficulty of item {item!r} must be a finite number. "
                f"Got {value!r}."
            )
        result[str(item)] = number
    return result
