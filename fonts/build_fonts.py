#!/usr/bin/env python3
"""Build the bundled PDF fonts (run by hand, not in CI; takes a few minutes).

reportlab embeds only TrueType outlines, while the free CJK faces worth printing with
(Noto Serif CJK, Noto Sans CJK; OFL-1.1) ship as CFF. This script subsets them to the
characters Chinese documents use and converts the outlines to quadratic TrueType with
cu2qu, writing one TrueType collection per font whose faces 0/1/2 carry the SC/TC/HK
glyph forms. The three faces differ only in cmap, name and OS/2, so glyf/loca/hmtx are
stored once (``TTCollection.save(shareTables=True)``).

    python3 fonts/build_fonts.py                 # everything, into fonts/
    python3 fonts/build_fonts.py --only serif    # one font

Needs fontTools and the official ``opencc`` package (its ``opencc_dict`` tool reads the
phrase dictionaries), and Debian's fonts-noto-cjk and fonts-dejavu-core.
"""

from __future__ import annotations

import argparse
import io
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.subset import Options, Subsetter
from fontTools.ttLib import TTCollection, TTFont, newTable
from fontTools.ttLib.tables._c_m_a_p import CmapSubtable

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
NOTO_DIR = Path("/usr/share/fonts/opentype/noto")
DEJAVU_MONO = Path("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf")
HANZI_8105 = Path("/work/shared/data/tongyong-guifan-hanzi-8105.txt")
SAMPLES = (REPO / "samples" / "fuyang-cppcc.md",)
REGIONS = ("SC", "TC", "HK")
OPENCC_CONFIGS = ("s2t", "s2tw", "s2twp", "s2hk", "s2hkp")
# Phrase dictionaries whose (simplified) keys we convert, so every character OpenCC can
# produce in context (乾/幹/榦, 髮/發, 資訊 ...) is covered, not only per-character defaults.
OPENCC_KEY_DICTS = ("STPhrases", "STPhrases_GeneratedFromRegionalPhrases")
MAX_ERR_EM = 1 / 1000  # cu2qu approximation error, in em

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


@dataclass(frozen=True)
class CJKJob:
    """One collection to build: a source TTC and the file it becomes."""

    source: Path
    output: Path


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
    return out


def wanted_codepoints() -> dict[str, set[int]]:
    """The coverage target, by source, before intersecting with what the fonts have."""
    gb2312 = codec_chars("gb2312", (0xA1, 0xF7), (0xA1, 0xFE))
    big5 = codec_chars("big5", (0xA1, 0xF9), (0x40, 0xFE))
    hanzi = {ln.strip() for ln in HANZI_8105.read_text(encoding="utf-8").splitlines()}
    hanzi.discard("")
    samples = [p.read_text(encoding="utf-8") for p in SAMPLES if p.exists()]
    per_char = sorted(gb2312 | hanzi)
    phrases = [k for name in OPENCC_KEY_DICTS for k in opencc_dict_keys(name)]
    converted = opencc_outputs([*per_char, *phrases, *samples])
    blocks = {c for lo, hi in EXTRA_BLOCKS for c in range(lo, hi + 1)}
    sample_chars = {c for s in samples for c in s if not c.isspace() or c == " "}
    return {
        "gb2312": {ord(c) for c in gb2312},
        "big5": {ord(c) for c in big5},
        "tongyong8105": {ord(c) for c in hanzi},
        "opencc": {ord(c) for c in converted if c != "\n"},
        "samples": {ord(c) for c in sample_chars},
        "blocks": blocks,
    }


def region_faces(collection: Path) -> dict[str, int]:
    """Face index of the SC/TC/HK (proportional, not Mono) faces of a Noto CJK TTC."""
    faces: dict[str, int] = {}
    for i, font in enumerate(TTCollection(str(collection), lazy=True).fonts):
        family = font["name"].getDebugName(1) or ""
        for region in REGIONS:
            if family.endswith(f" {region}") and "Mono" not in family:
                faces[region] = i
    if sorted(faces) != sorted(REGIONS):
        raise SystemExit(f"{collection}: cannot find SC/TC/HK faces ({faces})")
    return faces


def subset_options() -> Options:
    opts = Options()
    opts.layout_features = []  # no GSUB/GPOS: reportlab shapes nothing
    opts.hinting = False
    opts.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "vhea", "vmtx", "VORG", "DSIG"]
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
    post = font["post"]
    post.formatType = 3.0  # no glyph names: ~25k "cidNNNNN" names would only cost space
    post.extraNames, post.mapping = [], {}
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"


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
    for field in _MAXP_ZERO_FIELDS:
        setattr(maxp, field, 0)
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


def build_collection(job: CJKJob, wanted: set[int]) -> dict[str, object]:
    """Subset, convert and assemble one SC/TC/HK collection; returns build figures."""
    start = time.monotonic()
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
    buf = io.BytesIO()
    base.save(buf)
    convert_done = time.monotonic()

    collection = TTCollection()
    for region in REGIONS:
        face = TTFont(io.BytesIO(buf.getvalue()), recalcTimestamp=False)
        order = face.getGlyphOrder()
        face["cmap"] = unicode_cmap({c: order[gid[g]] for c, g in cmaps[region].items()})
        face["name"] = sources[region]["name"]
        os2 = face["OS/2"] = sources[region]["OS/2"]
        os2.updateFirstAndLastCharIndex(face)
        os2.recalcUnicodeRanges(face)
        collection.fonts.append(face)
    job.output.parent.mkdir(parents=True, exist_ok=True)
    collection.save(str(job.output), shareTables=True)
    return {
        "file": job.output.name,
        "source": f"{job.source.name} faces {faces}",
        "glyphs": len(gid),
        "cmap": {r: len(m) for r, m in cmaps.items()},
        "differing_cmap_entries": sum(
            1 for c in cmaps["SC"] if cmaps["SC"][c] != cmaps["TC"].get(c)
        ),
        "bytes": job.output.stat().st_size,
        "seconds": {
            "subset": round(subset_done - start, 1),
            "convert": round(convert_done - subset_done, 1),
            "total": round(time.monotonic() - start, 1),
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=HERE, help="output folder (fonts/)")
    parser.add_argument("--noto-dir", type=Path, default=NOTO_DIR)
    parser.add_argument("--only", choices=("serif", "sans", "mono"), action="append")
    args = parser.parse_args(argv)
    only = set(args.only or ("serif", "sans", "mono"))
    started = time.monotonic()

    jobs = []
    if "serif" in only:
        jobs.append(CJKJob(args.noto_dir / "NotoSerifCJK-Regular.ttc",
                           args.out / "NotoSerifCJK-Regular.subset.ttc"))  # fmt: skip
    if "sans" in only:
        jobs.append(CJKJob(args.noto_dir / "NotoSansCJK-Bold.ttc",
                           args.out / "NotoSansCJK-Bold.subset.ttc"))  # fmt: skip
    if jobs:
        target = wanted_codepoints()
        for name, cps in target.items():
            print(f"target {name}: {len(cps)} code points")
        wanted = set().union(*target.values())
        print(f"target total: {len(wanted)} code points")
        with ProcessPoolExecutor(max_workers=min(2, len(jobs))) as pool:
            for figures in pool.map(build_collection, jobs, [wanted] * len(jobs)):
                print(figures)
    if "mono" in only:
        # Shipped unmodified (Bitstream Vera licence: modified copies need renaming).
        shutil.copyfile(DEJAVU_MONO, args.out / DEJAVU_MONO.name)
        print(f"copied {DEJAVU_MONO.name}: {DEJAVU_MONO.stat().st_size} bytes")
    print(f"done in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
