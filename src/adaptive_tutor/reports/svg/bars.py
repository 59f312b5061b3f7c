"""Bar charts and histograms (counts and rates: bars from zero are right there)."""

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

__all__ = ["bar_chart", "histogram"]


def bar_chart(
    labels: Sequence[str],
    values: ArrayLike,
    *,
    title: str,
    value_label: str,
    lower: ArrayLike | None = None,
    upper: ArrayLike | None = None,
    reference: ArrayLike | None = None,
    highlight: ArrayLike | None = None,
    missing_label: str = "no data",
    description: str = "",
) -> Markup:
    """Horizontal bars with optional confidence intervals and per-bar benchmark marks.

    For quantities that start at zero (rates, counts); an ability has no zero and is
    drawn with :func:`~adaptive_tutor.reports.svg.interval_dots` instead.

    Parameters
    ----------
    labels : sequence of str
        One label per bar (escaped).
    values : sequence of float
        Bar values; a NaN bar is labelled "no data".
    title, value_label : str
        Chart title and value axis label.
    lower, upper : sequence of float, optional
        Confidence interval of each value, drawn as whiskers.
    reference : sequence of float, optional
        A benchmark per bar, drawn as a vertical tick.
    highlight : sequence of bool, optional
        Bars drawn in the second colour (e.g. below benchmark).
    missing_label : str, default "no data"
        Written where a value is NaN.
    description : str, optional
        Text alternative of the chart.

    Returns
    -------
    markupsafe.Markup
        The SVG, safe to put in HTML.

    Examples
    --------
    >>> svg = bar_chart(["fractions"], [0.5], title="Skills", value_label="ability",
    ...                 lower=[0.1], upper=[0.9])
    >>> svg.count("<rect")
    1
    """
    vals = np.asarray(values, dtype=np.float64)
    if vals.size == 0 or not np.isfinite(vals).any():
        return no_data(f"{title}: no values to draw.")
    low = np.asarray(lower if lower is not None else vals, dtype=np.float64)
    high = np.asarray(upper if upper is not None else vals, dtype=np.float64)
    refs = np.asarray(reference if reference is not None else np.full(vals.size, np.nan))
    marks = np.asarray(highlight if highlight is not None else np.zeros(vals.size, dtype=bool))
    x_min, x_max = finite_range(vals, low, high, refs.astype(np.float64), np.zeros(1))
    row = 24
    shown = [shorten(str(label), 260) for label in labels]
    left = int(min(280, max(90, 16 + max(text_width(text) for text in shown))))
    width = max(640, left + 360)
    height = 36 + 48 + row * vals.size
    frame = Frame((x_min, x_max), (0.0, float(vals.size)), width=width, height=height, right=40)
    frame.left = left
    parts = frame.axes(value_label, "", x_ticks=None, y_ticks=False)
    zero = frame.x(max(x_min, min(0.0, x_max)))
    for index, (label, value) in enumerate(zip(labels, vals, strict=True)):
        top = frame.top + row * index + 4
        parts.append(
            Markup('<text x="{}" y="{}" text-anchor="end"><title>{}</title>{}</text>').format(
                fmt(frame.left - 6), fmt(top + 12), label, shown[index]
            )
        )
        if not np.isfinite(value):
            parts.append(
                Markup('<text class="muted" x="{}" y="{}">{}</text>').format(
                    fmt(frame.left + 6), fmt(top + 12), missing_label
                )
            )
            continue
        end = frame.x(value)
        colour = PALETTE[1] if marks[index] else PALETTE[0]
        parts.append(
            Markup('<rect x="{}" y="{}" width="{}" height="16" fill="{}"/>').format(
                fmt(min(zero, end)), fmt(top), fmt(abs(end - zero)), colour
            )
        )
        if np.isfinite(low[index]) and np.isfinite(high[index]) and high[index] > low[index]:
            parts.append(
                Markup('<line class="whisker" x1="{0}" y1="{1}" x2="{2}" y2="{1}"/>').format(
                    fmt(frame.x(low[index])), fmt(top + 8), fmt(frame.x(high[index]))
                )
            )
        if np.isfinite(refs[index]):
            parts.append(
                Markup('<line class="reference" x1="{0}" y1="{1}" x2="{0}" y2="{2}"/>').format(
                    fmt(frame.x(float(refs[index]))), fmt(top - 2), fmt(top + 18)
                )
            )
    return svg_document(title, parts, width=width, height=height, description=description)


def histogram(
    values: ArrayLike,
    *,
    title: str,
    x_label: str,
    y_label: str = "count",
    bins: int = 20,
    bin_edges: ArrayLike | None = None,
    reference_line: float | None = None,
    x_ticks: Sequence[tuple[float, str]] | None = None,
    description: str = "",
) -> Markup:
    """Histogram of finite values (e.g. an ability distribution); counts get whole ticks.

    Parameters
    ----------
    values : sequence of float
        Values; NaN are ignored.
    title, x_label : str
        Text of the chart (escaped).
    y_label : str, default "count"
        What is counted (e.g. "learners").
    bins : int, default 20
        Number of equal-width bins.
    bin_edges : sequence of float, optional
        Explicit bin edges (then ``bins`` is ignored); values outside are not drawn.
    reference_line : float, optional
        A dashed vertical line (e.g. a benchmark).
    x_ticks : sequence of (position, text), optional
        Custom x tick labels.
    description : str, optional
        Text alternative of the chart.

    Returns
    -------
    markupsafe.Markup
        The SVG, safe to put in HTML.

    Examples
    --------
    >>> histogram([0.1, 0.2, 1.5], title="Ability", x_label="theta", bins=3).count("<rect")
    3
    """
    data = np.asarray(values, dtype=np.float64)
    data = data[np.isfinite(data)]
    if data.size == 0:
        return no_data(f"{title}: no values to draw.")
    if bin_edges is not None:
        edges = np.asarray(bin_edges, dtype=np.float64)
        counts, _ = np.histogram(data, bins=edges)
        low, high = float(edges[0]), float(edges[-1])
    else:
        low, high = float(data.min()), float(data.max())
        if reference_line is not None:
            low, high = min(low, reference_line), max(high, reference_line)
        if high <= low:
            low, high = low - 0.5, high + 0.5
        counts, edges = np.histogram(data, bins=bins, range=(low, high))
    frame = Frame((low, high), (0.0, float(max(counts.max(), 1))), right=40)
    parts = frame.axes(x_label, y_label, x_ticks=x_ticks, integer_y=True)
    for count, left, right in zip(counts, edges[:-1], edges[1:], strict=True):
        parts.append(
            Markup('<rect class="bar" x="{}" y="{}" width="{}" height="{}" fill="{}"/>').format(
                fmt(frame.x(left)),
                fmt(frame.y(count)),
                fmt(max(frame.x(right) - frame.x(left) - 1, 0.5)),
                fmt(frame.bottom - frame.y(count)),
                PALETTE[0],
            )
        )
    if reference_line is not None:
        parts.append(
            Markup('<line class="reference" x1="{0}" y1="{1}" x2="{0}" y2="{2}"/>').format(
                fmt(frame.x(reference_line)), fmt(frame.top), fmt(frame.bottom)
            )
        )
    return svg_document(title, parts, description=description)
