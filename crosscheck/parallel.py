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
import signal
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Generic, TypeVar, cast

T = TypeVar("T")
R = TypeVar("R")

MAX_WORKERS = 4  # more processes than this mostly add memory (each maps its own copy-on-write pages)


def cores() -> int:
    """Cores this process may run on (a container's CPU set, not the host's count); one in a
    daemonic process (a Dask worker), which may not start processes of its own."""
    if mp.current_process().daemon:
        return 1
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


def _worker_setup() -> None:
    """How every forked worker starts.  A terminal's Ctrl-C reaches the whole process group:
    the parent reports it in one line and stops its workers, which must not each print a
    traceback of their own first."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _one_blas_thread()


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
            pool = mp.get_context("fork").Pool(min(processes, len(chunks)), initializer=_worker_setup)
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


def _send(fn: Callable[[T], R], arg: T, conn: Connection) -> None:
    _worker_setup()
    try:
        conn.send((True, fn(arg)))
    except Exception:  # reported as "not done here": the parent redoes it, and reports what fails
        conn.send((False, None))
    finally:
        conn.close()


class Ahead(Generic[T, R]):
    """``fn(arg)`` computed in a forked process while this one gets on with something else.

    For work that would otherwise wait behind this process's own slow start: importing torch
    and sentence-transformers takes about 5 s on one core, and on a 2-core machine the other
    core idles meanwhile.  ``result()`` is None whenever the work could not be done there (no
    fork, no process, the worker failed or died): the caller then does it itself, so a
    failure reaches the user from this process, with this process's error message.
    """

    def __init__(self, fn: Callable[[T], R], arg: T) -> None:
        self._proc: BaseProcess | None = None
        self._conn: Connection | None = None
        self._answered = False
        if "fork" not in mp.get_all_start_methods():
            return
        ctx = mp.get_context("fork")
        try:
            self._conn, theirs = ctx.Pipe(duplex=False)
            # daemon: the worker goes down with this process if it is interrupted
            self._proc = ctx.Process(target=_send, args=(fn, arg, theirs), daemon=True)
            self._proc.start()
        except OSError:  # no process, or no descriptors for the pipe
            self.close()
            return
        theirs.close()

    def result(self) -> R | None:
        """What ``fn`` returned (waiting for it), or None where the worker could not give it."""
        if self._conn is None:
            return None
        try:
            done, value = self._conn.recv()
            self._answered = True
        except (EOFError, OSError):  # the worker died before it answered
            done, value = False, None
        finally:
            self.close()
        return cast(R, value) if done else None

    def close(self) -> None:
        """Stop the worker; a result not yet asked for is dropped."""
        if self._proc is not None:
            if self._answered:
                self._proc.join(timeout=1.0)  # on its way out
            if self._proc.is_alive():
                self._proc.terminate()
            self._proc.join()
            self._proc = None
        if self._conn is not None:
            self._conn.close()
            self._conn = None
