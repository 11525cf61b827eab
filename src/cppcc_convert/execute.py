"""Running a planned batch: read each document (and its images) here, convert it here or on
an executor's worker, write its outputs here, atomically.

Workers get a ``pipeline.Job`` (bytes in) and give back output bytes, so they need neither
this machine's files nor its working directory: a process pool, or a cluster's executor
(Dask's ``Client.get_executor()``) on nodes with disks of their own. At most a few documents
are in flight at once, so a large batch streams. A worker that dies (killed, out of memory)
costs its documents one retry, then they are reported as failed. Results come back in input
order, each reported through ``on_result`` as soon as it is written.
"""

from __future__ import annotations

import gc
import os
import stat
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from .batch import Plan, Planned, special_reason
from .dates import check_epoch, with_environment
from .encoding import decode
from .errors import PRECEDENCE, ConvertError, ErrorKind, ExitCode, InputError
from .model import Diagnostic
from .options import Options
from .outputs import atomic_write_all, new_run
from .pipeline import Job, JobResult, run_job
from .resources import FileResources, preload, scan_references
from .text import one_line, safe_location

if TYPE_CHECKING:  # concurrent.futures and multiprocessing load only for a parallel batch
    from concurrent.futures import Executor, Future

    from .execute_wire import Part
    from .workers import Packed, Ready


@dataclass(frozen=True)
class OutputFile:
    """One file written: where, which format and edition, its size and SHA-256."""

    path: Path
    format: str
    edition: str
    size: int
    sha256: str


@dataclass
class InputResult:
    """The outcome for one input document."""

    source: str
    outputs: list[OutputFile] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    error: str | None = None
    kind: ErrorKind | None = None  # what kind of failure (None: converted)
    traceback: str | None = None  # for internal errors (printed with --debug)

    @property
    def ok(self) -> bool:
        """Whether the document was converted (or checked) without error."""
        return self.error is None


@dataclass
class ConvertResult:
    """The outcome of a whole ``convert`` call, input by input."""

    inputs: list[InputResult]
    notes: list[Diagnostic] = field(default_factory=list)  # planning: skipped files, empty folders

    @property
    def ok(self) -> bool:
        """Whether every document was converted."""
        return all(r.ok for r in self.inputs)

    @property
    def outputs(self) -> list[OutputFile]:
        """Every file written, in input order."""
        return [o for r in self.inputs for o in r.outputs]

    @property
    def diagnostics(self) -> list[Diagnostic]:
        """Planning notes, then every document's diagnostics."""
        return [*self.notes, *(d for r in self.inputs for d in r.diagnostics)]

    @property
    def exit_code(self) -> ExitCode:
        """The CLI's exit code for this outcome (errors.py: which kind wins)."""
        kinds = {r.kind for r in self.inputs if r.kind is not None}
        ranked: list[ErrorKind] = [*PRECEDENCE, *ErrorKind]  # one not ranked still fails
        for kind in ranked:
            if kind in kinds:
                return kind.exit_code
        return ExitCode.OK


OnResult = Callable[[InputResult], None]
MAX_READ = 2**40  # bytes: a limit past this is no limit (and ``read`` takes no bigger size)


# ------------------------------------------------------------------ reading on the client


def read_bytes(planned: Planned, options: Options, stdin: bytes | None) -> bytes:
    """The document's bytes, within the size limit, never from a special file: the file is
    opened without blocking (a FIFO with no writer cannot hang us) and checked to be a
    regular file on the open descriptor before a byte is read."""
    limit = min(options.max_input_bytes, MAX_READ)
    if planned.path is None:
        data = stdin if stdin is not None else b""
        if len(data) > limit:
            raise InputError(f"standard input is over the limit of {limit} bytes")
        return data
    reason = special_reason(planned.path)
    if reason is not None:
        raise InputError(reason)
    return read_limited(planned.path, limit)


def read_limited(path: Path, limit: int) -> bytes:
    """At most ``limit`` bytes of the regular file at ``path``, or an InputError."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    except PermissionError:
        raise InputError("permission denied") from None
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):  # swapped for a FIFO or device since planning
            raise InputError("not a regular file (a FIFO or device?): refused")
        if info.st_size > limit:
            raise InputError(f"file is {info.st_size} bytes, over the limit of {limit}")
        data = read_at_most(fh, limit)
    if data is None:
        raise InputError(f"file grew past the limit of {limit} bytes while being read")
    return data


def read_at_most(stream: BinaryIO, limit: int) -> bytes | None:
    """Everything ``stream`` holds, or None when that is more than ``limit`` bytes; read in
    chunks, so a huge limit allocates nothing up front."""
    chunks: list[bytes] = []
    size = 0
    while size <= limit:
        chunk = stream.read(min(limit + 1 - size, 1 << 20))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
    return None


def make_job(planned: Planned, options: Options, stdin: bytes | None, check_only: bool) -> Job:
    """The job for one document: its bytes and the images its text may name, read here under
    the path rules (resources.py)."""
    data = read_bytes(planned, options, stdin)
    folder = planned.path.resolve().parent if planned.path is not None else Path.cwd()
    images = FileResources((folder, *options.resource_paths), options.follow_symlinks)
    keys = [] if check_only else scan_references(_text_for_scan(data, planned, options))
    return Job(planned.source, data, preload(keys, images), check_only)


def _text_for_scan(data: bytes, planned: Planned, options: Options) -> str:
    """The text as the worker will decode it (GB18030 and Big5 image names included)."""
    try:
        return decode(data, planned.source, options.encoding)[0]
    except ConvertError:  # the worker reports it
        return ""


# ------------------------------------------------------------------ writing on the client


def _write(planned: Planned, job_result: JobResult) -> InputResult:
    result = InputResult(
        job_result.source,
        diagnostics=list(job_result.diagnostics),
        error=job_result.error,
        kind=job_result.kind,
        traceback=job_result.traceback,
    )
    if job_result.error is not None or not job_result.outputs:
        return result
    paths = {(t.format, t.edition): t.path for t in planned.targets}
    files = [(paths[(fmt, ed)], fmt, ed, data) for fmt, ed, data in job_result.outputs]
    try:
        written = atomic_write_all([(path, data) for path, _, _, data in files])
    except ConvertError as exc:
        result.error, result.kind = f"{planned.source}: {exc}", ErrorKind.OUTPUT
        return result
    for (path, fmt, edition, _), out in zip(files, written, strict=True):
        result.outputs.append(OutputFile(path, fmt, edition, out.size, out.sha256))
    return result


def failed_result(planned: Planned, exc: BaseException, kind: ErrorKind) -> InputResult:
    """The result of a document that failed before or while converting."""
    where = safe_location(planned.source)
    message = str(exc.located(planned.source)) if isinstance(exc, ConvertError) else str(exc)
    if not message.startswith(where):
        message = f"{where}: {one_line(message)}"
    return InputResult(planned.source, error=message, kind=kind)


# ------------------------------------------------------------------ running


@dataclass
class Runner:
    """Runs a plan serially, on a pool of our own, or on a caller's executor."""

    plan: Plan
    formats: Sequence[str]
    editions: Sequence[str]
    options: Options
    stdin: bytes | None = None
    check_only: bool = False
    on_result: OnResult | None = None

    def _job(self, planned: Planned) -> Job | InputResult:
        try:
            return make_job(planned, self.options, self.stdin, self.check_only)
        except ConvertError as exc:
            return failed_result(planned, exc, exc.kind)
        except OSError as exc:
            return failed_result(planned, ConvertError(exc.strerror or str(exc)), ErrorKind.INPUT)

    def _done(self, planned: Planned, outcome: JobResult | InputResult) -> InputResult:
        result = outcome if isinstance(outcome, InputResult) else _write(planned, outcome)
        if self.on_result is not None:
            self.on_result(result)
        return result

    def serial(self) -> list[InputResult]:
        """Every document in this process, one after another."""
        out = []
        for planned in self.plan.documents:
            job = self._job(planned)
            if isinstance(job, Job):
                out.append(
                    self._done(planned, run_job(job, self.formats, self.editions, self.options))
                )
            else:
                out.append(self._done(planned, job))
        return out

    def on(self, executor: Executor, window: int) -> list[InputResult]:
        """Every document on a caller's ``executor`` (a cluster's, say), at most ``window``
        in flight, results in input order; a failed future is resubmitted once."""
        queue: deque[tuple[Planned, Job | InputResult, Future[JobResult] | None]] = deque()
        pending = iter(self.plan.documents)
        out: list[InputResult] = []

        def submit(job: Job) -> Future[JobResult]:
            return executor.submit(run_job, job, self.formats, self.editions, self.options)

        def refill() -> None:
            while len(queue) < window:
                planned = next(pending, None)
                if planned is None:
                    return
                job = self._job(planned)
                queue.append((planned, job, submit(job) if isinstance(job, Job) else None))

        refill()
        while queue:
            planned, job, future = queue.popleft()
            out.append(self._done(planned, self._outcome(planned, job, future, submit)))
            refill()
        return out

    def _outcome(
        self,
        planned: Planned,
        job: Job | InputResult,
        future: Future[JobResult] | None,
        submit: Callable[[Job], Future[JobResult]],
    ) -> JobResult | InputResult:
        if future is None or not isinstance(job, Job):
            assert isinstance(job, InputResult)
            return job
        for attempt in (1, 2):
            try:
                return future.result()
            except (KeyboardInterrupt, SystemExit):
                raise
            except BaseException as exc:  # the worker died, or the executor broke
                if attempt == 2:
                    message = f"the worker converting it failed twice ({type(exc).__name__}: {exc})"
                    return failed_result(planned, ConvertError(message), ErrorKind.INTERNAL)
                future = submit(job)
        raise AssertionError("unreachable")


# ------------------------------------------------------------------ our own process pool


class PoolRunner(Runner):
    """A ``Runner`` on a pool of worker processes of its own (workers.py)."""

    def run(self, workers: int) -> list[InputResult]:
        from .execute_wire import run_packed, warm_up

        warm_up(self.formats, self.editions, self.options)  # forked workers share it
        # The parent's collections skip what the warm-up made (a gen-1 pass over it: ~20 ms);
        # thawed after, unless a caller (the CLI) had frozen before: its unfreeze covers it.
        thaw = gc.get_freeze_count() == 0
        gc.freeze()
        try:
            run = partial(
                run_packed, formats=self.formats, editions=self.editions, options=self.options
            )
            return self._results(run, workers)
        finally:
            if thaw:
                gc.unfreeze()

    def _results(self, run: Callable[[Job | Part], Packed], workers: int) -> list[InputResult]:
        from .execute_wire import Part, merge, unpack
        from .workers import Packed, Pool, Ready, WorkerDied

        pool: Pool[Job | Part, Packed | InputResult] = Pool(run, workers)
        order: deque[tuple[Planned, int]] = deque()  # each document, and how many parts
        docs = self.plan.documents
        # The last documents go in parts, one an edition: the batch ends on short jobs
        # (--strict counts a document's warnings over all its editions: not split)
        split = len(docs) - workers if len(self.editions) > 1 and not self.options.strict else 0

        def items() -> Iterator[Job | Part | Ready[Packed | InputResult]]:
            for i, planned in enumerate(docs):
                job = self._job(planned)
                if not isinstance(job, Job):
                    order.append((planned, 1))
                    yield Ready(job)
                elif 0 < split <= i:
                    order.append((planned, len(self.editions)))
                    yield from (Part(job, (e,)) for e in self.editions)
                else:
                    order.append((planned, 1))
                    yield job

        out: list[InputResult] = []
        outcomes = pool.map(items())
        for first in outcomes:
            planned, count = order.popleft()
            got = [first, *islice(outcomes, count - 1)]
            parts = [unpack(o) if isinstance(o, Packed) else o for o in got]
            if count == 1:
                outcome = parts[0]
            else:  # a document's parts are jobs (one that could not be read is not split)
                outcome = merge([p for p in parts if not isinstance(p, InputResult)])
            if isinstance(outcome, WorkerDied):
                # Killed twice on the same document: most likely the OOM killer, so the
                # document is what failed (exit 1), like a MemoryError in the worker.
                message = f"{outcome}: killed, or out of memory? (retried once)"
                failed = failed_result(planned, ConvertError(message), ErrorKind.INPUT)
                out.append(self._done(planned, failed))
            else:
                out.append(self._done(planned, outcome))
        return out


def execute(
    plan: Plan,
    formats: Sequence[str],
    editions: Sequence[str],
    options: Options,
    *,
    executor: Executor | None = None,
    jobs: int = 1,
    stdin: bytes | None = None,
    check_only: bool = False,
    on_result: OnResult | None = None,
) -> ConvertResult:
    """Run every planned document; one failing document never stops the others. An odd
    SOURCE_DATE_EPOCH is a UsageError before anything is read."""
    check_epoch(options)
    new_run()
    workers = min(jobs, len(plan.documents))
    args = (plan, formats, editions, options, stdin, check_only, on_result)
    if executor is not None:  # workers elsewhere read neither our files nor our environment
        args = (plan, formats, editions, with_environment(options), stdin, check_only, on_result)
        results = Runner(*args).on(executor, window=max(4, 2 * jobs))
    elif workers > 1 and not check_only:
        results = PoolRunner(*args).run(workers)
    else:
        results = Runner(*args).serial()
    return ConvertResult(results, list(plan.notes))
