"""Resolve cross-references the way the Python code that wrote them means them.

The API reference documents each object once, under the name users import it by
(``adaptive_tutor.ItemBank``, ``adaptive_tutor.item.Item``). Docstrings refer to objects
as their own module sees them (``ItemBank``, ``adaptive_tutor.item_bank.ItemBank``,
``MASTERY_GRID`` inside ``adaptive_tutor.mastery``). When Sphinx finds no object of the
written name, this extension imports what the name means in the module that wrote the
docstring and links to the page that documents that same object. Names of the Python
standard library, numpy, pandas and the other libraries the API mentions link to their
own documentation (the build machine is offline, so this replaces intersphinx).

A name that means nothing importable, or an object that the reference does not document,
stays unresolved, and the nitpicky build fails on it.
"""

from __future__ import annotations

import builtins
import dataclasses
import importlib
import sys
from types import ModuleType
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.nodes import make_refnode

PY_DOCS = "https://docs.python.org/3/"

# Builtins documented on the pages of the Python reference that are not "functions.html".
BUILTIN_PAGES = {
    "str": "library/stdtypes.html#str",
    "list": "library/stdtypes.html#list",
    "dict": "library/stdtypes.html#dict",
    "tuple": "library/stdtypes.html#tuple",
    "set": "library/stdtypes.html#set",
    "frozenset": "library/stdtypes.html#frozenset",
    "bytes": "library/stdtypes.html#bytes",
    "range": "library/stdtypes.html#range",
    "None": "library/constants.html#None",
    "True": "library/constants.html#True",
    "False": "library/constants.html#False",
    "NotImplemented": "library/constants.html#NotImplemented",
}

# Library documentation, by top-level package: (URL of one object's page, or of the page
# that documents all the package's objects with the object's full name as the anchor).
LIBRARY_PAGES = {
    "numpy": "https://numpy.org/doc/stable/reference/generated/{name}.html",
    "pandas": "https://pandas.pydata.org/docs/reference/api/{name}.html",
    "scipy": "https://docs.scipy.org/doc/scipy/reference/generated/{name}.html",
    "sklearn": "https://scikit-learn.org/stable/modules/generated/{name}.html",
    "matplotlib": "https://matplotlib.org/stable/api/_as_gen/{name}.html",
    "dask": "https://docs.dask.org/en/stable/generated/{name}.html",
    "distributed": "https://distributed.dask.org/en/stable/api.html#{name}",
    "pyarrow": "https://arrow.apache.org/docs/python/generated/{name}.html",
    "markupsafe": "https://markupsafe.palletsprojects.com/en/stable/escaping/#{name}",
    "jinja2": "https://jinja.palletsprojects.com/en/stable/api/#{name}",
    "babel": "https://babel.pocoo.org/en/latest/api/index.html#{name}",
}

LIBRARY_HOMES = {
    "numpy": "https://numpy.org/doc/stable/",
    "pandas": "https://pandas.pydata.org/docs/",
    "scipy": "https://docs.scipy.org/doc/scipy/",
    "sklearn": "https://scikit-learn.org/stable/",
    "dask": "https://docs.dask.org/en/stable/",
    "pyarrow": "https://arrow.apache.org/docs/python/",
}

# Where an object's public name differs from where it is defined (numpy.random.Generator
# lives in numpy.random._generator), or a glossary term stands for a type.
EXTERNAL_NAMES = {
    "numpy.random.Generator": (
        "https://numpy.org/doc/stable/reference/random/generator.html#numpy.random.Generator"
    ),
    "numpy.typing.ArrayLike": (
        "https://numpy.org/doc/stable/reference/typing.html#numpy.typing.ArrayLike"
    ),
    "numpy.typing.NDArray": (
        "https://numpy.org/doc/stable/reference/typing.html#numpy.typing.NDArray"
    ),
    "array-like": "https://numpy.org/doc/stable/glossary.html#term-array_like",
    "array_like": "https://numpy.org/doc/stable/glossary.html#term-array_like",
    "path-like": "https://docs.python.org/3/glossary.html#term-path-like-object",
    "file-like": "https://docs.python.org/3/glossary.html#term-file-like-object",
    "iterable": "https://docs.python.org/3/glossary.html#term-iterable",
    "dask.dataframe.DataFrame": (
        "https://docs.dask.org/en/stable/generated/dask.dataframe.DataFrame.html"
    ),
    "distributed.Client": "https://distributed.dask.org/en/stable/api.html#distributed.Client",
    "markupsafe.Markup": "https://markupsafe.palletsprojects.com/en/stable/escaping/#markupsafe.Markup",
}

# Short spellings used in docstrings and type hints.
ALIASES = {
    "np": "numpy",
    "pd": "pandas",
    "npt": "numpy.typing",
    "dd": "dask.dataframe",
    "NDArray": "numpy.typing.NDArray",
    "ArrayLike": "numpy.typing.ArrayLike",
    "DataFrame": "pandas.DataFrame",
    "Series": "pandas.Series",
    "Timestamp": "pandas.Timestamp",
    "ndarray": "numpy.ndarray",
    "Generator": "numpy.random.Generator",
    "Path": "pathlib.Path",
    "PathLike": "os.PathLike",
    "Markup": "markupsafe.Markup",
    "Mapping": "collections.abc.Mapping",
    "Sequence": "collections.abc.Sequence",
    "Iterable": "collections.abc.Iterable",
    "Iterator": "collections.abc.Iterator",
    "Callable": "collections.abc.Callable",
    "Any": "typing.Any",
}

OBJECT_TYPES = {
    "class",
    "exception",
    "function",
    "method",
    "classmethod",
    "staticmethod",
    "property",
    "attribute",
    "data",
    "module",
}


# Labels and glossary terms of other projects' documentation that numpydoc refers to.
EXTERNAL_TERMS = {
    "python": PY_DOCS + "glossary.html#term-{slug}",
    "numpy": "https://numpy.org/doc/stable/glossary.html#term-{slug}",
}
EXTERNAL_LABELS = {
    "python:bltin-boolean-values": PY_DOCS + "library/stdtypes.html#boolean-type-bool",
}


def public_modules() -> list[ModuleType]:
    """The package and its public modules (no part of the name starts with ``_``)."""
    import pkgutil

    import adaptive_tutor

    modules = [adaptive_tutor]
    for info in pkgutil.walk_packages(adaptive_tutor.__path__, "adaptive_tutor."):
        if not any(part.startswith("_") for part in info.name.split(".")):
            modules.append(importlib.import_module(info.name))
    return modules


def short_class_names() -> dict[str, str]:
    """Each public class's short name -> a public dotted name (for numpydoc's type links).

    Names exported by the package itself come first; a short name that means different
    classes in different modules is left out (it stays plain text).
    """
    found: dict[str, set[int]] = {}
    names: dict[str, str] = {}
    for module in public_modules():
        for name in getattr(module, "__all__", ()):
            value = getattr(module, name)
            if not isinstance(value, type):
                continue
            found.setdefault(name, set()).add(id(value))
            names.setdefault(name, f"{module.__name__}.{name}")
    return {name: dotted for name, dotted in names.items() if len(found[name]) == 1}


def import_dotted(name: str) -> Any:
    """The object a dotted name means (``package.module.Class.attribute``), or raise."""
    parts = name.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            value: Any = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for attribute in parts[cut:]:
            owner = value
            value = getattr(owner, attribute)
            if isinstance(owner, type):  # keep the property object, not its value
                value = owner.__dict__.get(attribute, value)
        return value
    raise ImportError(name)


CONSTANT_TYPES = (str, bytes, int, float, bool, tuple, frozenset, type(None))


class PublicNames:
    """The documented Python objects of one build, by identity."""

    def __init__(self, env: BuildEnvironment) -> None:
        self.objects = env.get_domain("py").objects
        self.keep: list[Any] = []  # objects stay alive, so their ids stay theirs
        self.by_id: dict[int, list[str]] = {}
        for fullname, entry in sorted(self.objects.items()):
            if entry.objtype not in OBJECT_TYPES:
                continue
            try:
                value = import_dotted(fullname)
            except (ImportError, AttributeError):
                continue
            self.keep.append(value)
            self.by_id.setdefault(id(value), []).append(fullname)

    def documented_name(self, value: Any, name: str, rest: list[str]) -> str | None:
        """The documented name of ``value`` (found as ``name``) followed by ``rest``.

        Equal constants may be one object (``3``, an interned ``"mastered"``), so a
        constant resolves only to a documented constant of the same name.
        """
        for base in self.by_id.get(id(value), ()):
            if isinstance(value, CONSTANT_TYPES) and base.rpartition(".")[2] != name:
                continue
            candidate = ".".join([base, *rest])
            if candidate in self.objects:
                return candidate
        return None

    def resolve(self, target: str, modules: list[str]) -> str | None:
        """The documented name of ``target`` read as written in one of ``modules``."""
        if target in self.objects:
            return target
        parts = target.split(".")
        for cut in range(len(parts), 0, -1):
            head, rest = ".".join(parts[:cut]), parts[cut:]
            for dotted in (head, *(f"{module}.{head}" for module in modules)):
                try:
                    value = import_dotted(dotted)
                except (ImportError, AttributeError):
                    continue
                found = self.documented_name(value, parts[cut - 1], rest)
                if found is not None:
                    return found
        return None


def external_url(target: str) -> str | None:
    """The upstream documentation of a standard-library or third-party name, if known."""
    head, _, tail = target.partition(".")
    target = ".".join(filter(None, [ALIASES.get(head, head), tail]))
    target = ALIASES.get(target, target)
    if target in EXTERNAL_NAMES:
        return EXTERNAL_NAMES[target]
    if target in LIBRARY_HOMES:
        return LIBRARY_HOMES[target]
    if "." not in target:
        if target in BUILTIN_PAGES:
            return PY_DOCS + BUILTIN_PAGES[target]
        if hasattr(builtins, target):
            kind = getattr(builtins, target)
            if isinstance(kind, type) and issubclass(kind, BaseException):
                return f"{PY_DOCS}library/exceptions.html#{target}"
            return f"{PY_DOCS}library/functions.html#{target}"
        return None
    top = target.split(".")[0]
    try:
        import_dotted(target)
    except (ImportError, AttributeError):
        return None
    if top in sys.stdlib_module_names:
        module = target
        while module and module not in sys.modules:
            module = module.rpartition(".")[0]
        return f"{PY_DOCS}library/{module}.html#{target}"
    if top in LIBRARY_PAGES:
        return LIBRARY_PAGES[top].format(name=target)
    return None


def page_modules(env: BuildEnvironment, docname: str, node: pending_xref) -> list[str]:
    """Modules in which the reference's text was written, most specific first."""
    modules: list[str] = []

    def add_defining_module(dotted: str) -> None:
        try:
            value = import_dotted(dotted)
        except (ImportError, AttributeError):
            return
        if isinstance(value, ModuleType):
            modules.append(value.__name__)
        for candidate in (value, getattr(value, "fget", None), getattr(value, "__func__", None)):
            module = getattr(candidate, "__module__", None)
            if isinstance(module, str):
                modules.append(module)

    context_module = node.get("py:module")
    context_class = node.get("py:class")
    if context_module and context_class:
        add_defining_module(f"{context_module}.{context_class}")
    # an API page documents the object its name says (api/generated/<dotted name>)
    stem = docname.rsplit("/", 1)[-1]
    if stem.startswith("adaptive_tutor"):
        add_defining_module(stem)
    if context_module:
        modules.append(context_module)
    # then the packages around each module (adaptive_tutor.calibration for its _calibrator)
    for module in list(modules):
        while "." in module:
            module = module.rpartition(".")[0]
            modules.append(module)
    return list(dict.fromkeys(modules))


def resolve_missing(
    app: Sphinx, env: BuildEnvironment, node: pending_xref, contnode: nodes.TextElement
) -> nodes.Element | None:
    target = node.get("reftarget", "")
    if node.get("refdomain") == "std":
        return external_std(node, contnode)
    if node.get("refdomain") != "py" or not target:
        return None
    target = target.lstrip(".~")
    prefix, colon, rest = target.partition(":")
    if colon and prefix in EXTERNAL_TERMS:  # intersphinx spelling, e.g. python:str
        if not node.get("refexplicit") and contnode.astext() == target:
            contnode = contnode.__class__(rest, rest)  # show "str", as intersphinx does
        target = rest
    names: PublicNames = getattr(env, "_public_names", None) or PublicNames(env)
    env._public_names = names  # type: ignore[attr-defined]  # one table per build
    found = names.resolve(target, page_modules(env, node["refdoc"], node))
    if found is not None:
        entry = names.objects[found]
        return make_refnode(
            app.builder, node["refdoc"], entry.docname, entry.node_id, contnode, found
        )
    url = external_url(target)
    if url is not None:
        reference = nodes.reference("", "", internal=False, refuri=url, reftitle=target)
        reference += contnode
        return reference
    return None


def external_std(node: pending_xref, contnode: nodes.TextElement) -> nodes.Element | None:
    """A glossary term or label of the Python or numpy documentation (``python:sequence``)."""
    target = node.get("reftarget", "")
    url = None
    if node.get("reftype") == "term":
        project, _, term = target.partition(":")
        if project in EXTERNAL_TERMS and term:
            slug = term.lower().replace(" ", "-")
            url = EXTERNAL_TERMS[project].format(slug=slug)
    elif node.get("reftype") == "ref":
        url = EXTERNAL_LABELS.get(target)
    if url is None:
        return None
    reference = nodes.reference("", "", internal=False, refuri=url, reftitle=target)
    reference += contnode
    return reference


def skip_foreign_members(
    app: Sphinx, what: str, name: str, obj: Any, skip: bool, options: Any
) -> bool | None:
    """Leave out members another library adds (scikit-learn's ``set_*_request``)."""
    function = getattr(obj, "fget", None) or getattr(obj, "func", None) or obj
    if not callable(function):
        return None
    module = getattr(function, "__module__", None)
    if isinstance(module, str) and not module.startswith("adaptive_tutor"):
        return True
    return None


def stored_fields(owner: str) -> set[str]:
    """Names of the fields a dataclass or named tuple stores (its parameters, kept)."""
    try:
        cls = import_dotted(owner)
    except (ImportError, AttributeError):
        return set()
    if dataclasses.is_dataclass(cls):
        return {field.name for field in dataclasses.fields(cls)}
    return set(getattr(cls, "_fields", ()))


def note_attributes(app: Sphinx, doctree: nodes.document) -> None:
    """Make each attribute a class's numpydoc docstring describes a link target.

    Entries of the "Attributes" list, and the "Parameters" of a dataclass or named tuple
    (which it stores as fields of those names), are documented there rather than one by
    one; ``:attr:`nodes``` in a docstring then leads to that description.
    """
    domain = app.env.get_domain("py")
    for desc in doctree.findall(addnodes.desc):
        if desc.get("objtype") not in ("class", "exception") or not desc.children:
            continue
        signature = desc[0]
        owner = ".".join(filter(None, [signature.get("module"), signature.get("fullname")]))
        content = desc[-1]
        for field_list in content.children:
            if not isinstance(field_list, nodes.field_list):
                continue
            for field in field_list.children:
                heading = field[0].astext().strip()
                if heading not in ("Attributes", "Parameters"):
                    continue
                fields = stored_fields(owner) if heading == "Parameters" else None
                for item in field[1].findall(nodes.definition_list_item):
                    strong = next(item[0].findall(nodes.strong), None)
                    if strong is None:
                        continue
                    attribute = strong.astext().strip()
                    if fields is not None and attribute not in fields:
                        continue
                    name = f"{owner}.{attribute}"
                    if name in domain.objects:
                        continue
                    item["ids"].append(name)
                    domain.note_object(name, "attribute", name, location=item)


def forget_names(app: Sphinx, env: BuildEnvironment) -> None:
    if hasattr(env, "_public_names"):
        del env._public_names


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("missing-reference", resolve_missing)
    app.connect("env-updated", forget_names)
    app.connect("autodoc-skip-member", skip_foreign_members)
    app.connect("doctree-read", note_attributes)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
