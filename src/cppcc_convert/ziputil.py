"""Reproducible ZIP containers (DOCX and EPUB are both ZIP files).

python-docx and ebooklib stamp entries with the current time; rewriting the archive with fixed
times, fixed permissions and a fixed order makes two runs byte-identical. Entry times are
clamped to what a ZIP can hold (1980-2107, ``dates.zip_stamp``); the formats' own date fields
keep the true date.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

from .dates import zip_stamp


def rewrite_zip(
    data: bytes,
    when: datetime,
    *,
    first: tuple[str, ...] = (),
    stored: frozenset[str] = frozenset(),
) -> bytes:
    """Re-pack ``data`` with every entry dated ``when``; ``first`` entries lead, in order,
    the rest keep their order; ``stored`` entries are not compressed (EPUB's mimetype)."""
    stamp = zip_stamp(when)  # a ZIP holds 1980-2107 only
    src = zipfile.ZipFile(io.BytesIO(data))
    names = [n for n in first if n in src.namelist()]
    names += [n for n in src.namelist() if n not in names]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            dst.writestr(info, src.read(name), compresslevel=6 if name not in stored else None)
    return out.getvalue()
