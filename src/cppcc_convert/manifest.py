"""The machine-readable manifest: every input, its outputs, diagnostics, and versions.

Keys are sorted and paths are POSIX, so two runs give the same file and a review can diff it.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

from . import __version__
from .api import InputResult
from .options import Options
from .outputs import atomic_write_all

_DEPENDENCIES = ("python-docx", "reportlab", "EbookLib", "opencc", "markdown-it-py", "lxml")


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def manifest_data(
    results: Sequence[InputResult], options: Options, settings: dict[str, Any]
) -> dict[str, Any]:
    """The manifest as plain data."""
    return {
        "tool": {"name": "cppcc-convert", "version": __version__},
        "python": sys.version.split()[0],
        "dependencies": {d: _version(d) for d in _DEPENDENCIES},
        "formats": list(settings["formats"]),
        "editions": list(settings["editions"]),
        "strict": options.strict,
        "inputs": [
            {
                "source": Path(r.source).as_posix(),
                "ok": r.ok,
                "error": r.error,
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
                    {
                        "level": d.level,
                        "code": d.code,
                        "message": d.message,
                        "line": d.line,
                    }
                    for d in r.diagnostics
                ],
            }
            for r in results
        ],
    }


def write_manifest(
    path: Path, results: Sequence[InputResult], options: Options, settings: dict[str, Any]
) -> None:
    """Write the manifest atomically."""
    data = manifest_data(results, options, settings)
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    atomic_write_all([(path, text.encode("utf-8"))])
