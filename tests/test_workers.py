"""Our own process pool (workers.Pool): a worker running a job may have one more, small job
waiting in its pipe (the prefetch), never a large one and never once every job is read; a
worker killed with jobs waiting gives those back untried. Observed through the pool's
``on_send`` probe (the job sent, and how many jobs its worker then has), never through
timing."""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from cppcc_convert.workers import Pool, WorkerDied

linux_only = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the prefetch is on where pipes hold 200 kB"
)
LIMIT = 32 * 1024  # the most pickled bytes of a job that may wait in a worker's pipe


def _length(job: bytes) -> int:
    return len(job)


def _sends(
    pool: Pool[bytes, int], jobs: list[bytes]
) -> tuple[list[int | WorkerDied], list[tuple[int, int]]]:
    sent: list[tuple[int, int]] = []
    pool.on_send = lambda index, queued: sent.append((index, queued))
    return list(pool.map(iter(jobs))), sent


@linux_only
def test_a_worker_is_sent_its_next_small_job_while_it_runs_one() -> None:
    jobs = [bytes(10 + i) for i in range(8)]
    results, sent = _sends(Pool(_length, 1), jobs)
    assert results == [10 + i for i in range(8)]
    assert sorted(index for index, _ in sent) == list(range(8))  # each sent once
    assert max(queued for _, queued in sent) == 2  # one waiting behind the one it runs
    assert sent[:2] == [(0, 1), (1, 2)]  # before the first result came back


def test_with_depth_one_a_worker_gets_a_job_only_when_idle() -> None:
    results, sent = _sends(Pool(_length, 2, depth=1), [bytes(i) for i in range(6)])
    assert results == list(range(6))
    assert {queued for _, queued in sent} == {1}


@linux_only
def test_a_large_job_never_waits_in_a_pipe() -> None:
    """Pickled, a 33,000-byte job is over the limit and a 30,000-byte one under it: only the
    small ones are sent to a busy worker (the large ones wait for an idle one)."""
    sizes = [33_000, 30_000, 33_000, 30_000, 100_000, 10, 33_000, 5, 7]
    results, sent = _sends(Pool(_length, 1), [bytes(n) for n in sizes])
    assert results == sizes
    queued = dict(sent)
    assert [queued[i] for i, n in enumerate(sizes) if n > LIMIT] == [1, 1, 1, 1]
    assert 2 in [queued[i] for i, n in enumerate(sizes) if n < LIMIT]


@linux_only
@pytest.mark.parametrize("count", [3, 4, 12])
def test_no_job_waits_behind_another_once_every_job_is_read(count: int) -> None:
    """One worker: with 3 jobs the end is known before the first is sent (the window holds
    them all), so none waits; with 4 the second waits in the pipe, and the last ones, sent
    after the end was read, do not."""
    events: list[tuple[str, int, int]] = []

    def jobs() -> Iterator[bytes]:
        yield from (bytes(i) for i in range(count))
        events.append(("end", 0, 0))

    pool: Pool[bytes, int] = Pool(_length, 1)
    pool.on_send = lambda index, queued: events.append(("sent", index, queued))
    assert list(pool.map(jobs())) == list(range(count))
    end = events.index(("end", 0, 0))
    before = [q for kind, _, q in events[:end] if kind == "sent"]
    after = [q for kind, _, q in events[end:] if kind == "sent"]
    assert after and set(after) == {1}, events
    assert before == ([] if count == 3 else [1, 2, *before[2:]]), events


def _dying(job: str, log: Path) -> str:
    """Every job run is logged; a ``die`` job then SIGKILLs its worker (an OOM kill)."""
    with log.open("a", encoding="utf-8") as fh:
        fh.write(job + "\n")
    if job.startswith("die"):
        os.kill(os.getpid(), signal.SIGKILL)
    return job.upper()


@linux_only
def test_a_waiting_job_of_a_killed_worker_goes_back_untried(tmp_path: Path) -> None:
    """``die-b`` waits in the pipe of the worker that ``die-a`` kills, twice: each time it goes
    back untried, so it too is run twice (retried once) before it is reported; the small jobs
    after them come through once each."""
    log = tmp_path / "ran"
    jobs = ["die-a", "die-b", "ok-1", "ok-2", "ok-3", "ok-4"]
    pool: Pool[str, str] = Pool(lambda job: _dying(job, log), 1)
    results = list(pool.map(iter(jobs)))
    assert [type(r) for r in results[:2]] == [WorkerDied, WorkerDied]
    assert all("died twice (exit code -9)" in str(r) for r in results[:2])
    assert results[2:] == ["OK-1", "OK-2", "OK-3", "OK-4"]
    ran = log.read_text(encoding="utf-8").split()
    assert {job: ran.count(job) for job in jobs} == {
        "die-a": 2, "die-b": 2, "ok-1": 1, "ok-2": 1, "ok-3": 1, "ok-4": 1,
    }  # fmt: skip


@linux_only
def test_a_killed_worker_costs_only_its_own_job_a_try(tmp_path: Path) -> None:
    """Two workers, one job dying once: every other job runs once, in order."""
    log = tmp_path / "ran"
    marker = tmp_path / "died"

    def once(job: str) -> str:
        if job == "die" and marker.exists():
            return "DIE"
        if job == "die":
            marker.write_text("x", encoding="utf-8")
        return _dying(job, log)

    jobs = ["ok-0", "ok-1", "die", *(f"ok-{i}" for i in range(2, 9))]
    results = list(Pool(once, 2).map(iter(jobs)))
    assert results == [job.upper() for job in jobs]
    ran = log.read_text(encoding="utf-8").split()
    assert sorted(ran) == sorted(jobs)  # the job that died ran (and was logged) once


def test_a_long_run_of_jobs_streams() -> None:
    """Two workers, 40 jobs: when a result comes back, at most 7 jobs are read and not yet
    given back, that one included (3 a worker: the one it runs, one waiting in its pipe, the
    next to send; and one read ahead to see the end), so a batch never holds many documents."""
    read = [0]

    def jobs() -> Iterator[bytes]:
        for i in range(40):
            read[0] += 1
            yield bytes(i)

    held = []
    for given, result in enumerate(Pool(_length, 2).map(jobs())):
        assert result == given
        held.append(read[0] - given)
    assert max(held) <= 7, held
