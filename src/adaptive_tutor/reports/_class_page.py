"""The class report's page for teachers and case managers.

First the children who need attention and why, then a compact learner x skill grid of
statuses (symbols and words, not colour alone), then how the class is spread, growth
from each child's own first week to their last (saying who could be compared), subgroups,
and the statistics folded under "technical details".
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from adaptive_tutor.reports._analyst import frame_table
from adaptive_tutor.reports._charts import class_growth_chart, class_spread_chart
from adaptive_tutor.reports._grades import grade_number, grade_words
from adaptive_tutor.reports._i18n import Localizer
from adaptive_tutor.reports._labels import (
    MASTERED,
    STATUS_CODES,
    STATUS_MEANINGS,
    STATUS_WORDS,
    status_code,
    status_text,
)
from adaptive_tutor.reports.page import (
    Block,
    Cell,
    Details,
    Facts,
    Legend,
    Page,
    PageSection,
    Table,
    Text,
)

if TYPE_CHECKING:
    from adaptive_tutor.reports.class_report import ClassReport

__all__ = ["ATTENTION_SHOWN", "change_word", "teacher_page"]

ATTENTION_SHOWN = 15
"""Children listed before the fold in "Who needs attention" (the rest are folded)."""


def change_word(growth: float, se: float, loc: Localizer) -> str:
    """Plain words for a change judged against its uncertainty (about 95% confidence).

    Examples
    --------
    >>> loc = Localizer("en")
    >>> change_word(0.9, 0.3, loc), change_word(0.2, 0.3, loc), change_word(-0.9, 0.3, loc)
    ('grew', 'no clear change yet', 'dropped')
    """
    if not (np.isfinite(growth) and np.isfinite(se)):
        return "-"
    if growth > 1.96 * se:
        return loc.gettext("grew")
    if growth < -1.96 * se:
        return loc.gettext("dropped")
    return loc.gettext("no clear change yet")


def _codes(mastery: pd.DataFrame) -> list[str]:
    return [status_code(s) for s in mastery["status"]]


def _attention(report: ClassReport, mastery: pd.DataFrame, loc: Localizer) -> list[Block]:
    """The attention list, most urgent first; past ``ATTENTION_SHOWN`` children the rest
    are in a fold that says how many more there are, so a large group's page does not
    open with screens of names."""
    attention = report.attention
    if attention.empty:
        return [Text(loc.gettext("No child meets a rule for attention right now."))]
    names = {skill.id: skill.name_in(loc.locale) for skill in report.bank.skills}
    rows = []
    for row in attention.to_dict("records"):
        why = [_reason_words(str(reason), row, names, loc) for reason in row["reasons"]]
        rows.append(
            (Cell(str(row["learner_id"]), nowrap=True), Cell("; ".join(w for w in why if w)))
        )
    headers = (loc.gettext("Learner"), loc.gettext("Why"))
    if len(rows) <= ATTENTION_SHOWN:
        return [Table(headers, tuple(rows))]
    rest = len(rows) - ATTENTION_SHOWN
    return [
        Text(
            loc.gettext(
                "%(n)s children need attention; the %(shown)s most urgent come first.",
                n=loc.integer(len(rows)),
                shown=loc.integer(ATTENTION_SHOWN),
            )
        ),
        Table(headers, tuple(rows[:ATTENTION_SHOWN])),
        Details(
            loc.ngettext(
                "%(n)s more child who needs attention",
                "%(n)s more children who need attention",
                rest,
            ),
            (Table(headers, tuple(rows[ATTENTION_SHOWN:])),),
        ),
    ]


def _reason_words(reason: str, row: dict[Any, Any], names: dict[str, str], loc: Localizer) -> str:
    """The reader's words for one attention reason (the numbers come from the row)."""
    if reason == "below_level":
        parts = []
        level = float(row["grade_level"])
        if np.isfinite(level):
            expected = float(row["expected_grade"])
            values = {
                "level": grade_number(level, loc) if row["below_range"] else loc.number(level),
                "expected": grade_number(expected, loc),
            }
            parts.append(
                loc.gettext(
                    "working below grade %(level)s; expected at least grade %(expected)s", **values
                )
                if row["below_range"]
                else loc.gettext(
                    "working at about grade %(level)s; expected at least grade %(expected)s",
                    **values,
                )
            )
        skills = [names.get(skill, skill) for skill in row["below_skills"]]
        if skills:
            parts.append(
                loc.gettext(
                    "not yet secure on skills of earlier grades: %(skills)s",
                    skills=", ".join(skills),
                )
            )
        return "; ".join(parts)
    if reason == "falling_behind":
        values = {
            "before": loc.number(row["level_before"]),
            "now": loc.number(row["level_recent"]),
            "weeks": loc.number(row["recent_weeks"], 0),
        }
        if float(row["growth"]) < 0:
            return loc.gettext(
                "went down from about grade %(before)s to about grade %(now)s over their last "
                "%(weeks)s weeks",
                **values,
            )
        return loc.gettext("no clear growth over their last %(weeks)s weeks", **values)
    if reason == "disengaged":
        return loc.gettext(
            "%(rapid)s of their last %(timed)s answers came too fast to have read the question",
            rapid=loc.integer(row["n_recent_rapid"]),
            timed=loc.integer(row["n_recent_timed"]),
        )
    if reason == "inactive":
        days = round(float(row["days_inactive"]))
        return loc.ngettext("no answers for %(n)s day", "no answers for %(n)s days", days)
    return reason


def _grid(report: ClassReport, mastery: pd.DataFrame, loc: Localizer) -> list[Block]:
    bank = report.bank
    names = [skill.name_in(loc.locale) for skill in bank.skills]
    n_skills = len(names)
    codes = mastery["code"].to_numpy().reshape(len(report.learners), n_skills)
    rows = []
    by_id = {skill.id: name for skill, name in zip(bank.skills, names, strict=True)}
    through = (
        mastery["shown_through"].to_numpy(dtype=object).reshape(codes.shape)
        if "shown_through" in mastery.columns
        else np.full(codes.shape, None, dtype=object)
    )
    for learner, line, inferred in zip(report.learners, codes, through, strict=True):
        cells = [Cell(learner)]
        for name, code, source in zip(names, line, inferred, strict=True):
            word = status_text(code, source, by_id, loc)
            cells.append(Cell(word, status=code, compact=True, title=f"{learner} / {name}: {word}"))
        rows.append(tuple(cells))
    secure = (codes == MASTERED).sum(axis=0)
    total = loc.integer(len(report.learners))
    rows.append(
        (
            Cell(loc.gettext("Secure")),
            *(
                Cell(
                    f"{loc.integer(n)}/{total}",
                    title=loc.gettext("%(count)s of %(total)s", count=loc.integer(n), total=total),
                )
                for n in secure
            ),
        )
    )
    legend = Legend(
        tuple(
            (code, loc.gettext(STATUS_WORDS[code]), loc.gettext(STATUS_MEANINGS[code]))
            for code in STATUS_CODES
        )
    )
    headers = (loc.gettext("Learner"), *names)
    return [legend, Table(headers, tuple(rows), style="grid")]


def _learners(report: ClassReport, mastery: pd.DataFrame, loc: Localizer) -> list[Block]:
    abilities = report.to_frame("abilities")
    secure = (
        mastery.assign(secure=mastery["code"] == MASTERED).groupby("learner_id")["secure"].sum()
    )
    last = (
        report._frame.groupby("learner_id")["timestamp"].max()
        if "timestamp" in report._frame.columns
        else None
    )
    with_grades = bool(np.isfinite(abilities["school_grade"].to_numpy(np.float64)).any())
    n_skills = len(report.bank.skill_ids)
    rows = []
    for row in abilities.itertuples(index=False):
        learner = str(row.learner_id)
        cells = [
            Cell(learner),
            Cell(grade_words(float(row.grade_level), str(row.grade_beyond), loc), nowrap=True),  # type: ignore[arg-type]
        ]
        if with_grades:
            school = float(row.school_grade)  # type: ignore[arg-type]
            cells.append(Cell(loc.number(school, 0) if np.isfinite(school) else "-", numeric=True))
        cells += [
            Cell(
                loc.gettext(
                    "%(count)s of %(total)s",
                    count=loc.integer(int(secure.get(learner, 0))),
                    total=loc.integer(n_skills),
                )
            ),
            Cell(loc.integer(int(row.n_items)), numeric=True),  # type: ignore[arg-type]
        ]
        if last is not None:
            cells.append(Cell(loc.date(last.get(learner))))
        rows.append(tuple(cells))
    headers = [loc.gettext("Learner"), loc.gettext("Working at")]
    if with_grades:
        headers.append(loc.gettext("School grade"))
    headers += [loc.gettext("Skills secure"), loc.gettext("Different questions answered")]
    if last is not None:
        headers.append(loc.gettext("Last active"))
    blocks: list[Block] = []
    chart = class_spread_chart(abilities, report.grade_scale, loc)
    if chart is not None:
        blocks.append(chart)
    blocks.append(Table(tuple(headers), tuple(rows)))
    return blocks


def _growth(report: ClassReport, loc: Localizer) -> list[Block]:
    section = report.section("growth")
    counts = report.growth_counts
    if not section.has_data:
        return [Text(loc.gettext("Not enough data: %(why)s", why=section.empty_message), "no-data")]
    blocks: list[Block] = [
        Text(
            loc.gettext(
                "Compared %(compared)s of %(total)s learners, each from their own first week "
                "of practice to their last.",
                compared=loc.integer(counts.n_compared),
                total=loc.integer(counts.n_learners),
            )
        )
    ]
    blocks.append(
        Text(
            loc.gettext(
                "'Who needs attention' compares each child's most recent weeks with the weeks "
                "before them; this section compares the first week with the last, so the two "
                "can differ for the same child."
            ),
            "note",
        )
    )
    if counts.n_one_week:
        blocks.append(
            Text(
                loc.ngettext(
                    "%(n)s learner is not compared: all their answers fall within one week.",
                    "%(n)s learners are not compared: all their answers fall within one week.",
                    counts.n_one_week,
                ),
                "note",
            )
        )
    growth = section.frame
    chart = class_growth_chart(growth, report.grade_scale, loc)
    if chart is not None:
        blocks.append(chart)
    rows = tuple(
        (
            Cell(str(learner)),
            Cell(loc.date(first)),
            Cell(loc.date(last)),
            Cell(grade_words(start, "", loc) if np.isfinite(start) else "-", nowrap=True),
            Cell(grade_words(end, "", loc) if np.isfinite(end) else "-", nowrap=True),
            Cell(change_word(change, se, loc)),
        )
        for learner, first, last, start, end, change, se in zip(
            growth["learner_id"],
            growth["first_week"],
            growth["last_week"],
            growth["grade_start"].to_numpy(np.float64),
            growth["grade_end"].to_numpy(np.float64),
            growth["growth"].to_numpy(np.float64),
            growth["se_growth"].to_numpy(np.float64),
            strict=True,
        )
    )
    headers = (
        loc.gettext("Learner"),
        loc.gettext("First week"),
        loc.gettext("Last week"),
        loc.gettext("Level in the first week"),
        loc.gettext("Level in the last week"),
        loc.gettext("Change"),
    )
    blocks.append(Table(headers, rows))
    return blocks


def _subgroups(report: ClassReport, loc: Localizer) -> list[Block]:
    section = report.section("subgroups")
    if not section.has_data:
        return []
    rows = tuple(
        (
            Cell(str(group)),
            Cell(loc.integer(n), numeric=True),
            Cell(loc.percent(float(share)), numeric=True),
        )
        for group, n, share in zip(
            section.frame["group"],
            section.frame["n_learners"],
            section.frame["share_mastered"],
            strict=True,
        )
    )
    headers = (loc.gettext("Group"), loc.gettext("Learners"), loc.gettext("Share of skills secure"))
    return [Table(headers, rows)]


def _technical(report: ClassReport, loc: Localizer) -> Details:
    blocks: list[Block] = []
    for key in ("abilities", "growth", "subgroups"):
        section = report.section(key)
        if not section.has_data:
            continue
        blocks += [Text(section.title, "big"), Text(section.note, "note")]
        frame = section.frame.drop(
            columns=[c for c in ("group",) if key == "abilities"], errors="ignore"
        )
        blocks.append(
            frame_table(frame, loc, max_rows=section.max_rows, key=key, machine_names=False)
        )
    return Details(loc.gettext("Technical details"), tuple(blocks))


def teacher_page(report: ClassReport, generated_at: str | None = None) -> Page:
    """The class page for a teacher or case manager.

    Parameters
    ----------
    report : ClassReport
    generated_at : str, optional

    Returns
    -------
    Page
    """
    loc = report.localizer
    mastery = report.to_frame("mastery")
    mastery["code"] = _codes(mastery)
    lead: tuple[Block, ...] = (
        Facts(
            (
                (loc.gettext("Item bank"), report.bank.metadata.title_in(loc.locale)),
                (loc.gettext("Learners"), loc.integer(len(report.learners))),
                (loc.gettext("Answers"), loc.integer(len(report._frame))),
            )
        ),
    )
    if not report.learners:
        empty = (
            PageSection(
                "attention",
                loc.gettext("Who needs attention"),
                (Text(loc.gettext("No answers yet."), "no-data"),),
            ),
        )
        return Page(loc.locale, "teacher", report.title, empty, lead, generated_at=generated_at)
    sections = [
        PageSection(
            "attention", loc.gettext("Who needs attention"), tuple(_attention(report, mastery, loc))
        ),
        PageSection(
            "grid", loc.gettext("Skills across the class"), tuple(_grid(report, mastery, loc))
        ),
        PageSection(
            "learners",
            loc.gettext("How the class is spread"),
            tuple(_learners(report, mastery, loc)),
        ),
        PageSection("growth", loc.gettext("Growth"), tuple(_growth(report, loc))),
    ]
    subgroups = _subgroups(report, loc)
    if subgroups:
        sections.append(PageSection("subgroups", loc.gettext("Groups"), tuple(subgroups)))
    sections.append(
        PageSection("technical", loc.gettext("For specialists"), (_technical(report, loc),))
    )
    return Page(
        loc.locale, "teacher", report.title, tuple(sections), lead, generated_at=generated_at
    )
