"""adaptive_tutor: an adaptive-learning tutoring engine.

Estimate what each learner can do (item response theory), pick the next exercise that
fits, and report progress and gaps to teachers and case managers. The most used objects
are importable from the package top level; each lives in a small module of its own.

Examples
--------
>>> import adaptive_tutor as at
>>> bank = at.ItemBank.from_dict(at.tiny_bank_document())
>>> round(at.EAP().estimate(bank.params, [1, 1, 2]).theta, 2)
0.85
"""

from __future__ import annotations

from adaptive_tutor.calibration import Calibrator, Priors
from adaptive_tutor.elo import EloRatings
from adaptive_tutor.estimation import EAP, MAP, ML, WLE, AbilityEstimate
from adaptive_tutor.examples import tiny_bank_document
from adaptive_tutor.exceptions import (
    AdaptiveTutorError,
    ConvergenceWarning,
    ItemBankError,
    ItemPoolExhaustedError,
    NotFittedError,
    ResponseDataError,
    SessionStateError,
)
from adaptive_tutor.irt import ItemParams
from adaptive_tutor.item_bank import ItemBank
from adaptive_tutor.knowledge_tracing import BayesianKnowledgeTracing
from adaptive_tutor.learner import LearnerState
from adaptive_tutor.reports import ClassReport, ItemReport, LearnerReport
from adaptive_tutor.selection import (
    ContentBalance,
    DifficultyMatching,
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
)
from adaptive_tutor.session import TutoringSession, next_exercise, record_response
from adaptive_tutor.shipped_banks import load_shipped_bank, shipped_bank_names
from adaptive_tutor.simulation import SimulationResult, simulate
from adaptive_tutor.stopping import (
    AllOf,
    AnyOf,
    ConfidenceIntervalMastery,
    MasteryClassified,
    MaxItems,
    MinItems,
    SPRTMastery,
    StandardErrorBelow,
    TimeBudget,
)
from adaptive_tutor.tracked_learner import TrackedLearner

__version__ = "0.1.0"

__all__ = [
    "EAP",
    "MAP",
    "ML",
    "WLE",
    "AbilityEstimate",
    "AdaptiveTutorError",
    "AllOf",
    "AnyOf",
    "BayesianKnowledgeTracing",
    "Calibrator",
    "ClassReport",
    "ConfidenceIntervalMastery",
    "ContentBalance",
    "ConvergenceWarning",
    "DifficultyMatching",
    "EloRatings",
    "ItemBank",
    "ItemBankError",
    "ItemParams",
    "ItemPoolExhaustedError",
    "ItemReport",
    "LearnerReport",
    "LearnerState",
    "MasteryClassified",
    "MaxInformation",
    "MaxItems",
    "MinExpectedPosteriorVariance",
    "MinItems",
    "NoEnemies",
    "NoRepeat",
    "NotFittedError",
    "PosteriorWeightedInformation",
    "PosteriorWeightedKL",
    "PrerequisitesMastered",
    "Priors",
    "RandomSelection",
    "Randomesque",
    "ResponseDataError",
    "SPRTMastery",
    "SessionStateError",
    "SimulationResult",
    "StandardErrorBelow",
    "SympsonHetter",
    "TargetProbability",
    "TimeBudget",
    "TrackedLearner",
    "TutoringSession",
    "__version__",
    "load_shipped_bank",
    "next_exercise",
    "record_response",
    "shipped_bank_names",
    "simulate",
    "tiny_bank_document",
]
