"""The link policy as a table written out here: what each address becomes (live external
link, in-document link, or plain text), judged by the rules of docs and the WHATWG URL
standard, not by links.py's own scheme list."""

from __future__ import annotations

import pytest

from cppcc_convert.links import classify

IDS = frozenset({"here", "第一章"})

# (address, kind, href for an external link / anchor for an internal one)
TABLE: tuple[tuple[str, str, str], ...] = (
    ("https://example.invalid/a?b=1&c=2#d", "external", "https://example.invalid/a?b=1&c=2#d"),
    ("http://example.invalid", "external", "http://example.invalid"),
    ("HTTPS://Example.invalid/", "external", "HTTPS://Example.invalid/"),
    ("https://example.invalid/路径", "external", "https://example.invalid/%E8%B7%AF%E5%BE%84"),
    ("https://example.invalid/a b", "external", "https://example.invalid/a%20b"),
    ("mailto:a@example.invalid", "external", "mailto:a@example.invalid"),
    ("#here", "internal", "here"),
    ("#第一章", "internal", "第一章"),
    # plain text: in-document anchors naming nothing, relative paths, empty addresses
    ("#nowhere", "text", ""),
    ("docs/guide.md", "text", ""),
    ("", "text", ""),
    ("   ", "text", ""),
    ("mailto:", "text", ""),
    ("mailto:nobody", "text", ""),
    ("http://", "text", ""),
    ("http://host:99999/", "text", ""),
    # never live: every scheme but http, https and mailto, with or without a host
    ("file:///etc/passwd", "text", ""),
    ("file://server/share/x.docx", "text", ""),
    ("FILE://server/share", "text", ""),
    ("smb://server/share", "text", ""),
    ("ftp://example.invalid/x", "text", ""),
    ("tel:+861234", "text", ""),
    ("javascript:alert(1)", "text", ""),
    ("JavaScript:alert(1)", "text", ""),
    (" javascript:alert(1)", "text", ""),
    ("vbscript:x", "text", ""),
    ("data:text/html,x", "text", ""),
    # forms Windows opens as SMB connections, and schemes hidden from a naive check
    ("//server/share", "text", ""),
    ("\\\\server\\share", "text", ""),
    ("http:\\\\server\\share", "text", ""),
    ("jav%09ascript:alert(1)", "text", ""),
    ("java\tscript:alert(1)", "text", ""),
    ("java%0Ascript:alert(1)", "text", ""),
)


@pytest.mark.parametrize(("url", "kind", "where"), TABLE, ids=[repr(t[0]) for t in TABLE])
def test_link_policy_table(url: str, kind: str, where: str) -> None:
    target = classify(url, IDS)
    assert target.kind == kind
    if kind == "external":
        assert (target.href, target.anchor) == (where, "")
    elif kind == "internal":
        assert (target.anchor, target.href) == (where, "")
    else:
        assert (target.href, target.anchor) == ("", "")
        assert target.reason


@pytest.mark.parametrize(
    "url",
    ["javascript:x", "file://server/share", "//server/share", "\\\\server\\share", "#nowhere"],
)
def test_dangerous_or_broken_links_are_warnings(url: str) -> None:
    """What a reader would not expect to lose (or that could harm them) is a warning."""
    assert classify(url, IDS).level == "warning"


@pytest.mark.parametrize("url", ["docs/guide.md", ""])
def test_harmless_text_links_are_info(url: str) -> None:
    assert classify(url, IDS).level == "info"
