"""Running a batch for the CLI: worker processes, progress, diagnostics, manifest."""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from .api import InputResult, Job, load, parse, run_job
from .batch import DEFAULT_GLOBS, plan_jobs
from .errors import ConvertError, ExitCode
from .model import Diagnostic
from .options import Options


def _worker_init() -> None:
    # Workers ignore Ctrl-C (the parent handles it) and turn SIGTERM into an exception so
    # atomic writes remove their temporary files.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _raise_interrupt)


def _raise_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def warm_up(formats: Sequence[str], editions: Sequence[str], options: Options) -> None:
    """Load the writers, OpenCC converters and PDF faces a batch needs, once, in the parent:
    worker processes forked afterwards share them instead of loading them each."""
    from .editions import EDITION_LANG, get_converter, opencc_config
    from .writers import get_writer

    for fmt in formats:
        get_writer(fmt)
    for edition in editions:
        if edition != "zh-Hans":
            get_converter(opencc_config(edition, options.phrases))
    if "pdf" in formats:
        from .writers.pdf_fonts import font_set

        for edition in editions:
            faces = font_set(EDITION_LANG.get(edition) or "zh-CN", options)
            faces.face("serif")
            faces.face("sans")


def _print_diagnostics(result: InputResult, args: argparse.Namespace) -> None:
    if args.quiet:
        return
    for diag in result.diagnostics:
        if diag.level != "info" or args.verbose:
            print(diag.format(), file=sys.stderr)


def _check(jobs: Sequence[Job], options: Options) -> list[InputResult]:
    results = []
    for job in jobs:
        result = InputResult(job.source)
        try:
            doc = (
                parse(job.text, options=options, file=job.source)
                if job.text is not None
                else load(job.source, options=options)
            )
            result.diagnostics += doc.diagnostics
            warnings = [d for d in doc.diagnostics if d.level != "info"]
            if options.strict and warnings:
                result.error = f"{job.source}: {len(warnings)} warning(s) under --strict"
        except ConvertError as exc:
            result.error = str(exc.located(job.source))
        results.append(result)
    return results


def _execute(
    jobs: Sequence[Job], settings: dict[str, Any], options: Options, on_done: Callable[[], None]
) -> Iterator[InputResult]:
    formats, editions = settings["formats"], settings["editions"]
    workers = min(settings["jobs"], len(jobs))
    if workers <= 1:
        for job in jobs:
            yield run_job(job, formats, editions, options)
            on_done()
        return
    from concurrent.futures import Future, ProcessPoolExecutor

    warm_up(formats, editions, options)  # forked workers inherit writers, fonts and OpenCC
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_worker_init)
    try:
        futures: list[Future[InputResult]] = [
            pool.submit(run_job, job, formats, editions, options) for job in jobs
        ]
        for future in futures:
            future.add_done_callback(lambda _f: on_done())
        for future in futures:  # in input order, so output and manifest are stable
            yield future.result()
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        for proc in list(getattr(pool, "_processes", {}).values()):
            proc.terminate()  # SIGTERM: workers clean up their temporary files
        for proc in list(getattr(pool, "_processes", {}).values()):
            proc.join(timeout=10)
        raise
    pool.shutdown()


def run(args: argparse.Namespace, options: Options, settings: dict[str, Any]) -> int:
    """Convert (or check) every input; return the exit code."""
    stdin_text = sys.stdin.read() if "-" in args.inputs else None
    jobs = plan_jobs(
        [Path(i) for i in args.inputs],
        settings["outdir"],
        settings["formats"],
        settings["editions"],
        globs=settings["globs"] or DEFAULT_GLOBS,
        stdin_text=stdin_text,
        stem=args.stem,
    )
    if args.check:
        results = _check(jobs, options)
    else:
        results = _run_with_progress(jobs, settings, options, args)
    for result in results:
        _print_diagnostics(result, args)
        if result.error:
            if args.debug and result.traceback:
                print(result.traceback, file=sys.stderr)
            print(result.error, file=sys.stderr)
    if settings["manifest"] and not args.check:
        from .manifest import write_manifest  # importlib.metadata only when asked for

        write_manifest(Path(settings["manifest"]), results, options, settings)
    failed = sum(not r.ok for r in results)
    if not args.quiet:
        _summary(results, failed, args.check)
    return ExitCode.FAILED if failed else ExitCode.OK


def _run_with_progress(
    jobs: Sequence[Job], settings: dict[str, Any], options: Options, args: argparse.Namespace
) -> list[InputResult]:
    show_bar = len(jobs) > 1 and sys.stderr.isatty() and sys.stdout.isatty() and not args.quiet
    if not show_bar:
        return list(_execute(jobs, settings, options, lambda: None))
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        transient=True,
    ) as progress:
        task = progress.add_task("converting", total=len(jobs))
        return list(_execute(jobs, settings, options, lambda: progress.advance(task)))


def _summary(results: Sequence[InputResult], failed: int, check: bool) -> None:
    files = sum(len(r.outputs) for r in results)
    diags: list[Diagnostic] = [d for r in results for d in r.diagnostics]
    warnings = sum(d.level == "warning" for d in diags)
    repairs = sum(d.level == "info" for d in diags)
    verb = "checked" if check else "converted"
    written = "" if check else f", {files} files written"
    print(
        f"{verb} {len(results) - failed} of {len(results)} documents{written}; "
        f"{failed} failed, {warnings} warnings, {repairs} repairs/notes"
    )
