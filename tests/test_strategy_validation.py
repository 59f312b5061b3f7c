"""Strategy objects (filters, exposure controls, rules) refuse bad settings clearly."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from adaptive_tutor.selection import Excluded
from adaptive_tutor.stopping import MasteryClassified, StandardErrorBelow


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
