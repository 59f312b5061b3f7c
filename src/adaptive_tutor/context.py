"""What a selection or stopping decision sees: the bank, the learner, the history.

Three small immutable pieces, built once per decision and passed in explicitly (never a
back-reference to a session):

- :class:`ResponseHistory`: the items already administered, in order, with scores, times.
- :class:`AbilityView`: a read-only snapshot of a learner's posterior on a grid, one row
  per skill plus the overall scale, built from the learner model by :func:`ability_view`.
- :class:`DecisionContext`: bundles them with per-bank tables (information, category
  probabilities on the grid) that are computed once per bank and grid and cached.

Examples
--------
>>> import numpy as np
>>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
>>> bank = ItemBank.from_dict(tiny_bank_document())
>>> history = ResponseHistory.from_records(bank, [("count-1", 1)])
>>> history.item_ids(bank)
('count-1',)
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
from numpy.typing import NDArray

from adaptive_tutor.irt import item_information, normal_grid
from adaptive_tutor.irt.mixed import _category_log_prob
from adaptive_tutor.irt.posterior import (
    log_weights,
    moments,
    normalised_weights,
    probability_above,
)
from adaptive_tutor.item_bank import ItemBank

__all__ = ["AbilityView", "DecisionContext", "ResponseHistory", "ability_view"]

FloatArray = NDArray[np.float64]
IndexArray = NDArray[np.intp]


# --------------------------------------------------------------------------- history
@dataclass(frozen=True, eq=False)
class ResponseHistory:
    """The items a learner has answered, in order (immutable arrays).

    Parameters
    ----------
    item_index : ndarray of int, shape (n,)
        Bank positions of the administered items.
    response : ndarray of float, shape (n,)
        Category scores (0 .. n_categories - 1).
    timestamp : ndarray of float, shape (n,)
        Seconds (e.g. since the epoch) when each answer was given; NaN when unknown.
    response_time : ndarray of float, shape (n,)
        Seconds the learner spent on each item; NaN when unknown.

    Examples
    --------
    >>> ResponseHistory.empty().n_responses
    0
    """

    item_index: IndexArray
    response: FloatArray
    timestamp: FloatArray
    response_time: FloatArray

    @classmethod
    def empty(cls) -> ResponseHistory:
        """Return a history with no responses.

        Examples
        --------
        >>> len(ResponseHistory.empty().item_index)
        0
        """
        return cls(np.empty(0, np.intp), np.empty(0), np.empty(0), np.empty(0))

    @classmethod
    def from_arrays(
        cls,
        item_index: Sequence[int] | IndexArray,
        response: Sequence[float] | FloatArray,
        timestamp: Sequence[float] | FloatArray | None = None,
        response_time: Sequence[float] | FloatArray | None = None,
    ) -> ResponseHistory:
        """Build a history from parallel sequences (trusted: positions must be valid).

        Examples
        --------
        >>> ResponseHistory.from_arrays([0, 2], [1, 0]).response.tolist()
        [1.0, 0.0]
        """
        index = np.asarray(item_index, dtype=np.intp).reshape(-1)
        n = index.shape[0]

        def column(values: Sequence[float] | FloatArray | None) -> FloatArray:
            if values is None:
                return np.full(n, np.nan)
            return np.asarray(values, dtype=np.float64).reshape(-1)

        return cls(index, column(response), column(timestamp), column(response_time))

    @classmethod
    def from_records(cls, bank: ItemBank, records: Iterable[tuple[str, float]]) -> ResponseHistory:
        """Build a history from ``(item_id, score)`` pairs; unknown ids raise.

        Raises
        ------
        ResponseDataError
            If an item id is not in the bank.

        Examples
        --------
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> ResponseHistory.from_records(bank, [("add-1", 0)]).item_index.tolist()
        [1]
        """
        pairs = list(records)
        index = bank.indices_of([item_id for item_id, _ in pairs])
        return cls.from_arrays(index, [float(score) for _, score in pairs])

    @property
    def n_responses(self) -> int:
        """Number of responses recorded.

        Examples
        --------
        >>> ResponseHistory.from_arrays([1, 2, 1], [0, 1, 1]).n_responses
        3
        """
        return int(self.item_index.shape[0])

    def item_ids(self, bank: ItemBank) -> tuple[str, ...]:
        """Return the administered item ids, in order.

        Examples
        --------
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> ResponseHistory.from_arrays([2], [1]).item_ids(bank)
        ('story-1',)
        """
        ids = bank.item_ids
        return tuple(ids[i] for i in self.item_index)


# --------------------------------------------------------------------------- ability
@dataclass(frozen=True, eq=False)
class AbilityView:
    """A read-only snapshot of a learner's ability posterior on a grid.

    Row ``s`` of :attr:`posterior` is skill ``skill_ids[s]``; the last row is the overall
    scale. Weights in each row sum to 1. Selectors and stopping rules read abilities only
    through this view, so any learner model that can produce one plugs in.

    Parameters
    ----------
    nodes : ndarray of shape (n_grid,)
        Ability grid (increasing).
    posterior : ndarray of shape (n_skills + 1, n_grid)
        Normalised posterior weights per skill, then overall.
    skill_ids : tuple of str
        Skill ids of the first ``n_skills`` rows.
    log_prior : ndarray of shape (n_grid,), optional
        Log prior weights on the grid that every row started from (a normal prior on the
        grid's quadrature rule). Needed by :meth:`borrow_strength`; without it a view
        cannot separate a skill's evidence from its prior and is used as it is.

    Examples
    --------
    >>> view = AbilityView.prior(("add",), n_points=5, bound=2.0)
    >>> view.theta.round(6).tolist(), view.posterior.shape
    ([0.0, 0.0], (2, 5))
    """

    nodes: FloatArray
    posterior: FloatArray
    skill_ids: tuple[str, ...]
    log_prior: FloatArray | None = None

    @classmethod
    def prior(
        cls, skill_ids: Sequence[str], *, n_points: int = 61, bound: float = 6.0
    ) -> AbilityView:
        """A standard-normal prior view for the given skills (and the overall scale).

        Examples
        --------
        >>> AbilityView.prior(("a", "b")).posterior.shape
        (3, 61)
        """
        grid = normal_grid(n_points, bound)
        posterior = np.tile(grid.weights, (len(skill_ids) + 1, 1))
        return cls(grid.nodes, posterior, tuple(skill_ids), np.log(grid.weights))

    @classmethod
    def from_log_posterior(
        cls,
        nodes: FloatArray,
        log_posterior: FloatArray,
        skill_ids: Sequence[str],
        log_prior: FloatArray | None = None,
    ) -> AbilityView:
        """Normalise an unnormalised log-posterior (one row per skill, then overall).

        Examples
        --------
        >>> import numpy as np
        >>> view = AbilityView.from_log_posterior(np.array([-1.0, 1.0]), np.zeros((2, 2)), ["x"])
        >>> view.posterior.tolist()
        [[0.5, 0.5], [0.5, 0.5]]
        """
        posterior = normalised_weights(np.asarray(log_posterior, dtype=np.float64))
        prior = None if log_prior is None else np.asarray(log_prior, dtype=np.float64)
        return cls(np.asarray(nodes, dtype=np.float64), posterior, tuple(skill_ids), prior)

    @cached_property
    def theta(self) -> FloatArray:
        """Posterior means (EAP) per skill, then overall.

        Examples
        --------
        >>> AbilityView.prior(("a",)).theta.shape
        (2,)
        """
        return self._moments[0]

    @cached_property
    def se(self) -> FloatArray:
        """Posterior standard deviations per skill, then overall.

        Examples
        --------
        >>> float(AbilityView.prior(("a",)).se[0].round(3))
        1.0
        """
        return self._moments[1]

    @cached_property
    def _moments(self) -> tuple[FloatArray, FloatArray]:
        return moments(self.posterior, self.nodes)

    def probability_above(self, cut: float | FloatArray) -> FloatArray:
        """Posterior probability that ability exceeds ``cut``, per skill then overall.

        Parameters
        ----------
        cut : float or ndarray of shape (n_rows,)
            One cut for every row, or one per row of :attr:`posterior` (each skill, then
            the overall scale). A grid node equal to the cut counts half.

        Examples
        --------
        >>> AbilityView.prior(("a",), n_points=5).probability_above(0.0).round(3).tolist()
        [0.5, 0.5]
        >>> import numpy as np
        >>> view = AbilityView.prior(("a",), n_points=5, bound=2.0)
        >>> view.probability_above(np.array([-1.0, 1.0])).round(3).tolist()
        [0.823, 0.177]
        """
        return probability_above(self.posterior, self.nodes, cut)

    def borrow_strength(self, between_skill_sd: float) -> AbilityView:
        """The view with each skill's prior replaced by one centred on the other skills.

        Empirical-Bayes shrinkage for predictions: a skill with few answers borrows
        strength from everything else the learner answered. Skill ``s`` keeps its own
        likelihood (its posterior divided by the prior) but is multiplied by
        ``N(m, sqrt(v + tau**2))`` instead of the prior, where ``m`` and ``v`` are the
        mean and variance of the overall posterior *without* skill ``s``'s answers (the
        overall posterior divided by skill ``s``'s likelihood, so no answer counts twice)
        and ``tau`` is ``between_skill_sd``, the spread of one learner's skill abilities
        around their overall ability. A skill nobody answered yet is predicted from the
        overall estimate; a well-practised skill is dominated by its own answers. The
        overall row is unchanged.

        Use it for choosing items only: reported skill estimates stay the skill's own
        posterior. A view with one skill or without :attr:`log_prior` is returned as is.

        Parameters
        ----------
        between_skill_sd : float
            ``tau >= 0``; 0 pins every skill to the rest's estimate, large values give
            back (nearly) flat-prior skill posteriors.

        Examples
        --------
        >>> import numpy as np
        >>> from adaptive_tutor.irt import normal_grid
        >>> grid = normal_grid(61, 6.0)
        >>> log_prior = np.log(grid.weights)
        >>> evidence = -0.5 * (grid.nodes + 1.5) ** 2 / 0.3**2  # answers put ability near -1.5
        >>> rows = np.vstack([log_prior + evidence, log_prior, log_prior + evidence])
        >>> view = AbilityView.from_log_posterior(grid.nodes, rows, ["add", "count"], log_prior)
        >>> view.theta.round(2).tolist()  # 'count' has no answers: its own mean is 0
        [-1.38, 0.0, -1.38]
        >>> view.borrow_strength(0.5).theta.round(2).tolist()  # 'count' predicted from 'add'
        [-1.4, -1.38, -1.38]
        """
        n_skills = len(self.skill_ids)
        if self.log_prior is None or n_skills < 2:
            return self
        skills = _borrowed_skill_posterior(
            self.posterior[:n_skills],
            self.posterior[n_skills],
            self.log_prior,
            self.nodes,
            float(between_skill_sd),
        )
        posterior = np.vstack([skills, self.posterior[n_skills:]])
        return AbilityView(self.nodes, posterior, self.skill_ids, self.log_prior)

    def with_overall_prior(self, mean: float, sd: float) -> AbilityView:
        """The view with the overall row's prior replaced by ``N(mean, sd)``.

        The overall row keeps its likelihood (its posterior divided by the prior the view
        started from, :attr:`log_prior`) and takes the new normal prior instead; the skill
        rows are unchanged. A placement locates a learner's overall ability this way (a
        wide prior centred on the child's school grade, see
        :class:`~adaptive_tutor.placement.Placement`), so a strong or weak child is not
        pulled towards the average child. A view without :attr:`log_prior` is returned
        as is.

        Parameters
        ----------
        mean : float
            Mean of the new prior.
        sd : float
            Its standard deviation (> 0).

        Examples
        --------
        >>> view = AbilityView.prior(("add",))
        >>> located = view.with_overall_prior(1.0, 0.5)
        >>> located.theta.round(3).tolist(), located.se.round(3).tolist()
        ([0.0, 1.0], [1.0, 0.5])
        """
        if self.log_prior is None:
            return self
        overall = _reprior(
            self.posterior[-1], self.log_prior, self.nodes, np.array(float(mean)), float(sd)
        )
        posterior = np.vstack([self.posterior[:-1], overall[None, :]])
        return AbilityView(self.nodes, posterior, self.skill_ids, self.log_prior)


def _prior_moments(log_prior: FloatArray, nodes: FloatArray) -> tuple[float, float]:
    """Mean and variance of the prior on the grid (the normal it was built from)."""
    mean, sd = moments(normalised_weights(log_prior), nodes)
    return float(mean), float(sd) ** 2


def _reprior(
    posterior: FloatArray, log_prior: FloatArray, nodes: FloatArray, mean: FloatArray, sd: float
) -> FloatArray:
    """Posterior weights (..., G) with the prior ``log_prior`` replaced by ``N(mean, sd)``.

    ``mean`` has the leading shape of ``posterior`` (one mean per row). The quadrature
    weights in ``log_prior`` stay; only the normal density changes, node by node, as in
    :func:`_borrowed_skill_posterior`. Shared by :meth:`AbilityView.with_overall_prior` and
    the simulation's lock-step engine.
    """
    prior_mean, prior_var = _prior_moments(log_prior, nodes)
    centred = nodes - np.asarray(mean, dtype=np.float64)[..., None]
    log_ratio = 0.5 * (nodes - prior_mean) ** 2 / prior_var - 0.5 * centred**2 / sd**2
    return normalised_weights(log_weights(posterior) + log_ratio)


def _borrowed_skill_posterior(
    skill_posterior: FloatArray,
    overall_posterior: FloatArray,
    log_prior: FloatArray,
    nodes: FloatArray,
    between_skill_sd: float,
) -> FloatArray:
    """Skill posteriors with the prior replaced by the leave-skill-out overall estimate.

    ``skill_posterior`` has shape (..., S, G), ``overall_posterior`` (..., G): normalised
    weights. Returns normalised weights (..., S, G). Shared by :meth:`AbilityView.
    borrow_strength` and the simulation's lock-step engine so both choose alike.
    """
    log_skill = log_weights(skill_posterior)
    log_overall = log_weights(overall_posterior)[..., None, :]
    # The prior the rows started from: its normal mean and variance (moments on the grid).
    prior_mean, prior_var = _prior_moments(log_prior, nodes)
    # Overall posterior without skill s = overall / (skill likelihood); nodes where either
    # posterior underflowed carry no usable evidence and get no weight.
    usable = np.isfinite(log_skill) & np.isfinite(log_overall)
    log_rest = np.where(usable, log_overall - np.where(usable, log_skill, 0.0) + log_prior, -np.inf)
    # Where the two posteriors share no node (extreme, contradicting evidence), the rest of
    # the learner's answers tell nothing usable: fall back to the original prior there.
    none_usable = ~usable.any(axis=-1, keepdims=True)
    log_rest = np.where(none_usable, log_prior, log_rest)
    mean, sd = moments(normalised_weights(log_rest), nodes)
    var = sd**2 + between_skill_sd**2
    # Replace the N(prior_mean, prior_var) density by N(mean, var) (node by node; the
    # quadrature weights in log_prior stay), then renormalise.
    centred = nodes - mean[..., None]
    log_ratio = 0.5 * (nodes - prior_mean) ** 2 / prior_var - 0.5 * centred**2 / var[..., None]
    return normalised_weights(log_skill + log_ratio)


def ability_view(learner: Any, bank: ItemBank) -> AbilityView:
    """Return the :class:`AbilityView` of a learner model (or the view itself).

    A learner model plugs in by having an ``ability_view(bank)`` method, as the IRT
    :class:`~adaptive_tutor.learner.LearnerState` and
    :class:`~adaptive_tutor.tracked_learner.TrackedLearner` have.

    Raises
    ------
    TypeError
        If the learner model exposes no ability posterior.

    Examples
    --------
    >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
    >>> bank = ItemBank.from_dict(tiny_bank_document())
    >>> view = AbilityView.prior(bank.skill_ids)
    >>> ability_view(view, bank) is view
    True
    """
    if isinstance(learner, AbilityView):
        return learner
    method = getattr(learner, "ability_view", None)
    view = method(bank) if callable(method) else None
    if not isinstance(view, AbilityView):
        raise TypeError(
            f"This selector or stopping rule needs an ability posterior, but the learner "
            f"model {type(learner).__name__} has none; use an IRT LearnerState, an "
            "AbilityView, or give the model an ability_view(bank) method."
        )
    return view


# --------------------------------------------------------------------------- tables
class _BankTables:
    """Per-bank arrays on one ability grid, computed lazily once and cached.

    Items are grouped by their primary (first) skill so that per-skill posterior weighting
    is one contiguous matrix-vector product per skill.
    """

    def __init__(self, bank: ItemBank, nodes: FloatArray) -> None:
        self.bank = bank
        self.nodes = nodes
        skill_position = {skill_id: s for s, skill_id in enumerate(bank.skill_ids)}
        primary = np.fromiter(
            (skill_position[item.skills[0]] for item in bank.items), dtype=np.intp, count=len(bank)
        )
        self.primary_skill = primary
        self.order = np.argsort(primary, kind="stable")
        self.inverse = np.empty_like(self.order)
        self.inverse[self.order] = np.arange(len(bank))
        counts = np.bincount(primary, minlength=len(bank.skill_ids))
        ends = np.cumsum(counts)
        self.blocks = [
            (s, int(ends[s] - counts[s]), int(ends[s])) for s in range(len(counts)) if counts[s]
        ]
        self.sorted_params = bank.params.take(self.order)

    # Tables are stored grid-major, (n_grid, n_items) with items in skill-sorted order, so
    # that weighting by a posterior is a single-threaded einsum over contiguous rows (a
    # multithreaded BLAS matrix-vector product is slower on a busy machine) and
    # interpolation reads two contiguous rows.
    @cached_property
    def information(self) -> FloatArray:
        """Fisher information, (n_grid, n_items), items skill-sorted."""
        return np.ascontiguousarray(item_information(self.sorted_params, self.nodes).T)

    @cached_property
    def _log_prob(self) -> FloatArray:
        return _category_log_prob(self.sorted_params, self.nodes)

    @cached_property
    def category_prob(self) -> FloatArray:
        """Category probabilities, (K, n_grid, n_items), items skill-sorted."""
        return np.ascontiguousarray(np.transpose(np.exp(self._log_prob), (2, 1, 0)))

    @cached_property
    def finite_log_prob(self) -> FloatArray:
        """Log category probabilities (0 for absent categories), (K, n_grid, n_items)."""
        log_p = self._log_prob
        finite = np.where(np.isfinite(log_p), log_p, 0.0)
        return np.ascontiguousarray(np.transpose(finite, (2, 1, 0)))

    @cached_property
    def success(self) -> FloatArray:
        """Expected score as a share of the maximum score, (n_grid, n_items)."""
        prob = self.category_prob
        categories = np.arange(prob.shape[0], dtype=np.float64)
        expected = np.tensordot(categories, prob, axes=(0, 0))
        max_score = (self.sorted_params.n_categories - 1).astype(np.float64)
        return np.ascontiguousarray(expected / max_score[None, :])

    @cached_property
    def matching_location(self) -> FloatArray:
        """Ability at which each item is most informative (Urry's b, 3PL-corrected)."""
        params = self.bank.params
        c = params.c
        shift = np.log((1.0 + np.sqrt(1.0 + 8.0 * c)) / 2.0) / (params.D * params.a)
        return np.asarray(params.b + shift)

    @cached_property
    def enemy_index(self) -> dict[int, IndexArray]:
        """Bank positions of each item's enemies (only items that have any)."""
        bank = self.bank
        result: dict[int, IndexArray] = {}
        for position, item_id in enumerate(bank.item_ids):
            enemies = bank.enemies_of(item_id)
            if enemies:
                result[position] = bank.indices_of(sorted(enemies))
        return result

    @cached_property
    def prerequisite_matrix(self) -> NDArray[np.bool_]:
        """(n_skills, n_skills) bool: row skill requires column skill (directly)."""
        ids = self.bank.skill_ids
        position = {skill_id: s for s, skill_id in enumerate(ids)}
        matrix = np.zeros((len(ids), len(ids)), dtype=bool)
        for s, skill in enumerate(self.bank.skills):
            for prerequisite in skill.prerequisites:
                matrix[s, position[prerequisite]] = True
        return matrix

    # ----------------------------------------------------------------- weighting
    def weighted(self, table: FloatArray, weights: FloatArray, rows: int | None) -> FloatArray:
        """``sum_g table[g, i] * weights[row(i), g]`` in bank order.

        ``rows`` None weights each item by its primary skill's row; an int uses that row
        (the overall scale) for every item. Grid points where the weights are negligible
        (below 1e-14 of their maximum) are skipped.
        """
        if rows is not None:
            return _weigh(table, weights[rows], slice(None))[self.inverse]
        out = np.empty(table.shape[1])
        for skill, start, end in self.blocks:
            out[start:end] = _weigh(table, weights[skill], slice(start, end))
        return out[self.inverse]

    def at_points(self, table: FloatArray, theta: FloatArray, rows: int | None) -> FloatArray:
        """Linear interpolation of ``table`` at each item's ability (bank order)."""
        nodes = self.nodes
        position = np.clip(np.searchsorted(nodes, theta) - 1, 0, nodes.shape[0] - 2)
        low = nodes[position]
        fraction = np.clip((theta - low) / (nodes[position + 1] - low), 0.0, 1.0)
        if rows is not None:
            g, f = position[rows], fraction[rows]
            values = table[g] * (1.0 - f) + table[g + 1] * f
            return np.asarray(values[self.inverse])
        out = np.empty(table.shape[1])
        for skill, start, end in self.blocks:
            g, f = position[skill], fraction[skill]
            out[start:end] = table[g, start:end] * (1.0 - f) + table[g + 1, start:end] * f
        return out[self.inverse]


def _weigh(table: FloatArray, weights: FloatArray, columns: slice) -> FloatArray:
    support = np.flatnonzero(weights > weights.max() * 1e-14)
    low, high = int(support[0]), int(support[-1]) + 1
    return np.asarray(np.einsum("g,gi->i", weights[low:high], table[low:high, columns]))


# Tables of the banks in use, shared by every session, selector and thread. Every read and
# write holds the lock: eviction and the weakref finalizer of a collected bank mutate the
# dict from whichever thread triggers them. The lock is re-entrant and evicted tables are
# released only after it, because releasing them may collect a bank and run its finalizer
# on this very thread. A table's arrays are computed lazily and only read afterwards, so
# two threads may at worst compute the same table twice.
_TABLES: dict[tuple[int, bytes], _BankTables] = {}
_TABLE_LIMIT = 16
_TABLES_LOCK = threading.RLock()


def _tables_for(bank: ItemBank, nodes: FloatArray) -> _BankTables:
    key = (id(bank), np.ascontiguousarray(nodes, dtype=np.float64).tobytes())
    evicted: list[_BankTables] = []
    with _TABLES_LOCK:
        tables = _TABLES.get(key)
        if tables is not None and tables.bank is bank:
            return tables
        while len(_TABLES) >= _TABLE_LIMIT:
            evicted.append(_TABLES.pop(next(iter(_TABLES))))
        tables = _BankTables(bank, np.asarray(nodes, dtype=np.float64))
        _TABLES[key] = tables
    evicted.clear()
    weakref.finalize(bank, _forget_tables, key)
    return tables


def _forget_tables(key: tuple[int, bytes]) -> None:
    """Drop the tables of a collected bank (runs before its id can be reused)."""
    with _TABLES_LOCK:
        _TABLES.pop(key, None)


# --------------------------------------------------------------------------- context
@dataclass(frozen=True, eq=False)
class DecisionContext:
    """Everything one selection or stopping decision may read (immutable).

    Parameters
    ----------
    bank : ItemBank
    learner : object
        The learner model (an IRT ``LearnerState``, an :class:`AbilityView`, or any model
        with an ``ability_view(bank)`` method).
    history : ResponseHistory
    now : float or None
        Current time in seconds (for time-based filters and budgets).
    exposure_counts : ExposureCounts or None
        Population exposure tallies, for exposure control.
    n_eligible : int or None
        Number of items the selector could still give (for :class:`BankExhausted`).
    session_key : int or None
        A number fixed for the whole session (the session seed), for randomness that must
        persist across steps, such as Sympson-Hetter lotteries.
    overall_prior : (float, float) or None
        ``(mean, sd)`` of the prior that locates the learner's overall ability for this
        decision (a placement's, see :class:`~adaptive_tutor.placement.Placement`):
        :attr:`view` then carries the overall row of
        :meth:`AbilityView.with_overall_prior`, which skills borrow strength from.
        ``None`` keeps the learner model's own prior.

    Examples
    --------
    >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
    >>> bank = ItemBank.from_dict(tiny_bank_document())
    >>> context = DecisionContext(bank, AbilityView.prior(bank.skill_ids))
    >>> context.history.n_responses, context.view.theta.shape
    (0, (3,))
    """

    bank: ItemBank
    learner: Any
    history: ResponseHistory = field(default_factory=ResponseHistory.empty)
    now: float | None = None
    exposure_counts: Any = None
    n_eligible: int | None = None
    session_key: int | None = None
    overall_prior: tuple[float, float] | None = None

    @cached_property
    def view(self) -> AbilityView:
        """The learner's :class:`AbilityView` (built on first use).

        With :attr:`overall_prior`, the overall row is located with that prior.

        Examples
        --------
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> DecisionContext(bank, AbilityView.prior(bank.skill_ids)).view.skill_ids
        ('count', 'add')
        """
        view = ability_view(self.learner, self.bank)
        if self.overall_prior is not None:
            view = view.with_overall_prior(*self.overall_prior)
        return view

    @cached_property
    def tables(self) -> _BankTables:
        """Cached per-bank tables on the learner's grid."""
        return _tables_for(self.bank, self.view.nodes)

    @cached_property
    def base_tables(self) -> _BankTables:
        """Cached per-bank tables that do not depend on the learner (default grid)."""
        try:
            nodes = self.view.nodes
        except TypeError:
            nodes = normal_grid().nodes
        return _tables_for(self.bank, nodes)

    def borrowed_view(self, between_skill_sd: float | None) -> AbilityView:
        """The view whose skill rows borrow strength from the other skills (cached).

        :meth:`AbilityView.borrow_strength` of :attr:`view`, computed once per decision
        and ``between_skill_sd``; ``None`` returns :attr:`view` itself.

        Examples
        --------
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> context = DecisionContext(bank, AbilityView.prior(bank.skill_ids))
        >>> context.borrowed_view(0.5) is context.borrowed_view(0.5)
        True
        >>> context.borrowed_view(None) is context.view
        True
        """
        if between_skill_sd is None:
            return self.view
        cache: dict[float, AbilityView] = self.__dict__.setdefault("_borrowed", {})
        key = float(between_skill_sd)
        view = cache.get(key)
        if view is None:
            view = cache[key] = self.view.borrow_strength(key)
        return view

    def with_n_eligible(self, n_eligible: int) -> DecisionContext:
        """Return a copy that knows how many items are still eligible.

        Examples
        --------
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> DecisionContext(bank, None).with_n_eligible(2).n_eligible
        2
        """
        context = DecisionContext(
            self.bank,
            self.learner,
            self.history,
            self.now,
            self.exposure_counts,
            n_eligible,
            self.session_key,
            self.overall_prior,
        )
        for name in ("view", "tables", "base_tables", "_borrowed"):
            if name in self.__dict__:
                context.__dict__[name] = self.__dict__[name]
        return context
