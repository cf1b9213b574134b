# Smart-city LMS. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MANAGE := $(PY) manage.py
# Debian packages the product needs: gettext (compilemessages), Chromium and its driver (browser tests),
# HarfBuzz's subsetter (fast PDF font subsetting), Pango (WeasyPrint).
APT_PACKAGES := gettext chromium chromium-driver libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 ffmpeg espeak-ng
PYTEST_ARGS ?= -n auto --dist loadgroup

# Find a Python 3.12+ that actually runs: python3.13, python3.12, python3, then pyenv's installs.
define find_python
for cand in python3.13 python3.12 python3 \
  $$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV); do \
  if command -v $$cand >/dev/null 2>&1 && $$cand -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then \
    echo $$cand; exit 0; fi; \
done; exit 1
endef

.PHONY: help
help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  \033[36m%-12s\033[0m %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml requirements.lock
	@py=$$($(find_python)) || { echo "error: Python 3.12 or newer is required (tried python3.13, python3.12, python3 and pyenv's versions). Install one, e.g. 'pyenv install 3.13'." >&2; exit 1; }; \
	if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)'; then \
	  echo "Creating $(VENV) with $$py"; rm -rf $(VENV); $$py -m venv $(VENV); fi
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.lock
	touch $@

# axe-core (the accessibility gate of the browser tests) and scorm-again, pinned in package-lock.json.
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "error: npm (Node.js 18+) is needed for the accessibility tests (Debian: apt-get install nodejs npm)." >&2; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# scorm-again (the SCORM runtime), pinned in package-lock.json: its built files are vendored under static/ with
# the licence, so a server needs no npm and nothing is fetched at run time. Refresh them after changing the pin.
# The minified files name their source maps, which collectstatic's manifest must find: they are shipped too.
SCORM_AGAIN_FILES := scorm12.min.js scorm2004.min.js scorm2004.min.js.map cross-frame-lms.min.js cross-frame-api.min.js \
  scorm12.min.js.map cross-frame-lms.min.js.map cross-frame-api.min.js.map
.PHONY: vendor-scorm
vendor-scorm: node_modules/.installed ## Copy the pinned scorm-again build (node_modules) into static/vendor/scorm-again
	mkdir -p static/vendor/scorm-again
	cp $(addprefix node_modules/scorm-again/dist/,$(SCORM_AGAIN_FILES)) node_modules/scorm-again/LICENSE static/vendor/scorm-again/
	node -p 'require("./node_modules/scorm-again/package.json").version' > static/vendor/scorm-again/VERSION

.PHONY: install
install: system-deps $(VENV)/.installed node_modules/.installed compilemessages ## Create the virtualenv and install pinned dependencies

.PHONY: system-deps
system-deps: ## Install the Debian packages the product needs, where missing (needs root)
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	    echo "Installing:$$missing"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "warning: please install these packages:$$missing" >&2; fi; \
	fi

.PHONY: compilemessages
compilemessages: $(VENV)/.installed
	@$(MANAGE) compilemessages --ignore=.venv -v0

.PHONY: migrate
migrate: install ## Apply database migrations
	$(MANAGE) migrate --noinput -v0

.PHONY: demo
demo: migrate ## Install, migrate, load the Vietnamese demo data and serve on http://127.0.0.1:8000 (SQLite)
	$(MANAGE) load_demo
	@echo "Serving on http://127.0.0.1:8000 with a background task worker (Ctrl+C to stop)"
	@$(MANAGE) db_worker --backend background --queue-name '*' & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver 127.0.0.1:8000

.PHONY: serve
serve: install ## Production stack on the local PostgreSQL and Redis: migrate, collectstatic, task worker, gunicorn (docs/deploy.md)
	@deploy/serve.sh

.PHONY: test
test: install ## Install and run the whole suite (DATABASE_URL selects the database; SQLite by default)
	$(PY) -m pytest $(PYTEST_ARGS)

.PHONY: lint
lint: $(VENV)/.installed ## Ruff, the layer contract (import-linter) and migration/translation checks
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(MANAGE) makemigrations --check --dry-run -v0
	@for po in locale/*/LC_MESSAGES/*.po locale/*/*/LC_MESSAGES/*.po; do \
	  out=$$(msgfmt --check --statistics -o /dev/null $$po 2>&1); echo "$$po: $$out"; \
	  case "$$out" in *untranslated*|*fuzzy*) exit 1;; esac; done

.PHONY: format
format: $(VENV)/.installed ## Format the code with ruff
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

.PHONY: messages
messages: $(VENV)/.installed ## Refresh locale/vi from the code and templates, then compile
	$(MANAGE) makemessages -l vi --no-obsolete --ignore=.venv --ignore=demo/content --ignore=staticfiles --ignore=tests
	$(MANAGE) compilemessages --ignore=.venv -v0

.PHONY: lock
lock: ## Re-resolve dependencies from pyproject.toml into requirements.lock
	@py=$$($(find_python)) || { echo "error: Python 3.12+ required" >&2; exit 1; }; \
	tmp=$$(mktemp -d); $$py -m venv $$tmp; $$tmp/bin/pip install --quiet --upgrade pip; \
	$$tmp/bin/pip install --quiet ".[test]"; \
	$$tmp/bin/pip freeze --exclude-editable | grep -v '^smartcity-lms' > requirements.lock; rm -rf $$tmp

# The certificate's fonts: the shipped Noto files cut to Latin and Vietnamese (every tone mark, đ, ơ, ư, the
# combining marks and U+25CC that shaping falls back on), without TrueType hinting, which WeasyPrint drops from
# the PDF anyway. WeasyPrint copies and subsets each font of a certificate for every PDF; files a sixth of the
# size make each render about 2 ms cheaper, with pixel-identical pages (ADR 0015, fifth pass).
CERTIFICATE_FONTS := certificates/static/certificates/fonts
CERTIFICATE_FONT_LATIN := U+0020-007E,U+00A0-017F,U+01A0-01A1,U+01AF-01B0,U+0218-021B,U+02C6-02DD,U+0300-036F
CERTIFICATE_FONT_UNICODES := $(CERTIFICATE_FONT_LATIN),U+1EA0-1EF9,U+2010-2027,U+2030-203A,U+2044,U+20AB,U+20AC,U+2116,U+2122,U+2190-2193,U+2212,U+2264-2265,U+25CC,U+FFFD
.PHONY: certificate-fonts
certificate-fonts: $(VENV)/.installed ## Cut the certificate's fonts (fonts/latin-vi) from the shipped Noto files
	mkdir -p $(CERTIFICATE_FONTS)/latin-vi
	for font in NotoSerif-Regular NotoSerif-Bold NotoSerif-Italic NotoSans-Regular NotoSans-Bold; do \
	  $(VENV)/bin/pyftsubset $(CERTIFICATE_FONTS)/$$font.ttf --output-file=$(CERTIFICATE_FONTS)/latin-vi/$$font.ttf \
	    --unicodes="$(CERTIFICATE_FONT_UNICODES)" --layout-features='*' --no-hinting --notdef-glyph \
	    --notdef-outline --name-IDs='*' --name-legacy --name-languages='*' || exit 1; done

.PHONY: bench
bench: install ## Run the benchmarks under bench/ (they print their figures)
	@for b in bench/[!_]*.py; do [ -e "$$b" ] || continue; echo "== $$b"; $(PY) $$b || exit 1; done

.PHONY: clean
clean: ## Remove the virtualenv, the SQLite database and collected files
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* staticfiles .pytest_cache
