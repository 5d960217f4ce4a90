# The README's commands. Humans and CI run the same targets.
PYTHON ?= python3
UV_VERSION := 0.13.9
UV := .tools/bin/uv
VENV := .venv
export UV_PYTHON_DOWNLOADS := never

.PHONY: setup run test lint format ui sql clean

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

## setup: the locked environment in .venv (dependencies pinned with hashes in uv.lock). Bytecode
## is compiled at install: where PYTHONDONTWRITEBYTECODE is set (CI images often set it) every
## process would otherwise compile dagster, dbt and spaCy from source, ≈4 s per command.
setup: $(UV)
	$(UV) sync --frozen --quiet --compile-bytecode

## run: set up, then load the bundled sample (data/landing) and build the marts
run: setup
	$(VENV)/bin/newswire run

## test: set up, then lint and run the whole test suite
test: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/python -m pytest

## ui: Dagster webserver + daemon on http://127.0.0.1:3000
ui: setup
	$(VENV)/bin/newswire ui

## bi: Apache Superset on http://127.0.0.1:8088 over the serving copy (own venv in .superset-venv/;
## the first start installs and initialises it). Run `make run` first.
.PHONY: bi
bi: setup
	$(VENV)/bin/newswire bi

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf .tools $(VENV) data/warehouse .dagster_home dbt_project/target dbt_project/logs
