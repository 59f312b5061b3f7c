"""Report pages in Korean and English: catalogs complete and compiled, Babel formatting."""

from __future__ import annotations

import io
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd
import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from adaptive_tutor.item_bank import ItemBank
from adaptive_tutor.reports import ClassReport, ItemReport, LearnerReport
from adaptive_tutor.reports._i18n import LOCALE_DIR, Localizer
from reports_fixtures import bank_document, make_bank, simulate_log

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT / "src" / "adaptive_tutor" / "reports"
PO = LOCALE_DIR / "ko" / "LC_MESSAGES" / "adaptive_tutor.po"
MO = PO.with_suffix(".mo")


def _catalog():
    with PO.open("rb") as handle:
        return read_po(handle, locale="ko")


def _extracted_ids() -> set[str]:
    with (ROOT / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    ids = set()
    for _, _, message, _, _ in extract_from_dir(str(REPORTS), method_map, options_map):
        ids.add(message if isinstance(message, str) else message[0])
    return ids


def test_every_shown_string_has_a_korean_translation():
    catalog = _catalog()
    extracted = _extracted_ids()
    assert len(extracted) > 200  # the extraction really ran over code and templates
    missing = []
    for message_id in sorted(extracted):
        entry = catalog.get(message_id)
        if entry is None and any(
            isinstance(m.id, tuple) and m.id[0] == message_id for m in catalog
        ):
            entry = next(m for m in catalog if isinstance(m.id, tuple) and m.id[0] == message_id)
        strings = (
            []
            if entry is None
            else ([entry.string] if isinstance(entry.string, str) else list(entry.string))
        )
        if entry is None or entry.fuzzy or not all(strings):
            missing.append(message_id)
    assert not missing, f"run 'make translations' and translate: {missing[:10]}"


def test_template_strings_are_extracted_too():
    assert "Produced by adaptive_tutor." in _extracted_ids()


def test_korean_placeholders_match_the_english_ones():
    problems = [(message.id, errors) for message, errors in _catalog().check() if errors]
    assert not problems


def test_the_shipped_compiled_catalog_is_up_to_date():
    compiled = io.BytesIO()
    write_mo(compiled, _catalog())
    assert MO.read_bytes() == compiled.getvalue(), "run 'make translations' to recompile"


@pytest.fixture(scope="module")
def bank():
    return make_bank()


@pytest.fixture(scope="module")
def log(bank):
    return simulate_log(bank, n_learners=10, n_sessions=3)


@pytest.mark.parametrize(
    "build",
    [
        lambda log, bank: LearnerReport(log, bank, "L01", locale="ko"),
        lambda log, bank: LearnerReport(log, bank, "L01", locale="ko", audience="learner"),
        lambda log, bank: LearnerReport(log, bank, "L01", locale="ko", audience="analyst"),
        lambda log, bank: ClassReport(log, bank, locale="ko"),
        lambda log, bank: ItemReport(log, bank, locale="ko"),
        lambda log, bank: ItemReport(log, bank, locale="ko", audience="teacher"),
    ],
)
def test_korean_pages_declare_their_language(build, log, bank):
    html = build(log, bank).to_html()
    assert '<html lang="ko">' in html
    assert "Not enough data" not in html
    assert "Produced by" not in html


def test_korean_teacher_page_uses_korean_words(bank, log):
    html = LearnerReport(log, bank, "L02", locale="ko").to_html()
    for word in (
        "잘하고 있는 것",
        "다음에 연습할 것",
        "학습 현황",
        "기능별 현황",
        "기술적 세부 사항",
    ):
        assert word in html
    assert "What is going well" not in html


@pytest.mark.parametrize(
    "build",
    [
        lambda log, bank: LearnerReport(log, bank, "L02", locale="ko").to_text(),
        lambda log, bank: LearnerReport(log, bank, "L02", locale="ko").to_markdown(),
        lambda log, bank: ClassReport(log, bank, locale="ko").to_text(),
    ],
)
def test_korean_text_and_markdown_name_charts_in_korean(build, log, bank):
    shown = build(log, bank)
    assert re.search(r"\\?\[그래프\\?\]", shown)  # Markdown escapes the brackets
    assert "Chart" not in shown


def test_english_is_the_default_for_an_english_bank(bank, log):
    assert '<html lang="en">' in LearnerReport(log, bank, "L02").to_html()


def test_the_bank_language_chooses_the_default_locale(log):
    document = bank_document()
    document["bank"]["language"] = "ko-KR"
    korean = ItemBank.from_dict(document)
    report = LearnerReport(log, korean, "L02")
    assert report.locale == "ko"


def test_an_unsupported_locale_is_refused(bank, log):
    with pytest.raises(
        ValueError, match=r"'locale' parameter of LearnerReport must be 'en' or 'ko'"
    ):
        LearnerReport(log, bank, "L02", locale="fr")


def test_skill_names_and_title_follow_the_locale(log):
    document = bank_document()
    document["schema_version"] = "1.1"
    document["bank"]["titles"] = {"ko": "보고서 시험 문제은행"}
    document["skills"][0]["names"] = {"ko": "수 세기"}
    bank = ItemBank.from_dict(document)
    korean = LearnerReport(log, bank, "L03", locale="ko")
    assert "수 세기" in korean.to_html()
    assert "보고서 시험 문제은행" in korean.to_html()
    assert korean.to_frame()["skill"].iloc[0] == "수 세기"
    english = LearnerReport(log, bank, "L03", locale="en")
    assert "수 세기" not in english.to_html()


def test_numbers_and_dates_are_formatted_with_babel():
    english, korean = Localizer("en"), Localizer("ko")
    assert english.percent(0.625) == "63%"
    assert korean.percent(0.625) == "63%"
    assert english.integer(12345) == "12,345"
    assert english.date("2026-09-07T15:09:00+09:00") == "September 7, 2026"
    assert korean.date("2026-09-07T15:09:00+09:00") == "2026년 9월 7일"
    assert english.minutes(20.417) == "20 minutes"
    assert korean.minutes(20.417) == "20분"


def test_dates_are_shown_in_the_readers_time_zone():
    stamp = "2026-09-07T23:30:00+00:00"
    assert Localizer("en").date(stamp) == "September 7, 2026"
    # a reader in Seoul sees the next morning
    assert Localizer("en", ZoneInfo("Asia/Seoul")).date(stamp) == "September 8, 2026"


def test_teacher_page_shows_percent_minutes_and_dates(bank):
    log = pd.DataFrame(
        {
            "learner_id": ["ann"] * 8,
            "item_id": [f"count-{k}" for k in (1, 2, 3, 4)] + [f"add-{k}" for k in (1, 2, 3, 4)],
            "response": [1, 1, 1, 1, 1, 0, 0, 1],
            "timestamp": pd.to_datetime(
                ["2026-09-07T15:09:00+09:00"] * 4 + ["2026-09-08T10:00:00+09:00"] * 4
            ),
            "response_time": [150.0] * 8,
        }
    )
    page = LearnerReport(log, bank, "ann", timezone="Asia/Seoul").to_html()
    assert "75%" in page  # 6 of 8 credit
    assert "20 minutes" in page  # 1200 seconds
    assert "September 8, 2026" in page
    korean = LearnerReport(log, bank, "ann", timezone="Asia/Seoul", locale="ko").to_html()
    assert "20분" in korean
    assert "2026년 9월 8일" in korean
