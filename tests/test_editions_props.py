"""Property tests: random inline trees keep their shape, code and URLs, and each run of text
converts exactly as OpenCC converts it in one piece; editions are safe across threads."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from hypothesis import example, given, settings
from hypothesis import strategies as st

from cppcc_convert.editions import apply_edition
from cppcc_convert.model import (
    Code,
    Document,
    Emph,
    Inline,
    Inlines,
    LineBreak,
    Link,
    Paragraph,
    Strong,
    Text,
)
from cppcc_convert.options import Options
from editions_support import reference, sample_document

# Fragments that OpenCC converts as phrases, so cuts between nodes land inside words.
FRAGMENTS = ["优", "化", "循", "环", "经济", "头", "发", "干了", "“", "”"]
text = st.lists(st.sampled_from(FRAGMENTS), min_size=0, max_size=4).map("".join)

inline: st.SearchStrategy[Inline] = st.recursive(
    st.one_of(  # mostly text, so adjacent Text nodes share runs
        text.map(Text),
        text.map(Text),
        text.map(Text),
        text.map(Code),
        st.just(LineBreak()),
    ),
    lambda kids: st.one_of(
        st.lists(kids, max_size=3).map(lambda c: Strong(tuple(c))),
        st.lists(kids, max_size=3).map(lambda c: Emph(tuple(c))),
        st.lists(kids, max_size=3).map(lambda c: Link(tuple(c), "https://例.中国/发展?q=优化")),
    ),
    max_leaves=8,
)


def _shape(nodes: Inlines) -> list[object]:
    """Everything but the Text contents: node types, code, URLs."""
    out: list[object] = []
    for node in nodes:
        match node:
            case Text():
                out.append("T")
            case Strong(children=c) | Emph(children=c):
                out.append((type(node).__name__, _shape(c)))
            case Link(children=c, url=url):
                out.append(("Link", url, _shape(c)))
            case _:
                out.append(node)
    return out


def _runs(nodes: Inlines, runs: list[str]) -> None:
    """Text joined into runs that end at code and line breaks (as the converter sees it)."""
    for node in nodes:
        match node:
            case Text(text=t):
                runs[-1] += t
            case Strong(children=c) | Emph(children=c) | Link(children=c):
                _runs(c, runs)
            case _:
                runs.append("")


@settings(max_examples=300, deadline=None)
@given(st.lists(inline, min_size=1, max_size=5), st.sampled_from(["s2tw", "s2twp", "s2hkp"]))
@example([Strong((Text("优"),)), Text("化")], "s2twp")
def test_runs_convert_like_opencc_and_shape_is_kept(nodes: list[Inline], config: str) -> None:
    edition = "zh-TW" if config.startswith("s2tw") else "zh-HK"
    options = Options(phrases=config.endswith("p"), quotes="keep", default_glossary=False)
    inlines = tuple(nodes)
    out = apply_edition(Document(blocks=(Paragraph(inlines, 1),)), edition, options)
    got = out.blocks[0]
    assert isinstance(got, Paragraph)
    assert _shape(got.inlines) == _shape(inlines)
    before: list[str] = [""]
    after: list[str] = [""]
    _runs(inlines, before)
    _runs(got.inlines, after)
    assert after == [reference(config).convert(run) for run in before]


def test_threads_give_the_same_editions() -> None:
    doc = sample_document()
    jobs = [(e, p) for e in ("zh-Hant", "zh-TW", "zh-HK") for p in (False, True)] * 4
    serial = [apply_edition(doc, e, Options(phrases=p)).to_json() for e, p in jobs]
    with ThreadPoolExecutor(8) as pool:
        threaded = list(
            pool.map(lambda j: apply_edition(doc, j[0], Options(phrases=j[1])).to_json(), jobs)
        )
    assert threaded == serial
