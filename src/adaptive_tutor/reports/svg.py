"""Inline SVG charts for the HTML reports: no JavaScript, no external assets.

Every builder returns :class:`markupsafe.Markup` holding one ``<svg>`` element. All text
that may come from data (labels, titles, item ids) goes through :func:`markupsafe.escape`,
so an item prompt such as ``<script>`` shows as text and never runs. Numbers are written
with fixed precision so the same input always gives the same bytes. A builder given no
usable data returns a short "Not enough data" paragraph instead of an empty chart.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
from markupsafe import Markup
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "bar_chart",
    "heatmap",
    "histogram",
    "line_chart",
    "no_data",
    "wright_map",
]

FloatArray = NDArray[np.float64]
PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#17becf")
WIDTH, HEIGHT = 640, 320
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 64, 150, 36, 48


def _n(value: float) -> str:
    """Format a coordinate with one decimal, never '-0.0'."""
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


def no_data(message: str) -> Markup:
    """An explicit notice used in place of a chart that has nothing to show.

    Parameters
    ----------
    message : str
        Why there is nothing to show (escaped).

    Returns
    -------
    markupsafe.Markup

    Examples
    --------
    >>> str(no_data("no sessions <yet>"))
    '<p class="no-data">Not enough data: no sessions &lt;yet&gt;</p>'
    """
    return Markup('<p class="no-data">Not enough data: {}</p>').format(message)


def _nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    if not (math.isfinite(low) and math.isfinite(high)) or high <= low:
        return [low]
    raw = (high - low) / max(count, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.ceil(low / step - 1e-9) * step
    ticks = []
    value = first
    while value <= high + 1e-9 * step:
        ticks.append(round(value, 10))
        value += step
    return ticks


def _tick_text(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


class _Frame:
    """Plot-area geometry and the linear maps from data to pixels."""

    def __init__(
        self,
        x_range: tuple[float, float],
        y_range: tuple[float, float],
        width: int = WIDTH,
        height: int = HEIGHT,
        right: int = MARGIN_RIGHT,
    ) -> None:
        self.x0, self.x1 = x_range
        self.y0, self.y1 = y_range
        if self.x1 <= self.x0:
            self.x0, self.x1 = self.x0 - 0.5, self.x0 + 0.5
        if self.y1 <= self.y0:
            self.y0, self.y1 = self.y0 - 0.5, self.y0 + 0.5
        self.width, self.height = width, height
        self.left, self.right = MARGIN_LEFT, width - right
        self.top, self.bottom = MARGIN_TOP, height - MARGIN_BOTTOM

    def x(self, value: float) -> float:
        return self.left + (value - self.x0) / (self.x1 - self.x0) * (self.right - self.left)

    def y(self, value: float) -> float:
        return self.bottom - (value - self.y0) / (self.y1 - self.y0) * (self.bottom - self.top)

    def axes(
        self,
        x_label: str,
        y_label: str,
        x_ticks: Sequence[tuple[float, str]] | None = None,
        y_ticks: bool = True,
    ) -> list[Markup]:
        parts = [
            Markup('<line class="axis" x1="{}" y1="{}" x2="{}" y2="{}"/>').format(
                _n(self.left), _n(self.bottom), _n(self.right), _n(self.bottom)
            ),
            Markup('<line class="axis" x1="{}" y1="{}" x2="{}" y2="{}"/>').format(
                _n(self.left), _n(self.top), _n(self.left), _n(self.bottom)
            ),
        ]
        ticks = x_ticks
        if ticks is None:
            ticks = [(t, _tick_text(t)) for t in _nice_ticks(self.x0, self.x1)]
        for value, text in ticks:
            px = self.x(value)
            parts.append(
                Markup(
                    '<line class="tick" x1="{0}" y1="{1}" x2="{0}" y2="{2}"/>'
                    '<text x="{0}" y="{3}" text-anchor="middle">{4}</text>'
                ).format(_n(px), _n(self.bottom), _n(self.bottom + 4), _n(self.bottom + 16), text)
            )
        for value in _nice_ticks(self.y0, self.y1) if y_ticks else []:
            py = self.y(value)
            parts.append(
                Markup(
                    '<line class="grid" x1="{0}" y1="{1}" x2="{2}" y2="{1}"/>'
                    '<text x="{3}" y="{4}" text-anchor="end">{5}</text>'
                ).format(
                    _n(self.left),
                    _n(py),
                    _n(self.right),
                    _n(self.left - 6),
                    _n(py + 4),
                    _tick_text(value),
                )
            )
        parts.append(
            Markup('<text x="{}" y="{}" text-anchor="middle">{}</text>').format(
                _n((self.left + self.right) / 2), _n(self.height - 10), x_label
            )
        )
        parts.append(
            Markup(
                '<text x="14" y="{0}" text-anchor="middle" '
                'transform="rotate(-90 14 {0})">{1}</text>'
            ).format(_n((self.top + self.bottom) / 2), y_label)
        )
        return parts


def _point(frame: _Frame, x: float, y: float) -> str:
    return f"{_n(frame.x(x))},{_n(frame.y(y))}"


def _svg(title: str, parts: Sequence[Markup], width: int = WIDTH, height: int = HEIGHT) -> Markup:
    head = Markup(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{0}" height="{1}" '
        'viewBox="0 0 {0} {1}" role="img" aria-label="{2}"><title>{2}</title>'
        '<text class="chart-title" x="{3}" y="20">{2}</text>'
    ).format(width, height, title, MARGIN_LEFT)
    return head + Markup("").join(parts) + Markup("</svg>")


def _legend(frame: _Frame, labels: Sequence[str]) -> list[Markup]:
    parts = []
    for index, label in enumerate(labels):
        y = frame.top + 14 * index
        parts.append(
            Markup(
                '<rect x="{0}" y="{1}" width="10" height="10" fill="{2}"/>'
                '<text x="{3}" y="{4}">{5}</text>'
            ).format(
                _n(frame.right + 10),
                _n(y),
                PALETTE[index % len(PALETTE)],
                _n(frame.right + 24),
                _n(y + 9),
                label,
            )
        )
    return parts


def _finite_range(*arrays: FloatArray) -> tuple[float, float]:
    values = np.concatenate([np.ravel(a) for a in arrays]) if arrays else np.empty(0)
    values = values[np.isfinite(values)]
    if values.size == 0:
        return 0.0, 1.0
    return float(values.min()), float(values.max())


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

    Returns
    -------
    markupsafe.Markup

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
    frame = _Frame(_finite_range(*xs_all), y_range or _finite_range(*ys_all))
    parts = frame.axes(x_label, y_label, x_ticks)
    if reference_line is not None:
        parts.append(
            Markup('<line class="reference" x1="{0}" y1="{1}" x2="{2}" y2="{1}"/>').format(
                _n(frame.left), _n(frame.y(reference_line)), _n(frame.right)
            )
        )
    for index, (label, (x, y, keep)) in enumerate(cleaned.items()):
        colour = PALETTE[index % len(PALETTE)]
        if label in bands:
            band_low = np.asarray(bands[label][0], dtype=np.float64)
            band_high = np.asarray(bands[label][1], dtype=np.float64)
            ok = keep & np.isfinite(band_low) & np.isfinite(band_high)
            if ok.any():
                upper = [_point(frame, a, b) for a, b in zip(x[ok], band_high[ok], strict=True)]
                lower = [_point(frame, a, b) for a, b in zip(x[ok], band_low[ok], strict=True)]
                parts.append(
                    Markup('<polygon class="band" fill="{}" points="{}"/>').format(
                        colour, " ".join(upper + lower[::-1])
                    )
                )
        points = " ".join(_point(frame, a, b) for a, b in zip(x[keep], y[keep], strict=True))
        parts.append(
            Markup('<polyline class="line" stroke="{}" points="{}"/>').format(colour, points)
        )
        if keep.sum() <= 30:
            for a, b in zip(x[keep], y[keep], strict=True):
                parts.append(
                    Markup('<circle cx="{}" cy="{}" r="3" fill="{}"/>').format(
                        _n(frame.x(a)), _n(frame.y(b)), colour
                    )
                )
    parts += _legend(frame, list(cleaned))
    return _svg(title, parts)


def _shorten(text: str, limit: int) -> str:
    """Cut a label to ``limit`` characters with an ellipsis (the full text goes in a title)."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


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
) -> Markup:
    """Horizontal bars with optional confidence intervals and per-bar benchmark marks.

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

    Returns
    -------
    markupsafe.Markup

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
    x_min, x_max = _finite_range(vals, low, high, refs.astype(np.float64), np.zeros(1))
    row = 24
    height = MARGIN_TOP + MARGIN_BOTTOM + row * vals.size
    shown = [_shorten(str(label), 42) for label in labels]
    left = min(300, max(90, 12 + int(6.2 * max(len(text) for text in shown))))
    width = max(WIDTH, left + 360)
    frame = _Frame((x_min, x_max), (0.0, float(vals.size)), width=width, height=height, right=40)
    frame.left = left
    parts = frame.axes(value_label, "", x_ticks=None, y_ticks=False)[:-1]
    zero = frame.x(max(x_min, min(0.0, x_max)))
    for index, (label, value) in enumerate(zip(labels, vals, strict=True)):
        top = frame.top + row * index + 4
        parts.append(
            Markup('<text x="{}" y="{}" text-anchor="end"><title>{}</title>{}</text>').format(
                _n(frame.left - 6), _n(top + 12), label, shown[index]
            )
        )
        if not np.isfinite(value):
            parts.append(
                Markup('<text class="muted" x="{}" y="{}">no data</text>').format(
                    _n(frame.left + 6), _n(top + 12)
                )
            )
            continue
        end = frame.x(value)
        colour = PALETTE[1] if marks[index] else PALETTE[0]
        parts.append(
            Markup('<rect x="{}" y="{}" width="{}" height="16" fill="{}"/>').format(
                _n(min(zero, end)), _n(top), _n(abs(end - zero)), colour
            )
        )
        if np.isfinite(low[index]) and np.isfinite(high[index]) and high[index] > low[index]:
            parts.append(
                Markup('<line class="whisker" x1="{0}" y1="{1}" x2="{2}" y2="{1}"/>').format(
                    _n(frame.x(low[index])), _n(top + 8), _n(frame.x(high[index]))
                )
            )
        if np.isfinite(refs[index]):
            parts.append(
                Markup('<line class="reference" x1="{0}" y1="{1}" x2="{0}" y2="{2}"/>').format(
                    _n(frame.x(float(refs[index]))), _n(top - 2), _n(top + 18)
                )
            )
    return _svg(title, parts, height=height)


def _colour(value: float, low: float, high: float) -> str:
    """Blue-white-orange scale; NaN is light grey."""
    if not np.isfinite(value):
        return "#e0e0e0"
    t = 0.5 if high <= low else min(max((value - low) / (high - low), 0.0), 1.0)
    start, middle, end = (178, 24, 43), (247, 247, 247), (33, 102, 172)
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
) -> Markup:
    """A rows x columns grid of coloured cells (e.g. learners x skills mastery).

    Parameters
    ----------
    row_labels, column_labels : sequence of str
        Labels (escaped).
    values : array-like of shape (n_rows, n_columns)
        Cell values; NaN cells are grey and titled "no data".
    title : str
        Chart title.
    value_range : (float, float)
        Values mapped to the two ends of the red-white-blue scale.
    cell_text : nested sequence of str, optional
        Short text written in each cell.

    Returns
    -------
    markupsafe.Markup

    Examples
    --------
    >>> svg = heatmap(["ann"], ["add", "sub"], [[0.9, float("nan")]], title="Mastery")
    >>> svg.count('class="cell"')
    2
    """
    grid = np.asarray(values, dtype=np.float64)
    if grid.size == 0 or not np.isfinite(grid).any():
        return no_data(f"{title}: no values to draw.")
    cell_w, cell_h, left, top = 56, 20, 170, 110
    width = left + cell_w * grid.shape[1] + 20
    height = top + cell_h * grid.shape[0] + 40
    parts = []
    for j, label in enumerate(column_labels):
        x = left + cell_w * j + cell_w / 2
        parts.append(
            Markup('<text x="{0}" y="{1}" transform="rotate(-45 {0} {1})">{2}</text>').format(
                _n(x), _n(top - 6), label
            )
        )
    for i, label in enumerate(row_labels):
        y = top + cell_h * i
        parts.append(
            Markup('<text x="{}" y="{}" text-anchor="end">{}</text>').format(
                _n(left - 6), _n(y + 14), label
            )
        )
        for j in range(grid.shape[1]):
            value = grid[i, j]
            tip = f"{value:.2f}" if np.isfinite(value) else "no data"
            parts.append(
                Markup(
                    '<rect class="cell" x="{}" y="{}" width="{}" height="{}" fill="{}">'
                    "<title>{} / {}: {}</title></rect>"
                ).format(
                    _n(left + cell_w * j),
                    _n(y),
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
                        _n(left + cell_w * j + cell_w / 2), _n(y + 14), cell_text[i][j]
                    )
                )
    legend_y = height - 18
    for k, text in enumerate((f"{value_range[0]:g}", f"{value_range[1]:g}")):
        colour = _colour(value_range[k], *value_range)
        parts.append(
            Markup(
                '<rect x="{}" y="{}" width="12" height="12" fill="{}"/>'
                '<text x="{}" y="{}">{}</text>'
            ).format(left + 80 * k, legend_y, colour, left + 80 * k + 16, legend_y + 10, text)
        )
    return _svg(title, parts, width=max(width, 320), height=height)


def histogram(
    values: ArrayLike,
    *,
    title: str,
    x_label: str,
    bins: int = 20,
    reference_line: float | None = None,
) -> Markup:
    """Histogram of finite values (e.g. an ability distribution).

    Parameters
    ----------
    values : sequence of float
        Values; NaN are ignored.
    title, x_label : str
        Text of the chart (escaped).
    bins : int, default 20
        Number of equal-width bins.
    reference_line : float, optional
        A dashed vertical line (e.g. a benchmark).

    Returns
    -------
    markupsafe.Markup

    Examples
    --------
    >>> histogram([0.1, 0.2, 1.5], title="Ability", x_label="theta", bins=3).count("<rect")
    3
    """
    data = np.asarray(values, dtype=np.float64)
    data = data[np.isfinite(data)]
    if data.size == 0:
        return no_data(f"{title}: no values to draw.")
    low, high = float(data.min()), float(data.max())
    if reference_line is not None:
        low, high = min(low, reference_line), max(high, reference_line)
    if high <= low:
        low, high = low - 0.5, high + 0.5
    counts, edges = np.histogram(data, bins=bins, range=(low, high))
    frame = _Frame((low, high), (0.0, float(counts.max())), right=40)
    parts = frame.axes(x_label, "learners")
    for count, left, right in zip(counts, edges[:-1], edges[1:], strict=True):
        parts.append(
            Markup('<rect class="bar" x="{}" y="{}" width="{}" height="{}" fill="{}"/>').format(
                _n(frame.x(left)),
                _n(frame.y(count)),
                _n(max(frame.x(right) - frame.x(left) - 1, 0.5)),
                _n(frame.bottom - frame.y(count)),
                PALETTE[0],
            )
        )
    if reference_line is not None:
        parts.append(
            Markup('<line class="reference" x1="{0}" y1="{1}" x2="{0}" y2="{2}"/>').format(
                _n(frame.x(reference_line)), _n(frame.top), _n(frame.bottom)
            )
        )
    return _svg(title, parts)


def wright_map(
    person_locations: ArrayLike,
    item_locations: ArrayLike,
    item_labels: Sequence[str],
    *,
    title: str = "Person-item (Wright) map",
    bins: int = 24,
) -> Markup:
    """Persons (histogram, left) and items (labelled marks, right) on one logit scale.

    Parameters
    ----------
    person_locations : sequence of float
        Learner abilities; NaN ignored.
    item_locations : sequence of float
        Item difficulties (``b``) on the same scale.
    item_labels : sequence of str
        Item ids (escaped); at most 60 items are marked, easiest first.
    title : str
        Chart title.
    bins : int, default 24
        Bins of the person histogram.

    Returns
    -------
    markupsafe.Markup

    Examples
    --------
    >>> svg = wright_map([-1.0, 0.0, 0.2], [0.5], ["<q1>"])
    >>> "&lt;q1&gt;" in svg
    True
    """
    persons = np.asarray(person_locations, dtype=np.float64)
    persons = persons[np.isfinite(persons)]
    items = np.asarray(item_locations, dtype=np.float64)
    finite_items = np.isfinite(items)
    if persons.size == 0 and not finite_items.any():
        return no_data(f"{title}: no abilities or item locations to draw.")
    low, high = _finite_range(persons, items)
    low, high = math.floor(low) - 0.5, math.ceil(high) + 0.5
    height = 420
    frame = _Frame((0.0, 1.0), (low, high), height=height, right=40)
    middle = (frame.left + frame.right) / 2
    parts = frame.axes("", "logits", x_ticks=[])
    parts.append(
        Markup('<line class="axis" x1="{0}" y1="{1}" x2="{0}" y2="{2}"/>').format(
            _n(middle), _n(frame.top), _n(frame.bottom)
        )
    )
    parts.append(
        Markup(
            '<text x="{}" y="{}" text-anchor="middle">learners</text>'
            '<text x="{}" y="{}" text-anchor="middle">items</text>'
        ).format(
            _n((frame.left + middle) / 2),
            _n(frame.top - 4),
            _n((middle + frame.right) / 2),
            _n(frame.top - 4),
        )
    )
    if persons.size:
        counts, edges = np.histogram(persons, bins=bins, range=(low, high))
        widest = max(int(counts.max()), 1)
        for count, bottom_edge, top_edge in zip(counts, edges[:-1], edges[1:], strict=True):
            length = (middle - frame.left - 8) * count / widest
            parts.append(
                Markup('<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>').format(
                    _n(middle - length),
                    _n(frame.y(top_edge)),
                    _n(length),
                    _n(max(frame.y(bottom_edge) - frame.y(top_edge) - 1, 0.5)),
                    PALETTE[0],
                )
            )
    order = np.argsort(np.where(finite_items, items, np.inf), kind="stable")
    shown = [k for k in order if finite_items[k]][:60]
    for rank, k in enumerate(shown):
        y = frame.y(float(items[k]))
        offset = 8 + 70 * (rank % 3)
        parts.append(
            Markup(
                '<line class="item-mark" x1="{0}" y1="{1}" x2="{2}" y2="{1}"/>'
                '<text x="{3}" y="{4}" class="small">{5}</text>'
            ).format(
                _n(middle),
                _n(y),
                _n(middle + offset - 2),
                _n(middle + offset),
                _n(y + 3),
                item_labels[k],
            )
        )
    return _svg(title, parts, height=height)
