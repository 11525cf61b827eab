"""WeChat Official Account (公众号) writer: a paste-ready article, ``<stem>.wechat.html``.

The file is a small HTML page whose body holds the article: one ``<section>`` using only the
tags the 公众号 editor keeps and only inline ``style`` attributes (``wechat_theme`` holds the
tag and CSS sets and every colour and size; docs/wechat.md says where they come from). No
``<style>``, no class, no id, no script. External links become numbered references ``[1]``
listed under 引用链接 at the end; links to mp.weixin.qq.com stay links; in-document anchors
become their text. Local images of at most 2 MB (JPEG, PNG, GIF) are embedded as ``data:``
URIs, which the editor uploads when the article is pasted; any other image is left out with a
``wechat-image`` warning (in the manifest's diagnostics) naming it, to be uploaded by hand,
and its caption printed in its place. The copy page (``wechat_page.py``) shows the same
article with a 复制 button.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, replace

from ..locale import Locale
from ..model import Document
from . import WriteContext
from .common import xml_attr, xml_text
from .official_layout import is_official
from .wechat_official import addressee, official_styles
from .wechat_official import head as official_head
from .wechat_official import tail as official_tail
from .wechat_render import ArticleRenderer
from .wechat_theme import PAGE_STYLE, styles, theme

GENERATOR = "cppcc-convert"
XHTML_NS = "http://www.w3.org/1999/xhtml"
IMAGE_LIMIT = 2 * 1024 * 1024  # bytes: what the editor takes pasted (docs/wechat.md)
IMAGE_TYPES = {"image/png": "PNG", "image/jpeg": "JPEG", "image/gif": "GIF"}


class _DataImages:
    """Images as data: URIs, each checked against what the editor takes."""

    def __init__(self, ctx: WriteContext) -> None:
        self.ctx = ctx
        self.uris: dict[str, str] = {}

    def __call__(self, src: str, line: int) -> str | None:
        image = self.ctx.image(src, line, repeat_costs=True)
        if image is None:
            return None  # already warned: missing, refused, over the budget
        where = line or None
        if image.media_type not in IMAGE_TYPES:
            message = (
                f"image {src!r} is {image.extension.upper()}: the 公众号 editor takes JPEG, "
                "PNG and GIF; left out of the article, upload it by hand"
            )
            self.ctx.warn("wechat-image", message, where)
            return None
        if len(image.data) > IMAGE_LIMIT:
            size = len(image.data) / (1024 * 1024)
            message = (
                f"image {src!r} is {size:.1f} MB, over the 2 MB the 公众号 editor takes "
                "pasted; left out of the article, upload it by hand"
            )
            self.ctx.warn("wechat-image", message, where)
            return None
        uri = self.uris.get(image.key)
        if uri is None:
            payload = base64.b64encode(image.data).decode("ascii")
            uri = self.uris[image.key] = f"data:{image.media_type};base64,{payload}"
        return uri


@dataclass(frozen=True)
class Article:
    """The article as the editor takes it (one ``<section>``) and the page's title."""

    html: str
    title: str


def article(doc: Document, ctx: WriteContext) -> Article:
    """The article of ``doc`` in the edition ``ctx.locale`` names, with the chosen theme."""
    chosen = theme(ctx.options.wechat_theme)
    css = styles(chosen, ctx.locale, ctx.options.wechat_indent)
    if is_official(doc):
        css |= official_styles(chosen)
    renderer = ArticleRenderer(css, ctx.link, _DataImages(ctx))
    if is_official(doc):  # a 公文: its 版头 above the title, its other parts around the body
        # its date is the 成文日期 at the end, not a byline date under the title
        body = official_head(renderer, doc) + renderer.title(replace(doc.meta, date=""))
        body += (
            addressee(renderer, doc) + renderer.blocks(doc.blocks) + official_tail(renderer, doc)
        )
    else:
        body = renderer.title(doc.meta) + renderer.blocks(doc.blocks)
    body += renderer.reference_list(ctx.locale.labels.references)
    html = f'<section style="{xml_attr(css["article"])}">\n{body}</section>\n'
    return Article(html, doc.meta.title.strip() or ctx.locale.labels.untitled)


def document(*, title: str, locale: Locale, body: str, head: str = "") -> str:
    """A whole page (polyglot XHTML: an HTML and an XML parser read the same tree)."""
    lang = xml_attr(locale.tag)
    return (
        "<!DOCTYPE html>\n"
        f'<html xmlns="{XHTML_NS}" lang="{lang}" xml:lang="{lang}">\n'
        '<head>\n<meta charset="utf-8"/>\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1"/>\n'
        f"<title>{xml_text(title)}</title>\n"
        f'<meta name="generator" content="{GENERATOR}"/>\n'
        f"{head}</head>\n{body}</html>\n"
    )


def write(doc: Document, ctx: WriteContext) -> bytes:
    """The article as a UTF-8 page: the body is the article and nothing else."""
    art = article(doc, ctx)
    body = f'<body style="{xml_attr(PAGE_STYLE)}">\n{art.html}</body>\n'
    return document(title=art.title, locale=ctx.locale, body=body).encode("utf-8")
