"""The adaptive-tutor command: the installed script in a subprocess, the commands in-process."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from adaptive_tutor import ItemBank, irt
from adaptive_tutor.cli import main

EXAMPLES = Path(__file__).resolve().parents[1] / "item_banks" / "examples"
SAMPLE = EXAMPLES / "fractions_sample.csv"
SKILLS = EXAMPLES / "fractions_sample_skills.csv"
SAMPLE_BANK = EXAMPLES / "fractions_sample.json"
FIELDS = [
    "--id", "fractions_sample", "--title", "Fractions sample", "--subject", "mathematics",
    "--language", "en", "--provider", "adaptive_tutor project", "--licence", "CC-BY-4.0",
]  # fmt: skip


def installed_command() -> str:
    command = shutil.which("adaptive-tutor", path=str(Path(sys.executable).parent))
    assert command is not None, "the adaptive-tutor script is not installed (pip install -e .)"
    return command


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [installed_command(), *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def call(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def broken_sample(folder: Path) -> Path:
    text = SAMPLE.read_text(encoding="utf-8").replace(
        "fs.004,frac.equivalent", "fs.004,frac.equivalnet"
    )
    path = folder / "broken.csv"
    path.write_text(text, encoding="utf-8-sig")
    return path


@pytest.fixture(scope="module")
def answers(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Answers of 300 simulated learners to every item of the sample bank."""
    bank = ItemBank.from_json(SAMPLE_BANK)
    rng = np.random.default_rng(5)
    cumulative = irt.category_prob(bank.params, rng.normal(size=300)).cumsum(axis=2)
    scores = (rng.random((len(bank), 300, 1)) > cumulative).sum(axis=2).T
    log = pd.DataFrame(scores, columns=list(bank.item_ids))
    log.index = [f"child{i:03d}" for i in range(300)]
    long = log.stack().rename("response").rename_axis(["learner_id", "item_id"]).reset_index()
    path = tmp_path_factory.mktemp("logs") / "answers.csv"
    long.to_csv(path, index=False)
    return path


# ----------------------------------------------------------------- the installed command
def test_the_installed_command_builds_the_sample_bank(tmp_path: Path) -> None:
    result = run("bank", "build", str(SAMPLE), "--skills", str(SKILLS), *FIELDS,
                 "-o", "sample.json", cwd=tmp_path)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "sample.json").read_text(encoding="utf-8") == SAMPLE_BANK.read_text(
        encoding="utf-8"
    )
    assert "Wrote sample.json: 11 items, 5 skills, grades 2-5." in result.stdout
    assert "note: used defaults for: grade_range [2, 5] (from the items)" in result.stderr


def test_the_installed_command_prints_every_problem_and_exits_1(tmp_path: Path) -> None:
    broken_sample(tmp_path)
    result = run("bank", "validate", "broken.csv", "--skills", str(SKILLS), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.startswith(
        "broken.csv:5: item 'fs.004': field 'skill': unknown skill id 'frac.equivalnet'; "
        "did you mean 'frac.equivalent'?"
    )
    assert "1 of 1 file has 1 problem." in result.stderr


def test_a_wrong_command_line_exits_2(tmp_path: Path) -> None:
    result = run("report", "learner", cwd=tmp_path)
    assert result.returncode == 2
    assert "the following arguments are required" in result.stderr


def test_python_dash_m_runs_the_same_command(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "adaptive_tutor", "--help"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0
    assert result.stdout.startswith("usage: adaptive-tutor")
    assert "examples:" in result.stdout


# ----------------------------------------------------------------- help
@pytest.mark.parametrize(
    "command",
    [
        [],
        ["bank"],
        ["bank", "validate"],
        ["bank", "build"],
        ["bank", "show"],
        ["calibrate"],
        ["report"],
        ["simulate"],
    ],
)
def test_every_command_has_help_with_examples(
    command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert call(*command, "--help")[0] == 0
    text = capsys.readouterr().out
    assert "adaptive-tutor" in text
    assert "examples:" in text or "COMMAND --help" in text


# ----------------------------------------------------------------- bank
def test_validate_reports_ok_files_and_structured_json(tmp_path: Path) -> None:
    code, out, err = call("bank", "validate", str(SAMPLE_BANK))
    assert (code, err) == (0, "")
    assert out == f"{SAMPLE_BANK}: OK (11 items, 5 skills, grades 2-5)\n"
    code, out, _ = call("bank", "validate", str(broken_sample(tmp_path)), "--skills", str(SKILLS),
                        "--json")  # fmt: skip
    assert code == 1
    (problem,) = json.loads(out)
    assert (problem["row"], problem["item"], problem["field"]) == (5, "fs.004", "skill")


def test_validate_names_a_file_that_is_not_there(tmp_path: Path) -> None:
    code, out, _ = call("bank", "validate", str(tmp_path / "missing.json"))
    assert code == 1
    assert out.startswith(f"{tmp_path / 'missing.json'}: no such item bank file")


def test_build_refuses_a_file_in_another_encoding(tmp_path: Path) -> None:
    path = tmp_path / "items.csv"
    path.write_text("id,skill,grade,prompt,answer,b\nq1,add,1,사과 2개와 3개?,5,-1\n", "cp949")
    code, _, err = call("bank", "build", str(path), "-o", str(tmp_path / "bank.json"))
    assert code == 1
    assert "save it as UTF-8" in err
    assert not (tmp_path / "bank.json").exists()


def test_build_sets_titles_in_other_languages_and_the_spelling(tmp_path: Path) -> None:
    output = tmp_path / "bank.json"
    code, _, err = call("bank", "build", str(SAMPLE), "--skills", str(SKILLS),
                        "--title", "Fractions", "--title-in", "ko", "분수 연습",
                        "--title-in", "en-GB", "Fractions", "--spelling", "en-US",
                        "-o", str(output))  # fmt: skip
    assert code == 0, err
    bank = ItemBank.from_json(output)
    assert bank.metadata.titles == {"ko": "분수 연습", "en-GB": "Fractions"}
    assert bank.metadata.title_in("ko") == "분수 연습"
    assert bank.metadata.spelling == "en-US"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--title-in", "Korean", "분수"], "--title-in takes a language tag"),
        (["--title-in", "ko", "분수", "--title-in", "ko", "셈"], "'ko' is given twice"),
        (["--title-in", "ko", " "], "'ko' is empty"),
        (["--spelling", "US"], "--spelling takes a language tag"),
    ],
)
def test_build_refuses_a_malformed_title_or_spelling(
    options: list[str], message: str, tmp_path: Path
) -> None:
    code, _, err = call("bank", "build", str(SAMPLE), *options,
                        "-o", str(tmp_path / "bank.json"))  # fmt: skip
    assert code == 2
    assert message in err


def test_build_writes_bank_json_only(tmp_path: Path) -> None:
    code, _, err = call("bank", "build", str(SAMPLE_BANK), "-o", str(tmp_path / "x.json"))
    assert code == 2
    assert "bank build reads a spreadsheet" in err


def test_show_summarises_per_skill_and_grade() -> None:
    code, out, _ = call("bank", "show", str(SAMPLE_BANK))
    assert code == 0
    assert out.startswith("Fractions sample (fractions_sample): mathematics, language en, 11")
    assert "Items: 3 multiple choice, 4 numeric, 2 partial credit, 2 short answer" in out
    skill_line = next(line for line in out.splitlines() if line.startswith("frac.unit "))
    assert skill_line.split()[-6:] == ["2", "3", "-1.50", "-1.23", "-1.00", "-"]
    assert "Per grade" in out


# ----------------------------------------------------------------- analyses
def test_calibrate_writes_a_calibrated_bank_with_progress(answers: Path, tmp_path: Path) -> None:
    output = tmp_path / "calibrated.json"
    code, out, err = call("calibrate", str(answers), "--bank", str(SAMPLE_BANK),
                          "-o", str(output))  # fmt: skip
    assert code == 0, err
    assert "Calibrated 11 items from 3,300 answers of 300 learners" in out
    assert "EM step 1/500" in err
    assert err.rstrip().splitlines()[-1].startswith("finished:")
    calibrated = ItemBank.from_json(output)
    assert calibrated.item_ids == ItemBank.from_json(SAMPLE_BANK).item_ids
    assert "MML" in (calibrated["fs.002"].irt.calibration or "")


def test_report_writes_the_learner_page(answers: Path, tmp_path: Path) -> None:
    page = tmp_path / "child007.html"
    code, out, err = call("report", "learner", str(answers), "--bank", str(SAMPLE_BANK),
                          "--learner", "child007", "-o", str(page))  # fmt: skip
    assert code == 0, err
    assert out == f"Wrote {page}.\n"
    assert "child007" in page.read_text(encoding="utf-8")


def test_report_passes_locale_and_audience(answers: Path, tmp_path: Path) -> None:
    page = tmp_path / "child.html"
    code, _, err = call("report", "learner", str(answers), "--bank", str(SAMPLE_BANK),
                        "--learner", "child001", "--locale", "ko", "--audience", "learner",
                        "-o", str(page))  # fmt: skip
    assert code == 0, err
    assert '<html lang="ko"' in page.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["report", "learner", "LOG", "--bank", "BANK"], "needs --learner ID"),
        (["report", "class", "LOG", "--bank", "BANK", "--learner", "x"], "for learner reports"),
        (["report", "class", "LOG", "--bank", "BANK", "--audience", "learner"], "child"),
        (["report", "item", "LOG", "--bank", "BANK", "-o", "page.pdf"], ".html, .md"),
        (["simulate", "--bank", "BANK", "--learners", "0"], "at least 1"),
        (["simulate", "--bank", "BANK", "--target", "1.5"], "between 0 and 1"),
    ],
)
def test_usage_errors_exit_2_with_a_reason(arguments: list[str], message: str) -> None:
    code, _, err = call(*arguments)
    assert code == 2
    assert message in err


def test_report_names_a_missing_log(tmp_path: Path) -> None:
    code, _, err = call("report", "item", str(tmp_path / "none.csv"), "--bank", str(SAMPLE_BANK))
    assert code == 1
    assert f"{tmp_path / 'none.csv'}: no such log file" in err


def test_simulate_prints_the_metrics_table() -> None:
    code, out, _ = call("simulate", "--bank", str(SAMPLE_BANK), "--learners", "40",
                        "--max-items", "5", "--seed", "2")  # fmt: skip
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("40 simulated learners on 'Fractions sample' (11 items)")
    assert lines[1].split() == ["metric", "value"]
    assert "items per learner, mean" in out
    assert next(line for line in lines if line.startswith("items per learner, mean")).endswith(
        "5.0"
    )


def test_a_terminal_gets_one_redrawn_progress_line(monkeypatch: pytest.MonkeyPatch) -> None:
    from adaptive_tutor.calibration import CalibrationProgress
    from adaptive_tutor.cli._common import ProgressLine

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setenv("COLUMNS", "100")
    screen = Terminal()
    show = ProgressLine(screen)
    nan = float("nan")
    show(CalibrationProgress("estimating", 0.1, 0, 900, 1, 500, -700.0, nan, 0.01, 1e-4))
    show(CalibrationProgress("finished", 0.9, 0, 900, 9, 500, -650.0, 0.1, 1e-5, 1e-4))
    drawn = screen.getvalue()
    assert drawn.startswith("\r[############------------] 0.1 s  EM step 1/500")
    assert drawn.count("\r") == 2
    assert drawn.endswith("\n")
