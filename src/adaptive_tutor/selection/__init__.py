"""Next-exercise selection: strategy objects over a bank and a learner's state.

Measurement criteria (:class:`MaxInformation`, :class:`PosteriorWeightedInformation`,
:class:`PosteriorWeightedKL`, :class:`MinExpectedPosteriorVariance`,
:class:`DifficultyMatching`, :class:`RandomSelection`) and the practice criterion
:class:`TargetProbability` share the :class:`ScoringSelector` machinery: eligibility
filters, content balancing, exposure control, random tie-breaking and a clear
:class:`~adaptive_tutor.exceptions.ItemPoolExhaustedError` when nothing is left.

Examples
--------
>>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
>>> from adaptive_tutor.learner import LearnerState
>>> bank = ItemBank.from_dict(tiny_bank_document())
>>> selector = TargetProbability(0.75, eligibility=[NoRepeat(), GradeBand(1, 1)])
>>> selector.select(bank, LearnerState.start(bank), rng=0)
'count-1'
"""

from __future__ import annotations

from adaptive_tutor.selection.balancing import ContentBalance
from adaptive_tutor.selection.base import SCOPES, ScoringSelector
from adaptive_tutor.selection.choices import DEFAULT_CHOICE_TARGETS, ItemChoice, choice_menu
from adaptive_tutor.selection.eligibility import (
    EligibilityFilter,
    Excluded,
    GradeBand,
    NoEnemies,
    NoRepeat,
    PrerequisitesMastered,
)
from adaptive_tutor.selection.exposure import (
    BestItem,
    ExposureControl,
    ExposureCounts,
    MaxExposureRate,
    Randomesque,
    SympsonHetter,
    sympson_hetter_parameters,
)
from adaptive_tutor.selection.measurement import (
    DifficultyMatching,
    MaxInformation,
    MinExpectedPosteriorVariance,
    PosteriorWeightedInformation,
    PosteriorWeightedKL,
    RandomSelection,
)
from adaptive_tutor.selection.practice import TargetProbability

__all__ = [
    "DEFAULT_CHOICE_TARGETS",
    "SCOPES",
    "BestItem",
    "ContentBalance",
    "DifficultyMatching",
    "EligibilityFilter",
    "Excluded",
    "ExposureControl",
    "ExposureCounts",
    "GradeBand",
    "ItemChoice",
    "MaxExposureRate",
    "MaxInformation",
    "MinExpectedPosteriorVariance",
    "NoEnemies",
    "NoRepeat",
    "PosteriorWeightedInformation",
    "PosteriorWeightedKL",
    "PrerequisitesMastered",
    "RandomSelection",
    "Randomesque",
    "ScoringSelector",
    "SympsonHetter",
    "TargetProbability",
    "choice_menu",
    "sympson_hetter_parameters",
]
