# Wenming: `make run` serves the demo, `make test` runs everything (see README.md).
SHELL := /bin/sh
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
# The development targets run in DEBUG (the built-in key) unless SECRET_KEY is given;
# with DEBUG off and no SECRET_KEY the settings refuse to start.
DEV := $(if $(SECRET_KEY),,DEBUG=1)
# The lint's Django checks read the test settings: DEBUG off, a fixed test key.
CHECKENV := DJANGO_SETTINGS_MODULE=tests.settings

.PHONY: run test lint bench venv migrate demo worker clean stack stack-test

$(STAMP): pyproject.toml requirements.lock
	@PYTHON=$$(scripts/find-python) && echo "Using $$PYTHON" && \
	  { [ -x $(PY) ] || "$$PYTHON" -m venv $(VENV); }
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install -q --disable-pip-version-check --no-deps -e .
	@touch $(STAMP)

venv: $(STAMP)

migrate: $(STAMP)
	$(DEV) $(PY) manage.py migrate --noinput -v0

demo: migrate
	$(DEV) $(PY) manage.py load_frameworks
	$(DEV) $(PY) manage.py load_demo

run: demo
	@echo "Serving on http://127.0.0.1:8000/ (background worker started too; Ctrl-C stops both)"
	@DEBUG=1 $(PY) manage.py db_worker >var/worker.log 2>&1 & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

worker: migrate
	$(DEV) $(PY) manage.py db_worker

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check -q src tests benchmarks scripts
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(PY) scripts/check-size
	$(PY) scripts/check-private-imports
	$(CHECKENV) $(PY) manage.py makemigrations --check --dry-run -v0
	$(CHECKENV) $(PY) manage.py check
	$(CHECKENV) $(PY) manage.py spectacular --validate --fail-on-warn --file var/openapi.yaml

test: $(STAMP)
	scripts/system-packages
	$(MAKE) lint
	@echo "== tests on SQLite =="
	$(PY) -m pytest -q
	@echo "== tests on PostgreSQL =="
	scripts/with-postgres $(PY) -m pytest -q
	$(MAKE) stack-test

# The production stack on loopback (PostgreSQL, pgbouncer, Redis, S3, gunicorn, nginx,
# task workers; data under var/stack/): `make stack` serves the demo until Ctrl-C,
# `make stack-test` runs the load benchmark and the whole-campaign walk against it.
stack: $(STAMP)
	scripts/system-packages
	$(PY) scripts/stack.py serve

stack-test: $(STAMP)
	scripts/system-packages
	@echo "== the production stack =="
	$(PY) scripts/stack.py test --seconds 20

bench: $(STAMP)
	@for b in $$(ls benchmarks/*.py | grep -v django_setup.py); do echo "== $$b"; BENCH_SCALE=$${BENCH_SCALE:-0.1} $(PY) $$b || exit 1; done

clean:
	rm -rf $(VENV) var
