"""Untrusted text in Markdown and plain-text reports renders literally (issue: hostile input)."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from adaptive_tutor.reports._escaping import markdown_text, plain_text
from adaptive_tutor.reports.rendering import Report, Section

INJECTIONS = [
    "x\r# Heading",
    "x\n## Heading",
    "x\u2028- item",
    "[click](https://evil.example)",
    "![t](https://tracker.example/p.png)",
    "**bold** _it_ `code` ~~gone~~",
    "<img src=x onerror=alert(1)>",
    "<!-- hidden -->",
    "# title #",
    "- list",
    "1. list",
    "    indented code",
    "> quote",
    "---",
    "a | b",
    "[ref]: https://evil.example",
    "\\[not escaped\\]",
]


def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def _report(text: str) -> Report:
    frame = pd.DataFrame({"learner_id": [text], "value": [0.5]})
    return Report(
        text,
        [Section("skills", text, frame, note=text)],
        summary={text: text},
    )


@pytest.mark.parametrize("text", INJECTIONS)
def test_markdown_report_shows_hostile_text_without_markup(text):
    html = _markdown().render(_report(text).to_markdown())
    for tag in ("<a ", "<img", "<em", "<code", "<s>", "<ol", "<pre", "<blockquote", "<hr"):
        assert tag not in html
    assert html.count("<strong>") == 1  # the summary's own bold label
    assert html.count("<h1>") == 1
    assert html.count("<h2>") == 1
    assert html.count("<ul>") == 1  # the summary list only
    assert html.count("<tr>") == 2  # header and one row: no extra cell or row


@given(st.text(max_size=40))
def test_markdown_text_renders_as_the_literal_text(text):
    rendered = _markdown().renderInline(markdown_text(text))
    expected = " ".join(plain_text(text).lstrip(" ").split(" "))
    unescaped = (
        rendered.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&amp;", "&")
    )
    assert unescaped == expected


def test_text_report_has_no_control_characters():
    text = "ann\r\x1b[2J\x1b]8;;https://evil.example\x07bob\u202egpj.exe\tend"
    output = _report(text).to_text()
    assert not any(ord(c) < 32 and c != "\n" for c in output)
    assert "\u202e" not in output
    assert len(output.splitlines()) == len(_report("plain").to_text().splitlines())


def test_markdown_numbers_stay_readable():
    assert markdown_text("0.500") == "0.500"
    assert markdown_text("-1.250") == "-1.250"
