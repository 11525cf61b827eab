"""The machine-readable manifest: every input, its outputs, diagnostics, and versions.

Keys are sorted and paths are POSIX, so two runs give the same file and a review can diff it.
A manifest never describes files that are not there: the old one is removed before the first
output is written, and the new one is written atomically at the end.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from contextlib import suppress
from importlib import metadata
from pathlib import Path
from typing import Any

from .. import __version__
from ..errors import OutputError
from ..execute import InputResult
from ..options import Options
from ..outputs import atomic_write_all

# Every runtime dependency whose version can change an output's bytes.
DEPENDENCIES = (
    "python-docx",
    "reportlab",
    "EbookLib",
    "opencc",
    "markdown-it-py",
    "mdit-py-plugins",
    "PyYAML",
    "lxml",
    "Pillow",
    "fonttools",
)


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def manifest_data(
    results: Sequence[InputResult],
    options: Options,
    formats: Sequence[str],
    editions: Sequence[str],
) -> dict[str, Any]:
    """The manifest as plain data."""
    return {
        "tool": {"name": "cppcc-convert", "version": __version__},
        "python": sys.version.split()[0],
        "dependencies": {d: _version(d) for d in DEPENDENCIES},
        "formats": list(formats),
        "editions": list(editions),
        "strict": options.strict,
        "inputs": [
            {
                "source": Path(r.source).as_posix(),
                "ok": r.ok,
                "error": r.error,
                "error_kind": r.kind.value if r.kind is not None else None,
                "outputs": [
                    {
                        "path": o.path.as_posix(),
                        "format": o.format,
                        "edition": o.edition,
                        "size": o.size,
                        "sha256": o.sha256,
                    }
                    for o in r.outputs
                ],
                "diagnostics": [
                    {"level": d.level, "code": d.code, "message": d.message, "line": d.line}
                    for d in r.diagnostics
                ],
            }
            for r in results
        ],
    }


def remove_old(path: Path) -> None:
    """Take the previous run's manifest away before any output changes."""
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise OutputError(f"cannot replace the manifest {path}: {exc.strerror}") from None
    with suppress(OSError):
        for stale in path.parent.glob(f".{path.name}.*.cppcc-tmp"):
            stale.unlink()


def write_manifest(
    path: Path,
    results: Sequence[InputResult],
    options: Options,
    formats: Sequence[str],
    editions: Sequence[str],
) -> None:
    """Write the manifest atomically."""
    text = manifest_text(results, options, formats, editions)
    atomic_write_all([(path, text.encode("utf-8"))])


def manifest_text(
    results: Sequence[InputResult],
    options: Options,
    formats: Sequence[str],
    editions: Sequence[str],
) -> str:
    """The manifest as JSON text: sorted keys, two-space indents, a final newline."""
    data = manifest_data(results, options, formats, editions)
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
