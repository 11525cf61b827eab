"""Line breaking for Chinese text with kinsoku (禁则) rules. Pure Python, no reportlab.

reportlab's ``wordWrap='CJK'`` lets closing punctuation start a line and opening punctuation end
one; this breaker never does (except inside a single unbreakable run longer than a line). It
works on a flat string with one advance width per character, so it knows nothing about fonts:
the caller measures, the breaker decides where lines end, the caller draws and distributes the
slack of each justified line as character spacing.

A line that cannot end before a prohibited character either pulls characters to the next line
(expanding the spacing of the rest) or keeps the prohibited character and compresses the line,
whichever changes the spacing less.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate, pairwise

# May not begin a line (closing punctuation, pauses, the percent sign).
NO_START = frozenset("，。、；：？！”’》）」』〕】…·％〉〗〙〛｝］）,.;:?!%)]}・〞﹚﹜﹞")
# May not end a line (opening punctuation).
NO_END = frozenset("“‘《（「『〔【〈〖〘〚｛［([{〝﹙﹛﹝")
# Doubled marks (…… ——) are one mark and are never split.
PAIRED = frozenset("…—⋯")
SPACES = frozenset(" \t\u3000")
# Wide punctuation below U+2E80 that behaves like a CJK character for breaking.
_WIDE_PUNCT = frozenset("“”‘’…—·⋯")

EPS = 0.01  # points of tolerance when comparing widths


@dataclass(frozen=True, slots=True)
class Line:
    """Characters ``[start, end)`` of the text; ``width`` is their natural width in points."""

    start: int
    end: int
    width: float
    hard: bool  # ends at a forced break or at the end of the text: never justified


def _wide(ch: str) -> bool:
    return ch >= "\u2e80" or ch in _WIDE_PUNCT


def may_break(text: str, i: int) -> bool:
    """Whether a line may end before ``text[i]`` (0 < i < len(text))."""
    a, b = text[i - 1], text[i]
    if b in SPACES or b in NO_START or a in NO_END:
        return False
    if a == b and a in PAIRED:
        return False
    if a in SPACES:
        return True
    return _wide(a) or _wide(b)


@dataclass(frozen=True, slots=True)
class Measure:
    """The widths the breaker needs: per-line available widths and the size of one em."""

    first: float  # available width of the first line (after a first-line indent)
    rest: float  # available width of the other lines
    em: float  # body size: limits how far a line may be compressed


def break_lines(
    text: str, widths: Sequence[float], measure: Measure, *, code: bool = False, start: int = 0
) -> list[Line]:
    """Break ``text`` (``widths[i]`` = advance of ``text[i]``; ``\\n`` = forced break)."""
    pre = [0.0, *accumulate(widths)]
    n = len(text)
    lines: list[Line] = []
    s = start
    avail = measure.first
    while s < n:
        nl = text.find("\n", s)
        limit = n if nl < 0 else nl
        e_max = bisect_right(pre, pre[s] + avail + EPS, s, limit + 1) - 1
        if e_max >= limit:
            end, nxt, hard = limit, limit + 1, True
        else:
            end, nxt = _soft_break(text, pre, s, e_max, avail, measure.em, code)
            hard = False
        if not code:
            while end > s and text[end - 1] in SPACES:
                end -= 1
        lines.append(Line(s, end, pre[end] - pre[s], hard))
        s = nxt
        if not code and not hard:
            while s < n and text[s] in SPACES:
                s += 1
        avail = measure.rest
    return lines


def _soft_break(
    text: str, pre: list[float], s: int, e_max: int, avail: float, em: float, code: bool
) -> tuple[int, int]:
    """Where a too-long line ends: ``(end, start of the next line)``."""
    if code:
        cut = max(e_max, s + 1)
        return cut, cut
    if text[e_max] in SPACES:  # trailing spaces may hang past the margin
        k = e_max
        while k < len(text) and text[k] in SPACES:
            k += 1
        if k >= len(text) or text[k] == "\n" or may_break(text, k):
            return e_max, k
    back = e_max
    while back > s and not may_break(text, back):
        back -= 1
    fwd = _compress_candidate(text, pre, s, e_max, avail, em)
    if back > s and fwd is not None:
        expand = (avail - (pre[back] - pre[s])) / max(back - s - 1, 1)
        squeeze = (pre[fwd] - pre[s] - avail) / max(fwd - s - 1, 1)
        return (fwd, fwd) if squeeze < expand else (back, back)
    if back > s:
        return back, back
    if fwd is not None:
        return fwd, fwd
    cut = max(e_max, s + 1)  # an unbreakable run longer than the line: cut it anyway
    return cut, cut


def _compress_candidate(
    text: str, pre: list[float], s: int, e_max: int, avail: float, em: float
) -> int | None:
    """A break just past the margin reachable by compressing (at most 3 characters on)."""
    n = len(text)
    for k in range(e_max + 1, min(e_max + 4, n + 1)):
        over = pre[k] - pre[s] - avail
        gaps = max(k - s - 1, 1)
        if over > min(em, 0.08 * em * gaps):
            return None
        if k == n or text[k] == "\n" or may_break(text, k):
            return k
    return None


def violations(text: str, lines: Sequence[Line]) -> list[str]:
    """Kinsoku violations at soft breaks, as readable strings (empty when the rules hold)."""
    out: list[str] = []
    for prev, line in pairwise(lines):
        if prev.hard:
            continue
        first = text[line.start : line.start + 1]
        last = text[prev.end - 1 : prev.end]
        if first in NO_START:
            out.append(f"line starts with {first!r}: {text[line.start : line.end]!r}")
        if last in NO_END:
            out.append(f"line ends with {last!r}: {text[prev.start : prev.end]!r}")
        if first and first == last and first in PAIRED:
            out.append(f"{first * 2!r} split: {text[prev.start : prev.end]!r}")
    return out
