"""The WeChat article and its copy page in a real browser (Debian's headless Chromium, at a
phone's 375 px): the look depends on inline styles alone, the visible text is the model's,
the 复制 button puts the article on the clipboard, the page loads nothing, and screenshots of
the sample (zh-Hans, zh-TW) are kept under build/test-artifacts/wechat/ to be looked at.

Skipped with the reason when Chromium is missing; under CI (``.ci/run`` installs it) that is
a failure instead.
"""

from __future__ import annotations

import io
import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import lxml.html
import pytest

from cppcc_convert.model import Document
from cppcc_convert.writers.wechat_page import WORDS
from cppcc_convert.writers.wechat_theme import theme
from epub_helpers import all_nodes_doc, make_png
from wechat_helpers import Browser, Page, browser, keep, same_pixels
from wechat_support import edition_doc, expected_text, render, squash

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
PHONE = 375

# Remove every class and id attribute and every <style> and <link> element.
STRIP = """(() => {
  for (const el of document.querySelectorAll("[class], [id]")) {
    el.removeAttribute("class");
    el.removeAttribute("id");
  }
  for (const el of document.querySelectorAll("style, link")) el.remove();
  return document.documentElement.getBoundingClientRect().height;  // lays the page out again
})()"""
ARTICLE_BOX = """(() => {
  const r = document.querySelector("section").getBoundingClientRect();
  return {x: r.x + scrollX, y: r.y + scrollY, width: r.width, height: r.height};
})()"""
READ_CLIPBOARD = """(async () => {
  const out = {};
  for (const item of await navigator.clipboard.read())
    for (const type of item.types) out[type] = await (await item.getType(type)).text();
  return out;
})()"""


@pytest.fixture(scope="module")
def chrome() -> Iterator[Browser]:
    with browser() as b:
        permissions = ["clipboardReadWrite", "clipboardSanitizedWrite"]  # read back, write
        b.send("Browser.grantPermissions", {"permissions": permissions})
        yield b


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory, sample_doc: Document) -> dict[str, Path]:
    """name -> file: the sample in zh-Hans and zh-TW, the rich test document, every node."""
    from cppcc_convert import load

    folder = tmp_path_factory.mktemp("wechat")
    make_png(folder / "img" / "photo.png")
    rich = load(DATA / "rich.md")
    out: dict[str, Path] = {}
    for name, doc, base, edition in (
        ("fuyang-cppcc", sample_doc, None, "zh-Hans"),
        ("fuyang-cppcc.zh-TW", sample_doc, None, "zh-TW"),
        ("rich", rich, DATA, "zh-Hans"),
        ("all-nodes.zh-HK", all_nodes_doc(), folder, "zh-HK"),
    ):
        for fmt in ("wechat", "wechat-page"):
            path = folder / f"{name}.{fmt}.html"
            path.write_bytes(render(doc, fmt, edition=edition, base=base)[0])
            out[f"{name}.{fmt}"] = path
    return out


@pytest.fixture
def open_page(chrome: Browser) -> Iterator[Callable[[Path], Page]]:
    """Opens files in new tabs at the phone's width; closes them after the test."""
    opened: list[Page] = []

    def go(path: Path) -> Page:
        page = chrome.page()
        opened.append(page)
        page.viewport(PHONE, 800)
        page.open(path)
        return page

    yield go
    for page in opened:
        page.close()


# ------------------------------------------------------------------ the look


@pytest.mark.parametrize("name", ["fuyang-cppcc", "fuyang-cppcc.zh-TW"])
def test_sample_screenshots(
    open_page: Callable[[Path], Page], files: dict[str, Path], name: str
) -> None:
    """Rendered at 375 px: nothing wider than the phone, the theme's accent on screen, and
    the measured typography; the screenshots are kept to be looked at."""
    page = open_page(files[f"{name}.wechat"])
    assert page.js("document.documentElement.scrollWidth") == PHONE
    png = page.screenshot()
    path = keep(f"{name}.wechat.png", png)
    from PIL import Image

    with Image.open(io.BytesIO(png)) as im:
        assert im.size[0] == PHONE and im.size[1] > 3000
        accent = tuple(int(theme("red").accent[i : i + 2], 16) for i in (1, 3, 5))
        rgb = im.convert("RGB")
        assert rgb.getcolors(1 << 20) is not None
        counts = {colour: n for n, colour in rgb.getcolors(1 << 20)}
        assert counts.get(accent, 0) > 1000, f"the red accent is on screen ({path})"
    measured = page.js(
        """(() => {
      const css = (el) => getComputedStyle(el);
      const body = [...document.querySelectorAll("p")].filter(
        (p) => css(p).textIndent !== "0px");
      const cap = document.querySelector("figcaption");
      return {
        size: css(body[0]).fontSize, lineHeight: css(body[0]).lineHeight,
        align: css(body[0]).textAlign, indent: css(body[0]).textIndent,
        gap: css(body[0]).marginBottom, capSize: css(cap).fontSize, capAlign: css(cap).textAlign,
        h2: css(document.querySelector("h2 span")).backgroundColor,
      };
    })()"""
    )
    assert measured == {
        "size": "16px",
        "lineHeight": "28px",
        "align": "justify",
        "indent": "32px",
        "gap": "16px",
        "capSize": "13px",
        "capAlign": "center",
        "h2": "rgb(181, 18, 27)",
    }
    page_view = open_page(files[f"{name}.wechat-page"])
    shot = page_view.screenshot()
    keep(f"{name}.wechat-page.png", shot)


def test_readme_picture(open_page: Callable[[Path], Page], files: dict[str, Path]) -> None:
    """The README's picture (docs/wechat.png is a copy): the top of the sample's copy page
    in zh-Hans and in zh-TW, side by side, in 128 colours."""
    from PIL import Image

    height, gap = 900, 12
    picture = Image.new("RGB", (2 * PHONE + gap, height), (0xEE, 0xF0, 0xF3))
    for n, name in enumerate(("fuyang-cppcc", "fuyang-cppcc.zh-TW")):
        page = open_page(files[f"{name}.wechat-page"])
        shot = page.screenshot({"x": 0, "y": 0, "width": PHONE, "height": height})
        with Image.open(io.BytesIO(shot)) as im:
            picture.paste(im.convert("RGB"), (n * (PHONE + gap), 0))
    buffer = io.BytesIO()
    picture.quantize(128, method=Image.Quantize.FASTOCTREE).save(buffer, "PNG", optimize=True)
    assert len(buffer.getvalue()) < 150_000
    keep("readme-wechat.png", buffer.getvalue())


@pytest.mark.parametrize("name", ["fuyang-cppcc", "fuyang-cppcc.zh-TW", "rich", "all-nodes.zh-HK"])
def test_look_depends_on_inline_styles_alone(
    open_page: Callable[[Path], Page], files: dict[str, Path], name: str
) -> None:
    """Removing every class and id, every <style> and <link> changes no pixel of the
    article: in its own file, and inside the copy page (whose bar does change)."""
    page = open_page(files[f"{name}.wechat"])
    before = page.screenshot()
    page.js(STRIP)
    assert same_pixels(before, page.screenshot())
    copy = open_page(files[f"{name}.wechat-page"])
    before = copy.screenshot(copy.js(ARTICLE_BOX))
    copy.js(STRIP)
    assert same_pixels(before, copy.screenshot(copy.js(ARTICLE_BOX)))
    assert same_pixels(before, page.screenshot(page.js(ARTICLE_BOX)))


# ------------------------------------------------------------------ the text


def test_visible_text_is_the_model_text(
    open_page: Callable[[Path], Page], files: dict[str, Path], sample_doc: Document
) -> None:
    from cppcc_convert import load

    cases = (
        ("fuyang-cppcc", sample_doc, "zh-Hans", "引用链接"),
        ("fuyang-cppcc.zh-TW", sample_doc, "zh-TW", "引用連結"),
        ("rich", load(DATA / "rich.md"), "zh-Hans", "引用链接"),
        ("all-nodes.zh-HK", all_nodes_doc(), "zh-HK", "引用連結"),
    )
    for name, doc, edition, label in cases:
        page = open_page(files[f"{name}.wechat"])
        shown = page.js('document.querySelector("section").innerText')
        assert squash(shown) == squash(expected_text(edition_doc(doc, edition), label)), name


# ------------------------------------------------------------------ the copy page


def _fragment_tree(html: str) -> Any:
    """A comparable form of an HTML fragment: tags, attributes and text, in order."""
    root = lxml.html.fragment_fromstring(html.replace('<meta charset="utf-8">', ""))

    def canon(el: Any) -> Any:
        return (
            el.tag,
            sorted(el.attrib.items()),
            el.text or "",
            [canon(c) for c in el],
            el.tail or "",
        )

    return canon(root)[:4]


def _wait_for(page: Page, expression: str, timeout: float = 10.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = page.js(expression)
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {expression}")


@pytest.mark.parametrize(("name", "script"), [("rich", "Hans"), ("all-nodes.zh-HK", "Hant")])
def test_copy_button_puts_the_article_on_the_clipboard(
    open_page: Callable[[Path], Page], files: dict[str, Path], name: str, script: str
) -> None:
    page = open_page(files[f"{name}.wechat-page"])
    page.send("Emulation.setFocusEmulationEnabled", {"enabled": True})
    words = WORDS[script]
    assert page.js('document.getElementById("status").textContent') == words["hint"]
    page.click("#copy")
    ok = json.dumps(words["ok"])
    _wait_for(page, f'document.getElementById("status").textContent === {ok}')
    clip = page.js(READ_CLIPBOARD)
    assert set(clip) == {"text/html", "text/plain"}
    article = files[f"{name}.wechat"].read_text(encoding="utf-8")
    section = article[article.index("<section") : article.rindex("</section>") + 10]
    assert _fragment_tree(clip["text/html"]) == _fragment_tree(section)
    assert clip["text/plain"] == page.js('document.querySelector("section").innerText')


def test_copy_falls_back_to_the_selection(
    open_page: Callable[[Path], Page], files: dict[str, Path]
) -> None:
    """Without the Clipboard API the button copies the selected article instead."""
    page = open_page(files["rich.wechat-page"])
    page.send("Emulation.setFocusEmulationEnabled", {"enabled": True})
    page.js("delete window.ClipboardItem; true")
    page.click("#copy")
    ok = json.dumps(WORDS["Hans"]["ok"])
    _wait_for(page, f'document.getElementById("status").textContent === {ok}')
    clip = page.js(READ_CLIPBOARD)
    assert "富阳政协工作简报" in clip["text/html"] and "<h2 " in clip["text/html"]


def test_copy_page_loads_nothing(chrome: Browser, files: dict[str, Path]) -> None:
    page = chrome.page()
    page.send("Network.enable")
    page.viewport(PHONE, 800)
    page.open(files["all-nodes.zh-HK.wechat-page"])
    page.js("new Promise((done) => setTimeout(() => done(1), 300))")
    urls = [
        e["params"]["request"]["url"]
        for e in chrome.events
        if e.get("method") == "Network.requestWillBeSent" and e.get("sessionId") == page.session
    ]
    assert urls and all(u.startswith(("file:", "data:")) for u in urls), urls
    # the one script ran under the page's Content-Security-Policy (its hash is allowed)
    assert page.js('document.getElementById("status").textContent') == WORDS["Hant"]["hint"]
    blocked = page.js(
        """new Promise((done) => {
      document.addEventListener("securitypolicyviolation", () => done("blocked"));
      const img = new Image(); img.src = "https://example.com/x.png";
      setTimeout(() => done("loaded?"), 500);
    })"""
    )
    assert blocked == "blocked"
    page.close()
