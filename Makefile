# Two commands on a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt
PG_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
# Models load from disk only; a hub download is a bug.
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: run test test-sqlite test-pg lint types bench install install-dev constraints clean browser-deps st

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip

$(VENV)/.installed: pyproject.toml constraints.txt | $(BIN)/python
	$(PIP) -e .
	touch $@

# Tests also load the sentence-transformers backend: torch 2.13.0 (CPU wheel) goes in first,
# so nothing pulls a CUDA build. `make run` does not need torch.
$(VENV)/.installed-dev: $(VENV)/.installed
	$(PIP) torch==2.13.0
	$(PIP) -e '.[dev,st]'
	touch $@

# Optional: the sentence-transformers embedding backend (torch 2.13.0 CPU first, never a CUDA build).
st: $(VENV)/.installed
	$(PIP) torch==2.13.0
	$(PIP) -e '.[st]'

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# Local secrets for the embedded setup, generated once (never committed).
.env:
	$(BIN)/python -c "import secrets; print(f'COACH_API_TOKEN={secrets.token_urlsafe(24)}'); print(f'COACH_SESSION_SECRET={secrets.token_urlsafe(32)}')" > .env
	@echo "wrote .env with a new local API token"

run: $(VENV)/.installed .env
	$(BIN)/coach migrate
	$(BIN)/coach ingest
	$(BIN)/coach demo
	@echo "API token (Authorization: Bearer ...): $$(grep COACH_API_TOKEN .env | cut -d= -f2)"
	@echo "Console login ($$(grep username var/demo-console.txt | cut -d' ' -f2)): $$(grep password var/demo-console.txt | cut -d' ' -f2)"
	$(BIN)/coach serve

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .

types: $(VENV)/.installed-dev
	$(BIN)/mypy coach api evals

# Browser tests drive Debian's Chromium headless; install it (and a CJK font for screenshots) once.
browser-deps:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-wqy-microhei)

test-sqlite: $(VENV)/.installed-dev browser-deps
	$(BIN)/pytest

test-pg: $(VENV)/.installed-dev browser-deps
	COACH_DATABASE_URL=$(PG_URL) $(BIN)/pytest

test: lint types test-sqlite

# Every benchmark, each in its own process; writes evals/reports/bench-latest.md (takes several minutes).
bench: $(VENV)/.installed-dev
	$(BIN)/python -m evals.bench.run_all

constraints: $(VENV)/.installed-dev
	(echo "# Exact versions of every package the service and its tests install (pip freeze)."; \
	 echo "# Regenerate with: make constraints"; $(BIN)/pip freeze --exclude-editable) > constraints.txt

clean:
	rm -rf $(VENV) var .mypy_cache .pytest_cache .ruff_cache
