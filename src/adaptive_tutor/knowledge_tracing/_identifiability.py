"""When the data cannot pin BKT parameters down: the warning and the checks that raise it."""

from __future__ import annotations

import warnings

import numpy as np
import numpy.typing as npt

from adaptive_tutor._learning_log import EncodedLog
from adaptive_tutor._validation import name_some
from adaptive_tutor.knowledge_tracing._em import GUESS_SLIP_UPPER
from adaptive_tutor.knowledge_tracing._params import BKTParams

__all__ = [
    "OWNER",
    "IdentifiabilityWarning",
    "warn_degenerate",
    "warn_guess_slip",
    "warn_no_transitions",
    "warn_unidentifiable_skills",
]

OWNER = "BayesianKnowledgeTracing"
DEGENERATE_MARGIN = 1e-3


class IdentifiabilityWarning(UserWarning):
    """The data cannot pin down some BKT parameters (e.g. an all-correct skill).

    Examples
    --------
    >>> issubclass(IdentifiabilityWarning, UserWarning)
    True
    """


def warn_unidentifiable_skills(encoded: EncodedLog) -> npt.NDArray[np.intp]:
    """Warn about skills answered all right or all wrong; return their codes."""
    n_skills = len(encoded.unit_ids)
    answers = np.bincount(encoded.unit_codes, minlength=n_skills)
    correct = np.bincount(encoded.unit_codes, weights=encoded.correct, minlength=n_skills)
    flat = np.flatnonzero((correct == 0) | (correct == answers))
    if flat.size:
        names = name_some(encoded.unit_ids[i] for i in flat.tolist())
        warnings.warn(
            f"{OWNER}.fit: every answer on skill(s) {names} is correct (or every one is "
            "wrong), so prior, learn, guess and slip are not identifiable there; the fitted "
            "values only reproduce the observed rate. Collect more varied answers or fix "
            "these skills' parameters by hand (BayesianKnowledgeTracing.from_params).",
            IdentifiabilityWarning,
            stacklevel=3,
        )
    return flat


def warn_no_transitions(
    skill_ids: tuple[str, ...],
    sequence_skill: npt.NDArray[np.intp],
    lengths: npt.NDArray[np.intp],
    n_skills: int,
) -> None:
    """Warn about skills that no learner answered more than once (no transitions seen)."""
    longest = np.zeros(n_skills, dtype=np.intp)
    np.maximum.at(longest, sequence_skill, lengths)
    single = np.flatnonzero(longest == 1)
    if single.size:
        names = name_some(skill_ids[i] for i in single.tolist())
        warnings.warn(
            f"{OWNER}.fit: every learner answered skill(s) {names} only once (sequences "
            "of length one), so learn and forget cannot be estimated there and keep their "
            "starting values.",
            IdentifiabilityWarning,
            stacklevel=3,
        )


def warn_guess_slip(params: BKTParams) -> None:
    """Warn about given parameters with guess or slip at or above 0.5."""
    high = np.flatnonzero((params.guess >= 0.5) | (params.slip >= 0.5))
    if high.size:
        names = name_some(params.skill_ids[i] for i in high.tolist())
        warnings.warn(
            f"{OWNER}.from_params: skill(s) {names} have guess or slip >= 0.5, so "
            "mastered learners answer no better than unmastered ones and the mastery "
            "estimates run backwards or carry no information; use guess < 0.5 and "
            "slip < 0.5 (as fit enforces).",
            IdentifiabilityWarning,
            stacklevel=3,
        )


def warn_degenerate(params: BKTParams, *, shared: bool, skip: npt.NDArray[np.intp]) -> None:
    """Warn when guess or slip ends on its bound (skills in ``skip`` were already warned)."""
    bound = GUESS_SLIP_UPPER - DEGENERATE_MARGIN
    at_bound = (params.guess >= bound) | (params.slip >= bound)
    at_bound[skip] = False
    hit = np.flatnonzero(at_bound)
    if hit.size:
        where = (
            "the shared parameters"
            if shared
            else "skill(s) " + ", ".join(repr(params.skill_ids[i]) for i in hit[:5].tolist())
        )
        warnings.warn(
            f"{OWNER}.fit: the fit degenerated for {where}: guess or slip reached its upper "
            "bound 0.5, where mastered and unmastered learners answer alike and the model "
            "cannot tell them apart. Check the skill tagging of these items or collect more "
            "data.",
            IdentifiabilityWarning,
            stacklevel=3,
        )
