"""The learner report's pages: for a teacher or case manager, and for the child.

The teacher's page opens with a one-screen summary (what is going well, what to practise
next with the actual questions, how practice has gone), then each skill in plain words,
progress over time, and the statistics folded under "technical details". The child's
page has large type and no numbers beyond counts: a progress bar per skill practised,
encouragement that names the effort, and three choices of what to try next.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from adaptive_tutor.item import Item
from adaptive_tutor.reports._analyst import frame_table
from adaptive_tutor.reports._charts import grade_trajectory_chart, skill_grade_chart
from adaptive_tutor.reports._choices import child_choices
from adaptive_tutor.reports._grades import grade_words
from adaptive_tutor.reports._i18n import N_, Localizer
from adaptive_tutor.reports._labels import (
    MASTERED,
    STATUS_CODES,
    STATUS_MEANINGS,
    STATUS_WORDS,
    TOO_FEW_ANSWERS,
    UNDETERMINED,
    status_code,
    status_text,
)
from adaptive_tutor.reports._practice import PracticeFacts, practice_facts
from adaptive_tutor.reports.page import (
    Block,
    Cell,
    Choice,
    Details,
    Facts,
    Legend,
    List,
    Page,
    PageSection,
    Progress,
    Question,
    Table,
    Text,
)

if TYPE_CHECKING:
    from adaptive_tutor.reports.learner_report import LearnerReport

__all__ = ["child_page", "skill_codes", "teacher_page"]

REASON_WORDS = {
    "not_practised": N_("ready to start: the skills before it are secure"),
    "too_few_answers": N_("going well so far; a few more answers will tell"),
    "below_benchmark": N_("needs more practice"),
    "review": N_("worth another try: not full marks last time"),
}
CHOICE_WORDS = {
    "review": (N_("Review"), N_("Something you already know, to warm up.")),
    "just_right": (N_("Just right"), N_("A good next step for you.")),
    "challenge": (N_("Challenge"), N_("A harder one, if you feel brave!")),
}


def skill_codes(skills: pd.DataFrame) -> list[str]:
    """The mastery code of every row of a ``skills`` frame.

    Examples
    --------
    >>> import pandas as pd
    >>> skill_codes(pd.DataFrame({"status": ["undetermined", "mastered"]}))
    ['undetermined', 'mastered']
    """
    return [status_code(s) for s in skills["status"]]


def _word(code: str, loc: Localizer) -> str:
    return loc.gettext(STATUS_WORDS[code])


def _legend(loc: Localizer) -> Legend:
    return Legend(
        tuple((code, _word(code, loc), loc.gettext(STATUS_MEANINGS[code])) for code in STATUS_CODES)
    )


def _question(item: Item, heading: str, note: str) -> Question:
    choices = tuple(choice.text for choice in item.choices)
    return Question(heading, item.prompt, choices, note)


def _practice_pairs(facts: PracticeFacts, loc: Localizer) -> list[tuple[str, str]]:
    pairs = [
        (loc.gettext("Answers"), loc.integer(facts.n_answers)),
        (loc.gettext("Share of credit"), loc.percent(facts.credit)),
    ]
    if facts.has_time:
        pairs.append((loc.gettext("Time practising"), loc.minutes(facts.minutes)))
    if facts.days_active:
        pairs.append((loc.gettext("Days active"), loc.integer(facts.days_active)))
    elif facts.n_sessions:
        pairs.append((loc.gettext("Sessions"), loc.integer(facts.n_sessions)))
    if facts.last is not None:
        pairs.append((loc.gettext("Last active"), loc.date(facts.last)))
    return pairs


def _going_well(
    skills: pd.DataFrame, codes: list[str], activity: pd.DataFrame, loc: Localizer
) -> Block:
    frame = skills.assign(code=codes, margin=skills["theta"] - skills["benchmark"])
    accuracy = (
        activity.set_index("skill_id")["accuracy"] if len(activity) else pd.Series(dtype=float)
    )
    lines = []
    secure = frame.loc[frame["code"] == MASTERED].sort_values("margin", ascending=False)
    for name in secure["skill"].head(3):
        lines.append(loc.gettext("%(skill)s: secure.", skill=name))
    rising = frame.loc[(frame["code"] == UNDETERMINED) & (frame["margin"] > 0)]
    for skill_id, name in zip(rising["skill_id"], rising["skill"], strict=True):
        if len(lines) >= 3:
            break
        share = float(accuracy.get(skill_id, np.nan))
        lines.append(
            loc.gettext(
                "%(skill)s: developing well (%(share)s of the credit so far).",
                skill=name,
                share=loc.percent(share),
            )
        )
    if not lines:
        return Text(
            loc.gettext(
                "No skill is secure yet. That is normal early on: each answer adds evidence."
            )
        )
    return List(tuple(lines))


QUESTIONS_TO_SHOW = 3


def _practise_next(report: LearnerReport, loc: Localizer) -> list[Block]:
    """Up to three questions: the first of each recommended skill, then the next ones."""
    recommended = report.to_frame("recommendations")
    bank = report.bank
    queues = []
    for name, reason, new, review in zip(
        recommended["skill"],
        recommended["reason"],
        recommended["items"],
        recommended["review_items"],
        strict=True,
    ):
        why_new = loc.gettext(REASON_WORDS[str(reason)])
        why_review = loc.gettext(REASON_WORDS["review"])
        queue = [(str(i), why_new) for i in new] + [(str(i), why_review) for i in review]
        if queue:
            queues.append((str(name), queue))
    blocks: list[Block] = []
    for depth in range(max((len(q) for _, q in queues), default=0)):
        for name, queue in queues:
            if depth < len(queue) and len(blocks) < QUESTIONS_TO_SHOW:
                item_id, why = queue[depth]
                blocks.append(_question(bank[item_id], name, why))
    if not blocks:
        message = report.section("recommendations").empty_message
        blocks.append(Text(message or loc.gettext("No new questions are left to suggest.")))
    return blocks


def _skills_table(
    skills: pd.DataFrame, codes: list[str], activity: pd.DataFrame, loc: Localizer
) -> Table:
    accuracy = (
        activity.set_index("skill_id")["accuracy"] if len(activity) else pd.Series(dtype=float)
    )
    rows = []
    names = dict(zip(skills["skill_id"].astype(str), skills["skill"].astype(str), strict=True))
    shown = (
        dict(zip(skills["skill_id"].astype(str), skills["shown_through"], strict=True))
        if "shown_through" in skills.columns
        else {}
    )
    columns = ["skill_id", "skill", "grade", "n_responses", "grade_level", "grade_beyond"]
    for (skill_id, name, grade, n, level, beyond), code in zip(
        skills[columns].itertuples(index=False), codes, strict=True
    ):
        working = "-" if code == TOO_FEW_ANSWERS else grade_words(float(level), str(beyond), loc)
        rows.append(
            (
                Cell(str(name)),
                Cell(loc.integer(grade), numeric=True),
                Cell(status_text(code, shown.get(str(skill_id)), names, loc), status=code),
                Cell(working, nowrap=True),
                Cell(loc.integer(n), numeric=True),
                Cell(loc.percent(float(accuracy.get(skill_id, np.nan))), numeric=True),
            )
        )
    headers = (
        loc.gettext("Skill"),
        loc.gettext("Grade of the skill"),
        loc.gettext("Status"),
        loc.gettext("Working at"),
        loc.gettext("Different questions answered"),
        loc.gettext("Share of credit"),
    )
    return Table(headers, tuple(rows))


def _sessions_table(report: LearnerReport, loc: Localizer) -> Block | None:
    trajectory = report.to_frame("trajectory")
    if trajectory.empty:
        return None
    answers = trajectory["n_items"].diff().fillna(trajectory["n_items"]).astype(int)
    rows = tuple(
        (Cell(label), Cell(loc.integer(count), numeric=True))
        for label, count in zip(report.session_labels(trajectory), answers, strict=True)
    )
    return Table((loc.gettext("Session"), loc.gettext("New questions answered")), rows)


def _progress(report: LearnerReport, loc: Localizer) -> list[Block]:
    """The grade level after each session (chart) and the questions answered per session."""
    trajectory = report.to_frame("trajectory")
    if trajectory.empty:
        return []
    blocks: list[Block] = []
    labels = report.session_labels(trajectory)
    chart = grade_trajectory_chart(
        trajectory, labels, report.grade_scale, loc, report.learner_grade
    )
    if chart is not None:
        blocks.append(chart)
    table = _sessions_table(report, loc)
    if table is not None:
        blocks.append(table)
    return blocks


def _technical(report: LearnerReport, loc: Localizer) -> Details:
    skills = report.to_frame("skills")
    stats = skills[["skill", "n_responses", "theta", "se", "ci_lower", "ci_upper", "benchmark"]]
    blocks: list[Block] = [
        Text(report.section("skills").note, "note"),
        frame_table(stats, loc, machine_names=False),
    ]
    trajectory = report.section("trajectory")
    if trajectory.has_data:
        blocks += [Text(trajectory.note, "note")]
        blocks.append(
            frame_table(
                trajectory.frame[["n_items", "theta", "se", "ci_lower", "ci_upper"]],
                loc,
                machine_names=False,
            )
        )
    return Details(loc.gettext("Technical details"), tuple(blocks))


def teacher_page(report: LearnerReport, generated_at: str | None = None) -> Page:
    """The page for a teacher or case manager (plain words; statistics folded away).

    Parameters
    ----------
    report : LearnerReport
    generated_at : str, optional

    Returns
    -------
    Page
    """
    loc = report.localizer
    skills = report.to_frame("skills")
    activity = report.to_frame("activity")
    codes = skill_codes(skills)
    facts = practice_facts(report._own, report.bank, loc)
    n_secure = codes.count(MASTERED)
    pairs = [(loc.gettext("Item bank"), report.bank.metadata.title_in(loc.locale))]
    summary = report.summary
    if facts.n_answers:
        working = grade_words(float(summary["grade_level"]), str(summary["grade_beyond"]), loc)  # type: ignore[arg-type]
        pairs.append((loc.gettext("Working at"), working))
    if report.learner_grade is not None:
        pairs.append((loc.gettext("School grade"), loc.number(report.learner_grade, 0)))
    pairs.append(
        (
            loc.gettext("Skills secure"),
            loc.gettext(
                "%(count)s of %(total)s", count=loc.integer(n_secure), total=loc.integer(len(codes))
            ),
        )
    )
    lead: list[Block] = [Facts(tuple(pairs))]
    if facts.n_answers == 0:
        empty = (
            PageSection(
                "summary",
                loc.gettext("At a glance"),
                (
                    Text(
                        loc.gettext("No answers yet: this page fills in as the learner practises."),
                        "no-data",
                    ),
                ),
            ),
        )
        return Page(
            loc.locale, "teacher", report.title, empty, tuple(lead), generated_at=generated_at
        )
    progress_blocks = _progress(report, loc)
    sections = [
        PageSection(
            "going_well",
            loc.gettext("What is going well"),
            (_going_well(skills, codes, activity, loc),),
        ),
        PageSection(
            "practise_next",
            loc.gettext("What to practise next"),
            tuple(_practise_next(report, loc)),
        ),
        PageSection(
            "practice",
            loc.gettext("How practice has gone"),
            (Facts(tuple(_practice_pairs(facts, loc))),),
        ),
        PageSection(
            "skills",
            loc.gettext("Skill by skill"),
            (
                _legend(loc),
                _skills_table(skills, codes, activity, loc),
                skill_grade_chart(skills, report.grade_scale, loc, report.learner_grade),
            ),
        ),
    ]
    if progress_blocks:
        sections.append(
            PageSection("progress", loc.gettext("Progress over time"), tuple(progress_blocks))
        )
    sections.append(
        PageSection("technical", loc.gettext("For specialists"), (_technical(report, loc),))
    )
    return Page(
        loc.locale, "teacher", report.title, tuple(sections), tuple(lead), generated_at=generated_at
    )


def _cheer(facts: PracticeFacts, loc: Localizer) -> str:
    answers = loc.ngettext("%(n)s question", "%(n)s questions", facts.n_answers)
    if facts.days_active >= 2:
        days = loc.ngettext("%(n)s day", "%(n)s different days", facts.days_active)
        return loc.gettext(
            "You answered %(answers)s on %(days)s. Coming back again and again is how you "
            "get better. Great effort!",
            answers=answers,
            days=days,
        )
    return loc.gettext(
        "You answered %(answers)s. Every answer helps you learn. Great effort!",
        answers=answers,
    )


def child_page(report: LearnerReport, generated_at: str | None = None) -> Page:
    """The page for the child: large type, counts only, progress and three choices.

    Parameters
    ----------
    report : LearnerReport
    generated_at : str, optional

    Returns
    -------
    Page
    """
    loc = report.localizer
    skills = report.to_frame("skills")
    codes = skill_codes(skills)
    facts = practice_facts(report._own, report.bank, loc)
    title = loc.gettext("Your practice, %(learner)s", learner=report.learner_id)
    if facts.n_answers == 0:
        lead = (
            Text(loc.gettext("Answer a few questions and your progress will show here!"), "cheer"),
        )
        return Page(loc.locale, "learner", title, (), lead, generated_at=generated_at)
    # a bar never fills further than the child's own answers support (the judgement reads
    # both: a skill with no right answers is not nearly there, whatever the prior says)
    chance = np.minimum(skills["p_mastery"].to_numpy(np.float64), report._answers_point_above)
    bars: list[Block] = []
    for name, code, p, n in zip(skills["skill"], codes, chance, skills["n_responses"], strict=True):
        if n == 0:
            continue
        done = code == MASTERED
        fraction = 1.0 if done else float(np.clip(0.1 + 0.75 * np.nan_to_num(p), 0.1, 0.85))
        word = loc.gettext("got it!") if done else loc.gettext("getting there")
        bars.append(Progress(str(name), fraction, done, word))
    picks = child_choices(report.bank, report._own)
    names = dict(zip(skills["skill_id"], skills["skill"], strict=True))
    choices: list[Block] = []
    for pick in picks:
        label, hint = CHOICE_WORDS[pick.label]
        choices.append(
            Choice(
                pick.label,
                loc.gettext(label),
                f"{loc.gettext(hint)} ({names[pick.item.skills[0]]})",
                pick.item.prompt,
                tuple(choice.text for choice in pick.item.choices),
            )
        )
    if not choices:
        choices.append(Text(loc.gettext("You have tried every question here. Amazing!"), "big"))
    sections = (
        PageSection("skills", loc.gettext("Your skills"), tuple(bars)),
        PageSection(
            "next", loc.gettext("What you could try next"), tuple(choices), style="choices-section"
        ),
    )
    lead = (Text(_cheer(facts, loc), "cheer"),)
    return Page(loc.locale, "learner", title, sections, lead, generated_at=generated_at)
