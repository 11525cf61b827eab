"""A huge paragraph's inlines, parsed a piece at a time (issue 19: markdown-it holds one
paragraph's inline tokens at once, ~2.4 KB per emphasis node, and the token windows cannot
cut inside a paragraph).

``inline_rule`` (md_plain.py) leaves a paragraph whose content is longer than twice the piece
size unparsed, with a ``Pieces`` in its ``meta``; the block reader then reads it piece by
piece (``BlockReader.inline_run``) and joins the pieces' inlines (``merge_text``).

Where a piece may end (``_cut`` and ``_open_at``), so that the pieces give the tokens one
parse gives, up to text tokens cut in two (which ``merge_text`` joins again):

- between two *plain* characters (an ASCII letter or digit, or any non-ASCII character that
  is not a space): no inline rule starts or ends at either, no break or escape is cut, and
  the flanking of a delimiter run (``*_~``) looks only at the characters next to it, which
  stay in its piece;
- and only when the piece, parsed alone, leaves no literal ``*_~[]()<&\\`!`` in any text
  token (images' alt text included) and has no inline HTML. Every construct that would
  reach past the end of the piece (an emphasis or strikethrough opener waiting for its
  closer, a ``[`` waiting for ``]``, a link's ``(`` for ``)``, a backtick run for its
  closer, an autolink, HTML or entity for its end) fails when the piece is parsed alone and
  leaves its opening character as text. When none is left, every delimiter of the piece
  was matched inside it (closers only look back, so later pieces cannot match them), and
  every construct that succeeded ended inside it, as it does in one parse (they scan
  forward to their first closing mark). Inline HTML is refused because the block reader's
  HTML frames (``<span>`` … ``</span>``) run across tokens.

A candidate end that fails the test because only the piece's last text holds such a
character (the end fell inside an emphasis, say) is moved past the next one, up to
``RETRIES`` times; otherwise the piece is made twice as long (the paragraph's work stays
linear); the last piece runs to the end. Escaped or entity-made ``*`` and the like
also refuse a cut: safe, only less often cut.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, MutableMapping
from dataclasses import dataclass
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core.state_core import StateCore
from markdown_it.token import Token

PIECE = 1 << 15  # characters of a paragraph parsed at a time (pieced when twice as long)
RETRIES = 4  # ends moved past the next delimiter before a piece is made twice as long

_CUT = re.compile(r"(?<=[0-9A-Za-z]|[^\x00-\x7f\s])(?=[0-9A-Za-z]|[^\x00-\x7f\s])")
_RISKY = re.compile(r"[*_~\[\]()<&\\`!]")


@dataclass(eq=False)
class Pieces:
    """Parses a paragraph's content into inline tokens, a piece at a time."""

    md: MarkdownIt
    env: MutableMapping[str, Any]
    size: int
    after: list[Callable[[StateCore], None]]  # the core rules after "inline" (text_join)

    def __call__(self, content: str) -> Iterator[list[Token]]:
        start, size, end, tries, lead = 0, self.size, len(content), 0, 0
        cut = _cut(content, size)
        while start < end:
            tokens = self.parse(content[start:cut])
            if cut < end:
                open_at = _open_at(tokens)
                if open_at == len(tokens) - 1 and tries < RETRIES:
                    # only the last text waits: the end fell inside a span, end after it
                    tries += 1
                    match = _RISKY.search(content, cut)
                    cut = _cut(content, end if match is None else match.end())
                    continue
                if open_at >= 0:
                    size *= 2
                    cut, tries = _cut(content, start + size), 0
                    continue
            yield tokens
            # a regular text (the same spans over and over) ends well where the last did
            lead = cut - start - size if cut - start - size < self.size // 2 else 0
            start, size, tries = cut, self.size, 0
            cut = _cut(content, start + size + lead)

    def parse(self, src: str) -> list[Token]:
        """The inline tokens of ``src``, as markdown-it's inline and later core rules give."""
        inline = Token("inline", "", 0, content=src, children=[])
        self.md.inline.parse(src, self.md, self.env, inline.children)  # type: ignore[arg-type]
        state = StateCore(src, self.md, self.env, [inline])
        for rule in self.after:
            rule(state)
        return inline.children or []


def _cut(content: str, target: int) -> int:
    """The first place at or after ``target`` between two plain characters (or the end)."""
    if target >= len(content):
        return len(content)
    match = _CUT.search(content, target)
    return len(content) if match is None else match.start()


def _open_at(tokens: list[Token]) -> int:
    """The index of the first token that waits for a later piece (see the module's
    docstring), or -1."""
    for i, tok in enumerate(tokens):
        if tok.type == "html_inline":
            return i
        if tok.type == "text" and _RISKY.search(tok.content):
            return i
        if tok.children and _open_at(tok.children) >= 0:
            return i
    return -1
