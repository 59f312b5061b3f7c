"""Untrusted item banks: limits checked before heavy work, and the validation gaps closed."""

from __future__ import annotations

import pytest

from adaptive_tutor.exceptions import ItemBankError
from adaptive_tutor.item_bank import ItemBank, tiny_bank_document


def test_newer_schema_version_says_which_and_that_a_newer_library_may_read_it():
    document = tiny_bank_document()
    document["schema_version"] = "99.0"
    with pytest.raises(ItemBankError) as caught:
        ItemBank.from_dict(document, source="bank.json")
    assert [str(problem) for problem in caught.value.problems] == [
        "bank.json: field 'schema_version': the bank declares schema version '99.0', newer "
        "than this version of adaptive_tutor reads ('1.0' and '1.1'); a newer adaptive_tutor "
        "may read it; upgrade the library, or have the bank saved as schema '1.1'"
    ]


@pytest.mark.parametrize("version", ["0.9", "1", 1.1, None, "1.1\n"])
def test_unknown_schema_version_names_the_value_and_the_readable_ones(version):
    document = tiny_bank_document()
    document["schema_version"] = version
    with pytest.raises(ItemBankError) as caught:
        ItemBank.from_dict(document)
    (problem,) = map(str, caught.value.problems)
    assert f"schema version {version!r}" in problem
    assert "it reads '1.0' and '1.1'" in problem
