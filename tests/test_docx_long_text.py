"""A text too long for one ``w:t`` (issue 19: a hard-wrapped paragraph at the 50 MB limit
gave "internal error: Text node too long"). libxml2, the parser python-docx and Word's own
tools build on, refuses a text node over 10,000,000 bytes; such a text goes out as several
runs (or, in code, several ``w:t``) of the same formatting, and nothing of it is lost.

The oracles are written here: the input's own text, read back with python-docx and lxml,
and the libxml2 limit itself (``LIBXML2_MAX_TEXT``)."""

from __future__ import annotations

import io
import itertools
import unicodedata
import zipfile

import docx
from lxml import etree

import cppcc_convert
from cppcc_convert.writers import docx_runs

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LIBXML2_MAX_TEXT = 10_000_000  # XML_MAX_TEXT_LENGTH, in bytes of UTF-8
# 3.5 M Han characters: 10.5 MB of UTF-8, over the limit, as one paragraph of one line
HAN = "富阳政协聚焦产业强区主战略，"
LONG = (HAN * (3_500_000 // len(HAN) + 1))[:3_499_999] + "。"


def _docx(markdown: str) -> bytes:
    return cppcc_convert.render(cppcc_convert.parse(markdown), "docx")


def _paragraph_with(data: bytes, start: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        body = etree.fromstring(archive.read("word/document.xml"), etree.XMLParser(huge_tree=True))
    for para in body.iter(f"{W}p"):
        if "".join(para.itertext()).startswith(start):
            return para
    raise AssertionError(f"no paragraph starts with {start!r}")


def test_a_paragraph_over_the_libxml2_limit_is_kept_whole() -> None:
    assert len(LONG.encode()) > LIBXML2_MAX_TEXT
    data = _docx(f"# 标题\n\n{LONG}\n\n尾段。\n")
    texts = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    assert texts == ["标题", LONG, "尾段。"]
    para = _paragraph_with(data, LONG[:20])
    nodes = para.findall(f".//{W}t")
    assert len(nodes) > 1
    assert all(len((t.text or "").encode()) <= LIBXML2_MAX_TEXT for t in nodes)


def test_the_runs_of_a_cut_text_share_its_formatting() -> None:
    data = _docx(f"前文**{LONG}**，后文\n")  # ，: a closing ** after 。 must be followed by one
    para = _paragraph_with(data, "前文")
    runs = [r for r in para.iter(f"{W}r") if "".join(r.itertext())]
    bold = [r for r in runs if r.find(f"{W}rPr/{W}b") is not None]
    assert "".join("".join(r.itertext()) for r in bold) == LONG
    assert len(bold) > 1
    assert "".join("".join(r.itertext()) for r in runs) == f"前文{LONG}，后文"


def test_a_code_line_over_the_limit_is_kept_whole() -> None:
    line = "\tx = " + "'富阳政协聚焦产业强区主战略' + " * 240_000 + "''"  # 10.6 MB, one tab
    assert len(line.encode()) > LIBXML2_MAX_TEXT
    data = _docx(f"```\n短行\n{line}\n末行\n```\n")
    para = _paragraph_with(data, "短行")
    nodes = para.findall(f".//{W}t")
    assert all(len((t.text or "").encode()) <= LIBXML2_MAX_TEXT for t in nodes)
    pieces: list[str] = []
    for node in para.iter(f"{W}t", f"{W}tab", f"{W}br"):
        pieces.append({f"{W}tab": "\t", f"{W}br": "\n"}.get(node.tag, node.text or ""))
    assert "".join(pieces) == f"短行\n{line}\n末行"


def test_a_cut_never_parts_a_character_from_its_marks() -> None:
    # e + two combining acutes, an ideographic variation selector, a ZWJ sequence (none
    # longer than 3): each cut falls before a character that stands alone
    text = "ab" + "e\u0301\u0301" + "c" + "葛\U000e0100" + "d\u200de" + "fgh"
    for limit in range(3, 9):
        pieces = list(docx_runs.text_pieces(text, limit))
        assert "".join(pieces) == text
        assert all(0 < len(p) <= limit for p in pieces)
        for before, after in itertools.pairwise(pieces):
            first = after[0]
            assert unicodedata.combining(first) == 0, (limit, pieces)
            assert not "\U000e0100" <= first <= "\U000e01ef", (limit, pieces)
            assert "\u200d" not in (first, before[-1]), (limit, pieces)


def test_marks_longer_than_the_limit_are_still_cut() -> None:
    text = "e" + "\u0301" * 10 + "x"
    pieces = list(docx_runs.text_pieces(text, 4))
    assert "".join(pieces) == text
    assert all(0 < len(p) <= 4 for p in pieces)


def test_an_ordinary_text_is_one_run() -> None:
    data = _docx("前文**加粗**后文\n")
    para = _paragraph_with(data, "前文")
    assert [len(r.findall(f"{W}t")) for r in para.iter(f"{W}r")] == [1, 1, 1]
