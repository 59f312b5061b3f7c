"""Reading an item bank's JSON from a file (or from JSON text) before any checking.

A bank file is untrusted: its size is bounded before it is read into memory, a byte-order
mark is accepted (Notepad writes one), and every way reading can fail (no such file, a
folder, not UTF-8, no permission) becomes one :class:`~adaptive_tutor.exceptions.ItemBankError`
that names the file and what to do.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from adaptive_tutor._bank_limits import MAX_BANK_BYTES
from adaptive_tutor._bank_validation import parse_json_text
from adaptive_tutor.exceptions import BankProblem, ItemBankError

JSON_TEXT_SOURCE = "<json text>"


def read_bank_json(source: str | os.PathLike[str]) -> tuple[Any, str]:
    """Return the parsed JSON of a bank file, or of JSON text starting with ``{``, and its name.

    Parameters
    ----------
    source : str or path-like
        A file path, or the JSON text itself (a string whose first non-blank character
        is ``{``).

    Returns
    -------
    document : object
        The parsed JSON, not yet checked as a bank.
    name : str
        The file path as text, or ``"<json text>"``: the source named in problems.

    Raises
    ------
    ItemBankError
        For a missing file, a folder, a file over the size limit, text that is not UTF-8,
        a file that cannot be read, or malformed JSON (with line and column).

    Examples
    --------
    >>> read_bank_json('{"bank": {}}')
    ({'bank': {}}, '<json text>')
    >>> read_bank_json("no-such-bank.json")
    Traceback (most recent call last):
    ...
    adaptive_tutor.exceptions.ItemBankError: no-such-bank.json: no such item bank file; \
check the path.
    """
    if isinstance(source, str) and source.lstrip().startswith("{"):
        return parse_json_text(source, JSON_TEXT_SOURCE), JSON_TEXT_SOURCE
    path = Path(source)
    try:
        size = path.stat().st_size if path.is_file() else 0
        if size > MAX_BANK_BYTES:  # refused before reading it into memory
            too_large = BankProblem(
                str(path),
                f"the file is {size:,} bytes; at most {MAX_BANK_BYTES:,} are read",
                fix="split it into several banks",
            )
            raise ItemBankError(f"{too_large}.", problems=[too_large])
        text = path.read_text(encoding="utf-8-sig")  # Notepad writes a BOM
    except FileNotFoundError:
        problem = BankProblem(str(path), "no such item bank file", fix="check the path")
    except IsADirectoryError:
        problem = BankProblem(
            str(path), "is a directory, not an item bank file", fix="pass the JSON file"
        )
    except UnicodeDecodeError as error:
        problem = BankProblem(
            str(path), f"the file is not UTF-8 text ({error.reason})", fix="save it as UTF-8"
        )
    except OSError as error:
        reason = error.strerror or type(error).__name__
        problem = BankProblem(
            str(path),
            f"cannot read the item bank file ({reason})",
            fix="check its permissions",
        )
    else:
        return parse_json_text(text, str(path)), str(path)
    raise ItemBankError(f"{problem}.", problems=[problem]) from None
