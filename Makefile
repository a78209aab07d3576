# The two commands of the README: `make serve` and `make test`. Each sets itself up on a fresh machine.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 7860

.PHONY: serve test build lint bench clean

$(STAMP): pyproject.toml requirements.lock
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c requirements.lock -e '.[test]'
	touch $(STAMP)

## build the graph from corpus/ and serve the app on http://$(HOST):$(PORT)
serve: $(STAMP)
	$(BIN)/bangfu build
	$(BIN)/bangfu serve --host $(HOST) --port $(PORT)

## run the whole test suite (installs Chromium for the browser test on Debian if missing)
test: $(STAMP)
	bash scripts/install_browser.sh
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -q

build: $(STAMP)
	$(BIN)/bangfu build

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports

bench: $(STAMP)
	$(BIN)/python bench/bench_build.py
	$(BIN)/python bench/bench_ask.py
	$(BIN)/python bench/bench_neo4j.py
	$(BIN)/python bench/bench_lookup.py

clean:
	rm -rf $(VENV) .bangfu
