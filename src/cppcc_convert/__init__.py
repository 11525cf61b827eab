"""cppcc-convert: Chinese news and government text to DOCX, PDF, EPUB and HTML, with
Traditional-Chinese editions (zh-Hant, zh-TW, zh-HK).

    >>> import cppcc_convert
    >>> doc = cppcc_convert.parse("# 标题\\n\\n正文。")
    >>> doc.meta.title
    '标题'

Heavy libraries (python-docx, reportlab, ebooklib, OpenCC) load only when a writer or an
edition needs them, so importing this package and parsing stay fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "ConvertError",
    "ConvertResult",
    "Document",
    "Options",
    "__version__",
    "convert",
    "load",
    "parse",
]

if TYPE_CHECKING:
    from .api import ConvertResult, convert, load, parse
    from .errors import ConvertError
    from .model import Document
    from .options import Options

_LAZY = {
    "parse": "api",
    "load": "api",
    "convert": "api",
    "ConvertResult": "api",
    "ConvertError": "errors",
    "Document": "model",
    "Options": "options",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
