"""Words readers see for machine names: column headers, mastery statuses, summary facts.

Frames and JSON keep machine names (``theta``, ``status`` codes); pages show these labels,
translated by the report's :class:`~adaptive_tutor.reports._i18n.Localizer`. The four
teacher words map the mastery codes one to one (``mastered`` -> "secure",
``undetermined`` -> "developing", ``not_mastered`` -> "not yet", ``too_few_answers`` ->
"not enough answers yet").
"""

from __future__ import annotations

import re

from adaptive_tutor.mastery import (
    MASTERED,
    NOT_MASTERED,
    STATUSES,
    TOO_FEW_ANSWERS,
    UNDETERMINED,
)
from adaptive_tutor.reports._i18n import N_, Localizer

__all__ = [
    "CODE_WORDS",
    "COLUMN_LABELS",
    "MASTERED",
    "NOT_MASTERED",
    "STATUS_CODES",
    "STATUS_MEANINGS",
    "STATUS_WORDS",
    "TOO_FEW_ANSWERS",
    "UNDETERMINED",
    "code_word",
    "column_label",
    "status_code",
    "status_text",
]

STATUS_CODES = STATUSES

STATUS_WORDS = {
    MASTERED: N_("secure"),
    UNDETERMINED: N_("developing"),
    NOT_MASTERED: N_("not yet"),
    TOO_FEW_ANSWERS: N_("not enough answers yet"),
}
STATUS_MEANINGS = {
    MASTERED: N_("the answers show the skill at or above the level expected for its grade"),
    UNDETERMINED: N_("some answers show the skill, some do not; keep practising"),
    NOT_MASTERED: N_("the answers show the skill is below the level expected for its grade"),
    TOO_FEW_ANSWERS: N_("too few different questions answered to tell"),
}


def status_code(value: object) -> str:
    """The mastery code of a frame's ``status`` value (unknown values: too few answers).

    Parameters
    ----------
    value : str
        A status from a report frame or a session (:mod:`adaptive_tutor.mastery` codes).

    Returns
    -------
    str

    Examples
    --------
    >>> status_code("not_mastered"), status_code(None)
    ('not_mastered', 'too_few_answers')
    """
    text = str(value)
    return text if text in STATUS_CODES else TOO_FEW_ANSWERS


def status_text(code: str, shown_through: object, names: dict[str, str], loc: Localizer) -> str:
    """The status word, with "shown through <skill>" when mastery was inferred from a later skill.

    ``shown_through`` is the id of the skill whose answers showed this one (an optional
    ``shown_through`` column of the skills and mastery frames); empty or missing: none.

    Examples
    --------
    >>> loc = Localizer("en")
    >>> status_text("mastered", "add2", {"add2": "Two-digit addition"}, loc)
    'secure (shown through Two-digit addition)'
    >>> status_text("undetermined", None, {}, loc)
    'developing'
    """
    word = loc.gettext(STATUS_WORDS[status_code(code)])
    if isinstance(shown_through, str) and shown_through:
        skill = names.get(shown_through, shown_through)
        word += " " + loc.gettext("(shown through %(skill)s)", skill=skill)
    return word


# Codes that frames carry in cells (review flags, reasons, kinds) -> words on pages.
CODE_WORDS = {
    "low_discrimination": N_("low discrimination"),
    "very_easy": N_("very easy"),
    "very_hard": N_("very hard"),
    "check_fit": N_("check fit"),
    "strength": N_("strength"),
    "gap": N_("gap"),
    "not_practised": N_("not practised yet"),
    "below_benchmark": N_("below or near the benchmark"),
    "too_few_answers": N_("too few answers to decide"),
    "below_level": N_("below level"),
    "falling_behind": N_("falling behind"),
    "disengaged": N_("rapid guessing"),
    "inactive": N_("inactivity"),
    "below": N_("below"),
    "above": N_("above"),
}
CODED_COLUMNS = frozenset(
    {"status", "review", "kind", "reason", "reasons", "grade_beyond", "session_grade_beyond"}
)


def code_word(value: object, column: str, loc: Localizer) -> str | None:
    """The word for a coded cell (a status or another code), or None for other values.

    Examples
    --------
    >>> loc = Localizer("en")
    >>> code_word("not_mastered", "status", loc), code_word("very_easy", "review", loc)
    ('not yet', 'very easy')
    """
    if column not in CODED_COLUMNS:
        return None
    if isinstance(value, list | tuple) and value and all(v in CODE_WORDS for v in value):
        return ", ".join(loc.gettext(CODE_WORDS[str(v)]) for v in value)
    if not isinstance(value, str):
        return None
    if column == "status":
        return loc.gettext(STATUS_WORDS[status_code(value)])
    if value in CODE_WORDS:
        return loc.gettext(CODE_WORDS[value])
    return None


COLUMN_LABELS = {
    # people and bank
    "learner_id": N_("learner"),
    "learner": N_("learner"),
    "bank": N_("item bank"),
    "group": N_("group"),
    "skill_id": N_("skill id"),
    "skill": N_("skill"),
    "grade": N_("grade"),
    "item_id": N_("item"),
    "prompt": N_("question"),
    "kind": N_("kind"),
    "status": N_("status"),
    "shown_through": N_("shown through"),
    "reason": N_("why"),
    "reasons": N_("why"),
    "items": N_("suggested items"),
    "review": N_("review"),
    "model": N_("model"),
    "calibration": N_("calibration"),
    "option": N_("option"),
    "is_key": N_("key"),
    "favours": N_("favours"),
    # counts and time
    "n": N_("answers"),
    "n_answers": N_("answers"),
    "n_items": N_("items answered"),
    "n_responses": N_("different items answered"),
    "n_learners": N_("learners"),
    "n_reference": N_("reference group"),
    "n_focal": N_("focal group"),
    "n_chosen": N_("chosen"),
    "n_sessions": N_("sessions"),
    "session": N_("session"),
    "session_rank": N_("session number"),
    "end": N_("ended"),
    "first_week": N_("first week"),
    "last_week": N_("last week"),
    "weeks": N_("weeks"),
    "minutes": N_("minutes"),
    "accuracy": N_("share of credit"),
    "days_active": N_("days active"),
    "last_active": N_("last active"),
    "share": N_("share choosing"),
    "share_lower": N_("share, lowest 27%"),
    "share_middle": N_("share, middle"),
    "share_upper": N_("share, highest 27%"),
    "share_mastered": N_("share of skills secure"),
    "skills_not_mastered": N_("skills not yet secure"),
    "n_mastered": N_("skills secure"),
    # attention list and effort
    "n_rapid_guesses": N_("answers left out as rapid guesses"),
    "n_attention": N_("children who need attention"),
    "severity": N_("urgency"),
    "explanation": N_("why"),
    "below_range": N_("below the bank's lowest grade"),
    "below_skills": N_("earlier-grade skills not yet secure"),
    "recent_weeks": N_("recent weeks looked at"),
    "level_before": N_("grade level before"),
    "level_recent": N_("grade level recently"),
    "n_recent_timed": N_("recent timed answers"),
    "n_recent_rapid": N_("recent rapid guesses"),
    "rapid_share": N_("share of rapid guesses"),
    "days_inactive": N_("days without answers"),
    "last_answer": N_("last answer"),
    # statistics
    "theta": N_("ability (logits)"),
    "se": N_("standard error"),
    "ci_lower": N_("interval from"),
    "ci_upper": N_("interval to"),
    "benchmark": N_("benchmark (logits)"),
    "margin": N_("distance to benchmark (logits)"),
    "p_mastery": N_("probability at or above benchmark"),
    "grade_level": N_("working at grade"),
    "grade_lower": N_("grade interval from"),
    "grade_upper": N_("grade interval to"),
    "school_grade": N_("school grade"),
    "expected_grade": N_("expected grade"),
    # grade levels and sessions
    "grade_beyond": N_("beyond the bank's grades"),
    "session_theta": N_("ability in the session (logits)"),
    "session_se": N_("standard error in the session"),
    "session_grade_level": N_("grade level in the session"),
    "session_grade_lower": N_("session grade interval from"),
    "session_grade_upper": N_("session grade interval to"),
    "session_grade_beyond": N_("session beyond the bank's grades"),
    "n_start": N_("answers in the first week"),
    "n_end": N_("answers in the last week"),
    "theta_start": N_("ability at start (logits)"),
    "theta_end": N_("ability at end (logits)"),
    "se_start": N_("standard error at start"),
    "se_end": N_("standard error at end"),
    "growth": N_("change (logits)"),
    "se_growth": N_("standard error of change"),
    "growth_se": N_("standard error of change"),
    "grade_start": N_("grade level at start"),
    "grade_end": N_("grade level at end"),
    "mean_theta": N_("mean ability (logits)"),
    "sd_theta": N_("standard deviation (logits)"),
    "se_mean": N_("standard error of the mean"),
    "mean": N_("mean score"),
    "sd": N_("standard deviation"),
    "p_value": N_("p-value"),
    "point_biserial": N_("point-biserial"),
    "corrected_item_total": N_("corrected item-total"),
    "alpha_if_deleted": N_("alpha if deleted"),
    "discrimination": N_("discrimination"),
    "a": N_("slope a"),
    "b": N_("location b"),
    "c": N_("guessing c"),
    "d": N_("upper asymptote d"),
    "thresholds": N_("thresholds / steps"),
    "se_a": N_("SE of a"),
    "se_b": N_("SE of b"),
    "se_c": N_("SE of c"),
    "test_information": N_("test information"),
    "infit": N_("infit"),
    "outfit": N_("outfit"),
    "infit_t": N_("infit t"),
    "outfit_t": N_("outfit t"),
    "sx2": N_("S-X2"),
    "df": N_("degrees of freedom"),
    "alpha_mh": N_("MH odds ratio"),
    "delta_mh": N_("MH delta"),
    "se_delta": N_("SE of delta"),
    "chi_square": N_("chi-square"),
    "ets_class": N_("ETS class"),
    # summary facts
    "n_skills": N_("skills"),
    "items_analysed": N_("items analysed"),
    "complete_vectors": N_("complete response vectors"),
    "cronbach_alpha": N_("Cronbach's alpha (complete vectors)"),
    "marginal_reliability": N_("marginal reliability (model)"),
    "empirical_reliability": N_("empirical reliability (EAP)"),
    "engine": N_("engine"),
}

_GAIN = re.compile(r"^gain_last_(\d+)_sessions$")


def column_label(name: str, loc: Localizer) -> str:
    """The translated human label of a frame column (or summary key).

    Unknown names fall back to the name with spaces for underscores.

    Examples
    --------
    >>> loc = Localizer("en")
    >>> column_label("theta", loc), column_label("gain_last_3_sessions", loc)
    ('ability (logits)', 'change over the last 3 sessions (logits)')
    """
    if name in COLUMN_LABELS:
        return loc.gettext(COLUMN_LABELS[name])
    match = _GAIN.match(name)
    if match:
        return loc.gettext("change over the last %(count)s sessions (logits)", count=match.group(1))
    return name.replace("_", " ")
