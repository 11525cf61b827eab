"""The main job end to end (issues 6 and 7): the sample into every format and edition from the
command line, each file checked by the real tool for its format and against the model of its
edition (text fidelity, language, fonts)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

import cppcc_convert
from cppcc_convert.editions import apply_edition
from cppcc_convert.model import Document, document_text
from cppcc_convert.options import Options
from docx_helpers import document_order_text, part, xpath
from epub_helpers import Book, epubcheck_many, visible_text
from pdf_helpers import body_text, fonts, run, squash

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "fuyang-cppcc.md"
EDITIONS = ("zh-Hans", "zh-Hant", "zh-TW", "zh-HK")
LANG = {"zh-Hans": "zh-CN", "zh-Hant": "zh-Hant", "zh-TW": "zh-TW", "zh-HK": "zh-HK"}
PDF_FACE = {"zh-Hans": "SC", "zh-Hant": "TC", "zh-TW": "TC", "zh-HK": "HK"}


@pytest.fixture(scope="module")
def job(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    proc = subprocess.run(
        [sys.executable, "-m", "cppcc_convert", str(SAMPLE), "--to", "docx,pdf,epub,html",
         "--edition", "all", "-o", str(out), "--manifest", str(out / "manifest.json")],
        capture_output=True, text=True, timeout=600, check=False,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1732700000"},
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    return out


@pytest.fixture(scope="module")
def models() -> dict[str, Document]:
    doc = cppcc_convert.load(SAMPLE)
    return {e: apply_edition(doc, e, Options()) for e in EDITIONS}


def stem(edition: str) -> str:
    return "fuyang-cppcc" if edition == "zh-Hans" else f"fuyang-cppcc.{edition}"


def test_sixteen_files_and_a_manifest(job: Path) -> None:
    names = sorted(p.name for p in job.iterdir())
    expected = sorted(
        f"{stem(e)}.{ext}" for e in EDITIONS for ext in ("docx", "pdf", "epub", "html")
    )
    assert names == sorted([*expected, "manifest.json"])
    manifest = json.loads((job / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["inputs"][0]["outputs"]) == 16


@pytest.mark.parametrize("edition", EDITIONS)
def test_docx_edition(job: Path, models: dict[str, Document], edition: str) -> None:
    data = (job / f"{stem(edition)}.docx").read_bytes()
    assert squash(document_order_text(data)) == squash(document_text(models[edition]))
    styles = part(data, "word/styles.xml")
    langs = set(xpath(styles, "//w:docDefaults//w:lang/@w:eastAsia"))
    assert langs == {"zh-TW" if edition == "zh-Hant" else LANG[edition]}


@pytest.mark.parametrize("edition", EDITIONS)
def test_pdf_edition(job: Path, models: dict[str, Document], edition: str) -> None:
    path = job / f"{stem(edition)}.pdf"
    run("qpdf", "--check", path)
    rows = fonts(path)
    assert rows and all(r["emb"] == "yes" for r in rows)
    regions = {m.group(1).upper() for r in rows if (m := re.search(r"CJK(sc|tc|hk)", r["name"]))}
    assert regions == {PDF_FACE[edition]}
    assert squash(body_text(path)) == squash(document_text(models[edition]))
    assert f"/Lang ({LANG[edition]})" in path.read_bytes().decode("latin-1")


@pytest.mark.parametrize("edition", EDITIONS)
def test_html_edition(job: Path, models: dict[str, Document], edition: str) -> None:
    root = etree.fromstring((job / f"{stem(edition)}.html").read_bytes())
    assert root.get("lang") == LANG[edition]
    assert squash(visible_text(root)) == squash(document_text(models[edition]))


def test_epub_editions_are_valid_and_faithful(job: Path, models: dict[str, Document]) -> None:
    paths = [job / f"{stem(e)}.epub" for e in EDITIONS]
    for edition, path in zip(EDITIONS, paths, strict=True):
        book = Book(path.read_bytes())
        assert (
            book.metadata().find("{http://purl.org/dc/elements/1.1/}language").text == LANG[edition]
        )
        assert squash(book.text()) == squash(document_text(models[edition]))
    results = epubcheck_many(paths)
    for path, messages in results.items():
        assert messages == [], f"{path.name}: {messages}"


def test_traditional_text_and_quotes_reach_every_format(job: Path) -> None:
    tw = squash(body_text(job / "fuyang-cppcc.zh-TW.pdf"))
    assert "以「政協之為」服務「發展之要」" in tw and "“" not in tw
    hant = squash(document_order_text((job / "fuyang-cppcc.zh-Hant.docx").read_bytes()))
    assert "以“政協之爲”服務“發展之要”" in hant  # zh-Hant keeps “” and OpenCC's standard forms


@pytest.mark.parametrize("edition", EDITIONS)
def test_rich_document_pdf_embeds_every_font(tmp_path: Path, edition: str) -> None:
    rich = ROOT / "tests" / "data" / "rich.md"
    result = cppcc_convert.convert([rich], outdir=tmp_path, formats=["pdf"], editions=[edition])
    assert result.ok, result.inputs[0].error
    (path,) = [o.path for o in result.outputs]
    run("qpdf", "--check", path)
    rows = fonts(path)
    assert rows and all(r["emb"] == "yes" for r in rows), rows  # a table once added Helvetica
