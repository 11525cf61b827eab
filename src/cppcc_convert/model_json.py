"""The JSON form of the model (docs/model.md), for ``Document.to_json`` / ``from_json``.

Version 2 is written. Version 1 files (before figures and heading ids) are read and upgraded:
an ``image`` block and the ``caption`` after it become one ``figure``, a lone caption a
figure without an image, and headings get the ids the reader would give them. The model as
JSON data is made here; its text, written in pieces, in ``model_json_text``.
"""

from __future__ import annotations

import json
from typing import Any

from .nodes import (
    OFFICIAL_FIELDS,
    SCHEMA_VERSION,
    Anchor,
    Author,
    Block,
    Code,
    CodeBlock,
    Definition,
    DefinitionList,
    Diagnostic,
    Emph,
    Figure,
    Heading,
    Inline,
    InlineImage,
    Inlines,
    LineBreak,
    Link,
    ListBlock,
    Meta,
    Official,
    Paragraph,
    Quote,
    Rule,
    Strike,
    Strong,
    Subscript,
    Superscript,
    Table,
    Text,
    Underline,
    inline_text,
)

_INLINE_TYPES: dict[str, type] = {
    "text": Text,
    "emph": Emph,
    "strong": Strong,
    "strike": Strike,
    "underline": Underline,
    "superscript": Superscript,
    "subscript": Subscript,
    "code": Code,
    "link": Link,
    "break": LineBreak,
    "image": InlineImage,
    "anchor": Anchor,
}
_INLINE_NAMES = {cls: name for name, cls in _INLINE_TYPES.items()}
_INLINE_FIELDS: dict[type, tuple[str, ...]] = {
    Text: ("text",),
    Code: ("text",),
    Link: ("children", "url", "title"),
    LineBreak: (),
    InlineImage: ("src", "alt", "title"),
    Anchor: ("id",),
}


# ------------------------------------------------------------------ writing


def inline_to_dict(node: Inline) -> dict[str, Any]:
    """One inline (and its children) as a JSON object: ``type`` first."""
    out: dict[str, Any] = {"type": _INLINE_NAMES[type(node)]}
    for name in _INLINE_FIELDS.get(type(node), ("children",)):
        value = getattr(node, name)
        out[name] = [inline_to_dict(c) for c in value] if name == "children" else value
    return out


def _inlines(inlines: Inlines) -> list[dict[str, Any]]:
    return [inline_to_dict(i) for i in inlines]


def _cell(cell: Inlines) -> dict[str, Any]:
    return {"text": inline_text(cell), "inlines": _inlines(cell)}


def row_to_dict(row: tuple[Inlines, ...]) -> list[dict[str, Any]]:
    """A table row as JSON: its cells' objects (``text`` and ``inlines``)."""
    return [_cell(c) for c in row]


def _image(image: InlineImage | None) -> dict[str, Any] | None:
    return None if image is None else {"src": image.src, "alt": image.alt, "title": image.title}


def block_to_dict(block: Block) -> dict[str, Any]:
    """One block as a JSON object: ``type`` first, ``line`` last."""
    out: dict[str, Any]
    match block:
        case Heading(level=level, inlines=i, id=ident):
            out = {"type": "heading", "level": level, "id": ident}
            out |= {"text": inline_text(i), "inlines": _inlines(i)}
        case Paragraph(inlines=i, align=align):
            out = {"type": "paragraph", "align": align}
            out |= {"text": inline_text(i), "inlines": _inlines(i)}
        case Figure(image=image, caption=caption):
            out = {"type": "figure", "image": _image(image)}
            out |= {"text": inline_text(caption), "caption": _inlines(caption)}
        case Quote(blocks=b):
            out = {"type": "quote", "blocks": [block_to_dict(x) for x in b]}
        case ListBlock(ordered=o, items=items, start=s, tight=t):
            out = {"type": "list", "ordered": o, "start": s, "tight": t}
            out["items"] = [[block_to_dict(x) for x in item] for item in items]
        case DefinitionList(items=items):
            out = {"type": "definitions", "items": []}
            for entry in items:
                definitions = [[block_to_dict(x) for x in d] for d in entry.definitions]
                out["items"].append({"term": _cell(entry.term), "definitions": definitions})
        case Table(header=h, rows=rows, align=a):
            out = {"type": "table", "align": list(a), "header": [_cell(c) for c in h]}
            out["rows"] = [row_to_dict(row) for row in rows]
        case CodeBlock(text=t, language=lang):
            out = {"type": "code", "language": lang, "text": t}
        case Rule():
            out = {"type": "rule"}
    out["line"] = block.line
    return out


def meta_to_dict(meta: Meta) -> dict[str, Any]:
    """Metadata as a JSON object."""
    return {
        "title": meta.title,
        "subtitle": meta.subtitle,
        "authors": [{"name": a.name, "role": a.role} for a in meta.authors],
        "date": meta.date,
        "lang": meta.lang,
        "source": meta.source,
        "extra": meta.extra,
        "official": _official_to_dict(meta.official),
    }


def _official_to_dict(official: Official | None) -> dict[str, Any] | None:
    if official is None:
        return None
    return {
        name: list(value) if isinstance(value := getattr(official, name), tuple) else value
        for name in OFFICIAL_FIELDS
    }


def _official_from_dict(data: dict[str, Any] | None) -> Official | None:
    if data is None:
        return None
    values: dict[str, Any] = {k: tuple(v) if k == "attachments" else v for k, v in data.items()}
    return Official(**values)


Parts = tuple[Meta, tuple[Block, ...], tuple[Diagnostic, ...]]


def to_dict(
    meta: Meta, blocks: tuple[Block, ...], diagnostics: tuple[Diagnostic, ...]
) -> dict[str, Any]:
    """A whole document (its three parts) as plain JSON data."""
    return {
        "version": SCHEMA_VERSION,
        "meta": meta_to_dict(meta),
        "blocks": [block_to_dict(b) for b in blocks],
        "diagnostics": diagnostics_to_list(diagnostics),
    }


def diagnostics_to_list(diagnostics: tuple[Diagnostic, ...]) -> list[dict[str, Any]]:
    """The diagnostics as JSON objects."""
    fields = ("level", "code", "message", "line", "file")
    return [{k: getattr(d, k) for k in fields} for d in diagnostics]


def dumps(
    meta: Meta,
    blocks: tuple[Block, ...],
    diagnostics: tuple[Diagnostic, ...],
    *,
    indent: int | None = 2,
) -> str:
    """The documented JSON text (stable key order, a final newline)."""
    from . import model_json_text  # it imports this module's dict functions

    return model_json_text.dumps(meta, blocks, diagnostics, indent=indent)


def dump_bytes(
    meta: Meta, blocks: tuple[Block, ...], diagnostics: tuple[Diagnostic, ...], *, indent: int = 2
) -> bytes:
    """``dumps(...).encode("utf-8")``, made a few hundred blocks at a time
    (``model_json_text.dump_bytes``)."""
    from . import model_json_text

    return model_json_text.dump_bytes(meta, blocks, diagnostics, indent=indent)


# ------------------------------------------------------------------ reading


def _inline_from(data: dict[str, Any]) -> Inline:
    cls = _INLINE_TYPES[data["type"]]
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
