"""LearnerReport: one learner's abilities, mastery, progress and what to study next.

The frames hold the statistics with machine names and status codes; the pages (for a
teacher, for the child, for an analyst) are composed in :mod:`._learner_pages`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from adaptive_tutor._validation import check_int, name_some, parameter_error
from adaptive_tutor.estimation import EAP, AbilityEstimator
from adaptive_tutor.exceptions import ResponseDataError
from adaptive_tutor.grade_levels import grade_scale, skill_grade_scales
from adaptive_tutor.item_bank import ItemBank
from adaptive_tutor.mastery import (
    MASTERED,
    MasteryClassifier,
    MasteryEvidence,
    mastery_probabilities,
)
from adaptive_tutor.reports import svg
from adaptive_tutor.reports._charts import skills_description, status_legend
from adaptive_tutor.reports._data import response_matrix, session_ranks
from adaptive_tutor.reports._grades import grade_columns, learner_school_grade
from adaptive_tutor.reports._i18n import (
    Localizer,
    check_audience,
    check_locale,
    check_timezone,
)
from adaptive_tutor.reports._recommend import recommendation_frame
from adaptive_tutor.reports._scoring import (
    Benchmark,
    check_estimator,
    checked_log,
    confidence_z,
    effort_moderated,
    estimate_overall,
    estimate_skills,
    report_mastery,
    skill_shown_through,
    skill_statuses,
)
from adaptive_tutor.reports.page import Page
from adaptive_tutor.reports.rendering import Report, Section

__all__ = ["LearnerReport"]

OWNER = "LearnerReport"
AUDIENCES = ("teacher", "learner", "analyst")
SESSION_PRIOR_SD = 0.8  # spread of a learner's session levels around their overall level


class LearnerReport(Report):
    """Progress report for one learner, built from a response log and the item bank.

    Sections (each a tidy frame, see :attr:`frames`): ``skills`` (ability per skill with
    standard error, confidence interval, benchmark and mastery status), ``trajectory``
    (overall ability after each session), ``strengths_gaps``, ``activity`` (accuracy and
    time on task per skill) and ``recommendations`` (skills whose prerequisites are
    mastered, weakest first, with unanswered items of matching difficulty).

    Parameters
    ----------
    log : pandas.DataFrame
        Long format ``learner_id, item_id, response`` with optional ``timestamp``,
        ``session_id``, ``response_time`` (seconds). Other learners' rows are ignored.
        When an item was answered more than once the latest answer counts.
    bank : ItemBank
        The bank the items come from.
    learner_id : str
        The learner to report on; must have answers in ``log`` unless the log is empty
        (then every section says there is not enough data yet).
    audience : {"teacher", "learner", "analyst"}, default "teacher"
        Who reads the page: a teacher or case manager (plain words, grade levels, what to
        practise next; statistics folded under "technical details"), the child
        (``"learner"``: large type, counts only, progress per skill and three choices of
        what to try next) or an analyst (every statistic). Frames and JSON are the same
        for every audience.
    locale : {"en", "ko"}, optional
        Language of the page; default the bank's ``language`` (English when unsupported).
    timezone : str or tzinfo, optional
        Show dates in this time zone (e.g. ``"Asia/Seoul"``); default as recorded.
    learner_grade : float, optional
        The learner's school grade, shown beside the grade level they work at; default
        the log's ``grade`` column for this learner when it has one.
    benchmark : float or mapping of skill id to float, optional
        Ability cut per skill for the default mastery judgement; default each skill's
        grade-level benchmark (:attr:`~adaptive_tutor.item_bank.ItemBank.skill_benchmarks`).
    mastery : MasteryClassifier, optional
        The mastery judgement (:mod:`adaptive_tutor.mastery`); default
        :func:`~adaptive_tutor.mastery.default_mastery`, as in sessions. Pass the
        session's classifier to get its statuses exactly; not together with
        ``benchmark``.
    estimator : AbilityEstimator, optional
        Ability estimator; default ``EAP()``.
    confidence : float, default 0.95
        Level of the confidence intervals shown (the mastery status does not depend on
        it).
    n_recommendations : int, default 3
        Number of skills recommended.
    items_per_skill : int, default 3
        Number of concrete items suggested per recommended skill.
    title : str, optional
        Report title.

    Raises
    ------
    ResponseDataError
        If the log names items that are not in the bank, or has invalid scores.

    Examples
    --------
    >>> import pandas as pd
    >>> from adaptive_tutor.item_bank import ItemBank
    >>> from adaptive_tutor.examples import tiny_bank_document
    >>> bank = ItemBank.from_dict(tiny_bank_document())
    >>> log = pd.DataFrame({"learner_id": ["ann", "ann"], "item_id": ["count-1", "add-1"],
    ...                     "response": [1, 0]})
    >>> report = LearnerReport(log, bank, "ann")
    >>> report.to_frame()[["skill_id", "n_responses"]].values.tolist()
    [['count', 1], ['add', 1]]
    >>> "Not enough data" in report.to_text()  # the teacher's page
    False
    >>> "What to practise next" in report.to_text()
    True
    """

    def __init__(
        self,
        log: pd.DataFrame,
        bank: ItemBank,
        learner_id: Any,
        *,
        audience: str = "teacher",
        locale: str | None = None,
        timezone: Any = None,
        learner_grade: float | None = None,
        benchmark: Benchmark = None,
        mastery: MasteryClassifier | None = None,
        estimator: AbilityEstimator | None = None,
        confidence: float = 0.95,
        n_recommendations: int = 3,
        items_per_skill: int = 3,
        title: str | None = None,
    ) -> None:
        frame = checked_log(log, bank, OWNER)
        self.learner_id = _check_learner(learner_id, frame)
        self.bank = bank
        audience = check_audience(audience, AUDIENCES, OWNER)
        locale = check_locale(locale, bank.metadata.language, OWNER)
        zone = check_timezone(timezone, OWNER)
        self._loc = loc = Localizer(locale, zone)
        self._estimator = check_estimator(estimator, OWNER)
        self._z = confidence_z(confidence, OWNER)
        self._confidence = float(confidence)
        n_recommendations = check_int(n_recommendations, "n_recommendations", OWNER, minimum=1)
        items_per_skill = check_int(items_per_skill, "items_per_skill", OWNER, minimum=1)
        self._mastery = report_mastery(mastery, benchmark, bank, OWNER)
        self._cuts = self._mastery.skill_cuts(bank)
        own = frame.loc[frame["learner_id"] == self.learner_id]
        self.learner_grade = learner_school_grade(learner_grade, own, OWNER)
        self.grade_scale = grade_scale(bank)
        self.skill_scales = skill_grade_scales(bank)
        self._own = own  # every answer: practice, time on task
        # abilities and mastery leave rapid guesses out, as the session does
        evidence, n_rapid = effort_moderated(own, bank, self._mastery)

        skills = self._skills_frame(evidence)
        sections = [
            self._skills_section(skills),
            self._trajectory_section(evidence),
            self._strengths_section(skills),
            self._activity_section(own),
            self._recommendation_section(evidence, skills, n_recommendations, items_per_skill),
        ]
        theta, se, n = estimate_overall(
            bank,
            response_matrix(evidence, bank.item_ids, [self.learner_id], keep="last")[0],
            self._estimator,
        )
        overall = float(theta[0]) if n[0] else float("nan")
        overall_se = float(se[0]) if n[0] else float("nan")
        level = grade_columns(
            self.grade_scale,
            [overall],
            [overall - self._z * overall_se],
            [overall + self._z * overall_se],
        )
        summary: dict[str, object] = {
            "learner_id": self.learner_id,
            "bank": bank.metadata.title_in(locale),
            "n_answers": len(own),
            "n_rapid_guesses": n_rapid,
            "theta": overall,
            "se": overall_se,
            "grade_level": float(level["grade_level"][0]),
            "grade_lower": float(level["grade_lower"][0]),
            "grade_upper": float(level["grade_upper"][0]),
            "grade_beyond": str(level["grade_beyond"][0]),
            "n_mastered": int((skills["status"] == MASTERED).sum()),
            "n_skills": len(skills),
            "school_grade": self.learner_grade,
        }
        super().__init__(
            title=title or loc.gettext("Learner report: %(learner)s", learner=self.learner_id),
            sections=sections,
            summary=summary,
            main="skills",
            audience=audience,
            locale=locale,
            timezone=zone,
        )

    def page(self, *, generated_at: str | None = None) -> Page:
        """The page for this report's audience (see ``audience``).

        Parameters
        ----------
        generated_at : str, optional
            A stamp printed in the footer.

        Returns
        -------
        Page
            The teacher's, the learner's or the analyst's page.

        Examples
        --------
        >>> import pandas as pd
        >>> from adaptive_tutor.item_bank import ItemBank
        >>> from adaptive_tutor.examples import tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> log = pd.DataFrame({"learner_id": ["ann", "bob"], "item_id": ["count-1", "add-1"],
        ...                     "response": [1, 0]})
        >>> page = LearnerReport(log, bank, "ann", locale="ko").page()
        >>> page.lang, page.audience
        ('ko', 'teacher')
        """
        from adaptive_tutor.reports import _learner_pages

        if self.audience == "teacher":
            return _learner_pages.teacher_page(self, generated_at)
        if self.audience == "learner":
            return _learner_pages.child_page(self, generated_at)
        return super().page(generated_at=generated_at)

    # ------------------------------------------------------------------ sections
    def _skills_frame(self, own: pd.DataFrame) -> pd.DataFrame:
        bank = self.bank
        matrix, _ = response_matrix(own, bank.item_ids, [self.learner_id], keep="last")
        abilities = estimate_skills(bank, matrix, self._estimator)
        theta, se = abilities.theta[0], abilities.se[0]
        evidence = MasteryEvidence.from_matrix(matrix)
        above, neutral = mastery_probabilities(bank, evidence, self._cuts)
        p_mastery = above[0]
        self._answers_point_above = neutral[0]  # the child's progress bars read both
        lower, upper = theta - self._z * se, theta + self._z * se
        grades = [
            grade_columns(self.skill_scales[skill_id], theta[[k]], lower[[k]], upper[[k]])
            for k, skill_id in enumerate(bank.skill_ids)
        ]
        frame = pd.DataFrame(
            {
                "skill_id": list(bank.skill_ids),
                "skill": [skill.name_in(self._loc.locale) for skill in bank.skills],
                "grade": [skill.grade for skill in bank.skills],
                "n_responses": abilities.n_responses[0],
                "theta": theta,
                "se": se,
                "ci_lower": lower,
                "ci_upper": upper,
                "benchmark": self._cuts,
                "p_mastery": np.where(abilities.n_responses[0] > 0, p_mastery, np.nan),
                "status": skill_statuses(bank, matrix, self._mastery)[0],
                "shown_through": skill_shown_through(bank, matrix, self._mastery)[0],
            }
        )
        for column in ("grade_level", "grade_lower", "grade_upper", "grade_beyond"):
            frame[column] = np.concatenate([g[column] for g in grades])
        return frame

    def _skills_section(self, skills: pd.DataFrame) -> Section:
        loc = self._loc
        note = loc.gettext(
            "Ability per skill on the bank's logit scale with its standard error and "
            "%(level)s interval. Status: mastered when the answers put the skill above its "
            "grade-level benchmark, not mastered when below, undetermined when they point "
            "both ways, too few answers below %(minimum)s different items (the judgement "
            "sessions make).",
            level=loc.percent(self._confidence),
            minimum=self._mastery.min_responses,
        )
        has_data = bool((skills["n_responses"] > 0).any())
        chart = svg.interval_dots(
            skills["skill"].tolist(),
            skills["theta"].to_numpy(np.float64),
            skills["ci_lower"].to_numpy(np.float64),
            skills["ci_upper"].to_numpy(np.float64),
            title=loc.gettext("Ability per skill, interval and benchmark"),
            x_label=loc.gettext("ability (logits)"),
            reference=skills["benchmark"].to_numpy(np.float64),
            styles=skills["status"].tolist(),
            legend=status_legend(loc),
            missing_label=loc.gettext("no answers"),
            description=skills_description(skills, loc, grades=False),
        )
        return Section(
            "skills",
            loc.gettext("Ability and mastery per skill"),
            skills,
            note=note,
            charts=(chart,) if has_data else (),
            empty_message="" if has_data else loc.gettext("this learner has no answers yet."),
        )

    def _trajectory_section(self, own: pd.DataFrame) -> Section:
        columns = [
            "session",
            "session_rank",
            "end",
            "n_items",
            "theta",
            "se",
            "ci_lower",
            "ci_upper",
            "grade_level",
            "grade_lower",
            "grade_upper",
            "grade_beyond",
            "session_theta",
            "session_se",
            "session_grade_level",
            "session_grade_lower",
            "session_grade_upper",
            "session_grade_beyond",
        ]
        loc = self._loc
        title = loc.gettext("Progress over time")
        ranked = session_ranks(own)
        if ranked is None or ranked.empty:
            reason = (
                loc.gettext("this learner has no answers yet.")
                if own.empty
                else loc.gettext("the log has neither a timestamp nor a session_id column.")
            )
            return Section("trajectory", title, pd.DataFrame(columns=columns), empty_message=reason)
        bank = self.bank
        n_sessions = int(ranked["session_rank"].max())
        latest = ranked.drop_duplicates(["session_rank", "item_id"], keep="last")
        grid = np.full((n_sessions, len(bank)), np.nan)
        grid[latest["session_rank"].to_numpy() - 1, bank.indices_of(latest["item_id"])] = latest[
            "response"
        ].to_numpy()
        cumulative = pd.DataFrame(grid).ffill().to_numpy()  # latest answer so far per item
        theta, se, n = estimate_overall(bank, cumulative, self._estimator)
        sessions = ranked.groupby("session_rank", sort=True)
        labels = sessions["session"].first().to_numpy()
        end = sessions["timestamp"].max().to_numpy() if "timestamp" in ranked else None
        trajectory = pd.DataFrame(
            {
                "session": labels.astype(str),
                "session_rank": np.arange(1, n_sessions + 1),
                "end": end if end is not None else pd.NaT,
                "n_items": n,
                "theta": theta,
                "se": se,
                "ci_lower": theta - self._z * se,
                "ci_upper": theta + self._z * se,
            }
        )
        levels = grade_columns(
            self.grade_scale, theta, trajectory["ci_lower"], trajectory["ci_upper"]
        )
        for column, values in levels.items():
            trajectory[column] = values
        # each session read from its own answers, shrunk towards the learner's overall level
        overall = float(theta[-1])
        own_session = EAP(prior_mean=overall, prior_sd=SESSION_PRIOR_SD).estimate(bank.params, grid)
        session_theta = np.asarray(own_session.theta, dtype=np.float64)
        session_se = np.asarray(own_session.se, dtype=np.float64)
        trajectory["session_theta"] = session_theta
        trajectory["session_se"] = session_se
        session_levels = grade_columns(
            self.grade_scale,
            session_theta,
            session_theta - self._z * session_se,
            session_theta + self._z * session_se,
        )
        for column in ("grade_level", "grade_lower", "grade_upper", "grade_beyond"):
            trajectory[f"session_{column}"] = session_levels[column]
        ranks = trajectory["session_rank"].to_numpy(dtype=np.float64)
        ticks = list(zip(ranks.tolist(), self.session_labels(trajectory), strict=True))
        if len(ticks) > 8:
            ticks = ticks[:: int(np.ceil(len(ticks) / 8))]
        label = loc.gettext("overall ability")
        chart = svg.line_chart(
            {label: (ranks, theta)},
            bands={label: (theta - self._z * se, theta + self._z * se)},
            title=loc.gettext("Overall ability after each session"),
            x_label=loc.gettext("session"),
            y_label=loc.gettext("ability (logits)"),
            x_ticks=ticks,
            show_legend=False,
            description=loc.gettext(
                "From %(start)s after the first session to %(end)s after the latest (logits).",
                start=loc.number(float(theta[0]), 2),
                end=loc.number(float(theta[-1]), 2),
            ),
        )
        note = loc.gettext(
            "Overall ability estimated from every answer up to the end of each session (the "
            "latest answer to an item counts), with its interval. The session columns read "
            "each session from its own answers, with a prior centred on the learner's latest "
            "overall ability (SD %(sd)s): an empirical-Bayes view of change that does not "
            "lean towards the middle of the scale when a learner has few answers.",
            sd=loc.number(SESSION_PRIOR_SD, 1),
        )
        single = n_sessions < 2
        return Section(
            "trajectory",
            title,
            trajectory,
            note=note,
            charts=() if single else (chart,),
            empty_message=loc.gettext("only one session so far; progress needs two or more.")
            if single
            else "",
        )

    def session_labels(self, trajectory: pd.DataFrame) -> list[str]:
        """Each session's name for readers: its last day when timed, else its label.

        Parameters
        ----------
        trajectory : pandas.DataFrame
            The ``trajectory`` frame.

        Returns
        -------
        list of str
            One name per row of ``trajectory``.

        Examples
        --------
        >>> import pandas as pd
        >>> from adaptive_tutor.item_bank import ItemBank
        >>> from adaptive_tutor.examples import tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> log = pd.DataFrame({"learner_id": ["ann"] * 2, "item_id": ["count-1", "add-1"],
        ...                     "response": [1, 0],
        ...                     "timestamp": ["2026-09-07 10:00", "2026-09-14 10:00"]})
        >>> report = LearnerReport(log, bank, "ann")
        >>> report.session_labels(report.to_frame("trajectory"))
        ['Sep 7', 'Sep 14']
        """
        loc = self._loc
        return [
            loc.day_month(end) if pd.notna(end) else str(label)
            for end, label in zip(trajectory["end"], trajectory["session"], strict=True)
        ]

    def _strengths_section(self, skills: pd.DataFrame) -> Section:
        measured = skills.loc[skills["n_responses"] > 0].copy()
        measured["margin"] = measured["theta"] - measured["benchmark"]
        ordered = measured.sort_values(["margin", "skill_id"], ascending=[False, True])
        strengths = ordered.loc[ordered["margin"] > 0].head(3).assign(kind="strength")
        gaps = ordered.loc[ordered["margin"] < 0].iloc[::-1].head(3).assign(kind="gap")
        frame = pd.concat([strengths, gaps], ignore_index=True)[
            ["kind", "skill_id", "skill", "theta", "benchmark", "margin", "status"]
        ]
        loc = self._loc
        return Section(
            "strengths_gaps",
            loc.gettext("Strengths and gaps"),
            frame,
            note=loc.gettext("Skills furthest above (strengths) and below (gaps) their benchmark."),
            empty_message="" if len(frame) else loc.gettext("no skill has been measured yet."),
        )

    def _activity_section(self, own: pd.DataFrame) -> Section:
        bank, loc = self.bank, self._loc
        columns = ["skill_id", "skill", "n_answers", "accuracy", "minutes"]
        title = loc.gettext("Accuracy and time on task")
        if own.empty:
            return Section(
                "activity",
                title,
                pd.DataFrame(columns=columns),
                empty_message=loc.gettext("this learner has no answers yet."),
            )
        positions = bank.indices_of(own["item_id"])
        maxima = np.array([item.max_score for item in bank.items], dtype=np.float64)[positions]
        credit = own["response"].to_numpy() / maxima
        seconds = (
            pd.to_numeric(own["response_time"], errors="coerce").to_numpy(dtype=np.float64)
            if "response_time" in own.columns
            else np.full(len(own), np.nan)
        )
        membership = bank.skill_matrix[positions].astype(np.float64)  # answers x skills
        n_answers = membership.sum(axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            accuracy = np.where(n_answers > 0, credit @ membership / n_answers, np.nan)
        timed = np.isfinite(seconds)
        minutes = np.where(
            (membership[timed].sum(axis=0) > 0),
            np.where(timed, seconds, 0.0) @ membership / 60.0,
            np.nan,
        )
        frame = pd.DataFrame(
            {
                "skill_id": list(bank.skill_ids),
                "skill": [skill.name_in(loc.locale) for skill in bank.skills],
                "n_answers": n_answers.astype(np.int64),
                "accuracy": accuracy,
                "minutes": minutes,
            }
        )
        frame = frame.loc[frame["n_answers"] > 0].reset_index(drop=True)
        answers = loc.ngettext("%(n)s answer", "%(n)s answers", len(own))
        credit_text = loc.percent(float(np.mean(credit)))
        if timed.any():
            time_text = loc.minutes(float(seconds[timed].sum() / 60.0))
            note = loc.gettext(
                "%(answers)s, %(credit)s of the available credit, %(time)s on task.",
                answers=answers,
                credit=credit_text,
                time=time_text,
            )
        else:
            note = loc.gettext(
                "%(answers)s, %(credit)s of the available credit; the log has no response times.",
                answers=answers,
                credit=credit_text,
            )
        note += " " + loc.gettext("An answer to an item of several skills counts for each.")
        return Section("activity", title, frame, note=note)

    def _recommendation_section(
        self, own: pd.DataFrame, skills: pd.DataFrame, n_recommend: int, per_skill: int
    ) -> Section:
        bank = self.bank
        matrix, _ = response_matrix(own, bank.item_ids, [self.learner_id], keep="last")
        overall = (
            float(estimate_overall(bank, matrix, self._estimator)[0][0]) if len(own) else np.nan
        )
        frame = recommendation_frame(
            bank,
            own,
            skills,
            self._cuts,
            overall,
            min_responses=self._mastery.min_responses,
            n_recommend=n_recommend,
            per_skill=per_skill,
        )
        loc = self._loc
        return Section(
            "recommendations",
            loc.gettext("Recommended next study material"),
            frame,
            note=loc.gettext(
                "Skills not yet mastered whose prerequisites are mastered, weakest first, with "
                "unanswered items whose difficulty is closest to the learner's ability (or, "
                "once all were answered, items to review that did not get full credit)."
            ),
            empty_message=""
            if len(frame)
            else loc.gettext(
                "every skill is mastered, or no skill has all its prerequisites mastered yet."
            ),
        )


def _check_learner(learner_id: Any, frame: pd.DataFrame) -> str:
    """The learner id as text; it must be in a non-empty log."""
    missing = isinstance(learner_id, float | np.floating) and bool(np.isnan(learner_id))
    if learner_id is None or missing:
        raise parameter_error(
            "learner_id", OWNER, "the id (str or int) of a learner in the log", learner_id
        )
    learner = str(learner_id)
    known = pd.unique(frame["learner_id"])
    if len(known) and learner not in set(known):
        raise ResponseDataError(
            f"The response log given to {OWNER} has no answers by learner {learner!r}; "
            f"learners in the log include {name_some(sorted(known))}. Check the id, or "
            "pass the log that holds this learner's answers."
        )
    return learner
