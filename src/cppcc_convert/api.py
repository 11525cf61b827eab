"""The public API: ``parse`` and ``load`` read a document once; ``render`` turns a Document
into the bytes of one format and edition, in memory; ``convert`` writes every format and
edition of many documents, atomically. Defaults are the command line's.

    >>> import cppcc_convert
    >>> doc = cppcc_convert.parse("# 标题\\n\\n正文。")
    >>> pdf = cppcc_convert.render(doc, "pdf", edition="zh-TW")
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from .batch import DEFAULT_GLOBS, check_outputs, check_writable, plan
from .editions import QUOTE_MODES
from .errors import InputError, UsageError, choose
from .execute import (
    MAX_READ,
    ConvertResult,
    InputResult,
    OnResult,
    OutputFile,
    execute,
    read_limited,
)
from .model import Document
from .options import ENCODINGS, GENRES, INPUT_FORMATS, PAGE_SIZES, PRESETS, REPAIRS, Options
from .pipeline import parse_text, read_document, render_document
from .resources import FileResources
from .spool import Output, output_bytes

if TYPE_CHECKING:
    from concurrent.futures import Executor

__all__ = [
    "DEFAULT_EDITIONS",
    "DEFAULT_FORMATS",
    "ConvertResult",
    "InputResult",
    "OutputFile",
    "convert",
    "load",
    "parse",
    "render",
]

# The command line's defaults too (cli/parser.py reads them from here).
DEFAULT_FORMATS: tuple[str, ...] = ("docx", "pdf", "epub", "html")
DEFAULT_EDITIONS: tuple[str, ...] = ("zh-Hans",)


def checked_options(options: Options | None) -> Options:
    """``options`` (default: ``Options()``) with every named value spelled as the tables
    spell it, matched case-insensitively as on the command line (``genre="NEWS"`` is
    ``"news"``); an unknown name is a ``UsageError`` listing the known ones."""
    from .writers.wechat_theme import THEMES

    o = options or Options()
    return replace(
        o,
        input_format=choose(o.input_format, INPUT_FORMATS, "input format"),
        encoding=choose(o.encoding, ENCODINGS, "encoding"),
        genre=choose(o.genre, GENRES, "genre"),
        quotes=choose(o.quotes, QUOTE_MODES, "quotes mode"),
        preset=choose(o.preset, PRESETS, "preset"),
        page_size=choose(o.page_size, PAGE_SIZES, "page size"),
        wechat_theme=choose(o.wechat_theme, tuple(THEMES), "WeChat theme"),
        disabled_repairs=frozenset(choose(r, REPAIRS, "repair") for r in o.disabled_repairs),
    )


def _format(name: str) -> str:
    from .writers import WRITERS

    return choose(name, tuple(WRITERS), "format")


def parse(
    text: str,
    *,
    options: Options | None = None,
    file: str | None = None,
    input_format: str = "markdown",
) -> Document:
    """Read ``text`` (Markdown, or plain text with ``input_format="text"``) into a Document,
    with every enabled repair applied.

    ``file`` names the source in diagnostics and errors. Raises ``InputError`` for an empty
    document, bad front matter, or structure past the configured limits.
    """
    options = checked_options(options)
    fmt = choose(input_format, ("markdown", "text"), "input format")
    return parse_text(text, options, file, fmt)


def load(path: str | os.PathLike[str], *, options: Options | None = None) -> Document:
    """Read the file at ``path`` (UTF-8/16/32 with or without BOM, GB18030, Big5; ``.txt`` is
    plain text, the rest Markdown) into a Document."""
    from .batch import special_reason

    options = checked_options(options)
    p, name = Path(path), os.fspath(path)
    reason = special_reason(p)
    if reason is not None:
        raise InputError(reason, file=name)
    try:
        data = read_limited(p, min(options.max_input_bytes, MAX_READ))
    except InputError as exc:
        raise exc.located(name) from None
    except OSError as exc:
        raise InputError(exc.strerror or str(exc), file=name) from None
    return read_document(data, name, options)


def render(
    doc: Document,
    format: str,
    *,
    edition: str = "zh-Hans",
    options: Options | None = None,
    base_dir: str | os.PathLike[str] | None = None,
) -> bytes:
    """The bytes of ``doc`` in one format (``docx``, ``pdf``, ``epub``, ``html``, ``json``) and
    edition (``zh-Hans``, ``zh-Hant``, ``zh-TW``, ``zh-HK``; any case), in memory.

    Images are read from ``base_dir`` (and ``options.resource_paths``) under the usual path
    rules; without it, none are. Raises ``UsageError`` for an unknown format or edition and,
    with ``options.strict``, ``StrictError`` when the document has warnings."""
    return output_bytes(_render_one(doc, format, edition, options, base_dir))


def render_file(
    doc: Document,
    format: str,
    path: str | os.PathLike[str],
    *,
    edition: str = "zh-Hans",
    options: Options | None = None,
    base_dir: str | os.PathLike[str] | None = None,
) -> OutputFile:
    """``render``, written to the file at ``path`` atomically (a temporary file in its folder,
    then renamed) as the command line writes it: a large output is never held whole in
    memory (a table's JSON can be 60 times its input). Raises as ``render`` does, and
    ``OutputError`` when the file cannot be written."""
    from .locale import edition as find_edition
    from .outputs import atomic_write_all

    data = _render_one(doc, format, edition, options, base_dir)
    target = Path(path)
    written = atomic_write_all([(target, data)])[0]
    name = find_edition(edition).name
    return OutputFile(target, _format(format), name, written.size, written.sha256)


def _render_one(
    doc: Document,
    format: str,
    edition: str,
    options: Options | None,
    base_dir: str | os.PathLike[str] | None,
) -> Output:
    from .locale import edition as find_edition
    from .pipeline import strict_failure

    options = checked_options(options)
    fmt = _format(format)
    name = find_edition(edition).name
    roots = (
        (Path(base_dir), *options.resource_paths)
        if base_dir is not None
        else options.resource_paths
    )
    images = FileResources(tuple(roots), options.follow_symlinks)
    outputs, diagnostics = render_document(doc, (fmt,), (name,), options, images)
    if options.strict:
        failure = strict_failure([*doc.diagnostics, *diagnostics], "<document>")
        if failure is not None:
            raise failure
    return outputs[0][2]


def _names(values: Iterable[str] | str) -> list[str]:
    items = [values] if isinstance(values, str) else list(values)
    return [n.strip() for item in items for n in str(item).split(",") if n.strip()]


def convert(
    inputs: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
    *,
    outdir: str | os.PathLike[str] = ".",
    formats: Sequence[str] | str = DEFAULT_FORMATS,
    editions: Sequence[str] | str = DEFAULT_EDITIONS,
    options: Options | None = None,
    executor: Executor | None = None,
    jobs: int = 1,
    globs: Sequence[str] = DEFAULT_GLOBS,
    on_result: OnResult | None = None,
) -> ConvertResult:
    """Convert files (or folders of ``*.md``/``*.markdown``/``*.txt``) into every format and
    edition under ``outdir``, mirroring the input tree.

    ``inputs`` is one path or several; ``formats`` and ``editions`` take the command line's
    spellings (``"docx,pdf"``, ``"all"``, ``"zh-tw"``). One failing document never stops the
    others; its error is in its ``InputResult``. ``jobs`` > 1 converts in that many worker
    processes; an ``executor`` (a process pool, or a cluster's, such as Dask's
    ``Client.get_executor()``) runs the conversions wherever it likes: jobs carry their bytes.
    Usage errors (unknown names, outputs that would leave ``outdir`` or replace an input)
    raise ``UsageError`` before anything is written.
    """
    from .locale import parse_editions
    from .writers import EXTENSIONS, WRITERS

    options = checked_options(options)
    if isinstance(inputs, str | os.PathLike):
        inputs = [inputs]
    names = [os.fspath(p) for p in inputs]
    if not names:
        raise UsageError("no input given (a file or a folder)")
    fmts = list(dict.fromkeys(_format(f) for f in _names(formats)))
    if not fmts:
        raise UsageError(f"no format given (choose from: {', '.join(WRITERS)})")
    eds = parse_editions(list(editions) if not isinstance(editions, str) else editions)
    if jobs < 1:
        raise UsageError("jobs must be at least 1")
    out = Path(outdir)
    batch = plan(
        names, out, fmts, eds, EXTENSIONS, globs=globs, follow_symlinks=options.follow_symlinks
    )
    check_outputs(batch, out, None)
    check_writable(out)
    return execute(batch, fmts, eds, options, executor=executor, jobs=jobs, on_result=on_result)
