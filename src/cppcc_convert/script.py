"""Which script a source is written in, when its front matter does not say: Simplified unless
clearly Traditional.

Two character sets ship in ``data/script-sets.txt`` (built by tools/build_script_sets.py):
the forms OpenCC ``t2s`` changes, which only Traditional text uses, and the forms ``s2t``
changes, which only Simplified text uses (and a few Traditional texts share: 余, 后, 里).
The first ``PREFIX`` characters of the text are counted against both; no OpenCC is loaded.
Thresholds from tests/corpus (prefixes): Simplified documents have at most 0.8 % as many
Traditional-only as Simplified-only characters (乾, 綝 in 三国演义), Traditional ones at least
6.6 times as many (the Gutenberg 紅樓夢 prints 儿, 里, 么): Traditional when at least
``MIN_TRADITIONAL`` and ``RATIO`` times the Simplified-only count.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

PREFIX = 20_000  # characters: enough for every corpus document, bounded for a large one
MIN_TRADITIONAL = 20  # a short or mixed text stays Simplified
RATIO = 3
SETS = "script-sets.txt"


@dataclass(frozen=True)
class ScriptCount:
    """Traditional-only and Simplified-only characters counted over the text's prefix."""

    traditional: int
    simplified: int

    @property
    def is_traditional(self) -> bool:
        """Whether the text is clearly Traditional."""
        return self.traditional >= MIN_TRADITIONAL and self.traditional >= RATIO * self.simplified


@cache
def _sets() -> tuple[frozenset[str], frozenset[str]]:
    # by path, as fonts.py: importlib.resources would add 4 ms of imports to every start-up
    lines = (Path(__file__).parent / "data" / SETS).read_text("utf-8").split("\n")
    return frozenset(lines[1]), frozenset(lines[2])


def count_script(text: str) -> ScriptCount:
    """The counts of ``text``'s first ``PREFIX`` characters."""
    traditional, simplified = _sets()
    prefix = text[:PREFIX]
    return ScriptCount(
        sum(1 for ch in prefix if ch in traditional),
        sum(1 for ch in prefix if ch in simplified),
    )
