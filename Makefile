# Debrief: `make run` sets up and serves; `make test` sets up and runs every test.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
export FLASK_APP := app

.PHONY: run test install install-test test-tools migrate bench clean

run: install migrate
	$(BIN)/python -m app.serve --host $(HOST) --port $(PORT)

test: install-test test-tools
	$(BIN)/python -m pytest $(PYTEST_ARGS)

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

# Browser tests drive Debian's Chromium (nothing downloads a browser of its own), and the
# HTML check runs the Nu HTML Checker on Java: both come from apt when missing and we are root.
TEST_TOOLS := chromium:chromium java:default-jre-headless

test-tools:
	@missing=""; \
	for tool in $(TEST_TOOLS); do \
	  command -v $${tool%%:*} >/dev/null 2>&1 || missing="$$missing $${tool#*:}"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else \
	    echo "Missing for some tests:$$missing (sudo apt-get install$$missing)"; \
	  fi; \
	fi

migrate: install
	$(BIN)/flask db upgrade

bench: install
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .pytest_cache
