"""The command line, run as a real process: ``python -m cppcc_convert`` and ``cppcc-convert``."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import cppcc_convert
from cppcc_convert.model import Document
from cppcc_convert.writers import WRITERS as FORMATS

ROOT = Path(__file__).resolve().parent.parent


def _script() -> list[str]:
    beside = Path(sys.executable).with_name("cppcc-convert")
    found = str(beside) if beside.exists() else shutil.which("cppcc-convert")
    if found is None:
        pytest.skip("the cppcc-convert script is not installed")
    return [found]


COMMANDS = {"module": lambda: [sys.executable, "-m", "cppcc_convert"], "script": _script}


@pytest.fixture(params=sorted(COMMANDS))
def cli(request: pytest.FixtureRequest) -> list[str]:
    return COMMANDS[request.param]()


def run(cmd: list[str], *args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*cmd, *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def work(tmp_path: Path, sample_path: Path) -> Path:
    shutil.copy(sample_path, tmp_path / "fuyang.md")
    (tmp_path / "other.md").write_text("# 另一篇\n\n正文,第二篇。\n", encoding="utf-8")
    return tmp_path


def test_version(cli: list[str], tmp_path: Path) -> None:
    proc = run(cli, "--version", cwd=tmp_path)
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"cppcc-convert {cppcc_convert.__version__}"


def test_to_json_writes_the_model(
    cli: list[str], work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    proc = run(cli, "fuyang.md", "-o", "out", "--to", "json", cwd=work)
    assert proc.returncode == 0, proc.stderr
    written = (work / "out" / "fuyang.json").read_text(encoding="utf-8")
    monkeypatch.chdir(work)  # diagnostics name the file as given on the command line
    assert written == cppcc_convert.load("fuyang.md").to_json()
    assert Document.from_json(written).meta.title.startswith("以“政协之为”")
    assert sorted(p.name for p in (work / "out").iterdir()) == ["fuyang.json"]
    assert "Traceback" not in proc.stderr


def test_json_output_is_stable(cli: list[str], work: Path) -> None:
    run(cli, "fuyang.md", "-o", "a", "--to", "json", cwd=work)
    run(cli, "fuyang.md", "-o", "b", "--to", "json", cwd=work)
    assert (work / "a" / "fuyang.json").read_bytes() == (work / "b" / "fuyang.json").read_bytes()


def test_several_inputs(cli: list[str], work: Path) -> None:
    proc = run(cli, "fuyang.md", "other.md", "-o", "out", "--to", "json", cwd=work)
    assert proc.returncode == 0, proc.stderr
    other = json.loads((work / "out" / "other.json").read_text(encoding="utf-8"))
    assert other["meta"]["title"] == "另一篇"
    assert other["blocks"][0]["text"] == "正文，第二篇。"


def test_unknown_format_is_a_usage_error(cli: list[str], work: Path) -> None:
    proc = run(cli, "fuyang.md", "-o", "out", "--to", "json,doc", cwd=work)
    assert proc.returncode == 2
    assert "'doc'" in proc.stderr
    assert all(fmt in proc.stderr for fmt in FORMATS)
    assert "Traceback" not in proc.stderr
    assert not (work / "out").exists()


@pytest.mark.parametrize(
    "args", [["--no-repair", "nonsense"], ["--bogus-flag"], ["--edition", "zh-XX"], []]
)
def test_other_usage_errors(args: list[str], cli: list[str], work: Path) -> None:
    inputs = ["fuyang.md"] if args else []
    proc = run(cli, *inputs, "-o", "out", "--to", "json", *args, cwd=work)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert not (work / "out").exists()


def test_missing_input_among_good_ones(cli: list[str], work: Path) -> None:
    proc = run(cli, "fuyang.md", "missing.md", "other.md", "-o", "out", "--to", "json", cwd=work)
    assert proc.returncode == 1
    assert (work / "out" / "fuyang.json").exists()
    assert (work / "out" / "other.json").exists()
    assert not (work / "out" / "missing.json").exists()
    errors = [line for line in proc.stderr.splitlines() if line.startswith("missing.md")]
    assert errors == ["missing.md: no such file"]
    assert "Traceback" not in proc.stderr


def test_bad_documents_report_file_and_line(cli: list[str], work: Path) -> None:
    (work / "fm.md").write_text("---\ntitle: [oops\nlang: zh\n---\n\n正文。\n", encoding="utf-8")
    (work / "bin.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    proc = run(cli, "fm.md", "bin.md", "other.md", "-o", "out", "--to", "json", cwd=work)
    assert proc.returncode == 1
    lines = proc.stderr.splitlines()
    assert any(line.startswith("fm.md:3: bad YAML front matter") for line in lines)
    assert "bin.md: byte 8: binary data (NUL byte), not a text document" in lines
    assert (work / "out" / "other.json").exists()
    assert "Traceback" not in proc.stderr


def test_debug_shows_a_traceback(cli: list[str], work: Path) -> None:
    plain = run(cli, "fuyang.md", "-o", "out", "--to", "doc", cwd=work)
    debug = run(cli, "fuyang.md", "-o", "out", "--to", "doc", "--debug", cwd=work)
    assert plain.returncode == 2 and "Traceback" not in plain.stderr
    assert len(plain.stderr.strip().splitlines()) == 1
    assert debug.returncode != 0
    assert "Traceback (most recent call last)" in debug.stderr
    assert "UsageError" in debug.stderr


def test_an_empty_folder_is_a_warning_not_the_end_of_the_batch(cli: list[str], work: Path) -> None:
    (work / "empty-folder").mkdir()
    proc = run(cli, "empty-folder", "fuyang.md", "-o", "out", "--to", "json", cwd=work)
    assert proc.returncode == 0, proc.stderr
    assert "empty-folder: warning: no documents matching" in proc.stderr
    assert (work / "out" / "fuyang.json").exists()


def test_check_writes_nothing(cli: list[str], work: Path) -> None:
    proc = run(cli, "fuyang.md", "-o", "out", "--to", "json", "--check", cwd=work)
    assert proc.returncode == 0, proc.stderr
    assert not (work / "out").exists()
    assert "checked 1 of 1" in proc.stdout
    bad = run(cli, "fuyang.md", "missing.md", "-o", "out", "--to", "json", "--check", cwd=work)
    assert bad.returncode == 1 and "missing.md: no such file" in bad.stderr
    assert not (work / "out").exists()


def test_quiet(cli: list[str], work: Path) -> None:
    (work / "warn.md").write_text("# 标题\n\n文字<script>x()</script>。\n", encoding="utf-8")
    loud = run(cli, "warn.md", "-o", "out", "--to", "json", cwd=work)
    assert "html-dropped" in loud.stderr and loud.stdout.strip()
    quiet = run(cli, "-q", "warn.md", "-o", "out2", "--to", "json", cwd=work)
    assert quiet.returncode == 0
    assert quiet.stdout == "" and quiet.stderr == ""
    assert (work / "out2" / "warn.json").exists()
    failing = run(cli, "-q", "missing.md", "-o", "out3", "--to", "json", cwd=work)
    assert failing.returncode == 1
    assert failing.stdout == "" and failing.stderr.strip() == "missing.md: no such file"


def test_verbose_lists_every_repair(cli: list[str], work: Path) -> None:
    proc = run(cli, "-v", "fuyang.md", "-o", "out", "--to", "json", cwd=work)
    assert proc.returncode == 0
    lines = proc.stderr.splitlines()
    assert sum("[punctuation]" in line for line in lines) == 161
    assert sum("[rejoin]" in line for line in lines) == 3
    assert any(line.startswith("fuyang.md:26: info: joined") for line in lines)


def test_no_repair_flag(cli: list[str], work: Path) -> None:
    proc = run(
        cli, "fuyang.md", "-o", "out", "--to", "json", "--no-repair", "punctuation,byline", cwd=work
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads((work / "out" / "fuyang.json").read_text(encoding="utf-8"))
    assert data["meta"]["authors"] == []
    assert {d["code"] for d in data["diagnostics"]} == {"caption", "rejoin", "genre"}
    assert any("," in b.get("text", "") for b in data["blocks"])
