"""Calibrator progress: callback payloads and verbose log records; the library never prints."""

from __future__ import annotations

import itertools
import logging
import math

import numpy as np
import pytest

from adaptive_tutor.calibration import CalibrationProgress, Calibrator
from adaptive_tutor.irt import ItemParams
from calibration_sim import simulate


@pytest.fixture(scope="module")
def responses() -> np.ndarray:
    truth = ItemParams.dichotomous(np.linspace(0.8, 1.6, 6), np.linspace(-1, 1, 6))
    return simulate(truth, 500, seed=501)


def test_callback_sees_every_em_step_then_standard_errors_then_the_end(
    responses: np.ndarray,
) -> None:
    reports: list[CalibrationProgress] = []
    fit = Calibrator(model="2PL", callback=reports.append).fit(responses)
    stages = [r.stage for r in reports]
    assert stages == ["estimating"] * fit.n_iter_ + ["standard_errors", "finished"]
    assert [r.iteration for r in reports[: fit.n_iter_]] == list(range(1, fit.n_iter_ + 1))
    assert reports[-1].log_likelihood == pytest.approx(fit.log_likelihood_)
    assert reports[-1].n_responses == fit.n_responses_ == responses.size
    assert all(b.elapsed >= a.elapsed for a, b in itertools.pairwise(reports))


def test_callback_reports_log_likelihood_change_and_convergence(responses: np.ndarray) -> None:
    reports: list[CalibrationProgress] = []
    Calibrator(model="2PL", callback=reports.append, standard_errors=False).fit(responses)
    first, second = reports[0], reports[1]
    assert math.isnan(first.log_likelihood_change)
    assert second.log_likelihood_change == pytest.approx(
        second.log_likelihood - first.log_likelihood
    )
    assert first.parameter_change > 0
    assert (first.max_iter, first.tol) == (500, 1e-4)
    assert reports[-1].convergence == 1.0
    assert 0.0 <= first.convergence <= 1.0


def test_an_exception_in_the_callback_stops_the_fit(responses: np.ndarray) -> None:
    def stop(report: CalibrationProgress) -> None:
        if report.iteration == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        Calibrator(model="2PL", callback=stop).fit(responses)


def test_verbose_logs_each_step_and_prints_nothing(
    responses: np.ndarray, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    with caplog.at_level(logging.INFO, logger="adaptive_tutor.calibration"):
        fit = Calibrator(model="2PL", verbose=True).fit(responses)
    messages = [r.getMessage() for r in caplog.records if r.name == "adaptive_tutor.calibration"]
    assert sum(m.startswith("EM step") for m in messages) == fit.n_iter_
    assert messages[-1].startswith(f"finished: {fit.n_iter_} EM steps")
    assert capsys.readouterr().out == ""


def test_quiet_fit_logs_nothing(responses: np.ndarray, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG, logger="adaptive_tutor.calibration"):
        Calibrator(model="2PL").fit(responses)
    assert not [r for r in caplog.records if r.name == "adaptive_tutor.calibration"]


def test_callback_must_be_callable() -> None:
    with pytest.raises(TypeError, match="'callback' parameter of Calibrator"):
        Calibrator(callback="print").fit(np.eye(3))  # type: ignore[arg-type]
