"""Large fuzz run: N generated hostile documents (default 10,000) through analyze and every report.

    .venv/bin/python benchmarks/bench_fuzz.py --n 10000

Counts exceptions (the target is 0) and prints seconds; the CI-sized run is tests/test_fuzz.py.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import traceback
import xml.etree.ElementTree as ET
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from crosscheck import baseline as bl
from crosscheck.api import analyze
from crosscheck.config import Settings
from crosscheck.errors import InputError
from crosscheck.gate import classify
from crosscheck.report import gate as gate_report
from crosscheck.report import junit, machine, sarif
from crosscheck.report.markdown import render_analysis
from tests.test_fuzz import write_hostile


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=500, help="documents per analyze run")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    failures, refused, unread = 0, 0, 0
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for b in range(0, args.n, args.batch):
            folder = Path(tmp) / f"batch{b}"
            write_hostile(folder, min(args.batch, args.n - b), seed=args.seed + b)
            try:
                result = analyze([folder], Settings(use_judge=False, cache=False))
                unread += len(result.unread)
                text = render_analysis(result)
                assert "<script>" not in text and "\u202e" not in text
                json.loads(machine.render_json(result))
                machine.render_csv(result)
                gate = classify(result, bl.Baseline())
                json.loads(gate_report.render_json(gate))
                json.loads(sarif.render(gate, folder))
                ET.fromstring(junit.render(gate))
            except InputError:
                refused += 1  # every document of the batch empty or unreadable: a clean refusal
            except Exception:  # counting them is the point
                failures += 1
                traceback.print_exc()
    seconds = time.perf_counter() - start
    print(
        f"{args.n} documents in batches of {args.batch}: {failures} exceptions, {refused} batches refused, "
        f"{unread} files not read, {seconds:.0f} s"
    )


if __name__ == "__main__":
    main()
