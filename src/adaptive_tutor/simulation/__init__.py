"""Simulation: compare adaptive designs on simulated learners before children meet them.

:func:`simulate` runs many simulated learners through a selector, a stopping rule and an
estimator, and returns a :class:`SimulationResult` with tidy frames (per learner, per
step, per skill, per item), design metrics (bias, RMSE, conditional accuracy by ability
decile, test length, item exposure, test overlap, mastery classification accuracy) and
inline SVG charts.

Examples
--------
>>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
>>> from adaptive_tutor.stopping import MaxItems
>>> bank = ItemBank.from_dict(tiny_bank_document())
>>> result = simulate(bank, 50, stopping_rule=MaxItems(2), seed=3)
>>> result.metrics["mean_length"], result.learners.shape
(2.0, (50, 6))
"""

from __future__ import annotations

from adaptive_tutor.simulation._simulate import ENGINES, simulate
from adaptive_tutor.simulation.choice import ChildPicks
from adaptive_tutor.simulation.result import SimulationResult, exposure_metrics

__all__ = ["ENGINES", "ChildPicks", "SimulationResult", "exposure_metrics", "simulate"]
