"""Exposure control: how a selector picks among scored candidates.

An :class:`ExposureControl` turns the criterion's scores into one item. :class:`BestItem`
(the default) takes the highest score, breaking ties at random; :class:`Randomesque`
draws among the best ``k``; :class:`SympsonHetter` walks down the ranking and administers
each item with its exposure parameter ``K_j`` (derive them with
:func:`sympson_hetter_parameters`); :class:`MaxExposureRate` skips items already given in
more than a share of sessions.

Population tallies live in an explicit :class:`ExposureCounts` object that the caller owns
and passes in (``select(..., exposure_counts=counts)``); nothing is stored in the bank.

Examples
--------
>>> import numpy as np
>>> from adaptive_tutor.context import DecisionContext
>>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
>>> bank = ItemBank.from_dict(tiny_bank_document())
>>> context = DecisionContext(bank, None)
>>> rng = np.random.default_rng(0)
>>> BestItem().choose(context, np.array([0, 1, 2]), np.array([0.1, 0.9, 0.5]), rng)
1
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from typing import Any

import numpy as np
from numpy.typing import NDArray

from adaptive_tutor._repr import settings_repr
from adaptive_tutor._validation import (
    check_int,
    check_probability,
    check_real,
    name_some,
    parameter_error,
)
from adaptive_tutor.context import DecisionContext
from adaptive_tutor.item_bank import ItemBank
from adaptive_tutor.selection._exposure_counts import ExposureCounts

__all__ = [
    "BestItem",
    "ExposureControl",
    "ExposureCounts",
    "MaxExposureRate",
    "Randomesque",
    "SympsonHetter",
    "sympson_hetter_parameters",
]

IndexArray = NDArray[np.intp]
FloatArray = NDArray[np.float64]
_TIE = 1e-12


class ExposureControl(ABC):
    """Base class: ``choose(context, candidates, scores, rng) -> bank position``.

    A control of your own gets the eligible items' bank positions with the criterion's
    scores and returns one position; any selector takes it as ``exposure=``.

    Examples
    --------
    A control that never gives the best-scoring item when another one is eligible:

    >>> import numpy as np
    >>> from adaptive_tutor import ItemBank, LearnerState, tiny_bank_document
    >>> from adaptive_tutor.selection import MaxInformation
    >>> class SecondBest(ExposureControl):
    ...     def choose(self, context, candidates, scores, rng):
    ...         ranking = candidates[np.argsort(-scores, kind="stable")]
    ...         return int(ranking[min(1, len(ranking) - 1)])
    >>> bank = ItemBank.from_dict(tiny_bank_document())
    >>> state = LearnerState.start(bank)
    >>> MaxInformation().select(bank, state, rng=0)
    'story-1'
    >>> MaxInformation(exposure=SecondBest()).select(bank, state, rng=0)
    'add-1'
    """

    @abstractmethod
    def choose(
        self,
        context: DecisionContext,
        candidates: IndexArray,
        scores: FloatArray,
        rng: np.random.Generator,
    ) -> int:
        """Pick one of ``candidates`` (bank positions) given their scores (higher = better).

        Examples
        --------
        >>> import numpy as np
        >>> from adaptive_tutor.context import DecisionContext
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> context = DecisionContext(ItemBank.from_dict(tiny_bank_document()), None)
        >>> BestItem().choose(context, np.array([2]), np.array([0.0]), np.random.default_rng(0))
        2
        """

    def __repr__(self) -> str:
        return settings_repr(self)


def _best(candidates: IndexArray, scores: FloatArray, rng: np.random.Generator) -> int:
    best = int(np.argmax(scores))
    top = scores[best]
    ties = np.flatnonzero(scores >= top - _TIE * (1.0 + abs(top)))
    if ties.shape[0] > 1:
        best = int(ties[rng.integers(ties.shape[0])])
    return int(candidates[best])


class BestItem(ExposureControl):
    """Take the highest-scoring item; ties are broken uniformly at random.

    Examples
    --------
    >>> BestItem()
    BestItem()
    """

    def choose(
        self,
        context: DecisionContext,
        candidates: IndexArray,
        scores: FloatArray,
        rng: np.random.Generator,
    ) -> int:
        """Return the best candidate.

        Parameters
        ----------
        context : DecisionContext
            The decision's bank, session key and exposure counts.
        candidates : ndarray of int
            Bank positions of the eligible items.
        scores : ndarray of float
            Their scores (higher is better), in the same order.
        rng : numpy Generator
            Randomness for ties and draws.

        Returns
        -------
        int
            The bank position of the chosen item.

        Examples
        --------
        >>> import numpy as np
        >>> from adaptive_tutor.context import DecisionContext
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> context = DecisionContext(ItemBank.from_dict(tiny_bank_document()), None)
        >>> BestItem().choose(context, np.array([0, 2]), np.array([1.0, 2.0]),
        ...                   np.random.default_rng(0))
        2
        """
        return _best(candidates, scores, rng)


class Randomesque(ExposureControl):
    """Choose uniformly among the ``k`` best items (Kingsbury and Zara, 1989).

    Parameters
    ----------
    k : int, default 5
        How many of the best items to choose among (at least 1).

    Examples
    --------
    >>> Randomesque(5).k
    5
    """

    def __init__(self, k: int = 5) -> None:
        self.k = check_int(k, "k", "Randomesque", minimum=1)

    def choose(
        self,
        context: DecisionContext,
        candidates: IndexArray,
        scores: FloatArray,
        rng: np.random.Generator,
    ) -> int:
        """Return one of the ``k`` best candidates at random.

        Parameters
        ----------
        context : DecisionContext
            The decision's bank, session key and exposure counts.
        candidates : ndarray of int
            Bank positions of the eligible items.
        scores : ndarray of float
            Their scores (higher is better), in the same order.
        rng : numpy Generator
            Randomness for ties and draws.

        Returns
        -------
        int
            The bank position of the chosen item.

        Examples
        --------
        >>> import numpy as np
        >>> from adaptive_tutor.context import DecisionContext
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> context = DecisionContext(ItemBank.from_dict(tiny_bank_document()), None)
        >>> pick = Randomesque(2).choose(context, np.array([0, 1, 2]),
        ...                              np.array([0.0, 5.0, 4.0]), np.random.default_rng(0))
        >>> pick in (1, 2)
        True
        """
        if candidates.shape[0] <= self.k:
            return int(candidates[rng.integers(candidates.shape[0])])
        top = np.argpartition(-scores, self.k - 1)[: self.k]
        return int(candidates[top[rng.integers(self.k)]])


class SympsonHetter(ExposureControl):
    """Sympson-Hetter probabilistic exposure control.

    Candidates are visited from the best down; item ``j`` passes its lottery with
    probability ``K_j`` (its exposure parameter) and the first item that passes is
    given. As in the original procedure, an item that fails its lottery stays out for the
    rest of the session: each item's lottery is drawn once per session from the context's
    ``session_key`` (the session seed). Without a session key the lottery is redrawn at
    every step (weaker control). If every candidate fails, the best one is given.

    Parameters
    ----------
    parameters : mapping of item id to float
        Exposure parameters in [0, 1]; items not listed use 1. Ids the bank does not
        have raise a ValueError at the first selection on that bank.

    Examples
    --------
    >>> SympsonHetter({"add-1": 0.5}).parameters
    {'add-1': 0.5}
    """

    def __init__(self, parameters: Mapping[str, float]) -> None:
        checked = {}
        for item_id, value in dict(parameters).items():
            checked[str(item_id)] = check_probability(
                value, f"parameters[{item_id!r}]", "SympsonHetter"
            )
        self.parameters = checked
        self._resolved: dict[str, FloatArray] = {}
        self._lottery: tuple[int, FloatArray] | None = None

    def values_for(self, bank: ItemBank) -> FloatArray:
        """The exposure parameters as an array in bank order (cached per bank).

        Parameters
        ----------
        bank : ItemBank
            The bank the parameters are used with.

        Returns
        -------
        ndarray of float
            One parameter per bank item (1 for items not given one).

        Examples
        --------
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> SympsonHetter({"add-1": 0.5}).values_for(bank).tolist()
        [1.0, 0.5, 1.0]
        """
        values = self._resolved.get(bank.fingerprint)
        if values is None:
            unknown = [item_id for item_id in self.parameters if item_id not in bank]
            if unknown:
                raise ValueError(
                    f"The 'parameters' of SympsonHetter name item ids that bank "
                    f"{bank.metadata.id!r} does not have: {name_some(unknown)}. Derive them "
                    "for this bank with sympson_hetter_parameters(bank, selector)."
                )
            values = np.array([self.parameters.get(i, 1.0) for i in bank.item_ids])
            self._resolved[bank.fingerprint] = values
        return values

    def passes(self, context: DecisionContext, rng: np.random.Generator) -> NDArray[np.bool_]:
        """Which bank items pass their lottery (fixed for a session with a session key).

        Parameters
        ----------
        context : DecisionContext
            The decision's bank and session key.
        rng : numpy Generator
            Draws the lotteries when there is no session key.

        Returns
        -------
        ndarray of bool
            One flag per bank item, in bank order.

        Examples
        --------
        >>> import numpy as np
        >>> from adaptive_tutor.context import DecisionContext
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> context = DecisionContext(ItemBank.from_dict(tiny_bank_document()), None,
        ...                           session_key=1)
        >>> SympsonHetter({"add-1": 0.0}).passes(context, np.random.default_rng(0)).tolist()
        [True, False, True]
        """
        n_items = len(context.bank)
        key = context.session_key
        lottery = self._lottery  # read once: another thread's session may replace it
        if key is None:
            draws = rng.random(n_items)
        elif lottery is not None and lottery[0] == key:
            draws = lottery[1]
        else:
            draws = np.random.default_rng([int(key), 0x5348]).random(n_items)
            self._lottery = (int(key), draws)
        return np.asarray(draws < self.values_for(context.bank))

    def choose(
        self,
        context: DecisionContext,
        candidates: IndexArray,
        scores: FloatArray,
        rng: np.random.Generator,
    ) -> int:
        """Return the best candidate that passes its exposure lottery.

        Parameters
        ----------
        context : DecisionContext
            The decision's bank, session key and exposure counts.
        candidates : ndarray of int
            Bank positions of the eligible items.
        scores : ndarray of float
            Their scores (higher is better), in the same order.
        rng : numpy Generator
            Randomness for ties and draws.

        Returns
        -------
        int
            The bank position of the chosen item.

        Examples
        --------
        >>> import numpy as np
        >>> from adaptive_tutor.context import DecisionContext
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> context = DecisionContext(ItemBank.from_dict(tiny_bank_document()), None)
        >>> SympsonHetter({"add-1": 0.0}).choose(context, np.array([0, 1]),
        ...     np.array([1.0, 2.0]), np.random.default_rng(0))
        0
        """
        chosen, _ = self._choose_traced(context, candidates, scores, rng)
        return chosen

    def _choose_traced(
        self,
        context: DecisionContext,
        candidates: IndexArray,
        scores: FloatArray,
        rng: np.random.Generator,
    ) -> tuple[int, IndexArray]:
        """Return the chosen position and the positions visited (for calibration)."""
        passing = self.passes(context, rng)[candidates]
        if not passing.any():
            return _best(candidates, scores, rng), candidates
        masked = np.where(passing, scores, -np.inf)
        chosen = _best(candidates, masked, rng)
        visited = candidates[scores >= scores[np.searchsorted(candidates, chosen)]]
        return chosen, visited


class MaxExposureRate(ExposureControl):
    """Skip items given in ``max_rate`` or more of the sessions so far, then choose.

    Needs ``exposure_counts`` in the context. If every candidate is over the rate, all
    candidates stay in play (so the pool never empties because of exposure).

    Parameters
    ----------
    max_rate : float
        Largest allowed share of sessions, in (0, 1].
    then : ExposureControl, optional
        How to choose among the remaining candidates (default :class:`BestItem`).

    Examples
    --------
    >>> MaxExposureRate(0.2).max_rate
    0.2
    """

    def __init__(self, max_rate: float, *, then: ExposureControl | None = None) -> None:
        owner = "MaxExposureRate"
        rate = check_real(max_rate, "max_rate", owner)  # a finite real number
        if not 0.0 < rate <= 1.0:
            raise parameter_error("max_rate", owner, "a float in (0, 1]", max_rate)
        self.max_rate = rate
        self.then = then if then is not None else BestItem()

    def choose(
        self,
        context: DecisionContext,
        candidates: IndexArray,
        scores: FloatArray,
        rng: np.random.Generator,
    ) -> int:
        """Choose among candidates under the exposure ceiling.

        Parameters
        ----------
        context : DecisionContext
            The decision's bank, session key and exposure counts.
        candidates : ndarray of int
            Bank positions of the eligible items.
        scores : ndarray of float
            Their scores (higher is better), in the same order.
        rng : numpy Generator
            Randomness for ties and draws.

        Returns
        -------
        int
            The bank position of the chosen item.

        Examples
        --------
        >>> import numpy as np
        >>> from adaptive_tutor.context import DecisionContext
        >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> counts = ExposureCounts(bank); counts.start_session(); counts.record(bank, "add-1")
        >>> context = DecisionContext(bank, None, exposure_counts=counts)
        >>> MaxExposureRate(0.5).choose(context, np.array([0, 1]), np.array([1.0, 2.0]),
        ...                             np.random.default_rng(0))
        0
        """
        counts: Any = context.exposure_counts
        if not isinstance(counts, ExposureCounts):
            raise ValueError(
                "MaxExposureRate needs exposure counts: pass exposure_counts=ExposureCounts(bank) "
                "to select() or to the TutoringSession."
            )
        counts.check_bank(context.bank)
        under = counts.rates()[candidates] < self.max_rate
        if under.any() and not under.all():
            candidates, scores = candidates[under], scores[under]
        return self.then.choose(context, candidates, scores, rng)


class _TracingSympsonHetter(SympsonHetter):
    """Sympson-Hetter that counts how often each item is visited (selected)."""

    def __init__(self, parameters: Mapping[str, float], visits: NDArray[np.bool_]) -> None:
        super().__init__(parameters)
        self._visits = visits

    def choose(
        self,
        context: DecisionContext,
        candidates: IndexArray,
        scores: FloatArray,
        rng: np.random.Generator,
    ) -> int:
        chosen, visited = self._choose_traced(context, candidates, scores, rng)
        self._visits[visited] = True
        return chosen


def sympson_hetter_parameters(
    bank: ItemBank,
    selector: Any,
    *,
    max_rate: float = 0.25,
    test_length: int = 10,
    n_simulees: int = 200,
    n_iterations: int = 5,
    abilities: Any = None,
    seed: Any = None,
) -> dict[str, float]:
    """Derive Sympson-Hetter exposure parameters by simulation.

    Simulees with abilities drawn from N(0, 1) (or ``abilities``) take fixed-length
    sessions with ``selector`` under the current parameters ``K``; an item's selection
    rate ``P(S)`` is the share of sessions whose lottery visited it. After each round,
    ``K_j = max_rate / P(S_j)`` where ``P(S_j) > max_rate``, else 1 (Sympson and Hetter,
    1985). Simulees answer by the bank's IRT model; the learner is the IRT
    :class:`~adaptive_tutor.learner.LearnerState` on every skill.

    Parameters
    ----------
    bank : ItemBank
        The bank of the design.
    selector : ScoringSelector
        The criterion (its own exposure control is replaced during the simulation).
    max_rate : float, default=0.25
        Target ceiling on each item's exposure rate.
    test_length : int, default=10
        Items per simulated session.
    n_simulees : int, default=200
        Simulated learners per round.
    n_iterations : int, default=5
        Rounds of adjusting the parameters.
    abilities : array-like, optional
        True abilities of the simulees (overrides ``n_simulees``).
    seed : None, int or Generator
        Seed of the simulation.

    Returns
    -------
    dict of item id to float
        Parameters below 1 (items not listed use 1); pass to :class:`SympsonHetter`.

    Examples
    --------
    >>> from adaptive_tutor.item_bank import ItemBank, tiny_bank_document
    >>> from adaptive_tutor.selection import MaxInformation
    >>> bank = ItemBank.from_dict(tiny_bank_document())
    >>> k = sympson_hetter_parameters(bank, MaxInformation(), max_rate=0.5, test_length=1,
    ...                               n_simulees=20, n_iterations=2, seed=0)
    >>> 'story-1' in k and all(0.0 < value < 1.0 for value in k.values())
    True
    """
    from adaptive_tutor._validation import check_random_state
    from adaptive_tutor.context import ResponseHistory
    from adaptive_tutor.irt import category_prob
    from adaptive_tutor.learner import LearnerState

    owner = "sympson_hetter_parameters"
    max_rate = check_real(
        max_rate, "max_rate", owner, minimum=0.0, maximum=1.0, exclusive_minimum=True
    )
    test_length = check_int(test_length, "test_length", owner, minimum=1, maximum=len(bank))
    n_iterations = check_int(n_iterations, "n_iterations", owner, minimum=1)
    rng = check_random_state(seed, owner)
    if abilities is None:
        n_simulees = check_int(n_simulees, "n_simulees", owner, minimum=1)
        theta = rng.standard_normal(n_simulees)
    else:
        theta = np.asarray(abilities, dtype=np.float64).reshape(-1)
        if theta.size == 0 or not np.all(np.isfinite(theta)):
            raise ValueError(
                f"The 'abilities' parameter of {owner} must be a non-empty array of finite "
                f"numbers. Got {abilities!r}."
            )
    params = bank.params
    item_ids = bank.item_ids
    k_values = np.ones(len(bank))
    for _ in range(n_iterations):
        selected = np.zeros(len(bank), dtype=np.int64)
        visits = np.zeros(len(bank), dtype=bool)
        current = {item_ids[i]: float(k_values[i]) for i in np.flatnonzero(k_values < 1.0)}
        tracing = selector.replace(exposure=_TracingSympsonHetter(current, visits))
        for true_theta in theta:
            visits[:] = False
            session_key = int(rng.integers(2**53))
            state = LearnerState.start(bank)
            positions: list[int] = []
            responses: list[float] = []
            for _step in range(test_length):
                history = ResponseHistory.from_arrays(positions, responses)
                context = DecisionContext(bank, state, history, session_key=session_key)
                position = tracing.select_position(context, rng)
                prob = category_prob(params.take([position]), [true_theta])[0, 0]
                response = int(rng.choice(prob.shape[0], p=prob / prob.sum()))
                state = state.update(bank, item_ids[position], response)
                positions.append(position)
                responses.append(float(response))
            selected += visits
        rate = selected / theta.shape[0]
        k_values = np.where(rate > max_rate, max_rate / np.maximum(rate, 1e-300), 1.0)
    return {item_ids[i]: float(k_values[i]) for i in np.flatnonzero(k_values < 1.0)}
