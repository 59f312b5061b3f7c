"""``adaptive-tutor calibrate | report | simulate``: the library's analyses from a shell."""

from __future__ import annotations

import argparse
import zoneinfo
from pathlib import Path
from typing import Any, TextIO

import pandas as pd

from adaptive_tutor.cli._common import (
    ProgressLine,
    UsageError,
    format_table,
    load_bank,
    log_problems,
    read_log,
    write_text,
)

__all__ = ["add_analysis_commands"]

_FORMATTER = argparse.RawDescriptionHelpFormatter
BANK_HELP = "the item bank: a .json file, a spreadsheet or a shipped bank's name"
LOG_HELP = "response log, .csv or .parquet: learner_id, item_id, response[, timestamp, ...]"

CALIBRATE_EXAMPLES = """examples:
  adaptive-tutor calibrate answers.csv --bank arithmetic -o arithmetic_calibrated.json
  adaptive-tutor calibrate answers.parquet --bank my_bank.json --anchors q1 q2 q3 -o new.json

The log has one row per answer (learner_id, item_id, response: 0/1, or the score of a
partial-credit item). Item parameters are estimated by marginal maximum likelihood; items
named by --anchors keep the bank's parameters, so the others land on the bank's scale.
Items a CSV log cannot estimate (every learner answered them the same way, or a
partial-credit score nobody got) keep the bank's parameters, and a note lists them. When an item
has no finite estimate (few learners, answers ordered by ability), add --priors all.
Progress is shown on standard error."""

REPORT_EXAMPLES = """examples:
  adaptive-tutor report learner answers.csv --bank arithmetic --learner ann -o ann.html
  adaptive-tutor report class answers.csv --bank arithmetic --locale ko -o class.html
  adaptive-tutor report item answers.csv --bank my_bank.json -o items.md
  adaptive-tutor report learner answers.csv --bank ko_math --learner 민지 --timezone Asia/Seoul

The format follows the output's extension: .html (a self-contained page), .md, .txt or
.json; without -o the text report is printed. Dates are shown in --timezone (default:
as the log's timestamps are written, UTC for timestamps with a time zone)."""

SIMULATE_EXAMPLES = """examples:
  adaptive-tutor simulate --bank arithmetic
  adaptive-tutor simulate --bank my_bank.json --learners 2000 --max-items 15 --se 0.35
  adaptive-tutor simulate --bank arithmetic --selector target --target 0.75 --seed 3

Simulated learners (abilities drawn from a standard normal distribution) take the adaptive
design; the table shows how well it measures (bias, RMSE, standard error), how long tests
are, how evenly items are used and how often mastery is classified correctly."""

METRIC_LABELS = {
    "n_learners": "learners simulated",
    "bias": "bias of the ability estimates (logits)",
    "rmse": "RMSE of the ability estimates (logits)",
    "mean_se": "mean standard error (logits)",
    "mean_length": "items per learner, mean",
    "sd_length": "items per learner, standard deviation",
    "max_exposure": "highest share of learners seeing one item",
    "share_never_used": "share of items never used",
    "exposure_chi_square": "exposure chi-square (0 = even use)",
    "overlap_rate": "test overlap rate",
    "classification_accuracy": "skills classified like the true mastery",
    "classification_accuracy_decided": "... among skills decided",
    "share_undetermined": "skills left undetermined",
}


def add_analysis_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``calibrate``, ``report`` and ``simulate``."""
    calibrate = commands.add_parser(
        "calibrate",
        help="estimate item parameters from a response log",
        description="Calibrate a bank's item parameters from a response log (MML-EM).",
        epilog=CALIBRATE_EXAMPLES,
        formatter_class=_FORMATTER,
    )
    calibrate.add_argument("log", metavar="LOG", help=LOG_HELP)
    calibrate.add_argument("--bank", required=True, help=BANK_HELP)
    calibrate.add_argument("-o", "--output", required=True, metavar="BANK.json")
    calibrate.add_argument(
        "--model", choices=("1PL", "2PL", "3PL", "4PL", "GRM", "GPCM", "PCM"),
        help="one model for every item (default: each item's model in the bank)",
    )  # fmt: skip
    calibrate.add_argument("--anchors", nargs="+", metavar="ITEM", help="items held fixed")
    calibrate.add_argument("--max-iter", type=int, default=500, help="EM steps at most")
    calibrate.add_argument(
        "--priors", choices=("auto", "all", "none"), default="auto",
        help="'auto': priors on guessing (and slopes) of 3PL/4PL items; 'all': also a "
        "lognormal prior on every slope (steadies items with few answers); 'none'",
    )  # fmt: skip
    calibrate.add_argument(
        "--standard-errors", choices=("auto", "full", "item", "none"), default="auto",
        help="item standard errors: joint ('full'), per item ('item'), by size, or none",
    )  # fmt: skip
    calibrate.add_argument("-q", "--quiet", action="store_true", help="no progress display")
    calibrate.set_defaults(run=run_calibrate)

    report = commands.add_parser(
        "report",
        help="write a learner, class or item report",
        description="Write a report for a teacher, a case manager or an analyst.",
        epilog=REPORT_EXAMPLES,
        formatter_class=_FORMATTER,
    )
    report.add_argument("kind", choices=("learner", "class", "item"), help="which report")
    report.add_argument("log", metavar="LOG", help=LOG_HELP)
    report.add_argument("--bank", required=True, help=BANK_HELP)
    report.add_argument("--learner", metavar="ID", help="the learner (learner reports)")
    report.add_argument("--groups", metavar="COLUMN", help="a log column of groups (class, item)")
    report.add_argument(
        "--locale", choices=("en", "ko"), help="language of the page (default: the bank's)"
    )
    report.add_argument(
        "--audience",
        choices=("teacher", "analyst", "learner"),
        help="who reads the page: teacher (default; analyst for item reports), analyst, or "
        "learner (a page for the child)",
    )
    report.add_argument("--title", help="the report's title")
    report.add_argument(
        "--timezone", metavar="ZONE", help="show dates in this time zone, e.g. Asia/Seoul"
    )
    report.add_argument("-o", "--output", metavar="PAGE", help=".html, .md, .txt or .json")
    report.set_defaults(run=run_report)

    simulate = commands.add_parser(
        "simulate",
        help="simulate learners to judge an adaptive design",
        description="Simulate learners taking an adaptive design and print its metrics.",
        epilog=SIMULATE_EXAMPLES,
        formatter_class=_FORMATTER,
    )
    simulate.add_argument("--bank", required=True, help=BANK_HELP)
    simulate.add_argument("--learners", type=int, default=500, help="how many (default 500)")
    simulate.add_argument(
        "--selector", choices=("information", "target"), default="information",
        help="'information': the most informative item (testing); 'target': items the "
        "learner gets right with probability --target (practice)",
    )  # fmt: skip
    simulate.add_argument("--target", type=float, default=0.75, help="success rate aimed at")
    simulate.add_argument("--max-items", type=int, default=20, help="items per learner at most")
    simulate.add_argument("--se", type=float, help="also stop once the standard error is below")
    simulate.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    simulate.add_argument("--learners-csv", metavar="PATH", help="write one row per learner")
    simulate.set_defaults(run=run_simulate)


def run_calibrate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Fit the calibrator to the log and write the calibrated bank."""
    from adaptive_tutor.calibration import Calibrator, Priors

    if args.max_iter < 1:
        raise UsageError(f"--max-iter must be at least 1; got {args.max_iter}")
    bank = load_bank(args.bank, args, err)
    suffix = Path(args.log).suffix.lower()
    log: Any = args.log if suffix in (".parquet", ".pq") or Path(args.log).is_dir() else None
    anchors = list(args.anchors or [])
    if log is None:
        log = read_log(args.log)
        anchors += _not_estimable(log, bank, anchors, err)
    progress = None if args.quiet else ProgressLine(err)
    standard_errors = False if args.standard_errors == "none" else args.standard_errors
    priors: str | Priors | None = Priors() if args.priors == "all" else None
    if args.priors == "auto":
        priors = "auto"
    calibrator = Calibrator(
        model=args.model,
        anchors=anchors or None,
        max_iter=args.max_iter,
        priors=priors,
        standard_errors=standard_errors,
        callback=progress,
    )
    try:
        with log_problems(args.log):
            calibrator.fit(log, bank=bank)
    finally:
        if progress is not None:
            progress.close()
    calibrated = calibrator.to_item_bank(bank)
    calibrated.to_json(args.output)
    state = "converged" if calibrator.converged_ else "NOT converged: raise --max-iter"
    print(
        f"Calibrated {len(calibrator.item_ids_)} items from {calibrator.n_responses_:,} "
        f"answers of {calibrator.n_learners_:,} learners in {calibrator.n_iter_} EM steps "
        f"({state}); log-likelihood {calibrator.log_likelihood_:,.1f}.\n"
        f"Wrote {args.output}.",
        file=out,
    )
    return 0


def _not_estimable(log: Any, bank: Any, anchors: list[str], err: TextIO) -> list[str]:
    """Bank items whose parameters the log cannot estimate (kept as anchors, with a note).

    Items every learner answered the same way (all right or all wrong) and partial-credit
    items with a score nobody got: the calibrator would refuse the whole log for them.
    """
    if not {"item_id", "response"} <= set(log.columns) or not len(log):
        return []  # the calibrator names the problem
    answers = log.loc[log["item_id"].isin(bank.item_ids), ["item_id", "response"]]
    answers = answers[pd.to_numeric(answers["response"], errors="coerce").notna()]
    seen = answers.groupby("item_id", sort=False)["response"].nunique()
    needed = pd.Series([bank[i].n_categories for i in seen.index], index=seen.index)
    kept = [str(i) for i in seen.index[seen < needed] if i not in anchors]
    if kept:
        print(
            f"note: {len(kept)} item{'s' if len(kept) > 1 else ''} keep the bank's "
            "parameters because the log cannot estimate them (every learner answered them "
            f"the same way, or a score nobody got): {', '.join(sorted(kept))}",
            file=err,
        )
    return kept


def _report_options(kind: str, args: argparse.Namespace) -> dict[str, Any]:
    """The report's options from the command line."""
    if args.groups is not None and kind == "learner":
        raise UsageError("--groups is for class and item reports")
    if args.audience == "learner" and kind != "learner":
        raise UsageError("--audience learner is for learner reports (a page for the child)")
    if args.timezone is not None:
        try:
            zoneinfo.ZoneInfo(args.timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise UsageError(
                f"--timezone takes a time zone name such as Asia/Seoul; got {args.timezone!r}"
            ) from None
    names = ("title", "groups", "locale", "audience", "timezone")
    return {name: getattr(args, name) for name in names if getattr(args, name) is not None}


def run_report(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Build the report and write it in the output's format."""
    from adaptive_tutor.reports import ClassReport, ItemReport, LearnerReport

    if args.kind == "learner" and args.learner is None:
        raise UsageError("report learner needs --learner ID")
    if args.kind != "learner" and args.learner is not None:
        raise UsageError(f"--learner is for learner reports, not {args.kind} reports")
    suffix = Path(args.output).suffix.lower() if args.output else ".txt"
    if suffix not in (".html", ".htm", ".md", ".txt", ".json"):
        raise UsageError(f"-o must end in .html, .md, .txt or .json; got {args.output!r}")
    report_class = {"learner": LearnerReport, "class": ClassReport, "item": ItemReport}[args.kind]
    options = _report_options(args.kind, args)
    bank = load_bank(args.bank, args, err)
    log = read_log(args.log)
    if args.groups is not None and args.groups not in log.columns:
        raise UsageError(
            f"--groups names a column of the log; {args.log} has no column {args.groups!r} "
            f"(its columns: {', '.join(map(str, log.columns))})"
        )
    with log_problems(args.log):
        if args.kind == "learner":
            report = report_class(log, bank, args.learner, **options)
        else:
            report = report_class(log, bank, **options)
    if args.output is None:
        print(report.to_text(), file=out)
        return 0
    text = {
        ".html": report.to_html,
        ".htm": report.to_html,
        ".md": report.to_markdown,
        ".txt": report.to_text,
        ".json": report.to_json,
    }[suffix]()
    write_text(args.output, text)
    print(f"Wrote {args.output}.", file=out)
    return 0


def run_simulate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Simulate the design and print its metrics table."""
    from adaptive_tutor.selection import MaxInformation, TargetProbability
    from adaptive_tutor.simulation import simulate
    from adaptive_tutor.stopping import AnyOf, MaxItems, StandardErrorBelow

    for name, value, low in (("--learners", args.learners, 1), ("--max-items", args.max_items, 1)):
        if value < low:
            raise UsageError(f"{name} must be at least {low}; got {value}")
    if not 0 < args.target < 1:
        raise UsageError(f"--target is a success rate between 0 and 1; got {args.target}")
    if args.se is not None and args.se <= 0:
        raise UsageError(f"--se must be above 0; got {args.se}")
    bank = load_bank(args.bank, args, err)
    selector = (
        MaxInformation() if args.selector == "information" else TargetProbability(args.target)
    )
    stopping: Any = MaxItems(args.max_items)
    design = f"{args.selector} selection, at most {args.max_items} items"
    if args.se is not None:
        stopping = AnyOf(stopping, StandardErrorBelow(args.se))
        design += f" or a standard error below {args.se:g}"
    result = simulate(
        bank, args.learners, selector=selector, stopping_rule=stopping, seed=args.seed
    )
    print(
        f"{args.learners:,} simulated learners on {bank.metadata.title!r} ({len(bank)} items): "
        f"{design}; seed {args.seed}",
        file=out,
    )
    rows = [
        [METRIC_LABELS.get(name, name), _metric(name, value)]
        for name, value in result.metrics.items()
    ]
    print(format_table(["metric", "value"], rows, right=["value"]), file=out)
    if args.learners_csv:
        result.learners.to_csv(args.learners_csv, index=False)
        print(f"Wrote {args.learners_csv}.", file=out)
    return 0


def _metric(name: str, value: float) -> str:
    if value != value:  # NaN: nothing to measure
        return "-"
    if name == "n_learners":
        return f"{int(value):,}"
    if name.endswith("_length"):
        text = f"{value:.1f}"
    elif name.startswith(("share", "classification", "max_exposure", "overlap")):
        text = f"{value:.1%}"
    else:
        text = f"{value:.3f}"
    # a value that rounds to zero is shown as 0, never "-0.000"
    return text[1:] if text.startswith("-") and not any(c in "123456789" for c in text) else text
