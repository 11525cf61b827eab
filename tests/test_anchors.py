"""Heading ids and in-document links, judged against ids written out by hand (GitHub's slugs
as github.com shows them), never against ``anchors.slug`` itself."""

from __future__ import annotations

from cppcc_convert import parse
from cppcc_convert.anchors import with_ids
from cppcc_convert.model import Document, Heading, Link, Meta, Paragraph, Text


def _ids(doc: Document) -> list[str]:
    return [b.id for b in doc.blocks if isinstance(b, Heading)]


def _codes(doc: Document) -> list[tuple[str, int | None]]:
    """The diagnostics but the genre note every document gets (issue 14)."""
    return [(d.code, d.line) for d in doc.diagnostics if d.code != "genre"]


def test_explicit_id_is_kept_without_a_warning() -> None:
    doc = parse("# 题\n\n## 第一章 链接 {#ch1}\n\n正文。\n", file="a.md")
    assert _ids(doc) == ["ch1"]
    assert _codes(doc) == []


def test_repeated_explicit_id_is_numbered_with_one_warning() -> None:
    doc = parse("# 题\n\n## 甲 {#ch1}\n\n正文。\n\n## 乙 {#ch1}\n", file="a.md")
    assert _ids(doc) == ["ch1", "ch1-1"]
    assert _codes(doc) == [("heading-id", 7)]


def test_github_slugs() -> None:
    headings = ["一、总则", "1.1 小节", "安装", "安装", "安装", "Install Guide"]
    text = "# 题\n\n" + "".join(f"## {h}\n\n" for h in headings)
    assert _ids(parse(text)) == ["一总则", "11-小节", "安装", "安装-1", "安装-2", "install-guide"]


def test_html_anchor_reserves_its_id() -> None:
    doc = parse('# 题\n\n<a name="x"></a>文字。\n\n## x\n')
    assert _ids(doc) == ["x-1"]


def test_links_resolve_to_the_exact_id() -> None:
    text = (
        "# 题\n\n## 安装\n\n## Install Guide\n\n## 一、总则\n\n"
        "见[甲](#%E5%AE%89%E8%A3%85)、[乙](#install-GUIDE)、[丙](#一、总则)、[丁](#安装指南)。\n"
    )
    doc = parse(text, file="a.md")
    last = doc.blocks[-1]
    assert isinstance(last, Paragraph)
    urls = [n.url for n in last.inlines if isinstance(n, Link)]
    assert urls[:3] == ["#安装", "#install-guide", "#一总则"]
    assert _codes(doc) == [("link-target", 9)]
    (missing,) = [d for d in doc.diagnostics if d.code == "link-target"]
    assert "'#安装指南'" in missing.message


def test_with_ids_keeps_the_ids_a_model_has() -> None:
    doc = Document(Meta(), (Heading(2, (Text("甲"),), id="a"), Heading(2, (Text("a"),))))
    assert _ids(with_ids(doc)) == ["a", "a-1"]
