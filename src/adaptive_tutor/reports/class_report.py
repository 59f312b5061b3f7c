"""ClassReport: who needs attention, abilities, mastery, growth and subgroups of a group.

The frames hold the statistics with machine names and status codes; the teacher's page is
composed in :mod:`._class_page`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from adaptive_tutor._validation import parameter_error
from adaptive_tutor.estimation import AbilityEstimator
from adaptive_tutor.grade_levels import grade_scale
from adaptive_tutor.item_bank import ItemBank
from adaptive_tutor.mastery import (
    MASTERED,
    MasteryClassifier,
    MasteryEvidence,
    mastery_probability,
)
from adaptive_tutor.reports import svg
from adaptive_tutor.reports._data import learner_groups, response_matrix
from adaptive_tutor.reports._grades import grade_columns, school_grades
from adaptive_tutor.reports._growth import GROWTH_COLUMNS, WeeklyGrowth, weekly_growth
from adaptive_tutor.reports._i18n import (
    N_,
    Localizer,
    check_audience,
    check_locale,
    check_timezone,
)
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

__all__ = ["ClassReport"]

OWNER = "ClassReport"
_REASON_NAMES = {
    "below_level": N_("below level"),
    "falling_behind": N_("falling behind"),
    "disengaged": N_("rapid guessing"),
    "inactive": N_("inactivity"),
}
AUDIENCES = ("teacher", "analyst")


class ClassReport(Report):
    """Report on a group of learners (a class, a programme cohort) from a response log.

    Sections: ``attention`` (the children who need attention and why, most urgent first:
    :func:`~adaptive_tutor.attention.attention_list`, also :attr:`attention`),
    ``abilities`` (overall ability per learner, histogram), ``mastery`` (tidy learner x
    skill ability, mastery probability and status, heatmap), ``growth`` (each learner's
    change from their own first week of answers to their last) and ``subgroups``
    (comparison across a grouping variable).

    Parameters
    ----------
    log : pandas.DataFrame
        Long format ``learner_id, item_id, response`` with optional ``timestamp``,
        ``session_id``. The latest answer to an item counts.
    bank : ItemBank
        The bank the items come from.
    audience : {"teacher", "analyst"}, default "teacher"
        Who reads the page: a teacher or case manager (who needs attention and why, a
        compact learner x skill grid, spread and growth in plain words; statistics folded
        under "technical details") or an analyst (every statistic).
    locale : {"en", "ko"}, optional
        Language of the page; default the bank's ``language``.
    timezone : str or tzinfo, optional
        Show dates (and count days and weeks) in this time zone; default as recorded.
    groups : pandas.Series or str, optional
        Subgroup of each learner: a Series indexed by learner id, or the name of a log
        column (its first value per learner is used).
    benchmark : float or mapping of skill id to float, optional
        Ability cut per skill for the default mastery judgement (see
        :class:`LearnerReport`).
    mastery : MasteryClassifier, optional
        The mastery judgement; default :func:`~adaptive_tutor.mastery.default_mastery`,
        as in sessions; not together with ``benchmark``.
    growth_between : (date-like, date-like), optional
        Only answers from the first through the last of these days count for growth;
        default the whole log. Within it each learner's own first and last weeks of
        answers are compared; learners who answered in one week only are counted and
        left out.
    learner_grades : mapping of learner id to grade, optional
        School grade of each child, for the attention list's ``below_level`` and shown
        beside the grade level each works at (a ``grade`` column of the log works too).
    attention : mapping, optional
        Further settings of :func:`~adaptive_tutor.attention.attention_list` (thresholds,
        ``now``, ``rapid_guess``, ...).
    estimator : AbilityEstimator, optional
        Default ``EAP()``.
    confidence : float, default 0.95
        Level of the intervals shown (mastery does not depend on it).
    title : str, optional
        Report title.

    Examples
    --------
    >>> import pandas as pd
    >>> from adaptive_tutor.item_bank import ItemBank
    >>> from adaptive_tutor.examples import tiny_bank_document
    >>> bank = ItemBank.from_dict(tiny_bank_document())
    >>> log = pd.DataFrame({"learner_id": ["ann", "ann", "bob"],
    ...                     "item_id": ["count-1", "add-1", "add-1"], "response": [1, 1, 0]})
    >>> report = ClassReport(log, bank)
    >>> report.to_frame()["learner_id"].tolist()
    ['ann', 'bob']
    """

    def __init__(
        self,
        log: pd.DataFrame,
        bank: ItemBank,
        *,
        audience: str = "teacher",
        locale: str | None = None,
        timezone: Any = None,
        groups: pd.Series | str | None = None,
        benchmark: Benchmark = None,
        mastery: MasteryClassifier | None = None,
        growth_between: tuple[Any, Any] | None = None,
        learner_grades: Mapping[Any, float] | None = None,
        attention: Mapping[str, Any] | None = None,
        estimator: AbilityEstimator | None = None,
        confidence: float = 0.95,
        title: str | None = None,
    ) -> None:
        frame = checked_log(log, bank, OWNER)
        self.bank = bank
        audience = check_audience(audience, AUDIENCES, OWNER)
        locale = check_locale(locale, bank.metadata.language, OWNER)
        zone = check_timezone(timezone, OWNER)
        self._loc = loc = Localizer(locale, zone)
        self._estimator = check_estimator(estimator, OWNER)
        self._z = confidence_z(confidence, OWNER)
        self._mastery = report_mastery(mastery, benchmark, bank, OWNER)
        self._cuts = self._mastery.skill_cuts(bank)
        if attention is not None and not isinstance(attention, Mapping):
            raise parameter_error(
                "attention", OWNER, "a mapping of attention_list settings", attention
            )
        from adaptive_tutor.attention import attention_list  # it reads logs like a report

        settings = {"effort_moderated": self._mastery.rapid_guess is not None}
        flagged = attention_list(
            frame,
            bank,
            learner_grades=learner_grades,
            mastery=self._mastery,
            **(settings | dict(attention or {})),
        )
        self._frame = frame  # every answer: activity
        # abilities, mastery and growth leave rapid guesses out, as sessions do
        self._evidence, n_rapid = effort_moderated(frame, bank, self._mastery)
        self.learners = [str(x) for x in pd.unique(frame["learner_id"])]
        labels = self._group_labels(frame, groups)
        self.grade_scale = grade_scale(bank)

        matrix, _ = response_matrix(self._evidence, bank.item_ids, self.learners, keep="last")
        theta, se, n = estimate_overall(bank, matrix, self._estimator)
        abilities = pd.DataFrame(
            {"learner_id": self.learners, "group": labels, "n_items": n, "theta": theta, "se": se}
        )
        levels = grade_columns(self.grade_scale, theta, theta - self._z * se, theta + self._z * se)
        for column, values in levels.items():
            abilities[column] = values
        abilities["school_grade"] = school_grades(frame, self.learners, learner_grades, OWNER)
        mastery_frame = self._mastery_frame(matrix)
        growth = self._growth_frame(growth_between)
        sections = [
            self._attention_section(frame, flagged),
            self._abilities_section(abilities),
            self._mastery_section(mastery_frame),
            growth,
            self._subgroup_section(abilities, mastery_frame, labels, groups is not None),
        ]
        summary: dict[str, object] = {
            "n_learners": len(self.learners),
            "n_answers": len(frame),
            "bank": bank.metadata.title_in(locale),
            "mean_theta": float(np.mean(theta)) if len(theta) else float("nan"),
            "n_attention": len(flagged),
            "n_rapid_guesses": n_rapid,
        }
        super().__init__(
            title=title
            or loc.gettext("Class report: %(bank)s", bank=bank.metadata.title_in(locale)),
            sections=sections,
            summary=summary,
            main="abilities",
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
            The teacher's or the analyst's page.

        Examples
        --------
        >>> import pandas as pd
        >>> from adaptive_tutor.item_bank import ItemBank
        >>> from adaptive_tutor.examples import tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> log = pd.DataFrame({"learner_id": ["ann", "bob"], "item_id": ["count-1", "add-1"],
        ...                     "response": [1, 0]})
        >>> page = ClassReport(log, bank, locale="ko").page()
        >>> page.lang, page.audience
        ('ko', 'teacher')
        """
        if self.audience == "teacher":
            from adaptive_tutor.reports._class_page import teacher_page

            return teacher_page(self, generated_at)
        return super().page(generated_at=generated_at)

    @property
    def attention(self) -> pd.DataFrame:
        """The children who need attention and why (the ``attention`` section's frame).

        Examples
        --------
        >>> import pandas as pd
        >>> from adaptive_tutor.item_bank import ItemBank
        >>> from adaptive_tutor.examples import tiny_bank_document
        >>> bank = ItemBank.from_dict(tiny_bank_document())
        >>> log = pd.DataFrame({"learner_id": ["ann"], "item_id": ["add-1"], "response": [1]})
        >>> ClassReport(log, bank).attention.columns[:4].tolist()
        ['learner_id', 'reasons', 'severity', 'explanation']
        """
        return self.to_frame("attention")

    # ------------------------------------------------------------------ inputs
    def _group_labels(self, frame: pd.DataFrame, groups: pd.Series | str | None) -> list[str]:
        if groups is None:
            return ["all"] * len(self.learners)
        values = learner_groups(frame, groups, self.learners, OWNER)
        missing = self._loc.gettext("(missing)")
        return [missing if pd.isna(v) else str(v) for v in values]

    # ------------------------------------------------------------------ sections
    def _abilities_section(self, abilities: pd.DataFrame) -> Section:
        loc = self._loc
        chart = svg.histogram(
            abilities["theta"].to_numpy(),
            title=loc.gettext("Distribution of overall ability"),
            x_label=loc.gettext("ability (logits)"),
            y_label=loc.gettext("learners"),
        )
        return Section(
            "abilities",
            loc.gettext("Ability distribution"),
            abilities,
            note=loc.gettext("Overall ability (EAP on every item) with its standard error."),
            charts=(chart,) if len(abilities) else (),
            empty_message="" if len(abilities) else loc.gettext("the log has no answers."),
        )

    def _mastery_frame(self, matrix: np.ndarray) -> pd.DataFrame:
        bank = self.bank
        skills = estimate_skills(bank, matrix, self._estimator)
        n_learners, n_skills = skills.theta.shape
        cuts = np.tile(self._cuts, (n_learners, 1))
        status = skill_statuses(bank, matrix, self._mastery)
        p_mastery = mastery_probability(bank, MasteryEvidence.from_matrix(matrix), self._cuts)
        return pd.DataFrame(
            {
                "learner_id": np.repeat(self.learners, n_skills),
                "skill_id": np.tile(bank.skill_ids, n_learners),
                "n_responses": skills.n_responses.ravel(),
                "theta": skills.theta.ravel(),
                "se": skills.se.ravel(),
                "benchmark": cuts.ravel(),
                "p_mastery": np.where(skills.n_responses > 0, p_mastery, np.nan).ravel(),
                "status": status.ravel(),
                "shown_through": skill_shown_through(bank, matrix, self._mastery).ravel(),
            }
        )

    def _mastery_section(self, mastery: pd.DataFrame) -> Section:
        bank, loc = self.bank, self._loc
        grid = mastery["p_mastery"].to_numpy().reshape(len(self.learners), len(bank.skill_ids))
        chart = svg.heatmap(
            self.learners,
            [skill.name_in(loc.locale) for skill in bank.skills],
            grid,
            title=loc.gettext("Probability of mastery (learners x skills)"),
            missing_label=loc.gettext("no answers"),
        )
        return Section(
            "mastery",
            loc.gettext("Mastery per learner and skill"),
            mastery,
            note=loc.gettext(
                "The probability that the ability is above the skill's benchmark (grey: no "
                "answers on the skill). Status: the judgement sessions make."
            ),
            charts=(chart,) if len(mastery) else (),
            empty_message="" if len(mastery) else loc.gettext("the log has no answers."),
        )

    def _attention_section(self, frame: pd.DataFrame, attention: pd.DataFrame) -> Section:
        loc = self._loc
        note = loc.gettext(
            "Children who need help, most urgent first: below the level expected for their "
            "grade, falling behind over their own recent weeks, answering too fast to have "
            "read the questions, or not practising lately."
        )
        not_checked = attention.attrs.get("not_checked", {})
        if not_checked:
            note += " " + loc.gettext(
                "Not checked (the log lacks what they need): %(reasons)s.",
                reasons=", ".join(loc.gettext(_REASON_NAMES[r]) for r in sorted(not_checked)),
            )
        return Section(
            "attention",
            loc.gettext("Learners who need attention"),
            attention,
            note=note,
            empty_message=""
            if len(attention)
            else (
                loc.gettext("the log has no answers.")
                if frame.empty
                else loc.gettext("No child meets a rule for attention right now.")
            ),
        )

    def _growth_frame(self, between: tuple[Any, Any] | None) -> Section:
        loc = self._loc
        title = loc.gettext("Growth from each learner's first week to their last")
        frame = self._evidence
        self.growth_counts = WeeklyGrowth(pd.DataFrame(columns=GROWTH_COLUMNS), 0, 0)
        if "timestamp" not in frame.columns or frame.empty:
            return Section(
                "growth",
                title,
                pd.DataFrame(columns=GROWTH_COLUMNS),
                empty_message=loc.gettext("the log has no timestamp column."),
            )
        if between is not None:
            start, end = self._growth_window(between)
            stamp = frame["timestamp"]
            if stamp.dt.tz is not None:
                stamp = stamp.dt.tz_convert(self._loc.timezone or stamp.dt.tz).dt.tz_localize(None)
            frame = frame.loc[(stamp >= start) & (stamp < end + pd.Timedelta(days=1))]
        result = weekly_growth(frame, self.bank, self._estimator, self._loc.timezone)
        self.growth_counts = result
        growth = result.frame
        scale = self.grade_scale
        growth["grade_start"] = scale.grade_level(growth["theta_start"].to_numpy(float)).value
        growth["grade_end"] = scale.grade_level(growth["theta_end"].to_numpy(float)).value
        chart = svg.histogram(
            growth["growth"].to_numpy(dtype=np.float64),
            title=loc.gettext("Growth in ability"),
            x_label=loc.gettext("change (logits)"),
            y_label=loc.gettext("learners"),
            reference_line=0.0,
        )
        note = _growth_note(result, loc)
        if between is not None:
            note += " " + loc.gettext(
                "Only answers from %(start)s to %(end)s count.",
                start=loc.date(start),
                end=loc.date(end),
            )
        return Section(
            "growth",
            title,
            growth,
            note=note,
            charts=(chart,) if len(growth) else (),
            empty_message=""
            if len(growth)
            else loc.gettext("no learner has answers in two different weeks yet."),
        )

    def _growth_window(self, between: tuple[Any, Any]) -> tuple[pd.Timestamp, pd.Timestamp]:
        try:
            start, end = (pd.Timestamp(value).normalize() for value in between)
        except (TypeError, ValueError):
            raise parameter_error(
                "growth_between", OWNER, "a pair of dates (start, end)", between
            ) from None
        if start.tzinfo is not None:
            start = start.tz_localize(None)
        if end.tzinfo is not None:
            end = end.tz_localize(None)
        if not start < end:
            raise parameter_error(
                "growth_between",
                OWNER,
                "a pair of dates (start, end) with start before end",
                tuple(str(value) for value in between),
            )
        return start, end

    def _subgroup_section(
        self, abilities: pd.DataFrame, mastery: pd.DataFrame, labels: list[str], asked: bool
    ) -> Section:
        loc = self._loc
        title = loc.gettext("Subgroup comparison")
        columns = ["group", "n_learners", "mean_theta", "sd_theta", "se_mean", "share_mastered"]
        levels = sorted(set(labels))
        if not asked or len(levels) < 2:
            reason = (
                loc.gettext("no grouping variable was given (pass groups=...).")
                if not asked
                else loc.gettext(
                    "the grouping variable has one level (%(level)r); a comparison needs two "
                    "or more.",
                    level=levels[0],
                )
                if levels
                else loc.gettext("the log has no answers.")
            )
            return Section("subgroups", title, pd.DataFrame(columns=columns), empty_message=reason)
        mastered = (
            mastery.assign(m=mastery["status"] == MASTERED)
            .groupby("learner_id", sort=False)["m"]
            .mean()
            .reindex(abilities["learner_id"])
            .to_numpy()
        )
        data = abilities.assign(share_mastered=mastered)
        grouped = data.groupby("group", sort=True)
        table = pd.DataFrame(
            {
                "group": levels,
                "n_learners": grouped.size().reindex(levels).to_numpy(),
                "mean_theta": grouped["theta"].mean().reindex(levels).to_numpy(),
                "sd_theta": grouped["theta"].std(ddof=1).reindex(levels).to_numpy(),
                "share_mastered": grouped["share_mastered"].mean().reindex(levels).to_numpy(),
            }
        )
        table.insert(4, "se_mean", table["sd_theta"] / np.sqrt(table["n_learners"]))
        samples = [g["theta"].to_numpy() for _, g in grouped if len(g) >= 2]
        note = loc.gettext("Mean overall ability per group, and the mean share of skills mastered.")
        if len(samples) >= 2 and all(np.ptp(s) > 0 for s in samples):
            result = stats.f_oneway(*samples)
            note += " " + loc.gettext(
                "One-way ANOVA on ability: F = %(f)s, p = %(p)s.",
                f=loc.number(float(result.statistic), 2),
                p=loc.number(float(result.pvalue), 4),
            )
        chart = svg.bar_chart(
            table["group"].tolist(),
            table["mean_theta"].to_numpy(),
            title=loc.gettext(
                "Mean ability per group (with %(level)s interval)", level=loc.percent(0.95)
            ),
            value_label=loc.gettext("ability (logits)"),
            lower=(table["mean_theta"] - 1.96 * table["se_mean"]).to_numpy(),
            upper=(table["mean_theta"] + 1.96 * table["se_mean"]).to_numpy(),
        )
        return Section("subgroups", title, table, note=note, charts=(chart,))


def _growth_note(result: WeeklyGrowth, loc: Localizer) -> str:
    """Say how many learners growth compares and why the others are left out."""
    text = loc.gettext(
        "Compared %(compared)s of %(total)s learners: each learner's ability from the "
        "answers of their own first week against their last week (weeks counted from "
        "their first day). The standard error of the change combines the two standard errors.",
        compared=loc.integer(result.n_compared),
        total=loc.integer(result.n_learners),
    )
    if result.n_one_week:
        text += " " + loc.ngettext(
            "%(n)s learner is left out: all their answers fall within one week.",
            "%(n)s learners are left out: all their answers fall within one week.",
            result.n_one_week,
        )
    return text
