# `make run` starts the dashboard on the bundled data; `make test` installs
# everything the tests need (packages, map assets, Chromium) and runs them.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
CHROMIUM ?= /usr/bin/chromium
PORT   ?= 8501
NODE   ?= node
NPM    ?= npm
NPX    ?= npx
# The project's own browser scripts (static/vendor is downloaded, not ours): the app's,
# and the page-side probes of the browser tests and the benchmarks.
JS_DIRS  := static/js tests/support/js benchmarks/js
JS_FILES := $(foreach dir,$(JS_DIRS),$(wildcard $(dir)/*.js))

.PHONY: run test test-fast install install-dev assets assets-sources chromium java lint lint-js format check-data bench clean

run: install assets
	$(BIN)/python -m streamlit run app.py --server.port=$(PORT)

test: install-dev assets-sources chromium java lint-js
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m events check data/events.csv
	$(BIN)/python -m pytest

# The inner loop: everything but the browser and the slow tests, in under a minute,
# spread over the machine's cores (pytest-xdist). Bytecode is kept (even where
# PYTHONDONTWRITEBYTECODE is set), so a second run does not rewrite and compile
# every test module's assertions again. `make test` runs the whole suite in one process.
test-fast: install-dev assets
	env -u PYTHONDONTWRITEBYTECODE $(BIN)/python -m pytest -q -n auto -m "not browser and not slow and not spark"

install: $(VENV)/.installed-app
install-dev: $(VENV)/.installed-dev

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-app: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed-app
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

# Leaflet and the basemap data come from the npm registry, pinned and
# integrity-checked (assets/manifest.json); they are not in the repository.
assets: install
	$(BIN)/python -m assets.fetch

# The full suite also rebuilds the basemap from its Natural Earth sources and
# checks the bytes match the committed files; those sources are downloaded here.
assets-sources: install
	$(BIN)/python -m assets.fetch --sources

# Browser tests drive Debian's Chromium; Playwright's own download cannot be used.
chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
		echo "Installing Debian's chromium for the browser tests"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium; \
	fi
	@[ -x /usr/sbin/nginx ] || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq nginx; }

# The engine tests (`-m spark`) run Spark in local mode, which needs a JVM.
java:
	@if ! command -v java >/dev/null; then \
		echo "Installing Debian's Java 17 for the Spark engine tests"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq openjdk-17-jre-headless; \
	fi

lint: lint-js
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The map's browser scripts: each must parse (`node --check`) and pass ESLint
# (eslint.config.js), pinned in package-lock.json and installed by `npm ci`.
# Debian's nodejs and npm are installed if missing; the app itself needs no Node.
lint-js: node_modules/.installed
	@for f in $(JS_FILES); do $(NODE) --check $$f || exit 1; done
	@echo "node --check: $(words $(JS_FILES)) scripts in $(JS_DIRS) parse"
	$(NPX) --no-install eslint $(JS_DIRS)

node_modules/.installed: package.json package-lock.json
	@if ! command -v $(NODE) >/dev/null || ! command -v $(NPM) >/dev/null; then \
		echo "Installing Debian's nodejs and npm to lint static/js"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq nodejs npm; \
	fi
	$(NPM) ci --no-audit --no-fund --loglevel=error
	touch $@

format:
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check-data: install
	$(BIN)/python -m events check data/events.csv

bench: install-dev assets
	for f in benchmarks/bench_*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

# The map's runtime assets in static/ are committed; clean leaves them.
clean:
	rm -rf $(VENV) node_modules .pytest_cache .ruff_cache
