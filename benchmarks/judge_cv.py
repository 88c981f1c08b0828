"""Quality with the judge, grouped by article so no row is scored by a judge trained on its article.

The shipped judge trained on edits of the seeds and of FRANK's fold-0 articles
(``judge_data.article_fold``); its twin ``benchmarks/out/judge/fold1`` (same recipe, fold-1
articles) scores the rows whose article is in fold 0.  Every other row (fold 1, SummEdits,
anything else) is scored by the shipped judge, which never saw it.  Rows built on the seeds
(the stress set's seed rows) were trained on by both, and are counted apart.  Prints the same
table as ``crosscheck eval`` — rules + judge, rules only and the word-overlap floor, all from
the same run — and writes the per-row CSV.

    .venv/bin/python benchmarks/judge_cv.py benchmarks/data/frank_valid.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from judge_data import JUDGES, article_fold, shipped_fold

from crosscheck import evaluation
from crosscheck.compute import PRECISIONS, resolve
from crosscheck.config import Settings
from crosscheck.progress import Progress
from crosscheck.report import evaluation as shown

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", type=Path)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--precision", choices=PRECISIONS, default="auto", help="the models' number format")
    parser.add_argument("--judge", choices=sorted(JUDGES), default="minilm", help="which shipped judge (and its twin)")
    parser.add_argument(
        "--heldout-only",
        action="store_true",
        help="score only the rows whose article the shipped judge never trained on (no twin needed)",
    )
    args = parser.parse_args()
    primary, twin = JUDGES[args.judge]
    frank = {
        json.loads(line)["source_text"]
        for line in (HERE / "data" / "frank_valid.jsonl").read_text(encoding="utf-8").splitlines()
    }
    rows = evaluation.read_rows(args.dataset)
    trained_fold = shipped_fold(primary)
    # A row's article is the FRANK article its source is (the stress set re-uses them).
    twin_rows = [r for r in rows if r.source in frank and article_fold(r.source) == trained_fold]
    own_rows = [r for r in rows if not (r.source in frank and article_fold(r.source) == trained_fold)]
    if args.heldout_only:
        rows, twin_rows = own_rows, []
    if twin_rows and not (twin / "crosscheck-judge.json").is_file():
        sys.exit(f"judge_cv: {len(twin_rows)} rows need the fold twin at {twin}; train it first (see docs/judge.md)")
    started = time.perf_counter()
    results = []
    with Progress() as progress:
        if own_rows:
            results += evaluation.predict(own_rows, Settings(judge=primary, precision=args.precision), progress)
        if twin_rows:
            results += evaluation.predict(twin_rows, Settings(judge=twin, precision=args.precision), progress)
    order = {r.id: i for i, r in enumerate(rows)}
    results.sort(key=lambda r: order[r.row.id])
    seconds = (time.perf_counter() - started) / max(1, len(rows))
    name = f"shipped {args.judge} judge on {len(own_rows)} rows, fold twin on {len(twin_rows)} (grouped by article), "
    if args.heldout_only:
        name = f"shipped {args.judge} judge on the {len(own_rows)} rows of articles it never trained on, "
    name += resolve(args.precision)
    report = evaluation.report_of(args.dataset.name, results, seconds, name)
    if args.out:
        args.out.write_text(shown.predictions_csv(report), encoding="utf-8")
    if args.format == "json":
        print(json.dumps(report.metrics(), indent=2))
    else:
        print(shown.render_rows(report), end="")
    seeds = [r for r in results if "-seed-" in r.row.id]
    if seeds:
        right = sum(r.predicted == r.row.label for r in seeds)
        print(f"rows built on the seeds (in both judges' training data): {len(seeds)}, {right} judged correctly")
    if args.format == "text":
        print(per_article(results), end="")


ARTICLES_SHOWN = 20  # a set of few articles, each edited many times: show how verdicts vary within each


def per_article(results: list[evaluation.RowResult]) -> str:
    """Per source article: consistent rows judged consistent, inconsistent rows caught."""
    groups: dict[str, list[evaluation.RowResult]] = {}
    for r in results:
        groups.setdefault(r.row.source, []).append(r)
    if len(groups) > ARTICLES_SHOWN:
        return ""
    lines = ["", "per article               consistent judged consistent   inconsistent caught"]
    for rows in groups.values():
        name = rows[0].row.id.rsplit("_", 1)[0][-24:]
        ok = [r for r in rows if r.row.label == "consistent"]
        bad = [r for r in rows if r.row.label == "inconsistent"]
        good = sum(r.predicted == "consistent" for r in ok)
        caught = sum(r.predicted == "inconsistent" for r in bad)
        lines.append(f"{name:<26}{good:>4} of {len(ok):<24}{caught:>4} of {len(bad)}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
