# Wijkwaarde: `make demo` serves the dashboard on generated demo data; `make test` runs every test.
# Both work on a fresh Debian machine with only Python 3.11, pip and git. `make test-fast` is the quick tier.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8050
WORKERS ?= 2
# pytest-xdist processes: `make test` spreads the suite over two (the browser tests all in one of them, the
# rest in the other: 11 to 17 minutes against 17 to 26 in one process, docs/performance.md);
# `make test TEST_WORKERS=0` runs it in one process. `make test-fast` (no browser, no servers) uses FAST_WORKERS.
TEST_WORKERS ?= 2
FAST_WORKERS ?= 2
export WIJKWAARDE_HOME ?= $(CURDIR)/data/warehouse
DEMO_DIR := data/demo
DEMO_HOME := $(CURDIR)/data/demo-warehouse
APT_PACKAGES := chromium fonts-dejavu-core redis-server libreoffice-impress poppler-utils
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: help venv system-deps demo demo-login demo-data serve test test-fast lint templates clean bench-deps bench bench-pages loadtest loadtest-raad loadtest-hosts

help:
	@echo "make demo   - install, build the Demostad demo warehouse if missing, serve on http://$(HOST):$(PORT)"
	@echo "make demo-login - the demo with login: a test OpenID Connect provider with one user per role"
	@echo "make test   - install everything (venv, pip packages, Debian chromium) and run lint and all tests"
	@echo "make test-fast - lint and the tests without browser, servers or slow builds (under 2 minutes)"
	@echo "make serve  - gunicorn on your published warehouse (\$$WIJKWAARDE_HOME); HOST, PORT, WORKERS as for demo"
	@echo "make templates | bench | loadtest | clean - see README.md and docs/performance.md"

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

# The demo's public address, so the links on a council pack's slides open the view (docs/deployment.md)
demo: venv demo-data
	WIJKWAARDE_PUBLIC_URL=$${WIJKWAARDE_PUBLIC_URL:-http://$(HOST):$(PORT)} \
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

# Every test, the browser and serving tiers included, over TEST_WORKERS processes (pytest-xdist). With
# --dist loadgroup a file's tests stay in one process and the browser tests all in one (tests/conftest.py);
# session fixtures (fixture warehouses, gunicorn, Chromium) are built once in each process that needs them,
# on free ports and in its own tmp folder. TEST_WORKERS=0 runs everything in one process.
test: venv system-deps lint
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup --durations=25

# The fast tier: no browser, no gunicorn or redis, no slow build (markers set in tests/conftest.py).
test-fast: venv lint
	$(BIN)/python -m pytest -n $(FAST_WORKERS) --dist loadgroup -m "not browser and not serving and not slow"

# Performance (not part of `make test`): BENCH_SCALE=municipality|provincie|nationaal (default nationaal).
bench-deps: venv
	$(BIN)/pip install --quiet -c constraints.txt -e '.[bench]'

bench: bench-deps system-deps
	nice $(BIN)/python -m benchmarks.run

# locust, headless on loopback: 100 users within 30 s, each the overview plus 5 filter changes.
bench-pages: bench-deps system-deps
	nice $(BIN)/python -m benchmarks.pages

loadtest: bench-deps
	nice $(BIN)/python -m benchmarks.loadtest

# The same with two serving hosts (gunicorn on warehouse folders of their own, fed by `wijkwaarde ship`)
# and one shared redis-server; the version published halfway is shipped to both.
loadtest-raad: bench-deps
	LOADTEST_SCENARIO=raad nice $(BIN)/python -m benchmarks.loadtest

loadtest-hosts: bench-deps system-deps
	LOADTEST_HOSTS=2 nice $(BIN)/python -m benchmarks.loadtest

templates: venv
	$(BIN)/wijkwaarde templates

clean:
	rm -rf $(VENV) data/warehouse $(DEMO_HOME) $(DEMO_DIR) test-artifacts .pytest_cache .ruff_cache
