"""Elo ratings for learners and items, with an uncertainty-decaying step size.

The model (Pelánek 2016, "Applications of the Elo rating system in adaptive educational
systems") is the Rasch model on the logit scale: a learner with rating ``theta`` answers an
item with rating (difficulty) ``d`` correctly with probability ``expit(theta - d)``. After an
answer with score ``s`` and expected score ``e``::

    theta += K(n_learner) * (s - e)        d -= K(n_item) * (s - e)
    K(n) = alpha / (1 + beta * n)          n = answers the learner / item had before

so new learners and new items move fast and settle as evidence accumulates.

Response-time scoring (optional, ``time_limit``): the high-speed high-stakes rule of Math
Garden (Klinkenberg, Straatemeier & van der Maas 2011; Maris & van der Maas 2012). An answer
given after ``t`` seconds with deadline ``time_limit`` scores
``s = (2 * correct - 1) * (1 - t / time_limit)`` (clipped to 0 at the deadline): fast
correct answers earn up to +1, fast wrong ones cost up to -1, slow answers count little. Its
expected value under the model is the Langevin function ``coth(z) - 1/z`` of
``z = theta - d``, and P(correct) is still ``expit(z)``, so ratings stay on the same scale.

Scale. Ratings are logits with slope 1: ``theta_irt = rating / D`` and ``b_irt = d / D`` for
a 1PL/Rasch bank with scaling constant ``D`` (1.0 logistic, 1.702 normal-ogive metric);
:func:`elo_to_irt` and :func:`irt_to_elo` convert. Chess-style Elo points use
``points = origin + rating * 400 / ln(10)`` (:func:`logit_to_elo_points`), so a 400-point gap
means odds of 10 to 1.

Cost. The pass over a log is sequential (each answer uses ratings updated by the previous
answers), so it is a Python loop over answers on plain floats and int codes: about 1 µs per
answer (about one second per million answers); everything around it is vectorised.

Examples
--------
>>> from adaptive_tutor.elo import EloRatings
>>> elo = EloRatings.from_difficulties({"q1": 0.0, "q2": 1.0})
>>> state = elo.update(elo.initial_state(), "q1", correct=True)
>>> state.rating, state.n_responses
(0.5, 1)
"""

from adaptive_tutor.elo._difficulties import estimate_item_difficulties
from adaptive_tutor.elo._model import EloRatings
from adaptive_tutor.elo._scale import (
    elo_points_to_logit,
    elo_to_irt,
    expected_score,
    irt_to_elo,
    logit_to_elo_points,
)
from adaptive_tutor.elo._state import EloState

__all__ = [
    "EloRatings",
    "EloState",
    "elo_points_to_logit",
    "elo_to_irt",
    "estimate_item_difficulties",
    "expected_score",
    "irt_to_elo",
    "logit_to_elo_points",
]
