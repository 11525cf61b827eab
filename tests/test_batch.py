"""Batch conversion and CI publishing (issue 7): inputs, parallelism, exit codes, manifest,
check mode, determinism, atomic outputs, configuration files."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

import cppcc_convert
from cppcc_convert import Options

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "fuyang-cppcc.md"


def cli(*args: str, cwd: Path, stdin: str | None = None, env: dict[str, str] | None = None):
    return subprocess.run(
        [sys.executable, "-m", "cppcc_convert", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=600,
    )


def tree(root: Path) -> dict[str, str]:
    """Relative path -> sha256 of every file under ``root``."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    """A folder tree of documents, as a publicity office keeps them."""
    src = tmp_path / "articles"
    (src / "2024" / "q3").mkdir(parents=True)
    shutil.copy(SAMPLE, src / "fuyang.md")
    shutil.copy(SAMPLE, src / "2024" / "q3" / "report.markdown")
    (src / "2024" / "note.txt").write_text("# 通知\n\n请各位委员准时参加会议。\n", encoding="utf-8")
    (src / "2024" / "ignored.rst").write_text("not a document we read", encoding="utf-8")
    return src


def test_folder_input_mirrors_the_tree(articles: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    r = cli(str(articles), "--to", "json,html", "-o", str(out), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert set(tree(out)) == {
        "fuyang.json",
        "fuyang.html",
        "2024/note.json",
        "2024/note.html",
        "2024/q3/report.json",
        "2024/q3/report.html",
    }
    assert "converted 3 of 3 documents, 6 files written" in r.stdout


def test_glob_changes_what_a_folder_yields(articles: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    r = cli(str(articles), "--to", "json", "--glob", "*.txt", "-o", str(out), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert set(tree(out)) == {"2024/note.json"}


def test_stdin_with_stem(tmp_path: Path) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    r = cli("-", "--stem", "article", "--to", "json", "-o", "out", cwd=tmp_path, stdin=text)
    assert r.returncode == 0, r.stderr
    doc = cppcc_convert.Document.from_json((tmp_path / "out" / "article.json").read_bytes())
    assert doc.meta.title.startswith("以“政协之为”")


def test_colliding_outputs_are_an_error_before_anything_is_written(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    shutil.copy(SAMPLE, tmp_path / "a" / "same.md")
    shutil.copy(SAMPLE, tmp_path / "b" / "same.md")
    r = cli("a/same.md", "b/same.md", "--to", "json", "-o", "out", cwd=tmp_path)
    assert r.returncode == 2
    assert "would both write" in r.stderr
    assert not (tmp_path / "out").exists()


def test_one_failing_input_does_not_stop_the_batch(tmp_path: Path) -> None:
    shutil.copy(SAMPLE, tmp_path / "good.md")
    (tmp_path / "bad.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    r = cli("bad.md", "good.md", "missing.md", "--to", "json", "-o", "out", cwd=tmp_path)
    assert r.returncode == 1
    assert (tmp_path / "out" / "good.json").is_file()
    assert not (tmp_path / "out" / "bad.json").exists()
    errors = [line for line in r.stderr.splitlines() if line.startswith(("bad.md", "missing.md"))]
    assert errors == [
        "bad.md: byte 8: binary data (NUL byte), not a text document",
        "missing.md: no such file",
    ]
    assert "Traceback" not in r.stderr


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    shutil.copy(SAMPLE, tmp_path / "a.md")
    r = cli("a.md", "--to", "doc", cwd=tmp_path)
    assert r.returncode == 2
    assert "unknown format 'doc'" in r.stderr and "docx" in r.stderr
    r = cli("a.md", "--edition", "zh-XX", "--to", "json", cwd=tmp_path)
    assert r.returncode == 2 and "zh-TW" in r.stderr
    r = cli("a.md", "--no-repair", "nothing", "--to", "json", cwd=tmp_path)
    assert r.returncode == 2 and "rejoin" in r.stderr


def test_strict_fails_a_document_with_warnings(tmp_path: Path) -> None:
    (tmp_path / "warn.md").write_text("# 标题\n\n正文<script>x()</script>。\n", encoding="utf-8")
    shutil.copy(SAMPLE, tmp_path / "clean.md")
    r = cli("warn.md", "clean.md", "--to", "json", "--strict", "-o", "out", cwd=tmp_path)
    assert r.returncode == 3  # strict failures have their own exit code
    assert "warn.md:3: warning: <script> dropped" in r.stderr
    assert not (tmp_path / "out" / "warn.json").exists()
    assert (tmp_path / "out" / "clean.json").exists()
    r = cli("warn.md", "--to", "json", "-o", "out2", cwd=tmp_path)  # not strict: written
    assert r.returncode == 0 and (tmp_path / "out2" / "warn.json").exists()


def test_check_mode_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "warn.md").write_text("# 标题\n\n正文<script>x()</script>。\n", encoding="utf-8")
    r = cli("warn.md", "--check", "-o", "out", "--manifest", "m.json", cwd=tmp_path)
    assert r.returncode == 0
    assert "warning: <script> dropped" in r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["warn.md"]
    r = cli("warn.md", "--check", "--strict", cwd=tmp_path)
    assert r.returncode == 3
    shutil.copy(SAMPLE, tmp_path / "clean.md")
    r = cli("clean.md", "--check", "--strict", "-v", cwd=tmp_path)
    assert r.returncode == 0
    assert r.stderr.count("[punctuation]") == 161  # -v lists every repair


def test_quiet_prints_nothing_on_success(tmp_path: Path) -> None:
    shutil.copy(SAMPLE, tmp_path / "a.md")
    r = cli("a.md", "--to", "json", "-q", cwd=tmp_path)
    assert r.returncode == 0 and r.stdout == "" and r.stderr == ""


def test_manifest_lists_outputs_with_hashes_and_versions(articles: Path, tmp_path: Path) -> None:
    r = cli(str(articles), "--to", "json,html", "-o", "out", "--manifest", "m.json", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    text = (tmp_path / "m.json").read_text(encoding="utf-8")
    data = json.loads(text)
    assert text == json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    assert data["tool"]["name"] == "cppcc-convert"
    assert data["dependencies"]["python-docx"] != "not installed"
    # sorted by path inside the folder: 2024/note.txt, 2024/q3/report.markdown, fuyang.md
    assert [Path(i["source"]).name for i in data["inputs"]] == [
        "note.txt",
        "report.markdown",
        "fuyang.md",
    ]
    for item in data["inputs"]:
        assert item["ok"] and item["error"] is None
        for out in item["outputs"]:
            blob = (tmp_path / out["path"]).read_bytes()
            assert out["size"] == len(blob)
            assert out["sha256"] == hashlib.sha256(blob).hexdigest()
            assert out["edition"] == "zh-Hans" and out["format"] in ("json", "html")
    fuyang = data["inputs"][2]
    assert sum(d["code"] == "punctuation" for d in fuyang["diagnostics"]) == 161


ALL = "json,docx,pdf,epub,html"


def test_outputs_are_identical_across_runs_and_job_counts(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    for i in range(3):
        shutil.copy(SAMPLE, src / f"a{i}.md")
    env = {"SOURCE_DATE_EPOCH": "1700000000"}
    runs = []
    for jobs, name in (("1", "one"), ("2", "two"), ("2", "again")):
        r = cli(
            str(src),
            "--to",
            ALL,
            "--edition",
            "zh-Hans,zh-TW",
            "-j",
            jobs,
            "-o",
            name,
            cwd=tmp_path,
            env=env,
        )
        assert r.returncode == 0, r.stderr
        runs.append(tree(tmp_path / name))
    assert len(runs[0]) == 3 * 5 * 2
    assert runs[0] == runs[1] == runs[2]


def test_outputs_are_stable_without_source_date_epoch(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    hashes = []
    for name in ("x", "y"):
        subprocess.run(
            [sys.executable, "-m", "cppcc_convert", str(SAMPLE), "--to", ALL, "-o", name],
            cwd=tmp_path,
            env=env,
            check=True,
            capture_output=True,
            timeout=600,
        )
        hashes.append(tree(tmp_path / name))
    assert hashes[0] == hashes[1]


@pytest.mark.parametrize("target", ["process", "group"])
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_interrupted_parallel_batch_exits_130_and_leaves_no_partial_or_temporary_files(
    tmp_path: Path, signum: signal.Signals, target: str
) -> None:
    """Ctrl-C reaches the whole process group, a cancelled CI job or ``kill`` may reach the
    command alone: either way exit 130, one line, no traceback, no worker left running."""
    src = tmp_path / "src"
    src.mkdir()
    for i in range(40):
        shutil.copy(SAMPLE, src / f"doc{i:02}.md")
    out = tmp_path / "out"
    args = [str(src), "--to", "json,epub,docx", "--jobs", "2", "-o", str(out)]
    proc = subprocess.Popen(
        [sys.executable, "-m", "cppcc_convert", *args],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, holding it and its workers
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not any(out.glob("*.epub")):
        time.sleep(0.05)
    if target == "group":
        os.killpg(proc.pid, signum)
    else:
        os.kill(proc.pid, signum)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr.decode()
    assert stderr.endswith(b"cppcc-convert: interrupted\n"), stderr.decode()
    assert b"Traceback" not in stderr and b"Error" not in stderr, stderr.decode()
    written = sorted(out.iterdir())
    assert 0 < len(written) < 120, "the batch should have been stopped part-way"
    assert not [p for p in written if p.name.startswith(".") or p.suffix == ".tmp"]
    for path in written:
        if path.suffix == ".json":
            json.loads(path.read_bytes())
        else:
            with zipfile.ZipFile(path) as z:
                assert z.testzip() is None
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:  # workers die with their parent
        try:
            os.killpg(proc.pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.05)
    else:
        pytest.fail("a worker process outlived the interrupted command")


def test_an_interrupt_while_a_document_is_written_waits_until_all_its_files_are(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from cppcc_convert import outputs

    if threading.current_thread() is not threading.main_thread():
        pytest.skip("signals reach the main thread only (this runs in another, as in xdist)")
    renamed: list[str] = []
    real_replace = os.replace

    def replace_then_interrupt(src: str, dst: Path) -> None:
        real_replace(src, dst)
        renamed.append(Path(dst).name)
        if len(renamed) == 1:
            os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C between the two renames
            time.sleep(0.05)  # a handler would have run by now

    monkeypatch.setattr(outputs.os, "replace", replace_then_interrupt)
    files = [(tmp_path / "a.json", b"{}"), (tmp_path / "a.html", b"<p>")]
    with pytest.raises(KeyboardInterrupt):
        outputs.atomic_write_all(files)
    assert renamed == ["a.json", "a.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.html", "a.json"]


def test_injected_writer_failure_leaves_no_output_for_that_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import cppcc_convert.writers as writers

    def flaky(doc, ctx):  # fails on one document only
        if "失败" in doc.meta.title:
            raise RuntimeError("injected failure")
        return b"ok"

    module = type(sys)("flaky_writer")
    module.write = flaky  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "flaky_writer", module)
    monkeypatch.setitem(writers.WRITERS, "html", "flaky_writer:write")
    (tmp_path / "bad.md").write_text("# 失败的文档\n\n正文。\n", encoding="utf-8")
    shutil.copy(SAMPLE, tmp_path / "good.md")
    result = cppcc_convert.convert(
        [tmp_path / "bad.md", tmp_path / "good.md"],
        outdir=tmp_path / "out",
        formats=["json", "html"],
        options=Options(),
    )
    bad, good = result.inputs
    assert not bad.ok and "injected failure" in (bad.error or "")
    assert good.ok and len(good.outputs) == 2
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["good.html", "good.json"]


def test_api_accepts_an_executor(tmp_path: Path) -> None:
    from concurrent.futures import ProcessPoolExecutor

    for i in range(2):
        shutil.copy(SAMPLE, tmp_path / f"d{i}.md")
    with ProcessPoolExecutor(max_workers=2) as pool:
        result = cppcc_convert.convert(
            [tmp_path], outdir=tmp_path / "out", formats=["json"], executor=pool
        )
    assert result.ok and [o.path.name for o in result.outputs] == ["d0.json", "d1.json"]


def test_configuration_file_and_flags(tmp_path: Path) -> None:
    shutil.copy(SAMPLE, tmp_path / "a.md")
    (tmp_path / "cppcc-convert.toml").write_text(
        'to = ["json"]\nedition = "zh-Hans,zh-TW"\noutput = "from-config"\n', encoding="utf-8"
    )
    r = cli("a.md", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert sorted(tree(tmp_path / "from-config")) == ["a.json", "a.zh-TW.json"]
    r = cli("a.md", "--to", "html", "-o", "flags", cwd=tmp_path)  # flags win
    assert sorted(tree(tmp_path / "flags")) == ["a.html", "a.zh-TW.html"]


def test_pyproject_tool_table(tmp_path: Path) -> None:
    shutil.copy(SAMPLE, tmp_path / "a.md")
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.cppcc-convert]\nto = "json"\nno-repair = ["punctuation"]\n',
        encoding="utf-8",
    )
    r = cli("a.md", "-o", "out", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    doc = cppcc_convert.Document.from_json((tmp_path / "out" / "a.json").read_bytes())
    assert "," in cppcc_convert.model.document_text(doc)  # punctuation repair was off


def test_bad_configuration_is_a_usage_error(tmp_path: Path) -> None:
    shutil.copy(SAMPLE, tmp_path / "a.md")
    (tmp_path / "cppcc-convert.toml").write_text("to = [json\n", encoding="utf-8")
    r = cli("a.md", cwd=tmp_path)
    assert r.returncode == 2 and "cppcc-convert.toml" in r.stderr


def test_progress_bar_on_a_terminal_summary_line_in_logs(tmp_path: Path) -> None:
    import pty

    for i in range(3):
        shutil.copy(SAMPLE, tmp_path / f"d{i}.md")
    primary, secondary = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "cppcc_convert", ".", "--to", "json", "-j", "1", "-o", "tty"],
        cwd=tmp_path, stdin=subprocess.DEVNULL, stdout=secondary, stderr=secondary,
        env={**os.environ, "TERM": "xterm", "COLUMNS": "100"},
    )  # fmt: skip
    os.close(secondary)
    chunks = []
    while True:
        try:
            data = os.read(primary, 4096)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=120)
    os.close(primary)
    screen = b"".join(chunks).decode("utf-8", "replace")
    assert proc.returncode == 0
    assert "converting" in screen and "━" in screen  # rich's bar was drawn
    assert "converted 3 of 3 documents" in screen
    piped = cli(".", "--to", "json", "-o", "pipe", cwd=tmp_path)  # CI logs: no bar
    assert (
        piped.stdout
        == "converted 3 of 3 documents, 3 files written; 0 failed, 0 warnings, 510 repairs/notes\n"
    )
    assert "━" not in piped.stderr


def test_limits_from_the_command_line(tmp_path: Path) -> None:
    (tmp_path / "deep.md").write_text("# 标题\n\n> > > 深处的引文。\n", encoding="utf-8")
    (tmp_path / "table.md").write_text("| a | b |\n|---|---|\n| 1 | 2 |\n", encoding="utf-8")
    r = cli("deep.md", "--to", "json", "--max-nesting", "2", "-o", "out", cwd=tmp_path)
    assert r.returncode == 1 and "deep.md:3: nesting deeper than 2 levels" in r.stderr
    r = cli("table.md", "--to", "json", "--max-table-cells", "3", "-o", "out", cwd=tmp_path)
    assert r.returncode == 1 and "table.md:1: table has more than 3 cells" in r.stderr
    r = cli("deep.md", "--to", "json", "--max-input-size", "10", "-o", "out", cwd=tmp_path)
    assert r.returncode == 1 and "over the limit of 10" in r.stderr
    r = cli("deep.md", "--to", "json", "--max-nesting", "0", cwd=tmp_path)
    assert r.returncode == 2 and "--max-nesting must be at least 1" in r.stderr
    assert not (tmp_path / "out").exists()
