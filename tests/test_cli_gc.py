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
