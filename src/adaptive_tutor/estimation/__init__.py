"""Ability estimators: EAP, MAP, ML and WLE, as small strategy objects.

Every estimator shares one public method, :meth:`AbilityEstimator.estimate`, which takes an
:class:`~adaptive_tutor.irt.ItemParams` and responses and returns an
:class:`AbilityEstimate`. The shape of the result mirrors the input: a 1-D response
pattern ``(n_items,)`` gives Python scalars, a 2-D batch ``(n_learners, n_items)`` gives
arrays with one entry per learner. NaN marks an item that was not administered.

Batches are scored in chunks of learners with matrix products over items and ability
nodes, so memory stays bounded whatever the number of learners.

Examples
--------
>>> import numpy as np
>>> from adaptive_tutor.irt import ItemParams
>>> from adaptive_tutor.estimation import EAP, ML
>>> params = ItemParams.dichotomous([1.0, 1.5, 2.0], [-1.0, 0.0, 1.0])
>>> estimate = EAP().estimate(params, [1, 1, 0])
>>> round(estimate.theta, 4), round(estimate.se, 4)
(0.3122, 0.6741)
>>> batch = ML().estimate(params, [[1, 1, 0], [1, 0, np.nan]])
>>> batch.theta.round(4).tolist(), batch.converged.tolist()
([0.5872, -0.6463], [True, True])
"""

from adaptive_tutor.estimation._base import AbilityEstimate, AbilityEstimator
from adaptive_tutor.estimation._eap import EAP
from adaptive_tutor.estimation._eap import MIN_QUADRATURE_POINTS as MIN_QUADRATURE_POINTS
from adaptive_tutor.estimation._mode import MAP, ML, WLE
from adaptive_tutor.irt.posterior import posterior_at_grid_edge, posterior_moments

__all__ = [
    "EAP",
    "MAP",
    "ML",
    "WLE",
    "AbilityEstimate",
    "AbilityEstimator",
    "posterior_at_grid_edge",
    "posterior_moments",
]
