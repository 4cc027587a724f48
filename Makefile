# Two commands matter: `make serve` and `make test`. Both create .venv and install on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: serve test lint format schema demo clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

serve: $(STAMP)
	$(BIN)/gateway serve --demo --open

test: $(STAMP)
	scripts/ensure-chromium
	scripts/ensure-ariadne-codegen
	scripts/ensure-pgbouncer
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix . && $(BIN)/ruff format .

schema: $(STAMP)
	$(BIN)/gateway schema > schema.graphql

demo: $(STAMP)
	$(BIN)/gateway demo

clean:
	rm -rf $(VENV) .gateway test-artifacts
