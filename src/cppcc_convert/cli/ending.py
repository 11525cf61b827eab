"""The end of the ``cppcc-convert`` process, without the interpreter's teardown.

After the last file is written the interpreter still tears down every module: it clears their
dictionaries and frees the ~200,000 objects the start-up made (plus, after a batch, the PDF
faces and OpenCC dictionaries), one by one, just before the process frees its memory at once:
60-120 ms of wall time after a 40-document batch, 10 ms after one document, serial in every
run. ``end_process`` does what the interpreter's shutdown does that anybody can see (it
waits for no thread: it is only used when none is left; it runs the ``atexit`` handlers and
flushes the standard streams) and then ends the process with ``os._exit``.
"""

from __future__ import annotations

import atexit
import os
import sys


def _threads_left() -> bool:
    """Whether a thread the interpreter would wait for (not a daemon) is still running."""
    threading = sys.modules.get("threading")
    if threading is None:
        return False
    main = threading.main_thread()
    return any(t is not main and not t.daemon and t.is_alive() for t in threading.enumerate())


def end_process(code: int) -> None:
    """End the process with exit status ``code`` after the ``atexit`` handlers and a flush of
    stdout and stderr; return (the caller exits the usual way) when a non-daemon thread still
    runs, or when a stream cannot be flushed (a closed pipe: the interpreter reports it)."""
    if _threads_left():
        return
    atexit._run_exitfuncs()
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        return
    os._exit(code)
