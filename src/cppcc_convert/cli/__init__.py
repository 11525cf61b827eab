"""The ``cppcc-convert`` command: argparse (parser) -> Settings and Options (settings, over
the configuration file: config) -> the API (run) -> exit code (errors.ExitCode).

Errors print one line (``file:line: message``); ``--debug`` adds tracebacks. SIGTERM is
handled like Ctrl-C: the run stops, no partial or temporary file is left, exit code 130.
"""

from __future__ import annotations

import gc
import signal
import sys
from collections.abc import Sequence
from contextlib import suppress
from typing import NoReturn

from ..errors import ConvertError, ExitCode
from ..text import one_line
from .collector import pause_collection, resume_collection


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _lists(args: object) -> str | None:
    """What a ``--list-*`` option asks for, one name per line (None: none was given)."""
    from ..locale import EDITIONS
    from ..options import GENRES, PRESETS, REPAIRS
    from ..writers import WRITERS

    tables = {
        "formats": tuple(WRITERS),
        "editions": tuple(EDITIONS),
        "repairs": REPAIRS,
        "genres": GENRES,
        "presets": PRESETS,
    }
    for name, values in tables.items():
        if getattr(args, f"list_{name}", False):
            return "\n".join(values)
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (errors.ExitCode).

    The cyclic collector is paused until the run's modules are imported (``run`` calls
    ``resume_collection``): imports create ~200,000 objects and no cycles to free, and the
    collector's passes over them cost a one-document run more than its conversion's.
    """
    pause_collection()
    try:
        return _main(argv)
    finally:
        resume_collection()
        gc.unfreeze()  # back to the oldest generation: a caller's collector frees them


def command() -> NoReturn:
    """``main``, then ``SystemExit`` with its code, the collector off and everything frozen.
    The interpreter's final collections would walk the ~200,000 objects of the imported
    modules once more just before the process frees them all: ~25 ms of a one-document run's
    ~220 ms CPU. For code that calls the CLI (a test, a program of the user's): the
    ``SystemExit`` can be caught."""
    code = main()
    gc.disable()
    gc.freeze()
    raise SystemExit(code)


def program() -> NoReturn:
    """The ``cppcc-convert`` console script and ``python -m cppcc_convert``: ``command``, but
    the process then ends without the interpreter's teardown of the modules (ending.py: the
    atexit handlers run and the streams are flushed first). Only the program's own entry
    points use it; a caller that wants ``SystemExit`` calls ``command``."""
    try:
        command()
    except SystemExit as exited:
        from .ending import end_process

        code = exited.code if isinstance(exited.code, int) else 1
        end_process(code)
        raise


def _main(argv: Sequence[str] | None) -> int:
    from .parser import build_parser

    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 for --help/--version
        return int(exc.code or 0)
    listing = _lists(args)
    if listing is not None:
        print(listing)
        return ExitCode.OK
    if not args.inputs:
        parser.print_usage(sys.stderr)
        print("cppcc-convert: error: no INPUT given (a file, a folder, or -)", file=sys.stderr)
        return ExitCode.USAGE
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        from .config import find_config
        from .run import run
        from .settings import resolve

        config = find_config(list(args.inputs), args.config, args.no_config)
        settings, options = resolve(args, config)
        return run(settings, options)
    except ConvertError as exc:
        if args.debug:
            raise
        print(f"cppcc-convert: error: {exc}", file=sys.stderr)
        return exc.kind.exit_code
    except KeyboardInterrupt:
        print("cppcc-convert: interrupted", file=sys.stderr)
        return ExitCode.INTERRUPT
    except BrokenPipeError:  # `cppcc-convert … -o - | head`: the reader went away
        _quiet_stdout()
        return ExitCode.OUTPUT
    except Exception as exc:  # a bug: one line, and the traceback under --debug
        if args.debug:
            raise
        print(
            f"cppcc-convert: internal error: {type(exc).__name__}: {one_line(str(exc))} "
            "(--debug shows the traceback)",
            file=sys.stderr,
        )
        return ExitCode.INTERNAL
    finally:
        signal.signal(signal.SIGTERM, previous)


def _quiet_stdout() -> None:
    """After a broken pipe, point stdout at /dev/null so the interpreter's final flush does
    not print a second error."""
    import os

    with suppress(OSError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


__all__ = ["main"]
