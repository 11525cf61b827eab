"""The floor: the least program that builds each format with the library we must use
(python-docx, ebooklib, reportlab; markdown-it to read), timed whole-process against the
peer the target names, on the sample. It is what the chosen libraries cost before our code
does anything, so it bounds from below what any ×1 ratio of ours can reach (issue 17's ≤ 1.5×
targets; bench/startup_notes.md)."""

from __future__ import annotations

import sys
from pathlib import Path

import _typst
from _common import Figure, pandoc_path
from _wholeproc import Cmd, Work, paired, pandoc, typst_peer

FLOOR = Path(__file__).resolve().parent / "floor"
SERIF = Path(__file__).resolve().parent.parent / "fonts" / "NotoSerifCJK-Regular.subset.ttc"


def floor_cmd(work: Work, fmt: str, src: Path, script: str = "") -> Cmd:
    def build() -> list[str]:
        out = work.fresh("floor") / f"out.{fmt}"
        extra = [str(SERIF)] if fmt == "pdf" else []
        program = FLOOR / (script or f"{fmt}_floor.py")
        return [sys.executable, str(program), str(src), str(out), *extra]

    return build


def bench_floor(work: Work, reps: int) -> list[Figure]:
    src = work.inputs["sample"]
    figures: list[Figure] = []
    if pandoc_path() is not None:
        for fmt, library in (("docx", "python-docx"), ("epub", "ebooklib")):
            figures += paired(
                f"{fmt.upper()} floor, sample ({library} + markdown-it, least program)",
                floor_cmd(work, fmt, src),
                pandoc(work, src, fmt),
                ("floor", "pandoc"),
                reps,
                None,
                work,
            )
    try:
        import typst  # noqa: F401
    except ImportError:
        return figures
    typ = work.root / "typst-floor-sample.typ"
    typ.write_text(_typst.to_typst(src.read_text(encoding="utf-8")), encoding="utf-8")
    figures += paired(
        "PDF floor, sample (reportlab platypus + markdown-it, least program)",
        floor_cmd(work, "pdf", src),
        typst_peer(work, typ, _typst.font_dir(work.root)),
        ("floor", "Typst"),
        reps,
        None,
        work,
    )
    figures += paired(
        "PDF floor, sample (reportlab pdfgen canvas + markdown-it, no platypus, least program)",
        floor_cmd(work, "pdf", src, "pdf_canvas_floor.py"),
        typst_peer(work, typ, _typst.font_dir(work.root)),
        ("floor", "Typst"),
        reps,
        None,
        work,
    )
    return figures
