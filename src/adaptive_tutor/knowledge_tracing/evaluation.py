"""Evaluate next-answer predictions: AUC, RMSE, log loss; cross-validation by learner."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
from sklearn.base import clone
from sklearn.metrics import log_loss, roc_auc_score
from sklearn.model_selection import GroupKFold

from adaptive_tutor._validation import check_int
from adaptive_tutor.exceptions import ResponseDataError

__all__ = ["cross_validate_by_learner", "prediction_metrics"]


def prediction_metrics(y_true: npt.ArrayLike, y_prob: npt.ArrayLike) -> dict[str, float]:
    """AUC, RMSE, log loss and accuracy of probabilistic 0/1 predictions.

    Parameters
    ----------
    y_true : array-like of {0, 1}
        Observed correctness.
    y_prob : array-like of float
        Predicted P(correct), same length.

    Returns
    -------
    dict
        ``auc`` (NaN when only one class is present), ``rmse``, ``log_loss``,
        ``accuracy`` (threshold 0.5) and ``n``.

    Raises
    ------
    ResponseDataError
        If the two arrays differ in length or are empty, ``y_true`` holds anything but 0
        and 1, or ``y_prob`` anything but probabilities.

    Examples
    --------
    >>> metrics = prediction_metrics([0, 1, 1, 0], [0.2, 0.8, 0.6, 0.4])
    >>> metrics["auc"], round(metrics["rmse"], 4), metrics["accuracy"]
    (1.0, 0.3162, 1.0)
    """
    truth = np.asarray(y_true, dtype=np.float64).reshape(-1)
    prob = np.asarray(y_prob, dtype=np.float64).reshape(-1)
    if truth.shape != prob.shape or truth.size == 0:
        raise ResponseDataError(
            "prediction_metrics needs y_true and y_prob of the same non-zero length. "
            f"Got {truth.size} and {prob.size}."
        )
    if not np.isin(truth, (0.0, 1.0)).all():
        raise ResponseDataError("prediction_metrics: y_true must hold only 0 and 1.")
    if not (np.isfinite(prob).all() and (prob >= 0).all() and (prob <= 1).all()):
        raise ResponseDataError("prediction_metrics: y_prob must hold probabilities in [0, 1].")
    both_classes = 0.0 < truth.mean() < 1.0
    return {
        "auc": float(roc_auc_score(truth, prob)) if both_classes else float("nan"),
        "rmse": float(np.sqrt(np.mean((truth - prob) ** 2))),
        "log_loss": float(log_loss(truth, np.clip(prob, 1e-12, 1 - 1e-12), labels=[0, 1])),
        "accuracy": float(np.mean((prob >= 0.5) == (truth == 1.0))),
        "n": float(truth.size),
    }


def cross_validate_by_learner(
    estimator: Any,
    log: pd.DataFrame,
    *,
    n_splits: int = 5,
    **fit_params: Any,
) -> pd.DataFrame:
    """K-fold cross-validation with whole learners held out (GroupKFold).

    Each fold fits a clone of ``estimator`` on the other learners' answers and predicts
    every held-out answer from that learner's earlier answers only (``predict_proba``).

    Parameters
    ----------
    estimator : estimator with ``fit(log, **fit_params)`` and ``predict_proba(log, ...)``
        For example :class:`BayesianKnowledgeTracing` or :class:`~adaptive_tutor.elo.EloRatings`.
    log : DataFrame
        Long-format log with a ``learner_id`` and a ``correct`` (or ``response``) column.
    n_splits : int, default 5
        Number of folds (at most the number of learners).
    **fit_params
        Passed to ``fit`` and ``predict_proba`` (e.g. ``item_skills``).

    Returns
    -------
    DataFrame
        One row per fold (``fold``, ``n_train_learners``, ``n_test_learners``, ``auc``,
        ``rmse``, ``log_loss``, ``accuracy``, ``n``).

    Raises
    ------
    ResponseDataError
        If ``log`` is not a DataFrame with a ``learner_id`` column or has fewer learners
        than folds.

    Examples
    --------
    >>> from adaptive_tutor.knowledge_tracing import (
    ...     BKTParams, BayesianKnowledgeTracing, simulate_bkt)
    >>> params = BKTParams.uniform(["add"], prior=0.3, learn=0.2, guess=0.2, slip=0.1)
    >>> log = simulate_bkt(params, n_learners=40, n_steps=5, seed=1)
    >>> folds = cross_validate_by_learner(BayesianKnowledgeTracing(n_restarts=1), log,
    ...                                   n_splits=2)
    >>> folds.shape
    (2, 8)
    """
    n_splits = check_int(n_splits, "n_splits", "cross_validate_by_learner", minimum=2)
    if not isinstance(log, pd.DataFrame) or "learner_id" not in log.columns:
        raise ResponseDataError(
            "cross_validate_by_learner needs a DataFrame log with a 'learner_id' column."
        )
    correct_column = "correct" if "correct" in log.columns else "response"
    learners = log["learner_id"].to_numpy()
    n_learners = len(pd.unique(learners))
    if n_learners < n_splits:
        raise ResponseDataError(
            f"cross_validate_by_learner: n_splits={n_splits} folds need at least as many "
            f"learners; the log has {n_learners}."
        )
    rows = []
    splitter = GroupKFold(n_splits=n_splits)
    for fold, (train, test) in enumerate(splitter.split(log, groups=learners)):
        model = clone(estimator).fit(log.iloc[train], **fit_params)
        test_log = log.iloc[test]
        prob = model.predict_proba(test_log, **fit_params)
        metrics = prediction_metrics(test_log[correct_column].to_numpy(dtype=float), prob)
        rows.append(
            {
                "fold": fold,
                "n_train_learners": len(pd.unique(learners[train])),
                "n_test_learners": len(pd.unique(learners[test])),
                **metrics,
            }
        )
    return pd.DataFrame(rows)
