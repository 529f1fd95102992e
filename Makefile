# The two commands of the README: `make run` and `make test`. Everything else is a helper.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run test lint messages demo bench clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-run: pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@ $(VENV)/.installed-run

## make run: install, migrate, load the demo into an empty database, serve on PORT.
run: $(VENV)/.installed-run
	PORT=$(PORT) $(BIN)/polku run

## make test: ruff and the whole suite on SQLite and, at the same time, on PostgreSQL when
## POLKU_TEST_DATABASE_URL is set (required when CI=true). Side by side, each line of output
## starts with its database's name: one suite waits on its database much of the time, so
## the two together take little longer than the PostgreSQL one alone.
test: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	@if [ -n "$$POLKU_TEST_DATABASE_URL" ]; then \
		echo "== The whole suite on SQLite and, side by side, on PostgreSQL ($$POLKU_TEST_DATABASE_URL)"; \
		(set -o pipefail; $(BIN)/pytest 2>&1 | sed -u 's/^/sqlite     | /') & sqlite=$$!; \
		(set -o pipefail; DATABASE_URL="$$POLKU_TEST_DATABASE_URL" $(BIN)/pytest 2>&1 \
			| sed -u 's/^/postgresql | /') & postgresql=$$!; \
		wait $$sqlite; sqlite_rc=$$?; wait $$postgresql; postgresql_rc=$$?; \
		verdict() { if [ "$$1" = 0 ]; then echo passed; else echo "FAILED (exit $$1)"; fi; }; \
		echo "== SQLite: $$(verdict $$sqlite_rc); PostgreSQL: $$(verdict $$postgresql_rc)"; \
		[ $$sqlite_rc = 0 ] && [ $$postgresql_rc = 0 ]; \
	elif [ "$$CI" = "true" ]; then \
		echo "CI needs PostgreSQL: set POLKU_TEST_DATABASE_URL" >&2; exit 1; \
	else \
		$(BIN)/pytest && \
		echo "== SKIPPED: the PostgreSQL run. Set POLKU_TEST_DATABASE_URL=postgres://USER@HOST:5432/polku to run it."; \
	fi

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .

## make messages: update the translation catalogues and compile them.
messages: $(VENV)/.installed-dev
	cd polku && ../$(BIN)/django-admin makemessages -l fi -l en --no-obsolete \
		--ignore 'static/*' --ignore '*/tests/*' --ignore 'conftest.py'
	cd polku && ../$(BIN)/django-admin compilemessages

## make bench: the survey-answer and comment-reading benchmarks and the 60-second mixed load
## test on SQLite and PostgreSQL (figures into bench/README.md), and the API fuzzing at
## length (2 000 examples per operation instead of make test's 25).
bench: $(VENV)/.installed-dev
	$(BIN)/python bench/submit.py
	$(BIN)/python bench/text.py
	$(BIN)/python bench/mixed.py
	POLKU_FUZZ_EXAMPLES=2000 $(BIN)/pytest polku/tests/test_api_fuzz.py

demo: $(VENV)/.installed-run
	$(BIN)/polku demo

clean:
	rm -rf $(VENV) var
