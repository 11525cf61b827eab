"""Lines of a Markdown paragraph that stand apart by nature, kept apart.

A soft break between two Chinese characters vanishes (the lines of hard-wrapped prose run
on), which glues lines that were never one sentence:

- an article number alone on its line, its text on the next, as Taiwan's law database
  prints a statute (``第 1 條`` / ``中華民國基於三民主義……``): the number ran into the text;
- a block of labelled lines, each ``label：value`` (``法規名稱：中華民國憲法`` /
  ``法規類別：憲法`` / ``修正日期：19470101``): the values ran into the next labels.

Those soft breaks become line breaks, with a note; nothing else changes. The decision is
taken on the paragraph's source, so a huge paragraph parsed a piece at a time
(md_pieces.py) gets the same breaks as one parse.
"""

from __future__ import annotations

from dataclasses import dataclass

from markdown_it.token import Token

from ..markers import ARTICLE_LINE, is_labelled_item

_BREAKS = ("softbreak", "hardbreak")


@dataclass
class KeptBreaks:
    """Which line ends of one paragraph become line breaks: every one (``every``), or only
    the first line's; ``note`` says what was kept apart."""

    every: bool
    note: str
    _first_seen: bool = False

    def apply(self, toks: list[Token]) -> None:
        """Turn the chosen soft breaks among ``toks`` (the paragraph's inline tokens, or one
        piece of them, pieces in order) into hard breaks."""
        for tok in toks:
            if tok.type not in _BREAKS:
                continue
            if self.every:
                tok.type = "hardbreak"
                continue
            if not self._first_seen:
                self._first_seen = True
                tok.type = "hardbreak"
            return


def kept_breaks(content: str) -> KeptBreaks | None:
    """What to keep apart in the paragraph whose source is ``content``, or None."""
    head, newline, _ = content.partition("\n")
    if not newline:
        return None
    head = head.strip()
    if ARTICLE_LINE.match(head):
        return KeptBreaks(False, f"the article number {head!r} kept on its own line")
    if not is_labelled_item(head):
        return None
    lines = content.rstrip("\n").split("\n")
    if not all(is_labelled_item(line) for line in lines):
        return None
    note = f"{len(lines)} labelled lines ({head[:12]!r}…) kept on lines of their own"
    return KeptBreaks(True, note)
