"""A job's result on the way back from one of our own pool's workers (``--jobs N``): the output
bytes go through the pipe as they are, the rest as plain tuples.

Pickled whole, a ``JobResult`` costs the parent more than its transfer: unpickling rebuilds
each ``Diagnostic`` through the dataclass machinery (~170 a document for the sample in four
editions, ``_dataclass_setstate`` looks up the fields every time) and copies every output
out of the pickle once more. Here the worker sends a small tuple and the outputs one by one
(``workers.Packed``); the parent rebuilds the same ``JobResult``. A caller's executor (Dask)
still gets and returns the ``JobResult`` itself.

The last documents of a batch go out split by edition (``Part``: a job and the editions to
render), so the batch ends on jobs a quarter of a document long instead of one worker
converting the last document while the other waits; ``merge`` makes the whole document's
``JobResult`` from its parts, the same as ``run_job`` over every edition.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from operator import attrgetter
from typing import Any

from .model import Diagnostic
from .options import Options
from .pipeline import Job, JobResult, dedupe, run_job
from .spool import Output, Spool
from .workers import Packed, WorkerDied

_DIAG_FIELDS = tuple(f.name for f in fields(Diagnostic))
_diag_values = attrgetter(*_DIAG_FIELDS)


@dataclass(frozen=True)
class Part:
    """A document's job to render in some of the batch's editions only."""

    job: Job
    editions: tuple[str, ...]


def run_packed(
    job: Job | Part, formats: Sequence[str], editions: Sequence[str], options: Options
) -> Packed:
    """``run_job``, its result packed for the pipe (this runs in the worker); a ``Part`` in
    its own editions."""
    if isinstance(job, Part):
        return pack(run_job(job.job, formats, job.editions, options))
    return pack(run_job(job, formats, editions, options))


def merge(parts: Sequence[JobResult | WorkerDied]) -> JobResult | WorkerDied:
    """One document's result from its parts (in edition order), as ``run_job`` gives it for
    all the editions at once: the first part that failed, else every part's outputs, and the
    reading's diagnostics, then the editions' and writers' each once, in first-seen order.

    Each part's diagnostics are the reading's (the same in every part) and then its own
    editions' (deduplicated): the reading's are within the parts' common prefix, and what
    else that prefix holds is seen first in every part, so the prefix and then the rest of
    every part, deduplicated, is what ``run_job`` would give."""
    for part in parts:
        if isinstance(part, WorkerDied) or part.error is not None:
            return part  # run_job stops at the first edition that fails
    done = [p for p in parts if isinstance(p, JobResult)]
    first = done[0].diagnostics
    common = min(_shared(first, p.diagnostics) for p in done)
    rest = dedupe(d for p in done for d in p.diagnostics[common:])
    outputs = [out for p in done for out in p.outputs]
    return JobResult(done[0].source, outputs, [*first[:common], *rest])


def pack(result: JobResult) -> Packed:
    """The result as a small tuple and its outputs' bytes (a spool's blocks as they are held,
    deflated or not: ``layout`` says which, and None for an output that is bytes)."""
    names: list[tuple[str, str, Layout]] = []
    blobs: list[bytes] = []
    for fmt, edition, data in result.outputs:
        if isinstance(data, Spool):
            data.close()
            names.append((fmt, edition, (data.size, [deflated for deflated, _ in data.blocks])))
            blobs += [block for _, block in data.blocks]
        else:
            names.append((fmt, edition, None))
            blobs.append(data)
    diagnostics = [_diag_values(d) for d in result.diagnostics]
    meta = (result.source, names, diagnostics, result.error, result.kind, result.traceback)
    return Packed(meta, blobs)


Layout = tuple[int, list[bool]] | None  # a spool's size and which of its blocks are deflated


def _shared(a: Sequence[Diagnostic], b: Sequence[Diagnostic]) -> int:
    """How many diagnostics ``a`` and ``b`` begin with in common."""
    return next(
        (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
    )


def unpack(packed: Packed) -> JobResult:
    """The ``JobResult`` that ``pack`` packed."""
    meta: Any = packed.meta
    source, names, diagnostics, error, kind, traceback = meta
    blobs = iter(packed.blobs)
    outputs: list[tuple[str, str, Output]] = []
    for fmt, edition, layout in names:
        if layout is None:
            outputs.append((fmt, edition, next(blobs)))
        else:
            size, deflated = layout
            blocks = [(d, next(blobs)) for d in deflated]
            outputs.append((fmt, edition, Spool(blocks, size)))
    if next(blobs, None) is not None:
        raise AssertionError("a packed result has more byte strings than its outputs")
    return JobResult(
        source,
        outputs,
        [Diagnostic(*values) for values in diagnostics],
        error,
        kind,
        traceback,
    )


def warm_up(formats: Sequence[str], editions: Sequence[str], options: Options) -> None:
    """Load the writers, OpenCC converters and PDF faces a batch needs, once, in the parent:
    worker processes forked afterwards share them instead of loading them each."""
    from .editions import get_converter
    from .locale import edition, resolve
    from .writers import get_writer

    for fmt in formats:
        get_writer(fmt)
    for name in editions:
        config = edition(name).config(options.phrases)
        if config is not None:
            get_converter(config)
    if "pdf" in formats:
        from .writers.pdf_fonts import font_set

        for name in editions:
            faces = font_set(resolve(edition(name).lang or "zh-CN"), options)
            faces.face("serif")
            faces.face("sans")
