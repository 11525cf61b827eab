"""No box for a Han character: every Han character of every corpus document, in each edition
the corpus tests render, has a glyph in the bundled PDF body face of that edition.

The text-layer tests cannot see a box (the PDF's ToUnicode still maps the missing glyph to
its character); the oracle here is the font files' own character maps, read with fontTools,
not what the writer reports.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from fontTools.ttLib import TTCollection

from test_corpus import EDITIONS, FILES, HAN, edition, model_text

BODY = Path(__file__).resolve().parent.parent / "fonts" / "NotoSerifCJK-Regular.subset.ttc"
# faces of the collection (fonts/README.md): 0 = SC, 1 = TC, 2 = HK, by the edition's lang (a
# Traditional source's own edition is zh-Hant: set in TC)
FACE = {"zh-CN": 0, "zh-Hant": 1, "zh-TW": 1, "zh-HK": 2}

# Documents with characters no bundled face has, one font gap each: strict, so that a fix
# shows up as XPASS and the mark must go.
FONT_XFAIL = {
    "traditional/chuci-jiuge.kanripo.txt": (
        "fonts: no bundled face (and no font installed here) has the CJK Extension B "
        "characters 𢥞 U+2295E and 𡐨 U+21428 of 楚辭·九歌: the PDF prints a box for each"
    ),
}


@cache
def covered(face: int) -> frozenset[int]:
    return frozenset(TTCollection(str(BODY)).fonts[face].getBestCmap())


def cases() -> list[object]:
    return [
        pytest.param(f, marks=pytest.mark.xfail(strict=True, reason=FONT_XFAIL[f]))
        if f in FONT_XFAIL
        else f
        for f in FILES
    ]


@pytest.mark.parametrize("file", cases())
def test_every_han_character_has_a_glyph_in_the_bundled_face(file: str) -> None:
    for name in EDITIONS[file]:
        doc = edition(file, name)
        used = set(HAN.findall(model_text(doc)))
        missing = sorted(c for c in used if ord(c) not in covered(FACE[doc.meta.lang]))
        assert not missing, (name, [f"{c} U+{ord(c):04X}" for c in missing[:10]])


def test_the_coverage_oracle_sees_a_missing_character() -> None:
    """The oracle is not vacuous: it finds common characters and misses 𣈶 (U+23236), an
    Extension B character fonts/README.md lists as absent from the source font."""
    assert ord("国") in covered(0) and ord("國") in covered(1) and ord("國") in covered(2)
    assert all(0x23236 not in covered(face) for face in (0, 1, 2))
