"""The EPUB's identifier: a stable ``urn:uuid:`` made from the content (the same text gives
the same book id), hashed as its text is made."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any, TypeGuard

from ..model import Block, Document, Paragraph, Table, inline_text
from ..model_dict import block_to_dict, inline_to_dict, meta_to_dict, row_to_dict

_ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_DNS, "epub.cppcc-convert.invalid")
_BATCH = 256  # blocks, a long paragraph's inlines or a large table's rows dumped at a time


def content_identifier(doc: Document, vertical: bool) -> str:
    """A stable ``urn:uuid:`` for the content: the same text gives the same book id. Source
    line numbers are no content (a blank line added above does not make a new book), and
    neither are the schema version and empty fields: a model field added later with an empty
    default (Meta's ``official``, null) leaves every earlier book its id.

    It is ``uuid5`` of the JSON text of the model's data so filtered (sorted keys, the
    default separators), the text hashed as it is made (``_seed``): the data of a whole
    document at once took ~900 B per tiny paragraph, the writer's peak."""
    digest = hashlib.sha1(_ID_NAMESPACE.bytes, usedforsecurity=False)  # as uuid.uuid5
    for piece in _seed(doc, vertical):
        digest.update(piece.encode("utf-8"))
    return f"urn:uuid:{uuid.UUID(bytes=digest.digest()[:16], version=5)}"


def _seed(doc: Document, vertical: bool) -> Iterator[str]:
    """``json.dumps(data, ensure_ascii=False, sort_keys=True)`` in pieces, ``data`` being
    ``{"blocks": [...], "meta": {...}, "vertical": ...}`` without line numbers and empty
    fields (an empty list of blocks and empty meta are left out too): a list's text is its
    items' texts joined by ", " in brackets, so batches of blocks can be dumped alone."""
    yield "{"
    blocks, lead = doc.blocks, '"blocks": ['
    for start in range(0, len(blocks), _BATCH):
        batch = blocks[start : start + _BATCH]
        if not any(_long(b) for b in batch):
            yield lead + _dumps([_content(block_to_dict(b)) for b in batch])[1:-1]
            lead = ", "
            continue
        for block in batch:
            yield lead
            lead = ", "
            if _long(block):
                yield from _long_block(block)
            else:
                yield _dumps(_content(block_to_dict(block)))
    if blocks:
        yield "], "
    meta = _content(meta_to_dict(doc.meta))
    if meta not in _EMPTY:
        yield '"meta": ' + _dumps(meta) + ", "
    yield f'"vertical": {json.dumps(vertical)}}}'


_EMPTY: tuple[Any, ...] = (None, "", [], {})


def _content(value: Any) -> Any:
    """``value`` without line numbers and without empty fields."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if key != "line":
                item = _content(item)
                if item not in _EMPTY:  # ``in`` compares with ==, as the filter must
                    out[key] = item
        return out
    if isinstance(value, list):
        return [_content(v) for v in value]
    return value


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def _long(block: Block) -> TypeGuard[Paragraph | Table]:
    if isinstance(block, Paragraph):
        return len(block.inlines) > _BATCH
    return isinstance(block, Table) and len(block.rows) > _BATCH


def _long_block(block: Paragraph | Table) -> Iterator[str]:
    """``_dumps(_content(block_to_dict(block)))`` of a paragraph of many inlines (a million
    emphasis nodes) or a table of many rows, a batch of them at a time: the object is dumped
    with none and cut at that key (a string's quotes are escaped, so only the key can read
    ``"inlines": []`` or ``"rows": []``, and no key before it holds one of that name)."""
    items: tuple[Any, ...]
    item: Callable[[Any], Any] = inline_to_dict
    if isinstance(block, Paragraph):
        key, items = "inlines", block.inlines
        data = _content(block_to_dict(replace(block, inlines=())))
        text = inline_text(items)
        if text:
            data["text"] = text
    else:
        key, items, item = "rows", block.rows, row_to_dict
        data = _content(block_to_dict(replace(block, rows=())))
    data[key] = []
    before, after = _dumps(data).split(f'"{key}": []', 1)
    yield before + f'"{key}": ['
    for start in range(0, len(items), _BATCH):
        batch = [_content(item(x)) for x in items[start : start + _BATCH]]
        yield (", " if start else "") + _dumps(batch)[1:-1]
    yield "]" + after
