"""A bank as a table: built from a spreadsheet or a DataFrame with one row per item, and back.

Mixed into :class:`~adaptive_tutor.item_bank.ItemBank`. The columns, their checks and the
defaults a table may leave out are those of the study-material guide; reading the cells
is :mod:`adaptive_tutor._bank_import`'s work, checking the resulting document the bank's.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Self

import pandas as pd

from adaptive_tutor._bank_arrays import BankArrays


class BankTableForms(BankArrays):
    """Build a bank from a table (:meth:`from_table`, :meth:`from_dataframe`); :meth:`to_frame`.

    Examples
    --------
    >>> from adaptive_tutor import ItemBank, tiny_bank_document
    >>> frame = ItemBank.from_dict(tiny_bank_document()).to_frame()
    >>> frame[["item_id", "model", "b"]].head(2).values.tolist()
    [['count-1', '3PL', -1.5], ['add-1', '2PL', -0.5]]
    """

    if TYPE_CHECKING:

        def _assign(self, document: Mapping[str, Any], source: str) -> None: ...

    @classmethod
    def _from_checked(cls, document: Mapping[str, Any], source: str) -> Self:
        """Build a bank from a document that has just been validated (no second check)."""
        bank = cls.__new__(cls)
        bank._assign(document, source)
        return bank

    @classmethod
    def from_dataframe(
        cls,
        frame: pd.DataFrame,
        *,
        metadata: Mapping[str, Any] | None = None,
        skills: pd.DataFrame | Sequence[Mapping[str, Any]] | None = None,
    ) -> Self:
        """Build a bank from a table with one row per item, as :meth:`from_table` reads it.

        The columns and conventions are those of :meth:`from_table`; rows are numbered in
        problems as in a spreadsheet with a header line (position + 2). Cells may also hold
        lists (``skills``, ``thresholds``, ...).

        Parameters
        ----------
        frame : DataFrame
            One row per item.
        metadata : mapping, optional
            Bank fields (``id``, ``title``, ``subject``, ``language``, ``provider``,
            ``licence``, ``grade_range``, ...); missing ones get defaults, announced in a
            :class:`~adaptive_tutor.exceptions.BankDefaultsWarning`.
        skills : DataFrame or list of mappings, optional
            The skills table (``id``, ``name``, ``grade``, ``prerequisites``). Without it,
            each skill id used by an item becomes a skill named by its id; with it, an item
            naming an unknown skill is an error.

        Returns
        -------
        ItemBank
            The validated bank.

        Raises
        ------
        ItemBankError
            Listing every problem with its row, item id and column.

        Examples
        --------
        >>> from adaptive_tutor import ItemBank
        >>> frame = pd.DataFrame({"item_id": ["q1", "q2"], "skill": ["add", "add"],
        ...     "grade": [1, 2], "prompt": ["1 + 1 = ?", "2 + 3 = ?"], "answer": [2, 5],
        ...     "model": ["2PL", "2PL"], "a": [1.0, 1.3], "b": [-1.0, 0.2]})
        >>> about = {"id": "sums", "title": "Sums", "subject": "mathematics", "language": "en",
        ...     "grade_range": [1, 2], "provider": "me", "licence": "CC-BY-4.0"}
        >>> skills = [{"id": "add", "name": "Addition", "grade": 1}]
        >>> ItemBank.from_dataframe(frame, metadata=about, skills=skills).params.b.tolist()
        [-1.0, 0.2]
        """
        from adaptive_tutor._bank_import import document_from_frame

        document, _ = document_from_frame(frame, skills, metadata)
        return cls._from_checked(document, "<DataFrame>")

    @classmethod
    def from_table(
        cls,
        path: str | os.PathLike[str],
        *,
        skills: str | os.PathLike[str] | pd.DataFrame | Sequence[Mapping[str, Any]] | None = None,
        metadata: Mapping[str, Any] | None = None,
        sheet: str | None = None,
    ) -> Self:
        """Build a bank from a spreadsheet with one row per item (CSV, TSV or .xlsx).

        Columns are the JSON field names: ``id`` (or ``item_id``), ``skills`` (or
        ``skill``), ``grade``, ``type``, ``prompt``, ``answer``, ``model``, ``a``, ``b``,
        ``c``, ``d``, ``thresholds``/``steps``; choices as ``choice_A``...``choice_E`` with
        optional ``feedback_A``... (or one ``choices`` cell), rubric levels as ``rubric_0``,
        ``rubric_1``...; lists separated by ``|``. The documentation's guide "Bring your own
        study material" lists every column. Files are UTF-8, with or without a byte-order mark;
        .xlsx needs the ``spreadsheets`` extra (openpyxl), and a workbook's sheet named
        ``skills`` is its skills table.

        Parameters
        ----------
        path : str or path-like
            The items table.
        skills : path, DataFrame or list of mappings, optional
            The skills table (``id``, ``name``, ``grade``, ``prerequisites``,
            ``name_ko``...). With it, an item naming an unknown skill is an error.
        metadata : mapping, optional
            Bank fields; by default the id and title come from the file name, the grade
            range from the items, and the rest is "unspecified" (English), announced in a
            :class:`~adaptive_tutor.exceptions.BankDefaultsWarning`.
        sheet : str, optional
            The items sheet of a workbook (default ``items``, else the first).

        Returns
        -------
        ItemBank
            The validated bank; its ``source`` is ``path``.

        Raises
        ------
        ItemBankError
            Listing every problem; each ``error.problems`` entry names the file, the
            spreadsheet line (the header is line 1), the item id and the column.

        Examples
        --------
        >>> import tempfile, warnings
        >>> from adaptive_tutor import BankDefaultsWarning, ItemBank
        >>> from pathlib import Path
        >>> folder = Path(tempfile.mkdtemp())
        >>> _ = (folder / "sums.csv").write_text(
        ...     "id,skill,grade,prompt,answer,b\\nq1,add,1,1 + 1 = ?,2,-1.0\\n", encoding="utf-8")
        >>> with warnings.catch_warnings():
        ...     warnings.simplefilter("ignore", BankDefaultsWarning)
        ...     bank = ItemBank.from_table(folder / "sums.csv")
        >>> bank.metadata.id, bank["q1"].type, bank["q1"].answer.value
        ('sums', 'numeric', 2)
        """
        from adaptive_tutor._bank_import import document_from_table

        document, _ = document_from_table(path, skills, metadata, sheet)
        return cls._from_checked(document, str(path))

    def to_frame(self) -> pd.DataFrame:
        """Return one row per item: id, skills, grade, type, model, parameters, prompt.

        Returns
        -------
        DataFrame
            One row per item, in bank order.

        Examples
        --------
        >>> from adaptive_tutor import ItemBank, tiny_bank_document
        >>> ItemBank.from_dict(tiny_bank_document()).to_frame().columns.tolist()[:4]
        ['item_id', 'skills', 'grade', 'type']
        """
        params = self.params
        return pd.DataFrame(
            {
                "item_id": list(self.item_ids),
                "skills": [",".join(item.skills) for item in self._items],
                "grade": self.item_grades,
                "type": [item.type for item in self._items],
                "model": list(params.models),
                "a": params.a,
                "b": params.b,
                "c": params.c,
                "d": params.d,
                "n_categories": params.n_categories,
                "prompt": [item.prompt for item in self._items],
            }
        )
