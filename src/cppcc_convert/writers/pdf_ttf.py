"""reportlab's TrueType face, loaded without its pure-Python walk of the whole cmap, hmtx and
loca tables.

reportlab's ``TTFontFile.extractInfo`` reads every number of those three tables with one
``struct.unpack`` call each: for a bundled CJK face (35,000 glyphs, 26,000 characters) that is
~140,000 calls, 60-120 ms a face, most of a one-page PDF's run. ``FastFace`` lets reportlab
read the small tables (name, head, OS/2, post, hhea, maxp) itself and reads the three large
ones with ``array`` in bulk, building exactly the attributes reportlab builds (the same
values, types and dict orders: ``tests/test_pdf_ttf.py`` compares them with reportlab's own
parse for every bundled face), so the embedded subsets, made by reportlab's unchanged
``makeSubset`` from them, stay byte-identical. A cmap subtable other than format 12 (what the
bundled faces and most CJK fonts use) or a table too short for its counts goes through
reportlab's own parse, errors included.

The faces of one collection file (the bundled TTCs hold a face per region) share what is the
file's: its bytes, read once, and the ``hmtx``/``loca`` lists wherever the subfonts point at
the same tables (the bundled ones do; their character maps differ and are read per face).
Shared while a face of the file is alive, and only for the same file on disk (path, size,
modification time); nothing here changes a shared list.
"""

from __future__ import annotations

import gc
import os
import re
import struct
import sys
from array import array
from collections.abc import Callable, Sequence
from fnmatch import fnmatch
from itertools import chain
from operator import itemgetter
from typing import Any, Literal
from weakref import WeakKeyDictionary, WeakValueDictionary

import reportlab
from reportlab import rl_config
from reportlab.pdfbase.ttfonts import TTEncoding, TTFont, TTFontFace

_U16 = ">H"


def _uints(data: bytes, at: int, code: str, count: int) -> array[int] | None:
    """``count`` big-endian unsigned integers (``code`` "H": 16-bit, "I": 32-bit) at offset
    ``at`` of ``data``, or None if it is too short (or "I" is not 4 bytes here)."""
    out = array(code)
    end = at + count * out.itemsize
    if out.itemsize != (2 if code == "H" else 4) or len(data) < end:
        return None
    out.frombytes(memoryview(data)[at:end])
    if sys.byteorder == "little":
        out.byteswap()
    return out


class _FileData:
    """What the faces of one file share: its bytes, and metrics by the tables they come from."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.metrics: dict[tuple[int, ...], _Metrics] = {}


# hmetrics, glyphPos, the scaled advances and the advance reused past the last hmetric
_Metrics = tuple[list[tuple[float, int]], list[int], Sequence[float], float]

# (resolved path, size, mtime) -> the file's shared data, while a face holds it
_FILES: WeakValueDictionary[tuple[str, int, int], _FileData] = WeakValueDictionary()


def _file_data(filename: str) -> _FileData | None:
    """The shared bytes of the font file at ``filename``, read on first use; None for a file
    this cannot read (reportlab then opens it as ever and reports its own error)."""
    try:
        path = os.path.realpath(filename)
        info = os.stat(path)
        key = (path, info.st_size, info.st_mtime_ns)
        shared = _FILES.get(key)
        if shared is None:
            with open(path, "rb") as fh:
                shared = _FileData(fh.read())
            _FILES[key] = shared
        return shared
    except OSError:
        return None


class FastFace(TTFontFace):
    """A ``TTFontFace`` whose character map and metrics are read in bulk (see the module)."""

    def __init__(self, filename: str, subfontIndex: int = 0) -> None:  # reportlab's names
        self._shared = _file_data(filename)
        if self._shared is not None:  # reportlab's readFile keeps bytes already there
            self._ttf_data = self._shared.data
            self.filename = filename
        super().__init__(filename, subfontIndex=subfontIndex)

    def extractInfo(self, charInfo: bool | Literal[0, 1] = 1) -> None:  # reportlab's names
        super().extractInfo(0)  # the small tables; stops before the character map
        if charInfo and not self._bulk_metrics():
            super().extractInfo(charInfo)  # a case the bulk reader leaves to reportlab

    def get_table(self, tag: str) -> Any:
        """A table's bytes; ``glyf`` as a view that copies only the slices taken of it
        (``makeSubset`` takes one glyph at a time, once per 256-character subset: copying the
        whole 12 MB table each time was ~20 ms of a one-page PDF)."""
        if tag != "glyf":
            return super().get_table(tag)  # type: ignore[no-untyped-call]
        pos, length = self.get_table_pos(tag)
        return _Slices(memoryview(self._ttf_data)[pos : pos + length])

    def _bulk_metrics(self) -> bool:
        data: bytes = self._ttf_data  # the file's bytes
        table = self.table
        head = table["head"]["offset"]
        index_to_loc, glyph_data_format = struct.unpack_from(">HH", data, head + 50)
        if glyph_data_format != 0 or index_to_loc not in (0, 1) or "loca" not in table:
            return False  # reportlab raises its own errors for these
        (n_hmetrics,) = struct.unpack_from(_U16, data, table["hhea"]["offset"] + 34)
        n_glyphs: int = self.numGlyphs
        c2g = self._cmap12(data, table["cmap"]["offset"])
        if c2g is None:
            return False
        where = (table["hmtx"]["offset"], table["loca"]["offset"], n_hmetrics, n_glyphs)
        key = (*where, index_to_loc, self.unitsPerEm)
        shared = self._shared.metrics if self._shared is not None else {}
        metrics = shared.get(key) or self._metrics(data, *where, index_to_loc)
        if metrics is None:
            return False
        shared[key] = metrics
        hmetrics, glyph_pos, scaled, last = metrics
        # glyph -> characters in cmap order; widths by glyph, as reportlab's hmtx loop sets them
        g2c: dict[int, list[int]] = {}
        for code, glyph in c2g.items():
            g2c.setdefault(glyph, []).append(code)
        by_glyph = sorted(c2g.items(), key=itemgetter(1))  # stable: cmap order within a glyph
        widths: dict[int, float] = {
            code: scaled[glyph] if glyph < n_hmetrics else last
            for code, glyph in by_glyph
            if glyph < n_glyphs
        }
        self.charToGlyph = c2g
        self.glyphToChar = g2c
        self.charWidths = widths
        self.hmetrics = hmetrics
        self.defaultWidth = scaled[0]
        self.glyphPos = glyph_pos
        if 0x20 in c2g:
            c2g[0xA0] = c2g[0x20]
            widths[0xA0] = widths[0x20]
        elif 0xA0 in c2g:
            c2g[0x20] = c2g[0xA0]
            widths[0x20] = widths[0xA0]
        return True

    def _metrics(
        self, data: bytes, hmtx: int, loca: int, n_hmetrics: int, n_glyphs: int, long_loca: int
    ) -> _Metrics | None:
        """hmetrics, glyphPos, the scaled advances and the last one, from the hmtx and loca
        tables at these offsets (None: a table too short for its counts)."""
        scale: Callable[[float], float] = self._pdfScale  # type: ignore[attr-defined]
        # hmtx: n_hmetrics (advance, lsb) pairs, then one lsb per remaining glyph
        pairs = _uints(data, hmtx, "H", 2 * n_hmetrics)
        rest = _uints(data, hmtx + 4 * n_hmetrics, "H", max(0, n_glyphs - n_hmetrics))
        offsets = _uints(data, loca, "I" if long_loca else "H", n_glyphs + 1)
        if pairs is None or rest is None or offsets is None:
            return None
        advances = pairs[0::2].tolist()
        hmetrics: list[tuple[float, int]] = list(zip(advances, pairs[1::2].tolist(), strict=True))
        scaled = advances if self.unitsPerEm == 1000 else [scale(a) for a in advances]
        last = scaled[-1]  # reportlab reuses the last advance, already scaled, for the rest
        hmetrics += [(last, lsb) for lsb in rest.tolist()]
        glyph_pos = offsets.tolist() if long_loca else [p << 1 for p in offsets.tolist()]
        return hmetrics, glyph_pos, scaled, last

    def _cmap12(self, data: bytes, cmap: int) -> dict[int, int] | None:
        """The character map, if reportlab would read a format 12 subtable: the subtable is
        the one its loop over the encoding records picks."""
        version, count = struct.unpack_from(">HH", data, cmap)
        if count == 0 and version != 0:
            count = version
        chosen, enc = None, 0
        for n in range(count):
            platform, encoding, offset = struct.unpack_from(">HHL", data, cmap + 4 + 8 * n)
            if platform == 3:
                enc, chosen = 1, offset
            elif platform == 1 and encoding == 0 and enc != 1:
                enc, chosen = 2, offset
            elif (platform == 1 and encoding == 1) or (platform == 0 and encoding != 5):
                enc, chosen = 1, offset
        if chosen is None:
            return None
        start = cmap + chosen
        (fmt,) = struct.unpack_from(_U16, data, start)
        if fmt != 12:
            return None
        (n_groups,) = struct.unpack_from(">L", data, start + 12)
        groups = _uints(data, start + 16, "I", 3 * n_groups)
        if groups is None:
            return None
        values = groups.tolist()
        firsts, ends, glyphs = values[0::3], [e + 1 for e in values[1::3]], values[2::3]
        last_glyphs = [g + e - f for f, e, g in zip(firsts, ends, glyphs, strict=True)]
        c2g = dict(
            zip(
                chain.from_iterable(map(range, firsts, ends)),
                chain.from_iterable(map(range, glyphs, last_glyphs)),
                strict=True,
            )
        )
        size = sum(max(0, e - f) for f, e in zip(firsts, ends, strict=True))
        return c2g if len(c2g) == size else None  # overlapping groups: reportlab's order


class _Slices:
    """Bytes of a buffer, copied a slice at a time (all ``makeSubset`` does with ``glyf``)."""

    def __init__(self, view: memoryview) -> None:
        self._view = view

    def __getitem__(self, index: slice) -> bytes:
        return self._view[index].tobytes()

    def __len__(self) -> int:
        return len(self._view)


def _release(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", version)[:2])


# The attributes FastFace builds are those of reportlab 5's TTFontFile (tests/test_pdf_ttf.py
# compares them); older releases keep other internals, and get reportlab's own TTFont.
SUPPORTED = _release(reportlab.Version) >= (5, 0)


class FastTTFont(TTFont):
    """reportlab's ``TTFont`` with a ``FastFace`` (its ``__init__``, the face aside)."""

    def __init__(self, name: str, filename: str, subfontIndex: int = 0) -> None:
        self.fontName = name
        collecting = gc.isenabled()
        gc.disable()  # ~100,000 new lists and tuples, no cycles: a collection pass is waste
        try:
            self.face = FastFace(filename, subfontIndex=subfontIndex)
        finally:
            if collecting:
                gc.enable()
        self.encoding = TTEncoding()
        self.state = WeakKeyDictionary()
        self._asciiReadable = rl_config.ttfAsciiReadable
        self.shapable = not any(fnmatch(name, g) for g in rl_config.unShapedFontGlob or ())
