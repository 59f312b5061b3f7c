"""Charts: labels inside the viewBox, whole-number ticks, dots for abilities, text alternatives."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import numpy as np
import pytest

from adaptive_tutor.reports import ClassReport, ItemReport, LearnerReport, svg
from adaptive_tutor.reports.svg._canvas import nice_ticks, text_width
from adaptive_tutor.reports.svg.dots import MARKERS, marker
from reports_fixtures import make_bank, simulate_log

NS = "{http://www.w3.org/2000/svg}"
LONG = "Multi-digit addition and subtraction with regrouping across zeros"
KOREAN = "받아올림이 있는 세 자리 수의 덧셈과 뺄셈"


def _texts(element: ET.Element):
    """(x, y, anchor, text, font size, rotated) of every text or tspan that draws text."""
    for node in element.iter(f"{NS}text"):
        size = (
            13.0
            if node.get("class") == "chart-title"
            else 9.0
            if node.get("class") == "small"
            else 11.0
        )
        rotated = "rotate(" in (node.get("transform") or "")
        spans = node.findall(f"{NS}tspan")
        if spans:
            for span in spans:
                yield (
                    float(span.get("x")),
                    float(span.get("y")),
                    node.get("text-anchor", "start"),
                    span.text or "",
                    size,
                    rotated,
                )
        else:
            own = (node.text or "") + "".join((child.tail or "") for child in node)
            yield (
                float(node.get("x")),
                float(node.get("y")),
                node.get("text-anchor", "start"),
                own,
                size,
                rotated,
            )


def assert_labels_inside(markup: str) -> None:
    root = ET.fromstring(str(markup))
    _, _, width, height = (float(v) for v in root.get("viewBox").split())
    for x, y, anchor, text, size, rotated in _texts(root):
        extent = text_width(text, size)
        if rotated:  # the y-axis title, turned about its own point
            low, high = y - extent / 2, y + extent / 2
            assert low >= 0, (text, low)
            assert high <= height, (text, high, height)
            assert x - size >= 0, text
            continue
        left = {"start": x, "middle": x - extent / 2, "end": x - extent}[anchor]
        assert left >= -0.5, (text, left)
        assert left + extent <= width + 0.5, (text, left + extent, width)
        assert y - size >= -0.5, (text, y)
        assert y + 3 <= height + 0.5, (text, y, height)


CHARTS = {
    "dots": lambda: svg.interval_dots(
        [LONG, KOREAN, "Counting"],
        [2.6, 1.2, float("nan")],
        [1.9, 0.5, float("nan")],
        [3.4, 2.0, float("nan")],
        title="Grade level per skill " * 4,
        x_label="grade level",
        reference=[3.0, 2.0, 1.0],
        styles=["mastered", "not_mastered", "too_few_answers"],
        value_text=["about grade 2.6", "약 1.2학년", ""],
        x_range=(0.5, 6.5),
        legend=[
            ("mastered", "secure"),
            ("undetermined", "developing"),
            ("not_mastered", "not yet"),
            ("too_few_answers", "not enough answers yet"),
            ("reference", "the skill's grade"),
        ],
    ),
    "paired": lambda: svg.paired_dots(
        [f"learner-{k:02d}" for k in range(12)] + [KOREAN],
        np.linspace(1, 3, 13),
        np.linspace(1.5, 4, 13),
        title="Growth",
        x_label="grade level",
        start_label="first week",
        end_label="last week",
        value_text=["+0.5"] * 13,
    ),
    "heatmap": lambda: svg.heatmap(
        [f"learner-{k}" for k in range(5)],
        [LONG, KOREAN, "Add", "Place value and rounding to the nearest hundred"],
        np.random.default_rng(0).random((5, 4)),
        title="Probability of mastery (learners x skills)",
    ),
    "histogram": lambda: svg.histogram(
        np.random.default_rng(1).normal(size=30),
        title="Growth",
        x_label="change",
        y_label="learners",
    ),
    "lines": lambda: svg.line_chart(
        {LONG: ([0, 1, 2], [0.1, 0.5, 0.4]), "second series": ([0, 1, 2], [0.2, 0.3, 0.9])},
        title="Item characteristic curves",
        x_label="ability",
        y_label="expected share of credit",
    ),
    "bars": lambda: svg.bar_chart([LONG, KOREAN], [0.3, 0.8], title="Exposure", value_label="rate"),
    "wright": lambda: svg.wright_map(
        np.random.default_rng(2).normal(size=50),
        np.linspace(-2, 2, 30),
        [f"ar.pv.{k:03d}" for k in range(30)],
    ),
}


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_chart_text_stays_inside_the_viewbox(name):
    assert_labels_inside(CHARTS[name]())


@pytest.fixture(scope="module")
def bank():
    return make_bank()


@pytest.fixture(scope="module")
def log(bank):
    return simulate_log(bank, n_learners=14, n_sessions=4).sample(frac=0.6, random_state=2)


def _svgs(html: str) -> list[str]:
    return re.findall(r"<svg.*?</svg>", html, flags=re.S)


@pytest.mark.parametrize("locale", ["en", "ko"])
def test_every_report_chart_keeps_its_text_inside(log, bank, locale):
    pages = [
        LearnerReport(log, bank, "L03", locale=locale).to_html(),
        LearnerReport(log, bank, "L03", locale=locale, audience="analyst").to_html(),
        ClassReport(log, bank, locale=locale).to_html(),
        ClassReport(log, bank, locale=locale, audience="analyst").to_html(),
        ItemReport(log, bank, locale=locale).to_html(),
    ]
    charts = [chart for html in pages for chart in _svgs(html)]
    assert len(charts) >= 8
    for chart in charts:
        assert_labels_inside(chart)


def test_every_report_chart_has_a_text_alternative(log, bank):
    for html in (
        LearnerReport(log, bank, "L03").to_html(),
        ClassReport(log, bank).to_html(),
        ItemReport(log, bank).to_html(),
    ):
        figures = re.findall(r"<figure>(.*?)</figure>", html, flags=re.S)
        assert len(figures) == len(_svgs(html))
        for figure in figures:
            assert re.search(r"<title>[^<]+</title>", figure)
            caption = re.search(r"<figcaption>(.*?)</figcaption>", figure, flags=re.S)
            assert caption
            assert caption.group(1).strip()


def test_abilities_are_dots_not_bars_from_zero(log, bank):
    for report in (
        LearnerReport(log, bank, "L03"),
        LearnerReport(log, bank, "L03", audience="analyst"),
    ):
        for chart in _svgs(report.to_html()):
            bars = re.findall(r'<rect[^>]*fill="(#[0-9A-Fa-f]{6})"', chart)
            assert not set(bars) & set(svg.PALETTE), "an ability drawn as a bar"


def test_statuses_differ_in_shape_not_only_colour():
    shapes = {
        MARKERS[code][0] for code in ("mastered", "undetermined", "not_mastered", "too_few_answers")
    }
    assert len(shapes) == 4
    assert str(marker("too_few_answers", 5, 5)).count('fill="#ffffff"') == 1


def test_count_axes_get_whole_number_ticks():
    assert nice_ticks(0, 3, integer=True) == [0.0, 1.0, 2.0, 3.0]
    assert all(t == int(t) for t in nice_ticks(0, 1, integer=True))
    chart = str(svg.histogram([0.1, 0.2, 0.3, 2.0], title="t", x_label="x", y_label="learners"))
    y_labels = re.findall(r'text-anchor="end">([^<]+)</text>', chart)
    assert y_labels
    assert all(re.fullmatch(r"\d+", label) for label in y_labels)
