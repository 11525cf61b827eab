"""Whole-process figures: ``cppcc-convert`` against pandoc and LibreOffice, memory, batches.

Comparisons are paired: each repetition runs both commands back to back, alternating which goes
first, and the ratio is the median of the per-pair ratios (robust to load that drifts).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from _common import Figure, ProcRun, median, ours_cmd, pandoc_path, run_proc, soffice_path

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
