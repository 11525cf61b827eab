"""Targets (MET/MISSED) and the Markdown of bench/RESULTS.md."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from _common import Figure

NOTES_BEGIN = "<!-- profile-notes:begin (hand-written; bench/run.py keeps this part) -->"
NOTES_END = "<!-- profile-notes:end -->"


@dataclass
class Target:
    name: str
    figure: str  # the name of the figure it reads
    limit: float
    unit: str
    ok: Callable[[float, float], bool]
    value: float | None = None
    cpu: float | None = None  # the figure on CPU time, where that means something
    parallel: bool = False  # a speed-up from parallelism: CPU time says nothing about it

    @property
    def status(self) -> str:
        return _status(self.value, self)

    @property
    def cpu_status(self) -> str:
        return "—" if self.parallel or self.cpu is None else _status(self.cpu, self)


def _status(value: float | None, t: Target) -> str:
    if value is None or math.isnan(value):
        return "not measured"
    return "MET" if t.ok(value, t.limit) else "MISSED"


def _below(value: float, limit: float) -> bool:
    return value < limit


def _at_most(value: float, limit: float) -> bool:
    return value <= limit


def _at_least(value: float, limit: float) -> bool:
    return value >= limit


def targets() -> list[Target]:
    lo = "PDF, ×100 (LibreOffice converts our DOCX)"
    batch = (
        "batch, 40 × sample, 4 formats × 4 editions (640 files): speed-up --jobs 2 over --jobs 1"
    )
    return [
        Target("DOCX ×100 ≤ 0.7× pandoc", "DOCX, ×100: ours / pandoc", 0.7, "x", _at_most),
        Target("EPUB ×100 ≤ 0.7× pandoc", "EPUB, ×100: ours / pandoc", 0.7, "x", _at_most),
        Target(
            "sample whole job (16 files) < 2.5 s, whole-process",
            "whole job, sample, 16 files (4 formats × 4 editions)",
            2.5,
            "s",
            _below,
        ),
        Target("×100 PDF < 4 s, whole-process", f"{lo}: ours", 4.0, "s", _below),
        Target(
            "×100 PDF faster than LibreOffice on our DOCX",
            f"{lo}: ours / LibreOffice",
            1.0,
            "x",
            _below,
        ),
        Target(
            "peak RSS ×100, all formats < 400 MB",
            "peak RSS, ×100, all formats, zh-Hans",
            400,
            "MB",
            _below,
        ),
        Target("--jobs 2 ≥ 1.7× --jobs 1", batch, 1.7, "x", _at_least, parallel=True),
    ]


def evaluate(figures: list[Figure]) -> list[Target]:
    by_name = {f.name: f for f in figures}
    found = targets()
    for target in found:
        fig = by_name.get(target.figure)
        target.value = fig.value if fig else None
        target.cpu = fig.cpu if fig else None
    return found


def _limit(t: Target) -> str:
    sign = {"_below": "<", "_at_most": "≤", "_at_least": "≥"}[t.ok.__name__]
    shown = f"{t.limit:.1f}×" if t.unit == "x" else f"{t.limit:g} {t.unit}"
    return f"{sign} {shown}"


def _value(value: float | None, unit: str) -> str:
    if value is None or math.isnan(value):
        return "—"
    return Figure("", "", value, unit).shown()


def kept_notes(path: Path) -> str:
    """The hand-written profile notes of the previous RESULTS.md, if any."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return ""
    found = re.search(re.escape(NOTES_BEGIN) + r"\n(.*?)" + re.escape(NOTES_END), text, re.S)
    return found.group(1) if found else ""


def render(
    *,
    header: dict[str, str],
    machine: dict[str, str],
    versions: dict[str, str],
    figures: list[Figure],
    found: list[Target],
    profiles: list[str],
    notes: str,
    owner_notes: list[Path],
) -> str:
    out = [
        "# Benchmark results",
        "",
        "Written by `bench/run.py`; see `bench/README.md` for how to run it.",
        "",
    ]
    out += ["| | |", "|---|---|"]
    out += [f"| {k} | {v} |" for k, v in header.items()]
    out += [f"| {k} | {v} |" for k, v in machine.items()]
    out += [f"| {k} | {v} |" for k, v in versions.items()]
    out += [
        "",
        "## Targets",
        "",
        "Status is judged on wall-clock time, as the targets are set. The last two columns give",
        "the same figure on CPU time (user + system of the process and its workers), which other",
        "jobs running on the machine at the same time disturb far less (see the load average).",
        "",
        "| target | measured | limit | status | on CPU time | status on CPU time |",
        "|---|---|---|---|---|---|",
    ]
    out += [
        f"| {t.name} | {_value(t.value, t.unit)} | {_limit(t)} | **{t.status}** "
        f"| {'—' if t.parallel else _value(t.cpu, t.unit)} | {t.cpu_status} |"
        for t in found
    ]
    out += [
        "",
        "## Figures",
        "",
        "Medians after a warm-up; ratios are medians of paired runs (ours and the peer back to",
        "back, alternating which runs first). Whole-process figures are wall-clock time of the",
        "command, with its CPU time (user + system) and peak RSS in the notes.",
        "",
    ]
    for section in dict.fromkeys(f.section for f in figures):
        out += [
            f"### {section}",
            "",
            "| measurement | median | range | notes |",
            "|---|---|---|---|",
        ]
        out += [
            f"| {f.name} | {f.shown()} | {f.spread()} | {f.note} |"
            for f in figures
            if f.section == section
        ]
        out.append("")
    if profiles:
        out += ["## Automatic profiles (pyinstrument, for missed targets)", ""]
        out += [
            "Each is one `cppcc-convert` run in a fresh process under pyinstrument (1 ms sampling;",
            "the profiler slows the run, so read the shares, not the absolute times).",
            "",
        ]
        out += profiles
    out += [
        "## Profile notes",
        "",
        NOTES_BEGIN,
        notes.rstrip("\n") + "\n" if notes.strip() else "",
        NOTES_END,
        "",
    ]
    if owner_notes:
        out += ["## Writer owners' notes", ""]
        out += [f"- [{p.name}]({p.name})" for p in owner_notes]
        out.append("")
    return "\n".join(line for line in out) + "\n"
