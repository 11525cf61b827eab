"""Errors, their kinds and the exit code of each kind.

Recoverable problems are ``Diagnostic``s (model.py). Unrecoverable ones raise a
``ConvertError`` subclass naming the file and line (or byte offset), so the CLI prints one
line. Each kind has its own, stable exit code (docs/cli.md):

=========  ====  =====================================================================
kind       exit  meaning
=========  ====  =====================================================================
usage        2   bad command line, configuration or API argument; nothing was done
input        1   a document could not be read or converted (the others still were)
strict       3   ``--strict``: a document had warnings, so it was not written
output       4   an output could not be written (permission, full disk, bad path)
interrupt  130   Ctrl-C or SIGTERM; no partial output is left
internal    70   a bug in cppcc-convert (reported with ``--debug`` tracebacks)
=========  ====  =====================================================================

When documents of one batch fail in different ways the exit code is the first of: output,
internal, input, strict. (Usage errors and interrupts stop the whole run.)
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum, IntEnum

__all__ = [
    "ConvertError",
    "ErrorKind",
    "ExitCode",
    "InputError",
    "InternalError",
    "OutputError",
    "StrictError",
    "UsageError",
    "choose",
]


class ExitCode(IntEnum):
    """Process exit codes of the CLI."""

    OK = 0
    INPUT = 1
    USAGE = 2
    STRICT = 3
    OUTPUT = 4
    INTERNAL = 70
    INTERRUPT = 130


class ErrorKind(Enum):
    """What went wrong, as a stable name with its exit code."""

    USAGE = "usage"
    INPUT = "input"
    STRICT = "strict"
    OUTPUT = "output"
    INTERNAL = "internal"
    INTERRUPT = "interrupt"

    @property
    def exit_code(self) -> ExitCode:
        """The process exit code for this kind."""
        return ExitCode[self.name]


# Which kind decides a batch's exit code when documents failed in several ways.
PRECEDENCE: tuple[ErrorKind, ...] = (
    ErrorKind.OUTPUT,
    ErrorKind.INTERNAL,
    ErrorKind.INPUT,
    ErrorKind.STRICT,
)


class ConvertError(Exception):
    """A document cannot be converted. Subclasses say why; ``kind`` is their enum value."""

    kind: ErrorKind = ErrorKind.INPUT

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        offset: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.offset = offset

    def located(self, file: str) -> ConvertError:
        """The same error with a file name filled in (when it had none)."""
        if self.file is None:
            self.file = file
        return self

    def __str__(self) -> str:
        from .text import one_line, safe_location

        if self.file is None:
            return one_line(self.message)
        where = safe_location(self.file)
        if self.line:
            where += f":{self.line}"
        elif self.offset is not None:
            where += f": byte {self.offset}"
        return f"{where}: {one_line(self.message)}"

    def __reduce__(self) -> tuple[object, ...]:
        # Picklable with its keyword arguments, so errors cross process boundaries intact.
        state = {"file": self.file, "line": self.line, "offset": self.offset}
        return (_rebuild, (type(self), self.message, state))


def _rebuild(cls: type[ConvertError], message: str, state: dict[str, object]) -> ConvertError:
    error = cls(message)
    error.__dict__.update(state)
    return error


class InputError(ConvertError):
    """A document cannot be read or converted: bad bytes, bad structure, over a limit."""

    kind = ErrorKind.INPUT


class UsageError(ConvertError):
    """A bad command line, configuration or API argument (exit code 2)."""

    kind = ErrorKind.USAGE


class StrictError(ConvertError):
    """Warnings were found and ``strict`` mode turns them into a failure."""

    kind = ErrorKind.STRICT


class OutputError(ConvertError):
    """An output cannot be written: permission, full disk, a folder in the way."""

    kind = ErrorKind.OUTPUT


class InternalError(ConvertError):
    """A bug: an unexpected exception inside a reader or writer."""

    kind = ErrorKind.INTERNAL


def choose(value: str, known: Iterable[str], what: str) -> str:
    """``value`` spelled as in ``known``, matched case-insensitively (the one rule for every
    name the CLI, the configuration file and the API take), or a ``UsageError`` listing the
    known names: ``unknown format 'doc' (choose from: json, docx, …)``."""
    names = tuple(known)
    wanted = str(value).strip().lower()
    for name in names:
        if name.lower() == wanted:
            return name
    raise UsageError(f"unknown {what} {value!r} (choose from: {', '.join(names)})")
