"""Rebuild ``src/cppcc_convert/data/script-sets.txt``: ``python tools/build_script_sets.py``.

For every code point of the CJK Unified Ideographs blocks (the BMP, Extension A and the
supplementary planes) and the compatibility block, two questions to OpenCC, one character at
a time: does ``t2s`` change it (a form only Traditional text uses), and does ``s2t`` change it
(a form only Simplified text uses)? ``script.py`` counts the two sets over a document to tell a
Traditional source from a Simplified one without loading OpenCC at run time. Rerun after an
OpenCC upgrade and review the diff.
"""

from __future__ import annotations

import sys
from pathlib import Path

import opencc

OUT = Path(__file__).resolve().parent.parent / "src" / "cppcc_convert" / "data" / "script-sets.txt"
BLOCKS = (
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0x20000, 0x2EBEF),
    (0x30000, 0x3134F),
)


def changed(config: str, chars: list[str]) -> str:
    """The characters of ``chars`` that OpenCC ``config`` changes (each on its own line, so
    no phrase spans two of them)."""
    out = opencc.OpenCC(f"{config}.json").convert("\n".join(chars)).split("\n")
    return "".join(c for c, x in zip(chars, out, strict=True) if x != c)


def main() -> int:
    chars = [chr(c) for lo, hi in BLOCKS for c in range(lo, hi + 1)]
    text = (
        "# Characters OpenCC t2s changes (line 2) and s2t changes (line 3); "
        "built by tools/build_script_sets.py\n"
        f"{changed('t2s', chars)}\n{changed('s2t', chars)}\n"
    )
    OUT.write_text(text, encoding="utf-8", newline="\n")
    print(f"{OUT}: {len(text)} characters")
    return 0


if __name__ == "__main__":
    sys.exit(main())
