"""Mastery along the skill graph: a mastered skill shows its prerequisites.

Part of :mod:`adaptive_tutor.mastery` (the one mastery judgement applies it). The rule:

- a skill whose **own** answers show it mastered shows every skill it requires, directly
  or through other prerequisites (the bank's ``prerequisites``, followed downwards): a
  child who masters two-digit addition with regrouping has shown addition within 20;
- such a prerequisite counts as mastered, "shown through" the nearest mastered skill that
  requires it (fewest prerequisite steps; the first in bank order on a tie), when its own
  answers are too few or undetermined;
- a prerequisite whose own answers show it **not mastered** keeps that status: inferred
  mastery never overrides a skill's own evidence, so it never opens a gate a skill's own
  answers keep closed; nor is a prerequisite shown mastered when its own answers, however
  few, point below its cut (a child who got its questions wrong is not told it is secure);
- nothing is inferred upwards: success on an easy skill never makes a harder skill
  mastered.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from adaptive_tutor._mastery_evidence import MasteryEvidence
from adaptive_tutor.item_bank import ItemBank

if TYPE_CHECKING:
    from adaptive_tutor.mastery import MasteryClassifier

__all__ = ["along_graph", "prerequisite_steps", "shown_through"]

IndexArray = NDArray[np.intp]
CodeArray = NDArray[np.int8]
BoolArray = NDArray[np.bool_]

_MASTERED, _NOT_MASTERED = 1, 0
_UNREACHABLE = np.iinfo(np.intp).max


def prerequisite_steps(bank: ItemBank) -> IndexArray:
    """Prerequisite steps from each skill down to each skill it requires, (S, S).

    ``steps[y, p]`` is the fewest prerequisite links from skill ``y`` down to skill ``p``
    (1 for a direct prerequisite), 0 on the diagonal, and a very large number when ``y``
    does not require ``p`` at all.

    Examples
    --------
    >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
    >>> prerequisite_steps(ItemBank.from_dict(tiny_bank_document())).tolist()[1][0]  # add -> count
    1
    """
    ids = bank.skill_ids
    position = {skill_id: s for s, skill_id in enumerate(ids)}
    n = len(ids)
    steps = np.full((n, n), _UNREACHABLE, dtype=np.intp)
    np.fill_diagonal(steps, 0)
    for s, skill in enumerate(bank.skills):
        for prerequisite in skill.prerequisites:
            steps[s, position[prerequisite]] = 1
    for middle in range(n):  # Floyd-Warshall on a small acyclic graph
        through = steps[:, middle, None] + steps[None, middle, :]
        reachable = (steps[:, middle, None] < _UNREACHABLE) & (
            steps[None, middle, :] < _UNREACHABLE
        )
        steps = np.where(reachable & (through < steps), through, steps)
    return steps


def along_graph(
    bank: ItemBank, codes: CodeArray, against: BoolArray | None = None
) -> tuple[CodeArray, IndexArray]:
    """Status codes after the skill-graph rule (see the module), and where each came from.

    Parameters
    ----------
    bank : ItemBank
    codes : ndarray of int8, shape (n_learners, n_skills)
        Codes from each skill's own answers (:data:`~adaptive_tutor.mastery.CODES`).
    against : ndarray of bool, shape (n_learners, n_skills), optional
        True where a skill's own answers point below its cut: never shown mastered.

    Returns
    -------
    codes : ndarray of int8, shape (n_learners, n_skills)
        The codes with inferred mastery.
    shown_through : ndarray of int, shape (n_learners, n_skills)
        Position of the skill whose own answers showed an inferred mastery; -1 where the
        status is the skill's own.

    Examples
    --------
    >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
    >>> bank = ItemBank.from_dict(tiny_bank_document())  # 'add' requires 'count'
    >>> codes, through = along_graph(bank, np.array([[-2, 1], [0, 1], [1, -2]], np.int8))
    >>> codes.tolist(), through.tolist()
    ([[1, 1], [0, 1], [1, -2]], [[1, -1], [-1, -1], [-1, -1]])
    >>> along_graph(bank, np.array([[-2, 1]], np.int8), np.array([[True, False]]))[0].tolist()
    [[-2, 1]]
    """
    own = np.asarray(codes, dtype=np.int8)
    steps = prerequisite_steps(bank)
    mastered = own == _MASTERED  # (L, S)
    requires = (steps > 0) & (steps < _UNREACHABLE)  # (Y, P): Y requires P
    # distance from each mastered skill Y down to P, per learner: (L, Y, P)
    distance = np.where(
        mastered[:, :, None] & requires[None, :, :], steps[None, :, :], _UNREACHABLE
    )
    nearest = np.argmin(distance, axis=1)  # (L, P), first in bank order on a tie
    shown = np.take_along_axis(distance, nearest[:, None, :], axis=1)[:, 0, :] < _UNREACHABLE
    open_to_inference = (own != _MASTERED) & (own != _NOT_MASTERED)
    if against is not None:
        open_to_inference &= ~np.asarray(against, dtype=bool)
    inferred = shown & open_to_inference
    result = own.copy()
    result[inferred] = _MASTERED
    through = np.where(inferred, nearest, -1).astype(np.intp)
    return result, through


def shown_through(
    classifier: MasteryClassifier, bank: ItemBank, evidence: MasteryEvidence
) -> tuple[CodeArray, IndexArray]:
    """Codes along the skill graph and, for inferred mastery, the skill that showed it.

    Returns ``(codes, through)``, both (n_learners, n_skills): ``codes`` as
    :meth:`~adaptive_tutor.mastery.MasteryClassifier.evidence_codes`; ``through`` the
    position (in ``bank.skill_ids``) of the mastered skill that shows an inferred
    mastery, -1 where the status is the skill's own.

    Parameters
    ----------
    classifier : MasteryClassifier
        The judgement.
    bank : ItemBank
        The bank of the answers (its skill graph).
    evidence : MasteryEvidence
        The answers of every learner.

    Returns
    -------
    codes : ndarray of int8, shape (n_learners, n_skills)
        The codes along the skill graph.
    through : ndarray of intp, shape (n_learners, n_skills)
        Position of the mastered skill that shows an inferred mastery, -1 elsewhere.

    Examples
    --------
    >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
    >>> from adaptive_tutor.mastery import ConfidenceIntervalMastery, status_labels
    >>> bank = ItemBank.from_dict(tiny_bank_document())  # 'add' requires 'count'
    >>> evidence = MasteryEvidence.from_matrix(np.array([[np.nan, 1.0, 2.0]]))
    >>> codes, through = shown_through(ConfidenceIntervalMastery(min_responses=2), bank, evidence)
    >>> status_labels(codes).tolist(), through.tolist()
    ([['mastered', 'mastered']], [[1, -1]])
    """
    own, against = classifier._own_codes(bank, evidence)
    return along_graph(bank, own, against)
