#!/usr/bin/env bash
# Set up (if needed), then lint, type-check and run the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# The HTML report's test opens it in a real headless browser. Debian's chromium-headless-shell
# (about 20 s) where this is root with apt, as on CI; elsewhere that one test is skipped.
if ! command -v chromium-headless-shell >/dev/null 2>&1 && ! command -v chromium >/dev/null 2>&1 \
    && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "test: installing chromium-headless-shell for the HTML report's browser test" >&2
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium-headless-shell; } \
        >/dev/null 2>&1 || echo "test: could not install chromium-headless-shell; the browser test will be skipped" >&2
fi
.venv/bin/ruff check crosscheck tests benchmarks
.venv/bin/ruff format --check crosscheck tests benchmarks
.venv/bin/mypy
.venv/bin/python -m pytest "$@"
