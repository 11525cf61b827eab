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
# the read position, a lambda, and the link to what the faces of one file share (compared
# through the attributes it fills): not the font's data
_NOT_DATA = {"_pos", "_pdfScale", "_shared"}


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


def test_faces_of_one_collection_share_the_file_and_its_metrics() -> None:
    path = str(FONTS / "NotoSerifCJK-Regular.subset.ttc")
    faces = [FastTTFont("A", path, subfontIndex=i).face for i in (0, 1, 2)]
    theirs = [TTFont("A", path, subfontIndex=i).face for i in (0, 1, 2)]
    assert all(f._ttf_data is faces[0]._ttf_data for f in faces)  # read once
    assert all(f.hmetrics is faces[0].hmetrics for f in faces)  # the same hmtx and loca
    assert all(f.glyphPos is faces[0].glyphPos for f in faces)
    for ours, reportlab in zip(faces, theirs, strict=True):  # each still reportlab's values
        assert ours.hmetrics == reportlab.hmetrics
        assert ours.glyphPos == reportlab.glyphPos
        assert ours.charWidths == reportlab.charWidths
    assert faces[0].charToGlyph != faces[2].charToGlyph  # the regions' maps differ


def test_a_changed_file_is_read_again(tmp_path: Path) -> None:
    import os
    import shutil

    path = tmp_path / "mono.ttf"
    shutil.copyfile(FONTS / "DejaVuSansMono.ttf", path)
    first = FastTTFont("A", str(path)).face
    keep = first  # alive: its file's data stays shared
    again = FastTTFont("A", str(path)).face
    assert again._ttf_data is keep._ttf_data
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 10**9))
    changed = FastTTFont("A", str(path)).face
    assert changed._ttf_data is not keep._ttf_data
    assert changed._ttf_data == keep._ttf_data
