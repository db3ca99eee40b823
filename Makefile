# The two commands the README promises:  make serve  and  make test.
# Both are idempotent: they only create or install what is missing.

PYTHON ?= $(shell command -v python3.13 || command -v python3.12 || ls $$HOME/.pyenv/versions/3.1[23]*/bin/python 2>/dev/null | tail -n 1)
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export DJANGO_DEBUG ?= 1

.PHONY: serve test install setup data lint browser help

help:
	@echo "make serve   set everything up (venv, install, migrate, load data, static) and run the site"
	@echo "make test    run the whole test suite (set DATABASE_URL to use PostgreSQL)"

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
	$(BIN)/python manage.py load_workforce_data
	$(BIN)/python manage.py load_tracks
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0

serve: setup
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

browser:
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium; }

test: install browser
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
