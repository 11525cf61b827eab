"""Shared by the robustness and security tests: render a document in every format and
edition, check each output with the real tools, and extract its text."""

from __future__ import annotations

import io
import json
import re
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from cppcc_convert.editions import apply_edition
from cppcc_convert.model import Diagnostic, Document, document_text
from cppcc_convert.options import EDITIONS, Options
from cppcc_convert.pipeline import render_document
from cppcc_convert.resources import FileResources
from cppcc_convert.spool import output_bytes
from cppcc_convert.writers import WRITERS

XHTML = "{http://www.w3.org/1999/xhtml}"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Whitespace for text comparisons: Python's \s plus the zero-width space and BOM that the
# whitespace repair treats as spaces at line ends.
_SPACE = re.compile(r"[\s\u200b\ufeff]+")


def squash(text: str) -> str:
    """``text`` without whitespace."""
    return _SPACE.sub("", text)


@dataclass
class Rendered:
    """Every output of one document: (format, edition) -> bytes, and the diagnostics."""

    outputs: dict[tuple[str, str], bytes]
    diagnostics: list[Diagnostic]


def render_all(
    doc: Document,
    base_dir: Path | None,
    options: Options | None = None,
    # the formats these checks read (the WeChat ones have tests/test_wechat_props.py)
    formats: tuple[str, ...] = tuple(f for f in WRITERS if not f.startswith("wechat")),
    editions: tuple[str, ...] = EDITIONS,
) -> Rendered:
    """Every format x edition of ``doc`` in memory (as a batch job renders it)."""
    options = options or Options()
    roots = ((base_dir,) if base_dir is not None else ()) + tuple(options.resource_paths)
    images = FileResources(roots, options.follow_symlinks)
    out, diags = render_document(doc, formats, editions, options, images)
    return Rendered({(f, e): output_bytes(data) for f, e, data in out}, diags)


def run(*args: str | Path, data: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([str(a) for a in args], input=data, capture_output=True, timeout=300)


# ------------------------------------------------------------------ validity + text per format


def _not_json(token: str) -> None:
    raise AssertionError(f"{token} is not JSON")


def json_text(data: bytes) -> str:
    doc = Document.from_json(data)
    json.loads(data, parse_constant=_not_json)  # strict JSON: no NaN or Infinity
    return document_text(doc)


def docx_text(data: bytes) -> str:
    """Reopen with python-docx (the validity check), then the body text in order."""
    import docx

    document = docx.Document(io.BytesIO(data))
    assert document.paragraphs is not None
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.endswith((".xml", ".rels")):
                etree.fromstring(z.read(name))  # every part is well-formed XML
        root = etree.fromstring(z.read("word/document.xml"))
    out: list[str] = []
    for el in root.iter(f"{W}t", f"{W}p", f"{W}br", f"{W}tab"):
        out.append((el.text or "") if el.tag == f"{W}t" else "\n")
    return "".join(out)


def _visible(root: etree._Element, skip: frozenset[str]) -> str:
    out: list[str] = []

    def walk(el: etree._Element) -> None:
        classes = set((el.get("class") or "").split())
        if not (classes & skip or el.tag in (f"{XHTML}style", f"{XHTML}head")):
            out.append(el.text or "")
            for child in el:
                walk(child)
        out.append(el.tail or "")

    body = root.find(f"{XHTML}body")
    assert body is not None
    walk(body)
    return "".join(out[:-1])


SKIP = frozenset({"date", "image-alt"})


def html_text(data: bytes) -> str:
    """Parse as XML (polyglot XHTML) and as HTML; the body text."""
    import lxml.html

    lxml.html.document_fromstring(data)
    root = etree.fromstring(data)
    return _visible(root, SKIP)


def epub_pages(data: bytes) -> tuple[list[str], dict[str, etree._Element]]:
    """The spine's hrefs and every XHTML item of the book parsed as XML."""
    z = zipfile.ZipFile(io.BytesIO(data))
    assert z.namelist()[0] == "mimetype"
    container = etree.fromstring(z.read("META-INF/container.xml"))
    opf_path = container.find(".//{*}rootfile").get("full-path")
    base = opf_path.rsplit("/", 1)[0] + "/" if "/" in opf_path else ""
    opf = etree.fromstring(z.read(opf_path))
    items = {i.get("id"): i for i in opf.find("{*}manifest")}
    pages = {
        i.get("href"): etree.fromstring(z.read(base + i.get("href")))
        for i in items.values()
        if i.get("media-type") in ("application/xhtml+xml", "application/x-dtbncx+xml")
    }
    nav = {i.get("href") for i in items.values() if "nav" in (i.get("properties") or "")}
    spine = [items[r.get("idref")].get("href") for r in opf.find("{*}spine")]
    return [h for h in spine if h not in nav], pages


def epub_text(data: bytes) -> str:
    spine, pages = epub_pages(data)
    return "".join(_visible(pages[h], SKIP) for h in spine)


def pdf_check(data: bytes, tmp: Path) -> Path:
    """Write the PDF, ``qpdf --check`` it; the path."""
    path = tmp / "out.pdf"
    path.write_bytes(data)
    proc = run("qpdf", "--check", path)
    assert proc.returncode == 0, proc.stdout.decode() + proc.stderr.decode()
    pages = run("qpdf", "--show-npages", path)
    assert int(pages.stdout) >= 1, "a PDF without pages"
    return path


def pdf_text(path: Path) -> str:
    """The text above the footer (page numbers left out) of an A4 PDF, in drawing order."""
    proc = run(
        "pdftotext", "-raw", "-r", "72", "-x", "0", "-y", "0", "-W", "700", "-H", "780", path, "-"
    )
    assert proc.returncode == 0, proc.stderr.decode()
    return proc.stdout.decode("utf-8")


# Format characters that print nothing on their own (the PDF writer neither draws nor
# reports them; writers/pdf_fonts.py invisible).
INVISIBLE = str.maketrans(
    "",
    "",
    "\u200b\u200c\u200d\u2060\ufeff"
    + "".join(map(chr, [*range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0)])),
)


def pdf_missing(diags: list[Diagnostic]) -> set[str]:
    """Characters the PDF writer reported it could not print (``font-missing``)."""
    found: set[str] = set()
    for d in diags:
        if d.code == "font-missing":
            found |= {chr(int(h, 16)) for h in re.findall(r"\(U\+([0-9A-F]{4,6})\)", d.message)}
    return found


def edition_doc(doc: Document, edition: str, options: Options | None = None) -> Document:
    """The document as the writers see it in ``edition``."""
    return apply_edition(doc, edition, options or Options())


# ------------------------------------------------------------------ the command line, in process


@dataclass
class CliRun:
    """What one run of the command line did: its exit code and what it printed."""

    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        """Standard error, line by line."""
        return self.err.splitlines()

    def shows(self, text: str) -> bool:
        """Whether ``text`` is in one line of standard error."""
        return any(text in line for line in self.lines)


def cli(
    *args: str | Path,
    cwd: Path,
    env: dict[str, str | None] | None = None,
    stdin: bytes | None = None,
    one_job: bool = True,
) -> CliRun:
    """``cppcc-convert ARGS`` in this process (``--jobs 1`` added unless ``one_job`` is
    false or ``--jobs`` is given): a fresh interpreter per case would cost a second each."""
    import contextlib
    import os
    import sys

    from cppcc_convert.cli import main

    argv = [str(a) for a in args]
    if one_job and not any(a in ("-j", "--jobs") or a.startswith("--jobs=") for a in argv):
        argv += ["--jobs", "1"]
    out, err = io.StringIO(), io.StringIO()
    saved_env = {k: os.environ.get(k) for k in (env or {})}
    saved_cwd, saved_stdin = os.getcwd(), sys.stdin
    try:
        for key, value in (env or {}).items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        os.chdir(cwd)
        if stdin is not None:
            sys.stdin = io.TextIOWrapper(io.BytesIO(stdin))
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(argv)
    finally:
        os.chdir(saved_cwd)
        sys.stdin = saved_stdin
        for key, old in saved_env.items():
            if old is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = old
    return CliRun(int(code), out.getvalue(), err.getvalue())


def assert_clean(run: CliRun, *, annotations: bool = False) -> None:
    """No traceback, and no line a CI log would read as a workflow command (unless the run
    asked for annotations: then only those start with ``::``)."""
    assert "Traceback" not in run.err, run.err
    for line in run.lines:
        if line.startswith(("::", "##[")):
            assert annotations and line.startswith(("::error ", "::warning ")), line


def files_under(root: Path) -> set[str]:
    """Every file under ``root`` (relative POSIX paths), hidden ones included."""
    if not root.exists():
        return set()
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def temp_files(root: Path) -> list[Path]:
    """Temporary files a write left behind (there must be none)."""
    return [p for p in root.rglob("*.cppcc-tmp")] if root.exists() else []


def cli_process(
    *args: str | Path,
    cwd: Path,
    env: dict[str, str] | None = None,
    timeout: float = 120,
    stdin: bytes | None = None,
) -> CliRun:
    """``cppcc-convert ARGS`` as its own process (for what only a process shows: signals,
    hangs, the environment it starts with)."""
    import os
    import sys

    proc = subprocess.run(
        [sys.executable, "-m", "cppcc_convert", *map(str, args)],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        env={**os.environ, **(env or {})},
        timeout=timeout,
    )
    return CliRun(proc.returncode, proc.stdout.decode(), proc.stderr.decode())
