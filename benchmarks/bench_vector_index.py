"""Which nearest-neighbour index the archive keeps: usearch beside the DuckDB file, or DuckDB's own
vector search (``duckdb-extension-vss``, an HNSW index inside the database file).

Vectors: every distinct sentence of the benchmark's real articles (and the seeds), embedded with
the shipped model, then made ``--n`` by adding small noise to copies (N(0, 0.03) per dimension,
renormalised), so that near neighbours crowd each other as reprinted wire copy does in an
archive.  ``--queries`` of them are searched for their 10 nearest; recall is against exact
cosine search.  Reports build seconds, recall@10, milliseconds per query, bytes on disk and the
process's peak memory.  Results are appended to benchmarks/results/latest.md.

    .venv/bin/python benchmarks/bench_vector_index.py            # 100,000 vectors
    .venv/bin/pip install duckdb-extension-vss==1.5.5            # to measure vss too (not a dependency)
"""

from __future__ import annotations

import argparse
import importlib.util
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from crosscheck import vectors

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from bench_analyze import real_articles  # noqa: E402


def real_vectors() -> np.ndarray:
    from crosscheck.config import Settings
    from crosscheck.intake import load_articles
    from crosscheck.pipeline import embedded, segmented
    from crosscheck.progress import NULL

    with tempfile.TemporaryDirectory() as tmp:
        for i, text in enumerate(real_articles()):
            (Path(tmp) / f"{i:04d}.txt").write_text(text, encoding="utf-8")
        articles = load_articles([Path(tmp), HERE.parent / "seeds"])
    claims, _ = segmented(articles, NULL)
    distinct = list({c.text: c for c in claims}.values())
    return np.asarray(embedded(distinct, Settings(), NULL), dtype=np.float32)


def crowd(real: np.ndarray, n: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    base = real[rng.integers(0, len(real), n)] + rng.normal(0, 0.03, (n, real.shape[1])).astype(np.float32)
    base[: len(real)] = real[: min(n, len(real))]
    return base / np.linalg.norm(base, axis=1, keepdims=True)


def exact(base: np.ndarray, queries: np.ndarray, k: int = 10) -> np.ndarray:
    return np.argsort(-(queries @ base.T), axis=1)[:, :k]


def recall(found: list[set[int]], truth: np.ndarray) -> float:
    return float(np.mean([len(f & set(t.tolist())) / truth.shape[1] for f, t in zip(found, truth, strict=True)]))


def bench_usearch(base: np.ndarray, queries: np.ndarray, truth: np.ndarray, folder: Path) -> dict[str, float]:
    from crosscheck import vectors

    keys = np.arange(len(base), dtype=np.uint64)
    t = time.perf_counter()
    index = vectors._build(base.shape[1], keys, base)
    build = time.perf_counter() - t
    path = folder / "index.usearch"
    index.save(str(path))
    view = vectors.VectorIndex(type(index).restore(str(path), view=True), base.shape[1])
    view.search(queries[:5], 10)
    t = time.perf_counter()
    found = [{k for k, _ in hits} for hits in (view.search(q[None, :], 10)[0] for q in queries)]
    query = (time.perf_counter() - t) / len(queries)
    size = path.stat().st_size / 1e6
    return {"build_s": build, "recall": recall(found, truth), "query_ms": query * 1000, "disk_mb": size}


def bench_vss(base: np.ndarray, queries: np.ndarray, truth: np.ndarray, folder: Path) -> dict[str, float] | None:
    spec = importlib.util.find_spec("duckdb_extension_vss")
    if spec is None or spec.origin is None:
        return None
    import duckdb
    import pandas as pd

    extension = next((Path(spec.origin).parent / "extensions").glob("*/vss.duckdb_extension"))
    path = folder / "vss.duckdb"
    db = duckdb.connect(str(path), config={"allow_unsigned_extensions": "true"})
    db.execute(f"LOAD '{extension}'")  # by path: INSTALL would download
    db.execute("SET hnsw_enable_experimental_persistence = true")
    width = base.shape[1]
    db.execute(f"CREATE TABLE v (id BIGINT, e FLOAT[{width}])")
    db.from_df(pd.DataFrame({"id": np.arange(len(base)), "e": list(base)})).create_view("frame")
    db.execute(f"INSERT INTO v SELECT id, e::FLOAT[{width}] FROM frame")
    t = time.perf_counter()
    db.execute("CREATE INDEX hnsw ON v USING HNSW (e) WITH (metric = 'cosine', M = 16, ef_construction = 128)")
    build = time.perf_counter() - t
    db.execute(f"SET hnsw_ef_search = {vectors.EXPANSION_SEARCH}")  # the same search breadth as usearch's
    sql = f"SELECT id FROM v ORDER BY array_cosine_distance(e, ?::FLOAT[{width}]) LIMIT 10"
    t = time.perf_counter()
    found = [{int(r[0]) for r in db.execute(sql, [q.tolist()]).fetchall()} for q in queries]
    query = (time.perf_counter() - t) / len(queries)
    db.execute("CHECKPOINT")
    db.close()
    size = path.stat().st_size / 1e6
    return {"build_s": build, "recall": recall(found, truth), "query_ms": query * 1000, "disk_mb": size}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--engine", choices=["usearch", "vss"], default=None, help="one of them only")
    args = parser.parse_args()
    real = real_vectors()
    base = crowd(real, args.n)
    rng = np.random.default_rng(1)
    queries = base[rng.choice(len(base), args.queries, replace=False)]
    t = time.perf_counter()
    truth = exact(base, queries)
    exact_s = time.perf_counter() - t
    rows: list[tuple[str, dict[str, float] | None]] = []
    with tempfile.TemporaryDirectory() as tmp:
        if args.engine in (None, "usearch"):
            name = f"usearch 2.26.6 (HNSW, connectivity 16, search {vectors.EXPANSION_SEARCH}, f32)"
            rows.append((name, bench_usearch(base, queries, truth, Path(tmp))))
        if args.engine in (None, "vss"):
            name = f"duckdb-extension-vss 1.5.5 (HNSW, M 16, ef_search {vectors.EXPANSION_SEARCH})"
            rows.append((name, bench_vss(base, queries, truth, Path(tmp))))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    lines = [
        "",
        f"### vector index — {time.strftime('%Y-%m-%d')}, {len(base):,} vectors ({len(real):,} real sentences"
        f" + noise), {args.queries} queries, k = 10",
        "",
        f"Exact search of all queries: {exact_s:.2f} s. Peak RSS of this process: {peak:,.0f} MB.",
        "",
        "| index | build s | recall@10 | ms / query | MB on disk |",
        "|---|---|---|---|---|",
    ]
    for name, r in rows:
        if r is None:
            lines.append(f"| {name} | not installed | | | |")
        else:
            lines.append(
                f"| {name} | {r['build_s']:.1f} | {r['recall']:.4f} | {r['query_ms']:.2f} | {r['disk_mb']:.0f} |"
            )
    text = "\n".join(lines) + "\n"
    print(text)
    with (HERE / "results" / "latest.md").open("a", encoding="utf-8") as f:
        f.write(text)


if __name__ == "__main__":
    main()
