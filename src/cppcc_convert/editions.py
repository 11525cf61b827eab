"""Traditional-Chinese editions: a Document -> Document transform applied before any writer.

==========  =====================  ======================  ===============
edition     OpenCC config          with ``phrases``        quotation marks
==========  =====================  ======================  ===============
zh-Hans     (none: the source)     (none)                  as written
zh-Hant     ``s2t``                ``s2t``                 as written
zh-TW       ``s2tw``               ``s2twp``               「」『』
zh-HK       ``s2hk``               ``s2hkp``               「」『』
==========  =====================  ======================  ===============

The glossary (the built-in one for government text, then the user's) wins over OpenCC.
OpenCC is imported on first use and each converter built once per process. See
docs/editions.md.
"""

from __future__ import annotations

import threading
from typing import Any

from .editions_glossary import (
    Glossary,
    GlossaryEntry,
    default_glossary,
    load_glossary,
    matcher_for,
    user_glossary,
)
from .editions_text import TextConverter
from .errors import ConvertError
from .model import Document
from .options import EDITIONS, Options

__all__ = [
    "EDITIONS",
    "EDITION_LANG",
    "Glossary",
    "GlossaryEntry",
    "apply_edition",
    "get_converter",
    "load_glossary",
    "opencc_config",
    "output_name",
    "parse_editions",
]

# zh-Hans keeps the source document's own lang (usually zh-CN); this value is only its default.
EDITION_LANG: dict[str, str] = {
    "zh-Hans": "zh-CN",
    "zh-Hant": "zh-Hant",
    "zh-TW": "zh-TW",
    "zh-HK": "zh-HK",
}
QUOTE_MODES: tuple[str, ...] = ("localize", "keep")

_CONFIGS: dict[str, tuple[str, str]] = {  # edition -> (config, config with phrases)
    "zh-Hant": ("s2t", "s2t"),
    "zh-TW": ("s2tw", "s2twp"),
    "zh-HK": ("s2hk", "s2hkp"),
}
_LOCALIZED_QUOTES = frozenset({"zh-TW", "zh-HK"})

_converters: dict[str, Any] = {}
_lock = threading.Lock()


def _valid() -> str:
    return ", ".join(EDITIONS)


def _check(edition: str) -> None:
    if edition not in EDITIONS:
        raise ConvertError(f"unknown edition {edition!r} (valid: {_valid()})", code="usage")


def opencc_config(edition: str, phrases: bool = False) -> str:
    """The OpenCC configuration name (``s2tw`` …) an edition uses."""
    _check(edition)
    if edition == "zh-Hans":
        raise ConvertError("zh-Hans is the source text and has no OpenCC config", code="usage")
    plain, with_phrases = _CONFIGS[edition]
    return with_phrases if phrases else plain


def get_converter(config: str) -> Any:
    """The process-wide OpenCC converter for ``config`` (built once: 100-300 ms each)."""
    converter = _converters.get(config)
    if converter is not None:
        return converter
    with _lock:
        converter = _converters.get(config)
        if converter is None:
            import opencc  # lazy: the C extension and its dictionaries load on first use

            # The ".json" form is accepted by every opencc release we support (1.1.7+).
            converter = opencc.OpenCC(f"{config}.json")
            _converters[config] = converter
    return converter


def _glossary(options: Options) -> Glossary:
    glossary = default_glossary() if options.default_glossary else Glossary()
    if options.glossary is not None:
        glossary = glossary + user_glossary(options.glossary)
    return glossary


def apply_edition(doc: Document, edition: str, options: Options) -> Document:
    """``doc`` as the given edition: converted text, localised quotes, ``meta.lang`` set.

    zh-Hans returns ``doc`` itself. Unbalanced quotation marks are left as they are and
    reported as ``quotes-unbalanced`` warnings appended to the returned diagnostics.
    """
    _check(edition)
    if edition == "zh-Hans":
        return doc
    if options.quotes not in QUOTE_MODES:
        raise ConvertError(
            f"unknown quotes mode {options.quotes!r} (valid: {', '.join(QUOTE_MODES)})",
            code="usage",
        )
    converter = get_converter(opencc_config(edition, options.phrases))
    text = TextConverter(
        convert=converter.convert,
        matcher=matcher_for(_glossary(options), edition),
        edition=edition,
        localize=options.quotes == "localize" and edition in _LOCALIZED_QUOTES,
    )
    return text.document(doc, EDITION_LANG[edition])


def output_name(stem: str, edition: str, ext: str) -> str:
    """``<stem>.<ext>`` for zh-Hans, ``<stem>.<edition>.<ext>`` for the other editions."""
    _check(edition)
    ext = ext.lstrip(".")
    return f"{stem}.{ext}" if edition == "zh-Hans" else f"{stem}.{edition}.{ext}"


def parse_editions(spec: str) -> tuple[str, ...]:
    """``"zh-Hans,zh-TW"`` or ``"all"`` -> editions in canonical order, each once.

    Names are matched case-insensitively (BCP 47); a bad name is a usage error.
    """
    by_lower = {e.lower(): e for e in EDITIONS}
    chosen: set[str] = set()
    names = [n.strip() for n in spec.split(",") if n.strip()]
    if not names:
        raise ConvertError(f"no edition given (valid: {_valid()}, or all)", code="usage")
    for name in names:
        if name.lower() == "all":
            chosen.update(EDITIONS)
        elif name.lower() in by_lower:
            chosen.add(by_lower[name.lower()])
        else:
            raise ConvertError(
                f"unknown edition {name!r} (valid: {_valid()}, or all)", code="usage"
            )
    return tuple(e for e in EDITIONS if e in chosen)
