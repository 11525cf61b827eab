"""The JSON form of the model (docs/model.md), for ``Document.to_json`` / ``from_json``.

Version 2 is written. Version 1 files (before figures and heading ids) are read and upgraded:
an ``image`` block and the ``caption`` after it become one ``figure``, a lone caption a
figure without an image, and headings get the ids the reader would give them. The JSON data
of each node is made in ``model_dict`` (``block_to_dict``, ``to_dict`` ... are this module's
names too); here its text, written a few hundred blocks at a time, and the reading back.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any, Protocol, TypeGuard

from .model_dict import (
    INLINE_TYPES,
    block_to_dict,
    diagnostics_to_list,
    inline_to_dict,
    meta_to_dict,
    row_to_dict,
    to_dict,
)
from .nodes import (
    SCHEMA_VERSION,
    Author,
    Block,
    CodeBlock,
    Definition,
    DefinitionList,
    Diagnostic,
    Figure,
    Heading,
    Inline,
    InlineImage,
    Inlines,
    ListBlock,
    Meta,
    Official,
    Paragraph,
    Quote,
    Rule,
    Table,
    inline_text,
)

Parts = tuple[Meta, tuple[Block, ...], tuple[Diagnostic, ...]]


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
    dump_to(out, meta, blocks, diagnostics, indent=indent)
    return out.getvalue()


def dump_to(
    out: Sink,
    meta: Meta,
    blocks: tuple[Block, ...],
    diagnostics: tuple[Diagnostic, ...],
    *,
    indent: int = 2,
) -> None:
    """``dump_bytes``'s bytes written to ``out`` as they are made (a ``spool.Spool`` holds a
    large document's deflated: its JSON can be 60 times its input)."""
    for chunk in _chunks(meta, blocks, diagnostics, indent):
        out.write(chunk.encode("utf-8"))


class Sink(Protocol):
    """Where ``dump_to`` writes: a binary file, a ``BytesIO``, a ``spool.Spool``."""

    def write(self, data: bytes, /) -> int: ...


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


# ------------------------------------------------------------------ reading


def _inline_from(data: dict[str, Any]) -> Inline:
    cls = INLINE_TYPES[data["type"]]
    kwargs = {k: v for k, v in data.items() if k != "type"}
    if "children" in kwargs:
        kwargs["children"] = tuple(_inline_from(c) for c in kwargs["children"])
    node: Inline = cls(**kwargs)
    return node


def _inlines_from(items: list[Any]) -> Inlines:
    return tuple(_inline_from(i) for i in items)


def block_from_dict(data: dict[str, Any]) -> Block:
    """Inverse of ``block_to_dict`` (the derived ``text`` fields are ignored)."""
    kind, line = data["type"], data.get("line", 0)
    block: Block
    match kind:
        case "heading":
            block = Heading(data["level"], _inlines_from(data["inlines"]), line, id=data["id"])
        case "paragraph":
            block = Paragraph(_inlines_from(data["inlines"]), line, align=data.get("align"))
        case "figure":
            image = data.get("image")
            img = None if image is None else InlineImage(image["src"], image["alt"], image["title"])
            block = Figure(img, _inlines_from(data["caption"]), line)
        case "quote":
            block = Quote(tuple(block_from_dict(b) for b in data["blocks"]), line)
        case "list":
            items = tuple(tuple(block_from_dict(b) for b in item) for item in data["items"])
            block = ListBlock(data["ordered"], items, data["start"], data["tight"], line)
        case "definitions":
            entries = tuple(
                Definition(
                    _inlines_from(e["term"]["inlines"]),
                    tuple(tuple(block_from_dict(b) for b in d) for d in e["definitions"]),
                )
                for e in data["items"]
            )
            block = DefinitionList(entries, line)
        case "table":
            header = tuple(_inlines_from(c["inlines"]) for c in data["header"])
            rows = tuple(tuple(_inlines_from(c["inlines"]) for c in row) for row in data["rows"])
            block = Table(header, rows, tuple(data["align"]), line)
        case "code":
            block = CodeBlock(data["text"], data["language"], line)
        case "rule":
            block = Rule(line)
        case _:
            raise ValueError(f"unknown block type {kind!r}")
    return block


def _upgrade_v1_blocks(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Version 1 kept a figure as an ``image`` block and the ``caption`` block after it."""
    out: list[dict[str, Any]] = []
    i = 0
    while i < len(items):
        item = dict(items[i])
        nxt = items[i + 1] if i + 1 < len(items) else None
        if item["type"] == "image":
            image = {k: item[k] for k in ("src", "alt", "title")}
            caption = nxt["inlines"] if nxt is not None and nxt["type"] == "caption" else []
            out.append({"type": "figure", "image": image, "caption": caption, "line": item["line"]})
            i += 2 if caption or (nxt is not None and nxt["type"] == "caption") else 1
            continue
        if item["type"] == "caption":
            item = {
                "type": "figure",
                "image": None,
                "caption": item["inlines"],
                "line": item["line"],
            }
        elif item["type"] == "heading":
            item["id"] = ""
        elif item["type"] == "quote":
            item["blocks"] = _upgrade_v1_blocks(item["blocks"])
        elif item["type"] == "list":
            item["items"] = [_upgrade_v1_blocks(x) for x in item["items"]]
        out.append(item)
        i += 1
    return out


def _official_from_dict(data: dict[str, Any] | None) -> Official | None:
    if data is None:
        return None
    values: dict[str, Any] = {k: tuple(v) if k == "attachments" else v for k, v in data.items()}
    return Official(**values)


def from_dict(data: dict[str, Any]) -> Parts:
    """Inverse of ``to_dict``; version 1 data is upgraded."""
    version = data.get("version")
    if version not in (1, SCHEMA_VERSION):
        raise ValueError(f"unsupported model version {version!r} (this release reads 1 and 2)")
    raw_blocks = data["blocks"]
    if version == 1:
        raw_blocks = _upgrade_v1_blocks(raw_blocks)
    m = data["meta"]
    meta = Meta(
        title=m["title"],
        subtitle=m["subtitle"],
        authors=tuple(Author(a["name"], a["role"]) for a in m["authors"]),
        date=m["date"],
        lang=m["lang"],
        source=m["source"],
        extra=dict(m["extra"]),
        official=_official_from_dict(m.get("official")),
    )
    blocks = tuple(block_from_dict(b) for b in raw_blocks)
    if version == 1:
        from .anchors import assign_heading_ids

        blocks = assign_heading_ids(blocks)
    diags = tuple(Diagnostic(**d) for d in data["diagnostics"])
    return meta, blocks, diags


def loads(data: str | bytes) -> Parts:
    """A document's parts from its JSON text."""
    return from_dict(json.loads(data))
