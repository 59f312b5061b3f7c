"""ItemReport: sections, escaping, DIF across groups, thin and bad input."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd
import pytest

from adaptive_tutor.exceptions import ResponseDataError
from adaptive_tutor.reports.classical import classical_item_statistics
from adaptive_tutor.reports.item_report import ItemReport
from reports_fixtures import make_bank, simulate_log

SCRIPT = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def bank():
    return make_bank(prompt=SCRIPT)


@pytest.fixture(scope="module")
def log(bank):
    return simulate_log(bank, n_learners=300, n_sessions=1, growth=0.0, seed=5)


@pytest.fixture(scope="module")
def report(bank, log):
    groups = pd.Series(
        np.where(np.arange(300) % 2, "g1", "g2"), index=[f"L{i:02d}" for i in range(300)]
    )
    return ItemReport(log, bank, groups=groups)


def test_item_with_script_prompt_renders_inert(report):
    html = report.to_html()
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_every_svg_is_well_formed_xml(report):
    charts = re.findall(r"<svg.*?</svg>", report.to_html(), flags=re.S)
    assert len(charts) >= 4
    for chart in charts:
        ET.fromstring(chart)


def test_two_renders_are_identical(bank, log, report):
    again = ItemReport(
        log,
        bank,
        groups=pd.Series(
            np.where(np.arange(300) % 2, "g1", "g2"), index=[f"L{i:02d}" for i in range(300)]
        ),
    )
    assert again.to_html() == report.to_html()
    assert again.to_json() == report.to_json()


def test_classical_section_matches_the_pure_function(bank, log, report):
    matrix = log.pivot(index="learner_id", columns="item_id", values="response")
    matrix = matrix[list(bank.item_ids)]
    expected = classical_item_statistics(
        matrix.to_numpy(),
        item_ids=list(bank.item_ids),
        max_scores=[i.max_score for i in bank.items],
    )
    got = report.to_frame("classical")
    np.testing.assert_allclose(got["corrected_item_total"], expected["corrected_item_total"])


def test_fit_section_has_sx2_on_complete_data(report):
    fit = report.to_frame("fit")
    assert fit["sx2"].notna().all()
    assert (fit["p_value"] < 0.01).mean() < 0.2


def test_sparse_log_explains_missing_sx2(bank, log):
    rng = np.random.default_rng(0)
    sparse = log.loc[rng.random(len(log)) < 0.5]
    section = ItemReport(sparse, bank).section("fit")
    assert section.frame["sx2"].isna().all()
    assert "not computed" in section.note
    assert section.frame["infit"].notna().all()


def test_planted_dif_item_is_class_c(bank):
    log = simulate_log(bank, n_learners=1200, n_sessions=1, growth=0.0, seed=6)
    focal = log["learner_id"].str[1:].astype(int) % 2 == 1
    planted = (log["item_id"] == "add-2") & focal
    log.loc[planted, "response"] = np.where(
        np.random.default_rng(1).random(planted.sum()) < 0.8, 0.0, log.loc[planted, "response"]
    )
    groups = pd.Series(
        np.where(np.arange(1200) % 2, "focal", "reference"),
        index=[f"L{i:02d}" for i in range(1200)],
    )
    dif = (
        ItemReport(log, bank, groups=groups, focal="focal", reference="reference")
        .to_frame("dif")
        .set_index("item_id")
    )
    assert dif.loc["add-2", "ets_class"] == "C"
    assert (dif.drop(index="add-2")["ets_class"] != "C").all()


def test_group_column_with_one_level_says_not_enough_data(bank, log):
    section = ItemReport(log.assign(region="north"), bank, groups="region").section("dif")
    assert not section.has_data
    assert "one level ('north')" in section.empty_message


def test_log_with_unknown_items_names_them(bank, log):
    bad = pd.concat(
        [log, pd.DataFrame({"learner_id": ["L01"], "item_id": ["zz-404"], "response": [1.0]})]
    )
    with pytest.raises(ResponseDataError, match="'zz-404'"):
        ItemReport(bad, bank)


def test_log_without_chosen_option_skips_distractors_explicitly(bank, log):
    plain = log.drop(columns="chosen_option")
    section = ItemReport(plain, bank).section("distractors")
    assert section.empty_message == "the log has no chosen_option column."


def test_empty_log_gives_not_enough_data_not_a_crash(bank):
    empty = pd.DataFrame({"learner_id": [], "item_id": [], "response": []})
    html = ItemReport(empty, bank).to_html()
    assert "<svg" not in html
    assert "Not enough data: the log has no answers." in html


def test_markdown_escapes_prompt(report):
    assert "<script>" not in report.to_markdown()


def test_dif_with_more_than_two_groups_asks_for_focal_and_reference(bank, log):
    learners = pd.unique(log["learner_id"])
    groups = pd.Series(np.arange(len(learners)) % 3, index=learners).map(
        {0: "north", 1: "south", 2: "east"}
    )
    with pytest.raises(ValueError, match=r"'focal' parameter .* more than two levels"):
        ItemReport(log, bank, groups=groups)
