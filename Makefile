# The two commands a new user needs: `make run` and `make test`. `make help` lists the rest.
SHELL := /bin/bash
# The newest supported interpreter (3.11-3.13) that really runs (a pyenv shim for a version
# that is not selected exists but fails, so each candidate is asked for its version).
SUPPORTED_PYTHON := import sys; sys.exit(not (3, 11) <= sys.version_info[:2] < (3, 14))
ifeq ($(origin PYTHON),undefined)
PYTHON := $(shell for p in python3.13 python3.12 python3.11 python3; do \
	if $$p -c '$(SUPPORTED_PYTHON)' >/dev/null 2>&1; then command -v $$p; break; fi; done)
endif
UV_VERSION := 0.13.9
UV := .tools/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.DEFAULT_GOAL := help

.PHONY: help
help: ## List the make targets
	@grep -E '^[a-z-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-10s %s\n", $$1, $$2}'

$(UV):
	@test -n "$(PYTHON)" || { echo "Python 3.11, 3.12 or 3.13 is needed (none found)"; exit 1; }
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

# --compile-bytecode: the .pyc files are written once here, so a shell or CI that sets
# PYTHONDONTWRITEBYTECODE does not compile all of Django and Wagtail again in every process
# (about 3 s of CPU per start: pytest, and each server or worker a test starts).
$(VENV)/.synced: $(UV) uv.lock pyproject.toml
	$(UV) sync --frozen --compile-bytecode --python $(PYTHON)
	@touch $@

.PHONY: install
install: $(VENV)/.synced ## Create .venv from the lock file (uv.lock)

.PHONY: run
run: install ## Set up, load demo data and serve http://127.0.0.1:8000 with a Celery worker
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo_data
	@echo "Serving on http://127.0.0.1:8000 (Ctrl-C stops the web server and the worker)"
	@trap 'kill 0' EXIT; \
	export PUBLIC_BASE_URL=$${PUBLIC_BASE_URL:-http://127.0.0.1:8000}; \
	DJANGO_SETTINGS_MODULE=ido_platform.settings.dev $(VENV)/bin/celery -A ido_platform.celery_app worker --beat --pool=solo --loglevel=WARNING \
		--without-heartbeat --without-mingle --without-gossip & \
	$(PY) manage.py runserver 127.0.0.1:8000

.PHONY: test
# The suite lets Python cache the project's bytecode and pytest its rewritten test modules
# (PYTHONDONTWRITEBYTECODE emptied for this command only), and prints its slowest 15 tests.
# It runs in one pytest-xdist worker process per core, each with a test database and a var
# dir of its own (test_<name>_gw0 on PostgreSQL, var/gw0/ on SQLite); --dist loadfile keeps a
# module's tests on one worker, so a module-scoped fixture (the demo data) is built once.
# TEST_WORKERS=0 runs the suite in a single process.
TEST_WORKERS ?= auto
PYTEST := PYTHONDONTWRITEBYTECODE= $(VENV)/bin/pytest -n $(TEST_WORKERS) --dist loadfile --durations=15
test: install ## Set up and run the whole test suite (SQLite; PostgreSQL/Redis via DATABASE_URL/REDIS_URL)
	$(PYTEST) $(PYTEST_ARGS)

.PHONY: test-fast
test-fast: install ## The suite without browser and slow tests (subprocesses, crawl, concurrency)
	$(PYTEST) -m "not browser and not slow" $(PYTEST_ARGS)

.PHONY: lint
lint: install ## ruff check, ruff format --check, makemigrations --check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

.PHONY: messages
messages: install ## Extract Dutch UI strings and compile the catalogues (needs GNU gettext)
	$(PY) manage.py makemessages -l nl --no-obsolete --ignore=.venv --ignore=.tools --ignore=var --ignore=tests --ignore=scripts
	$(PY) scripts/compile_messages.py

.PHONY: bench
bench: install ## Measure pages against a bare Django view under gunicorn (wrk, else a Python client); BENCH_ARGS="--compare var/bench/FILE.json"
	$(PY) -m scripts.bench $(BENCH_ARGS)

.PHONY: clean
clean: ## Remove the environments and local data (var/)
	rm -rf $(VENV) .tools var
