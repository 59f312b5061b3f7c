"""Exposure control: counts shared across sessions, Sympson-Hetter, maximum exposure rate."""

from __future__ import annotations

import numpy as np
import pytest

from adaptive_tutor.item_bank import ItemBank
from adaptive_tutor.learner import LearnerState
from adaptive_tutor.selection import (
    ExposureCounts,
    MaxExposureRate,
    MaxInformation,
    ScoringSelector,
    SympsonHetter,
    sympson_hetter_parameters,
)
from adaptive_tutor.session import TutoringSession
from adaptive_tutor.stopping import MaxItems
from session_helpers import make_2pl_bank, make_bank, run_session

BANK = make_bank(6)


def test_exposure_counts_are_updated_by_sessions() -> None:
    counts = ExposureCounts(BANK)
    for seed in range(3):
        session = TutoringSession(
            BANK,
            selector=MaxInformation(exposure=MaxExposureRate(0.5)),
            stopping_rule=MaxItems(2),
            exposure_counts=counts,
            seed=seed,
        )
        run_session(session, 0.0, np.random.default_rng(seed))
    assert counts.n_sessions == 3
    assert counts.counts.sum() == 6
    assert counts.rates().max() <= 2 / 3


@pytest.mark.parametrize("rate", [0, 0.0, 1.5, -0.2])
def test_max_exposure_rate_out_of_range_has_one_message(rate: float) -> None:
    message = (
        f"The 'max_rate' parameter of MaxExposureRate must be a float in (0, 1]. Got {rate!r}."
    )
    with pytest.raises(ValueError) as error:
        MaxExposureRate(rate)
    assert str(error.value) == message


def test_sympson_hetter_parameters_for_unknown_items_are_named(tiny_bank: ItemBank) -> None:
    selector = MaxInformation(exposure=SympsonHetter({"ghost": 0.5, "add-1": 0.2}))
    with pytest.raises(ValueError, match="bank 'tiny' does not have: 'ghost'"):
        selector.select(tiny_bank, LearnerState.start(tiny_bank), rng=0)


def test_sympson_hetter_parameters_lower_the_highest_exposure_rate() -> None:
    bank = make_2pl_bank(60, seed=23)
    max_rate = 0.3

    def highest_rate(selector: ScoringSelector) -> float:
        counts = ExposureCounts(bank)
        rng = np.random.default_rng(5)
        for number, theta in enumerate(rng.standard_normal(80)):
            session = TutoringSession(
                bank,
                selector=selector,
                stopping_rule=MaxItems(5),
                exposure_counts=counts,
                seed=number,
            )
            run_session(session, float(theta), rng)
        return float(counts.rates().max())

    parameters = sympson_hetter_parameters(
        bank,
        MaxInformation(),
        max_rate=max_rate,
        test_length=5,
        n_simulees=80,
        n_iterations=4,
        seed=3,
    )
    assert parameters
    assert all(0 < k < 1 for k in parameters.values())
    unrestricted = highest_rate(MaxInformation())
    controlled = highest_rate(MaxInformation(exposure=SympsonHetter(parameters)))
    assert unrestricted > 0.9
    assert controlled < max_rate + 0.15
