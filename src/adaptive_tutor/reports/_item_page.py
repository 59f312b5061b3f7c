"""The item report's page for authors and publishers: which questions are worth a look.

Each flagged question is shown with its text and the reasons in plain words; the
statistics behind the flags are folded under "technical details".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from adaptive_tutor.reports._analyst import frame_table, summary_facts
from adaptive_tutor.reports._i18n import N_, Localizer
from adaptive_tutor.reports.page import Block, Details, Facts, Page, PageSection, Question, Text

if TYPE_CHECKING:
    from adaptive_tutor.reports.item_report import ItemReport

__all__ = ["teacher_page"]

FLAG_WORDS = {
    "low_discrimination": N_(
        "children who do well overall do no better on it than others: it may be ambiguous "
        "or keyed wrongly"
    ),
    "very_easy": N_("almost everyone gets it right"),
    "very_hard": N_("almost nobody gets it right"),
    "check_fit": N_("the answers do not follow the pattern expected from the children's levels"),
    "dif": N_(
        "harder for one group than for the other at the same level (%(focal)s vs %(reference)s)"
    ),
}


def _flags(report: ItemReport) -> dict[str, list[str]]:
    flags: dict[str, list[str]] = {}
    for key in ("classical", "fit"):
        frame = report.to_frame(key)
        if "review" not in frame.columns:
            continue
        for item_id, code in zip(frame["item_id"], frame["review"], strict=True):
            if code:
                flags.setdefault(str(item_id), []).append(str(code))
    dif = report.to_frame("dif")
    if "ets_class" in dif.columns:
        for item_id in dif.loc[dif["ets_class"] == "C", "item_id"]:
            flags.setdefault(str(item_id), []).append("dif")
    return flags


def _reason(code: str, report: ItemReport, loc: Localizer) -> str:
    if code == "dif":
        focal, reference = report.dif_groups or ("", "")
        return loc.gettext(FLAG_WORDS["dif"], focal=focal, reference=reference)
    return loc.gettext(FLAG_WORDS[code])


def teacher_page(
    report: ItemReport, min_answers_to_flag: int, generated_at: str | None = None
) -> Page:
    """Questions worth a look, with their text and plain reasons.

    Parameters
    ----------
    report : ItemReport
    min_answers_to_flag : int
        Questions with fewer answers are not judged (the report's rule).
    generated_at : str, optional

    Returns
    -------
    Page
    """
    loc = report.localizer
    flags = _flags(report)
    blocks: list[Block] = []
    for item_id in report.item_ids:
        if item_id not in flags:
            continue
        item = report.bank[item_id]
        reasons = "; ".join(dict.fromkeys(_reason(code, report, loc) for code in flags[item_id]))
        blocks.append(Question(item_id, item.prompt, tuple(c.text for c in item.choices), reasons))
    if not blocks:
        blocks.append(Text(loc.gettext("No question stands out: nothing to review.")))
    counts = report.to_frame("classical")
    thin = int((counts["n"] < min_answers_to_flag).sum()) if "n" in counts.columns else 0
    if thin:
        blocks.insert(
            0,
            Text(
                loc.ngettext(
                    "%(n)s question has fewer than %(minimum)s answers and is not judged yet.",
                    "%(n)s questions have fewer than %(minimum)s answers and are not judged yet.",
                    thin,
                    minimum=min_answers_to_flag,
                ),
                "note",
            ),
        )
    lead: tuple[Block, ...] = (
        Facts(
            (
                (loc.gettext("Item bank"), report.bank.metadata.title_in(loc.locale)),
                (loc.gettext("Questions analysed"), loc.integer(len(report.item_ids))),
                (loc.gettext("Learners"), loc.integer(len(report.learners))),
                (loc.gettext("Questions worth a look"), loc.integer(len(flags))),
            )
        ),
    )
    technical: list[Block] = [summary_facts(report.summary, loc)]
    for section in report.sections:
        if section.has_data:
            technical += [Text(section.title, "big"), Text(section.note, "note")]
            technical.append(
                frame_table(
                    section.frame,
                    loc,
                    max_rows=section.max_rows,
                    key=section.key,
                    machine_names=False,
                )
            )
    sections = (
        PageSection("review", loc.gettext("Questions worth a look"), tuple(blocks)),
        PageSection(
            "technical",
            loc.gettext("For specialists"),
            (Details(loc.gettext("Technical details"), tuple(technical)),),
        ),
    )
    return Page(loc.locale, "teacher", report.title, sections, lead, generated_at=generated_at)
