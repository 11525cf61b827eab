"""What is written (issue 19, "Writes"): every output path, after resolving symlinks already
in the tree, lies inside the output folder; no output replaces an input, the manifest or
another output; bad output folders are refused. All of it before anything is written: each
case checks that nothing at all was written, and that the message is one clear line."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

import cppcc_convert
from cppcc_convert.batch import check_glob, check_stem
from cppcc_convert.errors import OutputError, UsageError
from robustness_support import assert_clean, cli, files_under

DOC = "# 标题\n\n正文。\n"


@pytest.fixture
def work(tmp_path: Path) -> Path:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.md").write_text(DOC, encoding="utf-8")
    return tmp_path


def _nothing_written(work: Path, before: set[str]) -> None:
    assert files_under(work) == before, files_under(work) - before


def _refused(
    run_args: list[str], work: Path, message: str, *, stdin: bytes | None = None, code: int = 2
):
    """Refused before anything is written: exit 2 (usage) for what the command asks, 4
    (output) for an output folder or manifest that cannot be written (docs/cli.md)."""
    before = files_under(work)
    run = cli(*run_args, cwd=work, stdin=stdin)
    assert_clean(run)
    assert run.code == code, run.err
    assert run.shows(message), run.err
    assert len([line for line in run.lines if "error" in line]) == 1, run.err
    _nothing_written(work, before)
    return run


@pytest.mark.parametrize(
    "stem",
    ["../../x", "a/../../b", "/tmp/abs", "..", ".", "a/b", "a\\b", "a\nb", "a\x00b", "", "x" * 300],
)
def test_stems_are_plain_file_names(work: Path, stem: str) -> None:
    _refused(["-", "--stem", stem, "--to", "json", "-o", "out"], work, "--stem", stdin=b"# t\n")
    with pytest.raises(UsageError):
        check_stem(stem)


@pytest.mark.parametrize("pattern", ["../*.md", "/etc/*", "a/../../*.md", "..\\*.md", "\\x"])
def test_globs_stay_inside_the_folder(work: Path, pattern: str) -> None:
    _refused(["in", "--glob", pattern, "--to", "json", "-o", "out"], work, "--glob")
    for spelling in (pattern, "", " "):
        with pytest.raises(UsageError):
            check_glob(spelling)


def test_a_glob_into_a_subfolder_is_fine(work: Path) -> None:
    (work / "in" / "sub").mkdir()
    (work / "in" / "sub" / "b.md").write_text(DOC, encoding="utf-8")
    run = cli("in", "--glob", "sub/*.md", "--to", "json", "-o", "out", cwd=work)
    assert run.code == 0 and files_under(work / "out") == {"sub/b.json"}, run.err


def test_a_symlink_in_the_output_tree_pointing_out_is_refused(work: Path) -> None:
    (work / "in" / "sub").mkdir()
    (work / "in" / "sub" / "b.md").write_text(DOC, encoding="utf-8")
    (work / "elsewhere").mkdir()
    (work / "out").mkdir()
    os.symlink(work / "elsewhere", work / "out" / "sub")
    _refused(["in", "--to", "json", "-o", "out"], work, "would be written outside the output")
    assert list((work / "elsewhere").iterdir()) == []


def test_a_symlinked_output_file_pointing_out_is_refused(work: Path) -> None:
    (work / "out").mkdir()
    (work / "victim.json").write_text("keep me", encoding="utf-8")
    os.symlink(work / "victim.json", work / "out" / "a.json")
    _refused(["in/a.md", "--to", "json", "-o", "out"], work, "outside the output folder")
    assert (work / "victim.json").read_text(encoding="utf-8") == "keep me"


def test_a_symlinked_output_file_pointing_at_another_output_is_refused(work: Path) -> None:
    """Each output's own name is resolved too, not only its folder (check_outputs resolves
    a folder once for all its files)."""
    (work / "in" / "b.md").write_text(DOC, encoding="utf-8")
    (work / "out").mkdir()
    os.symlink(work / "out" / "b.json", work / "out" / "a.json")
    _refused(["in", "--to", "json", "-o", "out"], work, "would both write")


def test_a_symlinked_output_folder_is_followed_once(work: Path) -> None:
    """The output folder itself may be a symlink (a CI cache, say): outputs go where it
    points, and nothing goes outside that."""
    (work / "real").mkdir()
    os.symlink(work / "real", work / "out")
    run = cli("in/a.md", "--to", "json", "-o", "out", cwd=work)
    assert run.code == 0 and files_under(work / "real") == {"a.json"}, run.err


def test_an_output_may_not_replace_its_input(work: Path) -> None:
    (work / "in" / "page.html").write_text(DOC, encoding="utf-8")
    _refused(
        ["in", "--glob", "*.html", "--to", "html", "-o", "in"], work, "would replace the input"
    )
    _refused(["in/page.html", "--to", "html", "-o", "in"], work, "would replace the input")
    _refused(["in/page.html", "-o", "in/page.html"], work, "would replace the input")
    assert (work / "in" / "page.html").read_text(encoding="utf-8") == DOC


def test_an_output_may_not_replace_another_document(work: Path) -> None:
    (work / "in" / "b.md").write_text(DOC, encoding="utf-8")
    (work / "in" / "a.txt").write_text("文本。\n", encoding="utf-8")
    _refused(["in", "--to", "json", "-o", "out"], work, "would both write")
    # an output that would replace another input of the batch
    (work / "in" / "c.md").write_text(DOC, encoding="utf-8")
    (work / "in" / "c.html").write_text("<p>x</p>", encoding="utf-8")
    _refused(["in/c.md", "in/c.html", "--to", "html", "-o", "in"], work, "would replace")


@pytest.mark.parametrize(
    ("manifest", "message"),
    [
        ("out/a.json", "the manifest out/a.json would replace the output"),
        ("in/a.md", "would replace the input"),
        ("out", "is a folder"),
    ],
)
def test_the_manifest_may_not_replace_an_output_or_an_input(
    work: Path, manifest: str, message: str
) -> None:
    (work / "out").mkdir()
    code = 4 if manifest == "out" else 2  # a folder in its way is an output fault
    args = ["in/a.md", "--to", "json", "-o", "out", "--manifest", manifest]
    _refused(args, work, message, code=code)
    assert (work / "in" / "a.md").read_text(encoding="utf-8") == DOC


def test_an_output_name_too_long_for_the_file_system(work: Path) -> None:
    name = "长" * 84 + ".md"  # 255 bytes of UTF-8: the longest name a file system takes
    (work / "in" / name).write_text(DOC, encoding="utf-8")
    _refused(["in/" + name, "--to", "json", "--edition", "zh-TW", "-o", "out"], work, "too long")


def test_an_output_path_too_long_for_the_file_system(work: Path) -> None:
    deep = "/".join(["d" * 200] * 25)  # 5,000 bytes: past PATH_MAX
    run = cli("in/a.md", "--to", "json", "-o", deep, cwd=work)
    assert_clean(run)
    assert run.code in (2, 4), run.err
    assert len([line for line in run.lines if "a.md" in line or "error" in line]) == 1, run.err
    assert files_under(work) == {"in/a.md"}


# ------------------------------------------------------------------ bad output folders


@pytest.fixture
def targets(work: Path) -> Path:
    (work / "afile").write_text("x", encoding="utf-8")
    os.symlink("loop", work / "loop")
    os.symlink("nowhere", work / "dangling")
    return work


@pytest.mark.parametrize(
    ("outdir", "message"),
    [
        ("afile", "afile is a file, not a folder"),
        ("afile/sub", "afile is a file, not a folder"),
        ("loop", "symlink loop"),
        ("loop/sub", "symlink loop"),
        ("dangling", "broken or looping symlink"),
        ("/proc/cppcc-test", "system folder"),
        ("/sys/cppcc-test", "system folder"),
        ("/dev/cppcc-test", "system folder"),
    ],
)
def test_bad_output_folders_are_refused(targets: Path, outdir: str, message: str) -> None:
    _refused(["in/a.md", "--to", "json", "-o", outdir], targets, message, code=4)
    with pytest.raises(OutputError):
        cppcc_convert.convert(targets / "in" / "a.md", outdir=targets / outdir, formats="json")


def test_a_folder_in_the_way_of_an_output(work: Path) -> None:
    (work / "out" / "a.json").mkdir(parents=True)
    run = cli("in/a.md", "--to", "json,html", "-o", "out", cwd=work)
    assert_clean(run)
    assert run.code == 4 and run.shows("it is a folder"), run.err
    assert files_under(work / "out") == set()


def _namespace_mount() -> list[str] | None:
    """A command prefix that runs in a mount namespace of its own (``unshare``), where a
    small tmpfs can be mounted without touching the machine's; None when not allowed."""
    unshare = shutil.which("unshare")
    if unshare is None:
        return None
    for prefix in ([unshare, "-m"], [unshare, "-rm"]):
        probe = subprocess.run(
            [*prefix, "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt 2>/dev/null"],
            capture_output=True,
            timeout=30,
        )
        if probe.returncode == 0:
            return prefix
    return None


NAMESPACE = _namespace_mount()
needs_mount = pytest.mark.skipif(NAMESPACE is None, reason="cannot mount a tmpfs here")


def in_namespace(script: str, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run a shell script in a private mount namespace (the CLI as ``$CLI``)."""
    import sys

    assert NAMESPACE is not None
    env = {**os.environ, "CLI": f"{sys.executable} -m cppcc_convert"}
    return subprocess.run(
        [*NAMESPACE, "sh", "-c", script],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
    )


@needs_mount
def test_a_read_only_file_system_is_refused_before_anything_is_rendered(work: Path) -> None:
    (work / "ro").mkdir()
    proc = in_namespace(
        "mount -t tmpfs -o ro,size=1m tmpfs ro && $CLI in/a.md --to json -o ro/out --jobs 1;"
        " echo rc=$?; ls -A ro",
        work,
    )
    assert "Traceback" not in proc.stderr
    assert "rc=4" in proc.stdout, proc.stdout + proc.stderr
    assert "is on a read-only file system" in proc.stderr
    assert proc.stdout.strip().endswith("rc=4")  # and ls found nothing
