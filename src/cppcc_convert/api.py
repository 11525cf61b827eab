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
from concurrent.futures import Executor
from pathlib import Path

from .batch import DEFAULT_GLOBS, check_outputs, check_writable, plan
from .errors import InputError, UsageError
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
from .options import Options
from .pipeline import parse_text, read_document, render_document
from .resources import FileResources

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

DEFAULT_FORMATS: tuple[str, ...] = ("docx", "pdf", "epub", "html")
DEFAULT_EDITIONS: tuple[str, ...] = ("zh-Hans",)


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
    options = options or Options()
    if input_format not in ("markdown", "text"):
        raise UsageError(f"unknown input format {input_format!r} (choose from: markdown, text)")
    return parse_text(text, options, file, input_format)


def load(path: str | os.PathLike[str], *, options: Options | None = None) -> Document:
    """Read the file at ``path`` (UTF-8/16/32 with or without BOM, GB18030, Big5; ``.txt`` is
    plain text, the rest Markdown) into a Document."""
    from .batch import special_reason

    options = options or Options()
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
    from .locale import edition as find_edition
    from .pipeline import strict_failure
    from .writers import WRITERS

    options = options or Options()
    if format not in WRITERS:
        raise UsageError(f"unknown format {format!r} (choose from: {', '.join(WRITERS)})")
    name = find_edition(edition).name
    roots = (
        (Path(base_dir), *options.resource_paths)
        if base_dir is not None
        else options.resource_paths
    )
    images = FileResources(tuple(roots), options.follow_symlinks)
    outputs, diagnostics = render_document(doc, (format,), (name,), options, images)
    if options.strict:
        failure = strict_failure([*doc.diagnostics, *diagnostics], "<document>")
        if failure is not None:
            raise failure
    return outputs[0][2]


def _names(values: Iterable[str] | str, kind: str) -> list[str]:
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

    options = options or Options()
    if isinstance(inputs, str | os.PathLike):
        inputs = [inputs]
    names = [os.fspath(p) for p in inputs]
    fmts = _names(formats, "format")
    for fmt in fmts:
        if fmt not in WRITERS:
            raise UsageError(f"unknown format {fmt!r} (choose from: {', '.join(WRITERS)})")
    if not fmts:
        raise UsageError(f"no format given (choose from: {', '.join(WRITERS)})")
    eds = parse_editions(list(editions) if not isinstance(editions, str) else editions)
    out = Path(outdir)
    batch = plan(
        names, out, fmts, eds, EXTENSIONS, globs=globs, follow_symlinks=options.follow_symlinks
    )
    check_outputs(batch, out, None)
    check_writable(out)
    return execute(batch, fmts, eds, options, executor=executor, jobs=jobs, on_result=on_result)
