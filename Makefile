# Koers: one target for each thing a person does. `make run` and `make test` set up everything.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
RUNTIME := $(VENV)/.runtime-installed
DEV := $(VENV)/.dev-installed
NODE_RUNTIME := node_modules/.koers-runtime
NODE_DEV := node_modules/.koers-dev
DEBIAN_TEST_PACKAGES := postgresql fonts-dejavu-core chromium
NPM_CI := npm ci --no-audit --no-fund --loglevel=error
PIP := $(PY) -m pip install --quiet --disable-pip-version-check

.PHONY: run test lint chat db purge report check-content nlu nlu-model bench eval-conversations soak bench-nlu bench-webchat teams-package clean

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11) and "Koers needs Python 3.11")'
	$(PYTHON) -m venv $(VENV)

$(RUNTIME): requirements.txt | $(PY)
	$(PIP) -r requirements.txt
	@touch $@

$(DEV): requirements-dev.txt $(RUNTIME)
	$(PIP) -r requirements-dev.txt
	@touch $@

# The official Web Chat bundle that /chat serves (npm; package-lock.json pins every package).
$(NODE_RUNTIME): package.json package-lock.json
	@command -v npm >/dev/null || { echo "Koers needs Node.js and npm for its web chat"; exit 1; }
	$(NPM_CI) --omit=dev
	@touch $@

# For the tests, also the official Direct Line client and axe-core.
$(NODE_DEV): package.json package-lock.json
	@command -v npm >/dev/null || { echo "Koers' tests need Node.js and npm"; exit 1; }
	$(NPM_CI)
	@touch $@ $(NODE_RUNTIME)

## run: install, train the NLU if needed, prepare the database, start Koers on 127.0.0.1:3978
run: $(RUNTIME) $(NODE_RUNTIME) nlu-model db
	exec $(PY) app.py serve

## nlu-model: train the NLU model when it is missing or its data, config or code changed
nlu-model: $(RUNTIME)
	$(PY) -m nlu train --if-stale

## nlu: the whole NLU workflow (convert, train, evaluate with baselines; updates nlu/README.md)
nlu: $(DEV)
	$(PY) -m spacy project run all nlu

## bench-nlu: NLU speed, load time and memory against the targets
bench-nlu: $(DEV) nlu-model
	$(PY) -m bench.nlu_bench

## bench: Koers' full turn against botbuilder's stock EchoBot, on SQLite and PostgreSQL
bench: $(DEV) $(NODE_RUNTIME) nlu-model
	@scripts/ensure-debian-packages.sh postgresql
	$(PY) -m bench.load --postgres

## eval-conversations: employees who only type, played in Teams; prints the figures, writes evaluation/last-run.md
eval-conversations: $(DEV) nlu-model
	$(PY) -m evaluation

## soak: Koers under steady load for MINUTES (default 3); prints how much its memory grew
soak: $(RUNTIME) $(NODE_RUNTIME) nlu-model
	$(PY) -m bench.load --soak $(or $(MINUTES),3) --warmup 30

## bench-webchat: 200 concurrent web chat conversations over WebSocket (N=... to change)
bench-webchat: $(RUNTIME) $(NODE_RUNTIME) nlu-model
	$(PY) -m bench.webchat_bench $(if $(N),--conversations $(N),)

## teams-package: the Teams app package in manifest/build/koers.zip (needs MicrosoftAppId, PUBLIC_BASE_URL)
teams-package: $(RUNTIME)
	$(PY) app.py teams-package

## db: bring the database (DATABASE_URL, default var/koers.db) to the newest schema
db: $(RUNTIME)
	$(PY) app.py migrate

## report: the insights of one month as a self-contained HTML file (MONTH=2026-11)
report: $(RUNTIME) db
	$(PY) app.py report --month $(or $(MONTH),$(shell date +%Y-%m))

## chat: talk to Koers in this terminal (CHAT_LANG=en for English)
chat: $(RUNTIME) nlu-model
	$(PY) app.py chat $(if $(filter en,$(CHAT_LANG)),--lang en,)

## purge: delete what is past its retention period now (DRY_RUN=1 only counts)
purge: db
	$(PY) app.py purge $(if $(DRY_RUN),--dry-run,)

## check-content: check the catalogue in content/ without starting Koers
check-content: $(RUNTIME)
	$(PY) app.py check-content

## lint: ruff, mypy and the import contracts (import-linter), as configured in pyproject.toml
lint: $(DEV)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy .
	$(VENV)/bin/lint-imports --no-logo

## test: install what the tests need (Debian's postgresql and chromium too), lint, and run every test
test: $(DEV) $(NODE_DEV)
	@scripts/ensure-debian-packages.sh $(DEBIAN_TEST_PACKAGES)
	$(MAKE) --no-print-directory lint
	$(PY) -m nlu train --if-stale
	$(PY) -m pytest

clean:
	rm -rf $(VENV) node_modules .mypy_cache .ruff_cache .pytest_cache .import_linter_cache
