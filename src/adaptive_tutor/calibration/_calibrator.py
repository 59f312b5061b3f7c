"""The :class:`Calibrator` estimator: validation, set-up and results around :func:`run_em`."""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from sklearn.base import BaseEstimator

from adaptive_tutor._validation import check_int, check_real, name_some
from adaptive_tutor.calibration._data import (
    DUPLICATE_POLICIES,
    ResponseData,
    ResponseDataWarning,
    prepare_responses,
)
from adaptive_tutor.calibration._em import (
    FamilyGroup,
    build_item_params,
    log_prob_table,
    run_em,
)
from adaptive_tutor.calibration._estep import build_design
from adaptive_tutor.calibration._families import FAMILIES, NaturalParams
from adaptive_tutor.calibration._priors import Priors
from adaptive_tutor.calibration._standard_errors import cross_product_standard_errors
from adaptive_tutor.exceptions import (
    ConvergenceWarning,
    IdentificationWarning,
    ItemBankError,
    NotFittedError,
    ResponseDataError,
)
from adaptive_tutor.irt import MODELS, ItemParams, normal_grid

if TYPE_CHECKING:
    from adaptive_tutor.item_bank import ItemBank

__all__ = ["Calibrator"]

FloatArray = NDArray[np.float64]
_OWNER = "Calibrator"
_DICHOTOMOUS = ("1PL", "2PL", "3PL", "4PL")
_MAX_NAMED = 5


def _names(ids: Sequence[str]) -> str:
    return f"[{name_some(ids, limit=_MAX_NAMED)}]"


class Calibrator(BaseEstimator):  # type: ignore[misc]
    """Calibrate item parameters by marginal maximum likelihood (Bock-Aitkin EM).

    Fits 1PL (Rasch, with the latent standard deviation estimated), 2PL, 3PL, 4PL,
    graded response (GRM), generalized partial credit (GPCM) and partial credit (PCM)
    items, alone or mixed in one test, from long-format logs, learners x items matrices
    or pyirt-style tuples. The E-step runs over observed responses only (sparse logs
    cost what they contain); dense data with repeated patterns are collapsed first.

    Parameters
    ----------
    model : str, mapping of item id to str, or None, default None
        Item model ("1PL", "2PL", "3PL", "4PL", "GRM", "GPCM", "PCM") for every item, or
        per item. ``None`` takes each item's model from the ``bank`` passed to
        :meth:`fit`, or "2PL" when there is no bank.
    n_quadrature : int, default 41
        Number of evenly spaced quadrature nodes of the latent normal distribution.
    quadrature_bound : float, default 6.0
        Nodes span ``mean ± quadrature_bound * sd``.
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
    standard_errors : bool, default True
        Compute item standard errors (cross-product of learner scores; see Notes).
    duplicate_policy : {"error", "first", "last"}, default "error"
        Repeated (learner, item) rows in a log: raise, or keep the first / last (by
        ``timestamp`` if present) with a :class:`ResponseDataWarning`.
    D : float or None, default None
        Logistic scaling constant; ``None`` means the bank's ``scale_D`` or 1.0.

    Attributes
    ----------
    item_ids_ : tuple of str
        Calibrated items, in the order of ``item_params_``.
    item_params_ : ItemParams
        Estimated (and anchored) parameters.
    item_se_ : list of dict or None
        Standard errors per item in the bank's ``irt.se`` shape (``None`` for anchors).
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
    prior when priors are used), over all free item parameters jointly, mapped to the
    reporting scale by the delta method. The latent mean and sd are treated as known.
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
        n_quadrature: int = 41,
        quadrature_bound: float = 6.0,
        max_iter: int = 500,
        tol: float = 1e-4,
        priors: str | Priors | None = "auto",
        anchors: Sequence[str] | None = None,
        warm_start: bool = False,
        standard_errors: bool = True,
        duplicate_policy: str = "error",
        D: float | None = None,
    ) -> None:
        self.model = model
        self.n_quadrature = n_quadrature
        self.quadrature_bound = quadrature_bound
        self.max_iter = max_iter
        self.tol = tol
        self.priors = priors
        self.anchors = anchors
        self.warm_start = warm_start
        self.standard_errors = standard_errors
        self.duplicate_policy = duplicate_policy
        self.D = D

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
        X : DataFrame, ndarray or list of tuples
            Long-format log (``learner_id, item_id, response[, timestamp]``), learners x
            items matrix (NaN = not administered) or ``(user, item, correct)`` tuples.
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
        data = prepare_responses(
            X, item_ids=item_ids, duplicate_policy=self.duplicate_policy, owner=_OWNER
        )
        scale = self._scale(bank)
        models = self._models(data, bank)
        anchored = self._anchor_mask(data, bank)
        n_categories = self._categories(data, models, anchored, bank)
        groups = self._groups(data, models, n_categories, anchored, bank, scale, settings)
        free = [g for g in groups if not g.fixed]
        has_anchor = bool(anchored.any())
        estimate_sd = has_anchor or not any(g.family.free_slope for g in free)
        _check_identifiable(
            n_categories,
            sum(g.n_free_parameters for g in groups) + int(has_anchor) + int(estimate_sd),
            any(g.priors is not None for g in free),
        )
        self._warn_thin_learners(data)
        max_categories = int(n_categories.max())
        design = build_design(data, max_categories)
        item_ids, n_learners, n_responses = data.item_ids, data.n_learners, data.n_responses
        del data  # the design holds everything the EM needs; free the index arrays
        grid = normal_grid(self.n_quadrature, self.quadrature_bound)
        result = run_em(
            design,
            groups,
            max_categories=max_categories,
            scale=scale,
            nodes=grid.nodes,
            log_weights=grid.log_weights,
            mean=0.0,
            sd=1.0,
            estimate_mean=has_anchor,
            estimate_sd=estimate_sd,
            tol=self.tol,
            max_iter=self.max_iter,
        )
        if not result.converged:
            warnings.warn(
                f"Calibrator did not converge in {self.max_iter} EM iterations (largest "
                f"parameter change in the last iteration {result.last_change:.3g} > tol="
                f"{self.tol:g}). Try a larger max_iter, a looser tol, priors (for 3PL/4PL "
                "items), a simpler model, or removing items with few responses.",
                ConvergenceWarning,
                stacklevel=2,
            )
        params = build_item_params(result.groups, len(item_ids), max_categories, scale)
        self.item_ids_ = item_ids
        self.item_params_ = _validated_estimates(params, scale, item_ids)
        self.models_ = self.item_params_.models
        self.anchored_ = tuple(i for i, fixed in zip(item_ids, anchored, strict=True) if fixed)
        self.latent_mean_ = result.mean
        self.latent_sd_ = result.sd
        self.log_likelihood_ = result.log_likelihood
        self.log_prior_ = result.log_prior
        self.n_parameters_ = (
            sum(g.n_free_parameters for g in groups) + int(has_anchor) + int(estimate_sd)
        )
        self.n_learners_ = n_learners
        self.n_responses_ = n_responses
        self.aic_ = 2 * self.n_parameters_ - 2 * self.log_likelihood_
        self.bic_ = self.n_parameters_ * np.log(n_learners) - 2 * self.log_likelihood_
        self.n_iter_ = result.n_iter
        self.converged_ = result.converged
        self.item_se_ = None
        if self.standard_errors:
            theta = result.mean + result.sd * grid.nodes
            table = log_prob_table(params, theta, max_categories)
            errors = cross_product_standard_errors(
                design, groups, table, grid.log_weights, theta, scale
            )
            self.item_se_ = self._se_records(len(item_ids), groups, errors)
        self.item_bank_ = self.to_item_bank(bank) if bank is not None else None
        return self

    # ------------------------------------------------------------------ results
    def to_item_bank(self, bank: ItemBank) -> ItemBank:
        """Return ``bank`` with the calibrated parameters (and standard errors) written in.

        Items of the bank that were not calibrated keep their parameters.

        Parameters
        ----------
        bank : ItemBank
            Must contain every calibrated item.

        Returns
        -------
        ItemBank

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
        params = self.item_params_
        missing = [i for i in self.item_ids_ if i not in bank]
        if missing:
            raise ResponseDataError(
                f"The bank has no items {_names(missing)} that were calibrated; pass the "
                "bank the responses came from."
            )
        positions = bank.indices_of(self.item_ids_)
        records = bank.params.to_records()
        se_list: list[Mapping[str, Any] | None] = [_se_of(item) for item in bank.items]
        for position, record, se in zip(
            positions,
            params.to_records(),
            self.item_se_ or [None] * len(positions),
            strict=True,
        ):
            records[int(position)] = record
            if self.item_se_ is not None:
                se_list[int(position)] = se
        new_params = ItemParams.from_records(records, D=params.D, item_ids=bank.item_ids)
        note = (
            f"MML-EM (adaptive_tutor Calibrator) on {self.n_responses_} responses of "
            f"{self.n_learners_} learners"
        )
        return bank.with_params(new_params, se=se_list, calibration_note=note)

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
    def _validated_settings(self) -> Priors | str | None:
        check_int(self.n_quadrature, "n_quadrature", _OWNER, minimum=5)
        check_real(self.quadrature_bound, "quadrature_bound", _OWNER, minimum=1.0)
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
        if not isinstance(self.warm_start, bool) or not isinstance(self.standard_errors, bool):
            raise TypeError(
                f"The 'warm_start' and 'standard_errors' parameters of {_OWNER} must be "
                f"bools. Got {self.warm_start!r} and {self.standard_errors!r}."
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

    def _models(self, data: ResponseData, bank: ItemBank | None) -> list[str]:
        ids = data.item_ids
        if bank is not None:
            missing = [i for i in ids if i not in bank]
            if missing:
                raise ResponseDataError(
                    f"Items {_names(missing)} in the responses are not in the bank; add them "
                    "to the bank (with provisional parameters) or calibrate without a bank."
                )
        bank_models = (
            dict(zip(ids, (bank.params.models[p] for p in bank.indices_of(ids)), strict=True))
            if bank is not None
            else {}
        )
        if self.model is None:
            models = [bank_models.get(i, "2PL") for i in ids]
        elif isinstance(self.model, str):
            models = [self.model] * len(ids)
        elif isinstance(self.model, Mapping):
            unknown = [i for i in self.model if str(i) not in set(ids)]
            if unknown:
                raise ResponseDataError(
                    f"The 'model' mapping names items {_names(unknown)} that have no responses."
                )
            lacking = [i for i in ids if i not in self.model and i not in bank_models]
            if lacking:
                raise ResponseDataError(
                    f"The 'model' mapping has no model for items {_names(lacking)} (and no "
                    "bank gives one); add them to the mapping."
                )
            models = [str(self.model.get(i, bank_models.get(i))) for i in ids]
        else:
            raise ValueError(
                f"The 'model' parameter of {_OWNER} must be a model name, a mapping of item "
                f"id to model name, or None. Got {self.model!r}."
            )
        bad = sorted({m for m in models if m not in MODELS})
        if bad:
            options = ", ".join(repr(m) for m in MODELS)
            raise ValueError(
                f"The 'model' parameter of {_OWNER} must name models among {options}. Got {bad}."
            )
        return models

    def _anchor_mask(self, data: ResponseData, bank: ItemBank | None) -> NDArray[np.bool_]:
        mask = np.zeros(data.n_items, dtype=bool)
        if not self.anchors:
            return mask
        if bank is None:
            raise ValueError(
                f"The 'anchors' parameter of {_OWNER} needs the bank holding their "
                "parameters: call fit(responses, bank=bank)."
            )
        anchors = list(self.anchors)
        not_in_bank = [a for a in anchors if a not in bank]
        if not_in_bank:
            raise ResponseDataError(f"Anchor items {_names(not_in_bank)} are not in the bank.")
        position = {item_id: j for j, item_id in enumerate(data.item_ids)}
        unanswered = [a for a in anchors if a not in position]
        if unanswered:
            raise ResponseDataError(
                f"Anchor items {_names(unanswered)} have no responses, so they cannot link "
                "the new items to the bank's scale; remove them from anchors."
            )
        mask[[position[a] for a in anchors]] = True
        if mask.all():
            raise ResponseDataError(
                "Every answered item is an anchor: nothing is left to calibrate."
            )
        return mask

    def _categories(
        self,
        data: ResponseData,
        models: list[str],
        anchored: NDArray[np.bool_],
        bank: ItemBank | None,
    ) -> NDArray[np.int64]:
        ids = data.item_ids
        observed_max = data.max_response()
        n_categories = observed_max + 1
        if bank is not None:
            bank_k = bank.params.n_categories[bank.indices_of(ids)]
            for j in range(data.n_items):
                if anchored[j] or models[j] == bank.params.models[bank.index_of(ids[j])]:
                    n_categories[j] = max(n_categories[j], bank_k[j])
        dichotomous = np.array([m in _DICHOTOMOUS for m in models])
        too_high = dichotomous & (observed_max > 1)
        if too_high.any():
            raise ResponseDataError(
                f"Items {_names([ids[j] for j in np.flatnonzero(too_high)])} have responses "
                "above 1 but a dichotomous model; recode them to 0/1 or use model='GRM' / "
                "'GPCM' / 'PCM' for those items."
            )
        n_categories[dichotomous] = 2
        if bank is not None:
            bank_k = bank.params.n_categories[bank.indices_of(ids)]
            over = anchored & (observed_max >= bank_k)
            if over.any():
                raise ResponseDataError(
                    f"Anchor items {_names([ids[j] for j in np.flatnonzero(over)])} have "
                    "responses above their bank's highest category."
                )
        counts = data.category_counts(int(n_categories.max()))
        free = ~anchored
        observed_categories = (counts > 0).sum(axis=1)
        constant = free & (observed_categories < 2)
        if constant.any():
            raise ResponseDataError(
                f"Items {_names([ids[j] for j in np.flatnonzero(constant)])} have no variance "
                "(every response in one category), so their parameters cannot be estimated; "
                "remove them or fix them as anchors."
            )
        gaps = [
            j
            for j in np.flatnonzero(free & ~dichotomous)
            if (counts[j, : n_categories[j]] == 0).any()
        ]
        if gaps:
            detail = "; ".join(
                f"{ids[j]!r} has no responses in categor"
                f"{'y' if (counts[j, : n_categories[j]] == 0).sum() == 1 else 'ies'} "
                f"{np.flatnonzero(counts[j, : n_categories[j]] == 0).tolist()}"
                for j in gaps[:_MAX_NAMED]
            )
            raise ResponseDataError(
                f"Polytomous items with empty score categories cannot be calibrated: {detail}. "
                "Merge the empty categories into a neighbour (recode) or collect more data."
            )
        return n_categories

    def _warn_thin_learners(self, data: ResponseData) -> None:
        per_learner = data.responses_per_learner()
        thin = np.flatnonzero(per_learner < 2)
        if thin.size:
            examples = ", ".join(repr(data.learner_ids[i]) for i in thin[:_MAX_NAMED])
            none = int((per_learner == 0).sum())
            warnings.warn(
                f"{thin.size} learner(s) answered fewer than two items (e.g. {examples}); "
                f"they are kept ({none} with no response add nothing, a single response "
                "still informs its item under marginal likelihood).",
                ResponseDataWarning,
                stacklevel=3,
            )

    def _groups(
        self,
        data: ResponseData,
        models: list[str],
        n_categories: NDArray[np.int64],
        anchored: NDArray[np.bool_],
        bank: ItemBank | None,
        scale: float,
        priors_setting: Priors | str | None,
    ) -> list[FamilyGroup]:
        ids = data.item_ids
        start = self._start_params(ids, bank)
        counts = data.category_counts(int(n_categories.max())).astype(np.float64)
        keys: dict[tuple[str, int, bool], list[int]] = {}
        for j, (model, k, fixed) in enumerate(zip(models, n_categories, anchored, strict=True)):
            if fixed and bank is not None:
                model = bank.params.models[bank.index_of(ids[j])]
            keys.setdefault((model, int(k), bool(fixed)), []).append(j)
        groups: list[FamilyGroup] = []
        for (model, k, fixed), members in keys.items():
            family = FAMILIES[model]
            items = np.asarray(members, dtype=np.intp)
            w = family.start(counts[items, :k], scale)
            if start is not None:
                chosen = [j for j, m in enumerate(members) if _compatible(start, ids[m], model, k)]
                if chosen:
                    rows = np.asarray(chosen)
                    natural = _natural_from(start, [ids[members[i]] for i in chosen])
                    w[rows] = family.from_natural(natural)
            if fixed:
                natural = _natural_from(
                    bank.params.take(bank.indices_of([ids[m] for m in members]))
                    if bank is not None
                    else start,
                    None,
                )
                w = family.from_natural(natural)
            if priors_setting == "auto":
                priors = Priors() if model in ("3PL", "4PL") else None
            else:
                priors = priors_setting if isinstance(priors_setting, Priors) else None
            groups.append(FamilyGroup(family, items, k, w, fixed, priors))
        return groups

    def _start_params(self, ids: tuple[str, ...], bank: ItemBank | None) -> ItemParams | None:
        if not self.warm_start:
            return None
        if bank is not None:
            params = bank.params.take(bank.indices_of(ids))
            return ItemParams(
                params.model_code,
                params.a,
                params.b,
                params.c,
                params.d,
                params.steps,
                params.n_categories,
                params.D,
                ids,
            )
        previous = self.__dict__.get("item_params_")
        return previous if isinstance(previous, ItemParams) else None

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


def _validated_estimates(params: ItemParams, scale: float, item_ids: tuple[str, ...]) -> ItemParams:
    """The estimates as checked ItemParams; implausible ones (a diverging slope) raise."""
    try:
        return ItemParams(
            params.model_code,
            params.a,
            params.b,
            params.c,
            params.d,
            params.steps,
            params.n_categories,
            scale,
            item_ids,
        )
    except ItemBankError as error:
        detail = "; ".join(map(str, error.problems[:_MAX_NAMED])) or str(error)
        raise ResponseDataError(
            f"{_OWNER} estimates are outside the plausible range ({detail}). Such items "
            "have no finite maximum-likelihood estimate: their responses are almost "
            "perfectly ordered by ability, or almost all in one category. Calibrate with "
            "priors=Priors(log_a=(0.0, 0.5)), or review or remove those items."
        ) from None


def _check_identifiable(
    n_categories: NDArray[np.int64], n_parameters: int, has_priors: bool
) -> None:
    """Refuse designs with more free parameters than distinct response-pattern proportions.

    ``n`` items with ``K_j`` categories have ``prod(K_j) - 1`` independent pattern
    proportions however many learners answer, so a model with more free parameters
    (one 2PL item: 2 > 1; two 2PL items: 4 > 3; one 1PL item with its latent sd) cannot
    be identified by maximum likelihood. Priors make the posterior mode unique, so with
    priors this is an :class:`IdentificationWarning` instead of an error.
    """
    log_patterns = float(np.sum(np.log(n_categories.astype(np.float64))))
    if log_patterns > np.log(n_parameters + 2.0):
        return
    n_proportions = int(np.prod(n_categories.astype(np.int64))) - 1
    if n_parameters <= n_proportions:
        return
    text = (
        f"{_OWNER} cannot identify {n_parameters} free parameters (item parameters plus "
        f"the estimated latent mean/sd) from {n_categories.size} item(s): their response "
        f"patterns give only {n_proportions} independent proportions, however many "
        "learners answer (a 2PL calibration needs at least 3 items, a 3PL 4, a 4PL 5; "
        "a single item never identifies its slope)."
    )
    if has_priors:
        warnings.warn(
            text + " The estimates are determined by the priors, not by the data.",
            IdentificationWarning,
            stacklevel=3,
        )
        return
    raise ResponseDataError(
        text + " Add items, use model='1PL' with at least 2 items, anchor items to a bank "
        "(anchors=...), or regularise with priors=Priors(...)."
    )


def _compatible(params: ItemParams, item_id: str, model: str, n_categories: int) -> bool:
    if params.item_ids is None or item_id not in params.item_ids:
        return False
    j = params.item_ids.index(item_id)
    return params.models[j] == model and int(params.n_categories[j]) == n_categories


def _natural_from(params: ItemParams | None, ids: list[str] | None) -> NaturalParams:
    if params is None:
        raise ValueError("internal: no parameters to start from")
    if ids is not None and params.item_ids is not None:
        index = [params.item_ids.index(i) for i in ids]
        params = params.take(index)
    width = int(params.n_categories.max()) - 1
    steps = np.asarray(params.steps)[:, :width]
    return NaturalParams(
        a=np.asarray(params.a),
        b=np.asarray(params.b),
        c=np.asarray(params.c),
        d=np.asarray(params.d),
        steps=steps,
    )


def _se_of(item: Any) -> Mapping[str, Any] | None:
    se = getattr(item.irt, "se", None)
    return dict(se) if se else None
