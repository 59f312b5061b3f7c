"""Spreadsheets as content editors really write them: marking columns, Excel's dates, mistakes."""

from __future__ import annotations

import datetime
import warnings
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from adaptive_tutor import BankDefaultsWarning, ItemBank, ItemBankError
from adaptive_tutor.exceptions import BankProblem

pytestmark = pytest.mark.filterwarnings("ignore::adaptive_tutor.BankDefaultsWarning")


def table(folder: Path, lines: list[str]) -> Path:
    path = folder / "items.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def problems_of(source: Any, **options: Any) -> list[BankProblem]:
    build = ItemBank.from_dataframe if isinstance(source, pd.DataFrame) else ItemBank.from_table
    with pytest.raises(ItemBankError) as caught:
        build(source, **options)
    return caught.value.problems


def test_the_marking_fields_have_columns(tmp_path: Path) -> None:
    bank = ItemBank.from_table(
        table(tmp_path, [
            "id,skill,grade,prompt,answer,unit,forms,in_sentence,b",
            "apples,count,1,사과는 몇 개입니까?,3,개,,yes,-1",
            "half,count,1,Write half as a fraction.,1/2,,words | decimal,,-1",
            "rope,count,1,How long is the rope?,5,cm | 센티미터,,,-1",
        ])
    )  # fmt: skip
    assert bank["apples"].answer.unit == "개"
    assert bank["apples"].answer.in_sentence is True
    assert bank["apples"].score("사과는 세 개입니다.") == 1
    assert bank["half"].answer.forms == ("words", "decimal")
    assert bank["half"].score("0.5") == 1
    assert bank["rope"].answer.unit == ("cm", "센티미터")


def test_the_marking_fields_take_their_dotted_names_too(tmp_path: Path) -> None:
    bank = ItemBank.from_table(
        table(tmp_path, [
            "id,skill,grade,prompt,answer,answer.unit,answer.in_sentence,b",
            "pencils,count,1,연필은 몇 자루입니까?,7,자루,FALSE,-1",
        ])
    )  # fmt: skip
    assert (bank["pencils"].answer.unit, bank["pencils"].answer.in_sentence) == ("자루", False)


def test_a_yes_no_cell_that_is_neither_names_its_line(tmp_path: Path) -> None:
    (problem,) = problems_of(
        table(tmp_path, [
            "id,skill,grade,prompt,answer,in_sentence,b",
            "cat,read,1,Who is it?,Max,maybe,-1",
        ])
    )  # fmt: skip
    assert (problem.row, problem.field) == (2, "in_sentence")
    assert str(problem).endswith("'maybe' is not true or false; write true or false")


def test_types_and_models_are_read_in_any_case(tmp_path: Path) -> None:
    bank = ItemBank.from_table(
        table(tmp_path, [
            "id,skill,grade,type,prompt,choice_A,choice_B,answer,model,a,b,c",
            "q1,add,1,Numeric,1 + 1 = ?,,,2,2pl,1.2,-1,",
            "q2,add,1,Multiple choice,2 + 2 = ?,4,5,A,3pl,1,-1,0.2",
            "q3,add,1,short-answer,Write two in words.,,,two,,,-1,",
        ])
    )  # fmt: skip
    assert [item.type for item in bank] == ["numeric", "multiple_choice", "short_answer"]
    assert bank.params.models == ("2PL", "3PL", "2PL")


def test_an_unknown_type_is_one_problem_with_the_choices(tmp_path: Path) -> None:
    # it used to add "answer: not used by 'number' items; remove it" on the same line
    (problem,) = problems_of(
        table(tmp_path, ["id,skill,grade,type,prompt,answer,b", "q1,add,1,number,1 + 1 = ?,2,-1"])
    )
    assert (problem.row, problem.field) == (2, "type")
    assert problem.fix == "write one of: multiple_choice, numeric, short_answer, partial_credit"


@pytest.mark.parametrize(
    ("answer", "advice"),
    [("3개", "write the number alone (3) and the unit '개' in a 'unit' column"),
     ("5 cm", "write the number alone (5) and the unit 'cm' in a 'unit' column")],
)  # fmt: skip
def test_a_numeric_key_with_its_unit_says_where_the_unit_goes(
    tmp_path: Path, answer: str, advice: str
) -> None:
    (problem,) = problems_of(
        table(tmp_path, ["id,skill,grade,type,prompt,answer,b", f"q1,add,1,numeric,?,{answer},-1"])
    )
    assert (problem.row, problem.field) == (2, "answer")
    assert problem.fix is not None
    assert problem.fix.startswith(advice)


def _workbook(path: Path, rows: list[list[Any]]) -> Path:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def test_cells_excel_turned_into_dates_are_refused_naming_the_cell(tmp_path: Path) -> None:
    # typing 1/2 in Excel stores the 2nd of January; the key used to become
    # '2026-01-02 00:00:00' without a word
    path = _workbook(tmp_path / "book.xlsx", [
        ["id", "skill", "grade", "type", "prompt", "choice_A", "choice_B", "answer", "b"],
        ["half", "frac", 3, "short_answer", "One half as a fraction?", None, None,
         datetime.datetime(2026, 1, 2), -1],
        ["eighths", "frac", 3, None, "Which is 3 of 8 equal parts?",
         datetime.datetime(2026, 3, 8), "5/8", "A", 0.5],
        ["clock", "time", 2, "short_answer", "Half past three?", None, None,
         datetime.time(3, 30), 0],
    ])  # fmt: skip
    problems = problems_of(path)
    assert [(p.row, p.field) for p in problems] == [(2, "answer"), (3, "choice_A"), (4, "answer")]
    assert problems[0].message == "the cell holds a date (1/2/2026), not what was typed"
    assert problems[2].message == "the cell holds a time (03:30), not what was typed"
    assert problems[0].fix is not None
    assert "format the column as Text" in problems[0].fix


def test_dates_in_a_dataframe_are_refused_too() -> None:
    frame = pd.DataFrame(
        {"id": ["half"], "skill": ["frac"], "grade": [3], "type": ["short_answer"],
         "prompt": ["One half?"], "answer": [pd.Timestamp("2026-01-02")], "b": [-1.0]}
    )  # fmt: skip
    (problem,) = problems_of(frame)
    assert (problem.row, problem.field) == (2, "answer")


@pytest.mark.parametrize(
    ("header", "meant"),
    [("Question", "prompt"), ("Difficulty", "b"), ("Option A", "choice_A"), ("key", "answer")],
)
def test_column_names_people_use_get_the_documented_name(
    tmp_path: Path, header: str, meant: str
) -> None:
    lines = ["id,skill,grade,prompt,answer,b", "q1,add,1,1 + 1 = ?,2,-1"]
    lines[0] += f",{header}"
    lines[1] += ",x"
    (problem,) = problems_of(table(tmp_path, lines))
    assert (problem.row, problem.field) == (1, header)
    assert problem.fix is not None
    assert problem.fix.startswith(f"did you mean {meant!r}?")


def test_korean_prompts_default_the_language_to_korean(tmp_path: Path) -> None:
    path = table(tmp_path, [
        "id,skill,grade,prompt,answer,b",
        "q1,add,1,3 + 4는 얼마입니까?,7,-1",
        "q2,add,1,사과 2개와 3개는 모두 몇 개입니까?,5,-1",
        "q3,add,1,What is 2 + 2?,4,-1",
    ])  # fmt: skip
    with warnings.catch_warnings(record=True) as notes:
        warnings.simplefilter("always", BankDefaultsWarning)
        bank = ItemBank.from_table(path)
    assert bank.metadata.language == "ko"
    assert "language 'ko' (from the text)" in str(notes[0].message)
    english = ItemBank.from_table(path, metadata={"language": "en"})
    assert english.metadata.language == "en"
