#!/usr/bin/env bash
# Reproduce every number of docs/evaluation.md and docs/performance.md: quality on the three labelled
# sets (rules + judge, rules only and the word-overlap floor, all from the same run;
# rows whose article the shipped judge trained on are scored by its fold twin), then the
# analyze's false alarms on real multi-source stories, then the judge's speed, then speed
# and memory of analyze (10/100/1000 articles) and check.
# About 40 minutes on 2 cores, plus ~25 minutes the first time to train the fold twin.
# `run_all.sh quality` stops after the quality and story blocks (about 8 minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
py=.venv/bin/python
if [ ! -f benchmarks/out/judge/fold1/crosscheck-judge.json ]; then
    $py benchmarks/judge_data.py --fold 0
    $py benchmarks/judge_data.py --fold 1
    $py benchmarks/train_judge.py --data benchmarks/out/judge/train_fold1.jsonl \
        --heldout-news benchmarks/out/judge/train_fold0.jsonl --fold 1 --out benchmarks/out/judge/fold1
fi
# Each run writes benchmarks/results/latest.md, headed by the commit it measured; the run before
# it is kept beside it as a dated file.
out=benchmarks/results/latest.md
if [ -f "$out" ]; then
    when=$(sed -n 's/^# Benchmark run — \([0-9-]*\).*/\1/p' "$out" | head -1)
    kept="benchmarks/results/${when:-$(date -u +%F)}.md"
    n=1
    while [ -e "$kept" ]; do kept="benchmarks/results/${when:-$(date -u +%F)}.$n.md"; n=$((n + 1)); done
    mv "$out" "$kept"
fi
{
    echo "# Benchmark run — $(date -u +%Y-%m-%d), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
    echo
    echo "Written by \`bash benchmarks/run_all.sh\`; earlier runs are the dated files beside this one."
} > "$out"
# An empty cache, so seconds per row measure the work, not what an earlier run left on disk.
CROSSCHECK_CACHE_DIR=$(mktemp -d)
export CROSSCHECK_CACHE_DIR
trap 'rm -rf "$CROSSCHECK_CACHE_DIR"' EXIT
{
    echo
    echo "### quality — $(date -u +%Y-%m-%d), $(nproc) CPUs"
    echo
    for set in frank_valid summedits_news_eval stress; do
        echo '```'
        $py benchmarks/judge_cv.py "benchmarks/data/$set.jsonl" --out "benchmarks/predictions_$set.csv"
        echo '```'
    done
} | tee -a "$out"
{
    echo
    echo "### analyze on FRANK stories — $(date -u +%Y-%m-%d)"
    echo
    $py benchmarks/bench_stories.py
} | tee -a "$out"
if [ "${1:-}" = quality ]; then
    exit 0
fi
$py benchmarks/bench_judge.py
$py benchmarks/bench_analyze.py --sizes 10 100 1000
