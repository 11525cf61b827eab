"""Decoding input bytes: UTF-8 (with or without BOM), UTF-16/32 with BOM, GB18030 or Big5.

Chinese offices still produce GBK and Big5 files. When bytes are not valid UTF-8 we decode them
both ways and keep the reading whose Han characters are the common ones of that script: real
GBK text is almost all GB2312 level-1 characters, real Big5 text almost all Big5 常用字; bytes
of one read as the other give rare characters.
"""

from __future__ import annotations

import codecs
from contextlib import suppress
from functools import cache

from .errors import ConvertError

# Decoded after the BOM with an explicit byte order, so error offsets count from the file start.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


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


def _common_share(text: str, common: frozenset[str]) -> float:
    han = [ch for ch in text if _is_han(ch)]
    if not han:
        return 0.0
    return sum(ch in common for ch in han) / len(han)


def decode(data: bytes, file: str | None = None) -> tuple[str, str]:
    """Return ``(text, encoding)``; raise ConvertError (with the byte offset) when the bytes
    are binary or in no encoding we read."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            family = name.removesuffix("-le").removesuffix("-be")
            try:
                return data[len(bom) :].decode(name), family
            except UnicodeDecodeError as exc:
                raise ConvertError(
                    f"invalid {family} text ({exc.reason})",
                    file=file,
                    offset=len(bom) + exc.start,
                    code="encoding",
                ) from None
    nul = data.find(b"\x00")
    if nul >= 0:
        raise ConvertError(
            "binary data (NUL byte), not a text document", file=file, offset=nul, code="binary"
        )
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    readings: list[tuple[float, str, str]] = []
    for name, common in (("gb18030", _gb2312_level1), ("big5", _big5_common)):
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        readings.append((_common_share(text, common()), name, text))
    if readings:
        readings.sort(key=lambda r: r[0], reverse=True)
        share, name, text = readings[0]
        if share >= 0.5:
            return text, name
    raise ConvertError(
        f"not UTF-8, GB18030 or Big5 text ({utf8_error.reason})",
        file=file,
        offset=utf8_error.start,
        code="encoding",
    )
