"""Running the command line in tests: in this process (fast; an exception that escaped
``main`` fails the test, so "no traceback" is shown by the test passing) or as a real
process (for standard output as bytes, signals and the installed script)."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from cppcc_convert.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "fuyang-cppcc.md"


@dataclass
class Ran:
    code: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        return self.err.splitlines()


def run_main(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, cwd: Path, *args: str
) -> Ran:
    """``cppcc-convert ARGS`` in this process, in ``cwd``, one worker (no process pool)."""
    monkeypatch.chdir(cwd)
    capsys.readouterr()
    argv = [*args] if "-j" in args or "--jobs" in args else [*args, "-j", "1"]
    code = main(argv)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return Ran(int(code), captured.out, captured.err)


def run_process(
    *args: str | Path, cwd: Path, stdin: bytes | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    """``python -m cppcc_convert ARGS`` as a real process; output as bytes."""
    return subprocess.run(
        [sys.executable, "-m", "cppcc_convert", *map(str, args)],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        env={**os.environ, **(env or {})},
        timeout=300,
        check=False,
    )
