"""Our own pool's results on the wire (execute_wire, workers.Packed): what the parent rebuilds
is the worker's ``JobResult``, field for field."""

from __future__ import annotations

from pathlib import Path

from cppcc_convert import Options
from cppcc_convert.errors import ErrorKind
from cppcc_convert.execute_wire import pack, run_packed, unpack
from cppcc_convert.model import Diagnostic
from cppcc_convert.pipeline import Job, JobResult, run_job
from cppcc_convert.workers import Packed, Pool

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
