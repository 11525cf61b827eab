"""Full-width punctuation: ASCII , ; : ? ! ( ) next to Chinese characters.

Text copied out of PDFs often carries ASCII punctuation between Han characters. A mark is
changed only when a neighbour is Chinese (curly quotes are looked through, since English uses
them too); never between two digits (1,000  3.5  12:30), never inside URLs or e-mail
addresses, and never inside code (Code inlines are not visited). Parentheses are changed in
pairs so （…） never ends up half ASCII.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .model import Code, Emph, Inline, InlineImage, Inlines, LineBreak, Link, Strike, Strong, Text
from .text import is_cjk

FULL_WIDTH = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
_TRANSPARENT = "“”‘’\"'"
_PROTECTED = re.compile(
    r"(?:[A-Za-z][A-Za-z0-9+.-]*://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+"
    r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"
)


def _flatten(inlines: Inlines) -> str:
    # Same offsets as model.inline_text, except an inline image counts as one neutral char.
    out: list[str] = []
    for node in inlines:
        match node:
            case Text(text=t) | Code(text=t):
                out.append(t)
            case Emph(children=c) | Strong(children=c) | Strike(children=c) | Link(children=c):
                out.append(_flatten(c))
            case LineBreak():
                out.append("\n")
            case InlineImage():
                out.append(" ")
    return "".join(out)


_MARKS = re.compile(r"[,;:?!()]")


def _neighbour(full: str, i: int, step: int) -> str:
    i += step
    if 0 <= i < len(full) and full[i] not in _TRANSPARENT:  # the usual case, no loop
        return full[i]
    while 0 <= i < len(full) and full[i] in _TRANSPARENT:
        i += step
    return full[i] if 0 <= i < len(full) else ""


def _changes(full: str, code_spans: list[range]) -> dict[int, str]:
    """Positions in ``full`` whose ASCII mark becomes full-width."""
    protected = code_spans
    if "://" in full or "www." in full or "@" in full:  # what _PROTECTED needs to match
        protected = [range(m.start(), m.end()) for m in _PROTECTED.finditer(full)] + code_spans
    changes: dict[int, str] = {}
    stack: list[int] = []
    pairs: list[tuple[int, int]] = []
    for mark in _MARKS.finditer(full):  # only the marks, not every character
        i, ch = mark.start(), mark.group()
        if protected and any(i in span for span in protected):
            continue
        if ch == "(":
            stack.append(i)
            continue
        if ch == ")":
            if stack:
                pairs.append((stack.pop(), i))
            elif is_cjk(_neighbour(full, i, -1)) or is_cjk(_neighbour(full, i, 1)):
                changes[i] = FULL_WIDTH[ch]
            continue
        before, after = _neighbour(full, i, -1), _neighbour(full, i, 1)
        if before.isdigit() and after.isdigit():
            continue
        if is_cjk(before) or is_cjk(after):
            changes[i] = FULL_WIDTH[ch]
    for i in stack:  # unpaired "("
        if is_cjk(_neighbour(full, i, -1)) or is_cjk(_neighbour(full, i, 1)):
            changes[i] = FULL_WIDTH["("]
    for start, end in pairs:
        touching = (
            _neighbour(full, start, -1),
            _neighbour(full, start, 1),
            _neighbour(full, end, -1),
            _neighbour(full, end, 1),
        )
        if any(is_cjk(ch) for ch in touching):
            changes[start], changes[end] = "（", "）"
    return changes


def fix_punctuation(inlines: Inlines, report: Callable[[str], None]) -> Inlines:
    """Return ``inlines`` with ASCII marks in Chinese context made full-width, calling
    ``report`` with a message for every mark changed."""
    full = _flatten(inlines)
    if not _MARKS.search(full):
        return inlines
    code_spans: list[range] = []
    _collect_code(inlines, 0, code_spans)
    changes = _changes(full, code_spans)
    if not changes:
        return inlines
    for i in sorted(changes):
        context = full[max(0, i - 6) : i + 7].replace("\n", " ")
        report(f"{full[i]!r} -> {changes[i]!r} in {context!r}")
    rebuilt, _ = _rebuild(inlines, 0, changes)
    return rebuilt


def _collect_code(inlines: Inlines, offset: int, spans: list[range]) -> int:
    for node in inlines:
        match node:
            case Code(text=t):
                spans.append(range(offset, offset + len(t)))
                offset += len(t)
            case Text(text=t):
                offset += len(t)
            case Emph(children=c) | Strong(children=c) | Strike(children=c) | Link(children=c):
                offset = _collect_code(c, offset, spans)
            case LineBreak() | InlineImage():
                offset += 1
    return offset


def _rebuild(inlines: Inlines, offset: int, changes: dict[int, str]) -> tuple[Inlines, int]:
    if len(inlines) == 1 and type(inlines[0]) is Text:  # most paragraphs: one text node
        text = inlines[0].text
        chars = list(text)
        for i, ch in changes.items():
            if offset <= i < offset + len(text):
                chars[i - offset] = ch
        return (Text("".join(chars)),), offset + len(text)
    out: list[Inline] = []
    for node in inlines:
        match node:
            case Text(text=t):
                here = [i - offset for i in changes if offset <= i < offset + len(t)]
                if here:
                    chars = list(t)
                    for k in here:
                        chars[k] = changes[offset + k]
                    t = "".join(chars)
                out.append(Text(t))
                offset += len(node.text)
            case Code(text=t):
                out.append(node)
                offset += len(t)
            case Emph() | Strong() | Strike() | Link():
                kids, offset = _rebuild(node.children, offset, changes)
                out.append(_with_children(node, kids))
            case LineBreak() | InlineImage():
                out.append(node)
                offset += 1
    return tuple(out), offset


def _with_children(node: Emph | Strong | Strike | Link, kids: Inlines) -> Inline:
    from dataclasses import replace

    return replace(node, children=kids)
