"""Command line over configuration file -> a typed ``Settings`` (how to run) and an
``Options`` (what to produce). Every value is checked here, case-insensitively, with one
message style: ``unknown X 'y' (choose from: …)``."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..api import DEFAULT_EDITIONS, DEFAULT_FORMATS
from ..batch import check_glob
from ..editions import QUOTE_MODES as QUOTES
from ..errors import UsageError, choose
from ..options import ENCODINGS, GENRES, INPUT_FORMATS, PAGE_SIZES, PRESETS, REPAIRS, Options
from .config import Config

ANNOTATIONS = ("github",)
_EXTENSION_FORMATS = {
    ".docx": "docx",
    ".pdf": "pdf",
    ".epub": "epub",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
}


@dataclass(frozen=True)
class Settings:
    """How to run: inputs, formats × editions, where outputs go, batch behaviour."""

    inputs: tuple[str, ...]
    formats: tuple[str, ...]
    editions: tuple[str, ...]
    outdir: Path
    single_output: Path | None  # -o FILE.ext: the one output's path
    to_stdout: bool  # -o -
    jobs: int
    globs: tuple[str, ...]
    manifest: Path | None
    stem: str | None
    check: bool
    quiet: bool
    verbose: bool
    debug: bool
    annotations: str | None
    config: Config


def split(values: Sequence[str] | str | None) -> list[str]:
    """A comma list (or a list of them) as separate, stripped names."""
    if values is None:
        return []
    if isinstance(values, str):
        values = [values]
    return [v.strip() for item in values for v in str(item).split(",") if v.strip()]


def _pairs(values: Sequence[str] | dict[str, str] | None, flag: str) -> dict[str, str]:
    if isinstance(values, dict):
        return {str(k).strip().lower(): str(v) for k, v in values.items()}
    out: dict[str, str] = {}
    for item in values or []:
        role, sep, value = item.partition("=")
        if not sep or not role.strip() or not value.strip():
            raise UsageError(f"{flag} takes ROLE=VALUE, got {item!r}")
        out[role.strip().lower()] = value.strip()
    return out


class _Source:
    """A value from the command line, else the configuration file; a bad value from the file
    is reported with the file and the key (``cppcc-convert.toml: 'to': unknown format …``)."""

    def __init__(self, args: argparse.Namespace, config: Config) -> None:
        self.args, self.config = args, config

    def __call__(self, name: str) -> Any:
        attr = "from_" if name == "from" else name.replace("-", "_")
        value = getattr(self.args, attr, None)
        return self.config.values.get(name) if value is None else value

    def from_file(self, name: str) -> bool:
        """Whether ``name``'s value comes from the configuration file."""
        attr = "from_" if name == "from" else name.replace("-", "_")
        return getattr(self.args, attr, None) is None and name in self.config.values

    @contextmanager
    def checking(self, name: str) -> Iterator[None]:
        """Usage errors about ``name`` name the configuration file and key when the value
        came from there."""
        try:
            yield
        except UsageError as exc:
            if not self.from_file(name) or self.config.path is None:
                raise
            raise UsageError(f"{name!r}: {exc.message}", file=str(self.config.path)) from None

    def choose(
        self, name: str, known: Sequence[str] | Callable[[], Sequence[str]], what: str, default: str
    ) -> str:
        """The option ``name``, one of ``known`` in any case (``default`` when unset); ``known``
        may be a function, called only when the option is set (the WeChat themes' module is
        not imported by a run that names none)."""
        value = self(name)
        if value is None:
            return default
        with self.checking(name):
            return choose(value, known() if callable(known) else known, what)

    def number(self, name: str, minimum: int = 1) -> int | None:
        """The integer option ``name`` (None when unset), at least ``minimum``."""
        value = self(name)
        if value is None:
            return None
        if int(value) < minimum:
            if self.from_file(name) and self.config.path is not None:
                raise UsageError(f"{name!r} must be at least {minimum}", file=str(self.config.path))
            raise UsageError(f"--{name} must be at least {minimum}")
        return int(value)


def resolve(args: argparse.Namespace, config: Config) -> tuple[Settings, Options]:
    """Settings and Options from the command line over the configuration file."""
    from ..locale import parse_editions
    from ..writers import WRITERS

    get = _Source(args, config)
    with get.checking("to"):
        formats = [choose(f, tuple(WRITERS), "format") for f in split(get("to"))]
    with get.checking("edition"):
        editions = parse_editions(split(get("edition")) or list(DEFAULT_EDITIONS))
    output = get("output")
    with get.checking("output"):
        single, to_stdout = _single_output(output, formats, args.inputs)
    if single is not None and not formats:
        formats = [_format_of(single, []) or "html"]
    formats = formats or list(DEFAULT_FORMATS)
    if get("wechat-page") and "wechat-page" not in formats:
        formats.append("wechat-page")  # the WeChat copy page (docs/wechat.md)
    if (single is not None or to_stdout) and (len(formats) != 1 or len(editions) != 1):
        given = f"{','.join(formats)} × {','.join(editions)}"
        raise UsageError(
            f"-o {output} writes one file: give one --to format and one --edition (not {given})"
        )
    manifest = get("manifest")
    if to_stdout and manifest:
        raise UsageError("-o - writes no file, so there is nothing for --manifest to list")
    jobs = get.number("jobs")
    annotations = get("annotations")
    with get.checking("annotations"):
        annotations = choose(annotations, ANNOTATIONS, "annotations kind") if annotations else None
    with get.checking("glob"):
        globs = tuple(check_glob(g) for g in split(get("glob")))
    settings = Settings(
        inputs=tuple(args.inputs),
        formats=tuple(dict.fromkeys(formats)),
        editions=editions,
        outdir=Path(output) if output and single is None and not to_stdout else Path("."),
        single_output=single,
        to_stdout=to_stdout,
        jobs=(os.cpu_count() or 1) if jobs is None else jobs,
        globs=globs,
        manifest=Path(manifest) if manifest else None,
        stem=get("stem"),
        check=bool(args.check),
        quiet=bool(args.quiet),
        verbose=bool(args.verbose),
        debug=bool(args.debug),
        annotations=annotations,
        config=config,
    )
    return settings, _options(get)


def _single_output(
    output: str | None, formats: list[str], inputs: Sequence[str]
) -> tuple[Path | None, bool]:
    """``-o FILE.ext`` / ``-o -`` with one input: (the file, whether it is stdout)."""
    if output is None:
        return None, False
    one_file = len(inputs) == 1 and (inputs[0] == "-" or not Path(inputs[0]).is_dir())
    if output == "-":
        if not one_file:
            raise UsageError("-o - writes one document to standard output: give one input")
        return None, True
    path = Path(output)
    fmt = _format_of(path, formats)
    if fmt is None or path.is_dir() or output.endswith(("/", os.sep)):
        return None, False
    if not one_file:
        raise UsageError(f"-o {output}: a file name takes one input document (use -o FOLDER)")
    if formats and formats != [fmt]:
        raise UsageError(
            f"-o {output} is a .{path.suffix[1:]} file but --to asks for {','.join(formats)}"
        )
    return path, False


def _format_of(path: Path, formats: Sequence[str]) -> str | None:
    """The format a ``-o`` file name asks for, by its extension: an ``.html`` file is a
    WeChat format under ``--to wechat`` (or ``wechat-page``), or without ``--to`` when it is
    named ``….wechat.html`` (``….wechat-page.html``)."""
    fmt = _EXTENSION_FORMATS.get(path.suffix.lower())
    if fmt != "html" or list(formats) == ["html"]:
        return fmt
    for wechat in ("wechat-page", "wechat"):
        named = not formats and path.name.lower().endswith(f".{wechat}.html")
        if named or list(formats) == [wechat]:
            return wechat
    return fmt


def _options(get: _Source) -> Options:
    with get.checking("no-repair"):
        repairs = [choose(r, REPAIRS, "repair") for r in split(get("no-repair"))]
    glossary, reference = get("glossary"), get("reference-docx")
    # Checked once here, so a batch does not fail document by document on the same typo.
    for key, value in (("glossary", glossary), ("reference-docx", reference)):
        if value and not Path(value).is_file():
            with get.checking(key):
                raise UsageError(f"--{key}: no such file: {value}")
    with get.checking("docx-font"):
        docx_fonts = _pairs(get("docx-font"), "--docx-font")
    with get.checking("pdf-font"):
        pdf_fonts = _pairs(get("pdf-font"), "--pdf-font")
    return Options(
        input_format=get.choose("from", INPUT_FORMATS, "input format", "auto"),
        encoding=get.choose("encoding", ENCODINGS, "encoding", "auto"),
        genre=get.choose("genre", GENRES, "genre", "auto"),
        disabled_repairs=frozenset(repairs),
        phrases=bool(get("phrases")),
        quotes=get.choose("quotes", QUOTES, "quotes mode", "localize"),
        glossary=Path(glossary) if glossary else None,
        default_glossary=not get("no-default-glossary"),
        resource_paths=tuple(Path(p) for p in split(get("resource-path"))),
        follow_symlinks=bool(get("follow-symlinks")),
        preset=get.choose("preset", PRESETS, "preset", "default"),
        docx_fonts=docx_fonts,
        reference_docx=Path(reference) if reference else None,
        pdf_fonts=pdf_fonts,
        page_size=get.choose("page-size", PAGE_SIZES, "page size", "A4"),
        autospace=get("autospace") is not False,
        vertical=bool(get("vertical")),
        identifier=get("identifier"),
        wechat_theme=get.choose("wechat-theme", _wechat_themes, "WeChat theme", "red"),
        wechat_indent=get("wechat-indent") is not False,
        strict=bool(get("strict")),
        **_limits(get),
    )


def _wechat_themes() -> tuple[str, ...]:
    from ..writers.wechat_theme import THEMES

    return tuple(THEMES)


def _limits(get: _Source) -> dict[str, int]:
    """The size limits set on the command line or in the configuration."""
    out: dict[str, int] = {}
    for flag, field in (
        ("max-input-size", "max_input_bytes"),
        ("max-images-size", "max_image_bytes_total"),
        ("max-nesting", "max_nesting"),
        ("max-table-cells", "max_table_cells"),
    ):
        value = get.number(flag)
        if value is not None:
            out[field] = value
    return out
