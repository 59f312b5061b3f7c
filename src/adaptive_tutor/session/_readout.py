"""What a session tells about its learner: abilities, mastery, the answer history.

Mixed into :class:`~adaptive_tutor.session.TutoringSession`; everything here reads the
session, nothing changes it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from adaptive_tutor._replay import replay_model, running_estimates
from adaptive_tutor.context import AbilityView, DecisionContext, ResponseHistory, ability_view
from adaptive_tutor.item_bank import ItemBank
from adaptive_tutor.mastery import MasteryClassifier
from adaptive_tutor.placement import LearnerPlacement
from adaptive_tutor.session._history import AnswerLog
from adaptive_tutor.session._placing import placement_estimate


class SessionReadout:
    """Abilities, mastery and history of a session's learner."""

    _bank: ItemBank
    _learner: Any
    _start: Any
    _learner_id: str
    _log: AnswerLog
    _mastery: MasteryClassifier
    _estimates: np.ndarray[Any, np.dtype[np.float64]] | None
    _placement: LearnerPlacement | None

    if TYPE_CHECKING:

        def _context(self, now: float | None) -> DecisionContext: ...

    @property
    def n_rapid_guesses(self) -> int:
        """Answers left out of the estimates and of mastery as rapid guesses.

        Effort-moderated scoring: an answer faster than the ``mastery`` classifier's
        rapid-guess rule is kept in :attr:`history` but is no evidence (see
        :class:`~adaptive_tutor.effort.RapidGuessRule`).

        Examples
        --------
        >>> from adaptive_tutor import TutoringSession
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> TutoringSession(ItemBank.from_dict(tiny_bank_document())).n_rapid_guesses
        0
        """
        return int(self._rapid_mask().sum())

    def _is_rapid_guess(self, position: int, seconds: float | None) -> bool:
        known = np.nan if seconds is None else seconds
        return bool(self._mastery.rapid_guesses(self._bank, [position], [known])[0])

    def _rapid_mask(self) -> np.ndarray[Any, np.dtype[np.bool_]]:
        history = self._log.response_history()
        return self._mastery.rapid_guesses(self._bank, history.item_index, history.response_time)

    def _moderated_model(self, start: Any, replayed: Any) -> Any:
        """The learner model of the saved answers without rapid guesses (``replayed`` if none)."""
        rapid = self._rapid_mask()
        if not rapid.any():
            return replayed
        keep = ~rapid
        return replay_model(start, self._bank, self._log.positions[keep], self._log.scores[keep])

    def _moderated_estimates(self) -> np.ndarray[Any, np.dtype[np.float64]]:
        """Estimates after each answer; a rapid guess leaves them as they were."""
        log = self._log
        rapid = self._rapid_mask()
        if not rapid.any():
            return running_estimates(self._start, self._bank, log.positions, log.scores)
        keep = np.flatnonzero(~rapid)
        used = running_estimates(self._start, self._bank, log.positions[keep], log.scores[keep])
        before = np.searchsorted(keep, np.arange(rapid.shape[0]), side="right") - 1
        out = np.full((rapid.shape[0], 4), np.nan)
        known = before >= 0
        out[known] = used[before[known]]
        return out

    def ability_view(self) -> AbilityView:
        """The learner's posterior on its grid (per skill, then overall).

        Returns
        -------
        AbilityView
            The posterior weights, one row per skill and one for the overall scale.

        Examples
        --------
        >>> from adaptive_tutor import TutoringSession
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> TutoringSession(ItemBank.from_dict(tiny_bank_document())).ability_view().skill_ids
        ('count', 'add')
        """
        return ability_view(self._learner, self._bank)

    def overall_ability(self) -> tuple[float, float]:
        """Overall ability estimate and its standard error ``(theta, se)``.

        Returns
        -------
        tuple of float
            ``(theta, se)``: the posterior mean and SD on the overall scale.

        Examples
        --------
        >>> from adaptive_tutor import TutoringSession
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> theta, se = TutoringSession(ItemBank.from_dict(tiny_bank_document())).overall_ability()
        >>> round(theta, 6), round(se, 3)
        (0.0, 1.0)
        """
        view = self.ability_view()
        return float(view.theta[-1]), float(view.se[-1])

    @property
    def placement(self) -> LearnerPlacement | None:
        """The learner's placement (settings, grade, the prior's centre), or None.

        Examples
        --------
        >>> from adaptive_tutor import Placement, TutoringSession
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> TutoringSession(bank, placement=Placement(2), learner_grade=1).placement.prior_mean
        -1.0
        """
        return self._placement

    def placement_estimate(self) -> tuple[float, float] | None:
        """Overall ability and standard error ``(theta, se)`` the placement found.

        From the placement answers alone, located with the placement's prior (the
        estimate every decision starts from after the placement); None before the first
        placement answer or without a placement. Reported estimates
        (:meth:`overall_ability`) keep the learner model's own prior.

        Returns
        -------
        tuple of float or None
            ``(theta, se)``, or None before the first placement answer or without a placement.

        Examples
        --------
        >>> from adaptive_tutor import Placement, TutoringSession
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> session = TutoringSession(ItemBank.from_dict(tiny_bank_document()),
        ...                           placement=Placement(1), seed=0)
        >>> session.record(session.next_item().id, 2)
        >>> theta, se = session.placement_estimate()
        >>> theta > 0.5, se < 2.0, session.history["stage"].tolist()
        (True, True, ['placement'])
        """
        return placement_estimate(self._placement, self._start, self._bank, self._log)

    def mastery_status(self) -> dict[str, str]:
        """Each skill's status code: ``mastered``, ``undetermined``, ``not_mastered`` or
        ``too_few_answers`` (:data:`~adaptive_tutor.mastery.STATUSES`).

        Decided by the session's ``mastery`` classifier from the latest answer to each
        distinct item, exactly as :class:`~adaptive_tutor.reports.LearnerReport` decides
        from :attr:`history` with the same classifier.

        Returns
        -------
        dict of str to str
            Skill id to status code, in bank order.

        Examples
        --------
        >>> from adaptive_tutor import TutoringSession
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> TutoringSession(ItemBank.from_dict(tiny_bank_document())).mastery_status()
        {'count': 'too_few_answers', 'add': 'too_few_answers'}
        """
        return self._mastery.classify(self._context(None))

    def skill_abilities(self) -> pd.DataFrame:
        """One row per skill: ``skill_id, theta, se, n_responses, mastery``.

        Each skill has its own scale; ``n_responses`` counts responses to items that
        practise the skill.

        Returns
        -------
        DataFrame
            One row per skill, in bank order.

        Examples
        --------
        >>> from adaptive_tutor import TutoringSession
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> frame = TutoringSession(ItemBank.from_dict(tiny_bank_document())).skill_abilities()
        >>> frame.columns.tolist()
        ['skill_id', 'theta', 'se', 'n_responses', 'mastery']
        """
        view = self.ability_view()
        bank = self._bank
        counts = bank.skill_matrix[self._log.positions].sum(axis=0)
        status = self.mastery_status()
        return pd.DataFrame(
            {
                "skill_id": list(bank.skill_ids),
                "theta": view.theta[:-1],
                "se": view.se[:-1],
                "n_responses": counts.astype(np.int64),
                "mastery": [status[s] for s in bank.skill_ids],
            }
        )

    @property
    def history(self) -> pd.DataFrame:
        """The responses as a tidy frame, one row per response, in order.

        Columns: ``learner_id, step, item_id, skill_id`` (the item's first skill),
        ``skills``, ``response``, ``max_score``, ``correct`` (full marks), ``offered`` (the
        item was on offer), ``timestamp``, ``response_time`` (NaN when unknown),
        ``answer_id`` (missing when not given), ``stage`` (``"placement"`` for the answers
        of a placement, ``"practice"`` otherwise), ``theta``, ``se`` (the first skill's estimate
        after the response), ``overall_theta``, ``overall_se``. The estimates are replayed
        from the answers, so a resumed session shows the same numbers.

        Examples
        --------
        >>> from adaptive_tutor import TutoringSession
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> session = TutoringSession(ItemBank.from_dict(tiny_bank_document()))
        >>> session.record("count-1", 1)
        >>> session.history[["step", "item_id", "correct"]].to_dict("records")
        [{'step': 1, 'item_id': 'count-1', 'correct': True}]
        """
        if self._estimates is None:
            self._estimates = self._moderated_estimates()
        return self._log.frame(self._bank, self._learner_id, self._estimates)

    def response_history(self) -> ResponseHistory:
        """The responses as the immutable arrays selectors and stopping rules read.

        Returns
        -------
        ResponseHistory
            Item positions, scores, timestamps and response times, in answer order.

        Examples
        --------
        >>> from adaptive_tutor import TutoringSession
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> TutoringSession(ItemBank.from_dict(tiny_bank_document())).response_history().n_responses
        0
        """
        return self._log.response_history()
