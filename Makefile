# The two commands a fresh machine needs: `make serve` and `make test`.
# Everything else is set up on demand from requirements.lock (exact versions).
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SITE_DIR ?= site
HOST ?= 127.0.0.1:8000
export NO_MKDOCS_2_WARNING := 1
# Reproducible builds: the sitemap's dates come from the last commit unless SOURCE_DATE_EPOCH is set.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
ifneq ($(SOURCE_DATE_EPOCH),)
export SOURCE_DATE_EPOCH
endif

# Root installs system packages directly; anyone else through sudo.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
CHROMIUM ?= /usr/bin/chromium

.PHONY: setup test-tools serve build check test lint render schema bench clean

setup: $(VENV)/.installed

$(VENV)/.installed: requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

# `mkdocs serve` rebuilds into a temporary folder; in memory (/dev/shm) a rebuild writes its pages twice as fast.
SERVE_TMPDIR ?= $(shell [ -w /dev/shm ] && echo /dev/shm || echo $${TMPDIR:-/tmp})

serve: setup  ## build and serve the site at http://127.0.0.1:8000, rebuilding on every save
	TMPDIR=$(SERVE_TMPDIR) $(BIN)/mkdocs serve --dev-addr $(HOST)

build: setup  ## build into a temporary folder, swap it in as $(SITE_DIR)/ only on success
	$(BIN)/explainer build --site-dir $(SITE_DIR)

check: setup  ## validate content/ and report every problem
	$(BIN)/explainer check --strict content

# Browser tests use Debian's chromium (never a downloaded browser), the Nu HTML Checker needs Java,
# and axe-core and Lighthouse come from npm at the versions in tools/package-lock.json.
test-tools: setup $(CHROMIUM) tools/node_modules/.installed
	@command -v java >/dev/null || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq default-jre-headless; }

$(CHROMIUM):
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-dejavu-core

tools/node_modules/.installed: tools/package.json tools/package-lock.json
	cd tools && npm ci --no-audit --no-fund --loglevel=error
	touch $@

test: setup test-tools  ## the whole test suite: lint, types, unit, golden, real builds, headless Chromium
	$(BIN)/ruff check generator tests bench
	$(BIN)/ruff format --check generator tests bench
	$(BIN)/mypy
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check generator tests bench
	$(BIN)/mypy

render: setup
	$(BIN)/explainer render --out build/markdown

schema: setup  ## regenerate the committed JSON Schema of the content format
	$(BIN)/explainer schema --out schema/content.schema.json

# Story counts for `make bench`, e.g. `make bench STORIES="1 100"` for a quick run.
STORIES ?= 1 100 1000
SERVE_STORIES ?= 1 100
bench: setup test-tools  ## measure build cost and growth, check speed, serve latency, page weight; writes BENCHMARKS.md
	$(BIN)/python bench/run.py --stories $(STORIES) --serve-stories $(SERVE_STORIES) $(BENCH_ARGS)

clean:
	rm -rf $(SITE_DIR) .$(SITE_DIR).* build .pytest_cache .mypy_cache .ruff_cache
