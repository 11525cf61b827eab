"""The bulk TrueType loader builds what reportlab's own parse builds (reportlab is the oracle)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from reportlab.pdfbase.ttfonts import TTFont

from cppcc_convert.writers import pdf_ttf
from cppcc_convert.writers.pdf_ttf import FastTTFont

# the bulk loader replicates reportlab 5's internals; older releases load fonts their own way
pytestmark = pytest.mark.skipif(
    not pdf_ttf.SUPPORTED, reason="reportlab < 5: fonts load through reportlab's own TTFont"
)

FONTS = Path(__file__).resolve().parent.parent / "fonts"
FACES = [
    ("NotoSerifCJK-Regular.subset.ttc", 0),
    ("NotoSerifCJK-Regular.subset.ttc", 1),
    ("NotoSansCJK-Bold.subset.ttc", 2),
    ("DejaVuSansMono.ttf", 0),  # 2048 units per em: scaled widths
    ("Official-FangSong.subset.ttf", 0),
    ("Official-Hei.subset.ttc", 1),
]
_NOT_DATA = {"_pos", "_pdfScale"}  # the read position and a lambda: not the font's data


def _state(face: Any) -> dict[str, Any]:
    return {k: v for k, v in vars(face).items() if k not in _NOT_DATA}


def _assert_same(ours: Any, theirs: Any) -> None:
    a, b = _state(ours.face), _state(theirs.face)
    assert a.keys() == b.keys()
    for key in b:
        assert a[key] == b[key], key
    for key in ("charToGlyph", "charWidths", "glyphToChar"):  # insertion order too
        assert list(a[key]) == list(b[key]), key
    # int or float, as reportlab has them: widths and advances are written into the PDF
    assert [type(w) for w in a["charWidths"].values()] == [
        type(w) for w in b["charWidths"].values()
    ]
    assert [tuple(map(type, m)) for m in a["hmetrics"]] == [
        tuple(map(type, m)) for m in b["hmetrics"]
    ]
    assert type(a["defaultWidth"]) is type(b["defaultWidth"])
    rest = {k: v for k, v in vars(ours).items() if k not in ("face", "state", "encoding")}
    assert rest == {k: v for k, v in vars(theirs).items() if k not in ("face", "state", "encoding")}


@pytest.mark.parametrize(("file", "index"), FACES)
def test_bulk_face_equals_reportlabs_parse(file: str, index: int) -> None:
    path = str(FONTS / file)
    _assert_same(FastTTFont("A", path, subfontIndex=index), TTFont("A", path, subfontIndex=index))


@pytest.mark.parametrize("file", ["NotoSerifCJK-Regular.subset.ttc", "DejaVuSansMono.ttf"])
def test_subset_bytes_equal_reportlabs(file: str) -> None:
    path = str(FONTS / file)
    theirs = TTFont("A", path)
    ours = FastTTFont("A", path)
    text = "政协委员，“履职”（2024年）ABC xyz 。"
    spread = sorted(theirs.face.charToGlyph)[:: max(1, len(theirs.face.charToGlyph) // 255)]
    for subset in (sorted({ord(c) for c in text}), spread[:256]):
        assert ours.face.makeSubset(subset) == theirs.face.makeSubset(subset)


def test_other_cmap_formats_go_through_reportlab(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_ttf.FastFace, "_cmap12", lambda self, data, cmap: None)
    path = str(FONTS / "DejaVuSansMono.ttf")
    _assert_same(FastTTFont("A", path), TTFont("A", path))
