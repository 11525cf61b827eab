#!/usr/bin/env python3
"""PDF writer timings and kinsoku: our breaker vs reportlab's ``wordWrap='CJK'``.

    python3 bench/pdf_kinsoku.py        # prints a Markdown table (see bench/pdf_notes.md)

Both lay out the sample's paragraphs at the same 14 frame widths with the same serif face;
violations are lines (after a soft break) starting with a NO_START mark or ending with a
NO_END mark. Timings are in-process, best of 3, fonts already loaded.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from pathlib import Path

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus.paraparser import ParaFrag

import cppcc_convert
from cppcc_convert.model import Caption, Heading, Paragraph
from cppcc_convert.options import Options
from cppcc_convert.writers import WriteContext
from cppcc_convert.writers.pdf import write
from cppcc_convert.writers.pdf_fonts import font_set
from cppcc_convert.writers.pdf_linebreak import NO_END, NO_START, Measure, break_lines
from cppcc_convert.writers.pdf_text import Builder, Span

ROOT = Path(__file__).resolve().parent.parent
SIZE = 11.0
WIDTHS_EM = (9, 12, 15, 17.5, 20, 23, 26, 28.3, 31, 34, 37, 38, 41, 45)


def best(fn: Callable[[], object], n: int = 3) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def count(lines: list[str]) -> int:
    bad = sum(1 for ln in lines[1:] if ln[:1] in NO_START)
    return bad + sum(1 for ln in lines[:-1] if ln[-1:] in NO_END)


def main() -> None:
    doc = cppcc_convert.load(ROOT / "samples" / "fuyang-cppcc.md")
    texts = [
        "".join(t.text for t in b.inlines if hasattr(t, "text"))
        for b in doc.blocks
        if isinstance(b, Paragraph | Heading | Caption)
    ]
    fonts = font_set("zh-CN", Options())
    serif = fonts.face("serif").name
    style = ParagraphStyle("b", fontName=serif, fontSize=SIZE, leading=SIZE * 1.7,
                           wordWrap="CJK", firstLineIndent=2 * SIZE)  # fmt: skip

    def reportlab_cjk() -> int:
        bad = 0
        for em in WIDTHS_EM:
            for text in texts:
                p = RLParagraph(text.replace("&", "&amp;").replace("<", "&lt;"), style)
                p.wrap(em * SIZE, 1e6)
                bl: ParaFrag = p.blPara
                bad += count(["".join(words) for _, words in bl.lines])
        return bad

    def rich_texts() -> list:
        out = []
        for text in texts:
            b = Builder(fonts, {}, 0)
            b.add(text, Span("serif", SIZE))
            out.append(b.done())
        return out

    riches = rich_texts()

    def ours() -> int:
        bad = 0
        for em in WIDTHS_EM:
            m = Measure(em * SIZE - 2 * SIZE, em * SIZE, SIZE)
            for r in riches:
                lines = break_lines(r.text, r.widths, m)
                bad += count([r.text[ln.start : ln.end] for ln in lines])
        return bad

    big = dataclasses.replace(doc, blocks=doc.blocks * 100)
    chars = sum(len(t) for t in texts)
    rows = [
        ("reportlab wordWrap=CJK: violations (14 widths)", reportlab_cjk()),
        ("our breaker: violations (14 widths)", ours()),
        ("reportlab CJK wrap, 14 widths", f"{best(reportlab_cjk) * 1000:.0f} ms"),
        (
            "our breaker, 14 widths (measuring included)",
            f"{best(lambda: (rich_texts(), ours())) * 1000:.0f} ms",
        ),
        ("our breaker, 14 widths (breaking only)", f"{best(ours) * 1000:.0f} ms"),
        ("characters per width", chars),
        ("write(sample)", f"{best(lambda: write(doc, WriteContext())) * 1000:.0f} ms"),
        ("write(sample x100)", f"{best(lambda: write(big, WriteContext()), 2):.2f} s"),
        ("pages (sample x100)", write(big, WriteContext()).count(b"/Type /Page\n")),
    ]
    print("| measure | value |\n|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")


if __name__ == "__main__":
    main()
