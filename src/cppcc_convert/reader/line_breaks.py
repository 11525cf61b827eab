"""Lines of a Markdown paragraph that stand apart by nature, kept apart.

A soft break between two Chinese characters vanishes (the lines of hard-wrapped prose run
on), which glues lines that were never one sentence. As Taiwan's law database prints a
statute:

- an article number alone on its line, its text on the next (``第 1 條`` /
  ``中華民國基於三民主義……``): that break becomes an ideographic space, as statutes are
  printed (``第 1 條　中華民國…``);
- an article's items, each a line opening with a numeral and an ideographic space (or
  one or two ASCII spaces: ``一　每縣市選出代表一人。``): the break before each becomes a
  line break;
- a block of labelled lines, each ``label：value`` (``法規名稱：中華民國憲法`` /
  ``法規類別：憲法`` / ``修正日期：19470101``): every break becomes a line break.

A note for each paragraph; nothing else changes. The decision is taken on the paragraph's
source, so a huge paragraph parsed a piece at a time (md_pieces.py) gets the same breaks as
one parse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it.token import Token

from ..markers import ARTICLE_LINE, is_labelled_item

_BREAKS = ("softbreak", "hardbreak")
_ITEM = re.compile("^[〇零一二三四五六七八九十百]+(?:\u3000| {1,2})\\S")  # 一　… or 一  …
_INLINE_MARKUP = frozenset("`<")  # a code span or HTML may hold a newline with no break


@dataclass
class KeptBreaks:
    """The line ends of one paragraph to keep, by their place among its breaks (0: the
    first line's end): ``"space"`` (U+3000) or ``"line"`` (a line break); ``note`` says why."""

    keep: dict[int, str]
    note: str
    _seen: int = field(default=0)

    def apply(self, toks: list[Token]) -> None:
        """Turn the kept soft breaks among ``toks`` (the paragraph's inline tokens, or one
        piece of them, pieces in order) into what they become."""
        for tok in toks:
            if tok.type not in _BREAKS:
                continue
            what = self.keep.get(self._seen)
            self._seen += 1
            if tok.type != "softbreak" or what is None:
                continue
            if what == "line":
                tok.type = "hardbreak"
            else:
                tok.type, tok.content = "text", "\u3000"


def kept_breaks(content: str) -> KeptBreaks | None:
    """What to keep apart in the paragraph whose source is ``content``, or None."""
    head, newline, rest = content.partition("\n")
    if not newline:
        return None
    head = head.strip()
    if ARTICLE_LINE.match(head):
        keep = {0: "space"}
        if not _INLINE_MARKUP.intersection(content):  # lines and breaks are one to one
            lines = rest.rstrip("\n").split("\n")
            keep |= {n: "line" for n, line in enumerate(lines[1:], 1) if _ITEM.match(line)}
        items = len(keep) - 1
        what = f", {items} item(s) on lines of their own" if items else ""
        return KeptBreaks(keep, f"the article number {head!r} set apart by U+3000{what}")
    if not is_labelled_item(head):
        return None
    lines = content.rstrip("\n").split("\n")
    if not all(is_labelled_item(line) for line in lines):
        return None
    note = f"{len(lines)} labelled lines ({head[:12]!r}…) kept on lines of their own"
    return KeptBreaks(dict.fromkeys(range(len(lines) - 1), "line"), note)
