"""Sphinx configuration of the adaptive_tutor documentation site.

``make docs`` builds the site into ``docs/_build/html`` with warnings as errors and every
cross-reference resolved (``-W --keep-going -n``), executing the example notebooks (cached
in ``docs/_build/.jupyter_cache``, so a rebuild only re-runs a notebook that changed).
``make test`` runs the same sources through the ``dummy`` builder with notebook execution
off, so a broken reference fails CI quickly.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path.insert(0, str(DOCS / "_ext"))

import public_names  # noqa: E402

import adaptive_tutor  # noqa: E402

project = "adaptive_tutor"
author = "adaptive_tutor contributors"
copyright = "adaptive_tutor contributors, MIT licence"
release = adaptive_tutor.__version__
version = release

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.viewcode",
    "numpydoc",
    "myst_nb",
    "cli_reference",
    "sphinx_design",
    "public_names",
    "report_frames",
]

templates_path = ["_templates"]
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store", "**.ipynb_checkpoints", "README.md"]
source_suffix = {".rst": "restructuredtext", ".md": "myst-nb", ".ipynb": "myst-nb"}
root_doc = "index"
language = "en"
nitpicky = True
# Every entry here is a reference that cannot resolve for a reason given beside it.
nitpick_ignore: list[tuple[str, str]] = []

# --- API reference -----------------------------------------------------------------------
autosummary_generate = True
autosummary_imported_members = True
autodoc_typehints = "none"  # numpydoc docstrings carry the types, in words
autodoc_member_order = "bysource"
autodoc_default_options = {"members": True, "inherited-members": True}
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = True
# Parameter types are written for people ("mapping of skill id to float"): only the words
# that name a type become links (the package's own classes, by their short names, and the
# usual library types); the other words stay plain text.
numpydoc_xref_aliases = {
    "DataFrame": "pandas.DataFrame",
    "Series": "pandas.Series",
    "ndarray": "numpy.ndarray",
    "Generator": "numpy.random.Generator",
    "Path": "pathlib.Path",
    "mapping": "collections.abc.Mapping",
    **public_names.short_class_names(),
}
numpydoc_xref_ignore = "all"
viewcode_line_numbers = True

# --- Notebooks ---------------------------------------------------------------------------
nb_execution_mode = "cache"
nb_execution_timeout = 900
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_execution_in_temp = True
nb_merge_streams = True
myst_enable_extensions = ["colon_fence", "deflist", "fieldlist"]
myst_heading_anchors = 3

# --- HTML --------------------------------------------------------------------------------
html_theme = "furo"
html_title = f"adaptive_tutor {release}"
html_static_path = ["_static"]
html_css_files = ["site.css"]
html_show_sourcelink = False
html_theme_options = {
    "source_repository": "",
    "navigation_with_keys": True,
}


def _copy_notebooks() -> None:
    """Put the example notebooks under docs/ (the notebooks/ folder stays their home).

    A notebook is copied only when it changed, so Sphinx and the execution cache see an
    unchanged notebook as unchanged.
    """
    target = DOCS / "notebooks"
    target.mkdir(exist_ok=True)
    sources = sorted((ROOT / "notebooks").glob("*.ipynb"))
    names = {path.name for path in sources}
    for stale in target.glob("*.ipynb"):
        if stale.name not in names:
            stale.unlink()
    for source in sources:
        copy = target / source.name
        if not copy.exists() or copy.read_bytes() != source.read_bytes():
            shutil.copyfile(source, copy)


_copy_notebooks()


def page_language(app, pagename, templatename, context, doctree):
    """Pages under ko/ are Korean: ``<html lang="ko">`` for fonts, screen readers, search."""
    if pagename.startswith("ko/"):
        context["language"] = "ko"


def setup(app):
    app.connect("html-page-context", page_language)
