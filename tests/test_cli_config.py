"""The configuration file (issue 15): ``--config FILE`` and ``--no-config``, a typed schema
(an unknown key or a wrong type is a usage error naming the file, the key and the type),
where it was found reported under ``-v``, and command-line flags winning over it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from cli_support import SAMPLE, run_main, run_process
from cppcc_convert.cli.config import SCHEMA, find_config

Capsys = pytest.CaptureFixture[str]
MP = pytest.MonkeyPatch


@pytest.fixture
def work(tmp_path: Path) -> Path:
    shutil.copy(SAMPLE, tmp_path / "a.md")
    return tmp_path


def outputs(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir()) if root.exists() else []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('tu = ["json"]', "unknown key 'tu' (known keys: annotations,"),
        ('strict = "false"', "'strict' must be true or false, not str 'false'"),
        ('jobs = "two"', "'jobs' must be an integer, not str 'two'"),
        ("jobs = 2.5", "'jobs' must be an integer, not float 2.5"),
        ("max-nesting = true", "'max-nesting' must be an integer, not bool True"),
        ("to = 3", "'to' must be a string or a list of strings, not int 3"),
        ('edition = ["zh-TW", 1]', "'edition' must be a string or a list of strings"),
        ("[docx-font]\nbody = 3", "'docx-font' must be a table of strings"),
        (
            'to = "doc"',
            "'to': unknown format 'doc' "
            "(choose from: json, docx, pdf, epub, html, wechat, wechat-page)",
        ),
        (
            'wechat-theme = "green"',
            "'wechat-theme': unknown WeChat theme 'green' (choose from: red,",
        ),
        ('wechat-indent = "no"', "'wechat-indent' must be true or false, not str 'no'"),
        ('genre = "novel"', "'genre': unknown genre 'novel' (choose from: auto, news,"),
        ("max-nesting = 0", "'max-nesting' must be at least 1"),
        ('glossary = "missing.tsv"', "'glossary': --glossary: no such file"),
        ("to = [json", "bad configuration: "),  # not TOML at all
    ],
)
def test_a_bad_configuration_is_one_usage_error_naming_file_key_and_type(
    text: str, message: str, work: Path, capsys: Capsys, monkeypatch: MP
) -> None:
    config = work / "cppcc-convert.toml"
    config.write_text(text + "\n", encoding="utf-8")
    ran = run_main(capsys, monkeypatch, work, "a.md", "-o", "out")
    assert ran.code == 2
    assert ran.err_lines == [ran.err_lines[0]]  # one line
    assert ran.err.startswith(f"cppcc-convert: error: {config}: ")
    assert message in ran.err
    assert not (work / "out").exists()


def test_the_same_checks_for_a_pyproject_table_and_for_config_file(
    work: Path, capsys: Capsys, monkeypatch: MP
) -> None:
    (work / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.cppcc-convert]\nstrict = "yes"\n', encoding="utf-8"
    )
    ran = run_main(capsys, monkeypatch, work, "a.md")
    assert ran.code == 2 and "pyproject.toml: 'strict' must be true or false" in ran.err
    named = work / "elsewhere.toml"
    named.write_text("colour = true\n", encoding="utf-8")
    ran = run_main(capsys, monkeypatch, work, "a.md", "--config", str(named))
    assert ran.code == 2 and f"{named}: unknown key 'colour'" in ran.err


def test_config_names_a_file_and_no_config_reads_none(
    work: Path, capsys: Capsys, monkeypatch: MP
) -> None:
    (work / "cppcc-convert.toml").write_text('to = "json"\noutput = "auto"\n', encoding="utf-8")
    (work / "ci").mkdir()
    (work / "ci" / "publish.toml").write_text('to = "html"\noutput = "site"\n', encoding="utf-8")
    ran = run_main(capsys, monkeypatch, work, "a.md", "-q")
    assert ran.code == 0 and outputs(work / "auto") == ["a.json"]
    ran = run_main(capsys, monkeypatch, work, "a.md", "-q", "--config", "ci/publish.toml")
    assert ran.code == 0
    assert outputs(work / "ci" / "site") == ["a.html"]  # paths are relative to the file
    ran = run_main(capsys, monkeypatch, work, "a.md", "-q", "--no-config", "--to", "json")
    assert ran.code == 0 and (work / "a.json").exists()  # default -o is ., not "auto"
    ran = run_main(capsys, monkeypatch, work, "a.md", "--config", "nowhere.toml")
    assert ran.code == 2 and "--config nowhere.toml: no such file" in ran.err


def test_verbose_reports_how_the_configuration_was_found(
    work: Path, capsys: Capsys, monkeypatch: MP
) -> None:
    ran = run_main(capsys, monkeypatch, work, "a.md", "--check", "-v")
    assert ran.err_lines[0].startswith("cppcc-convert: no configuration file found (looked for")
    assert str(work) in ran.err_lines[0]
    config = work / "cppcc-convert.toml"
    config.write_text("strict = false\n", encoding="utf-8")
    ran = run_main(capsys, monkeypatch, work, "a.md", "--check", "-v")
    assert ran.err_lines[0] == f"cppcc-convert: configuration {config} (found)"
    ran = run_main(capsys, monkeypatch, work, "a.md", "--check", "-v", "--no-config")
    assert ran.err_lines[0] == "cppcc-convert: no configuration file read (--no-config)"
    ran = run_main(capsys, monkeypatch, work, "a.md", "--check")  # not without -v
    assert "configuration" not in ran.err


def test_found_next_to_the_first_input_before_the_current_folder(
    work: Path, monkeypatch: MP
) -> None:
    (work / "docs").mkdir()
    (work / "docs" / "cppcc-convert.toml").write_text('to = "epub"\n', encoding="utf-8")
    (work / "cppcc-convert.toml").write_text('to = "pdf"\n', encoding="utf-8")
    monkeypatch.chdir(work)
    near = find_config(["docs/x.md"], None, False)
    assert near.path == (work / "docs" / "cppcc-convert.toml").resolve()
    assert near.values == {"to": "epub"}
    here = find_config(["-"], None, False)
    assert here.path == work / "cppcc-convert.toml"


def test_flags_win_over_the_file(work: Path, capsys: Capsys, monkeypatch: MP) -> None:
    (work / "cppcc-convert.toml").write_text(
        'to = ["json"]\nedition = "all"\noutput = "cfg"\n', encoding="utf-8"
    )
    ran = run_main(capsys, monkeypatch, work, "a.md", "-e", "zh-TW", "-o", "flags", "-q")
    assert ran.code == 0
    assert outputs(work / "flags") == ["a.zh-TW.json"]
    assert not (work / "cfg").exists()


def test_the_schema_has_every_long_option_that_takes_a_value() -> None:
    """A new option must be added to the schema (or be one that makes no sense in a file)."""
    from cppcc_convert.cli.parser import build_parser

    command_line_only = {"help", "version", "config", "no-config", "check", "quiet", "verbose"}
    command_line_only |= {"debug", "output-dir"} | {f"list-{x}" for x in ("formats", "editions")}
    command_line_only |= {f"list-{x}" for x in ("repairs", "genres", "presets")}
    flags = set()
    for action in build_parser()._actions:
        longs = [s[2:] for s in action.option_strings if s.startswith("--")]
        flags |= set(longs)
    negated = {"no-autospace": "autospace", "wechat-no-indent": "wechat-indent"}
    config_names = {negated.get(f, f) for f in flags}
    assert config_names - command_line_only == set(SCHEMA)


def test_a_config_traceback_never_reaches_the_user(work: Path) -> None:
    (work / "cppcc-convert.toml").write_text('jobs = "two"\n', encoding="utf-8")
    proc = run_process("a.md", cwd=work)
    assert proc.returncode == 2
    assert b"Traceback" not in proc.stderr
    assert proc.stderr.decode().count("\n") == 1


def test_docs_list_every_key_of_the_schema_with_its_type() -> None:
    from cli_support import ROOT

    table = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    documented = dict(re.findall(r"\| `([a-z-]+)` \| ([^|]+?) (?=\|)", table))
    words = {"str": "string", "bool": "true or false", "int": "integer", "strings": "list"}
    words["table"] = "table of strings"
    for key, (kind, _) in SCHEMA.items():
        assert key in documented, key
        assert words[kind] in documented[key], (key, documented[key])
