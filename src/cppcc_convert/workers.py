"""A small process pool of our own, for ``--jobs N``: one pipe per worker, jobs in order.

``concurrent.futures.ProcessPoolExecutor`` shares one result pipe among its workers and reads it
from a manager thread; a worker killed while it writes (an interrupt, the OOM killer) leaves a
half message there, and the manager thread then blocks the interpreter's exit for good. Here
each worker has its own pipe: a dead worker is an ``EOFError`` on its pipe and nothing else,
the job it ran is retried once on a fresh worker (those waiting in its pipe go back untried),
and an interrupt kills every worker at once.
Workers ignore Ctrl-C (the parent handles it) and die with their parent (Linux).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.reduction import ForkingPickler
from typing import Any, Generic, TypeVar

J = TypeVar("J")
R = TypeVar("R")

# Jobs a worker is sent at once (the one it runs and those waiting in its pipe), and the most
# pickled bytes that may wait there. Linux's pipes here are socket pairs holding ~200 kB, so
# 32 KiB always fits without blocking; macOS's hold 8 kB and Windows' (multiprocessing's
# named pipes) 8 KiB, where a queued job could block us while the worker blocks on its result.
PREFETCH_DEPTH = 2 if sys.platform.startswith("linux") else 1
PREFETCH_MAX = 32 * 1024
_END: Any = object()  # the end of the jobs


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


@dataclass(frozen=True)
class _Job:
    payload: memoryview  # the job pickled once, for every send of it
    tries: int  # how many workers died running it


@dataclass
class _Worker:
    process: Any  # multiprocessing.Process (a context's Process class)
    conn: Connection
    queue: deque[tuple[int, _Job]] = field(default_factory=deque)  # sent, in order: the first runs
    broken: bool = False  # a send to it failed: its results are read, then it is replaced


@dataclass(frozen=True)
class Ready(Generic[R]):
    """A result known before any worker ran (a document that could not even be read)."""

    result: R


@dataclass
class Pool(Generic[J, R]):
    """Runs ``fn(job)`` for each job in worker processes; results come back in job order.

    A worker running a job may be sent up to ``depth - 1`` more, which wait in its pipe: it
    starts the next as soon as it has sent a result, instead of idling while the parent
    receives that result, reads the next document and sends it (~6 ms a job). Only small
    jobs wait so (``PREFETCH_MAX`` pickled bytes in a pipe at most), so a send never blocks
    on a full pipe while the worker blocks sending its result to us; and none once every job
    is read, so the batch does not end with a job waiting behind another while a worker idles.
    """

    fn: Callable[[J], R]
    workers: int
    window: int = 0  # jobs ahead of the oldest unfinished one that may be read and run
    depth: int = PREFETCH_DEPTH  # jobs sent to a worker at once, the one it runs included
    on_send: Callable[[int, int], None] | None = None  # a probe: (job sent, jobs its worker has)
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
                with suppress(OSError):  # one killed since its last result: killed below anyway
                    worker.conn.send(None)
        finally:
            self.close()

    def _run(self, jobs: Iterator[J | Ready[R]]) -> Iterator[R | WorkerDied]:
        window = self.window or (max(1, self.depth) + 1) * self.workers
        pending: dict[int, _Job] = {}  # read, not sent (or sent to a worker that died)
        done: dict[int, R | WorkerDied] = {}
        passthrough: dict[int, R] = {}
        order = 0  # the next result to yield
        read = 0  # jobs read from the iterator
        # One job read ahead of the window, so the end of the input is known as its last job is
        # read: from then on no job is sent to wait behind another.
        upcoming = next(jobs, _END)
        while True:
            while upcoming is not _END and read - order < window:
                item, upcoming = upcoming, next(jobs, _END)
                if isinstance(item, Ready):
                    passthrough[read] = item.result
                else:  # pickled here once: its size decides whether it may wait in a pipe
                    pending[read] = _Job(ForkingPickler.dumps(item), 0)
                read += 1
            exhausted = upcoming is _END
            self._dispatch(pending, done, 1)
            if not exhausted:
                self._dispatch(pending, done, self.depth)
            while order in passthrough or order in done:
                yield passthrough.pop(order) if order in passthrough else done.pop(order)
                order += 1
            if exhausted and order == read:
                return
            busy = [w for w in self._pool if w.queue]
            if not busy:
                continue
            for conn in wait([w.conn for w in busy]):
                worker = next(w for w in busy if w.conn is conn)
                self._collect(worker, pending, done)

    def _dispatch(
        self, pending: dict[int, _Job], done: dict[int, R | WorkerDied], depth: int
    ) -> None:
        """Send the next jobs, in order, to the workers with fewer than ``depth`` jobs; a job
        joins a queue only if it is small, and the jobs after a large one wait with it."""
        for position in range(len(self._pool)):
            while pending:
                worker = self._pool[position]  # a worker that died is replaced in place
                if worker.broken or len(worker.queue) >= depth:
                    break
                index = min(pending)
                job = pending[index]
                if worker.queue and len(job.payload) + _waiting(worker) > PREFETCH_MAX:
                    return
                del pending[index]
                self._send(worker, index, job, pending, done)

    def _send(
        self,
        worker: _Worker,
        index: int,
        job: _Job,
        pending: dict[int, _Job],
        done: dict[int, R | WorkerDied],
    ) -> None:
        worker.queue.append((index, job))
        try:
            worker.conn.send_bytes(job.payload)  # what ``conn.send(job)`` would write
        except OSError:  # the worker died (BrokenPipeError, ECONNRESET)
            if len(worker.queue) == 1:
                self._lost(worker, pending, done)
            else:  # it never got this one; what it finished before is still to be read
                worker.queue.pop()
                pending[index] = job
                worker.broken = True
            return
        if self.on_send is not None:
            self.on_send(index, len(worker.queue))

    def _collect(
        self, worker: _Worker, pending: dict[int, _Job], done: dict[int, R | WorkerDied]
    ) -> None:
        try:
            result = worker.conn.recv()
            if isinstance(result, _Head):
                blobs = [worker.conn.recv_bytes() for _ in range(result.blobs)]
                result = Packed(result.meta, blobs)
        except (EOFError, OSError):
            self._lost(worker, pending, done)
            return
        index, _ = worker.queue.popleft()
        done[index] = result
        if worker.broken and not worker.queue:
            self._lost(worker, pending, done)

    def _lost(
        self, worker: _Worker, pending: dict[int, _Job], done: dict[int, R | WorkerDied]
    ) -> None:
        """A worker died: start another. The job it ran is retried once, then given up; the
        jobs waiting in its pipe go back as they were, untried."""
        worker.process.join(timeout=10)
        worker.conn.close()
        self._pool[self._pool.index(worker)] = self._start()
        if not worker.queue:
            return
        index, job = worker.queue.popleft()
        if job.tries == 0:
            pending[index] = _Job(job.payload, 1)
        else:
            code = worker.process.exitcode
            done[index] = WorkerDied(f"the worker process died twice (exit code {code})")
        pending.update(worker.queue)


def _waiting(worker: _Worker) -> int:
    """The pickled bytes of the jobs in a worker's pipe, after the one it runs."""
    return sum(len(job.payload) for _, job in list(worker.queue)[1:])
