"""Line charts: trajectories, item characteristic and information curves."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from markupsafe import Markup
from numpy.typing import ArrayLike

from adaptive_tutor.reports.svg._canvas import (
    PALETTE,
    Frame,
    finite_range,
    fmt,
    legend,
    no_data,
    point,
    svg_document,
)

__all__ = ["line_chart"]


def line_chart(
    series: Mapping[str, tuple[ArrayLike, ArrayLike]],
    *,
    title: str,
    x_label: str,
    y_label: str,
    bands: Mapping[str, tuple[ArrayLike, ArrayLike]] | None = None,
    x_ticks: Sequence[tuple[float, str]] | None = None,
    y_range: tuple[float, float] | None = None,
    reference_line: float | None = None,
    y_ticks: Sequence[tuple[float, str]] | None = None,
    integer_x: bool = False,
    show_legend: bool = True,
    description: str = "",
) -> Markup:
    """Lines with optional shaded bands (trajectories, item and information curves).

    Parameters
    ----------
    series : mapping of str to (x, y)
        One line per label, drawn in insertion order; points with a NaN are skipped.
    title, x_label, y_label : str
        Text of the chart (escaped).
    bands : mapping of str to (lower, upper), optional
        Shaded interval around the series with the same label (same x).
    x_ticks : sequence of (position, text), optional
        Custom tick labels (e.g. dates); default: round numbers.
    y_range : (float, float), optional
        Fixed vertical range; default: the data range.
    reference_line : float, optional
        A dashed horizontal line (e.g. a benchmark).
    y_ticks : sequence of (position, text), optional
        Custom vertical tick labels (e.g. grades).
    integer_x : bool, default False
        Automatic horizontal ticks on whole numbers only (counts, session numbers).
    show_legend : bool, default True
        Name the series to the right of the plot (the plot then takes the full width
        when False).
    description : str, optional
        Text alternative of the chart.

    Returns
    -------
    markupsafe.Markup
        The SVG, safe to put in HTML.

    Examples
    --------
    >>> svg = line_chart({"<b>": ([0, 1], [0.2, 0.8])}, title="t", x_label="x", y_label="y")
    >>> "<b>" in svg, "&lt;b&gt;" in svg
    (False, True)
    """
    bands = bands or {}
    cleaned = {}
    for label, (xs, ys) in series.items():
        x = np.asarray(xs, dtype=np.float64)
        y = np.asarray(ys, dtype=np.float64)
        keep = np.isfinite(x) & np.isfinite(y)
        if keep.any():
            cleaned[label] = (x, y, keep)
    if not cleaned:
        return no_data(f"{title}: no points to draw.")
    xs_all = [v[0][v[2]] for v in cleaned.values()]
    ys_all = [v[1][v[2]] for v in cleaned.values()]
    for label, (low, high) in bands.items():
        if label in cleaned:
            ys_all += [np.asarray(low, dtype=np.float64), np.asarray(high, dtype=np.float64)]
    if reference_line is not None:
        ys_all.append(np.array([reference_line]))
    frame = Frame(
        finite_range(*xs_all),
        y_range or finite_range(*ys_all),
        right=150 if show_legend else 30,
    )
    parts = frame.axes(x_label, y_label, x_ticks, y_ticks=y_ticks or True, integer_x=integer_x)
    if reference_line is not None:
        parts.append(
            Markup('<line class="reference" x1="{0}" y1="{1}" x2="{2}" y2="{1}"/>').format(
                fmt(frame.left), fmt(frame.y(reference_line)), fmt(frame.right)
            )
        )
    for index, (label, (x, y, keep)) in enumerate(cleaned.items()):
        colour = PALETTE[index % len(PALETTE)]
        if label in bands:
            band_low = np.asarray(bands[label][0], dtype=np.float64)
            band_high = np.asarray(bands[label][1], dtype=np.float64)
            ok = keep & np.isfinite(band_low) & np.isfinite(band_high)
            if ok.any():
                upper = [point(frame, a, b) for a, b in zip(x[ok], band_high[ok], strict=True)]
                lower = [point(frame, a, b) for a, b in zip(x[ok], band_low[ok], strict=True)]
                parts.append(
                    Markup('<polygon class="band" fill="{}" points="{}"/>').format(
                        colour, " ".join(upper + lower[::-1])
                    )
                )
        points = " ".join(point(frame, a, b) for a, b in zip(x[keep], y[keep], strict=True))
        parts.append(
            Markup('<polyline class="line" stroke="{}" points="{}"/>').format(colour, points)
        )
        if keep.sum() <= 30:
            for a, b in zip(x[keep], y[keep], strict=True):
                parts.append(
                    Markup('<circle cx="{}" cy="{}" r="3" fill="{}"/>').format(
                        fmt(frame.x(a)), fmt(frame.y(b)), colour
                    )
                )
    if show_legend:
        parts += legend(frame, list(cleaned))
    return svg_document(title, parts, description=description)
