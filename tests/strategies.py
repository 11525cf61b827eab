"""Hypothesis strategies for hostile documents, and the settings profiles the robustness
tests use.

Profiles (``HYPOTHESIS_PROFILE`` picks one; only the robustness tests use them):
- ``robustness`` (default): few examples, derandomized, no deadline: CI stays within minutes.
- ``long``: many random examples, for a hand run (``HYPOTHESIS_PROFILE=long pytest
  tests/test_robustness*.py``): about half an hour on two cores.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st

settings.register_profile(
    "robustness",
    max_examples=80,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)
settings.register_profile(
    "long",
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)


def profile(scale: float = 1.0) -> settings:
    """The chosen profile, with ``max_examples`` scaled for cheap (>1) or dear (<1) tests."""
    base = settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "robustness"))
    chosen = settings(base, max_examples=max(1, round(base.max_examples * scale)))
    if os.environ.get("HYPOTHESIS_NO_SHRINK"):  # debugging by hand: the first failure, as is
        chosen = settings(chosen, phases=[Phase.explicit, Phase.reuse, Phase.generate])
    return chosen


# ------------------------------------------------------------------ characters

# Hand-picked troublemakers: each stands for a class of bugs seen in text tools.
SPECIAL_CHARS = (
    "\x00\x01\x08\x0b\x0c\x1b\x1f\x7f\x80\x85\x9f"  # C0/C1 controls, DEL, NEL
    "\u00a0\u3000\u2002\u2009\u200b\u202f\u2028\u2029\ufeff"  # NBSP, ideographic, odd spaces
    "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"  # bidi controls
    "\u0301\u0308\u20dd\u3099\ufe0f\U000e0100"  # combining marks, variation selectors
    "\ufffe\uffff\ufffd"  # noncharacters, replacement character
    "\ue000\uf8ff\U000f0000\U0010fffd"  # private use
    "\U00020000\U0002a6d6\U0002b740\U00030000\U00031350"  # CJK Ext B, C/D, G, H
    "\u05d0\u05e9\u0627\u0644"  # Hebrew, Arabic
    "𠮷𩸽鿿〇々〆"  # beyond the BMP, rare and odd ideographs
)
EMOJI = ("👨\u200d👩\u200d👧\u200d👦", "🏳\ufe0f\u200d🌈", "👍🏽", "🇨🇳", "❤\ufe0f", "1\ufe0f\u20e3")
LONE_SURROGATES = ("\ud800", "\udbff", "\udc00", "\udfff")
SAFE_CJK = "政协委员会议提案调研民主监督协商发展富阳区中国人民的工作报告年月日"
CJK_PUNCT = "，。、；：？！“”‘’（）《》【】…—·「」"

cjk_char = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
ext_b_and_beyond = st.characters(min_codepoint=0x20000, max_codepoint=0x323AF)
private_use = st.one_of(
    st.characters(min_codepoint=0xE000, max_codepoint=0xF8FF),
    st.characters(min_codepoint=0xF0000, max_codepoint=0x10FFFD),
)
combining = st.characters(categories=("Mn", "Me"))
controls = st.characters(categories=("Cc",))
any_char = st.characters(codec=None)  # surrogates excluded by default


def unicode_char(*, surrogates: bool = False) -> st.SearchStrategy[str]:
    """One character (or an emoji ZWJ sequence) from the interesting classes."""
    options = [
        cjk_char,
        cjk_char,
        st.sampled_from(SAFE_CJK + CJK_PUNCT),
        st.sampled_from("abcxyzABC019 ,.;:?!'\"/@%$"),
        st.sampled_from(SPECIAL_CHARS),
        st.sampled_from(EMOJI),
        ext_b_and_beyond,
        private_use,
        combining,
        controls,
        any_char,
    ]
    if surrogates:
        options.append(st.sampled_from(LONE_SURROGATES))
    return st.one_of(options)


def unicode_text(
    *, min_size: int = 0, max_size: int = 30, surrogates: bool = False
) -> st.SearchStrategy[str]:
    """Text made of the interesting characters."""
    return st.lists(unicode_char(surrogates=surrogates), min_size=min_size, max_size=max_size).map(
        "".join
    )


# ------------------------------------------------------------------ markup-looking text

INJECTIONS = (
    '<img src="/etc/passwd"/>',
    "<font color=red>红</font>",
    "<script>alert(1)</script>",
    "&xxe;",
    "]]>",
    "<w:t>x</w:t>",
    '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
    "<para>p</para>",
    "<b>粗</b>",
    "<br/>",
    "&amp;",
    "&#0;",
    "<![CDATA[x]]>",
    "<?xml version='1.0'?>",
    '<a href="javascript:alert(1)">x</a>',
)

# ------------------------------------------------------------------ Markdown structure

IMAGE_SRCS = (
    "img/photo.png",  # exists in the test folder
    "img/missing.png",
    "../outside.png",
    "/etc/passwd",
    "http://example.invalid/a.png",
    "https://example.invalid/a.png",
    "file:///etc/passwd",
    "data:image/png;base64,iVBORw0KGgo=",
    "img/fake.png",  # a text file named .png
    "",
)
LINK_URLS = (
    "https://example.invalid/路径?a=1&b=2",
    "javascript:alert(1)",
    "other.html#x",
    "mailto:a@example.invalid",
    "",
    "<>",
)


def _inline_atom(text: st.SearchStrategy[str], images: tuple[str, ...]) -> st.SearchStrategy[str]:
    return st.one_of(
        text,
        text,
        text.map(lambda s: f"*{s}*"),
        text.map(lambda s: f"**{s}**"),
        text.map(lambda s: f"~~{s}~~"),
        text.map(lambda s: f"`{s}`"),
        st.tuples(text, st.sampled_from(LINK_URLS)).map(lambda t: f"[{t[0]}]({t[1]})"),
        st.tuples(text, st.sampled_from(images)).map(lambda t: f"![{t[0]}]({t[1]})"),
        st.just("  \n"),
        st.just("\n"),
        st.sampled_from(INJECTIONS),
    )


def inline_md(
    text: st.SearchStrategy[str], images: tuple[str, ...] = IMAGE_SRCS, max_atoms: int = 8
) -> st.SearchStrategy[str]:
    """A run of Markdown inline syntax around ``text``."""
    return st.lists(_inline_atom(text, images), max_size=max_atoms).map("".join)


Lines = list[str]


def _prefix(lines: Lines, first: str, rest: str) -> Lines:
    return [(first if i == 0 else rest) + line if line else "" for i, line in enumerate(lines)]


def _join(blocks: list[Lines]) -> Lines:
    out: Lines = []
    for block in blocks:
        if out:
            out.append("")
        out += block
    return out


def leaf_blocks(
    text: st.SearchStrategy[str], images: tuple[str, ...] = IMAGE_SRCS
) -> st.SearchStrategy[Lines]:
    """Blocks without children: paragraphs, headings, code, tables, rules, images."""
    inline = inline_md(text, images)
    cell = inline_md(text, images, 3).map(lambda s: s.replace("\n", " "))
    paragraph = inline.map(lambda s: s.split("\n"))
    heading = st.tuples(st.integers(1, 7), inline).map(
        lambda t: ["#" * t[0] + " " + t[1].replace("\n", " ")]
    )
    long_line = st.tuples(st.integers(500, 6000), st.sampled_from(("长", "a", "长a ", "𠮷"))).map(
        lambda t: [t[1] * (t[0] // len(t[1]))]
    )
    code = st.lists(text, max_size=4).map("\n".join)
    fence = st.tuples(st.sampled_from(("", "python", "x y")), code).map(
        lambda t: ["```" + t[0], *t[1].split("\n"), "```"]
    )
    table = st.tuples(
        st.lists(cell, min_size=1, max_size=5),
        st.lists(st.sampled_from(("---", ":--", "--:", ":-:")), min_size=1, max_size=5),
        st.lists(st.lists(cell, max_size=7), max_size=5),
    ).map(_table)
    return st.one_of(
        paragraph,
        paragraph,
        heading,
        long_line,
        fence,
        table,
        st.just(["---"]),
        st.just(["##"]),  # an empty section
        st.tuples(text, st.sampled_from(images)).map(lambda t: [f"![{t[0]}]({t[1]})"]),
    )


def _table(parts: tuple[list[str], list[str], list[list[str]]]) -> Lines:
    header, aligns, rows = parts
    aligns = (aligns * len(header))[: len(header)]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(aligns) + "|"]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]  # ragged on purpose


def blocks_md(
    text: st.SearchStrategy[str],
    images: tuple[str, ...] = IMAGE_SRCS,
    max_leaves: int = 10,
    ordered: bool = True,
) -> st.SearchStrategy[Lines]:
    """Nested Markdown blocks (quotes and lists inside each other) as source lines."""

    def extend(children: st.SearchStrategy[Lines]) -> st.SearchStrategy[Lines]:
        group = st.lists(children, min_size=1, max_size=3).map(_join)
        quote = group.map(lambda lines: [f"> {x}" if x else ">" for x in lines])
        bullet = st.lists(group, min_size=1, max_size=3).map(
            lambda items: [x for item in items for x in _prefix(item, "- ", "  ")]
        )
        numbered = st.lists(group, min_size=1, max_size=3).map(
            lambda items: [x for item in items for x in _prefix(item, "1. ", "   ")]
        )
        return st.one_of(quote, bullet, numbered) if ordered else st.one_of(quote, bullet)

    return st.recursive(leaf_blocks(text, images), extend, max_leaves=max_leaves)


def deep_nesting(max_depth: int) -> st.SearchStrategy[Lines]:
    """A block nested ``depth`` quotes/lists deep, ``depth`` up to ``max_depth``."""

    def build(kinds: list[str]) -> Lines:
        lines = ["深处的文字。"]
        for kind in reversed(kinds):
            lines = [f"> {x}" for x in lines] if kind == ">" else _prefix(lines, "- ", "  ")
        return lines

    return st.lists(st.sampled_from((">", "-")), min_size=1, max_size=max_depth).map(build)


FRONT_MATTER = (
    "",
    "---\ntitle: 前言标题\nauthor: 吴璇\ndate: 2024-10-08\n---\n\n",
    '---\ntitle: "<b>&xxe;</b> \\0 \\ud800"\nauthors: [{name: "\\x01甲", role: 记者}]\n---\n\n',
    "---\ntitle: [1, 2]\nlang: zh-TW\nextra: {a: !!set {b, c}}\n---\n\n",
    "---\ndate: 2024-13-45\n---\n\n",  # a bad date: ConvertError
    "---\nx: .nan\ny: [.inf, -.inf]\nz: 1e400\n---\n\n",  # not JSON numbers
    "---\nlang: '\"><script>x</script>'\n---\n\n",
)


@st.composite
def markdown_documents(
    draw: st.DrawFn,
    *,
    text: st.SearchStrategy[str] | None = None,
    surrogates: bool = False,
    image_srcs: tuple[str, ...] = IMAGE_SRCS,
    max_leaves: int = 10,
    ordered: bool = True,
) -> str:
    """A whole Markdown document: maybe front matter, maybe a title, nested blocks."""
    if text is None:
        text = unicode_text(max_size=25, surrogates=surrogates)
    front = draw(st.sampled_from(FRONT_MATTER))
    title = draw(st.one_of(st.just(""), text.map(lambda s: "# " + s.replace("\n", " "))))
    body = draw(blocks_md(text, image_srcs, max_leaves=max_leaves, ordered=ordered))
    sections = [body]
    if draw(st.booleans()):
        sections.append(draw(deep_nesting(12)))
    lines = _join([[title], *sections] if title else sections)
    return front + "\n".join(lines) + "\n"


# ------------------------------------------------------------------ plain paragraphs

# Characters that are never Markdown syntax in the middle of a paragraph line: no
# * _ ` [ ] ( ) < > ! # & \ | ~ = + - . digits (a line "1." starts a list).
PLAIN_ALPHABET = st.one_of(
    cjk_char,
    st.sampled_from(SAFE_CJK + "，。、；？“”‘’《》【】…—·「」"),
    st.sampled_from("abcxyzABCXYZ ,;?'\"/@%$^"),
    st.sampled_from(SPECIAL_CHARS + "".join(EMOJI)),
    ext_b_and_beyond,
    private_use,
    combining,
)


def plain_paragraphs() -> st.SearchStrategy[list[str]]:
    """Paragraph lines of plain text only (no Markdown syntax at all)."""
    word = st.lists(PLAIN_ALPHABET, min_size=1, max_size=40).map("".join)
    return st.lists(word, min_size=1, max_size=6)


# ------------------------------------------------------------------ paths, values, dates (fuzz)

# Characters a contributor can put in a file name (anything but "/" and NUL): controls,
# newlines, workflow-command look-alikes, dots, spaces, wide and odd characters.
_NAME_PIECES = st.one_of(
    st.characters(codec="utf-8", exclude_characters="/\x00"),
    st.sampled_from(
        ("\n", "\r", "\x1b", "\u2028", "::", "::error file=x::", "##[error]", "..", ".", " ",
         "-", "%0A", "*", "?", "[", "]", "\\", "'", '"', "$(", "`", "{", "}", "~", "政协",
         "𠮷", "\u202e")
    ),
)  # fmt: skip


def file_names() -> st.SearchStrategy[str]:
    """File names a contributed folder may hold (``.md`` is added by the test)."""
    return st.lists(_NAME_PIECES, min_size=1, max_size=12).map("".join)


def stems() -> st.SearchStrategy[str]:
    """What a user may pass as ``--stem``: plain names and every way out of the folder."""
    return st.one_of(
        file_names(),
        st.sampled_from(("..", ".", "", "/", "../x", "a/../../b", "/tmp/x", "a\\b", "x" * 260)),
        st.lists(st.sampled_from(("..", "a", "/", "\\", ".", "b c")), max_size=6).map("".join),
    )


def globs() -> st.SearchStrategy[str]:
    """``--glob`` patterns: ordinary ones, ones with folders, and ones that climb out."""
    piece = st.sampled_from(("*", "?", "**", "..", "/", "\\", "a", ".md", "[!x]", "sub", " ", "~"))
    return st.one_of(
        st.sampled_from(("*.md", "*.txt", "sub/*.md", "*/*.md", "../*.md", "/etc/*", "**")),
        st.lists(piece, min_size=1, max_size=6).map("".join),
    )


def yaml_values(max_leaves: int = 6) -> st.SearchStrategy[object]:
    """Front-matter values of every YAML type: None, bools, huge and odd numbers, dates,
    datetimes, long and control-laden strings, lists and mappings of them."""
    import datetime as dt

    leaf = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(10**30), max_value=10**30),
        st.floats(allow_nan=True, allow_infinity=True),
        st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
        st.datetimes(min_value=dt.datetime(1, 1, 2), max_value=dt.datetime(9999, 12, 30)),
        unicode_text(max_size=20),
        st.sampled_from(("长" * 3000, "<b>x</b>", "&xxe;", "]]>", "zh_CN", "中文", "x" * 70)),
    )
    return st.recursive(
        leaf,
        lambda children: st.one_of(
            st.lists(children, max_size=3),
            st.dictionaries(st.sampled_from(("name", "role", "a", "1", "")), children, max_size=3),
        ),
        max_leaves=max_leaves,
    )


LANG_TAGS = (
    "zh-CN", "zh_CN", "zh-hant-tw", "ZH_hk", "中文", "zh-Hans-CN-x-abcdefghi", "en", "x-klingon",
    "i-default", "zh-", "-zh", "zh--CN", "1234", "", " ", "zh-TW\n", "<script>", "sgn-BE-FR",
    "zh-cmn-Hans-CN", "yue-HK", "zh-Latn-pinyin", "a", "toolongtag", "zh-419",
)  # fmt: skip


def front_matter() -> st.SearchStrategy[dict[str, object]]:
    """A front-matter mapping: the known keys with values of any type, and others."""
    keys = st.sampled_from(("title", "subtitle", "author", "authors", "date", "source", "x"))
    return st.builds(
        lambda values, lang: {**values, **({"lang": lang} if lang is not None else {})},
        st.dictionaries(keys, yaml_values(), max_size=5),
        st.one_of(st.none(), st.sampled_from(LANG_TAGS), yaml_values(2)),
    )


def date_strings() -> st.SearchStrategy[str]:
    """Dates as people and machines write them, and past every range."""
    year = st.one_of(st.integers(0, 99_999), st.sampled_from((1979, 1980, 2107, 2108, 9999)))
    sep = st.sampled_from(("-", "/", ".", "年", " "))

    def write(y: int, s: str, m: int, d: int) -> str:
        return f"{y:04d}年{m}月{d}日" if s == "年" else f"{y:04d}{s}{m:02d}{s}{d:02d}"

    return st.one_of(
        st.builds(write, year, sep, st.integers(0, 13), st.integers(0, 32)),
        unicode_text(max_size=12),
    )


def epoch_values() -> st.SearchStrategy[str]:
    """SOURCE_DATE_EPOCH as a CI job may set it: good, odd, out of range, junk."""
    return st.one_of(
        st.integers(0, 253_402_300_799).map(str),
        st.integers(-(10**25), 10**25).map(str),
        st.floats(allow_nan=True, allow_infinity=True).map(str),
        st.sampled_from(("", " ", "abc", "1.5", "1e10", "0x10", "+5", " 12 ", "１２", "9" * 30)),
        unicode_text(max_size=8),
    )


def hostile_urls() -> st.SearchStrategy[str]:
    """Link targets built from the pieces attackers use: schemes (some hidden), slashes and
    backslashes, hosts with odd characters, percent-escapes."""
    scheme = st.sampled_from(
        ("https:", "http:", "HTTPS:", "mailto:", "javascript:", "jav%09ascript:", "java\tscript:",
         "%6Aavascript:", "file:", "data:", "vbscript:", "smb:", "", " ")
    )  # fmt: skip
    slashes = st.sampled_from(("//", "\\\\", "/\\", "\\/", "///", "", "/"))
    host = st.sampled_from(
        ("example.invalid", "a\\b.example", "a b.example", "例子.测试", "[::1]", "[::1", "user@h",
         "h:99999", "h:80", "", "%65xample.invalid", "xn--fsqu00a.xn--0zwm56d")
    )  # fmt: skip
    path = st.sampled_from(("", "/", "/x?q=1#f", "/路径", "\\share", "/%2e%2e/", "/a b", "#x"))
    return st.builds(lambda *parts: "".join(parts), scheme, slashes, host, path)
