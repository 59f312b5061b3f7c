"""The shared base of every report: tidy frames in, text, Markdown, JSON and HTML out.

A report is a title, a few summary facts and an ordered list of :class:`Section` objects,
each holding one tidy :class:`pandas.DataFrame` (the single source of truth), an optional
note and optional inline SVG charts. :class:`Report` renders them all: ``to_frame`` and
``to_dict``/``to_json`` give the frames with their machine names; ``to_html``,
``to_text`` and ``to_markdown`` give a :class:`~adaptive_tutor.reports.page.Page` for the
report's audience in its locale (the analyst page shows every section's statistics; the
teacher and learner pages are composed by the subclasses). HTML goes through a Jinja2
environment with autoescaping, so text from item banks and logs is always escaped; the
output is one self-contained file with no script and no external asset, and it is
byte-for-byte deterministic unless a ``generated_at`` stamp is asked for. Markdown and
plain text escape the same untrusted text through :mod:`adaptive_tutor.reports._escaping`
(no injected headings, links, images or terminal control sequences).
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from markupsafe import Markup

from adaptive_tutor._text_width import table_lines
from adaptive_tutor.reports._escaping import markdown_text, plain_text
from adaptive_tutor.reports._i18n import Localizer
from adaptive_tutor.reports.page import Figure, Page, page_markdown, page_text, render_page

__all__ = ["Report", "Section", "format_value", "markdown_table", "text_table"]


def format_value(value: object) -> str:
    """Format one table cell for people: fixed precision, dates as ISO, missing as '-'.

    Parameters
    ----------
    value : object
        A cell value.

    Returns
    -------
    str
        The cell's text.

    Examples
    --------
    >>> [format_value(v) for v in (0.123456, float("nan"), 3, True, "x", 12345.678)]
    ['0.123', '-', '3', 'yes', 'x', '12345.7']
    """
    if value is None or value is pd.NaT:
        return "-"
    if isinstance(value, bool | np.bool_):
        return "yes" if value else "no"
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, float | np.floating):
        number = float(value)
        if math.isnan(number):
            return "-"
        if math.isinf(number):
            return "inf" if number > 0 else "-inf"
        if abs(number) >= 1000:
            return f"{number:.1f}"
        text = f"{number:.3f}"
        return "0.000" if text == "-0.000" else text
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ", ".join(format_value(v) for v in value)
    try:
        if pd.isna(value):  # type: ignore[call-overload]
            return "-"
    except (TypeError, ValueError):
        pass
    return str(value)


def _cells(frame: pd.DataFrame) -> list[list[str]]:
    columns = [frame[column].tolist() for column in frame.columns]
    return [[format_value(v) for v in row] for row in zip(*columns, strict=True)]


def text_table(frame: pd.DataFrame) -> str:
    """A plain fixed-width table; numbers right-aligned; control characters become spaces.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table to write.

    Returns
    -------
    str
        The table as lines of text.

    Examples
    --------
    >>> import pandas as pd
    >>> print(text_table(pd.DataFrame({"skill": ["add", "fractions"], "theta": [0.5, -1.25]})))
    skill       theta
    ---------  ------
    add         0.500
    fractions  -1.250
    """
    headers = [plain_text(str(column)) for column in frame.columns]
    rows = [[plain_text(cell) for cell in row] for row in _cells(frame)]
    numeric = [pd.api.types.is_numeric_dtype(frame[c]) for c in frame.columns]
    return "\n".join(table_lines(headers, rows, numeric))


def markdown_table(frame: pd.DataFrame) -> str:
    """A GitHub-flavoured Markdown table; cell text is escaped to render literally.

    Every header and cell is escaped for Markdown: no link, image, emphasis, HTML or
    line break can come from the data.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table to write.

    Returns
    -------
    str
        The Markdown table.

    Examples
    --------
    >>> import pandas as pd
    >>> print(markdown_table(pd.DataFrame({"item": ["a|b", "<i>"], "p": [0.5, 1.0]})))
    | item | p |
    | --- | ---: |
    | a\\|b | 0.500 |
    | &lt;i&gt; | 1.000 |
    """
    headers = [markdown_text(str(column)) for column in frame.columns]
    aligns = ["---:" if pd.api.types.is_numeric_dtype(frame[c]) else "---" for c in frame.columns]
    out = ["| " + " | ".join(headers) + " |", "| " + " | ".join(aligns) + " |"]
    out += ["| " + " | ".join(markdown_text(c) for c in row) + " |" for row in _cells(frame)]
    return "\n".join(out)


def _json_value(value: object) -> object:
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    if isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _records(frame: pd.DataFrame) -> list[dict[str, object]]:
    columns = [str(c) for c in frame.columns]
    values = [frame[c].tolist() for c in frame.columns]
    return [
        {c: _json_value(v) for c, v in zip(columns, row, strict=True)}
        for row in zip(*values, strict=True)
    ]


@dataclass(frozen=True)
class Section:
    """One titled part of a report: a tidy frame, an optional note and optional charts.

    Parameters
    ----------
    key : str
        Machine name, used as the frame's key in ``Report.frames`` and in JSON.
    title : str
        Heading shown to readers.
    frame : pandas.DataFrame
        The data of the section (may be empty when ``empty_message`` explains why).
    note : str, default ""
        One short paragraph explaining how to read the section.
    charts : tuple of markupsafe.Markup or Figure, default ()
        Inline SVG charts (already escaped by :mod:`adaptive_tutor.reports.svg`); a
        :class:`~adaptive_tutor.reports.page.Figure` also carries the chart's text
        alternative.
    empty_message : str, default ""
        When set, the section is shown as "Not enough data: <message>" instead of a table.
    max_rows : int, default 200
        Most rows of the frame shown in text and Markdown (a line tells how many more).

    Examples
    --------
    >>> import pandas as pd
    >>> Section("skills", "Skills", pd.DataFrame({"skill": ["add"]})).has_data
    True
    """

    key: str
    title: str
    frame: pd.DataFrame
    note: str = ""
    charts: tuple[Markup | Figure, ...] = ()
    empty_message: str = ""
    max_rows: int = 200

    @property
    def has_data(self) -> bool:
        """Whether the section has rows to show.

        Examples
        --------
        >>> import pandas as pd
        >>> Section("s", "S", pd.DataFrame(), empty_message="no sessions").has_data
        False
        """
        return not self.empty_message and not self.frame.empty


@dataclass
class Report:
    """Base class of the reports: holds sections and renders them every way.

    Subclasses build ``title``, ``summary`` and ``sections`` and, for audiences other
    than ``"analyst"``, override :meth:`page`; the rendering methods below are shared.

    Parameters
    ----------
    title : str
        Title of the report.
    sections : list of Section
        The content, in reading order.
    summary : dict of str to object, optional
        A few headline facts shown above the sections (e.g. ``{"learners": 30}``).
    main : str, optional
        Key of the section returned by :meth:`to_frame`; defaults to the first.
    audience : str, default "analyst"
        Who reads the pages (``"analyst"``: every statistic of every section).
    locale : {"en", "ko"}, default "en"
        Language of the pages.
    timezone : tzinfo, optional
        Timestamps are shown in this time zone (None: as recorded).

    Examples
    --------
    >>> import pandas as pd
    >>> report = Report("Demo", [Section("scores", "Scores", pd.DataFrame({"x": [1]}))])
    >>> report.to_frame()["x"].tolist()
    [1]
    >>> "<h1>Demo</h1>" in report.to_html()
    True
    """

    title: str
    sections: list[Section]
    summary: dict[str, object] = field(default_factory=dict)
    main: str | None = None
    audience: str = "analyst"
    locale: str = "en"
    timezone: dt.tzinfo | None = None

    @property
    def localizer(self) -> Localizer:
        """Text, number and date formatting for this report's locale and time zone.

        Examples
        --------
        >>> Report("R", [], locale="ko").localizer.percent(0.5)
        '50%'
        """
        return Localizer(self.locale, self.timezone)

    def page(self, *, generated_at: str | None = None) -> Page:
        """The page this report shows its audience (the analyst page by default).

        Parameters
        ----------
        generated_at : str, optional
            A stamp printed in the footer.

        Returns
        -------
        Page

        Examples
        --------
        >>> import pandas as pd
        >>> page = Report("R", [Section("a", "A", pd.DataFrame({"v": [1]}))]).page()
        >>> [section.title for section in page.sections]
        ['A']
        """
        from adaptive_tutor.reports._analyst import analyst_page

        return analyst_page(self, generated_at)

    @property
    def frames(self) -> dict[str, pd.DataFrame]:
        """Every section's frame by key (copies, so edits do not change the report).

        Examples
        --------
        >>> import pandas as pd
        >>> list(Report("R", [Section("a", "A", pd.DataFrame())]).frames)
        ['a']
        """
        return {section.key: section.frame.copy() for section in self.sections}

    def section(self, key: str) -> Section:
        """The section with this key.

        Parameters
        ----------
        key : str
            A section's machine name.

        Returns
        -------
        Section
            The section.

        Examples
        --------
        >>> import pandas as pd
        >>> Report("R", [Section("a", "A", pd.DataFrame())]).section("a").title
        'A'
        """
        for candidate in self.sections:
            if candidate.key == key:
                return candidate
        keys = ", ".join(repr(s.key) for s in self.sections)
        raise KeyError(f"This report has no section {key!r}; its sections are {keys}.")

    def to_frame(self, key: str | None = None) -> pd.DataFrame:
        """The main tidy frame (or the frame of section ``key``), as a copy.

        Parameters
        ----------
        key : str, optional
            A section's machine name; the report's main section when omitted.

        Returns
        -------
        DataFrame
            A copy of the section's frame.

        Examples
        --------
        >>> import pandas as pd
        >>> Report("R", [Section("a", "A", pd.DataFrame({"v": [2]}))]).to_frame("a").shape
        (1, 1)
        """
        if key is None:
            key = self.main if self.main is not None else self.sections[0].key
        return self.section(key).frame.copy()

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: title, summary, and per section its records and note.

        Missing values become ``None``; timestamps ISO strings.

        Returns
        -------
        dict
            ``title``, ``summary`` and ``sections``, ready for :func:`json.dumps`.

        Examples
        --------
        >>> import pandas as pd
        >>> Report("R", [Section("a", "A", pd.DataFrame({"v": [float("nan")]}))]).to_dict()
        {'title': 'R', 'summary': {}, 'sections': {'a': {'title': 'A', 'note': '', 'not_enough_data': None, 'records': [{'v': None}]}}}
        """  # noqa: E501
        return {
            "title": self.title,
            "summary": {str(k): _json_value(v) for k, v in self.summary.items()},
            "sections": {
                s.key: {
                    "title": s.title,
                    "note": s.note,
                    "not_enough_data": s.empty_message or None,
                    "records": _records(s.frame),
                }
                for s in self.sections
            },
        }

    def to_json(self, path: str | Path | None = None, *, indent: int = 2) -> str:
        """The :meth:`to_dict` content as JSON text; also written to ``path`` if given.

        Parameters
        ----------
        path : str or Path, optional
            Also write the JSON there (UTF-8).
        indent : int, default 2
            Spaces per nesting level.

        Returns
        -------
        str
            The JSON text.

        Examples
        --------
        >>> import pandas as pd
        >>> text = Report("R", [Section("a", "A", pd.DataFrame({"v": [1]}))]).to_json()
        >>> import json; json.loads(text)["sections"]["a"]["records"]
        [{'v': 1}]
        """
        text = json.dumps(self.to_dict(), indent=indent, ensure_ascii=False, allow_nan=False)
        if path is not None:
            Path(path).write_text(text + "\n", encoding="utf-8")
        return text

    def _summary_lines(self) -> list[tuple[str, str]]:
        from adaptive_tutor.reports._labels import column_label

        loc = self.localizer
        return [(column_label(str(k), loc), loc.cell(v)) for k, v in self.summary.items()]

    def _not_enough(self, section: Section) -> str:
        why = section.empty_message or self.localizer.gettext("nothing to show.")
        return self.localizer.gettext("Not enough data: %(why)s", why=why)

    def to_text(self) -> str:
        """A plain-text rendering for terminals and logs (the audience's page).

        For analysts every section's frame is printed with its machine column names.

        Control characters in any text (titles, notes, cells) become spaces, so untrusted
        text cannot break lines or send terminal control sequences.

        Returns
        -------
        str
            Plain text.

        Examples
        --------
        >>> import pandas as pd
        >>> print(Report("R", [Section("a", "A", pd.DataFrame({"v": [1]}))]).to_text())
        R
        =
        <BLANKLINE>
        A
        -
        v
        -
        1
        """
        if self.audience != "analyst":
            return page_text(self.page())
        title = plain_text(self.title)
        out = [title, "=" * len(title)]
        out += [f"{plain_text(name)}: {plain_text(value)}" for name, value in self._summary_lines()]
        for s in self.sections:
            section_title = plain_text(s.title)
            out += ["", section_title, "-" * len(section_title)]
            if s.note:
                out.append(plain_text(s.note))
            if s.has_data:
                out.append(text_table(s.frame.head(s.max_rows)))
                if len(s.frame) > s.max_rows:
                    hidden = self.localizer.integer(len(s.frame) - s.max_rows)
                    out.append(
                        self.localizer.gettext(
                            "%(count)s more rows are in to_frame('%(key)s').",
                            count=hidden,
                            key=plain_text(s.key),
                        )
                    )
            else:
                out.append(plain_text(self._not_enough(s)))
        return "\n".join(out)

    def to_markdown(self) -> str:
        """A Markdown rendering (headings and pipe tables); all text is escaped.

        Titles, summary facts, notes and cells are escaped for Markdown, so they render
        as the literal text: untrusted names cannot add headings, links, images or lines.

        For analysts every section's frame is printed with its machine column names.

        Returns
        -------
        str
            Markdown text.

        Examples
        --------
        >>> import pandas as pd
        >>> print(Report("R", [Section("a", "A", pd.DataFrame({"v": [1]}))]).to_markdown())
        # R
        <BLANKLINE>
        ## A
        <BLANKLINE>
        | v |
        | ---: |
        | 1 |
        """
        if self.audience != "analyst":
            return page_markdown(self.page())
        out = [f"# {markdown_text(self.title)}"]
        lines = self._summary_lines()
        if lines:
            out += [""] + [f"- **{markdown_text(k)}**: {markdown_text(v)}" for k, v in lines]
        for s in self.sections:
            out += ["", f"## {markdown_text(s.title)}", ""]
            if s.note:
                out += [markdown_text(s.note), ""]
            if s.has_data:
                out.append(markdown_table(s.frame.head(s.max_rows)))
            else:
                out.append(f"*{markdown_text(self._not_enough(s))}*")
        return "\n".join(out)

    def to_html(self, path: str | Path | None = None, *, generated_at: str | None = None) -> str:
        """One self-contained HTML page (inline CSS and SVG, no script).

        Parameters
        ----------
        path : str or Path, optional
            Also write the page there (UTF-8).
        generated_at : str, optional
            A stamp to print in the footer; none by default so output is reproducible.

        Returns
        -------
        str
            The HTML document.

        Examples
        --------
        >>> import pandas as pd
        >>> html = Report("<R>", [Section("a", "A", pd.DataFrame({"v": [1]}))]).to_html()
        >>> "&lt;R&gt;" in html and "<R>" not in html
        True
        """
        html = render_page(self.page(generated_at=generated_at))
        if path is not None:
            Path(path).write_text(html, encoding="utf-8")
        return html

    def _repr_html_(self) -> str:
        return self.to_html()

    def __repr__(self) -> str:
        keys = ", ".join(s.key for s in self.sections)
        return f"{type(self).__name__}(title={self.title!r}, sections=[{keys}])"
