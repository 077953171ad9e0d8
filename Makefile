# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export PYTHONDONTWRITEBYTECODE = 1

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
	$(PY) manage.py migrate --noinput -v0

demo: migrate messages
	$(PY) manage.py seed_demo --site-url http://127.0.0.1:$(PORT)
	$(PY) manage.py seed_polls

static: setup
	$(PY) manage.py collectstatic --noinput -v0

run: demo static
	@echo "Serving the portal at http://127.0.0.1:$(PORT)/ (Ctrl+C to stop)"
	$(VENV)/bin/gunicorn portal.wsgi -c portal/gunicorn.conf.py --bind 127.0.0.1:$(PORT)

# axe-core for the browser tests (README, "Browser tests"); without npm they are skipped outside CI.
node_modules/.package-lock.json: package.json package-lock.json
	@if ! command -v npm >/dev/null; then echo "npm not found: the browser tests will be skipped (apt-get install npm)"; \
	elif ! npm ci --no-audit --no-fund; then echo "npm ci failed: the browser tests will be skipped"; fi

test: messages node_modules/.package-lock.json
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run -v1
	$(PY) -m pytest

# The side-by-side benchmark (not a test): the portal against a minimal Django view under
# gunicorn, driven by wrk, on PostgreSQL (BENCH_DATABASE_URL) with Redis (BENCH_REDIS_URL).
# Installs wrk from Debian when missing (needs root). See bench/run.py; BENCH_ARGS=--help.
bench: messages
	@command -v wrk >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null)
	$(PY) bench/run.py $(BENCH_ARGS)

check: setup
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

# Search, home and section timings with 100,000 generated articles. PostgreSQL only, on a
# database of its own: DATABASE_URL=postgres://…/portal_bench make bench-search [BENCH_ARGS=--keep]
bench-search: migrate
	$(PY) manage.py bench_discovery $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var .pytest_cache
