"""Exit codes and errors (issue 15): one code per kind, stable and documented; output-side
problems found before anything is rendered; one line naming the path, never a traceback
without ``--debug``; diagnostics printed as each document finishes; an empty folder is a
warning, not the end of the batch. (Interrupts of parallel batches: test_robustness_*.)"""

from __future__ import annotations

import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import cppcc_convert.writers as writers
from cli_support import ROOT, SAMPLE, run_main, run_process
from cppcc_convert.errors import ErrorKind, ExitCode

Capsys = pytest.CaptureFixture[str]
MP = pytest.MonkeyPatch
WARN = "# 标题\n\n正文<script>x()</script>。\n"


@pytest.fixture
def work(tmp_path: Path) -> Path:
    shutil.copy(SAMPLE, tmp_path / "a.md")
    (tmp_path / "warn.md").write_text(WARN, encoding="utf-8")
    return tmp_path


@pytest.fixture
def writer(monkeypatch: MP) -> Callable[[Callable[[Any, Any], bytes]], list[str]]:
    """Put a writer of the test's own in place of the JSON one; it records each title."""

    def install(fn: Callable[[Any, Any], bytes]) -> list[str]:
        calls: list[str] = []

        def write(doc: Any, ctx: Any) -> bytes:
            calls.append(doc.meta.title)
            return fn(doc, ctx)

        module = type(sys)("test_writer")
        module.write = write  # type: ignore[attr-defined]
        monkeypatch.setitem(sys.modules, "test_writer", module)
        monkeypatch.setitem(writers.WRITERS, "json", "test_writer:write")
        return calls

    return install


# ------------------------------------------------------------------ the codes


def test_each_kind_has_its_own_stable_code() -> None:
    assert {k.value: int(k.exit_code) for k in ErrorKind} == {
        "usage": 2,
        "input": 1,
        "strict": 3,
        "output": 4,
        "internal": 70,
        "interrupt": 130,
    }
    assert len({int(c) for c in ExitCode}) == len(ExitCode)


def test_the_codes_are_documented_where_users_look() -> None:
    """docs/cli.md's table, the README and ``--help`` give the same codes as errors.py."""
    table = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `(\d+)` \| (\w+) \|", table, re.M))
    assert rows == {str(int(k.exit_code)): k.value for k in ErrorKind} | {"0": "ok"}
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for kind in ErrorKind:
        assert f"`{int(kind.exit_code)}` {kind.value}" in readme
    from cppcc_convert.cli.parser import build_parser

    epilog = build_parser().epilog or ""
    for kind in ErrorKind:
        assert f"{int(kind.exit_code)} {kind.value}" in epilog


def test_input_usage_strict_output_internal_each_exit_with_their_code(
    work: Path, capsys: Capsys, monkeypatch: MP, writer: Any
) -> None:
    ran = run_main(capsys, monkeypatch, work, "missing.md", "a.md", "--to", "html", "-o", "o1")
    assert ran.code == ExitCode.INPUT and "missing.md: no such file" in ran.err
    ran = run_main(capsys, monkeypatch, work, "a.md", "--to", "doc")
    assert ran.code == ExitCode.USAGE and "unknown format 'doc'" in ran.err
    ran = run_main(capsys, monkeypatch, work, "warn.md", "--to", "html", "--strict", "-o", "o2")
    assert ran.code == ExitCode.STRICT and "warn.md:3: 1 warning(s) under --strict" in ran.err
    (work / "o3" / "a.html").mkdir(parents=True)  # a folder where the output goes
    ran = run_main(capsys, monkeypatch, work, "a.md", "--to", "html", "-o", "o3")
    assert ran.code == ExitCode.OUTPUT
    assert "a.md: cannot write o3/a.html: it is a folder" in ran.err_lines

    def broken(doc: Any, ctx: Any) -> bytes:
        raise RuntimeError("a bug")

    writer(broken)
    ran = run_main(capsys, monkeypatch, work, "a.md", "--to", "json", "-o", "o4")
    assert ran.code == ExitCode.INTERNAL
    assert "a.md: internal error: RuntimeError: a bug" in ran.err_lines


def test_a_batch_failing_several_ways_exits_with_the_most_serious(
    work: Path, capsys: Capsys, monkeypatch: MP
) -> None:
    (work / "out" / "a.html").mkdir(parents=True)
    args = ["warn.md", "missing.md", "a.md", "--to", "html", "--strict", "-o", "out"]
    ran = run_main(capsys, monkeypatch, work, *args)
    assert ran.code == ExitCode.OUTPUT  # output, internal, input, strict: errors.PRECEDENCE
    ran = run_main(capsys, monkeypatch, work, "warn.md", "missing.md", "--strict", "--check")
    assert ran.code == ExitCode.INPUT


def test_an_interrupt_exits_130(work: Path, capsys: Capsys, monkeypatch: MP, writer: Any) -> None:
    def interrupted(doc: Any, ctx: Any) -> bytes:
        raise KeyboardInterrupt

    writer(interrupted)
    ran = run_main(capsys, monkeypatch, work, "a.md", "--to", "json", "-o", "out")
    assert ran.code == ExitCode.INTERRUPT and ran.err == "cppcc-convert: interrupted\n"
    assert not (work / "out").exists()


# ------------------------------------------------------------------ before rendering


TWO = ["a.md", "warn.md"]
ODD_OUTPUTS = [
    ([*TWO, "-o", "/proc/cppcc-convert-test/out"], "output folder /proc/cppcc-convert-test/out"),
    ([*TWO, "-o", "/dev/null"], "output folder /dev/null: /dev/null is a file, not a folder"),
    ([*TWO, "-o", "afile/sub"], "output folder afile/sub: afile is a file, not a folder"),
    ([*TWO, "-o", "afile"], "output folder afile: afile is a file, not a folder"),
    (["a.md", "-o", "/proc/x.json"], "output folder /proc: /proc is in a system folder"),
    ([*TWO, "--manifest", "afolder"], "--manifest afolder: is a folder"),
    ([*TWO, "--manifest", "afile/m.json"], "output folder afile: afile is a file, not a folder"),
    ([*TWO, "--manifest", "/proc/cppcc-convert-test/m.json"], "is in a system folder"),
]


@pytest.mark.parametrize(("args", "message"), ODD_OUTPUTS)
def test_an_unwritable_or_odd_output_is_found_before_rendering(
    args: list[str], message: str, work: Path, capsys: Capsys, monkeypatch: MP, writer: Any
) -> None:
    (work / "afile").write_text("", encoding="utf-8")
    (work / "afolder").mkdir()
    calls = writer(lambda doc, ctx: b"{}")
    ran = run_main(capsys, monkeypatch, work, *args, "--to", "json")
    assert ran.code == ExitCode.OUTPUT
    assert len(ran.err_lines) == 1 and ran.err.startswith("cppcc-convert: error: ")
    assert message in ran.err
    assert calls == []  # nothing was rendered
    assert sorted(p.name for p in work.iterdir()) == ["a.md", "afile", "afolder", "warn.md"]


def test_a_manifest_in_a_missing_folder_is_made(work: Path, capsys: Capsys, monkeypatch: MP):
    ran = run_main(capsys, monkeypatch, work, "a.md", "--to", "json", "--manifest", "new/m.json")
    assert ran.code == 0 and (work / "new" / "m.json").is_file()


@pytest.mark.parametrize(
    "args",
    [
        ["a.md", "--to", "json", "-o", "/proc/cppcc-convert-test"],
        ["a.md", "--to", "json", "--manifest", "/proc/m.json"],
        ["a.md", "--to", "json", "-o", "a.md.d", "--manifest", "a.md"],
        ["a.md", "a.md", "--to", "json", "-o", "x.json"],
    ],
)
def test_no_traceback_from_a_real_process(args: list[str], work: Path) -> None:
    proc = run_process(*args, cwd=work)
    assert proc.returncode in (ExitCode.USAGE, ExitCode.OUTPUT)
    assert b"Traceback" not in proc.stderr
    assert proc.stderr.count(b"\n") == 1


# ------------------------------------------------------------------ as they happen


def test_diagnostics_appear_as_each_document_finishes(
    work: Path, capsys: Capsys, monkeypatch: MP, writer: Any
) -> None:
    seen_before: dict[str, str] = {}

    def write(doc: Any, ctx: Any) -> bytes:
        seen_before[doc.meta.title] = capsys.readouterr().err  # printed so far
        return b"{}"

    writer(write)
    (work / "z.md").write_text("# 最后\n\n正文。\n", encoding="utf-8")
    ran = run_main(capsys, monkeypatch, work, "warn.md", "missing.md", "z.md", "--to", "json")
    assert ran.code == ExitCode.INPUT
    # warn.md's warning and missing.md's error were out before z.md was rendered
    assert "warn.md:3: warning: <script> dropped" in seen_before["最后"]
    assert "missing.md: no such file" in seen_before["最后"]
    assert seen_before["标题"] == ""


def test_an_empty_folder_is_a_warning_and_the_batch_goes_on(
    work: Path, capsys: Capsys, monkeypatch: MP
) -> None:
    (work / "empty").mkdir()
    (work / "only-rst").mkdir()
    (work / "only-rst" / "x.rst").write_text("not ours", encoding="utf-8")
    ran = run_main(capsys, monkeypatch, work, "empty", "only-rst", "a.md", "--to", "json")
    assert ran.code == 0
    assert ran.err_lines == [
        "empty: warning: no documents matching *.md, *.markdown, *.txt in this folder "
        "[input-empty]",
        "only-rst: warning: no documents matching *.md, *.markdown, *.txt in this folder "
        "[input-empty]",
    ]
    assert (work / "a.json").is_file()
    assert "converted 1 of 1 documents" in ran.out


def test_debug_shows_the_traceback_and_nothing_else_does(
    work: Path, capsys: Capsys, monkeypatch: MP
) -> None:
    proc = run_process("a.md", "--to", "json", "-o", "/proc/cppcc-convert-test", cwd=work)
    assert b"Traceback" not in proc.stderr
    debug = run_process(
        "a.md", "--to", "json", "-o", "/proc/cppcc-convert-test", "--debug", cwd=work
    )
    assert b"Traceback (most recent call last)" in debug.stderr and b"OutputError" in debug.stderr
