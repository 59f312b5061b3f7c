"""Every public object has a numpydoc docstring: valid sections, parameters, returns, raises.

The public API is what the public modules list in ``__all__`` (the API reference documents
the same names), with the public methods and properties of its classes, inherited ones
included (mixins such as the item bank's arrays). Every public callable is checked with
numpydoc's validator (``numpydoc.validate``) for the error codes in :data:`CHECKED`; the
codes left out are listed with the reason. A second check, numpydoc has none for, asks that
a callable which raises one of the package's own exceptions itself names it under Raises.
"""

from __future__ import annotations

import ast
import functools
import importlib
import inspect
import pkgutil
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import pytest
from numpydoc.docscrape import NumpyDocString
from numpydoc.validate import validate

import adaptive_tutor
import adaptive_tutor.exceptions

# numpydoc error codes every public callable must pass. Left out on purpose:
# - GL01, GL02: where the quotes stand (ruff's formatter and the project's one-line
#   docstrings decide that);
# - SS02-SS06, PR05, PR06, PR08, PR09, RT04, RT05: capitals, full stops, "Return" versus
#   "Returns", words for types: wording written for people ("mapping of skill id to
#   float"), not for a parser;
# - ES01, SA01-SA04: an extended summary and See Also are welcome, not required;
# - EX01: examples are required on classes and functions where they teach (see
#   test_public_class_or_function_has_a_runnable_example), not on every method.
CHECKED = {
    "GL03": "double blank line",
    "GL05": "tabs",
    "GL06": "unknown section",
    "GL07": "sections in the wrong order",
    "GL08": "no docstring",
    "GL09": "deprecation not first",
    "GL10": "reST directive without two colons",
    "SS01": "no summary",
    "PR01": "a parameter is not documented",
    "PR02": "a documented parameter does not exist",
    "PR03": "parameters documented in another order",
    "PR04": "a parameter has no type",
    "PR07": "a parameter has no description",
    "PR10": "no space before the colon of a parameter",
    "RT01": "returns a value but has no Returns section",
    "RT02": "a Returns line holds more than the type",
    "RT03": "a returned value has no description",
    "YD01": "a generator without Yields",
}

PACKAGE_ERRORS = frozenset(adaptive_tutor.exceptions.__all__)


def public_modules() -> Iterator[ModuleType]:
    yield adaptive_tutor
    for info in pkgutil.walk_packages(adaptive_tutor.__path__, "adaptive_tutor."):
        if not any(part.startswith("_") for part in info.name.split(".")):
            yield importlib.import_module(info.name)


def _function(member: object) -> Callable[..., object] | None:
    """The function behind a class member (method, property, cached property), if any."""
    if isinstance(member, property):
        member = member.fget
    elif isinstance(member, functools.cached_property):
        member = member.func
    elif isinstance(member, classmethod | staticmethod):
        member = member.__func__
    return member if inspect.isfunction(member) else None


def public_objects() -> Iterator[tuple[str, object]]:
    """(dotted name, object) of every public class and function and of their public members.

    A member defined once (on a base class or a mixin) is listed once, under the first
    public class that has it.
    """
    seen: set[int] = set()
    for module in public_modules():
        for name in getattr(module, "__all__", ()):
            obj = getattr(module, name)
            if not (inspect.isclass(obj) or inspect.isfunction(obj)) or id(obj) in seen:
                continue
            seen.add(id(obj))
            yield f"{obj.__module__}.{obj.__qualname__}", obj
            if not inspect.isclass(obj) or not obj.__module__.startswith("adaptive_tutor"):
                continue
            if getattr(obj, "_is_protocol", False):  # members are declarations
                continue
            for klass in obj.__mro__:
                for attr, member in vars(klass).items():
                    function = _function(member)
                    if (
                        attr.startswith("_")
                        or function is None
                        or not function.__module__.startswith("adaptive_tutor")
                        or id(function) in seen
                    ):
                        continue
                    seen.add(id(function))
                    yield f"{obj.__module__}.{obj.__qualname__}.{attr}", member


OBJECTS = sorted(public_objects(), key=lambda pair: pair[0])
NAMES = [name for name, _ in OBJECTS]
FUNCTIONS = {
    f"{obj.__module__}.{obj.__qualname__}"
    for module in public_modules()
    for obj in (getattr(module, name) for name in getattr(module, "__all__", ()))
    if inspect.isfunction(obj)
}


def numpydoc_errors(name: str) -> list[str]:
    """The checked numpydoc errors of one object.

    A protocol has no constructor to document, and a private constructor argument
    (``_present`` of a dataclass) is not part of the API.
    """
    obj = dict(OBJECTS).get(name)
    skipped = {"PR01", "PR02"} if getattr(obj, "_is_protocol", False) else set()
    errors = []
    for code, message in validate(name)["errors"]:
        if code not in CHECKED or code in skipped:
            continue
        if code == "PR01":
            missing = sorted(set(re.findall(r"'([*\w]+)'", message)))
            public = [parameter for parameter in missing if not parameter.startswith("_")]
            if not public:
                continue
            message = f"Parameters {public} not documented"
        errors.append(f"{code} {message}")
    return errors


@pytest.mark.parametrize(("name", "obj"), OBJECTS, ids=NAMES)
def test_public_callable_passes_numpydoc_validation(name: str, obj: object) -> None:
    errors = numpydoc_errors(name)
    assert not errors, f"{name}:\n  " + "\n  ".join(errors)


def _raised_package_errors(function: Callable[..., object]) -> set[str]:
    """Package exceptions the function's own code raises by name (``raise XError(...)``)."""
    module = ast.parse(Path(inspect.getfile(function)).read_text(encoding="utf-8"))
    first_line = function.__code__.co_firstlineno  # its first decorator's line, if any
    definition = next(
        node
        for node in ast.walk(module)
        if isinstance(node, ast.FunctionDef)
        and (node.decorator_list[0].lineno if node.decorator_list else node.lineno) == first_line
    )
    raised: set[str] = set()
    for node in ast.walk(definition):
        if not isinstance(node, ast.Raise) or node.exc is None:
            continue
        target = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
        if isinstance(target, ast.Attribute) and target.attr.endswith("from_problems"):
            target = target.value  # ItemBankError.from_problems(...)
        if isinstance(target, ast.Name) and target.id in PACKAGE_ERRORS:
            raised.add(target.id)
    return raised


def _own_code(obj: object) -> Callable[..., object] | None:
    """The code to read for raises: a function's own, or a class's hand-written ``__init__``."""
    function = _function(vars(obj).get("__init__") if inspect.isclass(obj) else obj)
    if function is None or not function.__module__.startswith("adaptive_tutor"):
        return None
    try:
        inspect.getsource(function)
    except (OSError, TypeError):  # generated code (a dataclass's __init__)
        return None
    return function


CALLABLES = [(name, function) for name, obj in OBJECTS if (function := _own_code(obj))]


@pytest.mark.parametrize(("name", "function"), CALLABLES, ids=[name for name, _ in CALLABLES])
def test_raised_package_errors_are_documented(name: str, function: Callable[..., object]) -> None:
    raised = _raised_package_errors(function)
    obj = dict(OBJECTS)[name]
    documented = {
        word.strip()
        for parameter in NumpyDocString(inspect.getdoc(obj) or "")["Raises"]
        for word in (parameter.type or parameter.name).split(",")
    }
    missing = sorted(raised - {word.rpartition(".")[2] for word in documented})
    assert not missing, f"{name} raises {missing} without naming them under Raises"


EXAMPLED = [(name, obj) for name, obj in OBJECTS if inspect.isclass(obj) or name in FUNCTIONS]


@pytest.mark.parametrize(("name", "obj"), EXAMPLED, ids=[name for name, _ in EXAMPLED])
def test_public_class_or_function_has_a_runnable_example(name: str, obj: object) -> None:
    doc = inspect.getdoc(obj) or ""
    assert "Examples\n--------" in doc, f"{name} has no numpydoc Examples section"
    assert ">>> " in doc.split("Examples\n--------", 1)[1], f"{name} has no example to run"


def test_every_module_is_documented() -> None:
    undocumented = [m.__name__ for m in public_modules() if not (m.__doc__ or "").strip()]
    assert not undocumented


def test_the_checked_codes_are_numpydoc_codes() -> None:
    from numpydoc.validate import ERROR_MSGS

    assert set(CHECKED) <= set(ERROR_MSGS)


def _api_reference_entries() -> Iterator[tuple[str, str]]:
    """(module, name) of every entry of the API reference's autosummary tables."""
    reference = Path(__file__).resolve().parent.parent / "docs" / "api"
    for page in sorted(reference.glob("*.rst")):
        module, in_table = "adaptive_tutor", False
        for line in page.read_text(encoding="utf-8").splitlines():
            if line.startswith(".. currentmodule::"):
                module = line.split("::", 1)[1].strip()
            if line.startswith(".. "):
                in_table = line.startswith(".. autosummary::")
            elif in_table and line.startswith("   ") and not line.strip().startswith(":"):
                yield module, line.strip()


def test_the_api_reference_lists_only_checked_objects() -> None:
    checked = {id(obj) for _, obj in OBJECTS}
    unchecked = []
    for module, name in _api_reference_entries():
        path, _, short = f"{module}.{name}".rpartition(".")
        obj = getattr(importlib.import_module(path), short)
        if (inspect.isclass(obj) or inspect.isfunction(obj)) and id(obj) not in checked:
            unchecked.append(f"{module}.{name}")
    assert not unchecked, f"in the API reference but not in any public __all__: {unchecked}"
