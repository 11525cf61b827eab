"""Targets (MET/MISSED) and the Markdown of bench/RESULTS.md."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from _common import Figure
from _scaling import SUPER_LINEAR

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


TEXTLAYER = "visual lines one pdftotext line, corpus + sample, every edition"
PUBLISH = "publish, 100 articles × DOCX+EPUB+HTML (300 files): ours --jobs 2 / pandoc loop"
NOVEL = "novel, all 5 formats × zh-Hans + zh-TW (10 files), one process"
BATCH = "batch, 40 × sample, 4 formats × 4 editions (640 files): speed-up --jobs 2 over --jobs 1"


def targets() -> list[Target]:
    lo = "PDF, ×100 (LibreOffice converts our DOCX)"
    typst = "(Typst, same text and fonts): ours / Typst"
    whole = "whole-process"
    return [
        Target(f"PDF ×100 ≤ 1.0× Typst, {whole}", f"PDF, ×100 {typst}", 1.0, "x", _at_most),
        Target(f"PDF sample ≤ 1.5× Typst, {whole}", f"PDF, sample {typst}", 1.5, "x", _at_most),
        Target(
            f"DOCX sample ≤ 1.5× pandoc, {whole}", "DOCX, sample: ours / pandoc", 1.5, "x", _at_most
        ),
        Target(
            f"EPUB sample ≤ 1.5× pandoc, {whole}", "EPUB, sample: ours / pandoc", 1.5, "x", _at_most
        ),
        Target("DOCX ×100 ≤ 0.5× pandoc", "DOCX, ×100: ours / pandoc", 0.5, "x", _at_most),
        Target("EPUB ×100 ≤ 0.5× pandoc", "EPUB, ×100: ours / pandoc", 0.5, "x", _at_most),
        Target("--jobs 2 ≥ 1.8× --jobs 1", BATCH, 1.8, "x", _at_least, parallel=True),
        Target("publish ≤ 0.15× a pandoc loop", PUBLISH, 0.15, "x", _at_most, parallel=True),
        Target("novel, 10 files < 10 s, whole-process", NOVEL, 10.0, "s", _below),
        Target("novel peak RSS < 400 MB", f"{NOVEL}: peak RSS", 400, "MB", _below),
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
            "PDF visual lines one pdftotext line ≥ 99.5 %",
            TEXTLAYER,
            99.5,
            "%",
            _at_least,
        ),
        Target(
            "peak RSS ×100, all formats < 400 MB",
            "peak RSS, ×100, all formats, zh-Hans",
            400,
            "MB",
            _below,
        ),
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
    ratio = f"{t.limit:.1f}×" if round(t.limit, 1) == t.limit else f"{t.limit:g}×"  # 0.15×
    shown = ratio if t.unit == "x" else f"{t.limit:g} {t.unit}"
    return f"{sign} {shown}"


def _value(value: float | None, unit: str) -> str:
    if value is None or math.isnan(value):
        return "—"
    return Figure("", "", value, unit).shown()


def _ms(t: object) -> str:
    if not isinstance(t, float):
        return "—"
    return Figure("", "", t, "s").shown()


def _slope(f: Figure) -> str:
    if math.isnan(f.value):
        return "—"
    shown = f"{f.value:.2f}"
    last = f.extra.get("last")
    if isinstance(last, float) and not math.isnan(last):
        shown += f" (last {last:.2f})"
    return f"**{shown} super-linear**" if f.value > SUPER_LINEAR else shown


def scaling_lines(figures: list[Figure]) -> list[str]:
    """The scaling section: one table of times per dimension, then the exponents."""
    by_dim: dict[str, list[Figure]] = {}
    for f in figures:
        by_dim.setdefault(str(f.extra["dimension"]), []).append(f)
    names = [str(f.extra["writer"]) for f in next(iter(by_dim.values()))] if by_dim else []
    out = [
        "### scaling",
        "",
        "In-process, one dimension doubled at a time (bench/_scaling.py): the fastest of 3",
        "calls of parse + repair and of each writer on the parsed document, at each size. The",
        "exponent is the least-squares slope of log(time) over log(size) on the four largest",
        "sizes that took at least 10 ms (three doublings; the small sizes show fixed costs);",
        f'"last" is the slope of the last doubling alone. Above {SUPER_LINEAR} is super-linear.',
        "",
        "| dimension | " + " | ".join(names) + " |",
        "|---|" + "---|" * len(names),
    ]
    flagged: list[str] = []
    for figs in by_dim.values():
        label = str(figs[0].extra["label"])
        out.append(f"| {label} | " + " | ".join(_slope(f) for f in figs) + " |")
        flagged += [
            f"- {label}, {f.extra['writer']}: slope {f.value:.2f}"
            for f in figs
            if not math.isnan(f.value) and f.value > SUPER_LINEAR
        ]
        flagged += [f"- {label}, {f.extra['writer']}: {f.note}" for f in figs if "failed" in f.note]
    out += ["", f"Super-linear (slope > {SUPER_LINEAR}) or failed:", ""]
    out += flagged or ["- none"]
    out.append("")
    for figs in by_dim.values():
        sizes = figs[0].extra["sizes"]
        chars = figs[0].extra["chars"]
        assert isinstance(sizes, list) and isinstance(chars, list)
        out += [
            f"#### {figs[0].extra['label']}",
            "",
            "| size | characters | " + " | ".join(names) + " |",
            "|---:|---:|" + "---:|" * len(names),
        ]
        for i, size in enumerate(sizes):
            times = [f.extra["times"][i] for f in figs]  # type: ignore[index]
            out.append(f"| {size:,} | {chars[i]:,} | " + " | ".join(_ms(t) for t in times) + " |")
        out.append("")
    return out


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
        if section == "scaling":
            out += scaling_lines([f for f in figures if f.section == section])
            continue
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
