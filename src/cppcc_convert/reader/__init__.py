"""Reading: decoded text -> metadata and blocks (``ReadResult``), for the repairs to take.

``read_markdown`` reads Markdown (raw HTML included, see ``reader.html``) with YAML front
matter; ``read_text`` reads plain text (a ``.txt`` file: no markup at all). Front matter
(title, subtitle, author(s), date, lang, source) wins over anything inferred; a leading ``#``
heading becomes the title (``reader.title``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..errors import InputError
from ..locale import normalize_tag
from ..model import Block, Diagnostic, Meta
from ..options import Options
from ..source_lines import SourceLines
from .frontmatter import as_text, meta_from, parse_front_matter
from .markdown import BlockReader
from .md_pieces import PIECE
from .md_tokens import WINDOW, token_windows
from .title import promote_title


@dataclass
class ReadResult:
    """What the reader hands to the repairs: metadata, blocks and where they came from."""

    meta: Meta
    blocks: tuple[Block, ...]
    lines: Sequence[str]  # the source lines (1-based line n is lines[n - 1])
    diagnostics: list[Diagnostic] = field(default_factory=list)
    title_from_front_matter: bool = False
    title_line: int = 0  # where the title stands in the source (0: nowhere)
    lang_declared: bool = False  # the front matter gave a valid ``lang``


def read_markdown(
    text: str,
    options: Options,
    file: str | None = None,
    window: int = WINDOW,
    piece: int = PIECE,
) -> ReadResult:
    """Parse Markdown ``text`` (already decoded, line ends normalised) into blocks + meta,
    ``window`` characters of tokens at a time (``md_tokens.token_windows``), a paragraph of
    more than twice ``piece`` characters a piece at a time (``md_pieces``)."""
    lines = SourceLines(text)
    windows = token_windows(text, options, window, piece)
    reader = BlockReader((), lines, options, file, windows)
    try:
        blocks = tuple(reader.blocks())
    except RecursionError:
        raise InputError("document nested too deeply", file=file) from None
    meta, declared = Meta(), False
    if reader.front_matter is not None:
        line = reader.front_matter_line
        fm = parse_front_matter(reader.front_matter, line, file)
        meta = meta_from(fm, line, lambda code, msg, at: reader.warn(code, msg, at))
        declared = normalize_tag(as_text(fm.get("lang")).strip()) is not None
    from_fm = bool(meta.title)
    title = promote_title(blocks, meta, reader.subtitles, from_fm, reader.mapper.centred)
    return ReadResult(
        title.meta, title.blocks, lines, reader.diagnostics, from_fm, title.line, declared
    )


def read_text(text: str, options: Options, file: str | None = None) -> ReadResult:
    """Read plain text: paragraphs only (``structure`` finds titles and headings later)."""
    from .plaintext import read_blocks

    blocks = tuple(read_blocks(text.split("\n")))
    return ReadResult(Meta(), blocks, SourceLines(text), [], False, 0)


__all__ = ["ReadResult", "read_markdown", "read_text"]
