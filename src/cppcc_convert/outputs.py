"""Atomic output files: write to a temporary file in the target folder, then rename.

A failure or an interrupt (Ctrl-C, SIGTERM, which the CLI turns into an exception) leaves no
partial file and no temporary file behind; a full disk or a permission problem is one
``OutputError`` naming the path. Temporary files are named ``.<name>.<random>.cppcc-tmp``, so
a later run removes those a SIGKILL left behind before it writes ``<name>`` again. SIGINT
and SIGTERM are held back while the files of one document are written and renamed, so an
interrupt lands before or after them, never between two renames or between creating a
temporary file and recording its name.
"""

from __future__ import annotations

import errno
import hashlib
import os
import signal
import tempfile
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from .errors import OutputError
from .spool import Output, output_chunks

TMP_SUFFIX = ".cppcc-tmp"


# Each folder is swept once per run (``new_run``), at its first write: the leftovers by the
# name they stand in for (a glob per written file read the whole folder each time: quadratic
# in a batch, 0.7 s of the parent's CPU for 640 files in one folder).
_leftovers: dict[Path, dict[str, list[Path]]] = {}
_leftovers_lock = threading.Lock()


def new_run() -> None:
    """Forget the folders swept so far: a run starts (a killed one may have left files since)."""
    with _leftovers_lock:
        _leftovers.clear()


def _stale(path: Path) -> list[Path]:
    """Temporary files an earlier, killed run left for ``path`` (``.<name>.<random>.cppcc-tmp``,
    the random part has no dot)."""
    folder = path.parent
    with _leftovers_lock:
        found = _leftovers.get(folder)
        if found is None:
            found = _leftovers[folder] = _sweep(folder)
        return found.pop(path.name, [])


def _sweep(folder: Path) -> dict[str, list[Path]]:
    found: dict[str, list[Path]] = {}
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                name = entry.name
                if name.startswith(".") and name.endswith(TMP_SUFFIX):
                    target = name[1 : -len(TMP_SUFFIX)].rpartition(".")[0]
                    if target:
                        found.setdefault(target, []).append(folder / name)
    except OSError:
        pass
    return found


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "no space left on device"
    if exc.errno == errno.EDQUOT:
        return "disk quota exceeded"
    if exc.errno == errno.EROFS:
        return "read-only file system"
    if exc.errno == errno.ENAMETOOLONG:
        return "file name too long"
    return exc.strerror or str(exc)


def _stream(fh: BinaryIO, data: Output) -> Written:
    digest = hashlib.sha256()
    for chunk in output_chunks(data):
        digest.update(chunk)
        fh.write(chunk)
    return Written(len(data), digest.hexdigest())


@contextmanager
def _signals_held() -> Iterator[None]:
    """Delay SIGINT and SIGTERM until the block ends; a signal that came meanwhile is
    delivered on leaving it. Python runs handlers in the main thread whichever thread the
    system hands the signal to, so the handlers are swapped for ones that only note it (a
    signal mask covers one thread, and a process with others, such as a test runner's,
    let the signal through)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    pending: list[int] = []

    def note(signum: int, _frame: object) -> None:
        pending.append(signum)

    held = (signal.SIGINT, signal.SIGTERM)
    previous = {s: signal.signal(s, note) for s in held}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
        for signum in dict.fromkeys(pending):
            signal.raise_signal(signum)  # now to the handler that was in place


@dataclass(frozen=True)
class Written:
    """What was written to one file: its size and SHA-256 (hex)."""

    size: int
    sha256: str


def atomic_write_all(files: Sequence[tuple[Path, Output]]) -> list[Written]:
    """Write every file, or none: all are staged as temporary files first, then renamed.
    Each file's size and digest are taken as its bytes go out (a spool is inflated once)."""
    with _signals_held():
        return _write_all(files)


def _write_all(files: Sequence[tuple[Path, Output]]) -> list[Written]:
    staged: list[tuple[str, Path]] = []
    written: list[Written] = []
    current: Path | None = None
    try:
        for path, data in files:
            current = path
            path.parent.mkdir(parents=True, exist_ok=True)
            for old in _stale(path):  # left by an earlier run that was killed
                with suppress(OSError):
                    old.unlink()
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TMP_SUFFIX, dir=path.parent)
            staged.append((tmp, path))
            with os.fdopen(fd, "wb") as fh:
                written.append(_stream(fh, data))
            os.chmod(tmp, 0o644)
        for _, path in staged:  # os.replace fails on a folder: find out before any rename
            if path.is_dir() and not path.is_symlink():
                raise OutputError(f"cannot write {path}: it is a folder")
        for tmp, path in staged:
            current = path
            os.replace(tmp, path)
        staged.clear()
        return written
    except OSError as exc:
        raise OutputError(f"cannot write {current}: {_reason(exc)}") from None
    finally:
        for tmp, _ in staged:
            with suppress(FileNotFoundError):
                os.unlink(tmp)
