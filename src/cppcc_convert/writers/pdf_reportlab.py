"""Import reportlab's platypus without compiling, at import, patterns we seldom or never use.

``reportlab.platypus`` imports ``paragraph`` (a URI pattern compiled with IGNORECASE over
``\\xa1-\\uffff``: ~35 ms, the largest single cost of starting the PDF writer),
``lib.textsplit`` and ``lib.PyFontify`` (syntax colouring of code): ~45 ms of a one-page
PDF's run, for reportlab's own Paragraph/XPreformatted, which our writer does not draw with.
While platypus is imported, the patterns those three modules compile are made ``_Deferred``:
compiled on their first use, the same pattern with the same flags. They use them only through
methods (``uri_pat.match``, ``rx.sub``, ``matchRE.search``), which the proxy forwards; a
pattern whose method is taken at import (``re.compile(...).split``) is compiled then, as
before. Any other caller of ``re.compile`` meanwhile (another module, another thread) gets a
real pattern. Import this module before any ``reportlab.platypus`` import.
"""

from __future__ import annotations

import re
import sys
import threading
from typing import Any

_DEFERRED_IN = frozenset(
    {"reportlab.platypus.paragraph", "reportlab.lib.textsplit", "reportlab.lib.PyFontify"}
)


class _Deferred:
    """A pattern compiled on first use."""

    __slots__ = ("_args", "_compiled", "_lock")

    def __init__(self, pattern: Any, flags: int) -> None:
        self._args = (pattern, flags)
        self._compiled: re.Pattern[Any] | None = None
        self._lock = threading.Lock()

    def __getattr__(self, name: str) -> Any:
        compiled = self._compiled
        if compiled is None:
            with self._lock:
                if self._compiled is None:
                    self._compiled = re.compile(*self._args)
                compiled = self._compiled
        return getattr(compiled, name)


def _import_platypus() -> None:
    if "reportlab.platypus" in sys.modules:
        return
    real = re.compile

    def compile_later(pattern: Any, flags: int = 0) -> Any:
        if sys._getframe(1).f_globals.get("__name__") in _DEFERRED_IN:
            return _Deferred(pattern, flags)
        return real(pattern, flags)

    re.compile = compile_later
    try:
        import reportlab.platypus  # noqa: F401  # the import this module exists for
    finally:
        re.compile = real


_import_platypus()
