"""Images: only local files under the document's folder (or allowed resource folders) are
read. Escapes, outside paths, symlinks out, URLs, non-images and bombs become alt text with
a warning, in every writer that shows images (DOCX, PDF, EPUB, HTML)."""

from __future__ import annotations

import io
import os
import struct
import subprocess
import zipfile
import zlib
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image as PILImage

import cppcc_convert
from cppcc_convert import Options, parse
from robustness_support import docx_text, epub_pages, pdf_check, pdf_text, render_all, squash

ROOT = Path(__file__).resolve().parent
PHOTO = ROOT / "data" / "img" / "photo.png"
IMAGE_FORMATS = ("docx", "pdf", "epub", "html")


def fake_png_header(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` x ``height`` pixels (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("images")
    img = root / "doc" / "img"
    img.mkdir(parents=True)
    (img / "photo.png").write_bytes(PHOTO.read_bytes())
    (img / "fake.png").write_text("just text, named .png\n", encoding="utf-8")
    (img / "bomb.png").write_bytes(fake_png_header(100_000, 100_000))
    PILImage.new("1", (8000, 8000)).save(img / "mid-bomb.png")  # 64 Mpx: past our limit
    PILImage.new("RGB", (4000, 2500), (20, 90, 160)).save(img / "big.png")  # legal, wide
    (root / "secret").mkdir()
    (root / "secret" / "secret.png").write_bytes(PHOTO.read_bytes())
    (root / "res").mkdir()
    (root / "res" / "extra.png").write_bytes(PHOTO.read_bytes())
    os.symlink(root / "secret" / "secret.png", img / "link-out.png")
    os.symlink(img / "photo.png", img / "link-in.png")
    return root


def refused_cases(tree: Path) -> dict[str, str]:
    """src -> the warning code it must give."""
    secret = tree / "secret" / "secret.png"
    return {
        "../secret/secret.png": "image-denied",
        "img/../../secret/secret.png": "image-denied",
        str(secret): "image-denied",
        "img/link-out.png": "image-denied",
        "http://example.invalid/a.png": "image-remote",
        "https://example.invalid/a.png": "image-remote",
        "ftp://example.invalid/a.png": "image-remote",
        "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8"
        "/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==": "image-remote",
        "img/fake.png": "image-unreadable",
        "img/bomb.png": "image-bomb",
        "img/mid-bomb.png": "image-bomb",
        "img/none.png": "image-missing",
        "../res/extra.png": "image-denied",  # a folder not allowed (no --resource-path)
    }


def _render(src: str, tree: Path, **opts: object):
    doc = parse(f"# 图片\n\n![替代文字说明]({src})\n\n正文。\n")
    return render_all(doc, tree / "doc", Options(**opts), IMAGE_FORMATS, ("zh-Hans",))


def _embedded(fmt: str, data: bytes, tmp: Path) -> int:
    """How many pictures the output embeds."""
    match fmt:
        case "docx":
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                return len([n for n in z.namelist() if n.startswith("word/media/")])
        case "epub":
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                return len([n for n in z.namelist() if n.lower().endswith((".png", ".jpg"))])
        case "html":
            root = etree.fromstring(data)
            return len([i for i in root.iter("{*}img") if i.get("src", "").startswith("data:")])
        case "pdf":
            path = pdf_check(data, tmp)
            out = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True)
            return len(out.stdout.splitlines()[2:])
    raise AssertionError(fmt)


def _alt_shown(fmt: str, data: bytes, tmp: Path) -> bool:
    alt = "替代文字说明"
    match fmt:
        case "docx":
            return alt in docx_text(data)
        case "pdf":
            return alt in squash(pdf_text(pdf_check(data, tmp)))
        case "epub":
            spine, pages = epub_pages(data)
            return any(alt in "".join(pages[h].itertext()) for h in spine)
        case "html":
            return alt in "".join(etree.fromstring(data).itertext())
    raise AssertionError(fmt)


def test_allowed_images_are_embedded(tree: Path, tmp_path: Path) -> None:
    allowed = ["img/photo.png", "img/link-in.png", str(tree / "doc/img/photo.png")]
    for src in allowed:
        r = _render(src, tree)
        assert not [d for d in r.diagnostics if d.code.startswith("image")], (src, r.diagnostics)
        for (fmt, _), data in r.outputs.items():
            assert _embedded(fmt, data, tmp_path) == 1, (src, fmt)


def test_resource_path_allows_a_folder(tree: Path, tmp_path: Path) -> None:
    for src in ("../res/extra.png", "extra.png", str(tree / "res" / "extra.png")):
        r = _render(src, tree, resource_paths=(tree / "res",))
        assert not r.diagnostics, (src, r.diagnostics)
        for (fmt, _), data in r.outputs.items():
            assert _embedded(fmt, data, tmp_path) == 1, (src, fmt)


@pytest.mark.parametrize("index", range(13))
def test_refused_image_becomes_alt_text_with_a_warning(tree: Path, tmp_path: Path, index: int):
    src, code = list(refused_cases(tree).items())[index]
    r = _render(src, tree)
    codes = {d.code for d in r.diagnostics}
    assert code in codes, (src, r.diagnostics)
    assert all(d.level == "warning" for d in r.diagnostics if d.code == code)
    for (fmt, _), data in r.outputs.items():
        assert _embedded(fmt, data, tmp_path) == 0, (src, fmt)
        assert _alt_shown(fmt, data, tmp_path), (src, fmt)


def test_file_urls(tree: Path) -> None:
    """A file: image (Markdown or a model built directly) is read like a path: only inside
    the allowed folders; outside, it is refused with a warning and the alt text is shown."""
    from cppcc_convert.model import Figure
    from cppcc_convert.writers import WriteContext

    secret = (tree / "secret" / "secret.png").as_uri()
    doc = parse(f"# t\n\n![替代]({secret})\n")
    assert isinstance(doc.blocks[0], Figure)
    r = render_all(doc, tree / "doc", formats=IMAGE_FORMATS, editions=("zh-Hans",))
    assert [d.code for d in r.diagnostics if d.code.startswith("image")] == ["image-denied"]
    assert b"data:image" not in r.outputs[("html", "zh-Hans")]
    ctx = WriteContext.for_document(doc, base_dir=tree / "doc")
    assert ctx.image(secret) is None
    assert [d.code for d in ctx.diagnostics] == ["image-denied"]
    inside = ctx.image((tree / "doc" / "img" / "photo.png").as_uri())
    assert inside is not None and inside.width > 0
    nowhere = WriteContext.for_document(doc)
    assert nowhere.image("img/photo.png") is None  # no folder: none


def test_no_network_is_touched(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """URLs are refused before anything could open a socket."""
    import socket

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    for src, code in refused_cases(tree).items():
        if code == "image-remote":
            r = _render(src, tree)
            assert code in {d.code for d in r.diagnostics}


def test_large_image_is_scaled_to_the_text_width(tree: Path, tmp_path: Path) -> None:
    r = _render("img/big.png", tree)
    assert not r.diagnostics
    data = r.outputs[("docx", "zh-Hans")]
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    ns = {
        "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
        "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    }
    cx = int(root.xpath("//wp:extent/@cx", namespaces=ns)[0])
    page = root.xpath("//w:sectPr/w:pgSz/@w:w", namespaces=ns)[0]
    margins = root.xpath("//w:sectPr/w:pgMar", namespaces=ns)[0]
    w = "{" + ns["w"] + "}"
    text_twips = int(page) - int(margins.get(f"{w}left")) - int(margins.get(f"{w}right"))
    assert cx <= text_twips * 635  # EMU per twip
    # PDF: the picture is drawn inside the page (pdfimages reports its placed resolution)
    pdf = pdf_check(r.outputs[("pdf", "zh-Hans")], tmp_path)
    rows = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True)
    x_ppi = float(rows.stdout.splitlines()[2].split()[12])
    assert 4000 / x_ppi * 72 <= 595  # placed width in points, within an A4 page
    # EPUB/HTML: the stylesheet keeps pictures within the text column
    html = r.outputs[("html", "zh-Hans")].decode()
    assert "max-width: 100%" in html


def test_convert_reads_images_relative_to_each_document(tree: Path, tmp_path: Path) -> None:
    """Through the file API: the base folder is the document's own folder."""
    article = tree / "doc" / "article.md"
    article.write_text(
        "# 文章\n\n![照片](img/photo.png)\n\n![越界](../secret/secret.png)\n", encoding="utf-8"
    )
    result = cppcc_convert.convert([article], outdir=tmp_path / "out", formats=("html",))
    assert result.ok, result.inputs[0].error
    codes = [d.code for d in result.diagnostics]
    assert codes.count("image-denied") == 1
    page = (tmp_path / "out" / "article.html").read_bytes()
    assert page.count(b"data:image/png;base64,") == 1
