"""Configuration files: ``cppcc-convert.toml`` or ``[tool.cppcc-convert]`` in a
``pyproject.toml``, found next to the first input or in the current folder (nearest first),
or named with ``--config``; ``--no-config`` reads none.

Keys are the long option names (``to = ["docx", "pdf"]``, ``edition = "all"``,
``no-repair = ["captions"]``, ``[docx-font] body = "宋体"``). The file is checked against a
typed schema: an unknown key or a value of the wrong type is a usage error naming the file,
the key and the type expected. Relative paths in the file are relative to its folder.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from ..errors import UsageError

CONFIG_NAME = "cppcc-convert.toml"

Kind = Literal["str", "bool", "int", "strings", "table"]

# key -> (type, holds paths)
SCHEMA: dict[str, tuple[Kind, bool]] = {
    "to": ("strings", False),
    "edition": ("strings", False),
    "output": ("str", True),
    "stem": ("str", False),
    "manifest": ("str", True),
    "from": ("str", False),
    "encoding": ("str", False),
    "genre": ("str", False),
    "no-repair": ("strings", False),
    "resource-path": ("strings", True),
    "follow-symlinks": ("bool", False),
    "max-input-size": ("int", False),
    "max-images-size": ("int", False),
    "max-nesting": ("int", False),
    "max-table-cells": ("int", False),
    "phrases": ("bool", False),
    "quotes": ("str", False),
    "glossary": ("str", True),
    "no-default-glossary": ("bool", False),
    "preset": ("str", False),
    "docx-font": ("table", False),
    "reference-docx": ("str", True),
    "pdf-font": ("table", True),
    "page-size": ("str", False),
    "autospace": ("bool", False),
    "vertical": ("bool", False),
    "identifier": ("str", False),
    "wechat-theme": ("str", False),
    "wechat-indent": ("bool", False),
    "wechat-page": ("bool", False),
    "glob": ("strings", False),
    "jobs": ("int", False),
    "strict": ("bool", False),
    "annotations": ("str", False),
}
_EXPECTED = {
    "str": "a string",
    "bool": "true or false",
    "int": "an integer",
    "strings": "a string or a list of strings",
    "table": 'a table of strings (role = "value")',
}


@dataclass(frozen=True)
class Config:
    """A configuration file's checked values (``path`` None: no file)."""

    path: Path | None
    values: dict[str, Any]
    how: str = ""  # how it was found, for -v


def _candidates(inputs: list[str]) -> list[Path]:
    folders = [Path.cwd()]
    for item in inputs[:1]:
        if item != "-":
            p = Path(item).resolve()
            folders.insert(0, p if p.is_dir() else p.parent)
    return list(dict.fromkeys(folders))


def find_config(inputs: list[str], explicit: str | None, disabled: bool) -> Config:
    """The configuration to use: ``--config FILE``, none with ``--no-config``, else the
    first one found."""
    if explicit is not None:
        path = Path(explicit)
        if not path.is_file():
            raise UsageError(f"--config {explicit}: no such file")
        section = ("tool", "cppcc-convert") if path.name == "pyproject.toml" else None
        return Config(path, check(_load(path, section), path), "named by --config")
    if disabled:
        return Config(None, {}, "--no-config")
    for folder in _candidates(inputs):
        own = folder / CONFIG_NAME
        if own.is_file():
            return Config(own, check(_load(own, None), own), "found")
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            table = _load(pyproject, ("tool", "cppcc-convert"))
            if table:
                return Config(pyproject, check(table, pyproject), "found")
    return Config(None, {}, "none found")


def _load(path: Path, section: tuple[str, ...] | None) -> dict[str, Any]:
    try:
        data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UsageError(f"bad configuration: {exc}", file=str(path)) from None
    except OSError as exc:
        raise UsageError(f"cannot read configuration: {exc.strerror}", file=str(path)) from None
    for key in section or ():
        value = data.get(key, {})
        if not isinstance(value, dict):
            raise UsageError(f"[{'.'.join(section or ())}] must be a table", file=str(path))
        data = value
    return data


def _ok(kind: Kind, value: Any) -> bool:
    match kind:
        case "str":
            return isinstance(value, str)
        case "bool":
            return isinstance(value, bool)
        case "int":
            return isinstance(value, int) and not isinstance(value, bool)
        case "strings":
            return isinstance(value, str) or (
                isinstance(value, list) and all(isinstance(v, str) for v in value)
            )
        case "table":
            return isinstance(value, dict) and all(isinstance(v, str) for v in value.values())


def check(values: dict[str, Any], path: Path) -> dict[str, Any]:
    """``values`` checked against the schema, relative paths made relative to the file."""
    out: dict[str, Any] = {}
    for key, value in values.items():
        spec = SCHEMA.get(key)
        if spec is None:
            known = ", ".join(sorted(SCHEMA))
            raise UsageError(f"unknown key {key!r} (known keys: {known})", file=str(path))
        kind, holds_paths = spec
        if not _ok(kind, value):
            got = type(value).__name__
            raise UsageError(
                f"{key!r} must be {_EXPECTED[kind]}, not {got} {value!r}", file=str(path)
            )
        out[key] = _paths(value, path.parent) if holds_paths else value
    return out


def _paths(value: Any, base: Path) -> Any:
    if isinstance(value, str):
        if value == "-":
            return value
        return str(base / value) if not Path(value).is_absolute() else value
    if isinstance(value, list):
        return [_paths(v, base) for v in value]
    if isinstance(value, dict):  # pdf-font: role = "PATH[#N]"
        return {k: _paths(v, base) for k, v in value.items()}
    return value
