"""Atomic output files: write to a temporary file in the target folder, then rename.

A failure or an interrupt (Ctrl-C, SIGTERM, which the CLI turns into an exception) leaves no
partial file and no temporary file behind.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from contextlib import suppress
from pathlib import Path

from .errors import ConvertError


def atomic_write_all(files: Sequence[tuple[Path, bytes]]) -> None:
    """Write every file, or none: all are staged as temporary files first, then renamed."""
    staged: list[tuple[str, Path]] = []
    try:
        for path, data in files:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            staged.append((tmp, path))
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.chmod(tmp, 0o644)
        for _, path in staged:  # os.replace fails on a folder: find out before any rename
            if path.is_dir():
                raise ConvertError(f"cannot write {path}: it is a folder", code="io")
        for tmp, path in staged:
            os.replace(tmp, path)
        staged.clear()
    finally:
        for tmp, _ in staged:
            with suppress(FileNotFoundError):
                os.unlink(tmp)
