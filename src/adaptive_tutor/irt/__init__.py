"""Item response theory maths: pure, vectorised, numerically stable.

Models: 1PL (Rasch), 2PL, 3PL, 4PL, graded response (GRM), generalized partial credit
(GPCM) and partial credit (PCM). Functions take an :class:`ItemParams` and a 1-D array of
abilities and return arrays shaped ``(n_items, n_theta[, max_categories])``.

Examples
--------
>>> import numpy as np
>>> from adaptive_tutor.irt import ItemParams, item_information
>>> params = ItemParams.dichotomous([1.0, 2.0], [0.0, 1.0])
>>> item_information(params, np.array([0.0])).round(4)
array([[0.25],
       [0.42]])
"""

from __future__ import annotations

from adaptive_tutor.irt.mixed import (
    category_log_prob,
    category_prob,
    expected_score,
    item_information,
    log_likelihood,
    test_information,
)
from adaptive_tutor.irt.params import MODELS, ItemParams, ParameterProblem, find_parameter_problems
from adaptive_tutor.irt.quadrature import QuadratureGrid, gauss_hermite, normal_grid

__all__ = [
    "MODELS",
    "ItemParams",
    "ParameterProblem",
    "QuadratureGrid",
    "category_log_prob",
    "category_prob",
    "expected_score",
    "find_parameter_problems",
    "gauss_hermite",
    "item_information",
    "log_likelihood",
    "normal_grid",
    "test_information",
]
