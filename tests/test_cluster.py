"""A cluster without a shared filesystem (issue 17): ``convert(..., executor=...)`` on a Dask
``LocalCluster`` of two worker processes that may not open the inputs or the outputs, in an
empty working directory and an environment of their own. The client reads, the client writes
(atomically); outputs are byte-identical to a serial run, and only a window of jobs is ever in
flight."""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future
from pathlib import Path
from typing import Any

import pytest

import cppcc_convert
from cppcc_convert import Options

pytest.importorskip("distributed")

from distributed import Client, LocalCluster, WorkerPlugin

pytestmark = pytest.mark.slow  # starting two worker processes takes a while

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "fuyang-cppcc.md"
RICH = ROOT / "tests" / "data" / "rich.md"
PHOTO = ROOT / "tests" / "data" / "img" / "photo.png"
FORMATS = ["docx", "pdf", "epub", "html", "json"]
EDITIONS = ["zh-Hans", "zh-TW"]
CLIENT_EPOCH = "1700000000"


class NoSharedFilesystem(WorkerPlugin):  # type: ignore[misc]
    """Runs in each worker: an empty working directory, no SOURCE_DATE_EPOCH, and an audit
    hook that refuses to open or list anything under the forbidden folders."""

    def __init__(self, cwd: str, forbidden: list[str]) -> None:
        self.cwd = cwd
        self.forbidden = forbidden

    def setup(self, worker: Any) -> None:
        forbidden = tuple(os.path.join(f, "") for f in self.forbidden)
        os.makedirs(self.cwd, exist_ok=True)
        os.chdir(self.cwd)
        os.environ.pop("SOURCE_DATE_EPOCH", None)

        def hook(event: str, args: tuple[Any, ...]) -> None:
            if event not in ("open", "os.listdir", "os.scandir") or not args:
                return
            path = args[0]
            if isinstance(path, int) or path is None:
                return
            full = os.path.join(os.path.abspath(os.fsdecode(path)), "")
            if full.startswith(forbidden):
                raise PermissionError(f"worker touched the client's files: {full}")

        sys.addaudithook(hook)


class Counting(Executor):
    """Wraps an executor and records how many submitted jobs have not yet been written."""

    def __init__(self, inner: Executor) -> None:
        self.inner = inner
        self.submitted = 0
        self.written = 0
        self.most_in_flight = 0

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        self.submitted += 1
        self.most_in_flight = max(self.most_in_flight, self.submitted - self.written)
        return self.inner.submit(fn, *args, **kwargs)

    def on_result(self, result: cppcc_convert.InputResult) -> None:
        self.written += 1


def make_corpus(root: Path) -> None:
    """Nine documents in nested folders, with images beside some of them."""
    (root / "img").mkdir(parents=True)
    shutil.copy(PHOTO, root / "img" / "photo.png")
    shutil.copy(RICH, root / "rich.md")
    shutil.copy(SAMPLE, root / "sample.md")
    for i in range(6):
        sub = root / f"part{i % 2}"
        (sub / "pics").mkdir(parents=True, exist_ok=True)
        shutil.copy(PHOTO, sub / "pics" / f"p{i}.png")
        (sub / f"doc{i}.md").write_text(
            f"# 第{i}号简报\n\n正文第{i}段，委员们表示赞同。\n\n![现场{i}](pics/p{i}.png)\n\n"
            "![不存在的图](pics/missing.png)\n",
            encoding="utf-8",
        )
    (root / "part1" / "notes.txt").write_text("纯文本标题\n\n纯文本正文。\n", encoding="utf-8")


def tree(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def space(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("cluster")
    make_corpus(root / "docs")
    (root / "empty").mkdir()
    return root


@pytest.fixture(scope="module")
def client(space: Path) -> Iterator[Client]:
    import dask

    # the scheduler's and workers' scratch folders inside the test's own folder
    dask.config.set({"temporary-directory": str(space / "dask-tmp")})
    cluster = LocalCluster(
        n_workers=2,
        processes=True,
        threads_per_worker=1,
        dashboard_address=None,
        local_directory=str(space / "dask"),
    )
    with cluster, Client(cluster) as c:
        forbidden = [str(space / "docs"), str(space / "out"), str(space / "out-atomic")]
        c.register_plugin(NoSharedFilesystem(str(space / "empty"), forbidden))
        yield c


def test_convert_on_a_cluster_without_shared_files(
    space: Path, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.chdir(space / "docs")  # relative inputs, as a user types them
    serial = cppcc_convert.convert(".", outdir=space / "serial", formats=FORMATS, editions=EDITIONS)
    assert serial.ok

    # The workers really are cut off: opening an input there fails.
    def peek(path: str) -> str:
        try:
            with open(path, "rb"):
                return "opened"
        except PermissionError:
            return "refused"

    assert client.submit(peek, str(space / "docs" / "sample.md")).result() == "refused"

    counting = Counting(client.get_executor())
    result = cppcc_convert.convert(
        ".",
        outdir=space / "out",
        formats=FORMATS,
        editions=EDITIONS,
        executor=counting,
        on_result=counting.on_result,
    )
    assert result.ok, [r.error for r in result.inputs if not r.ok]
    assert len(result.inputs) == 9
    assert tree(space / "out") == tree(space / "serial")
    assert len(tree(space / "out")) == 9 * len(FORMATS) * len(EDITIONS)
    # images travelled with their jobs: every DOCX of a document with a photo holds it
    import zipfile

    for i in range(6):
        with zipfile.ZipFile(space / "out" / f"part{i % 2}" / f"doc{i}.docx") as z:
            assert any(n.startswith("word/media/") for n in z.namelist())
    codes = {d.code for r in result.inputs for d in r.diagnostics}
    assert "image-missing" in codes  # the missing image is reported, from the worker
    # a window of jobs, never the whole batch, was in flight
    assert counting.submitted == 9
    assert 1 <= counting.most_in_flight <= 4
    # the workers wrote nothing where they run
    assert client.run(os.listdir, str(space / "empty")) == {
        w: [] for w in client.scheduler_info()["workers"]
    }
    assert list(space.joinpath("empty").iterdir()) == []


@pytest.fixture
def worker_epoch(client: Client) -> Iterator[None]:
    """The workers' environment has a SOURCE_DATE_EPOCH of its own for one test."""
    client.run(os.environ.__setitem__, "SOURCE_DATE_EPOCH", "86400")
    yield
    client.run(os.environ.pop, "SOURCE_DATE_EPOCH", None)


def _client_epoch_run(
    space: Path, client: Client, monkeypatch: pytest.MonkeyPatch, fmt: str, name: str
) -> tuple[bytes, bytes]:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", CLIENT_EPOCH)
    source = space / "docs" / "sample.md"
    serial = cppcc_convert.convert(source, outdir=space / f"{name}-serial", formats=[fmt])
    remote = cppcc_convert.convert(
        source, outdir=space / f"{name}-remote", formats=[fmt], executor=client.get_executor()
    )
    assert serial.ok and remote.ok
    return serial.outputs[0].path.read_bytes(), remote.outputs[0].path.read_bytes()


@pytest.mark.parametrize("fmt", ["docx", "epub", "html"])
def test_the_clients_source_date_epoch_wins(
    space: Path, client: Client, worker_epoch: None, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    here, there = _client_epoch_run(space, client, monkeypatch, fmt, f"epoch-{fmt}")
    assert here == there
    if fmt == "docx":
        import zipfile
        from io import BytesIO

        with zipfile.ZipFile(BytesIO(there)) as z:
            assert b"2023-11-14T22:13:20Z" in z.read("docProps/core.xml")


def test_the_clients_source_date_epoch_wins_in_pdf(
    space: Path, client: Client, worker_epoch: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    here, there = _client_epoch_run(space, client, monkeypatch, "pdf", "epoch-pdf")
    assert here == there


def test_cluster_outputs_are_written_atomically(space: Path, client: Client) -> None:
    out = space / "out-atomic"
    (out / "part0").mkdir(parents=True)
    (out / "part0" / "doc0.html").write_bytes(b"old")
    (out / "part0" / "doc0.epub").mkdir()  # an output path that cannot be replaced
    result = cppcc_convert.convert(
        space / "docs",
        outdir=out,
        formats=["epub", "html"],
        options=Options(source_date_epoch=0),
        executor=client.get_executor(),
    )
    failed = [r for r in result.inputs if not r.ok]
    assert [Path(r.source).name for r in failed] == ["doc0.md"]
    assert "doc0.epub" in (failed[0].error or "")
    assert (out / "part0" / "doc0.html").read_bytes() == b"old"  # all of a document or none
    assert not [p for p in out.rglob("*") if p.name.endswith(".cppcc-tmp")]
    assert sum(1 for p in out.rglob("*.html")) == 9  # the other documents were written
