"""Shared helpers for bench/run.py: timing, child processes, test documents, machine facts.

Nothing here installs anything; tools that are missing are reported as missing.
"""

from __future__ import annotations

import gc
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "fuyang-cppcc.md"
COPIES = 100  # the long document is the sample's body this many times


# ---------------------------------------------------------------------- figures


@dataclass
class Figure:
    """One measured figure: a median over ``runs`` with its spread."""

    section: str
    name: str
    value: float
    unit: str  # "s", "x" (a ratio), "MB", "docs/s"
    runs: list[float] = field(default_factory=list)
    note: str = ""
    cpu: float | None = None  # the same figure on CPU time (user + system), whole-process only
    extra: dict[str, object] = field(default_factory=dict)  # what a section's own table reads

    def spread(self) -> str:
        if len(self.runs) < 2:
            return ""
        lo, hi = min(self.runs), max(self.runs)
        return f"{_fmt(lo, self.unit)}–{_fmt(hi, self.unit)}, n={len(self.runs)}"

    def shown(self) -> str:
        return _fmt(self.value, self.unit)


def _fmt(value: float, unit: str) -> str:
    if unit == "s":
        return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"
    if unit == "x":
        return f"{value:.2f}×"
    if unit == "MB":
        return f"{value:.0f} MB"
    if unit == "slope":
        return f"{value:.2f}"
    if unit == "%":
        return f"{value:.2f} %"
    return f"{value:.1f} {unit}"


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


# ---------------------------------------------------------------------- in-process timing


def time_calls(fn: Callable[[], object], reps: int, warmup: int = 1) -> tuple[float, list[float]]:
    """(first call's time, the times of ``reps`` calls after ``warmup`` more)."""
    gc.collect()
    start = time.perf_counter()
    fn()
    first = time.perf_counter() - start
    for _ in range(max(warmup - 1, 0)):
        fn()
    runs = []
    for _ in range(reps):
        gc.collect()
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return first, runs


# ---------------------------------------------------------------------- child processes


@dataclass
class ProcRun:
    """One child process: wall time, CPU time (user+sys, its children included), peak RSS."""

    wall: float
    cpu: float
    rss_mb: float
    others: float = 0.0  # cores the rest of the machine kept busy meanwhile, on average


class ProcError(RuntimeError):
    pass


# Runs the command as its child and prints its wall time and resource usage. A small launcher
# is needed because on Linux a child's ru_maxrss starts from its parent's peak at fork time:
# measured straight from this (large) process, every command would look at least this big.
_LAUNCHER = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.call(sys.argv[1:], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
wall = time.perf_counter() - start
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
me = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps([code, wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss, me.ru_utime + me.ru_stime]))
"""


def run_proc(
    cmd: Sequence[str], *, env: dict[str, str] | None = None, cwd: Path | None = None
) -> ProcRun:
    """Run ``cmd`` to completion; raise ProcError (with its stderr) when it fails.

    Wall time excludes the launcher's own start-up; CPU time is user + system of the command
    and its children (worker processes); peak RSS is the largest of them.
    """
    launcher = [sys.executable, "-I", "-c", _LAUNCHER, *cmd]
    busy = busy_seconds()
    done = subprocess.run(launcher, capture_output=True, env=env, cwd=cwd, check=False)
    busy = busy_seconds() - busy
    try:
        code, wall, cpu, maxrss_kib, own = json.loads(done.stdout.decode().strip().splitlines()[-1])
    except (ValueError, IndexError):
        code, wall, cpu, maxrss_kib, own = done.returncode or 1, 0.0, 0.0, 0, 0.0
    if code != 0:
        tail = done.stderr.decode("utf-8", "replace")[-1500:]
        raise ProcError(f"{' '.join(cmd)} exited {code}:\n{tail}")
    # /proc/stat counts in 10 ms ticks: on runs of a few tenths of a second this is rough.
    others = max(0.0, busy - cpu - own) / wall if wall > 0 else 0.0
    return ProcRun(wall, cpu, maxrss_kib / 1024, others)  # Linux reports ru_maxrss in KiB


def busy_seconds() -> float:
    """CPU seconds the whole machine has spent busy since boot (all cores; /proc/stat)."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]
    except OSError:
        return 0.0
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(f) for f in fields)
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def ours_cmd() -> list[str]:
    """The installed ``cppcc-convert`` script, else ``python -m cppcc_convert``."""
    exe = shutil.which("cppcc-convert")
    return [exe] if exe else [sys.executable, "-m", "cppcc_convert"]


def pandoc_path() -> str | None:
    """pandoc from the ``pypandoc-binary`` wheel (bench/requirements.txt), else from PATH."""
    try:
        import pypandoc  # type: ignore[import-untyped]

        return str(pypandoc.get_pandoc_path())
    except (ImportError, OSError):
        return shutil.which("pandoc")


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


# ---------------------------------------------------------------------- documents


def long_document(text: str, copies: int = COPIES) -> str:
    """The sample's body ``copies`` times under one title and byline, like a long report.

    The head is everything up to the byline (the first non-blank line after the ``# `` title);
    each copy's ``## `` headings are numbered so every heading (and EPUB chapter) is distinct.
    """
    lines = text.split("\n")
    title = next(i for i, line in enumerate(lines) if line.startswith("# "))
    byline = next(i for i in range(title + 1, len(lines)) if lines[i].strip())
    head, body = lines[: byline + 1], lines[byline + 1 :]
    out = list(head)
    for n in range(1, copies + 1):
        out += [f"## 第{n}部分 {line[3:]}" if line.startswith("## ") else line for line in body]
    return "\n".join(out)


# ---------------------------------------------------------------------- machine and versions


def machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    try:
        info = Path("/proc/cpuinfo").read_text()
        found = re.search(r"^model name\s*:\s*(.+)$", info, re.M)
        cpu = found.group(1).strip() if found else cpu
    except OSError:
        pass
    ram = ""
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))  # type: ignore[union-attr]
        ram = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, AttributeError):
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "CPU": cpu,
        "cores": f"{os.cpu_count()} ({usable} usable)",
        "RAM": ram,
        "OS": f"{platform.system()} {platform.release()}",
    }


def load_average() -> str:
    try:
        return "{:.2f} / {:.2f} / {:.2f}".format(*os.getloadavg())
    except OSError:
        return "n/a"


def _dist(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def _tool_version(cmd: list[str], pattern: str) -> str:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=60).stdout
    except (OSError, subprocess.TimeoutExpired):
        return "not installed"
    found = re.search(pattern, out)
    return found.group(1) if found else out.strip().splitlines()[0] if out.strip() else "?"


def versions() -> dict[str, str]:
    pandoc, soffice = pandoc_path(), soffice_path()
    return {
        "python": platform.python_version(),
        "cppcc-convert": f"{_dist('cppcc-convert')} ({git_revision()})",
        "pandoc": _tool_version([pandoc, "--version"], r"pandoc\S* ([\d.]+)")
        if pandoc
        else "not installed",
        "LibreOffice": _tool_version([soffice, "--version"], r"LibreOffice ([\d.]+)")
        if soffice
        else "not installed",
        "typst (Python binding, compiler inside)": _dist("typst"),
        "poppler (pdffonts)": _poppler_version(),
        "python-docx": _dist("python-docx"),
        "reportlab": _dist("reportlab"),
        "ebooklib": _dist("EbookLib"),
        "opencc": _dist("OpenCC"),
        "pyinstrument": _dist("pyinstrument"),
    }


def _poppler_version() -> str:
    try:
        done = subprocess.run(["pdffonts", "-v"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return "not installed"
    found = re.search(r"version ([\d.]+)", done.stdout + done.stderr)
    return found.group(1) if found else "?"


def git_revision() -> str:
    try:
        rev = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain", "src"],
            capture_output=True,
            text=True,
        ).stdout.strip()
    except OSError:
        return "no git"
    return f"{rev}{' + uncommitted changes in src/' if dirty else ''}" if rev else "no git"
