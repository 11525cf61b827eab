"""The flowables handed to reportlab a few at a time (memory at the input limit).

``BaseDocTemplate.build`` takes a list and consumes it from the front (``del flowables[0]``
per flowable). Made whole, the list of a document of 3 million tiny paragraphs held ~1.9 KB
per paragraph before the first page was set, and every ``del`` moved the rest of the list.
``Feed`` is that list holding only the next flowables: ``len()``, which the build loop asks
before each flowable, first tops it up from the story's iterator.

It gives the same layout as the whole list because reportlab looks ahead only through a
chain of ``keepWithNext`` flowables and the one after it (``handle_keepWithNext``), and a
top-up never stops inside such a chain: it ends on a flowable without ``keepWithNext`` or at
the end of the story. Everything else reportlab does to the list (``del [0]``, ``[:i]``,
``insert(0, …)``, ``[0:0] = …``) works at its front.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from .pdf_flow import Flow

LOW = 64  # flowables kept ahead of the one being set
BATCH = 256
_END = object()


class Feed(list[Flow]):
    """A list of flowables filled from ``source`` as reportlab consumes it."""

    def __init__(self, source: Iterable[Flow]) -> None:
        super().__init__()
        self._source: Iterator[Flow] | None = iter(source)
        self._top_up()

    def _top_up(self) -> None:
        source = self._source
        if source is None or list.__len__(self) >= LOW:
            return
        want = list.__len__(self) + BATCH
        while list.__len__(self) < want or (self and _keeps(self[-1])):
            item = next(source, _END)
            if item is _END:
                self._source = None
                return
            self.append(item)

    def __len__(self) -> int:
        self._top_up()
        return list.__len__(self)

    def __bool__(self) -> bool:
        return len(self) > 0


def _keeps(flowable: Flow) -> bool:
    return bool(flowable.getKeepWithNext())
