"""The ``textlayer`` section: how many visual lines of our PDFs pdftotext reads as one line.

The whole team corpus (tests/corpus, every file of its index, uncut) and the sample, in every
edition, at A4. Visual lines are found from pdftotext's own word boxes (``-bbox-layout``):
words on one page and baseline (within a quarter of their height) no more than 0.8 em apart
(wider gaps are table cells side by side). A visual line is whole when all its words are in
one of pdftotext's text lines. The issue's target is at least 99.5 %.

Also counted, on the same word boxes: lines that start with a mark that may not start one or
end with a mark that may not end one (kinsoku), judged by baseline, not by pdftotext's lines.
The count knows nothing of the source, so it includes lines the source itself breaks there
(the Gutenberg 紅樓夢 has hard line breaks before 。”): tests/test_pdf_kinsoku.py, which
reads the model, exempts those and finds none of the writer's own.
"""

from __future__ import annotations

import html
import itertools
import re
import subprocess
import tempfile
import time
import tomllib
from pathlib import Path

from _common import ROOT, SAMPLE, Figure

CORPUS = ROOT / "tests" / "corpus"
EDITIONS = ("zh-Hans", "zh-Hant", "zh-TW", "zh-HK")
_LINE = re.compile(r"<line [^>]*>(.*?)</line>", re.S)
_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
)
# written out here, not taken from the writer
NOT_AT_START = set("，。、；：？！”’》）」』〕】〗｝］…·％〉")
NOT_AT_END = set("“‘《（「『〔【〈〖｛［")


def _groups(xml: str) -> list[list[tuple[float, float, float, float, int, str]]]:
    out = []
    for page in xml.split("<page ")[1:]:
        words = []
        for n, m in enumerate(_LINE.finditer(page)):
            for w in _WORD.finditer(m.group(1)):
                x0, y0, x1, y1 = map(float, w.groups()[:4])
                words.append((y1, x0, x1, y1 - y0, n, html.unescape(w.group(5))))
        words.sort(key=lambda w: (round(w[0] * 2), w[1]))
        groups: list[list[tuple[float, float, float, float, int, str]]] = []
        for w in words:
            g = groups[-1] if groups else None
            h = max(w[3], g[-1][3]) if g else 0.0
            if g is not None and abs(w[0] - g[-1][0]) <= 0.25 * h and w[1] - g[-1][2] <= 0.8 * h:
                g.append(w)
            else:
                groups.append([w])
        out += groups
    return out


def measure(pdf: Path) -> tuple[int, int, int]:
    """(visual lines, whole ones, kinsoku violations at their edges)."""
    xml = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8", "replace")
    groups = _groups(xml)
    whole = sum(1 for g in groups if len({w[4] for w in g}) == 1)
    bad = 0
    for a, b in itertools.pairwise(groups):
        # a soft break: the next visual line goes on the same block of text (same left edge)
        if abs(a[0][1] - b[0][1]) < 1.0 and b[0][5][:1] in NOT_AT_START:
            bad += 1
        if abs(a[0][1] - b[0][1]) < 1.0 and a[-1][5][-1:] in NOT_AT_END:
            bad += 1
    return len(groups), whole, bad


def bench_textlayer(log: object = None) -> list[Figure]:
    import cppcc_convert
    from cppcc_convert.options import Options

    index = tomllib.loads((CORPUS / "index.toml").read_text(encoding="utf-8"))
    files = [SAMPLE, *(CORPUS / d["file"] for d in index["doc"])]
    figures: list[Figure] = []
    all_lines = all_whole = all_bad = 0
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="cppcc-textlayer-") as tmp:
        docs = [(f, cppcc_convert.load(f)) for f in files]
        for edition in EDITIONS:
            lines = whole = bad = 0
            worst: list[tuple[float, str]] = []
            for path, doc in docs:
                data = cppcc_convert.render(
                    doc, "pdf", edition=edition, options=Options(), base_dir=path.parent
                )
                out = Path(tmp) / "out.pdf"
                out.write_bytes(data)
                n, ok, k = measure(out)
                lines, whole, bad = lines + n, whole + ok, bad + k
                worst.append((ok / n if n else 1.0, path.name))
            worst.sort()
            all_lines, all_whole, all_bad = all_lines + lines, all_whole + whole, all_bad + bad
            figures.append(
                Figure(
                    "textlayer",
                    f"visual lines one pdftotext line, corpus + sample, {edition}",
                    100 * whole / lines,
                    "%",
                    note=f"{whole:,} of {lines:,}; lowest: "
                    + ", ".join(f"{name} {100 * r:.2f} %" for r, name in worst[:3])
                    + f"; kinsoku violations by baseline: {bad}",
                )
            )
    figures.append(
        Figure(
            "textlayer",
            "visual lines one pdftotext line, corpus + sample, every edition",
            100 * all_whole / all_lines,
            "%",
            note=f"{all_whole:,} of {all_lines:,} ({100 * all_whole / all_lines:.3f} %) in "
            f"{len(files)} documents × {len(EDITIONS)} editions, A4; kinsoku violations by "
            f"baseline: {all_bad}; {time.perf_counter() - t0:.0f} s",
        )
    )
    return figures
