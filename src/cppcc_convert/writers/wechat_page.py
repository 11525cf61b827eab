"""The copy page, ``<stem>.wechat-page.html``: the WeChat article at phone width under a
复制 button that puts it on the clipboard as rich text, ready to paste into the 公众号 editor.

The article is exactly ``wechat.article``'s (the same bytes as in ``<stem>.wechat.html``), in a
375 px frame whose look is inline too, so the page's own stylesheet (the bar and the button)
cannot change how the article looks. The button writes the article's HTML as ``text/html``
(and its text as ``text/plain``) with the Clipboard API; where that API is missing it selects
the article and copies the selection. The page loads nothing: its Content-Security-Policy
allows no connection at all, only ``data:`` images, its inline stylesheet and its one inline
script (by hash); there are no third-party scripts.
"""

from __future__ import annotations

import base64
import hashlib
import json

from ..locale import Locale
from ..model import Document
from . import WriteContext
from .common import xml_attr, xml_text
from .wechat import article, document

FRAME_PX = 375  # the phone width the article is shown at
# The frame: the reader's width and margins. Inline, like the article's own look.
FRAME_STYLE = (
    f"width: {FRAME_PX}px; max-width: 100%; box-sizing: border-box; margin: 0 auto 40px; "
    "padding: 20px 16px; background-color: #ffffff; box-shadow: 0 1px 8px rgba(0, 0, 0, 0.12)"
)
# The bar above the frame; none of it reaches the article (no font, colour or spacing is
# set on the article's ancestors, and the body's margin is inline too).
STYLESHEET = """html { background-color: #eef0f3; }
#bar { display: flex; align-items: center; justify-content: center; gap: 12px;
  flex-wrap: wrap; padding: 12px 16px; font: 14px/1.4 sans-serif; color: #555555; }
#copy { font: bold 16px/1 sans-serif; padding: 10px 32px; border: 0; border-radius: 6px;
  background-color: #07c160; color: #ffffff; cursor: pointer; }
#copy:focus-visible { outline: 3px solid #0a7d42; outline-offset: 2px; }
"""
# {ok} and {failed} are JSON strings. The article is the frame's only element child.
SCRIPT = """(function () {
  var frame = document.getElementById("frame");
  var button = document.getElementById("copy");
  var status = document.getElementById("status");
  function done(ok) { status.textContent = ok ? {ok} : {failed}; }
  function copySelection(article) {
    var range = document.createRange();
    range.selectNode(article);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    selection.removeAllRanges();
    done(ok);
  }
  button.addEventListener("click", function () {
    var article = frame.firstElementChild;
    if (!navigator.clipboard || !window.ClipboardItem) { copySelection(article); return; }
    var item = new ClipboardItem({
      "text/html": new Blob([article.outerHTML], {type: "text/html"}),
      "text/plain": new Blob([article.innerText], {type: "text/plain"})
    });
    navigator.clipboard.write([item]).then(function () { done(true); },
      function () { copySelection(article); });
  });
})();
"""

WORDS = {
    "Hans": {
        "copy": "复制",
        "page": "复制到公众号",
        "hint": "点“复制”，再到公众号编辑器里粘贴。",
        "ok": "已复制：到公众号编辑器里粘贴即可。",
        "failed": "复制失败：请全选下面的文章，手动复制。",
    },
    "Hant": {
        "copy": "複製",
        "page": "複製到公眾號",
        "hint": "點「複製」，再到公眾號編輯器裡貼上。",
        "ok": "已複製：到公眾號編輯器裡貼上即可。",
        "failed": "複製失敗：請全選下面的文章，手動複製。",
    },
}


def script(locale: Locale) -> str:
    """The page's one script, with the edition's messages."""
    words = WORDS[locale.script]
    return SCRIPT.replace("{ok}", json.dumps(words["ok"])).replace(
        "{failed}", json.dumps(words["failed"])
    )


def content_security_policy(script_text: str) -> str:
    """No connections, no frames, no forms: only data: images, the inline stylesheet and
    this script, named by its hash."""
    digest = base64.b64encode(hashlib.sha256(script_text.encode("utf-8")).digest()).decode()
    return (
        "default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
        f"script-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'"
    )


def write(doc: Document, ctx: WriteContext) -> bytes:
    """The copy page of ``doc`` (UTF-8)."""
    words = WORDS[ctx.locale.script]
    art = article(doc, ctx)
    code = script(ctx.locale)
    head = (
        f'<meta http-equiv="Content-Security-Policy" '
        f'content="{xml_attr(content_security_policy(code))}"/>\n'
        f"<style>\n{STYLESHEET}</style>\n"
    )
    body = (
        '<body style="margin: 0">\n'
        f'<div id="bar"><button id="copy" type="button">{xml_text(words["copy"])}</button>'
        f'<span id="status" role="status">{xml_text(words["hint"])}</span></div>\n'
        f'<div id="frame" style="{xml_attr(FRAME_STYLE)}">{art.html.rstrip()}</div>\n'
        f"<script>{code}</script>\n"
        "</body>\n"
    )
    title = f"{art.title} · {words['page']}"
    return document(title=title, locale=ctx.locale, body=body, head=head).encode("utf-8")
