"""What is read (issue 19, "Reads"): documents only inside the input roots after resolving
symlinks, images only inside the document's folder and --resource-path folders, nothing from a
special file. Every input here is made by the test."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

import cppcc_convert
from cppcc_convert.errors import InputError
from robustness_support import assert_clean, cli, cli_process, files_under, temp_files

SECRET = "机密令牌SECRET_TOKEN_12345"


@pytest.fixture
def contributed(tmp_path: Path) -> Path:
    """A contributed folder with symlinks pointing out of it, and a secret outside."""
    (tmp_path / "secret").mkdir()
    secret = tmp_path / "secret" / "env.md"
    secret.write_text(f"# 机密\n\n{SECRET}\n", encoding="utf-8")
    (tmp_path / "secret" / "nested.md").write_text(f"# 深\n\n{SECRET}\n", encoding="utf-8")
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "a.md").write_text("# 文章\n\n正文。\n", encoding="utf-8")
    (src / "sub" / "b.md").write_text("# 另一篇\n\n正文。\n", encoding="utf-8")
    os.symlink(secret, src / "leak.md")  # a file pointing out
    os.symlink(tmp_path / "secret", src / "leakdir")  # a folder pointing out
    os.symlink(src / "a.md", src / "alias.md")  # pointing in: fine
    os.symlink("/proc/self/environ", src / "environ.md")  # the CI job's environment
    os.symlink("nowhere.md", src / "broken.md")
    os.symlink("loop2.md", src / "loop1.md")
    os.symlink("loop1.md", src / "loop2.md")
    return tmp_path


def _everything_written(out: Path) -> bytes:
    return b"".join((out / name).read_bytes() for name in sorted(files_under(out)))


def test_symlinks_out_of_the_folder_are_skipped_with_a_warning(contributed: Path) -> None:
    run = cli("in", "--to", "html,json", "-o", "out", cwd=contributed)
    assert_clean(run)
    assert run.code == 0, run.err
    out = contributed / "out"
    assert files_under(out) == {
        "a.html",
        "a.json",
        "alias.html",
        "alias.json",
        "sub/b.html",
        "sub/b.json",
    }
    assert SECRET.encode() not in _everything_written(out)
    assert b"SECRET_TOKEN" not in _everything_written(out)
    skipped = [line for line in run.lines if "[input-skipped]" in line]
    for name in ("leak.md", "leakdir", "environ.md", "broken.md", "loop1.md", "loop2.md"):
        assert any(name in line for line in skipped), (name, run.err)
    assert run.shows("in/leak.md: a symlink to") and run.shows("(--follow-symlinks reads it)")
    assert run.shows("in/leakdir: a symlink to the folder")


def test_follow_symlinks_is_an_explicit_opt_in(contributed: Path) -> None:
    run = cli("in", "--to", "json", "-o", "out", "--follow-symlinks", cwd=contributed)
    assert_clean(run)
    assert run.code == 0, run.err
    written = files_under(contributed / "out")
    assert {"leak.json", "leakdir/env.json", "leakdir/nested.json"} <= written
    # /proc stays refused even when following symlinks; loops and broken links are reported
    assert "environ.json" not in written
    assert run.shows("environ.md") and run.shows("system folder")
    assert run.shows("loop1.md: broken or looping symlink")


def test_follow_symlinks_in_the_configuration_file(contributed: Path) -> None:
    (contributed / "in" / "cppcc-convert.toml").write_text("follow-symlinks = true\n")
    run = cli("in", "--to", "json", "-o", "out", cwd=contributed)
    assert run.code == 0 and "leak.json" in files_under(contributed / "out"), run.err


def test_the_api_skips_symlinks_out_too(contributed: Path) -> None:
    result = cppcc_convert.convert(contributed / "in", outdir=contributed / "out", formats="json")
    assert result.ok
    assert {Path(r.source).name for r in result.inputs} == {"a.md", "alias.md", "b.md"}
    assert any(d.code == "input-skipped" and "leak.md" in d.message for d in result.notes)


def test_a_symlinked_folder_loop_ends(tmp_path: Path) -> None:
    src = tmp_path / "in"
    (src / "d").mkdir(parents=True)
    (src / "d" / "a.md").write_text("# 甲\n\n文。\n", encoding="utf-8")
    os.symlink("..", src / "d" / "up")  # a loop back to the root
    for extra in ([], ["--follow-symlinks"]):
        run = cli("in", "--to", "json", "-o", "out", *extra, cwd=tmp_path)
        assert run.code == 0 and files_under(tmp_path / "out") == {"d/a.json"}, run.err


# ------------------------------------------------------------------ special files


@pytest.mark.parametrize("where", ["argument", "folder"])
def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path, where: str) -> None:
    (tmp_path / "in").mkdir()
    fifo = tmp_path / "in" / "pipe.md"
    os.mkfifo(fifo)
    (tmp_path / "in" / "ok.md").write_text("# 好\n\n文。\n", encoding="utf-8")
    args = [fifo, tmp_path / "in" / "ok.md"] if where == "argument" else [tmp_path / "in"]
    try:
        run = cli_process(*args, "--to", "json", "-o", "out", "--jobs", "1", cwd=tmp_path,
                          timeout=60)  # fmt: skip
    except subprocess.TimeoutExpired:
        pytest.fail("reading a FIFO hung")
    assert_clean(run)
    assert run.shows("pipe.md") and run.shows("not a regular file")
    assert files_under(tmp_path / "out") == {"ok.json"}
    assert run.code == (1 if where == "argument" else 0)


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_devices_are_refused_before_reading(tmp_path: Path, device: str) -> None:
    if not os.path.exists(device):
        pytest.skip(f"no {device}")
    run = cli(device, "--to", "json", "-o", "out", cwd=tmp_path)
    assert_clean(run)
    assert run.code == 1
    assert run.shows(f"{device}: not a regular file")
    assert files_under(tmp_path / "out") == set()
    with pytest.raises(InputError, match="not a regular file"):
        cppcc_convert.load(device)


@pytest.mark.parametrize("path", ["/proc/self/environ", "/proc/self/cmdline", "/sys/kernel/mm"])
def test_system_folders_are_refused(tmp_path: Path, path: str) -> None:
    if not os.path.exists(path):
        pytest.skip(f"no {path}")
    run = cli(path, "--to", "json", "-o", "out", cwd=tmp_path)
    assert_clean(run)
    assert run.code == 1 and files_under(tmp_path / "out") == set()
    assert run.shows("a system folder: refused")


def test_a_file_swapped_for_a_fifo_after_planning_is_refused_on_open(tmp_path: Path) -> None:
    """The check is made again on the open file: no race between planning and reading."""
    from cppcc_convert.execute import read_limited

    fifo = tmp_path / "late.md"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="not a regular file"):
        read_limited(fifo, 1000)


def test_standard_input_has_a_size_limit(tmp_path: Path) -> None:
    run = cli("-", "--to", "json", "-o", "out", "--max-input-size", "100", cwd=tmp_path,
              stdin=b"# x\n\n" + b"a" * 200)  # fmt: skip
    assert_clean(run)
    assert run.code == 1 and run.shows("standard input is over the limit of 100 bytes")
    assert files_under(tmp_path / "out") == set()


def test_standard_input_reads_at_most_the_limit(tmp_path: Path) -> None:
    """An endless stream is not read to the end: at most the limit and one byte."""

    class Endless:
        read_bytes = 0

        def read(self, size: int = -1) -> bytes:
            assert 0 < size <= 1 << 20, size
            self.read_bytes += size
            return b"a" * size

    from cppcc_convert.execute import read_at_most

    stream = Endless()
    assert read_at_most(stream, 5_000_000) is None  # type: ignore[arg-type]
    assert stream.read_bytes == 5_000_001


def test_a_huge_size_limit_allocates_nothing_up_front(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("# 题\n\n文。\n", encoding="utf-8")
    run = cli("a.md", "--to", "json", "-o", "out", "--max-input-size", str(10**20), cwd=tmp_path)
    assert_clean(run)
    assert run.code == 0 and files_under(tmp_path / "out") == {"a.json"}, run.err


# ------------------------------------------------------------------ images


@pytest.fixture
def image_tree(tmp_path: Path) -> Path:
    from PIL import Image

    doc = tmp_path / "doc"
    doc.mkdir()
    (tmp_path / "outside").mkdir()
    Image.new("RGB", (8, 8), "red").save(tmp_path / "outside" / "secret.png")
    os.symlink(tmp_path / "outside" / "secret.png", doc / "out.png")
    os.symlink("loop-b.png", doc / "loop-a.png")
    os.symlink("loop-a.png", doc / "loop-b.png")
    os.mkfifo(doc / "fifo.png")
    os.symlink("/dev/zero", doc / "zero.png")
    return tmp_path


@pytest.mark.parametrize(
    ("src", "code"),
    [
        ("out.png", "image-denied"),
        ("loop-a.png", "image-unreadable"),
        ("fifo.png", "image-unreadable"),
        ("zero.png", "image-denied"),
        ("/proc/self/environ", "image-denied"),
        ("../outside/secret.png", "image-denied"),
    ],
)
def test_images_are_read_only_inside_the_allowed_folders(
    image_tree: Path, src: str, code: str
) -> None:
    (image_tree / "doc" / "a.md").write_text(f"# 图\n\n![说明]({src})\n", encoding="utf-8")
    run = cli("doc/a.md", "--to", "html", "-o", "out", cwd=image_tree)
    assert_clean(run)
    assert run.code == 0 and run.shows(f"[{code}]"), run.err
    html = (image_tree / "out" / "a.html").read_bytes()
    assert b"data:image" not in html and "说明".encode() in html
    assert not temp_files(image_tree / "out")


def test_follow_symlinks_reads_an_image_pointing_out(image_tree: Path) -> None:
    (image_tree / "doc" / "a.md").write_text("# 图\n\n![说明](out.png)\n", encoding="utf-8")
    run = cli("doc/a.md", "--to", "html", "-o", "out", "--follow-symlinks", cwd=image_tree)
    assert run.code == 0 and not run.shows("[image-denied]"), run.err
    assert b"data:image/png" in (image_tree / "out" / "a.html").read_bytes()


def test_a_resource_path_allows_its_folder_and_no_other(image_tree: Path) -> None:
    (image_tree / "doc" / "a.md").write_text(
        "# 图\n\n![说明](secret.png)\n\n![二](../outside/secret.png)\n", encoding="utf-8"
    )
    run = cli("doc/a.md", "--to", "html", "-o", "out", cwd=image_tree)
    assert run.shows("'secret.png' not found [image-missing]"), run.err
    assert run.shows("[image-denied]"), run.err
    run = cli("doc/a.md", "--to", "html", "-o", "out", "--resource-path", "outside", cwd=image_tree)
    assert run.code == 0 and not run.shows("[image-missing]"), run.err
    html = (image_tree / "out" / "a.html").read_bytes()
    assert html.count(b"data:image/png") == 2, run.err
