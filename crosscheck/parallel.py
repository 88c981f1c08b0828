"""CPU-bound work spread over forked worker processes, results in order.

Segmenting and parsing are pure Python / single-threaded spaCy, so a second core only
helps from another process.  Workers are forked so that they share the models this
process already loaded, and they send back small picklable results (sentences, claims),
never spaCy docs: deserialising docs in the parent ate most of what the second process saved
(500 news sentences on 2 cores: spaCy's own ``n_process`` 4.6 s, one process 4.1 s, this 2.5 s).
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

MAX_WORKERS = 4  # more processes than this mostly add memory (each maps its own copy-on-write pages)


def cores() -> int:
    """Cores this process may run on (a container's CPU set, not the host's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def workers_for(items: int, threshold: int) -> int:
    """One process below ``threshold`` items (a pool costs more than it saves), else one per core."""
    return min(cores(), MAX_WORKERS) if items >= threshold else 1


def chunked(items: Sequence[T], size: int) -> list[Sequence[T]]:
    return [items[i : i + size] for i in range(0, len(items), max(size, 1))]


def _one_blas_thread() -> None:
    """A worker's numpy BLAS (spaCy's matrix products) on one thread, so that workers times
    threads never exceed the cores: 1,000 sentences parsed in 2 workers took 4.6 s with their
    BLAS threads competing, 3.2 s like this."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(1, user_api="blas")


def ordered_map(
    fn: Callable[[Sequence[T]], list[R]],
    chunks: Sequence[Sequence[T]],
    processes: int,
) -> Iterator[list[R]]:
    """``fn`` of each chunk, in order, from ``processes`` forked workers.

    In this process when one is asked for, when there is one chunk, where fork is not
    available (Windows, or macOS's default), or when workers cannot start (a sandbox with no
    shared memory for their queues): the results are the same either way.  ``fn`` must be a
    module-level function so a worker can find it.
    """
    if processes > 1 and len(chunks) > 1 and "fork" in mp.get_all_start_methods():
        try:
            pool = mp.get_context("fork").Pool(min(processes, len(chunks)), initializer=_one_blas_thread)
        except OSError:
            pass
        else:
            with pool:
                yield from pool.imap(fn, chunks)
            return
    for chunk in chunks:
        yield fn(chunk)


def map_chunks(
    fn: Callable[[Sequence[T]], list[R]],
    items: Sequence[T],
    size: int,
    processes: int,
    on_batch: Callable[[int], None] | None = None,
) -> list[R]:
    """``fn`` over ``items`` in chunks of ``size`` (``ordered_map``), the results joined in order;
    ``on_batch`` hears how many results each finished chunk gave."""
    out: list[R] = []
    for part in ordered_map(fn, chunked(items, size), processes):
        out += part
        if on_batch is not None:
            on_batch(len(part))
    return out
