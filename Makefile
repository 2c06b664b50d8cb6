# Pengaduan Desa — `make run` serves the app, `make test` runs every suite.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export DATA_DIR ?= $(CURDIR)/data
export WEB_PORT ?= 8000

# `make test` runs against real PostgreSQL and Redis (localhost defaults, trust auth).
TEST_DATABASE_URL ?= $(or $(DATABASE_URL),postgres://postgres@127.0.0.1:5432/pengaduan)
TEST_REDIS_URL ?= $(or $(REDIS_URL),redis://127.0.0.1:6379/0)

.PHONY: help
help:
	@echo "make run     install everything, load the demo data and serve on http://127.0.0.1:$(WEB_PORT)"
	@echo "make test    install everything, lint, and run every suite against PostgreSQL and Redis"
	@echo "make test-fast  the suites without the slow and browser tests (a quick loop)"
	@echo "make lint    ruff, the layers (import-linter) and the frontend linter"
	@echo "make schema  regenerate openapi.yaml and the frontend's typed client"
	@echo "make bench   benchmarks (prints one table)"
	@echo "make screenshots  every role's landing page at 360 and 1280 px into docs/screenshots/"

# --- install -----------------------------------------------------------------
$(VENV)/.installed: backend/requirements/base.txt backend/requirements/dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r backend/requirements/base.txt -r backend/requirements/dev.txt
	touch $@

frontend/node_modules/.installed: frontend/package.json frontend/package-lock.json
	npm ci --prefix frontend --no-audit --no-fund --loglevel=error
	touch $@

.PHONY: install
install: $(VENV)/.installed frontend/node_modules/.installed

.PHONY: frontend
frontend: frontend/node_modules/.installed
	npm run --prefix frontend --silent build

# --- run -----------------------------------------------------------------------
.PHONY: run
run: install frontend serve

# Migrate, load the demo data and start web + worker + beat (Procfile) until Ctrl-C.
# Without DATABASE_URL/REDIS_URL: SQLite and kombu's filesystem broker under DATA_DIR.
# Without DJANGO_SECRET_KEY: a random key kept in DATA_DIR, the same for every process.
ifeq ($(DJANGO_SECRET_KEY)$(DJANGO_SECRET_KEY_FILE),)
serve: export DJANGO_SECRET_KEY_FILE := $(DATA_DIR)/secret_key
endif
ifeq ($(FIELD_ENCRYPTION_KEYS)$(FIELD_ENCRYPTION_KEYS_FILE),)
serve: export FIELD_ENCRYPTION_KEYS_FILE := $(DATA_DIR)/field_encryption_key
endif
ifeq ($(IDENTITY_HASH_KEY)$(IDENTITY_HASH_KEY_FILE),)
serve: export IDENTITY_HASH_KEY_FILE := $(DATA_DIR)/identity_hash_key
endif
serve: export DJANGO_HTTPS ?= false
serve: export DJANGO_ALLOWED_HOSTS ?= 127.0.0.1,localhost
serve: export WEBHOOK_ALLOW_PRIVATE_TARGETS ?= true
# Demo values, published in docs/channels.md, so the WhatsApp webhook can be tried with curl.
# A real deployment sets its own from Meta's app dashboard.
serve: export WHATSAPP_APP_SECRET ?= demo-whatsapp-app-secret
serve: export WHATSAPP_VERIFY_TOKEN ?= demo-whatsapp-verify-token

.PHONY: serve
serve:
	@mkdir -p "$(DATA_DIR)"
	@if [ -n "$$DJANGO_SECRET_KEY_FILE" ] && [ ! -s "$$DJANGO_SECRET_KEY_FILE" ]; then \
	  $(PY) -c "import secrets; print(secrets.token_urlsafe(50))" > "$$DJANGO_SECRET_KEY_FILE"; fi
	@if [ -n "$$IDENTITY_HASH_KEY_FILE" ] && [ ! -s "$$IDENTITY_HASH_KEY_FILE" ]; then \
	  $(PY) -c "import secrets; print(secrets.token_urlsafe(32))" > "$$IDENTITY_HASH_KEY_FILE"; fi
	@# Losing this key loses every reporter identity: back DATA_DIR up with the database.
	@if [ -n "$$FIELD_ENCRYPTION_KEYS_FILE" ] && [ ! -s "$$FIELD_ENCRYPTION_KEYS_FILE" ]; then \
	  $(PY) -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())" > "$$FIELD_ENCRYPTION_KEYS_FILE"; fi
	cd backend && ../$(PY) manage.py migrate --no-input -v 0
	cd backend && ../$(PY) manage.py collectstatic --no-input -v 0
	@cd backend && ../$(PY) manage.py seed_demo --neighbours
	@echo "Serving on http://127.0.0.1:$(WEB_PORT)/ — API docs at /api/docs/ — Ctrl-C stops web, worker and beat."
	$(VENV)/bin/honcho --no-prefix -f Procfile start

# --- test ----------------------------------------------------------------------
# Debian packages the suites drive for real: Chromium (browser tests), nginx (the compose
# frontend's config), docker-compose v1 (validates docker-compose.yml without an engine) and
# Dovecot (the IMAP server the e-mail intake polls).
.PHONY: test-tools
test-tools:
	@missing=""; \
	  test -x /usr/bin/chromium || missing="$$missing chromium"; \
	  test -x /usr/sbin/nginx || missing="$$missing nginx-light"; \
	  test -x /usr/sbin/dovecot || missing="$$missing dovecot-imapd"; \
	  command -v docker-compose >/dev/null || missing="$$missing docker-compose"; \
	  command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	  test -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf || missing="$$missing fonts-dejavu-core"; \
	  if [ -n "$$missing" ]; then echo "Installing Debian packages for the tests:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; fi

TEST_ENV := DJANGO_SECRET_KEY=test-only-key-not-secret-long-enough-for-hs256 DJANGO_HTTPS=false \
  FIELD_ENCRYPTION_KEYS=dGVzdC1vbmx5LWZpZWxkLWtleS1ub3Qtc2VjcmV0ISE= IDENTITY_HASH_KEY=test-only-hash-key \
  DATABASE_URL="$(TEST_DATABASE_URL)" REDIS_URL="$(TEST_REDIS_URL)"
PYTEST := $(TEST_ENV) $(PY) -m pytest -n 2 --dist loadfile
# Schemathesis gives every operation's case the same node id, and pytest-xdist runs one item
# per node id: under `-n 2` the fuzzer would try one operation of ~110 and still pass. It runs
# in a pytest of its own, without xdist (tests/contract_fuzz/test_schemathesis.py).
FUZZ := tests/contract_fuzz
PYTEST_SERIAL := $(TEST_ENV) $(PY) -m pytest -p no:xdist

.PHONY: check-services
check-services: install
	DATABASE_URL="$(TEST_DATABASE_URL)" REDIS_URL="$(TEST_REDIS_URL)" $(PY) scripts/check_services.py

# Lint first: a layering or format error fails the run before the long suites start.
.PHONY: test
test: install frontend test-tools lint check-services
	npm run --prefix frontend --silent test
	$(PYTEST) $(if $(PYTEST_ARGS),$(PYTEST_ARGS),--ignore=$(FUZZ))
	$(if $(PYTEST_ARGS),,$(PYTEST_SERIAL) $(FUZZ))

# Everything but the tests marked `slow` (processes, workers, servers) and `e2e` (Chromium).
# --reuse-db keeps the test databases between runs (migrate still applies new migrations);
# PYTEST_ARGS=--create-db builds them afresh, e.g. after switching to a branch behind this one.
# The fuzzer is all `slow`, but only ignoring its folder spares each worker collecting it
# (schemathesis builds a case per operation from the schema: ~13 CPU-seconds a worker).
# It loads only the pytest plugins the fast set uses: an auto-loaded plugin's whole package
# is assertion-rewritten when imported, in every worker (schemathesis, hypothesis, Faker and
# anyio cost about 2 CPU-seconds a process, more where Python keeps no bytecode).
FAST_PLUGINS := --disable-plugin-autoload -p xdist.plugin -p pytest_django.plugin \
  -p time_machine -p _hypothesis_pytestplugin
# Python keeps its bytecode here even where the environment says not to
# (PYTHONDONTWRITEBYTECODE): compiling the backend and rewriting the tests' asserts again
# cost each worker about four seconds a run. Work stealing, not whole files: the last
# files no longer leave one worker alone at the end (a module built once may be built
# once more, by the worker that steals some of its tests).
.PHONY: test-fast
test-fast: install check-services
	PYTHONDONTWRITEBYTECODE= $(PYTEST) --dist worksteal $(FAST_PLUGINS) \
	  -m "not slow and not e2e" --ignore=$(FUZZ) --ignore=tests/e2e --reuse-db $(PYTEST_ARGS)

# --- tools ---------------------------------------------------------------------
.PHONY: lint
lint: install
	$(VENV)/bin/ruff check backend tests bench scripts
	$(VENV)/bin/ruff format --check backend tests bench scripts
	cd backend && ../$(VENV)/bin/lint-imports --config ../.importlinter --no-cache
	npm run --prefix frontend --silent lint

.PHONY: schema
schema: install
	cd backend && DJANGO_DEBUG=true ../$(PY) manage.py spectacular --lang en --file ../openapi.yaml --validate
	npm run --prefix frontend --silent gen:api

.PHONY: messages
messages: install
	cd backend && DJANGO_DEBUG=true ../$(PY) manage.py makemessages -l id --no-obsolete --no-location
	cd backend && DJANGO_DEBUG=true ../$(PY) manage.py compilemessages -v 0

# Every role's landing page at 360 and 1280 px into docs/screenshots/, from the browser tests.
.PHONY: screenshots
screenshots: install frontend test-tools
	$(TEST_ENV) $(PY) scripts/screenshots.py

.PHONY: bench
bench: install frontend
	@command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
	@test -x /usr/bin/chromium || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null; }
	$(PY) bench/run.py
