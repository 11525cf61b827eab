"""``main`` pauses the cyclic collector for the start-up and leaves it as it found it."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
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


def _script(tmp_path: Path, before: str, *args: str) -> subprocess.CompletedProcess[str]:
    """``program()`` run as a program's ``__main__`` (as the console script runs it), after
    ``before``; its stdout and stderr are pipes, so block-buffered until flushed."""
    code = f"{before}\nfrom cppcc_convert.cli import program\nprogram()\n"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        env=env,
    )


def test_the_program_ends_after_its_atexit_handlers_and_flushed_streams(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("# 标题\n\n正文。\n", encoding="utf-8")
    before = (
        "import atexit, sys\n"
        "atexit.register(lambda: print('handler ran'))\n"
        "atexit.register(lambda: sys.stderr.write('handler wrote to stderr\\n'))\n"
    )
    done = _script(tmp_path, before, "a.md", "-t", "html,docx", "-o", "out")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("converted 1 of 1 documents")
    assert done.stdout.endswith("handler ran\n")
    assert done.stderr == "handler wrote to stderr\n"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.docx", "a.html"]
    failed = _script(tmp_path, before, "missing.md")
    assert failed.returncode == 1
    assert "missing.md: no such file" in failed.stderr
    assert failed.stdout.endswith("handler ran\n")


def test_command_raises_system_exit_even_from_a_main_module(tmp_path: Path) -> None:
    """A program of the user's that calls ``command()`` from its ``__main__`` can catch the
    exit and go on: only ``program()`` ends the process without the teardown."""
    code = (
        "from cppcc_convert.cli import command\n"
        "try:\n"
        "    command()\n"
        "except SystemExit as exited:\n"
        "    print('caught', exited.code)\n"
        "print('went on')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, "--nope"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "caught 2\nwent on\n"


def test_the_console_script_is_the_program() -> None:
    from importlib.metadata import entry_points

    (script,) = entry_points(group="console_scripts", name="cppcc-convert")
    assert script.value == "cppcc_convert.cli:program"


def test_the_program_waits_for_a_thread_still_running(tmp_path: Path) -> None:
    # The thread prints only once the main thread has finished (the interpreter's shutdown
    # marks it so, then waits for the other threads): no timing. A process ended with
    # os._exit at the program's end would never print it.
    before = (
        "import sys, threading, time\n"
        "def late():\n"
        "    while threading.main_thread().is_alive():\n"
        "        time.sleep(0.005)\n"
        "    sys.stdout.write('thread finished\\n')\n"
        "    sys.stdout.flush()\n"
        "threading.Thread(target=late).start()\n"
    )
    done = _script(tmp_path, before, "--version")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("cppcc-convert ")
    assert done.stdout.endswith("thread finished\n")
