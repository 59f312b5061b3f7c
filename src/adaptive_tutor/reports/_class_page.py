"""The class report's page for teachers and case managers.

First the children who need attention and why, then a compact learner x skill grid of
statuses (symbols and words, not colour alone), then how the class is spread, growth
from each child's own first week to their last (saying who could be compared), subgroups,
and the statistics folded under "technical details".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from adaptive_tutor.reports._analyst import frame_table
from adaptive_tutor.reports._i18n import Localizer
from adaptive_tutor.reports._labels import (
    MASTERED,
    NOT_MASTERED,
    STATUS_CODES,
    STATUS_MEANINGS,
    STATUS_WORDS,
    status_code,
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

__all__ = ["change_word", "teacher_page"]


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
    at_risk = report.to_frame("at_risk")
    if at_risk.empty:
        return [Text(loc.gettext("No child meets a rule for attention right now."))]
    names = {skill.id: skill.name_in(loc.locale) for skill in report.bank.skills}
    behind = mastery.loc[mastery["code"] == NOT_MASTERED].groupby("learner_id")["skill_id"]
    gap_skills = {learner: [names[s] for s in skills] for learner, skills in behind}
    gain_column = next((c for c in at_risk.columns if c.startswith("gain_last_")), "")
    window = gain_column.split("_")[2] if gain_column else ""
    rows = []
    for learner, reason in zip(at_risk["learner_id"], at_risk["reason"], strict=True):
        reasons = []
        if "below benchmark" in str(reason):
            skills = gap_skills.get(learner, [])
            reasons.append(
                loc.ngettext(
                    "not yet secure on %(n)s skill: %(skills)s",
                    "not yet secure on %(n)s skills: %(skills)s",
                    len(skills),
                    skills=", ".join(skills),
                )
            )
        if "no progress" in str(reason):
            reasons.append(
                loc.gettext("no clear progress over the last %(count)s sessions", count=window)
            )
        rows.append((Cell(str(learner)), Cell("; ".join(reasons))))
    headers = (loc.gettext("Learner"), loc.gettext("Why"))
    return [Table(headers, tuple(rows))]


def _grid(report: ClassReport, mastery: pd.DataFrame, loc: Localizer) -> list[Block]:
    bank = report.bank
    names = [skill.name_in(loc.locale) for skill in bank.skills]
    n_skills = len(names)
    codes = mastery["code"].to_numpy().reshape(len(report.learners), n_skills)
    rows = []
    for learner, line in zip(report.learners, codes, strict=True):
        cells = [Cell(learner)]
        for name, code in zip(names, line, strict=True):
            word = loc.gettext(STATUS_WORDS[code])
            cells.append(Cell(word, status=code, compact=True, title=f"{learner} / {name}: {word}"))
        rows.append(tuple(cells))
    secure = (codes == MASTERED).sum(axis=0)
    total = loc.integer(len(report.learners))
    rows.append(
        (
            Cell(loc.gettext("Secure")),
            *(
                Cell(loc.gettext("%(count)s of %(total)s", count=loc.integer(n), total=total))
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


def _learners(report: ClassReport, mastery: pd.DataFrame, loc: Localizer) -> Table:
    abilities = report.to_frame("abilities")
    secure = (
        mastery.assign(secure=mastery["code"] == MASTERED).groupby("learner_id")["secure"].sum()
    )
    last = (
        report._frame.groupby("learner_id")["timestamp"].max()
        if "timestamp" in report._frame.columns
        else None
    )
    n_skills = len(report.bank.skill_ids)
    rows = []
    for learner, n_items in zip(abilities["learner_id"], abilities["n_items"], strict=True):
        row = [
            Cell(str(learner)),
            Cell(
                loc.gettext(
                    "%(count)s of %(total)s",
                    count=loc.integer(int(secure.get(learner, 0))),
                    total=loc.integer(n_skills),
                )
            ),
            Cell(loc.integer(n_items), numeric=True),
        ]
        if last is not None:
            row.append(Cell(loc.date(last.get(learner))))
        rows.append(tuple(row))
    headers = [
        loc.gettext("Learner"),
        loc.gettext("Skills secure"),
        loc.gettext("Different questions answered"),
    ]
    if last is not None:
        headers.append(loc.gettext("Last active"))
    return Table(tuple(headers), tuple(rows))


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
    rows = tuple(
        (
            Cell(str(learner)),
            Cell(loc.date(first)),
            Cell(loc.date(last)),
            Cell(change_word(change, se, loc)),
        )
        for learner, first, last, change, se in zip(
            growth["learner_id"],
            growth["first_week"],
            growth["last_week"],
            growth["growth"].to_numpy(np.float64),
            growth["se_growth"].to_numpy(np.float64),
            strict=True,
        )
    )
    headers = (
        loc.gettext("Learner"),
        loc.gettext("First week"),
        loc.gettext("Last week"),
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
        PageSection("learners", loc.gettext("Each learner"), (_learners(report, mastery, loc),)),
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
