"""Atomic outputs, with failures injected between the files of one document.

A document's outputs are written all or none: a write that fails part-way through the set
(the file system refuses the third file) leaves every earlier output of that document as the
previous run wrote it, and no temporary file behind. The failure is a real one: the child
process runs with a file-size limit (RLIMIT_FSIZE) that the small outputs fit under and the
PDF does not, so the test does not depend on how ``outputs.py`` stages its files.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import cppcc_convert
from cppcc_convert.errors import ErrorKind

FORMATS = ("json", "docx", "pdf", "html")  # the PDF (tens of KB) is written third
LIMIT = 16_000  # bytes: over the JSON, DOCX and HTML of the document, under its PDF
# 300 different characters: the PDF embeds a glyph for each (~75 KB), the others ~7 KB
MANY = "".join(chr(0x4E00 + 7 * n) for n in range(300))
OLD = f"# 旧标题\n\n旧的正文。{MANY}\n\n## 小节\n\n更多文字。\n"
NEW = f"# 新标题\n\n新的正文，比旧的长一些。{MANY}\n\n## 小节\n\n更多文字。\n"

CHILD = textwrap.dedent(
    """
    import json, resource, signal, sys
    import cppcc_convert
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
    resource.setrlimit(resource.RLIMIT_FSIZE, (int(sys.argv[3]), resource.RLIM_INFINITY))
    result = cppcc_convert.convert(sys.argv[1], outdir=sys.argv[2], formats=sys.argv[4])
    r = result.inputs[0]
    print(json.dumps({"error": r.error, "kind": r.kind and r.kind.name,
                      "outputs": [str(o.path) for o in r.outputs]}))
    """
)


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture
def first_run(tmp_path: Path) -> tuple[Path, Path, dict[str, bytes]]:
    """A document converted once (the previous run's outputs), then edited."""
    source, out = tmp_path / "a.md", tmp_path / "out"
    source.write_text(OLD, encoding="utf-8")
    assert cppcc_convert.convert(source, outdir=out, formats=FORMATS).ok
    before = _tree(out)
    assert sorted(before) == ["a.docx", "a.html", "a.json", "a.pdf"]
    assert (
        max(len(before[n]) for n in ("a.json", "a.docx", "a.html")) < LIMIT < len(before["a.pdf"])
    )
    source.write_text(NEW, encoding="utf-8")
    return source, out, before


def test_a_failed_write_between_files_replaces_none_of_the_document(
    first_run: tuple[Path, Path, dict[str, bytes]],
) -> None:
    source, out, before = first_run
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    args = [sys.executable, "-c", CHILD, str(source), str(out), str(LIMIT), ",".join(FORMATS)]
    proc = subprocess.run(args, capture_output=True, text=True, env=env, check=False, timeout=300)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["kind"] == "OUTPUT" and result["outputs"] == []
    assert result["error"].startswith(f"{source}: cannot write {out / 'a.pdf'}: ")
    assert "too large" in result["error"].lower()
    # the JSON and DOCX were complete before the PDF failed: neither replaced the old one
    assert _tree(out) == before
    assert not list(out.glob(".*"))  # no temporary files


def test_an_interrupt_between_files_leaves_old_outputs_and_no_temporary_file(
    first_run: tuple[Path, Path, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C (the CLI turns SIGTERM into the same) while the third file is written."""
    source, out, before = first_run
    real_fdopen = os.fdopen
    opened: list[int] = []

    def interrupting_fdopen(fd: int, *args: object, **kwargs: object) -> object:
        opened.append(fd)
        if len(opened) == 3:
            os.close(fd)
            raise KeyboardInterrupt
        return real_fdopen(fd, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(os, "fdopen", interrupting_fdopen)
    with pytest.raises(KeyboardInterrupt):
        cppcc_convert.convert(source, outdir=out, formats=FORMATS)
    monkeypatch.undo()
    assert len(opened) == 3
    assert _tree(out) == before
    assert not list(out.glob(".*"))


def test_a_failed_rename_leaves_whole_files_and_no_temporary_file(
    first_run: tuple[Path, Path, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The one window left: renames are atomic one by one, not as a set. A rename that fails
    after the first one has happened leaves the first output new and the rest old, but every
    file whole (never truncated) and no temporary file; the error names the file."""
    source, out, before = first_run
    real_replace = os.replace
    calls: list[str] = []

    def failing_replace(src: str, dst: str) -> None:
        calls.append(Path(dst).name)
        if len(calls) == 2:
            raise OSError(errno.EIO, "Input/output error")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing_replace)
    result = cppcc_convert.convert(source, outdir=out, formats=FORMATS)
    monkeypatch.undo()
    (r,) = result.inputs
    assert r.kind is ErrorKind.OUTPUT and r.outputs == []
    assert r.error == f"{source}: cannot write {out / 'a.docx'}: Input/output error"
    after = _tree(out)
    assert calls == ["a.json", "a.docx"]
    assert after["a.json"] != before["a.json"]  # renamed before the failure: the new one
    assert json.loads(after["a.json"])["meta"]["title"] == "新标题"
    assert {n: after[n] for n in ("a.docx", "a.pdf", "a.html")} == {
        n: before[n] for n in ("a.docx", "a.pdf", "a.html")
    }
    assert not list(out.glob(".*"))


def test_temporary_files_a_killed_run_left_are_removed(
    first_run: tuple[Path, Path, dict[str, bytes]],
) -> None:
    source, out, _ = first_run
    leftovers = [out / ".a.pdf.k3j2h1.cppcc-tmp", out / ".a.docx.x.cppcc-tmp"]
    for path in leftovers:
        path.write_bytes(b"half a file")
    unrelated = out / ".b.pdf.k3j2h1.cppcc-tmp"  # another document's: not ours to touch
    unrelated.write_bytes(b"x")
    assert cppcc_convert.convert(source, outdir=out, formats=FORMATS).ok
    assert not any(p.exists() for p in leftovers)
    assert unrelated.exists()


def test_leftovers_of_names_with_dots_and_glob_characters_are_removed(tmp_path: Path) -> None:
    """A batch's files share folders: each is swept once per run, and a leftover is matched
    to the file it stands in for by its name (dots and glob characters included)."""
    inputs, out = tmp_path / "in", tmp_path / "out"
    inputs.mkdir()
    names = ["v1.2.notice", "[draft]*?", "plain"]
    for name in names:
        (inputs / f"{name}.md").write_text(f"# {name}\n\n正文。\n", encoding="utf-8")
    out.mkdir()
    mine = [out / f".{n}.html.ab_12xyz.cppcc-tmp" for n in names]
    theirs = [out / ".v1.2.html.ab_12xyz.cppcc-tmp", out / ".plain.html.cppcc-tmp"]
    for path in (*mine, *theirs):
        path.write_bytes(b"half a file")
    result = cppcc_convert.convert(inputs, outdir=out, formats=("html",))
    assert result.ok, [r.error for r in result.inputs]
    assert not [p.name for p in mine if p.exists()]
    assert all(p.exists() for p in theirs)  # no file of this run has those names
    assert sorted(p.name for p in out.iterdir() if not p.name.endswith(".cppcc-tmp")) == sorted(
        f"{n}.html" for n in names
    )
