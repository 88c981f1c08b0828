#!/usr/bin/env bash
# Set up (if needed) and cross-check the seed articles into reports/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/crosscheck analyze seeds --title "Seed corpus: South Korea–Cuba relations (2024)" --out reports/seeds.md
.venv/bin/crosscheck analyze seeds --format json --out reports/seeds.json
.venv/bin/crosscheck analyze seeds --format csv --out reports/seeds.csv
echo "wrote reports/seeds.md, reports/seeds.json, reports/seeds.csv" >&2
