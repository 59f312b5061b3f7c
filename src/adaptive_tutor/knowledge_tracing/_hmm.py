"""Forward-backward for the two-state BKT hidden Markov model, vectorised over sequences.

Conventions. Hidden state 1 = skill mastered. ``pred[t]`` is P(mastered at step t | answers
before t); ``filt[t]`` is P(mastered at step t | answers up to and including t). Transition
matrix ``A = [[1 - learn, learn], [forget, 1 - forget]]``; emissions
``P(correct | unmastered) = guess``, ``P(correct | mastered) = 1 - slip``.

Sequences are sorted by length, longest first, so the sequences still running at step ``t``
are a prefix ``[:n_active[t]]``: every step works on that prefix only and padding costs no
arithmetic. Parameters are arrays of shape ``(n_restarts, n_sequences)`` (one row per EM
restart, gathered per sequence from per-skill values), so restarts and skills are fitted in
the same pass. Only the loop over time steps is in Python.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__: list[str] = []

FloatArray = npt.NDArray[np.float64]

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


@dataclass(frozen=True)
class Layout:
    """Sequences in time-major order sorted by decreasing length."""

    correct: npt.NDArray[np.bool_]  # (max_len, n_sequences)
    n_active: npt.NDArray[np.intp]  # (max_len,) sequences still running at each step


def make_layout(
    correct: npt.NDArray[np.bool_], lengths: npt.NDArray[np.intp]
) -> tuple[Layout, npt.NDArray[np.intp]]:
    """Sort sequences by decreasing length; return the layout and the permutation used."""
    order = np.argsort(-lengths, kind="stable").astype(np.intp)
    sorted_lengths = lengths[order]
    steps = np.arange(correct.shape[0])
    n_active = (sorted_lengths[None, :] > steps[:, None]).sum(axis=1).astype(np.intp)
    return Layout(correct=np.ascontiguousarray(correct[:, order]), n_active=n_active), order


def forward(
    layout: Layout,
    prior: FloatArray,
    learn: FloatArray,
    forget: FloatArray,
    guess: FloatArray,
    slip: FloatArray,
) -> tuple[list[FloatArray], list[FloatArray], list[FloatArray], FloatArray]:
    """Scaled forward pass.

    Returns per-step lists ``pred``, ``filt``, ``evidence`` (P(observed answer | earlier
    answers)), each entry of shape ``(n_restarts, n_active[t])``, and the log-likelihood of
    every sequence ``(n_restarts, n_sequences)``.
    """
    p = prior.copy()
    stay = 1.0 - forget - learn
    loglik = np.zeros_like(p)
    preds: list[FloatArray] = []
    filts: list[FloatArray] = []
    evidences: list[FloatArray] = []
    for t, k in enumerate(layout.n_active.tolist()):
        obs = layout.correct[t, :k]
        pk = p[:, :k]
        e1 = np.where(obs, 1.0 - slip[:, :k], slip[:, :k])
        e0 = np.where(obs, guess[:, :k], 1.0 - guess[:, :k])
        joint = pk * e1
        evidence = joint + (1.0 - pk) * e0
        filt = joint / evidence
        loglik[:, :k] += np.log(evidence)
        preds.append(pk.copy())
        filts.append(filt)
        evidences.append(evidence)
        p[:, :k] = learn[:, :k] + filt * stay[:, :k]
    return preds, filts, evidences, loglik


def expected_counts(
    layout: Layout,
    prior: FloatArray,
    learn: FloatArray,
    forget: FloatArray,
    guess: FloatArray,
    slip: FloatArray,
) -> tuple[FloatArray, FloatArray]:
    """E-step: expected sufficient statistics per sequence and the log-likelihood.

    Returns ``counts`` of shape ``(N_COUNTS, n_restarts, n_sequences)`` (rows named by the
    module constants) and ``loglik`` of shape ``(n_restarts, n_sequences)``.
    """
    _, filts, evidences, loglik = forward(layout, prior, learn, forget, guess, slip)
    counts = np.zeros((N_COUNTS, *prior.shape))
    beta0 = np.ones_like(prior)
    beta1 = np.ones_like(prior)
    for t in range(len(filts) - 1, -1, -1):
        k = int(layout.n_active[t])
        obs = layout.correct[t, :k]
        filt = filts[t]
        gamma1 = filt * beta1[:, :k]
        gamma0 = 1.0 - gamma1
        counts[UNMASTERED, :, :k] += gamma0
        counts[UNMASTERED_CORRECT, :, :k] += np.where(obs, gamma0, 0.0)
        counts[MASTERED, :, :k] += gamma1
        counts[MASTERED_WRONG, :, :k] += np.where(obs, 0.0, gamma1)
        if t == 0:
            counts[PRIOR_MASTERED] = gamma1
            break
        # Backward recursion from step t to t - 1 for the sequences running at step t.
        e1 = np.where(obs, 1.0 - slip[:, :k], slip[:, :k])
        e0 = np.where(obs, guess[:, :k], 1.0 - guess[:, :k])
        w1 = e1 * beta1[:, :k] / evidences[t]
        w0 = e0 * beta0[:, :k] / evidences[t]
        before = filts[t - 1][:, :k]
        lk, fk = learn[:, :k], forget[:, :k]
        new_beta0 = w0 + lk * (w1 - w0)
        new_beta1 = w1 + fk * (w0 - w1)
        counts[FROM_UNMASTERED, :, :k] += (1.0 - before) * new_beta0
        counts[LEARNED, :, :k] += (1.0 - before) * lk * w1
        counts[FROM_MASTERED, :, :k] += before * new_beta1
        counts[FORGOTTEN, :, :k] += before * fk * w0
        beta0[:, :k] = new_beta0
        beta1[:, :k] = new_beta1
    return counts, loglik


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
