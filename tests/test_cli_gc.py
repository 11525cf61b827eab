"""``main`` pauses the cyclic collector for the start-up and leaves it as it found it."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from cli_support import SAMPLE, run_main


@pytest.mark.parametrize("args", [["--list-formats"], ["-t", "html,docx", "-o", "out"], ["--nope"]])
def test_collector_state_is_restored(
    args: list[str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (tmp_path / "a.md").write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    inputs = ["a.md"] if "-t" in args else []
    assert gc.isenabled()
    run_main(capsys, monkeypatch, tmp_path, *inputs, *args)
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0  # nothing left out of the caller's collections


def test_a_disabled_collector_stays_disabled(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.md").write_text("# 标题\n\n正文。\n", encoding="utf-8")
    gc.disable()
    try:
        ran = run_main(capsys, monkeypatch, tmp_path, "a.md", "-t", "html", "-o", "out")
        assert ran.code == 0
        assert not gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.parametrize(
    ("args", "code"), [(["--version"], 0), (["--nope"], 2), (["missing.md"], 1)]
)
def test_the_console_script_exits_with_mains_code_and_the_collector_off(
    args: list[str], code: int, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from cppcc_convert.cli import command

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("sys.argv", ["cppcc-convert", *args])
    try:
        with pytest.raises(SystemExit) as exited:
            command()
        assert exited.value.code == code
        # the process is about to end: no final collection walks the modules' objects
        assert not gc.isenabled()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.enable()
    assert not list(tmp_path.iterdir())  # a failed run writes nothing


def test_python_dash_m_is_the_console_script() -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "cppcc_convert", "--nope"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "--nope" in done.stderr
