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
DEMO_HOME := $(CURDIR)/data/demo-warehouse
APT_PACKAGES := chromium fonts-dejavu-core redis-server libreoffice-impress poppler-utils
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: help venv system-deps demo demo-login demo-data serve test lint templates clean bench-deps bench loadtest loadtest-hosts

help:
	@echo "make demo   - install, build the Demostad demo warehouse if missing, serve on http://$(HOST):$(PORT)"
	@echo "make demo-login - the demo with login: a test OpenID Connect provider with one user per role"
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

# The demo has a warehouse of its own (never your data in $(WIJKWAARDE_HOME)), rebuilt from scratch
# through the real loader when the generator or the data model changes.
$(DEMO_HOME)/wijkwaarde.duckdb: etl/demo.py etl/value_proxies.py etl/sql/schema.sql etl/sql/views.sql $(wildcard etl/sql/facts/*.sql) | venv
	rm -rf $(DEMO_HOME) $(DEMO_DIR)
	$(BIN)/wijkwaarde demo-data --output $(DEMO_DIR)
	$(BIN)/wijkwaarde --home $(DEMO_HOME) load $(DEMO_DIR)

demo-data: $(DEMO_HOME)/wijkwaarde.duckdb

demo: venv demo-data
	$(BIN)/wijkwaarde --home $(DEMO_HOME) serve --host $(HOST) --port $(PORT) --workers $(WORKERS)

# The demo with accounts (issue 15): a test OpenID Connect provider on loopback, one demo user per role.
PROVIDER_PORT ?= 9400
demo-login: venv demo-data
	$(BIN)/python -m wijkwaarde.demo_login --home $(DEMO_HOME) --host $(HOST) --port $(PORT) \
		--provider-port $(PROVIDER_PORT) --workers $(WORKERS)

serve: venv
	$(BIN)/wijkwaarde serve --host $(HOST) --port $(PORT) --workers $(WORKERS)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: venv system-deps lint
	$(BIN)/python -m pytest

# Performance (not part of `make test`): BENCH_SCALE=municipality|provincie|nationaal (default nationaal).
bench-deps: venv
	$(BIN)/pip install --quiet -c constraints.txt -e '.[bench]'

bench: bench-deps system-deps
	nice $(BIN)/python -m benchmarks.run

# locust, headless on loopback: 100 users within 30 s, each the overview plus 5 filter changes.
loadtest: bench-deps
	nice $(BIN)/python -m benchmarks.loadtest

# The same with two serving hosts (gunicorn on warehouse folders of their own, fed by `wijkwaarde ship`)
# and one shared redis-server; the version published halfway is shipped to both.
loadtest-hosts: bench-deps system-deps
	LOADTEST_HOSTS=2 nice $(BIN)/python -m benchmarks.loadtest

templates: venv
	$(BIN)/wijkwaarde templates

clean:
	rm -rf $(VENV) data/warehouse $(DEMO_HOME) $(DEMO_DIR) test-artifacts .pytest_cache .ruff_cache
