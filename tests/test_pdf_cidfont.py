"""Each face is one composite font per document (writers/pdf_cidfont.py): Type0 with
Identity-H, a CIDFontType2 with its subset embedded, a ToUnicode CMap of two-byte codes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cli_support import run_main
from cppcc_convert.model import Document, Meta, Paragraph, Text
from cppcc_convert.writers import pdf_cidfont
from cppcc_convert.writers.pdf_cidfont import widths_array
from cppcc_convert.writers.pdf_tounicode import cid_to_unicode_cmap
from pdf_helpers import render, run, squash

# 800 different Han characters (more than three of reportlab's 256-code subsets)
MANY = "".join(chr(0x4E00 + 7 * n) for n in range(800))


def _pdffonts(path: Path) -> list[list[str]]:
    return [line.split() for line in run("pdffonts", path).splitlines()[2:]]


def _doc(text: str, pages: int = 1) -> Document:
    paras = tuple(Paragraph((Text(text),)) for _ in range(pages))
    return Document(Meta(title="复合字体"), paras)


def test_one_composite_font_per_face(tmp_path: Path) -> None:
    path, ctx = render(_doc(MANY), tmp_path)
    assert [d for d in ctx.diagnostics if d.code == "font-missing"] == []
    rows = _pdffonts(path)
    names = [r[0] for r in rows]
    assert len(names) == len({n.split("+")[1] for n in names}), names  # no face twice
    for row in rows:
        assert re.fullmatch(r"[A-Z]{6}\+\S+", row[0]), row
        assert row[1:5] == ["CID", "TrueType", "Identity-H", "yes"], row
        assert row[5:7] == ["yes", "yes"], row  # subset, ToUnicode
    run("qpdf", "--check", path)
    assert MANY in squash(run("pdftotext", path, "-"))


def test_a_line_of_many_characters_is_one_string(tmp_path: Path) -> None:
    path, _ = render(_doc(MANY[:30]), tmp_path)
    plain = tmp_path / "plain.pdf"
    run("qpdf", "--qdf", "--object-streams=disable", path, plain)  # streams uncompressed
    shows = re.findall(r"<([0-9a-f]+)> Tj", plain.read_bytes().decode("latin-1"))
    assert any(len(s) == 4 * len(MANY[:30]) for s in shows), shows  # 2 bytes a character


def test_the_subset_name_follows_the_glyphs(tmp_path: Path) -> None:
    first, _ = render(_doc(MANY[:40]), tmp_path, "a")
    again, _ = render(_doc(MANY[:40]), tmp_path, "b")
    other, _ = render(_doc(MANY[40:80]), tmp_path, "c")
    assert first.read_bytes() == again.read_bytes()
    assert _pdffonts(first)[0][0] == _pdffonts(again)[0][0]
    assert _pdffonts(first)[0][0] != _pdffonts(other)[0][0]


def test_page_numbers_copy_out(tmp_path: Path) -> None:
    # the footer goes through reportlab's own textOut, which asks the font for its codes
    path, _ = render(_doc(MANY, pages=8), tmp_path)
    text = squash(run("pdftotext", path, "-"))
    assert "—1—" in text
    assert "—2—" in text


def test_to_unicode_has_four_digit_codes_and_surrogate_pairs() -> None:
    chars = [0, ord("中"), 0x2BAC7, *range(0x4E00, 0x4E00 + 150)]
    cmap = cid_to_unicode_cmap(chars)
    assert "<0000> <FFFF>" in cmap  # two-byte codespace
    assert "<0001> <4E2D>" in cmap
    assert "<0002> <D86EDEC7>" in cmap  # 𫫇 U+2BAC7 as a surrogate pair
    counts = [int(n) for n in re.findall(r"(\d+) beginbfchar", cmap)]
    assert counts == [100, 52]  # code 0 (.notdef) copies out as nothing
    assert "<0000> <" not in cmap.split("endcodespacerange")[1]


def test_to_unicode_maps_variants_back_to_their_marks() -> None:
    from cppcc_convert.fonts import PUA_BASE

    variant, mark = next(iter(PUA_BASE.items()))
    assert f"<0001> <{mark:04X}>" in cid_to_unicode_cmap([0, variant], variants=True)
    other = cid_to_unicode_cmap([0, variant])  # a PUA character of another font is itself
    assert "<0001> <" + "".join(f"{u:04X}" for u in _utf16(chr(variant))) + ">" in other


def test_widths_array_lists_runs_that_differ_from_the_default() -> None:
    assert widths_array([1000, 1000, 500, 250.5, 1000, 600], 1000) == "[2 [500 250.5] 5 [600]]"
    assert widths_array([1000, 1000], 1000) == "[]"


def _utf16(text: str) -> list[int]:
    data = text.encode("utf-16-be")
    return [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data), 2)]


def test_a_face_past_its_glyph_limit_fails_the_document_clearly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # reportlab's subsetter caps a subset at 32,760 glyphs (its cmap's 16-bit length); the
    # bundled faces map at most ~25,700 characters, so the limit is lowered to reach it here.
    monkeypatch.setattr(pdf_cidfont, "MAX_GLYPHS", 50)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "many.md").write_text("# 字表\n\n" + MANY[:120] + "\n", encoding="utf-8")
    ran = run_main(capsys, monkeypatch, tmp_path, "-t", "pdf,html", "-o", "out", "in")
    assert ran.code == 2
    errors = [line for line in ran.err_lines if "many.md" in line]
    assert len(errors) == 1 and "more than 50 different glyphs" in errors[0], ran.err
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
