# The two commands of the README: `make run` and `make test`.
# Everything else here is a step they share.

# Python 3.12 or newer: the first candidate that really runs (pyenv shims of
# inactive versions exist but fail, so each one is tried).
PYTHON_CANDIDATES := python3.13 python3.12 python3 \
	$(wildcard $(HOME)/.pyenv/versions/3.13*/bin/python3) \
	$(wildcard $(HOME)/.pyenv/versions/3.12*/bin/python3)
PYTHON := $(firstword $(foreach p,$(PYTHON_CANDIDATES),$(shell $(p) -c 'import sys; print(sys.executable) if sys.version_info >= (3, 12) else None' 2>/dev/null)))

VENV := .venv
PROVINCE_CODE ?= 44
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py

.PHONY: run test setup venv messages chromium clean bench soak demo-codes backup restore

# Development server: debug pages, SMS codes printed in this terminal.
# Another port: `make run PORT=8080`.
PORT ?= 8000
run: export DJANGO_DEBUG ?= true
run: setup
	$(MANAGE) demo_accounts --print
	@echo "Cổng phản ánh: http://127.0.0.1:$(PORT)  ·  Quản trị: http://127.0.0.1:$(PORT)/admin/"
	$(MANAGE) runserver 127.0.0.1:$(PORT)

# The current authenticator codes of the demo staff accounts (they change every 30 s).
demo-codes: export DJANGO_DEBUG ?= true
demo-codes: venv
	$(MANAGE) demo_accounts --codes

test: venv messages chromium
	$(VENV)/bin/pytest $(PYTEST_ARGS)

setup: venv messages
	$(MANAGE) migrate --noinput
	$(MANAGE) collectstatic --noinput --verbosity 0
	$(MANAGE) setup_roles
	$(MANAGE) demo_accounts
	$(MANAGE) load_admin_units --province $(PROVINCE_CODE)
	$(MANAGE) load_reference_data
	$(MANAGE) demo_reports

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	@test -n "$(PYTHON)" || { echo "Cần Python 3.12 trở lên (Python 3.12 or newer is required; none was found)." >&2; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

# Compile the vi and en catalogues with Babel (pure Python: no gettext tools needed);
# locale_django/ also holds the admin's JavaScript strings (the djangojs domain).
messages: venv
	for dir in locale locale_allauth locale_django; do $(VENV)/bin/pybabel compile --domain django --directory $$dir || exit 1; done
	$(VENV)/bin/pybabel compile --domain djangojs --directory locale_django

# Browser tests drive Debian's Chromium (Playwright never downloads a browser).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "Browser tests need Debian's Chromium: sudo apt-get install chromium" >&2; exit 1; \
	  fi; }

# Load test with production settings on PostgreSQL and Redis (bench/runner/):
# `make bench` seeds 10,000 then 100,000 reports, `make bench N=1000000` one size.
bench: venv messages
	$(PY) -m bench.runner --sizes $(if $(N),$(N),10000,100000) $(BENCH_ARGS)

# The production stack under load while Redis, the worker, PostgreSQL and the SMS
# gateway fail (bench/soak/): `make soak`, `make soak SOAK_ARGS="--duration 120"`.
soak: venv messages
	$(PY) -m bench.soak $(SOAK_ARGS)

# Database, then media files, with a manifest: backups/<UTC time>/ (make clean keeps
# it) or `make backup TO=dir`.
backup: venv
	$(MANAGE) backup_portal $(if $(TO),--to $(TO))

# `make restore FROM=dir`: into an empty database and media folder, counts checked after.
restore: venv
	@test -n "$(FROM)" || { echo "Cần FROM=<thư mục sao lưu> (FROM=<backup folder> is required)." >&2; exit 1; }
	$(MANAGE) restore_portal --from $(FROM)

clean:
	rm -rf $(VENV) .venv-soak db.sqlite3 staticfiles var
