"""The command line's options (argparse). Values are checked in ``settings``, not here, so a
configuration file and the command line get the same checks and messages."""

from __future__ import annotations

import argparse

from .. import __version__

DEFAULT_FORMATS = "docx,pdf,epub,html"

LISTS = ("formats", "editions", "repairs", "genres", "presets")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``cppcc-convert``."""
    p = argparse.ArgumentParser(
        prog="cppcc-convert",
        description="Convert Chinese Markdown and plain text into DOCX, PDF, EPUB, HTML and "
        "JSON, with Traditional-Chinese editions.",
        epilog="Options may also be set in cppcc-convert.toml (or [tool.cppcc-convert] of a "
        "pyproject.toml) next to the inputs, or in --config FILE; command-line flags win. "
        "Exit codes: 0 ok, 1 a document failed, 2 usage, 3 --strict warnings, 4 output "
        "error, 130 interrupted, 70 internal error.",
    )
    p.add_argument("inputs", nargs="*", metavar="INPUT", help="files, folders, or - for stdin")
    _output(p)
    _reading(p)
    _editions(p)
    _layout(p)
    _batch(p)
    for name in LISTS:
        p.add_argument(f"--list-{name}", action="store_true", help=f"print the known {name}")
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return p


def _output(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="output folder (default: .); with one input and one format, a file name "
        "(FILE.docx; the format follows from it), or - for standard output",
    )
    p.add_argument("-t", "--to", metavar="FORMATS", help=f"comma list (default: {DEFAULT_FORMATS})")
    p.add_argument(
        "-e", "--edition", metavar="EDITIONS", help="comma list, or all (default: zh-Hans)"
    )
    p.add_argument("--stem", help="output name for standard input (default: stdin)")
    p.add_argument("--manifest", metavar="FILE", help="write a JSON manifest of all outputs")


def _reading(p: argparse.ArgumentParser) -> None:
    p.add_argument("-f", "--from", dest="from_", metavar="FORMAT", help="markdown, text or auto")
    p.add_argument("--encoding", help="auto (default), utf-8, gb18030, big5 or big5hkscs")
    p.add_argument("--genre", help="auto (default), news, official, statute or book")
    p.add_argument(
        "--no-repair", action="append", metavar="NAME", help="switch a repair off (repeatable)"
    )
    p.add_argument("--resource-path", action="append", metavar="DIR", help="another image folder")
    p.add_argument(
        "--follow-symlinks",
        action="store_true",
        default=None,
        help="read documents and images through symlinks that point out of their folders",
    )
    p.add_argument("--max-input-size", type=int, metavar="BYTES", help="default: 50 MB")
    p.add_argument("--max-images-size", type=int, metavar="BYTES", help="per document (64 MB)")
    p.add_argument("--max-nesting", type=int, metavar="N", help="quotes and lists (default: 64)")
    p.add_argument("--max-table-cells", type=int, metavar="N", help="default: 100000")


def _editions(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--phrases", action="store_true", default=None, help="regional vocabulary (s2twp/s2hkp)"
    )
    p.add_argument("--quotes", metavar="MODE", help="localize (“”→「」 for zh-TW/zh-HK) or keep")
    p.add_argument("--glossary", metavar="TSV", help="terms that convert a fixed way")
    p.add_argument(
        "--no-default-glossary",
        action="store_true",
        default=None,
        help="do not apply the bundled government-text glossary",
    )


def _layout(p: argparse.ArgumentParser) -> None:
    p.add_argument("--preset", help="default, or official (GB/T 9704-2012 公文 layout)")
    p.add_argument("--docx-font", action="append", metavar="ROLE=NAME", help="a DOCX font")
    p.add_argument("--reference-docx", metavar="FILE", help="take styles and page from a .docx")
    p.add_argument("--pdf-font", action="append", metavar="ROLE=PATH[#N]", help="a PDF font file")
    p.add_argument("--page-size", metavar="SIZE", help="PDF page size: A4 (default), A5, Letter")
    p.add_argument(
        "--no-autospace",
        dest="autospace",
        action="store_false",
        default=None,
        help="no quarter-em space between Han and Latin letters or digits (PDF)",
    )
    p.add_argument("--vertical", action="store_true", default=None, help="vertical (EPUB/HTML)")
    p.add_argument("--identifier", help="EPUB identifier (default: derived from the content)")
    # WeChat Official Account (docs/wechat.md)
    p.add_argument("--wechat-theme", metavar="NAME", help="WeChat look: red (default), blue, ink")
    p.add_argument(
        "--wechat-no-indent",
        dest="wechat_indent",
        action="store_false",
        default=None,
        help="no 2-character paragraph indents in the WeChat article",
    )
    p.add_argument(
        "--wechat-page",
        action="store_true",
        default=None,
        help="also write the copy page <stem>.wechat-page.html (format wechat-page)",
    )


def _batch(p: argparse.ArgumentParser) -> None:
    p.add_argument("--glob", action="append", metavar="PATTERN", help="file pattern in folders")
    p.add_argument("-j", "--jobs", type=int, metavar="N", help="worker processes (default: CPUs)")
    p.add_argument("--strict", action="store_true", default=None, help="warnings fail a file")
    p.add_argument("--check", action="store_true", help="read and repair only; write nothing")
    p.add_argument("--config", metavar="FILE", help="read options from this TOML file")
    p.add_argument("--no-config", action="store_true", help="read no configuration file")
    p.add_argument(
        "--annotations",
        metavar="KIND",
        help="also print diagnostics as CI annotations: github (::warning file=…::)",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    p.add_argument("-v", "--verbose", action="store_true", help="print every diagnostic")
    p.add_argument("--debug", action="store_true", help="show tracebacks")
