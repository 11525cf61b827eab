"""Errors and exit codes.

Recoverable problems are ``Diagnostic``s (see model.py); unrecoverable ones raise a
``ConvertError`` that names the file and line (or byte offset) so the CLI prints one line.
"""

from __future__ import annotations

from enum import IntEnum

from .model import Diagnostic

__all__ = ["ConvertError", "Diagnostic", "ExitCode", "StrictError"]


class ExitCode(IntEnum):
    """Process exit codes of the CLI."""

    OK = 0
    FAILED = 1  # some input failed; the others were still converted
    USAGE = 2  # bad command line or configuration


class ConvertError(Exception):
    """A document cannot be converted: bad bytes, bad structure, a writer failure."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        offset: int | None = None,
        code: str = "error",
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.offset = offset
        self.code = code

    def located(self, file: str) -> ConvertError:
        """The same error with a file name filled in (when it had none)."""
        if self.file is None:
            self.file = file
        return self

    def __str__(self) -> str:
        where = self.file or "<input>"
        if self.line:
            where += f":{self.line}"
        elif self.offset is not None:
            where += f": byte {self.offset}"
        return f"{where}: {self.message}"


class StrictError(ConvertError):
    """Warnings were found and ``strict`` mode turns them into a failure."""
