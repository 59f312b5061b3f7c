"""EM for BKT: every restart and every parameter group (skill or shared) at once."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import scipy.sparse

from adaptive_tutor.knowledge_tracing import _hmm

__all__ = ["BOUND_EPS", "GUESS_SLIP_UPPER", "fit_em", "starting_points"]

FloatArray = npt.NDArray[np.float64]
GUESS_SLIP_UPPER = 0.5 - 1e-6  # guess, slip < 0.5: mastered learners answer better
BOUND_EPS = 1e-6


def fit_em(
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
    current = starting_points(n_restarts, n_groups, fit_forget, rng)

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


def starting_points(
    n_restarts: int, n_groups: int, fit_forget: bool, rng: np.random.Generator
) -> dict[str, FloatArray]:
    """Random starts per restart and group; restart 0 starts from typical values."""
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
