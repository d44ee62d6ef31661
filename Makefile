# The two commands of the README, and a few helpers.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
AXE := node_modules/axe-core/axe.min.js
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install lint browsers messages serve benchmark loadtest soak

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $@

install: $(STAMP)

## make run: install, migrate the SQLite database, load the seed if empty, serve on :8000
run: install
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py seed_if_empty
	DEBUG=1 $(BIN)/python manage.py create_demo_users
	@echo
	@echo "Real accounts (each asks for a password), then log in at /admin/:"
	@echo "  DEBUG=1 $(BIN)/python manage.py create_editorial_user alice --role editor"
	@echo "  DEBUG=1 $(BIN)/python manage.py create_editorial_user bob --role reviewer"
	@echo
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

## make test: the whole suite (DATABASE_URL=postgres://… for PostgreSQL), on every core
## (pytest-xdist, up to four workers, each with its own test database; PYTEST_ARGS=-n0 for one)
test: install browsers $(AXE)
	$(BIN)/python -m pytest -n auto --maxprocesses=4 $(PYTEST_ARGS)

## make serve: production server (gunicorn + whitenoise); needs SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL
BIND ?= 127.0.0.1:8000
WORKERS ?= $(shell echo $$(( $$(nproc) * 2 + 1 )))
serve: install
	STATIC_MANIFEST=1 $(BIN)/python manage.py collectstatic --noinput -v0
	STATIC_MANIFEST=1 $(BIN)/python manage.py check --deploy --fail-level WARNING
	STATIC_MANIFEST=1 $(BIN)/python manage.py migrate --noinput
	STATIC_MANIFEST=1 ACCESS_LOG=1 $(BIN)/gunicorn events_site.wsgi --bind $(BIND) --workers $(WORKERS) \
	  --forwarded-allow-ips="$${TRUSTED_PROXIES:-127.0.0.1,::1}" \
	  --no-control-socket

## make benchmark: timings at scale (ARGS="--events 1000 --database-url postgres://…")
benchmark: install
	DEBUG=1 $(BIN)/python manage.py benchmark $(ARGS)

## make loadtest: gunicorn on PostgreSQL under load while a reviewer approves changes
loadtest: install
	$(BIN)/python scripts/loadtest $(ARGS)

## make soak: the same for minutes, restarting PostgreSQL and Redis once each (root; not in CI)
soak: install
	$(BIN)/python scripts/soak $(ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# axe-core (from npm, pinned in package-lock.json) checks the editorial pages for WCAG 2.1 A/AA
# in Chromium; those checks are skipped without npm.
$(AXE): package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	 else echo "npm is not installed: the accessibility checks will be skipped"; fi

# Debian's Chromium (and a Japanese font) drive the browser tests; they are skipped without it.
browsers:
	@{ command -v chromium >/dev/null && fc-list :lang=ja | grep -q . ; } \
	  || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
	       && apt-get install -y -q chromium fonts-noto-cjk >/dev/null 2>&1; } \
	  || echo "chromium is not installed: the browser tests will be skipped"

# Regenerate the translation catalogues (needs GNU gettext); the .mo files are committed.
messages: install
	DEBUG=1 $(BIN)/python manage.py makemessages -l ja -l en --ignore '.venv/*' --no-obsolete
	DEBUG=1 $(BIN)/python manage.py compilemessages --ignore '.venv/*'
