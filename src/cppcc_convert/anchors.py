"""Link targets inside a document: heading ids and the in-document links that point at them.

Heading ids follow GitHub's rule (github-slugger), so a README's own table of contents works
unchanged: lower-case the text, drop every character that is not a letter, mark, number or
connector punctuation (CJK characters are letters and stay; full-width punctuation goes),
turn spaces into hyphens, and number repeats (``安装``, ``安装-1``). Explicit ``{#id}``
attributes and HTML anchors (``<a name=…>``, ``id=…``) are targets too.

``resolve_links`` runs once after reading: every ``#…`` link is rewritten to the exact id it
resolves to (percent-decoding, case and slug form forgiven), and a link whose target does not
exist is a warning naming it. Writers then trust ``Link.url == "#" + id``. Standard library.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING
from urllib.parse import unquote

from .nodes import Anchor, Block, Diagnostic, Heading, Inline, Inlines, Link, inline_text
from .walk import (
    block_inlines,
    iter_blocks,
    iter_inlines,
    map_block_inlines,
    map_blocks,
    map_inlines,
)

if TYPE_CHECKING:
    from .model import Document

FALLBACK_ID = "section"


def slug(text: str) -> str:
    """GitHub's heading slug of ``text`` (without the de-duplicating suffix)."""
    out: list[str] = []
    for ch in text.lower():
        if ch == " ":
            out.append("-")
        elif ch in "-_" or unicodedata.category(ch)[0] in "LMN" or unicodedata.category(ch) == "Pc":
            out.append(ch)
    return "".join(out)


@dataclass
class Slugger:
    """Hands out unique ids in document order, as github-slugger does."""

    occurrences: dict[str, int] = field(default_factory=dict)

    def take(self, wanted: str) -> str:
        """``wanted`` if free, else ``wanted-1``, ``wanted-2``…"""
        base = wanted or FALLBACK_ID
        result = base
        while result in self.occurrences:
            self.occurrences[base] = self.occurrences.get(base, 0) + 1
            result = f"{base}-{self.occurrences[base]}"
        self.occurrences[result] = 0
        return result


def assign_heading_ids(
    blocks: tuple[Block, ...],
    reserved: Iterable[str] = (),
    warn: Callable[[str, int], None] | None = None,
) -> tuple[Block, ...]:
    """Give every heading a unique id: its explicit one, else the slug of its text.

    ``reserved`` are ids already used by HTML anchors in the text; a heading's explicit id that
    repeats an earlier one is numbered like any other, with a warning."""
    slugger = Slugger()
    for rid in reserved:
        slugger.occurrences.setdefault(rid, 0)

    def heading(block: Block) -> Block:
        if not isinstance(block, Heading):
            return block
        if block.id:
            if block.id in slugger.occurrences and warn is not None:
                warn(f"heading id {block.id!r} is used twice; the second is renumbered", block.line)
            return replace(block, id=slugger.take(block.id))
        return replace(block, id=slugger.take(slug(inline_text(block.inlines).strip())))

    return map_blocks(blocks, heading)


def collect_ids(blocks: tuple[Block, ...], *, headings: bool = True) -> set[str]:
    """Every link target of the document: heading ids and inline anchors (only the anchors
    with ``headings=False``: the ids ``assign_heading_ids`` must keep clear of)."""
    ids: set[str] = set()
    for block in iter_blocks(blocks):
        if headings and isinstance(block, Heading) and block.id:
            ids.add(block.id)
        for inlines in block_inlines(block):
            ids.update(n.id for n in iter_inlines(inlines) if isinstance(n, Anchor))
    return ids


def resolve_target(fragment: str, ids: set[str], by_fold: dict[str, str]) -> str | None:
    """The id a ``#fragment`` link means, or None."""
    for candidate in _candidates(fragment):
        if candidate in ids:
            return candidate
        folded = by_fold.get(candidate.casefold())
        if folded is not None:
            return folded
    return None


def _candidates(fragment: str) -> list[str]:
    decoded = unquote(fragment)
    return list(dict.fromkeys([fragment, decoded, slug(decoded)]))


def resolve_links(
    blocks: tuple[Block, ...], file: str | None = None, ids: set[str] | None = None
) -> tuple[tuple[Block, ...], list[Diagnostic]]:
    """Rewrite ``#…`` links to the exact id they mean; warn about those that mean nothing.

    ``ids`` are ``collect_ids(blocks)`` when the caller has them already (rewriting links
    changes no id, so they hold for the result too)."""
    if ids is None:
        ids = collect_ids(blocks)
    by_fold = {i.casefold(): i for i in sorted(ids)}
    diagnostics: list[Diagnostic] = []

    def on_inlines(inlines: Inlines, line: int) -> Inlines:
        def fix(node: Inline) -> Inline:
            if not isinstance(node, Link) or not node.url.startswith("#"):
                return node
            target = resolve_target(node.url[1:], ids, by_fold)
            if target is None:
                diagnostics.append(
                    Diagnostic(
                        "warning",
                        "link-target",
                        f"link to {unquote(node.url)!r}: no heading or anchor has that id "
                        "(printed as text)",
                        line or None,
                        file,
                    )
                )
                return node
            return replace(node, url="#" + target)

        return map_inlines(inlines, fix)

    return map_block_inlines(blocks, on_inlines), diagnostics


def with_ids(doc: Document) -> Document:
    """``doc`` with every heading given an id (a model built by hand or read from another
    tool's JSON may have none); the document itself when all have one."""
    if all(b.id for b in iter_blocks(doc.blocks) if isinstance(b, Heading)):
        return doc
    reserved = collect_ids(doc.blocks, headings=False)
    return replace(doc, blocks=assign_heading_ids(doc.blocks, reserved))
