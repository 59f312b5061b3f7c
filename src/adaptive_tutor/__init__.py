"""adaptive_tutor: an adaptive-learning tutoring engine.

Estimate what each learner can do (item response theory), pick the next exercise that
fits, and report progress and gaps to teachers and case managers. The most used objects
are importable from the package top level; each lives in a small module of its own.

The scikit-learn based models (``Calibrator``, ``Priors``, ``BayesianKnowledgeTracing``,
``EloRatings``, ``TrackedLearner``), the reports (``LearnerReport``, ``ClassReport``,
``ItemReport``) and the simulation (``simulate``, ``SimulationResult``), which use
``scipy.stats``, are imported on first use, so ``import adaptive_tutor`` stays quick for
a web backend that only runs sessions.

Examples
--------
>>> import adaptive_tutor as at
>>> bank = at.ItemBank.from_dict(at.tiny_bank_document())
>>> round(at.EAP().estimate(bank.params, [1, 1, 2]).theta, 2)
0.85
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from adaptive_tutor.effort import RapidGuessRule
from adaptive_tutor.estimation import EAP, MAP, ML, WLE, AbilityEstimate
from adaptive_tutor.examples import tiny_bank_document
from adaptive_tutor.exceptions import (
    AdaptiveTutorError,
    BankDefaultsWarning,
    BankProblem,
    ConvergenceWarning,
    IdentificationWarning,
    ItemBankError,
    ItemPoolExhaustedError,
    NotFittedError,
    ResponseDataError,
    SessionStateError,
    StaleStateError,
)
from adaptive_tutor.irt import ItemParams
from adaptive_tutor.item_bank import ItemBank
from adaptive_tutor.learner import LearnerState
from adaptive_tutor.mastery import (
    MASTERED,
    MIN_RESPONSES_FOR_MASTERY,
    NOT_MASTERED,
    TOO_FEW_ANSWERS,
    UNDETERMINED,
    ConfidenceIntervalMastery,
    MasteryClassifier,
    SPRTMastery,
    default_mastery,
)
from adaptive_tutor.placement import Placement
from adaptive_tutor.selection import (
    ContentBalance,
    DifficultyMatching,
    Excluded,
    ExposureCounts,
    GradeBand,
    ItemChoice,
    MaxExposureRate,
    MaxInformation,
    MinExpectedPosteriorVariance,
    NoEnemies,
    NoRepeat,
    PosteriorWeightedInformation,
    PosteriorWeightedKL,
    PrerequisitesMastered,
    Randomesque,
    RandomSelection,
    SympsonHetter,
    TargetProbability,
    sympson_hetter_parameters,
)
from adaptive_tutor.session import TutoringSession, next_exercise, offer_choices, record_response
from adaptive_tutor.shipped_banks import load_shipped_bank, shipped_bank_names
from adaptive_tutor.stopping import (
    AllOf,
    AnyOf,
    BankExhausted,
    MasteryClassified,
    MaxItems,
    MinItems,
    StandardErrorBelow,
    StopDecision,
    TimeBudget,
)

if TYPE_CHECKING:  # imported on first use (scikit-learn, scipy.stats)
    from adaptive_tutor.attention import attention_list
    from adaptive_tutor.calibration import Calibrator, Priors
    from adaptive_tutor.elo import EloRatings
    from adaptive_tutor.knowledge_tracing import BayesianKnowledgeTracing
    from adaptive_tutor.reports import ClassReport, ItemReport, LearnerReport
    from adaptive_tutor.simulation import ChildPicks, SimulationResult, simulate
    from adaptive_tutor.tracked_learner import TrackedLearner

_LAZY = {
    "attention_list": "adaptive_tutor.attention",
    "BayesianKnowledgeTracing": "adaptive_tutor.knowledge_tracing",
    "ChildPicks": "adaptive_tutor.simulation",
    "Calibrator": "adaptive_tutor.calibration",
    "ClassReport": "adaptive_tutor.reports",
    "EloRatings": "adaptive_tutor.elo",
    "ItemReport": "adaptive_tutor.reports",
    "LearnerReport": "adaptive_tutor.reports",
    "Priors": "adaptive_tutor.calibration",
    "SimulationResult": "adaptive_tutor.simulation",
    "TrackedLearner": "adaptive_tutor.tracked_learner",
    "simulate": "adaptive_tutor.simulation",
}

__version__ = "0.1.0"

__all__ = [
    "EAP",
    "MAP",
    "MASTERED",
    "MIN_RESPONSES_FOR_MASTERY",
    "ML",
    "NOT_MASTERED",
    "TOO_FEW_ANSWERS",
    "UNDETERMINED",
    "WLE",
    "AbilityEstimate",
    "AdaptiveTutorError",
    "AllOf",
    "AnyOf",
    "BankDefaultsWarning",
    "BankExhausted",
    "BankProblem",
    "BayesianKnowledgeTracing",
    "Calibrator",
    "ChildPicks",
    "ClassReport",
    "ConfidenceIntervalMastery",
    "ContentBalance",
    "ConvergenceWarning",
    "DifficultyMatching",
    "EloRatings",
    "Excluded",
    "ExposureCounts",
    "GradeBand",
    "IdentificationWarning",
    "ItemBank",
    "ItemBankError",
    "ItemChoice",
    "ItemParams",
    "ItemPoolExhaustedError",
    "ItemReport",
    "LearnerReport",
    "LearnerState",
    "MasteryClassified",
    "MasteryClassifier",
    "MaxExposureRate",
    "MaxInformation",
    "MaxItems",
    "MinExpectedPosteriorVariance",
    "MinItems",
    "NoEnemies",
    "NoRepeat",
    "NotFittedError",
    "Placement",
    "PosteriorWeightedInformation",
    "PosteriorWeightedKL",
    "PrerequisitesMastered",
    "Priors",
    "RandomSelection",
    "Randomesque",
    "RapidGuessRule",
    "ResponseDataError",
    "SPRTMastery",
    "SessionStateError",
    "SimulationResult",
    "StaleStateError",
    "StandardErrorBelow",
    "StopDecision",
    "SympsonHetter",
    "TargetProbability",
    "TimeBudget",
    "TrackedLearner",
    "TutoringSession",
    "__version__",
    "attention_list",
    "default_mastery",
    "load_shipped_bank",
    "next_exercise",
    "offer_choices",
    "record_response",
    "shipped_bank_names",
    "simulate",
    "sympson_hetter_parameters",
    "tiny_bank_document",
]


_LAZY_SUBMODULES = frozenset(
    {
        "attention",
        "calibration",
        "elo",
        "knowledge_tracing",
        "reports",
        "simulation",
        "tracked_learner",
    }
)


def __getattr__(name: str) -> Any:
    """Import the models, reports and simulation that need scikit-learn or scipy.stats."""
    if name in _LAZY_SUBMODULES:
        return importlib.import_module(f"adaptive_tutor.{name}")
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'adaptive_tutor' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
