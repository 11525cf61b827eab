"""Property tests: generated hostile documents through every writer and edition.

Each generated document either converts, and then every output passes its format's check
(JSON loads, the DOCX reopens, the PDF passes ``qpdf --check``, every XHTML page of the EPUB
and the HTML page parse) and holds exactly the model's text; or it fails with a
ConvertError that says what is wrong. No other exception may escape.

Settings: see tests/strategies.py (``HYPOTHESIS_PROFILE=long`` for a long hand run).
"""

from __future__ import annotations

import shutil
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import event, example, given
from hypothesis import strategies as st

from cppcc_convert import ConvertError, parse
from cppcc_convert.model import (
    Block,
    Document,
    Emph,
    Inline,
    InlineImage,
    Inlines,
    Link,
    ListBlock,
    Quote,
    Strike,
    Strong,
    Table,
    Text,
    document_text,
    inline_text,
)
from cppcc_convert.options import REPAIRS, Options
from cppcc_convert.text import is_xml_illegal
from cppcc_convert.walk import map_block_inlines
from robustness_support import (
    INVISIBLE,
    Rendered,
    docx_text,
    edition_doc,
    epub_text,
    html_text,
    json_text,
    pdf_check,
    pdf_missing,
    pdf_text,
    render_all,
    squash,
)
from strategies import (
    SAFE_CJK,
    ext_b_and_beyond,
    markdown_documents,
    plain_paragraphs,
    private_use,
    profile,
    unicode_text,
)

ROOT = Path(__file__).resolve().parent
PHOTO = ROOT / "data" / "img" / "photo.png"


_SCRATCH: list[Path] = []


def _scratch(prefix: str) -> Path:
    """A temporary folder, removed when this module's tests are done."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    _SCRATCH.append(path)
    return path


@pytest.fixture(scope="module", autouse=True)
def _scratch_folders() -> Iterator[None]:
    """FOLDER is made when this module's first test runs (not on import, which every xdist
    worker does), and every scratch folder goes when its tests are done."""
    global FOLDER
    FOLDER = _folder()
    yield
    for path in _SCRATCH:
        shutil.rmtree(path, ignore_errors=True)
    _SCRATCH.clear()


def _folder() -> Path:
    """A document folder: a real photo, a text file named .png, a picture outside."""
    root = _scratch("cppcc-robust-")
    (root / "doc" / "img").mkdir(parents=True)
    (root / "doc" / "img" / "photo.png").write_bytes(PHOTO.read_bytes())
    (root / "doc" / "img" / "fake.png").write_text("not a picture\n", encoding="utf-8")
    (root / "outside.png").write_bytes(PHOTO.read_bytes())
    return root / "doc"


FOLDER = Path()  # hypothesis tests cannot take function-scoped fixtures: see _scratch_folders


def clear_error(exc: ConvertError) -> None:
    """A ConvertError a user can act on: one line, says something, no internals."""
    text = str(exc)
    assert exc.message.strip() and "\n" not in text, text
    assert "Traceback" not in text and "object at 0x" not in text, text


def convert(text: str, options: Options | None = None) -> tuple[Document, Rendered] | None:
    """Parse and render everything; None when a ConvertError (checked to be clear) says no."""
    try:
        doc = parse(text, options=options)
        result = doc, render_all(doc, FOLDER, options)
    except ConvertError as exc:
        clear_error(exc)
        event(f"ConvertError: {exc.message[:30]}")
        return None
    event("converted")
    return result


def _alts_as_text(doc: Document) -> Document:
    """The document as the PDF prints it: inline images as their alt text."""

    def fix(inlines: Inlines, line: int = 0) -> Inlines:
        out: list[Inline] = []
        for node in inlines:
            match node:
                case InlineImage(alt=alt):
                    out.append(Text(alt))
                case Emph(children=c) | Strong(children=c) | Strike(children=c):
                    out.append(replace(node, children=fix(c)))
                case Link(children=c):
                    out.append(replace(node, children=fix(c)))
                case _:
                    out.append(node)
        return tuple(out)

    return replace(doc, blocks=map_block_inlines(doc.blocks, fix))


def _table_headers(blocks: tuple[Block, ...]) -> list[str]:
    out: list[str] = []
    for b in blocks:
        match b:
            case Table(header=header):
                out.append("".join(inline_text(c) for c in header))
            case Quote(blocks=inner):
                out += _table_headers(inner)
            case ListBlock(items=items):
                out += [h for item in items for h in _table_headers(item)]
    return out


def _without_repeated_headers(got: str, want: str, heads: list[str]) -> str:
    """``got`` with the header rows a table repeats on each new page taken out."""
    if got == want:
        return got
    for head in heads:
        if head and got.count(head) > want.count(head):
            start = 0
            while (i := got.find(head, start)) >= 0:
                if _without_repeated_headers(got[:i] + got[i + len(head) :], want, heads) == want:
                    return want
                start = i + 1
    return got


_NO_BULLETS = str.maketrans("", "", "●○■")  # list bullets are drawn as characters


def check_outputs(doc: Document, rendered: Rendered, *, pdf_fidelity: bool) -> None:
    """Every output is valid and holds the edition's text, whitespace aside."""
    tmp = _scratch("cppcc-pdf-")
    for (fmt, edition), data in rendered.outputs.items():
        expected = squash(document_text(edition_doc(doc, edition)))
        # a book or page without a title is called 未命名 ("untitled")
        untitled = "未命名" if not doc.meta.title.strip() else ""
        body = squash(document_text(edition_doc(doc, edition), with_meta=False))
        match fmt:
            case "json":
                assert squash(json_text(data)) == expected
            case "docx":
                # the title block is in the body; author lines may be formatted differently
                assert body in squash(docx_text(data)), (fmt, edition)
            case "epub":
                assert squash(epub_text(data)) in (expected, untitled + expected), edition
            case "html":
                assert squash(html_text(data)) in (expected, untitled + expected), edition
            case "pdf":
                path = pdf_check(data, tmp)
                if pdf_fidelity and edition == "zh-Hans":
                    missing = pdf_missing(rendered.diagnostics)
                    printed = squash(document_text(_alts_as_text(edition_doc(doc, edition))))
                    want = "".join(ch for ch in printed if ch not in missing).translate(INVISIBLE)
                    # a character no font has prints as a box; its copy-out text may be the
                    # character or nothing, depending on the extractor
                    got = squash(pdf_text(path)).translate(_NO_BULLETS)
                    got = "".join(ch for ch in got if ch not in missing)
                    heads = [
                        "".join(c for c in squash(h) if c not in missing).translate(INVISIBLE)
                        for h in _table_headers(_alts_as_text(edition_doc(doc, edition)).blocks)
                    ]
                    if not heads:
                        assert got == want
                    elif _without_repeated_headers(got, want, heads) != want:
                        # a row split across pages draws its other cells in between: nothing
                        # may be lost, and only repeated header rows may be extra
                        assert not Counter(want) - Counter(got)
                        assert set(Counter(got) - Counter(want)) <= set("".join(heads))
            case _:
                raise AssertionError(fmt)


# ------------------------------------------------------------------ any document


@profile(1.0)
@given(markdown_documents(surrogates=True))
@example("# 标题\n\n" + "> " * 64 + "深处。\n")
@example("# 标题\n\n" + "".join("  " * i + "- 项\n" for i in range(64)))
@example('---\ntitle: "\\0\\ud800<b>"\n---\n\n| a |\n|---|\n| ' + "长" * 3000 + " |\n")
def test_any_document_converts_or_fails_clearly(text: str) -> None:
    result = convert(text)
    if result is None:
        return
    _, rendered = result
    assert len(rendered.outputs) == 20
    for (fmt, edition), data in rendered.outputs.items():
        assert data, (fmt, edition)
        match fmt:
            case "json":
                json_text(data)
            case "docx":
                docx_text(data)
            case "epub":
                epub_text(data)
            case "html":
                html_text(data)
            case "pdf":
                pdf_check(data, _scratch("cppcc-pdf-"))


@profile(1.0)
@given(markdown_documents(image_srcs=("img/photo.png",)))
def test_every_output_holds_the_model_text(text: str) -> None:
    result = convert(text)
    if result is None:
        return
    doc, rendered = result
    check_outputs(doc, rendered, pdf_fidelity=False)


# PDF text extraction is only exact for text a reader's eye would also take in order: no
# bidi controls or right-to-left scripts, no combining marks (pdftotext reorders them).
pdf_safe_text = st.lists(
    st.one_of(
        st.sampled_from(SAFE_CJK + "，。、；？“”《》"),
        st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
        st.sampled_from("abcxyzABC019 ,;?'\"/@%"),
        ext_b_and_beyond,
        private_use,
    ),
    min_size=1,
    max_size=30,
).map("".join)


@profile(1.0)
@given(markdown_documents(text=pdf_safe_text, image_srcs=("img/photo.png",), ordered=False))
@example("# 表\n\n> | 表头 | 二 |\n> |---|---|\n> | " + "长" * 3000 + " | 短 |\n")  # header repeats
def test_pdf_text_is_the_model_text(text: str) -> None:
    result = convert(text)
    if result is None:
        return
    doc, rendered = result
    check_outputs(doc, rendered, pdf_fidelity=True)


# ------------------------------------------------------------------ input -> model


def _control(ch: str) -> bool:
    """What the whitespace repair removes (and reports): XML-illegal, DEL and C1."""
    return is_xml_illegal(ch) or 0x7F <= ord(ch) <= 0x9F


@profile(3.0)
@given(plain_paragraphs(), st.booleans(), st.booleans())
def test_model_text_is_the_input_text(paragraphs: list[str], title: bool, surr: bool) -> None:
    """With every repair off but whitespace, the model holds exactly the input's characters
    (whitespace aside) minus the control characters, each reported."""
    if surr:
        paragraphs = [*paragraphs, "尾\ud800段"]
    source = "\n\n".join(paragraphs)
    text = ("# " if title else "") + source
    options = Options(disabled_repairs=frozenset(REPAIRS) - {"whitespace"})
    kept = "".join(ch for ch in source if not _control(ch))
    try:
        doc = parse(text, options=options)
    except ConvertError as exc:
        clear_error(exc)
        assert not squash(kept), "a document with text was refused"
        return
    assert squash(document_text(doc)) == squash(kept)
    removed = [ch for ch in text if _control(ch)]
    reported = [d for d in doc.diagnostics if d.code == "control-char"]
    assert len(reported) == len(removed)


_FOLD = str.maketrans("，；：？！（）", ",;:?!()")


@profile(3.0)
@given(plain_paragraphs())
def test_repairs_change_only_what_they_report(paragraphs: list[str]) -> None:
    """With every repair on, the text changes only by punctuation width (reported as
    ``punctuation``) and what the byline repair reports."""
    source = "\n\n".join(paragraphs)
    try:
        doc = parse("# 标题\n\n" + source)
    except ConvertError as exc:
        clear_error(exc)
        return
    if any(d.code == "byline" for d in doc.diagnostics):
        return  # brackets around a byline go; reported
    kept = "标题" + "".join(ch for ch in source if not _control(ch))
    got = squash(document_text(doc)).translate(_FOLD)
    assert got == squash(kept).translate(_FOLD)
    if squash(document_text(doc)) != squash(kept):
        assert any(d.code == "punctuation" for d in doc.diagnostics)


@profile(3.0)
@given(unicode_text(max_size=200, surrogates=True))
def test_any_text_parses_or_fails_clearly(text: str) -> None:
    """Raw text of every kind through ``parse``: a Document, or a clear ConvertError."""
    try:
        doc = parse(text)
    except ConvertError as exc:
        clear_error(exc)
        return
    assert not any(is_xml_illegal(ch) for ch in document_text(doc))


@pytest.mark.parametrize("edition", ["zh-Hans", "zh-Hant", "zh-TW", "zh-HK"])
def test_editions_keep_every_character_class(edition: str) -> None:
    """Characters OpenCC does not know pass every edition unchanged."""
    odd = "𠀀𪚥\U000f0000\ue000e\u0301👨\u200d👩\u200d👧\u200f\u00a0x"
    doc = parse(f"# 题\n\n前{odd}后。")
    text = document_text(edition_doc(doc, edition))
    assert odd.replace("\u00a0", "") in text.replace("\u00a0", "")


# ------------------------------------------------------------------ epubcheck on a sample

RICH_HOSTILE = (
    "---\ntitle: '<b>标题</b> &xxe; ]]>'\nauthor: 吴璇\n---\n\n"
    "## 一、𠀀𪚥 \u200f\u202eRTL\u202c 👨\u200d👩\u200d👧 e\u0301 \ue000\n\n"
    "正文 <script>alert(1)</script> **粗 *斜 [链](javascript:alert(1))*** `]]>`\n\n"
    "![图](img/photo.png)\n\n![坏图](../outside.png)\n\n"
    "> - 引 1\n>   > 深\n\n| a | b |\n|---|\n| 1 |\n| 1 | 2 | 3 |\n\n"
    "```\n<w:t>&amp;</w:t>\n```\n\n##\n\n## 空节\n"
)


@profile(0.025)
@given(markdown_documents(surrogates=True), st.sampled_from(("zh-Hans", "zh-TW", "zh-HK")))
@example(RICH_HOSTILE, "zh-HK")
def test_a_sample_of_generated_books_passes_epubcheck(text: str, edition: str) -> None:
    from epub_helpers import epubcheck_many

    try:
        doc = parse(text)
        rendered = render_all(doc, FOLDER, formats=("epub",), editions=(edition,))
    except ConvertError as exc:
        clear_error(exc)
        return
    path = _scratch("cppcc-epubcheck-") / "book.epub"
    path.write_bytes(rendered.outputs[("epub", edition)])
    messages = epubcheck_many([path])[path]
    assert [(m["severity"], m["ID"], m["message"]) for m in messages] == []


@profile(0.25)
@given(
    markdown_documents(surrogates=True),
    st.builds(
        Options,
        disabled_repairs=st.sampled_from((frozenset(), frozenset(REPAIRS))),
        phrases=st.booleans(),
        quotes=st.sampled_from(("localize", "keep")),
        page_size=st.sampled_from(("A4", "A5", "Letter")),
        vertical=st.booleans(),
    ),
)
def test_any_options_give_valid_outputs(text: str, options: Options) -> None:
    """Vertical books, other page sizes, regional phrases, kept quotes, no repairs."""
    result = convert(text, options)
    if result is None:
        return
    _, rendered = result
    tmp = _scratch("cppcc-pdf-")
    for (fmt, _edition), data in rendered.outputs.items():
        match fmt:
            case "json":
                json_text(data)
            case "docx":
                docx_text(data)
            case "epub":
                epub_text(data)
            case "html":
                html_text(data)
            case "pdf":
                pdf_check(data, tmp)
