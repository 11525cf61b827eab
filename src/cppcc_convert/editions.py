"""Traditional-Chinese editions: a Document -> Document transform applied before any writer.

==========  ==================  ==================  ====================  ===============
edition     OpenCC config       with ``phrases``    Traditional source    quotation marks
==========  ==================  ==================  ====================  ===============
zh-Hans     (none: the source)  (none)              (none: the source)    as written
zh-Hant     ``s2t``             ``s2t``             (none: as written)    as written
zh-TW       ``s2tw``            ``s2twp``           ``t2tw``              「」『』
zh-HK       ``s2hk``            ``s2hkp``           ``t2hk``              「」『』
==========  ==================  ==================  ====================  ===============

A source is Traditional when its ``meta.lang`` resolves to the Hant script: declared in the
front matter, or detected by the reader (script.py). Its editions only change variant forms
(``t2tw``/``t2hk``; ``phrases`` is ignored: the phrase tables are for Simplified text), so
a Traditional text keeps its words (余, 咸, 公布 stay). The table itself lives in
``locale.EDITIONS``; the quotation marks come from the edition's ``Locale``. The glossary (the
built-in one for government text, then the user's) wins over OpenCC; the built-in one, whose
terms are Simplified, is not applied to a Traditional source. OpenCC is imported on first
use and each converter built once per process. See docs/editions.md.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from .errors import UsageError
from .locale import EDITIONS, edition, output_name, parse_editions, resolve
from .model import Document
from .options import Options

if TYPE_CHECKING:  # the glossary and the text converter load only for a Traditional edition
    from .editions_glossary import Glossary, GlossaryEntry, load_glossary

__all__ = [
    "EDITIONS",
    "Glossary",
    "GlossaryEntry",
    "apply_edition",
    "get_converter",
    "load_glossary",
    "output_name",
    "parse_editions",
]

QUOTE_MODES: tuple[str, ...] = ("localize", "keep")

_converters: dict[str, Any] = {}
_lock = threading.Lock()


def get_converter(config: str) -> Any:
    """The process-wide OpenCC converter for ``config`` (built once: 100-300 ms each)."""
    converter = _converters.get(config)
    if converter is not None:
        return converter
    with _lock:
        converter = _converters.get(config)
        if converter is None:
            import opencc  # lazy: the C extension and its dictionaries load on first use

            converter = opencc.OpenCC(f"{config}.json")
            _converters[config] = converter
    return converter


def __getattr__(name: str) -> Any:
    """``Glossary``, ``GlossaryEntry`` and ``load_glossary``, imported on first use."""
    if name in ("Glossary", "GlossaryEntry", "load_glossary"):
        from . import editions_glossary

        return getattr(editions_glossary, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _glossary(options: Options, traditional: bool) -> Glossary:
    from .editions_glossary import Glossary, default_glossary, user_glossary

    builtin = options.default_glossary and not traditional  # its terms are Simplified
    glossary = default_glossary() if builtin else Glossary()
    if options.glossary is not None:
        glossary = glossary + user_glossary(options.glossary)
    return glossary


def apply_edition(doc: Document, name: str, options: Options) -> Document:
    """``doc`` as the named edition: converted text, localised quotes, ``meta.lang`` set.

    zh-Hans returns ``doc`` itself. Unbalanced quotation marks are left as they are and
    reported as ``quotes-unbalanced`` warnings appended to the returned diagnostics.
    """
    chosen = edition(name)
    traditional = resolve(doc.meta.lang).traditional
    config = chosen.config(options.phrases, traditional)
    if chosen.lang is None:
        return doc
    if config is None:  # a Traditional source's zh-Hant edition: only its label changes
        return replace(doc, meta=replace(doc.meta, lang=chosen.lang))
    if options.quotes not in QUOTE_MODES:
        raise UsageError(
            f"unknown quotes mode {options.quotes!r} (choose from: {', '.join(QUOTE_MODES)})"
        )
    from .editions_glossary import matcher_for
    from .editions_text import TextConverter

    locale = resolve(chosen.lang)
    text = TextConverter(
        convert=get_converter(config).convert,
        matcher=matcher_for(_glossary(options, traditional), chosen.name),
        edition=chosen.name,
        localize=options.quotes == "localize" and locale.corner_quotes,
    )
    return text.document(doc, chosen.lang)
