"""The conversion pipeline as pure functions: bytes in, a Document, output bytes out.

``read_document`` decodes and parses once; ``render_document`` applies each edition and each
writer; ``run_job`` does both for a ``Job`` — a document's bytes and the images it may use —
and returns the outputs as bytes. Nothing here touches the file system, so a job runs the
same in this process, in a worker process, or on a cluster node with a disk of its own.
"""

from __future__ import annotations

import gc
import threading
import traceback
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace

from .anchors import assign_heading_ids, collect_ids, resolve_links, with_ids
from .encoding import decode
from .errors import ConvertError, ErrorKind, InputError, InternalError, StrictError
from .links import link_diagnostics
from .model import Diagnostic, Document, Heading, Official
from .official import find_parts
from .options import Options
from .repair import RepairContext, repair_whitespace, replace_illegal, run_repairs
from .resources import ImageCache, PreloadedResources, Resources
from .spool import Output
from .walk import iter_blocks

TEXT_SUFFIXES = (".txt", ".text")


def input_format(name: str, options: Options) -> str:
    """``markdown`` or ``text``: the option, else by the file name (``.txt`` is text)."""
    if options.input_format != "auto":
        return options.input_format
    return "text" if name.lower().endswith(TEXT_SUFFIXES) else "markdown"


def parse_text(
    text: str, options: Options, file: str | None = None, fmt: str = "markdown"
) -> Document:
    """Read decoded ``text`` into a Document, with every enabled repair applied, heading ids
    assigned and in-document links resolved."""
    with collector_paused():
        return _parse_text(text, options, file, fmt)


_pause_lock = threading.Lock()
_pauses = [0, False]  # reads under way, and whether the collector ran before the first


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while a document is read, as it was after.

    Reading makes hundreds of thousands of objects (tokens, nodes, diagnostics) and almost no
    cycles (a few dozen per document: markdown-it's parser objects), yet each 700 allocations
    start a collection that walks the young objects, and the growing model sets off full
    ones: about a tenth of the reading time (22 ms of 200 on the sample x100, 137
    collections). Reference counting frees everything else as before, and the few cycles go
    at the next collection. Reads in several threads share one pause: the collector runs
    again when the last one ends, if it ran before the first began."""
    with _pause_lock:
        if _pauses[0] == 0:
            _pauses[1] = gc.isenabled()
            gc.disable()
        _pauses[0] += 1
    try:
        yield
    finally:
        with _pause_lock:
            _pauses[0] -= 1
            if _pauses[0] == 0 and _pauses[1]:
                gc.enable()


def _parse_text(text: str, options: Options, file: str | None, fmt: str) -> Document:
    from .reader import read_markdown, read_text

    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    if len(text.encode("utf-8", "surrogatepass")) > options.max_input_bytes:
        raise InputError(f"input larger than {options.max_input_bytes} bytes", file=file)
    ctx = RepairContext(lines=[], file=file)  # the reader's lines, once it has split them
    if options.repair_enabled("whitespace"):
        text = repair_whitespace(text, ctx)
    else:
        text = replace_illegal(text, ctx)
    if not text.strip():
        raise InputError("empty document (nothing but whitespace)", file=file)
    result = (read_text if fmt == "text" else read_markdown)(text, options, file)
    ctx.lines = result.lines
    ctx.title_line = result.title_line
    doc = Document(result.meta, result.blocks, ())
    if not result.lang_declared:
        doc = source_script(doc, text, ctx)
    if not doc.blocks and not doc.meta.title:
        raise InputError("empty document (no text after the front matter)", file=file)
    doc = _structure(doc, ctx, options, fmt)
    doc = run_repairs(doc, ctx, options)
    if doc.meta.official is not None or official_preset(doc, options):
        from .official_lint import check as check_official

        def warn(code: str, message: str, line: int | None) -> None:
            ctx.report(code, message, line, "warning")

        if doc.meta.official is None:
            doc = replace(doc, meta=replace(doc.meta, official=Official()))
        check_official(doc, warn, ctx.official_lines)
    doc, more = finish(doc, file, fmt != "text" and ("[" in text or "<" in text))
    diagnostics = [*result.diagnostics, *ctx.diagnostics, *more]
    diagnostics.sort(key=lambda d: d.line or 0)
    return replace(doc, diagnostics=tuple(diagnostics))


def source_script(doc: Document, text: str, ctx: RepairContext) -> Document:
    """``doc`` labelled ``zh-Hant`` when its undeclared source is clearly Traditional (see
    script.py), with a note; else ``doc`` itself: the editions then convert from Traditional."""
    from .script import RATIO, count_script

    count = count_script(text)
    if not count.is_traditional:
        return doc
    ctx.report(
        "source-traditional",
        f"read as Traditional Chinese (zh-Hant): {count.traditional} Traditional-only and "
        f"{count.simplified} Simplified-only characters (at least {RATIO} times as many); "
        "set lang in the front matter to override",
        None,
    )
    return replace(doc, meta=replace(doc.meta, lang="zh-Hant"))


def _structure(doc: Document, ctx: RepairContext, options: Options, fmt: str) -> Document:
    """The genre (guessed unless given), and the structure of text that has no markup."""
    from .genres import guess_genre, looks_structured
    from .structure import find_structure

    preset = official_preset(doc, options)
    if options.genre != "auto":
        genre = options.genre
    elif preset:
        genre = "official"
        ctx.report("genre", "read as official: the official preset", None)
    else:
        guess = guess_genre(doc, fmt == "text")
        ctx.report("genre", f"read as {guess.genre}: {guess.reason} (--genre to choose)", None)
        genre = guess.genre
    ctx.genre = genre
    if genre == "official" or preset:
        doc, ctx.official_lines = find_parts(doc, ctx.report)
    if not options.repair_enabled("structure"):
        return doc
    if fmt == "text" or (genre in ("book", "statute", "official") and looks_structured(doc.blocks)):
        first = doc.blocks[0].line if doc.blocks else 0
        had_title = bool(doc.meta.title)
        doc = find_structure(doc, genre, ctx.report, book_author=genre == "book")
        if doc.meta.title and not had_title:
            ctx.title_line = first
    return doc


def official_preset(doc: Document, options: Options) -> bool:
    """Whether the document is set as an official document (GB/T 9704): ``--preset
    official``, front matter ``preset: official`` or official parts, or ``--genre official``."""
    return (
        options.preset == "official"
        or options.genre == "official"
        or doc.meta.extra.get("preset") == "official"
        or doc.meta.official is not None
    )


def finish(
    doc: Document, file: str | None, links: bool = True
) -> tuple[Document, list[Diagnostic]]:
    """Heading ids, in-document links and the link policy's notes: the last reading step,
    after the repairs (which may make headings). ``links=False``: the text holds no link
    (Markdown makes one only from a ``[`` or a ``<``), so there is none to resolve or note."""
    warnings: list[Diagnostic] = []

    def warn(message: str, line: int) -> None:
        warnings.append(Diagnostic("warning", "heading-id", message, line or None, file))

    # HTML anchors only: a heading's explicit {#id} is its own, not a clash with itself
    anchors = collect_ids(doc.blocks, headings=False)
    blocks = assign_heading_ids(doc.blocks, anchors, warn)
    if not links:
        return replace(doc, blocks=blocks), warnings
    # collect_ids(blocks): the anchors (assigning heading ids changed none) and the heading
    # ids; the same after resolve_links, which changes no id
    ids = anchors | {b.id for b in iter_blocks(blocks) if isinstance(b, Heading) and b.id}
    blocks, link_notes = resolve_links(blocks, file, ids)
    doc = replace(doc, blocks=blocks)
    return doc, warnings + link_notes + link_diagnostics(doc, ids, file)


def read_document(data: bytes, name: str, options: Options) -> Document:
    """Decode ``data`` (BOM, UTF-8, GB18030 or Big5; see encoding.py) and parse it."""
    text, _, notes = decode(data, name, options.encoding)
    doc = parse_text(text, options, name, input_format(name, options))
    return replace(doc, diagnostics=(*notes, *doc.diagnostics)) if notes else doc


def render_document(
    doc: Document,
    formats: Sequence[str],
    editions: Sequence[str],
    options: Options,
    images: Resources | None = None,
    source: str | None = None,
) -> tuple[list[tuple[str, str, Output]], list[Diagnostic]]:
    """Every (format, edition) of ``doc`` as bytes (or a spool), plus the editions' and writers'
    diagnostics (each once)."""
    from .editions import apply_edition
    from .locale import resolve
    from .writers import WriteContext, get_output_writer

    doc = with_ids(doc)
    cache = ImageCache(images or PreloadedResources())
    link_ids = frozenset(collect_ids(doc.blocks))
    rendered: list[tuple[str, str, Output]] = []
    diagnostics: list[Diagnostic] = []
    for edition in editions:
        edoc = apply_edition(doc, edition, options)
        diagnostics += edoc.diagnostics[len(doc.diagnostics) :]
        locale = resolve(edoc.meta.lang)  # once per edition; every writer reads ctx.locale
        for fmt in formats:
            ctx = WriteContext(options, locale, link_ids, cache, source)
            data = get_output_writer(fmt)(edoc, ctx)
            diagnostics += ctx.diagnostics
            rendered.append((fmt, edition, data))
    return rendered, dedupe(diagnostics)


def dedupe(diags: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Each diagnostic once, in first-seen order (formats and editions repeat them)."""
    return list(dict.fromkeys(diags))


def strict_failure(diagnostics: Sequence[Diagnostic], source: str) -> StrictError | None:
    """The error ``--strict`` raises for these diagnostics, if any is a warning or worse."""
    warnings = [d for d in diagnostics if d.level != "info"]
    if not warnings:
        return None
    first = warnings[0]
    return StrictError(
        f"{len(warnings)} warning(s) under --strict; first: {first.message} [{first.code}]",
        file=source,
        line=first.line,
    )


# ------------------------------------------------------------------ jobs


@dataclass(frozen=True)
class Job:
    """One document to convert, carrying everything a worker needs: its name (for messages
    and to tell Markdown from text), its bytes, and the images it may embed."""

    source: str
    data: bytes
    images: PreloadedResources = field(default_factory=PreloadedResources)
    check_only: bool = False  # read and repair; render nothing


@dataclass
class JobResult:
    """What a job gives back: output bytes (or spools) per (format, edition), diagnostics,
    or an error."""

    source: str
    outputs: list[tuple[str, str, Output]] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    error: str | None = None
    kind: ErrorKind | None = None
    traceback: str | None = None  # internal errors, for --debug


def run_job(
    job: Job, formats: Sequence[str], editions: Sequence[str], options: Options
) -> JobResult:
    """Read, repair and render one document; never raises for a bad document."""
    result = JobResult(job.source)
    try:
        doc = read_document(job.data, job.source, options)
        result.diagnostics += doc.diagnostics
        if not job.check_only:
            outputs, diags = render_document(
                doc, formats, editions, options, job.images, job.source
            )
            result.diagnostics += diags
        if options.strict:
            failure = strict_failure(result.diagnostics, job.source)
            if failure is not None:
                raise failure
        if not job.check_only:
            result.outputs = outputs
    except ConvertError as exc:
        result.error, result.kind = str(exc.located(job.source)), exc.kind
        result.outputs = []
    except RecursionError:
        result.error, result.kind = f"{job.source}: document nested too deeply", ErrorKind.INPUT
        result.outputs = []
    except MemoryError:
        result.error, result.kind = f"{job.source}: out of memory", ErrorKind.INPUT
        result.outputs = []
    except Exception as exc:  # a writer bug must not stop the batch: report it, move on
        internal = InternalError(f"internal error: {type(exc).__name__}: {exc}", file=job.source)
        result.error, result.kind = str(internal), ErrorKind.INTERNAL
        result.traceback = traceback.format_exc()
        result.outputs = []
    return result
