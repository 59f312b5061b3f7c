"""Audiences: teacher and child pages speak plain words; analysts keep every statistic."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from adaptive_tutor import load_shipped_bank
from adaptive_tutor.reports import ClassReport, ItemReport, LearnerReport
from reports_fixtures import make_bank, simulate_log

RAW_NAMES = ("theta", "se", "ci_lower", "ci_upper", "p_mastery", "n_responses", "se_growth")


@pytest.fixture(scope="module")
def bank():
    return make_bank()


@pytest.fixture(scope="module")
def log(bank):
    full = simulate_log(bank, n_learners=12, n_sessions=3)
    return full.sample(frac=0.5, random_state=4).sort_index()  # about half the items each


def _visible(html: str) -> str:
    """The text a reader sees (tags and the style sheet removed)."""
    html = re.sub(r"<style>.*?</style>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def _pages(log, bank):
    return {
        "learner/teacher/en": LearnerReport(log, bank, "L04"),
        "learner/teacher/ko": LearnerReport(log, bank, "L04", locale="ko"),
        "learner/learner/en": LearnerReport(log, bank, "L04", audience="learner"),
        "learner/learner/ko": LearnerReport(log, bank, "L04", audience="learner", locale="ko"),
        "class/teacher/en": ClassReport(log, bank),
        "class/teacher/ko": ClassReport(log, bank, locale="ko"),
        "item/teacher/en": ItemReport(log, bank, audience="teacher"),
    }


def test_no_frame_column_names_or_python_in_teacher_and_child_pages(log, bank):
    for name, report in _pages(log, bank).items():
        html = report.to_html()
        for raw in RAW_NAMES:
            assert not re.search(rf"\b{raw}\b", html), f"{raw!r} in the {name} page"
        assert "to_frame(" not in html, name
        assert "curves_for" not in html, name


def test_statistics_stay_in_the_collapsed_technical_details(log, bank):
    html = LearnerReport(log, bank, "L04").to_html()
    before, _, folded = html.partition("<details>")
    assert "ability (logits)" in folded
    assert "standard error" in folded
    assert "logit" not in _visible(before)
    assert "<details open" not in html


def test_class_page_puts_attention_first_and_statistics_last(log, bank):
    html = ClassReport(log, bank, benchmark=1.0).to_html()
    headings = re.findall(r"<h2>(.*?)</h2>", html)
    assert headings[0] == "Who needs attention"
    assert headings[-1] == "For specialists"
    before, _, _ = html.partition("<details>")
    assert "ANOVA" not in before
    assert "logit" not in _visible(before)


def test_analyst_pages_keep_every_statistic(log, bank):
    html = LearnerReport(log, bank, "L04", audience="analyst").to_html()
    assert '<code class="machine">theta</code>' in html
    assert "ability (logits)" in html
    assert ItemReport(log, bank).audience == "analyst"


def test_frames_and_json_do_not_depend_on_the_audience(log, bank):
    teacher = LearnerReport(log, bank, "L04")
    child = LearnerReport(log, bank, "L04", audience="learner")
    analyst = LearnerReport(log, bank, "L04", audience="analyst")
    assert teacher.to_json() == child.to_json() == analyst.to_json()
    assert "theta" in teacher.to_frame().columns


def test_teacher_page_shows_the_text_of_recommended_questions(log, bank):
    reports = (LearnerReport(log, bank, learner, benchmark=0.0) for learner in ("L04", "L05"))
    # a learner with something left to practise (mastered skills also show their prerequisites)
    report = next(r for r in reports if len(r.to_frame("recommendations")))
    recommended = report.to_frame("recommendations")
    first = next(ids for ids in recommended["items"] if ids)
    html = report.to_html()
    assert bank[first[0]].prompt in _visible(html)
    assert "(review)" not in html


def test_teacher_status_words_map_the_mastery_codes(bank):
    rows = [(item.id, item.max_score if "count" in item.skills else 0) for item in bank.items]
    log = pd.DataFrame(
        {"learner_id": "ann", "item_id": [r[0] for r in rows], "response": [r[1] for r in rows]}
    )
    cuts = {"count": -3.0, "add": 0.0, "sub": 0.0, "mul": 0.0}
    report = LearnerReport(log, bank, "ann", benchmark=cuts)
    text = report.to_text()
    assert "● secure" in text  # counting: mastered
    assert "○ not yet" in text  # the others: not mastered
    korean = LearnerReport(log, bank, "ann", benchmark=cuts, locale="ko").to_text()
    assert "● 탄탄함" in korean
    assert "○ 더 연습 필요" in korean


def test_too_few_answers_read_as_not_enough_answers_yet(bank):
    log = pd.DataFrame({"learner_id": ["x"], "item_id": ["count-1"], "response": [1]})
    assert "? not enough answers yet" in LearnerReport(log, bank, "x").to_text()


def test_child_page_has_counts_progress_and_three_choices(log, bank):
    report = LearnerReport(log, bank, "L04", audience="learner")
    html = report.to_html()
    text = _visible(html)
    practised = int((report.to_frame()["n_responses"] > 0).sum())
    assert html.count('<div class="progress') == practised
    assert ("got it!" in text) or ("getting there" in text)
    for code in ("review", "just_right", "challenge"):
        assert f"choice-{code}" in html
    answers = len(log[log["learner_id"] == "L04"])
    assert f"You answered {answers} questions" in text
    assert "%" not in text
    assert not re.search(r"\d\.\d", text)  # no decimals, no abilities, no grades
    assert "logit" not in text
    assert "<details>" not in html


def test_child_page_names_effort_in_korean(log, bank):
    text = _visible(LearnerReport(log, bank, "L04", audience="learner", locale="ko").to_html())
    assert "열심히" in text
    for word in ("복습", "딱 알맞게", "도전"):
        assert word in text


def test_child_choices_are_the_sessions_menu(log, bank):
    from adaptive_tutor.session import TutoringSession

    own = log.loc[log["learner_id"] == "L04"].sort_values("timestamp", kind="stable")
    session = TutoringSession(bank, seed=1)
    for item_id, score in zip(own["item_id"], own["response"], strict=True):
        session.record(item_id, int(score))
    menu = session.offer_choices()
    html = LearnerReport(log, bank, "L04", audience="learner").to_html()
    shown = re.findall(r'<p class="choice-prompt">(.*?)</p>', html, flags=re.S)
    assert shown == [choice.item.prompt for choice in menu]
    assert [c.label for c in menu] == ["review", "just_right", "challenge"]
    assert not {c.item.id for c in menu} & set(own["item_id"])


def test_child_choice_cards_show_a_multiple_choice_questions_choices(log, bank):
    # "□ 안에 알맞은 수를 고르세요" (choose the right number) needs the choices beside it
    html = LearnerReport(log, bank, "L04", audience="learner", locale="ko").to_html()
    cards = re.findall(r'<div class="choice choice-.*?</div>', html, flags=re.S)
    assert len(cards) == 3
    for card in cards:
        prompt = re.search(r'<p class="choice-prompt">(.*?)</p>', card, flags=re.S)
        assert prompt is not None
        item = next(item for item in bank.items if item.prompt == prompt.group(1))
        shown = re.findall(r"<li>(.*?)</li>", card)
        assert shown == [choice.text for choice in item.choices]
    text = LearnerReport(log, bank, "L04", audience="learner").to_text()
    assert "(option A / option B / option C / option D)" in text


@pytest.mark.parametrize(
    ("cls", "audience"),
    [(LearnerReport, "parent"), (ClassReport, "learner"), (ItemReport, "learner")],
)
def test_unknown_audiences_are_refused(cls, audience, log, bank):
    args = (log, bank, "L01") if cls is LearnerReport else (log, bank)
    with pytest.raises(ValueError, match=r"'audience' parameter of \w+Report must be one of"):
        cls(*args, audience=audience)


def test_text_and_markdown_render_the_audience_page(log, bank):
    report = ClassReport(log, bank)
    assert report.to_text().splitlines()[0] == report.title
    assert "## Who needs attention" in report.to_markdown()
    assert "| --- |" in ClassReport(log, bank, audience="analyst").to_markdown()


def test_teacher_pages_are_deterministic(log, bank):
    assert ClassReport(log, bank).to_html() == ClassReport(log, bank).to_html()
    child = LearnerReport(log, bank, "L05", audience="learner")
    assert child.to_html() == LearnerReport(log, bank, "L05", audience="learner").to_html()


def test_inferred_mastery_says_which_skill_showed_it(log, bank):
    report = LearnerReport(log, bank, "L04")
    frame = report.section("skills").frame
    frame["shown_through"] = ["add" if s == "count" else "" for s in frame["skill_id"]]
    html = report.to_html()
    assert "(shown through Addition)" in html
    korean = LearnerReport(log, bank, "L04", locale="ko")
    korean.section("skills").frame["shown_through"] = frame["shown_through"].tolist()
    assert "(Addition에서 확인됨)" in korean.to_html()


def test_pages_work_without_javascript(log, bank):
    for report in _pages(log, bank).values():
        html = report.to_html()
        assert "<script" not in html.lower()
        assert "javascript:" not in html.lower()
        assert not re.search(r"\son[a-z]+=", html)  # no event handlers


def test_the_childs_bar_for_a_skill_with_no_right_answers_is_not_nearly_full() -> None:
    bank = load_shipped_bank("ko_math")
    hard = [item for item in bank.items_for_skill("kmath.patterns") if item.grade >= 4][:3]
    log = pd.DataFrame(
        [{"learner_id": "c1", "item_id": item.id, "response": 0} for item in hard]
    )  # a grade-1 skill: the prior alone puts it far above its cut
    report = LearnerReport(log, bank, "c1", audience="learner")
    assert report.to_frame("skills").set_index("skill_id").loc["kmath.patterns", "p_mastery"] > 0.9
    widths = re.findall(r'class="fill" style="width: (\d+)%"', report.to_html())
    assert len(widths) == 1
    assert int(widths[0]) < 50
