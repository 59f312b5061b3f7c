"""Seeded statistical checks of the selection criteria (exposure control: test_exposure)."""

from __future__ import annotations

import numpy as np
import pytest

from adaptive_tutor.item_bank import ItemBank
from adaptive_tutor.selection import (
    MaxInformation,
    RandomSelection,
    ScoringSelector,
    TargetProbability,
)
from adaptive_tutor.session import TutoringSession
from adaptive_tutor.stopping import MaxItems
from session_helpers import make_2pl_bank, run_session

CAT_BANK = make_2pl_bank(200, seed=21, b_sd=1.2)
PRACTICE_BANK = make_2pl_bank(300, seed=22, b_sd=1.5)


def _rmse(bank: ItemBank, selector: ScoringSelector, n_items: int, seed: int) -> float:
    rng = np.random.default_rng(seed)
    thetas = rng.standard_normal(120)
    errors = []
    for number, theta in enumerate(thetas):
        session = TutoringSession(
            bank, selector=selector, stopping_rule=MaxItems(n_items), seed=seed + number
        )
        run_session(session, float(theta), rng)
        errors.append(session.overall_ability()[0] - theta)
    return float(np.sqrt(np.mean(np.square(errors))))


def test_max_information_beats_random_selection_at_equal_length() -> None:
    informative = _rmse(CAT_BANK, MaxInformation(), 10, seed=1)
    random = _rmse(CAT_BANK, RandomSelection(), 10, seed=1)
    assert informative < random - 0.03
    assert informative < 0.45


@pytest.mark.parametrize("target", [0.6, 0.75, 0.85])
def test_target_probability_keeps_success_rate_near_target(target: float) -> None:
    rng = np.random.default_rng(int(target * 100))
    correct = []
    for number, theta in enumerate(rng.standard_normal(60)):
        session = TutoringSession(
            PRACTICE_BANK,
            selector=TargetProbability(target),
            stopping_rule=MaxItems(25),
            seed=number,
        )
        run_session(session, float(theta), rng)
        correct.extend(session.history["correct"].tolist())
    assert abs(np.mean(correct) - target) < 0.05
