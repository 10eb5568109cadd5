# The two commands a fresh machine needs: `make serve` and `make test`.
# Everything else is set up on demand from the locks (exact versions, made by `make lock`):
# requirements.lock for building and serving, requirements-dev.lock for tests and benchmarks.
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
# Wait up to 10 minutes for another installation (a fresh machine's own updates) to release dpkg's lock.
APT := $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -qq
CHROMIUM ?= /usr/bin/chromium

.PHONY: setup setup-dev python-check test-tools serve build check test lint render schema lock bench clean

setup: $(VENV)/.installed
setup-dev: $(VENV)/.installed-dev

# Before anything else: say in one line which Python to install if this one is too old.
python-check:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	  echo "explainer needs Python 3.11 or newer; '$(PYTHON)' is $$($(PYTHON) --version 2>&1 || echo missing). Install python3.11 (apt-get install python3 python3-venv on Debian 12) or run make PYTHON=/path/to/python3.11"; exit 1; }

$(VENV)/.installed: requirements.lock pyproject.toml | python-check
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.lock
	$(BIN)/python -m pip install --quiet -r requirements-dev.lock
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
test-tools: setup-dev $(CHROMIUM) tools/node_modules/.installed
	@command -v java >/dev/null || { $(APT) update && $(APT) install -y default-jre-headless; }

$(CHROMIUM):
	$(APT) update
	$(APT) install -y chromium fonts-dejavu-core

tools/node_modules/.installed: tools/package.json tools/package-lock.json
	cd tools && npm ci --no-audit --no-fund --loglevel=error
	touch $@

test: setup-dev test-tools  ## the whole test suite: lint, types, unit, golden, real builds, headless Chromium
	$(BIN)/ruff check generator tests bench harness
	$(BIN)/ruff format --check generator tests bench harness
	$(BIN)/mypy
	$(BIN)/python -m pytest

lint: setup-dev
	$(BIN)/ruff check generator tests bench harness
	$(BIN)/mypy

render: setup
	$(BIN)/explainer render --out build/markdown

schema: setup  ## regenerate the committed JSON Schema of the content format
	$(BIN)/explainer schema --out schema/content.schema.json

# Both locks resolve for the oldest Python we promise (3.11.0; Debian 12 ships 3.11.2), keeping current pins where they still fit.
lock: setup-dev  ## recompile requirements.lock and requirements-dev.lock from pyproject.toml with uv
	$(BIN)/uv pip compile pyproject.toml --python-version 3.11 --no-annotate -q -o requirements.lock
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 --no-annotate -q -c requirements.lock -o requirements-dev.lock

# Story counts for `make bench`, e.g. `make bench STORIES="1 100"` for a quick run.
STORIES ?= 1 100 1000
SERVE_STORIES ?= 1 100
VERIFY_STORIES ?= 10 100
bench: setup-dev test-tools  ## measure build cost and growth, check speed, serve latency, page weight, citation checks; writes BENCHMARKS.md
	$(BIN)/python -m bench.run --stories $(STORIES) --serve-stories $(SERVE_STORIES) --verify-stories $(VERIFY_STORIES) $(BENCH_ARGS)

clean:
	rm -rf $(SITE_DIR) .$(SITE_DIR).* build .cache .pytest_cache .mypy_cache .ruff_cache
