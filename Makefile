# Spinewise: `make demo` runs the demo clinic; `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CONSTRAINTS := requirements/constraints.txt
HOST ?= 127.0.0.1
PORT ?= 8000
CHROMIUM ?= /usr/bin/chromium
DEMO_ENV := DEBUG=true TASK_BACKEND=database CLINIC_NAME="Spinewise Demo Clinic"

.PHONY: demo test install install-test browser lint typecheck migrations-check pytest serve bench clean backup-tools backup-check

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || { echo "Could not create a virtual environment. On Debian/Ubuntu: sudo apt-get install python3-venv"; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml $(CONSTRAINTS)
	$(BIN)/pip install --quiet -c $(CONSTRAINTS) -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet -c $(CONSTRAINTS) -e ".[test]"
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

demo: install
	$(DEMO_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEMO_ENV) $(BIN)/python manage.py load_demo
	@echo "Serving on http://$(HOST):$(PORT)/  (Ctrl+C to stop; the background worker stops too)"
	@$(DEMO_ENV) $(BIN)/python manage.py worker --interval 2 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(DEMO_ENV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

# Chromium drives the browser journeys (Playwright's own download does not work here): Debian
# packages it as chromium, Ubuntu as chromium-browser. A failed install never fails the
# run; the journeys are then skipped, and pytest says so.
browser:
	@if [ -x "$(CHROMIUM)" ] || command -v chromium-browser >/dev/null; then :; \
	elif ! command -v apt-get >/dev/null; then \
	  echo "Chromium is missing and apt is not available: browser journeys will be skipped."; \
	else \
	  if [ "$$(id -u)" = 0 ]; then as_root=""; elif sudo -n true 2>/dev/null; then as_root=sudo; \
	  else echo "Chromium is missing and apt needs root: browser journeys will be skipped."; exit 0; fi; \
	  echo "Installing Chromium for the browser tests..."; \
	  $$as_root apt-get update -qq >/dev/null 2>&1; \
	  for package in chromium chromium-browser; do \
	    $$as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$package >/dev/null 2>&1 && break; \
	  done; \
	  [ -x "$(CHROMIUM)" ] || command -v chromium-browser >/dev/null \
	    || echo "Could not install Chromium: browser journeys will be skipped."; \
	fi

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install-test
	$(BIN)/mypy

migrations-check: install-test
	DJANGO_SETTINGS_MODULE=spinewise.config.test_settings $(BIN)/python manage.py makemigrations --check --dry-run

# The clinical rules must stay 100 % branch-covered.
COVERAGE := --cov=spinewise.clinical --cov-branch --cov-report=term-missing:skip-covered --cov-fail-under=100
pytest: install-test browser
	CHROMIUM="$$([ -x "$(CHROMIUM)" ] && echo "$(CHROMIUM)" || command -v chromium-browser || echo "$(CHROMIUM)")" $(BIN)/pytest $(if $(wildcard src/spinewise/clinical/__init__.py),$(COVERAGE)) $(PYTEST_ARGS)

test: lint typecheck migrations-check pytest

# The backup check (docs/deploy.md, "Backups and restores") runs the backup and restore
# scripts: they need sqlite3 and gpg, and PostgreSQL's client tools when DATABASE_URL points
# at PostgreSQL. Missing ones come from Debian's packages when apt can run as root; when it
# cannot, the check says what is missing and skips (the run does not fail).
BACKUP_TOOLS := sqlite3:sqlite3 gpg:gnupg $(if $(filter postgres% pgsql%,$(DATABASE_URL)),pg_dump:postgresql-client pg_restore:postgresql-client createdb:postgresql-client dropdb:postgresql-client)
backup-tools:
	@missing=""; for tool in $(BACKUP_TOOLS); do \
	  command -v "$${tool%%:*}" >/dev/null && continue; \
	  case " $$missing " in *" $${tool#*:} "*) ;; *) missing="$$missing $${tool#*:}";; esac; \
	done; \
	if [ -z "$$missing" ]; then :; \
	elif ! command -v apt-get >/dev/null; then \
	  echo "Missing:$$missing; apt is not available, so the backup check skips what needs them."; \
	else \
	  if [ "$$(id -u)" = 0 ]; then as_root=""; elif sudo -n true 2>/dev/null; then as_root=sudo; \
	  else echo "Missing:$$missing; apt needs root, so the backup check skips what needs them."; exit 0; fi; \
	  echo "Installing$$missing for the backup check..."; \
	  $$as_root apt-get update -qq >/dev/null 2>&1; \
	  $$as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null 2>&1 \
	    || echo "Could not install$$missing: the backup check skips what needs them."; \
	fi

# Back up the demo clinic with the scripts docs/deploy.md shows, restore it into a new
# database and compare every table: SQLite, or PostgreSQL when DATABASE_URL says so.
backup-check: install backup-tools
	$(BIN)/python scripts/backup_check.py

# Benchmarks, not tests: they print figures and never fail on speed (bench/README.md).
bench: install-test
	$(BIN)/python -m bench.assess_throughput
	$(BIN)/python -m bench.decision_throughput
	$(BIN)/python -m bench.http_assessments
bench-load: install-test
	$(BIN)/python -m bench.load_run

clean:
	rm -rf $(VENV) staticfiles .coverage .mypy_cache .ruff_cache
