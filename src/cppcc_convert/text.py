"""Character classes for Chinese text (no dependencies)."""

from __future__ import annotations

import re
import unicodedata

# Sentence-final punctuation: a paragraph ending in one of these is complete.
SENTENCE_END = frozenset("。！？…!?")
# Closers that may follow sentence-final punctuation: 。” 。）
CLOSERS = frozenset("”’」』）》〕】〉)\"'")
OPENERS_TO_CLOSERS = {"“": "”", "「": "」", "《": "》", "（": "）", "‘": "’", "『": "』"}
_UNCLOSED = tuple((o, c) for o, c in OPENERS_TO_CLOSERS.items() if o in "“「《（")


def has_unclosed(text: str) -> bool:
    """More “ 「 《 or （ than their closers: a sentence left open (the rejoin repair)."""
    return any(o in text and text.count(o) > text.count(c) for o, c in _UNCLOSED)


def is_han(ch: str) -> bool:
    """A Han ideograph (URO, Ext A-H, compatibility)."""
    if not ch:
        return False
    cp = ord(ch)
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0x20000 <= cp <= 0x323AF
        or 0xF900 <= cp <= 0xFAFF
        or 0x2F800 <= cp <= 0x2FA1F
        or cp == 0x3007
    )


def is_cjk_punct(ch: str) -> bool:
    """CJK symbols and punctuation, full-width forms, and the Chinese quotation marks."""
    if not ch:
        return False
    cp = ord(ch)
    return 0x3000 <= cp <= 0x303F or 0xFF00 <= cp <= 0xFFEF or ch in "“”‘’…—·"


def is_cjk(ch: str) -> bool:
    """A character of Chinese text: a Han ideograph or CJK punctuation."""
    return is_han(ch) or is_cjk_punct(ch) or _is_kana_hangul(ch)


def _is_kana_hangul(ch: str) -> bool:
    if not ch:
        return False
    cp = ord(ch)
    return 0x3040 <= cp <= 0x30FF or 0xAC00 <= cp <= 0xD7AF


# ``is_cjk`` as one character class, for scans over whole texts (CJK_CHAR.match(ch) is one C
# call where is_cjk is three Python ones): the same ranges, in code point order.
CJK_CHAR = re.compile(
    "[\u00b7\u2014\u2018\u2019\u201c\u201d\u2026\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\U00020000-\U000323af\U0002f800-\U0002fa1f]"
)


# Characters XML 1.0 forbids (they crash the DOCX and EPUB writers): C0 controls but tab,
# LF and CR; lone surrogates; U+FFFE and U+FFFF. The one definition every module uses.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def is_xml_illegal(ch: str) -> bool:
    """A character XML 1.0 forbids."""
    return XML_ILLEGAL.match(ch) is not None


def char_name(ch: str) -> str:
    """U+XXXX NAME for messages."""
    cp = ord(ch)
    if 0xD800 <= cp <= 0xDFFF:
        kind = "lone surrogate"
    elif cp in (0xFFFE, 0xFFFF):
        kind = "noncharacter"
    else:
        kind = "control"
    return f"U+{cp:04X} {unicodedata.name(ch, kind)}"


_CLAUSE_GAP = re.compile(r"(?<=\S)[ \u3000]+(?=\S)")


def headline_lines(title: str) -> list[str]:
    """A Chinese headline's clauses: a space between two Chinese characters is where a
    newspaper breaks the headline (以“政协之为”服务“发展之要” 在产业强区主战略中勇挑大梁), so
    writers set each clause on its own line instead of breaking mid-phrase. Spaces between
    Latin words stay spaces."""
    lines: list[str] = []
    start = 0
    for gap in _CLAUSE_GAP.finditer(title):
        if is_cjk(title[gap.start() - 1]) and is_cjk(title[gap.end()]):
            lines.append(title[start : gap.start()])
            start = gap.end()
    lines.append(title[start:])
    return [line for line in (part.strip() for part in lines) if line]


_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u0085]")


def clip(text: str, n: int = 24) -> str:
    """``text`` cut to ``n`` characters for a message, an ellipsis marking the cut."""
    return text if len(text) <= n else text[: n - 1] + "…"


def safe_location(name: str) -> str:
    """A file name as a message's first word: one line, and never a CI workflow command
    (GitHub reads a line starting with ``::`` as one, and ``##[`` as a legacy one):
    ``./::x.md``."""
    name = one_line(name)
    return f"./{name}" if name.startswith((":", "#")) else name


def one_line(text: str) -> str:
    """``text`` with newlines and other control characters escaped (``\\n``, ``\\x1b``), so a
    message naming a user's file can never start a new line of output."""
    if not _UNPRINTABLE.search(text):
        return text
    return _UNPRINTABLE.sub(_escape_char, text)


def _escape_char(match: re.Match[str]) -> str:
    ch = match.group(0)
    named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
    if ch in named:
        return named[ch]
    return f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"
