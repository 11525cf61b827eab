"""The output spool: bytes written in pieces come back the same, and a large output is held
deflated, a block at a time (the oracle here is the joined pieces and zlib itself)."""

from __future__ import annotations

import os
import pickle
import random
import zlib

import pytest

from cppcc_convert import spool
from cppcc_convert.spool import Spool, output_bytes, output_chunks


def _pieces(total: int, seed: int, *, noise: bool = False) -> list[bytes]:
    rng = random.Random(seed)
    out: list[bytes] = []
    size = 0
    while size < total:
        n = rng.choice((0, 1, 7, 300, 5000, 70000))
        piece = os.urandom(n) if noise else (b'{"cell": "%d"},\n' % rng.randrange(100)) * (n // 15)
        out.append(piece)
        size += len(piece)
    return out


@pytest.mark.parametrize("total", [0, 1, 1000, 3 << 20, 12 << 20])
def test_small_limits_round_trip(total: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """With the limits made small, every size crosses them: the bytes come back in order, as
    chunks and joined, and the size is the count of bytes written."""
    monkeypatch.setattr(spool, "RAW_LIMIT", 1 << 20)
    monkeypatch.setattr(spool, "BLOCK", 256 << 10)
    pieces = _pieces(total, total)
    whole = b"".join(pieces)
    out = Spool()
    for piece in pieces:
        assert out.write(piece) == len(piece)
    assert len(out) == out.size == len(whole)
    assert b"".join(out.chunks()) == whole
    assert out.getvalue() == whole
    assert b"".join(output_chunks(out)) == output_bytes(out) == whole
    raw = sum(len(d) for deflated, d in out.blocks if not deflated)
    assert raw <= (1 << 20) + (256 << 10) + 75000  # the limit, at most a block past it
    if total > 2 << 20:
        deflated = [d for was, d in out.blocks if was]
        assert deflated, "past the limit, blocks are deflated"
        assert sum(len(d) for d in deflated) < (total - raw) / 5  # repetitive text shrinks
        for block in deflated:
            assert len(zlib.decompress(block)) <= (256 << 10) + 75000


def test_what_does_not_shrink_is_kept_as_it_is(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spool, "RAW_LIMIT", 0)
    monkeypatch.setattr(spool, "BLOCK", 64 << 10)
    pieces = _pieces(1 << 20, 3, noise=True)
    out = Spool()
    out.writelines(pieces)
    assert not any(deflated for deflated, _ in out.blocks)
    assert out.getvalue() == b"".join(pieces)


def test_default_limits_keep_an_ordinary_output_raw() -> None:
    """Below RAW_LIMIT (32 MiB) nothing is deflated: one raw block, handed back uncopied."""
    out = Spool()
    data = b"x" * (5 << 20)
    out.write(data[: 1 << 20])
    out.write(data[1 << 20 :])
    out.write(b"tail")
    out.close()
    assert [d for d, _ in out.blocks] == [False, False]  # 5 MiB settled as a block, the tail
    assert out.getvalue() == data + b"tail"
    single = Spool()
    single.write(data)
    assert single.getvalue() is single.blocks[0][1]


def test_a_spool_pickles(monkeypatch: pytest.MonkeyPatch) -> None:
    """A cluster's executor pickles what a job returns."""
    monkeypatch.setattr(spool, "RAW_LIMIT", 1 << 16)
    monkeypatch.setattr(spool, "BLOCK", 1 << 14)
    pieces = _pieces(1 << 20, 9)
    out = Spool()
    out.writelines(pieces)
    out.close()
    back = pickle.loads(pickle.dumps(out))
    assert back.getvalue() == b"".join(pieces)
    assert len(back) == len(out)


def test_bytes_are_outputs_too() -> None:
    assert list(output_chunks(b"abc")) == [b"abc"]
    assert output_bytes(b"abc") == b"abc"
