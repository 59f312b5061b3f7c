"""The message when estimates leave the plausible range: thin logs are named as the cause."""

from __future__ import annotations

import numpy as np
import pytest

from adaptive_tutor.calibration import Calibrator, Priors
from adaptive_tutor.exceptions import ResponseDataError
from adaptive_tutor.irt import ItemParams
from calibration_sim import simulate


def _with_a_perfectly_ordered_item(n_learners: int) -> np.ndarray:
    """8 items; the first is right for exactly the learners above the median total score."""
    truth = ItemParams.dichotomous(np.linspace(0.8, 1.5, 8), np.linspace(-0.5, 0.8, 8))
    responses = simulate(truth, n_learners, seed=3)
    total = np.nansum(responses, axis=1)
    responses[:, 0] = (total > np.median(total)).astype(float)
    return responses


def test_a_thin_log_is_named_first_with_its_numbers_and_both_remedies() -> None:
    with pytest.raises(ResponseDataError) as raised:
        Calibrator(model="2PL", standard_errors=False).fit(_with_a_perfectly_ordered_item(60))
    first_line = str(raised.value).splitlines()[0]
    assert first_line.startswith("Calibrator: the log has too few answers per item")
    assert "8 items: 60 learners, a median of 60 answers per item" in first_line
    assert "priors=Priors(log_a=(0.0, 0.5))" in first_line
    assert "--priors all" in first_line
    assert "item 'item_0': field 'a'" in str(raised.value)


def test_with_enough_answers_the_items_are_blamed_and_both_remedies_named() -> None:
    with pytest.raises(ResponseDataError) as raised:
        Calibrator(model="2PL", standard_errors=False).fit(_with_a_perfectly_ordered_item(1000))
    message = str(raised.value)
    assert message.startswith("Calibrator estimates are outside the plausible range")
    assert "too few answers" not in message
    assert "priors=Priors(log_a=(0.0, 0.5))" in message
    assert "--priors all" in message


def test_the_named_prior_fits_the_thin_log() -> None:
    fitted = Calibrator(model="2PL", priors=Priors(log_a=(0.0, 0.5)), standard_errors=False)
    assert fitted.fit(_with_a_perfectly_ordered_item(60)).item_params_.a[0] < 20
