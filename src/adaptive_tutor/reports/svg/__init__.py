"""Inline SVG charts for the HTML reports: no JavaScript, no external assets.

Every builder returns :class:`markupsafe.Markup` holding one ``<svg>`` element with a
``<title>`` and, where given, a ``<desc>`` text alternative. All text that may come from
data (labels, titles, item ids) goes through :func:`markupsafe.escape`, so an item prompt
such as ``<script>`` shows as text and never runs. Numbers are written with fixed
precision so the same input always gives the same bytes. Labels are laid out from
estimated text widths (Hangul counts wide) so they stay inside the viewBox. A builder
given no usable data returns a short "Not enough data" paragraph instead of an empty
chart. Colours come from the Okabe-Ito palette, readable with colour-blindness, and
statuses never rely on colour alone.
"""

from __future__ import annotations

from adaptive_tutor.reports.svg._canvas import PALETTE, no_data, text_width
from adaptive_tutor.reports.svg.bars import bar_chart, histogram
from adaptive_tutor.reports.svg.dots import interval_dots, paired_dots
from adaptive_tutor.reports.svg.grids import heatmap
from adaptive_tutor.reports.svg.lines import line_chart
from adaptive_tutor.reports.svg.wright import wright_map

__all__ = [
    "PALETTE",
    "bar_chart",
    "heatmap",
    "histogram",
    "interval_dots",
    "line_chart",
    "no_data",
    "paired_dots",
    "text_width",
    "wright_map",
]
