"""A huge paragraph's inlines are parsed a piece at a time (reader/md_pieces.py): the model
and the diagnostics must be those of one parse of the paragraph.

The oracle is the reader itself with pieces too large to cut anything (the whole paragraph
parsed at once, as before); the pieces are then forced as small as they go (1-3 characters),
so that every place the cut rule allows is tried on snippets made of the characters that
matter (delimiters, brackets, backticks, angle brackets, escapes, entities, breaks, Han text).
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cppcc_convert.errors import ConvertError
from cppcc_convert.options import Options
from cppcc_convert.reader import read_markdown
from cppcc_convert.reader.md_pieces import Pieces
from strategies import markdown_documents, profile

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted(p for p in ROOT.glob("tests/corpus/**/*") if p.suffix == ".md")
SAMPLES = sorted(ROOT.glob("samples/*.md"))
WHOLE = 1 << 40  # no paragraph is ever pieced
PIECES = (1, 2, 3, 7)
DEFS = "[r]: https://example.org/r 'T'\n[*]: /star\n\n"

ATOMS = (
    "*", "**", "***", "_", "__", "~", "~~", "[", "]", "(", ")", "!", "<", ">", "\\", "&", "`",
    "``", " ", "  \n", "\n", "\\\n", "中", "文", "，", "。", "a", "b", "1", "　",
    "&amp;", "&#42;", "&copy", "[r]", "[r][]", "[x](/u)", "](/u 't')", "![i](p.png)",
    "<b>", "</b>", "<span>", "</span>", "<!-- c -->", "<https://x.org>", "<a@b.c>",
    "\\*", "\\[", "`*`", "``[``", "*中*", "**文**", "_a_", "~~删~~",
)  # fmt: skip


def read(text: str, piece: int) -> object:
    try:
        result = read_markdown(text, Options(), "doc.md", piece=piece)
    except ConvertError as exc:  # the same error either way
        return repr(exc)
    return (result.meta, result.blocks, result.diagnostics, result.title_line)


def check(text: str) -> None:
    whole = read(text, WHOLE)
    for piece in PIECES:
        assert read(text, piece) == whole, piece


HARD = (
    "[r](ab)", "![r](ab)", "[r](ab 'cd')", "[r][ab]", "![i`ab](u)cd`e", "[i`ab](u)cd`e",
    "a`bc`d", "a``b`c``d", "*ab*cd*", "**ab*cd**ef*", "a*b**c*d**", "_a_b_", "~~ab~~cd~~",
    "<span>ab</span>cd", "a<b>cd</b>ef", "<http://ab>cd", "&ampab;cd&amp;", "ab\\*cd*",
    "ab  \ncd", "ab\ncd", "[ab]cd]", "[ab[cd]ef](u)",
)  # fmt: skip


@pytest.mark.parametrize("text", HARD)
def test_hard_cases_match_one_parse(text: str) -> None:
    check(DEFS + "[ab]: /ab\n\n" + text + "\n")
    check(DEFS + "[ab]: /ab\n\n中" + text + "文" + text + "\n")


def snippet(rnd: random.Random) -> str:
    return "".join(rnd.choice(ATOMS) for _ in range(rnd.randint(1, 40)))


def test_random_snippets_match_one_parse() -> None:
    rnd = random.Random(19)
    for _ in range(1500):
        check(DEFS + snippet(rnd) + "\n")


@profile(2)
@given(st.lists(st.sampled_from(ATOMS), min_size=1, max_size=50))
def test_snippets_match_one_parse(atoms: list[str]) -> None:
    check(DEFS + "".join(atoms) + "\n")


@profile(1)
@given(markdown_documents())
def test_documents_match_one_parse(text: str) -> None:
    check(text)


@pytest.mark.parametrize("path", [*SAMPLES, *CORPUS], ids=lambda p: str(p.relative_to(ROOT)))
def test_the_corpus_matches_one_parse(path: Path) -> None:
    check(path.read_text(encoding="utf-8"))


def test_pieces_are_cut_and_join_into_the_paragraph(monkeypatch: pytest.MonkeyPatch) -> None:
    """The emphasis paragraph of bench/linear.py is really cut (into pieces of about the
    piece size), and an unmatched delimiter keeps the rest of it in one piece."""
    cuts: list[int] = []
    parse = Pieces.parse

    def counting(self: Pieces, src: str) -> object:
        cuts.append(len(src))
        return parse(self, src)

    monkeypatch.setattr(Pieces, "parse", counting)
    marks = ["*" if i % 2 else "**" for i in range(400)]
    body = "".join(f"富阳政协{m}聚焦产业{m}，" for m in marks)
    check(f"# 题\n\n{body}共谋发展。\n")
    cuts.clear()
    read(f"{body}\n", 64)
    assert len(cuts) > 50 and max(cuts) < 200
    cuts.clear()
    read(f"[{body}\n", 64)  # a bracket closed by nothing: each try fails, twice as long
    assert len(cuts) < 12 and max(cuts) == len(body) + 1
    check(f"[{body}\n")
