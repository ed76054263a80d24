# Two commands matter: `make run` and `make test`. Both set up .venv on a fresh machine.
# `make test` is the quick suite (a few minutes); `make test-all` adds the Dask and browser
# tests (what .ci/run runs) and installs Debian's chromium for the latter.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev

.PHONY: run test test-all lint eval bench clean web browser model prebuilt

# Dashboard assets (leaflet, d3, ...) come from npm at build time and are served locally.
WEB_STAMP := src/parley/api/static/vendor/.built

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(DEVSTAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e ".[dev]"
	touch $(STAMP) $@

$(WEB_STAMP): web/package.json web/package-lock.json web/build.sh
	bash web/build.sh
	touch $@

web: $(WEB_STAMP)

# Browser tests drive Debian's chromium (never a browser download); installed with apt-get,
# for `make test-all` only, and said so before it starts.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  say="chromium is not installed: installing Debian's chromium with apt-get (browser tests)"; \
	  if [ "$$(id -u)" = 0 ]; then echo "$$say"; apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium; \
	  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then echo "$$say (sudo)"; sudo apt-get update -qq && sudo apt-get install -y -qq --no-install-recommends chromium; \
	  else echo "chromium is not installed and apt-get needs root: browser tests will skip"; fi; }

run: $(STAMP) $(WEB_STAMP) prebuilt
	$(BIN)/parley ingest examples/docs --db parley.db
	$(BIN)/parley events --db parley.db --format table
	@echo "Dashboard and API: $(BIN)/parley serve --db parley.db  (then open http://127.0.0.1:8000/)"

# the default markers (pyproject.toml): no Dask, browser or slow tests
test: $(DEVSTAMP) $(WEB_STAMP) prebuilt
	$(BIN)/python -m pytest

# every test (-m "" clears the default selection); the browser test skips without chromium
# unless PARLEY_REQUIRE_BROWSER=1 (.ci/run)
test-all: $(DEVSTAMP) $(WEB_STAMP) prebuilt browser
	$(BIN)/python -m pytest -m ""

lint: $(DEVSTAMP)
	$(BIN)/ruff check src tests scripts benchmarks tools
	$(BIN)/ruff format --check src tests scripts benchmarks tools
	$(BIN)/mypy src/parley

# The extraction model shipped in the package, rebuilt from the gold corpora (deterministic:
# the same corpora give the same file; see docs/extraction.md).
CORPUS ?= ../shared/corpus
model: $(STAMP)
	$(BIN)/parley train $(CORPUS)/seeds $(CORPUS)/dev $(CORPUS)/train --out src/parley/extract/model.json

# The knowledge base and its matchers prebuilt into src/parley/kb/prebuilt.pickle, so that
# no command builds them at start-up (see src/parley/kb/prebuilt.py). A build artefact, not
# in git: run, test and test-all make it (a no-op when it is current); a stale or missing
# file is ignored at run time (every command then builds the KB, 2 s slower). The sources
# are byte-compiled too, as a wheel install does: an editable install leaves that to the
# first run, and with PYTHONDONTWRITEBYTECODE set every command recompiled parley (~0.1 s).
prebuilt: $(STAMP)
	$(BIN)/python scripts/build_prebuilt.py
	$(BIN)/python -m compileall -q src/parley

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info
