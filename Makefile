# xero-sdk: every command a developer or CI runs. `make help` lists them.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: help install specs generate check-generated api-diff lint typecheck test test-fast test-contract mock demo bench bench-readme bench-quick docs docs-serve clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/'

$(STAMP): pyproject.toml package.json package-lock.json
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev,testing,docs,cli,redis,sql,aiohttp]'
	npm ci --silent --no-audit --no-fund
	touch $(STAMP)

install: $(STAMP)  ## create .venv with the SDK and its dev tools, and node_modules (Prism)

specs: $(STAMP)  ## put the locked Xero documents into .specs/ (from XERO_SPECS_DIR, ../shared/specs, or download)
	$(PY) specs/fetch.py

generate: $(STAMP)  ## normalise the documents and regenerate generated/
	$(PY) -m codegen.generate

check-generated: $(STAMP)  ## regenerate into a temporary folder and fail on any difference from generated/
	$(PY) -m codegen.check

api-diff: $(STAMP)  ## operations, parameters, fields and enum values changed between OLD= and NEW= (folders)
	@test -n "$(OLD)" -a -n "$(NEW)" || { echo "usage: make api-diff OLD=<dir> NEW=<dir>"; exit 2; }
	$(PY) -m codegen.api_diff "$(OLD)" "$(NEW)"

lint: $(STAMP)  ## ruff on the handwritten code, codegen, tests
	$(VENV)/bin/ruff check xero_sdk codegen specs tests benchmarks examples
	$(VENV)/bin/ruff format --check xero_sdk codegen specs tests benchmarks examples

typecheck: $(STAMP)  ## mypy --strict on xero_sdk/, generated/ and tests/typing/
	$(VENV)/bin/mypy xero_sdk generated tests/typing benchmarks

test: $(STAMP) check-generated lint typecheck  ## everything CI runs
	$(VENV)/bin/pytest -q

test-fast: $(STAMP)  ## pytest without the Prism contract suite
	$(VENV)/bin/pytest -q -x -m "not contract"

test-contract: $(STAMP)  ## the contract suite: every operation against Prism serving Xero's documents
	$(VENV)/bin/pytest -q -m contract tests/contract tests/mockserver

mock: $(STAMP)  ## Prism for every API + the local identity server; prints (and writes .mock.env) the variables to export; Ctrl-C stops
	$(PY) -m tests.mockserver.prism --env-file .mock.env

demo: $(STAMP)  ## the quickstart against the local Xero (xero_sdk.testing: identity and Accounting with state; no node)
	$(PY) examples/demo.py

docs: $(STAMP)  ## the documentation site into site/ (strict: a broken link, missing page or warning fails)
	NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs build --strict --site-dir site

docs-serve: $(STAMP)  ## the documentation site with live reload on http://127.0.0.1:8000 (PORT= to change)
	NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs serve --dev-addr 127.0.0.1:$${PORT:-8000}

bench: $(STAMP)  ## xero-sdk vs xero-python, pyxero and the floor: table + .bench/results.json
	$(PY) -m pip install --quiet -e '.[dev,testing,docs,cli,redis,sql,aiohttp,bench]'
	$(PY) -m benchmarks
	$(PY) -m benchmarks.readme

bench-readme: $(STAMP)  ## README's benchmark tables from .bench/results.json (a complete full run)
	$(PY) -m benchmarks.readme

bench-quick: $(STAMP)  ## the benchmarks with small counts (what CI runs through tests/bench; no thresholds)
	$(PY) -m benchmarks --quick

clean:  ## remove caches and the working copies of the documents
	rm -rf .specs .mypy_cache .ruff_cache .pytest_cache build dist site
