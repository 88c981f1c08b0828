"""Speed and memory of `analyze`: the seeds, and corpora of N articles built from real news text.

Each size runs in a fresh process (so peak memory is that run's own) and reports end-to-end
seconds, sentences per second, the ratio of end-to-end time to the bare model-encode time of
the same sentences against two baselines (the model warm in the same process; a bare script
in a fresh process that imports sentence-transformers, loads the model and encodes the
sentences once, paying the imports and first-call costs ``analyze`` pays too), and memory two
ways: the main process's peak RSS while ``analyze`` runs (not the baseline encode after it),
and the peak proportional set size of the whole process tree, sampled every 0.2 s (forked
workers included, pages they share counted once).
Results are appended to benchmarks/results/latest.md.

    .venv/bin/python benchmarks/bench_analyze.py            # seeds, 10, 100, 1000 articles
    .venv/bin/python benchmarks/bench_analyze.py --sizes 10 100
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = [HERE / "data" / "frank_valid.jsonl", HERE / "data" / "summedits_news_eval.jsonl"]

CHILD = r"""
import json, os, resource, sys, threading, time
from pathlib import Path

def _pss_mb(pid):
    # proportional set size: pages shared by forked workers are counted once across the tree
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            kb = sum(int(line.split()[1]) for line in f if line.startswith("Pss:"))
        kids = []
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                kids += f.read().split()
    except OSError:
        return 0.0
    return kb / 1024 + sum(_pss_mb(int(k)) for k in kids)

tree_peak = [0.0]
running = [True]
def _sample():
    while running[0]:
        tree_peak[0] = max(tree_peak[0], _pss_mb(os.getpid()))
        time.sleep(0.2)
threading.Thread(target=_sample, daemon=True).start()
t0 = time.perf_counter()
from crosscheck.api import analyze
from crosscheck.compute import resolve
from crosscheck.pairing import load_model, default_model_path
result = analyze([Path(sys.argv[1])])
t1 = time.perf_counter()
running[0] = False
# analyze's own peak: the baseline encode below is not crosscheck
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
texts = [c.text for c in result.claims]
Path(sys.argv[2]).write_text(json.dumps(texts), encoding="utf-8")
precision = resolve("auto")  # the number format analyze ran in
model = load_model(str(default_model_path()), precision)
t2 = time.perf_counter()
# The bare model: sentence-transformers' own encode of every sentence, no cache, no de-duplication
model.encode(texts, batch_size=64, normalize_embeddings=True)
t3 = time.perf_counter()
print(json.dumps({
    "articles": len(result.articles), "sentences": len(result.claims), "distinct": len(set(texts)),
    "pairs": len(result.pairs),
    "findings": len(result.findings), "end_to_end_s": t1 - t0, "encode_s": t3 - t2,
    "peak_rss_mb": peak, "precision": precision,
    "tree_pss_mb": tree_peak[0],
}))
"""


# What a user's own script pays to encode the same sentences, measured like analyze: from before
# the first import to the last vector, in a fresh process, the model in the same number format.
BARE_CHILD = r"""
import json, sys, time
from pathlib import Path
t0 = time.perf_counter()
from sentence_transformers import SentenceTransformer
from crosscheck.compute import cast, resolve
from crosscheck.pairing import default_model_path
model = SentenceTransformer(str(default_model_path()), device="cpu", local_files_only=True)
cast(model, resolve("auto"))
texts = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
model.encode(texts, batch_size=64, normalize_embeddings=True)
print(json.dumps({"bare_script_s": time.perf_counter() - t0}))
"""


CHECK_CHILD = r"""
import json, sys, time
from pathlib import Path
from crosscheck.api import check
folder = Path(sys.argv[1])
drafts = sorted(folder.glob("draft_*.txt"))
check(drafts[0], [folder / "sources"])  # loads the models once, as a long-running process would
t0 = time.perf_counter()
for d in drafts[1:]:
    check(d, [folder / "sources"])
print(json.dumps({"drafts": len(drafts) - 1, "check_s_per_draft": (time.perf_counter() - t0) / (len(drafts) - 1)}))
"""


def bench_check(texts: list[str], sources: int = 100, claims: int = 10, drafts: int = 4) -> dict[str, float]:
    """Mean seconds to check a draft of ``claims`` sentences against ``sources`` articles (models warm)."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "sources").mkdir()
        build_corpus(folder / "sources", sources, texts)
        for d in range(drafts + 1):
            picked = [s.strip() for s in texts[d * 3 % len(texts)].split(". ")[:claims]]
            (folder / f"draft_{d}.txt").write_text(". ".join(picked) + ".\n", encoding="utf-8")
        env = {**os.environ, "CROSSCHECK_CACHE_DIR": str(folder / "cache")}  # empty: the first draft fills it
        out = subprocess.run(
            [sys.executable, "-c", CHECK_CHILD, str(folder)], capture_output=True, text=True, check=True, env=env
        )
        return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def growth_exponent(rows: list[tuple[str, dict[str, float]]]) -> float | None:
    """Slope of log(time) against log(articles): 1 is linear, 2 quadratic."""
    import numpy as np

    points = [(r["articles"], r["end_to_end_s"]) for name, r in rows if name != "seeds"]
    if len(points) < 2:
        return None
    x, y = np.log([p[0] for p in points]), np.log([p[1] for p in points])
    return float(np.polyfit(x, y, 1)[0])


def real_articles() -> list[str]:
    """Distinct real article texts from the development data."""
    seen: dict[str, None] = {}
    for path in DATA:
        for line in path.read_text(encoding="utf-8").splitlines():
            text = json.loads(line)["source_text"].strip()
            if len(text) > 400:
                seen.setdefault(text, None)
    return list(seen)


def build_corpus(folder: Path, n: int, texts: list[str]) -> None:
    """n articles; past the number of real ones, sentences of two articles are interleaved."""
    for i in range(n):
        text = texts[i % len(texts)]
        if i >= len(texts):
            other = texts[(i * 7 + 3) % len(texts)].split(". ")
            mine = text.split(". ")
            text = ". ".join(s for pair in zip(mine, other, strict=False) for s in pair)
        (folder / f"article_{i:04d}.txt").write_text(text + "\n", encoding="utf-8")


def _child(code: str, *args: str, env: dict[str, str] | None = None) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True, env=env)
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def run_one(folder: Path, cache: Path, texts: Path) -> dict[str, float]:
    return _child(CHILD, str(folder), str(texts), env={**os.environ, "CROSSCHECK_CACHE_DIR": str(cache)})


def cold_and_warm(folder: Path) -> dict[str, float]:
    """A run with an empty cache, the same run again with the cache it left, and a bare script
    encoding the same sentences in a fresh process."""
    with tempfile.TemporaryDirectory() as tmp:
        cache, texts = Path(tmp) / "cache", Path(tmp) / "texts.json"
        cold = run_one(folder, cache, texts)
        cold["rerun_s"] = run_one(folder, cache, texts)["end_to_end_s"]
        cold.update(_child(BARE_CHILD, str(texts)))
    return cold


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="*", default=[10, 100, 1000])
    parser.add_argument("--results", type=Path, default=HERE / "results" / "latest.md")
    args = parser.parse_args()
    rows: list[tuple[str, dict[str, float]]] = [("seeds", cold_and_warm(ROOT / "seeds"))]
    texts = real_articles()
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            build_corpus(Path(tmp), n, texts)
            rows.append((f"{n} articles", cold_and_warm(Path(tmp))))
        print(rows[-1], file=sys.stderr)
    lines = [
        f"\n### {time.strftime('%Y-%m-%d')} — {platform.machine()}, {platform.python_version()}, "
        f"{os.cpu_count()} CPUs\n",
        "| corpus | articles | sentences (distinct) | pairs | findings | end-to-end s | sentences/s | bare encode s "
        "| ratio | bare script s | ratio to bare script | peak RSS MB | peak PSS MB, all processes "
        "| re-run s (cache) |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, r in rows:
        lines.append(
            f"| {name} | {r['articles']:.0f} | {r['sentences']:.0f} ({r['distinct']:.0f}) | {r['pairs']:.0f} "
            f"| {r['findings']:.0f} "
            f"| {r['end_to_end_s']:.1f} | {r['sentences'] / r['end_to_end_s']:.0f} | {r['encode_s']:.1f} "
            f"| {r['end_to_end_s'] / r['encode_s']:.2f} | {r['bare_script_s']:.1f} "
            f"| {r['end_to_end_s'] / r['bare_script_s']:.2f} | {r['peak_rss_mb']:.0f} | {r['tree_pss_mb']:.0f} "
            f"| {r['rerun_s']:.1f} |"
        )
    exponent = growth_exponent(rows)
    if exponent is not None:
        lines.append(f"\nGrowth exponent (log-log fit of end-to-end seconds against articles): {exponent:.2f}")
    checked = bench_check(texts)
    lines.append(
        f"`check`: {checked['check_s_per_draft']:.2f} s per draft of 10 claims against 100 sources "
        f"(mean of {checked['drafts']:.0f}, models loaded, sources' embeddings cached by a first draft)"
    )
    with args.results.open("a", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
