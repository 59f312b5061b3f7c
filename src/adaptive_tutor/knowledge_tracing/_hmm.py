"""Forward filter and smoother of the two-state BKT hidden Markov model, vectorised.

Conventions. Hidden state 1 = skill mastered. ``pred[t]`` is P(mastered at step t | answers
before t); ``filt[t]`` is P(mastered at step t | answers up to and including t). Transition
matrix ``A = [[1 - learn, learn], [forget, 1 - forget]]``; emissions
``P(correct | unmastered) = guess``, ``P(correct | mastered) = 1 - slip``.

Cost linear in the number of answers. Each answer sequence (one learner on one skill) is cut
into *chunks* of at most :func:`chunk_length` steps; chunks are the columns of a
:class:`Layout`, sorted longest first, so the columns still running at step ``t`` are a
prefix ``[:n_active[t]]`` and every step is one numpy operation over that prefix. Values
are stored *packed*: step ``t`` occupies ``[offsets[t], offsets[t + 1])`` of a flat array,
so memory is proportional to the number of answers, whatever the spread of lengths. Only
loops over the steps of one chunk and over the chunks of one sequence are in Python, so a
single learner with 30,000 answers costs a few hundred numpy calls, not 60,000.

Chunks of one sequence are joined exactly: the forward filter maps the mastery probability
at the start of a chunk to the one at the start of the next through a linear-fractional
(projective) map, and the smoother maps the smoothed probability at the start of the next
chunk to the one at the start of this chunk through an affine map; both maps are composed
over a chunk's steps for all chunks at once, then chained across chunks.

Numerical stability. The forward pass works with normalised probabilities. The smoother
uses the backward (Rauch-Tung-Striebel) form ``gamma_t = sum_j P(s_t | s_{t+1} = j,
answers up to t) gamma_{t+1}(j)``, whose coefficients are probabilities in [0, 1], so no
quantity can overflow or underflow into NaN, however long the sequence (the classical
scaled backward variables grow like 1 / P(state) and overflow after a few thousand
answers). Parameters are arrays of shape ``(n_restarts, n_columns)`` (one row per EM
restart, gathered per column from per-skill values).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__: list[str] = []

FloatArray = npt.NDArray[np.float64]
IndexArray = npt.NDArray[np.intp]

# Rows of the expected-count array returned by ``expected_counts``.
PRIOR_MASTERED = 0  # P(mastered at step 0)
UNMASTERED = 1  # sum over answers of P(unmastered)
UNMASTERED_CORRECT = 2  # ... and answered correctly (guess numerator)
MASTERED = 3  # sum over answers of P(mastered)
MASTERED_WRONG = 4  # ... and answered wrongly (slip numerator)
FROM_UNMASTERED = 5  # sum over transitions of P(unmastered before)
LEARNED = 6  # ... expected unmastered -> mastered transitions
FROM_MASTERED = 7  # sum over transitions of P(mastered before)
FORGOTTEN = 8  # ... expected mastered -> unmastered transitions
N_COUNTS = 9

SHORT_SEQUENCE = 256
"""Sequences up to this length are never cut (typical logs run in one chunk each)."""


def chunk_length(max_length: int) -> int:
    """The chunk length for a log whose longest sequence has ``max_length`` answers.

    Up to :data:`SHORT_SEQUENCE` nothing is cut; beyond, chunks of about
    ``sqrt(max_length / 2)`` steps (at least :data:`SHORT_SEQUENCE`) balance the steps
    within a chunk against the chunks of the longest sequence.

    Examples
    --------
    >>> chunk_length(20), chunk_length(30_000), chunk_length(2_000_000)
    (20, 256, 1000)
    """
    if max_length <= SHORT_SEQUENCE:
        return max(max_length, 1)
    return max(SHORT_SEQUENCE, math.ceil(math.sqrt(max_length / 2)))


@dataclass(frozen=True)
class Layout:
    """Chunks of answer sequences as packed, time-major columns sorted by decreasing length.

    Attributes
    ----------
    correct : ndarray of bool, shape (n_answers,)
        Packed answers: step ``t`` of columns ``0 .. n_active[t] - 1`` sits at
        ``offsets[t] + column``.
    offsets : ndarray of intp, shape (n_steps + 1,)
    n_active : ndarray of intp, shape (n_steps,)
        Columns still running at each step (a prefix; non-increasing).
    column_sequence : ndarray of intp, shape (n_columns,)
        The sequence each column (chunk) belongs to.
    column_length : ndarray of intp, shape (n_columns,)
    first_column : ndarray of bool, shape (n_columns,)
        Whether the column is the first chunk of its sequence (it starts from the prior).
    predecessor, successor : ndarray of intp, shape (n_columns,)
        The column of the previous / next chunk of the same sequence, or -1.
    chain : tuple of ndarray of intp
        ``chain[c]`` lists the columns that are chunk ``c + 1`` of their sequence, in the
        order chunk boundaries are crossed (empty when no sequence was cut).
    chunk_column : ndarray of intp, shape (n_chunks,)
        The column of each chunk, chunks numbered sequence by sequence.
    sequence_chunk : ndarray of intp, shape (n_sequences,)
        The number of the first chunk of each sequence.
    step_length : int
        The chunk length (sequences longer than this were cut).
    """

    correct: npt.NDArray[np.bool_]
    offsets: IndexArray
    n_active: IndexArray
    column_sequence: IndexArray
    column_length: IndexArray
    first_column: npt.NDArray[np.bool_]
    predecessor: IndexArray
    successor: IndexArray
    chain: tuple[IndexArray, ...]
    chunk_column: IndexArray
    sequence_chunk: IndexArray
    step_length: int

    @property
    def n_columns(self) -> int:
        """Number of columns (chunks)."""
        return int(self.column_sequence.shape[0])

    def steps(self) -> list[tuple[int, int, int]]:
        """``(t, start, k)`` of every step: its columns ``:k`` sit at ``start : start + k``."""
        starts = self.offsets[:-1].tolist()
        return list(zip(range(len(starts)), starts, self.n_active.tolist(), strict=True))

    def packed_index(self, sequence: IndexArray, time: IndexArray) -> IndexArray:
        """Position in the packed arrays of answer ``time`` of each ``sequence``."""
        chunk, step = np.divmod(np.asarray(time, dtype=np.intp), self.step_length)
        column = self.chunk_column[self.sequence_chunk[sequence] + chunk]
        return np.asarray(self.offsets[step] + column, dtype=np.intp)


def make_layout(
    correct: npt.NDArray[np.bool_],
    starts: IndexArray,
    lengths: IndexArray,
    *,
    step_length: int | None = None,
) -> Layout:
    """Cut sequences into chunks and pack them time-major, longest chunks first.

    Parameters
    ----------
    correct : ndarray of bool, shape (n_answers,)
        Answers sequence by sequence (sequence ``s`` at ``starts[s] : starts[s] +
        lengths[s]``, in time order).
    starts, lengths : ndarray of intp, shape (n_sequences,)
        Where each sequence starts in ``correct`` and how many answers it has (>= 1).
    step_length : int, optional
        Chunk length; default :func:`chunk_length` of the longest sequence.

    Returns
    -------
    Layout
    """
    lengths = np.asarray(lengths, dtype=np.intp)
    step = chunk_length(int(lengths.max())) if step_length is None else int(step_length)
    per_sequence = -(-lengths // step)
    n_chunks = int(per_sequence.sum())
    sequence_chunk = (np.cumsum(per_sequence) - per_sequence).astype(np.intp)
    chunk_sequence = np.repeat(np.arange(lengths.shape[0], dtype=np.intp), per_sequence)
    chunk_index = np.arange(n_chunks, dtype=np.intp) - sequence_chunk[chunk_sequence]
    chunk_start = np.asarray(starts, dtype=np.intp)[chunk_sequence] + chunk_index * step
    chunk_len = np.minimum(lengths[chunk_sequence] - chunk_index * step, step).astype(np.intp)

    order = np.argsort(-chunk_len, kind="stable").astype(np.intp)  # column -> chunk
    chunk_column = np.empty(n_chunks, dtype=np.intp)
    chunk_column[order] = np.arange(n_chunks, dtype=np.intp)
    column_length = chunk_len[order]
    n_steps = int(column_length[0])
    n_active = np.searchsorted(-column_length, -np.arange(n_steps), side="left").astype(np.intp)
    offsets = np.zeros(n_steps + 1, dtype=np.intp)
    np.cumsum(n_active, out=offsets[1:])
    step_of = np.repeat(np.arange(n_steps, dtype=np.intp), n_active)
    column_of = np.arange(int(offsets[-1]), dtype=np.intp) - offsets[:-1][step_of]
    packed = np.asarray(correct, dtype=bool)[chunk_start[order][column_of] + step_of]

    column_index = chunk_index[order]
    has_next = column_index < per_sequence[chunk_sequence[order]] - 1
    successor = np.where(has_next, chunk_column[np.minimum(order + 1, n_chunks - 1)], -1)
    predecessor = np.where(column_index > 0, chunk_column[np.maximum(order - 1, 0)], -1)
    later = np.flatnonzero(column_index > 0)
    by_index = later[np.argsort(column_index[later], kind="stable")]
    bounds = np.searchsorted(column_index[by_index], np.arange(1, int(chunk_index.max()) + 2))
    chain = tuple(by_index[bounds[c] : bounds[c + 1]] for c in range(bounds.shape[0] - 1))
    return Layout(
        correct=packed,
        offsets=offsets,
        n_active=n_active,
        column_sequence=chunk_sequence[order],
        column_length=column_length,
        first_column=column_index == 0,
        predecessor=predecessor.astype(np.intp),
        successor=successor.astype(np.intp),
        chain=chain,
        chunk_column=chunk_column,
        sequence_chunk=sequence_chunk,
        step_length=step,
    )


def _emissions(
    obs: npt.NDArray[np.bool_], guess: FloatArray, slip: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """P(observed answer | unmastered), P(observed answer | mastered)."""
    return np.where(obs, guess, 1.0 - guess), np.where(obs, 1.0 - slip, slip)


def _ratio(numerator: FloatArray, denominator: FloatArray) -> FloatArray:
    """numerator / denominator, 0 where the denominator is 0 (the numerator is 0 there too)."""
    out = np.zeros(np.broadcast_shapes(numerator.shape, denominator.shape))
    np.divide(numerator, denominator, out=out, where=denominator > 0)
    return out


def _chunk_starts(
    layout: Layout,
    prior: FloatArray,
    learn: FloatArray,
    forget: FloatArray,
    guess: FloatArray,
    slip: FloatArray,
) -> FloatArray:
    """P(mastered) before the first answer of every column.

    The prior for a first chunk; for a later chunk, the filter carried over the previous
    chunks through each chunk's projective map.
    """
    start = prior.copy()
    if not layout.chain:
        return start
    # The unnormalised row vector [u, m] becomes [u, m] @ D_t @ A at each step; T is the
    # product over a chunk, rescaled at every step (a projective map ignores the scale).
    t00, t11 = np.ones_like(prior), np.ones_like(prior)
    t01, t10 = np.zeros_like(prior), np.zeros_like(prior)
    for _, at, k in layout.steps():
        e0, e1 = _emissions(layout.correct[at : at + k], guess[:, :k], slip[:, :k])
        lk, fk = learn[:, :k], forget[:, :k]
        m00, m01, m10, m11 = e0 * (1.0 - lk), e0 * lk, e1 * fk, e1 * (1.0 - fk)
        a00, a01, a10, a11 = t00[:, :k], t01[:, :k], t10[:, :k], t11[:, :k]
        n00, n01 = a00 * m00 + a01 * m10, a00 * m01 + a01 * m11
        n10, n11 = a10 * m00 + a11 * m10, a10 * m01 + a11 * m11
        scale = n00 + n01 + n10 + n11
        t00[:, :k], t01[:, :k] = n00 / scale, n01 / scale
        t10[:, :k], t11[:, :k] = n10 / scale, n11 / scale
    for columns in layout.chain:
        before = layout.predecessor[columns]
        p = start[:, before]
        unmastered = (1.0 - p) * t00[:, before] + p * t10[:, before]
        mastered = (1.0 - p) * t01[:, before] + p * t11[:, before]
        start[:, columns] = mastered / (unmastered + mastered)
    return start


@dataclass(frozen=True)
class Filtered:
    """Forward-filter results, packed like :attr:`Layout.correct` with a leading restart axis.

    ``pred`` and ``filt`` are P(mastered) before and after each answer, ``evidence`` is
    P(observed answer | earlier answers), ``start`` P(mastered) before each column's first
    answer and ``loglik`` the log-likelihood of each column, ``(n_restarts, n_columns)``.
    """

    pred: FloatArray
    filt: FloatArray
    evidence: FloatArray
    start: FloatArray
    loglik: FloatArray


def forward(
    layout: Layout,
    prior: FloatArray,
    learn: FloatArray,
    forget: FloatArray,
    guess: FloatArray,
    slip: FloatArray,
) -> Filtered:
    """Forward filter over every column (parameters of shape ``(n_restarts, n_columns)``)."""
    start = _chunk_starts(layout, prior, learn, forget, guess, slip)
    p = start.copy()
    stay = 1.0 - forget - learn
    size = (prior.shape[0], layout.correct.shape[0])
    pred, filt, evidence = np.empty(size), np.empty(size), np.empty(size)
    loglik = np.zeros_like(p)
    for _, at, k in layout.steps():
        e0, e1 = _emissions(layout.correct[at : at + k], guess[:, :k], slip[:, :k])
        pk = p[:, :k]
        joint = pk * e1
        total = joint + (1.0 - pk) * e0
        after = joint / total
        pred[:, at : at + k] = pk
        filt[:, at : at + k] = after
        evidence[:, at : at + k] = total
        loglik[:, :k] += np.log(total)
        p[:, :k] = learn[:, :k] + after * stay[:, :k]
    return Filtered(pred, filt, evidence, start, loglik)


def _backward_coefficients(
    filt: FloatArray, pred_next: FloatArray, learn: FloatArray, forget: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Backward transition probabilities from step t + 1 to step t, each in [0, 1].

    ``stay`` = P(s_t = 1 | s_{t+1} = 1, answers to t), ``learned`` = P(s_t = 0 | s_{t+1} =
    1, ...) and ``forgotten`` = P(s_t = 1 | s_{t+1} = 0, ...), from the filter at t and the
    prediction for t + 1.
    """
    stay = _ratio(filt * (1.0 - forget), pred_next)
    learned = _ratio((1.0 - filt) * learn, pred_next)
    forgotten = _ratio(filt * forget, 1.0 - pred_next)
    return stay, learned, forgotten


def _smooth_step(
    filt: FloatArray,
    pred_next: FloatArray,
    gamma_next: FloatArray,
    learn: FloatArray,
    forget: FloatArray,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Smoothed P(mastered) at step t from the one at t + 1, with the expected numbers of
    learning and forgetting transitions between the two steps."""
    stay, learned, forgotten = _backward_coefficients(filt, pred_next, learn, forget)
    forgot = forgotten * (1.0 - gamma_next)
    return stay * gamma_next + forgot, learned * gamma_next, forgot


def _steps_backward(layout: Layout) -> list[tuple[int, int, int, int, int]]:
    """``(t, start, k, next_start, k_next)`` from the last step to the first."""
    steps = layout.steps()
    out = []
    for t, at, k in reversed(steps):
        next_at, k_next = (steps[t + 1][1], steps[t + 1][2]) if t + 1 < len(steps) else (0, 0)
        out.append((t, at, k, next_at, k_next))
    return out


def expected_counts(
    layout: Layout,
    prior: FloatArray,
    learn: FloatArray,
    forget: FloatArray,
    guess: FloatArray,
    slip: FloatArray,
) -> tuple[FloatArray, FloatArray]:
    """E-step: expected sufficient statistics per column and the log-likelihood.

    Returns ``counts`` of shape ``(N_COUNTS, n_restarts, n_columns)`` (rows named by the
    module constants; ``PRIOR_MASTERED`` for first chunks only; a transition across a chunk
    boundary counts in the chunk it leaves) and ``loglik`` of shape
    ``(n_restarts, n_columns)``.
    """
    filtered = forward(layout, prior, learn, forget, guess, slip)
    joined = layout.successor >= 0
    follow = np.maximum(layout.successor, 0)
    # What a column's last answer looks forward to: the next chunk's first answer.
    next_gamma = _smoothed_chunk_starts(layout, filtered, learn, forget)[:, follow]
    next_pred = filtered.start[:, follow]
    counts = np.zeros((N_COUNTS, *prior.shape))
    gamma = np.empty_like(prior)  # smoothed P(mastered) at the current step of each column
    for _, at, k, next_at, k_next in _steps_backward(layout):
        g = filtered.filt[:, at : at + k].copy()  # columns ending here: their filter ...
        link = np.zeros_like(g)
        learned, forgot = np.zeros_like(g), np.zeros_like(g)
        if k_next < k:  # ... unless a next chunk follows
            ending = slice(k_next, k)
            step = _smooth_step(
                g[:, ending],
                next_pred[:, ending],
                next_gamma[:, ending],
                learn[:, ending],
                forget[:, ending],
            )
            mask = joined[ending]
            g[:, ending] = np.where(mask, step[0], g[:, ending])
            link[:, ending] = mask
            learned[:, ending] = np.where(mask, step[1], 0.0)
            forgot[:, ending] = np.where(mask, step[2], 0.0)
        if k_next:
            inner = slice(0, k_next)
            step = _smooth_step(
                g[:, inner],
                filtered.pred[:, next_at : next_at + k_next],
                gamma[:, inner],
                learn[:, inner],
                forget[:, inner],
            )
            g[:, inner], learned[:, inner], forgot[:, inner] = step
            link[:, inner] = 1.0
        gamma[:, :k] = g
        obs = layout.correct[at : at + k]
        counts[UNMASTERED, :, :k] += 1.0 - g
        counts[UNMASTERED_CORRECT, :, :k] += np.where(obs, 1.0 - g, 0.0)
        counts[MASTERED, :, :k] += g
        counts[MASTERED_WRONG, :, :k] += np.where(obs, 0.0, g)
        counts[FROM_UNMASTERED, :, :k] += link * (1.0 - g)
        counts[LEARNED, :, :k] += learned
        counts[FROM_MASTERED, :, :k] += link * g
        counts[FORGOTTEN, :, :k] += forgot
    counts[PRIOR_MASTERED] = np.where(layout.first_column, gamma, 0.0)
    return counts, filtered.loglik


def _smoothed_chunk_starts(
    layout: Layout, filtered: Filtered, learn: FloatArray, forget: FloatArray
) -> FloatArray:
    """Smoothed P(mastered) at the first answer of every column (0 when nothing was cut).

    Within a chunk the smoothed value at each step is affine in the value at the first
    answer of the next chunk; the affine maps are composed over all chunks at once, then
    chained from the last chunk of each sequence backwards.
    """
    shape = filtered.start.shape
    if not layout.chain:
        return np.zeros(shape)
    joined = layout.successor >= 0
    follow = np.maximum(layout.successor, 0)
    slope, shift = np.zeros(shape), np.zeros(shape)  # gamma = slope * next_first + shift
    for _, at, k, next_at, k_next in _steps_backward(layout):
        filt = filtered.filt[:, at : at + k]
        if k_next < k:
            ending = slice(k_next, k)
            stay, _, forgotten = _backward_coefficients(
                filt[:, ending],
                filtered.start[:, follow[ending]],
                learn[:, ending],
                forget[:, ending],
            )
            mask = joined[ending]
            slope[:, ending] = np.where(mask, stay - forgotten, 0.0)
            shift[:, ending] = np.where(mask, forgotten, filt[:, ending])
        if k_next:
            inner = slice(0, k_next)
            stay, _, forgotten = _backward_coefficients(
                filt[:, inner],
                filtered.pred[:, next_at : next_at + k_next],
                learn[:, inner],
                forget[:, inner],
            )
            factor = stay - forgotten
            shift[:, inner] = factor * shift[:, inner] + forgotten
            slope[:, inner] = factor * slope[:, inner]
    first = shift.copy()
    for columns in reversed(layout.chain):
        before = layout.predecessor[columns]
        first[:, before] = slope[:, before] * first[:, columns] + shift[:, before]
    return first


def maximise(
    counts: FloatArray,
    n_sequences: FloatArray,
    current: dict[str, FloatArray],
    *,
    fit_forget: bool,
    upper: float,
    eps: float,
) -> dict[str, FloatArray]:
    """M-step on counts already summed per parameter group: ``counts`` is
    ``(N_COUNTS, n_restarts, n_groups)``. Ratios with a zero denominator keep the current
    value; guess and slip are clipped to ``[eps, upper]``, the others to ``[eps, 1 - eps]``."""

    def ratio(numerator: int, denominator: int, old: FloatArray) -> FloatArray:
        den = counts[denominator]
        out = old.copy()
        np.divide(counts[numerator], den, out=out, where=den > 0)
        return out

    prior_den = np.broadcast_to(n_sequences, current["prior"].shape)
    prior = current["prior"].copy()
    np.divide(counts[PRIOR_MASTERED], prior_den, out=prior, where=prior_den > 0)
    result = {
        "prior": np.clip(prior, eps, 1.0 - eps),
        "learn": np.clip(ratio(LEARNED, FROM_UNMASTERED, current["learn"]), eps, 1.0 - eps),
        "guess": np.clip(ratio(UNMASTERED_CORRECT, UNMASTERED, current["guess"]), eps, upper),
        "slip": np.clip(ratio(MASTERED_WRONG, MASTERED, current["slip"]), eps, upper),
        "forget": current["forget"],
    }
    if fit_forget:
        result["forget"] = np.clip(ratio(FORGOTTEN, FROM_MASTERED, current["forget"]), eps, 1 - eps)
    return result
