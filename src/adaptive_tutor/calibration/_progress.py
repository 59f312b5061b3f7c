"""Progress of long calibrations: one payload for callbacks, log records for ``verbose``.

:class:`Calibrator` never prints. It passes a :class:`CalibrationProgress` to the
``callback`` it was given (a command line draws its progress bar from it) and, with
``verbose``, writes one log record per report to the ``adaptive_tutor.calibration``
logger; when the application has configured no logging at all, those records go to
standard error for the duration of the fit only.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

__all__ = ["PROGRESS_STAGES", "CalibrationProgress", "ProgressReporter", "logger"]

logger = logging.getLogger("adaptive_tutor.calibration")
PROGRESS_STAGES = ("reading", "estimating", "standard_errors", "finished")


@dataclass(frozen=True)
class CalibrationProgress:
    """One progress report of :meth:`Calibrator.fit <adaptive_tutor.calibration.Calibrator.fit>`.

    The ``callback`` of a :class:`~adaptive_tutor.calibration.Calibrator` receives one of
    these: after each chunk (or Parquet file, or Dask partition) read, after each EM step,
    before the standard errors and once at the end. Raising an exception in the callback
    stops the fit and propagates the exception.

    Parameters
    ----------
    stage : {"reading", "estimating", "standard_errors", "finished"}
        ``"reading"``: the input is being read and checked (chunked, Parquet and Dask
        input); ``"estimating"``: an EM step finished; ``"standard_errors"``: EM is done and
        standard errors are being computed; ``"finished"``: the fit is complete.
    elapsed : float
        Seconds since ``fit`` was called.
    n_chunks : int
        Chunks, Parquet files or Dask partitions read so far (0 for in-memory input).
    n_responses : int
        Responses read so far (all of them once reading is done).
    iteration : int
        EM steps done so far (0 while reading).
    max_iter : int
        The calibrator's ``max_iter``: EM stops there at the latest.
    log_likelihood : float
        Marginal log-likelihood at the parameters the last EM step started from (NaN
        before the first step).
    log_likelihood_change : float
        Change of ``log_likelihood`` since the previous EM step (NaN before the second).
    parameter_change : float
        Largest change of any parameter in the last EM step (NaN before the first); EM has
        converged when it falls below ``tol``.
    tol : float
        The calibrator's ``tol``.

    Examples
    --------
    >>> report = CalibrationProgress("estimating", 1.5, 0, 1000, 3, 500, -612.0, 0.5, 0.02, 1e-4)
    >>> round(report.convergence, 2)
    0.42
    """

    stage: str
    elapsed: float
    n_chunks: int
    n_responses: int
    iteration: int
    max_iter: int
    log_likelihood: float
    log_likelihood_change: float
    parameter_change: float
    tol: float

    @property
    def convergence(self) -> float:
        """How far EM has come, from 0 to 1, for a progress bar.

        ``log(parameter_change) / log(tol)`` measured from a change of 1, so it grows
        steadily as EM converges linearly; 1.0 once ``parameter_change < tol`` or the fit
        is finished, 0.0 before the first EM step.

        Returns
        -------
        float

        Examples
        --------
        >>> CalibrationProgress("estimating", 0.4, 0, 500, 1, 500, -700.0, math.nan, 0.01,
        ...                     1e-4).convergence
        0.5
        """
        if self.stage in ("standard_errors", "finished"):
            return 1.0
        change = self.parameter_change
        if not math.isfinite(change) or change >= 1.0:
            return 0.0
        if change <= self.tol:
            return 1.0
        return min(1.0, max(0.0, math.log(change) / math.log(self.tol)))

    def describe(self) -> str:
        """A one-line plain-English description (what ``verbose`` logs).

        Returns
        -------
        str
            The stage with its numbers, for a log line.

        Examples
        --------
        >>> CalibrationProgress("reading", 2.0, 3, 3_000_000, 0, 500, math.nan, math.nan,
        ...                     math.nan, 1e-4).describe()
        'reading: 3 chunks, 3,000,000 responses (2.0 s)'
        """
        if self.stage == "reading":
            return (
                f"reading: {self.n_chunks:,} chunks, {self.n_responses:,} responses "
                f"({self.elapsed:.1f} s)"
            )
        if self.stage == "estimating":
            return (
                f"EM step {self.iteration}/{self.max_iter}: log-likelihood "
                f"{self.log_likelihood:,.3f}, largest parameter change "
                f"{self.parameter_change:.3g} (tol {self.tol:g}) ({self.elapsed:.1f} s)"
            )
        if self.stage == "standard_errors":
            return f"computing standard errors ({self.elapsed:.1f} s)"
        return (
            f"finished: {self.iteration} EM steps, log-likelihood {self.log_likelihood:,.3f} "
            f"({self.elapsed:.1f} s)"
        )


class ProgressReporter:
    """Builds :class:`CalibrationProgress` reports and hands them out (internal)."""

    def __init__(
        self,
        callback: Callable[[CalibrationProgress], object] | None,
        verbose: bool | int,
        max_iter: int,
        tol: float,
    ) -> None:
        self.callback = callback
        self.verbose = bool(verbose)
        self.max_iter, self.tol = max_iter, tol
        self.start = time.perf_counter()
        self.n_chunks = self.n_responses = self.iteration = 0
        self.log_likelihood = self.previous = self.change = math.nan

    def reading(self, n_chunks: int, n_responses: int) -> None:
        self.n_chunks, self.n_responses = n_chunks, n_responses
        self._emit("reading")

    def step(self, iteration: int, log_likelihood: float, change: float) -> None:
        self.previous, self.log_likelihood = self.log_likelihood, log_likelihood
        self.iteration, self.change = iteration, change
        self._emit("estimating")

    def standard_errors(self) -> None:
        self._emit("standard_errors")

    def finished(self, n_responses: int, log_likelihood: float) -> None:
        self.n_responses, self.log_likelihood = n_responses, log_likelihood
        self._emit("finished")

    def _emit(self, stage: str) -> None:
        if self.callback is None and not self.verbose:
            return
        report = CalibrationProgress(
            stage=stage,
            elapsed=time.perf_counter() - self.start,
            n_chunks=self.n_chunks,
            n_responses=self.n_responses,
            iteration=self.iteration,
            max_iter=self.max_iter,
            log_likelihood=self.log_likelihood,
            log_likelihood_change=self.log_likelihood - self.previous,
            parameter_change=self.change,
            tol=self.tol,
        )
        if self.verbose:
            logger.info("%s", report.describe())
        if self.callback is not None:
            self.callback(report)


@contextmanager
def verbose_logging(verbose: bool | int) -> Iterator[None]:
    """With ``verbose``, make INFO records of the calibration logger visible.

    When neither the logger nor its ancestors have handlers (logging not configured),
    a standard-error handler is attached for the duration of the block; an application
    that configured logging keeps full control.
    """
    if not verbose or logger.hasHandlers():
        previous_level = logger.level
        if verbose and logger.getEffectiveLevel() > logging.INFO:
            logger.setLevel(logging.INFO)
        try:
            yield
        finally:
            logger.setLevel(previous_level)
        return
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(name)s: %(message)s"))
    previous_level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous_level)
