"""Ability per skill, benchmarks and mastery status, shared by the learner and class reports.

Abilities are EAP estimates (by default) on the item bank's scale, computed per skill from
the items that measure the skill (the bank's ``skill_matrix``) and overall from every item.
Mastery status is the one judgement of :mod:`adaptive_tutor.mastery` (the classifier a
session uses, on the same answers), so a report and the child's app never disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy import stats

from adaptive_tutor._validation import check_probability, parameter_error
from adaptive_tutor.estimation import EAP, AbilityEstimator
from adaptive_tutor.item_bank import ItemBank
from adaptive_tutor.mastery import (
    ConfidenceIntervalMastery,
    MasteryClassifier,
    MasteryEvidence,
    check_mastery,
    shown_through,
    status_labels,
)
from adaptive_tutor.reports._data import check_known_items
from adaptive_tutor.response_log import check_response_log

__all__ = [
    "SkillAbilities",
    "check_estimator",
    "checked_log",
    "confidence_z",
    "effort_moderated",
    "estimate_overall",
    "estimate_skills",
    "report_mastery",
    "skill_benchmarks",
    "skill_shown_through",
    "skill_statuses",
]

FloatArray = NDArray[np.float64]
Benchmark = float | Mapping[str, float] | None


def checked_log(log: object, bank: ItemBank, owner: str) -> pd.DataFrame:
    """Validate a log against a bank: columns, integer scores, known items, maximum scores.

    Examples
    --------
    >>> import pandas as pd
    >>> from adaptive_tutor.item_bank import ItemBank
    >>> from adaptive_tutor.examples import tiny_bank_document
    >>> bank = ItemBank.from_dict(tiny_bank_document())
    >>> log = pd.DataFrame({"learner_id": ["a"], "item_id": ["add-1"], "response": [1]})
    >>> len(checked_log(log, bank, "LearnerReport"))
    1
    """
    frame = check_response_log(log, owner, text_ids=True)
    maxima = np.array([item.max_score for item in bank.items], dtype=np.int64)
    check_known_items(frame, bank.item_ids, owner, maxima)
    return frame


def check_estimator(estimator: object, owner: str) -> AbilityEstimator:
    """Return ``estimator`` (EAP() when None) after checking its type.

    Examples
    --------
    >>> check_estimator(None, "LearnerReport").method
    'EAP'
    """
    if estimator is None:
        return EAP()
    if not isinstance(estimator, AbilityEstimator):
        raise parameter_error(
            "estimator", owner, "an AbilityEstimator such as EAP() or WLE()", estimator
        )
    return estimator


def confidence_z(confidence: object, owner: str) -> float:
    """Two-sided normal quantile for a confidence level in (0, 1).

    Examples
    --------
    >>> round(confidence_z(0.95, "LearnerReport"), 3)
    1.96
    """
    level = check_probability(confidence, "confidence", owner, open_interval=True)
    return float(stats.norm.ppf(0.5 + level / 2))


@dataclass(frozen=True)
class SkillAbilities:
    """Ability estimates of learners (rows) on skills (columns).

    Examples
    --------
    >>> import numpy as np
    >>> SkillAbilities(np.zeros((1, 2)), np.ones((1, 2)), np.zeros((1, 2), int)).theta.shape
    (1, 2)
    """

    theta: FloatArray
    se: FloatArray
    n_responses: NDArray[np.int64]


def estimate_overall(
    bank: ItemBank, matrix: FloatArray, estimator: AbilityEstimator
) -> tuple[FloatArray, FloatArray, NDArray[np.int64]]:
    """Overall ability of each row of a learners x bank-items matrix.

    Examples
    --------
    >>> import numpy as np
    >>> from adaptive_tutor.item_bank import ItemBank
    >>> from adaptive_tutor.examples import tiny_bank_document
    >>> bank = ItemBank.from_dict(tiny_bank_document())
    >>> theta, se, n = estimate_overall(bank, np.array([[1.0, 1.0, np.nan]]), EAP())
    >>> n.tolist()
    [2]
    """
    if matrix.shape[0] == 0:
        empty = np.empty(0)
        return empty, empty, np.empty(0, dtype=np.int64)
    result = estimator.estimate(bank.params, matrix)
    n = (~np.isnan(matrix)).sum(axis=1).astype(np.int64)
    return np.asarray(result.theta, float), np.asarray(result.se, float), n


def estimate_skills(
    bank: ItemBank, matrix: FloatArray, estimator: AbilityEstimator
) -> SkillAbilities:
    """Ability of each learner on each skill, from the items measuring that skill.

    Entries without any response are NaN (theta and se) with ``n_responses`` 0.

    Examples
    --------
    >>> import numpy as np
    >>> from adaptive_tutor.item_bank import ItemBank
    >>> from adaptive_tutor.examples import tiny_bank_document
    >>> bank = ItemBank.from_dict(tiny_bank_document())
    >>> out = estimate_skills(bank, np.array([[np.nan, 1.0, 2.0]]), EAP())
    >>> out.n_responses.tolist(), bool(np.isnan(out.theta[0, 0]))
    ([[0, 2]], True)
    """
    n_learners = matrix.shape[0]
    skills = bank.skill_matrix
    theta = np.full((n_learners, skills.shape[1]), np.nan)
    se = np.full_like(theta, np.nan)
    observed = ~np.isnan(matrix)
    counts = (observed.astype(np.int64) @ skills.astype(np.int64)).astype(np.int64)
    params = bank.params
    for column in range(skills.shape[1]):  # few skills; each call is vectorised
        items = np.flatnonzero(skills[:, column])
        rows = np.flatnonzero(counts[:, column] > 0)
        if items.size == 0 or rows.size == 0:
            continue
        result = estimator.estimate(params.take(items), matrix[np.ix_(rows, items)])
        theta[rows, column] = result.theta
        se[rows, column] = result.se
    return SkillAbilities(theta, se, counts)


def skill_benchmarks(bank: ItemBank, benchmark: Benchmark, owner: str) -> FloatArray:
    """The ability cut of each skill (bank skill order), as a new writable array.

    ``None``: the bank's grade-level benchmarks, :attr:`ItemBank.skill_benchmarks` (the
    mean location ``b`` of the skill's items at the skill's grade), the same cuts the
    mastery classifiers use by default (``cut="grade"``). A float: one cut for every
    skill. A mapping: a cut per skill id (skills left out use the default).

    Examples
    --------
    >>> from adaptive_tutor.item_bank import ItemBank
    >>> from adaptive_tutor.examples import tiny_bank_document
    >>> bank = ItemBank.from_dict(tiny_bank_document())
    >>> skill_benchmarks(bank, None, "LearnerReport").round(3).tolist()
    [-1.5, -0.5]
    """
    default = np.array(bank.skill_benchmarks, dtype=np.float64)
    if benchmark is None:
        return default
    if isinstance(benchmark, Mapping):
        unknown = [key for key in benchmark if key not in bank.skill_ids]
        if unknown:
            raise parameter_error(
                "benchmark",
                owner,
                f"a mapping over the bank's skill ids {bank.skill_ids}",
                f"unknown skill id(s) {unknown}",
            )
        cuts = default.copy()
        for position, skill_id in enumerate(bank.skill_ids):
            if skill_id in benchmark:
                cuts[position] = float(benchmark[skill_id])
        if not np.isfinite(cuts).all():
            raise parameter_error("benchmark", owner, "finite numbers", dict(benchmark))
        return cuts
    value = float(benchmark)
    if not np.isfinite(value):
        raise parameter_error("benchmark", owner, "a finite number or a mapping", benchmark)
    return np.full(len(bank.skill_ids), value)


def report_mastery(
    mastery: object, benchmark: Benchmark, bank: ItemBank, owner: str
) -> MasteryClassifier:
    """The report's mastery classifier: ``mastery``, or the default with ``benchmark`` cuts.

    Examples
    --------
    >>> from adaptive_tutor.item_bank import ItemBank
    >>> from adaptive_tutor.examples import tiny_bank_document
    >>> bank = ItemBank.from_dict(tiny_bank_document())
    >>> report_mastery(None, None, bank, "LearnerReport").skill_cuts(bank).tolist()
    [-1.5, -0.5]
    >>> report_mastery(None, 0.25, bank, "LearnerReport").skill_cuts(bank).tolist()
    [0.25, 0.25]
    """
    if benchmark is None:
        return check_mastery(mastery, "mastery", owner)
    if mastery is not None:
        raise ValueError(
            f"{owner} takes either 'mastery' (a classifier with its own cut) or 'benchmark' "
            "(cuts for the default classifier), not both; put the cut in the classifier, "
            "e.g. ConfidenceIntervalMastery(cut=...)."
        )
    cuts = skill_benchmarks(bank, benchmark, owner)
    return ConfidenceIntervalMastery(dict(zip(bank.skill_ids, cuts.tolist(), strict=True)))


def skill_statuses(
    bank: ItemBank, matrix: FloatArray, mastery: MasteryClassifier
) -> NDArray[np.object_]:
    """Status code of every learner (row of ``matrix``) on every skill, (n_learners, S).

    ``matrix`` holds each learner's latest answer per item (NaN = none), exactly the
    evidence a session's classifier reads from its history.

    Examples
    --------
    >>> import numpy as np
    >>> from adaptive_tutor.item_bank import ItemBank
    >>> from adaptive_tutor.examples import tiny_bank_document
    >>> from adaptive_tutor.mastery import default_mastery
    >>> bank = ItemBank.from_dict(tiny_bank_document())
    >>> skill_statuses(bank, np.array([[1.0, 1.0, 2.0]]), default_mastery()).tolist()
    [['too_few_answers', 'too_few_answers']]
    """
    codes = mastery.evidence_codes(bank, MasteryEvidence.from_matrix(matrix))
    return status_labels(codes)


def effort_moderated(
    frame: pd.DataFrame, bank: ItemBank, mastery: MasteryClassifier
) -> tuple[pd.DataFrame, int]:
    """The log without the answers the mastery judgement leaves out as rapid guesses.

    Effort-moderated scoring (Wise & DeMars 2006), on by default: answers faster than the
    classifier's :class:`~adaptive_tutor.effort.RapidGuessRule` are no evidence of ability
    or mastery, exactly as in a session. Returns the kept rows and how many were left out.

    Examples
    --------
    >>> import pandas as pd
    >>> from adaptive_tutor.item_bank import ItemBank
    >>> from adaptive_tutor.examples import tiny_bank_document
    >>> from adaptive_tutor.effort import RapidGuessRule
    >>> from adaptive_tutor.mastery import ConfidenceIntervalMastery
    >>> bank = ItemBank.from_dict(tiny_bank_document())
    >>> log = pd.DataFrame({"learner_id": ["a", "a"], "item_id": ["add-1", "count-1"],
    ...                     "response": [1, 1], "response_time": [0.5, 12.0]})
    >>> rule = RapidGuessRule(typical_seconds={"add-1": 30.0, "count-1": 30.0})
    >>> kept, n = effort_moderated(log, bank, ConfidenceIntervalMastery(rapid_guess=rule))
    >>> kept["item_id"].tolist(), n
    (['count-1'], 1)
    """
    if frame.empty or "response_time" not in frame.columns:
        return frame, 0
    times = pd.to_numeric(frame["response_time"], errors="coerce").to_numpy(dtype=np.float64)
    rapid = mastery.rapid_guesses(bank, bank.indices_of(frame["item_id"]), times)
    return frame.loc[~rapid], int(rapid.sum())


def skill_shown_through(
    bank: ItemBank, matrix: FloatArray, mastery: MasteryClassifier
) -> NDArray[np.object_]:
    """The skill id whose own answers showed each inferred mastery, (n_learners, S).

    ``None`` where the status is the skill's own (see :func:`~adaptive_tutor.mastery.
    shown_through`): a skill is mastered "shown through" a mastered skill that requires it.

    Examples
    --------
    >>> import numpy as np
    >>> from adaptive_tutor.item_bank import ItemBank
    >>> from adaptive_tutor.examples import tiny_bank_document
    >>> from adaptive_tutor.mastery import ConfidenceIntervalMastery
    >>> bank = ItemBank.from_dict(tiny_bank_document())
    >>> classifier = ConfidenceIntervalMastery(min_responses=2)
    >>> skill_shown_through(bank, np.array([[np.nan, 1.0, 2.0]]), classifier).tolist()
    [['add', None]]
    """
    _, through = shown_through(mastery, bank, MasteryEvidence.from_matrix(matrix))
    ids = np.array([*bank.skill_ids, None], dtype=object)
    return np.asarray(ids[through], dtype=object)  # -1 picks the trailing None
