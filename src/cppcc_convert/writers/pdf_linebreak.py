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

from array import array
from bisect import bisect_right
from collections.abc import Callable, Mapping, Sequence
from itertools import accumulate, pairwise
from typing import NamedTuple

from .pdf_lines import Line, Lines, LineTable

# May not begin a line (closing punctuation, pauses, the percent sign).
NO_START = frozenset("，。、；：？！”’》）」』〕】…·％〉〗〙〛｝］）,.;:?!%)]}・〞﹚﹜﹞")
# May not end a line (opening punctuation).
NO_END = frozenset("“‘《（「『〔【〈〖〘〚｛［([{〝﹙﹛﹝")
# Doubled marks (…… ——) are one mark and are never split.
PAIRED = frozenset("…—⋯")
SPACES = frozenset(" \t\u3000")
# Wide punctuation below U+2E80 that behaves like a CJK character for breaking.
_WIDE_PUNCT = frozenset("“”‘’…—·⋯")
_NOT_FIRST = SPACES | NO_START  # what may_break never puts first on a line

EPS = 0.01  # points of tolerance when comparing widths
# Characters from which a paragraph's per-character numbers (the prefix sums here, run starts
# and rigid gaps in pdf_text) are arrays of machine numbers (8 bytes each) rather than lists
# of objects (32 or more): the same values, but an array's items are slower to read (the
# breaker ~10%), so paragraphs shorter than this (every normal one) keep the lists (and
# their lines a list: pdf_lines.LineTable).
ARRAY_FROM = 1 << 16


def _wide(ch: str) -> bool:
    return ch >= "\u2e80" or ch in _WIDE_PUNCT


def may_break(text: str, i: int) -> bool:
    """Whether a line may end before ``text[i]`` (0 < i < len(text))."""
    a, b = text[i - 1], text[i]
    if b in _NOT_FIRST or a in NO_END:
        return False
    if a == b and a in PAIRED:
        return False
    if a in SPACES:
        # the spaces would be dropped at the line's end: what is before them ends the line
        k = i - 1
        while k > 0 and text[k - 1] in SPACES:
            k -= 1
        return k == 0 or text[k - 1] not in NO_END
    return a >= "\u2e80" or b >= "\u2e80" or a in _WIDE_PUNCT or b in _WIDE_PUNCT  # _wide


class Measure(NamedTuple):
    """The widths the breaker needs: per-line available widths and the size of one em."""

    first: float  # available width of the first line (after a first-line indent)
    rest: float  # available width of the other lines
    em: float  # body size: limits how far a line may be compressed


# How much narrower character i is when it ends a line (a glue after it, a mark's blank half).
Trail = Callable[[int], float]


def break_lines(
    text: str,
    widths: Sequence[float],
    measure: Measure,
    *,
    code: bool = False,
    start: int = 0,
    trail: Trail | None = None,
    glue: Mapping[int, float] | None = None,
) -> Lines:
    """Break ``text`` (``widths[i]`` = advance of ``text[i]``; ``\\n`` = forced break).

    ``trail(i)``: how much narrower ``text[i]`` may be set when it ends a line (used only
    where a line needs the room); ``glue``: space after a character that a line ending
    there always drops (the quarter em between Han and Latin)."""
    pre = prefix_sums(widths)
    n = len(text)
    lines: Lines = LineTable() if n >= ARRAY_FROM else []
    s = start
    avail = measure.first
    nl = -2  # the next forced break at or after s (-1: none); found again only once passed
    while s < n:
        if nl != -1 and nl < s:  # a search per line went to the end of a text without one
            nl = text.find("\n", s)
        limit = n if nl < 0 else nl
        e_max = bisect_right(pre, pre[s] + avail + EPS, s, limit + 1) - 1
        trim = 0.0
        if e_max >= limit:
            end, nxt, hard = limit, limit + 1, True
        else:
            end, nxt, trim = _soft_break(text, pre, s, e_max, avail, measure.em, code, trail)
            hard = end >= limit  # squeezed up to the forced break: no empty line after it
            if hard:
                end, nxt = limit, limit + 1
        if not code:
            while end > s and text[end - 1] in SPACES:
                end, trim = end - 1, 0.0
            if glue and not hard and not trim and end > s:
                trim = glue.get(end - 1, 0.0)
        lines.append(Line(s, end, pre[end] - pre[s] - trim, hard, trim))
        s = nxt
        if not code and not hard:
            while s < n and text[s] in SPACES:
                s += 1
        avail = measure.rest
    if not code:
        _no_lone_last_line(text, pre, lines, measure)
    return lines


def prefix_sums(widths: Sequence[float]) -> Sequence[float]:
    """``[0.0, w0, w0 + w1, ...]``: summed left to right, whatever the container."""
    if len(widths) < ARRAY_FROM:
        return [0.0, *accumulate(widths)]
    pre = array("d", (0.0,))
    pre.extend(accumulate(widths))
    return pre


def _allowed_end(text: str, k: int) -> bool:
    return k >= len(text) or text[k] == "\n" or may_break(text, k)


def _soft_break(
    text: str,
    pre: Sequence[float],
    s: int,
    e_max: int,
    avail: float,
    em: float,
    code: bool,
    trail: Trail | None,
) -> tuple[int, int, float]:
    """Where a too-long line ends: ``(end, start of the next line, trim)``."""
    if code:
        return (cut := _code_cut(text, s, e_max)), cut, 0.0
    if text[e_max] in SPACES:  # trailing spaces may hang past the margin
        k = e_max
        while k < len(text) and text[k] in SPACES:
            k += 1
        if k >= len(text) or text[k] == "\n" or may_break(text, k):
            return e_max, k, 0.0
    if trail is not None:  # setting the last character narrower may make room for it
        for k in (e_max + 2, e_max + 1):
            # trail first: it is 0 for most characters, and cheaper than the kinsoku checks
            t = trail(k - 1) if k <= len(text) else 0.0
            fits = t and pre[k] - pre[s] - t <= avail + EPS
            if fits and "\n" not in text[e_max:k] and _allowed_end(text, k):
                return k, k, t
    back = e_max
    while back > s and not may_break(text, back):
        back -= 1
    if back > s and avail - (pre[back] - pre[s]) > LOOSE * em:
        # The next word is long (a URL, an identifier in inline code): this line would be
        # left far short of the margin. Break inside the word where it has a seam.
        seam = _seam(text, back, e_max)
        if seam is not None:
            return seam, seam, 0.0
    fwd = _compress_candidate(text, pre, s, e_max, avail, em, trail)
    if back > s and fwd is not None:
        expand = (avail - (pre[back] - pre[s])) / max(back - s - 1, 1)
        squeeze = (pre[fwd[0]] - pre[s] - fwd[1] - avail) / max(fwd[0] - s - 1, 1)
        return (fwd[0], fwd[0], fwd[1]) if squeeze < expand else (back, back, 0.0)
    if back > s:
        return back, back, 0.0
    if fwd is not None:
        return fwd[0], fwd[0], fwd[1]
    cut = _forced_cut(text, s, max(e_max, s + 1))
    return cut, cut, 0.0


LOOSE = 3.0  # ems short of the margin: a line that loose breaks inside a long Latin word
_SEAM_AFTER = frozenset("./_-:,;=&?#")


def _seam(text: str, lo: int, hi: int) -> int | None:
    """The last place in ``(lo, hi]`` inside a run of Latin text where it may break: after
    ``. / _ - :`` and the like, before an opening parenthesis, or where a lower-case letter
    meets an upper-case one (camelCase), the way URLs and identifiers are wrapped."""
    for k in range(hi, lo, -1):
        a, b = text[k - 1], text[k]
        if _wide(a) or _wide(b) or a in SPACES or b in SPACES:
            continue
        if b in NO_START or a in NO_END or (b.isdigit() and text[k - 2 : k - 1].isdigit()):
            continue  # never inside a number (3.14, 12:30, 1,000)
        if a in _SEAM_AFTER or b in "([{" or (a.islower() and b.isupper()):
            return k
    return None


def _code_cut(text: str, s: int, e_max: int) -> int:
    """Where a code line too long for the block wraps: after the last space or separator in
    the last third of the line (a word is not cut in two), else at the margin."""
    cut = max(e_max, s + 1)
    for k in range(cut, s + (cut - s) * 2 // 3, -1):
        if text[k - 1] in _CODE_BREAK_AFTER and text[k] not in _CODE_BREAK_AFTER:
            return k
    return cut


_CODE_BREAK_AFTER = frozenset(" ,;([{")


def _compress_candidate(
    text: str,
    pre: Sequence[float],
    s: int,
    e_max: int,
    avail: float,
    em: float,
    trail: Trail | None,
) -> tuple[int, float] | None:
    """A break just past the margin reachable by compressing (at most 3 characters on), and
    the trim of its last character."""
    n = len(text)
    for k in range(e_max + 1, min(e_max + 4, n + 1)):
        if text[k - 1] == "\n":
            return None
        t = trail(k - 1) if trail is not None else 0.0
        over = pre[k] - pre[s] - t - avail
        gaps = max(k - s - 1, 1)
        if over > min(em, 0.08 * em * gaps):
            return None
        if _allowed_end(text, k):
            return k, t
    return None


def _bad_cut(text: str, c: int) -> bool:
    """Whether cutting before ``text[c]`` breaks a kinsoku rule."""
    if c >= len(text) or text[c] == "\n":
        return False
    a, b = text[c - 1], text[c]
    return b in NO_START or a in NO_END or (a == b and a in PAIRED)


def _forced_cut(text: str, s: int, cut: int) -> int:
    """Where to cut a run with no allowed break that is longer than the line: at the margin,
    or before it rather than leave a closing mark to start the next line (a lone ） in a narrow
    table cell) or an opening one to end this line; past it (the marks hang) when the whole
    line offers no such place."""
    c = cut
    while c > s + 1 and _bad_cut(text, c):
        c -= 1
    if not _bad_cut(text, c):
        return c
    c = cut
    while _bad_cut(text, c):
        c += 1
    return c


def _units(text: str, a: int, b: int, enough: int = 2) -> int:
    """Words in ``text[a:b]``, up to ``enough``: each Han character is one, a Latin word or a
    number is one, punctuation and spaces none."""
    count, in_word = 0, False
    for ch in text[a:b]:
        if ch.isalnum():
            if _wide(ch):
                count += 1
                in_word = False
            elif not in_word:
                count += 1
                in_word = True
            if count >= enough:
                return count
        else:
            in_word = False
    return count


def _no_lone_last_line(text: str, pre: Sequence[float], lines: Lines, measure: Measure) -> None:
    """No paragraph (nor line before a forced break) ends on a line of one character: take
    characters from the line before, at its last allowed break that leaves two (clreq's 孤字
    rule), if that line keeps two and gives up at most three ems."""
    for idx in range(1, len(lines)):
        last, prev = lines[idx], lines[idx - 1]
        if not last.hard or prev.hard or _units(text, last.start, last.end) >= 2:
            continue
        b = prev.end - 1
        while b > prev.start + 1 and pre[prev.end] - pre[b] <= 3 * measure.em + EPS:
            if may_break(text, b) and _units(text, b, last.end) >= 2:
                width = pre[last.end] - pre[b]
                pe = b
                while pe > prev.start and text[pe - 1] in SPACES:
                    pe -= 1
                if width <= measure.rest + EPS and _units(text, prev.start, pe) >= 2:
                    lines[idx - 1] = Line(prev.start, pe, pre[pe] - pre[prev.start], False)
                    lines[idx] = Line(b, last.end, width, True)
                break
            b -= 1


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
