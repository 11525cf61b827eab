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
from .text import CJK_CHAR

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
# The start of each message, by mark: f"{mark!r} -> {FULL_WIDTH[mark]!r} in "
_SAID = {mark: f"{mark!r} -> {full!r} in " for mark, full in FULL_WIDTH.items()}
_cjk = CJK_CHAR.match  # is_cjk as one C call: "" and every other character give None


def _neighbour(full: str, i: int, step: int) -> str:
    i += step
    if 0 <= i < len(full) and full[i] not in _TRANSPARENT:  # the usual case, no loop
        return full[i]
    while 0 <= i < len(full) and full[i] in _TRANSPARENT:
        i += step
    return full[i] if 0 <= i < len(full) else ""


def _changes(full: str, code_spans: list[range]) -> tuple[dict[int, str], int]:
    """Positions in ``full`` whose ASCII mark becomes full-width, and how many marks it has."""
    protected = code_spans
    if "://" in full or "www." in full or "@" in full:  # what _PROTECTED needs to match
        protected = [range(m.start(), m.end()) for m in _PROTECTED.finditer(full)] + code_spans
    changes: dict[int, str] = {}
    stack: list[int] = []
    pairs: list[tuple[int, int]] = []
    marks = _MARKS.finditer(full)  # only the marks, not every character
    end, count = len(full) - 1, 0
    for mark in marks:
        i, count = mark.start(), count + 1
        ch = full[i]
        if protected and any(i in span for span in protected):
            continue
        if ch == "(":
            stack.append(i)
            continue
        # the neighbours, looking through quotes (_neighbour) only when one is there
        before = full[i - 1] if i else ""
        if not before or before in _TRANSPARENT:
            before = _neighbour(full, i, -1)
        after = full[i + 1] if i < end else ""
        if not after or after in _TRANSPARENT:
            after = _neighbour(full, i, 1)
        if ch == ")":
            if stack:
                pairs.append((stack.pop(), i))
            elif _cjk(before) or _cjk(after):
                changes[i] = "）"
            continue
        if before.isdigit() and after.isdigit():
            continue
        if _cjk(before) or _cjk(after):
            changes[i] = FULL_WIDTH[ch]
    for i in stack:  # unpaired "("
        if _cjk(_neighbour(full, i, -1)) or _cjk(_neighbour(full, i, 1)):
            changes[i] = "（"
    for start, stop in pairs:
        touching = (
            _neighbour(full, start, -1),
            _neighbour(full, start, 1),
            _neighbour(full, stop, -1),
            _neighbour(full, stop, 1),
        )
        if any(_cjk(ch) for ch in touching):
            changes[start], changes[stop] = "（", "）"
    return changes, count


def fix_punctuation(inlines: Inlines, report: Callable[[str], None]) -> Inlines:
    """Return ``inlines`` with ASCII marks in Chinese context made full-width, calling
    ``report`` with a message for every mark changed."""
    fixed, messages = punctuate(inlines)
    for message in messages:
        report(message)
    return fixed


def punctuate(inlines: Inlines) -> tuple[Inlines, list[str]]:
    """``inlines`` with ASCII marks in Chinese context made full-width, and a message for
    every mark changed, in text order (``inlines`` itself and no message when none is)."""
    if len(inlines) == 1 and type(inlines[0]) is Text:  # most paragraphs: one text node
        full = inlines[0].text
        if not _MARKS.search(full):
            return inlines, []
        changes, count = _changes(full, [])
        if not changes:
            return inlines, []
        fixed = _changed(full, changes, 0) if count > len(changes) else _all_changed(full)
        return (Text(fixed),), _messages(full, changes)
    full = _flatten(inlines)
    if not _MARKS.search(full):
        return inlines, []
    code_spans: list[range] = []
    _collect_code(inlines, 0, code_spans)
    changes, _ = _changes(full, code_spans)
    if not changes:
        return inlines, []
    rebuilt, _ = _rebuild(inlines, 0, changes)
    return rebuilt, _messages(full, changes)


def _messages(full: str, changes: dict[int, str]) -> list[str]:
    """The message of each change, in text order: the mark, its full-width form and up to
    six characters either side (newlines shown as spaces)."""
    if "\n" in full:
        return [
            _SAID[full[i]] + repr(full[i - 6 if i > 6 else 0 : i + 7].replace("\n", " "))
            for i in sorted(changes)
        ]
    return [_SAID[full[i]] + repr(full[i - 6 if i > 6 else 0 : i + 7]) for i in sorted(changes)]


def _all_changed(text: str) -> str:
    """``text`` with every ASCII mark full-width (str.replace: str.translate is ~50 times
    slower on a Chinese text)."""
    for mark, wide in FULL_WIDTH.items():
        if mark in text:
            text = text.replace(mark, wide)
    return text


def _changed(text: str, changes: dict[int, str], offset: int) -> str:
    """``text`` (starting at ``offset`` of the flattened text) with its changes made."""
    here = sorted(i - offset for i in changes if offset <= i < offset + len(text))
    if not here:
        return text
    parts: list[str] = []
    last = 0
    for k in here:
        parts += (text[last:k], changes[offset + k])
        last = k + 1
    parts.append(text[last:])
    return "".join(parts)


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
    out: list[Inline] = []
    for node in inlines:
        match node:
            case Text(text=t):
                out.append(Text(_changed(t, changes, offset)))
                offset += len(t)
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
