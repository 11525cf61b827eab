"""In-process figures: parse + repair, edition transforms, writers, the whole job in memory.

Each figure is the median of ``reps`` calls after a warm-up call; the warm-up (cold) time,
which pays lazy imports, OpenCC dictionaries and font loading, is given in the note.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from _common import SAMPLE, Figure, median, time_calls

FORMATS = ("docx", "pdf", "epub", "html")
EDITIONS = ("zh-Hans", "zh-Hant", "zh-TW", "zh-HK")
# (label, edition, phrases)
EDITION_CASES = (
    ("zh-Hant", "zh-Hant", False),
    ("zh-TW", "zh-TW", False),
    ("zh-HK", "zh-HK", False),
    ("zh-TW + phrases", "zh-TW", True),
    ("zh-HK + phrases", "zh-HK", True),
)


@dataclass
class Docs:
    """The two test texts and their parsed documents."""

    texts: dict[str, str]  # "sample" / "×100" -> Markdown
    parsed: dict[str, object]  # same keys -> cppcc_convert.model.Document


def parse_docs(texts: dict[str, str]) -> Docs:
    import cppcc_convert

    return Docs(texts, {k: cppcc_convert.parse(t, file=k) for k, t in texts.items()})


def _figure(section: str, name: str, fn: Callable[[], object], reps: int) -> Figure:
    first, runs = time_calls(fn, reps)
    return Figure(section, name, median(runs), "s", runs, f"first call {first * 1000:.0f} ms")


def bench_parse(docs: Docs, reps: int) -> list[Figure]:
    import cppcc_convert

    return [
        _figure(
            "in-process",
            f"parse + repair, {k} ({len(t):,} chars)",
            lambda t=t: cppcc_convert.parse(t),
            reps,
        )
        for k, t in docs.texts.items()
    ]


def bench_editions(docs: Docs, reps: int) -> list[Figure]:
    from cppcc_convert.editions import apply_edition
    from cppcc_convert.options import Options

    figures = []
    for key, doc in docs.parsed.items():
        for label, edition, phrases in EDITION_CASES:
            options = Options(phrases=phrases)
            fn = lambda d=doc, e=edition, o=options: apply_edition(d, e, o)  # noqa: E731
            figures.append(_figure("in-process", f"edition {label}, {key}", fn, reps))
    return figures


def bench_writers(docs: Docs, reps: int, formats: tuple[str, ...] = FORMATS) -> list[Figure]:
    from cppcc_convert.options import Options
    from cppcc_convert.writers import WriteContext, get_writer

    figures = []
    for key, doc in docs.parsed.items():
        for fmt in formats:
            writer = get_writer(fmt)

            def call(w=writer, d=doc) -> bytes:
                return w(d, WriteContext.for_document(d, Options(), SAMPLE.parent))

            fig = _figure("in-process", f"{fmt.upper()} writer, {key}", call, reps)
            size = len(call())
            fig.note += f"; {size / 1024:,.0f} KiB"
            figures.append(fig)
    return figures


def bench_job(docs: Docs, reps: int) -> list[Figure]:
    """Parse + 4 editions × 4 formats of the sample, all in memory (api.render)."""
    import cppcc_convert
    from cppcc_convert.options import Options
    from cppcc_convert.pipeline import render_document
    from cppcc_convert.resources import FileResources

    text = docs.texts["sample"]

    def job() -> None:
        options = Options()
        images = FileResources((SAMPLE.parent,), False)
        render_document(cppcc_convert.parse(text), FORMATS, EDITIONS, options, images)

    fig = _figure(
        "in-process", "whole job, sample (parse + 4 formats × 4 editions, in memory)", job, reps
    )
    return [fig]
