"""The WeChat writers on any document the hostile-document strategies make (tests/strategies.py):
the article keeps to the editor's tags and CSS, parses as XML and as HTML, and shows the
model's text in order; the copy page holds the same article."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import lxml.html
import pytest
from hypothesis import given

from cppcc_convert import ConvertError, parse
from cppcc_convert.model import Document
from strategies import markdown_documents, profile
from wechat_support import article_of, edition_doc, editor_problems, expected_text, render, squash

PHOTO = Path(__file__).resolve().parent / "data" / "img" / "photo.png"
EDITIONS = ("zh-Hans", "zh-TW")


def _folder() -> Path:
    """A document folder: a real photo, a text file named .png, a picture outside it."""
    root = Path(tempfile.mkdtemp(prefix="cppcc-wechat-"))
    (root / "doc" / "img").mkdir(parents=True)
    (root / "doc" / "img" / "photo.png").write_bytes(PHOTO.read_bytes())
    (root / "doc" / "img" / "fake.png").write_text("not a picture\n", encoding="utf-8")
    (root / "outside.png").write_bytes(PHOTO.read_bytes())
    return root / "doc"


FOLDER = Path()  # set for this module's tests (hypothesis tests take no function fixtures)


@pytest.fixture(scope="module", autouse=True)
def _folder_made_and_removed() -> Iterator[None]:
    """The document folder is made when this module's tests run (not on import, which every
    xdist worker does) and removed when they are done."""
    global FOLDER
    FOLDER = _folder()
    yield
    shutil.rmtree(FOLDER.parent, ignore_errors=True)


def _parse(text: str) -> Document | None:
    try:
        return parse(text)
    except ConvertError:
        return None  # refused clearly: the other robustness tests check how


@profile(1.0)
@given(markdown_documents(surrogates=True))
def test_any_document_keeps_to_the_editor(text: str) -> None:
    doc = _parse(text)
    if doc is None:
        return
    for edition in EDITIONS:
        article, _ = render(doc, edition=edition, base=FOLDER)
        lxml.html.document_fromstring(article)  # an HTML parser reads it too
        assert editor_problems(article_of(article)) == []
        page, _ = render(doc, "wechat-page", edition=edition, base=FOLDER)
        html = article.decode()
        assert html[html.index("<section") : html.rindex("</section>") + 10] in page.decode()


@profile(1.0)
@given(markdown_documents(image_srcs=("img/photo.png",)))
def test_any_document_shows_the_model_text(text: str) -> None:
    doc = _parse(text)
    if doc is None:
        return
    for edition in EDITIONS:
        article, _ = render(doc, edition=edition, base=FOLDER)
        shown = "".join(article_of(article).itertext())
        assert squash(shown) == squash(expected_text(edition_doc(doc, edition))), edition
