"""Table cells that repeat share one object (issue 19: the model of one huge table).

A plain cell (one ``Text``) is about 180 bytes of model: its tuple (48), the ``Text`` (40) and
the string (50-90 for a few characters). Tables repeat cells (a unit, a status, a small
number, an empty-looking dash), and equal cells are interchangeable: nodes are frozen and
compared by value, so only ``is`` can tell a shared cell from its own copy. The block reader
(``BlockReader.table``) passes each cell through a pool as it is read, so a repeat is dropped
at once and costs the 8 bytes of its slot in the row (sharing after the table was built
saved no RSS: the dropped copies were scattered through the allocator's pools).
"""

from __future__ import annotations

from ..model import Inlines, Text

SHARED_CELLS = 4096  # distinct cells a table's pool holds (later new ones are not pooled)


class CellPool:
    """One table's plain cells, the first of each text."""

    __slots__ = ("seen",)

    def __init__(self) -> None:
        self.seen: dict[str, Inlines] = {}

    def share(self, cell: Inlines) -> Inlines:
        """``cell``, or the equal plain cell read before it."""
        if len(cell) != 1 or type(cell[0]) is not Text:
            return cell
        text = cell[0].text
        first = self.seen.get(text)
        if first is not None:
            return first
        if len(self.seen) < SHARED_CELLS:
            self.seen[text] = cell
        return cell
