from __future__ import annotations

import multiprocessing as mp
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence

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


fork_only = pytest.mark.skipif("fork" not in mp.get_all_start_methods(), reason="the worker is forked")


def _doubled_where(x: int) -> tuple[int, int]:
    return 2 * x, os.getpid()


def _fails(x: int) -> int:
    raise RuntimeError(f"no {x}")


def _dies(x: int) -> int:
    os._exit(3)


def _sleeps(x: int) -> int:
    time.sleep(60)
    return x


@fork_only
def test_ahead_computes_in_another_process() -> None:
    result = parallel.Ahead(_doubled_where, 21).result()
    assert result is not None
    value, pid = result
    assert value == 42 and pid != os.getpid()


@fork_only
@pytest.mark.parametrize("fn", [_fails, _dies], ids=["raises", "dies"])
def test_ahead_gives_none_when_the_worker_cannot_answer(fn: Callable[[int], int]) -> None:
    # the caller then does the work itself, and reports any error from its own process
    assert parallel.Ahead(fn, 1).result() is None


def test_ahead_gives_none_where_processes_cannot_be_forked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel.mp, "get_all_start_methods", lambda: ["spawn"])
    assert parallel.Ahead(_doubled_where, 1).result() is None


@fork_only
def test_closing_ahead_stops_a_worker_still_at_work() -> None:
    ahead = parallel.Ahead(_sleeps, 1)
    started = time.monotonic()
    ahead.close()
    assert time.monotonic() - started < 30  # not the worker's 60 s
    assert ahead.result() is None


INTERRUPTED = """
import os, signal, sys, time
from crosscheck import parallel

PARENT = os.getpid()

def on_ctrl_c(signum, frame):
    # A parent busy in C code (torch importing or encoding) reacts to Ctrl-C only later; a
    # worker left to Python's default raises at once.
    if os.getpid() == PARENT:
        time.sleep(1.0)
    raise KeyboardInterrupt

signal.signal(signal.SIGINT, on_ctrl_c)

def nap(x):
    time.sleep(30)
    return [x]

try:
    if sys.argv[1] == "ahead":
        ahead = parallel.Ahead(nap, 1)
        print("working", flush=True)
        ahead.result()
    else:
        work = parallel.ordered_map(nap, [[1], [2]], 2)
        print("working", flush=True)
        list(work)
except KeyboardInterrupt:
    print("interrupted", flush=True)
"""


@fork_only
@pytest.mark.parametrize("how", ["ahead", "pool"])
def test_ctrl_c_is_the_parents_to_report_not_each_workers(how: str) -> None:
    # A terminal's Ctrl-C signals the whole process group: workers and all.
    proc = subprocess.Popen(
        [sys.executable, "-c", INTERRUPTED, how],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    assert proc.stdout is not None and proc.stdout.readline() == "working\n"
    time.sleep(1.0)  # the workers are asleep in nap
    os.killpg(proc.pid, signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert out == "interrupted\n"
    assert "Traceback" not in err and "KeyboardInterrupt" not in err
