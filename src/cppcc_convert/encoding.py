"""Decoding input bytes: UTF-8 (with or without BOM), UTF-16/32 with BOM, GB18030 or Big5.

Chinese offices still produce GBK and Big5 files. When bytes are not valid UTF-8 we decode them
both ways and keep the reading whose Han characters are the common ones of that script: real
GBK text is almost all GB2312 level-1 characters, real Big5 text almost all Big5 常用字; bytes
of one read as the other give rare characters.
"""

from __future__ import annotations

import codecs
import re
from contextlib import suppress
from functools import cache

from .errors import InputError, UsageError
from .model import Diagnostic

# Decoded after the BOM with an explicit byte order, so error offsets count from the file start.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@cache
def _gb2312_level1() -> frozenset[str]:
    # Level-1 hanzi: rows 0xB0-0xD7 (3,755 most common Simplified characters).
    chars = set()
    for hi in range(0xB0, 0xD8):
        for lo in range(0xA1, 0xFF):
            with suppress(UnicodeDecodeError):
                chars.add(bytes((hi, lo)).decode("gb2312"))
    return frozenset(chars)


@cache
def _big5_common() -> frozenset[str]:
    # 常用字: 0xA440-0xC67E (5,401 most common Traditional characters).
    chars = set()
    for hi in range(0xA4, 0xC7):
        for lo in (*range(0x40, 0x7F), *range(0xA1, 0xFF)):
            if (hi, lo) > (0xC6, 0x7E):
                break
            with suppress(UnicodeDecodeError):
                chars.add(bytes((hi, lo)).decode("big5"))
    return frozenset(chars)


# Punctuation both scripts use: a right reading has these where a wrong one has kana, Greek,
# box drawing or rare characters.
_PUNCTUATION = frozenset("，。、；：？！“”‘’（）《》〈〉「」『』【】—…·　％")
_SHORT = 12  # fewer non-ASCII characters than this cannot tell GB18030 from Big5 reliably
_MARGIN = 0.25


def _expected_share(text: str, common: frozenset[str]) -> float:
    """Of the non-ASCII characters, the share a real text of that script is made of."""
    wide = [ch for ch in text if ord(ch) > 0x7F and not ch.isspace()]
    if not wide:
        return 0.0
    return sum(ch in common or ch in _PUNCTUATION for ch in wide) / len(wide)


def _wide_count(text: str) -> int:
    return sum(1 for ch in text if ord(ch) > 0x7F)


_FORCED = {"utf-8": "utf-8-sig", "gb18030": "gb18030", "big5": "big5", "big5hkscs": "big5hkscs"}


def decode(
    data: bytes, file: str | None = None, forced: str = "auto"
) -> tuple[str, str, list[Diagnostic]]:
    """Return ``(text, encoding, notes)``; raise InputError (with the byte offset) when the
    bytes are binary or in no encoding we read. ``forced`` names an encoding to use instead of
    guessing. A guess between GB18030 and Big5 that is not clear-cut is a warning."""
    if forced != "auto":
        return _decode_forced(data, file, forced)
    marked = _decode_bom(data, file)
    if marked is not None:
        return marked
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError("binary data (NUL byte), not a text document", file=file, offset=nul)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc  # read on outside the handler: an InputError there chains nothing
    else:
        return text, "utf-8", _utf8_doubts(data, text, file)
    return _decode_chinese(data, file, utf8_error)


def _decode_bom(data: bytes, file: str | None) -> tuple[str, str, list[Diagnostic]] | None:
    """Text that starts with a byte order mark, in the encoding the mark names; None without
    one."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            family = name.removesuffix("-le").removesuffix("-be")
            try:
                return data[len(bom) :].decode(name), family, []
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"invalid {family} text ({exc.reason})", file=file, offset=len(bom) + exc.start
                ) from None
    return None


def _decode_chinese(
    data: bytes, file: str | None, utf8_error: UnicodeDecodeError
) -> tuple[str, str, list[Diagnostic]]:
    """Bytes that are not UTF-8, read as GB18030 or Big5, whichever has more common
    characters; notes say which, and warn when the choice is not clear-cut."""
    readings: list[tuple[float, str, str]] = []
    for name, common in (("gb18030", _gb2312_level1), ("big5", _big5_common)):
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        readings.append((_expected_share(text, common()), name, text))
    if not readings:
        raise InputError(
            f"not UTF-8, GB18030 or Big5 text ({utf8_error.reason})",
            file=file,
            offset=utf8_error.start,
        )
    readings.sort(key=lambda r: r[0], reverse=True)
    share, name, text = readings[0]
    other = readings[1] if len(readings) > 1 else None
    return text, name, _guess_notes(share, name, text, other, file)


def _guess_notes(
    share: float, name: str, text: str, other: tuple[float, str, str] | None, file: str | None
) -> list[Diagnostic]:
    """What a guessed encoding's reading says: the encoding, and a warning when the other
    reading came close or few characters are common ones."""
    notes = [Diagnostic("info", "encoding", f"decoded as {name.upper()}", None, file)]
    unclear = share < 0.8 or _wide_count(text) < _SHORT
    if other is not None and (unclear or share - other[0] < _MARGIN):
        notes.append(
            Diagnostic(
                "warning",
                "encoding-ambiguous",
                f"these bytes read as {name.upper()} or as {other[1].upper()}; chose "
                f"{name.upper()} ({share:.0%} common characters against {other[0]:.0%}): "
                f"if that is wrong, pass --encoding {other[1]}",
                None,
                file,
            )
        )
    elif share < 0.5:
        notes.append(
            Diagnostic(
                "warning",
                "encoding-ambiguous",
                f"decoded as {name.upper()}, but few characters are common ones: check the "
                "text, or pass --encoding",
                None,
                file,
            )
        )
    return notes


_LATIN_WORD = re.compile(r"[A-Za-z][\u0080-\u07ff]|[\u0080-\u07ff][A-Za-z]")


def _utf8_doubts(data: bytes, text: str, file: str | None) -> list[Diagnostic]:
    """Short GBK or Big5 text can be valid UTF-8 by chance (谢谢 in GBK is UTF-8 "лл"). When
    the UTF-8 reading has no Chinese at all and another reading is common Chinese, say so."""
    # The cheap tests first (each returns what the list below would): a long Chinese text is
    # settled at its first CJK character instead of a pass over every character. (No pattern
    # for "CJK and beyond": compiling a class up to U+10FFFF takes ~10 ms in every process.)
    if text.isascii() or any(ord(ch) >= 0x2E80 for ch in text):
        return []
    wide = [ch for ch in text if ord(ch) > 0x7F]
    if len(wide) > 64:
        return []
    if _LATIN_WORD.search(text):  # é in Café: a European word, not two GBK bytes
        return []
    for name, common in (("gb18030", _gb2312_level1), ("big5", _big5_common)):
        try:
            other = data.decode(name)
        except UnicodeDecodeError:
            continue
        share = _expected_share(other, common())
        if share >= 0.8:
            sample = "".join(ch for ch in other if ord(ch) > 0x7F)[:12]
            return [
                Diagnostic(
                    "warning",
                    "encoding-ambiguous",
                    f"these bytes read as UTF-8 ({''.join(wide[:12])!r}, no Chinese) or as "
                    f"{name.upper()} ({sample!r}); chose UTF-8: if that is wrong, pass "
                    f"--encoding {name}",
                    None,
                    file,
                )
            ]
    return []


def _decode_forced(data: bytes, file: str | None, forced: str) -> tuple[str, str, list[Diagnostic]]:
    codec = _FORCED.get(forced.lower())
    if codec is None:
        raise UsageError(f"unknown encoding {forced!r} (choose from: auto, {', '.join(_FORCED)})")
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not {forced.upper()} text ({exc.reason})", file=file, offset=exc.start
        ) from None
    return text, forced.lower(), []
