"""Shared drawing primitives of the charts: geometry, ticks, axes, text sizes, the frame.

Every chart is one ``<svg>`` with a ``<title>`` and a ``<desc>`` (its text alternative),
coordinates written with one decimal so that the same input gives the same bytes, and all
text laid out from :func:`text_width` estimates so labels stay inside the viewBox.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence

import numpy as np
from markupsafe import Markup
from numpy.typing import NDArray

__all__ = [
    "HEIGHT",
    "PALETTE",
    "WIDTH",
    "Frame",
    "finite_range",
    "fmt",
    "legend",
    "nice_ticks",
    "no_data",
    "shorten",
    "svg_document",
    "text_width",
    "tick_text",
]

FloatArray = NDArray[np.float64]
# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
WIDTH, HEIGHT = 640, 320
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 64, 150, 36, 48
FONT_SIZE = 11


def fmt(value: float) -> str:
    """Format a coordinate with one decimal, never '-0.0'.

    Examples
    --------
    >>> fmt(-0.01), fmt(12.345)
    ('0.0', '12.3')
    """
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """Estimated rendered width of ``text`` in pixels (wide for Hangul and CJK).

    Parameters
    ----------
    text : str
        The text.
    size : float, default FONT_SIZE
        Font size in pixels.

    Returns
    -------
    float
        The width in pixels.

    Examples
    --------
    >>> text_width("ab") < text_width("가나")
    True
    """
    width = 0.0
    for char in text:
        if unicodedata.east_asian_width(char) in ("W", "F"):
            width += 1.0
        elif char == " ":
            width += 0.3
        elif char.isupper() or char.isdigit():
            width += 0.64
        else:
            width += 0.56
    return width * size


def shorten(text: str, room: float, size: float = FONT_SIZE) -> str:
    """Cut ``text`` with an ellipsis so that it fits in ``room`` pixels.

    Examples
    --------
    >>> shorten("Multiplication tables", 60)
    'Multipli…'
    """
    if text_width(text, size) <= room:
        return text
    cut = text
    while cut and text_width(cut + "…", size) > room:
        cut = cut[:-1]
    return cut.rstrip() + "…"


def wrap(text: str, room: float, size: float = FONT_SIZE, lines: int = 3) -> list[str]:
    """Break ``text`` into at most ``lines`` lines of ``room`` pixels (the last shortened).

    Examples
    --------
    >>> wrap("Addition within 20", 70)
    ['Addition', 'within 20']
    """
    words = text.split(" ")
    out: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if text_width(candidate, size) <= room or not current:
            current = candidate
        else:
            out.append(current)
            current = word
    out.append(current)
    if len(out) > lines:
        out = [*out[: lines - 1], " ".join(out[lines - 1 :])]
    return [shorten(line, room, size) for line in out]


def no_data(message: str) -> Markup:
    """An explicit notice used in place of a chart that has nothing to show.

    Parameters
    ----------
    message : str
        Why there is nothing to show (escaped).

    Returns
    -------
    markupsafe.Markup
        The notice, safe to put in HTML.

    Examples
    --------
    >>> str(no_data("no sessions <yet>"))
    '<p class="no-data">Not enough data: no sessions &lt;yet&gt;</p>'
    """
    return Markup('<p class="no-data">Not enough data: {}</p>').format(message)


def nice_ticks(low: float, high: float, count: int = 5, integer: bool = False) -> list[float]:
    """Round tick values covering [low, high]; whole numbers only when ``integer``.

    Examples
    --------
    >>> nice_ticks(0, 1), nice_ticks(0, 3, integer=True)
    ([0.0, 0.2, 0.4, 0.6, 0.8, 1.0], [0.0, 1.0, 2.0, 3.0])
    """
    if not (math.isfinite(low) and math.isfinite(high)) or high <= low:
        return [low]
    raw = (high - low) / max(count, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    if integer:
        step = max(1.0, float(round(step)) if step >= 1 else 1.0)
        if step == 2.5:
            step = 2.0
    first = math.ceil(low / step - 1e-9) * step
    ticks = []
    value = first
    while value <= high + 1e-9 * step:
        ticks.append(round(value, 10))
        value += step
    return ticks


def tick_text(value: float) -> str:
    """A tick label with at most two decimals.

    Examples
    --------
    >>> tick_text(0.5), tick_text(-0.0), tick_text(2.0)
    ('0.5', '0', '2')
    """
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


class Frame:
    """Plot-area geometry and the linear maps from data to pixels.

    Examples
    --------
    >>> frame = Frame((0.0, 1.0), (0.0, 1.0))
    >>> frame.x(0.0) == frame.left, frame.y(0.0) == frame.bottom
    (True, True)
    """

    def __init__(
        self,
        x_range: tuple[float, float],
        y_range: tuple[float, float],
        width: int = WIDTH,
        height: int = HEIGHT,
        right: int = MARGIN_RIGHT,
        left: int = MARGIN_LEFT,
        top: int = MARGIN_TOP,
        bottom: int = MARGIN_BOTTOM,
    ) -> None:
        self.x0, self.x1 = x_range
        self.y0, self.y1 = y_range
        if self.x1 <= self.x0:
            self.x0, self.x1 = self.x0 - 0.5, self.x0 + 0.5
        if self.y1 <= self.y0:
            self.y0, self.y1 = self.y0 - 0.5, self.y0 + 0.5
        self.width, self.height = width, height
        self.left, self.right = left, width - right
        self.top, self.bottom = top, height - bottom

    def x(self, value: float) -> float:
        """Pixel column of a data value."""
        return self.left + (value - self.x0) / (self.x1 - self.x0) * (self.right - self.left)

    def y(self, value: float) -> float:
        """Pixel row of a data value."""
        return self.bottom - (value - self.y0) / (self.y1 - self.y0) * (self.bottom - self.top)

    def axes(
        self,
        x_label: str,
        y_label: str,
        x_ticks: Sequence[tuple[float, str]] | None = None,
        y_ticks: bool | Sequence[tuple[float, str]] = True,
        integer_x: bool = False,
        integer_y: bool = False,
    ) -> list[Markup]:
        """Axis lines, ticks with labels, grid lines and the two axis titles.

        ``x_ticks`` / ``y_ticks`` may give (position, text) pairs; ``y_ticks=False`` draws
        none; ``integer_x`` / ``integer_y`` keep automatic ticks on whole numbers.
        """
        parts = [
            Markup('<line class="axis" x1="{}" y1="{}" x2="{}" y2="{}"/>').format(
                fmt(self.left), fmt(self.bottom), fmt(self.right), fmt(self.bottom)
            ),
            Markup('<line class="axis" x1="{}" y1="{}" x2="{}" y2="{}"/>').format(
                fmt(self.left), fmt(self.top), fmt(self.left), fmt(self.bottom)
            ),
        ]
        ticks = x_ticks
        if ticks is None:
            ticks = [(t, tick_text(t)) for t in nice_ticks(self.x0, self.x1, integer=integer_x)]
        for value, text in ticks:
            px = self.x(value)
            parts.append(
                Markup(
                    '<line class="tick" x1="{0}" y1="{1}" x2="{0}" y2="{2}"/>'
                    '<text x="{0}" y="{3}" text-anchor="middle">{4}</text>'
                ).format(
                    fmt(px), fmt(self.bottom), fmt(self.bottom + 4), fmt(self.bottom + 16), text
                )
            )
        if y_ticks is True:
            y_pairs = [(t, tick_text(t)) for t in nice_ticks(self.y0, self.y1, integer=integer_y)]
        else:
            y_pairs = list(y_ticks) if y_ticks else []
        for value, label in y_pairs:
            py = self.y(value)
            parts.append(
                Markup(
                    '<line class="grid" x1="{0}" y1="{1}" x2="{2}" y2="{1}"/>'
                    '<text x="{3}" y="{4}" text-anchor="end">{5}</text>'
                ).format(
                    fmt(self.left), fmt(py), fmt(self.right), fmt(self.left - 6), fmt(py + 4), label
                )
            )
        parts.append(
            Markup('<text x="{}" y="{}" text-anchor="middle">{}</text>').format(
                fmt((self.left + self.right) / 2),
                fmt(self.bottom + 36),
                shorten(x_label, self.right - self.left),
            )
        )
        if y_label:
            parts.append(
                Markup(
                    '<text x="14" y="{0}" text-anchor="middle" '
                    'transform="rotate(-90 14 {0})">{1}</text>'
                ).format(
                    fmt((self.top + self.bottom) / 2), shorten(y_label, self.bottom - self.top)
                )
            )
        return parts


def point(frame: Frame, x: float, y: float) -> str:
    """``"x,y"`` pixel text of a data point."""
    return f"{fmt(frame.x(x))},{fmt(frame.y(y))}"


def svg_document(
    title: str,
    parts: Sequence[Markup],
    width: int = WIDTH,
    height: int = HEIGHT,
    description: str = "",
) -> Markup:
    """Wrap drawn parts in an ``<svg>`` with its title, text alternative and heading.

    Examples
    --------
    >>> svg = svg_document("T", [], description="What it shows")
    >>> "<desc>What it shows</desc>" in svg, 'aria-label="T"' in svg
    (True, True)
    """
    head = Markup(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{0}" height="{1}" '
        'viewBox="0 0 {0} {1}" role="img" aria-label="{2}"><title>{2}</title>'
    ).format(width, height, title)
    if description:
        head += Markup("<desc>{}</desc>").format(description)
    head += Markup('<text class="chart-title" x="10" y="20">{}</text>').format(
        shorten(title, width - 20, 13)
    )
    return head + Markup("").join(parts) + Markup("</svg>")


def legend(frame: Frame, labels: Sequence[str]) -> list[Markup]:
    """Coloured squares and labels to the right of the plot area."""
    room = frame.width - frame.right - 28
    parts = []
    for index, label in enumerate(labels):
        y = frame.top + 14 * index
        parts.append(
            Markup(
                '<rect x="{0}" y="{1}" width="10" height="10" fill="{2}"/>'
                '<text x="{3}" y="{4}"><title>{5}</title>{6}</text>'
            ).format(
                fmt(frame.right + 10),
                fmt(y),
                PALETTE[index % len(PALETTE)],
                fmt(frame.right + 24),
                fmt(y + 9),
                label,
                shorten(label, room),
            )
        )
    return parts


def finite_range(*arrays: FloatArray) -> tuple[float, float]:
    """Smallest and largest finite value of the arrays ((0, 1) when there is none).

    Examples
    --------
    >>> import numpy as np
    >>> finite_range(np.array([np.nan, 2.0, -1.0]))
    (-1.0, 2.0)
    """
    values = np.concatenate([np.ravel(a) for a in arrays]) if arrays else np.empty(0)
    values = values[np.isfinite(values)]
    if values.size == 0:
        return 0.0, 1.0
    return float(values.min()), float(values.max())
