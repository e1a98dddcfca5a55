# Wijkwaarde: `make demo` serves the dashboard on generated demo data; `make test` runs every test.
# Both work on a fresh Debian machine with only Python 3.11, pip and git.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8050
WORKERS ?= 2
export WIJKWAARDE_HOME ?= $(CURDIR)/data/warehouse
DEMO_DIR := data/demo
APT_PACKAGES := chromium fonts-dejavu-core libreoffice-impress poppler-utils
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: help venv system-deps demo demo-data serve test lint templates clean

help:
	@echo "make demo   - install, build the Demostad demo warehouse if missing, serve on http://$(HOST):$(PORT)"
	@echo "make test   - install everything (venv, pip packages, Debian chromium) and run lint and all tests"

# The venv is rebuilt when the pinned dependencies change.
$(BIN)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

venv: $(BIN)/.installed

# Browser tests use Debian's Chromium (Playwright's own browser download does not work offline).
system-deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "apt: installing$$missing"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

$(WIJKWAARDE_HOME)/wijkwaarde.duckdb: | venv
	$(BIN)/wijkwaarde demo-data --output $(DEMO_DIR)
	$(BIN)/wijkwaarde load $(DEMO_DIR)

demo-data: $(WIJKWAARDE_HOME)/wijkwaarde.duckdb

demo: venv demo-data
	$(BIN)/wijkwaarde serve --host $(HOST) --port $(PORT) --workers $(WORKERS)

serve: venv
	$(BIN)/wijkwaarde serve --host $(HOST) --port $(PORT) --workers $(WORKERS)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: venv system-deps lint
	$(BIN)/python -m pytest

templates: venv
	$(BIN)/wijkwaarde templates

clean:
	rm -rf $(VENV) data/warehouse $(DEMO_DIR) test-artifacts .pytest_cache .ruff_cache
