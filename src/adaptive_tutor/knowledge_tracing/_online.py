"""Knowledge tracing one answer at a time: the tracker a tutoring session runs.

Mixed into :class:`~adaptive_tutor.knowledge_tracing.BayesianKnowledgeTracing`, whose
batch side (EM fit, traces, predictions over a log) stays in its own module. The fitted
parameters (``params_``) are all this side reads; a state is a
:class:`~adaptive_tutor.knowledge_tracing.MasteryState` returned anew after every answer.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from adaptive_tutor._validation import check_correct
from adaptive_tutor.exceptions import NotFittedError, ResponseDataError, SessionStateError
from adaptive_tutor.knowledge_tracing._forward import posterior_then_transition
from adaptive_tutor.knowledge_tracing._identifiability import OWNER
from adaptive_tutor.knowledge_tracing._params import BKTParams
from adaptive_tutor.knowledge_tracing._state import MasteryState


class OnlineMasteryTracking:
    """Initial state, one-answer updates and predictions from fitted BKT parameters.

    Examples
    --------
    >>> from adaptive_tutor.knowledge_tracing import BayesianKnowledgeTracing
    >>> model = BayesianKnowledgeTracing.from_params(
    ...     {"add": {"prior": 0.3, "learn": 0.2, "guess": 0.2, "slip": 0.1}})
    >>> state = model.initial_state()
    >>> before = model.predict_correct(state, "add")
    >>> state = model.update(state, "add", correct=True)
    >>> before < model.predict_correct(state, "add")
    True
    """

    def initial_state(self, skill_ids: Iterable[str] | None = None) -> MasteryState:
        """Mastery before any answer: the prior of each skill (all fitted skills by default).

        Parameters
        ----------
        skill_ids : iterable of str, optional
            Skills to track; unknown skills raise ``ResponseDataError``.

        Returns
        -------
        MasteryState
            Each skill at its prior, no answers.

        Examples
        --------
        >>> from adaptive_tutor.knowledge_tracing import BayesianKnowledgeTracing
        >>> model = BayesianKnowledgeTracing.from_params(
        ...     {"add": {"prior": 0.2, "learn": 0.3, "guess": 0.2, "slip": 0.1}})
        >>> model.initial_state().mastery["add"]
        0.2
        """
        params = self._fitted_params()
        skills = params.skill_ids if skill_ids is None else tuple(str(s) for s in skill_ids)
        index = self._skill_index(skills, "initial_state")
        priors = params.prior[index].tolist()
        return MasteryState(dict(zip(skills, priors, strict=True)))

    def update(
        self,
        state: MasteryState,
        skill_ids: str | Sequence[str],
        correct: bool | int,
    ) -> MasteryState:
        """New state after one answer (constant time per skill; ``state`` is unchanged).

        The answer is first used as evidence (Bayes' rule with guess and slip), then the
        learn/forget transition is applied: the returned mastery is P(mastered at the next
        opportunity). With ``forget=0`` and ``guess + slip < 1`` a correct answer never
        lowers mastery and a wrong one never raises it beyond the learning step.

        Parameters
        ----------
        state : MasteryState
            The learner's current state.
        skill_ids : str or sequence of str
            Skill(s) of the answered item; each is updated with the same answer. Skills
            missing from ``state`` start from their prior.
        correct : bool or {0, 1}
            Whether the answer was correct.

        Returns
        -------
        MasteryState
            A new state with the mastery of each of these skills updated and their answer
            counts raised by one.

        Raises
        ------
        SessionStateError
            If ``state`` is not a :class:`MasteryState`.
        ResponseDataError
            If ``correct`` is not True/False or 0/1, or a skill is unknown to the model.

        Examples
        --------
        >>> from adaptive_tutor.knowledge_tracing import BayesianKnowledgeTracing
        >>> model = BayesianKnowledgeTracing.from_params(
        ...     {"add": {"prior": 0.5, "learn": 0.1, "guess": 0.2, "slip": 0.2}})
        >>> state = model.update(model.initial_state(), "add", correct=1)
        >>> round(state.mastery["add"], 2), state.n_responses["add"]
        (0.82, 1)
        """
        params = self._fitted_params()
        if not isinstance(state, MasteryState):
            raise SessionStateError(
                f"{OWNER}.update needs a MasteryState (from initial_state or "
                f"MasteryState.from_dict). Got {type(state).__name__}."
            )
        answer = check_correct(correct, f"{OWNER}.update")
        skills = (skill_ids,) if isinstance(skill_ids, str) else tuple(map(str, skill_ids))
        index = self._skill_index(skills, "update")
        mastery = dict(state.mastery)
        counts = dict(state.n_responses)
        for skill, i in zip(skills, index.tolist(), strict=True):
            before = mastery.get(skill, float(params.prior[i]))
            mastery[skill] = posterior_then_transition(
                before,
                answer,
                float(params.learn[i]),
                float(params.forget[i]),
                float(params.guess[i]),
                float(params.slip[i]),
            )
            counts[skill] = counts.get(skill, 0) + 1
        return MasteryState(mastery, counts)

    def mastery(self, state: MasteryState) -> dict[str, float]:
        """P(mastered) of each skill in ``state``.

        Parameters
        ----------
        state : MasteryState
            The learner's state.

        Returns
        -------
        dict of str to float
            P(mastered) by skill id.

        Examples
        --------
        >>> from adaptive_tutor.knowledge_tracing import BayesianKnowledgeTracing
        >>> model = BayesianKnowledgeTracing.from_params(
        ...     {"add": {"prior": 0.2, "learn": 0.3, "guess": 0.2, "slip": 0.1}})
        >>> model.mastery(model.initial_state())
        {'add': 0.2}
        """
        return dict(state.mastery)

    def predict_correct(self, state: MasteryState, skill_ids: str | Sequence[str]) -> float:
        """P(next answer correct) on an item of ``skill_ids`` (mean over several skills).

        Parameters
        ----------
        state : MasteryState
            The learner's state.
        skill_ids : str or sequence of str
            The skill(s) of the item.

        Returns
        -------
        float
            The probability of a correct answer.

        Examples
        --------
        >>> from adaptive_tutor.knowledge_tracing import BayesianKnowledgeTracing
        >>> model = BayesianKnowledgeTracing.from_params(
        ...     {"add": {"prior": 0.5, "learn": 0.3, "guess": 0.2, "slip": 0.1}})
        >>> model.predict_correct(model.initial_state(), "add")
        0.55
        """
        params = self._fitted_params()
        skills = (skill_ids,) if isinstance(skill_ids, str) else tuple(map(str, skill_ids))
        index = self._skill_index(skills, "predict_correct")
        values = []
        for skill, i in zip(skills, index.tolist(), strict=True):
            p = state.mastery.get(skill, float(params.prior[i]))
            values.append(p * (1.0 - float(params.slip[i])) + (1.0 - p) * float(params.guess[i]))
        return float(np.mean(values))

    def observe(
        self,
        state: MasteryState,
        item: Any,
        correct: bool | int,
    ) -> MasteryState:
        """:meth:`update` for an answered bank item (uses ``item.skills``).

        The session-facing form shared with :class:`~adaptive_tutor.elo.EloRatings`: any
        object with ``id`` and ``skills`` attributes works.

        Parameters
        ----------
        state : MasteryState
            The learner's current state.
        item : Item
            The answered item.
        correct : bool or {0, 1}
            Whether the answer was correct.

        Returns
        -------
        MasteryState
            The learner's new state.

        Examples
        --------
        >>> from adaptive_tutor.knowledge_tracing import BayesianKnowledgeTracing
        >>> from types import SimpleNamespace
        >>> model = BayesianKnowledgeTracing.from_params(
        ...     {"add": {"prior": 0.5, "learn": 0.1, "guess": 0.2, "slip": 0.2}})
        >>> item = SimpleNamespace(id="q1", skills=("add",))
        >>> round(model.observe(model.initial_state(), item, True).mastery["add"], 2)
        0.82
        """
        return self.update(state, tuple(item.skills), correct)

    def predict_item(self, state: MasteryState, item: Any) -> float:
        """:meth:`predict_correct` for a bank item (uses ``item.skills``).

        Parameters
        ----------
        state : MasteryState
            The learner's state.
        item : Item
            Any object with a ``skills`` attribute.

        Returns
        -------
        float
            The probability of a correct answer.

        Examples
        --------
        >>> from adaptive_tutor.knowledge_tracing import BayesianKnowledgeTracing
        >>> from types import SimpleNamespace
        >>> model = BayesianKnowledgeTracing.from_params(
        ...     {"add": {"prior": 0.5, "learn": 0.3, "guess": 0.2, "slip": 0.1}})
        >>> model.predict_item(model.initial_state(), SimpleNamespace(id="q", skills=("add",)))
        0.55
        """
        return self.predict_correct(state, tuple(item.skills))

    # ------------------------------------------------------------------ helpers
    def _fitted_params(self) -> BKTParams:
        params = getattr(self, "params_", None)
        if not isinstance(params, BKTParams):
            raise NotFittedError(
                f"This {OWNER} is not fitted yet: call fit(log) or build it with "
                f"{OWNER}.from_params(params) first."
            )
        return params

    def _skill_index(self, skills: Sequence[str], method: str) -> npt.NDArray[np.intp]:
        try:
            return self._fitted_params().index_of(skills)
        except KeyError as error:
            raise ResponseDataError(f"{OWNER}.{method}: {error.args[0]}") from None
