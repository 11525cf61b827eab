"""The ``cppcc-convert`` command: argparse -> Options -> api; exit codes, progress, manifest.

Exit codes: 0 all inputs converted, 1 some input failed (the others were still written),
2 usage error. Errors print one line (``file:line: message``); ``--debug`` adds tracebacks.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from . import __version__
from .errors import ConvertError, ExitCode
from .options import EDITIONS, FORMATS, PAGE_SIZES, REPAIRS, Options

DEFAULT_FORMATS = "docx,pdf,epub,html"


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="cppcc-convert",
        description="Convert Chinese Markdown/text into DOCX, PDF, EPUB, HTML and JSON, "
        "with Traditional-Chinese editions.",
        epilog="Options may also be set in cppcc-convert.toml or [tool.cppcc-convert] of "
        "pyproject.toml; command-line flags win.",
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="files, folders, or - for stdin")
    p.add_argument("-o", "--output", metavar="OUTDIR", help="output folder (default: .)")
    p.add_argument(
        "-t",
        "--to",
        metavar="FORMATS",
        help=f"comma list of {', '.join(FORMATS)} (default: {DEFAULT_FORMATS})",
    )
    p.add_argument(
        "-e",
        "--edition",
        metavar="EDITIONS",
        help=f"comma list of {', '.join(EDITIONS)}, or all (default: zh-Hans)",
    )
    p.add_argument(
        "--phrases",
        action="store_true",
        default=None,
        help="regional vocabulary for zh-TW/zh-HK (s2twp/s2hkp)",
    )
    p.add_argument(
        "--quotes",
        choices=("localize", "keep"),
        help="“”→「」 for zh-TW/zh-HK (localize, the default) or keep",
    )
    p.add_argument("--glossary", metavar="TSV", help="terms that convert a fixed way")
    p.add_argument(
        "--no-default-glossary",
        action="store_true",
        default=None,
        help="do not apply the bundled government-text glossary",
    )
    p.add_argument(
        "--no-repair",
        action="append",
        metavar="NAME",
        help=f"switch a repair off (repeatable or comma list): {', '.join(REPAIRS)}",
    )
    p.add_argument(
        "--docx-font",
        action="append",
        metavar="ROLE=NAME",
        help="font name for a DOCX role (body, heading, caption, quote, code, ...)",
    )
    p.add_argument("--reference-docx", metavar="FILE", help="take styles and page from a .docx")
    p.add_argument(
        "--pdf-font",
        action="append",
        metavar="ROLE=PATH[#INDEX]",
        help="TrueType font file for a PDF role (serif, sans, mono)",
    )
    p.add_argument("--page-size", choices=PAGE_SIZES, help="PDF page size (default: A4)")
    p.add_argument(
        "--vertical", action="store_true", default=None, help="vertical writing (EPUB/HTML)"
    )
    p.add_argument("--identifier", help="EPUB identifier (default: derived from the content)")
    p.add_argument(
        "--resource-path",
        action="append",
        metavar="DIR",
        help="another folder images may be read from",
    )
    p.add_argument(
        "--max-input-size", type=int, metavar="BYTES", help="input size limit (default: 50 MB)"
    )
    p.add_argument(
        "--max-nesting",
        type=int,
        metavar="N",
        help="deepest nesting of quotes and lists (default: 64)",
    )
    p.add_argument(
        "--max-table-cells", type=int, metavar="N", help="largest table (default: 100000 cells)"
    )
    p.add_argument(
        "--glob",
        action="append",
        metavar="PATTERN",
        help="file pattern when an input is a folder (default: *.md *.markdown *.txt)",
    )
    p.add_argument("--stem", help="output name for standard input (default: stdin)")
    p.add_argument("-j", "--jobs", type=int, metavar="N", help="worker processes (default: CPUs)")
    p.add_argument("--strict", action="store_true", default=None, help="warnings fail a file")
    p.add_argument("--check", action="store_true", help="read and repair only; write nothing")
    p.add_argument("--manifest", metavar="FILE", help="write a JSON manifest of all outputs")
    p.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    p.add_argument("-v", "--verbose", action="store_true", help="print every diagnostic")
    p.add_argument("--debug", action="store_true", help="show tracebacks")
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return p


class UsageError(Exception):
    """A bad command line or configuration (exit code 2)."""


def _split(values: Sequence[str] | str | None) -> list[str]:
    if values is None:
        return []
    if isinstance(values, str):
        values = [values]
    return [v.strip() for item in values for v in str(item).split(",") if v.strip()]


def _pairs(values: Sequence[str] | dict[str, str] | None, flag: str) -> dict[str, str]:
    if isinstance(values, dict):
        return {str(k): str(v) for k, v in values.items()}
    out: dict[str, str] = {}
    for item in values or []:
        role, sep, value = item.partition("=")
        if not sep or not role.strip() or not value.strip():
            raise UsageError(f"{flag} takes ROLE=VALUE, got {item!r}")
        out[role.strip()] = value.strip()
    return out


def _setting(args: argparse.Namespace, config: dict[str, Any], name: str) -> Any:
    value = getattr(args, name.replace("-", "_"))
    return config.get(name) if value is None else value


def resolve(args: argparse.Namespace, config: dict[str, Any]) -> tuple[Options, dict[str, Any]]:
    """Options and run settings from the command line over the configuration file."""
    from .editions import parse_editions

    def get(name: str) -> Any:
        return _setting(args, config, name)

    formats = _split(get("to") or DEFAULT_FORMATS)
    for fmt in formats:
        if fmt not in FORMATS:
            raise UsageError(f"unknown format {fmt!r} (choose from: {', '.join(FORMATS)})")
    try:
        editions = parse_editions(",".join(_split(get("edition") or "zh-Hans")))
    except ConvertError as exc:
        raise UsageError(exc.message) from None
    repairs = _split(get("no-repair"))
    for name in repairs:
        if name not in REPAIRS:
            raise UsageError(f"unknown repair {name!r} (choose from: {', '.join(REPAIRS)})")
    glossary, reference = get("glossary"), get("reference-docx")
    # Checked once here, so a batch does not fail document by document on the same typo.
    for flag, value in (("--glossary", glossary), ("--reference-docx", reference)):
        if value and not Path(value).is_file():
            raise UsageError(f"{flag}: no such file: {value}")
    options = Options(
        disabled_repairs=frozenset(repairs),
        phrases=bool(get("phrases")),
        quotes=get("quotes") or "localize",
        glossary=Path(glossary) if glossary else None,
        default_glossary=not get("no-default-glossary"),
        resource_paths=tuple(Path(p) for p in _split(get("resource-path"))),
        docx_fonts=_pairs(get("docx-font"), "--docx-font"),
        reference_docx=Path(reference) if reference else None,
        pdf_fonts=_pairs(get("pdf-font"), "--pdf-font"),
        page_size=get("page-size") or "A4",
        vertical=bool(get("vertical")),
        identifier=get("identifier"),
        strict=bool(get("strict")),
        **_limits(get),
    )
    jobs = get("jobs") or os.cpu_count() or 1
    if int(jobs) < 1:
        raise UsageError("--jobs must be at least 1")
    run = {
        "formats": formats,
        "editions": editions,
        "outdir": Path(get("output") or "."),
        "jobs": int(jobs),
        "globs": _split(get("glob")) or None,
        "manifest": get("manifest"),
    }
    return options, run


def _limits(get: Any) -> dict[str, int]:
    """The size limits set on the command line or in the configuration."""
    out: dict[str, int] = {}
    for flag, field in (
        ("max-input-size", "max_input_bytes"),
        ("max-nesting", "max_nesting"),
        ("max-table-cells", "max_table_cells"),
    ):
        value = get(flag)
        if value is not None:
            if int(value) < 1:
                raise UsageError(f"--{flag} must be at least 1")
            out[field] = int(value)
    return out


def _interrupt(signum: int, frame: object) -> None:
    # SIGTERM behaves like Ctrl-C, so atomic writes clean their temporary files up.
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 for --help/--version
        return int(exc.code or 0)
    signal.signal(signal.SIGTERM, _interrupt)
    from .runner import run

    try:
        from .config import find_config

        _config_path, config = find_config(list(args.inputs))
        options, settings = resolve(args, config)
        return run(args, options, settings)
    except UsageError as exc:
        print(f"cppcc-convert: error: {exc}", file=sys.stderr)
        return ExitCode.USAGE
    except ConvertError as exc:
        if args.debug:
            raise
        print(f"cppcc-convert: error: {exc}", file=sys.stderr)
        return ExitCode.USAGE if exc.code == "usage" else ExitCode.FAILED
    except KeyboardInterrupt:
        print("cppcc-convert: interrupted", file=sys.stderr)
        return 130
