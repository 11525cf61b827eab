"""Faults (issue 19): a batch killed with SIGKILL at several points, the parent killed alone,
one worker killed, a full disk. A manifest never describes files that are not there; a later
complete run leaves no temporary file; workers die with their parent; a lost worker's
document is retried once, then reported as failed (exit 1) without a hang; a full disk is one
clear line per document and leaves no partial file.

Faults are injected in the test's own subprocesses by ``tests/faults_hook/sitecustomize.py``
(SIGKILL at the N-th rename or half-way through the N-th write, a worker that kills itself,
ENOSPC), or made for real (SIGKILL from outside, a small tmpfs in a mount namespace)."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from robustness_support import files_under, temp_files

HOOK = Path(__file__).resolve().parent / "faults_hook"
SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "fuyang-cppcc.md"
FORMATS = "json,html,docx,epub"  # PDF is the slowest and adds no other kind of file
DOCS = 6


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    text = SAMPLE.read_text(encoding="utf-8")
    for i in range(DOCS):
        (src / f"d{i}.md").write_text(text.replace("富阳", f"富阳{i}"), encoding="utf-8")
    return tmp_path


def _cli(
    work: Path,
    *args: str,
    fault: dict[str, str] | None = None,
    timeout: float = 300,
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    if fault:
        env |= fault
        env["PYTHONPATH"] = os.pathsep.join([str(HOOK), env.get("PYTHONPATH", "")])
    return subprocess.run(
        [sys.executable, "-m", "cppcc_convert", *args],
        cwd=work,
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
    )


def _convert(work: Path, *extra: str, fault: dict[str, str] | None = None, jobs: int = 2):
    return _cli(
        work, "in", "--to", FORMATS, "-o", "out", "--manifest", "out/manifest.json",
        "--jobs", str(jobs), *extra, fault=fault,
    )  # fmt: skip


def _manifest_is_true(out: Path) -> bool:
    """Whether the manifest exists; if it does, every file it lists is there, as it says."""
    path = out / "manifest.json"
    if not path.exists():
        return False
    data = json.loads(path.read_text(encoding="utf-8"))
    listed = set()
    for item in data["inputs"]:
        for o in item["outputs"]:
            file = out.parent / o["path"]
            assert file.is_file(), o["path"]
            assert hashlib.sha256(file.read_bytes()).hexdigest() == o["sha256"], o["path"]
            listed.add(Path(o["path"]).relative_to("out").as_posix())
    assert files_under(out) - {"manifest.json"} == listed
    return True


def _expected_files() -> set[str]:
    exts = FORMATS.split(",")
    return {f"d{i}.{e}" for i in range(DOCS) for e in exts} | {"manifest.json"}


KILL_POINTS = (
    ("kill-before-rename", "1"),  # the first document half renamed
    ("kill-before-rename", "11"),  # in the middle of the batch
    ("kill-before-rename", str(DOCS * 4 + 1)),  # the new manifest written, not renamed
    ("kill-mid-write", "3"),  # a truncated temporary file
    ("kill-mid-write", "17"),
)


@pytest.mark.slow
def test_sigkill_never_leaves_a_lying_manifest_or_stale_temporary_files(batch: Path) -> None:
    """Runs killed at five points, one after another, each after the documents changed; the
    manifest is gone after each (it cannot lie), and one later complete run removes every
    temporary file they left and writes a true manifest."""
    out = batch / "out"
    first = _convert(batch)
    assert first.returncode == 0, first.stderr
    assert _manifest_is_true(out)
    for round_, (fault, n) in enumerate(KILL_POINTS):
        for doc in (batch / "in").iterdir():
            doc.write_text(doc.read_text(encoding="utf-8") + f"\n补记{round_}。\n", "utf-8")
        killed = _convert(batch, fault={"CPPCC_FAULT": fault, "CPPCC_FAULT_N": n})
        assert killed.returncode == -signal.SIGKILL, (fault, n, killed.stderr)
        assert not _manifest_is_true(out), (fault, n)  # removed before the first write
        if fault == "kill-mid-write":
            assert temp_files(out), "the injected kill should leave a temporary file"
    again = _convert(batch)
    assert again.returncode == 0, again.stderr
    assert not temp_files(out)
    assert files_under(out) == _expected_files()
    assert _manifest_is_true(out)


@pytest.mark.slow
def test_sigkill_from_outside_at_random_points(batch: Path) -> None:
    """Real SIGKILLs, at three moments of a run (the injected ones above are exact)."""
    out = batch / "out"
    for delay in (0.3, 1.0, 2.0):
        proc = subprocess.Popen(
            [sys.executable, "-m", "cppcc_convert", "in", "--to", FORMATS, "-o", "out",
             "--manifest", "out/manifest.json", "--jobs", "2"],
            cwd=batch, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        time.sleep(delay)
        proc.kill()
        proc.wait(timeout=60)
        if (out / "manifest.json").exists():
            assert _manifest_is_true(out)
    again = _convert(batch)
    assert again.returncode == 0, again.stderr
    assert not temp_files(out) and files_under(out) == _expected_files()
    assert _manifest_is_true(out)


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    task = Path(f"/proc/{pid}/task")
    for thread in task.iterdir() if task.exists() else ():
        with contextlib.suppress(OSError):
            found |= {int(c) for c in (thread / "children").read_text().split()}
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_workers_die_with_their_parent(batch: Path) -> None:
    big = SAMPLE.read_text(encoding="utf-8") * 30
    for i in range(4):
        (batch / "in" / f"d{i}.md").write_text(big, encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "cppcc_convert", "in", "--to", "pdf,docx", "-o", "out", "--jobs",
         "2"],
        cwd=batch, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    workers: set[int] = set()
    deadline = time.monotonic() + 60
    while len(workers) < 2 and time.monotonic() < deadline and proc.poll() is None:
        workers = _children(proc.pid)
        time.sleep(0.05)
    assert len(workers) >= 2, "no worker processes seen"
    time.sleep(0.5)  # the workers are busy converting
    proc.kill()  # the parent alone
    proc.wait(timeout=30)
    deadline = time.monotonic() + 20
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [w for w in workers if _alive(w)], "workers outlived their parent"


@pytest.mark.slow
def test_a_worker_killed_once_costs_a_retry(batch: Path) -> None:
    marker = batch / "died"
    run = _convert(
        batch,
        fault={"CPPCC_FAULT": "worker-dies-once", "CPPCC_FAULT_DOC": "d2.md",
               "CPPCC_FAULT_MARKER": str(marker)},
    )  # fmt: skip
    assert marker.exists(), "the worker did not die"
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    assert files_under(batch / "out") == _expected_files()
    assert _manifest_is_true(batch / "out")


@pytest.mark.slow
def test_a_worker_killed_twice_fails_its_document_only(batch: Path) -> None:
    run = _convert(
        batch,
        fault={"CPPCC_FAULT": "worker-dies", "CPPCC_FAULT_DOC": "d2.md",
               "CPPCC_FAULT_MARKER": str(batch / "died")},
    )  # fmt: skip
    assert run.returncode == 1, run.stderr  # an input failed (exit 1), no hang
    assert "Traceback" not in run.stderr
    lines = [line for line in run.stderr.splitlines() if "d2.md" in line]
    assert len(lines) == 1, run.stderr
    assert "in/d2.md: the worker process died twice" in lines[0]
    assert "killed, or out of memory? (retried once)" in lines[0]
    written = files_under(batch / "out")
    assert not [f for f in written if f.startswith("d2.")]
    assert written == _expected_files() - {f"d2.{e}" for e in FORMATS.split(",")}
    assert _manifest_is_true(batch / "out")
    manifest = json.loads((batch / "out" / "manifest.json").read_text(encoding="utf-8"))
    failed = [i for i in manifest["inputs"] if not i["ok"]]
    assert [i["source"] for i in failed] == ["in/d2.md"] and failed[0]["error_kind"] == "input"


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_full_disk_is_one_line_per_document(batch: Path, jobs: int) -> None:
    run = _convert(batch, fault={"CPPCC_FAULT": "enospc"}, jobs=jobs)
    assert run.returncode == 4, run.stderr  # an output error
    assert "Traceback" not in run.stderr
    lines = run.stderr.splitlines()
    for i in range(DOCS):
        mine = [line for line in lines if f"d{i}.md" in line]
        assert len(mine) == 1 and "no space left on device" in mine[0], run.stderr
    assert any(
        line.startswith("cppcc-convert: ") and "manifest.json: no space left" in line
        for line in lines
    ), run.stderr
    assert files_under(batch / "out") == set()


def _mount_prefix() -> list[str] | None:
    from test_security_writes import NAMESPACE

    return NAMESPACE


@pytest.mark.slow
@pytest.mark.skipif(_mount_prefix() is None, reason="cannot mount a tmpfs here")
def test_a_real_full_disk_on_a_small_tmpfs(batch: Path) -> None:
    """A 600 kB tmpfs: the first documents fit, the rest do not. Each that does not is one
    line; none leaves a partial set or a temporary file; those that fit are whole."""
    from test_security_writes import in_namespace

    (batch / "disk").mkdir()
    script = (
        "mount -t tmpfs -o size=600k tmpfs disk && "
        "$CLI in --to json,html,docx,epub -o disk/out --manifest disk/out/manifest.json "
        "--jobs 1; echo rc=$?; cd disk/out && for f in $(ls -A); do "
        'echo "file $f $(wc -c < $f)"; done'
    )
    proc = in_namespace(script, batch)
    assert "Traceback" not in proc.stderr, proc.stderr
    assert "rc=4" in proc.stdout, proc.stdout + proc.stderr
    files = dict(line.split()[1:] for line in proc.stdout.splitlines() if line.startswith("file"))
    assert not [f for f in files if f.endswith(".cppcc-tmp")], files
    failed = [i for i in range(DOCS) if f"in/d{i}.md: cannot write" in proc.stderr]
    assert failed, proc.stderr
    for i in range(DOCS):
        mine = [line for line in proc.stderr.splitlines() if f"d{i}.md" in line]
        outputs = {f for f in files if f.startswith(f"d{i}.")}
        if i in failed:
            assert len(mine) == 1 and "no space left on device" in mine[0], proc.stderr
            assert not outputs, (i, outputs)  # no partial set
        else:
            assert len(outputs) == 4, (i, outputs)
    if "manifest.json" not in files:  # no room left for it either: said so, in one line
        assert "cppcc-convert: cannot write disk/out/manifest.json: no space left" in proc.stderr


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["worker-dies-once", "worker-dies"])
def test_a_worker_killed_on_a_part_of_the_last_document(batch: Path, mode: str) -> None:
    """The last documents go out one part an edition (execute.PoolRunner): a part whose
    worker is killed once is retried; killed twice, its document fails once, whole."""
    editions = ("-e", "zh-Hans,zh-TW")
    whole = _convert(batch, *editions, jobs=1)
    assert whole.returncode == 0, whole.stderr
    expected = files_under(batch / "out")
    shutil.rmtree(batch / "out")
    last = f"d{DOCS - 1}"
    fault = {"CPPCC_FAULT": mode, "CPPCC_FAULT_DOC": f"{last}.md",
             "CPPCC_FAULT_MARKER": str(batch / "died")}  # fmt: skip
    run = _convert(batch, *editions, fault=fault)
    assert (batch / "died").exists(), "the worker did not die"
    assert "Traceback" not in run.stderr
    assert _manifest_is_true(batch / "out")
    if mode == "worker-dies-once":
        assert run.returncode == 0, run.stderr
        assert files_under(batch / "out") == expected
        return
    assert run.returncode == 1, run.stderr
    lines = [line for line in run.stderr.splitlines() if f"{last}.md" in line]
    assert len(lines) == 1 and "died twice" in lines[0], run.stderr
    assert files_under(batch / "out") == {f for f in expected if not f.startswith(f"{last}.")}


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["worker-dies-once", "worker-dies"])
def test_a_worker_killed_on_a_document_that_waited_in_its_pipe(tmp_path: Path, mode: str) -> None:
    """Twelve small documents, two workers: the first worker is sent d00 and, while it runs
    it, d02 (workers.Pool.depth; the window of six is full, so the input is not all read).
    d02 kills its worker: once, it is retried and the batch is whole; every time, it is
    reported once (exit 1) and every other document is written."""
    (tmp_path / "in").mkdir()
    text = SAMPLE.read_text(encoding="utf-8")
    for i in range(12):
        (tmp_path / "in" / f"d{i:02d}.md").write_text(text.replace("富阳", f"富阳{i}"), "utf-8")
    fault = {"CPPCC_FAULT": mode, "CPPCC_FAULT_DOC": "d02.md",
             "CPPCC_FAULT_MARKER": str(tmp_path / "died")}  # fmt: skip
    run = _convert(tmp_path, fault=fault)
    assert (tmp_path / "died").exists(), "the worker did not die"
    assert "Traceback" not in run.stderr
    assert _manifest_is_true(tmp_path / "out")
    everything = {f"d{i:02d}.{e}" for i in range(12) for e in FORMATS.split(",")}
    if mode == "worker-dies-once":
        assert run.returncode == 0, run.stderr
        assert files_under(tmp_path / "out") == everything | {"manifest.json"}
        return
    assert run.returncode == 1, run.stderr
    lines = [line for line in run.stderr.splitlines() if "d02.md" in line]
    assert len(lines) == 1 and "in/d02.md: the worker process died twice" in lines[0], lines
    lost = {f for f in everything if f.startswith("d02.")}
    assert files_under(tmp_path / "out") == everything - lost | {"manifest.json"}
