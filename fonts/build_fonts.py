#!/usr/bin/env python3
"""Build the bundled PDF fonts (run by hand, not in CI; takes a few minutes).

reportlab embeds only TrueType outlines, while the free CJK faces worth printing with
(Noto Serif CJK, Noto Sans CJK; OFL-1.1) ship as CFF. This script subsets them to the
characters Chinese documents use and converts the outlines to quadratic TrueType with
cu2qu, writing one TrueType collection per font whose faces 0/1/2 carry the SC/TC/HK
glyph forms. The three faces differ only in cmap, name and OS/2, so glyf/loca/hmtx are
stored once (``TTCollection.save(shareTables=True)``).

It also builds stand-ins for the fonts of Chinese official documents (GB/T 9704-2012):
仿宋 from Zhuque Fangsong, 楷体 from LXGW WenKai (both TrueType already, single faces
with Simplified forms, renamed), 小标宋 from Noto Serif CJK Bold and 黑体 from Noto Sans
CJK Medium (SC/TC/HK collections like the body fonts), on a smaller repertoire.

Every CJK face gets half-width variants of the full-width punctuation (like OpenType
``halt``) at Private Use code points U+F0000 + the mark's index in ``HALF_MARKS``;
``halfwidth.json`` says, per file and face, which marks have one and which side of the
em the ink was kept from.

    python3 fonts/build_fonts.py                 # everything, into fonts/
    python3 fonts/build_fonts.py --only serif    # one font (repeatable)

Needs fontTools and the official ``opencc`` package (its ``opencc_dict`` tool reads the
phrase dictionaries), Debian's fonts-noto-cjk, fonts-noto-cjk-extra (Sans Medium),
fonts-lxgw-wenkai and fonts-dejavu-core, and a Zhuque Fangsong TTF (``--zhuque``: a
release file, or one built from its sources with fontmake; see README.md).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from fontTools.pens.boundsPen import BoundsPen
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.recordingPen import DecomposingRecordingPen
from fontTools.pens.transformPen import TransformPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.subset import Options, Subsetter
from fontTools.ttLib import TTCollection, TTFont, newTable
from fontTools.ttLib.tables._c_m_a_p import CmapSubtable

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
NOTO_DIR = Path("/usr/share/fonts/opentype/noto")
DEJAVU_MONO = Path("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf")
WENKAI = Path("/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf")
HANZI_8105 = Path("/work/shared/data/tongyong-guifan-hanzi-8105.txt")
SAMPLES = (REPO / "samples" / "fuyang-cppcc.md",)
HALFWIDTH_JSON = "halfwidth.json"
REGIONS = ("SC", "TC", "HK")
OPENCC_CONFIGS = ("s2t", "s2tw", "s2twp", "s2hk", "s2hkp")
# Phrase dictionaries whose (simplified) keys we convert, so every character OpenCC can
# produce in context (乾/幹/榦, 髮/發, 資訊 ...) is covered, not only per-character defaults.
OPENCC_KEY_DICTS = ("STPhrases", "STPhrases_GeneratedFromRegionalPhrases")
MAX_ERR_EM = 1 / 1000  # cu2qu approximation error, in em

# Half-width punctuation: mark i gets a variant at U+F0000 + i in every face that can have
# one. Its ink decides which half of the em is kept; HALF_TOL (in 1/1000 em) lets ink
# overhang the kept half a little (Zhuque's 》 ends at 506, 《 starts at 489).
HALF_MARKS = "，。、；：！？“”‘’（）《》〈〉「」『』〔〕【】〖〗｛｝［］"
HALF_PUA = 0xF0000  # Supplementary Private Use Area-A: out of the way of GBK/GB18030 user areas
HALF_TOL = 25

# Blocks a Chinese document commonly draws from, kept where the source font has them.
EXTRA_BLOCKS: tuple[tuple[int, int], ...] = (
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1 (× ÷ · °)
    (0x0100, 0x024F),  # Latin Extended-A/B (pinyin ā ǎ ǖ, names)
    (0x02B0, 0x02FF),  # spacing modifiers (ˇ ˉ ˊ ˋ ˙ tone marks)
    (0x0370, 0x03FF),  # Greek
    (0x0400, 0x04FF),  # Cyrillic
    (0x2000, 0x206F),  # General Punctuation (“ ” ‘ ’ … — ‰ ※)
    (0x20A0, 0x20CF),  # currency (€)
    (0x2100, 0x214F),  # letterlike (℃ № ™)
    (0x2150, 0x218F),  # number forms (Ⅰ–Ⅻ)
    (0x2190, 0x21FF),  # arrows
    (0x2200, 0x22FF),  # mathematical operators (≤ ≥ ≠ ∑)
    (0x2460, 0x24FF),  # enclosed alphanumerics (①–⑳ ⑴ ⒈)
    (0x2500, 0x25FF),  # box drawing, blocks, geometric shapes (■ □ ▲ ●)
    (0x2600, 0x26FF),  # misc symbols (★ ☆ ☎)
    (0x2700, 0x27BF),  # dingbats (✓ ❶–❿)
    (0x3000, 0x303F),  # CJK Symbols and Punctuation
    (0x3040, 0x30FF),  # kana
    (0x3100, 0x312F),  # Bopomofo
    (0x31A0, 0x31BF),  # Bopomofo extended
    (0x31C0, 0x31EF),  # CJK strokes
    (0x3200, 0x32FF),  # enclosed CJK (㈠ ㊀)
    (0x3300, 0x33FF),  # CJK compatibility (㎡ ㎞)
    (0xFE10, 0xFE1F),  # vertical forms
    (0xFE30, 0xFE6F),  # CJK compatibility forms, small forms
    (0xFF00, 0xFFEF),  # full-width and half-width forms
    (0xFFFD, 0xFFFD),  # replacement character
)

# Curly quotes the stand-in faces must print full width (Chinese), where their default
# glyphs are proportional (Latin): Zhuque has full-width ones behind U+FE01 (its 'fwid'
# feature); LXGW WenKai has none, so we place its quotes in a 1000-unit em (opening
# quotes at the right, closing ones at the left, like Noto CJK's).
QUOTES = "“”‘’"
OPENING_QUOTES = "“‘"


@dataclass(frozen=True)
class Rename:
    """New names for a modified copy whose licence reserves the original's names."""

    family: str
    ps_name: str
    description: str


@dataclass(frozen=True)
class CJKJob:
    """One SC/TC/HK collection to build from a Noto CJK TTC."""

    source: Path
    output: Path
    repertoire: str  # "full" (body, headings) or "official" (official-document faces)


@dataclass(frozen=True)
class SingleJob:
    """One single-face TrueType stand-in to subset from a TrueType source."""

    source: Path
    output: Path
    repertoire: str
    quotes: str  # "fe01": take the U+FE01 variation glyphs; "synthesize": re-seat in 1 em
    rename: Rename | None = None
    glyphs_sources: bool = False  # the source may be a .glyphspackage (built with fontmake)


@dataclass
class Target:
    """The coverage target, by source, before intersecting with what the fonts have."""

    sources: dict[str, set[int]] = field(default_factory=dict)

    @property
    def all(self) -> set[int]:
        return set().union(*self.sources.values())


# --------------------------------------------------------------------------- the target


def codec_chars(encoding: str, lead: tuple[int, int], trail: tuple[int, int]) -> set[str]:
    """Every character of a double-byte legacy encoding (plus its ASCII half)."""
    chars = {chr(c) for c in range(0x20, 0x7F)}
    for hi in range(lead[0], lead[1] + 1):
        for lo in range(trail[0], trail[1] + 1):
            try:
                chars.update(bytes((hi, lo)).decode(encoding))
            except UnicodeDecodeError:
                continue
    return chars


def opencc_dict_keys(name: str) -> list[str]:
    """The keys of one of OpenCC's compiled dictionaries, dumped with opencc_dict."""
    import opencc

    root = Path(opencc.__file__).parent / "clib"
    tool, src = root / "bin" / "opencc_dict", root / "share" / "opencc" / f"{name}.ocd2"
    # A temporary folder, not fonts/.build: the wheel takes the whole fonts/ folder.
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / f"{name}.txt"
        args = [str(tool), "-i", str(src), "-o", str(out), "-f", "ocd2", "-t", "text"]
        subprocess.run(args, check=True, capture_output=True)
        text = out.read_text(encoding="utf-8")
    return [line.split("\t", 1)[0] for line in text.splitlines()]


def opencc_outputs(inputs: Iterable[str]) -> set[str]:
    """Characters OpenCC's s2* configs produce from the given simplified strings."""
    import opencc

    text = "\n".join(inputs)  # newline: phrases never match across entries
    out: set[str] = set()
    for config in OPENCC_CONFIGS:
        out.update(opencc.OpenCC(config).convert(text))
    out.discard("\n")
    return out


def wanted_codepoints() -> dict[str, Target]:
    """The "full" target (body and heading collections) and the smaller "official" one."""
    gb2312 = codec_chars("gb2312", (0xA1, 0xF7), (0xA1, 0xFE))
    gbk = codec_chars("gbk", (0x81, 0xFE), (0x40, 0xFE))
    big5 = codec_chars("big5", (0xA1, 0xF9), (0x40, 0xFE))
    hkscs = codec_chars("big5hkscs", (0x81, 0xFE), (0x40, 0xFE))  # Big5 + HKSCS-2008
    hanzi = {ln.strip() for ln in HANZI_8105.read_text(encoding="utf-8").splitlines()}
    hanzi.discard("")
    samples = [p.read_text(encoding="utf-8") for p in SAMPLES if p.exists()]
    phrases = [k for name in OPENCC_KEY_DICTS for k in opencc_dict_keys(name)]
    full_chars = sorted(gbk | big5 | hkscs | hanzi)
    official_chars = sorted(gb2312 | big5 | hanzi)
    blocks = {c for lo, hi in EXTRA_BLOCKS for c in range(lo, hi + 1)}
    sample_chars = {c for s in samples for c in s if not c.isspace() or c == " "}

    def cps(chars: Iterable[str]) -> set[int]:
        return {ord(c) for c in chars}

    common = {
        "gb2312": cps(gb2312),
        "big5": cps(big5),
        "tongyong8105": cps(hanzi),
        "samples": cps(sample_chars),
        "blocks": blocks,
    }
    full = Target(
        {
            **common,
            "gbk": cps(gbk),
            "big5hkscs": cps(hkscs),
            "opencc": cps(opencc_outputs([*full_chars, *phrases, *samples])),
        }
    )
    official = Target(
        {**common, "opencc": cps(opencc_outputs([*official_chars, *phrases, *samples]))}
    )
    return {"full": full, "official": official}


# ------------------------------------------------------------------------- font surgery


def region_faces(collection: Path) -> dict[str, int]:
    """Face index of the SC/TC/HK (proportional, not Mono) faces of a Noto CJK TTC."""
    faces: dict[str, int] = {}
    for i, font in enumerate(TTCollection(str(collection), lazy=True).fonts):
        words = (font["name"].getDebugName(1) or "").split()  # "Noto Sans CJK SC Medium"
        for region in REGIONS:
            if region in words and "Mono" not in words:
                faces.setdefault(region, i)
    if sorted(faces) != sorted(REGIONS):
        raise SystemExit(f"{collection}: cannot find SC/TC/HK faces ({faces})")
    return faces


def subset_options() -> Options:
    opts = Options()
    opts.layout_features = []  # no GSUB/GPOS: reportlab shapes nothing
    opts.hinting = False
    opts.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "vhea", "vmtx", "VORG", "DSIG"]
    opts.drop_tables += ["gasp", "STAT", "meta"]
    opts.name_IDs = ["*"]
    opts.name_languages = ["*"]
    opts.name_legacy = True
    opts.notdef_outline = True
    opts.glyph_names = False
    opts.desubroutinize = True
    opts.recalc_timestamp = False
    return opts


def to_truetype(font: TTFont) -> None:
    """Replace the CFF outlines of ``font`` with quadratic glyf outlines, in place."""
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    max_err = font["head"].unitsPerEm * MAX_ERR_EM
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(None)
        # CFF contours run counter-clockwise, TrueType ones clockwise.
        glyph_set[name].draw(Cu2QuPen(pen, max_err, reverse_direction=True))
        glyphs[name] = pen.glyph()
    for tag in ("CFF ", "VORG"):
        if tag in font:
            del font[tag]
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder, glyf.glyphs = order, glyphs
    font["loca"] = newTable("loca")
    hmtx = font["hmtx"]
    for name, glyph in glyphs.items():
        glyph.recalcBounds(glyf)
        hmtx[name] = (hmtx[name][0], getattr(glyph, "xMin", 0))  # TrueType: lsb == xMin
    font["maxp"] = truetype_maxp(len(order))
    no_glyph_names(font)
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"


def no_glyph_names(font: TTFont) -> None:
    post = font["post"]
    post.formatType = 3.0  # no glyph names: ~25k "cidNNNNN" names would only cost space
    post.extraNames, post.mapping = [], {}


_MAXP_ZERO_FIELDS = (
    "maxPoints",
    "maxContours",
    "maxCompositePoints",
    "maxCompositeContours",
    "maxTwilightPoints",
    "maxStorage",
    "maxFunctionDefs",
    "maxInstructionDefs",
    "maxStackElements",
    "maxSizeOfInstructions",
    "maxComponentElements",
    "maxComponentDepth",
)


def truetype_maxp(num_glyphs: int):  # -> fontTools table; fields recalculated on save
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.numGlyphs = num_glyphs
    for field_name in _MAXP_ZERO_FIELDS:
        setattr(maxp, field_name, 0)
    maxp.maxZones = 1  # no twilight zone: the fonts carry no instructions
    return maxp


def unicode_cmap(mapping: dict[int, str]):  # -> fontTools 'cmap' table
    """A cmap with (3,1) format 4 for the BMP and (3,10) format 12 for everything."""
    cmap = newTable("cmap")
    cmap.tableVersion, cmap.tables = 0, []
    for fmt, enc, cps in ((4, 1, {c for c in mapping if c <= 0xFFFF}), (12, 10, set(mapping))):
        sub = CmapSubtable.newSubtable(fmt)
        sub.platformID, sub.platEncID, sub.language = 3, enc, 0
        sub.cmap = {c: mapping[c] for c in sorted(cps)}
        cmap.tables.append(sub)
    return cmap


def shifted_glyph(font: TTFont, name: str, dx: float):  # -> a glyf Glyph
    """A copy of glyph ``name``'s outline (components decomposed) moved by ``dx`` units."""
    glyph_set = font.getGlyphSet()
    recording = DecomposingRecordingPen(glyph_set)
    glyph_set[name].draw(recording)
    pen = TTGlyphPen(None)
    recording.replay(TransformPen(pen, (1, 0, 0, 1, dx, 0)))
    return pen.glyph()


def append_glyphs(font: TTFont, new: list[tuple[str, object, int]]) -> None:
    """Add (name, glyf Glyph, advance) glyphs at the end of a TrueType font's glyph order."""
    glyf, hmtx = font["glyf"], font["hmtx"]
    order = list(font.getGlyphOrder())
    for name, glyph, advance in new:
        if name in glyf.glyphs:
            raise ValueError(f"glyph {name} already exists")
        glyph.recalcBounds(glyf)
        order.append(name)
        glyf.glyphs[name] = glyph
        hmtx[name] = (advance, getattr(glyph, "xMin", 0))
    font.setGlyphOrder(order)
    glyf.glyphOrder = order
    font["maxp"].numGlyphs = len(order)


def ink_bounds(font: TTFont, name: str) -> tuple[float, float] | None:
    pen = BoundsPen(font.getGlyphSet())
    font.getGlyphSet()[name].draw(pen)
    return None if pen.bounds is None else (pen.bounds[0], pen.bounds[2])


def half_kind(bounds: tuple[float, float] | None, upm: int) -> str | None:
    """Which half of the em the ink of a full-width mark fits in: left, right, center."""
    if bounds is None:
        return None
    x_min, x_max = (v * 1000 / upm for v in bounds)
    if x_max <= 500 + HALF_TOL:
        return "left"
    if x_min >= 500 - HALF_TOL:
        return "right"
    if x_min >= 250 - HALF_TOL and x_max <= 750 + HALF_TOL:
        return "center"
    return None


HALF_SHIFT = {"left": 0, "right": 500, "center": 250}  # in 1/1000 em, moved to the left


def add_halfwidth(font: TTFont, cmaps: list[dict[int, str]]) -> list[dict[str, dict[str, str]]]:
    """Add the half-width variant glyphs the faces' cmaps call for, and map them.

    ``font`` holds the (shared) TrueType outlines, ``cmaps`` one code point -> glyph name
    mapping per face; each gets U+F0000 + i for mark i where its glyph can be halved. A
    glyph used by several faces (most brackets) gets one variant. Returns, per face, the
    halfwidth.json entries ({mark: {"pua": "F0000", "ink": "left"}}).
    """
    upm = font["head"].unitsPerEm
    made: dict[tuple[str, str], str] = {}
    new: list[tuple[str, object, int]] = []
    entries: list[dict[str, dict[str, str]]] = []
    for cmap in cmaps:
        face_entries: dict[str, dict[str, str]] = {}
        for i, mark in enumerate(HALF_MARKS):
            base = cmap.get(ord(mark))
            if base is None or font["hmtx"][base][0] != upm:
                continue  # not there, or not full width: nothing to halve
            kind = half_kind(ink_bounds(font, base), upm)
            if kind is None:
                continue
            variant = made.get((base, kind))
            if variant is None:
                variant = made[(base, kind)] = f"{base}.half{kind}"
                dx = -HALF_SHIFT[kind] * upm / 1000
                new.append((variant, shifted_glyph(font, base, dx), upm // 2))
            cmap[HALF_PUA + i] = variant
            face_entries[mark] = {"pua": f"{HALF_PUA + i:05X}", "ink": kind}
        entries.append(face_entries)
    append_glyphs(font, new)
    return entries


def set_names(font: TTFont, rename: Rename) -> None:
    """Rename a modified copy (OFL Reserved Font Names): family, full, PostScript, unique
    ID; keep copyright, trademark, designer and licence records; add a description."""
    name = font["name"]
    version = name.getDebugName(5) or "Version 1.000"
    drop = {1, 3, 4, 6, 10, 16, 17, 18, 21, 22, 25}
    name.names = [n for n in name.names if n.nameID not in drop and n.nameID < 256]
    records = {
        1: rename.family,
        3: f"{rename.ps_name};{version.removeprefix('Version ')};cppcc-convert subset",
        4: f"{rename.family} Regular",
        6: rename.ps_name,
        10: rename.description,
    }
    for name_id, text in records.items():
        name.setName(text, name_id, 3, 1, 0x409)
    name.names.sort(key=lambda n: (n.platformID, n.platEncID, n.langID, n.nameID))


def finish_os2(font: TTFont) -> None:
    os2 = font["OS/2"]
    os2.updateFirstAndLastCharIndex(font)
    os2.recalcUnicodeRanges(font)


# ------------------------------------------------------------------------------ builds


def coverage_report(target: Target, cmaps: dict[str, dict[int, str]]) -> dict[str, object]:
    """Per source of the target: how many of its code points a face lacks (and which)."""
    report: dict[str, object] = {}
    for name, cps in sorted(target.sources.items()):
        lacking = {r: sorted(cps - m.keys()) for r, m in cmaps.items()}
        first = next(iter(lacking.values()))
        if all(v == first for v in lacking.values()):
            lacking = {"all faces": first}
        report[name] = {
            r: (len(v) if name == "blocks" or len(v) > 60 else "".join(map(chr, v)) or 0)
            for r, v in lacking.items()
        }
    return report


def build_collection(job: CJKJob, target: Target) -> dict[str, object]:
    """Subset, convert and assemble one SC/TC/HK collection; returns build figures."""
    start = time.monotonic()
    wanted = target.all
    faces = region_faces(job.source)
    sources = {r: TTFont(str(job.source), fontNumber=i, lazy=True) for r, i in faces.items()}
    cmaps = {
        r: {c: g for c, g in f.getBestCmap().items() if c in wanted} for r, f in sources.items()
    }
    glyphs = {".notdef", *(g for m in cmaps.values() for g in m.values())}

    # Subset the SC face to the union of the three faces' glyphs: one glyph order for all.
    base = TTFont(str(job.source), fontNumber=faces["SC"], recalcTimestamp=False)
    subsetter = Subsetter(subset_options())
    subsetter.populate(glyphs=sorted(glyphs), unicodes=sorted(cmaps["SC"]))
    subsetter.subset(base)
    subset_done = time.monotonic()
    gid = {name: i for i, name in enumerate(base.getGlyphOrder())}
    missing = glyphs - gid.keys()
    if missing:
        raise SystemExit(f"{job.source}: subset lost {len(missing)} glyphs")
    to_truetype(base)
    face_cmaps = [dict(cmaps[r]) for r in REGIONS]
    halves = add_halfwidth(base, face_cmaps)
    gid = {name: i for i, name in enumerate(base.getGlyphOrder())}
    buf = io.BytesIO()
    base.save(buf)
    convert_done = time.monotonic()

    collection = TTCollection()
    for region, cmap in zip(REGIONS, face_cmaps, strict=True):
        face = TTFont(io.BytesIO(buf.getvalue()), recalcTimestamp=False)
        order = face.getGlyphOrder()
        face["cmap"] = unicode_cmap({c: order[gid[g]] for c, g in cmap.items()})
        face["name"] = sources[region]["name"]
        face["OS/2"] = sources[region]["OS/2"]
        finish_os2(face)
        collection.fonts.append(face)
    job.output.parent.mkdir(parents=True, exist_ok=True)
    collection.save(str(job.output), shareTables=True)
    return {
        "file": job.output.name,
        "source": f"{job.source.name} faces {faces}",
        "repertoire": job.repertoire,
        "glyphs": len(gid),
        "cmap": {r: len(m) for r, m in zip(REGIONS, face_cmaps, strict=True)},
        "differing_cmap_entries": sum(
            1 for c in cmaps["SC"] if cmaps["SC"][c] != cmaps["TC"].get(c)
        ),
        "halfwidth": {str(i): h for i, h in enumerate(halves)},
        "lacking": coverage_report(target, dict(zip(REGIONS, face_cmaps, strict=True))),
        "bytes": job.output.stat().st_size,
        "seconds": {
            "subset": round(subset_done - start, 1),
            "convert": round(convert_done - subset_done, 1),
            "total": round(time.monotonic() - start, 1),
        },
    }


def full_width_quotes(font: TTFont, cmap: dict[int, str], how: str) -> list[str]:
    """Point the curly quotes at full-width glyphs (see QUOTES); returns glyphs to keep."""
    if how == "fe01":
        uvs = {}
        for sub in font["cmap"].tables:
            if sub.format == 14:
                uvs = {cp: g for cp, g in sub.uvsDict.get(0xFE01, []) if g is not None}
        keep = []
        for q in QUOTES:
            glyph = uvs.get(ord(q))
            if glyph is None or font["hmtx"][glyph][0] != font["head"].unitsPerEm:
                raise SystemExit(f"no full-width {q} behind U+FE01")
            cmap[ord(q)] = glyph
            keep.append(glyph)
        return keep
    return []


def synthesize_quotes(font: TTFont, cmap: dict[int, str]) -> None:
    """Give proportional curly quotes a full em: opening ones at the right, closing at the
    left edge, the proportional advance box moved whole (its side bearings kept)."""
    upm = font["head"].unitsPerEm
    new = []
    for q in QUOTES:
        glyph = cmap[ord(q)]
        advance = font["hmtx"][glyph][0]
        if advance >= upm:
            continue
        dx = upm - advance - upm * 0.04 if q in OPENING_QUOTES else upm * 0.04
        name = f"{glyph}.fullwidth"
        new.append((name, shifted_glyph(font, glyph, dx), upm))
        cmap[ord(q)] = name
    append_glyphs(font, new)


def glyphs_ttf(source: Path, tmp: Path) -> Path:
    """A TTF: the file itself, or one built from .glyphspackage sources with fontmake into
    ``tmp`` (Zhuque Fangsong: ~3 minutes)."""
    if source.is_file():
        return source
    if source.suffix != ".glyphspackage" or not source.is_dir():
        raise SystemExit(f"{source}: give a .ttf or a .glyphspackage folder")
    args = [sys.executable, "-m", "fontmake", "-g", str(source), "-o", "ttf",
            "--output-dir", str(tmp)]  # fmt: skip
    subprocess.run(args, check=True, capture_output=True)
    (built,) = tmp.glob("*.ttf")
    return built


def build_single(job: SingleJob, target: Target) -> dict[str, object]:
    """Subset one TrueType face, fix its quotes, add half-width punctuation, rename."""
    start = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        source = glyphs_ttf(job.source, Path(tmp)) if job.glyphs_sources else job.source
        if not source.is_file():
            raise SystemExit(f"{source}: not found (see fonts/README.md)")
        font = TTFont(str(source), recalcTimestamp=False)
        font.ensureDecompiled()  # before the temporary folder goes
    if "glyf" not in font:
        raise SystemExit(f"{job.source}: not a TrueType-outline font")
    src_cmap = font.getBestCmap()
    cmap = {c: g for c, g in src_cmap.items() if c in target.all}
    keep = full_width_quotes(font, cmap, job.quotes)
    subsetter = Subsetter(subset_options())
    subsetter.populate(glyphs=sorted({".notdef", *cmap.values(), *keep}), unicodes=[])
    subsetter.subset(font)
    if job.quotes == "synthesize":
        synthesize_quotes(font, cmap)
    subset_done = time.monotonic()
    (halves,) = add_halfwidth(font, [cmap])
    font["cmap"] = unicode_cmap(cmap)
    no_glyph_names(font)
    if job.rename:
        set_names(font, job.rename)
    head = font["head"]
    head.modified = head.created  # fontmake stamps the build time: keep rebuilds identical
    finish_os2(font)
    job.output.parent.mkdir(parents=True, exist_ok=True)
    font.save(str(job.output))
    return {
        "file": job.output.name,
        "source": job.source.name,
        "repertoire": job.repertoire,
        "glyphs": len(font.getGlyphOrder()),
        "cmap": {"0": len(cmap)},
        "halfwidth": {"0": halves},
        "lacking": coverage_report(target, {"face 0": cmap}),
        "bytes": job.output.stat().st_size,
        "seconds": {
            "subset": round(subset_done - start, 1),
            "total": round(time.monotonic() - start, 1),
        },
    }


def run_job(job: CJKJob | SingleJob, targets: dict[str, Target]) -> dict[str, object]:
    target = targets[job.repertoire]
    if isinstance(job, CJKJob):
        return build_collection(job, target)
    return build_single(job, target)


def write_halfwidth(path: Path, built: dict[str, dict[str, object]]) -> None:
    """Merge the built files' entries into halfwidth.json (other files' entries stay)."""
    data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    data.update(built)
    text = halfwidth_text(data)
    if json.loads(text) != data:  # pragma: no cover - the layout below must stay JSON
        raise AssertionError("halfwidth.json layout")
    path.write_text(text, encoding="utf-8")


def halfwidth_text(data: dict[str, dict[str, object]]) -> str:
    """halfwidth.json with sorted keys, one mark a line."""

    def dump(value: object) -> str:
        return json.dumps(value, ensure_ascii=False, sort_keys=True)

    files = []
    for file_name, faces in sorted(data.items()):
        face_lines = []
        for index, marks in sorted(faces.items(), key=lambda kv: int(kv[0])):
            rows = [f"   {dump(m)}: {dump(e)}" for m, e in sorted(marks.items())]
            face_lines.append(f"  {dump(index)}: {{\n" + ",\n".join(rows) + "\n  }")
        files.append(f" {dump(file_name)}: {{\n" + ",\n".join(face_lines) + "\n }")
    return "{\n" + ",\n".join(files) + "\n}\n"


# ------------------------------------------------------------------------------- main

WENKAI_RENAME = Rename(
    family="Cppcc Official Kai",
    ps_name="CppccOfficialKai-Regular",
    description=(
        'A subset of LXGW WenKai 1.250 (OFL-1.1; Reserved Font Names "LXGW" and '
        '"\u971e\u9e5c") for cppcc-convert\'s official-document PDFs: curly quotes set '
        "full width, half-width punctuation at U+F0000-F001E, layout tables dropped. "
        "Renamed as the licence requires for Modified Versions."
    ),
)
ZHUQUE_RENAME = Rename(
    family="Cppcc Official FangSong",
    ps_name="CppccOfficialFangSong-Regular",
    description=(
        "A subset of Zhuque Fangsong 0.211 (OFL-1.1, by TrionesType / JadeFoci) for "
        "cppcc-convert's official-document PDFs: full-width curly quotes, half-width "
        "punctuation at U+F0000-F001E, layout tables dropped. Renamed so that it is not "
        "taken for an upstream Zhuque release."
    ),
)


def jobs_for(only: set[str], args: argparse.Namespace) -> list[CJKJob | SingleJob]:
    noto, out = args.noto_dir, args.out
    table: dict[str, CJKJob | SingleJob] = {
        "serif": CJKJob(noto / "NotoSerifCJK-Regular.ttc",
                        out / "NotoSerifCJK-Regular.subset.ttc", "full"),
        "sans": CJKJob(noto / "NotoSansCJK-Bold.ttc",
                       out / "NotoSansCJK-Bold.subset.ttc", "full"),
        "xiaobiaosong": CJKJob(noto / "NotoSerifCJK-Bold.ttc",
                               out / "Official-XiaoBiaoSong.subset.ttc", "official"),
        "hei": CJKJob(noto / "NotoSansCJK-Medium.ttc",
                      out / "Official-Hei.subset.ttc", "official"),
        "fangsong": SingleJob(args.zhuque, out / "Official-FangSong.subset.ttf",
                              "official", "fe01", ZHUQUE_RENAME, glyphs_sources=True),
        "kai": SingleJob(args.wenkai, out / "Official-Kai.subset.ttf",
                         "official", "synthesize", WENKAI_RENAME),
    }  # fmt: skip
    # Biggest first: two workers finish sooner when the long jobs start early.
    return [table[k] for k in JOB_ORDER if k in only]


JOB_ORDER = ("serif", "sans", "xiaobiaosong", "hei", "kai", "fangsong")
CHOICES = (*JOB_ORDER, "mono", "official")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=HERE, help="output folder (fonts/)")
    parser.add_argument("--noto-dir", type=Path, default=NOTO_DIR)
    parser.add_argument("--wenkai", type=Path, default=WENKAI, help="LXGWWenKai-Regular.ttf")
    parser.add_argument(
        "--zhuque",
        type=Path,
        default=os.environ.get("ZHUQUE_FANGSONG"),
        help="Zhuque Fangsong 0.211: ZhuqueFangsong-Regular.ttf or its .glyphspackage "
        "sources (default: $ZHUQUE_FANGSONG)",
    )
    parser.add_argument(
        "--only",
        choices=CHOICES,
        action="append",
        help="build only this (repeatable); 'official' = the four stand-ins",
    )
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    only = set(args.only or CHOICES)
    if "official" in only:
        only |= {"xiaobiaosong", "hei", "fangsong", "kai"}
    started = time.monotonic()

    if "fangsong" in only and args.zhuque is None:
        parser.error("the fangsong font needs --zhuque (or $ZHUQUE_FANGSONG); see README.md")
    jobs = jobs_for(only, args)
    if jobs:
        targets = wanted_codepoints()
        for key, target in targets.items():
            for name, cps in sorted(target.sources.items()):
                print(f"target {key} {name}: {len(cps)} code points")
            print(f"target {key} total: {len(target.all)} code points")
        halfwidth: dict[str, dict[str, object]] = {}
        with ProcessPoolExecutor(max_workers=max(1, min(args.workers, len(jobs)))) as pool:
            for figures in pool.map(run_job, jobs, [targets] * len(jobs)):
                halfwidth[str(figures["file"])] = figures.pop("halfwidth")  # type: ignore[assignment]
                print(json.dumps(figures, ensure_ascii=False))
        write_halfwidth(args.out / HALFWIDTH_JSON, halfwidth)
        print(f"wrote {HALFWIDTH_JSON} ({len(halfwidth)} files)")
    if "mono" in only:
        # Shipped unmodified (Bitstream Vera licence: modified copies need renaming).
        shutil.copyfile(DEJAVU_MONO, args.out / DEJAVU_MONO.name)
        print(f"copied {DEJAVU_MONO.name}: {DEJAVU_MONO.stat().st_size} bytes")
    print(f"done in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
