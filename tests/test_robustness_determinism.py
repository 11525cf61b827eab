"""Determinism (issue 19): outputs do not depend on how the input path was spelled (relative
or absolute), the working directory, TZ, locale, umask or --jobs. Every output file of every
format and edition is compared byte for byte, with its permissions."""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "fuyang-cppcc.md"


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("determinism")
    src = root / "in"
    (src / "sub").mkdir(parents=True)
    shutil.copy(SAMPLE, src / "fuyang.md")
    Image.new("RGB", (30, 20), "red").save(src / "sub" / "图 片.png")
    (src / "sub" / "note.md").write_text(
        "---\ndate: 2024-10-08\n---\n# 通知\n\n"
        "请各位委员于明天上午9:30参加会议,地点在<b>三楼</b>。\n\n"
        "![现场](<图 片.png>)\n\n[链](//evil.example/x) <script>x</script>\n",
        encoding="utf-8",
    )
    return root


def _run(work: Path, cwd: Path, inputs: str, out: str, jobs: int, env: dict[str, str], umask: int):
    base = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "TZ")}
    base.update(env)
    command = " ".join(
        [
            f"umask {umask:03o};",
            "exec",
            sys.executable,
            "-m cppcc_convert",
            inputs,
            "--to docx,pdf,epub,html,json --edition zh-Hans,zh-TW",
            f"-o {out} --jobs {jobs} -q",
        ]
    )
    proc = subprocess.run(
        ["sh", "-c", command], cwd=cwd, env=base, capture_output=True, text=True, timeout=600
    )
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr


def _tree(root: Path) -> dict[str, tuple[str, int]]:
    return {
        p.relative_to(root).as_posix(): (
            hashlib.sha256(p.read_bytes()).hexdigest(),
            stat.S_IMODE(p.stat().st_mode),
        )
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.mark.slow
def test_outputs_depend_on_nothing_but_the_input(work: Path) -> None:
    variants = [
        # (working directory, input as spelled, output folder, jobs, environment, umask)
        (work, "in", "o1", 1, {"TZ": "UTC", "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}, 0o022),
        (Path("/"), str(work / "in"), str(work / "o2"), 2,
         {"TZ": "Asia/Shanghai", "LC_ALL": "zh_CN.UTF-8", "LANG": "zh_CN.UTF-8"}, 0o077),
        (work / "in", ".", "../o3", 3,
         {"TZ": "America/Los_Angeles", "LC_ALL": "C", "LANG": "C"}, 0o000),
        (work / "in" / "sub", "../../in/", str(work / "o4"), 2,
         {"TZ": "Pacific/Kiritimati", "LANG": "fr_FR.ISO-8859-1"}, 0o027),
    ]  # fmt: skip
    trees = {}
    for cwd, inputs, out, jobs, env, umask in variants:
        _run(work, cwd, inputs, out, jobs, env, umask)
        trees[out] = _tree((cwd / out).resolve())
    first = trees["o1"]
    assert len(first) == 2 * 5 * 2  # two documents, five formats, two editions
    assert {mode for _, mode in first.values()} == {0o644}
    for out, tree in trees.items():
        assert tree == first, out
