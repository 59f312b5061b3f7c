"""Checks of the arguments a tutoring session is built, fed and restored with."""

from __future__ import annotations

import copy
import datetime as _dt
from typing import Any

import numpy as np

from adaptive_tutor._replay import irt_part
from adaptive_tutor._validation import check_int, check_random_state, check_real, is_int
from adaptive_tutor._validation import check_score as check_item_score
from adaptive_tutor.item import Item
from adaptive_tutor.item_bank import ItemBank
from adaptive_tutor.learner import LearnerState
from adaptive_tutor.learner_model import Tracker
from adaptive_tutor.mastery import MasteryClassifier
from adaptive_tutor.mastery import check_mastery as check_classifier
from adaptive_tutor.selection import ExposureCounts, ScoringSelector, TargetProbability
from adaptive_tutor.stopping import (
    AllOf,
    AnyOf,
    BankExhausted,
    MaxItems,
    StoppingRule,
)

SEED_LIMIT = 2**53  # seeds stay exact in JavaScript numbers

DEFAULT_MAX_HISTORY = 10_000
"""Default largest number of answers a session holds (``max_history``)."""

MAX_TEXT_LENGTH = 200
"""Longest learner id, answer id, choice label or stop reason accepted (characters)."""

TIME_LIMIT = 1e12
"""Largest ``|timestamp|`` and ``response_time`` accepted, in seconds (about 31,700 years)."""


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
    if type(seed) is int and 0 <= seed < 2**64:
        return seed
    if seed is None:
        return int(np.random.SeedSequence().entropy % SEED_LIMIT)  # type: ignore[operator]
    check_random_state(seed, "TutoringSession")  # same accepted ints as elsewhere
    if not is_int(seed):
        raise TypeError(
            f"The 'seed' parameter of TutoringSession must be None or an int. Got {seed!r}."
        )
    return int(seed)


def check_score(response: Any, item: Item) -> int:
    """The answer's score on ``item`` (a whole number in ``0..item.max_score``)."""
    return check_item_score(response, item.max_score, f"item {item.id!r}")


def as_seconds(value: Any, name: str) -> float | None:
    """A time as seconds (a datetime without zone is UTC), within +-TIME_LIMIT."""
    if value is None:
        return None
    if isinstance(value, _dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=_dt.UTC)
        value = value.timestamp()
    return check_real(value, name, "TutoringSession", minimum=-TIME_LIMIT, maximum=TIME_LIMIT)


def check_response_time(value: Any, owner: str = "TutoringSession.record") -> float | None:
    """Seconds spent on an item (a number or a timedelta), in ``[0, TIME_LIMIT]``."""
    if value is None:
        return None
    if isinstance(value, _dt.timedelta):
        value = value.total_seconds()
    return check_real(value, "response_time", owner, minimum=0.0, maximum=TIME_LIMIT)


def check_optional_text(value: Any, name: str) -> str | None:
    """None, or a string of 1 to MAX_TEXT_LENGTH characters (ids, labels)."""
    if value is None:
        return None
    if not isinstance(value, str) or not 0 < len(value) <= MAX_TEXT_LENGTH:
        raise ValueError(
            f"The {name!r} parameter of TutoringSession must be a string of 1 to "
            f"{MAX_TEXT_LENGTH} characters. Got {value!r}."
        )
    return value


def check_revision(value: Any, owner: str = "TutoringSession.record") -> int:
    """A state revision: an int >= 0."""
    return check_int(value, "expected_revision", owner, minimum=0)


def check_max_history(value: Any) -> int:
    """The most answers a session keeps: an int >= 1."""
    return check_int(value, "max_history", "TutoringSession", minimum=1)


def check_exposure_counts(counts: Any, bank: ItemBank) -> ExposureCounts | None:
    """None, or exposure tallies of ``bank``."""
    if counts is None:
        return None
    if not isinstance(counts, ExposureCounts):
        raise TypeError(
            "The 'exposure_counts' parameter of TutoringSession must be an "
            f"ExposureCounts. Got {type(counts).__name__}."
        )
    counts.check_bank(bank)
    return counts


def uses_bank_exhausted(rule: StoppingRule) -> bool:
    if isinstance(rule, BankExhausted):
        return True
    if isinstance(rule, AnyOf | AllOf):
        return any(uses_bank_exhausted(r) for r in rule.rules)
    return False


TRACKER_HINT = (
    "a session saved with a tracker holds a TrackedLearner: pass learner_model=TrackedLearner "
    "(the class) to restore it"
)


def is_tracker(value: Any) -> bool:
    """Whether ``value`` is a learning tracker (a :class:`Tracker`), class or instance."""
    if isinstance(value, type):
        return issubclass(value, Tracker)
    return isinstance(value, Tracker)


def model_kind(model_class: type) -> str:
    return f"{model_class.__module__}.{model_class.__qualname__}"


def check_learner_model(learner_model: Any, bank: ItemBank) -> tuple[Any, Any]:
    """The learner model a new session starts with (``None``: the IRT LearnerState).

    Returns the start (kept for saving: a model that updates in place is copied) and the
    model the session updates.
    """
    if learner_model is None:
        start = LearnerState.start(bank)
        return start, start
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
    irt = irt_part(learner_model)
    if irt is not None and irt.n_responses:
        raise ValueError(
            f"{owner} must be a new learner model (no answers yet): a session's estimates "
            f"come from its own answers. Got one with {irt.n_responses} answers; start the "
            "model afresh and record those answers in the session."
        )
    if irt is None:  # a custom model may update in place: keep its start apart
        return copy.deepcopy(learner_model), learner_model
    return learner_model, learner_model


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
            f"{owner} must be a learner model class with from_dict(bank, data) (e.g. "
            f"TrackedLearner). Got {model_class.__name__}, which has no from_dict."
        )
