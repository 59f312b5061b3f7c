"""Knowledge tracing on long answer sequences: stable (no NaN) and linear in the answers."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adaptive_tutor.knowledge_tracing import (
    BayesianKnowledgeTracing,
    IdentifiabilityWarning,
    _hmm,
    forward_probabilities,
)

NAMES = ("prior", "learn", "forget", "guess", "slip")


def _params(rng: np.random.Generator, n_columns: int, n_restarts: int = 2) -> dict:
    shape = (n_restarts, 1)
    values = {
        "prior": rng.uniform(0.05, 0.95, shape),
        "learn": rng.uniform(0.01, 0.5, shape),
        "forget": rng.uniform(0.0, 0.3, shape),
        "guess": rng.uniform(0.05, 0.45, shape),
        "slip": rng.uniform(0.05, 0.45, shape),
    }
    return {name: np.repeat(value, n_columns, axis=1) for name, value in values.items()}


def _layout(sequences: list[list[int]], step_length: int | None) -> _hmm.Layout:
    lengths = np.array([len(s) for s in sequences], dtype=np.intp)
    starts = (np.cumsum(lengths) - lengths).astype(np.intp)
    flat = np.concatenate([np.asarray(s, dtype=bool) for s in sequences])
    return _hmm.make_layout(flat, starts, lengths, step_length=step_length)


def _counts_per_sequence(sequences, params, step_length):
    layout = _layout(sequences, step_length)
    gathered = {name: values[:, : layout.n_columns] for name, values in params.items()}
    counts, loglik = _hmm.expected_counts(layout, **gathered)
    n = len(sequences)
    summed = np.zeros((*counts.shape[:2], n))
    np.add.at(summed, (slice(None), slice(None), layout.column_sequence), counts)
    total = np.zeros((loglik.shape[0], n))
    np.add.at(total, (slice(None), layout.column_sequence), loglik)
    return summed, total


def _brute_force(answers: list[int], prior, learn, forget, guess, slip):
    """Expected counts and log-likelihood by summing over every hidden path."""
    transition = np.array([[1 - learn, learn], [forget, 1 - forget]])
    emit = np.array([[1 - guess, guess], [slip, 1 - slip]])  # [state, correct]
    counts = np.zeros(_hmm.N_COUNTS)
    evidence = 0.0
    for path in itertools.product((0, 1), repeat=len(answers)):
        weight = (prior if path[0] else 1 - prior) * emit[path[0], answers[0]]
        for before, after, answer in zip(path, path[1:], answers[1:], strict=False):
            weight *= transition[before, after] * emit[after, answer]
        evidence += weight
        counts[_hmm.PRIOR_MASTERED] += weight * path[0]
        for state, answer in zip(path, answers, strict=True):
            counts[_hmm.MASTERED if state else _hmm.UNMASTERED] += weight
            if state and not answer:
                counts[_hmm.MASTERED_WRONG] += weight
            if not state and answer:
                counts[_hmm.UNMASTERED_CORRECT] += weight
        for before, after in itertools.pairwise(path):
            counts[_hmm.FROM_MASTERED if before else _hmm.FROM_UNMASTERED] += weight
            if not before and after:
                counts[_hmm.LEARNED] += weight
            if before and not after:
                counts[_hmm.FORGOTTEN] += weight
    return counts / evidence, np.log(evidence)


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.lists(st.integers(0, 1), min_size=1, max_size=7), min_size=1, max_size=4),
    st.integers(1, 4),
    st.integers(0, 2**32 - 1),
)
def test_expected_counts_equal_the_sum_over_hidden_paths(sequences, step_length, seed):
    params = _params(np.random.default_rng(seed), 64)
    for step in (None, step_length):  # whole sequences, and cut into chunks
        counts, loglik = _counts_per_sequence(sequences, params, step)
        for s, answers in enumerate(sequences):
            expected, evidence = _brute_force(answers, *(params[n][0, 0] for n in NAMES))
            np.testing.assert_allclose(counts[:, 0, s], expected, rtol=1e-9, atol=1e-12)
            assert loglik[0, s] == pytest.approx(evidence, rel=1e-10)


def test_chunked_long_sequences_equal_uncut_ones():
    rng = np.random.default_rng(3)
    sequences = [list(rng.integers(0, 2, n)) for n in (700, 301, 40, 1)]
    params = _params(rng, 64)
    whole = _counts_per_sequence(sequences, params, 10_000)
    cut = _counts_per_sequence(sequences, params, None)
    np.testing.assert_allclose(cut[0], whole[0], rtol=1e-9)
    np.testing.assert_allclose(cut[1], whole[1], rtol=1e-11)


def test_forward_probabilities_of_a_cut_sequence_match_the_uncut_filter():
    answers = np.random.default_rng(5).integers(0, 2, 1_000)
    values = {"prior": 0.3, "learn": 0.05, "guess": 0.2, "slip": 0.1, "forget": 0.01}
    result = forward_probabilities(answers, **values)
    layout = _hmm.make_layout(
        answers.astype(bool), np.zeros(1, np.intp), np.array([1_000]), step_length=1_000
    )
    arrays = {name: np.full((1, 1), value) for name, value in values.items()}
    reference = _hmm.forward(layout, **arrays)
    np.testing.assert_allclose(result.mastery, reference.filt[0], rtol=1e-12)
    assert result.log_likelihood == pytest.approx(float(reference.loglik.sum()), rel=1e-12)


def test_ten_thousand_random_answers_of_one_learner_fit_without_nan():
    # Reproducer: the scaled backward variables overflowed and EM produced prior = NaN,
    # reported as a bad 'prior' parameter of BKTParams the caller never passed.
    rng = np.random.default_rng(0)
    log = pd.DataFrame({"learner_id": "a", "skill_id": "s", "correct": rng.integers(0, 2, 10_000)})
    with pytest.warns(IdentifiabilityWarning, match="degenerated"):  # random answers
        model = BayesianKnowledgeTracing(n_restarts=2, max_iter=20).fit(log)
    fitted = model.params_.to_dict()["s"]
    assert all(np.isfinite(value) for value in fitted.values())
    assert np.isfinite(model.log_likelihood_)


def test_one_long_sequence_costs_few_steps():
    # Time grew with the longest sequence (one numpy step per answer: 21 s at 30,000);
    # now the Python loops run over the steps of a chunk and the chunks of a sequence.
    layout = _layout([[1, 0] * 15_000], None)
    assert len(layout.steps()) + len(layout.chain) <= 400
    assert layout.correct.shape == (30_000,)


def test_packed_layout_memory_is_proportional_to_answers():
    # One long and 10,000 short sequences: a padded (longest x sequences) array would hold
    # 300 million cells.
    layout = _layout([[1] * 30_000] + [[0]] * 10_000, None)
    assert layout.correct.shape == (40_000,)
