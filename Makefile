# The two commands the README promises:  make serve  and  make test.
# Both are idempotent: they only create or install what is missing.
# Any other management command runs with the same development settings:  make manage ARGS="check"
# HOST and PORT choose where  make serve  listens:  make serve PORT=8080 HOST=0.0.0.0

# The first interpreter that runs and is Python 3.12+ (pyenv shims exist but may refuse to run).
PYTHON ?= $(shell for p in python3.12 python3.13 $$HOME/.pyenv/versions/3.12*/bin/python3 $$HOME/.pyenv/versions/3.13*/bin/python3 python3; do $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { command -v $$p; break; }; done)
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export DJANGO_DEBUG ?= 1

.PHONY: serve worker test test-fast install setup data lint browser help manage mutants

help:
	@echo "make serve   set everything up (venv, install, migrate, load data, static) and run the site"
	@echo "make test    run the whole test suite (set DATABASE_URL to use PostgreSQL)"
	@echo "make test-fast  the fast part alone: every test but those marked federal (the real data)"
	@echo "make worker  run the task worker (email) on its own"
	@echo "make mutants mutation testing (mutmut) of the statistics, the search index and the plan"
	@echo "make manage ARGS=\"...\"  run a management command, e.g. make manage ARGS=\"create_editor me@example.org\""

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "Python 3.12 or newer is required (Django 6.1)"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed

setup: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py createcachetable
	$(BIN)/python manage.py load_workforce_data
	$(BIN)/python manage.py load_tracks
	$(BIN)/python manage.py notify_followers
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0

# The site and, beside it, the task worker that sends email (django-tasks-db); Ctrl-C stops both.
serve: setup
	$(BIN)/python manage.py db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# The task worker alone (production runs one or more beside gunicorn: see README "Production").
worker: install
	$(BIN)/python manage.py db_worker

manage: install
	$(BIN)/python manage.py $(ARGS)

browser:
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium; }

# The suite runs on TEST_WORKERS processes (pytest-xdist; 0: one process, no xdist); the first to need the
# federal data builds it while the other runs the tests that do not, then they share it.
TEST_WORKERS ?= 2
test: install browser
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist worksteal

# The tests that need no real federal data (no load): about a minute. The browser tests stay in make test.
test-fast: install
	$(BIN)/python -m pytest -m "not federal"

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

# Mutation testing (mutmut 3, configured in pyproject.toml [tool.mutmut]) of salaries/statistics/,
# pages/search/index.py and careers/plan.py against their fast unit tests (no federal load): about 40 minutes
# for a first run on a busy 2-core machine, then only what changed is tested again.
# Results are kept in mutants/ and reused while the code is unchanged; the kill rates per area follow.
# MUTANTS_CHILDREN caps the parallel test processes (the machine is shared).
MUTANTS_CHILDREN ?= 2
mutants: install
	$(BIN)/mutmut run --max-children $(MUTANTS_CHILDREN)
	$(BIN)/python bench/mutants.py
