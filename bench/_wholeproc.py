"""Whole-process figures: ``cppcc-convert`` against pandoc, LibreOffice and Typst, memory,
batches, the 100-article publish run and the novel.

Comparisons are paired: each repetition runs both commands back to back, alternating which goes
first, and the ratio is the median of the per-pair ratios (robust to load that drifts).
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import _typst
from _common import (
    Figure,
    ProcRun,
    median,
    ours_cmd,
    pandoc_path,
    run_proc,
    soffice_path,
    time_calls,
)
from _corpus import novel_input, publish_inputs

ALL_FORMATS = "docx,pdf,epub,html"
PANDOC_ID = "urn:uuid:6f1c3a52-8e0f-4c1e-9d2a-0c9c2c0b7a10"  # fixed, as reproducible as ours
EPOCH = "1735689600"  # 2025-01-01: pandoc and we stamp this instead of "now"


@dataclass
class Work:
    """The scratch folder and the inputs in it."""

    root: Path
    inputs: dict[str, Path]  # "sample" / "×100" -> Markdown file

    def fresh(self, name: str) -> Path:
        path = self.root / "out" / name
        shutil.rmtree(path, ignore_errors=True)
        path.mkdir(parents=True)
        return path

    def env(self) -> dict[str, str]:
        # Bytecode caching on, as in any installed package (pip compiles on install): with
        # PYTHONDONTWRITEBYTECODE set, as on the development machines, every run would
        # recompile our modules (~40 ms) and measure the sandbox instead of the tool.
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        return {**env, "SOURCE_DATE_EPOCH": EPOCH}


Cmd = Callable[[], Sequence[str]]  # builds a command (and a fresh output folder) per run


def ours(work: Work, src: Path, formats: str, editions: str = "zh-Hans", jobs: int = 1) -> Cmd:
    def build() -> list[str]:
        out = work.fresh("ours")
        return [
            *ours_cmd(),
            str(src),
            "-o",
            str(out),
            "-t",
            formats,
            "-e",
            editions,
            "-j",
            str(jobs),
            "-q",
        ]

    return build


def pandoc(work: Work, src: Path, fmt: str) -> Cmd:
    exe = pandoc_path()
    assert exe is not None

    def build() -> list[str]:
        out = work.fresh("pandoc") / f"out.{fmt}"
        cmd = [exe, "-f", "markdown+east_asian_line_breaks", "-t", fmt, "-o", str(out), str(src)]
        return cmd + (["-M", f"identifier={PANDOC_ID}"] if fmt == "epub" else [])

    return build


def soffice(work: Work, docx: Path) -> Cmd:
    exe = soffice_path()
    assert exe is not None

    def build() -> list[str]:
        out = work.fresh("soffice")
        return [
            exe,
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(docx),
        ]

    return build


def _soffice_env(work: Work) -> dict[str, str]:
    home = work.root / "lo-home"  # a writable profile of its own, kept warm across runs
    home.mkdir(exist_ok=True)
    return {**work.env(), "HOME": str(home)}


def paired(
    label: str,
    a: Cmd,
    b: Cmd,
    names: tuple[str, str],
    reps: int,
    env_b: dict[str, str] | None,
    work: Work,
) -> list[Figure]:
    """Median times of ``a`` and ``b`` and the median of the per-pair ratios a/b."""
    env = work.env()
    run_proc(a(), env=env)  # warm-up: page cache, font caches, LibreOffice profile
    run_proc(b(), env=env_b or env)
    runs_a: list[ProcRun] = []
    runs_b: list[ProcRun] = []
    for i in range(reps):
        if i % 2 == 0:
            runs_a.append(run_proc(a(), env=env))
            runs_b.append(run_proc(b(), env=env_b or env))
        else:
            runs_b.append(run_proc(b(), env=env_b or env))
            runs_a.append(run_proc(a(), env=env))
    ratios = [x.wall / y.wall for x, y in zip(runs_a, runs_b, strict=True)]
    quiet = min(range(reps), key=lambda i: runs_a[i].others + runs_b[i].others)
    quiet_note = (
        f"; quietest pair {ratios[quiet]:.2f}× (others used "
        f"{runs_a[quiet].others:.1f} + {runs_b[quiet].others:.1f} cores)"
    )
    cpu_ratio = median([x.cpu / y.cpu for x, y in zip(runs_a, runs_b, strict=True) if y.cpu > 0])
    return [
        _proc_figure(f"{label}: {names[0]}", runs_a),
        _proc_figure(f"{label}: {names[1]}", runs_b),
        Figure(
            "whole-process",
            f"{label}: {names[0]} / {names[1]}",
            median(ratios),
            "x",
            ratios,
            f"CPU-time ratio {cpu_ratio:.2f}×{quiet_note}",
            cpu_ratio,
        ),
    ]


def _proc_figure(name: str, runs: list[ProcRun]) -> Figure:
    walls = [r.wall for r in runs]
    note = (
        f"CPU {median([r.cpu for r in runs]):.2f} s, peak RSS {max(r.rss_mb for r in runs):.0f} MB"
        f", others busy {median([r.others for r in runs]):.1f} cores"
    )
    cpu = median([r.cpu for r in runs])
    return Figure("whole-process", name, median(walls), "s", walls, note, cpu)


def repeated(name: str, cmd: Cmd, reps: int, work: Work) -> tuple[Figure, list[ProcRun]]:
    env = work.env()
    run_proc(cmd(), env=env)
    runs = [run_proc(cmd(), env=env) for _ in range(reps)]
    return _proc_figure(name, runs), runs


# ---------------------------------------------------------------------- sections


def bench_pandoc(work: Work, reps: int) -> list[Figure]:
    if pandoc_path() is None:
        return [
            Figure(
                "whole-process", "pandoc comparison", float("nan"), "x", note="pandoc not installed"
            )
        ]
    figures = []
    for key, src in work.inputs.items():
        for fmt in ("docx", "epub"):
            label = f"{fmt.upper()}, {key}"
            figures += paired(
                label,
                ours(work, src, fmt),
                pandoc(work, src, fmt),
                ("ours", "pandoc"),
                reps,
                None,
                work,
            )
    return figures


def bench_pdf(work: Work, reps: int) -> list[Figure]:
    exe = soffice_path()
    figures = []
    for key, src in work.inputs.items():
        if exe is None:
            fig, _ = repeated(f"PDF, {key}: ours", ours(work, src, "pdf"), reps, work)
            figures += [
                fig,
                Figure(
                    "whole-process",
                    f"PDF, {key}: ours / LibreOffice",
                    float("nan"),
                    "x",
                    note="LibreOffice (soffice) not installed",
                ),
            ]
            continue
        docx_dir = work.root / "docx-for-lo" / key.replace("×", "x")
        docx_dir.mkdir(parents=True, exist_ok=True)
        run_proc([*ours_cmd(), str(src), "-o", str(docx_dir), "-t", "docx", "-q"], env=work.env())
        docx = next(docx_dir.glob("*.docx"))
        label = f"PDF, {key} (LibreOffice converts our DOCX)"
        figures += paired(
            label,
            ours(work, src, "pdf"),
            soffice(work, docx),
            ("ours", "LibreOffice"),
            reps,
            _soffice_env(work),
            work,
        )
    return figures


def bench_memory(work: Work, reps: int) -> list[Figure]:
    """Peak RSS of one process converting the ×100 document (the largest of ``reps`` runs)."""
    src = work.inputs["×100"]
    figures = []
    cases = [
        (ALL_FORMATS, "zh-Hans"),
        *((f, "zh-Hans") for f in ALL_FORMATS.split(",")),
        (ALL_FORMATS, "all"),
    ]
    for formats, editions in cases:
        n = max(1, min(reps, 2))
        runs = [run_proc(ours(work, src, formats, editions)(), env=work.env()) for _ in range(n)]
        what = "all formats" if formats == ALL_FORMATS else formats.upper()
        name = f"peak RSS, ×100, {what}, {'4 editions' if editions == 'all' else 'zh-Hans'}"
        rss = [r.rss_mb for r in runs]
        figures.append(
            Figure(
                "memory", name, max(rss), "MB", rss, f"wall {median([r.wall for r in runs]):.2f} s"
            )
        )
    return figures


def bench_batch(work: Work, reps: int, copies: int = 40) -> list[Figure]:
    folder = work.root / "batch-in"
    if not folder.exists():
        folder.mkdir()
        text = work.inputs["sample"].read_text(encoding="utf-8")
        for i in range(1, copies + 1):
            (folder / f"doc{i:02d}.md").write_text(text, encoding="utf-8")
    one = ours(work, folder, ALL_FORMATS, "all", jobs=1)
    two = ours(work, folder, ALL_FORMATS, "all", jobs=2)
    label = f"batch, {copies} × sample, 4 formats × 4 editions ({copies * 16} files)"
    figures = paired(label, one, two, ("--jobs 1", "--jobs 2"), reps, None, work)
    speedup = figures[2]
    speedup.name = f"{label}: speed-up --jobs 2 over --jobs 1"
    for fig in figures[:2]:
        fig.note += f", {copies / fig.value:.1f} docs/s"
    for fig in figures:
        fig.section = "batch"
    return figures


def bench_wholejob(work: Work, reps: int) -> list[Figure]:
    src = work.inputs["sample"]
    job, _ = repeated(
        "whole job, sample, 16 files (4 formats × 4 editions)",
        ours(work, src, ALL_FORMATS, "all"),
        reps,
        work,
    )
    startup, _ = repeated(
        "start-up floor: cppcc-convert --version", lambda: [*ours_cmd(), "--version"], reps, work
    )
    figures = [job, startup]
    for fmt in ALL_FORMATS.split(","):
        fig, _ = repeated(f"{fmt.upper()} alone, sample, zh-Hans", ours(work, src, fmt), reps, work)
        figures.append(fig)
    return figures


# ---------------------------------------------------------------------- Typst, publish, novel


def _pages(pdf: Path) -> int:
    done = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=False)
    found = re.search(r"^Pages:\s+(\d+)", done.stdout, re.M)
    return int(found.group(1)) if found else 0


def _typst_check(work: Work, key: str, src: Path, typ: Path, fonts: Path) -> tuple[str, str]:
    """Compile once with Typst and once with us: ('' or what makes them not comparable,
    a note on fonts, pages and text)."""
    slug = key.replace("×", "x")
    folder = work.root / "typst-check" / slug
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    theirs = folder / "typst.pdf"
    run_proc(_typst.compile_cmd(typ, theirs, fonts, EPOCH), env=work.env())
    run_proc([*ours_cmd(), str(src), "-o", str(folder), "-t", "pdf", "-q"], env=work.env())
    mine = next(p for p in folder.glob("*.pdf") if p != theirs)
    problem = _typst.check_fonts(theirs)
    a, b = _typst.pdf_text(mine), _typst.pdf_text(theirs)
    if a == b:
        text = f"same text ({len(a):,} chars, pdftotext)"
    else:
        same = difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() if len(a) < 20_000 else 0
        text = f"text differs: ours {len(a):,} chars, Typst {len(b):,}" + (
            f" ({same:.1%} alike)" if same else ""
        )
        problem = problem or text
    seen = {f"{n.split('+')[-1]} ({t})" for n, t, _ in _typst.pdf_fonts(theirs)}
    fonts_seen = ", ".join(sorted(seen))
    note = f"Typst fonts: {fonts_seen}; pages ours {_pages(mine)}, Typst {_pages(theirs)}; {text}"
    return problem, note


def typst_peer(work: Work, typ: Path, fonts: Path) -> Cmd:
    def build() -> list[str]:
        out = work.fresh("typst") / "out.pdf"
        return _typst.compile_cmd(typ, out, fonts, EPOCH)

    return build


def bench_typst(work: Work, reps: int) -> list[Figure]:
    try:
        import typst
    except ImportError:
        return [
            Figure(
                "whole-process",
                f"PDF, {key} (Typst, same text and fonts): ours / Typst",
                float("nan"),
                "x",
                note="typst (the Python binding) is not installed: see bench/requirements.txt",
            )
            for key in work.inputs
        ]
    fonts = _typst.font_dir(work.root)
    figures: list[Figure] = []
    sources: dict[str, bytes] = {}
    for key, src in work.inputs.items():
        typ = work.root / f"typst-{key.replace('×', 'x')}.typ"
        typ.write_text(_typst.to_typst(src.read_text(encoding="utf-8")), encoding="utf-8")
        sources[key] = typ.read_bytes()
        problem, note = _typst_check(work, key, src, typ, fonts)
        label = f"PDF, {key} (Typst, same text and fonts)"
        got = paired(
            label,
            ours(work, src, "pdf"),
            typst_peer(work, typ, fonts),
            ("ours", "Typst"),
            reps,
            None,
            work,
        )
        got[-1].note += f"; {note}"
        if problem:  # not the same document: no ratio to judge
            got[-1].note = f"NOT COMPARABLE: {problem}; {got[-1].note}"
            got[-1].value = float("nan")
        figures += got
    # In-process: Typst's compile alone (no interpreter start, no import), and ours on the
    # same text (parse + PDF writer), each the median of ``reps`` calls after a warm-up.
    import cppcc_convert
    from cppcc_convert.options import Options
    from cppcc_convert.writers import WriteContext, get_writer

    big = sources["×100"]
    stamp = int(EPOCH)

    def compile_big() -> bytes:
        return typst.compile(
            big, font_paths=[str(fonts)], ignore_system_fonts=True, timestamp=stamp
        )

    first, runs = time_calls(compile_big, reps)
    theirs = Figure(
        "in-process",
        "Typst compile, ×100, in-process (typst.compile, markup to PDF bytes)",
        median(runs),
        "s",
        runs,
        f"first call {first * 1000:.0f} ms; {len(compile_big()) / 1024:,.0f} KiB",
    )
    text = work.inputs["×100"].read_text(encoding="utf-8")
    writer = get_writer("pdf")

    def ours_big() -> bytes:
        doc = cppcc_convert.parse(text)
        return writer(doc, WriteContext.for_document(doc, Options(), work.inputs["×100"].parent))

    first, runs_ours = time_calls(ours_big, reps)
    mine = Figure(
        "in-process",
        "ours, ×100, in-process (parse + PDF writer)",
        median(runs_ours),
        "s",
        runs_ours,
        f"first call {first * 1000:.0f} ms",
    )
    ratio = Figure(
        "in-process",
        "PDF ×100 in-process: ours / Typst",
        mine.value / theirs.value,
        "x",
        note="ratio of the two medians (no interpreter start-up or imports on either side)",
    )
    return [*figures, theirs, mine, ratio]


PUBLISH_FORMATS = "docx,epub,html"

# One pandoc call per file and format, as a shell loop a publisher would write.
_PANDOC_LOOP = r"""
set -e
in=$1; out=$2; pandoc=$3; id=$4
for f in "$in"/*.md; do
  b=${f##*/}; b=${b%.md}
  "$pandoc" -f markdown+east_asian_line_breaks -t docx -o "$out/$b.docx" "$f"
  "$pandoc" -f markdown+east_asian_line_breaks -t epub -M identifier="$id" -o "$out/$b.epub" "$f"
  "$pandoc" -f markdown+east_asian_line_breaks -t html5 -s -o "$out/$b.html" "$f"
done
"""


def pandoc_loop(work: Work, folder: Path) -> Cmd:
    exe = pandoc_path()
    assert exe is not None

    def build() -> list[str]:
        out = work.fresh("pandoc-loop")
        return ["bash", "-c", _PANDOC_LOOP, "pandoc-loop", str(folder), str(out), exe, PANDOC_ID]

    return build


def bench_publish(work: Work, reps: int) -> list[Figure]:
    folder, source = publish_inputs(work.root / "publish-in")
    files = sorted(folder.glob("*.md"))
    chars = sum(len(p.read_text(encoding="utf-8")) for p in files)
    label = f"publish, {len(files)} articles × DOCX+EPUB+HTML ({3 * len(files)} files)"
    if pandoc_path() is None:
        missing = Figure("publish", f"{label}: ours --jobs 2 / pandoc loop", float("nan"), "x")
        missing.note = "pandoc not installed"
        return [missing]
    figures = paired(
        label,
        ours(work, folder, PUBLISH_FORMATS, jobs=2),
        pandoc_loop(work, folder),
        ("ours --jobs 2", "pandoc loop"),
        reps,
        None,
        work,
    )
    made = {
        "ours": len(list((work.root / "out" / "ours").rglob("*.*"))),
        "pandoc": len(list((work.root / "out" / "pandoc-loop").glob("*.*"))),
    }
    figures[0].note += f", {made['ours']} files written"
    figures[1].note += f", {made['pandoc']} files written ({3 * len(files)} pandoc calls)"
    figures[2].note += f"; texts: {source}, {chars:,} chars in all"
    for fig in figures:
        fig.section = "publish"
    return figures


NOVEL_FORMATS = "json,docx,pdf,epub,html"


def bench_novel(work: Work, reps: int) -> list[Figure]:
    import collections

    import cppcc_convert

    path, source = novel_input(work.root / "novel.txt")
    text = path.read_text(encoding="utf-8")
    kinds = collections.Counter(type(b).__name__ for b in cppcc_convert.parse(text).blocks)
    read = ", ".join(f"{n} {k}" for k, n in kinds.most_common())
    name = "novel, all 5 formats × zh-Hans + zh-TW (10 files), one process"
    fig, runs = repeated(name, ours(work, path, NOVEL_FORMATS, "zh-Hans,zh-TW", jobs=1), reps, work)
    fig.section = "novel"
    fig.note += f"; {source}; read as {read}"
    rss = [r.rss_mb for r in runs]
    peak = Figure("novel", f"{name}: peak RSS", max(rss), "MB", rss, "the largest of the runs")
    return [fig, peak]
