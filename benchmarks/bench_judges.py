"""Two judges side by side, in one run: the shipped MiniLM judge and an all-mpnet-base-v2 adapter.

For each: pairs per second (one model load, the number format ``auto`` picks), `check` of a
10-claim draft against 20 sources in a fresh process (cold, with the cache a first run left,
one claim edited), and `analyze` of 100 real articles in a fresh process with an empty cache.
The ratios are mpnet's time over MiniLM's.  Appends to benchmarks/results/latest.md.

    .venv/bin/python benchmarks/bench_judges.py        # the mpnet adapter of judge_cv.py --judge mpnet
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_analyze import build_corpus, real_articles
from bench_judge import check_timing, throughput
from judge_data import JUDGES

HERE = Path(__file__).resolve().parent


def analyze_seconds(folder: Path, judge: str) -> float:  # judge: a folder, as --judge takes it
    """Wall-clock seconds of `crosscheck analyze` on ``folder``, fresh process, empty cache."""
    exe = str(Path(sys.executable).with_name("crosscheck"))
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "CROSSCHECK_CACHE_DIR": tmp}
        started = time.perf_counter()
        subprocess.run(
            [exe, "analyze", str(folder), "--judge", judge, "-f", "json", "-o", str(Path(tmp) / "r.json")],
            check=False,  # findings exit 1
            capture_output=True,
            env=env,
        )
        return round(time.perf_counter() - started, 2)


def main() -> None:
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        build_corpus(corpus, 100, real_articles())
        for name in ("minilm", "mpnet"):
            folder = JUDGES[name][0]
            stats, _ = throughput(False, "auto", folder)
            results[name] = {
                **stats,
                **check_timing(judge=str(folder)),
                "analyze_100_articles_s": analyze_seconds(corpus, str(folder)),
            }
    keys = ("pairs_per_s", "check_s_cold", "check_s_cached", "check_s_one_claim_edited", "analyze_100_articles_s")
    base, strong = results["minilm"], results["mpnet"]
    ratios = {
        k: round(base[k] / strong[k] if k == "pairs_per_s" else strong[k] / base[k], 2) for k in keys
    }  # > 1: mpnet is that many times slower
    text = json.dumps({**results, "mpnet_slower_by": ratios}, indent=2)
    print(text)
    with (HERE / "results" / "latest.md").open("a", encoding="utf-8") as fh:
        fh.write(f"\n### judges compared — {platform.processor() or platform.machine()}, 2 CPUs\n\n```\n{text}\n```\n")


if __name__ == "__main__":
    main()
