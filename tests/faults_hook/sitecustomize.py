"""Fault injection for tests/test_faults.py, loaded by the Python of a test's subprocess
(``PYTHONPATH`` names this folder). Nothing here is part of cppcc-convert.

``CPPCC_FAULT`` picks the fault:

- ``kill-before-rename``: SIGKILL the run just before its N-th ``os.replace`` (an output or the
  manifest renamed into place), with that document's temporary files written;
- ``kill-mid-write``: SIGKILL the run half-way through writing its N-th temporary file;
- ``worker-dies`` / ``worker-dies-once``: a worker process SIGKILLs itself (as the OOM killer
  would) when it starts on the document whose name contains ``CPPCC_FAULT_DOC``: every time,
  or only the first time (``CPPCC_FAULT_MARKER`` remembers it);
- ``enospc``: every write of an output's temporary file fails with ENOSPC.
"""

from __future__ import annotations

import errno
import os
import signal

_MODE = os.environ.get("CPPCC_FAULT", "")
_PARENT = os.getpid()


def _kill_self() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


if _MODE == "kill-before-rename":
    _count = [0]
    _replace = os.replace

    def _killing_replace(src, dst, *args, **kwargs):  # type: ignore[no-untyped-def]
        _count[0] += 1
        if _count[0] == int(os.environ["CPPCC_FAULT_N"]):
            _kill_self()
        return _replace(src, dst, *args, **kwargs)

    os.replace = _killing_replace

elif _MODE in ("kill-mid-write", "enospc"):
    _writes = [0]
    _fdopen = os.fdopen

    class _Faulty:
        def __init__(self, fh):  # type: ignore[no-untyped-def]
            self.fh = fh

        def __enter__(self):  # type: ignore[no-untyped-def]
            return self

        def __exit__(self, *exc):  # type: ignore[no-untyped-def]
            self.fh.close()

        def write(self, data):  # type: ignore[no-untyped-def]
            if _MODE == "enospc":
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            _writes[0] += 1
            if _writes[0] == int(os.environ["CPPCC_FAULT_N"]):
                self.fh.write(data[: len(data) // 2])
                self.fh.flush()
                _kill_self()
            return self.fh.write(data)

    def _faulty_fdopen(fd, mode="r", *args, **kwargs):  # type: ignore[no-untyped-def]
        fh = _fdopen(fd, mode, *args, **kwargs)
        return _Faulty(fh) if "w" in mode else fh

    os.fdopen = _faulty_fdopen

elif _MODE in ("worker-dies", "worker-dies-once"):
    import cppcc_convert.execute as _execute

    _run_job = _execute.run_job

    def _dying_run_job(job, *args, **kwargs):  # type: ignore[no-untyped-def]
        if os.environ["CPPCC_FAULT_DOC"] in job.source and os.getpid() != _PARENT:
            marker = os.environ["CPPCC_FAULT_MARKER"]
            if _MODE == "worker-dies" or not os.path.exists(marker):
                with open(marker, "w", encoding="utf-8") as fh:
                    fh.write(str(os.getpid()))
                _kill_self()
        return _run_job(job, *args, **kwargs)

    _execute.run_job = _dying_run_job  # the serial runner and a caller's executor
    import cppcc_convert.execute_wire as _wire

    _wire.run_job = _dying_run_job  # our own pool's workers
