"""One paragraph of very many inlines (issue 19, "under 2 GB at the 50 MB limit"): the DOCX
body and the EPUB chapters are written a bounded piece at a time even inside that paragraph,
and the pieces joined are the bytes the whole paragraph gives.

The oracles: DOCX with nothing cut (``FLUSH`` above the body's size: every element goes
into python-docx's tree and is serialised with it, as before the body was cut at all), and
the renderer's ``blocks`` (the whole chapter as one string)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

import cppcc_convert
import cppcc_convert.writers.docx as docx_writer
import cppcc_convert.writers.docx_body as docx_body
import cppcc_convert.writers.docx_chunks as docx_chunks
import cppcc_convert.writers.epub as epub_writer
from cppcc_convert.links import LinkTarget, classify
from cppcc_convert.model import Document, Emph, Meta, Paragraph, Strong, Text
from cppcc_convert.options import Options
from cppcc_convert.spool import Spool
from cppcc_convert.writers.docx_chunks import BodyChunks, Cut
from cppcc_convert.writers.xhtml import Renderer
from epub_helpers import whole_model_id

SAMPLES = Path(__file__).parents[1] / "samples"


def _long(n: int, lead: str = "") -> str:
    """A paragraph of ``n`` groups of text, emphasis, strong text (with code, a link, an
    internal link, a hard break and a tab among them)."""
    parts = [lead]
    for i in range(n):
        parts.append(f"富阳政协*聚焦{i}*，**产业**`c{i}`")
        if i % 97 == 0:
            parts.append(f"[链接{i}](https://example.org/{i})[内部](#标题)&#9;甲  \n")
    return "".join(parts) + "共谋发展。\n"


LONG_CASES = {
    "paragraph": "# 标题\n\n前一段。\n\n" + _long(1200) + "\n后一段。\n",
    "last": "# 标题\n\n" + _long(1500),  # the document ends in the long paragraph
    "item": "# 标题\n\n- " + _long(1100) + "- 短项\n\n> " + _long(1100),
    "heading": "## " + _long(1100).replace("  \n", "") + "\n正文\n",
    "defs": "术语\n: " + _long(1100) + "\n| a | b |\n|---|---|\n| 1 | 2 |\n",
}


def _official(record: bool) -> str:
    text = (SAMPLES / "official-notice.md").read_text(encoding="utf-8")
    if not record:
        keep = ("cc:", "printer:", "print_date:")
        text = "\n".join(line for line in text.split("\n") if not line.startswith(keep))
    return text + "\n\n" + _long(1300, lead="（一）会议议程。") + "\n\n" + _long(1300)


def _render(
    tmp_path: Path, text: str, fmt: str, monkeypatch: pytest.MonkeyPatch, flush: int
) -> tuple[bytes, list[Cut]]:
    """The output with the DOCX body cut every ``flush`` pieces and the XHTML pieces
    ``flush`` blocks/inlines each; and the cuts the DOCX sink was offered and took."""
    cuts: list[Cut] = []
    call = BodyChunks.__call__

    def record(self: BodyChunks, out: list[str], cut: Cut) -> None:
        if out and (self.lead or cut not in ("table-end", "para-end")):
            cuts.append(cut)
        call(self, out, cut)

    monkeypatch.setattr(BodyChunks, "__call__", record)
    monkeypatch.setattr(docx_body, "FLUSH", flush)
    monkeypatch.setattr(Renderer.block_pieces, "__defaults__", (flush,))
    path = tmp_path / "in.md"
    path.write_text(text, encoding="utf-8")
    doc = cppcc_convert.load(path)
    return cppcc_convert.render(doc, fmt), cuts


WHOLE = 10**9  # nothing is cut


@pytest.mark.parametrize("name", sorted(LONG_CASES))
def test_docx_paragraph_cut_between_runs_is_the_whole_tree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    text = LONG_CASES[name]
    whole, none = _render(tmp_path, text, "docx", monkeypatch, WHOLE)
    assert none == []
    for flush in (1, 4, 2048):
        data, cuts = _render(tmp_path, text, "docx", monkeypatch, flush)
        assert data == whole, (name, flush)
        assert "run" in cuts and "para-end" in cuts, (name, flush)  # the new cut is taken


@pytest.mark.parametrize("record", [False, True], ids=["no-record", "record"])
def test_docx_official_long_paragraph_is_the_whole_tree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, record: bool
) -> None:
    """An official document's 版记 section changes the body's last paragraph in the tree:
    with one, no paragraph is cut between runs; without, they are."""
    text = _official(record)
    whole, _ = _render(tmp_path, text, "docx", monkeypatch, WHOLE)
    for flush in (1, 4, 2048):
        data, cuts = _render(tmp_path, text, "docx", monkeypatch, flush)
        assert data == whole, (record, flush)
        assert ("run" in cuts) is not record


def _chapters(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist() if n.endswith(".xhtml")}


@pytest.mark.parametrize("official", [False, True], ids=["book", "official"])
def test_epub_long_paragraph_in_pieces_is_the_whole_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, official: bool
) -> None:
    texts = [_official(False)] if official else list(LONG_CASES.values())
    for text in texts:
        whole, _ = _render(tmp_path, text, "epub", monkeypatch, WHOLE)
        for flush in (1, 4, 512):
            data, _ = _render(tmp_path, text, "epub", monkeypatch, flush)
            assert data == whole, flush


def _no_image(src: str, line: int) -> None:
    return None


def _link(url: str) -> LinkTarget:
    return classify(url, frozenset({"标题"}))


def test_block_pieces_joined_are_blocks() -> None:
    """A long paragraph among short blocks, aligned or not, official run-in or not."""
    doc = cppcc_convert.parse(_official(False))
    last = doc.blocks[-1]
    assert isinstance(last, Paragraph)
    blocks = (*doc.blocks, Paragraph(last.inlines, align="center"))
    for levels in (None, {1: 1, 2: 2}):
        for batch in (1, 3, 512):
            renderer = Renderer(_no_image, _link, official_levels=levels)
            pieces = list(renderer.block_pieces(blocks, batch))
            again = Renderer(_no_image, _link, official_levels=levels)
            assert "".join(pieces) == again.blocks(blocks), (levels, batch)
            if batch == 3:
                assert max(len(p) for p in pieces) < 2_000


def _huge(n: int) -> Document:
    """One paragraph of ``n`` inlines (text, emphasis, strong in turn), made as a model."""
    inlines: list[Any] = []
    for i in range(n // 3):
        inlines += [Text(f"富阳政协{i}"), Emph((Text("聚焦产业"),)), Strong((Text("，"),))]
    return Document(Meta(title="长段"), (Paragraph(tuple(inlines)),))


def _largest_piece(
    monkeypatch: pytest.MonkeyPatch, module: Any, doc: Document, fmt: str, entry: str
) -> tuple[int, int]:
    """The largest piece of ``entry`` handed to ``pack_zip``, and the entry's size."""
    seen: dict[str, Sequence[bytes]] = {}
    pack: Callable[..., bytes] = module.pack_zip
    written: list[bytes] = []  # what the DOCX body writer puts in its spool, piece by piece

    class Recording(Spool):
        def write(self, data: bytes) -> int:
            written.append(bytes(data))
            return super().write(data)

    def keep(entries: Sequence[tuple[str, Any]], *args: Any, **kwargs: Any) -> bytes:
        for name, data in entries:
            if isinstance(data, Spool):  # the body's pieces, and the main part around them
                head, tail = data.blocks[0][1], data.blocks[-1][1]
                seen[name] = [head, *written, tail]
            else:
                seen[name] = [data] if isinstance(data, bytes) else data
        return pack(entries, *args, **kwargs)

    monkeypatch.setattr(docx_chunks, "Spool", Recording)
    monkeypatch.setattr(module, "pack_zip", keep)
    cppcc_convert.render(doc, fmt, options=Options())
    pieces = seen[entry]
    return max(len(p) for p in pieces), sum(len(p) for p in pieces)


def test_pieces_of_a_200k_inline_paragraph_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """Measured on what is handed to the ZIP writer: no piece of the one paragraph's entry
    (DOCX document.xml, the EPUB chapter) holds more than a few thousand of its inlines."""
    doc = _huge(200_000)
    big, total = _largest_piece(monkeypatch, docx_writer, doc, "docx", "word/document.xml")
    assert total > 10_000_000 and big < 300_000, (big, total)  # 2,048 runs: ~150 KB
    big, total = _largest_piece(monkeypatch, epub_writer, doc, "epub", "EPUB/c001.xhtml")
    assert total > 3_000_000 and big < 40_000, (big, total)  # 512 inlines: ~10 KB


def test_identifier_of_long_paragraphs_is_that_of_the_whole_model() -> None:
    """The identifier's text, a long paragraph's inlines dumped a batch at a time, is the
    whole model's: long paragraphs first, last, aligned, of anchors only (no text), among
    short blocks and more than one batch of blocks."""
    from cppcc_convert.model import Anchor
    from cppcc_convert.writers.epub_id import content_identifier

    long = cppcc_convert.parse(LONG_CASES["paragraph"]).blocks
    last = cppcc_convert.parse(LONG_CASES["last"]).blocks
    para = max(long, key=lambda b: len(getattr(b, "inlines", ())))
    assert isinstance(para, Paragraph) and len(para.inlines) > 256
    anchors = Paragraph(tuple(Anchor(f"a{i}") for i in range(600)))
    cases = [
        long,
        last,
        (Paragraph(para.inlines, align="center"), *long[:2]),
        (anchors, *long),
        long[:2] * 200 + (para,) + long[:2] * 100,
    ]
    for blocks in cases:
        doc = Document(Meta(title="题"), blocks)
        assert content_identifier(doc, False) == whole_model_id(doc)
