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
LAB_ARGS ?=
# The project's environment as a Jupyter kernel of its own: the notebooks name it, so Lab,
# VS Code and nbclient start this Python (kaili render pins the running Python whatever the
# notebook names). It is ipykernel launched through kaili_analysis.render.kernel, which keeps
# two messages of noise out of the kernel's log.
KERNEL := kaili-analysis
KERNEL_JSON := $(VENV)/share/jupyter/kernels/$(KERNEL)/kernel.json
# nbstripout as a git filter (the notebooks' attribute is in .gitattributes): a notebook is
# staged without outputs and execution counts, whoever saved it. The command names no absolute
# path (git runs filters at the top of the work tree), so each worktree of a clone, which all
# share one .git/config, uses its own .venv; without one it warns and stages the file as it is.
NBSTRIPOUT_CLEAN := if [ -x .venv/bin/python ]; then exec .venv/bin/python -m nbstripout \
  --keep-id; fi; echo "nbstripout filter: no .venv in this work tree (make setup); staged as is" \
  >&2; exec cat

.PHONY: help setup system reports test lint lab bench lock clean

help: ## Show this help
	@echo "kaili-analysis: reports on Kaili city's 13th Five-Year Plan review and 2025 goals"
	@echo
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

setup: $(STAMP) $(SYSSTAMP) $(KERNEL_JSON) ## Create .venv (pinned), register its kernel, strip notebooks on git add, check system packages
	@# bytecode for the editable package, as a wheel install would have (read even where
	@# PYTHONDONTWRITEBYTECODE is set); only changed files are compiled again
	@$(BIN)/python -m compileall -q kaili_analysis
	@if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then \
	  git config filter.nbstripout.clean '$(NBSTRIPOUT_CLEAN)'; fi

$(KERNEL_JSON): $(STAMP) kaili_analysis/render/kernel.py
	$(BIN)/python -m kaili_analysis.render.kernel --install --sys-prefix >/dev/null

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

reports: setup ## Render every report (HTML and PDF, zh and en) into reports/ (only what changed)
	$(BIN)/kaili batch --output-dir reports $(if $(JOBS),--jobs $(JOBS),)

test: setup ## Run the whole test suite
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: setup ## ruff over the library, tests, benchmarks and notebooks; import-linter over the layers
	$(BIN)/ruff check .
	$(BIN)/lint-imports

lab: setup ## JupyterLab on notebooks/ (headless: LAB_ARGS="--no-browser --ip=0.0.0.0 --port=8888")
	@echo "JupyterLab on notebooks/ with the $(KERNEL) kernel: open the URL with its token printed below; Ctrl-C stops it"
	$(BIN)/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root) $(LAB_ARGS)

bench: setup ## Measure kaili against the plain papermill + nbconvert chain
	$(BIN)/python benchmarks/bench.py

lock: ## Re-resolve the pinned versions from pyproject.toml into requirements-lock.txt
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --upgrade pip
	.lock-venv/bin/python -m pip install --quiet -e '.[dev]'
	.lock-venv/bin/python -m pip freeze --exclude-editable | grep -v '^kaili-analysis' > $(LOCK)
	rm -rf .lock-venv

clean: ## Remove the virtual environment, build output, tool caches and everything written into reports/
	rm -rf $(VENV) build dist *.egg-info
	find . -path ./.git -prune -o -type d \( -name .hypothesis -o -name .pytest_cache \
	  -o -name .ruff_cache -o -name .import_linter_cache -o -name .ipynb_checkpoints \) \
	  -prune -exec rm -rf {} +
	[ ! -d reports ] || find reports -mindepth 1 -maxdepth 1 ! -name README.md -exec rm -rf {} +
