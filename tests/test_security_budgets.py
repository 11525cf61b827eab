"""Resource budgets and hostile images (issue 19): a total size limit for a document's
embedded images (each image counted once; a standalone HTML page counts every embedding),
the per-image byte and pixel limits, and images that used to crash a writer: CMYK JPEG,
garbage EXIF resolutions, truncated files, a 1 x huge strip, a JPEG that is only a SOF marker.
Image file names with spaces and non-ASCII characters are found."""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from robustness_support import assert_clean, cli, docx_text, files_under, pdf_check, temp_files

FORMATS = "docx,pdf,epub,html"


def _noise_png(path: Path, side: int) -> int:
    Image.effect_noise((side, side), 90).convert("RGB").save(path)
    return path.stat().st_size


def _embedded(out: Path, stem: str) -> dict[str, int]:
    """How many picture bytes each output carries (HTML: data: URI characters)."""
    sizes: dict[str, int] = {}
    with zipfile.ZipFile(out / f"{stem}.docx") as z:
        sizes["docx"] = sum(
            i.file_size for i in z.infolist() if i.filename.startswith("word/media")
        )
    with zipfile.ZipFile(out / f"{stem}.epub") as z:
        sizes["epub"] = sum(
            i.file_size for i in z.infolist() if i.filename.endswith((".png", ".jpg", ".gif"))
        )
    sizes["html"] = (out / f"{stem}.html").read_bytes().count(b"data:image/")
    return sizes


def test_one_image_referenced_many_times_stays_within_the_budget(tmp_path: Path) -> None:
    """The issue's amplification (one 19 MB image 20 times: a 541 MB page), scaled down:
    a 1 MB budget and a ~190 kB image referenced 20 times."""
    size = _noise_png(tmp_path / "big.png", 256)
    refs = "\n\n".join(f"![图{i}](big.png)" for i in range(20))
    (tmp_path / "a.md").write_text(f"# 图\n\n{refs}\n", encoding="utf-8")
    run = cli("a.md", "--to", FORMATS, "-o", "out", "--max-images-size", "1000000", cwd=tmp_path)
    assert_clean(run)
    assert run.code == 0, run.err
    out = tmp_path / "out"
    embedded = _embedded(out, "a")
    assert embedded["docx"] == size and embedded["epub"] == size  # once, however often shown
    assert embedded["html"] == 1_000_000 // size  # a page repeats the bytes: each counts
    assert (out / "a.html").stat().st_size < 1_000_000 * 4 / 3 + 100_000
    budget = [line for line in run.lines if "[image-budget]" in line]
    assert len(budget) == 20 - embedded["html"], run.err
    assert all("left out: the document's images pass" in line for line in budget)
    # the alt text stands in for each image left out
    assert (out / "a.html").read_bytes().count("图1".encode()) >= 1


def test_distinct_images_share_one_budget(tmp_path: Path) -> None:
    sizes = [_noise_png(tmp_path / f"p{i}.png", 200) for i in range(5)]
    refs = "\n\n".join(f"![图{i}](p{i}.png)" for i in range(5))
    (tmp_path / "a.md").write_text(f"# 图\n\n{refs}\n", encoding="utf-8")
    limit = sum(sizes[:3]) + 10
    run = cli("a.md", "--to", "docx,epub", "-o", "out", "--max-images-size", str(limit),
              cwd=tmp_path)  # fmt: skip
    assert run.code == 0
    embedded = _embedded_zip(tmp_path / "out" / "a.docx", "word/media")
    assert embedded == sum(sizes[:3])
    assert len([line for line in run.lines if "[image-budget]" in line]) == 2


def _embedded_zip(path: Path, prefix: str) -> int:
    with zipfile.ZipFile(path) as z:
        return sum(i.file_size for i in z.infolist() if i.filename.startswith(prefix))


def test_the_budget_from_the_configuration_file(tmp_path: Path) -> None:
    _noise_png(tmp_path / "big.png", 200)
    (tmp_path / "a.md").write_text("# 图\n\n![一](big.png)\n", encoding="utf-8")
    (tmp_path / "cppcc-convert.toml").write_text("max-images-size = 1000\n")
    run = cli("a.md", "--to", "docx", "-o", "out", cwd=tmp_path)
    assert run.code == 0 and run.shows("[image-budget]"), run.err
    assert _embedded_zip(tmp_path / "out" / "a.docx", "word/media") == 0


def test_strict_fails_a_document_over_the_budget(tmp_path: Path) -> None:
    _noise_png(tmp_path / "big.png", 200)
    (tmp_path / "a.md").write_text("# 图\n\n![一](big.png)\n", encoding="utf-8")
    run = cli("a.md", "--to", "html", "-o", "out", "--max-images-size", "1000", "--strict",
              cwd=tmp_path)  # fmt: skip
    assert run.code == 3 and files_under(tmp_path / "out") == set()


# ------------------------------------------------------------------ hostile images


def _jpeg_sof_only() -> bytes:
    sof = (
        b"\xff\xc0"
        + struct.pack(">HBHHB", 17, 8, 30, 40, 3)
        + b"\x01\x22\x00\x02\x11\x01\x03\x11\x01"
    )
    return b"\xff\xd8" + sof


def _exif_jpeg(resolution: tuple[int, int]) -> bytes:
    """A JPEG whose EXIF (and JFIF) resolution is ``resolution`` (garbage on purpose)."""
    im = Image.new("RGB", (40, 30), "blue")
    exif = Image.Exif()
    exif[0x011A] = resolution[0]  # XResolution
    exif[0x011B] = resolution[1]
    exif[0x0128] = 2
    out = io.BytesIO()
    im.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def _make_images(folder: Path) -> dict[str, str | None]:
    """file name -> the warning code it must give (None: embedded)."""
    Image.new("CMYK", (40, 30), (0, 128, 255, 0)).save(folder / "cmyk.jpg")
    Image.new("L", (40, 30), 128).save(folder / "gray.jpg")
    plain = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(plain, "JPEG")
    jfif_less = plain.getvalue()[:2] + plain.getvalue()[20:]  # APP0 (16 + 2 bytes) cut out
    (folder / "nojfif.jpg").write_bytes(jfif_less)
    (folder / "exif-zero.jpg").write_bytes(_exif_jpeg((0, 0)))
    (folder / "exif-huge.jpg").write_bytes(_exif_jpeg((10**9, 1)))
    Image.new("RGB", (40, 30), "red").save(folder / "dpi0.jpg", dpi=(0, 0))
    Image.new("RGB", (40, 30), "red").save(folder / "dpi-odd.png", dpi=(0.001, 1e6))
    whole = io.BytesIO()
    Image.effect_noise((64, 64), 50).convert("RGB").save(whole, "PNG")
    (folder / "truncated.png").write_bytes(whole.getvalue()[: len(whole.getvalue()) // 2])
    Image.new("L", (1, 40_000)).save(folder / "strip.png")
    Image.new("L", (40_000, 1)).save(folder / "wide.png")
    (folder / "sof.jpg").write_bytes(_jpeg_sof_only())
    (folder / "empty.png").write_bytes(b"")
    (folder / "text.gif").write_text("GIF89a but not really", encoding="utf-8")
    Image.new("P", (20, 20)).save(folder / "anim.gif", save_all=True,
                                  append_images=[Image.new("P", (20, 20), 3)])  # fmt: skip
    Image.new("RGB", (20, 20), "green").save(folder / "pic.webp")
    Image.new("RGB", (20, 20), "green").save(folder / "pic.bmp")
    return {
        "cmyk.jpg": None,
        "gray.jpg": None,
        "nojfif.jpg": None,
        "exif-zero.jpg": None,
        "exif-huge.jpg": None,
        "dpi0.jpg": None,
        "dpi-odd.png": None,
        "anim.gif": None,
        "pic.webp": None,
        "truncated.png": "image-unreadable",
        "strip.png": "image-size",
        "wide.png": "image-size",
        "sof.jpg": "image-unreadable",
        "empty.png": "image-unreadable",
        "text.gif": "image-unreadable",
        "pic.bmp": "image-format",
    }


@pytest.fixture(scope="module")
def image_run(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("hostile-images")
    cases = _make_images(folder)
    body = "\n\n".join(f"![说明{i}]({name})" for i, name in enumerate(cases))
    (folder / "a.md").write_text(f"# 图\n\n{body}\n", encoding="utf-8")
    run = cli("a.md", "--to", FORMATS, "--edition", "zh-Hans,zh-TW", "-o", "out", cwd=folder)
    return folder, cases, run


def test_hostile_images_convert_or_warn(image_run) -> None:
    folder, cases, run = image_run
    assert_clean(run)
    assert run.code == 0, run.err
    for i, (name, code) in enumerate(cases.items()):
        line = 3 + 2 * i
        mine = [x for x in run.lines if x.startswith(f"a.md:{line}:")]
        if code is None:
            assert not mine, (name, mine)
        else:
            assert len(mine) == 1 and f"[{code}]" in mine[0] and name in mine[0], (name, mine)
    assert not temp_files(folder / "out")


def test_hostile_images_give_valid_outputs(image_run, tmp_path: Path) -> None:
    import docx

    folder, cases, _ = image_run
    out = folder / "out"
    embeddable = sum(code is None for code in cases.values())
    for stem in ("a", "a.zh-TW"):
        document = docx.Document(str(out / f"{stem}.docx"))
        assert len(document.inline_shapes) == embeddable
        assert "说明" in docx_text((out / f"{stem}.docx").read_bytes()) or stem.endswith("TW")
        pdf_check((out / f"{stem}.pdf").read_bytes(), tmp_path)
        assert (out / f"{stem}.html").read_bytes().count(b"data:image/") == embeddable
    from epub_helpers import epubcheck_many

    results = epubcheck_many([out / "a.epub"])
    errors = [m for m in results[out / "a.epub"] if m["severity"] in ("ERROR", "FATAL")]
    assert not errors, errors


def test_cmyk_jpeg_is_embedded_as_rgb(image_run) -> None:
    folder, _, _ = image_run
    with zipfile.ZipFile(folder / "out" / "a.docx") as z:
        media = [z.read(n) for n in z.namelist() if n.startswith("word/media/")]
    modes = {Image.open(io.BytesIO(m)).mode for m in media}
    assert "CMYK" not in modes


def test_a_decompression_bomb_is_refused_from_its_header(tmp_path: Path) -> None:
    from test_security_images import fake_png_header

    (tmp_path / "bomb.png").write_bytes(fake_png_header(200_000, 200_000))
    (tmp_path / "a.md").write_text("# 图\n\n![炸](bomb.png)\n", encoding="utf-8")
    run = cli("a.md", "--to", FORMATS, "-o", "out", cwd=tmp_path)
    assert_clean(run)
    assert run.code == 0 and run.shows("[image-bomb]"), run.err


@pytest.mark.parametrize(
    ("name", "src"),
    [
        ("a b.png", "<a b.png>"),
        ("a b.png", "a%20b.png"),
        ("图 片.png", "<图 片.png>"),
        ("图片.png", "图片.png"),
        ("图片.png", "%E5%9B%BE%E7%89%87.png"),
        ("100%.png", "100%25.png"),
        ("100%.png", "100%.png"),
        ("a(1).png", "a(1).png"),
        ("a(1).png", "a\\(1\\).png"),
        ("a&b.png", "a&amp;b.png"),
        ("sub dir/x y.png", "<sub dir/x y.png>"),
    ],
)
def test_image_names_with_spaces_and_non_ascii_are_found(
    tmp_path: Path, name: str, src: str
) -> None:
    (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (10, 10), "red").save(tmp_path / name)
    md = f'# 图\n\n![说明]({src})\n\n[ref]: <{name}>\n\n![又][ref]\n\n<img src="{name}" alt="三">\n'
    (tmp_path / "a.md").write_text(md, encoding="utf-8")
    run = cli("a.md", "--to", "html,docx", "-o", "out", cwd=tmp_path)
    assert_clean(run)
    assert run.code == 0 and not run.shows("[image-missing]"), run.err
    assert (tmp_path / "out" / "a.html").read_bytes().count(b"data:image/png") == 3


def test_gbk_document_names_a_chinese_image(tmp_path: Path) -> None:
    """The images a GB18030 document names are found too (the client decodes it as the
    worker will before looking for them)."""
    Image.new("RGB", (10, 10), "red").save(tmp_path / "照片.png")
    text = "# 图片说明\n\n![会议现场照片](照片.png)\n\n政协委员参加会议并讨论经济发展问题。\n"
    (tmp_path / "a.md").write_bytes(text.encode("gb18030"))
    run = cli("a.md", "--to", "html", "-o", "out", cwd=tmp_path)
    assert run.code == 0 and not run.shows("[image-missing]"), run.err
    assert b"data:image/png" in (tmp_path / "out" / "a.html").read_bytes()
