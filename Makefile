# The two commands of the README: `make run` and `make test`.
# With DATABASE_URL unset both run on this checkout's own PostgreSQL server (var/postgres),
# started for the command and stopped when it ends (portal/local_postgres.py).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
# The one way to choose the port of `make run` (GUNICORN_BIND, if set, wins: production's).
PORT ?= 8000
GUNICORN_BIND ?= 127.0.0.1:$(PORT)
export GUNICORN_BIND
export PYTHONDONTWRITEBYTECODE = 1
WITH_DB := $(PY) -m portal.local_postgres run --

.PHONY: run test setup migrate messages demo static check bench lint clean bench-search

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

setup: $(VENV)/.installed

# Compile the Vietnamese catalogs (pure Python: no gettext tools needed).
messages: setup
	$(PY) -c "import glob, polib; [polib.pofile(p).save_as_mofile(p[:-3] + '.mo') for p in glob.glob('locale/*/LC_MESSAGES/*.po') + glob.glob('*/locale/*/LC_MESSAGES/*.po')]"

migrate: setup
	$(WITH_DB) $(PY) manage.py migrate --noinput -v0

static: setup
	$(PY) manage.py collectstatic --noinput -v0

# The demo content, app by app (each command idempotent); seed_demo first: the others link to its articles.
SEEDS := seed_polls seed_about seed_workcalendar seed_documents seed_gallery seed_questions
SEED_ALL := $(PY) manage.py seed_demo --site-url http://$(GUNICORN_BIND) $(foreach c,$(SEEDS),&& $(PY) manage.py $(c))

# Migrate, load the demo content and serve, on one database server start.
run: messages static
	@echo "Serving the portal at http://$(GUNICORN_BIND)/ (Ctrl+C to stop)"
	$(WITH_DB) sh -c '$(PY) manage.py migrate --noinput -v0 && $(SEED_ALL) \
	  && exec $(VENV)/bin/gunicorn portal.wsgi -c portal/gunicorn.conf.py'

demo: messages
	$(WITH_DB) sh -c '$(PY) manage.py migrate --noinput -v0 && $(SEED_ALL)'

# axe-core for the browser tests (docs/testing.md); without npm they are skipped outside CI.
node_modules/.package-lock.json: package.json package-lock.json
	@if ! command -v npm >/dev/null; then echo "npm not found: the browser tests will be skipped (apt-get install npm)"; \
	elif ! npm ci --no-audit --no-fund; then echo "npm ci failed: the browser tests will be skipped"; fi

test: messages node_modules/.package-lock.json
	$(WITH_DB) sh -c '$(PY) manage.py check && $(PY) manage.py makemigrations --check --dry-run -v1 && exec $(PY) -m pytest'

# The side-by-side benchmark (not a test): the portal against a minimal Django view under
# gunicorn, driven by wrk, on PostgreSQL (BENCH_DATABASE_URL) with Redis (BENCH_REDIS_URL); then
# the portal with Redis down against the portal without Redis. Installs wrk from Debian when
# missing (needs root). See docs/benchmark.md; BENCH_ARGS=--help.
bench: messages
	@command -v wrk >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null)
	$(PY) bench/run.py $(BENCH_ARGS)
	$(PY) bench/redis_down.py

check: setup
	$(WITH_DB) sh -c '$(PY) manage.py check && $(PY) manage.py makemigrations --check --dry-run'

# ruff alone, for lint and format (pyproject.toml).
lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Search, home and section timings with 100,000 generated articles, on a database of its own:
# DATABASE_URL=postgres://…/portal_bench make bench-search [BENCH_ARGS=--keep]
bench-search: setup
	$(WITH_DB) sh -c '$(PY) manage.py migrate --noinput -v0 && exec $(PY) bench/discovery.py $(BENCH_ARGS)'

clean:
	rm -rf $(VENV) var .pytest_cache
