"""Writers that hand their output over in a spool (JSON, DOCX's main part, HTML): the bytes
do not depend on where the spool starts deflating, they cross the worker pipe whole, and
``render_file`` writes what ``render`` returns. The oracle is the bytes with the spool's
default limits (nothing deflated for these documents) and hashlib over the written file."""

from __future__ import annotations

import hashlib
import zipfile
from io import BytesIO
from pathlib import Path

import pytest

import cppcc_convert
from cppcc_convert import Options, OutputError, spool
from cppcc_convert.execute_wire import pack, unpack
from cppcc_convert.pipeline import Job, run_job
from cppcc_convert.spool import Spool, output_bytes

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "fuyang-cppcc.md"
OFFICIAL = Path(__file__).resolve().parent.parent / "samples" / "official-notice.md"
FORMATS = ("json", "docx", "html")


def _table(rows: int) -> str:
    head = "| 单位 | 事项 | 数量 |\n|---|---|---:|\n"
    return "# 表\n\n" + head + "".join(f"| 组{i} | 走访**企业** | {i} |\n" for i in range(rows))


@pytest.fixture
def tiny_spool(monkeypatch: pytest.MonkeyPatch) -> None:
    """Deflate from the first byte, in blocks of 4 KiB: every output crosses the limits."""
    monkeypatch.setattr(spool, "RAW_LIMIT", 0)
    monkeypatch.setattr(spool, "BLOCK", 4096)


DOCS = {
    "sample": SAMPLE.read_text(encoding="utf-8"),
    "official": OFFICIAL.read_text(encoding="utf-8"),
    "table": _table(3000),
    "paragraphs": "".join(f"第{i}段，中文 text {i}。\n\n" for i in range(5000)),
}


@pytest.mark.parametrize("name", sorted(DOCS))
def test_bytes_do_not_depend_on_the_spool_limits(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = cppcc_convert.parse(DOCS[name])
    plain = {
        (f, e): cppcc_convert.render(doc, f, edition=e)
        for f in FORMATS
        for e in ("zh-Hans", "zh-HK")
    }
    monkeypatch.setattr(spool, "RAW_LIMIT", 0)
    monkeypatch.setattr(spool, "BLOCK", 4096)
    for (fmt, edition), expected in plain.items():
        assert cppcc_convert.render(doc, fmt, edition=edition) == expected, (fmt, edition)
    if name == "table":  # the DOCX main part is the spool's: unzipped, the same XML
        with zipfile.ZipFile(BytesIO(plain[("docx", "zh-Hans")])) as z:
            assert z.testzip() is None
            assert z.read("word/document.xml").count(b"<w:tc>") >= 3 * 3001


def test_a_spooled_result_crosses_the_pipe_whole(tiny_spool: None) -> None:
    job = Job("t.md", _table(2000).encode())
    result = run_job(job, list(FORMATS), ["zh-Hans", "zh-TW"], Options())
    spools = [data for _, _, data in result.outputs if isinstance(data, Spool)]
    assert len(spools) == 4  # JSON and HTML; the DOCX spools its main part, not its ZIP
    assert all(any(deflated for deflated, _ in s.blocks) for s in spools)
    back = unpack(pack(result))
    assert back == result
    for (_, _, a), (_, _, b) in zip(back.outputs, result.outputs, strict=True):
        assert type(a) is type(b)
        assert output_bytes(a) == output_bytes(b)


def test_a_parallel_batch_writes_what_a_serial_one_does(tmp_path: Path, tiny_spool: None) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for i in range(3):
        (src / f"t{i}.md").write_text(_table(500 + i * 400), encoding="utf-8")
    one = cppcc_convert.convert(src, outdir=tmp_path / "one", formats=list(FORMATS), jobs=1)
    two = cppcc_convert.convert(src, outdir=tmp_path / "two", formats=list(FORMATS), jobs=2)
    assert one.ok and two.ok and len(one.outputs) == len(two.outputs) == 9
    for a, b in zip(one.outputs, two.outputs, strict=True):
        data = a.path.read_bytes()
        assert data == b.path.read_bytes()
        assert (
            (a.size, a.sha256)
            == (b.size, b.sha256)
            == (len(data), hashlib.sha256(data).hexdigest())
        )


@pytest.mark.parametrize("fmt", ["json", "docx", "html", "epub", "pdf"])
def test_render_file_writes_what_render_returns(fmt: str, tmp_path: Path, tiny_spool: None) -> None:
    doc = cppcc_convert.parse(DOCS["sample"])
    target = tmp_path / f"out.{fmt}"
    written = cppcc_convert.render_file(doc, fmt, target, edition="zh-TW")
    data = target.read_bytes()
    assert data == cppcc_convert.render(doc, fmt, edition="zh-TW")
    assert written.path == target and (written.format, written.edition) == (fmt, "zh-TW")
    assert (written.size, written.sha256) == (len(data), hashlib.sha256(data).hexdigest())
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]  # no temporary left


def test_render_file_into_a_folder_fails_and_leaves_nothing(tmp_path: Path) -> None:
    doc = cppcc_convert.parse(DOCS["sample"])
    (tmp_path / "out.json").mkdir()
    with pytest.raises(OutputError, match=r"out\.json"):
        cppcc_convert.render_file(doc, "json", tmp_path / "out.json")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]
    assert not any((tmp_path / "out.json").iterdir())
