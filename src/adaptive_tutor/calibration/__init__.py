"""Item calibration from response logs: marginal maximum likelihood with EM.

:class:`Calibrator` estimates 1PL/2PL/3PL/4PL, GRM, GPCM and PCM item parameters (also
mixed in one test) from long-format logs, learners x items matrices or pyirt-style
tuples, with priors, anchors, standard errors and a calibrated :class:`ItemBank` as
output. :func:`prepare_responses` is the validated entry point for response data.
Logs larger than memory are read in chunks or from Parquet, logs on a cluster through
Dask; :class:`CalibrationProgress` is what a ``callback`` receives during long fits.

Examples
--------
>>> import numpy as np
>>> from adaptive_tutor.calibration import Calibrator
>>> X = np.array([[0, 1, 1], [1, 1, 0], [0, 0, 1], [1, 1, 1], [0, 1, 0]] * 40, dtype=float)
>>> calibrator = Calibrator(model="1PL").fit(X)
>>> calibrator.item_params_.b.round(2).tolist()
[0.41, -1.39, -0.41]
"""

from __future__ import annotations

from adaptive_tutor.calibration._calibrator import Calibrator
from adaptive_tutor.calibration._data import (
    DUPLICATE_POLICIES,
    ResponseData,
    ResponseDataWarning,
    prepare_responses,
)
from adaptive_tutor.calibration._priors import Priors
from adaptive_tutor.calibration._progress import CalibrationProgress

__all__ = [
    "DUPLICATE_POLICIES",
    "CalibrationProgress",
    "Calibrator",
    "Priors",
    "ResponseData",
    "ResponseDataWarning",
    "prepare_responses",
]
