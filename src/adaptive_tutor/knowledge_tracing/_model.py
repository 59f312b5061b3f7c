"""BayesianKnowledgeTracing: EM fit (scikit-learn contract) and online mastery updates."""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
import scipy.sparse
from sklearn.base import BaseEstimator

from adaptive_tutor._learning_log import EncodedLog, encode_log
from adaptive_tutor._validation import (
    check_correct,
    check_int,
    check_random_state,
    check_real,
    name_some,
    parameter_error,
)
from adaptive_tutor.exceptions import (
    ConvergenceWarning,
    NotFittedError,
    ResponseDataError,
    SessionStateError,
)
from adaptive_tutor.knowledge_tracing import _hmm
from adaptive_tutor.knowledge_tracing._params import BKTParams
from adaptive_tutor.knowledge_tracing._sequences import build_sequences
from adaptive_tutor.knowledge_tracing._state import MasteryState

__all__ = ["BayesianKnowledgeTracing", "IdentifiabilityWarning"]

FloatArray = npt.NDArray[np.float64]
OWNER = "BayesianKnowledgeTracing"
GUESS_SLIP_UPPER = 0.5 - 1e-6  # guess, slip < 0.5: mastered learners answer better
BOUND_EPS = 1e-6
DEGENERATE_MARGIN = 1e-3


class IdentifiabilityWarning(UserWarning):
    """The data cannot pin down some BKT parameters (e.g. an all-correct skill).

    Examples
    --------
    >>> issubclass(IdentifiabilityWarning, UserWarning)
    True
    """


class BayesianKnowledgeTracing(BaseEstimator):  # type: ignore[misc]
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
        flat_skills = _warn_unidentifiable_skills(encoded)
        seqs = build_sequences(encoded.learner_codes, encoded.unit_codes, encoded.correct, n_skills)
        layout = _hmm.make_layout(seqs.correct, seqs.starts, seqs.lengths)
        if self.shared_parameters:
            group = np.zeros(seqs.n_sequences, dtype=np.intp)
            n_groups = 1
        else:
            group = seqs.skill
            n_groups = n_skills
        _warn_no_transitions(encoded.unit_ids, seqs.skill, seqs.lengths, n_skills)

        best, loglik, n_iter, converged = _fit_em(
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
        _warn_degenerate(self.params_, shared=bool(self.shared_parameters), skip=flat_skills)
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
        _warn_guess_slip(model.params_)
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
        pred, p_correct, after = self._replay(encoded, skill_index)
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
        _, p_correct, _ = self._replay(encoded, skill_index)
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
        _, p_correct, _ = self._replay(encoded, skill_index)
        likelihood = np.where(encoded.correct == 1, p_correct, 1.0 - p_correct)
        return float(np.mean(np.log(np.clip(likelihood, 1e-300, None))))

    # --------------------------------------------------------------- online use
    def initial_state(self, skill_ids: Iterable[str] | None = None) -> MasteryState:
        """Mastery before any answer: the prior of each skill (all fitted skills by default).

        Parameters
        ----------
        skill_ids : iterable of str, optional
            Skills to track; unknown skills raise ``ResponseDataError``.

        Returns
        -------
        MasteryState

        Examples
        --------
        >>> model = BayesianKnowledgeTracing.from_params(
        ...     {"add": {"prior": 0.2, "learn": 0.3, "guess": 0.2, "slip": 0.1}})
        >>> model.initial_state().mastery["add"]
        0.2
        """
        params = self._fitted_params()
        skills = params.skill_ids if skill_ids is None else tuple(str(s) for s in skill_ids)
        index = self._skill_index(skills, "initial_state")
        priors = params.prior[index].tolist()
        return MasteryState(dict(zip(skills, priors, strict=True)))

    def update(
        self,
        state: MasteryState,
        skill_ids: str | Sequence[str],
        correct: bool | int,
    ) -> MasteryState:
        """New state after one answer (constant time per skill; ``state`` is unchanged).

        The answer is first used as evidence (Bayes' rule with guess and slip), then the
        learn/forget transition is applied: the returned mastery is P(mastered at the next
        opportunity). With ``forget=0`` and ``guess + slip < 1`` a correct answer never
        lowers mastery and a wrong one never raises it beyond the learning step.

        Parameters
        ----------
        state : MasteryState
            The learner's current state.
        skill_ids : str or sequence of str
            Skill(s) of the answered item; each is updated with the same answer. Skills
            missing from ``state`` start from their prior.
        correct : bool or {0, 1}
            Whether the answer was correct.

        Returns
        -------
        MasteryState

        Examples
        --------
        >>> model = BayesianKnowledgeTracing.from_params(
        ...     {"add": {"prior": 0.5, "learn": 0.1, "guess": 0.2, "slip": 0.2}})
        >>> state = model.update(model.initial_state(), "add", correct=1)
        >>> round(state.mastery["add"], 2), state.n_responses["add"]
        (0.82, 1)
        """
        params = self._fitted_params()
        if not isinstance(state, MasteryState):
            raise SessionStateError(
                f"{OWNER}.update needs a MasteryState (from initial_state or "
                f"MasteryState.from_dict). Got {type(state).__name__}."
            )
        answer = check_correct(correct, f"{OWNER}.update")
        skills = (skill_ids,) if isinstance(skill_ids, str) else tuple(map(str, skill_ids))
        index = self._skill_index(skills, "update")
        mastery = dict(state.mastery)
        counts = dict(state.n_responses)
        for skill, i in zip(skills, index.tolist(), strict=True):
            before = mastery.get(skill, float(params.prior[i]))
            mastery[skill] = _posterior_then_transition(
                before,
                answer,
                float(params.learn[i]),
                float(params.forget[i]),
                float(params.guess[i]),
                float(params.slip[i]),
            )
            counts[skill] = counts.get(skill, 0) + 1
        return MasteryState(mastery, counts)

    def mastery(self, state: MasteryState) -> dict[str, float]:
        """P(mastered) of each skill in ``state``.

        Parameters
        ----------
        state : MasteryState

        Returns
        -------
        dict of str to float

        Examples
        --------
        >>> model = BayesianKnowledgeTracing.from_params(
        ...     {"add": {"prior": 0.2, "learn": 0.3, "guess": 0.2, "slip": 0.1}})
        >>> model.mastery(model.initial_state())
        {'add': 0.2}
        """
        return dict(state.mastery)

    def predict_correct(self, state: MasteryState, skill_ids: str | Sequence[str]) -> float:
        """P(next answer correct) on an item of ``skill_ids`` (mean over several skills).

        Parameters
        ----------
        state : MasteryState
        skill_ids : str or sequence of str

        Returns
        -------
        float

        Examples
        --------
        >>> model = BayesianKnowledgeTracing.from_params(
        ...     {"add": {"prior": 0.5, "learn": 0.3, "guess": 0.2, "slip": 0.1}})
        >>> model.predict_correct(model.initial_state(), "add")
        0.55
        """
        params = self._fitted_params()
        skills = (skill_ids,) if isinstance(skill_ids, str) else tuple(map(str, skill_ids))
        index = self._skill_index(skills, "predict_correct")
        values = []
        for skill, i in zip(skills, index.tolist(), strict=True):
            p = state.mastery.get(skill, float(params.prior[i]))
            values.append(p * (1.0 - float(params.slip[i])) + (1.0 - p) * float(params.guess[i]))
        return float(np.mean(values))

    def observe(
        self,
        state: MasteryState,
        item: Any,
        correct: bool | int,
    ) -> MasteryState:
        """:meth:`update` for an answered bank item (uses ``item.skills``).

        The session-facing form shared with :class:`~adaptive_tutor.elo.EloRatings`: any
        object with ``id`` and ``skills`` attributes works.

        Parameters
        ----------
        state : MasteryState
        item : Item
            The answered item.
        correct : bool or {0, 1}
            Whether the answer was correct.

        Returns
        -------
        MasteryState

        Examples
        --------
        >>> from types import SimpleNamespace
        >>> model = BayesianKnowledgeTracing.from_params(
        ...     {"add": {"prior": 0.5, "learn": 0.1, "guess": 0.2, "slip": 0.2}})
        >>> item = SimpleNamespace(id="q1", skills=("add",))
        >>> round(model.observe(model.initial_state(), item, True).mastery["add"], 2)
        0.82
        """
        return self.update(state, tuple(item.skills), correct)

    def predict_item(self, state: MasteryState, item: Any) -> float:
        """:meth:`predict_correct` for a bank item (uses ``item.skills``).

        Parameters
        ----------
        state : MasteryState
        item : Item
            Any object with a ``skills`` attribute.

        Returns
        -------
        float

        Examples
        --------
        >>> from types import SimpleNamespace
        >>> model = BayesianKnowledgeTracing.from_params(
        ...     {"add": {"prior": 0.5, "learn": 0.3, "guess": 0.2, "slip": 0.1}})
        >>> model.predict_item(model.initial_state(), SimpleNamespace(id="q", skills=("add",)))
        0.55
        """
        return self.predict_correct(state, tuple(item.skills))

    # ------------------------------------------------------------------ helpers
    def _check_hyperparameters(self) -> None:
        check_int(self.n_restarts, "n_restarts", OWNER, minimum=1)
        check_int(self.max_iter, "max_iter", OWNER, minimum=1)
        check_real(self.tol, "tol", OWNER, minimum=0.0)
        for name in ("forget", "shared_parameters"):
            if not isinstance(getattr(self, name), bool | np.bool_):
                raise parameter_error(name, OWNER, "a bool", getattr(self, name))

    def _fitted_params(self) -> BKTParams:
        params = getattr(self, "params_", None)
        if not isinstance(params, BKTParams):
            raise NotFittedError(
                f"This {OWNER} is not fitted yet: call fit(log) or build it with "
                f"{OWNER}.from_params(params) first."
            )
        return params

    def _skill_index(self, skills: Sequence[str], method: str) -> npt.NDArray[np.intp]:
        try:
            return self._fitted_params().index_of(skills)
        except KeyError as error:
            raise ResponseDataError(f"{OWNER}.{method}: {error.args[0]}") from None

    def _encode(
        self, log: pd.DataFrame, item_skills: Any, method: str
    ) -> tuple[EncodedLog, npt.NDArray[np.intp]]:
        self._fitted_params()
        encoded = encode_log(log, f"{OWNER}.{method}", unit="skill", item_skills=item_skills)
        index = self._skill_index(encoded.unit_ids, method)
        return encoded, index

    def _replay(
        self, encoded: EncodedLog, skill_index: npt.NDArray[np.intp]
    ) -> tuple[FloatArray, FloatArray, FloatArray]:
        params = self._fitted_params()
        param_codes = skill_index[encoded.unit_codes]
        seqs = build_sequences(encoded.learner_codes, param_codes, encoded.correct, params.n_skills)
        layout = _hmm.make_layout(seqs.correct, seqs.starts, seqs.lengths)
        skill = seqs.skill[layout.column_sequence]
        gathered = {
            name: getattr(params, name)[skill][None, :]
            for name in ("prior", "learn", "forget", "guess", "slip")
        }
        filtered = _hmm.forward(layout, **gathered)
        position = layout.packed_index(seqs.entry_sequence, seqs.entry_time)
        pred = filtered.pred[0, position]
        filt = filtered.filt[0, position]
        entry_skill = seqs.skill[seqs.entry_sequence]
        guess, slip = params.guess[entry_skill], params.slip[entry_skill]
        learn, forget = params.learn[entry_skill], params.forget[entry_skill]
        p_correct = pred * (1.0 - slip) + (1.0 - pred) * guess
        after = learn + filt * (1.0 - forget - learn)
        return pred, p_correct, after


def _posterior_then_transition(
    p: float, correct: bool, learn: float, forget: float, guess: float, slip: float
) -> float:
    if correct:
        joint, other = p * (1.0 - slip), (1.0 - p) * guess
    else:
        joint, other = p * slip, (1.0 - p) * (1.0 - guess)
    total = joint + other
    posterior = joint / total if total > 0.0 else p
    return learn + posterior * (1.0 - forget - learn)


def _fit_em(
    layout: _hmm.Layout,
    sequence_group: npt.NDArray[np.intp],
    n_groups: int,
    *,
    n_restarts: int,
    fit_forget: bool,
    max_iter: int,
    tol: float,
    rng: np.random.Generator,
) -> tuple[dict[str, FloatArray], float, int, bool]:
    """Run EM for all restarts and groups at once; return the best parameters per group."""
    group = sequence_group[layout.column_sequence]  # the group of every column (chunk)
    n_columns = layout.n_columns
    membership = scipy.sparse.csr_matrix(
        (np.ones(n_columns), (np.arange(n_columns), group)), shape=(n_columns, n_groups)
    )
    sequences_per_group = np.bincount(sequence_group, minlength=n_groups).astype(np.float64)
    answers_per_group = np.bincount(group, weights=layout.column_length, minlength=n_groups)
    current = _starting_points(n_restarts, n_groups, fit_forget, rng)

    def per_group(values: FloatArray) -> FloatArray:
        flat = values.reshape(-1, n_columns)
        return np.asarray(flat @ membership).reshape(*values.shape[:-1], n_groups)

    previous = np.full((n_restarts, n_groups), -np.inf)
    converged = False
    n_iter = 0
    for n_iter in range(1, max_iter + 1):
        gathered = {name: values[:, group] for name, values in current.items()}
        counts, loglik = _hmm.expected_counts(layout, **gathered)
        group_loglik = per_group(loglik)
        change = np.abs(group_loglik - previous)
        previous = group_loglik
        if np.all(change <= tol * answers_per_group):
            converged = True
            break
        if n_iter == max_iter:
            break
        current = _hmm.maximise(
            per_group(counts),
            sequences_per_group,
            current,
            fit_forget=fit_forget,
            upper=GUESS_SLIP_UPPER,
            eps=BOUND_EPS,
        )
    winner = np.argmax(previous, axis=0)
    columns = np.arange(n_groups)
    best = {name: values[winner, columns] for name, values in current.items()}
    return best, float(previous[winner, columns].sum()), n_iter, converged


def _starting_points(
    n_restarts: int, n_groups: int, fit_forget: bool, rng: np.random.Generator
) -> dict[str, FloatArray]:
    shape = (n_restarts, n_groups)
    start = {
        "prior": rng.uniform(0.1, 0.9, shape),
        "learn": rng.uniform(0.02, 0.5, shape),
        "guess": rng.uniform(0.05, 0.4, shape),
        "slip": rng.uniform(0.05, 0.4, shape),
        "forget": rng.uniform(0.0, 0.2, shape) if fit_forget else np.zeros(shape),
    }
    typical = {"prior": 0.4, "learn": 0.15, "guess": 0.2, "slip": 0.1, "forget": 0.05}
    for name, value in typical.items():
        if name != "forget" or fit_forget:
            start[name][0] = value
    return start


def _warn_unidentifiable_skills(encoded: EncodedLog) -> npt.NDArray[np.intp]:
    n_skills = len(encoded.unit_ids)
    answers = np.bincount(encoded.unit_codes, minlength=n_skills)
    correct = np.bincount(encoded.unit_codes, weights=encoded.correct, minlength=n_skills)
    flat = np.flatnonzero((correct == 0) | (correct == answers))
    if flat.size:
        names = name_some(encoded.unit_ids[i] for i in flat.tolist())
        warnings.warn(
            f"{OWNER}.fit: every answer on skill(s) {names} is correct (or every one is "
            "wrong), so prior, learn, guess and slip are not identifiable there; the fitted "
            "values only reproduce the observed rate. Collect more varied answers or fix "
            "these skills' parameters by hand (BayesianKnowledgeTracing.from_params).",
            IdentifiabilityWarning,
            stacklevel=3,
        )
    return flat


def _warn_no_transitions(
    skill_ids: tuple[str, ...],
    sequence_skill: npt.NDArray[np.intp],
    lengths: npt.NDArray[np.intp],
    n_skills: int,
) -> None:
    longest = np.zeros(n_skills, dtype=np.intp)
    np.maximum.at(longest, sequence_skill, lengths)
    single = np.flatnonzero(longest == 1)
    if single.size:
        names = name_some(skill_ids[i] for i in single.tolist())
        warnings.warn(
            f"{OWNER}.fit: every learner answered skill(s) {names} only once (sequences "
            "of length one), so learn and forget cannot be estimated there and keep their "
            "starting values.",
            IdentifiabilityWarning,
            stacklevel=3,
        )


def _warn_guess_slip(params: BKTParams) -> None:
    """Warn about given parameters with guess or slip at or above 0.5."""
    high = np.flatnonzero((params.guess >= 0.5) | (params.slip >= 0.5))
    if high.size:
        names = name_some(params.skill_ids[i] for i in high.tolist())
        warnings.warn(
            f"{OWNER}.from_params: skill(s) {names} have guess or slip >= 0.5, so "
            "mastered learners answer no better than unmastered ones and the mastery "
            "estimates run backwards or carry no information; use guess < 0.5 and "
            "slip < 0.5 (as fit enforces).",
            IdentifiabilityWarning,
            stacklevel=3,
        )


def _warn_degenerate(params: BKTParams, *, shared: bool, skip: npt.NDArray[np.intp]) -> None:
    """Warn when guess or slip ends on its bound (skills in ``skip`` were already warned)."""
    bound = GUESS_SLIP_UPPER - DEGENERATE_MARGIN
    at_bound = (params.guess >= bound) | (params.slip >= bound)
    at_bound[skip] = False
    hit = np.flatnonzero(at_bound)
    if hit.size:
        where = (
            "the shared parameters"
            if shared
            else "skill(s) " + ", ".join(repr(params.skill_ids[i]) for i in hit[:5].tolist())
        )
        warnings.warn(
            f"{OWNER}.fit: the fit degenerated for {where}: guess or slip reached its upper "
            "bound 0.5, where mastered and unmastered learners answer alike and the model "
            "cannot tell them apart. Check the skill tagging of these items or collect more "
            "data.",
            IdentifiabilityWarning,
            stacklevel=3,
        )
