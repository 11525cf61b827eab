"""DOCX reference document (Options.reference_docx), as pandoc's --reference-doc: the user's
styles, page and headers win; our styles fill the gaps; the user's body is dropped."""

from __future__ import annotations

import io
import zipfile
from collections import Counter
from pathlib import Path

import docx
import pytest
from docx.shared import Inches
from lxml import etree

from cppcc_convert.errors import ConvertError
from cppcc_convert.model import Document, document_text
from docx_helpers import (
    body_paragraphs,
    document_order_text,
    names,
    part,
    squash,
    style_by_name,
    write_docx,
    xpath,
)


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A house template: Georgia/仿宋 body text, Letter paper, a header, Chinese-Word-like
    style id "2" for heading 2, and some body text that must not survive."""
    ref = docx.Document()
    body_text = ref.styles["Body Text"]
    body_text.font.name = "Georgia"
    body_text.element.rPr.rFonts.set(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia", "仿宋"
    )
    ref.styles["Heading 2"].style_id = "2"
    section = ref.sections[0]
    section.page_width, section.page_height = Inches(8.5), Inches(11)
    section.left_margin = section.right_margin = Inches(1)
    section.header.paragraphs[0].text = "HOUSE HEADER"
    ref.add_paragraph("TEMPLATE BODY")
    ref.add_paragraph("template list item", style="List Number")
    path = tmp_path_factory.mktemp("ref") / "house.docx"
    ref.save(str(path))
    return path


@pytest.fixture(scope="module")
def with_reference(sample_doc: Document, reference: Path) -> bytes:
    return write_docx(sample_doc, reference_docx=reference)[0]


def test_user_styles_kept(with_reference: bytes) -> None:
    style = style_by_name(with_reference, "Body Text")
    assert xpath(style, "string(w:rPr/w:rFonts/@w:ascii)") == "Georgia"
    assert xpath(style, "string(w:rPr/w:rFonts/@w:eastAsia)") == "仿宋"
    styles = part(with_reference, "word/styles.xml")
    counts = Counter(n.lower() for n in xpath(styles, "w:style/w:name/@w:val"))
    assert max(counts.values()) == 1  # nothing defined twice


def test_paragraphs_use_the_reference_style_ids(with_reference: bytes) -> None:
    styles = [s for s, _ in body_paragraphs(with_reference)]
    assert styles.count("2") == 4  # the reference's id for "heading 2"
    assert "Heading2" not in styles
    assert styles.count("BodyText") == 28  # python-docx's template uses this id too


def test_missing_styles_added(with_reference: bytes) -> None:
    author = style_by_name(with_reference, "Author")  # not in python-docx's template
    assert xpath(author, "string(w:rPr/w:rFonts/@w:eastAsia)") == "KaiTi"
    # added styles point at the reference's own Normal
    assert xpath(author, "string(w:basedOn/@w:val)") == xpath(
        style_by_name(with_reference, "Normal"), "string(@w:styleId)"
    )


def test_page_header_kept_body_replaced(with_reference: bytes, sample_doc: Document) -> None:
    root = part(with_reference, "word/document.xml")
    sect = xpath(root, "/w:document/w:body/w:sectPr")[0]
    assert xpath(sect, "string(w:pgSz/@w:w)") == "12240"
    assert xpath(sect, "string(w:pgSz/@w:h)") == "15840"
    assert xpath(sect, "string(w:pgMar/@w:left)") == "1440"
    assert len(xpath(root, "//w:sectPr")) == 1
    text = document_order_text(with_reference)
    assert "TEMPLATE BODY" not in text and "template list item" not in text
    assert squash(text) == squash(document_text(sample_doc))
    headers = [n for n in names(with_reference) if n.startswith("word/header")]
    assert ["".join(xpath(part(with_reference, h), "//w:t/text()")) for h in headers] == [
        "HOUSE HEADER"
    ]
    footers = [n for n in names(with_reference) if n.startswith("word/footer")]
    assert len(footers) == 1  # the reference had none: ours, with the page number
    footer = part(with_reference, footers[0])
    assert xpath(footer, "//w:fldSimple[contains(@w:instr, 'PAGE')]")
    # the reference's own footer style does not centre: the paragraph does
    assert xpath(style_by_name(with_reference, "footer"), "w:pPr/w:tabs")
    assert xpath(footer, "string(//w:pPr/w:jc/@w:val)") == "center"


def test_language_and_metadata_are_ours(with_reference: bytes) -> None:
    styles = part(with_reference, "word/styles.xml")
    assert xpath(styles, "string(w:docDefaults//w:lang/@w:eastAsia)") == "zh-CN"
    settings = part(with_reference, "word/settings.xml")
    assert xpath(settings, "string(w:themeFontLang/@w:eastAsia)") == "zh-CN"
    props = docx.Document(io.BytesIO(with_reference)).core_properties
    assert props.author == "吴璇" and props.title.startswith("以“政协之为”")
    assert props.last_modified_by == "吴璇" and props.revision == 1
    assert "docProps/thumbnail.jpeg" not in names(with_reference)


def test_lists_merge_into_reference_numbering(
    rich_doc: Document, rich_path: Path, reference: Path
) -> None:
    data, ctx = write_docx(rich_doc, base_dir=rich_path.parent, reference_docx=reference)
    assert not ctx.diagnostics
    numbering = part(data, "word/numbering.xml")
    abstract_ids = xpath(numbering, "w:abstractNum/@w:abstractNumId")
    num_ids = xpath(numbering, "w:num/@w:numId")
    assert len(abstract_ids) == len(set(abstract_ids)) > 2  # the reference's and ours
    assert len(num_ids) == len(set(num_ids))
    # schema order: every abstractNum before the first num
    tags = [el.tag.split("}")[1] for el in numbering]
    assert tags.index("num") > max(i for i, t in enumerate(tags) if t == "abstractNum")
    with zipfile.ZipFile(reference) as z:
        theirs = set(xpath(etree.fromstring(z.read("word/numbering.xml")), "w:num/@w:numId"))
    used = set(xpath(part(data, "word/document.xml"), "//w:numPr/w:numId/@w:val"))
    assert used and used <= set(num_ids) and not used & theirs  # our own, defined instances
    starts = xpath(numbering, "w:num//w:startOverride/@w:val")
    assert "5" in starts
    assert squash(document_order_text(data)) == squash(document_text(rich_doc))
    again, _ = write_docx(rich_doc, base_dir=rich_path.parent, reference_docx=reference)
    assert again == data


def test_bad_reference_is_a_clear_error(sample_doc: Document, tmp_path: Path) -> None:
    bad = tmp_path / "not.docx"
    bad.write_text("plain text", encoding="utf-8")
    with pytest.raises(ConvertError, match="reference document"):
        write_docx(sample_doc, reference_docx=bad)
    with pytest.raises(ConvertError, match="reference document"):
        write_docx(sample_doc, reference_docx=tmp_path / "missing.docx")
