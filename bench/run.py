"""Benchmarks of cppcc-convert against pandoc, LibreOffice and Typst, on this machine, in one run.

    python3 -m pip install -r bench/requirements.txt   # pandoc, typst, pyinstrument
    python3 bench/run.py [--quick] [--only NAME[,NAME]] [--profile] [--out FILE]

Writes bench/RESULTS.md (machine, versions, date, every figure, targets MET/MISSED, automatic
profiles of missed targets). Installs nothing. See bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import _floor
import _inproc
import _scaling
import _textlayer
import _wholeproc
from _common import (
    SAMPLE,
    Figure,
    ProcError,
    load_average,
    long_document,
    machine,
    ours_cmd,
    versions,
)
from _report import Target, evaluate, kept_notes, render

BENCH = Path(__file__).resolve().parent
SECTIONS = (
    "parse",
    "editions",
    "writers",
    "job",
    "pandoc",
    "pdf",
    "typst",
    "floor",
    "memory",
    "batch",
    "wholejob",
    "publish",
    "novel",
    "scaling",
    "textlayer",
)


def _args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (a rough look)")
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="NAME",
        help=f"run only these sections (repeatable or comma list): {', '.join(SECTIONS)}",
    )
    parser.add_argument("--reps", type=int, help="repetitions per figure (default 5, --quick 2)")
    parser.add_argument(
        "--profile", action="store_true", help="profile every targeted case, not only missed ones"
    )
    parser.add_argument("--no-profile", action="store_true", help="never profile")
    parser.add_argument(
        "--out",
        type=Path,
        help="where to write the results (default bench/RESULTS.md; with --only: nowhere)",
    )
    args = parser.parse_args(argv)
    args.only = [n.strip() for spec in args.only for n in spec.split(",") if n.strip()]
    unknown = set(args.only) - set(SECTIONS)
    if unknown:
        parser.error(
            f"unknown section(s) {', '.join(sorted(unknown))}; choose from {', '.join(SECTIONS)}"
        )
    if args.out is None and not args.only:
        args.out = BENCH / "RESULTS.md"
    return args


def _sections(
    texts: dict[str, str], work: _wholeproc.Work, reps: int, quick: bool
) -> dict[str, Callable[[], list[Figure]]]:
    docs: list[_inproc.Docs] = []

    def parsed() -> _inproc.Docs:
        if not docs:
            docs.append(_inproc.parse_docs(texts))
        return docs[0]

    batch_reps = max(1, min(reps, 3))  # each batch run converts 40 documents
    return {
        "parse": lambda: _inproc.bench_parse(parsed(), reps),
        "editions": lambda: _inproc.bench_editions(parsed(), reps),
        "writers": lambda: _inproc.bench_writers(parsed(), reps),
        "job": lambda: _inproc.bench_job(parsed(), reps),
        "pandoc": lambda: _wholeproc.bench_pandoc(work, reps),
        "pdf": lambda: _wholeproc.bench_pdf(work, reps),
        "typst": lambda: _wholeproc.bench_typst(work, reps),
        "floor": lambda: _floor.bench_floor(work, reps),
        "memory": lambda: _wholeproc.bench_memory(work, reps),
        "batch": lambda: _wholeproc.bench_batch(work, batch_reps),
        "wholejob": lambda: _wholeproc.bench_wholejob(work, reps),
        "publish": lambda: _wholeproc.bench_publish(work, batch_reps),  # 300 pandoc calls a run
        "novel": lambda: _wholeproc.bench_novel(work, batch_reps),
        "scaling": lambda: _scaling.bench_scaling(quick, _log),
        "textlayer": lambda: _textlayer.bench_textlayer(),
    }


def _log(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


# target name -> the cppcc-convert arguments to profile when it is missed
def _profile_cases(work: _wholeproc.Work) -> dict[str, tuple[str, list[str]]]:
    big, sample = str(work.inputs["×100"]), str(work.inputs["sample"])
    out = str(work.root / "out" / "profile")
    one = ["-j", "1", "-q"]
    articles = work.root / "publish-in"
    novel = work.root / "novel.txt"
    return {
        "PDF ×100 ≤ 1.0× Typst, whole-process": ("PDF, ×100", [big, "-o", out, "-t", "pdf", *one]),
        "×100 PDF < 4 s, whole-process": ("PDF, ×100", [big, "-o", out, "-t", "pdf", *one]),
        "PDF sample ≤ 1.5× Typst, whole-process": (
            "PDF, sample",
            [sample, "-o", out, "-t", "pdf", *one],
        ),
        "DOCX sample ≤ 1.5× pandoc, whole-process": (
            "DOCX, sample",
            [sample, "-o", out, "-t", "docx", *one],
        ),
        "EPUB sample ≤ 1.5× pandoc, whole-process": (
            "EPUB, sample",
            [sample, "-o", out, "-t", "epub", *one],
        ),
        "DOCX ×100 ≤ 0.5× pandoc": ("DOCX, ×100", [big, "-o", out, "-t", "docx", *one]),
        "EPUB ×100 ≤ 0.5× pandoc": ("EPUB, ×100", [big, "-o", out, "-t", "epub", *one]),
        "sample whole job (16 files) < 2.5 s, whole-process": (
            "whole job, sample, 16 files",
            [sample, "-o", out, "-t", "docx,pdf,epub,html", "-e", "all", *one],
        ),
        "publish ≤ 0.15× a pandoc loop": (
            "publish, 100 articles × DOCX+EPUB+HTML (profiled with --jobs 1)",
            [str(articles), "-o", out, "-t", "docx,epub,html", *one],
        ),
        "novel, 10 files < 10 s, whole-process": (
            "novel, 5 formats × 2 editions",
            [str(novel), "-o", out, "-t", "json,docx,pdf,epub,html", "-e", "zh-Hans,zh-TW", *one],
        ),
    }


def _profiles(found: list[Target], work: _wholeproc.Work, force: bool) -> list[str]:
    try:
        import pyinstrument  # noqa: F401
    except ImportError:
        return [
            "pyinstrument is not installed (`python3 -m pip install -r bench/requirements.txt`).",
            "",
        ]
    from _profile import profile_cli, top_lines

    wanted = {t.name for t in found if t.status == "MISSED" or (force and t.status == "MET")}
    if "×100 PDF faster than LibreOffice on our DOCX" in wanted:
        wanted.add("×100 PDF < 4 s, whole-process")
    if "novel peak RSS < 400 MB" in wanted:
        wanted.add("novel, 10 files < 10 s, whole-process")
    lines: list[str] = []
    done: set[str] = set()
    for name, (title, args) in _profile_cases(work).items():
        if name not in wanted or title in done or not Path(args[0]).exists():
            continue
        done.add(title)
        print(f"profiling {title} …", file=sys.stderr)
        result = profile_cli(args, work.root / f"profile-{len(done)}.json", env=work.env())
        lines += [
            f"### {title}",
            "",
            f"Profiled wall {result['wall']:.2f} s, CPU {result['cpu']:.2f} s.",
            "",
        ]
        lines += top_lines(result)
        lines.append("")
    return lines


def main(argv: list[str] | None = None) -> int:
    args = _args(argv)
    reps = args.reps or (2 if args.quick else 5)
    selected = args.only or list(SECTIONS)
    started = dt.datetime.now(dt.UTC)
    t_start = time.perf_counter()
    load_before = load_average()
    sample = SAMPLE.read_text(encoding="utf-8")
    texts = {"sample": sample, "×100": long_document(sample)}
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="cppcc-bench-") as tmp:
        root = Path(tmp)
        inputs = {"sample": root / "fuyang-cppcc.md", "×100": root / "fuyang-x100.md"}
        for key, path in inputs.items():
            path.write_text(texts[key], encoding="utf-8")
        work = _wholeproc.Work(root, inputs)
        sections = _sections(texts, work, reps, args.quick)
        for name in selected:
            t0 = time.perf_counter()
            print(f"[{name}] …", file=sys.stderr, flush=True)
            try:
                got = sections[name]()
            except ProcError as exc:  # one broken writer must not hide the other figures
                got = [
                    Figure(
                        name,
                        f"{name}: FAILED",
                        float("nan"),
                        "s",
                        note=str(exc).splitlines()[0][:200],
                    )
                ]
                print(exc, file=sys.stderr)
            figures += got
            for fig in got:
                print(f"  {fig.name}: {fig.shown()}  {fig.note}", file=sys.stderr)
            print(f"[{name}] done in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
        found = evaluate(figures)
        profiles = [] if args.no_profile else _profiles(found, work, args.profile)
    header = {
        "date (UTC)": started.strftime("%Y-%m-%d %H:%M"),
        "command": "`" + " ".join(["python3 bench/run.py", *(argv or sys.argv[1:])]) + "`",
        "repetitions": f"{reps} after a warm-up (batch: {max(1, min(reps, 3))})",
        "texts": f"sample {len(sample):,} chars; ×100 {len(texts['×100']):,} chars",
        "ours": " ".join(Path(c).name for c in ours_cmd()),
        "load average (1/5/15 min)": f"before {load_before}; after {load_average()}",
        "duration": f"{(time.perf_counter() - t_start) / 60:.1f} min, profiles included",
    }
    owner_notes = sorted(BENCH.glob("*_notes.md"))
    text = render(
        header=header,
        machine=machine(),
        versions=versions(),
        figures=figures,
        found=found,
        profiles=profiles,
        notes=kept_notes(args.out if args.out and args.out.exists() else BENCH / "RESULTS.md"),
        owner_notes=owner_notes,
    )
    if args.out:
        args.out.write_text(text, encoding="utf-8")
        print(f"wrote {args.out}", file=sys.stderr)
    else:
        print(text)
    for t in found:
        print(f"{t.status:>12}  {t.name}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
