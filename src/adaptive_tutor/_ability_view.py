"""A read-only snapshot of a learner's ability posterior on a grid, per skill and overall.

:class:`AbilityView` is what selectors and stopping rules read about a learner; any learner
model provides one through an ``ability_view(bank)`` method (:func:`ability_view`). Skills
can borrow strength from the learner's other answers (:meth:`AbilityView.borrow_strength`)
and the overall row can be re-located with another prior
(:meth:`AbilityView.with_overall_prior`); the simulation's lock-step engine calls the same
functions (:func:`reprior`, :func:`borrowed_skill_posterior`) so both choose alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
from numpy.typing import NDArray

from adaptive_tutor.irt import normal_grid
from adaptive_tutor.irt.posterior import (
    log_weights,
    moments,
    normalised_weights,
    probability_above,
)
from adaptive_tutor.item_bank import ItemBank

__all__ = ["AbilityView", "ability_view", "borrowed_skill_posterior", "reprior"]

FloatArray = NDArray[np.float64]


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

        Parameters
        ----------
        skill_ids : sequence of str
            The skills (one row each, then the overall scale).
        n_points : int, default 61
            Number of grid nodes.
        bound : float, default 6.0
            Half-width of the grid in standard deviations.

        Returns
        -------
        AbilityView
            Every row the standard-normal prior on the grid.

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

        Parameters
        ----------
        nodes : ndarray of shape (n_grid,)
            Ability grid (increasing).
        log_posterior : ndarray of shape (n_skills + 1, n_grid)
            Unnormalised log posterior per skill, then overall.
        skill_ids : sequence of str
            Skill ids of the first ``n_skills`` rows.
        log_prior : ndarray of shape (n_grid,), optional
            Log prior weights every row started from (see :class:`AbilityView`).

        Returns
        -------
        AbilityView
            The view with every row normalised.

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

        Returns
        -------
        ndarray of shape (n_rows,)
            P(ability > cut) per skill, then overall.

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

        Returns
        -------
        AbilityView
            A new view; this one is unchanged.

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
        skills = borrowed_skill_posterior(
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

        Returns
        -------
        AbilityView
            A new view; this one is unchanged.

        Examples
        --------
        >>> view = AbilityView.prior(("add",))
        >>> located = view.with_overall_prior(1.0, 0.5)
        >>> located.theta.round(3).tolist(), located.se.round(3).tolist()
        ([0.0, 1.0], [1.0, 0.5])
        """
        if self.log_prior is None:
            return self
        overall = reprior(
            self.posterior[-1], self.log_prior, self.nodes, np.array(float(mean)), float(sd)
        )
        posterior = np.vstack([self.posterior[:-1], overall[None, :]])
        return AbilityView(self.nodes, posterior, self.skill_ids, self.log_prior)


def _prior_moments(log_prior: FloatArray, nodes: FloatArray) -> tuple[float, float]:
    """Mean and variance of the prior on the grid (the normal it was built from)."""
    mean, sd = moments(normalised_weights(log_prior), nodes)
    return float(mean), float(sd) ** 2


def reprior(
    posterior: FloatArray, log_prior: FloatArray, nodes: FloatArray, mean: FloatArray, sd: float
) -> FloatArray:
    """Posterior weights (..., G) with the prior ``log_prior`` replaced by ``N(mean, sd)``.

    ``mean`` has the leading shape of ``posterior`` (one mean per row). The quadrature
    weights in ``log_prior`` stay; only the normal density changes, node by node, as in
    :func:`borrowed_skill_posterior`. Shared by :meth:`AbilityView.with_overall_prior` and
    the simulation's lock-step engine.
    """
    prior_mean, prior_var = _prior_moments(log_prior, nodes)
    centred = nodes - np.asarray(mean, dtype=np.float64)[..., None]
    log_ratio = 0.5 * (nodes - prior_mean) ** 2 / prior_var - 0.5 * centred**2 / sd**2
    return normalised_weights(log_weights(posterior) + log_ratio)


def borrowed_skill_posterior(
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

    Parameters
    ----------
    learner : object
        An :class:`AbilityView`, or a learner model with an ``ability_view(bank)`` method.
    bank : ItemBank
        The bank the view is for.

    Returns
    -------
    AbilityView
        The learner's view (``learner`` itself when it is one).

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
