"""The ``cppcc-convert`` command: argparse (parser) -> Settings and Options (settings, over
the configuration file: config) -> the API (run) -> exit code (errors.ExitCode).

Errors print one line (``file:line: message``); ``--debug`` adds tracebacks. SIGTERM is
handled like Ctrl-C: the run stops, no partial or temporary file is left, exit code 130.
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Sequence

from ..errors import ConvertError, ExitCode, UsageError


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
    """Run the command line; return the exit code."""
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
    except UsageError as exc:
        if args.debug:
            raise
        print(f"cppcc-convert: error: {exc}", file=sys.stderr)
        return ExitCode.USAGE
    except ConvertError as exc:
        if args.debug:
            raise
        print(f"cppcc-convert: error: {exc}", file=sys.stderr)
        return exc.kind.exit_code
    except KeyboardInterrupt:
        print("cppcc-convert: interrupted", file=sys.stderr)
        return ExitCode.INTERRUPT
    except Exception as exc:  # a bug: one line (the traceback with --debug), exit 70
        if args.debug:
            raise
        from ..text import one_line

        message = one_line(f"{type(exc).__name__}: {exc}")
        print(f"cppcc-convert: internal error: {message} (--debug shows where)", file=sys.stderr)
        return ExitCode.INTERNAL
    finally:
        signal.signal(signal.SIGTERM, previous)


__all__ = ["main"]
