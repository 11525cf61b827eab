"""A job's result on the way back from one of our own pool's workers (``--jobs N``): the output
bytes go through the pipe as they are, the rest as plain tuples.

Pickled whole, a ``JobResult`` costs the parent more than its transfer: unpickling rebuilds
each ``Diagnostic`` through the dataclass machinery (~170 a document for the sample in four
editions, ``_dataclass_setstate`` looks up the fields every time) and copies every output
out of the pickle once more. Here the worker sends a small tuple and the outputs one by one
(``workers.Packed``); the parent rebuilds the same ``JobResult``. A caller's executor (Dask)
still gets and returns the ``JobResult`` itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields
from operator import attrgetter
from typing import Any

from .model import Diagnostic
from .options import Options
from .pipeline import Job, JobResult, run_job
from .workers import Packed

_DIAG_FIELDS = tuple(f.name for f in fields(Diagnostic))
_diag_values = attrgetter(*_DIAG_FIELDS)


def run_packed(
    job: Job, formats: Sequence[str], editions: Sequence[str], options: Options
) -> Packed:
    """``run_job``, its result packed for the pipe (this runs in the worker)."""
    return pack(run_job(job, formats, editions, options))


def pack(result: JobResult) -> Packed:
    """The result as a small tuple and its outputs' bytes."""
    names = [(fmt, edition) for fmt, edition, _ in result.outputs]
    diagnostics = [_diag_values(d) for d in result.diagnostics]
    meta = (result.source, names, diagnostics, result.error, result.kind, result.traceback)
    return Packed(meta, [data for _, _, data in result.outputs])


def unpack(packed: Packed) -> JobResult:
    """The ``JobResult`` that ``pack`` packed."""
    meta: Any = packed.meta
    source, names, diagnostics, error, kind, traceback = meta
    outputs = [
        (fmt, edition, data) for (fmt, edition), data in zip(names, packed.blobs, strict=True)
    ]
    return JobResult(
        source,
        outputs,
        [Diagnostic(*values) for values in diagnostics],
        error,
        kind,
        traceback,
    )
