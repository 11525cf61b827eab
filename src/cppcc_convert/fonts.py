"""Fonts for the PDF writer: the bundled faces, user font specs and coverage.

The bundled fonts (see ``fonts/README.md``) are TrueType collections whose faces 0/1/2
carry the Simplified (SC), Taiwan (TC) and Hong Kong (HK) glyph forms of the same
characters, plus DejaVu Sans Mono for code. This module only locates and describes them:
it never imports reportlab, and reads fonts (with fontTools, lazily) only for coverage.
"""

from __future__ import annotations

import hashlib
import mmap
import os
import re
import struct
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal, get_args

from .errors import InternalError, UsageError

__all__ = [
    "HALF_WIDTH_MARKS",
    "PUA_BASE",
    "FontFace",
    "Region",
    "Role",
    "bundled_face",
    "face_coverage",
    "fonts_dir",
    "missing_chars",
    "official_face",
    "parse_font_spec",
    "system_cjk_faces",
]

Region = Literal["SC", "TC", "HK"]  # the glyph forms of a Locale (locale.Glyphs)
Role = Literal["serif", "sans", "mono"]  # body text, headings, code

# The bundled CJK faces carry half-width variants of these marks (fonts/README.md), at
# U+F0000 + the mark's index here, the same in every face: punctuation compression draws the
# variant, and the PDF's copy-out text maps it back (writers/pdf_tounicode.py).
HALF_WIDTH_MARKS = "，。、；：！？“”‘’（）《》〈〉「」『』〔〕【】〖〗｛｝［］"
PUA_FIRST = 0xF0000  # Supplementary Private Use Area-A (GB18030 maps its user areas to the BMP PUA)
PUA_BASE: dict[int, int] = {PUA_FIRST + i: ord(ch) for i, ch in enumerate(HALF_WIDTH_MARKS)}
HALF_WIDTH_FILE = "halfwidth.json"

SERIF_FILE = "NotoSerifCJK-Regular.subset.ttc"
SANS_FILE = "NotoSansCJK-Bold.subset.ttc"
MONO_FILE = "DejaVuSansMono.ttf"
# The stand-ins for the faces of GB/T 9704 (fonts/README.md): 仿宋 and 楷体 have Simplified
# forms only (face 0 in every region), 小标宋 and 黑体 the three regions' forms.
OfficialRole = Literal["fangsong", "kai", "hei", "xiaobiaosong"]
OFFICIAL_FILES: dict[str, tuple[str, bool]] = {  # role -> (file, one face per region)
    "fangsong": ("Official-FangSong.subset.ttf", False),
    "kai": ("Official-Kai.subset.ttf", False),
    "hei": ("Official-Hei.subset.ttc", True),
    "xiaobiaosong": ("Official-XiaoBiaoSong.subset.ttc", True),
}
_REGION_INDEX: dict[str, int] = {"SC": 0, "TC": 1, "HK": 2}


@dataclass(frozen=True)
class FontFace:
    """One face of a font file, as reportlab's ``TTFont(name, path, subfontIndex=index)``."""

    path: Path
    index: int = 0  # subfont index in a TTC
    name: str = ""  # a stable registration name, e.g. "NotoSerifCJK-TC"


def _holds_fonts(folder: Path) -> bool:
    return all((folder / f).is_file() for f in (SERIF_FILE, SANS_FILE, MONO_FILE))


def fonts_dir() -> Path:
    """The folder of the bundled fonts: package data in a wheel, else the repository's."""
    here = Path(__file__).resolve().parent
    for folder in (here / "fonts", here.parent.parent / "fonts"):
        if _holds_fonts(folder):
            return folder
    raise InternalError(
        f"the bundled PDF fonts are missing (looked in {here / 'fonts'} and "
        f"{here.parent.parent / 'fonts'}); reinstall cppcc-convert or pass --pdf-font"
    )


def bundled_face(role: Role, region: Region) -> FontFace:
    """The bundled face for a role (serif body, sans headings, mono code) and region."""
    if region not in _REGION_INDEX:
        raise ValueError(f"unknown region {region!r}; expected one of {get_args(Region)}")
    folder = fonts_dir()
    match role:
        case "serif":
            return FontFace(folder / SERIF_FILE, _REGION_INDEX[region], f"NotoSerifCJK-{region}")
        case "sans":
            return FontFace(folder / SANS_FILE, _REGION_INDEX[region], f"NotoSansCJKBold-{region}")
        case "mono":
            return FontFace(folder / MONO_FILE, 0, "DejaVuSansMono")
    raise ValueError(f"unknown font role {role!r}; expected one of {get_args(Role)}")


def official_face(role: OfficialRole, region: Region) -> FontFace:
    """The bundled stand-in for one of the faces GB/T 9704 names, in ``region``'s forms
    where the font has them."""
    file, regional = OFFICIAL_FILES[role]
    index = _REGION_INDEX[region] if regional else 0
    name = f"CppccOfficial-{role}-{region if regional else 'SC'}"
    return FontFace(fonts_dir() / file, index, name)


def parse_font_spec(spec: str) -> FontFace:
    """A user font from ``PATH[#index]`` (``#N`` picks a face of a .ttc collection)."""
    text, index = spec.strip(), 0
    path_part, sep, suffix = text.rpartition("#")
    if sep and suffix.isdigit():  # a '#' followed by digits; other '#' belong to the path
        text, index = path_part, int(suffix)
    if not text:
        raise UsageError(f"empty font path in {spec!r}")
    path = Path(text).expanduser()
    if not path.is_file():
        raise UsageError(f"font file not found: {path}")
    resolved = path.resolve()
    digest = hashlib.sha1(str(resolved).encode("utf-8")).hexdigest()[:8]
    name = re.sub(r"[^A-Za-z0-9]+", "", resolved.stem)[:40] or "font"
    return FontFace(resolved, index, f"{name}-{index}-{digest}")


def face_coverage(face: FontFace) -> frozenset[int]:
    """The code points the face's cmap maps (cached per file and face index)."""
    return _coverage(face.path.resolve(), face.index)


def missing_chars(face: FontFace, text: str) -> str:
    """The distinct characters of ``text`` (whitespace aside) the face cannot draw, in order."""
    covered = face_coverage(face)
    seen: dict[str, None] = {}
    for ch in text:
        if ord(ch) not in covered and not ch.isspace():
            seen.setdefault(ch)
    return "".join(seen)


@cache
def _coverage(path: Path, index: int) -> frozenset[int]:
    try:
        with path.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
            fast = _unicode_cmap(data, index)  # mmap: read only the cmap pages
    except OSError as exc:
        raise UsageError(f"cannot read font {path}: {exc}") from exc
    except (struct.error, IndexError, ValueError):
        fast = None  # not a plain sfnt: let fontTools judge it
    return fast if fast is not None else _coverage_fonttools(path, index)


def _coverage_fonttools(path: Path, index: int) -> frozenset[int]:
    from fontTools.ttLib import TTFont, TTLibError  # lazy: a rare fallback

    try:
        # lazy=True decompiles only the tables touched: here just 'cmap'.
        with TTFont(path, fontNumber=index, lazy=True) as font:
            cmap = font.getBestCmap() or {}
    except (OSError, TTLibError, IndexError, AssertionError, struct.error) as exc:
        raise UsageError(f"cannot read font {path}#{index}: {exc}") from exc
    return frozenset(cmap)


# Unicode cmap subtables, best first: (platform, encoding, format).
_CMAP_PREFERENCE = ((3, 10, 12), (0, 6, 12), (0, 4, 12), (3, 1, 4), (0, 3, 4), (0, 2, 4), (0, 1, 4))


def _unicode_cmap(data: bytes | mmap.mmap, index: int) -> frozenset[int] | None:
    """Code points of the best Unicode cmap subtable, read with struct (fontTools' decoder
    takes ~1 s for a CJK face); None when there is no format 4/12 Unicode subtable."""
    base = 0
    if data[:4] == b"ttcf":
        (count,) = struct.unpack_from(">I", data, 8)
        if not 0 <= index < count:
            raise ValueError(f"face {index} out of range")
        (base,) = struct.unpack_from(">I", data, 12 + 4 * index)
    (num_tables,) = struct.unpack_from(">H", data, base + 4)
    cmap = None
    for i in range(num_tables):
        tag, _, offset, _ = struct.unpack_from(">4sIII", data, base + 12 + 16 * i)
        if tag == b"cmap":
            cmap = offset
    if cmap is None:
        return None
    (count,) = struct.unpack_from(">H", data, cmap + 2)
    subtables: dict[tuple[int, int, int], int] = {}
    for i in range(count):
        platform, encoding, offset = struct.unpack_from(">HHI", data, cmap + 4 + 8 * i)
        (fmt,) = struct.unpack_from(">H", data, cmap + offset)
        subtables.setdefault((platform, encoding, fmt), cmap + offset)
    for key in _CMAP_PREFERENCE:
        if key in subtables:
            read = _cmap_format12 if key[2] == 12 else _cmap_format4
            return frozenset(read(data, subtables[key]))
    return None


def _cmap_format12(data: bytes | mmap.mmap, at: int) -> set[int]:
    (groups,) = struct.unpack_from(">I", data, at + 12)
    out: set[int] = set()
    for start, end, glyph in struct.iter_unpack(">III", data[at + 16 : at + 16 + 12 * groups]):
        out.update(range(start + (glyph == 0), end + 1))  # a group's 1st code may be .notdef
    return out


def _cmap_format4(data: bytes | mmap.mmap, at: int) -> set[int]:
    seg_x2 = struct.unpack_from(">H", data, at + 6)[0]
    n = seg_x2 // 2
    ends = struct.unpack_from(f">{n}H", data, at + 14)
    starts = struct.unpack_from(f">{n}H", data, at + 16 + seg_x2)
    deltas = struct.unpack_from(f">{n}h", data, at + 16 + 2 * seg_x2)
    range_at = at + 16 + 3 * seg_x2
    offsets = struct.unpack_from(f">{n}H", data, range_at)
    out: set[int] = set()
    for i, (start, end, delta, offset) in enumerate(
        zip(starts, ends, deltas, offsets, strict=True)
    ):
        if start == 0xFFFF:
            continue
        for code in range(start, end + 1):
            if offset == 0:
                glyph = (code + delta) & 0xFFFF
            else:  # idRangeOffset counts from its own slot in the array
                pos = range_at + 2 * i + offset + 2 * (code - start)
                glyph = struct.unpack_from(">H", data, pos)[0]
                glyph = (glyph + delta) & 0xFFFF if glyph else 0
            if glyph:
                out.add(code)
    return out


@cache
def _half_width_table(folder: Path) -> dict[str, dict[str, dict[str, dict[str, str]]]]:
    import json

    path = folder / HALF_WIDTH_FILE
    if not path.is_file():
        return {}
    data: dict[str, dict[str, dict[str, dict[str, str]]]] = json.loads(path.read_text("utf-8"))
    return data


def half_width_variants(face: FontFace) -> dict[str, tuple[int, str]]:
    """The marks a bundled face can set at half width: mark -> (code point of the variant,
    the side its ink sits on: left, right or center). A user's font has none."""
    table = _half_width_table(face.path.parent)
    entries = table.get(face.path.name, {}).get(str(face.index), {})
    return {mark: (int(e["pua"], 16), e["ink"]) for mark, e in entries.items()}


# ------------------------------------------------------------------ system fonts

# Where fonts live on Linux, macOS and Windows (the PDF writer's last fallback for characters
# no bundled or user font has). Tests point this elsewhere.
SYSTEM_FONT_DIRS: tuple[Path, ...] = (
    Path("/usr/share/fonts"),
    Path("/usr/local/share/fonts"),
    Path("~/.local/share/fonts").expanduser(),
    Path("~/.fonts").expanduser(),
    Path("/Library/Fonts"),
    Path("/System/Library/Fonts"),
    Path("~/Library/Fonts").expanduser(),
    Path(os.environ.get("WINDIR", "C:/Windows")) / "Fonts",
)
_FONT_SUFFIXES = (".ttf", ".ttc", ".otf", ".otc")
_HAN_PROBE = (0x4E00, 0x4E2D, 0x6587)  # 一 中 文: every CJK face has them
_HAN_LEAST = 2000  # ...and at least this many characters of the CJK Unified Ideographs block
# Faces whose style names say they are not the regular weight come last.
_NOT_REGULAR = re.compile(
    r"(thin|extralight|ultralight|light|demilight|semilight|black|heavy|bold|italic|oblique|mono)",
    re.IGNORECASE,
)


def _faces_in(data: bytes | mmap.mmap) -> int:
    return int(struct.unpack_from(">I", data, 8)[0]) if data[:4] == b"ttcf" else 1


def truetype_outlines(data: bytes | mmap.mmap, index: int) -> bool:
    """Whether face ``index`` of an sfnt file has TrueType (glyf) outlines: reportlab cannot
    embed CFF ones (most .otf files and Debian's Noto CJK collections)."""
    base = 0
    if data[:4] == b"ttcf":
        (base,) = struct.unpack_from(">I", data, 12 + 4 * index)
    (num_tables,) = struct.unpack_from(">H", data, base + 4)
    tags = {struct.unpack_from(">4s", data, base + 12 + 16 * i)[0] for i in range(num_tables)}
    return b"glyf" in tags and b"loca" in tags


def _font_files(dirs: tuple[Path, ...]) -> list[Path]:
    found: set[Path] = set()
    for folder in dirs:
        if not folder.is_dir():
            continue
        for root, _dirs, files in os.walk(folder, followlinks=False):
            for name in files:
                if name.lower().endswith(_FONT_SUFFIXES):
                    found.add(Path(root) / name)
    return sorted(found, key=lambda p: (bool(_NOT_REGULAR.search(p.stem)), p.name, str(p)))


@cache
def _system_cjk_faces(dirs: tuple[Path, ...]) -> tuple[FontFace, ...]:
    faces: list[tuple[bool, int, FontFace]] = []
    for path in _font_files(dirs):
        try:
            with path.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as d:
                count = _faces_in(d)
                usable = [i for i in range(count) if truetype_outlines(d, i)]
        except (OSError, ValueError, struct.error, IndexError):
            continue  # unreadable or not a font: not a candidate
        for index in usable:
            face = FontFace(path.resolve(), index, _system_name(path, index))
            try:
                covered = face_coverage(face)
            except UsageError:
                continue
            han = sum(1 for code in covered if 0x4E00 <= code <= 0x9FFF)
            if all(code in covered for code in _HAN_PROBE) and han >= _HAN_LEAST:
                faces.append((bool(_NOT_REGULAR.search(path.stem)), -len(covered), face))
    faces.sort(key=lambda t: (t[0], t[1], t[2].path.name, t[2].index))
    return tuple(f for _, _, f in faces)


def _system_name(path: Path, index: int) -> str:
    digest = hashlib.sha1(str(path.resolve()).encode("utf-8")).hexdigest()[:8]
    stem = re.sub(r"[^A-Za-z0-9]+", "", path.stem)[:40] or "font"
    return f"sys-{stem}-{index}-{digest}"


def system_cjk_faces() -> tuple[FontFace, ...]:
    """The CJK faces with TrueType outlines installed on this machine, regular weights first,
    then by how many characters they cover (scanned once per process and set of folders; a
    cmap is read without decoding the font, about 10 ms a face)."""
    return _system_cjk_faces(tuple(SYSTEM_FONT_DIRS))
