"""The ``adaptive-tutor`` command (also ``python -m adaptive_tutor``): a thin layer on the library.

For staff who do not program: check and build item banks from spreadsheets, summarise a
bank, calibrate it from a response log, write reports and simulate adaptive designs.

Exit codes: 0 on success; 1 when an input is invalid (every problem is printed, one per
line, as ``file:line: item: field: message``); 2 when the command line itself is wrong.

Examples
--------
>>> main(["--version"])  # doctest: +ELLIPSIS
adaptive-tutor ...
0
"""

from __future__ import annotations

import argparse
import os
import sys
import warnings
from collections.abc import Callable, Sequence
from typing import Any, TextIO

from adaptive_tutor.cli._analysis import add_analysis_commands
from adaptive_tutor.cli._bank import add_bank_commands
from adaptive_tutor.cli._common import UsageError, print_problems
from adaptive_tutor.exceptions import AdaptiveTutorError, ItemBankError

__all__ = ["build_parser", "main"]

EXAMPLES = """examples:
  adaptive-tutor bank validate my_bank.json
  adaptive-tutor bank build items.csv --skills skills.csv -o my_bank.json
  adaptive-tutor bank show arithmetic
  adaptive-tutor calibrate answers.csv --bank my_bank.json -o calibrated.json
  adaptive-tutor report class answers.csv --bank my_bank.json -o class.html
  adaptive-tutor simulate --bank arithmetic --learners 1000

Exit codes: 0 success, 1 invalid input (each problem printed as
file:line: item: field: message), 2 a wrong command line.
Run 'adaptive-tutor COMMAND --help' for a command's options and examples."""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the whole command line.

    Returns
    -------
    argparse.ArgumentParser
        The parser with every subcommand.

    Examples
    --------
    >>> build_parser().parse_args(["bank", "show", "arithmetic"]).bank
    'arithmetic'
    """
    from adaptive_tutor import __version__

    parser = argparse.ArgumentParser(
        prog="adaptive-tutor",
        description="Adaptive learning from the command line: item banks, calibration, "
        "reports and simulations.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    add_bank_commands(commands)
    add_analysis_commands(commands)
    return parser


def main(
    argv: Sequence[str] | None = None, *, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Run the command line and return its exit code.

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments after the program name (default: ``sys.argv[1:]``).
    out, err : text streams, optional
        Where results and problems go (default: standard output and error).

    Returns
    -------
    int
        0 on success, 1 for invalid input, 2 for a wrong command line.

    Examples
    --------
    >>> import io
    >>> out, err = io.StringIO(), io.StringIO()
    >>> main(["bank", "validate", "nowhere.json"], out=out, err=err)
    1
    >>> print(out.getvalue(), end="")
    nowhere.json: no such item bank file; check the path
    """
    out = out if out is not None else sys.stdout
    err = err if err is not None else sys.stderr
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # --help, --version, or argparse's usage errors
        return int(stop.code or 0)
    command = " ".join(part for part in (args.command, getattr(args, "action", None)) if part)
    try:
        with warnings.catch_warnings():
            warnings.showwarning = _plain_warnings(err)
            code: int = args.run(args, out, err)
    except UsageError as error:
        print(f"adaptive-tutor {command}: error: {error}", file=err)
        print(f"Run 'adaptive-tutor {command} --help' for the options and examples.", file=err)
        return 2
    except ItemBankError as error:
        print_problems(error, err)
        return 1
    except (AdaptiveTutorError, ValueError) as error:  # ValueError: a value the library refused
        print(f"error: {error}", file=err)
        return 1
    except BrokenPipeError:  # the reader of our output left (e.g. `| head`): stop quietly
        if out is sys.stdout:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return 1
    except OSError as error:
        where = f"{error.filename}: " if error.filename else ""
        print(f"error: {where}{error.strerror or error}", file=err)
        return 1
    return code


def _plain_warnings(err: TextIO) -> Callable[..., None]:
    """Show the library's warnings as ``warning: message`` lines, without source lines."""

    def show(message: Warning | str, category: type[Warning], *args: Any, **kwargs: Any) -> None:
        print(f"warning: {message}", file=err)

    return show
