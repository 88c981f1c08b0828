"""The archive's nearest-neighbour index: a usearch HNSW graph in a file beside the DuckDB store.

Why usearch and not DuckDB's own vector search (``duckdb-extension-vss``): measured on 100,000
real sentence vectors (``benchmarks/bench_vector_index.py``), usearch built its index in half
the time, answered a query in 0.16 ms against 5.3 ms, recalled 1.000 of the exact top 10
against 0.995, and took 168 MB on disk against 409 MB.  And vss keeps an index on disk only
behind an "experimental persistence" flag with no write-ahead-log recovery, which would break
the archive's promise that a crash leaves it as it was.

The DuckDB file is the truth; this index is derived from its embeddings.  It records the
store's generation (bumped by every write) beside it, and any mismatch (a crash between the
two writes, an older copy of either file restored) rebuilds it from the store.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

# HNSW graph degree and search breadth.  On 100,000 vectors crowded around 2,709 real sentences
# (bench_vector_index.py), recall@10 against exact search was 0.967 searching 64 candidates,
# 0.979 at 128 and 0.990 at 256 (0.5 ms a query); degree 32 reached 1.000 but took 2.4 times as
# long to build.  Search breadth costs only at query time, so it is the one turned up.
CONNECTIVITY = 16
EXPANSION_ADD = 128
EXPANSION_SEARCH = 256
# Concurrent inserts into a small graph link it poorly: building the seeds' 98 sentence vectors 50
# times, 22 of 4,900 self-queries missed themselves with two insert threads and none with one.
# The first vectors of a graph go in one at a time, the rest in parallel (twice as fast here).
SERIAL_UNTIL = 10_000

Rows = Callable[[], tuple[NDArray[np.uint64], NDArray[np.float32]]]


def sidecar(archive: Path) -> Path:
    return archive.with_name(archive.name + ".usearch")


def _state(archive: Path) -> Path:
    return archive.with_name(archive.name + ".usearch.json")


def _new(ndim: int) -> Any:
    from usearch.index import Index

    return Index(
        ndim=ndim,
        metric="cos",
        dtype="f32",
        connectivity=CONNECTIVITY,
        expansion_add=EXPANSION_ADD,
        expansion_search=EXPANSION_SEARCH,
    )


class VectorIndex:
    """Sentence ids (the store's ``sid``) by embedding; cosine similarity."""

    def __init__(self, index: Any, ndim: int) -> None:
        self._index = index
        self.ndim = ndim
        if index is not None:
            index.expansion_search = EXPANSION_SEARCH  # a restored file may carry another

    def __len__(self) -> int:
        return 0 if self._index is None else len(self._index)

    def get(self, keys: NDArray[np.uint64]) -> NDArray[np.float32] | None:
        """The stored vectors of ``keys``, in order; None when any of them is not in the index."""
        if not len(keys):
            return np.zeros((0, self.ndim), dtype=np.float32)
        if len(self) == 0:
            return None
        found = self._index.get(keys)
        if any(v is None for v in found):
            return None
        return np.asarray(found, dtype=np.float32).reshape(len(keys), self.ndim)

    def search(self, queries: NDArray[np.float32], k: int) -> list[list[tuple[int, float]]]:
        """Each query's ``k`` nearest sentence ids with their cosine similarity, closest first."""
        if len(self) == 0 or len(queries) == 0:
            return [[] for _ in range(len(queries))]
        found = self._index.search(np.ascontiguousarray(queries, dtype=np.float32), min(k, len(self)))
        keys = np.atleast_2d(found.keys)
        distances = np.atleast_2d(found.distances)
        # one query gets a Matches, which has no counts; several a BatchMatches
        counts = np.atleast_1d(getattr(found, "counts", len(found.keys)))
        return [
            [(int(keys[q, j]), 1.0 - float(distances[q, j])) for j in range(int(counts[q]))]
            for q in range(len(queries))
        ]


def open_index(archive: Path, generation: int, ndim: int, rows: Rows) -> VectorIndex:
    """The index of the store at ``generation``: the file beside it when it is that generation's,
    else rebuilt from the store's rows and saved."""
    index = _load(archive, generation, view=True)
    if index is None:
        index = _build(ndim, *rows())
        _save(archive, index, generation)
    return VectorIndex(index, ndim)


def update(
    archive: Path,
    before: int,
    after: int,
    ndim: int,
    removed: NDArray[np.uint64],
    added: tuple[NDArray[np.uint64], NDArray[np.float32]],
    rows: Rows,
) -> None:
    """Bring the index from the store's generation ``before`` to ``after``: the replaced sentences
    out, the new ones in.  An index that was not ``before``'s is rebuilt from the store whole."""
    index = _load(archive, before, view=False)
    if index is None:
        index = _build(ndim, *rows())
    else:
        if len(removed):
            index.remove(removed)
        _add(index, *added)
    _save(archive, index, after)


def _load(archive: Path, generation: int, view: bool) -> Any:
    from usearch.index import Index

    path, state = sidecar(archive), _state(archive)
    try:
        recorded = json.loads(state.read_text(encoding="utf-8")).get("generation")
    except (OSError, ValueError, AttributeError):
        return None
    if recorded != generation or not path.is_file():
        return None
    try:
        return Index.restore(str(path), view=view)
    except (RuntimeError, ValueError, OSError):
        return None  # a torn or foreign file: rebuilt


def _build(ndim: int, keys: NDArray[np.uint64], vectors: NDArray[np.float32]) -> Any:
    index = _new(ndim)
    _add(index, keys, vectors)
    return index


def _add(index: Any, keys: NDArray[np.uint64], vectors: NDArray[np.float32]) -> None:
    if not len(keys):
        return
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    serial = max(0, min(len(keys), SERIAL_UNTIL - len(index)))
    if serial:
        index.add(keys[:serial], vectors[:serial], threads=1)
    if serial < len(keys):
        index.add(keys[serial:], vectors[serial:])


def _save(archive: Path, index: Any, generation: int) -> None:
    """Write the index, then its generation, each by rename: a crash at any point leaves a state
    that names no generation or the old one with the old file, and either means rebuild."""
    path, state = sidecar(archive), _state(archive)
    state.unlink(missing_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    index.save(str(tmp))
    os.replace(tmp, path)
    tmp_state = state.with_name(state.name + ".tmp")
    tmp_state.write_text(json.dumps({"generation": generation, "vectors": len(index)}), encoding="utf-8")
    os.replace(tmp_state, state)


def remove_files(archive: Path) -> None:
    for p in (sidecar(archive), _state(archive)):
        p.unlink(missing_ok=True)
