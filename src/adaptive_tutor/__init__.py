"""adaptive_tutor: an adaptive-learning tutoring engine.

Estimate what each learner can do (item response theory), pick the next exercise that
fits, and report progress and gaps to teachers and case managers.

Examples
--------
>>> import adaptive_tutor
>>> adaptive_tutor.__version__
'0.1.0'
"""

from __future__ import annotations

from adaptive_tutor.exceptions import (
    AdaptiveTutorError,
    ConvergenceWarning,
    ItemBankError,
    ItemPoolExhaustedError,
    NotFittedError,
    ResponseDataError,
    SessionStateError,
)

__version__ = "0.1.0"

__all__ = [
    "AdaptiveTutorError",
    "ConvergenceWarning",
    "ItemBankError",
    "ItemPoolExhaustedError",
    "NotFittedError",
    "ResponseDataError",
    "SessionStateError",
    "__version__",
]
