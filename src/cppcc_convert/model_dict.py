"""The model as plain JSON data (docs/model.md): what ``model_json`` writes as text, and the
EPUB identifier hashes. Each node's object has ``type`` first; a block's ``line`` last."""

from __future__ import annotations

from typing import Any

from .nodes import (
    OFFICIAL_FIELDS,
    SCHEMA_VERSION,
    Anchor,
    Block,
    Code,
    CodeBlock,
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

INLINE_TYPES: dict[str, type] = {
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
_INLINE_NAMES = {cls: name for name, cls in INLINE_TYPES.items()}
_INLINE_FIELDS: dict[type, tuple[str, ...]] = {
    Text: ("text",),
    Code: ("text",),
    Link: ("children", "url", "title"),
    LineBreak: (),
    InlineImage: ("src", "alt", "title"),
    Anchor: ("id",),
}


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
    """A table row as JSON objects: its cells' ``text`` and ``inlines``."""
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
