# The two commands of the README: `make serve` and `make test`. Each sets itself up on a fresh machine.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Two stamps: serving needs the runtime dependencies only; the tests add their extras (a JVM
# for the Bolt test server, Playwright, jionlp …) on top. Either can come first.
RUNTIME_STAMP := $(VENV)/.installed-runtime
TEST_STAMP := $(VENV)/.installed-test
HOST ?= 127.0.0.1
PORT ?= 7860

.PHONY: serve test build lint bench clean

$(RUNTIME_STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c requirements.lock -e .
	touch $(RUNTIME_STAMP)

$(TEST_STAMP): $(RUNTIME_STAMP)
	$(BIN)/pip install -q -c requirements.lock -e '.[test]'
	touch $(TEST_STAMP)

## build the graph from corpus/ and serve the app on http://$(HOST):$(PORT)
serve: $(RUNTIME_STAMP)
	$(BIN)/bangfu build
	$(BIN)/bangfu serve --host $(HOST) --port $(PORT)

## run the whole test suite (installs Chromium for the browser test on Debian if missing)
test: $(TEST_STAMP)
	bash scripts/install_browser.sh
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -q

build: $(RUNTIME_STAMP)
	$(BIN)/bangfu build

lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports

bench: $(TEST_STAMP)
	$(BIN)/python bench/bench_build.py
	$(BIN)/python bench/bench_ask.py
	$(BIN)/python bench/bench_neo4j.py
	$(BIN)/python bench/bench_formats.py
	$(BIN)/python bench/bench_lookup.py

clean:
	rm -rf $(VENV) .bangfu
