"""pandoc's habits (issue 15): ``-o FILE.ext`` names the one output and its format, ``-o -``
writes it to standard output, a folder ``-o`` mirrors the input tree, ``--list-*`` tells the
known names, and every option value is matched case-insensitively."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import cppcc_convert
from cli_support import SAMPLE, run_main, run_process
from cppcc_convert.cli.config import SCHEMA
from cppcc_convert.locale import EDITION_NAMES
from cppcc_convert.options import GENRES, PRESETS, REPAIRS
from cppcc_convert.writers import WRITERS

Capsys = pytest.CaptureFixture[str]
MP = pytest.MonkeyPatch


@pytest.fixture
def work(tmp_path: Path) -> Path:
    shutil.copy(SAMPLE, tmp_path / "a.md")
    (tmp_path / "b.md").write_text("# 第二篇\n\n正文,第二篇。\n", encoding="utf-8")
    return tmp_path


def files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


# ------------------------------------------------------------------ -o FILE.ext


@pytest.mark.parametrize(
    ("name", "magic"),
    [("article.docx", b"PK"), ("article.PDF", b"%PDF"), ("book.epub", b"PK"), ("x.htm", b"<!")],
)
def test_o_file_writes_that_file_in_the_format_of_its_extension(
    name: str, magic: bytes, work: Path, capsys: Capsys, monkeypatch: MP
) -> None:
    ran = run_main(capsys, monkeypatch, work, "a.md", "-o", f"out/{name}")
    assert ran.code == 0, ran.err
    assert files(work / "out") == [name]  # one file, not a folder of four
    assert (work / "out" / name).read_bytes().startswith(magic)
    assert "1 files written" in ran.out


def test_o_file_with_an_edition_and_a_matching_to(work: Path, capsys: Capsys, monkeypatch: MP):
    ran = run_main(
        capsys, monkeypatch, work, "a.md", "-o", "tw.json", "--to", "JSON", "-e", "zh-tw"
    )
    assert ran.code == 0, ran.err
    doc = cppcc_convert.Document.from_json((work / "tw.json").read_bytes())
    assert doc.meta.lang == "zh-TW"
    assert files(work) == ["a.md", "b.md", "tw.json"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["a.md", "-o", "a.docx", "--to", "pdf"], "is a .docx file but --to asks for pdf"),
        (["a.md", "-o", "a.docx", "--edition", "all"], "give one --to format and one --edition"),
        (["a.md", "b.md", "-o", "a.docx"], "a file name takes one input document"),
        (["a.md", "-o", "-"], "give one --to format"),  # four formats by default
        (["a.md", "b.md", "-o", "-", "--to", "html"], "give one input"),
        (["a.md", "-o", "-", "--to", "json", "--manifest", "m.json"], "nothing for --manifest"),
    ],
)
def test_one_file_outputs_refuse_what_would_not_fit_in_one_file(
    args: list[str], message: str, work: Path, capsys: Capsys, monkeypatch: MP
) -> None:
    ran = run_main(capsys, monkeypatch, work, *args)
    assert ran.code == 2
    assert message in ran.err and len(ran.err_lines) == 1
    assert files(work) == ["a.md", "b.md"]


def test_an_unknown_extension_or_an_existing_folder_is_a_folder(
    work: Path, capsys: Capsys, monkeypatch: MP
) -> None:
    (work / "site.html").mkdir()
    ran = run_main(capsys, monkeypatch, work, "a.md", "--to", "json", "-o", "site.html")
    assert ran.code == 0, ran.err
    assert files(work / "site.html") == ["a.json"]
    ran = run_main(capsys, monkeypatch, work, "a.md", "--to", "json", "-o", "public.v2")
    assert files(work / "public.v2") == ["a.json"]
    ran = run_main(capsys, monkeypatch, work, "a.md", "--to", "json", "-o", "x.json/")
    assert files(work / "x.json") == ["a.json"]


# ------------------------------------------------------------------ -o -


@pytest.mark.parametrize("fmt", ["html", "json", "pdf"])
def test_o_dash_writes_the_one_output_to_standard_output(fmt: str, work: Path) -> None:
    proc = run_process("a.md", "--to", fmt, "-o", "-", cwd=work)
    assert proc.returncode == 0, proc.stderr
    into_file = run_process("a.md", "--to", fmt, "-o", f"file.{fmt}", cwd=work)
    assert into_file.returncode == 0
    assert proc.stdout == (work / f"file.{fmt}").read_bytes()  # the same bytes
    assert proc.stderr == b""  # no summary line mixed in; diagnostics only (none here)
    assert files(work) == ["a.md", "b.md", f"file.{fmt}"]


def test_o_dash_from_standard_input_with_diagnostics_on_standard_error(work: Path) -> None:
    text = "# 通知\n\n请于明天9:30到会,地点三楼<script>x()</script>。\n".encode()
    proc = run_process("-", "--to", "json", "-o", "-", cwd=work, stdin=text)
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["meta"]["title"] == "通知"
    assert b"<stdin>:3: warning: <script> dropped" in proc.stderr
    check = run_process("-", "--to", "json", "-o", "-", "--check", cwd=work, stdin=text)
    assert check.returncode == 0 and check.stdout == b""  # --check writes nothing anywhere


# ------------------------------------------------------------------ folder -o


def test_folder_output_mirrors_the_input_tree(work: Path, capsys: Capsys, monkeypatch: MP):
    src = work / "articles"
    (src / "2024" / "q3").mkdir(parents=True)
    shutil.copy(SAMPLE, src / "top.md")
    shutil.copy(SAMPLE, src / "2024" / "q3" / "deep.md")
    ran = run_main(
        capsys, monkeypatch, work, "articles", "b.md", "--to", "json,html", "-e", "zh-Hans,zh-HK",
        "-o", "public",
    )  # fmt: skip
    assert ran.code == 0, ran.err
    assert files(work / "public") == [
        "2024/q3/deep.html", "2024/q3/deep.json", "2024/q3/deep.zh-HK.html",
        "2024/q3/deep.zh-HK.json", "b.html", "b.json", "b.zh-HK.html", "b.zh-HK.json",
        "top.html", "top.json", "top.zh-HK.html", "top.zh-HK.json",
    ]  # fmt: skip


def test_manifest_to_standard_output(work: Path) -> None:
    proc = run_process("a.md", "b.md", "--to", "json", "-o", "out", "--manifest", "-", cwd=work)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)  # the manifest alone: the summary went to stderr
    assert [Path(o["path"]).name for i in data["inputs"] for o in i["outputs"]] == [
        "a.json",
        "b.json",
    ]
    assert b"converted 2 of 2 documents" in proc.stderr
    assert not (work / "-").exists()


# ------------------------------------------------------------------ --list-*


@pytest.mark.parametrize(
    ("what", "names"),
    [
        ("formats", tuple(WRITERS)),
        ("editions", EDITION_NAMES),
        ("repairs", REPAIRS),
        ("genres", GENRES),
        ("presets", PRESETS),
    ],
)
def test_list_options(
    what: str, names: tuple[str, ...], tmp_path: Path, capsys: Capsys, monkeypatch: MP
):
    ran = run_main(capsys, monkeypatch, tmp_path, f"--list-{what}")
    assert ran.code == 0 and ran.err == ""
    assert tuple(ran.out.split()) == names


def test_list_options_are_in_the_help(tmp_path: Path) -> None:
    proc = run_process("--help", cwd=tmp_path)
    text = proc.stdout.decode()
    for what in ("formats", "editions", "repairs", "genres", "presets"):
        assert f"--list-{what}" in text
    assert "docx,pdf,epub,html" in text  # the default formats, from the API


# ------------------------------------------------------------------ case


CHOICES = [
    ("--to", "JSON"),
    ("--edition", "ZH-tw"),
    ("--edition", "ALL"),
    ("--no-repair", "PUNCTUATION"),
    ("--genre", "NEWS"),
    ("--preset", "Official"),
    ("--page-size", "a5"),
    ("--quotes", "KEEP"),
    ("--encoding", "UTF-8"),
    ("--from", "MarkDown"),
    ("--annotations", "GitHub"),
]


@pytest.mark.parametrize(("flag", "value"), CHOICES)
def test_every_named_value_is_case_insensitive(
    flag: str, value: str, work: Path, capsys: Capsys, monkeypatch: MP
) -> None:
    extra = [] if flag == "--to" else ["--to", "json"]
    ran = run_main(capsys, monkeypatch, work, "a.md", flag, value, *extra, "--check", "-q")
    assert ran.code == 0, ran.err
    # and in a configuration file, the same
    key = flag.lstrip("-")
    (work / "cppcc-convert.toml").write_text(f'{key} = "{value}"\n', encoding="utf-8")
    ran = run_main(capsys, monkeypatch, work, "a.md", *extra, "--check", "-q")
    assert ran.code == 0, ran.err


def test_every_named_option_is_covered_above() -> None:
    """A new option with named values must join CHOICES (so case stays consistent)."""
    named = {"to", "edition", "no-repair", "genre", "preset", "page-size", "quotes"}
    named |= {"encoding", "from", "annotations"}
    assert {flag.lstrip("-") for flag, _ in CHOICES} == named
    assert named <= set(SCHEMA)


def test_the_chosen_names_are_spelled_canonically(work: Path, capsys: Capsys, monkeypatch: MP):
    ran = run_main(capsys, monkeypatch, work, "a.md", "--to", "JSON,Html", "-e", "ZH-HK", "-o", "o")
    assert ran.code == 0
    assert files(work / "o") == ["a.zh-HK.html", "a.zh-HK.json"]


def test_o_dash_does_not_write_binary_to_a_terminal(work: Path) -> None:
    import os
    import pty
    import subprocess
    import sys

    primary, secondary = pty.openpty()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "cppcc_convert", "a.md", "--to", "docx", "-o", "-"],
            cwd=work, stdout=secondary, stderr=subprocess.PIPE, timeout=120, check=False,
        )  # fmt: skip
    finally:
        os.close(secondary)
        os.close(primary)
    assert proc.returncode == 2
    assert b"-o - would write DOCX to a terminal: redirect it" in proc.stderr
