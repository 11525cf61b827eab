"""Linear cost (issue 19): every writer's time and memory against each dimension of a document,
doubled up to the input limit.

    python bench/linear.py                  # default: each dimension up to 1 MiB (~10 minutes)
    python bench/linear.py --full           # up to the 50 MiB input limit (hours on 2 cores)
    python bench/linear.py --only table,wrapped --max-bytes 8M
    python bench/linear.py --only tiny --full --sizes-from 24M   # the sizes near the limit

Each dimension (blocks, inlines, table cells, lines, headings and the other shapes the
adversarial review found quadratic) starts at a document of a few KiB and doubles its count
until the input would pass ``--max-bytes``, then runs once more just under it. Every size
runs in a fresh process started through a small launcher (so its peak RSS is its own, not
this process's): it loads the fonts and templates on a small document first, then reads the
file as the command line does (``cppcc_convert.load``, limits as shipped but for the
table-cell limit, which is raised so that tables can grow) and renders it in every format
(zh-Hans) into a file as the command line does (``cppcc_convert.render_file``), timing each
step on CPU time (user + system of that process: other jobs on a
shared machine do not inflate it). The process is killed when it takes 8 times the previous
size's time (a quadratic step costs 4).

Printed per dimension and step (parse, json, docx, pdf, epub, html):

- the CPU time at each size;
- **exponent**: least-squares slope of log(time) over log(count) on the largest four sizes
  that took at least 20 ms (1.0 is linear, 2.0 quadratic; n log n reads about 1.05–1.1);
- **worst ×lin**: the largest ratio of a size's time to its *linear extrapolation*, the time
  of the first size that took at least 50 ms (the base) scaled by count / base count. The
  check: every case within 3× its linear extrapolation.

and per size the process's peak RSS. At the input limit (``--full``) the check is RSS under
2 GiB; a shorter run prints the RSS extrapolated to 50 MiB along its last doubling, for a look
(unchecked: small sizes are mostly the fixed cost, so this is rough).

Exit status 0 when every check holds, 1 when one fails (the failures are listed at the end).
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _scaling import emphasis, headings, lists, paragraphs, table_cells, wrapped

STEPS = ("parse", "json", "docx", "pdf", "epub", "html")
LIMIT = 50 * 1024 * 1024  # the command line's default input limit
RSS_LIMIT_MB = 2048
WITHIN = 3.0  # every case within 3x its linear extrapolation
BASE_FLOOR = 0.050  # s: the extrapolation starts from the first size at least this slow
FIT_FLOOR = 0.020
FIT_POINTS = 4
KILL_FACTOR = 8.0
DEFAULT_MAX = 1 << 20


def _doc(body: list[str]) -> str:
    return "\n".join(["# 规模测试", "", *body, ""])


def tiny(n: int) -> str:
    """``n`` paragraphs of a few characters each (the JSON writer once took 1.4 GB for 500k)."""
    return _doc([f"第{i}段。\n" for i in range(n)])


def wide_table(n: int) -> str:
    """A table of 26 columns and ``n / 26`` rows (26 x 3,845 once ran for minutes)."""
    cols = 26
    rows = max(1, n // cols)
    head = "|" + "|".join(chr(ord("A") + c) for c in range(cols)) + "|"
    rule = "|" + "|".join("-" for _ in range(cols)) + "|"
    body = ["|" + "|".join(f"{(r * 7 + c) % 100}" for c in range(cols)) + "|" for r in range(rows)]
    return _doc([head, rule, *body])


def refdefs(n: int) -> str:
    """``n`` reference definitions, each used once by a paragraph."""
    uses = [f"见[第{i}号文件][r{i}]。\n" for i in range(n)]
    defs = [f"[r{i}]: https://example.org/doc/{i} '文件{i}'" for i in range(n)]
    return _doc([*uses, *defs])


def hardbreaks(n: int) -> str:
    """One paragraph of ``n`` lines, each ending in a hard break (two spaces)."""
    return _doc([f"第{i}行，走访企业听取汇报。  " for i in range(n)])


def code(n: int) -> str:
    """One fenced code block of ``n`` lines (a 20 MB block once stalled the DOCX writer)."""
    return _doc(["```", *(f"line {i}: value = {i * 7 % 1000}  # 注释" for i in range(n)), "```"])


DIMENSIONS: dict[str, tuple[str, Callable[[int], str]]] = {
    "paragraphs": ("paragraphs (blocks)", paragraphs),
    "tiny": ("tiny paragraphs (blocks)", tiny),
    "wrapped": ("lines of one hard-wrapped paragraph", wrapped),
    "hardbreaks": ("hard breaks in one paragraph", hardbreaks),
    "headings": ("headings", headings),
    "table": ("cells of a 4-column table", table_cells),
    "wide": ("cells of a 26-column table", wide_table),
    "emphasis": ("emphasis nodes with commas (inlines)", emphasis),
    "lists": ("lists between paragraphs", lists),
    "refdefs": ("reference definitions", refdefs),
    "code": ("lines of one code block", code),
}

# Runs the command as its child: prints its exit code and peak RSS (KiB) after it ends, or
# kills it at the deadline. A launcher is needed because on Linux a child's ru_maxrss starts
# from its parent's RSS at fork time, and this process holds the largest document.
_LAUNCHER = """
import json, os, resource, signal, subprocess, sys
deadline = float(sys.argv[1])
proc = subprocess.Popen(sys.argv[2:], stdout=subprocess.PIPE, start_new_session=True)
try:
    out, _ = proc.communicate(timeout=deadline)
    code = proc.returncode
except subprocess.TimeoutExpired:
    os.killpg(proc.pid, signal.SIGKILL)
    out, _ = proc.communicate()
    code = "timeout"
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps([code, ru.ru_maxrss, out.decode("utf-8", "replace")]))
"""

# The measured process: warm up, then load and render the file, each step on CPU time. Each
# output is written to a file as the command line writes it (``render_file``: a large one is
# never held whole), next to the input, and removed.
_CHILD = """
import json, os, sys, time
import cppcc_convert
from cppcc_convert.options import Options
path, warm = sys.argv[1], sys.argv[2]
options = Options(max_table_cells=10**9)
steps = ("json", "docx", "pdf", "epub", "html")
small = cppcc_convert.load(warm, options=options)
for step in steps:
    cppcc_convert.render(small, step, options=options)
times = {}
t = time.process_time()
doc = cppcc_convert.load(path, options=options)
times["parse"] = time.process_time() - t
for step in steps:
    target = path + "." + step
    t = time.process_time()
    cppcc_convert.render_file(doc, step, target, options=options)
    times[step] = time.process_time() - t
    os.unlink(target)
print(json.dumps(times))
"""


@dataclass
class Series:
    key: str
    counts: list[int] = field(default_factory=list)
    sizes: list[int] = field(default_factory=list)  # bytes
    times: dict[str, list[float]] = field(default_factory=lambda: {s: [] for s in STEPS})
    rss: list[float] = field(default_factory=list)  # MiB
    failure: str = ""


def measure(path: Path, warm: Path, deadline: float) -> tuple[dict[str, float] | str, float]:
    """(times per step, or why it failed; peak RSS in MiB)."""
    cmd = [sys.executable, "-I", "-c", _LAUNCHER, f"{deadline:.1f}"]
    cmd += [sys.executable, "-c", _CHILD, str(path), str(warm)]
    done = subprocess.run(cmd, capture_output=True, check=False)
    try:
        code, rss_kib, out = json.loads(done.stdout.decode().strip().splitlines()[-1])
    except (ValueError, IndexError):
        return f"launcher failed: {done.stderr.decode('utf-8', 'replace')[-300:]}", 0.0
    if code == "timeout":
        return f"killed after {deadline:.0f} s", rss_kib / 1024
    if code != 0:
        return f"exit {code}", rss_kib / 1024
    return json.loads(out.strip().splitlines()[-1]), rss_kib / 1024


def start_count(make: Callable[[int], str]) -> int:
    """The smallest power of two whose document is at least 4 KiB."""
    n = 8
    while len(make(n).encode()) < 4096:
        n *= 2
    return n


def run_dimension(
    key: str,
    max_bytes: int,
    folder: Path,
    warm: Path,
    log: Callable[[str], None],
    from_bytes: int = 0,
):
    _, make = DIMENSIONS[key]
    series = Series(key)
    n = start_count(make)
    while from_bytes and len(make(n * 2).encode()) <= from_bytes:
        n *= 2  # --sizes-from: the smaller sizes are not run
    previous = 0.0
    last = False
    while True:
        text = make(n).encode()
        if len(text) > max_bytes:
            if last or not series.counts:
                break
            # one more size just under the largest: the last doubling passed it
            n = int(series.counts[-1] * max_bytes / series.sizes[-1] * 0.98)
            if n <= series.counts[-1]:
                break
            last = True
            continue
        path = folder / f"{key}.md"
        path.write_bytes(text)
        del text
        # the first size measured has no previous one: an hour when it starts near the limit
        deadline = max(120.0 if not from_bytes else 3600.0, KILL_FACTOR * previous + 60.0)
        result, rss = measure(path, warm, deadline)
        if isinstance(result, str):
            series.failure = f"count {n} ({path.stat().st_size:,} bytes): {result}"
            log(f"  {key} {n}: FAILED {result}")
            break
        series.counts.append(n)
        series.sizes.append(path.stat().st_size)
        series.rss.append(rss)
        for step in STEPS:
            series.times[step].append(result[step])
        previous = sum(result.values())
        shown = "  ".join(f"{s} {result[s]:.2f}" for s in STEPS)
        log(f"  {key} {n:>9,} ({series.sizes[-1] / 1024:>8,.0f} KiB): {shown}  RSS {rss:,.0f} MiB")
        if last:
            break
        n *= 2
    return series


def exponent(counts: list[int], times: list[float]) -> float | None:
    pts = [(c, t) for c, t in zip(counts, times, strict=True) if t >= FIT_FLOOR][-FIT_POINTS:]
    if len(pts) < 3:
        return None
    xs = [math.log(c) for c, _ in pts]
    ys = [math.log(t) for _, t in pts]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    num = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    return num / sum((x - mx) ** 2 for x in xs)


def worst_ratio(counts: list[int], times: list[float]) -> tuple[float, int] | None:
    """(largest time / linear extrapolation from the base, at which count), or None when no
    size reached the base floor or nothing came after it."""
    base = next((i for i, t in enumerate(times) if t >= BASE_FLOOR), None)
    if base is None or base == len(times) - 1:
        return None
    c0, t0 = counts[base], times[base]
    later = zip(counts[base + 1 :], times[base + 1 :], strict=True)
    ratios = [(t / (t0 * c / c0), c) for c, t in later]
    return max(ratios)


def report(all_series: list[Series], max_bytes: int) -> list[str]:
    failures: list[str] = []
    print()
    head = ("dimension", "step", "largest", "time", "exponent", "worst ×lin")
    print(f"{head[0]:<11} {head[1]:<6} {head[2]:>9} {head[3]:>8} {head[4]:>8} {head[5]:>10}")
    for s in all_series:
        label = DIMENSIONS[s.key][0]
        if s.failure:
            failures.append(f"{s.key}: {s.failure}")
        if not s.counts:
            print(f"{s.key:<11} no size measured")
            continue
        for step in STEPS:
            times = s.times[step]
            fit = exponent(s.counts, times)
            worst = worst_ratio(s.counts, times)
            fit_shown = f"{fit:.2f}" if fit is not None else "–"
            worst_shown = f"{worst[0]:.2f}" if worst else "–"
            flag = ""
            if worst and worst[0] > WITHIN:
                flag = "  FAIL"
                failures.append(
                    f"{s.key} ({label}), {step}: {worst[0]:.2f}× its linear extrapolation "
                    f"at count {worst[1]:,}"
                )
            print(
                f"{s.key:<11} {step:<6} {s.counts[-1]:>9,} {times[-1]:>7.2f}s "
                f"{fit_shown:>8} {worst_shown:>10}{flag}"
            )
        peak, size = s.rss[-1], s.sizes[-1]
        if max_bytes >= LIMIT and size > LIMIT // 2:
            verdict = "FAIL" if peak >= RSS_LIMIT_MB else "ok"
            at = f"{size / 2**20:.1f} MiB input"
            print(f"{s.key:<11} peak RSS {peak:,.0f} MiB at {at}: {verdict}")
            if peak >= RSS_LIMIT_MB:
                failures.append(f"{s.key}: peak RSS {peak:,.0f} MiB at {size / 2**20:.1f} MiB")
        else:
            # the growth of the last doubling, carried on to the limit
            grow = (peak - s.rss[-2]) / (size - s.sizes[-2]) if len(s.sizes) > 1 else 0.0
            guess = peak + max(0.0, grow) * (LIMIT - size)
            print(
                f"{s.key:<11} peak RSS {peak:,.0f} MiB at {size / 2**20:.2f} MiB input "
                f"(linearly extrapolated to 50 MiB: {guess:,.0f} MiB, unchecked)"
            )
    return failures


def _bytes(text: str) -> int:
    units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    text = text.strip().upper().removesuffix("IB").removesuffix("B")
    if text and text[-1] in units:
        return int(float(text[:-1]) * units[text[-1]])
    return int(text)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--full", action="store_true", help="double up to the 50 MiB input limit")
    ap.add_argument("--max-bytes", type=_bytes, help="largest input (default 1 MiB)")
    ap.add_argument(
        "--sizes-from",
        type=_bytes,
        default=0,
        help="measure only sizes from the last doubling under this input size (e.g. 24M)",
    )
    ap.add_argument("--only", help="comma list of dimensions: " + ",".join(DIMENSIONS))
    args = ap.parse_args(argv)
    max_bytes = args.max_bytes or (LIMIT if args.full else DEFAULT_MAX)
    keys = args.only.split(",") if args.only else list(DIMENSIONS)
    unknown = [k for k in keys if k not in DIMENSIONS]
    if unknown:
        ap.error(f"unknown dimension {', '.join(unknown)}")

    def log(line: str) -> None:
        print(line, flush=True)

    start = time.monotonic()
    series = []
    with tempfile.TemporaryDirectory(prefix="cppcc-linear-") as tmp:
        folder = Path(tmp)
        warm = folder / "warm.md"
        warm.write_text(paragraphs(4) + "\n| a | b |\n|---|---|\n| 1 | 2 |\n", encoding="utf-8")
        for key in keys:
            log(f"{key}: {DIMENSIONS[key][0]}")
            series.append(run_dimension(key, max_bytes, folder, warm, log, args.sizes_from))
    failures = report(series, max_bytes)
    print(f"\n{time.monotonic() - start:.0f} s in all; largest input {max_bytes / 2**20:.2f} MiB")
    for f in failures:
        print(f"FAIL {f}")
    print("every case within 3× its linear extrapolation" if not failures else "")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
