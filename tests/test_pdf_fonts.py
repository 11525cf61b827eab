"""Every character gets a glyph if any font has one: the bundled faces, then the user's
``--pdf-font fallback=PATH``, then a TrueType CJK font of the system; else a box prints, the
warning says so, its copy-out text is still the character, and ``--strict`` fails.

Test fonts are made here with fontTools (each maps its characters to one square glyph), and
the system font folders are pointed at a temporary folder, so nothing depends on the machine.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import cppcc_convert
from cppcc_convert import fonts
from cppcc_convert.errors import StrictError, UsageError
from cppcc_convert.model import Document, Meta, Paragraph, Text
from cppcc_convert.options import Options
from pdf_helpers import page_chars, render, run, squash
from suite_hygiene import tools_required

# People's names with rare characters: in the bundled fonts (䶮 喆 堃 昇 𫖯 𪨶 𬱖, the 8105
# list and GBK), in other fonts only (𠮷 㐁 𡒄 𰻞), and in none of ours (𱍐 𪚥).
BUNDLED = "䶮喆堃昇𫖯𪨶𬱖"
ELSEWHERE = "𠮷㐁𡒄𰻞"
NOWHERE = "𱍐𪚥"
NAMES = "刘䶮、张喆、赵堃、钱昇、孙𫖯、李𪨶、何𬱖、周𠮷、吴㐁、郑𡒄、王𰻞、冯𱍐、陈𪚥"


def make_font(path: Path, name: str, chars: str, han: int = 0) -> Path:
    """A TrueType font whose glyph for each of ``chars`` (and, with ``han``, for 一中文 and
    that many CJK ideographs from U+4E00, so it passes for a CJK font) is one square."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    fb = FontBuilder(1000, isTTF=True)
    fb.setupGlyphOrder([".notdef", "square"])
    codes = {ord(c): "square" for c in chars}
    codes.update({0x4E00 + i: "square" for i in range(han)})
    if han:
        codes.update({ord(c): "square" for c in "一中文"})
    fb.setupCharacterMap(codes)
    pen = TTGlyphPen(None)
    pen.moveTo((100, -50))
    pen.lineTo((100, 750))
    pen.lineTo((900, 750))
    pen.lineTo((900, -50))
    pen.closePath()
    square = pen.glyph()
    fb.setupGlyf({".notdef": TTGlyphPen(None).glyph(), "square": square})
    fb.setupHorizontalMetrics({".notdef": (1000, 0), "square": (1000, 100)})
    fb.setupHorizontalHeader(ascent=880, descent=-120)
    fb.setupNameTable({"familyName": name, "styleName": "Regular", "psName": f"{name}-Regular"})
    fb.setupOS2(sTypoAscender=880, sTypoDescender=-120, usWinAscent=880, usWinDescent=120)
    fb.setupPost()
    fb.save(str(path))
    return path


@pytest.fixture
def no_system_fonts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "system-fonts"
    folder.mkdir()
    monkeypatch.setattr(fonts, "SYSTEM_FONT_DIRS", (folder,))
    return folder


def _doc() -> Document:
    return Document(Meta(title="人名用字"), (Paragraph((Text(f"获奖者：{NAMES}。"),), line=3),))


def _fonts_of(path: Path) -> dict[str, str]:
    """Each character of the text and the font that draws it."""
    return {c["text"]: c["fontname"].split("+")[-1] for page in page_chars(path) for c in page}


def _missing(ctx: object) -> list[str]:
    return [d.message for d in ctx.diagnostics if d.code == "font-missing"]  # type: ignore[attr-defined]


def test_bundled_fonts_have_the_common_rare_characters(
    no_system_fonts: Path, tmp_path: Path
) -> None:
    path, _ctx = render(_doc(), tmp_path, pdf_fonts={"fallback": "none"})
    drawn = _fonts_of(path)
    for ch in BUNDLED:
        assert drawn[ch].startswith("NotoSerifCJKsc"), ch
    assert squash(NAMES) in squash(run("pdftotext", path, "-"))


def test_the_users_fallback_font_comes_first(no_system_fonts: Path, tmp_path: Path) -> None:
    user = make_font(tmp_path / "user.ttf", "UserNames", ELSEWHERE)
    make_font(no_system_fonts / "system.ttf", "SystemCJK", ELSEWHERE, han=2100)
    path, ctx = render(_doc(), tmp_path, pdf_fonts={"fallback": str(user)})
    drawn = _fonts_of(path)
    for ch in ELSEWHERE:
        assert drawn[ch].startswith("UserNames"), (ch, drawn[ch])
    msgs = _missing(ctx)
    assert len(msgs) == 1 and all(f"U+{ord(c):04X}" in msgs[0] for c in NOWHERE)
    assert not any(f"U+{ord(c):04X}" in msgs[0] for c in ELSEWHERE)
    # copy-out and search find every name, the boxes' characters included
    assert squash(NAMES) in squash(run("pdftotext", path, "-"))
    assert squash(NAMES) in "".join(c["text"] for page in page_chars(path) for c in page)


def test_a_system_cjk_font_is_the_last_fallback(no_system_fonts: Path, tmp_path: Path) -> None:
    make_font(no_system_fonts / "system.ttf", "SystemCJK", ELSEWHERE, han=2100)
    make_font(no_system_fonts / "latin.ttf", "NotCJK", ELSEWHERE + NOWHERE)  # no Han: skipped
    path, ctx = render(_doc(), tmp_path)
    drawn = _fonts_of(path)
    for ch in ELSEWHERE:
        assert drawn[ch].startswith("SystemCJK"), (ch, drawn[ch])
    assert len(_missing(ctx)) == 1


def test_fonts_with_cff_outlines_are_not_candidates(no_system_fonts: Path) -> None:
    cff = Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")
    if not cff.exists():
        pytest.skip("Debian's fonts-noto-cjk is not installed")
    (no_system_fonts / cff.name).symlink_to(cff)
    make_font(no_system_fonts / "system.ttf", "SystemCJK", ELSEWHERE, han=2100)
    found = fonts.system_cjk_faces()
    assert [f.path.name for f in found] == ["system.ttf"]


def test_a_character_no_font_has_prints_a_box_and_warns(
    no_system_fonts: Path, tmp_path: Path
) -> None:
    path, ctx = render(_doc(), tmp_path)
    (msg,) = _missing(ctx)
    assert "a box will print" in msg
    assert [d.line for d in ctx.diagnostics if d.code == "font-missing"] == [3]
    for ch in ELSEWHERE + NOWHERE:
        assert f"{ch} (U+{ord(ch):04X})" in msg
    drawn = _fonts_of(path)
    for ch in ELSEWHERE + NOWHERE:  # the body face's .notdef, copied out as the character
        assert drawn[ch].startswith("NotoSerifCJKsc"), ch
    assert squash(NAMES) in squash(run("pdftotext", path, "-"))


def test_fallback_none_turns_the_system_fonts_off(no_system_fonts: Path, tmp_path: Path) -> None:
    make_font(no_system_fonts / "system.ttf", "SystemCJK", ELSEWHERE + NOWHERE, han=2100)
    _, ctx = render(_doc(), tmp_path)
    assert _missing(ctx) == []
    _, ctx = render(_doc(), tmp_path, pdf_fonts={"fallback": "none"})
    (msg,) = _missing(ctx)
    assert all(f"U+{ord(c):04X}" in msg for c in ELSEWHERE + NOWHERE)


def test_strict_fails_a_document_with_a_missing_glyph(no_system_fonts: Path) -> None:
    doc = _doc()
    with pytest.raises(StrictError):
        cppcc_convert.render(doc, "pdf", options=Options(strict=True))
    options = Options(strict=True, pdf_fonts={"fallback": "none"})
    with pytest.raises(StrictError):
        cppcc_convert.render(doc, "pdf", options=options)


def test_strict_on_the_command_line(tmp_path: Path) -> None:
    src = tmp_path / "names.md"
    src.write_text(f"# 人名\n\n{NAMES}\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "cppcc_convert", str(src), "--to", "pdf", "-o", str(tmp_path / "o"),
         "--strict", "--pdf-font", "fallback=none"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert proc.returncode != 0
    assert "a box will print" in proc.stderr
    assert "U+2A6A5" in proc.stderr


def test_a_users_private_use_character_is_not_a_punctuation_variant(
    no_system_fonts: Path, tmp_path: Path
) -> None:
    """U+F0000 is the bundled faces' half-width ， but in a document it is the user's own."""
    doc = Document(Meta(title="私用区"), (Paragraph((Text("造字\U000f0000在此，完。"),)),))
    path, ctx = render(doc, tmp_path)
    assert any("U+F0000" in m for m in _missing(ctx))
    text = run("pdftotext", path, "-")
    assert "造字\U000f0000在此" in text or "造字在此" in text  # never "造字，在此"
    assert "造字，在此" not in text


def test_unknown_pdf_font_role_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="unknown PDF font role 'body'"):
        render(_doc(), tmp_path, pdf_fonts={"body": "x.ttf"})


def test_the_machines_own_cjk_fonts_are_found() -> None:
    """On this machine (Debian with fonts-lxgw-wenkai) the real search finds TrueType CJK
    faces and skips the CFF Noto collections. CI installs that package: there, none found
    is a failure, not a skip."""
    found = fonts.system_cjk_faces()
    if not found:
        reason = "no TrueType CJK font installed (apt-get install fonts-lxgw-wenkai)"
        if tools_required():
            pytest.fail(reason + ": required under CI")
        pytest.skip(reason)
    names = [f.path.name for f in found]
    assert not any(n.startswith("NotoSerifCJK-") or n.startswith("NotoSansCJK-") for n in names)
    cover = fonts.face_coverage(found[0])
    assert 0x4E00 in cover and len(cover) > 2000
