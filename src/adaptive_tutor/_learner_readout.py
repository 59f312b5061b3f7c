"""Reading a learner state: EAP estimates, posterior weights and the ability view.

Mixed into :class:`~adaptive_tutor.learner.LearnerState`, which owns the grid posteriors
and their updates; everything here reads them and changes nothing.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from adaptive_tutor._validation import name_some
from adaptive_tutor.context import AbilityView
from adaptive_tutor.estimation import AbilityEstimate
from adaptive_tutor.exceptions import ConvergenceWarning, SessionStateError
from adaptive_tutor.irt.posterior import posterior_at_grid_edge, posterior_moments

if TYPE_CHECKING:
    from adaptive_tutor.item_bank import ItemBank

FloatArray = NDArray[np.float64]


class PosteriorReadout:
    """Estimates and views of the grid posteriors of a learner state (overall and per skill).

    Examples
    --------
    >>> from adaptive_tutor.learner import LearnerState
    >>> state = LearnerState.new(["s"], n_points=21)
    >>> state.estimate("s").theta == state.estimate().theta, state.posterior("s").shape
    (True, (21,))
    """

    skill_ids: tuple[str, ...]
    nodes: FloatArray
    log_prior: FloatArray
    log_posterior: FloatArray
    skill_log_posterior: FloatArray
    n_responses: int
    skill_n_responses: tuple[int, ...]
    prior_mean: float
    prior_sd: float
    bound: float

    def estimate(self, skill: str | None = None) -> AbilityEstimate:
        """EAP estimate (posterior mean and SD) overall or for one skill.

        Parameters
        ----------
        skill : str, optional
            A skill of the state; the overall scale when omitted.

        Returns
        -------
        AbilityEstimate
            The posterior mean (``theta``) and SD (``se``) with the number of responses behind
            them; ``converged`` is False when the posterior piles up at the grid's edge.

        Examples
        --------
        >>> from adaptive_tutor.learner import LearnerState
        >>> state = LearnerState.new(["s"])
        >>> state.estimate("s").method
        'EAP'
        """
        if skill is None:
            log_post, count = self.log_posterior, self.n_responses
        else:
            log_post = self._skill_row(skill)
            count = self.skill_n_responses[self.skill_ids.index(skill)]
        mean, sd = posterior_moments(log_post[None, :], self.nodes)
        clipped = posterior_at_grid_edge(log_post[None, :])
        self._warn_clipped(clipped, ["overall" if skill is None else skill])
        return AbilityEstimate(float(mean[0]), float(sd[0]), "EAP", int(count), not clipped[0])

    def skill_estimates(self) -> dict[str, AbilityEstimate]:
        """EAP estimate of every skill, in :attr:`skill_ids` order.

        Returns
        -------
        dict of str to AbilityEstimate
            One estimate per skill.

        Examples
        --------
        >>> from adaptive_tutor.learner import LearnerState
        >>> sorted(LearnerState.new(["b", "a"]).skill_estimates())
        ['a', 'b']
        """
        means, sds = posterior_moments(self.skill_log_posterior, self.nodes)
        clipped = posterior_at_grid_edge(self.skill_log_posterior)
        self._warn_clipped(clipped, list(self.skill_ids))
        return {
            skill: AbilityEstimate(float(mean), float(sd), "EAP", int(count), not edge)
            for skill, mean, sd, count, edge in zip(
                self.skill_ids, means, sds, self.skill_n_responses, clipped, strict=True
            )
        }

    def _warn_clipped(self, clipped: NDArray[np.bool_], names: list[str]) -> None:
        if not clipped.any():
            return
        which = name_some([name for name, edge in zip(names, clipped, strict=True) if edge])
        warnings.warn(
            f"The LearnerState posterior of {which} piles up at the edge of the quadrature "
            f"grid (prior_mean ± bound * prior_sd = {self.prior_mean:g} ± {self.bound:g} * "
            f"{self.prior_sd:g}); the estimate is clipped by the grid and converged is "
            "False. Start the learner with a larger bound (and more n_points).",
            ConvergenceWarning,
            stacklevel=3,
        )

    def posterior(self, skill: str | None = None) -> FloatArray:
        """Posterior weights on :attr:`nodes` (summing to 1), overall or for one skill.

        Parameters
        ----------
        skill : str, optional
            A skill of the state; the overall scale when omitted.

        Returns
        -------
        ndarray of shape (n_points,)
            The posterior weights.

        Examples
        --------
        >>> from adaptive_tutor.learner import LearnerState
        >>> round(float(LearnerState.new(["s"]).posterior("s").sum()), 12)
        1.0
        """
        log_post = self.log_posterior if skill is None else self._skill_row(skill)
        weights: FloatArray = np.exp(log_post)
        return weights

    def ability_view(self, bank: ItemBank) -> AbilityView:
        """The posterior of every skill, then overall, for selectors and stopping rules.

        Parameters
        ----------
        bank : ItemBank
            The bank the view is for: its skills must be the state's skills, in the same
            order (the rows of the view follow them).

        Returns
        -------
        AbilityView
            Normalised weights on :attr:`nodes`, one row per skill then the overall scale,
            with :attr:`log_prior` (so skills can borrow strength from each other).

        Raises
        ------
        SessionStateError
            If the bank's skills are not the state's skills.

        Examples
        --------
        >>> from adaptive_tutor import ItemBank, LearnerState, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> view = LearnerState.start(bank).update(bank, "add-1", 1).ability_view(bank)
        >>> view.skill_ids, view.theta.round(3).tolist()
        (('count', 'add'), [0.0, 0.331, 0.331])
        """
        if tuple(bank.skill_ids) != self.skill_ids:
            raise SessionStateError(
                f"This learner state tracks skills {list(self.skill_ids)} but bank "
                f"{bank.metadata.id!r} has skills {list(bank.skill_ids)}."
            )
        rows = np.vstack([self.skill_log_posterior, self.log_posterior[None, :]])
        return AbilityView.from_log_posterior(self.nodes, rows, self.skill_ids, self.log_prior)

    def _skill_row(self, skill: str) -> FloatArray:
        if skill not in self.skill_ids:
            raise ValueError(
                f"Unknown skill {skill!r}; this learner state tracks {list(self.skill_ids)}."
            )
        row: FloatArray = self.skill_log_posterior[self.skill_ids.index(skill)]
        return row
