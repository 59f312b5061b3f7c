"""What the tutor believes about one learner: a posterior over ability per skill.

:class:`LearnerState` keeps the log-posterior of ability on a fixed quadrature grid for
the whole bank (the overall scale) and for every skill. Recording a response adds the
item's log-probability curve to the overall posterior and to the posterior of each skill
the item practises, so an update costs O(grid points) whatever the history length, and
the resulting estimates equal batch :class:`~adaptive_tutor.estimation.EAP` on the same
responses (to rounding, about 1e-12).

States are immutable: :meth:`LearnerState.update` returns a new state. They round-trip
through a JSON-compatible dict (:meth:`LearnerState.to_dict`, :meth:`LearnerState.from_dict`)
that records the bank id and fingerprint, so a state is never applied to another bank.
The state does not keep the response history (the session does).

Examples
--------
>>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
>>> bank = ItemBank.from_dict(tiny_bank_document())
>>> state = LearnerState.start(bank).update(bank, "add-1", 1).update(bank, "story-1", 2)
>>> round(state.estimate().theta, 4), round(state.estimate("add").theta, 4)
(0.7953, 0.7953)
>>> state.estimate("count").n_responses
0
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from adaptive_tutor._learner_readout import PosteriorReadout
from adaptive_tutor._learner_state_dict import read_state_dict
from adaptive_tutor._validation import (
    check_choice,
    check_int,
    check_real,
    check_score,
    check_state_header,
)
from adaptive_tutor.estimation._eap import MIN_QUADRATURE_POINTS, prior_grid
from adaptive_tutor.exceptions import SessionStateError
from adaptive_tutor.irt.mixed import _check_params, _item_log_prob
from adaptive_tutor.irt.params import ItemParams
from adaptive_tutor.irt.posterior import normalise_log

if TYPE_CHECKING:
    from adaptive_tutor.item_bank import ItemBank

__all__ = ["SETTING_LIMITS", "STATE_FORMAT_VERSION", "LearnerState"]

STATE_FORMAT_VERSION = 1
"""Version of the dict produced by :meth:`LearnerState.to_dict`."""

SETTING_LIMITS = {"prior_mean": 10.0, "prior_sd": 10.0, "n_points": 401, "bound": 20.0}
"""Largest ``|prior_mean|``, ``prior_sd``, ``n_points``, ``bound`` (far beyond what logits need;
a state from outside cannot make the library allocate huge grids or overflow)."""

_FORMAT_NAME = "adaptive_tutor.LearnerState"

FloatArray = NDArray[np.float64]


def _readonly(array: FloatArray) -> FloatArray:
    array.setflags(write=False)
    return array


@dataclass(frozen=True, eq=False)
class LearnerState(PosteriorReadout):
    """Immutable per-skill and overall posterior over one learner's ability.

    Create a state with :meth:`start` (for a bank) or :meth:`new` (for bare skill ids),
    then call :meth:`update` for every response.

    Parameters
    ----------
    bank_id, bank_fingerprint : str
        Identify the item bank the state belongs to (empty for a bank-less state).
    skill_ids : tuple of str
        Skills with their own posterior, in bank order.
    nodes : ndarray of shape (n_points,)
        Ability grid.
    log_prior : ndarray of shape (n_points,)
        Normalised log prior weights on the grid.
    log_posterior : ndarray of shape (n_points,)
        Normalised log posterior on the overall scale.
    skill_log_posterior : ndarray of shape (n_skills, n_points)
        Normalised log posterior of each skill.
    n_responses : int
        Responses recorded.
    skill_n_responses : tuple of int
        Responses recorded per skill.
    prior_mean, prior_sd : float
        The normal prior on every scale.
    n_points : int
        Number of grid nodes.
    bound : float
        The grid's half-width in prior SDs.
    rule : str
        The quadrature rule (see :class:`~adaptive_tutor.estimation.EAP`).

    Examples
    --------
    >>> state = LearnerState.new(("count", "add"))
    >>> state.estimate().theta, round(state.estimate().se, 4)
    (0.0, 1.0)
    """

    bank_id: str
    bank_fingerprint: str
    skill_ids: tuple[str, ...]
    nodes: FloatArray
    log_prior: FloatArray
    log_posterior: FloatArray
    skill_log_posterior: FloatArray
    n_responses: int
    skill_n_responses: tuple[int, ...]
    prior_mean: float = 0.0
    prior_sd: float = 1.0
    n_points: int = 61
    bound: float = 6.0
    rule: str = "rectangular"

    # ------------------------------------------------------------------ creation
    @classmethod
    def new(
        cls,
        skill_ids: Sequence[str],
        *,
        prior_mean: float = 0.0,
        prior_sd: float = 1.0,
        n_points: int = 61,
        bound: float = 6.0,
        rule: str = "rectangular",
        bank_id: str = "",
        bank_fingerprint: str = "",
    ) -> LearnerState:
        """Start a learner with the prior on every skill, without a bank.

        Parameters
        ----------
        skill_ids : sequence of str
            The skills that get their own posterior.
        prior_mean, prior_sd : float
            Normal prior on every scale (``|prior_mean| <= 10``, ``0 < prior_sd <= 10``).
        n_points : int, default=61
            Number of quadrature nodes (11 to 401).
        bound : float, default=6.0
            Grid half-width in prior SDs, at most 20 (same grid as :class:`EAP`). An estimate whose
            posterior piles up at the grid edge has ``converged=False`` and issues a
            :class:`~adaptive_tutor.exceptions.ConvergenceWarning` suggesting a larger bound.
        rule : {"rectangular", "gauss-hermite"}, default="rectangular"
            Quadrature rule, as in :class:`~adaptive_tutor.estimation.EAP`.
        bank_id, bank_fingerprint : str, optional
            The bank the state is for, checked by :meth:`update` (empty: no bank).

        Returns
        -------
        LearnerState
            The prior state: no responses.

        Examples
        --------
        >>> LearnerState.new(["a", "b"], n_points=21).skill_log_posterior.shape
        (2, 21)
        """
        owner = "LearnerState"
        most = SETTING_LIMITS
        prior_mean = check_real(prior_mean, "prior_mean", owner, **_within(most["prior_mean"]))
        prior_sd = check_real(prior_sd, "prior_sd", owner, **_within(most["prior_sd"], 0.0))
        n_points = check_int(
            n_points,
            "n_points",
            owner,
            minimum=MIN_QUADRATURE_POINTS,
            maximum=int(most["n_points"]),
        )
        bound = check_real(bound, "bound", owner, **_within(most["bound"], 0.0))
        ids = tuple(str(skill) for skill in skill_ids)
        if len(set(ids)) != len(ids):
            raise ValueError(f"The 'skill_ids' parameter of LearnerState has duplicates: {ids}.")
        rule = check_choice(rule, "rule", owner, ("rectangular", "gauss-hermite"))
        grid = prior_grid(rule, n_points, bound, prior_mean, prior_sd)
        log_prior = grid.log_weights
        return cls(
            bank_id=str(bank_id),
            bank_fingerprint=str(bank_fingerprint),
            skill_ids=ids,
            nodes=_readonly(grid.nodes),
            log_prior=_readonly(log_prior),
            log_posterior=_readonly(log_prior.copy()),
            skill_log_posterior=_readonly(np.tile(log_prior, (len(ids), 1))),
            n_responses=0,
            skill_n_responses=(0,) * len(ids),
            prior_mean=prior_mean,
            prior_sd=prior_sd,
            n_points=n_points,
            bound=bound,
            rule=rule,
        )

    @classmethod
    def start(
        cls,
        bank: ItemBank,
        *,
        prior_mean: float = 0.0,
        prior_sd: float = 1.0,
        n_points: int = 61,
        bound: float = 6.0,
        rule: str = "rectangular",
    ) -> LearnerState:
        """Start a learner on ``bank`` with the prior on every skill.

        Parameters
        ----------
        bank : ItemBank
            The bank the learner practises on; its skills get their own posterior.
        prior_mean, prior_sd : float
            Normal prior on every scale.
        n_points : int, default=61
            Number of quadrature nodes.
        bound : float, default=6.0
            Grid half-width in prior SDs.
        rule : {"rectangular", "gauss-hermite"}, default="rectangular"
            Quadrature rule.

        Returns
        -------
        LearnerState
            The prior state, tied to ``bank`` by its fingerprint.

        Examples
        --------
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> LearnerState.start(bank).skill_ids
        ('count', 'add')
        """
        return cls.new(
            bank.skill_ids,
            prior_mean=prior_mean,
            prior_sd=prior_sd,
            n_points=n_points,
            bound=bound,
            rule=rule,
            bank_id=bank.metadata.id,
            bank_fingerprint=bank.fingerprint,
        )

    # ------------------------------------------------------------------ updates
    def update(
        self, bank: ItemBank, item_id: str, response: object, *, rapid_guess: bool = False
    ) -> LearnerState:
        """Return the state after the learner scored ``response`` on ``item_id``.

        Parameters
        ----------
        bank : ItemBank
            The bank this state was started on (checked by fingerprint).
        item_id : str
            The answered item.
        response : int
            Category score ``0..n_categories - 1`` of the item.
        rapid_guess : bool, default False
            Effort-moderated scoring (Wise & DeMars 2006): a rapid guess is no evidence,
            so the checked answer leaves the state as it was.

        Returns
        -------
        LearnerState
            A new state; this one is unchanged.

        Raises
        ------
        SessionStateError
            If ``bank`` is not the state's bank.
        ResponseDataError
            For an unknown item id or a response outside the item's categories.

        Examples
        --------
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> state = LearnerState.start(bank).update(bank, "count-1", 0)
        >>> state.n_responses, state.skill_n_responses
        (1, (1, 0))
        """
        if bank.fingerprint != self.bank_fingerprint:
            raise SessionStateError(
                f"This learner state belongs to item bank {self.bank_id!r} (fingerprint "
                f"{self.bank_fingerprint!r}); it cannot be updated with bank "
                f"{bank.metadata.id!r} (fingerprint {bank.fingerprint!r})."
            )
        index = bank.index_of(item_id)
        skills = bank[item_id].skills
        skill_index = [self.skill_ids.index(skill) for skill in skills]
        updated = self.update_with(bank.params, index, response, skill_index)
        return self if rapid_guess else updated  # a rapid guess is checked, not counted

    def update_with(
        self,
        params: ItemParams,
        item_index: int,
        response: object,
        skill_indices: Sequence[int] = (),
    ) -> LearnerState:
        """Bank-free core of :meth:`update`: item given by position in ``params``.

        Parameters
        ----------
        params : ItemParams
            The parameters of the items (bank order).
        item_index : int
            Position of the item in ``params``.
        response : int
            Category score of the item.
        skill_indices : sequence of int
            Positions (in :attr:`skill_ids`) of the skills the item practises.

        Returns
        -------
        LearnerState
            A new state; this one is unchanged.

        Examples
        --------
        >>> from adaptive_tutor.irt import ItemParams
        >>> params = ItemParams.dichotomous([1.0, 1.0], [0.0, 0.0])
        >>> state = LearnerState.new(["s"]).update_with(params, 0, 1, [0])
        >>> round(state.estimate().theta, 4) == round(state.estimate("s").theta, 4)
        True
        """
        params = _check_params(params, "LearnerState.update_with")
        index = check_int(
            item_index,
            "item_index",
            "LearnerState.update_with",
            minimum=0,
            maximum=params.n_items - 1,
        )
        label = f"item {params.item_ids[index]!r}" if params.item_ids else f"item at index {index}"
        score = check_score(response, int(params.n_categories[index]) - 1, label)
        skills = np.asarray(list(skill_indices), dtype=np.intp)
        if skills.size and (skills.min() < 0 or skills.max() >= len(self.skill_ids)):
            raise ValueError(
                f"The 'skill_indices' parameter of LearnerState.update_with must hold "
                f"positions in 0..{len(self.skill_ids) - 1}. Got {list(skill_indices)!r}."
            )
        curve = _item_log_prob(params, index, self.nodes)[:, score]
        overall = _readonly(normalise_log(self.log_posterior + curve))
        by_skill = self.skill_log_posterior.copy()
        counts = list(self.skill_n_responses)
        if skills.size:
            by_skill[skills] = normalise_log(by_skill[skills] + curve)
            for position in set(skills.tolist()):
                counts[position] += 1
        return LearnerState(
            bank_id=self.bank_id,
            bank_fingerprint=self.bank_fingerprint,
            skill_ids=self.skill_ids,
            nodes=self.nodes,
            log_prior=self.log_prior,
            log_posterior=overall,
            skill_log_posterior=_readonly(by_skill),
            n_responses=self.n_responses + 1,
            skill_n_responses=tuple(counts),
            prior_mean=self.prior_mean,
            prior_sd=self.prior_sd,
            n_points=self.n_points,
            bound=self.bound,
            rule=self.rule,
        )

    # ------------------------------------------------------------------ persistence
    @property
    def settings(self) -> dict[str, Any]:
        """The settings the state was started with (``LearnerState.new`` keywords).

        A state with the same settings and the same answers has the same posterior, so a
        saved session keeps only these and its history.

        Examples
        --------
        >>> LearnerState.new(["s"], n_points=21).settings["n_points"]
        21
        """
        return {
            "prior_mean": self.prior_mean,
            "prior_sd": self.prior_sd,
            "n_points": self.n_points,
            "bound": self.bound,
            "rule": self.rule,
        }

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-compatible dict (floats round-trip exactly through ``json``).

        Returns
        -------
        dict
            The state, for :meth:`from_dict`.

        Examples
        --------
        >>> data = LearnerState.new(["s"], n_points=11).to_dict()
        >>> data["version"], data["grid"]["n_points"], len(data["skills"]["s"]["log_posterior"])
        (1, 11, 11)
        """
        return {
            "format": _FORMAT_NAME,
            "version": STATE_FORMAT_VERSION,
            "bank_id": self.bank_id,
            "bank_fingerprint": self.bank_fingerprint,
            "grid": self.settings,
            "n_responses": self.n_responses,
            "log_posterior": [float(v) for v in self.log_posterior],
            "skills": {
                skill: {
                    "n_responses": count,
                    "log_posterior": [float(v) for v in self.skill_log_posterior[position]],
                }
                for position, (skill, count) in enumerate(
                    zip(self.skill_ids, self.skill_n_responses, strict=True)
                )
            },
        }

    @classmethod
    def from_dict(cls, bank: ItemBank | None, data: Mapping[str, Any]) -> LearnerState:
        """Rebuild a state from :meth:`to_dict` output, checking it fits ``bank``.

        The bank comes first, as in every call that restores or updates something of a
        bank (``TutoringSession.from_dict``, :meth:`update`).

        Parameters
        ----------
        bank : ItemBank or None
            The bank the state was started on (checked by id, fingerprint and skills);
            None only for a state made by :meth:`new` without a bank.
        data : mapping
            What :meth:`to_dict` returned (for example after a JSON round trip).

        Returns
        -------
        LearnerState
            The restored state.

        Raises
        ------
        SessionStateError
            If the dict is malformed, comes from a newer format version, or belongs to
            another bank (id, fingerprint or skills differ).

        Examples
        --------
        >>> state = LearnerState.new(["s"])
        >>> LearnerState.from_dict(None, state.to_dict()).estimate().theta == state.estimate().theta
        True
        """
        try:
            check_state_header(
                data,
                _FORMAT_NAME,
                STATE_FORMAT_VERSION,
                "Not a learner state dict",
                "Learner state",
            )
            return read_state_dict(cls, bank, data)
        except (KeyError, TypeError, ValueError) as error:
            if isinstance(error, SessionStateError):
                raise
            raise SessionStateError(f"Malformed learner state dict: {error!r}.") from None

    def __repr__(self) -> str:
        overall = self.estimate()
        return (
            f"LearnerState(bank={self.bank_id!r}, n_responses={self.n_responses}, "
            f"theta={overall.theta:.3f}, se={overall.se:.3f}, skills={len(self.skill_ids)})"
        )


def _within(most: float, floor: float | None = None) -> dict[str, Any]:
    """Bounds for check_real: ``[-most, most]``, or ``(floor, most]`` when a floor is given."""
    if floor is None:
        return {"minimum": -most, "maximum": most}
    return {"minimum": floor, "exclusive_minimum": True, "maximum": most}
