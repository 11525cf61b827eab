"""Running the command: plan, check the outputs can be written, convert (printing each
document's diagnostics as it finishes), write the manifest, print the summary."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from ..batch import DEFAULT_GLOBS, STDIN, Plan, Planned, check_outputs, check_writable, plan
from ..dates import check_epoch
from ..errors import ConvertError, ErrorKind, ExitCode, InputError, OutputError, UsageError
from ..execute import (
    MAX_READ,
    ConvertResult,
    InputResult,
    OnResult,
    execute,
    failed_result,
    make_job,
    read_at_most,
)
from ..model import Diagnostic
from ..options import Options
from ..pipeline import run_job
from ..spool import output_chunks
from ..text import one_line
from .settings import Settings


def _escape_property(text: str) -> str:
    """A workflow command's property value (``file=…``): its separators percent-encoded as
    GitHub decodes them, any other control character escaped (``\\x1b``)."""
    return one_line(
        text.replace("%", "%25")
        .replace("\r", "%0D")
        .replace("\n", "%0A")
        .replace(":", "%3A")
        .replace(",", "%2C")
    )


def _escape_data(text: str) -> str:
    """A workflow command's message: one line whatever it holds."""
    return one_line(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def annotation(level: str, file: str | None, line: int | None, message: str) -> str:
    """A GitHub Actions workflow command (``::error file=…,line=…::message``)."""
    where = f"file={_escape_property(file or '')}"
    if line:
        where += f",line={line}"
    return f"::{level} {where}::{_escape_data(message)}"


def _annotation(diag: Diagnostic) -> str | None:
    """The workflow command for a diagnostic (warnings and errors only)."""
    if diag.level == "info":
        return None
    return annotation(diag.level, diag.file, diag.line, f"{diag.message} [{diag.code}]")


def safe_line(text: str) -> str:
    """One line of output that no CI log reads as a command: control characters escaped,
    and a line that would begin like a GitHub workflow command (``::``) or a legacy one
    (``##[``) is moved off the start (``./::x.md: …``)."""
    text = one_line(text)
    return f"./{text}" if text.startswith(("::", "##[")) else text


class Printer:
    """Prints diagnostics and errors to standard error as results arrive."""

    def __init__(self, settings: Settings, out: TextIO | None = None) -> None:
        self.settings = settings
        self.out = out or sys.stderr

    def line(self, text: str) -> None:
        """One line of output (never a workflow command: see ``command``)."""
        print(safe_line(text), file=self.out, flush=True)

    def command(self, text: str) -> None:
        """A workflow command we mean to emit (``--annotations github``)."""
        print(text, file=self.out, flush=True)

    def diagnostics(self, diags: Sequence[Diagnostic]) -> None:
        s = self.settings
        for diag in diags:
            if not s.quiet and (diag.level != "info" or s.verbose):
                self.line(diag.format())
            if s.annotations == "github":
                command = _annotation(diag)
                if command is not None:
                    self.command(command)

    def result(self, result: InputResult) -> None:
        self.diagnostics(result.diagnostics)
        if result.error:
            if self.settings.debug and result.traceback:
                for text in result.traceback.rstrip().splitlines():
                    self.line(text)
            self.line(result.error)
            if self.settings.annotations == "github":
                self.command(annotation("error", result.source, None, result.error))


def _stdin_bytes(settings: Settings, options: Options) -> bytes | None:
    if STDIN not in settings.inputs:
        return None
    limit = min(options.max_input_bytes, MAX_READ)
    data = read_at_most(sys.stdin.buffer, limit)
    if data is None:
        raise InputError(f"standard input is over the limit of {limit} bytes", file="<stdin>")
    return data


def _report_config(settings: Settings, printer: Printer) -> None:
    """Under ``-v``: which configuration file is used, and how it was found (or why none)."""
    config = settings.config
    if config.path is not None:
        printer.line(f"cppcc-convert: configuration {config.path} ({config.how})")
    elif config.how == "--no-config":
        printer.line("cppcc-convert: no configuration file read (--no-config)")
    else:
        where = ", ".join(str(p) for p in config.searched) or "nowhere"
        printer.line(
            "cppcc-convert: no configuration file found (looked for cppcc-convert.toml and "
            f"[tool.cppcc-convert] in pyproject.toml in: {where})"
        )


def _check_manifest(manifest: Path) -> None:
    """The manifest can be written where it was asked for: checked before any rendering."""
    if manifest.is_dir():
        raise OutputError(f"--manifest {manifest}: is a folder")
    check_writable(manifest.parent)
    from .manifest import remove_old

    remove_old(manifest)


def run(settings: Settings, options: Options) -> int:
    """Convert (or check) every input; return the exit code."""
    from ..writers import EXTENSIONS

    printer = Printer(settings)
    check_epoch(options)  # an odd SOURCE_DATE_EPOCH stops the run before it starts
    if settings.verbose:
        _report_config(settings, printer)
    stdin = _stdin_bytes(settings, options)
    batch = plan(
        settings.inputs,
        settings.outdir,
        settings.formats,
        settings.editions,
        EXTENSIONS,
        globs=settings.globs or DEFAULT_GLOBS,
        stem=settings.stem,
        follow_symlinks=options.follow_symlinks,
        single_output=settings.single_output,
    )
    printer.diagnostics(batch.notes)
    if settings.to_stdout:
        _import_for(settings.formats)
        return _to_stdout(
            batch.documents[0] if batch.documents else None, settings, options, stdin, printer
        )
    manifest = settings.manifest
    to_stdout = manifest is not None and str(manifest) == STDIN
    if not settings.check:
        root = settings.single_output.parent if settings.single_output else settings.outdir
        check_outputs(batch, root, None if to_stdout else manifest)
        check_writable(root)
        if manifest is not None and not to_stdout:
            _check_manifest(manifest)
    _import_for(() if settings.check else settings.formats)  # --check writes nothing
    result = _execute(batch, settings, options, stdin, printer)
    if manifest is not None and not settings.check:
        from .manifest import manifest_text, write_manifest

        if to_stdout:
            sys.stdout.write(
                manifest_text(result.inputs, options, settings.formats, settings.editions)
            )
            sys.stdout.flush()
        else:
            try:
                write_manifest(
                    manifest, result.inputs, options, settings.formats, settings.editions
                )
            except OutputError as exc:
                printer.line(f"cppcc-convert: {exc}")
                return ExitCode.OUTPUT
    if not settings.quiet:
        _summary(result, settings.check, sys.stderr if to_stdout else sys.stdout)
    return result.exit_code


def _import_for(formats: Sequence[str]) -> None:
    """Import the reader and the writers the run needs, then restart the collector the
    start-up paused (cli.main): the conversion itself runs with it, as any program."""
    from .. import reader  # noqa: F401  # imported here instead of by the first job
    from ..writers import get_writer

    for fmt in formats:
        get_writer(fmt)
    from .collector import resume_collection

    resume_collection()


def _execute(
    batch: Plan, settings: Settings, options: Options, stdin: bytes | None, printer: Printer
) -> ConvertResult:
    tty = sys.stderr.isatty() and sys.stdout.isatty()
    show_bar = len(batch.documents) > 1 and tty and not settings.quiet

    def go(on_result: OnResult) -> ConvertResult:
        return execute(
            batch,
            settings.formats,
            settings.editions,
            options,
            jobs=settings.jobs,
            stdin=stdin,
            check_only=settings.check,
            on_result=on_result,
        )

    if not show_bar:
        return go(printer.result)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        transient=True,
    ) as progress:
        task = progress.add_task("converting", total=len(batch.documents))

        def on_result(result: InputResult) -> None:
            printer.out = progress.console.file  # printed above the bar
            printer.result(result)
            progress.advance(task)

        return go(on_result)


def _to_stdout(
    planned: Planned | None,
    settings: Settings,
    options: Options,
    stdin: bytes | None,
    printer: Printer,
) -> int:
    """``-o -``: the one output on standard output, diagnostics on standard error."""
    if planned is None:
        raise UsageError("-o - needs one input document")
    binary = settings.formats[0] in ("docx", "pdf", "epub")
    if binary and not settings.check and sys.stdout.isatty():  # as pandoc: not to a terminal
        raise UsageError(
            f"-o - would write {settings.formats[0].upper()} to a terminal: redirect it "
            f"(> file.{settings.formats[0]}) or give -o FILE"
        )
    try:
        job = make_job(planned, options, stdin, check_only=settings.check)
    except (ConvertError, OSError) as exc:  # reading failed: report like any document error
        kind = exc.kind if isinstance(exc, ConvertError) else ErrorKind.INPUT
        failed = failed_result(planned, exc, kind)
        printer.result(failed)
        return ConvertResult([failed]).exit_code
    outcome = run_job(job, settings.formats, settings.editions, options)
    printer.diagnostics(outcome.diagnostics)
    if outcome.error:
        printer.line(one_line(outcome.error))
        return ConvertResult(
            [InputResult(outcome.source, error=outcome.error, kind=outcome.kind)]
        ).exit_code
    if settings.check:  # --check writes nothing, not even to standard output
        return ExitCode.OK
    try:
        for chunk in output_chunks(outcome.outputs[0][2]):
            sys.stdout.buffer.write(chunk)
        sys.stdout.buffer.flush()
    except OSError as exc:
        printer.line(f"cppcc-convert: cannot write to standard output: {exc.strerror}")
        return ExitCode.OUTPUT
    return ExitCode.OK


def _summary(result: ConvertResult, check: bool, out: TextIO) -> None:
    inputs = result.inputs
    failed = sum(not r.ok for r in inputs)
    files = sum(len(r.outputs) for r in inputs)
    diags = result.diagnostics
    warnings = sum(d.level == "warning" for d in diags)
    repairs = sum(d.level == "info" for d in diags)
    verb = "checked" if check else "converted"
    written = "" if check else f", {files} files written"
    print(
        f"{verb} {len(inputs) - failed} of {len(inputs)} documents{written}; "
        f"{failed} failed, {warnings} warnings, {repairs} repairs/notes",
        file=out,
        flush=True,
    )
