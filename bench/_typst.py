"""Typst as the PDF peer: our Markdown as Typst markup, the command that compiles it, checks.

The markup is made here, from the Markdown, without our converter: a title block (the ``# ``
title set clause by clause, the byline under it), ``##``/``###`` headings, paragraphs and
photo captions. A few of our repairs are mirrored so both PDFs print the same text: ASCII
``, ; : ? ! ( )`` next to Chinese become full-width, a paragraph a blank line split in two
(it ends without sentence-final punctuation) is joined, and a short line standing apart
(two blank lines before it, no final punctuation) is a caption.

The typography follows our PDF writer (``writers/pdf.py``, ``pdf_story.py``): A4 with a text
block 38 body characters wide and 28 mm top and bottom, body 11 pt Noto Serif CJK (our bundled
subset), justified, a 2-character first-line indent on every paragraph, a line pitch of
1.7 × 11 pt, 0.35 em between paragraphs; headings in our bundled Noto Sans CJK Bold at
1.3 × / 1.15 × body; a centred title at 1.9 × body; captions centred at 0.88 × body; page
numbers as — 1 — in the footer. Typst is given only the folder with our two font files and
told to ignore the system's fonts (which have Noto CJK faces of the same names).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from _common import ROOT

FONT_FILES = ("NotoSerifCJK-Regular.subset.ttc", "NotoSansCJK-Bold.subset.ttc")
SERIF, SANS = "Noto Serif CJK SC", "Noto Sans CJK SC"

# What a user runs: a fresh interpreter that imports the binding and compiles one file.
COMPILE = (
    "import sys, typst; typst.compile(sys.argv[1], output=sys.argv[2], "
    "font_paths=[sys.argv[3]], ignore_system_fonts=True, timestamp=int(sys.argv[4]))"
)

PREAMBLE = f"""\
#set document(title: [TITLE])
#set page(paper: "a4", margin: (x: (210mm - 38 * 11pt) / 2, y: 28mm),
  footer: context align(center,
    text(size: 8.8pt, fill: rgb(35%, 35%, 35%))[— #counter(page).display() —]))
#set text(font: "{SERIF}", size: 11pt, lang: "zh", region: "cn", fill: rgb(8%, 8%, 8%),
  top-edge: 0.88em, bottom-edge: -0.12em, cjk-latin-spacing: none)
#set par(justify: true, first-line-indent: (amount: 2em, all: true), leading: 0.7em,
  spacing: 1.05em)
#show heading: set text(font: "{SANS}", weight: "bold")
#show heading: set par(justify: false, leading: 0.5em)
#show heading.where(level: 1): set text(size: 14.3pt)
#show heading.where(level: 2): set text(size: 12.65pt)
#show heading: set block(above: 1.1 * 11pt + 0.7em, below: 0.5 * 11pt + 0.7em)
#let doctitle(body) = block(width: 100%, below: 0.6 * 11pt + 0.7em, {{
  set par(first-line-indent: 0pt, justify: false, leading: 0.4em)
  align(center, text(font: "{SANS}", weight: "bold", size: 20.9pt, body))
}})
#let byline(body) = block(width: 100%, below: 1.6 * 11pt + 0.7em, {{
  set par(first-line-indent: 0pt, justify: false)
  align(center, text(fill: rgb(40%, 40%, 40%), body))
}})
#let caption(body) = block(width: 100%, above: 0.6 * 11pt + 0.7em, below: 0.9 * 11pt + 0.7em, {{
  set par(first-line-indent: 0pt, justify: false, leading: 0.5em)
  align(center, text(size: 9.68pt, fill: rgb(40%, 40%, 40%), body))
}})
"""

_SPECIAL = re.compile(r"([\\#$*_`<>@=\-+/~\[\]\"'])")
_FULL_WIDTH = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
_CJK = r"\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’…—·"
_IS_CJK = re.compile(rf"[{_CJK}]")
_MARK_BEFORE = re.compile(rf"(?<=[{_CJK}])[,;:?!()]|[,;:?!()](?=[{_CJK}])")
_CLAUSE_GAP = re.compile(rf"(?<=[{_CJK}])[ \u3000]+(?=[{_CJK}])")
_SENTENCE_END = "。！？…!?.：；:;"
_CLOSERS = "”’」』）》〉】"
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")


def escape(text: str) -> str:
    """Typst markup that prints ``text`` as it is."""
    return _SPECIAL.sub(r"\\\1", text)


def _full_width(text: str) -> str:
    return _MARK_BEFORE.sub(lambda m: _FULL_WIDTH[m.group()], text)


def _join(lines: list[str]) -> str:
    """Source lines of one paragraph: no space between Chinese characters (as
    ``east_asian_line_breaks`` does), one space between Latin words."""
    out = ""
    for line in (ln.strip() for ln in lines):
        if out and line and not (_IS_CJK.match(out[-1]) or _IS_CJK.match(line[0])):
            out += " "
        out += line
    return out


def _finished(text: str) -> bool:
    body = text.rstrip().rstrip(_CLOSERS)
    return bool(body) and body[-1] in _SENTENCE_END


def blocks(markdown: str) -> tuple[str, str, list[tuple[str, str]]]:
    """(title, byline, [(kind, text)]) with kind "h1"/"h2"/"p"/"caption"."""
    lines = markdown.replace("\r\n", "\n").split("\n")
    groups: list[tuple[int, list[str]]] = []  # (blank lines before, source lines)
    blank = 0
    for line in lines:
        if not line.strip():
            blank += 1
            continue
        heading = _HEADING.match(line) or (groups and _HEADING.match(groups[-1][1][0]))
        if groups and blank == 0 and not heading:
            groups[-1][1].append(line)
        else:
            groups.append((blank, [line]))
        blank = 0
    title = byline = ""
    out: list[tuple[str, str]] = []
    after_title = False
    for i, (before, src) in enumerate(groups):
        head = _HEADING.match(src[0])
        if head and len(head.group(1)) == 1 and not title:
            title, after_title = _full_width(head.group(2)), True
            continue
        if after_title and not byline and len(src) == 1 and len(src[0].strip()) <= 40:
            after_title = False
            if not _finished(src[0]):
                byline = src[0].strip()
                continue
        after_title = False
        if head:
            level = max(1, len(head.group(1)) - 1)
            out.append((f"h{min(level, 2)}", _full_width(head.group(2))))
            continue
        text = _full_width(_join(src))
        last = i == len(groups) - 1
        if (
            len(src) == 1
            and len(text) <= 80
            and not _finished(text)
            and text.rstrip(_CLOSERS)[-1:] not in "，,、"
            and (before >= 2 or last)
        ):
            out.append(("caption", text))
        elif out and out[-1][0] == "p" and before == 1 and not _finished(out[-1][1]):
            out[-1] = ("p", out[-1][1] + text)  # a paragraph a page break split in two
        else:
            out.append(("p", text))
    return title, byline, out


def to_typst(markdown: str) -> str:
    """The whole Typst document for ``markdown``."""
    title, byline, body = blocks(markdown)
    parts = [PREAMBLE.replace("TITLE", escape(title))]
    if title:
        clauses = [escape(c) for c in _CLAUSE_GAP.split(title) if c.strip()]
        parts.append("#doctitle[" + " \\\n".join(clauses) + "]\n")
    if byline:
        parts.append(f"#byline[{escape(byline)}]\n")
    for kind, text in body:
        if kind == "p":
            parts.append(escape(text) + "\n")
        elif kind == "caption":
            parts.append(f"#caption[{escape(text)}]\n")
        else:
            parts.append(("=" if kind == "h1" else "==") + " " + escape(text) + "\n")
    return "\n".join(parts)


def font_dir(root: Path) -> Path:
    """A folder with only our two bundled fonts (Typst takes folders, not files)."""
    folder = root / "typst-fonts"
    folder.mkdir(exist_ok=True)
    for name in FONT_FILES:
        link = folder / name
        if not link.exists():
            link.symlink_to(ROOT / "fonts" / name)
    return folder


def compile_cmd(typ: Path, pdf: Path, fonts: Path, epoch: str) -> list[str]:
    return [sys.executable, "-c", COMPILE, str(typ), str(pdf), str(fonts), epoch]


def pdf_fonts(pdf: Path) -> list[tuple[str, str, str]]:
    """(name, type, embedded) of each font in ``pdf``, from poppler's ``pdffonts``."""
    try:
        out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return []
    rows = []
    for line in out.stdout.splitlines()[2:]:
        found = re.match(
            r"(\S+)\s+(.+?)\s+(\S+)\s+(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+$", line
        )
        if found:
            rows.append((found.group(1), found.group(2), found.group(4)))
    return rows


def check_fonts(pdf: Path) -> str:
    """'' when the PDF uses exactly our two faces, embedded as TrueType; else what is wrong.

    The bundled subsets are TrueType outlines (``CID TrueType`` in pdffonts); the system's
    Noto CJK faces of the same names are CFF (``CID Type 0C``), so the type tells them apart.
    """
    rows = pdf_fonts(pdf)
    if not rows:
        return "pdffonts found no fonts (is poppler-utils installed?)"
    names = {re.sub(r"^[A-Z]{6}\+", "", n) for n, _, _ in rows}
    wanted = {"NotoSerifCJKsc-Regular", "NotoSansCJKsc-Bold"}
    problems = []
    if names != wanted:
        problems.append(f"fonts {sorted(names)}, expected {sorted(wanted)}")
    for name, kind, emb in rows:
        if kind != "CID TrueType" or emb != "yes":
            problems.append(f"{name} is {kind} (embedded: {emb}), not an embedded CID TrueType")
    return "; ".join(problems)


def pdf_text(pdf: Path) -> str:
    """The PDF's text without white space and page numbers (to compare the two PDFs)."""
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    text = re.sub(r"—\s*\d+\s*—", "", out.stdout)
    return re.sub(r"\s+", "", text)
