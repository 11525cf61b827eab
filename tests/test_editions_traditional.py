"""A Traditional source: the reader labels it (front matter ``lang``, else the character
count of script.py, reported as a ``source-traditional`` note), and its editions keep its
words: zh-TW and zh-HK change variant forms only, zh-Hant prints it as written."""

from __future__ import annotations

import re
import zipfile
from io import BytesIO
from pathlib import Path

import pytest

import cppcc_convert
from cppcc_convert.editions import apply_edition
from cppcc_convert.model import Document, block_texts
from cppcc_convert.options import Options
from test_corpus import FILES
from test_corpus import load as load_corpus

ROC = "永矢咸遵。余謹以至誠，總統依法公布法律，咨請立法院"
# What s2t/s2tw/s2hk made of ROC's words: a Simplified→Traditional pass over Traditional text.
WRONG = ("鹹", "餘謹", "公佈", "諮請")
# A Traditional paragraph long enough to be told from Simplified (it has 40-odd characters
# that only Traditional text uses).
LONG = (
    "中華民國國民大會受全體國民之付託，依據孫中山先生創立中華民國之遺教，為鞏固國權，"
    "保障民權，奠定社會安寧，增進人民福利，制定本憲法，頒行全國，永矢咸遵。"
    f"{ROC}。他說：“這是對的。”"
)
TRADITIONAL_EDITIONS = ("zh-Hant", "zh-TW", "zh-HK")

# The script of every corpus document, read by a person (index.toml's lang says the same).
SCRIPT = {file: "Hans" for file in FILES} | {
    "book/zhongguo-xiaoshuo-shilue.txt": "Hant",
    "statutes/roc-constitution.zh-TW.md": "Hant",
    "traditional/chuci-jiuge.kanripo.txt": "Hant",
    "traditional/coding-interview-university.tw.md": "Hant",
    "traditional/hongloumeng-ch01-04.big5.txt": "Hant",
    "traditional/hongloumeng-gutenberg-24264.txt": "Hant",
    "traditional/system-design-primer.zh-TW.md": "Hant",
}
NOTE = re.compile(r"^read as Traditional Chinese \(zh-Hant\): (\d+) Traditional-only and (\d+) ")


def text_of(doc: Document) -> str:
    return "\n".join([doc.meta.title, *block_texts(doc.blocks)])


def notes(doc: Document) -> list[str]:
    return [d.message for d in doc.diagnostics if d.code == "source-traditional"]


@pytest.mark.parametrize("file", FILES)
def test_the_script_of_every_corpus_document(file: str) -> None:
    doc = load_corpus(file)
    if SCRIPT[file] == "Hant":
        assert doc.meta.lang == "zh-Hant"
        [note] = notes(doc)
        match = NOTE.match(note)
        assert match is not None, note
        assert int(match[1]) >= 20 and int(match[1]) > 3 * int(match[2])
        assert next(d for d in doc.diagnostics if d.code == "source-traditional").level == "info"
    else:
        assert doc.meta.lang == "zh-CN" and not notes(doc)


@pytest.mark.parametrize("name", TRADITIONAL_EDITIONS)
@pytest.mark.parametrize("phrases", [False, True])
def test_a_detected_traditional_text_keeps_its_words(name: str, phrases: bool) -> None:
    doc = cppcc_convert.parse(LONG)
    assert doc.meta.lang == "zh-Hant"
    out = text_of(apply_edition(doc, name, Options(phrases=phrases)))
    assert ROC in out and "頒行全國" in out
    assert not any(w in out for w in WRONG)


@pytest.mark.parametrize("lang", ["zh-TW", "zh-HK", "zh-Hant"])
@pytest.mark.parametrize("name", TRADITIONAL_EDITIONS)
def test_a_declared_traditional_text_keeps_its_words(lang: str, name: str) -> None:
    doc = cppcc_convert.parse(f"---\nlang: {lang}\n---\n\n{ROC}。\n")
    assert doc.meta.lang == lang and not notes(doc)  # declared: nothing to detect
    out = apply_edition(doc, name, Options())
    assert out.meta.lang == name
    assert text_of(out).strip() == f"{ROC}。"


def test_variant_forms_and_quotation_marks_still_follow_the_region() -> None:
    doc = cppcc_convert.parse(LONG)
    assert "「這是對的。」" in text_of(apply_edition(doc, "zh-TW", Options()))
    assert "“這是對的。”" in text_of(apply_edition(doc, "zh-Hant", Options()))
    # t2hk: 説 is Hong Kong's form of 說; t2tw keeps 說
    assert "他説：「這是對的。」" in text_of(apply_edition(doc, "zh-HK", Options()))
    assert "他說" in text_of(apply_edition(doc, "zh-TW", Options()))


def test_the_built_in_glossary_is_not_applied_to_a_traditional_source() -> None:
    # 发布 -> 發佈 is a built-in zh-TW row (for Simplified text); a stray Simplified word
    # in a Traditional text is left as written (t2tw converts no Simplified form).
    doc = cppcc_convert.parse(f"{LONG}发布。")
    assert "发布" in text_of(apply_edition(doc, "zh-TW", Options()))
    simplified = cppcc_convert.parse("国务院发布通知。")
    assert "發佈" in text_of(apply_edition(simplified, "zh-TW", Options()))


def test_the_corpus_documents_keep_their_words() -> None:
    roc = load_corpus("statutes/roc-constitution.zh-TW.md")
    chuci = load_corpus("traditional/chuci-jiuge.kanripo.txt")
    source_yu = text_of(chuci).count("余")
    assert source_yu >= 16 and "采" in text_of(chuci)
    for name in TRADITIONAL_EDITIONS:
        text = text_of(apply_edition(roc, name, Options()))
        assert "永矢咸遵" in text and "余謹以至誠" in text and "公布" in text and "咨請" in text
        assert not any(w in text for w in WRONG)
        jiuge = text_of(apply_edition(chuci, name, Options()))
        assert jiuge.count("余") == source_yu and "采" in jiuge


def test_simplified_text_with_a_few_traditional_names_stays_simplified() -> None:
    doc = cppcc_convert.parse(
        "王永慶和張忠謀都是知名企业家，在台湾创办了台塑与台積電。我们今天讨论的是经济的发展，"
        "软件、网络、数据都很重要，发布通知，优化服务。"
    )
    assert doc.meta.lang == "zh-CN" and not notes(doc)
    assert "軟件" in text_of(apply_edition(doc, "zh-TW", Options()))  # s2tw, as before


@pytest.mark.parametrize("text", ["余咸公布。", "永矢咸遵。余謹以至誠，總統依法公布法律。"])
def test_a_short_text_stays_simplified(text: str) -> None:
    doc = cppcc_convert.parse(text)
    assert doc.meta.lang == "zh-CN" and not notes(doc)


def test_the_front_matter_wins_over_the_count() -> None:
    doc = cppcc_convert.parse(f"---\nlang: zh-CN\n---\n\n{LONG}\n")
    assert doc.meta.lang == "zh-CN" and not notes(doc)


def test_a_traditional_source_is_labelled_and_typeset_as_traditional(tmp_path: Path) -> None:
    doc = cppcc_convert.parse(LONG)
    html = cppcc_convert.render(doc, "html").decode()
    assert re.search(r'<html[^>]* lang="zh-Hant"', html)
    with zipfile.ZipFile(BytesIO(cppcc_convert.render(doc, "epub"))) as z:
        opf = next(z.read(n) for n in z.namelist() if n.endswith(".opf")).decode()
    assert "<dc:language>zh-Hant</dc:language>" in opf
    pdf = cppcc_convert.render(doc, "pdf")
    assert b"NotoSerifCJKtc" in pdf and b"NotoSerifCJKsc" not in pdf
    declared = cppcc_convert.parse(f"---\nlang: zh-HK\n---\n\n{ROC}。\n")
    assert re.search(r'<html[^>]* lang="zh-HK"', cppcc_convert.render(declared, "html").decode())
    assert b"NotoSerifCJKhk" in cppcc_convert.render(declared, "pdf")
