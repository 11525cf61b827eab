"""Reproducible ZIP containers (DOCX and EPUB are both ZIP files).

python-docx and ebooklib would stamp entries with the current time; the writers take the
entries those libraries lay out and write the archive here, once, with fixed times, fixed
permissions and a fixed order, so two runs are byte-identical. Entry times are
clamped to what a ZIP can hold (1980-2107, ``dates.zip_stamp``); the formats' own date fields
keep the true date.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from datetime import datetime

from .dates import zip_stamp
from .spool import Spool

Content = bytes | Sequence[bytes] | Spool  # an entry's bytes, or its pieces in order


def pack_zip(
    entries: Sequence[tuple[str, Content]],
    when: datetime,
    *,
    first: tuple[str, ...] = (),
    stored: frozenset[str] = frozenset(),
) -> bytes:
    """A ZIP of ``entries`` (name, content), every entry dated ``when``; ``first`` entries
    lead, in order, the rest keep their order (a name given twice: its last content, in its
    first place, as a reader of an archive holding both would read it);
    ``stored`` entries are not compressed (EPUB's mimetype). An entry given as pieces is
    deflated as they come, never joined: the same bytes (deflate's output does not depend on
    how its input is cut, and zlib's default level is the 6 used for whole entries)."""
    stamp = zip_stamp(when)  # a ZIP holds 1980-2107 only
    contents: dict[str, Content] = {}
    for name, data in entries:
        contents[name] = data
    lead = [n for n in first if n in contents]
    chosen = set(lead)
    names = lead + [n for n in contents if n not in chosen]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            data = contents[name]
            if isinstance(data, bytes):
                level = 6 if name not in stored else None
                dst.writestr(info, data, compresslevel=level)
                continue
            if isinstance(data, Spool):
                info.file_size, pieces = data.size, data.chunks()
            else:
                info.file_size, pieces = sum(len(piece) for piece in data), iter(data)
            with dst.open(info, "w") as stream:
                for piece in pieces:
                    stream.write(piece)
    return out.getvalue()
