"""The one mastery judgement: which skills a learner has mastered, from which answers.

Sessions (:meth:`~adaptive_tutor.session.TutoringSession.mastery_status`), stopping rules
(:class:`~adaptive_tutor.stopping.MasteryClassified`), gating
(:class:`~adaptive_tutor.selection.PrerequisitesMastered`), simulation (both engines) and
the learner and class reports all call the classifiers of this module, so the child's app
and the teacher's report never contradict each other.

**Status vocabulary** (machine codes; reports map them to words for their readers):

- :data:`MASTERED` (teacher word "secure"): the evidence puts the skill above its cut;
- :data:`UNDETERMINED` ("developing"): enough answers, evidence on both sides of the cut;
- :data:`NOT_MASTERED` ("not yet"): the evidence puts the skill below its cut;
- :data:`TOO_FEW_ANSWERS` ("not enough answers yet"): fewer distinct items answered on
  the skill than the minimum (:data:`MIN_RESPONSES_FOR_MASTERY`, 3), including none.

**Evidence.** Mastery is judged from the learner's own answers: the latest answer to each
distinct item (a repeated item is not new evidence), leaving out answers marked as rapid
guesses when effort moderation applies. Each answer counts for every skill its item
practises. The judgement never depends on how the answers reached it (a session's learner
model, a response log), so a session and a report on the same answers agree exactly.

**Along the skill graph.** A skill whose own answers show it mastered shows every skill
it requires (the bank's ``prerequisites``, followed downwards): such a prerequisite with
too few or undetermined answers of its own counts as mastered, "shown through" the
nearest mastered skill that requires it (fewest prerequisite links, then bank order). A
skill's own "not mastered" always stands, so inferred mastery never opens a gate that a
skill's own answers keep closed, and nothing is inferred upwards (easy success never
makes a harder skill mastered). :meth:`MasteryClassifier.evidence_codes` with
``along_graph=False`` gives each skill's own status, :func:`shown_through` the sources.

**The default** (:func:`default_mastery`): :class:`ConfidenceIntervalMastery` with each
skill's grade-level benchmark as its cut
(:attr:`~adaptive_tutor.item_bank.ItemBank.skill_benchmarks`), posterior probability 0.9
on either side, at least 3 distinct items.
The posterior is the skill's own: the answers' likelihood on the standard grid
(:data:`MASTERY_GRID`, 61 points over +-6) times the standard normal prior, the grid and
prior of a default :class:`~adaptive_tutor.learner.LearnerState` and ``EAP()``. Priors that
help choose items (borrowing strength across skills) never decide mastery.

**The prior alone never decides: the child's answers must point the same way.** The
standard normal prior sits at the middle of the scale, far above the cut of an early-grade
skill (about -2 logits for grade 1), so a few wrong answers on harder items can leave 0.9
of the posterior above that cut. A decision therefore also asks where the answers alone
point: the posterior under a neutral prior centred at the cut (half its mass on each side,
:func:`neutral_probability_above`) must be above 0.5 for ``mastered`` and below 0.5 for
``not_mastered``; otherwise the skill is ``undetermined``. Answers with no credit on a
skill point below every cut, so such a skill is never mastered (not even through the skill
graph); full credit on every answer points above, so such a skill is never not mastered.

Examples
--------
>>> from adaptive_tutor.context import DecisionContext, ResponseHistory
>>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
>>> bank = ItemBank.from_dict(tiny_bank_document())
>>> history = ResponseHistory.from_records(bank, [("add-1", 1), ("story-1", 2)])
>>> default_mastery().classify(DecisionContext(bank, None, history))
{'count': 'too_few_answers', 'add': 'too_few_answers'}
>>> ConfidenceIntervalMastery(min_responses=2).classify(DecisionContext(bank, None, history))
{'count': 'mastered', 'add': 'mastered'}

('count' has no answers of its own: it is shown through 'add', which requires it.)
"""

from __future__ import annotations

from typing import Any

import numpy as np

from adaptive_tutor._mastery_base import (
    CODES,
    MASTERED,
    MIN_RESPONSES_FOR_MASTERY,
    NOT_MASTERED,
    STATUSES,
    TOO_FEW_ANSWERS,
    UNDETERMINED,
    BoolArray,
    CodeArray,
    Cut,
    FloatArray,
    MasteryClassifier,
    _context_evidence,
    skill_response_counts,
    status_labels,
)
from adaptive_tutor._mastery_evidence import (
    DIRECTION_TOLERANCE,
    MASTERY_GRID,
    MasteryEvidence,
    mastery_probabilities,
    mastery_probability,
    neutral_probability_above,
)
from adaptive_tutor._mastery_graph import shown_through
from adaptive_tutor._validation import (
    check_real,
)
from adaptive_tutor.context import DecisionContext
from adaptive_tutor.effort import DEFAULT_RAPID_GUESS, RapidGuessRule
from adaptive_tutor.irt.mixed import _category_log_prob
from adaptive_tutor.item_bank import ItemBank

__all__ = [
    "CODES",
    "MASTERED",
    "MASTERY_GRID",
    "MIN_RESPONSES_FOR_MASTERY",
    "NOT_MASTERED",
    "STATUSES",
    "TOO_FEW_ANSWERS",
    "UNDETERMINED",
    "ConfidenceIntervalMastery",
    "MasteryClassifier",
    "MasteryEvidence",
    "SPRTMastery",
    "default_mastery",
    "mastery_probabilities",
    "mastery_probability",
    "neutral_probability_above",
    "shown_through",
    "skill_response_counts",
    "status_labels",
]


class ConfidenceIntervalMastery(MasteryClassifier):
    """Mastered when the skill's posterior puts at least ``level`` above the skill's cut.

    Not mastered when at least ``level`` lies below; undetermined otherwise; too few
    answers with fewer than ``min_responses`` distinct items on the skill. The posterior
    is the skill's own, from the evidence (see the module) and the N(0, 1) prior on
    :data:`MASTERY_GRID`. The prior alone never decides: a decision also needs the answers
    to point the same way, the posterior under a neutral prior centred at the cut
    (:func:`neutral_probability_above`) above 0.5 for mastered, below 0.5 for not
    mastered. This is the default judgement everywhere (:func:`default_mastery`).

    Parameters
    ----------
    cut : "grade", float or mapping of skill id to float, default "grade"
        ``"grade"``: each skill's grade-level benchmark
        (:attr:`~adaptive_tutor.item_bank.ItemBank.skill_benchmarks`); a float: one cut on
        every skill's scale; a mapping: a cut per skill id, the others keep their
        grade-level benchmark (unknown ids raise at the first classification).
    level : float, default=0.9
        Posterior probability required on one side of the cut, in (0.5, 1).
    min_responses : int, default=3
        Fewest distinct items answered on a skill before it is mastered or not mastered
        (:data:`MIN_RESPONSES_FOR_MASTERY`).
    rapid_guess : RapidGuessRule or None, default RapidGuessRule()
        Effort moderation: answers this rule flags as rapid guesses (from their response
        times) are not evidence; ``None`` counts every answer.

    Examples
    --------
    >>> ConfidenceIntervalMastery(cut=0.5, level=0.95).level
    0.95
    >>> ConfidenceIntervalMastery()
    ConfidenceIntervalMastery(cut='grade', min_responses=3,
        rapid_guess=RapidGuessRule(fraction=0.1, max_seconds=10.0, typical_seconds=None),
        level=0.9)
    """

    def __init__(
        self,
        cut: Cut = "grade",
        *,
        level: float = 0.9,
        min_responses: int = MIN_RESPONSES_FOR_MASTERY,
        rapid_guess: RapidGuessRule | None = DEFAULT_RAPID_GUESS,
    ) -> None:
        owner = "ConfidenceIntervalMastery"
        self._set_cut(cut, min_responses, owner, rapid_guess)
        self.level = check_real(
            level,
            "level",
            owner,
            minimum=0.5,
            maximum=1.0,
            exclusive_minimum=True,
            exclusive_maximum=True,
        )

    def codes_from_probability(self, above: FloatArray, neutral: FloatArray) -> CodeArray:
        """Codes 1 / 0 / -1 from the two probabilities above the cut (any shape).

        Parameters
        ----------
        above : ndarray of float
            Posterior probabilities that ability is above the cut
            (:func:`mastery_probability`).
        neutral : ndarray of float
            The same under a neutral prior centred at the cut, the direction the answers
            alone point (:func:`neutral_probability_above`); same shape.

        Returns
        -------
        ndarray of int8
            1 (mastered), 0 (not mastered) or -1 (undetermined), same shape.

        Examples
        --------
        The third pair has 0.95 above the cut, but the answers alone point below it:

        >>> ConfidenceIntervalMastery().codes_from_probability(
        ...     np.array([0.95, 0.5, 0.05, 0.95]), np.array([0.8, 0.5, 0.2, 0.3]))
        array([ 1, -1,  0, -1], dtype=int8)
        """
        above = np.asarray(above, dtype=np.float64)
        neutral = np.asarray(neutral, dtype=np.float64)
        codes = np.full(above.shape, CODES[UNDETERMINED], dtype=np.int8)
        codes[(above >= self.level) & (neutral > 0.5 + DIRECTION_TOLERANCE)] = CODES[MASTERED]
        codes[(above <= 1.0 - self.level) & (neutral < 0.5 - DIRECTION_TOLERANCE)] = CODES[
            NOT_MASTERED
        ]
        return codes

    def _decide(self, bank: ItemBank, evidence: MasteryEvidence) -> tuple[CodeArray, BoolArray]:
        above, neutral = mastery_probabilities(bank, evidence, self.skill_cuts(bank))
        return self._decision_from_probability(above, neutral)

    def _decision_from_probability(
        self, above: FloatArray, neutral: FloatArray
    ) -> tuple[CodeArray, BoolArray]:
        """Codes and ``against`` (the answers alone point below the cut), for every engine."""
        return self.codes_from_probability(above, neutral), neutral < 0.5 - DIRECTION_TOLERANCE


class SPRTMastery(MasteryClassifier):
    """Wald's sequential probability ratio test of ``cut ± indifference`` per skill.

    The log likelihood ratio of the skill's evidence (see the module) at ``cut +
    indifference`` versus ``cut - indifference`` is compared with ``log((1 - beta) /
    alpha)`` (mastered) and ``log(beta / (1 - alpha))`` (not mastered). Each answer counts
    for every skill its item practises.

    Parameters
    ----------
    cut : "grade", float or mapping of skill id to float, default "grade"
        As in :class:`ConfidenceIntervalMastery`.
    indifference : float, default=0.3
        Half-width of the indifference region.
    alpha, beta : float, default=0.05
        Tolerated false-mastery and false-non-mastery rates, each in (0, 0.5).
    min_responses : int, default=3
        Fewest distinct items answered on a skill before it is decided.
    rapid_guess : RapidGuessRule or None, default RapidGuessRule()
        Effort moderation: answers this rule flags as rapid guesses (from their response
        times) are not evidence; ``None`` counts every answer.

    Examples
    --------
    >>> round(SPRTMastery(alpha=0.05, beta=0.05).upper, 4)
    2.9444
    """

    def __init__(
        self,
        cut: Cut = "grade",
        *,
        indifference: float = 0.3,
        alpha: float = 0.05,
        beta: float = 0.05,
        min_responses: int = MIN_RESPONSES_FOR_MASTERY,
        rapid_guess: RapidGuessRule | None = DEFAULT_RAPID_GUESS,
    ) -> None:
        owner = "SPRTMastery"
        self._set_cut(cut, min_responses, owner, rapid_guess)
        self.indifference = check_real(
            indifference, "indifference", owner, minimum=0.0, exclusive_minimum=True
        )
        self.alpha, self.beta = (
            check_real(
                value,
                name,
                owner,
                minimum=0.0,
                maximum=0.5,
                exclusive_minimum=True,
                exclusive_maximum=True,
            )
            for name, value in (("alpha", alpha), ("beta", beta))
        )

    @property
    def upper(self) -> float:
        """Log-ratio bound above which a skill is mastered.

        Examples
        --------
        >>> SPRTMastery().upper > 0
        True
        """
        return float(np.log((1.0 - self.beta) / self.alpha))

    @property
    def lower(self) -> float:
        """Log-ratio bound below which a skill is not mastered.

        Examples
        --------
        >>> SPRTMastery().lower < 0
        True
        """
        return float(np.log(self.beta / (1.0 - self.alpha)))

    def log_ratios(self, context: DecisionContext) -> FloatArray:
        """Log likelihood ratio per skill (bank skill order); 0 for unpractised skills.

        Parameters
        ----------
        context : DecisionContext
            The decision's bank and history.

        Returns
        -------
        ndarray of float, shape (n_skills,)
            Log likelihood ratios of mastery against non-mastery.

        Examples
        --------
        >>> from adaptive_tutor.context import DecisionContext, ResponseHistory
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> history = ResponseHistory.from_records(bank, [("add-1", 1)])
        >>> context = DecisionContext(bank, None, history)
        >>> SPRTMastery(0.0).log_ratios(context).round(4).tolist()
        [0.0, 0.227]
        """
        evidence = _context_evidence(self, context)
        ratios: FloatArray = self.evidence_log_ratios(context.bank, evidence)[0]
        return ratios

    def evidence_log_ratios(self, bank: ItemBank, evidence: MasteryEvidence) -> FloatArray:
        """Log likelihood ratios of many learners: shape (n_learners, n_skills).

        Parameters
        ----------
        bank : ItemBank
            The bank the evidence is on.
        evidence : MasteryEvidence
            The answers of every learner (latest answer to each item).

        Returns
        -------
        ndarray of float, shape (n_learners, n_skills)
            Log likelihood ratios of mastery against non-mastery.

        Examples
        --------
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> evidence = MasteryEvidence.from_matrix(np.array([[np.nan, 1.0, np.nan]]))
        >>> SPRTMastery(0.0).evidence_log_ratios(bank, evidence).round(4).tolist()
        [[0.0, 0.227]]
        """
        cuts = self.skill_cuts(bank)
        n_skills = cuts.shape[0]
        out = np.zeros(evidence.n_learners * n_skills)
        if evidence.item.shape[0] == 0:
            return out.reshape(evidence.n_learners, n_skills)
        # evaluate each distinct cut once: thetas (cuts - d, cuts + d) for U distinct cuts
        distinct, which = np.unique(cuts, return_inverse=True)
        theta = np.concatenate([distinct - self.indifference, distinct + self.indifference])
        log_p = _category_log_prob(bank.params.take(evidence.item), theta)
        picked = log_p[np.arange(evidence.item.shape[0]), :, evidence.response]  # (n, 2U)
        n_distinct = distinct.shape[0]
        difference = picked[:, n_distinct:] - picked[:, :n_distinct]  # (n, U)
        answers, skills = evidence._pairs(bank)
        flat = evidence.learner[answers] * n_skills + skills
        values = difference[answers, which[skills]]
        out += np.bincount(flat, weights=values, minlength=out.shape[0])
        return out.reshape(evidence.n_learners, n_skills)

    def _decide(self, bank: ItemBank, evidence: MasteryEvidence) -> tuple[CodeArray, BoolArray]:
        ratios = self.evidence_log_ratios(bank, evidence)
        codes = np.full(ratios.shape, CODES[UNDETERMINED], dtype=np.int8)
        codes[ratios >= self.upper] = CODES[MASTERED]
        codes[ratios <= self.lower] = CODES[NOT_MASTERED]
        # the answers point below the cut: never mastered through the skill graph
        return codes, ratios < -4.0 * DIRECTION_TOLERANCE


def default_mastery() -> ConfidenceIntervalMastery:
    """The one default judgement: ``ConfidenceIntervalMastery()`` (grade cut, 0.9, 3 items).

    Sessions, :class:`~adaptive_tutor.stopping.MasteryClassified`,
    :class:`~adaptive_tutor.selection.PrerequisitesMastered`, ``simulate`` and the reports
    use it unless given another classifier.

    Returns
    -------
    ConfidenceIntervalMastery
        A new classifier with the default settings.

    Examples
    --------
    >>> default_mastery()
    ConfidenceIntervalMastery(cut='grade', min_responses=3,
        rapid_guess=RapidGuessRule(fraction=0.1, max_seconds=10.0, typical_seconds=None),
        level=0.9)
    """
    return ConfidenceIntervalMastery()


def check_mastery(mastery: Any, name: str, owner: str) -> MasteryClassifier:
    """Return ``mastery`` (the default when None) after checking its type.

    Examples
    --------
    >>> check_mastery(None, "mastery", "LearnerReport").level
    0.9
    """
    if mastery is None:
        return default_mastery()
    if not isinstance(mastery, MasteryClassifier):
        raise TypeError(
            f"The {name!r} parameter of {owner} must be a MasteryClassifier (e.g. "
            f"ConfidenceIntervalMastery()). Got {type(mastery).__name__}."
        )
    return mastery
