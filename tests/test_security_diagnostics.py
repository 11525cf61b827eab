"""Diagnostics are one line each (issue 19): control characters and newlines in file names
and messages are escaped, and no line can begin a CI workflow command unless the tool means
to emit one (``--annotations github``, whose properties are escaped as GitHub decodes them)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cppcc_convert.model import Diagnostic
from cppcc_convert.text import one_line, safe_location
from robustness_support import assert_clean, cli, cli_process

HOSTILE_NAMES = (
    "a\n::error file=x::pwned.md",
    "b\r::error::pwned.md",
    "c\x1b[31mred.md",
    "d\u2028::error::x.md",
    "e\u0085::error::x.md",
    "::warning::f.md",
    "##[error]g.md",
    "::add-mask::h.md",
)
BODY = "# 题\n\n<script>x</script>\n\n[链](//evil.example/x)\n"


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    for name in HOSTILE_NAMES:
        (src / name).write_text(BODY, encoding="utf-8")
    (src / "bad\n::error::binary.md").write_bytes(b"\x00\x01\x02")
    (src / "::error::strict.md").write_text(BODY, encoding="utf-8")
    return tmp_path


def _no_forged_commands(lines: list[str], allowed: bool = False) -> None:
    for line in lines:
        if line.startswith(("::", "##[")):
            assert allowed, line
            assert line.startswith(("::error file=", "::warning file=")), line
            # the property value holds no raw separator or control character
            props = line[2:].partition("::")[0]
            assert "\n" not in props and "\r" not in props
            assert not any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in line), line
            assert "\u2028" not in line


@pytest.mark.parametrize("annotations", [False, True])
def test_hostile_file_names_cannot_start_a_line(hostile: Path, annotations: bool) -> None:
    extra = ["--annotations", "github"] if annotations else []
    run = cli("in", "--to", "html", "-o", "out", *extra, cwd=hostile)
    assert_clean(run, annotations=annotations)
    _no_forged_commands(run.lines, allowed=annotations)
    assert run.code == 1  # the binary one fails; the others are converted
    # every name appears, escaped, in the one line of each diagnostic
    assert run.shows("a\\n::error file=x::pwned.md:3: warning: <script> dropped")
    assert run.shows("c\\x1b[31mred.md:5: warning: link")
    assert run.shows("bad\\n::error::binary.md: byte 0: binary data")
    if annotations:
        commands = [line for line in run.lines if line.startswith("::")]
        assert "::error file=in/bad%0A%3A%3Aerror%3A%3Abinary.md::" in "\n".join(commands)
        assert any(
            c.startswith("::warning file=in/a%0A%3A%3Aerror file=x%3A%3Apwned.md,line=3::")
            for c in commands
        )
        assert any(c.startswith("::warning file=in/c\\x1b[31mred.md,line=5::") for c in commands)


@pytest.mark.parametrize("name", ["::error::x.md", "##[error]x.md", "::set-output name=a::b.md"])
def test_a_named_input_cannot_start_a_line(tmp_path: Path, name: str) -> None:
    """The first word of an error line is the file name: a name that looks like a workflow
    command is printed ``./::error::x.md``, missing, unreadable or failing alike."""
    run = cli(name, "--to", "html", "-o", "out", cwd=tmp_path)  # missing
    assert_clean(run)
    assert run.code == 1 and run.shows(f"./{name}: no such file"), run.err
    (tmp_path / name).write_bytes(b"\x00")  # unreadable
    run = cli(name, "--to", "html", "-o", "out", cwd=tmp_path)
    assert_clean(run)
    assert run.shows(f"./{name}: byte 0: binary data"), run.err
    (tmp_path / name).write_text(BODY, encoding="utf-8")  # warnings under --strict
    run = cli(name, "--to", "html", "-o", "out", "--strict", cwd=tmp_path)
    assert_clean(run)
    assert run.code == 3 and run.shows(f"./{name}:3: warning"), run.err


def test_under_github_actions_nothing_is_forged(hostile: Path) -> None:
    """A real process with the GitHub Actions environment: no line but the summary and the
    escaped diagnostics."""
    run = cli_process(
        "in", "--to", "html", "-o", "out", "--jobs", "1", cwd=hostile,
        env={"GITHUB_ACTIONS": "true", "CI": "true"},
    )  # fmt: skip
    assert_clean(run)
    _no_forged_commands(run.lines + run.out.splitlines())


def test_messages_are_one_line() -> None:
    diag = Diagnostic("warning", "x", "two\nlines\r\x1b[2J", 3, "f\n::error::g.md")
    assert diag.format() == "f\\n::error::g.md:3: warning: two\\nlines\\r\\x1b[2J [x]"
    assert safe_location("::x") == "./::x" and safe_location("##[x") == "./##[x"
    assert one_line("a\u2028b\u2029c\x85d") == "a\\u2028b\\u2029c\\x85d"


def test_debug_tracebacks_are_escaped_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Even ``--debug`` prints each traceback line through the same escaping."""
    from cppcc_convert.writers import html

    def boom(doc, ctx):  # type: ignore[no-untyped-def]
        raise RuntimeError("line one\n::error::forged")

    monkeypatch.setattr(html, "write", boom)
    (tmp_path / "a.md").write_text(BODY, encoding="utf-8")
    run = cli("a.md", "--to", "html", "-o", "out", "--debug", cwd=tmp_path)
    assert run.code == 70
    _no_forged_commands(run.lines)
    assert run.shows("internal error: RuntimeError: line one\\n::error::forged")


def test_annotations_name_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "a,b:c.md").write_text(BODY, encoding="utf-8")
    run = cli("a,b:c.md", "--to", "html", "-o", "out", "--annotations", "github", cwd=tmp_path)
    assert_clean(run, annotations=True)
    assert (
        "::warning file=a%2Cb%3Ac.md,line=3::<script> dropped (never output) [html-dropped]"
        in run.lines
    )
    assert any(line.startswith("a,b:c.md:5: warning: link") for line in run.lines)


def test_unknown_annotations_kind_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(BODY, encoding="utf-8")
    run = cli("a.md", "--annotations", "gitlab", cwd=tmp_path)
    assert run.code == 2 and run.shows("unknown annotations kind 'gitlab'")
    assert not os.path.exists(tmp_path / "out")
