"""Heat maps: a rows x columns grid of coloured cells with a full legend."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from markupsafe import Markup

from adaptive_tutor.reports.svg._canvas import (
    fmt,
    no_data,
    shorten,
    svg_document,
    text_width,
    wrap,
)

__all__ = ["heatmap"]


def _colour(value: float, low: float, high: float) -> str:
    """Vermillion-white-blue scale (readable with colour-blindness); NaN is light grey."""
    if not np.isfinite(value):
        return "#e0e0e0"
    t = 0.5 if high <= low else min(max((value - low) / (high - low), 0.0), 1.0)
    start, middle, end = (213, 94, 0), (247, 247, 247), (0, 114, 178)
    a, b, u = (start, middle, t * 2) if t < 0.5 else (middle, end, (t - 0.5) * 2)
    r, g, bl = (round(a[i] + (b[i] - a[i]) * u) for i in range(3))
    return f"#{r:02x}{g:02x}{bl:02x}"


def heatmap(
    row_labels: Sequence[str],
    column_labels: Sequence[str],
    values: object,
    *,
    title: str,
    value_range: tuple[float, float] = (0.0, 1.0),
    cell_text: Sequence[Sequence[str]] | None = None,
    missing_label: str = "no data",
    description: str = "",
) -> Markup:
    """A rows x columns grid of coloured cells (e.g. learners x skills mastery).

    Column labels are written horizontally, wrapped on up to three lines above their
    column; the legend shows five steps of the scale and the colour of a missing value.

    Parameters
    ----------
    row_labels, column_labels : sequence of str
        Labels (escaped).
    values : array-like of shape (n_rows, n_columns)
        Cell values; NaN cells are grey and titled ``missing_label``.
    title : str
        Chart title.
    value_range : (float, float)
        Values mapped to the two ends of the vermillion-white-blue scale.
    cell_text : nested sequence of str, optional
        Short text written in each cell.
    missing_label : str, default "no data"
        Legend and tooltip text of a missing value.
    description : str, optional
        Text alternative of the chart.

    Returns
    -------
    markupsafe.Markup
        The SVG, safe to put in HTML.

    Examples
    --------
    >>> svg = heatmap(["ann"], ["add", "sub"], [[0.9, float("nan")]], title="Mastery")
    >>> svg.count('class="cell"')
    2
    """
    grid = np.asarray(values, dtype=np.float64)
    if grid.size == 0 or not np.isfinite(grid).any():
        return no_data(f"{title}: no values to draw.")
    cell_w, cell_h = 64, 20
    rows = [shorten(str(label), 200) for label in row_labels]
    left = int(max(60, 16 + max(text_width(text) for text in rows)))
    headers = [wrap(str(label), cell_w - 6) for label in column_labels]
    top = 36 + 13 * max(len(lines) for lines in headers) + 6
    width = max(left + cell_w * grid.shape[1] + 20, 420)
    height = top + cell_h * grid.shape[0] + 44
    parts = []
    for j, lines in enumerate(headers):
        x = left + cell_w * j + cell_w / 2
        spans = Markup("").join(
            Markup('<tspan x="{}" y="{}">{}</tspan>').format(
                fmt(x), fmt(top - 6 - 13 * (len(lines) - 1 - k)), line
            )
            for k, line in enumerate(lines)
        )
        parts.append(
            Markup('<text text-anchor="middle"><title>{}</title>{}</text>').format(
                column_labels[j], spans
            )
        )
    for i, label in enumerate(row_labels):
        y = top + cell_h * i
        parts.append(
            Markup('<text x="{}" y="{}" text-anchor="end"><title>{}</title>{}</text>').format(
                fmt(left - 6), fmt(y + 14), label, rows[i]
            )
        )
        for j in range(grid.shape[1]):
            value = grid[i, j]
            tip = f"{value:.2f}" if np.isfinite(value) else missing_label
            parts.append(
                Markup(
                    '<rect class="cell" x="{}" y="{}" width="{}" height="{}" fill="{}">'
                    "<title>{} / {}: {}</title></rect>"
                ).format(
                    fmt(left + cell_w * j),
                    fmt(y),
                    cell_w - 1,
                    cell_h - 1,
                    _colour(value, *value_range),
                    label,
                    column_labels[j],
                    tip,
                )
            )
            if cell_text is not None:
                parts.append(
                    Markup('<text x="{}" y="{}" text-anchor="middle">{}</text>').format(
                        fmt(left + cell_w * j + cell_w / 2), fmt(y + 14), cell_text[i][j]
                    )
                )
    legend_y = height - 22
    low, high = value_range
    steps = [low + (high - low) * k / 4 for k in range(5)]
    x = float(left)
    for value in [*steps, float("nan")]:
        text = f"{value:g}" if np.isfinite(value) else missing_label
        parts.append(
            Markup(
                '<rect x="{}" y="{}" width="14" height="12" fill="{}" stroke="#999"/>'
                '<text x="{}" y="{}">{}</text>'
            ).format(fmt(x), legend_y, _colour(value, low, high), fmt(x + 18), legend_y + 10, text)
        )
        x += 26 + text_width(text)
    return svg_document(
        title, parts, width=int(max(width, x + 10)), height=height, description=description
    )
