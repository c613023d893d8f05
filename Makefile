# Two commands do all the set-up: `make run` and `make test`.
VENV   ?= .venv
PYTHON ?= python3
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
WEB_STAMP := web/node_modules/.installed-stamp

.PHONY: install run test lint typecheck migrations-check schema-check schema pytest bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# torch is pinned to the CPU build; pip (not uv/poetry) finds it.
	$(BIN)/python -m pip install --quiet "torch==2.13.0" -e ".[dev]"
	@touch $(STAMP)

# The browser files the API serves itself (GraphiQL at /graphql), from the npm registry, pinned
# with checksums by web/package-lock.json; install scripts are not run. Without npm the API still
# runs and /graphql says what is missing.
$(WEB_STAMP): web/package.json web/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		cd web && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && touch node_modules/.installed-stamp; \
	else \
		echo "npm not found: GraphiQL's browser files are not installed (the API still runs)" >&2; \
	fi

install: $(STAMP) $(WEB_STAMP)

run: install
	$(BIN)/innovex dev

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy
	$(BIN)/lint-imports

migrations-check: install
	$(BIN)/innovex check-migrations

schema-check: install
	$(BIN)/innovex schema --check

schema: install
	$(BIN)/innovex schema

pytest: install
	$(BIN)/pytest -p no:cacheprovider

test: lint typecheck migrations-check schema-check pytest

bench: install
	$(BIN)/python bench/api.py

clean:
	rm -rf $(VENV) .data web/node_modules
