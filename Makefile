# Two commands for a new user: `make run` and `make test` (see README.md).
# With DATABASE_URL set they use that PostgreSQL; without it they start an
# embedded one (pgserver, data under var/).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed-runtime
INSTALLED_DEV := $(VENV)/.installed-dev
HOST ?= 127.0.0.1
PORT ?= 8000

# Every recipe line that touches the database runs with DATABASE_URL exported.
WITH_DB = export DATABASE_URL="$${DATABASE_URL:-$$($(PY) -m config.embedded_db)}" &&

.PHONY: install install-dev lock run test lint format token backup restore bench stop-db clean eval-matching eval-extraction

# Runtime dependencies (requirements.txt) for `make run`; test and lint tools on top
# (requirements-dev.txt) for `make test`. Both are locked with hashes: pip refuses any
# file whose hash differs from the lock.
install: $(INSTALLED)
install-dev: $(INSTALLED_DEV)

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip

$(INSTALLED): requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.txt
	touch $@

$(INSTALLED_DEV): requirements-dev.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-dev.txt
	touch $@ $(INSTALLED)

# Re-lock after editing requirements.in or requirements-dev.in.
lock: install-dev
	$(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras -o requirements.txt requirements.in
	$(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras -o requirements-dev.txt requirements-dev.in

# A development server: DEBUG on unless DEBUG is set (then SECRET_KEY is needed too).
run: install
	mkdir -p var/static
	$(WITH_DB) export DEBUG="$${DEBUG:-1}" && \
	  $(PY) manage.py migrate --noinput && \
	  $(PY) manage.py load_demo && \
	  $(PY) manage.py embed_claims && \
	  $(PY) manage.py create_local_admin && \
	  $(PY) manage.py runserver $(HOST):$(PORT)

# axe-core for the site's accessibility test, from the npm registry by its lock's hashes
# (tests/website/package-lock.json); without npm that one test is skipped with a message.
AXE := tests/website/node_modules/axe-core/axe.min.js
$(AXE): tests/website/package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --prefix tests/website --no-audit --no-fund --silent && touch $@; \
	  else echo "npm not found: the accessibility test (axe-core) will be skipped"; fi

test: install-dev $(AXE)
	$(WITH_DB) $(PY) -m pytest $(PYTEST_ARGS)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# An API token for a user (default: the local admin): TOKEN=$$(make -s token)
TOKEN_USER ?= admin
token: install
	@mkdir -p var && $(WITH_DB) DEBUG=$${DEBUG:-1} $(PY) manage.py drf_create_token $(TOKEN_USER) > var/.token \
	  && awk '{print $$3}' var/.token

# A custom-format pg_dump of the configured database (var/backups/ by default).
BACKUP ?= var/backups/claims-$(shell date -u +%Y%m%dT%H%M%SZ).dump
backup: install
	$(WITH_DB) $(PY) -m config.backup dump $(BACKUP)

# Replaces the database's tables with a backup's, in one transaction: make restore FILE=...
restore: install
	@test -n "$(FILE)" || { echo "usage: make restore FILE=var/backups/<name>.dump"; exit 2; }
	$(WITH_DB) $(PY) -m config.backup restore $(FILE)

# The performance benchmark (issue 6, bench/README.md): builds claims_bench_<size> on the
# configured server (never the configured database), serves it with gunicorn, drives it
# with wrk and prints Markdown; JSON in var/bench/ (KEEP=1: bench/results/, to commit and cite).
# One size: make bench SIZE=10000;
# more options (python -m bench.run --help): make bench BENCH_ARGS="--reuse-db --duration 10".
SIZES ?= 10000,1000000
bench: install-dev
	@command -v wrk >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	  { apt-get install -y -qq wrk >/dev/null 2>&1 || \
	    { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq wrk >/dev/null 2>&1; }; }; } || \
	  echo "bench: wrk is not installed (apt-get install wrk); using the Python load generator"
	$(WITH_DB) $(PY) -m bench.run --sizes $(or $(SIZE),$(SIZES)) $(if $(KEEP),--keep) $(BENCH_ARGS)

# "Checked before?" accuracy on the CLEF CheckThat! 2022 Task 2A development splits (data in
# ../shared/matching/, never in this repository): MAP@5 per split, predictions under var/.
MATCHING_DATA ?= ../shared/matching
eval-matching: install
	mkdir -p var
	$(WITH_DB) DEBUG=$${DEBUG:-1} $(PY) manage.py eval_matching --archive $(MATCHING_DATA)/vclaims.jsonl \
	  --queries $(MATCHING_DATA)/dev.jsonl $(MATCHING_DATA)/devtest.jsonl --out var/matching-predictions-

stop-db: install
	$(PY) -m config.embedded_db stop

clean:
	-test -x $(PY) && $(PY) -m config.embedded_db stop
	rm -rf $(VENV) var

# Claim extraction on the development set (issue 15): the extractor over the texts, then
# the set's own scorer. Another annotated folder: make eval-extraction EVAL_DIR=<dir>/texts
# (its gold is the *gold*.jsonl beside that folder, or EVAL_GOLD=<file>). No database.
EXTRACTION ?= $(firstword $(wildcard ../shared/extraction ../../shared/extraction))
EVAL_DIR ?= $(EXTRACTION)/texts
EVAL_GOLD ?= $(firstword $(wildcard $(EVAL_DIR)/../*gold*.jsonl))
eval-extraction: install
	@test -d "$(EVAL_DIR)" || { echo "eval-extraction: no texts folder (set EVAL_DIR)"; exit 2; }
	@test -n "$(EVAL_GOLD)" || { echo "eval-extraction: no gold file beside $(EVAL_DIR) (set EVAL_GOLD)"; exit 2; }
	@mkdir -p var
	@DEBUG=1 DATABASE_URL="$${DATABASE_URL:-postgres://unused@127.0.0.1:1/unused}" \
	  $(PY) manage.py extract_quotes --jsonl --timing $(EVAL_DIR)/*.txt > var/extraction-predictions.jsonl
	@$(PY) $(firstword $(wildcard $(EXTRACTION)/score.py) $(dir $(EVAL_GOLD))score.py) \
	  var/extraction-predictions.jsonl --gold $(EVAL_GOLD)
