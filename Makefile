# The two commands of the README: `make run` and `make test`; `make test-fast` and `make check`
# for the development loop.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements-dev.lock | cksum | cut -d' ' -f1)
# Where `make run` serves: `make run HOST=0.0.0.0 PORT=8080` (an IPv6 address in brackets,
# HOST=[::]). Another host name than localhost needs ALLOWED_HOSTS (README, Set-up).
HOST ?= 127.0.0.1
PORT ?= 8000
export DEBUG ?= 1
# Compiled modules, and pytest's assertion-rewritten test modules, are kept in __pycache__
# (git-ignored) between runs: where the shell sets PYTHONDONTWRITEBYTECODE, every test worker
# would rewrite all the test modules again on every run (some 3 s of CPU each).
unexport PYTHONDONTWRITEBYTECODE

# pytest-xdist workers: one per core and one more, since some tests wait (on a browser, a
# server, a timeout) and the extra worker uses that time; TEST_WORKERS=0: one process. The
# test database is kept between runs (--reuse-db) and the loaded data restored from a
# snapshot (tests/snapshot.py, docs/adr/0002-test-database-snapshot-and-xdist.md).
TEST_WORKERS ?= $(shell echo $$(( $$(nproc) + 1 )))
PYTEST_ARGS ?=
PYTEST := $(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup --reuse-db $(PYTEST_ARGS)

.PHONY: run test test-fast check setup install lock lint format bench clean prod prod-stop

# Installs what CI tested: every package, direct or not, at the version and hashes of the lock.
$(STAMP): requirements-dev.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.lock
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

# After changing requirements.txt or requirements-dev.txt (the inputs): lock them again.
lock: install
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	  --no-emit-index-url --no-emit-find-links -o requirements-dev.lock requirements-dev.txt

setup: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_bundled_data

run: setup
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Everything (browser tests included; the stack tests need HCPCS_STACK_TESTS=1, see CI).
test: install
	$(PYTEST)

# The development loop: no browser, no production stack, nothing marked slow.
test-fast: install
	$(PYTEST) -m "not browser and not slow" --ignore=tests/deploy

# ruff, and the import contracts of pyproject.toml (docs/adr/0003-import-linter-layering.md).
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

# CI's fast steps (no tests): lint and contracts, Django's checks, no missing migration.
check: lint
	DEBUG=1 $(BIN)/python manage.py check
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# nginx (TLS) in front of two app instances on PostgreSQL and Redis: see README, Production.
prod: install
	deploy/stack.sh start

prod-stop:
	deploy/stack.sh stop

bench: setup
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) staticfiles db.sqlite3*
