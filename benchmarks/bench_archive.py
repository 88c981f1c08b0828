"""The archive (``crosscheck index``): how fast it fills, how fast a draft is checked against it,
what it costs on disk and in memory, and how indexing grows from one Dask worker to two.

1. Index throughput on real articles (the benchmark's real news texts, made ``--articles`` as
   bench_analyze does), against the bare encode rate of the same sentences with the model warm:
   this process (an empty cache), then a local Dask cluster of 1 and of 2 workers (each worker
   loads its own models; cluster start and model loads are in the figure).
2. Synthetic archives of ``--sizes`` articles built from those real articles' stored rows: article
   i is real article i mod R under its own id, its sentence vectors moved by N(0, 0.03) noise and
   renormalised (so no two are the same and near neighbours crowd each other), written through
   the store's own ingest path.  Then, in a fresh process, ``check_archive`` of 10-claim drafts
   (ten consecutive sentences of a real article), warm: median and worst seconds per draft, with
   and without the judge, the process's peak memory, and recall@10 of the archive's index against
   exact search over every stored vector.
Results are appended to benchmarks/results/latest.md.

    .venv/bin/python benchmarks/bench_archive.py                      # 10,000 and 100,000 articles
    .venv/bin/python benchmarks/bench_archive.py --sizes 10000
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from bench_analyze import build_corpus, real_articles  # noqa: E402

from crosscheck.archive import Archive, Rows  # noqa: E402
from crosscheck.cache import model_identity  # noqa: E402
from crosscheck.config import Settings  # noqa: E402
from crosscheck.intake import load_articles  # noqa: E402
from crosscheck.pairing import default_model_path, encode  # noqa: E402
from crosscheck.pipeline import segmented  # noqa: E402
from crosscheck.progress import NULL  # noqa: E402

PART = 1_000  # synthetic articles per ingest transaction


def throughput(folder: Path, work: Path, settings: Settings) -> tuple[list[str], Path]:
    from crosscheck.engine import index_on_dask

    articles = load_articles([folder])
    claims, _ = segmented(articles, NULL)
    texts = [c.text for c in claims]
    encode(texts[:64], None)  # the model loaded and warm
    t = time.perf_counter()
    encode(texts, None)
    bare = time.perf_counter() - t
    rows = [
        f"Real articles: {len(articles)}, {len(texts):,} sentences. Bare encode (model warm):"
        f" {bare:.1f} s, {len(texts) / bare:.0f} sentences/s = {len(articles) / bare:.1f} articles/s.",
        "",
        "| indexing | seconds | articles/s | vs bare encode |",
        "|---|---|---|---|",
    ]
    model = model_identity(default_model_path())
    local = work / "local.duckdb"
    with tempfile.TemporaryDirectory() as cache, Archive(local, model, create=True) as store:
        t = time.perf_counter()
        store.add(articles, settings.replace(cache_dir=Path(cache)))
        s = time.perf_counter() - t
    rows.append(f"| this process (empty cache) | {s:.1f} | {len(articles) / s:.2f} | {s / bare:.2f}× |")
    for workers in (1, 2):
        path = work / f"dask{workers}.duckdb"
        with Archive(path, model, create=True) as store:
            t = time.perf_counter()
            index_on_dask(store, articles, settings, workers=workers, partition=16)
            s = time.perf_counter() - t
        rows.append(f"| Dask, {workers} local worker(s) | {s:.1f} | {len(articles) / s:.2f} | {s / bare:.2f}× |")
    return rows, local


def synthetic(real: Path, target: Path, n: int) -> float:
    """An archive of ``n`` articles made from ``real``'s rows; seconds it took."""
    model = model_identity(default_model_path())
    with Archive(real, model) as store:
        arts = store._db.execute(
            "SELECT doc_id, path, sha256, published, source, url, sentences, text, reading"
            " FROM articles ORDER BY doc_id"
        ).df()
        sents = store._db.execute(
            "SELECT doc_id, idx, start_char, end_char, line, col, end_line, text, plain, embedding, facts"
            " FROM sentences ORDER BY doc_id, idx"
        ).df()
    by_doc = {d: g for d, g in sents.groupby("doc_id", sort=False)}
    vectors = {d: np.stack(list(g["embedding"])).astype(np.float32) for d, g in by_doc.items()}
    ids = list(arts["doc_id"])
    rng = np.random.default_rng(0)
    t = time.perf_counter()
    with Archive(target, model, create=True) as store, store.writing() as write:
        for start in range(0, n, PART):
            a_parts, s_parts = [], []
            for i in range(start, min(n, start + PART)):
                real_id = ids[i % len(ids)]
                name = f"synthetic/{i:06d}.txt"
                a = arts[arts["doc_id"] == real_id].copy()
                a["doc_id"], a["path"], a["sha256"] = name, name, f"{i:064x}"
                s = by_doc[real_id].copy()
                s["doc_id"] = name
                v = vectors[real_id] + rng.normal(0, 0.03, vectors[real_id].shape).astype(np.float32)
                s["embedding"] = list(v / np.linalg.norm(v, axis=1, keepdims=True))
                a_parts.append(a)
                s_parts.append(s)
            write(Rows(pd.concat(a_parts, ignore_index=True), pd.concat(s_parts, ignore_index=True)))
    return time.perf_counter() - t


QUERY = r"""
import json, resource, statistics, sys, time
from pathlib import Path
import numpy as np
from crosscheck.archive import Archive
from crosscheck.cache import model_identity
from crosscheck.checking import check_archive
from crosscheck.config import Settings
from crosscheck.pairing import default_model_path

archive, drafts = Path(sys.argv[1]), [Path(p) for p in sys.argv[2:]]
out = {}
t = time.perf_counter()
with Archive(archive, model_identity(default_model_path())) as store:
    index = store.vector_index()  # in step with the store: mapped, not rebuilt
    out["open_s"] = time.perf_counter() - t
    out["articles"], out["sentences"], out["bytes"] = len(store), store.stats().sentences, store.stats().bytes_on_disk
for judge in (False, True):
    settings = Settings(use_judge=judge)
    check_archive(drafts[0], archive, settings)  # warm: models loaded, first pages mapped
    times, sources = [], []
    for d in drafts[1:]:
        t = time.perf_counter()
        result = check_archive(d, archive, settings)
        times.append(time.perf_counter() - t)
        sources.append(len(result.sources))
    key = "judge" if judge else "rules"
    out[key] = {"median_s": statistics.median(times), "max_s": max(times), "sources": statistics.median(sources)}
out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
# recall@10 of the index against exact search over every stored vector, 200 stored queries
with Archive(archive, model_identity(default_model_path())) as store:
    n = store.stats().sentences
    rng = np.random.default_rng(3)
    picked = sorted(int(x) for x in rng.choice(n, 200, replace=False))
    _, queries = store._vectors(f"sid IN ({','.join(map(str, picked))})")
    best = np.full((len(queries), 10), -2.0, dtype=np.float32)
    best_ids = np.zeros((len(queries), 10), dtype=np.int64)
    step = 200_000
    (top,) = store._db.execute("SELECT max(sid) FROM sentences").fetchone()
    for lo in range(0, int(top) + 1, step):
        ids, vecs = store._vectors(f"sid >= {lo} AND sid < {lo + step}")
        if not len(ids):
            continue
        sims = queries @ vecs.T
        allv = np.concatenate([best, sims], axis=1)
        alli = np.concatenate([best_ids, np.broadcast_to(ids.astype(np.int64), sims.shape)], axis=1)
        order = np.argsort(-allv, axis=1)[:, :10]
        best = np.take_along_axis(allv, order, axis=1)
        best_ids = np.take_along_axis(alli, order, axis=1)
    found = store.vector_index().search(queries, 10)
    hits = [len({k for k, _ in f} & set(t.tolist())) / 10 for f, t in zip(found, best_ids)]
    out["recall_at_10"] = float(np.mean(hits))
print(json.dumps(out))
"""


def drafts(folder: Path, count: int = 6) -> list[Path]:
    """10-claim drafts: ten consecutive sentences of real articles."""
    texts = real_articles()
    out: list[Path] = []
    for i in range(count):
        path = folder / f"draft{i}.txt"
        path.write_text(texts[(i * 17) % len(texts)], encoding="utf-8")
        claims, _ = segmented(load_articles([path]), NULL)
        path.write_text(" ".join(c.sentence.text for c in claims[2:12]) + "\n", encoding="utf-8")
        out.append(path)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=200, help="real articles indexed for throughput")
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--work", type=Path, default=None, help="folder for the archives (default: a temp folder)")
    args = parser.parse_args()
    settings = Settings(use_judge=False)
    lines = ["", f"### archive — {time.strftime('%Y-%m-%d')}", ""]
    with tempfile.TemporaryDirectory(dir=args.work) as tmp:
        work = Path(tmp)
        corpus = work / "corpus"
        corpus.mkdir()
        build_corpus(corpus, args.articles, real_articles())
        rows, real = throughput(corpus, work, settings)
        lines += rows
        print("\n".join(lines), flush=True)
        lines += [
            "",
            "| archive | sentences | build s | disk MB (store + index) | open s | check s, rules (median / worst)"
            " | check s, with judge | sources read per draft | peak RSS MB | index recall@10 |",
            "|---|---|---|---|---|---|---|---|---|---|",
        ]
        texts = drafts(work)
        for n in args.sizes:
            target = work / f"synthetic{n}.duckdb"
            built = synthetic(real, target, n)
            command = [sys.executable, "-c", QUERY, str(target), *map(str, texts)]
            got = subprocess.run(command, capture_output=True, text=True, check=False)
            if got.returncode:
                print(got.stderr, file=sys.stderr)
                raise SystemExit(got.returncode)
            r = json.loads(got.stdout.strip().splitlines()[-1])
            lines.append(
                f"| {n:,} articles | {r['sentences']:,} | {built:.0f} | {r['bytes'] / 1e6:,.0f} | {r['open_s']:.2f}"
                f" | {r['rules']['median_s']:.2f} / {r['rules']['max_s']:.2f}"
                f" | {r['judge']['median_s']:.2f} / {r['judge']['max_s']:.2f} | {r['rules']['sources']:.0f}"
                f" | {r['peak_rss_mb']:,.0f} | {r['recall_at_10']:.3f} |"
            )
            print(lines[-1], flush=True)
            for p in target.parent.glob(target.name + "*"):
                p.unlink()
    text = "\n".join(lines) + "\n"
    with (HERE / "results" / "latest.md").open("a", encoding="utf-8") as f:
        f.write(text)


if __name__ == "__main__":
    main()
