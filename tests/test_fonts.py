"""The bundled PDF fonts and cppcc_convert.fonts: regions, coverage, reportlab, packaging."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from cppcc_convert import fonts
from cppcc_convert.errors import ConvertError
from cppcc_convert.fonts import (
    FontFace,
    bundled_face,
    face_coverage,
    fonts_dir,
    missing_chars,
    parse_font_spec,
)

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "samples" / "fuyang-cppcc.md"
HANZI_8105 = Path("/work/shared/data/tongyong-guifan-hanzi-8105.txt")
REGIONS = ("SC", "TC", "HK")
CJK_ROLES = ("serif", "sans")
# Big5 code points the Noto CJK fonts lack (Big5 maps them to odd Unicode look-alikes).
BIG5_NOT_IN_NOTO = set("ˍ‾∼≒")


def codec_chars(encoding: str, lead: tuple[int, int], trail: tuple[int, int]) -> set[str]:
    chars: set[str] = set()
    for hi in range(lead[0], lead[1] + 1):
        for lo in range(trail[0], trail[1] + 1):
            try:
                chars.update(bytes((hi, lo)).decode(encoding))
            except UnicodeDecodeError:
                continue
    return chars


GB2312 = codec_chars("gb2312", (0xA1, 0xF7), (0xA1, 0xFE))
BIG5 = codec_chars("big5", (0xA1, 0xF9), (0x40, 0xFE))


def rl_font(face: FontFace):
    from reportlab.pdfbase.ttfonts import TTFont

    return TTFont(face.name, str(face.path), subfontIndex=face.index)


# --- glyph forms by language tag (locale.resolve) -------------------------------------


@pytest.mark.parametrize(
    ("lang", "region"),
    [
        ("zh", "SC"),
        ("zh-CN", "SC"),
        ("zh-cn", "SC"),
        ("zh_CN", "SC"),
        ("zh-Hans", "SC"),
        ("zh-SG", "SC"),
        ("zh-Hans-HK", "SC"),
        ("zh-TW", "TC"),
        ("ZH-tw", "TC"),
        ("zh-Hant", "TC"),
        ("zh-Hant-TW", "TC"),
        ("zh-HK", "HK"),
        ("zh-hk", "HK"),
        ("zh-Hant-HK", "HK"),
        ("zh-MO", "HK"),
        ("zh-Hant-MO", "HK"),
        ("yue", "HK"),
        ("en", "SC"),
        ("", "SC"),
    ],
)
def test_region_for_lang(lang: str, region: str) -> None:
    from cppcc_convert.locale import resolve

    assert resolve(lang).glyphs == region


# --- bundled faces ----------------------------------------------------------------------


def test_bundled_faces_exist_with_distinct_names() -> None:
    faces = [bundled_face(role, region) for role in CJK_ROLES for region in REGIONS]
    assert all(f.path.is_file() and f.path.parent == fonts_dir() for f in faces)
    assert [f.index for f in faces] == [0, 1, 2, 0, 1, 2]
    assert len({f.name for f in faces}) == 6
    assert bundled_face("serif", "TC").name == "NotoSerifCJK-TC"
    mono = bundled_face("mono", "HK")
    assert mono == bundled_face("mono", "SC") and mono.path.suffix == ".ttf"
    for license_file in ("OFL.txt", "LICENSE-DejaVu.txt", "README.md"):
        assert (fonts_dir() / license_file).is_file()


def test_bundled_face_rejects_unknown_role_and_region() -> None:
    with pytest.raises(ValueError):
        bundled_face("script", "SC")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        bundled_face("serif", "JP")  # type: ignore[arg-type]


@pytest.mark.parametrize("role", [*CJK_ROLES, "mono"])
@pytest.mark.parametrize("region", REGIONS)
def test_faces_load_in_reportlab_with_their_names(role: str, region: str) -> None:
    face = bundled_face(role, region)  # type: ignore[arg-type]
    font = rl_font(face)
    assert font.face.charToGlyph[ord("A")] != 0
    if role != "mono":
        ps_name = font.face.name.decode()
        assert ps_name.startswith("NotoSerifCJK" if role == "serif" else "NotoSansCJK")
        assert ps_name.lower().startswith(f"noto{role}cjk{region.lower()}")


def test_faces_draw_chinese_into_a_pdf(tmp_path: Path) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfgen import canvas

    out = tmp_path / "t.pdf"
    pdf = canvas.Canvas(str(out), invariant=1)
    lines = {"SC": "政协委员富阳联络组", "TC": "政協委員富陽聯絡組", "HK": "產業強區主戰略"}
    y = 800
    for role in CJK_ROLES:
        for region, text in lines.items():
            face = bundled_face(role, region)  # type: ignore[arg-type]
            pdfmetrics.registerFont(rl_font(face))
            pdf.setFont(face.name, 14)
            pdf.drawString(40, y, text)
            y -= 24
    pdf.save()
    extracted = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    for text in lines.values():
        assert extracted.count(text) == 2
    listing = subprocess.run(
        ["pdffonts", str(out)], capture_output=True, text=True, check=True
    ).stdout
    assert "NotoSerifCJKtc-Regular" in listing and "NotoSansCJKhk-Bold" in listing
    assert " no " not in "".join(ln for ln in listing.splitlines() if "Noto" in ln)


# --- coverage ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_editions() -> dict[str, str]:
    import opencc

    text = SAMPLE.read_text(encoding="utf-8")
    return {
        "SC": text,
        "TC": opencc.OpenCC("s2tw").convert(text) + opencc.OpenCC("s2twp").convert(text),
        "HK": opencc.OpenCC("s2hk").convert(text) + opencc.OpenCC("s2hkp").convert(text),
    }


@pytest.mark.parametrize("role", CJK_ROLES)
@pytest.mark.parametrize("region", REGIONS)
def test_coverage_of_standard_sets(role: str, region: str) -> None:
    covered = face_coverage(bundled_face(role, region))  # type: ignore[arg-type]
    hanzi = {ln.strip() for ln in HANZI_8105.read_text(encoding="utf-8").splitlines()} - {""}
    assert len(hanzi) == 8105
    assert {c for c in hanzi if ord(c) not in covered} == set()
    assert {c for c in GB2312 if ord(c) not in covered} == set()
    assert {c for c in BIG5 if ord(c) not in covered} == BIG5_NOT_IN_NOTO
    punctuation = "，。、；：？！“”‘’（）《》〈〉「」『』【】…—·①⑩№×÷　"
    assert missing_chars(bundled_face(role, region), punctuation) == ""  # type: ignore[arg-type]
    assert all(ord(c) in covered for c in map(chr, range(0x20, 0x7F)))
    assert len(covered) > 18000


@pytest.mark.parametrize("role", CJK_ROLES)
@pytest.mark.parametrize("region", REGIONS)
def test_coverage_of_sample_editions(
    role: str, region: str, sample_editions: dict[str, str]
) -> None:
    face = bundled_face(role, region)  # type: ignore[arg-type]
    for text in sample_editions.values():
        assert missing_chars(face, text) == ""


@pytest.mark.parametrize(
    "source", [SAMPLE, REPO / "tests" / "data" / "rich.md"], ids=["sample", "rich"]
)
@pytest.mark.parametrize("phrases", [False, True])
def test_every_edition_of_parsed_documents_is_covered(source: Path, phrases: bool) -> None:
    import dataclasses

    import cppcc_convert
    from cppcc_convert.editions import apply_edition
    from cppcc_convert.editions_glossary import default_glossary
    from cppcc_convert.locale import EDITIONS, resolve
    from cppcc_convert.model import document_text
    from cppcc_convert.options import Options

    doc = cppcc_convert.parse(source.read_text(encoding="utf-8"))
    options = dataclasses.replace(Options(), phrases=phrases)
    glossary = "".join(e.target for e in default_glossary().entries)
    for edition in EDITIONS:
        edoc = apply_edition(doc, edition, options)
        text = document_text(edoc)
        region = resolve(edoc.meta.lang).glyphs
        assert region == {"zh-Hans": "SC", "zh-HK": "HK"}.get(edition, "TC")
        for role in CJK_ROLES:
            face = bundled_face(role, region)  # type: ignore[arg-type]
            assert missing_chars(face, text + glossary) == "", (edition, role)


def test_missing_chars_reports_uncovered_characters_once_in_order() -> None:
    face = bundled_face("mono", "SC")
    assert missing_chars(face, "ab 中文中 x\n文") == "中文"


def test_tc_and_hk_faces_use_regional_glyph_forms() -> None:
    for role in CJK_ROLES:
        sc, tc, hk = (rl_font(bundled_face(role, r)).face.charToGlyph for r in REGIONS)  # type: ignore[arg-type]
        assert sc.keys() == tc.keys() == hk.keys()
        # Same code point, different glyph: 骨 and 述 are drawn differently in Taiwan,
        # and TC/HK centre the comma and full stop.
        for ch in "骨述，。":
            assert sc[ord(ch)] != tc[ord(ch)], (role, ch)
        assert tc[ord("，")] == hk[ord("，")]
        assert sc[ord("中")] == tc[ord("中")] == hk[ord("中")]
        differing = sum(1 for cp, gid in sc.items() if tc[cp] != gid)
        assert 5000 < differing < 9000


def test_collections_share_outlines_between_faces() -> None:
    from fontTools.ttLib.sfnt import SFNTReader

    with bundled_face("serif", "SC").path.open("rb") as fh:
        tables = [SFNTReader(fh, fontNumber=i).tables for i in range(3)]
    for tag in ("glyf", "loca", "hmtx"):
        assert len({t[tag].offset for t in tables}) == 1, tag
    assert len({t["cmap"].offset for t in tables}) == 3
    assert "CFF " not in tables[0] and "GSUB" not in tables[0]


def test_face_coverage_is_cached_and_matches_reportlab() -> None:
    face = bundled_face("sans", "HK")
    first = face_coverage(face)
    assert face_coverage(FontFace(face.path, face.index, "other")) is first
    assert set(first) == set(rl_font(face).face.charToGlyph)
    mono = face_coverage(bundled_face("mono", "SC"))
    assert ord("A") in mono and ord("中") not in mono


@pytest.mark.parametrize(
    "face",
    [
        *(bundled_face(role, region) for role in CJK_ROLES for region in REGIONS),  # type: ignore[arg-type]
        bundled_face("mono", "SC"),
        *(FontFace(p) for p in sorted(Path("/usr/share/fonts/truetype").rglob("*.ttf"))[:12]),
        FontFace(Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"), 7),
    ],
    ids=lambda f: f"{f.path.name}#{f.index}",
)
def test_face_coverage_agrees_with_fonttools(face: FontFace) -> None:
    from fontTools.ttLib import TTFont

    with TTFont(face.path, fontNumber=face.index, lazy=True) as font:
        assert face_coverage(face) == frozenset(font.getBestCmap())


def test_face_coverage_of_a_bad_font(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttf"
    bad.write_bytes(b"not a font at all")
    with pytest.raises(ConvertError):
        face_coverage(FontFace(bad))
    with pytest.raises(ConvertError):
        face_coverage(FontFace(bundled_face("serif", "SC").path, 3))  # only faces 0-2


# --- parse_font_spec / fonts_dir --------------------------------------------------------


def test_parse_font_spec_path_and_index(tmp_path: Path) -> None:
    serif = bundled_face("serif", "SC").path
    face = parse_font_spec(f"{serif}#2")
    assert face.path == serif.resolve() and face.index == 2
    plain = parse_font_spec(str(serif))
    assert plain.index == 0 and plain.name != face.name
    assert parse_font_spec(f"{serif}#2") == face  # stable name
    hashed = tmp_path / "my#font.ttf"
    hashed.write_bytes(b"x")
    assert parse_font_spec(str(hashed)).path == hashed.resolve()
    assert parse_font_spec(f"{hashed}#1").index == 1
    other = tmp_path / "sub" / serif.name
    other.parent.mkdir()
    other.write_bytes(b"x")
    assert parse_font_spec(str(other)).name != plain.name  # same stem, other file


@pytest.mark.parametrize("spec", ["/nonexistent/font.ttf", "/nonexistent/font.ttc#1", "#1", ""])
def test_parse_font_spec_missing_file(spec: str) -> None:
    with pytest.raises(ConvertError):
        parse_font_spec(spec)


def test_fonts_dir_error_when_fonts_are_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = tmp_path / "site" / "cppcc_convert" / "fonts.py"
    monkeypatch.setattr(fonts, "__file__", str(fake))
    with pytest.raises(ConvertError, match="bundled PDF fonts"):
        fonts_dir()


def test_fonts_module_does_not_import_reportlab() -> None:
    code = "import sys, cppcc_convert.fonts as f; f.fonts_dir(); print('reportlab' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --- packaging --------------------------------------------------------------------------


@pytest.mark.slow
def test_wheel_ships_the_fonts_as_package_data(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", ".", "--no-deps", "-q", "-w", str(wheels)],
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        zf.extractall(tmp_path / "site")
    for name in (fonts.SERIF_FILE, fonts.SANS_FILE, fonts.MONO_FILE, "OFL.txt"):
        assert f"cppcc_convert/fonts/{name}" in names
    assert not [n for n in names if "/.build/" in n]
    site = tmp_path / "site"
    code = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, {str(site)!r})
        from pathlib import Path
        import cppcc_convert.fonts as f
        site = Path({str(site)!r}).resolve()
        assert Path(f.__file__).resolve().is_relative_to(site), f.__file__
        assert f.fonts_dir().resolve() == site / "cppcc_convert" / "fonts", f.fonts_dir()
        from reportlab.pdfbase.ttfonts import TTFont
        face = f.bundled_face("serif", "HK")
        font = TTFont(face.name, str(face.path), subfontIndex=face.index)
        assert font.face.charToGlyph[ord("區")]
        print(face.path)
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert Path(out.stdout.strip()).resolve().is_relative_to(site.resolve())
