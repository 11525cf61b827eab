"""cppcc-convert: Chinese news, official documents and books to DOCX, PDF, EPUB and HTML, with
Traditional-Chinese editions (zh-Hant, zh-TW, zh-HK).

    >>> import cppcc_convert
    >>> doc = cppcc_convert.parse("# 标题\\n\\n正文。")
    >>> doc.meta.title
    '标题'
    >>> data = cppcc_convert.render(doc, "docx", edition="zh-TW")   # bytes, in memory

``parse``/``load`` read a document once into a ``Document``; ``render`` writes one format and
edition of it as bytes; ``convert`` converts files and folders into every format and edition
on disk (atomically, optionally on an executor). Errors are ``ConvertError`` subclasses
(``InputError``, ``UsageError``, ``OutputError``, ``StrictError``, ``InternalError``), each
with an ``ErrorKind`` and its exit code. Heavy libraries (python-docx, reportlab, ebooklib,
OpenCC) load only when a writer or an edition needs them, so importing and parsing stay fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.2.0"

__all__ = [
    "DEFAULT_EDITIONS",
    "DEFAULT_FORMATS",
    "ConvertError",
    "ConvertResult",
    "Diagnostic",
    "Document",
    "ErrorKind",
    "ExitCode",
    "InputError",
    "InputResult",
    "InternalError",
    "Options",
    "OutputError",
    "OutputFile",
    "StrictError",
    "UsageError",
    "__version__",
    "convert",
    "load",
    "parse",
    "render",
    "render_file",
]

if TYPE_CHECKING:
    from .api import DEFAULT_EDITIONS, DEFAULT_FORMATS, convert, load, parse, render, render_file
    from .errors import (
        ConvertError,
        ErrorKind,
        ExitCode,
        InputError,
        InternalError,
        OutputError,
        StrictError,
        UsageError,
    )
    from .execute import ConvertResult, InputResult, OutputFile
    from .model import Diagnostic, Document
    from .options import Options

_LAZY = {
    "parse": "api",
    "load": "api",
    "render": "api",
    "render_file": "api",
    "convert": "api",
    "DEFAULT_FORMATS": "api",
    "DEFAULT_EDITIONS": "api",
    "ConvertResult": "execute",
    "InputResult": "execute",
    "OutputFile": "execute",
    "ConvertError": "errors",
    "InputError": "errors",
    "UsageError": "errors",
    "OutputError": "errors",
    "StrictError": "errors",
    "InternalError": "errors",
    "ErrorKind": "errors",
    "ExitCode": "errors",
    "Diagnostic": "model",
    "Document": "model",
    "Options": "options",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value  # looked up once
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    """The public API (``__all__``): what ``dir()``, ``help()`` and tab completion show."""
    return sorted(__all__)
