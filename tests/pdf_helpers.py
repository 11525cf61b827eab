"""Helpers for the PDF tests: render, and read PDFs back with poppler and qpdf."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from cppcc_convert.anchors import with_ids
from cppcc_convert.model import Document
from cppcc_convert.options import Options
from cppcc_convert.writers import WriteContext
from cppcc_convert.writers.pdf import write


def render(
    doc: Document, tmp_path: Path, name: str = "out", base_dir: Path | None = None, **opts: object
) -> tuple[Path, WriteContext]:
    """Write ``doc`` to ``tmp_path/name.pdf``; return the path and the context (warnings)."""
    doc = with_ids(doc)  # as api.render does: a hand-made model has no heading ids
    ctx = WriteContext.for_document(doc, Options(**opts), base_dir)  # type: ignore[arg-type]
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(write(doc, ctx))
    return path, ctx


def run(*args: str | Path) -> str:
    """Run a tool; fail the test with its output when it fails."""
    proc = subprocess.run([str(a) for a in args], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, f"{args[0]} failed:\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout


def body_text(path: Path, first: int | None = None, last: int | None = None) -> str:
    """The text of the pages above the footer (page numbers excluded), in points."""
    pages = ["-f", str(first), "-l", str(last)] if first else []
    # A4 is 842 pt tall, the footer sits 40 pt above the bottom edge: keep the top 780 pt.
    return run("pdftotext", *pages, "-r", "72", "-x", "0", "-y", "0", "-W", "700", "-H", "780",
               path, "-")  # fmt: skip


def squash(text: str) -> str:
    """Text without any whitespace."""
    return re.sub(r"\s+", "", text)


def fonts(path: Path) -> list[dict[str, str]]:
    """pdffonts rows as dicts (name, type, emb)."""
    out = run("pdffonts", path).splitlines()[2:]
    rows = []
    for line in out:
        parts = line.split()
        # name type... encoding emb sub uni object ID: count from the end
        rows.append({"name": parts[0], "emb": parts[-5], "type": " ".join(parts[1:-6])})
    return rows


def page_count(path: Path) -> int:
    """Number of pages according to pdfinfo."""
    info = run("pdfinfo", path)
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))  # type: ignore[union-attr]
