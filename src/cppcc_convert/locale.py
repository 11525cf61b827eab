"""Language tags and editions: the one place that decides "Simplified or Traditional, which
region, which glyph forms, which quotation marks, which words the book prints".

``resolve(tag)`` turns any tag a document may carry (``zh-CN``, ``zh_TW``, ``zh-Hant-HK``,
``yue``, ``und``…) into a ``Locale``; ``api.render`` resolves it once per edition and every
writer reads ``ctx.locale``. No writer parses a language tag. ``normalize_tag`` is what the
reader applies to a front-matter ``lang``: BCP 47 casing, ``_`` accepted for ``-``, anything
that is no BCP 47 tag refused (the caller warns and uses ``zh-CN``).

The editions table is here too: each edition's OpenCC configuration (with and without
regional phrases, and for a Traditional source) and the language tag its outputs carry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Literal

from .errors import UsageError

Script = Literal["Hans", "Hant"]
Glyphs = Literal["SC", "TC", "HK"]  # the regional glyph forms of the fonts (faces 0/1/2)

DEFAULT_TAG = "zh-CN"
_SUBTAG = re.compile(r"^[A-Za-z0-9]{1,8}$")
_TRADITIONAL_REGIONS = frozenset({"TW", "HK", "MO"})
_HK_FORMS = frozenset({"HK", "MO"})
# Languages written in Traditional characters unless a tag says otherwise.
_TRADITIONAL_LANGUAGES = frozenset({"yue", "lzh", "nan", "hak"})


@dataclass(frozen=True)
class Labels:
    """Words a document prints around its content, in the edition's script."""

    toc: str
    guide: str
    untitled: str
    part: str  # "第{n}部分"
    start: str
    references: str
    attachment: str


_LABELS: dict[Script, Labels] = {
    "Hans": Labels("目录", "导览", "未命名", "第{n}部分", "正文", "引用链接", "附件"),
    "Hant": Labels("目錄", "導覽", "未命名", "第{n}部分", "正文", "引用連結", "附件"),
}


@dataclass(frozen=True)
class Locale:
    """What a language tag means for typesetting."""

    tag: str  # the tag the outputs carry (BCP 47, normalised)
    script: Script
    region: str  # upper-case region subtag, "" when none
    glyphs: Glyphs  # which regional glyph forms to print with
    word_lang: str  # the language Word knows (it has no script-only Chinese)
    quotes: tuple[str, str, str, str]  # primary open/close, secondary open/close
    labels: Labels

    @property
    def traditional(self) -> bool:
        """Whether the text is in Traditional characters."""
        return self.script == "Hant"

    @property
    def corner_quotes(self) -> bool:
        """Whether quotations are marked 「」『』 (Taiwan, Hong Kong, Macao)."""
        return self.quotes[0] == "「"


def normalize_tag(tag: str) -> str | None:
    """``tag`` in BCP 47 form (``zh_hant_tw`` -> ``zh-Hant-TW``), or None when it is none."""
    parts = tag.strip().replace("_", "-").split("-")
    if not parts or not all(_SUBTAG.match(p) for p in parts):
        return None
    language = parts[0]
    if not (language.isalpha() and 2 <= len(language) <= 8) and language.lower() not in ("x", "i"):
        return None
    out = [language.lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            out.append(part.title())
        elif (len(part) == 2 and part.isalpha()) or (len(part) == 3 and part.isdigit()):
            out.append(part.upper())
        else:
            out.append(part.lower())
    return "-".join(out)


@cache
def resolve(tag: str) -> Locale:
    """The Locale of any language tag; one that is no BCP 47 tag counts as ``zh-CN``."""
    normal = normalize_tag(tag) or DEFAULT_TAG
    parts = normal.split("-")
    language = parts[0]
    script_tag = next((p for p in parts[1:] if len(p) == 4 and p.isalpha()), "")
    region = next((p for p in parts[1:] if len(p) == 2 and p.isalpha()), "")
    script: Script
    if script_tag in ("Hans", "Hant"):
        script = script_tag  # type: ignore[assignment]
    elif region in _TRADITIONAL_REGIONS or language in _TRADITIONAL_LANGUAGES:
        script = "Hant"
    else:
        script = "Hans"
    hk_forms = region in _HK_FORMS or (language == "yue" and not region)
    glyphs: Glyphs = "SC" if script == "Hans" else ("HK" if hk_forms else "TC")
    if script == "Hans":
        word_lang = "zh-SG" if region == "SG" else "zh-CN"
    else:
        word_lang = {"HK": "zh-HK", "MO": "zh-MO"}.get(region, "zh-HK" if hk_forms else "zh-TW")
    corner = script == "Hant" and (region in _TRADITIONAL_REGIONS or hk_forms)
    quotes = ("「", "」", "『", "』") if corner else ("“", "”", "‘", "’")
    return Locale(normal, script, region, glyphs, word_lang, quotes, _LABELS[script])


# ------------------------------------------------------------------ editions


@dataclass(frozen=True)
class Edition:
    """One edition of a document: its name, the tag its outputs carry and its OpenCC
    configurations (plain, and with regional phrases, from a Simplified source; the variant
    forms only, from a Traditional one: phrase tables are for Simplified text)."""

    name: str
    lang: str | None  # None: the source's own tag (zh-Hans is the source, unchanged)
    opencc: str | None
    opencc_phrases: str | None
    opencc_traditional: str | None = None

    def config(self, phrases: bool, traditional: bool = False) -> str | None:
        """The OpenCC configuration this edition converts with (None: no conversion)."""
        if traditional:
            return self.opencc_traditional
        return self.opencc_phrases if phrases else self.opencc


EDITIONS: dict[str, Edition] = {
    "zh-Hans": Edition("zh-Hans", None, None, None),
    "zh-Hant": Edition("zh-Hant", "zh-Hant", "s2t", "s2t", None),
    "zh-TW": Edition("zh-TW", "zh-TW", "s2tw", "s2twp", "t2tw"),
    "zh-HK": Edition("zh-HK", "zh-HK", "s2hk", "s2hkp", "t2hk"),
}
EDITION_NAMES: tuple[str, ...] = tuple(EDITIONS)


def edition(name: str) -> Edition:
    """The edition called ``name`` (case-insensitive, ``_`` for ``-``); a usage error if none."""
    wanted = name.strip().replace("_", "-").lower()
    for key, value in EDITIONS.items():
        if key.lower() == wanted:
            return value
    raise UsageError(f"unknown edition {name!r} (choose from: {', '.join(EDITIONS)}, or all)")


def parse_editions(spec: str | list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """``"zh-Hans,zh-TW"``, ``["zh-tw"]`` or ``"all"`` -> edition names in canonical order,
    each once. Names match case-insensitively; a bad one is a usage error."""
    items = [spec] if isinstance(spec, str) else list(spec)
    names = [n.strip() for item in items for n in str(item).split(",") if n.strip()]
    if not names:
        raise UsageError(f"no edition given (choose from: {', '.join(EDITIONS)}, or all)")
    chosen: set[str] = set()
    for name in names:
        if name.lower() == "all":
            chosen.update(EDITIONS)
        else:
            chosen.add(edition(name).name)
    return tuple(e for e in EDITIONS if e in chosen)


def output_name(stem: str, edition_name: str, ext: str) -> str:
    """``<stem>.<ext>`` for zh-Hans, ``<stem>.<edition>.<ext>`` for the other editions."""
    name = edition(edition_name).name
    ext = ext.lstrip(".")
    return f"{stem}.{ext}" if name == "zh-Hans" else f"{stem}.{name}.{ext}"
