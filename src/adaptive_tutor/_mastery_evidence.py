"""The evidence a mastery judgement reads: each learner's latest answer per distinct item.

Part of :mod:`adaptive_tutor.mastery` (which re-exports everything here): the answers
that count, the per-skill likelihood curves they give on the standard grid, the posterior
probability above a cut, and the direction the answers alone point (the probability above
the cut under a neutral prior, see :func:`neutral_probability_above`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from adaptive_tutor._bank_tables import tables_for
from adaptive_tutor.context import ResponseHistory
from adaptive_tutor.irt.posterior import normalised_weights, probability_above
from adaptive_tutor.irt.quadrature import QuadratureGrid, normal_grid
from adaptive_tutor.item_bank import ItemBank

__all__ = [
    "DIRECTION_TOLERANCE",
    "MASTERY_GRID",
    "MasteryEvidence",
    "grid_posterior",
    "mastery_probabilities",
    "mastery_probability",
    "neutral_probability_above",
]

FloatArray = NDArray[np.float64]
IndexArray = NDArray[np.intp]

MASTERY_GRID: QuadratureGrid = normal_grid(61, 6.0)
"""The standard grid and N(0, 1) prior weights of every mastery posterior."""

DIRECTION_TOLERANCE = 1e-9
"""How far from 0.5 the neutral probability must be for the answers to point one way.

Answers whose likelihood is flat to rounding error (none, or items far from the cut)
point neither way; this keeps floating-point noise from deciding.
"""

_BLOCK_CELLS = 2**21  # learners x skills x grid cells computed at once


@dataclass(frozen=True, eq=False)
class MasteryEvidence:
    """The answers that count for mastery, for one or many learners (one row each).

    Build it with :meth:`from_history` (one learner's answers in order) or
    :meth:`from_matrix` (learners x items, latest answers, NaN = none); both keep one
    answer per learner and item.

    Parameters
    ----------
    learner : ndarray of int, shape (n,)
        Row (learner position) of each answer.
    item : ndarray of int, shape (n,)
        Bank position of each answer's item.
    response : ndarray of int, shape (n,)
        Category score of each answer.
    n_learners : int
        Number of learners (rows of the arrays the methods return).

    Examples
    --------
    >>> MasteryEvidence.from_history(ResponseHistory.from_arrays([0, 1, 0], [0, 1, 1])).response
    array([1, 1])
    """

    learner: IndexArray
    item: IndexArray
    response: IndexArray
    n_learners: int

    @classmethod
    def from_history(
        cls, history: ResponseHistory, excluded: NDArray[np.bool_] | None = None
    ) -> MasteryEvidence:
        """One learner's evidence: the latest answer to each distinct item.

        Parameters
        ----------
        history : ResponseHistory
            Answers in the order given.
        excluded : ndarray of bool, optional
            Answers to leave out (rapid guesses), one flag per answer; an item's latest
            answer that is not excluded counts.

        Examples
        --------
        >>> evidence = MasteryEvidence.from_history(
        ...     ResponseHistory.from_arrays([2, 0, 2], [0, 1, 1]), np.array([False, False, True]))
        >>> evidence.item.tolist(), evidence.response.tolist()
        ([0, 2], [1, 0])
        """
        index = np.asarray(history.item_index, dtype=np.intp)
        response = np.asarray(history.response)
        if excluded is not None:
            keep = ~np.asarray(excluded, dtype=bool)
            index, response = index[keep], response[keep]
        n = index.shape[0]
        items, from_end = np.unique(index[::-1], return_index=True)
        latest = n - 1 - from_end
        return cls(
            np.zeros(items.shape[0], dtype=np.intp),
            items.astype(np.intp),
            response[latest].astype(np.intp),
            1,
        )

    @classmethod
    def from_matrix(cls, matrix: FloatArray) -> MasteryEvidence:
        """Evidence of many learners from a learners x items score matrix (NaN = none).

        Parameters
        ----------
        matrix : ndarray of float, shape (n_learners, n_items)
            Latest score of each learner on each bank item, NaN where none.

        Returns
        -------
        MasteryEvidence
            One row per answer.

        Examples
        --------
        >>> import numpy as np
        >>> evidence = MasteryEvidence.from_matrix(np.array([[1.0, np.nan], [np.nan, 0.0]]))
        >>> evidence.learner.tolist(), evidence.item.tolist(), evidence.n_learners
        ([0, 1], [0, 1], 2)
        """
        values = np.asarray(matrix, dtype=np.float64)
        rows, columns = np.nonzero(~np.isnan(values))
        return cls(
            rows.astype(np.intp),
            columns.astype(np.intp),
            values[rows, columns].astype(np.intp),
            int(values.shape[0]),
        )

    def _rows(self, start: int, stop: int) -> MasteryEvidence:
        keep = (self.learner >= start) & (self.learner < stop)
        return MasteryEvidence(
            self.learner[keep] - start, self.item[keep], self.response[keep], stop - start
        )

    def _pairs(self, bank: ItemBank) -> tuple[IndexArray, IndexArray]:
        """(answer, skill) pairs: each answer once for every skill of its item."""
        answers, skills = np.nonzero(bank.skill_matrix[self.item])
        return answers.astype(np.intp), skills.astype(np.intp)

    def distinct_counts(self, bank: ItemBank) -> NDArray[np.int64]:
        """Distinct items answered per learner and skill, shape (n_learners, n_skills).

        Parameters
        ----------
        bank : ItemBank
            The bank of the answers.

        Returns
        -------
        ndarray of int, shape (n_learners, n_skills)
            Distinct items answered per learner and skill.

        Examples
        --------
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> MasteryEvidence.from_matrix(np.array([[1.0, 1.0, 2.0]])).distinct_counts(bank)
        array([[1, 2]])
        """
        n_skills = len(bank.skill_ids)
        answers, skills = self._pairs(bank)
        flat = self.learner[answers] * n_skills + skills
        counts = np.bincount(flat, minlength=self.n_learners * n_skills)
        return counts.reshape(self.n_learners, n_skills).astype(np.int64)

    def skill_log_likelihood(self, bank: ItemBank, nodes: FloatArray) -> FloatArray:
        """Sum of the answers' log-likelihood curves per learner and skill: (L, S, G).

        Parameters
        ----------
        bank : ItemBank
            The bank of the answers.
        nodes : ndarray of shape (n_grid,)
            The ability grid.

        Returns
        -------
        ndarray of shape (n_learners, n_skills, n_grid)
            Each learner's log-likelihood per skill on the grid.

        Examples
        --------
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> evidence = MasteryEvidence.from_matrix(np.array([[np.nan, 1.0, np.nan]]))
        >>> evidence.skill_log_likelihood(bank, MASTERY_GRID.nodes).shape
        (1, 2, 61)
        """
        n_skills = len(bank.skill_ids)
        tables = tables_for(bank, nodes)
        answers, skills = self._pairs(bank)
        flat = self.learner[answers] * n_skills + skills
        order = np.argsort(flat, kind="stable")
        flat, answers = flat[order], answers[order]
        total = np.zeros((self.n_learners * n_skills, nodes.shape[0]))
        if flat.size:
            # each answer's log-likelihood curve, one contiguous row of the item-major table
            curves = tables.answer_curves[
                self.response[answers], tables.inverse[self.item[answers]]
            ]
            starts = np.flatnonzero(np.r_[True, flat[1:] != flat[:-1]])
            total[flat[starts]] = np.add.reduceat(curves, starts, axis=0)
        return total.reshape(self.n_learners, n_skills, nodes.shape[0])

    def learner_log_likelihood(self, bank: ItemBank, nodes: FloatArray) -> FloatArray:
        """Sum of the answers' log-likelihood curves per learner (all items): (L, G).

        Parameters
        ----------
        bank : ItemBank
            The bank of the answers.
        nodes : ndarray of shape (n_grid,)
            The ability grid.

        Returns
        -------
        ndarray of shape (n_learners, n_grid)
            Each learner's log-likelihood on the grid.

        Examples
        --------
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> evidence = MasteryEvidence.from_matrix(np.array([[1.0, 1.0, np.nan]]))
        >>> evidence.learner_log_likelihood(bank, MASTERY_GRID.nodes).shape
        (1, 61)
        """
        tables = tables_for(bank, nodes)
        total = np.zeros((self.n_learners, nodes.shape[0]))
        order = np.argsort(self.learner, kind="stable")
        rows = self.learner[order]
        if rows.size:
            curves = tables.answer_curves[self.response[order], tables.inverse[self.item[order]]]
            starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
            total[rows[starts]] = np.add.reduceat(curves, starts, axis=0)
        return total


def grid_posterior(log_likelihood: FloatArray) -> FloatArray:
    """Normalised posterior weights on :data:`MASTERY_GRID` (last axis) from log-likelihoods.

    Examples
    --------
    >>> grid_posterior(np.zeros((1, 61))).sum().round(12)
    np.float64(1.0)
    """
    log_post = np.asarray(log_likelihood, dtype=np.float64) + MASTERY_GRID.log_weights
    return normalised_weights(log_post)


def neutral_probability_above(
    weights: FloatArray, nodes: FloatArray, cuts: FloatArray
) -> FloatArray:
    """Probability above each cut when the answers alone decide: the neutral-prior posterior.

    ``weights`` are posteriors on ``nodes`` under the N(0, 1) prior of
    :data:`MASTERY_GRID`. The prior is swapped for a neutral one, centred at the cut
    (N(cut, 1) on the same grid, rescaled to put exactly half its mass on each side; a
    node exactly at the cut counts half on each side), so the result is 0.5 before any
    answer and the answers' likelihood alone moves it: above 0.5 when the answers point
    above the cut, below 0.5 when they point below. It is the Bayes factor of "above"
    against "below" as a probability. The likelihood of answers with no credit falls as
    ability rises, so they always give less than 0.5; full credit always more. Computed
    from the posterior by tilting it with ``exp(cut * theta)`` (N(cut, 1) / N(0, 1) up to
    a constant), so every engine that holds the posterior gets the same number. A cut
    with no grid node on one side gives what every prior on the grid gives: 1 for a cut
    below the grid, 0 above it.

    Parameters
    ----------
    weights : ndarray of shape (..., n_skills, n_grid)
        Posterior weights under the N(0, 1) prior, summing to 1 along the last axis.
    nodes : ndarray of shape (n_grid,)
        The grid (:data:`MASTERY_GRID` nodes).
    cuts : ndarray of shape (n_skills,)
        One cut per skill.

    Returns
    -------
    ndarray of shape (..., n_skills)
        Posterior probability above each cut under the neutral prior.

    Examples
    --------
    A grade-1 skill (cut -2) after three wrong answers on harder items: the N(0, 1)
    posterior still puts 0.92 above the cut, the answers alone point below it:

    >>> from adaptive_tutor.irt.posterior import probability_above
    >>> nodes = MASTERY_GRID.nodes
    >>> wrong = np.log1p(-1.0 / (1.0 + np.exp(-(nodes[:, None] - np.array([-1.0, 1.5, 1.0])))))
    >>> posterior = grid_posterior(wrong.sum(axis=1))[None, :]
    >>> round(float(probability_above(posterior, nodes, np.array([-2.0]))[0]), 2)
    0.92
    >>> round(float(neutral_probability_above(posterior, nodes, np.array([-2.0]))[0]), 2)
    0.37
    >>> float(neutral_probability_above(MASTERY_GRID.weights[None, :], nodes, np.array([-2.0]))[0])
    0.5
    """
    nodes = np.asarray(nodes, dtype=np.float64)
    cut = np.asarray(cuts, dtype=np.float64)[:, None]  # (S, 1)
    above = (nodes > cut) + 0.5 * (nodes == cut)  # (S, G)
    below = 1.0 - above
    neutral = np.exp(-0.5 * (nodes - cut) ** 2)
    prior_above, prior_below = (neutral * above).sum(axis=1), (neutral * below).sum(axis=1)
    tilt = cut * nodes
    tilted = np.asarray(weights, dtype=np.float64) * np.exp(tilt - tilt.max(axis=1, keepdims=True))
    # average likelihood on each side under the neutral prior (a common factor cancels);
    # a side without grid nodes has none (and no prior mass to divide by)
    up = (tilted * above).sum(axis=-1) / np.where(prior_above > 0.0, prior_above, 1.0)
    down = (tilted * below).sum(axis=-1) / np.where(prior_below > 0.0, prior_below, 1.0)
    total = up + down
    result: FloatArray = np.where(total > 0.0, up / np.where(total > 0.0, total, 1.0), 0.5)
    return result


def mastery_probability(bank: ItemBank, evidence: MasteryEvidence, cuts: FloatArray) -> FloatArray:
    """Posterior probability that each learner's ability on each skill is above its cut.

    The skill's posterior on :data:`MASTERY_GRID` from the evidence and the N(0, 1) prior;
    a grid node exactly at the cut counts half. A skill without answers gives the prior's
    probability.

    Parameters
    ----------
    bank : ItemBank
        The bank of the answers.
    evidence : MasteryEvidence
        The answers of every learner (latest answer to each item).
    cuts : ndarray of shape (n_skills,)
        The cut of each skill.

    Returns
    -------
    ndarray of shape (n_learners, n_skills)
        P(ability above the cut) per learner and skill.

    Examples
    --------
    >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
    >>> bank = ItemBank.from_dict(tiny_bank_document())
    >>> none = MasteryEvidence.from_matrix(np.full((1, 3), np.nan))
    >>> mastery_probability(bank, none, np.zeros(2)).round(3).tolist()
    [[0.5, 0.5]]
    """
    return mastery_probabilities(bank, evidence, cuts)[0]


def mastery_probabilities(
    bank: ItemBank, evidence: MasteryEvidence, cuts: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Both probabilities a mastery decision reads, from one pass over the evidence.

    Parameters
    ----------
    bank : ItemBank
        The bank the evidence is on.
    evidence : MasteryEvidence
        The answers of every learner.
    cuts : ndarray of shape (n_skills,)
        One cut per skill.

    Returns
    -------
    above : ndarray of shape (n_learners, n_skills)
        :func:`mastery_probability`: posterior probability above the cut (N(0, 1) prior).
    neutral : ndarray of shape (n_learners, n_skills)
        :func:`neutral_probability_above`: the same under a neutral prior centred at the
        cut (0.5 without answers; the direction the answers alone point).

    Examples
    --------
    >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
    >>> bank = ItemBank.from_dict(tiny_bank_document())
    >>> wrong = MasteryEvidence.from_matrix(np.array([[0.0, 0.0, 0.0]]))
    >>> above, neutral = mastery_probabilities(bank, wrong, np.full(2, -2.0))
    >>> bool((neutral < 0.5).all())
    True
    """
    nodes = MASTERY_GRID.nodes
    cuts = np.asarray(cuts, dtype=np.float64)
    n_skills = cuts.shape[0]
    above = np.empty((evidence.n_learners, n_skills))
    neutral = np.empty((evidence.n_learners, n_skills))
    step = max(1, _BLOCK_CELLS // max(1, n_skills * nodes.shape[0]))
    log_prior = MASTERY_GRID.log_weights
    for start in range(0, evidence.n_learners, step):
        stop = min(evidence.n_learners, start + step)
        log_post = evidence._rows(start, stop).skill_log_likelihood(bank, nodes) + log_prior
        weights = normalised_weights(log_post)
        above[start:stop] = probability_above(weights, nodes, cuts)
        neutral[start:stop] = neutral_probability_above(weights, nodes, cuts)
    return above, neutral
