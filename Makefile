# Build entry points for the column site. Every target sets up what it needs
# itself (idempotently, through stamp files), so each works on a fresh machine.
#
#   make site                 build the site into site/ (ENGINE=properdocs: with ProperDocs)
#   make serve                live preview on http://127.0.0.1:8000
#   make edit                 the web editor on http://127.0.0.1:8000/admin/ (decap-server + live preview)
#   make check                validate content only
#   make test                 lint, then the full test suite (installs Chromium + CJK fonts via apt)
#   make lint                 ruff check and ruff format --check over scripts/ and tests/
#   make new KIND=story TITLE="标题"
#   make new KIND=duty CAMPAIGN=<专项活动> UNIT=<单位>   a duty roster, every day of the period
#   make stats YEAR=2010      the year's figures in the terminal
#   make import DOCX=报道.docx  a Word report → a story draft (prints its path last)
#   make photos              strip GPS and other hidden data from the photos in content/media
#   make briefing PERIOD=2010|2010-Q2|2010-06        工作简报 (Word) under documents/
#   make notice CAMPAIGN=<id> [DATE=YYYY-MM-DD]      督查通报 (Word) under documents/
#   make certificate VOLUNTEER=<id>                  志愿服务证明 (Word) under documents/
#   make docx-templates       regenerate the Word templates (scripts/column/templates/docx/)
#   make hooks                install the pre-commit hook (content check before each commit)
#   make schemas              regenerate the editors' JSON Schemas from model.py
#   make bench YEARS=10
#   make lighthouse           Lighthouse scores (mobile) of the demo into BENCHMARKS.md
#   make lock                 re-resolve requirements.in into requirements.txt
#   make clean / distclean

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

# The pipeline lives in scripts/column and is imported from there, not installed.
export PYTHONPATH := $(CURDIR)/scripts
export PIP_DISABLE_PIP_VERSION_CHECK := 1
export PIP_NO_INPUT := 1
export PIP_PROGRESS_BAR := off
# `make new KIND=... TITLE=...` passes these through the environment, so titles
# containing quotes or $ reach the CLI intact.
export KIND TITLE YEAR DOCX PERIOD CAMPAIGN DATE VOLUNTEER UNIT

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.stamp
YEARS  ?= 10
SERVE_ADDR ?= 127.0.0.1:8000
# make edit: decap-server's port (the web editor's local backend)
EDIT_PORT ?= 8081
# The engine under the site: mkdocs (MkDocs 1.6, the default) or properdocs (its maintained fork).
ENGINE ?= mkdocs

.PHONY: help setup venv system-setup npm-setup site serve edit check test lint new stats import photos briefing notice certificate docx-templates hooks schemas bench lighthouse lock clean distclean

help:
	@sed -n 's/^#   //p' Makefile

## ---- setup ---------------------------------------------------------------

setup: venv system-setup npm-setup

venv: $(STAMP)

# Rebuilt whenever requirements.txt changes. requirements.txt pins every
# package (transitive ones included), so --no-deps installs exactly that set and
# `pip check` proves it is complete and consistent.
$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
	  || { echo "error: $(PYTHON) is older than Python 3.11 (mkdocs-material needs >= 3.11); run make PYTHON=python3.11 ..." >&2; exit 1; }
	@if [ ! -x $(PY) ] || ! $(PY) -c 'import sys' 2>/dev/null; then \
	  rm -rf $(VENV); $(PYTHON) -m venv $(VENV); fi
	$(PY) -m pip install --require-virtualenv --no-deps -r requirements.txt
	$(PY) -m pip install --require-virtualenv --no-deps --no-build-isolation --quiet -e .
	$(PY) -m pip check
	@touch $@

# Chromium, ChromeDriver and Noto CJK fonts from the distribution (never a
# Playwright browser download). The script returns at once when all are present.
system-setup:
	@bash scripts/setup-system.sh

# npm packages (e.g. axe-core for accessibility tests) — only once a
# package.json exists. Installs strictly from package-lock.json.
ifneq ($(wildcard package.json),)
NPM_STAMP := node_modules/.stamp
$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	@mkdir -p node_modules && touch $@
package-lock.json:
	@echo "error: package.json exists but package-lock.json is missing: run 'npm install' and commit package-lock.json" >&2; exit 1
endif

npm-setup: $(NPM_STAMP)

## ---- pipeline ------------------------------------------------------------

# npm-setup: the web editor's files (/admin/, when site.yml has editor) come from package-lock.json.
site: venv npm-setup
	$(PY) -m column build --engine $(ENGINE)

serve: venv npm-setup
	$(VENV)/bin/$(ENGINE) serve --dirty -a $(SERVE_ADDR)

# decap-server (127.0.0.1:$(EDIT_PORT)) and the live preview; Ctrl-C stops both.
edit: venv npm-setup
	$(PY) -m column edit --addr $(SERVE_ADDR) --port $(EDIT_PORT) --engine $(ENGINE)

check: venv
	$(PY) -m column check

# The content check first: on a merge request (CI runs make test) its Chinese messages lead the log.
test: setup check lint
	$(PY) -m pytest

lint: venv
	$(VENV)/bin/ruff check --no-cache scripts tests
	$(VENV)/bin/ruff format --no-cache --check scripts tests

# A duty roster is named by its campaign and unit: make new KIND=duty CAMPAIGN=<id> UNIT=<unit>.
new: venv
	@if [ "$${KIND:-}" = duty ]; then \
	  if [ -z "$${CAMPAIGN:-}" ] || [ -z "$${UNIT:-}" ]; then \
	    echo 'usage: make new KIND=duty CAMPAIGN=专项活动编号 UNIT=单位编号' >&2; exit 2; fi; \
	  $(PY) -m column new duty --campaign "$$CAMPAIGN" --unit "$$UNIT"; \
	else \
	  if [ -z "$${KIND:-}" ] || [ -z "$${TITLE:-}" ]; then \
	    echo 'usage: make new KIND=story TITLE="标题"  (值守排班：make new KIND=duty CAMPAIGN=… UNIT=…)' >&2; exit 2; fi; \
	  $(PY) -m column new "$$KIND" "$$TITLE"; \
	fi

stats: venv
	@if [ -z "$${YEAR:-}" ]; then echo 'usage: make stats YEAR=2010' >&2; exit 2; fi
	$(PY) -m column stats --year "$$YEAR"

import: venv
	@if [ -z "$${DOCX:-}" ]; then echo 'usage: make import DOCX=报道.docx' >&2; exit 2; fi
	$(PY) -m column import "$$DOCX"

photos: venv
	$(PY) -m column photos

# The office's Word documents: each prints the path it wrote on its last line.
briefing: venv
	@if [ -z "$${PERIOD:-}" ]; then echo 'usage: make briefing PERIOD=2010|2010-Q2|2010-06' >&2; exit 2; fi
	$(PY) -m column briefing --period "$$PERIOD"

notice: venv
	@if [ -z "$${CAMPAIGN:-}" ]; then echo 'usage: make notice CAMPAIGN=专项活动编号 [DATE=2010-12-15]' >&2; exit 2; fi
	$(PY) -m column notice --campaign "$$CAMPAIGN" $${DATE:+--date "$$DATE"}

certificate: venv
	@if [ -z "$${VOLUNTEER:-}" ]; then echo 'usage: make certificate VOLUNTEER=志愿者编号或姓名' >&2; exit 2; fi
	$(PY) -m column certificate --volunteer "$$VOLUNTEER"

docx-templates: venv
	$(PY) -m column docx-templates

hooks: venv
	$(VENV)/bin/pre-commit install

schemas: venv
	$(PY) -m column schemas

bench: venv
	$(PY) scripts/bench.py --years $(YEARS)

# A report, not a test: scores move with the machine (see BENCHMARKS.md).
lighthouse: venv system-setup npm-setup
	$(PY) scripts/lighthouse_report.py --write

## ---- maintenance ---------------------------------------------------------

# Re-resolve requirements.in in a throw-away venv and freeze the result.
lock:
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	$(PYTHON) -m venv "$$tmp/venv"; \
	"$$tmp/venv/bin/pip" install --require-virtualenv -r requirements.in; \
	"$$tmp/venv/bin/pip" check; \
	{ echo "# Full pinned environment (pip freeze of requirements.in on Python 3.11)."; \
	  echo "# Do not edit by hand: change requirements.in, then run 'make lock'."; \
	  "$$tmp/venv/bin/pip" freeze --all --exclude pip; } > requirements.txt.new; \
	mv requirements.txt.new requirements.txt
	@echo "requirements.txt updated"

clean:
	rm -rf site/ .cache/ .bench/ .pytest_cache/ .hypothesis/ .ruff_cache/
	find . -path ./.venv -prune -o -path ./node_modules -prune -o \
	  -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV) node_modules/
