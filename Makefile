# newsdesk: `make run` launches the sample desk, `make test` runs the whole suite.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: run test check lint format types imports screenshots bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# pip is upgraded first: older pips fail on readability-lxml's lxml[html-clean] requirement
$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.test-installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@ $(VENV)/.installed

run: $(VENV)/.installed
	$(BIN)/newsdesk --demo

# the checks, then the whole suite on both cores (pytest-xdist)
test: $(VENV)/.test-installed
	$(MAKE) --no-print-directory check
	$(BIN)/python -m pytest -q -n 2

check: lint format types imports

lint: $(VENV)/.test-installed
	$(BIN)/ruff check newsdesk tests bench scripts

format: $(VENV)/.test-installed
	$(BIN)/ruff format --check newsdesk tests bench scripts

types: $(VENV)/.test-installed
	$(BIN)/mypy

imports: $(VENV)/.test-installed
	$(BIN)/lint-imports

screenshots: $(VENV)/.test-installed
	$(BIN)/python scripts/screenshots.py

bench: $(VENV)/.test-installed
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) build dist *.egg-info
