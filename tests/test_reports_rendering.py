"""Rendering: escaping of untrusted text, determinism, tables, SVG and empty sections."""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd

from adaptive_tutor.reports import svg
from adaptive_tutor.reports.rendering import Report, Section, markdown_table, text_table

SCRIPT = "<script>alert(1)</script>"


def _report() -> Report:
    frame = pd.DataFrame(
        {"item_id": ["q1", SCRIPT], "prompt": [SCRIPT, "2 + 2 = ?"], "p_value": [0.5, np.nan]}
    )
    chart = svg.bar_chart([SCRIPT, "q1"], [0.2, -0.4], title=SCRIPT, value_label="x")
    return Report(
        SCRIPT,
        [
            Section("items", SCRIPT, frame, note=SCRIPT, charts=(chart,)),
            Section("empty", "Trajectory", pd.DataFrame(), empty_message="no sessions yet"),
        ],
        summary={SCRIPT: SCRIPT},
    )


def test_untrusted_text_is_inert_in_html():
    html = _report().to_html()
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_html_has_no_external_assets_or_scripts():
    html = _report().to_html()
    assert not re.search(r"(src|href)\s*=", html)
    assert "javascript:" not in html.lower()


def test_rendering_is_deterministic():
    assert _report().to_html() == _report().to_html()
    assert _report().to_json() == _report().to_json()


def test_timestamp_only_when_asked():
    assert "Generated" not in _report().to_html()
    assert "Generated 2026-01-02" in _report().to_html(generated_at="2026-01-02")


def test_empty_section_says_not_enough_data_everywhere():
    report = _report()
    assert "Not enough data: no sessions yet" in report.to_html()
    assert "Not enough data: no sessions yet" in report.to_text()
    assert "Not enough data: no sessions yet" in report.to_markdown()
    assert report.to_dict()["sections"]["empty"]["not_enough_data"] == "no sessions yet"


def test_json_uses_null_for_missing_values():
    data = json.loads(_report().to_json())
    assert data["sections"]["items"]["records"][1]["p_value"] is None


def test_markdown_escapes_html_and_pipes():
    text = markdown_table(pd.DataFrame({"a": [SCRIPT, "x|y"]}))
    assert "<script>" not in text
    assert "x\\|y" in text


def test_text_table_aligns_columns():
    lines = text_table(pd.DataFrame({"name": ["a", "bbb"], "v": [1.0, 22.5]})).splitlines()
    assert len({len(line) for line in lines}) == 1


def test_repr_html_is_the_html_page():
    report = _report()
    assert report._repr_html_() == report.to_html()


def test_every_chart_escapes_labels():
    charts = [
        svg.line_chart({SCRIPT: ([0, 1], [0, 1])}, title=SCRIPT, x_label=SCRIPT, y_label="y"),
        svg.heatmap([SCRIPT], [SCRIPT], [[0.5]], title=SCRIPT),
        svg.histogram([0.1, 0.3], title=SCRIPT, x_label=SCRIPT),
        svg.wright_map([0.0, 1.0], [0.5], [SCRIPT], title=SCRIPT),
        svg.bar_chart([SCRIPT], [1.0], title=SCRIPT, value_label=SCRIPT),
    ]
    for chart in charts:
        assert "<script" not in str(chart)
        assert str(chart).startswith("<svg")


def test_charts_without_data_say_so_instead_of_drawing_nothing():
    empty = [
        svg.line_chart({"a": ([], [])}, title="T", x_label="x", y_label="y"),
        svg.heatmap([], [], np.empty((0, 0)), title="T"),
        svg.histogram([np.nan], title="T", x_label="x"),
        svg.wright_map([], [], [], title="T"),
        svg.bar_chart([], [], title="T", value_label="x"),
    ]
    for chart in empty:
        assert "Not enough data" in str(chart)
        assert "<svg" not in str(chart)


def test_line_chart_skips_nan_points():
    chart = str(
        svg.line_chart({"a": ([0, 1, 2], [0.0, np.nan, 1.0])}, title="T", x_label="x", y_label="y")
    )
    assert chart.count("<circle") == 2
    assert "nan" not in chart.lower()


def test_text_tables_pad_korean_cells_by_their_width_on_screen() -> None:
    from adaptive_tutor._text_width import display_width

    frame = pd.DataFrame({"기능": ["덧셈과 뺄셈", "shapes"], "답": [24, 3]})
    lines = text_table(frame).splitlines()
    assert {display_width(line) for line in lines} == {display_width(lines[1])}


def test_screen_style_never_breaks_words_or_ids_anywhere():
    # overflow-wrap: anywhere lets a table shrink a column to one character, so learner
    # ids and Korean words ("s00 / 19", "학습 / 자") broke in narrow columns; break-word
    # only breaks what cannot fit otherwise. (The print sheet may squeeze wide tables.)
    html = Report("x", [], locale="ko").to_html()
    style = re.search(r"<style>(.*?)</style>", html, flags=re.S)
    assert style is not None
    screen = style.group(1).split("@media print")[0]
    rules = dict(re.findall(r"([^{}]+)\{([^}]*)\}", screen))
    korean = next(body for selector, body in rules.items() if selector.strip() == ":lang(ko)")
    assert "word-break: keep-all" in korean
    for selector, body in rules.items():
        if "overflow-wrap: anywhere" in body:
            assert selector.strip().endswith("code.machine"), selector
