# The two commands of the README: `make run` and `make test`; `make test-fast` and `make check`
# for the development loop.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1:8000
export DEBUG ?= 1

# pytest-xdist workers, one per core by default (TEST_WORKERS=0: one process). The test
# database is kept between runs (--reuse-db) and the loaded data restored from a snapshot
# (tests/snapshot.py, docs/adr/0002-test-database-snapshot-and-xdist.md).
TEST_WORKERS ?= auto
PYTEST := $(BIN)/python -m pytest -n $(TEST_WORKERS) --reuse-db

.PHONY: run test test-fast setup install lint format bench clean prod prod-stop

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

setup: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_bundled_data

run: setup
	$(BIN)/python manage.py runserver $(HOST)

# Everything (browser tests included; the stack tests need HCPCS_STACK_TESTS=1, see CI).
test: install
	$(PYTEST)

# The development loop: no browser, no production stack, nothing marked slow.
test-fast: install
	$(PYTEST) -m "not browser and not slow" --ignore=tests/deploy

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

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
