"""Scaling: how each writer's time grows when one dimension of the document doubles.

Each dimension starts small (16) and doubles until parse or the slowest writer takes at
least ``stop`` seconds on it (5 s; 1 s with ``--quick``), so the largest size costs about
5–10 s where the growth is linear (more where it is not). At every size the document is
parsed (timed too), then each writer (json, docx, pdf, epub, html) is called in this
process on the parsed document: the fastest of 3 calls after a first one (the first alone
once it takes more than a second). The fastest, not the median: on a shared machine other
jobs only ever add time, and a growth curve needs the undisturbed cost. The objects alive
after the warm-up (modules, fonts) are frozen out of the garbage collector's view
(``gc.freeze``), so the collector's passes grow with the document, not with this process.

The exponent is the least-squares slope of log(time) over log(size) on the largest sizes:
the last four that took at least 10 ms (at least three points, else simply the last three).
Small sizes are left out because fixed costs (fonts, templates, the ZIP) flatten them; the
top three doublings show how the time grows where the document, not the set-up, dominates.
A slope above 1.15 is super-linear. ``last`` is the slope of the last doubling alone,
log(t_n / t_n-1) / log 2.
"""

from __future__ import annotations

import gc
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from _common import SAMPLE, Figure
from _corpus import sentences

WRITERS = ("json", "docx", "pdf", "epub", "html")
SUPER_LINEAR = 1.15
FIT_FLOOR = 0.010  # s: smaller times are mostly fixed cost
FIT_POINTS = 4  # the exponent is fitted on the largest sizes: three doublings
START = 16
MAX_SIZE = 1 << 20
MAX_CHARS = 40_000_000  # the CLI's input limit is 50 MB (UTF-8)


def _paragraphs() -> list[str]:
    text = SAMPLE.read_text(encoding="utf-8").replace(",", "，").replace(";", "；")
    groups = [g.strip().replace("\n", "") for g in text.split("\n\n")]
    return [g for g in groups if len(g) > 60 and not g.startswith("#")]


def _cycle(items: list[str], n: int) -> list[str]:
    return [items[i % len(items)] for i in range(n)]


def _doc(body: list[str]) -> str:
    return "\n".join(["# 规模测试", "", *body, ""])


def paragraphs(n: int) -> str:
    """``n`` paragraphs, the sample's paragraphs in turn (≈ 150 characters each)."""
    return _doc([line for p in _cycle(_paragraphs(), n) for line in (p, "")])


def wrapped(n: int) -> str:
    """One paragraph hard-wrapped into ``n`` source lines of 30 characters."""
    text = "".join(_paragraphs())
    lines = [text[(i * 30) % (len(text) - 30) :][:30] for i in range(n)]
    return _doc(lines)


def headings(n: int) -> str:
    """``n`` ``##`` headings, each with a one-sentence paragraph under it."""
    pool = sentences()
    body = []
    for i in range(n):
        body += [f"## 第{i + 1}节　聚焦产业强区主战略", "", pool[i % len(pool)], ""]
    return _doc(body)


def table_cells(n: int) -> str:
    """One pipe table of ``n`` cells: 4 columns, ``n / 4`` rows (the header row included)."""
    rows = max(1, n // 4)
    out = ["| 单位 | 事项 | 数量 | 备注 |", "|---|---|---:|---|"]
    out += [f"| 联络组{i} | 走访企业 | {i * 7 % 1000} | 按期办结 |" for i in range(rows - 1)]
    return _doc(out)


def emphasis(n: int) -> str:
    """One paragraph with ``n`` emphasis nodes (``*…*`` and ``**…**`` in turn) among text."""
    parts = []
    for i in range(n):
        mark = "*" if i % 2 == 0 else "**"
        parts.append(f"富阳政协{mark}聚焦产业{mark}，")
    return _doc(["".join(parts) + "共谋发展。"])


def lists(n: int) -> str:
    """``n`` separate two-item lists (the bullet alternates between ``-`` and ``*``, which
    CommonMark reads as a new list)."""
    body = []
    for i in range(n):
        mark = "-" if i % 2 == 0 else "*"
        body += [f"{mark} 走访企业第{i}家，听取汇报。", f"{mark} 参加例会，形成监督报告。", ""]
    return _doc(body)


DIMENSIONS: dict[str, tuple[str, Callable[[int], str]]] = {
    "paragraphs": ("paragraph count", paragraphs),
    "wrapped": ("lines of one hard-wrapped paragraph", wrapped),
    "headings": ("heading count", headings),
    "table": ("table cells", table_cells),
    "emphasis": ("inline emphasis nodes (one paragraph)", emphasis),
    "lists": ("list count", lists),
}


@dataclass
class Series:
    dimension: str
    sizes: list[int] = field(default_factory=list)
    chars: list[int] = field(default_factory=list)
    times: dict[str, list[float | None]] = field(default_factory=dict)  # writer -> per size
    failed: dict[str, str] = field(default_factory=dict)


def _time(fn: Callable[[], object]) -> float:
    gc.collect()
    start = time.perf_counter()
    fn()
    first = time.perf_counter() - start
    if first > 1.0:
        return first
    runs: list[float] = []
    for _ in range(3):
        gc.collect()
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return min(runs)


def slope(sizes: list[int], times: list[float | None]) -> tuple[float, float] | None:
    """(fitted log-log slope, slope of the last doubling), or None with fewer than 3 points."""
    pts = [(s, t) for s, t in zip(sizes, times, strict=False) if t is not None and t > 0]
    if len(pts) < 3:
        return None
    fit = [p for p in pts if p[1] >= FIT_FLOOR][-FIT_POINTS:]
    if len(fit) < 3:
        fit = pts[-3:]
    xs = [math.log(s) for s, _ in fit]
    ys = [math.log(t) for _, t in fit]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    num = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    den = sum((x - mx) ** 2 for x in xs)
    (s0, t0), (s1, t1) = pts[-2], pts[-1]
    return num / den, math.log(t1 / t0) / math.log(s1 / s0)


def run_dimension(key: str, stop: float, log: Callable[[str], None]) -> Series:
    import cppcc_convert
    from cppcc_convert.options import Options
    from cppcc_convert.writers import WriteContext, get_writer

    _, make = DIMENSIONS[key]
    options = Options(max_table_cells=10**8, max_input_bytes=10**9)
    series = Series(key, times={w: [] for w in ("parse", *WRITERS)})
    active = ["parse", *WRITERS]
    size = START
    while size <= MAX_SIZE:
        text = make(size)
        if len(text) > MAX_CHARS:
            break
        series.sizes.append(size)
        series.chars.append(len(text))
        docs: list[object] = []

        def parse(text: str = text, docs: list[object] = docs) -> None:
            docs[:] = [cppcc_convert.parse(text, options=options)]

        slowest = 0.0
        for name in ("parse", *WRITERS):
            if name not in active:
                series.times[name].append(None)
                continue
            if name == "parse":
                fn: Callable[[], object] = parse
            else:
                writer = get_writer(name)

                def fn(w=writer, docs: list[object] = docs) -> bytes:  # type: ignore[misc]
                    doc = docs[0]
                    return w(doc, WriteContext.for_document(doc, Options(), SAMPLE.parent))

            try:
                took = _time(fn)
            except Exception as exc:  # a writer that breaks drops out, noted
                series.failed[name] = f"size {size}: {type(exc).__name__}: {str(exc)[:120]}"
                series.times[name].append(None)
                active.remove(name)
                if name == "parse":
                    return series
                continue
            series.times[name].append(took)
            slowest = max(slowest, took)
        shown = ", ".join(
            f"{n} {t * 1000:.0f} ms" for n in ("parse", *WRITERS) if (t := series.times[n][-1])
        )
        log(f"  scaling {key} {size}: {len(text):,} chars; {shown}")
        docs.clear()
        if slowest >= stop:
            break
        size *= 2
    return series


def bench_scaling(quick: bool, log: Callable[[str], None]) -> list[Figure]:
    """One figure per (dimension, writer): the fitted exponent; the series ride along."""
    import cppcc_convert

    cppcc_convert.parse(paragraphs(4))  # lazy imports, markdown-it
    from cppcc_convert.options import Options
    from cppcc_convert.writers import WriteContext, get_writer

    warm = cppcc_convert.parse(SAMPLE.read_text(encoding="utf-8"))
    for name in WRITERS:  # fonts, templates, imports
        get_writer(name)(warm, WriteContext.for_document(warm, Options(), SAMPLE.parent))
    gc.collect()
    gc.freeze()
    stop = 1.0 if quick else 5.0
    figures = []
    for key, (label, _) in DIMENSIONS.items():
        series = run_dimension(key, stop, log)
        for name in ("parse", *WRITERS):
            fitted = slope(series.sizes, series.times[name])
            value, last = fitted if fitted else (float("nan"), float("nan"))
            note = "" if fitted else "fewer than 3 sizes"
            if name in series.failed:
                note = f"failed at {series.failed[name]}"
            times = series.times[name]
            sizes = [s for s, t in zip(series.sizes, times, strict=True) if t is not None]
            fig = Figure(
                "scaling",
                f"scaling exponent, {label}, {name}",
                value,
                "slope",
                note=note,
                extra={
                    "dimension": key,
                    "label": label,
                    "writer": name,
                    "last": last,
                    "sizes": series.sizes,
                    "chars": series.chars,
                    "times": times,
                    "largest": max(sizes) if sizes else 0,
                },
            )
            figures.append(fig)
    gc.unfreeze()
    return figures
