# City Goals: the two commands are `make run` and `make test`.
# Python 3.11: `python3.11` if installed, else `python3` (which must be 3.11).
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# `make run PORT=8010` serves on another port; every link (emails, the sign-in address
# printed below) follows SITE_URL, which defaults to this address.
PORT ?= 8000
SITE_URL ?= http://127.0.0.1:$(PORT)

.PHONY: install run test lint format migrations-check bench bench-scale lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.lock
	touch $(STAMP)

install: $(STAMP)

run: export SITE_URL := $(SITE_URL)
run: $(STAMP)
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py collectstatic --no-input --verbosity 0
	@echo "Serving $(SITE_URL)/ (sign in at $(SITE_URL)/accounts/login/)"
	$(BIN)/gunicorn config.wsgi:application --bind 127.0.0.1:$(PORT) --workers 2 --access-logfile -

# Two workers (pytest-xdist; the machines have two cores), each with its own test
# database, live server, Chromium and Nu Html Checker; `worksteal` moves queued tests to
# whichever worker is idle, so the long browser and schemathesis tests spread out.
# One file: `make test PYTEST_ARGS="-n 0 tests/goals/test_goal_pages.py"` (a later -n wins).
PYTEST_WORKERS ?= -n 2 --dist worksteal

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_WORKERS) $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python manage.py makemigrations --check --dry-run

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(STAMP)
	$(BIN)/python -m bench run

bench-scale: $(STAMP)
	$(BIN)/python -m bench scale

# Regenerate the lock from pyproject.toml's ranges in a throwaway environment.
lock:
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet --upgrade pip
	.lock-venv/bin/pip install --quiet ".[dev]"
	.lock-venv/bin/pip freeze --exclude citygoals > requirements.lock
	rm -rf .lock-venv build *.egg-info

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
