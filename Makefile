# Two commands on a fresh machine:  make run  |  make test
# Both create .venv with the pinned dependencies first; running either twice is harmless.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
# Parallel test workers (pytest-xdist); set XDIST= to run in one process.
XDIST ?= -n auto

.PHONY: run test bench setup setup-dev migrate demo lint format lock messages clean

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is required"'
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.base-installed: requirements/base.txt | $(VENV)/bin/python
	$(PIP) install --quiet -r requirements/base.txt
	@touch $@

$(VENV)/.dev-installed: requirements/dev.txt requirements/base.txt | $(VENV)/bin/python
	$(PIP) install --quiet -r requirements/dev.txt
	@touch $@ $(VENV)/.base-installed

setup: $(VENV)/.base-installed

setup-dev: $(VENV)/.dev-installed

migrate: setup
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

run: demo
	@echo "Inovasi berjalan di http://$(HOST):$(PORT)/  (Ctrl+C untuk berhenti)"
	$(PY) manage.py runserver $(HOST):$(PORT)

test: setup-dev
	@sh scripts/ensure-chromium
	$(PY) -m pytest -m "not browser" $(XDIST) $(PYTEST_ARGS)
	$(PY) -m pytest -m browser browser_journeys $(PYTEST_ARGS)

# National-scale benchmarks on SQLite and PostgreSQL (BENCH_ARGS="--quick" for a smoke run).
BENCH_ARGS ?=
bench: setup-dev
	$(PY) benchmarks/run_all.py $(BENCH_ARGS)

lint: setup-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	PYTHONPATH=. $(VENV)/bin/lint-imports
	$(PY) scripts/check_sizes.py
	$(PY) scripts/architecture_table.py --check
	$(VENV)/bin/djhtml --check templates

# Regenerate the pinned locks from requirements/*.in (keeps existing pins; see docs/dependencies.md).
LOCK_ARGS ?=
lock: setup-dev
	$(VENV)/bin/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links $(LOCK_ARGS) \
		--output-file requirements/base.txt requirements/base.in
	$(VENV)/bin/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links $(LOCK_ARGS) \
		--output-file requirements/dev.txt requirements/dev.in

format: setup-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: setup-dev
	$(PY) manage.py makemessages -l en --ignore=.venv --ignore=var
	$(PY) manage.py compilemessages -l en --ignore=.venv

clean:
	rm -rf $(VENV) var
