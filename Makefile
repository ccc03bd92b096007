# lossbook: build the book and check everything.
#
#   make html    set up .venv (first time only), execute every chapter, write the site
#   make test    the same set-up, then every check (lint, build, tests, doctests)
#
# `make help` lists every target.

PYTHON     ?= python3
VENV       := .venv
BIN        := $(VENV)/bin
# The set-up stamp: remade whenever a pinned dependency or the package metadata changes.
STAMP      := $(VENV)/.installed
BUILDDIR   := _build
HTMLDIR    := $(BUILDDIR)/html
# Warnings are errors (-W), every problem is reported (--keep-going), every
# reference must resolve (-n), and documents are read in parallel (-j auto).
SPHINXOPTS ?= -W --keep-going -n -j auto
SPHINXBUILD = $(BIN)/sphinx-build -c . -d $(BUILDDIR)/doctrees $(SPHINXOPTS)
LINTED     := lossbook tests benchmarks sphinxext conf.py book/conftest.py

.DEFAULT_GOAL := help
.PHONY: help setup html livehtml test lint doctest format clean distclean

help: ## List the targets with one line each
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sort \
		| awk 'BEGIN {FS = ":.*## "}; {printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): requirements.txt constraints.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "lossbook needs Python 3.11 or newer; $(PYTHON) is $$($(PYTHON) --version)"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) \
		|| { echo "Could not create $(VENV). On Debian or Ubuntu: apt install python3-venv"; exit 1; }
	$(BIN)/python -m pip install --quiet --disable-pip-version-check \
		-c constraints.txt -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check \
		--no-build-isolation --no-deps --editable .
	@touch $@

setup: $(STAMP) ## Create .venv and install the pinned dependencies (done by html and test)

html: $(STAMP) ## Execute every chapter and build the site into _build/html
	$(SPHINXBUILD) book $(HTMLDIR)
	@echo
	@echo "The book is in $(HTMLDIR)/. Open file://$(abspath $(HTMLDIR))/index.html"

livehtml: $(STAMP) ## Live preview: rebuild and reload the browser when book/ or lossbook/ change
	$(BIN)/sphinx-autobuild -c . -d $(BUILDDIR)/doctrees -W --keep-going -n \
		--watch lossbook --watch conf.py --port 8000 book $(HTMLDIR)

lint: $(STAMP) ## Run ruff (lint and format check)
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)

doctest: $(STAMP) ## Run only the doctests: lossbook's docstrings and the >>> examples in book/
	$(BIN)/python -m pytest -q lossbook book

test: $(STAMP) ## Every check: lint, the build (warnings are errors), unit tests and doctests
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory html
	$(BIN)/python -m pytest

format: $(STAMP) ## Reformat the Python sources with ruff
	$(BIN)/ruff check --fix $(LINTED)
	$(BIN)/ruff format $(LINTED)

clean: ## Remove the built site and the execution cache (keeps .venv)
	rm -rf $(BUILDDIR)

distclean: clean ## Remove .venv as well
	rm -rf $(VENV)
