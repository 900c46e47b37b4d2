# Minfu: the two commands are `make run` and `make test`; the rest are for developers.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
MANAGE := $(PY) manage.py
# loadgroup: the fault suite's scenarios run one after another in one worker.
PYTEST_ARGS ?= -n auto --dist loadgroup

.PHONY: run test lint audit messages schema bench demo serve clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Minfu needs Python 3.11 or newer")'
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The demo identity provider (oidc-provider-mock, a dev dependency) runs beside the server
# and stops with it; citizens choose the demo citizen on its page (docs/citizen-accounts.md).
DEMO_IDP_PORT ?= 9400
run: $(STAMP)
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	$(PY) -m oidc_provider_mock --port $(DEMO_IDP_PORT) \
		--user-claims "$$(PYTHONPATH=src $(PY) -m minfu.citizens.demo_identity)" >var/demo-idp.log 2>&1 & \
	idp=$$!; trap 'kill $$idp' EXIT INT TERM; \
	MINFU_OIDC_DISCOVERY_URL=$${MINFU_OIDC_DISCOVERY_URL:-http://localhost:$(DEMO_IDP_PORT)/.well-known/openid-configuration} \
	MINFU_OIDC_CLIENT_ID=$${MINFU_OIDC_CLIENT_ID:-minfu-demo} \
	MINFU_OIDC_CLIENT_SECRET=$${MINFU_OIDC_CLIENT_SECRET:-minfu-demo-secret} \
	MINFU_OIDC_LABEL="$${MINFU_OIDC_LABEL:-Demo ID}" \
	$(MANAGE) runserver 127.0.0.1:8000

test: $(STAMP) lint
	$(MANAGE) makemigrations --check --dry-run
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests bench
	PYTHONPATH=src $(VENV)/bin/lint-imports --no-cache --no-logo

# Known vulnerabilities in the installed dependencies (pip-audit, a dev dependency). It asks
# PyPI's vulnerability feed, so it needs the internet and is a release step
# (docs/deployment.md), not part of `make test`. --strict: a package that could not be
# checked fails the run instead of passing unchecked.
AUDIT_ARGS ?= --skip-editable
audit: $(STAMP)
	$(PY) -m pip_audit --strict --progress-spinner off $(AUDIT_ARGS)

messages: $(STAMP)
	cd src/minfu && ../../$(PY) ../../manage.py makemessages -l zh_Hant -l en --no-obsolete --ignore '*/migrations/*'
	cd src/minfu && ../../$(PY) ../../manage.py compilemessages

schema: $(STAMP)
	$(MANAGE) spectacular --lang en --file docs/api/openapi.yaml --validate

bench: $(STAMP)
	$(PY) bench/run_all.py

clean:
	rm -rf $(VENV) var staticfiles
