"""The Markdown source as markdown-it tokens, a window of about ``WINDOW`` characters at a
time, so that a long document never holds every token at once (issue 19: markdown-it's tokens
take ~100 times the text). A window ends at a blank line; its last top-level block is parsed
again at the start of the next window, so a block cut by the window's end is always read
whole. Reference definitions are document-wide: a first pass collects them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import partial
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from ..options import Options
from .md_pieces import PIECE
from .md_plain import drop_absent_rules, inline_rule
from .md_table_windows import shift, table_windows

_DASHES = re.compile(r"-*")


def markdown_parser(
    options: Options, *, front_matter: bool = True, inline: bool = True, piece: int = PIECE
) -> MarkdownIt:
    """markdown-it configured as we read Markdown (``front_matter=False``: for a window that
    does not start the document; ``inline=False``: block structure only; ``piece``: a longer
    paragraph's inlines are parsed later in pieces, md_pieces.py)."""
    # markdown-it silently drops everything below maxNesting token levels; a list level takes
    # two (list, item), so leave room for our own depth check to fail loudly first.
    nesting = 2 * options.max_nesting + 10
    md = MarkdownIt("commonmark", {"html": True, "maxNesting": nesting})
    md.enable(["table", "strikethrough"])
    if front_matter:
        md.use(front_matter_plugin)
    if not inline:
        md.core.ruler.disable("inline")
    else:  # the same tokens, plain text made without the inline parser (md_plain.py)
        md.core.ruler.at("inline", partial(inline_rule, piece=piece))
    # Every link reaches the model: the link policy (links.classify) decides once, for every
    # format, what is live, and warns about what prints as text. markdown-it's own filter
    # would turn [x](file:///etc/passwd) into its source text without a word.
    setattr(md, "validateLink", _any_link)  # noqa: B010 (a method, as markdown-it calls it)
    return md


def _any_link(url: str) -> bool:
    return True


# ---------------------------------------------------------------- windows

WINDOW = 1 << 16  # characters of Markdown parsed at a time (tokens take ~100x the text)
LONG = 4  # a run of more than LONG windows without a blank line may be a table to window


def token_windows(
    text: str, options: Options, window: int = WINDOW, piece: int = PIECE
) -> Iterator[list[Token]]:
    """markdown-it's tokens for ``text``, a window at a time, the same as one parse of the
    whole text would give (line maps included), so their memory stays bounded.

    A window ends at a blank line at least ``window`` characters on. Its last top-level
    block may run on past the window (a list, a fence, an HTML block, a paragraph), so it is
    dropped and the next window starts with it; every earlier block was decided by lines
    inside the window (rules look ahead only up to a blank line, or to the end of a fence
    or HTML block, which then is the last block). A window with one top-level block grows
    until it has two or reaches the end. Link reference definitions belong to the whole
    document: when the text may hold one, a first pass over the same windows, block rules
    only, collects them, and every window's inlines see them all (first definition wins,
    as in one parse). A long top-level table is read a window of rows at a time
    (md_table_windows.py). Front matter is only read at the start: the first window reaches past
    its closing line, and later windows are parsed without the front-matter rule."""
    if "\r" in text:  # markdown-it's own line ends, so that windows count lines as it does
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    env: dict[str, Any] = {}
    if "]:" in text:  # a reference definition needs "]:"
        blocks_only = (
            markdown_parser(options, inline=False),
            markdown_parser(options, front_matter=False, inline=False),
        )
        for md in blocks_only:
            drop_absent_rules(md, text)
        for tokens in _windows(text, blocks_only, env, window):
            del tokens
    parsers = (
        markdown_parser(options, piece=piece),
        markdown_parser(options, front_matter=False, piece=piece),
    )
    for md in parsers:  # rules that can match nowhere in the text: not tried at every block
        drop_absent_rules(md, text)
    yield from _windows(text, parsers, env, window)


def _windows(
    text: str, parsers: tuple[MarkdownIt, MarkdownIt], env: dict[str, Any], window: int
) -> Iterator[list[Token]]:
    start, line, size = 0, 0, window
    front_end = _front_matter_end(text)
    while start < len(text):
        target = max(start + size, front_end if start == 0 else 0)
        cut = text.find("\n\n", target) if target < len(text) else -1
        if (len(text) if cut < 0 else cut) - start > LONG * window and "|" in text[start:cut]:
            head = max(window, target - start if start == 0 else 0)
            ended = yield from table_windows(text, start, line, parsers, env, head)
            if ended is not None:  # a long table, a window of its rows at a time
                (start, line), size = ended, window
                continue
        src = text[start:] if cut < 0 else text[start : cut + 2]
        tokens = parsers[0 if start == 0 else 1].parse(src, env)
        if cut < 0:  # the last window: all of it
            shift(tokens, line)
            yield tokens
            return
        keep = _last_top_block(tokens)
        if keep == 0:
            size *= 2  # one block (or none) in the window: grow it
            continue
        rest = tokens[keep].map[0]  # type: ignore[index]
        del tokens[keep:]
        shift(tokens, line)
        yield tokens
        del tokens
        # the next window starts at line ``rest`` of this one: count lines back from its end
        back, pos = src.count("\n") - rest, len(src) - 1
        for _ in range(back):
            pos = src.rindex("\n", 0, pos)
        start, line, size = start + pos + 1, line + rest, window


def _last_top_block(tokens: list[Token]) -> int:
    """The index of the token that opens the last top-level block (0: only one, or none)."""
    for i in range(len(tokens) - 1, 0, -1):
        if tokens[i].level == 0 and tokens[i].nesting >= 0:
            return i
    return 0


def _front_matter_end(text: str) -> int:
    """Where the front matter's closing line ends (as mdit_py_plugins' rule finds it: a line
    of at least as many dashes, indented less than 4, or ``...`` at the margin), or 0."""
    dashes = _DASHES.match(text).end()  # type: ignore[union-attr]
    if dashes < 3:
        return 0
    first = text.find("\n")
    if first < 0:
        return 0
    closer = re.compile(rf"^(?:\.\.\.|[ ]{{0,3}}-{{{dashes},}})[ \t]*$", re.M)
    match = closer.search(text, first + 1)
    return 0 if match is None else match.end() + 1
