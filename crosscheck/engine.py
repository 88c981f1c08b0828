"""Indexing past one process: segmenting, fact extraction and embedding as Dask tasks.

Why Dask and not Ray: a newsroom's archive job is a batch of independent partitions, which both
run; Dask is pure Python, installs from PyPI in seconds with no server binaries, starts a local
two-worker cluster in under 2 s here, and an existing cluster is one address away
(``--scheduler tcp://host:8786``).  Each worker loads the models once (they are cached per
process) and answers a partition as two Parquet files' bytes (``Rows.to_parquet``), which this
process writes to a staging folder beside the archive and ingests, one transaction each: the
store has one writer, and the workers need not share its disk.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Sequence
from pathlib import Path

from crosscheck.archive import PARTITION, Added, Archive, computed
from crosscheck.config import Settings
from crosscheck.errors import InputError
from crosscheck.model import Article
from crosscheck.parallel import cores
from crosscheck.progress import NULL, Progress


def partition_rows(articles: Sequence[Article], settings: Settings, threads: int | None) -> tuple[bytes, bytes]:
    """One partition's rows as Parquet (runs on a worker, so it touches no cache or archive there)."""
    if threads is not None:
        import torch

        torch.set_num_threads(threads)  # workers times threads within the machine's cores
    return computed(articles, settings, caches=False).to_parquet()


def index_on_dask(
    store: Archive,
    articles: Sequence[Article],
    settings: Settings,
    progress: Progress = NULL,
    scheduler: str | None = None,
    workers: int = 2,
    partition: int = PARTITION,
    timeout: float = 30.0,
) -> Added:
    """``Archive.add`` with the computing done by Dask workers: a local cluster of ``workers``
    processes on loopback, or the cluster whose scheduler is at ``scheduler`` (given ``timeout``
    seconds to answer)."""
    todo, unchanged = store.pending(articles)
    if not todo:
        return Added([], unchanged)
    from distributed import Client, LocalCluster, as_completed

    cluster = None
    try:
        if scheduler is None:
            cluster = LocalCluster(  # type: ignore[no-untyped-call]  # distributed's API is untyped
                host="127.0.0.1",
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
        client = Client(cluster if cluster is not None else scheduler, timeout=timeout)  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError, ValueError) as exc:
        if cluster is not None:
            cluster.close()
        where = "start a local Dask cluster" if scheduler is None else f"reach the Dask scheduler at {scheduler}"
        raise InputError(f"cannot {where}: {exc}") from None
    threads = max(1, cores() // workers) if cluster is not None else None  # a remote cluster sets its own
    try:
        parts = [list(todo[i : i + partition]) for i in range(0, len(todo), partition)]
        futures = {client.submit(partition_rows, part, settings, threads, pure=False): part for part in parts}
        progress.stage("Indexing articles", len(todo))
        with tempfile.TemporaryDirectory(prefix=".parts-", dir=store.path.parent) as staging, store.writing() as write:
            for n, future in enumerate(as_completed(futures)):  # type: ignore[no-untyped-call]
                try:
                    articles_bytes, sentences_bytes = future.result()
                except (ImportError, OSError) as exc:
                    raise InputError(f"a Dask worker could not index its partition: {exc}") from None
                a, s = Path(staging) / f"{n:06d}-articles.parquet", Path(staging) / f"{n:06d}-sentences.parquet"
                a.write_bytes(articles_bytes)
                s.write_bytes(sentences_bytes)
                write.parquet(a, s)
                a.unlink()
                s.unlink()
                progress.advance(len(futures[future]))
    finally:
        client.close()  # type: ignore[no-untyped-call]
        if cluster is not None:
            cluster.close()
    return Added([a.doc_id for a in todo], unchanged)
