"""Checks of the arguments a tutoring session is built, fed and restored with."""

from __future__ import annotations

import datetime as _dt
import math
import numbers
from typing import Any

import numpy as np

from adaptive_tutor._validation import check_random_state, check_real
from adaptive_tutor.exceptions import ResponseDataError
from adaptive_tutor.item import Item
from adaptive_tutor.item_bank import ItemBank
from adaptive_tutor.learner import LearnerState
from adaptive_tutor.mastery import MasteryClassifier
from adaptive_tutor.mastery import check_mastery as check_classifier
from adaptive_tutor.selection import ScoringSelector, TargetProbability
from adaptive_tutor.stopping import (
    AllOf,
    AnyOf,
    BankExhausted,
    MaxItems,
    StoppingRule,
)

SEED_LIMIT = 2**53  # seeds stay exact in JavaScript numbers


def check_selector(selector: Any) -> ScoringSelector:
    if selector is None:
        return TargetProbability(0.75)
    if not isinstance(selector, ScoringSelector):
        raise TypeError(
            "The 'selector' parameter of TutoringSession must be a ScoringSelector "
            f"(e.g. MaxInformation()). Got {type(selector).__name__}."
        )
    return selector


def check_stopping_rule(rule: Any) -> StoppingRule:
    if rule is None:
        return MaxItems(20)
    if not isinstance(rule, StoppingRule):
        raise TypeError(
            "The 'stopping_rule' parameter of TutoringSession must be a StoppingRule "
            f"(e.g. MaxItems(20)). Got {type(rule).__name__}."
        )
    return rule


def check_mastery(mastery: Any) -> MasteryClassifier:
    return check_classifier(mastery, "mastery", "TutoringSession")


def check_seed(seed: Any) -> int:
    if seed is None:
        return int(np.random.SeedSequence().entropy % SEED_LIMIT)  # type: ignore[operator]
    check_random_state(seed, "TutoringSession")  # same accepted ints as elsewhere
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise TypeError(
            f"The 'seed' parameter of TutoringSession must be None or an int. Got {seed!r}."
        )
    return int(seed)


def check_score(response: Any, item: Item) -> int:
    ok = False
    score = -1
    if isinstance(response, bool | np.bool_):
        ok = False
    elif isinstance(response, numbers.Integral):
        score, ok = int(response), True
    elif isinstance(response, numbers.Real) and math.isfinite(float(response)):
        number = float(response)
        if number == math.floor(number):
            score, ok = int(number), True
    if not ok or not 0 <= score <= item.max_score:
        raise ResponseDataError(
            f"The response {response!r} for item {item.id!r} is invalid: it must be a whole "
            f"number in 0..{item.max_score}."
        )
    return score


def as_seconds(value: Any, name: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, _dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=_dt.UTC)
        return float(value.timestamp())
    return check_real(value, name, "TutoringSession")


def uses_bank_exhausted(rule: StoppingRule) -> bool:
    if isinstance(rule, BankExhausted):
        return True
    if isinstance(rule, AnyOf | AllOf):
        return any(uses_bank_exhausted(r) for r in rule.rules)
    return False


_TRACKERS = ("EloRatings", "BayesianKnowledgeTracing")
TRACKER_HINT = (
    "a session saved with a tracker holds a TrackedLearner: pass learner_model=TrackedLearner "
    "(the class) to restore it"
)


def is_tracker(value: Any) -> bool:
    """Whether ``value`` is an Elo / BKT tracker (class or instance) of this package."""
    kind = value if isinstance(value, type) else type(value)
    return any(
        c.__name__ in _TRACKERS and c.__module__.startswith("adaptive_tutor.") for c in kind.__mro__
    )


def model_kind(model_class: type) -> str:
    return f"{model_class.__module__}.{model_class.__qualname__}"


def check_learner_model(learner_model: Any, bank: ItemBank) -> Any:
    """The learner model a new session starts with (``None``: the IRT LearnerState)."""
    if learner_model is None:
        return LearnerState.start(bank)
    owner = "The 'learner_model' parameter of TutoringSession"
    name = learner_model.__name__ if isinstance(learner_model, type) else None
    if is_tracker(learner_model):
        tracker = name or type(learner_model).__name__
        raise TypeError(
            f"{owner} got {tracker}, a learning tracker, not a learner model: start one with "
            f"TrackedLearner.start(bank, tracker) (a fitted {tracker}); to resume a saved "
            "session with a tracker, pass learner_model=TrackedLearner (the class)."
        )
    if name is not None:
        raise TypeError(
            f"{owner} must be a learner model object, not the class {name}; start one (e.g. "
            f"TrackedLearner.start(bank, tracker)). A class is taken only when a saved "
            "state is restored."
        )
    missing = [m for m in ("update", "to_dict") if not callable(getattr(learner_model, m, None))]
    if missing:
        raise TypeError(
            f"{owner} must have update(bank, item_id, response) and to_dict() methods; "
            f"{type(learner_model).__name__} has no {' or '.join(missing)}."
        )
    return learner_model


def check_model_class(learner_model: Any) -> None:
    """Refuse a ``learner_model`` for ``from_dict`` that cannot restore a saved model."""
    if learner_model is None:
        return
    owner = "The 'learner_model' parameter of TutoringSession.from_dict"
    if is_tracker(learner_model):
        kind = learner_model if isinstance(learner_model, type) else type(learner_model)
        raise TypeError(
            f"{owner} got {kind.__name__}, a learning tracker that cannot restore a "
            f"session; {TRACKER_HINT}."
        )
    model_class = learner_model if isinstance(learner_model, type) else type(learner_model)
    if not callable(getattr(model_class, "from_dict", None)):
        raise TypeError(
            f"{owner} must be a learner model class with from_dict(data, bank) (e.g. "
            f"TrackedLearner). Got {model_class.__name__}, which has no from_dict."
        )
