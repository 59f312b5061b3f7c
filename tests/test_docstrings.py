"""Every public object has a numpydoc docstring with a runnable example."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Iterator
from types import ModuleType

import pytest

import adaptive_tutor


def public_modules() -> Iterator[ModuleType]:
    yield adaptive_tutor
    for info in pkgutil.walk_packages(adaptive_tutor.__path__, "adaptive_tutor."):
        if not any(part.startswith("_") for part in info.name.split(".")):
            yield importlib.import_module(info.name)


def public_objects() -> Iterator[tuple[str, object]]:
    seen: set[int] = set()
    for module in public_modules():
        for name in getattr(module, "__all__", ()):
            obj = getattr(module, name)
            if not (inspect.isclass(obj) or inspect.isfunction(obj)) or id(obj) in seen:
                continue
            seen.add(id(obj))
            yield f"{obj.__module__}.{obj.__qualname__}", obj
            is_protocol = getattr(obj, "_is_protocol", False)  # members are declarations
            if (
                inspect.isclass(obj)
                and obj.__module__.startswith("adaptive_tutor")
                and not is_protocol
            ):
                for attr, member in vars(obj).items():
                    if attr.startswith("_"):
                        continue
                    function = member.fget if isinstance(member, property) else member
                    if isinstance(function, classmethod | staticmethod):
                        function = function.__func__
                    if inspect.isfunction(function):
                        yield f"{obj.__module__}.{obj.__qualname__}.{attr}", function


OBJECTS = sorted(public_objects())


@pytest.mark.parametrize(("name", "obj"), OBJECTS, ids=[name for name, _ in OBJECTS])
def test_public_object_has_a_runnable_example(name: str, obj: object) -> None:
    doc = inspect.getdoc(obj) or ""
    assert doc.strip(), f"{name} has no docstring"
    assert "Examples\n--------" in doc, f"{name} has no numpydoc Examples section"
    assert ">>> " in doc.split("Examples\n--------", 1)[1], f"{name} has no example to run"


def test_every_module_is_documented() -> None:
    undocumented = [m.__name__ for m in public_modules() if not (m.__doc__ or "").strip()]
    assert not undocumented
