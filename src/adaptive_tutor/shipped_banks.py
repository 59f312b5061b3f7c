"""The item banks shipped with adaptive_tutor: English and Korean mathematics and reading.

In a source checkout they live in the repository's ``item_banks/`` folder; an installed
wheel carries a copy inside the package.

Examples
--------
>>> "arithmetic" in shipped_bank_names()
True
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from adaptive_tutor.exceptions import ItemBankError
from adaptive_tutor.item_bank import ItemBank

__all__ = ["load_shipped_bank", "shipped_bank_dir", "shipped_bank_names"]


def shipped_bank_dir() -> Path:
    """Return the folder holding the shipped JSON banks.

    Returns
    -------
    Path
        The folder the shipped bank files are in.

    Examples
    --------
    >>> shipped_bank_dir().name
    'item_banks'
    """
    packaged = Path(str(resources.files("adaptive_tutor"))) / "item_banks"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "item_banks"


def shipped_bank_names() -> tuple[str, ...]:
    """Return the names of the shipped banks (file names without ``.json``), sorted.

    Returns
    -------
    tuple of str
        The names, sorted.

    Examples
    --------
    >>> shipped_bank_names()
    ('arithmetic', 'fractions_decimals', 'ko_math', 'ko_reading', 'reading_vocabulary')
    """
    return tuple(sorted(path.stem for path in shipped_bank_dir().glob("*.json")))


def load_shipped_bank(name: str) -> ItemBank:
    """Load a shipped bank by name.

    Parameters
    ----------
    name : str
        One of :func:`shipped_bank_names`.

    Returns
    -------
    ItemBank
        The validated bank.

    Raises
    ------
    ItemBankError
        If no shipped bank has this name; the message lists the names there are.

    Examples
    --------
    >>> bank = load_shipped_bank("arithmetic")
    >>> len(bank) >= 200
    True
    """
    names = shipped_bank_names()
    if name not in names:
        raise ItemBankError(f"No shipped item bank is named {name!r}; choose one of {list(names)}.")
    return ItemBank.from_json(shipped_bank_dir() / f"{name}.json")
