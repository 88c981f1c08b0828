#!/usr/bin/env bash
# Set up (if needed), then lint, type-check and run the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check crosscheck tests benchmarks
.venv/bin/ruff format --check crosscheck tests benchmarks
.venv/bin/mypy
.venv/bin/python -m pytest "$@"
