"""Fit set-up from a response summary: models, anchors, category counts, starting values.

Everything here works on a :class:`~adaptive_tutor.calibration._sources.ResponseSummary`
(item ids and category counts), so in-memory, chunked, Parquet and Dask inputs are set up
by the same rules and give the same starting point.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from adaptive_tutor._validation import name_some
from adaptive_tutor.calibration._data import ResponseDataWarning
from adaptive_tutor.calibration._em import FamilyGroup
from adaptive_tutor.calibration._families import FAMILIES, NaturalParams
from adaptive_tutor.calibration._priors import Priors
from adaptive_tutor.calibration._sources import ResponseSummary
from adaptive_tutor.exceptions import IdentificationWarning, ItemBankError, ResponseDataError
from adaptive_tutor.irt import MODELS, ItemParams

if TYPE_CHECKING:
    from adaptive_tutor.item_bank import ItemBank

__all__ = [
    "anchor_mask",
    "category_counts",
    "check_identifiable",
    "family_groups",
    "item_models",
    "names",
    "start_params",
    "validated_estimates",
    "warn_thin_learners",
]

_OWNER = "Calibrator"
_DICHOTOMOUS = ("1PL", "2PL", "3PL", "4PL")
_MAX_NAMED = 5
THIN_ANSWERS_PER_ITEM = 200
"""Answers per item (median) below which an implausible estimate is blamed on the log."""


def names(ids: Sequence[str]) -> str:
    """Up to five ids, quoted, in brackets, for messages."""
    return f"[{name_some(ids, limit=_MAX_NAMED)}]"


def item_models(
    model: str | Mapping[str, str] | None, summary: ResponseSummary, bank: ItemBank | None
) -> list[str]:
    """The model of every item: from ``model`` (one name or a mapping), else the bank's."""
    ids = summary.item_ids
    if bank is not None:
        missing = [i for i in ids if i not in bank]
        if missing:
            raise ResponseDataError(
                f"Items {names(missing)} in the responses are not in the bank; add them "
                "to the bank (with provisional parameters) or calibrate without a bank."
            )
    bank_models = (
        dict(zip(ids, (bank.params.models[p] for p in bank.indices_of(ids)), strict=True))
        if bank is not None
        else {}
    )
    if model is None:
        models = [bank_models.get(i, "2PL") for i in ids]
    elif isinstance(model, str):
        models = [model] * len(ids)
    elif isinstance(model, Mapping):
        unknown = [i for i in model if str(i) not in set(ids)]
        if unknown:
            raise ResponseDataError(
                f"The 'model' mapping names items {names(unknown)} that have no responses."
            )
        lacking = [i for i in ids if i not in model and i not in bank_models]
        if lacking:
            raise ResponseDataError(
                f"The 'model' mapping has no model for items {names(lacking)} (and no "
                "bank gives one); add them to the mapping."
            )
        models = [str(model.get(i, bank_models.get(i))) for i in ids]
    else:
        raise ValueError(
            f"The 'model' parameter of {_OWNER} must be a model name, a mapping of item "
            f"id to model name, or None. Got {model!r}."
        )
    bad = sorted({m for m in models if m not in MODELS})
    if bad:
        options = ", ".join(repr(m) for m in MODELS)
        raise ValueError(
            f"The 'model' parameter of {_OWNER} must name models among {options}. Got {bad}."
        )
    return models


def anchor_mask(
    anchors: Sequence[str] | None, summary: ResponseSummary, bank: ItemBank | None
) -> NDArray[np.bool_]:
    """Which items are anchors (held at the bank's parameters)."""
    mask = np.zeros(summary.n_items, dtype=bool)
    if not anchors:
        return mask
    if bank is None:
        raise ValueError(
            f"The 'anchors' parameter of {_OWNER} needs the bank holding their "
            "parameters: call fit(responses, bank=bank)."
        )
    anchors = list(anchors)
    not_in_bank = [a for a in anchors if a not in bank]
    if not_in_bank:
        raise ResponseDataError(f"Anchor items {names(not_in_bank)} are not in the bank.")
    position = {item_id: j for j, item_id in enumerate(summary.item_ids)}
    unanswered = [a for a in anchors if a not in position]
    if unanswered:
        raise ResponseDataError(
            f"Anchor items {names(unanswered)} have no responses, so they cannot link "
            "the new items to the bank's scale; remove them from anchors."
        )
    mask[[position[a] for a in anchors]] = True
    if mask.all():
        raise ResponseDataError("Every answered item is an anchor: nothing is left to calibrate.")
    return mask


def category_counts(
    summary: ResponseSummary,
    models: list[str],
    anchored: NDArray[np.bool_],
    bank: ItemBank | None,
) -> NDArray[np.int64]:
    """Number of categories of every item; refuses items that cannot be calibrated."""
    ids = summary.item_ids
    observed_max = summary.max_response()
    n_categories = observed_max + 1
    if bank is not None:
        bank_k = bank.params.n_categories[bank.indices_of(ids)]
        for j in range(summary.n_items):
            if anchored[j] or models[j] == bank.params.models[bank.index_of(ids[j])]:
                n_categories[j] = max(n_categories[j], bank_k[j])
    dichotomous = np.array([m in _DICHOTOMOUS for m in models])
    too_high = dichotomous & (observed_max > 1)
    if too_high.any():
        raise ResponseDataError(
            f"Items {names([ids[j] for j in np.flatnonzero(too_high)])} have responses "
            "above 1 but a dichotomous model; recode them to 0/1 or use model='GRM' / "
            "'GPCM' / 'PCM' for those items."
        )
    n_categories[dichotomous] = 2
    if bank is not None:
        bank_k = bank.params.n_categories[bank.indices_of(ids)]
        over = anchored & (observed_max >= bank_k)
        if over.any():
            raise ResponseDataError(
                f"Anchor items {names([ids[j] for j in np.flatnonzero(over)])} have "
                "responses above their bank's highest category."
            )
    counts = summary.counts(int(n_categories.max()))
    free = ~anchored
    observed_categories = (counts > 0).sum(axis=1)
    constant = free & (observed_categories < 2)
    if constant.any():
        raise ResponseDataError(
            f"Items {names([ids[j] for j in np.flatnonzero(constant)])} have no variance "
            "(every response in one category), so their parameters cannot be estimated; "
            "remove them or fix them as anchors."
        )
    gaps = [
        j for j in np.flatnonzero(free & ~dichotomous) if (counts[j, : n_categories[j]] == 0).any()
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


def warn_thin_learners(summary: ResponseSummary) -> None:
    """Warn (:class:`ResponseDataWarning`) about learners with fewer than two responses."""
    if summary.n_thin:
        examples = ", ".join(repr(i) for i in summary.thin_examples)
        none = summary.n_without_responses
        warnings.warn(
            f"{summary.n_thin} learner(s) answered fewer than two items (e.g. {examples}); "
            f"they are kept ({none} with no response add nothing, a single response "
            "still informs its item under marginal likelihood).",
            ResponseDataWarning,
            stacklevel=4,
        )


def family_groups(
    summary: ResponseSummary,
    models: list[str],
    n_categories: NDArray[np.int64],
    anchored: NDArray[np.bool_],
    bank: ItemBank | None,
    scale: float,
    priors_setting: Priors | str | None,
    start: ItemParams | None,
) -> list[FamilyGroup]:
    """Items grouped by (model, categories, fixed) with starting working parameters."""
    ids = summary.item_ids
    counts = summary.counts(int(n_categories.max())).astype(np.float64)
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


def start_params(
    warm_start: bool, ids: tuple[str, ...], bank: ItemBank | None, previous: Any
) -> ItemParams | None:
    """Warm-start parameters: the bank's, else a previous fit's, else None."""
    if not warm_start:
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
    return previous if isinstance(previous, ItemParams) else None


def validated_estimates(
    params: ItemParams,
    scale: float,
    item_ids: tuple[str, ...],
    summary: ResponseSummary | None = None,
) -> ItemParams:
    """The estimates as checked ItemParams; implausible ones (a diverging slope) raise.

    When the log has fewer than ``THIN_ANSWERS_PER_ITEM`` answers per item (median), the
    message says so first, with the numbers: the log, not the items, is then the cause.
    """
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
        remedy = (
            "Calibrate with priors=Priors(log_a=(0.0, 0.5)) in Python or --priors all on the "
            "command line"
        )
        per_item = (
            float(np.median(summary.category_counts.sum(axis=1))) if summary is not None else 0.0
        )
        if summary is not None and per_item < THIN_ANSWERS_PER_ITEM:
            raise ResponseDataError(
                f"{_OWNER}: the log has too few answers per item to estimate "
                f"{summary.n_items:,} items: {summary.n_learners:,} learners, a median of "
                f"{per_item:,.0f} answers per item (estimating slopes takes about "
                f"{THIN_ANSWERS_PER_ITEM} or more). {remedy}, or collect more answers.\n"
                f"The estimates are outside the plausible range ({detail})."
            ) from None
        raise ResponseDataError(
            f"{_OWNER} estimates are outside the plausible range ({detail}). Such items "
            "have no finite maximum-likelihood estimate: their responses are almost "
            f"perfectly ordered by ability, or almost all in one category. {remedy}, or "
            "review or remove those items."
        ) from None


def check_identifiable(
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
            stacklevel=4,
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
