"""The adaptive-tutor command with response logs as partner apps write them, and its output."""

from __future__ import annotations

import io
import itertools
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from adaptive_tutor import ItemBank, irt
from adaptive_tutor.cli import main
from adaptive_tutor.cli._common import display_width, format_table

SAMPLE_BANK = (
    Path(__file__).resolve().parents[1] / "item_banks" / "examples" / "fractions_sample.json"
)


def call(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def log() -> pd.DataFrame:
    """Answers of 200 simulated learners to every item of the sample bank, with groups."""
    bank = ItemBank.from_json(SAMPLE_BANK)
    rng = np.random.default_rng(11)
    cumulative = irt.category_prob(bank.params, rng.normal(size=200)).cumsum(axis=2)
    scores = (rng.random((len(bank), 200, 1)) > cumulative).sum(axis=2).T
    wide = pd.DataFrame(scores, columns=list(bank.item_ids))
    wide.index = [f"child{i:03d}" for i in range(200)]
    long = wide.stack().rename("response").rename_axis(["learner_id", "item_id"]).reset_index()
    long["timestamp"] = "2026-09-07T23:30:00+00:00"  # 8:30 on 8 September in Seoul
    long["class_name"] = np.where(long["learner_id"] < "child100", "3반", "4반")
    return long


def write(frame: pd.DataFrame, folder: Path, name: str = "answers.csv") -> Path:
    path = folder / name
    frame.to_csv(path, index=False)
    return path


def test_a_text_score_is_refused_naming_its_line(log: pd.DataFrame, tmp_path: Path) -> None:
    bad = log.astype({"response": object})
    bad.loc[7, "response"] = "correct"  # the 8th answer: line 9 of the file
    code, _, err = call("calibrate", str(write(bad, tmp_path)), "--bank", str(SAMPLE_BANK),
                        "-o", str(tmp_path / "out.json"), "-q")  # fmt: skip
    assert code == 1
    assert err.splitlines()[0] == (
        f"{tmp_path / 'answers.csv'}:9: field 'response': 'correct' is not a number; write the "
        "score as a number (0 or 1, or the rubric score), or delete the row"
    )


def test_problems_the_library_finds_name_the_file_and_its_lines(
    log: pd.DataFrame, tmp_path: Path
) -> None:
    bad = log.copy()
    bad.loc[100, "learner_id"] = None  # line 102
    path = write(bad, tmp_path)
    code, _, err = call("report", "class", str(path), "--bank", str(SAMPLE_BANK))
    assert code == 1
    assert err.startswith(f"error: {path}: ")
    assert "'102'" in err
    assert "Rows are numbered as lines of the file; the header is line 1." in err


def test_empty_lines_keep_the_line_numbers(log: pd.DataFrame, tmp_path: Path) -> None:
    path = write(log.head(6), tmp_path)
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3:3] = [""]  # an empty line 4: the next answer is on line 5
    lines[5] = lines[5].replace(",0,", ",no,").replace(",1,", ",no,")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, _, err = call("report", "item", str(path), "--bank", str(SAMPLE_BANK))
    assert code == 1
    assert err.startswith(f"{path}:6: field 'response': 'no' is not a number")


def test_groups_must_name_a_column_of_the_log(log: pd.DataFrame, tmp_path: Path) -> None:
    code, _, err = call("report", "class", str(write(log, tmp_path)), "--bank", str(SAMPLE_BANK),
                        "--groups", "klass")  # fmt: skip
    assert code == 2
    assert "has no column 'klass' (its columns: learner_id, item_id, response" in err


def test_groups_name_the_class_column(log: pd.DataFrame, tmp_path: Path) -> None:
    page = tmp_path / "class.md"
    code, _, err = call("report", "class", str(write(log, tmp_path)), "--bank", str(SAMPLE_BANK),
                        "--groups", "class_name", "-o", str(page))  # fmt: skip
    assert code == 0, err
    assert "4반" in page.read_text(encoding="utf-8")


def test_timezone_shows_dates_where_the_reader_is(log: pd.DataFrame, tmp_path: Path) -> None:
    path = write(log, tmp_path)
    common = ("report", "learner", str(path), "--bank", str(SAMPLE_BANK), "--learner", "child001")
    seoul, utc = tmp_path / "seoul.txt", tmp_path / "utc.txt"
    assert call(*common, "--timezone", "Asia/Seoul", "-o", str(seoul))[0] == 0
    assert call(*common, "-o", str(utc))[0] == 0
    assert "Last active: September 8, 2026" in seoul.read_text(encoding="utf-8")
    assert "Last active: September 7, 2026" in utc.read_text(encoding="utf-8")


def test_an_unknown_timezone_is_a_usage_error(log: pd.DataFrame, tmp_path: Path) -> None:
    code, _, err = call("report", "class", str(write(log, tmp_path)), "--bank", str(SAMPLE_BANK),
                        "--timezone", "Seoul")  # fmt: skip
    assert code == 2
    assert "--timezone takes a time zone name such as Asia/Seoul; got 'Seoul'" in err


def test_a_wrong_value_for_the_library_is_an_error_line_not_a_traceback(
    log: pd.DataFrame, tmp_path: Path
) -> None:
    code, _, err = call("report", "class", str(write(log, tmp_path)), "--bank", str(SAMPLE_BANK),
                        "--title", "")  # fmt: skip
    assert code in (0, 1)
    assert "Traceback" not in err


def test_calibrate_keeps_items_the_log_cannot_estimate(log: pd.DataFrame, tmp_path: Path) -> None:
    alike = log.copy()
    alike.loc[alike["item_id"] == "fs.002", "response"] = 1  # everybody right
    alike.loc[alike["item_id"] == "fs.009", "response"] = alike["response"].clip(upper=1)
    output = tmp_path / "calibrated.json"
    code, _, err = call("calibrate", str(write(alike, tmp_path)), "--bank", str(SAMPLE_BANK),
                          "-o", str(output), "-q")  # fmt: skip
    assert code == 0, err
    assert "note: 2 items keep the bank's parameters" in err
    assert err.rstrip().endswith(": fs.002, fs.009")
    before, after = ItemBank.from_json(SAMPLE_BANK), ItemBank.from_json(output)
    assert after["fs.002"].irt == before["fs.002"].irt
    assert after["fs.009"].irt == before["fs.009"].irt
    assert after["fs.001"].irt != before["fs.001"].irt


def test_calibrate_priors_all_steadies_a_slope_the_data_cannot_bound(
    log: pd.DataFrame, tmp_path: Path
) -> None:
    # fs.002 (2PL) right exactly for the learners above the median: a perfect step, whose
    # maximum-likelihood slope is infinite; a lognormal prior on every slope bounds it
    others = log[log["item_id"] != "fs.002"].groupby("learner_id")["response"].sum()
    step = log.copy()
    target = step["item_id"] == "fs.002"
    step.loc[target, "response"] = (
        step.loc[target, "learner_id"].map(others) > others.median()
    ).astype(int)
    path = write(step, tmp_path)
    common = ("calibrate", str(path), "--bank", str(SAMPLE_BANK), "-q")
    code, _, err = call(*common, "-o", str(tmp_path / "auto.json"))
    assert code == 1
    assert "'fs.002'" in err
    code, _, err = call(*common, "--priors", "all", "-o", str(tmp_path / "all.json"))
    assert code == 0, err
    assert 1 < ItemBank.from_json(tmp_path / "all.json")["fs.002"].irt.a < 20


def test_a_terminal_progress_line_fits_the_terminal_and_keeps_the_seconds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from adaptive_tutor.calibration import CalibrationProgress
    from adaptive_tutor.cli._common import ProgressLine

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setenv("COLUMNS", "80")
    screen = Terminal()
    ProgressLine(screen)(
        CalibrationProgress("estimating", 12.5, 0, 900, 3, 500, -12105.208, 6.7, 0.599, 1e-4)
    )
    (line,) = screen.getvalue().split("\r")[1:]
    assert len(line) <= 79
    assert "12.5 s" in line
    assert "EM step 3/500" in line
    assert line.startswith("[")  # a shorter bar
    assert line.index("]") < 24


def test_tables_align_korean_text_by_its_width_on_screen() -> None:
    text = format_table(["skill", "items"], [["덧셈과 뺄셈", 24], ["shapes", 36]])
    lines = text.splitlines()
    assert display_width(lines[2]) == display_width(lines[3]) == display_width(lines[1])
    assert lines[2] == "덧셈과 뺄셈     24"


def test_bank_show_of_a_korean_bank_keeps_its_columns() -> None:
    code, out, _ = call("bank", "show", "ko_math")
    assert code == 0
    table = out.split("Per skill")[1].split("Per grade")[0].strip().splitlines()[1:]
    grade_column = {display_width(line.split("  1  ")[0]) for line in table[2:] if "  1  " in line}
    assert len(grade_column) == 1


def test_simulate_shows_lengths_with_one_decimal() -> None:
    code, out, _ = call("simulate", "--bank", str(SAMPLE_BANK), "--learners", "30",
                        "--max-items", "5", "--seed", "2")  # fmt: skip
    assert code == 0
    line = next(line for line in out.splitlines() if line.startswith("items per learner, mean"))
    assert line.endswith(" 5.0")


def _columns_misaligned(text: str) -> list[str]:
    """Lines of plain-text tables whose text runs into the gap between two columns."""
    lines = text.splitlines()
    bad = []
    for n, rule in enumerate(lines):
        if not rule.startswith("-") or set(rule) != {"-", " "} or "  " not in rule:
            continue
        gaps = [i for i, char in enumerate(rule) if char == " "]
        for line in [lines[n - 1], *itertools.takewhile(bool, lines[n + 1 :])]:
            on_screen = "".join(char * display_width(char) for char in line)
            if any(i < len(on_screen) and on_screen[i] != " " for i in gaps):
                bad.append(line)
    return bad


def test_reports_printed_in_korean_keep_their_table_columns(
    log: pd.DataFrame, tmp_path: Path
) -> None:
    code, out, err = call("report", "class", str(write(log, tmp_path)), "--bank",
                          str(SAMPLE_BANK), "--locale", "ko")  # fmt: skip
    assert code == 0, err
    assert "학습자" in out
    assert _columns_misaligned(out) == []


def test_simulate_never_prints_a_negative_zero() -> None:
    from adaptive_tutor.cli._analysis import _metric

    assert _metric("bias", -0.0004) == "0.000"  # was "-0.000"
    assert _metric("bias", -0.0006) == "-0.001"
    assert _metric("share_unused", -0.00001) == "0.0%"
