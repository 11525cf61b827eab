"""An output's bytes as a writer makes them, held deflated in memory once they are large.

A writer of a large output (a 50 MB table's JSON is ~3 GB of text, its DOCX body ~2 GB of
XML) writes it here a piece at a time instead of joining it into one ``bytes``. The first
``RAW_LIMIT`` bytes are kept as they are, so the usual document costs nothing more; past
that, every ``BLOCK`` bytes are deflated (zlib level 1: ~10x smaller for these repetitive
texts, at a few ms per MiB) into a block of their own, which ``chunks`` inflates again, one
block at a time, as the file is written. The pipeline stays bytes in, bytes out, with
nothing on disk, so a spool goes through a worker's pipe or a cluster's pickle like bytes.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterable, Iterator

RAW_LIMIT = 32 << 20  # bytes kept as written; past them, blocks are deflated
BLOCK = 4 << 20  # bytes a deflated block holds (inflated one at a time when read)
LEVEL = 1  # zlib's fastest: the spool is a memory saving, not an archive


class Spool:
    """Bytes written in pieces; ``chunks`` gives them back in order, ``getvalue`` whole.

    ``blocks`` hold the bytes in order: ``(True, data)`` deflated, ``(False, data)`` as
    written. ``size`` is the count of bytes written. (A plain class, not a dataclass: the
    API imports it, and a dataclass costs ~0.7 ms to create at every start.)"""

    __slots__ = ("_pending", "_pending_size", "blocks", "size")

    def __init__(self, blocks: list[tuple[bool, bytes]] | None = None, size: int = 0) -> None:
        self.blocks: list[tuple[bool, bytes]] = blocks if blocks is not None else []
        self.size = size
        self._pending: list[bytes] = []
        self._pending_size = 0

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Spool):
            return NotImplemented
        self._settle()
        other._settle()
        return (self.size, self.blocks) == (other.size, other.blocks)

    __hash__ = None  # type: ignore[assignment]  # mutable

    def __repr__(self) -> str:
        return f"Spool({len(self.blocks)} blocks, {self.size} bytes)"

    def write(self, data: bytes) -> int:
        """Add ``data`` after what was written (a ``BinaryIO``'s ``write``)."""
        if data:
            self._pending.append(bytes(data))
            self._pending_size += len(data)
            self.size += len(data)
            if self._pending_size >= BLOCK:
                self._settle()
        return len(data)

    def writelines(self, pieces: Iterable[bytes]) -> None:
        """Add each of ``pieces`` in turn."""
        for piece in pieces:
            self.write(piece)

    def close(self) -> None:
        """Nothing more will be written: what is pending becomes a block."""
        self._settle()

    def _settle(self) -> None:
        if not self._pending:
            return
        data = b"".join(self._pending) if len(self._pending) > 1 else self._pending[0]
        self._pending.clear()
        self._pending_size = 0
        if self.size <= RAW_LIMIT:
            self.blocks.append((False, data))
            return
        packed = zlib.compress(data, LEVEL)
        # deflating what does not shrink (an embedded JPEG, say) would only cost time later
        self.blocks.append((True, packed) if len(packed) < len(data) else (False, data))

    def chunks(self) -> Iterator[bytes]:
        """The bytes in order, a block at a time (each deflated block inflated as it comes)."""
        self._settle()
        for deflated, data in self.blocks:
            yield zlib.decompress(data) if deflated else data

    def getvalue(self) -> bytes:
        """All the bytes, joined (for a caller that wants one ``bytes``)."""
        self._settle()
        if len(self.blocks) == 1 and not self.blocks[0][0]:
            return self.blocks[0][1]
        out = io.BytesIO()  # its value is its buffer: the bytes once, not chunks and a join
        for chunk in self.chunks():
            out.write(chunk)
        return out.getvalue()

    def __len__(self) -> int:
        return self.size


Output = bytes | Spool  # what a writer gives back


def output_chunks(data: Output) -> Iterator[bytes]:
    """An output's bytes in order, whichever form it takes."""
    if isinstance(data, Spool):
        yield from data.chunks()
    else:
        yield data


def output_bytes(data: Output) -> bytes:
    """An output's bytes, joined."""
    return data.getvalue() if isinstance(data, Spool) else data
