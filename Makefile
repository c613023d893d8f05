# Two commands do all the set-up: `make run` and `make test`.
VENV   ?= .venv
PYTHON ?= python3
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
WEB_STAMP := web/node_modules/.installed-stamp

.PHONY: install run test lint typecheck migrations-check schema-check schema pytest fuzz bench clean

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


# The GraphQL-over-HTTP audit (tests/e2e/test_graphql_over_http_audit.py) runs the graphql-http
# npm package; without npm the test skips and says so.
AUDIT_DIR   := tests/http_audit
AUDIT_STAMP := $(AUDIT_DIR)/node_modules/.installed-stamp

$(AUDIT_STAMP): $(AUDIT_DIR)/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		cd $(AUDIT_DIR) && npm ci --no-audit --no-fund --loglevel=error && touch node_modules/.installed-stamp; \
	else echo "npm not found: the GraphQL-over-HTTP audit test will be skipped"; fi

install: $(STAMP) $(WEB_STAMP) $(AUDIT_STAMP)

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

# Two test processes by default (one pytest process keeps one core busy); PYTEST_WORKERS=0 runs
# the suite in this process. worksteal: the few minute-long end-to-end tests finish unevenly.
PYTEST_WORKERS ?= 2
pytest: install
	$(BIN)/pytest -p no:cacheprovider -n $(PYTEST_WORKERS) --dist worksteal

test: lint typecheck migrations-check schema-check pytest

# schemathesis over the GraphQL schema, anonymous and signed in, against `innovex serve` on a
# scratch database (also part of `make test`: about a minute). FUZZ_MAX_EXAMPLES=100 for more.
fuzz: install
	$(BIN)/pytest -p no:cacheprovider -m fuzz -s tests/e2e/test_schemathesis_fuzz.py

bench: install
	$(BIN)/python bench/api.py

clean:
	rm -rf $(VENV) .data web/node_modules $(AUDIT_DIR)/node_modules
