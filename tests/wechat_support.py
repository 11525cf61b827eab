"""Shared by the WeChat tests: render an article, hold it to the editor's tag and CSS sets,
and say independently of the writer what text it must show."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from lxml import etree

from cppcc_convert.anchors import collect_ids, with_ids
from cppcc_convert.editions import apply_edition
from cppcc_convert.links import classify
from cppcc_convert.locale import resolve
from cppcc_convert.model import Diagnostic, Document, Inline, Link, Text, block_texts, inline_text
from cppcc_convert.options import Options
from cppcc_convert.pipeline import render_document
from cppcc_convert.resources import FileResources
from cppcc_convert.spool import output_bytes
from cppcc_convert.walk import map_block_inlines, map_inlines
from cppcc_convert.writers.wechat_render import is_wechat_link, readable_url
from cppcc_convert.writers.wechat_theme import ATTRIBUTES, DISPLAY_VALUES, PROPERTIES, TAGS

XHTML = "{http://www.w3.org/1999/xhtml}"
_SPACE = re.compile(r"[\s\u200b\ufeff]+")


def squash(text: str) -> str:
    """``text`` without whitespace (no-break spaces included)."""
    return _SPACE.sub("", text)


def render(
    doc: Document,
    fmt: str = "wechat",
    *,
    edition: str = "zh-Hans",
    base: Path | None = None,
    **opts: Any,
) -> tuple[bytes, list[Diagnostic]]:
    """``doc`` in one format and edition as a batch job renders it, and the diagnostics."""
    images = FileResources((base,) if base is not None else (), False)
    outputs, diagnostics = render_document(doc, (fmt,), (edition,), Options(**opts), images)
    return output_bytes(outputs[0][2]), diagnostics


def edition_doc(doc: Document, edition: str, **opts: Any) -> Document:
    """The document the writers get in ``edition``."""
    return apply_edition(with_ids(doc), edition, Options(**opts))


def article_of(data: bytes) -> Any:
    """The article element (the body's one ``<section>``) of a ``.wechat.html`` file."""
    root = etree.fromstring(data)
    body = root.find(f"{XHTML}body")
    assert body is not None and len(body) == 1, "the body holds the article and nothing else"
    return body[0]


def declarations(style: str) -> list[tuple[str, str]]:
    """``a: b; c: d`` -> [(a, b), (c, d)]."""
    out = []
    for part in style.split(";"):
        if part.strip():
            name, _, value = part.partition(":")
            out.append((name.strip().lower(), value.strip()))
    return out


def editor_problems(section: Any) -> list[str]:
    """What in the article the 公众号 editor would strip or not keep (empty: nothing)."""
    problems = []
    for el in section.iter():
        if not isinstance(el.tag, str):
            problems.append(f"a {el!r} node")
            continue
        tag = etree.QName(el).localname
        if tag not in TAGS:
            problems.append(f"<{tag}>")
        for name, value in el.attrib.items():
            if name not in ATTRIBUTES:
                problems.append(f"<{tag} {name}>")
            if name == "href" and not is_wechat_link(value):
                problems.append(f"a link to {value}")
            if name == "src" and not value.startswith("data:image/"):
                problems.append(f"an image from {value[:40]}")
        for prop, value in declarations(el.get("style", "")):
            if prop not in PROPERTIES:
                problems.append(f"<{tag} style={prop}>")
            if prop == "display" and value not in DISPLAY_VALUES:
                problems.append(f"display: {value}")
            if "url(" in value or "var(" in value or "gradient" in value:
                problems.append(f"{prop}: {value}")
    return problems


def expected_text(doc: Document, label: str | None = None) -> str:
    """What the article must show, in order, from the model alone: the title block (title,
    subtitle, byline, date), the blocks' text with ``[n]`` after each external link that is
    no WeChat link (numbered by first appearance of its address), then the 引用链接 list
    (``label``: the heading of that list; by default the one of the document's language)."""
    if label is None:
        label = resolve(doc.meta.lang).labels.references
    ids = frozenset(collect_ids(doc.blocks))
    numbers: dict[str, int] = {}
    entries: list[str] = []

    def mark(node: Inline) -> Inline:
        if not isinstance(node, Link):
            return node
        target = classify(node.url, ids)
        if target.kind != "external" or is_wechat_link(target.href):
            return node
        if target.href not in numbers:
            numbers[target.href] = len(numbers) + 1
            shown = readable_url(target.href)
            text = inline_text(node.children).strip()
            named = text and text not in (target.href, shown)
            entries.append(f"[{numbers[target.href]}] " + (f"{text}：{shown}" if named else shown))
        return replace(node, children=(*node.children, Text(f"[{numbers[target.href]}]")))

    blocks = map_block_inlines(doc.blocks, lambda inlines, _line: map_inlines(inlines, mark))
    meta = doc.meta
    head = [meta.title, meta.subtitle, *(f"{a.role} {a.name}" for a in meta.authors), meta.date]
    tail = [label, *entries] if entries else []
    return "\n".join(p for p in (*head, *block_texts(blocks), *tail) if p)
