"""Spreadsheets become item banks: every item type, skills tables, and problems named by line."""

from __future__ import annotations

import csv
import warnings
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from adaptive_tutor import BankDefaultsWarning, ItemBank, ItemBankError
from adaptive_tutor.exceptions import BankProblem

EXAMPLES = Path(__file__).resolve().parents[1] / "item_banks" / "examples"
SAMPLE = EXAMPLES / "fractions_sample.csv"
SAMPLE_SKILLS = EXAMPLES / "fractions_sample_skills.csv"
METADATA = {
    "id": "fractions_sample",
    "title": "Fractions sample",
    "subject": "mathematics",
    "language": "en",
    "grade_range": [2, 5],
    "provider": "adaptive_tutor project",
    "licence": "CC-BY-4.0",
}
HEADER = "id,skill,grade,type,prompt,answer,model,a,b"
pytestmark = pytest.mark.filterwarnings("ignore::adaptive_tutor.BankDefaultsWarning")


def sample_lines() -> list[str]:
    return SAMPLE.read_text(encoding="utf-8").splitlines()


def write(folder: Path, lines: list[str], name: str = "items.csv", encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding=encoding)
    return path


def build(path: Path, **options: Any) -> ItemBank:
    options.setdefault("skills", SAMPLE_SKILLS)
    options.setdefault("metadata", METADATA)
    return ItemBank.from_table(path, **options)


def problems_of(path: Path, **options: Any) -> list[BankProblem]:
    with pytest.raises(ItemBankError) as caught:
        build(path, **options)
    return caught.value.problems


def test_the_sample_spreadsheet_builds_the_committed_bank() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        bank = build(SAMPLE)
    assert bank == ItemBank.from_json(EXAMPLES / "fractions_sample.json")
    assert bank.to_json() == (EXAMPLES / "fractions_sample.json").read_text(encoding="utf-8")


def test_the_sample_has_every_item_type_and_model() -> None:
    bank = build(SAMPLE)
    assert {item.type for item in bank} == {
        "multiple_choice",
        "numeric",
        "short_answer",
        "partial_credit",
    }
    assert set(bank.params.models) == {"1PL", "2PL", "3PL", "GRM", "GPCM"}


def test_cells_become_typed_fields() -> None:
    bank = build(SAMPLE)
    choice = bank["fs.001"].to_dict()
    assert choice["choices"][1] == {
        "id": "B",
        "text": "1/3",
        "feedback": "There are 4 slices in all, not 3.",
    }
    assert bank["fs.003"].answer.accepted == ("one half", "a half", "half")
    assert bank["fs.007"].to_dict()["answer"] == {"value": 0.75, "tolerance": 0.001}
    assert bank["fs.009"].to_dict()["irt"] == {"model": "GRM", "a": 1.0, "thresholds": [0.4, 1.6]}
    assert [level.score for level in bank["fs.011"].rubric] == [0, 1, 2]
    assert bank.skill("frac.unit").names == {"ko": "단위분수"}
    assert bank.skill("frac.add").prerequisites == ("frac.equivalent",)


@pytest.mark.parametrize(
    ("line", "change", "field", "message"),
    [
        (5, ("frac.equivalent", "frac.equivalnet"), "skill", "unknown skill id 'frac.equivalnet'"),
        (7, ("B,,,,,3PL", "E,,,,,3PL"), "answer", "the key 'E' is not among the choices"),
        (8, ("2PL,1.4,0.5", "2PL,1.4,"), "b", "the cell is empty, but a value is required by"),
        (3, (",2PL,1.3,-1.2", ",2PL,1.3,-1.2O"), "b", "'-1.2O' is not a number"),
    ],
)
def test_a_planted_mistake_gives_one_problem_on_its_line(
    tmp_path: Path, line: int, change: tuple[str, str], field: str, message: str
) -> None:
    lines = sample_lines()
    assert change[0] in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(change[0], change[1], 1)
    (problem,) = problems_of(write(tmp_path, lines))
    assert (problem.row, problem.field) == (line, field)
    assert problem.item == lines[line - 1].split(",")[0]
    assert message in problem.message


def test_an_empty_row_is_one_problem_and_trailing_empty_rows_are_ignored(tmp_path: Path) -> None:
    lines = sample_lines()
    lines.insert(3, ",,,,,")
    lines += [",,,", ""]
    (problem,) = problems_of(write(tmp_path, lines))
    assert (problem.row, problem.message) == (4, "the row is empty")


def test_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    path = write(tmp_path, sample_lines(), encoding="utf-8-sig")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert build(path) == build(SAMPLE)


def test_every_planted_mistake_is_listed_in_line_order(tmp_path: Path) -> None:
    lines = sample_lines()
    lines[7] = lines[7].replace("2PL,1.4,0.5", "2PL,1.4,")
    lines[4] = lines[4].replace("frac.equivalent", "frac.equivalnet")
    lines.insert(9, ",,,")
    lines[6] = lines[6].replace("B,,,,,3PL", "E,,,,,3PL")
    problems = problems_of(write(tmp_path, lines, encoding="utf-8-sig"))
    assert [(p.row, p.field) for p in problems] == [
        (5, "skill"),
        (7, "answer"),
        (8, "b"),
        (10, None),
    ]
    assert str(problems[0]).startswith(
        f"{tmp_path / 'items.csv'}:5: item 'fs.004': field 'skill': "
    )
    assert "did you mean 'frac.equivalent'?" in problems[0].fix


def test_a_korean_windows_encoding_is_refused_with_save_as_utf8(tmp_path: Path) -> None:
    path = write(
        tmp_path, [HEADER, "q1,add,1,numeric,사과 3개와 2개는?,5,2PL,1,-1"], encoding="cp949"
    )
    (problem,) = problems_of(path, skills=None)
    assert "not UTF-8" in problem.message
    assert "save it as UTF-8" in problem.fix
    assert problem.file.endswith("items.csv:2")


def test_utf16_text_is_refused_with_save_as_utf8(tmp_path: Path) -> None:
    path = write(tmp_path, [HEADER], encoding="utf-16")
    (problem,) = problems_of(path)
    assert "save it as UTF-8" in str(problem)


def test_unknown_and_missing_columns_are_named_once_on_the_header_line(tmp_path: Path) -> None:
    lines = [
        "id,skill,grade,promt,answer,b",
        "q1,frac.unit,2,1/2 of 4?,2,-1",
        "q2,frac.unit,2,1/2 of 6?,3,-1",
    ]
    problems = problems_of(write(tmp_path, lines))
    assert [(p.row, p.field, p.message) for p in problems] == [
        (1, "promt", "unknown column 'promt'"),
        (1, "prompt", "there is no 'prompt' column"),
    ]
    assert problems[0].fix.startswith("did you mean 'prompt'?")


def test_skills_are_created_from_the_items_when_no_skills_table_is_given(tmp_path: Path) -> None:
    path = write(tmp_path, [HEADER, "q1,add,1,numeric,1 + 1?,2,2PL,1,-1"], name="my sums.csv")
    with pytest.warns(BankDefaultsWarning) as caught:
        bank = ItemBank.from_table(path)
    assert bank.skills[0].to_dict() == {"id": "add", "name": "add", "grade": 1, "prerequisites": []}
    assert (bank.metadata.id, bank.metadata.title) == ("my_sums", "My sums")
    note = str(caught[0].message)
    for default in ("id 'my_sums' (from the file name)", "grade_range [1, 1]", "licence"):
        assert default in note
    assert "1 skill named by their ids" in note


def test_one_choices_cell_and_lower_case_or_text_keys(tmp_path: Path) -> None:
    lines = [
        "item_id,skill,grade,prompt,choices,feedback_C,answer,b",
        "q1,frac.unit,2,Half of 8?,4 | 2 | 6,Six is more than half.,a,-1",
        "q2,frac.unit,2,Half of 6?,4 | 3 | 2,,3,-1",
    ]
    bank = build(write(tmp_path, lines))
    assert bank["q1"].to_dict()["choices"][2] == {
        "id": "C",
        "text": "6",
        "feedback": "Six is more than half.",
    }
    assert (bank["q1"].answer.choice, bank["q2"].answer.choice) == ("A", "B")
    assert bank["q1"].type == "multiple_choice"


def test_feedback_without_its_choice_is_a_problem(tmp_path: Path) -> None:
    lines = [
        "id,skill,grade,prompt,choice_A,choice_B,feedback_C,answer,b",
        "q1,frac.unit,2,Half of 8?,4,2,Too many.,A,-1",
    ]
    (problem,) = problems_of(write(tmp_path, lines))
    assert (problem.row, problem.field) == (2, "feedback_C")


def test_a_rubric_in_one_cell_and_an_inferred_partial_credit_type(tmp_path: Path) -> None:
    lines = [
        "id,skill,grade,prompt,rubric,thresholds",
        'q1,frac.add,5,"Add 1/2 and 1/4, showing your steps.",none | one step | all,-0.5 | 0.5',
    ]
    item = build(write(tmp_path, lines))["q1"]
    assert (item.type, item.max_score, item.irt.model) == ("partial_credit", 2, "GRM")
    assert [level.description for level in item.rubric] == ["none", "one step", "all"]


def test_a_multi_line_cell_keeps_the_spreadsheet_row_numbers(tmp_path: Path) -> None:
    lines = [
        HEADER,
        'q1,frac.unit,2,numeric,"Look:\n1/2 of 4?",2,2PL,1,-1',
        "q2,frac.unit,2,numeric,x,,2PL,1,-1",
    ]
    (problem,) = problems_of(write(tmp_path, lines))
    assert (problem.row, problem.item, problem.field) == (3, "q2", "answer")


def test_semicolon_separated_files_from_european_spreadsheets(tmp_path: Path) -> None:
    lines = [HEADER.replace(",", ";"), "q1;frac.unit;2;numeric;Half of 1?;0,5;2PL;1;-1"]
    assert build(write(tmp_path, lines))["q1"].answer.value == 0.5


def test_a_workbook_with_a_skills_sheet_builds_the_same_bank(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl", reason="the spreadsheets extra is not installed")
    book = openpyxl.Workbook()
    items_sheet = book.active
    items_sheet.title = "items"
    for sheet, source in ((items_sheet, SAMPLE), (book.create_sheet("skills"), SAMPLE_SKILLS)):
        with source.open(encoding="utf-8", newline="") as handle:
            for record in csv.reader(handle):
                sheet.append([_spreadsheet_value(cell) for cell in record])
    path = tmp_path / "fractions.xlsx"
    book.save(path)
    assert ItemBank.from_table(path, metadata=METADATA) == build(SAMPLE)


def _spreadsheet_value(cell: str) -> Any:
    """What a spreadsheet program stores: numbers as numbers, blanks as nothing."""
    if not cell:
        return None
    try:
        return float(cell)
    except ValueError:
        return cell


def test_a_workbook_problem_names_its_sheet_and_row(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl", reason="the spreadsheets extra is not installed")
    book = openpyxl.Workbook()
    book.active.title = "items"
    book.active.append(HEADER.split(","))
    book.active.append(["q1", "frac.unit", 2, "numeric", "1/2 of 4?", 2, "2PL", 1, -1])
    skills = book.create_sheet("skills")
    skills.append(["id", "name", "grade"])
    skills.append(["frac.unit", None, 2])
    path = tmp_path / "book.xlsx"
    book.save(path)
    (problem,) = problems_of(path, skills=None)
    assert str(problem).startswith(f"{path}[skills]:2: skill 'frac.unit': field 'name': ")


def test_from_dataframe_reads_numeric_strings_as_numbers() -> None:
    frame = pd.DataFrame(
        {
            "id": ["q1", "q2"],
            "skill": ["frac.unit", "frac.unit"],
            "grade": ["2", "3"],
            "prompt": ["Half of 4?", "Half of 1?"],
            "answer": ["2", "0.5"],
            "b": ["-1", "0.25"],
        }
    )
    bank = ItemBank.from_dataframe(frame, metadata=METADATA, skills=pd.read_csv(SAMPLE_SKILLS))
    assert [item.answer.value for item in bank] == [2, 0.5]
    assert bank.params.b.tolist() == [-1.0, 0.25]
    assert bank.item_grades.tolist() == [2, 3]
