"""BayesianKnowledgeTracing: EM fit (scikit-learn contract) and online mastery updates."""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
from sklearn.base import BaseEstimator

from adaptive_tutor._learning_log import EncodedLog, encode_log
from adaptive_tutor._validation import (
    check_int,
    check_random_state,
    check_real,
    parameter_error,
)
from adaptive_tutor.exceptions import (
    ConvergenceWarning,
)
from adaptive_tutor.knowledge_tracing import _hmm
from adaptive_tutor.knowledge_tracing._em import fit_em
from adaptive_tutor.knowledge_tracing._forward import forward_log
from adaptive_tutor.knowledge_tracing._identifiability import (
    OWNER,
    warn_degenerate,
    warn_guess_slip,
    warn_no_transitions,
    warn_unidentifiable_skills,
)
from adaptive_tutor.knowledge_tracing._online import OnlineMasteryTracking
from adaptive_tutor.knowledge_tracing._params import BKTParams
from adaptive_tutor.knowledge_tracing._sequences import build_sequences

__all__ = ["BayesianKnowledgeTracing"]

FloatArray = npt.NDArray[np.float64]


class BayesianKnowledgeTracing(OnlineMasteryTracking, BaseEstimator):  # type: ignore[misc]
    """Bayesian knowledge tracing (Corbett & Anderson 1995) fitted by EM.

    Each skill is a two-state hidden Markov model: unmastered or mastered. Before the first
    answer the skill is mastered with probability ``prior``; after every answer an
    unmastered skill becomes mastered with probability ``learn`` (and, with ``forget=True``,
    a mastered one is forgotten with probability ``forget``). A learner who has mastered the
    skill answers correctly with probability ``1 - slip``, one who has not with ``guess``.

    Parameters
    ----------
    forget : bool, default False
        Also fit a forgetting probability (otherwise it is fixed at 0).
    shared_parameters : bool, default False
        One parameter set for all skills instead of one per skill.
    n_restarts : int, default 5
        EM runs from different starting points (the first from a fixed typical point, the
        others random); the best log-likelihood per skill wins. Restarts run together in the
        same vectorised pass.
    max_iter : int, default 200
        Maximum EM iterations.
    tol : float, default 1e-7
        Stop when the log-likelihood of every skill and restart improves by less than
        ``tol`` per answer in one iteration.
    seed : None, int or numpy Generator, default 0
        Random starting points of restarts 2, 3, ...

    Attributes
    ----------
    params_ : BKTParams
        Fitted parameters, one set per skill (repeated when ``shared_parameters``).
    skill_ids_ : tuple of str
        Skills seen in ``fit``.
    log_likelihood_ : float
        Log-likelihood of the training log at ``params_``.
    n_iter_ : int
        EM iterations run.
    converged_ : bool
        Whether ``tol`` was met before ``max_iter``.

    Notes
    -----
    Fitting: a log is grouped into one answer sequence per (learner, skill) pair; sequences
    longer than 256 answers are cut into chunks joined exactly, and chunks are packed
    time-major sorted by length, so each step of the forward-backward recursion is one
    numpy operation over every chunk, skill and restart still running, and the cost is
    linear in the number of answers (one learner with 30,000 answers fits in about a
    second). The smoother works with probabilities only, so no sequence is too long for it.
    Memory is about ``3 * 8 * n_restarts * n_answers`` bytes.
    guess and slip are kept in ``[1e-6, 0.5)`` (the M-step is projected onto the bounds,
    which keeps EM monotone). An answer to an item with several skills counts as one answer
    for each skill.

    Bad input: responses not in time order within a learner, non-binary correctness and
    unknown skills raise :class:`~adaptive_tutor.exceptions.ResponseDataError`.
    :class:`IdentifiabilityWarning` is issued for skills whose answers are all correct (or
    all wrong), for skills whose sequences all have length one (``learn`` and ``forget``
    then keep their starting values: there is no transition to learn from), and when a
    fitted guess or slip ends on its 0.5 bound. Sequences of length one are otherwise fine:
    they inform prior, guess and slip.

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({
    ...     "learner_id": ["ana"] * 4 + ["ben"] * 4,
    ...     "skill_id": "fractions",
    ...     "correct": [0, 0, 1, 1, 0, 1, 1, 1],
    ... })
    >>> model = BayesianKnowledgeTracing(n_restarts=2).fit(log)
    >>> model.params_.skill_ids
    ('fractions',)
    >>> state = model.update(model.initial_state(), "fractions", correct=True)
    >>> 0.0 < model.mastery(state)["fractions"] < 1.0
    True
    """

    def __init__(
        self,
        *,
        forget: bool = False,
        shared_parameters: bool = False,
        n_restarts: int = 5,
        max_iter: int = 200,
        tol: float = 1e-7,
        seed: Any = 0,
    ) -> None:
        self.forget = forget
        self.shared_parameters = shared_parameters
        self.n_restarts = n_restarts
        self.max_iter = max_iter
        self.tol = tol
        self.seed = seed

    # ------------------------------------------------------------------ fitting
    def fit(
        self, log: pd.DataFrame, y: None = None, *, item_skills: Any = None
    ) -> BayesianKnowledgeTracing:
        """Fit the parameters by EM on a long-format log.

        Parameters
        ----------
        log : DataFrame
            Columns ``learner_id``, ``skill_id`` (or ``item_id`` with ``item_skills``),
            ``correct`` (or ``response``) with 0/1 values, and optionally ``timestamp`` (or
            ``order``). Rows of each learner must be in time order.
        y : None
            Ignored (scikit-learn convention).
        item_skills : mapping or item bank, optional
            Item id -> skill id(s), needed when the log has ``item_id`` but no ``skill_id``.

        Returns
        -------
        BayesianKnowledgeTracing
            ``self``, fitted.

        Examples
        --------
        >>> import pandas as pd
        >>> log = pd.DataFrame({"learner_id": [1, 1, 2, 2], "item_id": ["q1", "q2"] * 2,
        ...                     "correct": [0, 1, 1, 1]})
        >>> model = BayesianKnowledgeTracing(n_restarts=1)
        >>> model.fit(log, item_skills={"q1": "add", "q2": "add"}).skill_ids_
        ('add',)
        """
        self._check_hyperparameters()
        rng = check_random_state(self.seed, OWNER)
        encoded = encode_log(log, f"{OWNER}.fit", unit="skill", item_skills=item_skills)
        n_skills = len(encoded.unit_ids)
        flat_skills = warn_unidentifiable_skills(encoded)
        seqs = build_sequences(encoded.learner_codes, encoded.unit_codes, encoded.correct, n_skills)
        layout = _hmm.make_layout(seqs.correct, seqs.starts, seqs.lengths)
        if self.shared_parameters:
            group = np.zeros(seqs.n_sequences, dtype=np.intp)
            n_groups = 1
        else:
            group = seqs.skill
            n_groups = n_skills
        warn_no_transitions(encoded.unit_ids, seqs.skill, seqs.lengths, n_skills)

        best, loglik, n_iter, converged = fit_em(
            layout,
            group,
            n_groups,
            n_restarts=self.n_restarts,
            fit_forget=bool(self.forget),
            max_iter=self.max_iter,
            tol=self.tol,
            rng=rng,
        )
        skill_group = (
            np.zeros(n_skills, dtype=np.intp) if self.shared_parameters else np.arange(n_skills)
        )
        self.params_ = BKTParams(
            skill_ids=encoded.unit_ids,
            **{name: values[skill_group] for name, values in best.items()},
        )
        self.skill_ids_ = encoded.unit_ids
        self.log_likelihood_ = float(loglik)
        self.n_iter_ = int(n_iter)
        self.converged_ = bool(converged)
        if not converged:
            warnings.warn(
                f"{OWNER}: EM stopped after max_iter={self.max_iter} iterations before the "
                f"log-likelihood changed by less than tol={self.tol} per answer; raise max_iter "
                "or loosen tol.",
                ConvergenceWarning,
                stacklevel=2,
            )
        warn_degenerate(self.params_, shared=bool(self.shared_parameters), skip=flat_skills)
        return self

    @classmethod
    def from_params(cls, params: BKTParams | Mapping[str, Any], **kwargs: Any) -> Any:
        """A ready-to-use model with known parameters (no fit needed).

        Parameters
        ----------
        params : BKTParams or dict
            Parameters, or a dict as produced by :meth:`BKTParams.to_dict`.
        **kwargs
            Hyperparameters passed to the constructor.

        Returns
        -------
        BayesianKnowledgeTracing

        Warns
        -----
        IdentifiabilityWarning
            When a skill has ``guess >= 0.5`` or ``slip >= 0.5``: mastered learners would
            then answer no better than unmastered ones (``fit`` keeps both below 0.5).

        Examples
        --------
        >>> model = BayesianKnowledgeTracing.from_params(
        ...     {"add": {"prior": 0.2, "learn": 0.3, "guess": 0.2, "slip": 0.1}})
        >>> round(model.predict_correct(model.initial_state(), "add"), 2)
        0.34
        """
        model = cls(**kwargs)
        model.params_ = params if isinstance(params, BKTParams) else BKTParams.from_dict(params)
        model.skill_ids_ = model.params_.skill_ids
        warn_guess_slip(model.params_)
        return model

    # ------------------------------------------------------------- batch prediction
    def trace(self, log: pd.DataFrame, *, item_skills: Any = None) -> pd.DataFrame:
        """Replay a log: predicted correctness before, and mastery after, every answer.

        Each learner starts from the prior; rows are in the log's order (an answer to an
        item with several skills gives one row per skill).

        Parameters
        ----------
        log : DataFrame
            Same format as for :meth:`fit`.
        item_skills : mapping or item bank, optional
            Item id -> skill id(s) when the log has no ``skill_id``.

        Returns
        -------
        DataFrame
            Columns ``row`` (row position in ``log``), ``learner_id``, ``skill_id``,
            ``correct``, ``p_correct`` (before the answer), ``mastery_before`` and
            ``mastery_after`` (after the answer and the learn/forget transition).

        Examples
        --------
        >>> import pandas as pd
        >>> model = BayesianKnowledgeTracing.from_params(
        ...     {"add": {"prior": 0.5, "learn": 0.0, "guess": 0.2, "slip": 0.2}})
        >>> log = pd.DataFrame({"learner_id": [7, 7], "skill_id": "add", "correct": [1, 1]})
        >>> model.trace(log)[["p_correct", "mastery_after"]].round(3)
           p_correct  mastery_after
        0       0.50          0.800
        1       0.68          0.941
        """
        encoded, skill_index = self._encode(log, item_skills, "trace")
        pred, p_correct, after = forward_log(self._fitted_params(), encoded, skill_index)
        return pd.DataFrame(
            {
                "row": encoded.row,
                "learner_id": encoded.learner_ids[encoded.learner_codes],
                "skill_id": np.asarray(encoded.unit_ids, dtype=object)[encoded.unit_codes],
                "correct": encoded.correct.astype(np.int64),
                "p_correct": p_correct,
                "mastery_before": pred,
                "mastery_after": after,
            }
        )

    def predict_proba(self, log: pd.DataFrame, *, item_skills: Any = None) -> FloatArray:
        """P(correct) of every answer in ``log`` given that learner's earlier answers.

        One value per row of ``log`` (for an item with several skills, the mean over its
        skills). Learners start from the prior, so this scores held-out learners.

        Parameters
        ----------
        log : DataFrame
            Same format as for :meth:`fit`.
        item_skills : mapping or item bank, optional
            Item id -> skill id(s) when the log has no ``skill_id``.

        Returns
        -------
        ndarray of shape (len(log),)
            P(correct) of each row, predicted before its answer.

        Examples
        --------
        >>> import pandas as pd
        >>> model = BayesianKnowledgeTracing.from_params(
        ...     {"add": {"prior": 0.5, "learn": 0.0, "guess": 0.2, "slip": 0.2}})
        >>> log = pd.DataFrame({"learner_id": [7, 7], "skill_id": "add", "correct": [1, 1]})
        >>> model.predict_proba(log).round(2).tolist()
        [0.5, 0.68]
        """
        encoded, skill_index = self._encode(log, item_skills, "predict_proba")
        _, p_correct, _ = forward_log(self._fitted_params(), encoded, skill_index)
        totals = np.bincount(encoded.row, weights=p_correct, minlength=encoded.n_rows)
        counts = np.bincount(encoded.row, minlength=encoded.n_rows)
        return totals / counts

    def score(self, log: pd.DataFrame, y: None = None, *, item_skills: Any = None) -> float:
        """Mean log-likelihood per answer of ``log`` (higher is better; = -log loss).

        Parameters
        ----------
        log : DataFrame
            Same format as for :meth:`fit`.
        y : None
            Ignored.
        item_skills : mapping or item bank, optional
            Item id -> skill id(s) when the log has no ``skill_id``.

        Returns
        -------
        float
            The mean log-likelihood per answer.

        Examples
        --------
        >>> import pandas as pd
        >>> model = BayesianKnowledgeTracing.from_params(
        ...     {"add": {"prior": 0.5, "learn": 0.0, "guess": 0.2, "slip": 0.2}})
        >>> log = pd.DataFrame({"learner_id": [7], "skill_id": "add", "correct": [1]})
        >>> round(model.score(log), 4)
        -0.6931
        """
        encoded, skill_index = self._encode(log, item_skills, "score")
        _, p_correct, _ = forward_log(self._fitted_params(), encoded, skill_index)
        likelihood = np.where(encoded.correct == 1, p_correct, 1.0 - p_correct)
        return float(np.mean(np.log(np.clip(likelihood, 1e-300, None))))

    # ------------------------------------------------------------------ helpers
    def _check_hyperparameters(self) -> None:
        check_int(self.n_restarts, "n_restarts", OWNER, minimum=1)
        check_int(self.max_iter, "max_iter", OWNER, minimum=1)
        check_real(self.tol, "tol", OWNER, minimum=0.0)
        for name in ("forget", "shared_parameters"):
            if not isinstance(getattr(self, name), bool | np.bool_):
                raise parameter_error(name, OWNER, "a bool", getattr(self, name))

    def _encode(
        self, log: pd.DataFrame, item_skills: Any, method: str
    ) -> tuple[EncodedLog, npt.NDArray[np.intp]]:
        self._fitted_params()
        encoded = encode_log(log, f"{OWNER}.{method}", unit="skill", item_skills=item_skills)
        index = self._skill_index(encoded.unit_ids, method)
        return encoded, index
