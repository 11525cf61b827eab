"""The EPUB's identifier: a stable ``urn:uuid:`` made from the content (the same text gives
the same book id), hashed as its text is made."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterator
from dataclasses import replace
from typing import Any, TypeGuard

from ..model import Block, Document, Paragraph, inline_text
from ..model_json import _inline, block_to_dict, meta_to_dict

_ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_DNS, "epub.cppcc-convert.invalid")
_BATCH = 256  # blocks, or a long paragraph's inlines, dumped at a time


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
                yield from _paragraph(block)
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


def _long(block: Block) -> TypeGuard[Paragraph]:
    return isinstance(block, Paragraph) and len(block.inlines) > _BATCH


def _paragraph(block: Paragraph) -> Iterator[str]:
    """``_dumps(_content(block_to_dict(block)))`` of a paragraph of many inlines (a million
    emphasis nodes), its inlines a batch at a time: the object is dumped with no inlines and
    cut at that key (a string's quotes are escaped, so only the key can read
    ``"inlines": []``)."""
    inlines = block.inlines
    data = _content(block_to_dict(replace(block, inlines=())))
    text = inline_text(inlines)
    if text:
        data["text"] = text
    data["inlines"] = []
    before, after = _dumps(data).split('"inlines": []', 1)
    yield before + '"inlines": ['
    for start in range(0, len(inlines), _BATCH):
        batch = [_content(_inline(node)) for node in inlines[start : start + _BATCH]]
        yield (", " if start else "") + _dumps(batch)[1:-1]
    yield "]" + after
