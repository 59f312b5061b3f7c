"""Reports people can read: learner, class and item reports, and the statistics behind them.

Each report holds tidy pandas frames (the single source of truth) and renders them as
``to_frame()``, ``frames``, ``to_dict()``/``to_json()``, ``to_text()``, ``to_markdown()``
and ``to_html()`` (one self-contained, deterministic page with inline SVG charts; every
piece of text from the data is escaped). The statistics are plain functions usable alone.

Examples
--------
>>> import pandas as pd
>>> from adaptive_tutor.item_bank import ItemBank
>>> from adaptive_tutor.examples import tiny_bank_document
>>> from adaptive_tutor.reports import LearnerReport
>>> bank = ItemBank.from_dict(tiny_bank_document())
>>> log = pd.DataFrame({"learner_id": ["ann"], "item_id": ["add-1"], "response": [1]})
>>> LearnerReport(log, bank, "ann").to_frame("skills")["n_responses"].tolist()
[0, 1]
"""

from __future__ import annotations

from adaptive_tutor.reports.class_report import ClassReport
from adaptive_tutor.reports.classical import (
    alpha_if_deleted,
    classical_item_statistics,
    corrected_item_total,
    cronbach_alpha,
    distractor_analysis,
    item_means,
    point_biserial,
)
from adaptive_tutor.reports.dif import ets_classification, mantel_haenszel_dif
from adaptive_tutor.reports.fit import infit_outfit, sum_score_distribution, sx2_item_fit
from adaptive_tutor.reports.item_report import ItemReport
from adaptive_tutor.reports.learner_report import LearnerReport
from adaptive_tutor.reports.rendering import Report, Section

__all__ = [
    "ClassReport",
    "ItemReport",
    "LearnerReport",
    "Report",
    "Section",
    "alpha_if_deleted",
    "classical_item_statistics",
    "corrected_item_total",
    "cronbach_alpha",
    "distractor_analysis",
    "ets_classification",
    "infit_outfit",
    "item_means",
    "mantel_haenszel_dif",
    "point_biserial",
    "sum_score_distribution",
    "sx2_item_fit",
]
