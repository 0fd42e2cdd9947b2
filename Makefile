# Two commands for a newcomer: `make run` (a running portal) and `make test` (the whole suite).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
# Embedded default for `make run`: SQLite under var/, eager Celery, emails in the dev outbox.
RUN_ENV := DEBUG=true

.PHONY: run test lint format worker beat bench bench-smoke check-deploy migrate seed clean messages

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(PY)
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PIP) install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

migrate: $(VENV)/.installed
	$(RUN_ENV) $(PY) manage.py migrate --no-input

# seed_demo is idempotent: it creates the demo accounts once and prints them every time.
seed: migrate
	$(RUN_ENV) $(PY) manage.py seed_demo

run: seed
	$(RUN_ENV) $(PY) manage.py runserver 127.0.0.1:8000

test: $(VENV)/.installed-dev
	$(PY) -m pytest

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	@# Known vulnerabilities fail the lint; advisory data out of reach (no network to PyPI's JSON
	@# API) is said plainly instead of passing as "no known vulnerabilities".
	@mkdir -p var; $(VENV)/bin/pip-audit --requirement requirements.txt --progress-spinner off \
		> var/pip-audit.txt 2>&1; cat var/pip-audit.txt; \
	if grep -q "^Found [0-9]* known vulnerabilit" var/pip-audit.txt; then exit 1; fi; \
	missed=$$(grep -c "could not be audited" var/pip-audit.txt); \
	if [ "$$missed" -gt 0 ]; then \
		echo "WARNING: pip-audit could not reach the advisory data: $$missed packages were NOT audited."; \
	fi

format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

worker: $(VENV)/.installed
	$(VENV)/bin/celery -A endorsement_portal worker --loglevel=INFO

beat: $(VENV)/.installed
	$(VENV)/bin/celery -A endorsement_portal beat --loglevel=INFO

check-deploy: $(VENV)/.installed
	DEBUG=false SECRET_KEY=check-deploy-$$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n') \
	SECURE_SSL_REDIRECT=true SITE_URL=https://endorsement.example.org ALLOWED_HOSTS=endorsement.example.org \
	EMAIL_URL=smtp://mail.example.org:587 CACHE_URL=redis://127.0.0.1:6379/1 \
	$(PY) manage.py check --deploy --fail-level WARNING

bench: $(VENV)/.installed-dev
	$(PY) -m bench $(BENCH_ARGS)

bench-smoke: $(VENV)/.installed-dev
	$(PY) -m bench --smoke

# Gather new strings into the Spanish catalogue and compile it (needs GNU gettext's xgettext).
messages: $(VENV)/.installed-dev
	$(PY) manage.py catalogue update

clean:
	rm -rf $(VENV) var staticfiles
