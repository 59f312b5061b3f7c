"""Bayesian knowledge tracing: per-skill mastery that changes as learners practise.

Item response theory assumes a fixed ability; knowledge tracing models learning during
practice. :class:`BayesianKnowledgeTracing` fits per-skill (or shared) parameters by EM on a
long-format log and updates a learner's :class:`MasteryState` online, in constant time per
answer. :func:`prediction_metrics` and :func:`cross_validate_by_learner` evaluate next-answer
predictions.

Examples
--------
>>> from adaptive_tutor.knowledge_tracing import BayesianKnowledgeTracing
>>> model = BayesianKnowledgeTracing.from_params(
...     {"add": {"prior": 0.3, "learn": 0.2, "guess": 0.2, "slip": 0.1}})
>>> state = model.update(model.initial_state(), "add", correct=True)
>>> round(model.mastery(state)["add"], 3)
0.73
"""

from __future__ import annotations

from adaptive_tutor.knowledge_tracing._forward import (
    ForwardProbabilities,
    forward_probabilities,
    simulate_bkt,
)
from adaptive_tutor.knowledge_tracing._identifiability import IdentifiabilityWarning
from adaptive_tutor.knowledge_tracing._model import BayesianKnowledgeTracing
from adaptive_tutor.knowledge_tracing._params import BKTParams
from adaptive_tutor.knowledge_tracing._state import MasteryState
from adaptive_tutor.knowledge_tracing.evaluation import (
    cross_validate_by_learner,
    prediction_metrics,
)

__all__ = [
    "BKTParams",
    "BayesianKnowledgeTracing",
    "ForwardProbabilities",
    "IdentifiabilityWarning",
    "MasteryState",
    "cross_validate_by_learner",
    "forward_probabilities",
    "prediction_metrics",
    "simulate_bkt",
]
