"""The writer table: format name -> "module:function", imported only when used.

A writer is ``write(doc: Document, ctx: WriteContext) -> bytes``. It never touches the output
path (the API writes the bytes atomically); recoverable problems go to ``ctx.warn``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ConvertError
from ..model import Diagnostic, Document
from ..options import Options

WRITERS: dict[str, str] = {
    "json": "cppcc_convert.writers.json_writer:write",
    "docx": "cppcc_convert.writers.docx:write",
    "pdf": "cppcc_convert.writers.pdf:write",
    "epub": "cppcc_convert.writers.epub:write",
    "html": "cppcc_convert.writers.html:write",
}

EXTENSIONS: dict[str, str] = {
    "json": "json",
    "docx": "docx",
    "pdf": "pdf",
    "epub": "epub",
    "html": "html",
}


@dataclass
class WriteContext:
    """What a writer may know besides the document: options, where images may come from."""

    options: Options = field(default_factory=Options)
    base_dir: Path | None = None  # the input document's folder (images are relative to it)
    source_file: str | None = None  # for diagnostics
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def warn(self, code: str, message: str, line: int | None = None) -> None:
        """Record a recoverable problem (``--strict`` turns it into a failure)."""
        self.diagnostics.append(Diagnostic("warning", code, message, line, self.source_file))

    def info(self, code: str, message: str, line: int | None = None) -> None:
        """Record something the writer changed or noticed."""
        self.diagnostics.append(Diagnostic("info", code, message, line, self.source_file))


Writer = Callable[[Document, WriteContext], bytes]


def get_writer(fmt: str) -> Writer:
    """The writer for ``fmt``; an unknown name is an error that lists the known ones."""
    target = WRITERS.get(fmt)
    if target is None:
        known = ", ".join(WRITERS)
        raise ConvertError(f"unknown format {fmt!r} (choose from: {known})", code="usage")
    module_name, func = target.split(":")
    module = importlib.import_module(module_name)
    writer: Writer = getattr(module, func)
    return writer
