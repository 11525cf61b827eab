"""A small process pool of our own, for ``--jobs N``: one pipe per worker, one job at a time.

``concurrent.futures.ProcessPoolExecutor`` shares one result pipe among its workers and reads it
from a manager thread; a worker killed while it writes (an interrupt, the OOM killer) leaves a
half message there, and the manager thread then blocks the interpreter's exit for good. Here
each worker has its own pipe: a dead worker is an ``EOFError`` on its pipe and nothing else,
its job is retried once on a fresh worker, and an interrupt kills every worker at once.
Workers ignore Ctrl-C (the parent handles it) and die with their parent (Linux).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any, Generic, TypeVar

J = TypeVar("J")
R = TypeVar("R")


class WorkerDied(Exception):
    """The worker running a job died (killed, out of memory) twice."""


def _die_with_parent() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)


def _serve(conn: Connection, fn: Callable[[Any], Any], parent: int) -> None:
    _die_with_parent()
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)
    # What the parent made before the fork (modules, warmed faces and converters) is kept
    # for the worker's life: its collections never walk it, so they never write to (and
    # copy) those pages. O(1): the collector's lists are spliced, no object is touched.
    gc.freeze()
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            os._exit(0)
        if job is None:
            os._exit(0)
        result = fn(job)
        if isinstance(result, Packed):  # the small part pickled, the byte strings as they are
            conn.send(_Head(result.meta, len(result.blobs)))
            for blob in result.blobs:
                conn.send_bytes(blob)
        else:
            conn.send(result)


@dataclass(frozen=True)
class Packed:
    """A result that goes through the pipe as a small pickled part and byte strings sent as
    they are (no pickle copies them on either side)."""

    meta: Any
    blobs: list[bytes]


@dataclass(frozen=True)
class _Head:
    meta: Any
    blobs: int  # how many byte strings follow


@dataclass
class _Worker:
    process: Any  # multiprocessing.Process (a context's Process class)
    conn: Connection
    index: int | None = None  # the position of the job it runs
    job: Any = None
    tries: int = 0


@dataclass(frozen=True)
class Ready(Generic[R]):
    """A result known before any worker ran (a document that could not even be read)."""

    result: R


@dataclass
class Pool(Generic[J, R]):
    """Runs ``fn(job)`` for each job in worker processes; results come back in job order."""

    fn: Callable[[J], R]
    workers: int
    window: int = 0  # jobs ahead of the oldest unfinished one that may be read and run
    _pool: list[_Worker] = field(default_factory=list)

    def _start(self) -> _Worker:
        context = multiprocessing.get_context()
        ours, theirs = context.Pipe()
        process = context.Process(
            target=_serve, args=(theirs, self.fn, os.getpid()), daemon=True, name="cppcc-worker"
        )
        process.start()
        theirs.close()
        return _Worker(process, ours)

    def close(self) -> None:
        """Stop every worker now (they run nothing we need any more)."""
        for worker in self._pool:
            if worker.process.is_alive():
                worker.process.kill()
        for worker in self._pool:
            worker.process.join(timeout=10)
            worker.conn.close()
        self._pool.clear()

    def map(self, jobs: Iterable[J | Ready[R]]) -> Iterator[R | WorkerDied]:
        """Each job's result, in order. A ``Ready`` item passes through as its result; a job
        whose worker died twice gives ``WorkerDied``."""
        self._pool = [self._start() for _ in range(self.workers)]
        try:
            yield from self._run(iter(jobs))
            for worker in self._pool:
                worker.conn.send(None)
        finally:
            self.close()

    def _run(self, jobs: Iterator[J | Ready[R]]) -> Iterator[R | WorkerDied]:
        window = self.window or 2 * self.workers
        pending: dict[int, tuple[J, int]] = {}  # not yet sent: index -> (job, tries)
        done: dict[int, R | WorkerDied] = {}
        passthrough: dict[int, R] = {}
        order = 0  # the next result to yield
        read = 0  # jobs read from the iterator
        exhausted = False
        while True:
            while not exhausted and read - order < window:
                item = next(jobs, None)
                if item is None:
                    exhausted = True
                    break
                if isinstance(item, Ready):
                    passthrough[read] = item.result
                else:
                    pending[read] = (item, 0)
                read += 1
            self._dispatch(pending)
            while order in passthrough or order in done:
                yield passthrough.pop(order) if order in passthrough else done.pop(order)
                order += 1
            if exhausted and order == read:
                return
            busy = [w for w in self._pool if w.index is not None]
            if not busy:
                continue
            for conn in wait([w.conn for w in busy]):
                worker = next(w for w in busy if w.conn is conn)
                self._collect(worker, pending, done)

    def _dispatch(self, pending: dict[int, tuple[J, int]]) -> None:
        for worker in self._pool:
            if worker.index is None and pending:
                index = min(pending)
                job, tries = pending.pop(index)
                worker.index, worker.job, worker.tries = index, job, tries
                try:
                    worker.conn.send(job)
                except (BrokenPipeError, OSError):
                    self._replace(worker, pending)

    def _collect(
        self, worker: _Worker, pending: dict[int, tuple[J, int]], done: dict[int, R | WorkerDied]
    ) -> None:
        assert worker.index is not None
        try:
            result = worker.conn.recv()
            if isinstance(result, _Head):
                blobs = [worker.conn.recv_bytes() for _ in range(result.blobs)]
                result = Packed(result.meta, blobs)
        except (EOFError, OSError):
            self._replace(worker, pending, done)
            return
        done[worker.index] = result
        worker.index = None

    def _replace(
        self,
        worker: _Worker,
        pending: dict[int, tuple[J, int]],
        done: dict[int, R | WorkerDied] | None = None,
    ) -> None:
        """A worker died: start another; its job is retried once, then given up."""
        index, tries, job = worker.index, worker.tries, worker.job
        worker.process.join(timeout=10)
        worker.conn.close()
        self._pool[self._pool.index(worker)] = self._start()
        if index is None:
            return
        if tries == 0:
            pending[index] = (job, 1)
        elif done is not None:
            code = worker.process.exitcode
            done[index] = WorkerDied(f"the worker process died twice (exit code {code})")
