"""WeChat Official Account output (issue 18), without a browser: the format, the editor's
tag and CSS sets, phone typography, editions, links, images, the copy page, batch use and
reproducibility. tests/test_wechat_browser.py renders the same files in Chromium."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

import cppcc_convert
from cppcc_convert.errors import UsageError
from cppcc_convert.locale import output_name
from cppcc_convert.model import (
    Document,
    Figure,
    Heading,
    InlineImage,
    Link,
    Meta,
    Paragraph,
    Text,
)
from cppcc_convert.writers import EXTENSIONS, WRITERS
from cppcc_convert.writers.wechat_page import content_security_policy, script
from cppcc_convert.writers.wechat_render import code_html, is_wechat_link, readable_url
from cppcc_convert.writers.wechat_theme import THEMES, theme
from epub_helpers import all_nodes_doc, make_png
from wechat_support import (
    XHTML,
    article_of,
    declarations,
    edition_doc,
    editor_problems,
    expected_text,
    render,
    squash,
)

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
EDITIONS = ("zh-Hans", "zh-Hant", "zh-TW", "zh-HK")


@pytest.fixture
def img_dir(tmp_path: Path) -> Path:
    make_png(tmp_path / "img" / "photo.png")
    return tmp_path


def style_of(el: etree._Element) -> dict[str, str]:
    return dict(declarations(el.get("style", "")))


def px(value: str) -> float:
    assert value.endswith("px"), value
    return float(value[:-2])


# ------------------------------------------------------------------ the format


def test_format_in_the_writer_table_and_its_file_names() -> None:
    assert WRITERS["wechat"] == "cppcc_convert.writers.wechat:write"
    assert WRITERS["wechat-page"] == "cppcc_convert.writers.wechat_page:write"
    assert output_name("fuyang", "zh-Hans", EXTENSIONS["wechat"]) == "fuyang.wechat.html"
    assert output_name("fuyang", "zh-TW", EXTENSIONS["wechat"]) == "fuyang.zh-TW.wechat.html"
    page = output_name("fuyang", "zh-HK", EXTENSIONS["wechat-page"])
    assert page == "fuyang.zh-HK.wechat-page.html"


@pytest.mark.parametrize("edition", EDITIONS)
def test_only_what_the_editor_keeps(
    edition: str, sample_doc: Document, rich_doc: Document, img_dir: Path
) -> None:
    for doc, base in ((sample_doc, None), (rich_doc, DATA), (all_nodes_doc(), img_dir)):
        for name in THEMES:
            data, _ = render(doc, edition=edition, base=base, wechat_theme=name)
            text = data.decode("utf-8")
            assert "<style" not in text and "<script" not in text and "<link" not in text
            assert " class=" not in text and " id=" not in text
            section = article_of(data)
            assert etree.QName(section).localname == "section"
            assert editor_problems(section) == [], (edition, name)


def test_every_character_in_order(sample_doc: Document, rich_doc: Document, img_dir: Path) -> None:
    for doc, base in ((sample_doc, None), (rich_doc, DATA), (all_nodes_doc(), img_dir)):
        for edition in EDITIONS:
            data, _ = render(doc, edition=edition, base=base)
            label = "引用链接" if edition == "zh-Hans" else "引用連結"
            want = expected_text(edition_doc(doc, edition), label)
            assert squash("".join(article_of(data).itertext())) == squash(want), edition


def test_byte_reproducible(sample_doc: Document, rich_doc: Document) -> None:
    for fmt in ("wechat", "wechat-page"):
        for doc, base in ((sample_doc, None), (rich_doc, DATA)):
            first = render(doc, fmt, edition="zh-TW", base=base)[0]
            assert render(doc, fmt, edition="zh-TW", base=base)[0] == first


# ------------------------------------------------------------------ typography


def _by_tag(section: etree._Element, tag: str) -> list[etree._Element]:
    return list(section.iter(f"{XHTML}{tag}"))


@pytest.mark.parametrize("name", list(THEMES))
def test_phone_typography(name: str, rich_doc: Document) -> None:
    section = article_of(render(rich_doc, base=DATA, wechat_theme=name)[0])
    body = [p for p in _by_tag(section, "p") if style_of(p).get("text-indent") == "2em"]
    assert body, "body paragraphs are indented two characters"
    for p in body:
        s = style_of(p)
        assert 15 <= px(s["font-size"]) <= 17
        assert 1.7 <= float(s["line-height"]) <= 1.8
        assert s["text-align"] == "justify"
        assert px(s["margin"].split()[2]) >= 12, "paragraph spacing"
        assert s["color"]  # the editor resets a paragraph's colour: each sets its own
    title = _by_tag(section, "h1")[0]
    assert px(style_of(title)["font-size"]) > px(style_of(body[0])["font-size"])
    assert style_of(title)["font-weight"] == "bold"
    byline = next(p for p in _by_tag(section, "p") if p.text == "记者 吴璇\u3000通讯员 张三")
    assert style_of(byline)["text-align"] == "center"
    assert px(style_of(byline)["font-size"]) < px(style_of(body[0])["font-size"])
    # three heading levels look different (h2 carries its label in a span)
    h2, h3 = _by_tag(section, "h2")[0], _by_tag(section, "h3")[0]
    looks = {
        json.dumps(style_of(h), sort_keys=True) for h in (title, h2, h3, _by_tag(h2, "span")[0])
    }
    assert len(looks) == 4
    caption = _by_tag(section, "figcaption")[0]
    cs = style_of(caption)
    assert cs["text-align"] == "center"
    assert px(cs["font-size"]) < px(style_of(body[0])["font-size"])
    # quotes, tables and code fit a phone: no indent in quotes, tables scroll, code wraps
    quote_p = _by_tag(_by_tag(section, "blockquote")[0], "p")[0]
    assert style_of(quote_p)["text-indent"] == "0"
    table_wrap = _by_tag(section, "table")[0].getparent()
    assert style_of(table_wrap)["overflow-x"] == "auto"
    assert style_of(_by_tag(section, "table")[0])["width"] == "100%"
    pre = style_of(_by_tag(section, "pre")[0])
    assert pre["white-space"] == "pre-wrap" and pre["word-break"] == "break-all"


def test_colours_and_sizes_come_from_the_theme(rich_doc: Document) -> None:
    red = render(rich_doc, base=DATA, wechat_theme="red")[0].decode()
    blue = render(rich_doc, base=DATA, wechat_theme="BLUE")[0].decode()
    assert theme("red").accent in red and theme("red").accent not in blue
    assert theme("blue").accent in blue
    ink = render(rich_doc, base=DATA, wechat_theme="ink")[0]
    first = next(
        p for p in _by_tag(article_of(ink), "p") if style_of(p).get("text-indent") == "2em"
    )
    assert style_of(first)["font-size"] == f"{theme('ink').body_px}px"
    with pytest.raises(UsageError, match=r"unknown WeChat theme 'pink'.*red, blue, ink"):
        theme("pink")


def test_indents_are_optional(rich_doc: Document) -> None:
    data = render(rich_doc, base=DATA, wechat_indent=False)[0]
    assert b"text-indent: 2em" not in data
    assert b"text-align: justify" in data


@pytest.mark.parametrize("edition", ["zh-TW", "zh-HK"])
def test_corner_quotes_in_taiwan_and_hong_kong(edition: str, sample_doc: Document) -> None:
    text = "".join(article_of(render(sample_doc, edition=edition)[0]).itertext())
    assert "「" in text and "」" in text
    assert "“" not in text and "”" not in text
    hans = "".join(article_of(render(sample_doc)[0]).itertext())
    assert "“" in hans and "「" not in hans


# ------------------------------------------------------------------ links


def _link_doc() -> Document:
    t = Text
    return Document(
        Meta(title="链接"),
        (
            Heading(2, (t("第一节"),), id="第一节"),
            Paragraph(
                (
                    t("见"),
                    Link((t("政协网站"),), "https://www.example.org/%E6%94%BF%E5%8D%8F?q=%20"),
                    t("和"),
                    Link((t("往期文章"),), "https://mp.weixin.qq.com/s/abcDEF"),
                    t("、"),
                    Link((t("假冒"),), "https://mp.weixin.qq.com.evil.example/s/x"),
                    t("、"),
                    Link((t("本节"),), "#第一节"),
                    t("、"),
                    Link((t("脚本"),), "javascript:alert(1)"),
                    t("，再见"),
                    Link((t("网站"),), "https://www.example.org/%E6%94%BF%E5%8D%8F?q=%20"),
                    t("与"),
                    Link((t("https://a.cn/"),), "https://a.cn/"),
                    t("。"),
                )
            ),
        ),
    )


def test_links_become_numbered_references() -> None:
    data, _ = render(_link_doc())
    section = article_of(data)
    para = _by_tag(section, "p")[0]
    text = "".join(para.itertext())
    # the same address keeps its number; a WeChat look-alike host is no WeChat link
    assert text == "见政协网站[1]和往期文章、假冒[2]、本节、脚本，再见网站[1]与https://a.cn/[3]。"
    links = _by_tag(section, "a")
    assert [a.get("href") for a in links] == ["https://mp.weixin.qq.com/s/abcDEF"]
    assert links[0].text == "往期文章"
    refs = _by_tag(section, "section")[-1]
    lines = ["".join(p.itertext()) for p in _by_tag(refs, "p")]
    assert lines == [
        "引用链接",
        "[1] 政协网站：https://www.example.org/政协?q=%20",
        "[2] 假冒：https://mp.weixin.qq.com.evil.example/s/x",
        "[3] https://a.cn/",
    ]
    marks = [s for s in _by_tag(para, "sup")]
    assert [m.text for m in marks] == ["[1]", "[2]", "[1]", "[3]"]
    traditional = render(_link_doc(), edition="zh-TW")[0].decode()
    assert "引用連結" in traditional


def test_no_references_no_list(sample_doc: Document) -> None:
    data = render(sample_doc)[0].decode()
    assert "引用链接" not in data and "[1]" not in data


def test_wechat_hosts_and_readable_addresses() -> None:
    assert is_wechat_link("https://mp.weixin.qq.com/s/x")
    assert is_wechat_link("http://MP.WEIXIN.QQ.COM/s?__biz=1")
    assert not is_wechat_link("https://mp.weixin.qq.com.evil.cn/s")
    assert not is_wechat_link("https://weixin.qq.com/")
    assert not is_wechat_link("javascript://mp.weixin.qq.com/%0aalert(1)")
    assert readable_url("https://a.cn/%E6%94%BF%E5%8D%8F/%20%2F") == "https://a.cn/政协/%20%2F"
    assert readable_url("https://a.cn/%E2%80%AE") == "https://a.cn/%E2%80%AE"  # bidi stays
    assert readable_url("https://a.cn/%FF%FE") == "https://a.cn/%FF%FE"


# ------------------------------------------------------------------ images


def _image_doc(src: str) -> Document:
    return Document(
        Meta(title="图片"),
        (Figure(InlineImage(src, "替代文字"), (Text("图片说明"),)), Paragraph((Text("正文。"),))),
    )


def test_local_images_are_embedded_as_data_uris(img_dir: Path) -> None:
    data, diags = render(_image_doc("img/photo.png"), base=img_dir)
    (img,) = _by_tag(article_of(data), "img")
    src = img.get("src")
    assert src.startswith("data:image/png;base64,")
    assert base64.b64decode(src.split(",", 1)[1]) == (img_dir / "img" / "photo.png").read_bytes()
    assert not [d for d in diags if d.level != "info"]


def test_images_the_editor_does_not_take_are_left_for_upload(tmp_path: Path) -> None:
    from PIL import Image

    big = tmp_path / "big.png"
    Image.frombytes("RGB", (1100, 1100), os.urandom(1100 * 1100 * 3)).save(big)
    assert big.stat().st_size > 2 * 1024 * 1024
    data, diags = render(_image_doc("big.png"), base=tmp_path)
    section = article_of(data)
    assert not _by_tag(section, "img")
    assert "".join(_by_tag(section, "figcaption")[0].itertext()) == "图片说明"
    (warning,) = [d for d in diags if d.code == "wechat-image"]
    assert warning.level == "warning" and "big.png" in warning.message
    assert "over the 2 MB" in warning.message and "upload it by hand" in warning.message
    try:
        Image.new("RGB", (8, 8)).save(tmp_path / "small.webp", format="WEBP")
    except (KeyError, OSError):
        return  # Pillow without WebP
    data, diags = render(_image_doc("small.webp"), base=tmp_path)
    assert not _by_tag(article_of(data), "img")
    assert any(d.code == "wechat-image" and "WEBP" in d.message for d in diags)


def test_strict_fails_on_an_image_left_out(tmp_path: Path) -> None:
    from PIL import Image

    Image.frombytes("RGB", (1100, 1100), os.urandom(1100 * 1100 * 3)).save(tmp_path / "b.png")
    (tmp_path / "a.md").write_text("# 题\n\n![说明](b.png)\n", encoding="utf-8")
    doc = cppcc_convert.load(tmp_path / "a.md")
    with pytest.raises(cppcc_convert.ConvertError, match="wechat-image"):
        cppcc_convert.render(
            doc, "wechat", options=cppcc_convert.Options(strict=True), base_dir=tmp_path
        )


# ------------------------------------------------------------------ code


def test_code_keeps_its_layout_through_a_paste() -> None:
    html = code_html("def f():\n\tif a < b:\n        return 1\n\n")
    assert html == (
        "def\u00a0f():<br/>\u00a0\u00a0\u00a0\u00a0if\u00a0a\u00a0&lt;\u00a0b:<br/>"
        + "\u00a0" * 8
        + "return\u00a01<br/>"
    )


# ------------------------------------------------------------------ the copy page


def test_copy_page_holds_the_article_and_loads_nothing(rich_doc: Document) -> None:
    article = render(rich_doc, base=DATA, edition="zh-TW")[0].decode()
    page = render(rich_doc, "wechat-page", base=DATA, edition="zh-TW")[0].decode()
    section = article[article.index("<section") : article.rindex("</section>") + 10]
    assert section in page, "the page shows exactly the article of the .wechat.html file"
    root = etree.fromstring(page.encode())  # polyglot: well-formed XML too
    (button,) = root.iter(f"{XHTML}button")
    assert button.text == "複製"
    scripts = list(root.iter(f"{XHTML}script"))
    assert len(scripts) == 1 and scripts[0].get("src") is None
    code = scripts[0].text
    assert code == script(cppcc_convert.locale.resolve("zh-TW"))
    assert "navigator.clipboard.write" in code and '"text/html"' in code
    csp = root.find(f".//{XHTML}meta[@http-equiv='Content-Security-Policy']").get("content")
    assert csp == content_security_policy(code)
    digest = base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in csp and csp.startswith("default-src 'none'")
    assert "connect-src" not in csp  # falls back to 'none': no fetch, no XHR, no beacons
    for el in root.iter():
        for name in ("src", "href", "action", "data"):
            value = el.get(name)
            assert value is None or value.startswith("data:image/"), (el.tag, value)
    assert "http://" not in code and "https://" not in code


def test_copy_page_words_follow_the_script(sample_doc: Document) -> None:
    hans = render(sample_doc, "wechat-page")[0].decode()
    assert ">复制</button>" in hans and "复制到公众号" in hans
    assert ">複製</button>" in render(sample_doc, "wechat-page", edition="zh-HK")[0].decode()


# ------------------------------------------------------------------ batch, CLI, manifest


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cppcc_convert", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_batch_jobs_and_manifest(tmp_path: Path) -> None:
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    shutil.copy(ROOT / "samples" / "fuyang-cppcc.md", src / "fuyang.md")
    shutil.copy(DATA / "rich.md", src / "sub" / "rich.md")
    shutil.copytree(DATA / "img", src / "sub" / "img")
    runs = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        manifest = tmp_path / f"m{jobs}.json"
        args = ["in", "--to", "wechat", "--wechat-page", "--edition", "zh-Hans,zh-TW"]
        proc = _cli(
            *args, "-o", out.name, "--jobs", jobs, "--manifest", manifest.name, cwd=tmp_path
        )
        assert proc.returncode == 0, proc.stderr
        files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
        assert files == [
            "fuyang.wechat-page.html",
            "fuyang.wechat.html",
            "fuyang.zh-TW.wechat-page.html",
            "fuyang.zh-TW.wechat.html",
            "sub/rich.wechat-page.html",
            "sub/rich.wechat.html",
            "sub/rich.zh-TW.wechat-page.html",
            "sub/rich.zh-TW.wechat.html",
        ]
        data = json.loads(manifest.read_text(encoding="utf-8"))
        assert data["formats"] == ["wechat", "wechat-page"]
        entries = [o for i in data["inputs"] for o in i["outputs"]]
        assert {(o["format"], o["edition"]) for o in entries} == {
            (f, e) for f in ("wechat", "wechat-page") for e in ("zh-Hans", "zh-TW")
        }
        for o in entries:
            body = (tmp_path / o["path"]).read_bytes()
            assert o["sha256"] == hashlib.sha256(body).hexdigest() and o["size"] == len(body)
        runs[jobs] = {Path(o["path"]).name + o["edition"]: o["sha256"] for o in entries}
    assert runs["1"] == runs["2"], "the same bytes in one process and in two"


def test_cli_options_and_single_file_names(tmp_path: Path) -> None:
    shutil.copy(DATA / "rich.md", tmp_path / "rich.md")
    shutil.copytree(DATA / "img", tmp_path / "img")
    proc = _cli("rich.md", "-o", "a.wechat.html", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert b"<section style=" in (tmp_path / "a.wechat.html").read_bytes()
    proc = _cli("rich.md", "--to", "wechat", "-o", "b.html", "--wechat-theme", "blue", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert theme("blue").accent.encode() in (tmp_path / "b.html").read_bytes()
    proc = _cli("rich.md", "--to", "html", "-o", "c.wechat.html", cwd=tmp_path)
    assert (
        proc.returncode == 0 and b'class="titlepage"' in (tmp_path / "c.wechat.html").read_bytes()
    )
    proc = _cli("rich.md", "--to", "wechat", "--wechat-theme", "pink", "-o", "d", cwd=tmp_path)
    assert proc.returncode == 2
    assert "unknown WeChat theme 'pink' (choose from: red, blue, ink)" in proc.stderr
    (tmp_path / "cppcc-convert.toml").write_text(
        'to = ["wechat"]\nwechat-theme = "ink"\nwechat-indent = false\nwechat-page = true\n',
        encoding="utf-8",
    )
    proc = _cli("rich.md", "-o", "e", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    article = (tmp_path / "e" / "rich.wechat.html").read_bytes()
    assert b"text-indent: 2em" not in article and f"{theme('ink').body_px}px".encode() in article
    assert (tmp_path / "e" / "rich.wechat-page.html").exists()
    proc = _cli("--list-formats", cwd=tmp_path)
    assert re.search(r"^wechat$", proc.stdout, re.M) and "wechat-page" in proc.stdout


def test_an_official_document_keeps_all_its_parts() -> None:
    """A 公文's parts live in the model's metadata, not its blocks: the article prints them
    in GB/T 9704's order around the body (the 版头 above the title, the 主送 under it, then
    the 附件说明, 署名, 成文日期, 附注 and 版记), and no byline date under the title."""
    from official_text import official_head, official_tail, official_to

    root = Path(__file__).resolve().parent.parent
    doc = cppcc_convert.load(root / "samples" / "official-notice.md")
    official = doc.meta.official
    assert official is not None
    data, _ = render(doc)
    article = article_of(data)
    shown = squash("".join(article.itertext()))
    from cppcc_convert.model import inline_text

    assert all(isinstance(b, (Heading, Paragraph)) for b in doc.blocks)  # the sample's kinds
    body = squash("".join(inline_text(b.inlines) for b in doc.blocks))  # type: ignore[attr-defined]
    want = squash(
        "".join([*official_head(official), doc.meta.title, *official_to(official)])
        + body
        + "".join(official_tail(official))
    )
    han = re.compile(r"[\u3400-\u9fff]")
    assert han.findall(shown) == han.findall(want)
    issuer = next(el for el in article.iter() if squash("".join(el.itertext())) == official.issuer)
    assert "#e60012" in issuer.get("style", "")  # the red 发文机关标志
    assert "class" not in data.decode() and "<style" not in data.decode()
