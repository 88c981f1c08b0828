"""Speed of the judge: pairs per second (one model load, batched), and `check` of a 10-claim draft
against 20 sources in a fresh process, model loading included.  Appends to benchmarks/results/latest.md.

    .venv/bin/python benchmarks/bench_judge.py
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def _pairs() -> list[tuple[str, str]]:
    """Real (evidence, claim) pairs: the stress set's edited sentences against their originals,
    alone and with the next claim appended (a two-sentence window, as the judge reads evidence)."""
    rows = [json.loads(line) for line in (HERE / "data" / "stress.jsonl").read_text(encoding="utf-8").splitlines()]
    pairs = [(str(r["original"]), str(r["claim_text"])) for r in rows]
    windows = [(f"{a} {pairs[(i + 1) % len(pairs)][0]}", b) for i, (a, b) in enumerate(pairs)]
    return pairs + windows


def throughput(
    quantize: bool, precision: str = "fp32", judge_path: Path | None = None
) -> tuple[dict[str, float], np.ndarray]:
    from crosscheck.judge import load_judge

    started = time.perf_counter()
    judge = load_judge(judge_path, None, quantize, precision)
    judge.network()  # the network loads lazily, at the first pair; time it here
    load_s = time.perf_counter() - started
    pairs = _pairs()
    rates = []
    for _ in range(3):
        judge._memo.clear()
        t0 = time.perf_counter()
        probs = judge.scores(pairs)
        rates.append(len(pairs) / (time.perf_counter() - t0))
    stats = {"pairs": len(pairs), "load_s": round(load_s, 2), "pairs_per_s": round(statistics.median(rates), 1)}
    return stats, probs


def check_timing(runs: int = 4, judge: str | None = None) -> dict[str, float]:
    """Wall-clock seconds of `crosscheck check` (fresh process: start-up and every model load included),
    first with an empty cache, then (median of the rest) with the cache the first run left, then
    with one claim of the draft edited (the models must load again for that one sentence)."""
    rows = [json.loads(line) for line in (HERE / "data" / "frank_valid.jsonl").read_text(encoding="utf-8").splitlines()]
    articles = list(dict.fromkeys(r["source_text"] for r in rows if r["source_text"].count(" ") > 200))[:20]
    from crosscheck.evaluation import detokenize

    texts = [detokenize(a) for a in articles]
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "sources").mkdir()
        for i, t in enumerate(texts):
            (folder / "sources" / f"s{i:02d}.txt").write_text(t, encoding="utf-8")
        # Ten claims, each a sentence of a different source: a draft that cites its sources.
        draft = "\n\n".join(t.split(". ")[1].strip().rstrip(".") + "." for t in texts[:10])
        (folder / "draft.txt").write_text(draft, encoding="utf-8")
        exe = str(Path(sys.executable).with_name("crosscheck"))
        # An empty embedding cache: the first run encodes every source sentence, the later ones
        # find them on disk (an editor re-checking a draft against the same sources).
        env = {**os.environ, "CROSSCHECK_CACHE_DIR": str(folder / "cache")}
        edited = draft.split("\n\n")
        edited[3] = edited[3].rstrip(".") + ", officials said on Tuesday."
        for run in range(runs + 1):
            if run == runs:
                (folder / "draft.txt").write_text("\n\n".join(edited), encoding="utf-8")
            t0 = time.perf_counter()
            subprocess.run(
                [exe, "check", str(folder / "draft.txt"), "-a", str(folder / "sources"), "-f", "json"]
                + (["--judge", judge] if judge else []),
                check=False,  # a contradicted claim exits 1
                capture_output=True,
                env=env,
            )
            times.append(time.perf_counter() - t0)
    return {
        "sources": len(texts),
        "claims": 10,
        "check_s_cold": round(times[0], 2),
        "check_s_cached": round(statistics.median(times[1:runs]), 2),
        "check_s_one_claim_edited": round(times[runs], 2),
    }


def _agreement(probs: np.ndarray, reference: np.ndarray) -> dict[str, float]:
    return {
        "same_label_as_fp32": round(float((probs.argmax(1) == reference.argmax(1)).mean()), 3),
        "max_probability_change": round(float(np.abs(probs - reference).max()), 3),
    }


def main() -> None:
    from crosscheck.compute import native_bf16

    fp32, reference = throughput(False)
    runs: dict[str, object] = {"judge_fp32": fp32}
    if native_bf16():  # emulated bf16 is slower than fp32: auto never picks it there
        bf16, half = throughput(False, "bf16")
        runs["judge_bf16_auto_here"] = {**bf16, **_agreement(half, reference)}
    int8, quantized = throughput(True)
    runs["judge_int8_not_used"] = {**int8, **_agreement(quantized, reference)}
    result = {**runs, "check_10_claims_20_sources": check_timing()}
    text = json.dumps(result, indent=2)
    print(text)
    with (HERE / "results" / "latest.md").open("a", encoding="utf-8") as fh:
        fh.write(f"\n### judge speed — {platform.processor() or platform.machine()}, 2 CPUs\n\n```\n{text}\n```\n")


if __name__ == "__main__":
    main()
