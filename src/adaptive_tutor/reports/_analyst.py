"""The analyst page: every section of a report with its full statistics, in the locale.

Column headers show the translated human label with the frame's column name beneath it,
so an analyst can go from the page to ``to_frame(key)``; numbers keep three decimals.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pandas as pd
from markupsafe import Markup

from adaptive_tutor.reports._labels import code_word, column_label
from adaptive_tutor.reports.page import Block, Cell, Facts, Figure, Page, PageSection, Table, Text

if TYPE_CHECKING:
    from adaptive_tutor.reports._i18n import Localizer
    from adaptive_tutor.reports.rendering import Report, Section

__all__ = ["analyst_page", "frame_table", "summary_facts"]

_ARIA = re.compile(r'aria-label="([^"]*)"')
_DESC = re.compile(r"<desc>([^<]*)</desc>")


def _numeric(frame: pd.DataFrame, column: object) -> bool:
    values = frame[column]
    return bool(pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values))


def frame_table(
    frame: pd.DataFrame,
    loc: Localizer,
    *,
    max_rows: int = 200,
    key: str = "",
    machine_names: bool = True,
) -> Table:
    """A frame as a table block: human headers (over the machine names), formatted cells.

    Teacher pages pass ``machine_names=False``: their technical details name columns in
    words only, and do not point to Python.

    Examples
    --------
    >>> import pandas as pd
    >>> from adaptive_tutor.reports._i18n import Localizer
    >>> table = frame_table(pd.DataFrame({"theta": [0.5]}), Localizer("en"))
    >>> table.headers, table.machine_names, table.rows[0][0].text
    (('ability (logits)',), ('theta',), '0.500')
    """
    columns = [str(c) for c in frame.columns]
    numeric = [_numeric(frame, c) for c in frame.columns]
    shown = frame.head(max_rows)
    long = [
        not numeric[j] and shown[c].astype(str).str.len().mean() > 24 if len(shown) else False
        for j, c in enumerate(shown.columns)
    ]
    data = [shown[c].tolist() for c in shown.columns]
    rows = tuple(
        tuple(
            Cell(code_word(v, columns[j], loc) or loc.cell(v), numeric=numeric[j], long=long[j])
            for j, v in enumerate(row)
        )
        for row in zip(*data, strict=True)
    )
    hidden = len(frame) - len(shown)
    if hidden <= 0:
        more = ""
    elif machine_names:
        more = loc.gettext(
            "%(count)s more rows are in to_frame('%(key)s').", count=loc.integer(hidden), key=key
        )
    else:
        more = loc.ngettext(
            "%(n)s more row is not shown here.",
            "%(n)s more rows are not shown here.",
            hidden,
        )
    return Table(
        tuple(column_label(c, loc) for c in columns),
        rows,
        machine_names=tuple(columns) if machine_names else (),
        more=more,
    )


def summary_facts(summary: dict[str, object], loc: Localizer) -> Facts:
    """A report's summary as label/value pairs in the locale.

    Examples
    --------
    >>> from adaptive_tutor.reports._i18n import Localizer
    >>> summary_facts({"n_learners": 30}, Localizer("en")).pairs
    (('learners', '30'),)
    """
    return Facts(
        tuple(
            (column_label(str(k), loc), loc.cell(v))
            for k, v in summary.items()
            if not (isinstance(v, str) and not v)
        )
    )


def _figure(chart: Markup | Figure, loc: Localizer) -> Figure:
    if isinstance(chart, Figure):
        return chart
    match = _DESC.search(str(chart)) or _ARIA.search(str(chart))
    alt = Markup(match.group(1)).unescape() if match else ""
    return Figure(chart, alt, loc.gettext("Chart"))


def _section(section: Section, loc: Localizer) -> PageSection:
    blocks: list[Block] = []
    if section.note:
        blocks.append(Text(section.note, "note"))
    if section.has_data:
        blocks += [_figure(chart, loc) for chart in section.charts]
        blocks.append(frame_table(section.frame, loc, max_rows=section.max_rows, key=section.key))
    else:
        message = section.empty_message or loc.gettext("nothing to show.")
        blocks.append(Text(loc.gettext("Not enough data: %(why)s", why=message), "no-data"))
    return PageSection(section.key, section.title, tuple(blocks))


def analyst_page(report: Report, generated_at: str | None = None) -> Page:
    """Every section of ``report`` with its statistics, for analysts.

    Parameters
    ----------
    report : Report
    generated_at : str, optional
        Footer stamp.

    Returns
    -------
    Page

    Examples
    --------
    >>> import pandas as pd
    >>> from adaptive_tutor.reports.rendering import Report, Section
    >>> page = analyst_page(Report("R", [Section("a", "A", pd.DataFrame())]))
    >>> page.sections[0].blocks[-1].text
    'Not enough data: nothing to show.'
    """
    loc = report.localizer
    lead: tuple[Block, ...] = (summary_facts(report.summary, loc),) if report.summary else ()
    return Page(
        lang=report.locale,
        audience="analyst",
        title=report.title,
        sections=tuple(_section(s, loc) for s in report.sections),
        lead=lead,
        generated_at=generated_at,
    )
