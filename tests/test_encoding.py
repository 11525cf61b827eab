"""Input bytes: UTF-8 (BOM or not), UTF-16 with BOM, GB18030, Big5, CRLF/CR line ends, and the
errors for binary, undecodable, empty, missing, directory and too-large inputs."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from cppcc_convert import ConvertError, Options, load
from cppcc_convert.model import Diagnostic, Document

TRADITIONAL = (
    "# 政協工作報告\n\n記者 王小明\n\n"
    "富陽區政協圍繞產業強區主戰略，積極建言獻策，推動經濟社會高質量發展。\n\n"
    "## 一、主要做法\n\n委員們深入企業調研，聽取意見建議，形成多篇調研報告。\n"
)


def same_model(a: Document, b: Document) -> None:
    """Equal metadata and blocks, and equal diagnostics apart from the file and encoding note."""
    assert a.meta == b.meta
    assert a.blocks == b.blocks

    def key(d: Diagnostic) -> tuple[str, str, int | None]:
        return (d.code, d.message, d.line)

    strip = [key(d) for d in a.diagnostics if d.code != "encoding"]
    assert strip == [key(d) for d in b.diagnostics if d.code != "encoding"]


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.fixture(scope="module")
def sample_text(sample_path: Path) -> str:
    return sample_path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "encode"),
    [
        ("utf8-bom", lambda t: b"\xef\xbb\xbf" + t.encode("utf-8")),
        ("utf16-le", lambda t: b"\xff\xfe" + t.encode("utf-16-le")),
        ("utf16-be", lambda t: b"\xfe\xff" + t.encode("utf-16-be")),
        ("utf32-le", lambda t: b"\xff\xfe\x00\x00" + t.encode("utf-32-le")),
        ("crlf", lambda t: t.replace("\n", "\r\n").encode("utf-8")),
        ("cr", lambda t: t.replace("\n", "\r").encode("utf-8")),
        ("utf16-crlf", lambda t: t.replace("\n", "\r\n").encode("utf-16")),
    ],
)
def test_unicode_encodings_load_the_same_model(
    name: str, encode: object, tmp_path: Path, sample_text: str, sample_doc: Document
) -> None:
    path = write(tmp_path, f"{name}.md", encode(sample_text))  # type: ignore[operator]
    doc = load(path)
    same_model(doc, sample_doc)
    assert not any(d.code == "encoding" for d in doc.diagnostics)
    assert all(d.file == str(path) for d in doc.diagnostics)


def test_gb18030_sample(tmp_path: Path, sample_text: str, sample_doc: Document) -> None:
    data = sample_text.encode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    doc = load(write(tmp_path, "gbk.md", data))
    same_model(doc, sample_doc)
    (note,) = [d for d in doc.diagnostics if d.code == "encoding"]
    assert note.level == "info" and "GB18030" in note.message


def test_gb18030_crlf(tmp_path: Path, sample_text: str, sample_doc: Document) -> None:
    doc = load(write(tmp_path, "gbk-crlf.md", sample_text.replace("\n", "\r\n").encode("gbk")))
    same_model(doc, sample_doc)


def test_short_gbk_text(tmp_path: Path) -> None:
    doc = load(write(tmp_path, "short.md", "# 标题\n\n政协委员积极建言献策。\n".encode("gbk")))
    assert doc.meta.title == "标题"
    assert [d.code for d in doc.diagnostics] == ["encoding", "genre"]


def _traditional_sample(sample_text: str) -> str:
    import opencc

    text = opencc.OpenCC("s2tw").convert(sample_text)
    # Big5 lacks a few characters (磅礴's 礴): leave them out of the test text.
    return "".join(ch for ch in text if ch.encode("big5", "replace") != b"?" or ch == "?")


@pytest.mark.parametrize("which", ["sample", "handwritten"])
def test_big5(which: str, tmp_path: Path, sample_text: str) -> None:
    text = _traditional_sample(sample_text) if which == "sample" else TRADITIONAL
    utf8 = load(write(tmp_path, "utf8.md", text.encode("utf-8")))
    big5 = load(write(tmp_path, "big5.md", text.encode("big5")))
    same_model(big5, utf8)
    (note,) = [d for d in big5.diagnostics if d.code == "encoding"]
    assert "BIG5" in note.message
    assert big5.meta.authors[0].role in ("记者", "記者")
    assert "政協" in big5.meta.title


def test_big5_crlf(tmp_path: Path) -> None:
    utf8 = load(write(tmp_path, "utf8.md", TRADITIONAL.encode("utf-8")))
    big5 = load(write(tmp_path, "big5.md", TRADITIONAL.replace("\n", "\r\n").encode("big5")))
    same_model(big5, utf8)


# ---------------------------------------------------------------- bad input


def load_error(path: Path, **options: object) -> ConvertError:
    with pytest.raises(ConvertError) as info:
        load(path, options=Options(**options))  # type: ignore[arg-type]
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(str(path))
    assert "Traceback" not in message
    return info.value


def test_binary_file(tmp_path: Path, rich_path: Path) -> None:
    png = (rich_path.parent / "img" / "photo.png").read_bytes()
    path = write(tmp_path, "photo.md", png)
    err = load_error(path)
    assert err.offset == png.index(b"\x00")
    assert f"byte {err.offset}" in str(err) and "binary" in str(err)


def test_nul_in_text(tmp_path: Path) -> None:
    err = load_error(write(tmp_path, "nul.md", "# 标题\n\n正文".encode() + b"\x00more"))
    assert err.offset == len("# 标题\n\n正文".encode())


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_bytes(seed: int, tmp_path: Path) -> None:
    rng = random.Random(seed)
    data = bytes(rng.randrange(1, 256) for _ in range(2000))
    err = load_error(write(tmp_path, "random.md", data))
    assert err.offset is not None and 0 <= err.offset < len(data)
    assert f"byte {err.offset}" in str(err)


def test_undecodable_after_good_text(tmp_path: Path) -> None:
    good = "# 标题\n\n正文。\n".encode()
    err = load_error(write(tmp_path, "bad.md", good + b"\xff\xfe\xfd\xfc" * 10))
    assert err.offset == len(good)


@pytest.mark.parametrize(
    ("data", "offset"),
    [
        (b"\xef\xbb\xbf\xff\xfe", 3),  # UTF-8 BOM, then a byte UTF-8 cannot start with
        (b"\xff\xfe" + "正文".encode("utf-16-le") + b"a", 6),  # odd length
        (b"\xff\xfe\x00\xd8a\x00", 2),  # lone surrogate
    ],
)
def test_bad_unicode_after_a_bom(data: bytes, offset: int, tmp_path: Path) -> None:
    err = load_error(write(tmp_path, "bom.md", data))
    assert err.offset == offset


@pytest.mark.parametrize("data", [b"", b"\n\n", b" \t\r\n", "\u3000\n".encode(), b"\xef\xbb\xbf"])
def test_empty_or_whitespace_file(data: bytes, tmp_path: Path) -> None:
    assert "empty" in str(load_error(write(tmp_path, "empty.md", data)))


def test_missing_file(tmp_path: Path) -> None:
    assert "no such file" in str(load_error(tmp_path / "missing.md"))


def test_directory(tmp_path: Path) -> None:
    assert "directory" in str(load_error(tmp_path))


def test_too_large_file(tmp_path: Path, sample_path: Path) -> None:
    size = sample_path.stat().st_size
    err = load_error(sample_path, max_input_bytes=size - 1)
    assert str(size) in str(err) and "limit" in str(err)
    assert load(sample_path, options=Options(max_input_bytes=size)).meta.title


def test_bad_front_matter_in_a_file(tmp_path: Path) -> None:
    path = write(tmp_path, "fm.md", "---\ntitle: [oops\nlang: zh\n---\n\n正文。\n".encode())
    err = load_error(path)
    assert str(err).startswith(f"{path}:3: ")
