"""The model's JSON text (``model_json.dumps``, ``dump_bytes``) written in pieces: a few
hundred blocks, a long paragraph's inlines or a large table's rows at a time, never the
whole document as JSON data or text at once."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any, TypeGuard

from .model_json import (
    block_to_dict,
    diagnostics_to_list,
    inline_to_dict,
    meta_to_dict,
    row_to_dict,
    to_dict,
)
from .nodes import SCHEMA_VERSION, Block, Diagnostic, Meta, Paragraph, Table, inline_text


def dumps(
    meta: Meta,
    blocks: tuple[Block, ...],
    diagnostics: tuple[Diagnostic, ...],
    *,
    indent: int | None = 2,
) -> str:
    """The documented JSON text (stable key order, a final newline)."""
    if indent is not None:
        return "".join(_chunks(meta, blocks, diagnostics, indent))
    data = to_dict(meta, blocks, diagnostics)
    return json.dumps(data, ensure_ascii=False, indent=indent) + "\n"


def dump_bytes(
    meta: Meta, blocks: tuple[Block, ...], diagnostics: tuple[Diagnostic, ...], *, indent: int = 2
) -> bytes:
    """``dumps(...).encode("utf-8")`` without the whole document as JSON data or text at
    once: the blocks are turned into JSON a few hundred at a time and encoded as they come,
    so the peak is the output bytes and one batch (the dict of a whole document of tiny
    paragraphs took ten times its output)."""
    out = io.BytesIO()
    for chunk in _chunks(meta, blocks, diagnostics, indent):
        out.write(chunk.encode("utf-8"))
    return out.getvalue()


_BATCH = 512  # blocks per chunk of text


def _chunks(
    meta: Meta, blocks: tuple[Block, ...], diagnostics: tuple[Diagnostic, ...], indent: int
) -> Iterator[str]:
    """``json.dumps(to_dict(...), ensure_ascii=False, indent=indent) + "\\n"`` in pieces, the
    same text: a value nested ``k`` levels deep is its own ``json.dumps`` with every newline
    followed by ``k`` indents (json.dumps writes no raw newline inside a string, so every
    newline it writes is a line break of the layout)."""
    ind = " " * indent

    def nested(value: Any, level: int) -> str:
        text = json.dumps(value, ensure_ascii=False, indent=indent)
        return text.replace("\n", "\n" + ind * level)

    head = {"version": SCHEMA_VERSION, "meta": meta_to_dict(meta)}
    yield json.dumps(head, ensure_ascii=False, indent=indent)[:-2] + f',\n{ind}"blocks": '
    if not blocks:
        yield "[]"
    for start in range(0, len(blocks), _BATCH):
        batch = blocks[start : start + _BATCH]
        lead = "[\n" if start == 0 else ",\n"
        if not any(_long(b) for b in batch):
            yield lead + ",\n".join(ind * 2 + nested(block_to_dict(b), 2) for b in batch)
            continue
        for i, block in enumerate(batch):
            yield (lead if i == 0 else ",\n") + ind * 2
            yield from (
                _paragraph(block, nested, ind)
                if _long(block)
                else [nested(block_to_dict(block), 2)]
            )
    if blocks:
        yield f"\n{ind}]"
    yield f',\n{ind}"diagnostics": ' + nested(diagnostics_to_list(diagnostics), 1) + "\n}\n"


def _long(block: Block) -> TypeGuard[Paragraph | Table]:
    if isinstance(block, Paragraph):
        return len(block.inlines) > _BATCH
    return isinstance(block, Table) and len(block.rows) > _BATCH


def _paragraph(
    block: Paragraph | Table, nested: Callable[[Any, int], str], ind: str
) -> Iterator[str]:
    """A paragraph of many inlines (a million emphasis nodes) or a table of many rows as
    ``nested(block_to_dict(block), 2)`` writes it, a batch of them at a time: written with
    none and cut at that key (strings escape their quotes, so only the key can read
    ``"rows": []``); the items sit 4 levels deep, the bracket 3."""
    items: tuple[Any, ...]
    item: Callable[[Any], Any] = inline_to_dict
    if isinstance(block, Paragraph):
        key, items = "inlines", block.inlines
        data = block_to_dict(replace(block, inlines=()))
        data["text"] = inline_text(items)
    else:
        key, items, data = "rows", block.rows, block_to_dict(replace(block, rows=()))
        item = row_to_dict
    before, after = nested(data, 2).rsplit(f'"{key}": []', 1)
    yield before + f'"{key}": ['
    for start in range(0, len(items), _BATCH):
        lead = "\n" if start == 0 else ",\n"
        batch = items[start : start + _BATCH]
        yield lead + ",\n".join(ind * 4 + nested(item(x), 4) for x in batch)
    yield "\n" + ind * 3 + "]" + after
