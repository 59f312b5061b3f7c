"""Dot charts: an estimate per row as a dot with its interval, or a change as two dots.

Abilities have no natural zero, so they are never drawn as bars: a dot marks the
estimate, a whisker its interval, and a dashed tick the benchmark it is judged against.
Marker shapes (not only colours) tell statuses apart.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from markupsafe import Markup
from numpy.typing import ArrayLike

from adaptive_tutor.reports.svg._canvas import (
    PALETTE,
    Frame,
    finite_range,
    fmt,
    no_data,
    shorten,
    svg_document,
    text_width,
)

__all__ = ["MARKERS", "interval_dots", "marker", "paired_dots"]

# Marker styles: shape and colour. Statuses use distinct shapes as well as colours.
MARKERS = {
    "dot": ("circle", PALETTE[0]),
    "mastered": ("circle", "#0072B2"),
    "undetermined": ("diamond", "#B07800"),
    "not_mastered": ("triangle", "#D55E00"),
    "too_few_answers": ("ring", "#7a7a7a"),
    "start": ("ring", "#555555"),
    "end": ("circle", "#0072B2"),
}
ROW = 24


def marker(style: str, x: float, y: float, size: float = 5.5) -> Markup:
    """One marker of ``style`` (a key of :data:`MARKERS`) centred at (x, y).

    Parameters
    ----------
    style : str
        A key of :data:`MARKERS`.
    x, y : float
        The centre, in pixels.
    size : float, default 5.5
        The marker's radius (half its width), in pixels.

    Returns
    -------
    markupsafe.Markup
        The SVG element.

    Examples
    --------
    >>> str(marker("ring", 10, 10)).startswith("<circle")
    True
    """
    shape, colour = MARKERS.get(style, MARKERS["dot"])
    if shape == "circle":
        return Markup('<circle cx="{}" cy="{}" r="{}" fill="{}"/>').format(
            fmt(x), fmt(y), fmt(size), colour
        )
    if shape == "ring":
        return Markup(
            '<circle cx="{}" cy="{}" r="{}" fill="#ffffff" stroke="{}" stroke-width="2"/>'
        ).format(fmt(x), fmt(y), fmt(size - 1), colour)
    if shape == "diamond":
        d = size + 1.0
        corners = ((x, y - d), (x + d, y), (x, y + d), (x - d, y))
        points = " ".join(f"{fmt(a)},{fmt(b)}" for a, b in corners)
    else:  # triangle pointing down
        d = size + 1.0
        points = (
            f"{fmt(x - d)},{fmt(y - d * 0.8)} {fmt(x + d)},{fmt(y - d * 0.8)} {fmt(x)},{fmt(y + d)}"
        )
    return Markup('<polygon points="{}" fill="{}"/>').format(points, colour)


def _legend_layout(
    entries: Sequence[tuple[str, str]], left: float, width: float
) -> list[tuple[str, str, float, int]]:
    """Place legend entries left to right, wrapping: (style, text, x, row) each."""
    placed = []
    x, row = left, 0
    for style, text in entries:
        room = text_width(text) + 30
        if x + room > width - 8 and x > left:
            x, row = left, row + 1
        placed.append((style, text, x, row))
        x += room
    return placed


def _legend_rows(entries: Sequence[tuple[str, str]], left: float, width: float) -> int:
    """How many lines the legend takes."""
    placed = _legend_layout(entries, left, width)
    return 1 + max((row for *_, row in placed), default=-1) if placed else 0


def _legend(
    entries: Sequence[tuple[str, str]], left: float, top: float, width: float
) -> list[Markup]:
    """Marker + text pairs in rows of 18 pixels from ``top`` (the first row's centre)."""
    parts: list[Markup] = []
    for style, text, x, row in _legend_layout(entries, left, width):
        y = top + 18 * row
        if style == "reference":
            parts.append(
                Markup('<line class="reference" x1="{0}" y1="{1}" x2="{0}" y2="{2}"/>').format(
                    fmt(x + 6), fmt(y - 7), fmt(y + 7)
                )
            )
        else:
            parts.append(marker(style, x + 6, y))
        parts.append(Markup('<text x="{}" y="{}">{}</text>').format(fmt(x + 16), fmt(y + 4), text))
    return parts


def _ranges(*arrays: np.ndarray, x_range: tuple[float, float] | None) -> tuple[float, float]:
    if x_range is not None:
        return x_range
    low, high = finite_range(*arrays)
    pad = max(0.05 * (high - low), 0.1)
    return low - pad, high + pad


def interval_dots(
    labels: Sequence[str],
    values: ArrayLike,
    lower: ArrayLike,
    upper: ArrayLike,
    *,
    title: str,
    x_label: str,
    reference: ArrayLike | None = None,
    styles: Sequence[str] | None = None,
    value_text: Sequence[str] | None = None,
    x_range: tuple[float, float] | None = None,
    x_ticks: Sequence[tuple[float, str]] | None = None,
    legend: Sequence[tuple[str, str]] = (),
    missing_label: str = "no data",
    description: str = "",
) -> Markup:
    """One row per label: a dot at the estimate, a whisker for its interval, a benchmark.

    Parameters
    ----------
    labels : sequence of str
        Row labels (escaped; shortened to fit, the full text in a tooltip).
    values, lower, upper : sequence of float
        Estimate and interval of each row; a NaN estimate writes ``missing_label``.
    title, x_label : str
        Chart title and axis label.
    reference : sequence of float, optional
        A benchmark per row, drawn as a dashed vertical tick.
    styles : sequence of str, optional
        Marker style of each row (keys of :data:`MARKERS`, e.g. status codes).
    value_text : sequence of str, optional
        Text written at the right end of each row (e.g. "grade 2.6").
    x_range : (float, float), optional
        Fixed axis range; values beyond it are drawn at the edge.
    x_ticks : sequence of (position, text), optional
        Custom tick labels.
    legend : sequence of (style, text)
        Legend entries under the axis (style ``"reference"`` draws the benchmark tick).
    missing_label : str, default "no data"
        Written where an estimate is NaN.
    description : str, optional
        Text alternative of the chart.

    Returns
    -------
    markupsafe.Markup
        The SVG, safe to put in HTML.

    Examples
    --------
    >>> svg = interval_dots(["add"], [0.5], [0.1], [0.9], title="Skills", x_label="ability",
    ...                     reference=[0.0], styles=["mastered"])
    >>> svg.count("<circle"), svg.count('class="whisker"'), svg.count('class="reference"')
    (1, 1, 1)
    """
    vals = np.asarray(values, dtype=np.float64)
    if vals.size == 0 or not np.isfinite(vals).any():
        return no_data(f"{title}: no values to draw.")
    low = np.asarray(lower, dtype=np.float64)
    high = np.asarray(upper, dtype=np.float64)
    refs = np.asarray(
        reference if reference is not None else np.full(vals.size, np.nan), dtype=np.float64
    )
    kinds = list(styles) if styles is not None else ["dot"] * vals.size
    texts = list(value_text) if value_text is not None else [""] * vals.size
    x0, x1 = _ranges(vals, low, high, refs, x_range=x_range)
    shown = [shorten(str(label), 240) for label in labels]
    left = int(min(260, max(80, 16 + max(text_width(text) for text in shown))))
    right = int(max([24.0] + [14 + text_width(t) for t in texts]))
    width = max(640, left + 380 + right)
    legend_height = 18 * _legend_rows(legend, left, width) + 8 if legend else 0
    height = 36 + ROW * vals.size + 48 + legend_height
    frame = Frame(
        (x0, x1),
        (0.0, float(vals.size)),
        width=width,
        height=height,
        right=right,
        left=left,
        bottom=48 + legend_height,
    )
    parts = frame.axes(x_label, "", x_ticks=x_ticks, y_ticks=False)

    def clip(value: float) -> float:
        return float(min(max(value, x0), x1))

    for index, label in enumerate(labels):
        middle = frame.top + ROW * index + ROW / 2
        parts.append(
            Markup('<text x="{}" y="{}" text-anchor="end"><title>{}</title>{}</text>').format(
                fmt(frame.left - 8), fmt(middle + 4), label, shown[index]
            )
        )
        if index % 2 == 0:
            parts.append(
                Markup('<rect x="{}" y="{}" width="{}" height="{}" fill="#f5f5f5"/>').format(
                    fmt(frame.left + 1),
                    fmt(middle - ROW / 2),
                    fmt(frame.right - frame.left - 1),
                    ROW,
                )
            )
        if np.isfinite(refs[index]):
            parts.append(
                Markup('<line class="reference" x1="{0}" y1="{1}" x2="{0}" y2="{2}"/>').format(
                    fmt(frame.x(clip(refs[index]))), fmt(middle - 9), fmt(middle + 9)
                )
            )
        if not np.isfinite(vals[index]):
            parts.append(
                Markup('<text class="muted" x="{}" y="{}">{}</text>').format(
                    fmt(frame.left + 8), fmt(middle + 4), missing_label
                )
            )
            continue
        if np.isfinite(low[index]) and np.isfinite(high[index]) and high[index] > low[index]:
            parts.append(
                Markup('<line class="whisker" x1="{0}" y1="{1}" x2="{2}" y2="{1}"/>').format(
                    fmt(frame.x(clip(low[index]))), fmt(middle), fmt(frame.x(clip(high[index])))
                )
            )
        parts.append(marker(kinds[index], frame.x(clip(vals[index])), middle))
        if texts[index]:
            parts.append(
                Markup('<text x="{}" y="{}">{}</text>').format(
                    fmt(frame.right + 10), fmt(middle + 4), texts[index]
                )
            )
    if legend:
        parts += _legend(legend, frame.left, frame.bottom + 56, width)
    return svg_document(title, parts, width=width, height=height, description=description)


def paired_dots(
    labels: Sequence[str],
    start: ArrayLike,
    end: ArrayLike,
    *,
    title: str,
    x_label: str,
    start_label: str,
    end_label: str,
    x_range: tuple[float, float] | None = None,
    x_ticks: Sequence[tuple[float, str]] | None = None,
    value_text: Sequence[str] | None = None,
    description: str = "",
) -> Markup:
    """One row per label: where it started (ring) and where it is now (dot), joined.

    Parameters
    ----------
    labels : sequence of str
        Row labels (escaped).
    start, end : sequence of float
        The two values of each row.
    title, x_label, start_label, end_label : str
        Chart title, axis label and the legend's names for the two dots.
    x_range : (float, float), optional
        Fixed axis range; values beyond it are drawn at the edge.
    x_ticks : sequence of (position, text), optional
        Custom tick labels.
    value_text : sequence of str, optional
        Text written at the right end of each row (e.g. "+0.4").
    description : str, optional
        Text alternative of the chart.

    Returns
    -------
    markupsafe.Markup
        The SVG, safe to put in HTML.

    Examples
    --------
    >>> svg = paired_dots(["ann"], [1.0], [2.0], title="Growth", x_label="grade",
    ...                   start_label="first week", end_label="last week")
    >>> svg.count("<circle")
    4
    """
    first = np.asarray(start, dtype=np.float64)
    last = np.asarray(end, dtype=np.float64)
    usable = np.isfinite(first) & np.isfinite(last)
    if first.size == 0 or not usable.any():
        return no_data(f"{title}: no values to draw.")
    x0, x1 = _ranges(first, last, x_range=x_range)
    shown = [shorten(str(label), 200) for label in labels]
    texts = list(value_text) if value_text is not None else [""] * first.size
    left = int(min(220, max(70, 16 + max(text_width(text) for text in shown))))
    right = int(max([24.0] + [14 + text_width(t) for t in texts]))
    width = max(640, left + 380 + right)
    entries = (("start", start_label), ("end", end_label))
    legend_height = 18 * _legend_rows(entries, left, width) + 8
    height = 36 + ROW * first.size + 48 + legend_height
    frame = Frame(
        (x0, x1),
        (0.0, float(first.size)),
        width=width,
        height=height,
        right=right,
        left=left,
        bottom=48 + legend_height,
    )
    parts = frame.axes(x_label, "", x_ticks=x_ticks, y_ticks=False)
    for index, label in enumerate(labels):
        middle = frame.top + ROW * index + ROW / 2
        parts.append(
            Markup('<text x="{}" y="{}" text-anchor="end"><title>{}</title>{}</text>').format(
                fmt(frame.left - 8), fmt(middle + 4), label, shown[index]
            )
        )
        if not usable[index]:
            continue
        a, b = frame.x(float(first[index])), frame.x(float(last[index]))
        parts.append(
            Markup(
                '<line x1="{0}" y1="{2}" x2="{1}" y2="{2}" stroke="#7a7a7a" stroke-width="2"/>'
            ).format(fmt(a), fmt(b), fmt(middle))
        )
        parts.append(marker("start", a, middle))
        parts.append(marker("end", b, middle, size=5.0))
        if texts[index]:
            parts.append(
                Markup('<text x="{}" y="{}">{}</text>').format(
                    fmt(frame.right + 10), fmt(middle + 4), texts[index]
                )
            )
    parts += _legend(entries, frame.left, frame.bottom + 56, width)
    return svg_document(title, parts, width=width, height=height, description=description)
