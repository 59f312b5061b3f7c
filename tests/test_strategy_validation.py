"""Strategy objects (filters, exposure controls, rules) refuse bad settings clearly."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from adaptive_tutor.examples import tiny_bank_document
from adaptive_tutor.item_bank import ItemBank
from adaptive_tutor.learner import LearnerState
from adaptive_tutor.selection import (
    ContentBalance,
    Excluded,
    MaxInformation,
    NoRepeat,
)
from adaptive_tutor.session import TutoringSession
from adaptive_tutor.stopping import MasteryClassified, SPRTMastery, StandardErrorBelow


@pytest.mark.parametrize(
    ("build", "name", "owner"),
    [
        (lambda v: Excluded(v), "item_ids", "Excluded"),
        (lambda v: StandardErrorBelow(0.3, skills=v), "skills", "StandardErrorBelow"),
        (lambda v: MasteryClassified(skills=v), "skills", "MasteryClassified"),
    ],
)
def test_a_single_string_for_a_list_of_ids_is_refused(
    build: Callable[[object], object], name: str, owner: str
) -> None:
    message = (
        f"The '{name}' parameter of {owner} must be a list of ids, not a single string. "
        "Got 'ar.count.001'."
    )
    with pytest.raises(TypeError) as error:
        build("ar.count.001")
    assert str(error.value) == message


def test_a_list_of_ids_is_kept_whole() -> None:
    assert Excluded(["ar.count.001"]).item_ids == frozenset({"ar.count.001"})
    assert StandardErrorBelow(0.3, skills=("add",)).skills == ("add",)


def test_non_string_ids_are_refused() -> None:
    with pytest.raises(TypeError, match=r"'item_ids' parameter of Excluded .* 3 is not a string"):
        Excluded(["a", 3])  # type: ignore[list-item]


def _bank_with_an_empty_skill() -> ItemBank:
    document = tiny_bank_document()
    document["skills"].append({"id": "sub", "name": "Subtraction", "grade": 2})
    return ItemBank.from_dict(document)


def test_a_single_eligibility_filter_is_a_list_of_one() -> None:
    selector = MaxInformation(eligibility=NoRepeat(window=1))
    assert selector.eligibility == (selector.eligibility[0],)
    assert isinstance(selector.eligibility[0], NoRepeat)


def test_eligibility_that_is_not_a_list_is_named() -> None:
    with pytest.raises(TypeError, match="'eligibility' parameter of MaxInformation must be a list"):
        MaxInformation(eligibility="no_repeat")  # type: ignore[arg-type]


@pytest.mark.parametrize("setting", [{"alpha": 0.6}, {"beta": 0.5}, {"alpha": 0.0}])
def test_sprt_error_rates_must_be_below_one_half(setting: dict[str, float]) -> None:
    name = next(iter(setting))
    with pytest.raises(ValueError, match=f"'{name}' parameter of SPRTMastery .* < 0.5"):
        SPRTMastery(**setting)


def test_content_balance_on_an_unknown_skill_is_named() -> None:
    bank = ItemBank.from_dict(tiny_bank_document())
    selector = MaxInformation(balancing=ContentBalance({"ghost": 1, "add": 1}))
    with pytest.raises(ValueError, match="bank 'tiny' does not have: 'ghost'"):
        TutoringSession(bank, selector=selector, seed=0).next_item()


def test_content_balance_on_a_skill_without_items_is_named() -> None:
    bank = _bank_with_an_empty_skill()
    selector = MaxInformation(balancing=ContentBalance({"sub": 1, "add": 1}))
    with pytest.raises(ValueError, match=r"skills with no items in bank 'tiny'.*'sub'"):
        selector.select(bank, LearnerState.start(bank), rng=0)


def test_id_lists_accept_numpy_strings_and_refuse_a_zero_dimensional_array() -> None:
    import numpy as np

    from adaptive_tutor._validation import check_id_list

    ids = check_id_list(np.array(["add-1", "add-2"]), "item_ids", "Excluded")
    assert ids == ("add-1", "add-2")
    assert all(type(entry) is str for entry in ids)
    with pytest.raises(TypeError, match="not a single string"):
        check_id_list(np.array("add-1"), "item_ids", "Excluded")
