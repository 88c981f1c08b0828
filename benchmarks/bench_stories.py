"""False alarms of `analyze` on real multi-source stories: each FRANK article with its summaries.

FRANK gives, for each of its articles, four or five machine summaries that people judged
consistent or inconsistent with it.  Put an article in a folder with only its *consistent*
summaries and every finding `analyze` reports there is a false alarm (up to the labels'
own noise): the sources tell one story.  Put it with only its *inconsistent* summaries and
some finding should tie a summary to the article or to another summary.  So this measures
what the labelled-row benchmarks cannot: the multi-source mode on text nobody wrote for it.

Summaries are prepared as `crosscheck eval` prepares claims (tokenisation undone, UNK
dropped, all-lower-case ones re-cased from the article).  The article's judge is chosen as
in `judge_cv.py`: stories whose article the shipped judge trained on are read by its twin.

    .venv/bin/python benchmarks/bench_stories.py
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from judge_data import TWIN, article_fold, shipped_fold

from crosscheck.api import analyze
from crosscheck.config import Settings
from crosscheck.evaluation import detokenize, truecase, without_unk

HERE = Path(__file__).resolve().parent
ARTICLE = "article.txt"


def stories(path: Path) -> dict[str, dict[str, list[tuple[str, str]]]]:
    """article text -> label -> [(system, summary)]."""
    out: dict[str, dict[str, list[tuple[str, str]]]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        system = row["id"].rsplit("-", 1)[-1]
        summary = truecase(without_unk(detokenize(row["claim_text"])), row["source_text"])
        out.setdefault(row["source_text"], {}).setdefault(row["label"], []).append((system, summary))
    return out


@dataclass
class Tally:
    stories: int = 0
    with_any: int = 0  # stories with at least one finding
    quoting_summary: int = 0  # stories with a finding that quotes a summary
    by_detector: collections.Counter[str] = field(default_factory=collections.Counter)


def run(data: Path, label: str, trained_fold: int) -> Tally:
    tally = Tally()
    with tempfile.TemporaryDirectory() as tmp:
        for k, (article, by_label) in enumerate(stories(data).items()):
            summaries = by_label.get(label, [])
            if not summaries:
                continue
            folder = Path(tmp) / f"story_{k:03d}"
            folder.mkdir()
            (folder / ARTICLE).write_text(article, encoding="utf-8")
            for system, text in summaries:
                (folder / f"{system}.txt").write_text(text + "\n", encoding="utf-8")
            twin = article_fold(article) == trained_fold
            result = analyze([folder], Settings(judge=TWIN if twin else None))
            tally.stories += 1
            tally.by_detector.update(f.detector for f in result.findings)
            tally.with_any += bool(result.findings)
            # a finding that quotes at least one summary (not two sentences of the article itself)
            tally.quoting_summary += any(any(e.doc_id != ARTICLE for e in f.evidence) for f in result.findings)
    return tally


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=HERE / "data" / "frank_valid.jsonl")
    args = parser.parse_args()
    if not (TWIN / "crosscheck-judge.json").is_file():
        sys.exit(f"bench_stories: the fold twin is missing at {TWIN}; train it first (see docs/judge.md)")
    started = time.perf_counter()
    rows = {label: run(args.data, label, shipped_fold()) for label in ("consistent", "inconsistent")}
    print(f"analyze on FRANK stories (article + its summaries of one label), {time.perf_counter() - started:.0f} s")
    print()
    print(
        "| summaries in the folder | stories | findings | per story | stories with any | ... quoting a summary "
        "| by detector |"
    )
    print("|---|---|---|---|---|---|---|")
    for label, t in rows.items():
        found = sum(t.by_detector.values())
        by = ", ".join(f"{k} {v}" for k, v in sorted(t.by_detector.items()))
        print(
            f"| {label} | {t.stories} | {found} | {found / max(t.stories, 1):.2f} | {t.with_any} "
            f"| {t.quoting_summary} | {by} |"
        )


if __name__ == "__main__":
    main()
