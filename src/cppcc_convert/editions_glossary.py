"""Glossaries for the Traditional editions: terms that must convert one fixed way.

A glossary is a UTF-8 TSV file, one entry a line::

    # comment
    source<TAB>target
    source<TAB>target<TAB>zh-TW,zh-HK

``source`` is the term as written in the (Simplified) input; ``target`` replaces it in the
edition; the optional third column names the editions the row applies to (all Traditional
editions when absent, empty or ``*``). To keep a term unchanged, repeat it as its target. Terms
are matched longest first; a glossary term is never passed to OpenCC. See docs/editions.md.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .errors import UsageError

TRADITIONAL: tuple[str, ...] = ("zh-Hant", "zh-TW", "zh-HK")
DEFAULT_GLOSSARY = "glossary-gov.tsv"


@dataclass(frozen=True)
class GlossaryEntry:
    """One row: ``source`` becomes ``target`` in the listed editions."""

    source: str
    target: str
    editions: tuple[str, ...] = TRADITIONAL
    line: int = 0


@dataclass(frozen=True)
class Glossary:
    """Glossary rows in file order; later rows (and later glossaries) win."""

    entries: tuple[GlossaryEntry, ...] = ()
    file: str = ""

    def terms(self, edition: str) -> dict[str, str]:
        """``source -> target`` for one edition."""
        return {e.source: e.target for e in self.entries if edition in e.editions}

    def __add__(self, other: Glossary) -> Glossary:
        """Both glossaries; ``other``'s rows win over this one's."""
        return Glossary(self.entries + other.entries, other.file or self.file)


def parse_glossary(text: str, file: str) -> Glossary:
    """Parse glossary TSV text; a bad line raises a UsageError naming ``file:line``."""
    entries: list[GlossaryEntry] = []
    seen: dict[tuple[str, str], GlossaryEntry] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip("\r\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        entry = _parse_line(line, file, number)
        for edition in entry.editions:
            prior = seen.get((entry.source, edition))
            if prior is not None and prior.target != entry.target:
                raise _bad(
                    file,
                    number,
                    f"{entry.source!r} already maps to {prior.target!r} for {edition} "
                    f"(line {prior.line})",
                )
            seen[(entry.source, edition)] = entry
        entries.append(entry)
    return Glossary(tuple(entries), file)


def _parse_line(line: str, file: str, number: int) -> GlossaryEntry:
    cells = line.split("\t")
    if len(cells) < 2:
        hint = " (columns are separated by a TAB, not spaces)" if " " in line.strip() else ""
        raise _bad(file, number, f"expected source<TAB>target{hint}")
    if len(cells) > 3:
        raise _bad(file, number, f"expected 2 or 3 TAB-separated columns, found {len(cells)}")
    source, target = cells[0].strip(), cells[1].strip()
    if not source:
        raise _bad(file, number, "empty source term")
    if not target:
        raise _bad(file, number, f"empty target for {source!r} (repeat the term to keep it)")
    editions = _parse_editions(cells[2] if len(cells) == 3 else "", file, number)
    return GlossaryEntry(source, target, editions, number)


def _parse_editions(cell: str, file: str, number: int) -> tuple[str, ...]:
    names = [n.strip() for n in cell.split(",") if n.strip()]
    if not names or names == ["*"]:
        return TRADITIONAL
    by_lower = {e.lower(): e for e in TRADITIONAL}
    out: list[str] = []
    for name in names:
        edition = by_lower.get(name.lower())
        if edition is None:
            valid = ", ".join(TRADITIONAL)
            raise _bad(file, number, f"unknown edition {name!r} (valid: {valid}, or *)")
        out.append(edition)
    return tuple(e for e in TRADITIONAL if e in out)


def _bad(file: str, number: int, message: str) -> UsageError:
    return UsageError(f"bad glossary line: {message}", file=file, line=number)


def load_glossary(path: Path) -> Glossary:
    """Read a glossary TSV file (UTF-8, a BOM allowed)."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        message = f"cannot read glossary: {exc.strerror}"
        raise UsageError(message, file=str(path)) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise UsageError("glossary is not UTF-8", file=str(path), line=line) from None
    return parse_glossary(text, str(path))


@functools.cache
def default_glossary() -> Glossary:
    """The built-in government-text glossary (package data)."""
    ref = resources.files("cppcc_convert") / "data" / DEFAULT_GLOSSARY
    return parse_glossary(ref.read_text(encoding="utf-8"), f"{DEFAULT_GLOSSARY} (built-in)")


@functools.lru_cache(maxsize=16)
def _cached_user_glossary(path: str, mtime_ns: int, size: int) -> Glossary:
    return load_glossary(Path(path))


def user_glossary(path: Path) -> Glossary:
    """``load_glossary`` cached by path and modification time (editions share one parse)."""
    try:
        st = Path(path).stat()
    except OSError:
        return load_glossary(path)  # raises the readable error
    return _cached_user_glossary(str(path), st.st_mtime_ns, st.st_size)


# --------------------------------------------------------------------------- matching


class Matcher:
    """Splits text at glossary terms, longest term first at each position."""

    def __init__(self, terms: Mapping[str, str]) -> None:
        self.terms = dict(terms)
        ordered = sorted(self.terms, key=lambda t: (-len(t), t))
        self._re = re.compile("|".join(map(re.escape, ordered))) if ordered else None

    def split(self, text: str) -> Iterable[tuple[str, str | None]]:
        """``(chunk, target)`` pairs covering ``text``; ``target`` is None for plain text."""
        if self._re is None:
            yield text, None
            return
        pos = 0
        for m in self._re.finditer(text):
            if m.start() > pos:
                yield text[pos : m.start()], None
            yield m.group(), self.terms[m.group()]
            pos = m.end()
        if pos < len(text):
            yield text[pos:], None


@functools.lru_cache(maxsize=32)
def matcher_for(glossary: Glossary, edition: str) -> Matcher:
    """The compiled matcher of one glossary for one edition."""
    return Matcher(glossary.terms(edition))
