"""The public API: ``parse`` and ``load`` read a document once; ``convert`` writes every format
and edition of many documents. This is the one module that touches output files.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field, replace
from pathlib import Path

from .encoding import decode
from .errors import ConvertError
from .model import Diagnostic, Document
from .options import Options
from .outputs import atomic_write_all
from .reader import read_markdown
from .repair import RepairContext, repair_whitespace, replace_illegal, run_repairs

__all__ = ["ConvertResult", "InputResult", "OutputFile", "convert", "load", "parse"]


def parse(text: str, *, options: Options | None = None, file: str | None = None) -> Document:
    """Read Markdown ``text`` into a Document, with every enabled repair applied.

    ``file`` names the source in diagnostics and errors. Raises ConvertError for an empty
    document, bad front matter, or structure past the configured limits.
    """
    options = options or Options()
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    if len(text.encode("utf-8", "surrogatepass")) > options.max_input_bytes:
        raise ConvertError(f"input larger than {options.max_input_bytes} bytes", file=file)
    ctx = RepairContext(lines=text.split("\n"), file=file)
    if options.repair_enabled("whitespace"):
        text = repair_whitespace(text, ctx)
    else:
        text = replace_illegal(text, ctx)
    if not text.strip():
        raise ConvertError("empty document (nothing but whitespace)", file=file, code="empty")
    result = read_markdown(text, options, file)
    ctx.lines = result.lines
    ctx.title_line = 1 if result.title_from_front_matter else _title_line(result.lines)
    doc = Document(result.meta, result.blocks, ())
    if not doc.blocks and not doc.meta.title:
        raise ConvertError("empty document (no text after the front matter)", file=file)
    doc = run_repairs(doc, ctx, options)
    diagnostics = sorted([*result.diagnostics, *ctx.diagnostics], key=lambda d: d.line or 0)
    return replace(doc, diagnostics=tuple(diagnostics))


def _title_line(lines: list[str]) -> int:
    for number, line in enumerate(lines, 1):
        if line.startswith("# "):
            return number
    return 0


def load(path: str | os.PathLike[str], *, options: Options | None = None) -> Document:
    """Read the file at ``path`` (UTF-8/16 with or without BOM, GB18030, Big5) into a Document."""
    options = options or Options()
    p = Path(path)
    name = str(path)
    try:
        if p.is_dir():
            raise ConvertError("is a directory, not a document", file=name, code="io")
        size = p.stat().st_size
        if size > options.max_input_bytes:
            raise ConvertError(
                f"file is {size} bytes, over the limit of {options.max_input_bytes}",
                file=name,
                code="too-large",
            )
        data = p.read_bytes()
    except FileNotFoundError:
        raise ConvertError("no such file", file=name, code="io") from None
    except PermissionError:
        raise ConvertError("permission denied", file=name, code="io") from None
    except OSError as exc:
        raise ConvertError(exc.strerror or str(exc), file=name, code="io") from None
    text, encoding = decode(data, name)
    doc = parse(text, options=options, file=name)
    if encoding not in ("utf-8", "utf-16", "utf-32"):
        note = Diagnostic("info", "encoding", f"decoded as {encoding.upper()}", None, name)
        doc = replace(doc, diagnostics=(note, *doc.diagnostics))
    return doc


# ---------------------------------------------------------------------- convert


@dataclass(frozen=True)
class OutputFile:
    """One file written: where, which format and edition, its size and SHA-256."""

    path: Path
    format: str
    edition: str
    size: int
    sha256: str


@dataclass
class InputResult:
    """The outcome for one input document."""

    source: str
    outputs: list[OutputFile] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    error: str | None = None
    traceback: str | None = None  # for internal errors (printed with --debug)

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class ConvertResult:
    """The outcome of a whole ``convert`` call, input by input."""

    inputs: list[InputResult]

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.inputs)

    @property
    def outputs(self) -> list[OutputFile]:
        return [o for r in self.inputs for o in r.outputs]

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return [d for r in self.inputs for d in r.diagnostics]


@dataclass(frozen=True)
class Job:
    """One document to convert: where it comes from and where its outputs go."""

    source: str  # path, or a display name for text given directly
    out_dir: Path
    stem: str
    text: str | None = None  # the document's text when it is not read from ``source``


def render(
    doc: Document,
    formats: Sequence[str],
    editions: Sequence[str],
    options: Options,
    *,
    base_dir: Path | None = None,
    source: str | None = None,
) -> tuple[list[tuple[str, str, bytes]], list[Diagnostic]]:
    """Every (format, edition) of ``doc`` as bytes, in memory, plus the writers' diagnostics."""
    from .editions import apply_edition
    from .writers import WriteContext, get_writer

    rendered: list[tuple[str, str, bytes]] = []
    diagnostics: list[Diagnostic] = []
    for edition in editions:
        edoc = apply_edition(doc, edition, options)
        diagnostics += edoc.diagnostics[len(doc.diagnostics) :]
        for fmt in formats:
            ctx = WriteContext(options=options, base_dir=base_dir, source_file=source)
            data = get_writer(fmt)(edoc, ctx)
            diagnostics += ctx.diagnostics
            rendered.append((fmt, edition, data))
    return rendered, diagnostics


def run_job(
    job: Job, formats: Sequence[str], editions: Sequence[str], options: Options
) -> InputResult:
    """Convert one document into all formats and editions; write nothing unless all succeed."""
    from .editions import output_name
    from .writers import EXTENSIONS

    result = InputResult(job.source)
    try:
        if job.text is not None:
            doc = parse(job.text, options=options, file=job.source)
            base_dir: Path | None = Path.cwd()
        else:
            doc = load(job.source, options=options)
            base_dir = Path(job.source).resolve().parent
        result.diagnostics += doc.diagnostics
        rendered, diags = render(
            doc, formats, editions, options, base_dir=base_dir, source=job.source
        )
        result.diagnostics += _dedupe(diags)
        if options.strict:
            warnings = [d for d in result.diagnostics if d.level != "info"]
            if warnings:
                raise ConvertError(
                    f"{len(warnings)} warning(s) under --strict; first: {warnings[0].message}",
                    file=job.source,
                    line=warnings[0].line,
                    code="strict",
                )
        files = [
            (job.out_dir / output_name(job.stem, edition, EXTENSIONS[fmt]), fmt, edition, data)
            for fmt, edition, data in rendered
        ]
        atomic_write_all([(path, data) for path, _, _, data in files])
        for path, fmt, edition, data in files:
            digest = hashlib.sha256(data).hexdigest()
            result.outputs.append(OutputFile(path, fmt, edition, len(data), digest))
    except ConvertError as exc:
        import traceback

        result.error = str(exc.located(job.source))
        result.traceback = traceback.format_exc()
    except Exception as exc:  # a writer bug must not stop the batch: report it, move on
        import traceback

        result.error = f"{job.source}: internal error: {type(exc).__name__}: {exc}"
        result.traceback = traceback.format_exc()
    return result


def _dedupe(diags: Iterable[Diagnostic]) -> list[Diagnostic]:
    seen: set[Diagnostic] = set()
    out: list[Diagnostic] = []
    for d in diags:
        if d not in seen:
            seen.add(d)
            out.append(d)
    return out


def convert(
    inputs: Iterable[str | os.PathLike[str]],
    *,
    outdir: str | os.PathLike[str],
    formats: Sequence[str] = ("json",),
    editions: Sequence[str] = ("zh-Hans",),
    options: Options | None = None,
    executor: Executor | None = None,
) -> ConvertResult:
    """Convert files (or folders of ``*.md``/``*.markdown``/``*.txt``) into every format and
    edition under ``outdir``, mirroring the input tree.

    One failing document never stops the others; its error is in its ``InputResult``. Pass an
    ``executor`` (a process pool, or a cluster's executor) to convert documents in parallel.
    """
    from .batch import plan_jobs

    options = options or Options()
    _check_names(formats, editions)
    jobs = plan_jobs([Path(p) for p in inputs], Path(outdir), formats, editions)
    if executor is None:
        return ConvertResult([run_job(j, formats, editions, options) for j in jobs])
    futures = [executor.submit(run_job, j, formats, editions, options) for j in jobs]
    return ConvertResult([f.result() for f in futures])


def _check_names(formats: Sequence[str], editions: Sequence[str]) -> None:
    from .options import EDITIONS
    from .writers import WRITERS

    for fmt in formats:
        if fmt not in WRITERS:
            raise ConvertError(
                f"unknown format {fmt!r} (choose from: {', '.join(WRITERS)})", code="usage"
            )
    for edition in editions:
        if edition not in EDITIONS:
            raise ConvertError(
                f"unknown edition {edition!r} (choose from: {', '.join(EDITIONS)})", code="usage"
            )
