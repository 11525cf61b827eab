"""The canvas the PDF writer draws on: reportlab's, with our creation date and each page's
content stream compressed as the page closes.

**Date.** The creation and modification dates are ``dates.build_time`` (not reportlab's
2000-01-01 of invariant mode), and the trailer /ID is seeded with it.

**Memory.** reportlab's ``showPage`` keeps the page's content as one uncompressed string
(``PDFPage.stream``) until ``save``, where ``PDFPage.check_format`` wraps it in a
``PDFStream`` that compresses it as the file is written: ~8-13 KB per page, the bulk of what
the writer held at the end of a document of many short blocks (about 0.9 GB of a 50 MiB
input). ``_close_page`` does the same work when the page closes: a ``PDFStream`` with the
filters already applied (the ``Filter`` entry set, which tells ``PDFStream.format`` to apply
none) set as the page's ``Contents``, so only the compressed bytes (~0.5-1 KB) stay; the
dictionary naming the filters is one for every page, and the page's own attribute dictionary
is compacted. The bytes written are the same: the same filter objects encode the same text in
the same order, the dictionary gets ``Filter`` then ``Length`` as before, and ``Contents``
becomes a reference when the page is formatted, as before, so the object numbers do not move
(reportlab 4.0.4 to 5.x: the code of ``showPage``, ``PDFPage`` and ``PDFStream`` is the same).
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from reportlab import rl_config
from reportlab.lib.utils import TimeStamp
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas


def canvas_maker(stamp: datetime) -> Any:
    """A Canvas class whose creation/modification date is ``stamp`` and whose pages hold
    their content compressed."""
    ts = TimeStamp(invariant=1)
    ts.t = stamp.timestamp()
    ts.lt = stamp.timetuple()
    ts.YMDhms = tuple(stamp.timetuple())[:6]
    ts.dhh = ts.dmm = 0

    class StampedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            doc = self._doc  # type: ignore[attr-defined]  # no public setter
            doc._timeStamp = ts
            # The trailer /ID is a digest seeded with the time stamp reportlab took from
            # the process's SOURCE_DATE_EPOCH: seed it again with ours, as reportlab does, so
            # a worker with another environment writes the same bytes.
            doc.signature = hashlib.md5(b"a reportlab document", usedforsecurity=False)
            doc.signature.update(ascii(ts.t).encode("ascii"))
            self._cppcc_filters = _page_filters()

        def showPage(self) -> None:  # reportlab's name
            super().showPage()
            pages = self._doc.Pages.pages  # type: ignore[attr-defined]
            if pages:
                _close_page(pages[-1], self._cppcc_filters)

    return StampedCanvas


def _page_filters() -> tuple[list[Any], Any]:
    """The filters of the page streams (as check_format chooses them) and the dictionary
    naming them, one for every page (``PDFStream.format`` copies it before adding /Length)."""
    filters: list[Any] = [pdfdoc.PDFZCompress]
    if rl_config.useA85:
        filters.insert(0, pdfdoc.PDFBase85Encode)
    names = pdfdoc.PDFArray([pdfdoc.PDFName(f.pdfname) for f in filters])
    return filters, pdfdoc.PDFDictionary({"Filter": names})


def _close_page(page: Any, filters: tuple[list[Any], Any]) -> None:
    """Replace the finished page's uncompressed ``stream`` by the ``Contents`` stream that
    ``PDFPage.check_format`` would make of it at save, already encoded."""
    stream = page.stream
    if not stream or not page.compression or page.Contents or page.Override_default_compilation:
        return  # left to check_format (an empty page gets its test stream, an uncompressed
        # one the document's default filters)
    content = stream
    for f in reversed(filters[0]):  # as PDFStream.format applies them
        content = f.encode(content)
    contents = pdfdoc.PDFStream(filters[1], content, filters[0])
    contents.__Comment__ = "page stream"  # type: ignore[attr-defined]  # as check_format
    page.Contents = contents
    page.stream = None
    # The page's attributes were set one by one (about 30): a copy of its dictionary is
    # half the size of the one grown by those insertions (~1.6 KB).
    page.__dict__ = dict(page.__dict__)
