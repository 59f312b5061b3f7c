"""The person-item (Wright) map: learners and items on one scale."""

from __future__ import annotations

import math
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
)

__all__ = ["wright_map"]


def wright_map(
    person_locations: ArrayLike,
    item_locations: ArrayLike,
    item_labels: Sequence[str],
    *,
    title: str = "Person-item (Wright) map",
    bins: int = 24,
    axis_label: str = "logits",
    side_labels: tuple[str, str] = ("learners", "items"),
    description: str = "",
) -> Markup:
    """Persons (histogram, left) and items (labelled marks, right) on one logit scale.

    Parameters
    ----------
    person_locations : sequence of float
        Learner abilities; NaN ignored.
    item_locations : sequence of float
        Item difficulties (``b``) on the same scale.
    item_labels : sequence of str
        Item ids (escaped); at most 60 items are marked, easiest first; a label that would
        overlap the one above it is left out (its mark keeps the id as a tooltip).
    title : str
        Chart title.
    bins : int, default 24
        Bins of the person histogram.
    axis_label : str, default "logits"
        Name of the shared scale.
    side_labels : (str, str), default ("learners", "items")
        Headings of the two sides.
    description : str, optional
        Text alternative of the chart.

    Returns
    -------
    markupsafe.Markup
        The SVG, safe to put in HTML.

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
    low, high = finite_range(persons, items)
    low, high = math.floor(low) - 0.5, math.ceil(high) + 0.5
    height = 420
    frame = Frame((0.0, 1.0), (low, high), height=height, right=40)
    middle = (frame.left + frame.right) / 2
    parts = frame.axes("", axis_label, x_ticks=[])
    parts.append(
        Markup('<line class="axis" x1="{0}" y1="{1}" x2="{0}" y2="{2}"/>').format(
            fmt(middle), fmt(frame.top), fmt(frame.bottom)
        )
    )
    parts.append(
        Markup(
            '<text x="{}" y="{}" text-anchor="middle">{}</text>'
            '<text x="{}" y="{}" text-anchor="middle">{}</text>'
        ).format(
            fmt((frame.left + middle) / 2),
            fmt(frame.top - 4),
            side_labels[0],
            fmt((middle + frame.right) / 2),
            fmt(frame.top - 4),
            side_labels[1],
        )
    )
    if persons.size:
        counts, edges = np.histogram(persons, bins=bins, range=(low, high))
        widest = max(int(counts.max()), 1)
        for count, bottom_edge, top_edge in zip(counts, edges[:-1], edges[1:], strict=True):
            length = (middle - frame.left - 8) * count / widest
            parts.append(
                Markup('<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>').format(
                    fmt(middle - length),
                    fmt(frame.y(top_edge)),
                    fmt(length),
                    fmt(max(frame.y(bottom_edge) - frame.y(top_edge) - 1, 0.5)),
                    PALETTE[0],
                )
            )
    order = np.argsort(np.where(finite_items, items, np.inf), kind="stable")
    shown = [k for k in order if finite_items[k]][:60]
    columns = 3
    room = (frame.right - middle - 8) / columns
    last_label = [float("-inf")] * columns  # y of the last label written in each column
    for rank, k in enumerate(shown):
        y = frame.y(float(items[k]))
        column = rank % columns
        offset = 8 + room * column
        parts.append(
            Markup(
                '<line class="item-mark" x1="{0}" y1="{1}" x2="{2}" y2="{1}">'
                "<title>{3}</title></line>"
            ).format(fmt(middle), fmt(y), fmt(middle + offset - 2), item_labels[k])
        )
        if abs(y - last_label[column]) < 10:  # would overlap the label above: mark only
            continue
        last_label[column] = y
        parts.append(
            Markup('<text x="{}" y="{}" class="small">{}</text>').format(
                fmt(middle + offset),
                fmt(y + 3),
                shorten(str(item_labels[k]), room - 4, 9),
            )
        )
    return svg_document(title, parts, height=height, description=description)
