"""Typography measured on the rendered PDF: glyph positions read back with pdfplumber.

Punctuation compression in every edition, the quarter em between Han and Latin, justification
only where Chinese typesetting allows it, no paragraph ending on one character, code blocks and
tables split across pages with their shading and rules, the headline on A5. The rules (which
marks have their ink on which side, what counts as one character) are written out here.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

import cppcc_convert
from cppcc_convert.model import (
    Code,
    CodeBlock,
    Document,
    Heading,
    Meta,
    Paragraph,
    Table,
    Text,
)
from pdf_corpus import EDITIONS, SIZES, rendered
from pdf_helpers import (
    VisualLine,
    page_chars,
    pdftotext_line_split,
    render,
    run,
    squash,
    visual_lines,
)

# Where the ink of each full-width mark sits in its em box, in the bundled faces: SC sets
# pauses and stops on the left like closing marks; TC and HK centre them.
CLOSING = "”’）》〉」』〕】〗｝］"
OPENING = "“‘（《〈「『〔【〖｛［"
PAUSES = "，。、；：！？"
MARKS = CLOSING + OPENING + PAUSES


def _left_inked(mark: str, edition: str) -> bool:
    return mark in CLOSING or (mark in PAUSES and edition == "zh-Hans")


def _lines(path: Path) -> list[VisualLine]:
    return visual_lines(page_chars(path))


def _body_size(lines: list[VisualLine]) -> float:
    """The size most characters are set in."""
    sizes: dict[float, int] = {}
    for ln in lines:
        for c in ln.chars:
            sizes[round(float(c["size"]), 1)] = sizes.get(round(float(c["size"]), 1), 0) + 1
    return max(sizes, key=lambda k: sizes[k])


def _em(c: dict) -> float:
    return float(c["size"])


def _advance(c: dict) -> float:
    return float(c["x1"]) - float(c["x0"])


# ------------------------------------------------------------------ compression

COMPRESS = (
    "发挥“智慧库”“资源池”的作用，以“政协之为”服务“发展之要”，在产业强区中勇挑大梁。"
    "他说：“好”。（注）、《报告》“（一）”（见附件）。"
)


@pytest.mark.parametrize("edition", EDITIONS)
def test_punctuation_is_compressed_in_every_edition(tmp_path: Path, edition: str) -> None:
    doc = cppcc_convert.parse(f"# 标题\n\n{COMPRESS}\n")
    data = cppcc_convert.render(doc, "pdf", edition=edition)
    path = tmp_path / "c.pdf"
    path.write_bytes(data)
    chars = [c for line in _lines(path) for c in line.chars]
    pairs = 0
    for a, b in itertools.pairwise(chars):
        if a["text"] not in MARKS or b["text"] not in MARKS or a["matrix"][5] != b["matrix"][5]:
            continue
        pairs += 1
        em = _em(a)
        # the blank between two marks is at most half an em: the first is halved when its
        # ink is on the left, else the second when its ink is on the right
        if _left_inked(a["text"], edition):
            assert _advance(a) == pytest.approx(em / 2, abs=0.05), (a["text"], b["text"])
        elif b["text"] in OPENING:
            assert _advance(b) == pytest.approx(em / 2, abs=0.05), (a["text"], b["text"])
        else:  # two centred marks keep their ems
            assert _advance(a) == pytest.approx(em, abs=0.05), (a["text"], b["text"])
        assert float(b["x0"]) >= float(a["x1"]) - 0.01  # nothing overlaps: one text line
    assert pairs >= 9
    # the copy-out text is the edition's text, and each line is one pdftotext line
    from cppcc_convert.editions import apply_edition
    from cppcc_convert.options import Options

    edoc = apply_edition(doc, edition, Options())
    expected = squash("".join(t.text for t in edoc.blocks[0].inlines))  # type: ignore[attr-defined]
    assert expected in squash(run("pdftotext", path, "-"))
    assert expected in "".join(c["text"] for c in chars)
    n, whole, bad = pdftotext_line_split(path)
    assert n == whole, bad


def test_zh_hant_closes_the_gap_before_a_centred_comma(tmp_path: Path) -> None:
    """zh-Hant keeps “” and centres ，: ” (ink left) before ， is halved, as in SC."""
    doc = cppcc_convert.parse("# 標題\n\n服務“發展之要”，在產業強區。\n")
    path = tmp_path / "h.pdf"
    path.write_bytes(cppcc_convert.render(doc, "pdf", edition="zh-Hant"))
    chars = [c for line in _lines(path) for c in line.chars if line.size < 14]
    close = next(i for i, c in enumerate(chars) if c["text"] == "”")
    assert chars[close + 1]["text"] == "，"
    assert _advance(chars[close]) == pytest.approx(_em(chars[close]) / 2, abs=0.05)


# ------------------------------------------------------------------ autospace

SPACED = "作为贯穿2024年全年的专项课题，使用reportlab排版。"


@pytest.mark.parametrize("autospace", [True, False])
def test_quarter_em_between_han_and_latin(tmp_path: Path, autospace: bool) -> None:
    doc = Document(Meta(title="间距"), (Paragraph((Text(SPACED),), align="left"),))
    path, _ = render(doc, tmp_path, autospace=autospace)
    line = next(ln for ln in _lines(path) if "2024" in ln.text)
    chars = line.chars
    expected = 0.25 if autospace else 0.0
    boundaries = 0
    for a, b in itertools.pairwise(chars):
        han_latin = (_han(a["text"]) and _latin(b["text"])) or (
            _latin(a["text"]) and _han(b["text"])
        )
        gap = float(b["x0"]) - float(a["x1"])
        if han_latin:
            boundaries += 1
            assert gap == pytest.approx(expected * _em(a), abs=0.02), (a["text"], b["text"])
        else:
            assert gap == pytest.approx(0, abs=0.02), (a["text"], b["text"])
    assert boundaries == 4  # 穿|2 4|年 用|r b|排
    # the copy-out text has no space where the quarter em is
    assert "2024年" in run("pdftotext", path, "-")


def test_no_autospace_on_the_command_line(tmp_path: Path) -> None:
    import subprocess
    import sys

    src = tmp_path / "a.md"
    src.write_text(f"# 标题\n\n{SPACED}\n", encoding="utf-8")
    for flag, _name in (([], "a.pdf"), (["--no-autospace"], "b.pdf")):
        out = tmp_path / ("on" if not flag else "off")
        subprocess.run(
            [sys.executable, "-m", "cppcc_convert", str(src), "--to", "pdf", "-o", str(out), *flag],
            check=True,
            capture_output=True,
        )
        path = out / "a.pdf"
        line = next(ln for ln in _lines(path) if "2024" in ln.text)
        i = line.text.index("2")
        gap = float(line.chars[i]["x0"]) - float(line.chars[i - 1]["x1"])
        assert gap == pytest.approx(0.25 * _em(line.chars[i]) if not flag else 0, abs=0.02)


def _han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


# ------------------------------------------------------------------ justification

JUSTIFY = (
    "民主监督是人民政协三大主要职能之一，Maya Angelou与querySelectorAll在2024年12月31日"
    "共计3,141,592.65元的预算中被反复提及，富阳政协牢牢把握政协民主监督的职能定位，"
    "HTTP/2、WebAssembly和document.getElementById的调用次数达到98.62%以上，"
    "发挥协商式监督特色优势，在服务大局上求作为，在攻坚克难上勇担当。"
)


def _words(text: str) -> list[tuple[int, int]]:
    """Spans of Latin words and numbers (letters, digits and the marks inside numbers)."""
    out, i = [], 0
    while i < len(text):
        if text[i].isascii() and (text[i].isalnum() or text[i] in "/_"):
            j = i
            while j < len(text) and text[j].isascii() and (text[j].isalnum() or text[j] in "/_.,%"):
                j += 1
            while j > i and text[j - 1] in ".,":
                j -= 1
            out.append((i, j))
            i = j
        else:
            i += 1
    return out


@pytest.mark.parametrize("quoted", [False, True])
@pytest.mark.parametrize("size", SIZES)
def test_justification_never_spaces_out_words_numbers_or_code(
    tmp_path: Path, size: str, quoted: bool
) -> None:
    from cppcc_convert.model import Quote

    inlines = (
        Text(JUSTIFY[:60]),
        Code("element.querySelector(selector)"),
        Text(JUSTIFY[60:]),
    )
    paras = tuple(Paragraph(inlines) for _ in range(3))
    blocks = (Quote(paras),) if quoted else paras
    path, _ = render(Document(Meta(title="对齐"), blocks), tmp_path, page_size=size)
    lines = [ln for ln in _lines(path) if ln.size < 12]
    assert len(lines) > 10
    checked = 0
    for ln in lines:
        text = ln.text
        for a, b in _words(text):  # Latin words and numbers: glyphs at their advances
            for k in range(a, b - 1):
                gap = float(ln.chars[k + 1]["x0"]) - float(ln.chars[k]["x1"])
                assert abs(gap) < 0.02, (text, text[a:b], gap)
                checked += 1
        for c, d in zip(ln.chars, ln.chars[1:], strict=False):  # inline code likewise
            if "Mono" in c["fontname"] and "Mono" in d["fontname"]:
                assert abs(float(d["x0"]) - float(c["x1"])) < 0.02, text
    assert checked > 100
    # the lines are justified all the same: all but the paragraphs' last end at one x
    right = max(ln.x1 for ln in lines)
    full = [ln for ln in lines if abs(ln.x1 - right) < 0.05]
    assert len(full) >= len(lines) - 3


def test_justification_spreads_cjk_gaps_evenly(tmp_path: Path) -> None:
    text = "一二三四五六七八九十" * 3 + "（注）" + "一二三四五六七八九十" * 3
    doc = Document(Meta(title="均匀"), (Paragraph((Text(text),)),))
    path, _ = render(doc, tmp_path)
    for ln in [ln for ln in _lines(path) if ln.size < 12][:-1]:
        gaps = [
            float(b["x0"]) - float(a["x1"]) for a, b in zip(ln.chars, ln.chars[1:], strict=False)
        ]
        assert max(gaps) - min(gaps) < 0.02, (ln.text, gaps)


# ------------------------------------------------------------------ no one-character last line


def _units(text: str) -> int:
    """Characters a reader counts on a line: each Han character one, a Latin word or number
    one, punctuation nothing."""
    n, word = 0, False
    for ch in text:
        if ch.isalnum() and not ch.isascii():
            n, word = n + 1, False
        elif ch.isalnum():
            n, word = n + (not word), True
        else:
            word = False
    return n


def _paragraph_ends(lines: list[VisualLine], indent: float) -> list[VisualLine]:
    """Body lines after which a new paragraph starts (its first line indented two ems)."""
    body = [ln for ln in lines if 10.5 < ln.size < 11.5]
    left = min(ln.x0 for ln in body)
    ends = []
    for a, b in itertools.pairwise(body):
        if abs(b.x0 - left - indent) < 0.5 and a.x0 < left + indent + 0.5:
            ends.append(a)
    return ends


def test_no_paragraph_ends_on_one_character(tmp_path: Path) -> None:
    base = "政协委员围绕产业发展开展调研提出意见建议推动政策落地见效助力经济社会高质量发展"
    paras = []
    for n in range(36, 120):
        body = (base * 3)[:n]
        for tail in ("。", "”。", "）。", "。”"):
            paras.append(Paragraph((Text(body + tail),)))
    path, _ = render(Document(Meta(title="孤字"), tuple(paras)), tmp_path)
    lines = _lines(path)
    ends = _paragraph_ends(lines, 22.0)
    assert len(ends) > 250
    lone = [ln.text for ln in ends if _units(ln.text) < 2]
    assert lone == []


@pytest.mark.parametrize("size", SIZES)
def test_no_one_character_last_line_in_the_sample(size: str) -> None:
    for edition in EDITIONS:
        lines = _lines(rendered("sample", edition, size).path)
        body = [ln for ln in lines if 8 < ln.size < 12]
        lone = [ln.text for ln in body if _units(ln.text) < 2 and ln.text[-1:] in "。”」！？"]
        assert lone == [], (edition, lone)


# ------------------------------------------------------------------ page economy

BACKGROUND = (0.955, 0.955, 0.95)


def _rects(path: Path) -> list[list[dict]]:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return [list(p.rects) for p in pdf.pages]


def test_code_blocks_split_across_pages_keeping_their_shading(tmp_path: Path) -> None:
    code = "\n".join(f"line_{i:03d} = compute({i}, '政协')  # 第{i}行" for i in range(120))
    lead = Paragraph((Text("正文段落，用来占去页面的上半部分。" * 20),))
    doc = Document(
        Meta(title="代码"), (lead, CodeBlock(code, "python"), Paragraph((Text("完。"),)))
    )
    path, _ = render(doc, tmp_path)
    rects = _rects(path)
    shaded = [
        [r for r in page if tuple(round(v, 3) for v in r["non_stroking_color"]) == BACKGROUND]
        for page in rects
    ]
    pages = [n for n, s in enumerate(shaded) if s]
    assert len(pages) >= 2  # split, not pushed whole to the next page
    first = shaded[pages[0]][0]
    assert first["bottom"] > 842 - 28 * 72 / 25.4 - 2 * 14  # it fills the first page
    nxt = shaded[pages[1]][0]
    assert nxt["top"] < 28 * 72 / 25.4 + 2  # and goes on at the top of the next
    # every code character sits on its page's shading, and the lines come in order
    chars = page_chars(path)
    seen = []
    for n in pages:
        box = shaded[n][0]
        for c in chars[n]:
            if "Mono" in c["fontname"]:
                assert box["x0"] <= c["x0"] and c["x1"] <= box["x1"]
                assert box["top"] <= c["top"] and c["bottom"] <= box["bottom"]
        seen += [ln.text for ln in visual_lines([chars[n]]) if ln.text.startswith("line_")]
    assert [s[:8] for s in seen] == [f"line_{i:03d}" for i in range(120)]


def test_long_tables_split_with_header_and_rules_on_every_page(tmp_path: Path) -> None:
    rows = tuple(
        ((Text(f"第{i}项"),), (Text("政协委员提案办理情况" * (1 + i % 3)),), (Text(f"{i * 7}"),))
        for i in range(90)
    )
    header = ((Text("序号"),), (Text("内容"),), (Text("件数"),))
    doc = Document(Meta(title="表格"), (Table(header, rows, (None, None, "right")),))
    path, _ = render(doc, tmp_path)
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        pages = list(pdf.pages)
        assert len(pages) >= 3
        seen = []
        for page in pages:
            words = [w for w in page.extract_words() if w["text"] != "表格"]  # the title
            texts = [w["text"] for w in words]
            assert texts[:3] == ["序号", "内容", "件数"], texts[:5]  # the header repeats
            h = [r for r in page.rects if r["height"] > 5]
            # the grid: horizontal rules above the header and below the last row, vertical
            # ones the whole height of the table on this page
            top = min(w["top"] for w in words if w["text"] == "序号")
            bottom = max(w["bottom"] for w in words if w["bottom"] < page.height - 40)
            hlines = [e for e in page.edges if e["orientation"] == "h"]
            vlines = [e for e in page.edges if e["orientation"] == "v"]
            assert any(e["top"] < top for e in hlines)
            assert any(e["top"] >= bottom for e in hlines)
            assert _full_rules(vlines, top, bottom) >= 4  # left, two inner, right
            assert h  # the header's shading
            seen += [t for t in texts if t.startswith("第") and t.endswith("项")]
    assert seen == [f"第{i}项" for i in range(90)]


def _full_rules(edges: list[dict], top: float, bottom: float) -> int:
    """How many vertical rules (edges at one x, joined) run from above ``top`` to
    ``bottom`` without a gap."""
    by_x: dict[float, list[tuple[float, float]]] = {}
    for e in edges:
        by_x.setdefault(round(float(e["x0"]), 1), []).append((float(e["top"]), float(e["bottom"])))
    count = 0
    for spans in by_x.values():
        spans.sort()
        start, end = spans[0]
        for a, b in spans[1:]:
            if a > end + 0.5:
                break
            end = max(end, b)
        count += start < top and end >= bottom
    return count


# ------------------------------------------------------------------ the headline

HEADLINE = "以“政协之为”服务“发展之要” 在产业强区主战略中勇挑大梁"


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("edition", EDITIONS)
def test_headline_breaks_between_clauses_with_even_leading(size: str, edition: str) -> None:
    r = rendered("sample", edition, size)
    lines = _lines(r.path)
    body = _body_size(lines)
    title = [ln for ln in lines if ln.page == 1 and ln.size > 1.4 * body]
    clauses = r.doc.meta.title.split(" ")
    assert [ln.text for ln in title] == clauses
    width = max(ln.x1 for ln in lines) - min(ln.x0 for ln in lines)
    for ln in title:
        assert ln.x1 - ln.x0 < 0.95 * width  # no clause fills the measure


def test_a_long_headline_wraps_into_even_lines_with_even_leading(tmp_path: Path) -> None:
    title = "关于进一步加强和改进新形势下人民政协宣传工作推动协商民主广泛多层制度化发展的意见"
    doc = Document(Meta(title=title), (Paragraph((Text("正文。"),)),))
    path, _ = render(doc, tmp_path, page_size="A5")
    heads = [ln for ln in _lines(path) if ln.size > 13]
    assert len(heads) >= 2
    assert "".join(ln.text for ln in heads) == title
    ys = [float(ln.chars[0]["matrix"][5]) for ln in heads]
    steps = [a - b for a, b in itertools.pairwise(ys)]
    assert max(steps) - min(steps) < 0.1
    lengths = [len(ln.text) for ln in heads]
    assert max(lengths) - min(lengths) <= 2  # balanced, not a full line and a short one


def test_heading_that_wraps_keeps_its_leading(tmp_path: Path) -> None:
    text = "第三章　地方性法规、自治条例和单行条例、规章的制定程序与备案审查制度"
    doc = Document(Meta(title="t"), (Heading(2, (Text(text),)), Paragraph((Text("正文。"),))))
    path, _ = render(doc, tmp_path, page_size="A5")
    heads = [ln for ln in _lines(path) if 11 < ln.size < 14]
    assert "".join(ln.text for ln in heads) == text
    ys = [float(ln.chars[0]["matrix"][5]) for ln in heads]
    assert len(ys) == 2 and ys[0] - ys[1] == pytest.approx(1.3 * 9.5 * 1.5, abs=0.01)
