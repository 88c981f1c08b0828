from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Sequence

import pytest

from crosscheck import parallel


def _pids(chunk: Sequence[int]) -> list[tuple[int, int]]:
    return [(x * x, os.getpid()) for x in chunk]


def test_results_come_back_in_order_from_worker_processes() -> None:
    chunks = parallel.chunked(list(range(50)), 7)
    assert [len(c) for c in chunks] == [7] * 7 + [1]
    out = [r for part in parallel.ordered_map(_pids, chunks, 2) for r in part]
    assert [v for v, _ in out] == [x * x for x in range(50)]
    if "fork" in mp.get_all_start_methods():
        assert {pid for _, pid in out} - {os.getpid()}  # the work really left this process


def _blas_threads(chunk: Sequence[int]) -> list[tuple[int, int]]:
    from threadpoolctl import threadpool_info

    return [(max((p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas"), default=1), os.getpid())]


@pytest.mark.skipif("fork" not in mp.get_all_start_methods(), reason="workers are forked")
def test_each_worker_runs_its_blas_on_one_thread() -> None:
    # Two workers each running numpy on all cores would fight over them (parsing 1,000
    # sentences: 4.6 s like that, 3.2 s with one thread each).
    out = [r for part in parallel.ordered_map(_blas_threads, [[0], [1], [2], [3]], 2) for r in part]
    assert {pid for _, pid in out} - {os.getpid()}
    assert {threads for threads, _ in out} == {1}


def test_falls_back_to_this_process_when_workers_cannot_start(monkeypatch: pytest.MonkeyPatch) -> None:
    class NoSharedMemory:
        def Pool(self, processes: int, initializer: object = None) -> None:
            raise OSError("[Errno 38] Function not implemented: semaphores")  # a sandbox without /dev/shm

    monkeypatch.setattr(parallel.mp, "get_context", lambda method: NoSharedMemory())
    out = [r for part in parallel.ordered_map(_pids, parallel.chunked([1, 2, 3], 1), 2) for r in part]
    assert out == [(1, os.getpid()), (4, os.getpid()), (9, os.getpid())]


def test_small_jobs_stay_in_one_process() -> None:
    assert parallel.workers_for(10, threshold=200) == 1
    assert parallel.workers_for(500, threshold=200) == min(parallel.cores(), parallel.MAX_WORKERS)
