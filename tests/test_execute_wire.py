"""Our own pool's results on the wire (execute_wire, workers.Packed): what the parent rebuilds
is the worker's ``JobResult``, field for field."""

from __future__ import annotations

from pathlib import Path

import pytest

from cppcc_convert import Options
from cppcc_convert.errors import ErrorKind
from cppcc_convert.execute_wire import Part, merge, pack, run_packed, unpack
from cppcc_convert.model import Diagnostic
from cppcc_convert.pipeline import Job, JobResult, run_job
from cppcc_convert.workers import Packed, Pool, WorkerDied

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "fuyang-cppcc.md"
FORMATS = ["html", "docx"]
EDITIONS = ["zh-Hans", "zh-HK"]


def test_a_converted_document_comes_back_the_same() -> None:
    job = Job("fuyang-cppcc.md", SAMPLE.read_bytes())
    result = run_job(job, FORMATS, EDITIONS, Options())
    assert result.outputs and result.diagnostics  # something to carry both ways
    back = unpack(pack(result))
    assert back == result
    assert [type(d) for d in back.diagnostics] == [Diagnostic] * len(result.diagnostics)
    assert unpack(run_packed(job, FORMATS, EDITIONS, Options())) == result


def test_every_field_of_a_failure_and_a_diagnostic_comes_back() -> None:
    diagnostic = Diagnostic("warning", "some-code", "a message", line=7, file="a.md")
    result = JobResult(
        "a.md", [], [diagnostic], error="a.md: broken", kind=ErrorKind.INPUT, traceback="tb"
    )
    assert unpack(pack(result)) == result


def _packed(size: int) -> Packed:
    return Packed(("meta", size), [bytes([size % 251]) * size, b"", b"tail"])


def test_packed_results_cross_the_pool_whole_and_in_order() -> None:
    sizes = [0, 1, 300_000, 5, 2_000_000, 70_000]  # past the pipe's buffer too
    pool: Pool[int, Packed] = Pool(_packed, 2)
    got = list(pool.map(iter(sizes)))
    assert got == [_packed(n) for n in sizes]


def test_a_parallel_batch_leaves_the_callers_collector_as_it_found_it(tmp_path: Path) -> None:
    import gc

    import cppcc_convert

    for i in range(3):
        (tmp_path / f"d{i}.md").write_bytes(SAMPLE.read_bytes())
    gc.unfreeze()  # whatever ran before in this process (dask freezes, for one)
    result = cppcc_convert.convert(tmp_path, outdir=tmp_path / "out", formats="html", jobs=2)
    assert result.ok and len(result.outputs) == 3
    assert gc.get_freeze_count() == 0  # the pool froze the warm-up's objects, then thawed
    gc.freeze()  # a caller that froze before: what it froze stays frozen
    try:
        cppcc_convert.convert(tmp_path, outdir=tmp_path / "out2", formats="html", jobs=2)
        assert gc.get_freeze_count() > 0  # not thawed (objects freed meanwhile may leave it)
    finally:
        gc.unfreeze()


CORPUS = Path(__file__).resolve().parent / "corpus"
ALL_EDITIONS = ("zh-Hans", "zh-Hant", "zh-TW", "zh-HK")
# diagnostics of every kind: repairs, links, HTML, images that are not there, headings
DOCUMENTS = [
    SAMPLE,
    CORPUS / "readme-html" / "chatglm-6b.README.md",
    CORPUS / "readme-html" / "ant-design.zh-CN.md",
    CORPUS / "official" / "wage-payment-notice-1994.md",
    CORPUS / "novel" / "sanguo-yanyi-original.gb18030.txt",
]


# the zh-TW and zh-HK editions warn of quotes that do not pair, each in its own words; the link
# and the image are the writers' warnings, the same in every edition
UNPAIRED = "# 标题\n\n他说：“没有结尾。\n\n见[这里](#nowhere)和![图](missing.png)。\n\n“又一处。\n"


@pytest.mark.parametrize(
    ("name", "data"),
    [*((p.name, p.read_bytes()[:200_000]) for p in DOCUMENTS), ("unpaired.md", UNPAIRED.encode())],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_a_document_in_parts_merges_to_the_whole(name: str, data: bytes) -> None:
    """The last documents of a batch go out one part an edition (``Part``): merged, the
    parts are what one job over every edition gives, outputs and diagnostics in order."""
    job = Job(name, data)
    whole = run_job(job, ["html", "epub"], ALL_EDITIONS, Options())
    assert whole.error is None and len({d.code for d in whole.diagnostics}) > 1
    parts = [
        unpack(run_packed(Part(job, (e,)), ["html", "epub"], (), Options())) for e in ALL_EDITIONS
    ]
    assert merge(parts) == whole


def test_the_editions_own_diagnostics_are_merged_in_edition_order() -> None:
    job = Job("unpaired.md", UNPAIRED.encode())
    merged = merge([run_job(job, ["html", "docx"], (e,), Options()) for e in ALL_EDITIONS])
    quotes = [d.message for d in merged.diagnostics if d.code == "quotes-unbalanced"]
    assert [m.split(" edition")[0].rsplit(" ", 1)[1] for m in quotes] == ["zh-TW", "zh-HK"]
    assert merged == run_job(job, ["html", "docx"], ALL_EDITIONS, Options())


def test_a_document_that_fails_fails_the_same_in_parts() -> None:
    job = Job("empty.md", b"  \n\n")
    whole = run_job(job, ["html"], ALL_EDITIONS, Options())
    assert whole.error is not None
    parts = [run_job(job, ["html"], (e,), Options()) for e in ALL_EDITIONS]
    assert merge(parts) == whole
    died = WorkerDied("the worker process died twice (exit code -9)")
    ok = run_job(Job("a.md", SAMPLE.read_bytes()), ["html"], ("zh-Hans",), Options())
    assert merge([ok, died, parts[2]]) is died  # the first part that failed, as run_job stops


def test_a_parallel_batch_in_several_editions_is_the_serial_one(tmp_path: Path) -> None:
    """Its last documents split by edition (execute.PoolRunner), the batch writes the same
    files and reports the same outputs and diagnostics, document by document."""
    import cppcc_convert

    for i, path in enumerate(DOCUMENTS[:4]):
        (tmp_path / f"d{i}.md").write_bytes(path.read_bytes())
    results = {}
    for jobs in (1, 2):
        results[jobs] = cppcc_convert.convert(
            tmp_path, outdir=tmp_path / f"out{jobs}", formats="html,docx", editions="all", jobs=jobs
        )
    one, two = results[1], results[2]
    assert one.ok and two.ok and len(one.outputs) == 4 * 2 * 4
    assert [d for r in one.inputs for d in r.diagnostics] == [
        d for r in two.inputs for d in r.diagnostics
    ]
    assert [(o.path.name, o.sha256) for o in one.outputs] == [
        (o.path.name, o.sha256) for o in two.outputs
    ]
