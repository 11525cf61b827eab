"""Options from configuration files: ``cppcc-convert.toml`` or ``[tool.cppcc-convert]`` in a
``pyproject.toml``, found in the current folder or the first input's folder (nearest first).

Keys are the long command-line option names (``to = ["docx", "pdf"]``, ``edition = "all"``,
``no-repair = ["captions"]``, ``[docx-font] body = "宋体"``); command-line flags win.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from .errors import ConvertError

CONFIG_NAME = "cppcc-convert.toml"


def _candidates(inputs: list[str]) -> list[Path]:
    folders = [Path.cwd()]
    for item in inputs[:1]:
        if item != "-":
            p = Path(item).resolve()
            folders.insert(0, p if p.is_dir() else p.parent)
    seen: list[Path] = []
    for folder in folders:
        if folder not in seen:
            seen.append(folder)
    return seen


def find_config(inputs: list[str]) -> tuple[Path | None, dict[str, Any]]:
    """The first configuration found and its settings (empty when there is none)."""
    for folder in _candidates(inputs):
        own = folder / CONFIG_NAME
        if own.is_file():
            return own, _load(own, None)
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            table = _load(pyproject, ("tool", "cppcc-convert"))
            if table:
                return pyproject, table
    return None, {}


def _load(path: Path, section: tuple[str, ...] | None) -> dict[str, Any]:
    try:
        data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConvertError(f"bad configuration: {exc}", file=str(path), code="usage") from None
    for key in section or ():
        value = data.get(key, {})
        if not isinstance(value, dict):
            return {}
        data = value
    return data
