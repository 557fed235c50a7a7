# Debrief: `make run` sets up and serves; `make test` sets up and runs every test.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
export FLASK_APP := app

.PHONY: run run-postgres test test-sqlite test-postgres install install-test test-tools migrate bench clean

run: install migrate
	$(BIN)/python -m app.serve --host $(HOST) --port $(PORT)

# Every test runs on SQLite, then again on a PostgreSQL server that the run starts itself
# (tests/postgres_server.py). With DATABASE_URL set, the tests run once, on that database.
ifdef DATABASE_URL
test: install-test test-tools
	$(BIN)/python -m pytest $(PYTEST_ARGS)
else
test: test-sqlite test-postgres
endif

test-sqlite: install-test test-tools
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-postgres: install-test test-tools
	DEBRIEF_TEST_DATABASE=postgres $(BIN)/python -m pytest $(PYTEST_ARGS)

# Try Debrief on a throwaway PostgreSQL: a server in .postgres/ (removed on Ctrl+C) on port
# $(PG_PORT), then Debrief on http://$(HOST):$(PORT). Needs Debian's postgresql package.
PG_PORT ?= 55432
PG_DIR := $(CURDIR)/.postgres
PG_BIN = $$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
PG_AS = $$([ "$$(id -u)" = 0 ] && echo "runuser -u postgres --")

run-postgres: install
	$(BIN)/python -m pip install --quiet -e '.[postgres]'
	rm -rf $(PG_DIR) && mkdir -p $(PG_DIR)
	[ "$$(id -u)" != 0 ] || chown postgres $(PG_DIR)
	$(PG_AS) $(PG_BIN)/initdb -D $(PG_DIR)/data -U postgres --auth=trust >/dev/null
	$(PG_AS) $(PG_BIN)/pg_ctl -D $(PG_DIR)/data -l $(PG_DIR)/server.log -w \
	  -o "-p $(PG_PORT) -c listen_addresses=127.0.0.1 -k $(PG_DIR)" start
	$(PG_AS) $(PG_BIN)/createdb -h 127.0.0.1 -p $(PG_PORT) -U postgres debrief
	trap '$(PG_AS) $(PG_BIN)/pg_ctl -D $(PG_DIR)/data -m fast stop; rm -rf $(PG_DIR)' EXIT; \
	trap 'exit 130' INT TERM; \
	export DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:$(PG_PORT)/debrief; \
	$(BIN)/flask db upgrade && $(BIN)/python -m app.serve --host $(HOST) --port $(PORT)

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "Debrief needs Python 3.11 or newer ($(PYTHON) is older)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# Browser tests drive Debian's Chromium (nothing downloads a browser of its own), the HTML
# check runs the Nu HTML Checker on Java, and the PostgreSQL run starts Debian's PostgreSQL
# server: all come from apt when missing and we are root.
TEST_TOOLS := chromium:chromium java:default-jre-headless

test-tools:
	@missing=""; \
	for tool in $(TEST_TOOLS); do \
	  command -v $${tool%%:*} >/dev/null 2>&1 || missing="$$missing $${tool#*:}"; \
	done; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else \
	    echo "Missing for some tests:$$missing (sudo apt-get install$$missing)"; \
	  fi; \
	fi

migrate: install
	$(BIN)/flask db upgrade

# In-process figures, then the group benchmark on SQLite and on a temporary PostgreSQL server
# (bench/group.py; its data is built once and cached in bench/.data/). BENCH_ARGS=--quick: a smoke run.
bench: install
	@$(BIN)/python -c 'import psycopg' 2>/dev/null || $(BIN)/python -m pip install --quiet -e '.[postgres]'
	$(BIN)/python -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache
