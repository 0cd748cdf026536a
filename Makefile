# kaili-analysis — `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SYSSTAMP := $(VENV)/.system-ok
LOCK := requirements-lock.txt
JOBS ?=
PYTEST_ARGS ?=

.PHONY: help setup system reports test lint lab bench lock clean

help: ## Show this help
	@echo "kaili-analysis: reports on Kaili city's 13th Five-Year Plan review and 2025 goals"
	@echo
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

setup: $(STAMP) $(SYSSTAMP) ## Create .venv with the pinned dependencies and check system packages
	@# bytecode for the editable package, as a wheel install would have (read even where
	@# PYTHONDONTWRITEBYTECODE is set); only changed files are compiled again
	@$(BIN)/python -m compileall -q kaili_analysis

$(STAMP): pyproject.toml $(LOCK)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c $(LOCK) -e '.[dev]'
	@touch $@

$(SYSSTAMP): .ci/system-deps.sh
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	bash .ci/system-deps.sh
	@touch $@

system: ## Install (as root on Debian) or check Chromium, CJK fonts and poppler-utils
	bash .ci/system-deps.sh

reports: setup ## Render every report (HTML and PDF, zh and en) into reports/
	$(BIN)/kaili batch --output-dir reports $(if $(JOBS),--jobs $(JOBS),)

test: setup ## Run the whole test suite
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: setup ## ruff over the library, tests, benchmarks and notebooks
	$(BIN)/ruff check .

lab: setup ## Open JupyterLab on notebooks/
	$(BIN)/jupyter lab --notebook-dir=notebooks

bench: setup ## Measure kaili against the plain papermill + nbconvert chain
	$(BIN)/python benchmarks/bench.py

lock: ## Re-resolve the pinned versions from pyproject.toml into requirements-lock.txt
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --upgrade pip
	.lock-venv/bin/python -m pip install --quiet -e '.[dev]'
	.lock-venv/bin/python -m pip freeze --exclude-editable | grep -v '^kaili-analysis' > $(LOCK)
	rm -rf .lock-venv

clean: ## Remove the virtual environment and rendered reports
	rm -rf $(VENV) reports/*.html reports/*.pdf reports/_failed
