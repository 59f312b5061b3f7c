"""The package top level: exported names, and the heavy models imported on first use."""

from __future__ import annotations

import subprocess
import sys

import pytest

import adaptive_tutor as at

NEW_EXPORTS = [
    "GradeBand",
    "Excluded",
    "MaxExposureRate",
    "BankExhausted",
    "StopDecision",
    "ExposureCounts",
    "sympson_hetter_parameters",
    "MIN_RESPONSES_FOR_MASTERY",
]
LAZY = ["Calibrator", "Priors", "BayesianKnowledgeTracing", "EloRatings", "TrackedLearner"]


@pytest.mark.parametrize("name", NEW_EXPORTS)
def test_strategy_names_are_exported_at_the_top_level(name: str) -> None:
    assert name in at.__all__
    assert getattr(at, name) is not None


def test_every_name_in_all_resolves_and_is_listed_by_dir() -> None:
    for name in at.__all__:
        assert getattr(at, name) is not None, name
    assert set(at.__all__) <= set(dir(at))


def test_lazy_names_are_the_module_objects() -> None:
    from adaptive_tutor.elo import EloRatings
    from adaptive_tutor.tracked_learner import TrackedLearner

    assert at.EloRatings is EloRatings
    assert at.TrackedLearner is TrackedLearner


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="has no attribute 'Nope'"):
        at.Nope  # type: ignore[attr-defined]  # noqa: B018


def test_importing_the_package_does_not_import_scikit_learn_or_scipy_stats() -> None:
    code = (
        "import sys, adaptive_tutor\n"
        "heavy = [m for m in ('sklearn', 'scipy.stats', 'adaptive_tutor.calibration',\n"
        "         'adaptive_tutor.reports') if m in sys.modules]\n"
        "print(heavy)\n"
        "from adaptive_tutor import " + ", ".join(LAZY) + "\n"
        "print('sklearn' in sys.modules)\n"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split("\n")
    assert output[0] == "[]"
    assert output[1] == "True"


def test_submodules_are_reachable_as_package_attributes() -> None:
    code = (
        "import adaptive_tutor as at; "
        "print(at.reports.LearnerReport.__name__, at.calibration.Calibrator.__name__, "
        "at.simulation.simulate.__name__, at.elo.EloRatings.__name__)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["LearnerReport", "Calibrator", "simulate", "EloRatings"]
