#!/usr/bin/env bash
# Reproduce every number of the README's results tables: quality on the three labelled
# sets (crosscheck eval, with the word-overlap floor in the same run), then speed and
# memory of analyze (10/100/1000 articles) and check. About 15 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
out=benchmarks/results.md
{
    echo
    echo "### quality — $(date -u +%Y-%m-%d), $(nproc) CPUs"
    echo
    for set in frank_valid summedits_news_eval stress; do
        echo '```'
        .venv/bin/crosscheck eval "benchmarks/data/$set.jsonl" -o "benchmarks/predictions_$set.csv" --force
        echo '```'
    done
} | tee -a "$out"
.venv/bin/python benchmarks/bench_analyze.py --sizes 10 100 1000
