"""The PDF writer's canvas compresses each page's content when the page closes
(pdf_canvas): the file must be the one reportlab writes when it compresses them at save."""

from __future__ import annotations

from datetime import UTC, datetime
from io import BytesIO
from typing import Any

import pytest
from reportlab import rl_config
from reportlab.lib.pagesizes import A5
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate

import cppcc_convert
from cppcc_convert.writers import pdf
from cppcc_convert.writers.pdf_canvas import canvas_maker

STAMP = datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)


def at_save(stamp: datetime) -> Any:
    """Our canvas with reportlab's own showPage: page streams compressed at save."""

    class Late(canvas_maker(stamp)):  # type: ignore[misc]
        def showPage(self) -> None:
            Canvas.showPage(self)

    return Late


def build(canvasmaker: Any, compression: int) -> bytes:
    style = getSampleStyleSheet()["Normal"]
    story: list[Flowable] = [
        Paragraph(f'Line {i} <a href="https://example.org/{i}">link</a> ' * 5, style)
        for i in range(200)
    ]
    out = BytesIO()
    template = SimpleDocTemplate(out, pagesize=A5, invariant=1, pageCompression=compression)
    template.build(story, canvasmaker=canvasmaker)
    return out.getvalue()


@pytest.mark.parametrize("a85", [0, 1])
@pytest.mark.parametrize("compression", [0, 1])
def test_pages_compressed_as_they_close_are_the_bytes_compressed_at_save(
    monkeypatch: pytest.MonkeyPatch, a85: int, compression: int
) -> None:
    monkeypatch.setattr(rl_config, "useA85", a85)
    early = build(canvas_maker(STAMP), compression)
    assert early.count(b"/Type /Page\n") > 5
    assert (b"/FlateDecode" in early) == bool(compression)
    assert (b"/ASCII85Decode" in early) == bool(compression and a85)
    assert early == build(at_save(STAMP), compression)


def test_a_closed_page_holds_only_its_compressed_content(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(rl_config, "useA85", 0)  # as the writer sets it
    held: list[Any] = []

    class Watch(canvas_maker(STAMP)):  # type: ignore[misc]
        def showPage(self) -> None:
            super().showPage()
            held.append(self._doc.Pages.pages[-1])

    build(Watch, 1)
    assert len(held) > 5
    for page in held:
        assert page.stream is None
        assert isinstance(page.Contents.content, bytes)


def test_the_writer_writes_what_reportlab_compressing_at_save_writes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    body = "".join(f"第{i}段，[链接](https://example.org/{i})。\n\n" for i in range(400))
    text = "# 标题\n\n" + body
    doc = cppcc_convert.parse(text)
    early = cppcc_convert.render(doc, "pdf")
    assert early.count(b"/Type /Page\n") > 5
    monkeypatch.setattr(pdf, "canvas_maker", at_save)
    assert cppcc_convert.render(doc, "pdf") == early
