"""Fuzzing ItemBank.from_dict: any document gives a valid bank or an ItemBankError that says
where the problem is, never another exception, within bounded time and memory; and the
compiled schema fast path never accepts what the full schema check refuses."""

from __future__ import annotations

import copy
import datetime
import tracemalloc
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adaptive_tutor._bank_limits import document_problems
from adaptive_tutor._bank_validation import _fast_check, _validator
from adaptive_tutor.exceptions import ItemBankError
from adaptive_tutor.item_bank import ItemBank, tiny_bank_document

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12)
    | st.sampled_from(["", " ", "q1\n", "add", "count-1", "GRM", "2PL", "numeric", "\ud800"])
)
VALUES = st.recursive(
    SCALARS,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4)
    ),
    max_leaves=12,
)


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(node, dict):
        for key, child in node.items():
            found += _paths(child, (*path, key))
    elif isinstance(node, list):
        for index, child in enumerate(node):
            found += _paths(child, (*path, index))
    return found


@st.composite
def mutated_documents(draw: st.DrawFn) -> tuple[dict[str, Any], list[tuple[Any, ...]]]:
    document = tiny_bank_document()
    touched = []
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(document)
        path = draw(st.sampled_from(paths))
        touched.append(path)
        if not path:
            continue
        parent = document
        for part in path[:-1]:
            parent = parent[part]
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "delete" and isinstance(parent, dict):
            del parent[path[-1]]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(st.text(max_size=8))] = draw(VALUES)
        else:
            parent[path[-1]] = draw(VALUES)
    return document, touched


@settings(
    max_examples=100,
    deadline=datetime.timedelta(seconds=5),
    suppress_health_check=[HealthCheck.too_slow],
)
@given(mutated_documents())
def test_every_document_is_a_valid_bank_or_a_located_item_bank_error(case):
    document, touched = case
    original = copy.deepcopy(document)
    if _fast_check()(document) and not document_problems(document):
        # The compiled fast path may only accept what the full schema check accepts.
        assert not list(_validator().iter_errors(document))
    tracemalloc.start()
    try:
        bank = ItemBank.from_dict(document, source="<fuzz>")
    except ItemBankError as error:
        problems = error.problems
        assert problems
        assert all(problem.file == "<fuzz>" for problem in problems)
        item_paths = [p for p in touched if len(p) >= 3 and p[0] == "items"]
        if item_paths and len(touched) == 1:
            assert any(p.item is not None or "item number" in p.message for p in problems)
            assert all(p.field is not None for p in problems if p.item is not None)
    else:
        assert ItemBank.from_json(bank.to_json()) == bank
        assert bank.params.n_items == len(bank)
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert peak < 20_000_000
    assert document == original or document != document  # NaN never equals itself


TRICKY = [
    (("items", 0, "grade"), True),
    (("items", 0, "grade"), 1.0),
    (("items", 0, "grade"), 1.5),
    (("items", 0, "max_score"), 1.0),
    (("bank", "grade_range"), [1, 2, 3]),
    (("bank", "grade_range"), [1]),
    (("bank", "grade_range"), [1, "2"]),
    (("items", 0, "id"), "count-1\n"),
    (("items", 0, "id"), "-leading"),
    (("items", 0, "id"), "x" * 129),
    (("items", 0, "estimated_minutes"), 0),
    (("items", 0, "estimated_minutes"), 0.0001),
    (("items", 0, "tags"), ["a", "a"]),
    (("items", 0, "tags"), ["1", "1.0"]),
    (("items", 0, "skills"), []),
    (("items", 0, "type"), "numeric"),
    (("items", 0, "answer"), {}),
    (("items", 2, "rubric", 0, "score"), -1),
    (("items", 2, "irt", "thresholds"), []),
    (("bank", "scale"), {"D": 0}),
    (("bank", "scale"), {"D": 1.702, "note": "normal ogive"}),
    (("bank", "language"), "en-GB"),
    (("bank", "language"), "EN"),
    (("skills", 0, "prerequisites"), ["add", "add"]),
    (("schema_version",), "1.0"),
]


@pytest.mark.parametrize(("path", "value"), TRICKY)
def test_fast_schema_check_agrees_with_the_full_check(path, value):
    document = tiny_bank_document()
    parent: Any = document
    for part in path[:-1]:
        parent = parent[part]
    parent[path[-1]] = value
    full_valid = not list(_validator().iter_errors(document))
    assert _fast_check()(document) == full_valid
