"""Pure BKT functions: forward filtering (one answer, one sequence, a whole log) and a
vectorised simulator."""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt
import pandas as pd

from adaptive_tutor._learning_log import EncodedLog
from adaptive_tutor._validation import check_int, check_probability, check_random_state
from adaptive_tutor.exceptions import ResponseDataError
from adaptive_tutor.knowledge_tracing import _hmm
from adaptive_tutor.knowledge_tracing._params import BKTParams
from adaptive_tutor.knowledge_tracing._sequences import build_sequences

__all__ = [
    "ForwardProbabilities",
    "forward_log",
    "forward_probabilities",
    "posterior_then_transition",
    "simulate_bkt",
]

FloatArray = npt.NDArray[np.float64]


class ForwardProbabilities(NamedTuple):
    """Result of :func:`forward_probabilities`.

    Parameters
    ----------
    p_correct : ndarray of shape (n_answers,)
        P(answer t correct | answers before t).
    mastery : ndarray of shape (n_answers,)
        P(mastered at answer t | answers up to and including t).
    log_likelihood : float
        log P(all answers).

    Examples
    --------
    >>> result = forward_probabilities([1], prior=0.5, learn=0.1, guess=0.2, slip=0.2)
    >>> float(result.p_correct[0])
    0.5
    """

    p_correct: npt.NDArray[np.float64]
    mastery: npt.NDArray[np.float64]
    log_likelihood: float


def forward_probabilities(
    correct: npt.ArrayLike,
    *,
    prior: float,
    learn: float,
    guess: float,
    slip: float,
    forget: float = 0.0,
) -> ForwardProbabilities:
    """Forward (filtering) probabilities of one learner's answers on one skill.

    Parameters
    ----------
    correct : array-like of {0, 1}
        Answers in time order.
    prior, learn, guess, slip, forget : float
        BKT parameters (probabilities).

    Returns
    -------
    ForwardProbabilities
        P(correct) predicted before each answer, P(mastered) after it, and the log
        likelihood of all the answers.

    Raises
    ------
    ResponseDataError
        If ``correct`` is empty, not one-dimensional or holds anything but 0 and 1.

    Examples
    --------
    >>> result = forward_probabilities([0, 1, 1], prior=0.3, learn=0.2, guess=0.2, slip=0.1)
    >>> result.p_correct.round(3).tolist()
    [0.41, 0.368, 0.669]
    >>> round(result.log_likelihood, 4)
    -1.9277
    """
    owner = "forward_probabilities"
    values = {
        name: check_probability(value, name, owner)
        for name, value in (
            ("prior", prior),
            ("learn", learn),
            ("guess", guess),
            ("slip", slip),
            ("forget", forget),
        )
    }
    answers = np.asarray(correct)
    if answers.ndim != 1 or answers.size == 0 or not np.isin(answers, (0, 1)).all():
        raise ResponseDataError(
            f"{owner} needs a non-empty 1-D sequence of 0/1 answers. Got {correct!r}."
        )
    layout = _hmm.make_layout(
        answers.astype(bool), np.zeros(1, dtype=np.intp), np.array([answers.size], dtype=np.intp)
    )
    arrays = {name: np.full((1, layout.n_columns), value) for name, value in values.items()}
    filtered = _hmm.forward(layout, **arrays)
    position = layout.packed_index(np.zeros(answers.size, dtype=np.intp), np.arange(answers.size))
    pred = filtered.pred[0, position]
    mastery = filtered.filt[0, position]
    p_correct = pred * (1.0 - values["slip"]) + (1.0 - pred) * values["guess"]
    return ForwardProbabilities(p_correct, mastery, float(filtered.loglik.sum()))


def posterior_then_transition(
    p: float, correct: bool, learn: float, forget: float, guess: float, slip: float
) -> float:
    """One learner, one skill, one answer: Bayes' rule on ``p``, then learn/forget."""
    if correct:
        joint, other = p * (1.0 - slip), (1.0 - p) * guess
    else:
        joint, other = p * slip, (1.0 - p) * (1.0 - guess)
    total = joint + other
    posterior = joint / total if total > 0.0 else p
    return learn + posterior * (1.0 - forget - learn)


def forward_log(
    params: BKTParams, encoded: EncodedLog, skill_index: npt.NDArray[np.intp]
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Filter every learner's answers in an encoded log at once.

    ``skill_index`` maps the log's skill codes to rows of ``params``. Returns, per
    answer, P(mastered) before it, P(correct) and P(mastered) after it and the
    learn/forget transition.
    """
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


def simulate_bkt(
    params: BKTParams,
    n_learners: int,
    n_steps: int,
    *,
    seed: Any = None,
) -> pd.DataFrame:
    """Simulate answers from a BKT model (vectorised over learners and skills).

    Every learner answers ``n_steps`` items of every skill, skill after skill.

    Parameters
    ----------
    params : BKTParams
        True parameters.
    n_learners, n_steps : int
        Learners, and answers per learner and skill.
    seed : None, int or numpy Generator
        Random source.

    Returns
    -------
    DataFrame
        Columns ``learner_id``, ``skill_id``, ``order`` (0, 1, ... per learner),
        ``correct`` and ``mastered`` (the hidden state when answering).

    Examples
    --------
    >>> params = BKTParams.uniform(["add"], prior=0.3, learn=0.2, guess=0.2, slip=0.1)
    >>> log = simulate_bkt(params, n_learners=2, n_steps=3, seed=0)
    >>> log.shape, list(log.columns)
    ((6, 5), ['learner_id', 'skill_id', 'order', 'correct', 'mastered'])
    """
    owner = "simulate_bkt"
    n_learners = check_int(n_learners, "n_learners", owner, minimum=1)
    n_steps = check_int(n_steps, "n_steps", owner, minimum=1)
    rng = check_random_state(seed, owner)
    n_skills = params.n_skills
    shape = (n_learners, n_skills)
    mastered = np.empty((n_steps, *shape), dtype=bool)
    state = rng.random(shape) < params.prior
    for t in range(n_steps):
        mastered[t] = state
        draw = rng.random(shape)
        state = np.where(state, draw >= params.forget, draw < params.learn)
    p = np.where(mastered, 1.0 - params.slip, params.guess)
    correct = rng.random(p.shape) < p
    # (step, learner, skill) -> rows ordered by learner, skill, step
    learner = np.broadcast_to(np.arange(n_learners)[None, :, None], mastered.shape)
    skill = np.broadcast_to(np.arange(n_skills)[None, None, :], mastered.shape)
    step = np.broadcast_to(np.arange(n_steps)[:, None, None], mastered.shape)
    axes = (1, 2, 0)
    order = skill.transpose(axes) * n_steps + step.transpose(axes)
    return pd.DataFrame(
        {
            "learner_id": learner.transpose(axes).reshape(-1),
            "skill_id": np.asarray(params.skill_ids, dtype=object)[skill.transpose(axes)].reshape(
                -1
            ),
            "order": order.reshape(-1),
            "correct": correct.transpose(axes).reshape(-1).astype(np.int64),
            "mastered": mastered.transpose(axes).reshape(-1),
        }
    )
