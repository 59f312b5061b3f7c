# The two commands a user needs: `make demo` and `make test`. Both create .venv as needed.
# `make demo BANK=ko_math` practises on another shipped bank (default arithmetic).
PYTHON ?= python3
BANK ?= arithmetic
VENV := .venv
BIN := $(VENV)/bin
STAMP_BASE := $(VENV)/.installed-base
STAMP_TEST := $(VENV)/.installed-test

.PHONY: demo test lint typecheck pytest docs docs-check bench clean translations screenshots

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP_BASE): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(STAMP_TEST): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,plots,docs]'
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $@ $(STAMP_BASE)

demo: $(STAMP_BASE)
	$(BIN)/python -m adaptive_tutor.demo --bank $(BANK)

lint: $(STAMP_TEST)
	$(BIN)/ruff check src tests benchmarks scripts examples docs
	$(BIN)/ruff format --check src tests benchmarks scripts examples docs

typecheck: $(STAMP_TEST)
	$(BIN)/mypy

pytest: $(STAMP_TEST)
	$(BIN)/python -m pytest

test: lint typecheck pytest docs-check

# The documentation site (docs/): warnings are errors and every cross-reference must
# resolve. `make docs` executes the notebooks (cached in docs/_build/.jupyter_cache) and
# checks the built pages; `make docs-check` (part of `make test`) reads every page with
# notebook execution off and writes nothing, so a broken reference fails in about a minute.
SPHINX := $(BIN)/sphinx-build -W --keep-going -n -q
docs: $(STAMP_TEST)
	$(SPHINX) -b html docs docs/_build/html
	$(BIN)/python docs/check_site.py docs/_build/html

docs-check: $(STAMP_TEST)
	$(SPHINX) -b dummy -D nb_execution_mode=off docs docs/_build/check/dummy

bench: $(STAMP_TEST)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	for script in benchmarks/[!_]*.py; do $(BIN)/python $$script || exit 1; done

# Message catalogs (gettext, managed with Babel): extract the report text into the template,
# merge it into every language's catalog (translate the new entries there), compile the .mo
# files that ship in the package. tests/test_reports_i18n.py fails on missing translations.
LOCALES := src/adaptive_tutor/reports/locale
translations: $(STAMP_TEST)
	mkdir -p build
	$(BIN)/pybabel extract -F babel.cfg -k N_ --add-location=file --sort-output \
		--project=adaptive_tutor --copyright-holder="adaptive_tutor contributors" \
		-o build/adaptive_tutor.pot src/adaptive_tutor/reports
	$(BIN)/pybabel update -D adaptive_tutor -i build/adaptive_tutor.pot -d $(LOCALES) -l ko \
		--init-missing --no-fuzzy-matching --ignore-obsolete --ignore-pot-creation-date
	$(BIN)/pybabel compile --statistics -D adaptive_tutor -d $(LOCALES)

# PNGs of every report (each audience x locale) in build/screenshots, through headless
# Chromium (installed with fonts-noto-cjk when missing and run as root on Debian/Ubuntu;
# otherwise the script says what to install). SCREENSHOT_DOCS=docs also refreshes the
# README's pictures.
SCREENSHOT_DOCS ?=
screenshots: $(STAMP_TEST)
	$(BIN)/python scripts/report_screenshots.py --out build/screenshots $(if $(SCREENSHOT_DOCS),--docs $(SCREENSHOT_DOCS))

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache docs/_build docs/api/generated docs/notebooks
