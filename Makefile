# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export PYTHONDONTWRITEBYTECODE = 1

.PHONY: run test setup migrate messages demo static check bench lint clean

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
	$(PY) manage.py seed_demo

static: setup
	$(PY) manage.py collectstatic --noinput -v0

run: demo static
	@echo "Serving the portal at http://127.0.0.1:$(PORT)/ (Ctrl+C to stop)"
	$(VENV)/bin/gunicorn portal.wsgi -c portal/gunicorn.conf.py --bind 127.0.0.1:$(PORT)

test: messages
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

clean:
	rm -rf $(VENV) var .pytest_cache
