"""The :class:`Calibrator` estimator: settings, the fit pipeline and its results.

The maths lives in pure functions: set-up from a response summary (``_setup``), EM
(``_em``), standard errors (``_standard_errors``); where the responses live is a response
source (``_inputs``, ``_sources``, ``_chunks``, ``_dask``).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from sklearn.base import BaseEstimator

from adaptive_tutor._validation import check_int, check_real
from adaptive_tutor.calibration._bank_output import calibrated_bank
from adaptive_tutor.calibration._data import DUPLICATE_POLICIES
from adaptive_tutor.calibration._em import FamilyGroup, build_item_params, log_prob_table, run_em
from adaptive_tutor.calibration._inputs import prepare_input
from adaptive_tutor.calibration._priors import Priors
from adaptive_tutor.calibration._progress import (
    CalibrationProgress,
    ProgressReporter,
    verbose_logging,
)
from adaptive_tutor.calibration._setup import (
    anchor_mask,
    category_counts,
    check_identifiable,
    family_groups,
    item_models,
    start_params,
    validated_estimates,
    warn_thin_learners,
)
from adaptive_tutor.calibration._sources import ResponseSummary
from adaptive_tutor.calibration._standard_errors import (
    SE_MODES,
    score_layout,
    standard_errors_from_information,
)
from adaptive_tutor.exceptions import ConvergenceWarning, NotFittedError
from adaptive_tutor.irt import normal_grid

if TYPE_CHECKING:
    from adaptive_tutor.calibration._sources import ResponseSource
    from adaptive_tutor.item_bank import ItemBank

__all__ = ["Calibrator"]

FloatArray = NDArray[np.float64]
_OWNER = "Calibrator"
_FULL_MAX_PARAMETERS = 2_000  # "auto": largest joint covariance (32 MB, under a second)
_FULL_MAX_PRODUCTS = 2e9  # "auto": largest number of score products of a "full" pass
# "auto": "full" needs 5 learners per parameter. The cross-product has rank <= learners, and
# near that bound every SE inflates (1.3x the item blocks' at 1.1 per parameter, 1.05x at 4.4)
_FULL_MIN_LEARNERS_PER_PARAMETER = 5


class Calibrator(BaseEstimator):  # type: ignore[misc]
    """Calibrate item parameters by marginal maximum likelihood (Bock-Aitkin EM).

    Fits 1PL (Rasch, with the latent standard deviation estimated), 2PL, 3PL, 4PL,
    graded response (GRM), generalized partial credit (GPCM) and partial credit (PCM)
    items, alone or mixed in one test, from long-format logs, learners x items matrices
    or pyirt-style tuples. The E-step runs over observed responses only (sparse logs
    cost what they contain); dense data with repeated patterns are collapsed first.
    Logs larger than memory can be passed as chunks or Parquet files, and logs on a
    cluster as a ``dask.dataframe`` (see :meth:`fit`).

    Parameters
    ----------
    model : str, mapping of item id to str, or None, default None
        Item model ("1PL", "2PL", "3PL", "4PL", "GRM", "GPCM", "PCM") for every item, or
        per item. ``None`` takes each item's model from the ``bank`` passed to
        :meth:`fit`, or "2PL" when there is no bank.
    n_points : int, default 41
        Number of evenly spaced quadrature nodes of the latent normal distribution (the
        name :class:`~adaptive_tutor.estimation.EAP` and
        :class:`~adaptive_tutor.learner.LearnerState` use too).
    bound : float, default 6.0
        Nodes span ``mean ± bound * sd``.
    max_iter : int, default 500
        Maximum number of EM iterations.
    tol : float, default 1e-4
        Convergence when no free parameter (a, b, c, d, thresholds, steps, latent mean
        and sd) changes by more than ``tol`` in one iteration.
    priors : "auto", Priors or None, default "auto"
        "auto" puts the default :class:`Priors` (lognormal on ``a``, beta on ``c`` and
        ``1 - d``) on 3PL and 4PL items only; a :class:`Priors` applies to every item
        having those parameters; ``None`` is plain maximum likelihood.
    anchors : sequence of str or None, default None
        Ids of items held fixed at the parameters of the ``bank`` passed to :meth:`fit`.
        Their known parameters put the new items on the bank's scale; the latent mean
        and standard deviation are then estimated.
    warm_start : bool, default False
        Start from the ``bank``'s parameters (or, without a bank, from the previous fit's
        ``item_params_`` for items seen before) instead of data-based starting values.
    standard_errors : {"auto", "full", "item"} or False, default "auto"
        Item standard errors from the cross-product of learner scores (see Notes):
        ``"full"`` inverts the information of all item parameters jointly; ``"item"``
        inverts each item's block alone, an approximation that ignores correlations
        between items (slightly optimistic, closer as learners answer more items) and
        scales to many thousands of items; ``"auto"`` takes ``"full"`` for up to 2,000
        free item parameters with at least 5 learners per parameter (and a cross-product
        pass of moderate size), else ``"item"``; ``False`` skips them. The mode used is
        ``standard_errors_``.
    duplicate_policy : {"error", "first", "last"}, default "error"
        Repeated (learner, item) rows in a log: raise, or keep the first / last (by
        ``timestamp`` if present) with a :class:`ResponseDataWarning`.
    D : float or None, default None
        Logistic scaling constant; ``None`` means the bank's ``scale_D`` or 1.0.
    chunk_size : int, default 1_000_000
        Out-of-core input (chunks, Parquet): rows read from Parquet at a time, and the
        number of responses per shard that EM keeps in memory at once.
    verbose : bool, default False
        Log each EM step (iteration, log-likelihood, largest parameter change, elapsed
        time) at INFO level to the ``adaptive_tutor.calibration`` logger; when logging is
        not configured, the lines go to standard error during the fit.
    callback : callable or None, default None
        Called with a :class:`CalibrationProgress` after each chunk read, each EM step,
        before the standard errors and at the end (see its attributes). An exception
        raised in the callback stops the fit.

    Attributes
    ----------
    item_ids_ : tuple of str
        Calibrated items, in the order of ``item_params_``.
    item_params_ : ItemParams
        Estimated (and anchored) parameters.
    item_se_ : list of dict or None
        Standard errors per item in the bank's ``irt.se`` shape (``None`` for anchors);
        ``None`` when standard errors were not computed.
    standard_errors_ : {"full", "item"} or None
        The standard-error mode used (``None``: not computed).
    log_likelihood_, aic_, bic_ : float
        Marginal log-likelihood at the estimate and information criteria.
    n_parameters_ : int
        Free parameters (item parameters plus estimated latent mean / sd).
    n_iter_ : int
    converged_ : bool
    latent_mean_, latent_sd_ : float
        Normal latent distribution (0 and 1 unless estimated).
    n_learners_, n_responses_ : int
    item_bank_ : ItemBank or None
        Calibrated copy of the bank passed to :meth:`fit`.

    Notes
    -----
    Standard errors come from the inverse of the empirical cross-product information
    ``sum_n s_n s_n^T`` of per-learner marginal scores (plus minus the Hessian of the log
    prior when priors are used), over all free item parameters jointly (``"full"``) or
    per item (``"item"``), mapped to the reporting scale by the delta method. Scores are
    accumulated block by block of learners, never as a learners x parameters matrix.
    The latent mean and sd are treated as known.
    Parameters that the information matrix does not identify (a singular or nearly
    singular matrix: variance inflation above 1e8) get NaN standard errors and an
    :class:`~adaptive_tutor.exceptions.IdentificationWarning`.

    A design with more free parameters than independent response-pattern proportions
    (``prod(n_categories) - 1``; one or two 2PL items, one 1PL item) raises
    :class:`~adaptive_tutor.exceptions.ResponseDataError` before fitting, or issues an
    :class:`~adaptive_tutor.exceptions.IdentificationWarning` when priors decide.

    Examples
    --------
    >>> import numpy as np
    >>> from adaptive_tutor.irt import ItemParams, category_prob
    >>> rng = np.random.default_rng(0)
    >>> truth = ItemParams.dichotomous([1.0, 1.5, 0.8, 1.2], [-1.0, 0.0, 0.5, 1.0])
    >>> p = category_prob(truth, rng.normal(size=2000))[:, :, 1].T
    >>> X = (rng.random(p.shape) < p).astype(float)
    >>> cal = Calibrator(model="2PL").fit(X)
    >>> cal.converged_, cal.item_params_.b.round(1).tolist()
    (True, [-1.0, 0.0, 0.5, 1.0])
    """

    def __init__(
        self,
        *,
        model: str | Mapping[str, str] | None = None,
        n_points: int = 41,
        bound: float = 6.0,
        max_iter: int = 500,
        tol: float = 1e-4,
        priors: str | Priors | None = "auto",
        anchors: Sequence[str] | None = None,
        warm_start: bool = False,
        standard_errors: str | bool = "auto",
        duplicate_policy: str = "error",
        D: float | None = None,
        chunk_size: int = 1_000_000,
        verbose: bool = False,
        callback: Callable[[CalibrationProgress], object] | None = None,
    ) -> None:
        self.model = model
        self.n_points = n_points
        self.bound = bound
        self.max_iter = max_iter
        self.tol = tol
        self.priors = priors
        self.anchors = anchors
        self.warm_start = warm_start
        self.standard_errors = standard_errors
        self.duplicate_policy = duplicate_policy
        self.D = D
        self.chunk_size = chunk_size
        self.verbose = verbose
        self.callback = callback

    def __getattr__(self, name: str) -> Any:
        if name.endswith("_") and not name.startswith("__"):
            raise NotFittedError(
                f"This Calibrator has no attribute {name!r} yet: call fit(responses) first."
            )
        raise AttributeError(name)

    # ------------------------------------------------------------------ fitting
    def fit(
        self,
        X: Any,
        y: None = None,
        *,
        bank: ItemBank | None = None,
        item_ids: Sequence[str] | None = None,
    ) -> Calibrator:
        """Estimate item parameters from responses.

        Parameters
        ----------
        X : DataFrame, ndarray, list of tuples, iterable of DataFrames, path or dask DataFrame
            In memory: a long-format log (``learner_id, item_id, response[, timestamp]``),
            a learners x items matrix (NaN = not administered) or ``(user, item,
            correct)`` tuples. Out of core: an iterable (list, generator) of long-format
            DataFrame chunks with identical columns, or the path of a Parquet file or of
            a directory of ``*.parquet`` files (needs pyarrow: the ``parquet`` extra);
            the chunks are read once, learners may span chunks, and EM then holds about
            ``chunk_size`` responses in memory at a time. Distributed: a
            ``dask.dataframe.DataFrame`` in long format, fitted on the active
            ``dask.distributed`` client (the ``dask`` extra). All give the same estimates.
        y : None
            Ignored (scikit-learn convention).
        bank : ItemBank, optional
            Supplies models, category counts, the scale constant, anchor values and warm
            starts; every item in ``X`` must be in the bank. The calibrated bank is
            stored as ``item_bank_``.
        item_ids : sequence of str, optional
            Column ids of an ndarray ``X`` (default: the bank's ids when the widths
            match, else ``item_0, item_1, ...``).

        Returns
        -------
        Calibrator
            ``self``, fitted.

        Raises
        ------
        ResponseDataError
            Malformed responses (naming the items, and for chunked input the chunk or
            file), designs that cannot be identified, or implausible estimates.

        Examples
        --------
        >>> import numpy as np
        >>> X = np.array([[0, 1, 1], [1, 1, 0], [0, 0, 1], [1, 1, 1], [0, 1, 0]] * 40, dtype=float)
        >>> Calibrator(model="1PL").fit(X).n_parameters_
        4
        """
        settings = self._validated_settings()
        if (
            item_ids is None
            and bank is not None
            and isinstance(X, np.ndarray)
            and X.ndim == 2
            and X.shape[1] == len(bank)
        ):
            item_ids = bank.item_ids
        reporter = ProgressReporter(self.callback, self.verbose, self.max_iter, self.tol)
        with verbose_logging(self.verbose):
            prepared = prepare_input(
                X,
                item_ids=item_ids,
                duplicate_policy=self.duplicate_policy,
                chunk_size=self.chunk_size,
                reporter=reporter,
            )
            try:
                source = self._fit_summary(
                    prepared.summary, prepared.source, bank, settings, reporter
                )
                try:
                    self._fit_source(source, reporter)
                finally:
                    source.close()
            finally:
                prepared.cleanup()
            reporter.finished(self.n_responses_, self.log_likelihood_)
        self.item_bank_ = self.to_item_bank(bank) if bank is not None else None
        return self

    def _fit_summary(
        self,
        summary: ResponseSummary,
        make_source: Callable[[int], ResponseSource],
        bank: ItemBank | None,
        settings: Priors | str | None,
        reporter: ProgressReporter,
    ) -> ResponseSource:
        """Set up models, groups and starting values from the summary; return the source."""
        scale = self._scale(bank)
        models = item_models(self.model, summary, bank)
        anchored = anchor_mask(self.anchors, summary, bank)
        n_categories = category_counts(summary, models, anchored, bank)
        start = start_params(
            self.warm_start, summary.item_ids, bank, self.__dict__.get("item_params_")
        )
        groups = family_groups(
            summary, models, n_categories, anchored, bank, scale, settings, start
        )
        has_anchor = bool(anchored.any())
        estimate_sd = has_anchor or not any(g.family.free_slope for g in groups if not g.fixed)
        n_parameters = sum(g.n_free_parameters for g in groups) + int(has_anchor) + int(estimate_sd)
        check_identifiable(
            n_categories, n_parameters, any(g.priors is not None for g in groups if not g.fixed)
        )
        warn_thin_learners(summary)
        self._summary, self._groups, self._scale_D = summary, groups, scale
        self._estimate = (has_anchor, estimate_sd)
        self._max_categories = int(n_categories.max())
        self.anchored_ = tuple(
            i for i, fixed in zip(summary.item_ids, anchored, strict=True) if fixed
        )
        self.n_parameters_ = n_parameters
        return make_source(self._max_categories)

    def _fit_source(self, source: ResponseSource, reporter: ProgressReporter) -> None:
        """Run EM on ``source`` and store the results and standard errors."""
        summary, groups, scale = self._summary, self._groups, self._scale_D
        estimate_mean, estimate_sd = self._estimate
        max_categories = self._max_categories
        del self._summary, self._groups, self._scale_D, self._estimate, self._max_categories
        item_ids = summary.item_ids
        grid = normal_grid(self.n_points, self.bound)
        result = run_em(
            source,
            len(item_ids),
            groups,
            max_categories=max_categories,
            scale=scale,
            nodes=grid.nodes,
            log_weights=grid.log_weights,
            mean=0.0,
            sd=1.0,
            estimate_mean=estimate_mean,
            estimate_sd=estimate_sd,
            tol=self.tol,
            max_iter=self.max_iter,
            on_step=reporter.step,
        )
        if not result.converged:
            warnings.warn(
                f"Calibrator did not converge in {self.max_iter} EM iterations (largest "
                f"parameter change in the last iteration {result.last_change:.3g} > tol="
                f"{self.tol:g}). Try a larger max_iter, a looser tol, priors (for 3PL/4PL "
                "items), a simpler model, or removing items with few responses.",
                ConvergenceWarning,
                stacklevel=3,
            )
        params = build_item_params(result.groups, len(item_ids), max_categories, scale)
        self.item_ids_ = item_ids
        self.item_params_ = validated_estimates(params, scale, item_ids, summary)
        self.models_ = self.item_params_.models
        self.latent_mean_ = result.mean
        self.latent_sd_ = result.sd
        self.log_likelihood_ = result.log_likelihood
        self.log_prior_ = result.log_prior
        self.n_learners_ = summary.n_learners
        self.n_responses_ = summary.n_responses
        self.aic_ = 2 * self.n_parameters_ - 2 * self.log_likelihood_
        self.bic_ = self.n_parameters_ * np.log(summary.n_learners) - 2 * self.log_likelihood_
        self.n_iter_ = result.n_iter
        self.converged_ = result.converged
        theta = result.mean + result.sd * grid.nodes
        layout = score_layout(groups, len(item_ids), theta, scale)
        mode = self._standard_error_mode(layout.n_params, layout.max_width, summary)
        self.standard_errors_ = mode
        self.item_se_ = None
        if mode is not None:
            reporter.standard_errors()
            table = log_prob_table(params, theta, max_categories)
            information = source.information(table, grid.log_weights, layout, mode)
            errors = standard_errors_from_information(information, groups, layout, mode)
            self.item_se_ = self._se_records(len(item_ids), groups, errors)

    def _standard_error_mode(
        self, n_params: int, max_width: int, summary: ResponseSummary
    ) -> str | None:
        if self.standard_errors is False or n_params == 0:
            return None
        if self.standard_errors in SE_MODES:
            return str(self.standard_errors)
        products = summary.sum_squared_lengths * max_width**2
        small = n_params <= _FULL_MAX_PARAMETERS and products <= _FULL_MAX_PRODUCTS
        enough_learners = summary.n_learners >= _FULL_MIN_LEARNERS_PER_PARAMETER * n_params
        return "full" if small and enough_learners else "item"

    # ------------------------------------------------------------------ results
    def to_item_bank(self, bank: ItemBank) -> ItemBank:
        """Return ``bank`` with the calibrated parameters (and standard errors) written in.

        Only the estimated items change: new parameters, their standard errors (those the
        data identify: NaN in ``item_se_`` is left out) and a calibration note. Anchored
        items and items without responses keep their parameters, errors and notes.

        Parameters
        ----------
        bank : ItemBank
            Must contain every calibrated item.

        Returns
        -------
        ItemBank
            A new bank, validated; ``bank`` is unchanged.

        Examples
        --------
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> Calibrator().to_item_bank(bank)
        Traceback (most recent call last):
        ...
        adaptive_tutor.exceptions.NotFittedError: This Calibrator has no attribute \
'item_params_' yet: call fit(responses) first.
        """
        return calibrated_bank(self, bank)

    def to_frame(self) -> pd.DataFrame:
        """Tidy table of estimates: one row per item parameter.

        Returns
        -------
        DataFrame
            Columns ``item_id, model, parameter, estimate, se, anchored``.

        Examples
        --------
        >>> import numpy as np
        >>> X = np.array([[0, 1, 1], [1, 1, 0], [0, 0, 1], [1, 1, 1], [0, 1, 0]] * 40, dtype=float)
        >>> Calibrator(model="1PL").fit(X).to_frame().parameter.tolist()
        ['b', 'b', 'b']
        """
        rows: list[dict[str, Any]] = []
        anchored = set(self.anchored_)
        for index, (item_id, record) in enumerate(
            zip(self.item_ids_, self.item_params_.to_records(), strict=True)
        ):
            se = (self.item_se_ or [None] * len(self.item_ids_))[index] or {}
            for name, value in record.items():
                if name == "model":
                    continue
                values = value if isinstance(value, list) else [value]
                errors = se.get(name)
                error_list = errors if isinstance(errors, list) else [errors] * len(values)
                for k, estimate in enumerate(values):
                    label = f"{name}[{k + 1}]" if isinstance(value, list) else name
                    rows.append(
                        {
                            "item_id": item_id,
                            "model": record["model"],
                            "parameter": label,
                            "estimate": float(estimate),
                            "se": float("nan") if error_list[k] is None else error_list[k],
                            "anchored": item_id in anchored,
                        }
                    )
        return pd.DataFrame(
            rows, columns=["item_id", "model", "parameter", "estimate", "se", "anchored"]
        )

    # ------------------------------------------------------------------ helpers

    # ------------------------------------------------------------------ helpers
    def _validated_settings(self) -> Priors | str | None:
        check_int(self.n_points, "n_points", _OWNER, minimum=5)
        check_real(self.bound, "bound", _OWNER, minimum=1.0)
        check_int(self.max_iter, "max_iter", _OWNER, minimum=1)
        check_real(self.tol, "tol", _OWNER, minimum=0.0, exclusive_minimum=True)
        if self.duplicate_policy not in DUPLICATE_POLICIES:
            options = ", ".join(repr(p) for p in DUPLICATE_POLICIES)
            raise ValueError(
                f"The 'duplicate_policy' parameter of {_OWNER} must be one of {options}. "
                f"Got {self.duplicate_policy!r}."
            )
        if not (self.priors is None or self.priors == "auto" or isinstance(self.priors, Priors)):
            raise ValueError(
                f"The 'priors' parameter of {_OWNER} must be 'auto', a Priors or None. "
                f"Got {self.priors!r}."
            )
        if not isinstance(self.warm_start, bool):
            raise TypeError(
                f"The 'warm_start' parameter of {_OWNER} must be a bool. Got {self.warm_start!r}."
            )
        if self.standard_errors is not False and self.standard_errors not in (
            "auto",
            *SE_MODES,
        ):
            raise ValueError(
                f"The 'standard_errors' parameter of {_OWNER} must be 'auto', 'full', "
                f"'item' or False. Got {self.standard_errors!r}."
            )
        check_int(self.chunk_size, "chunk_size", _OWNER, minimum=1)
        if not isinstance(self.verbose, (bool, int)):
            raise TypeError(
                f"The 'verbose' parameter of {_OWNER} must be a bool. Got {self.verbose!r}."
            )
        if self.callback is not None and not callable(self.callback):
            raise TypeError(
                f"The 'callback' parameter of {_OWNER} must be callable or None. Got "
                f"{self.callback!r}."
            )
        if self.anchors is not None and (
            isinstance(self.anchors, str) or not all(isinstance(a, str) for a in self.anchors)
        ):
            raise ValueError(
                f"The 'anchors' parameter of {_OWNER} must be a sequence of item ids (str) "
                f"or None. Got {self.anchors!r}."
            )
        return self.priors

    def _scale(self, bank: ItemBank | None) -> float:
        if self.D is None:
            return float(bank.scale_D) if bank is not None else 1.0
        value = check_real(self.D, "D", _OWNER, minimum=0.0, exclusive_minimum=True)
        if bank is not None and not np.isclose(value, bank.scale_D):
            raise ValueError(
                f"The 'D' parameter of {_OWNER} ({value}) differs from the bank's scale_D "
                f"({bank.scale_D}); leave D=None to use the bank's."
            )
        return value

    def _se_records(
        self, n_items: int, groups: list[FamilyGroup], errors: list[FloatArray | None]
    ) -> list[dict[str, Any] | None]:
        records: list[dict[str, Any] | None] = [None] * n_items
        for group, se in zip(groups, errors, strict=True):
            if se is None:
                continue
            names = group.names
            for row, item in enumerate(group.items):
                record: dict[str, Any] = {}
                steps = []
                for col, name in enumerate(names):
                    value = float(se[row, col])
                    if name.startswith(("threshold", "step")):
                        steps.append(value)
                    else:
                        record[name] = value
                if steps:
                    record["thresholds" if group.family.name == "GRM" else "steps"] = steps
                records[int(item)] = record
        return records
