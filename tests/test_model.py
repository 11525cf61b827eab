"""The document model: JSON round trip, JSON shape, the sample's expected structure, golden."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

import cppcc_convert
from cppcc_convert import model_json
from cppcc_convert.model import (
    Anchor,
    Author,
    Code,
    CodeBlock,
    Definition,
    DefinitionList,
    Diagnostic,
    Document,
    Emph,
    Figure,
    Heading,
    InlineImage,
    LineBreak,
    Link,
    ListBlock,
    Meta,
    Paragraph,
    Quote,
    Rule,
    Strike,
    Strong,
    Subscript,
    Superscript,
    Table,
    Text,
    Underline,
    block_texts,
    document_text,
)

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
SAMPLE_TITLE = "以“政协之为”服务“发展之要” 在产业强区主战略中勇挑大梁"
BLOCK_TYPES = {
    "heading",
    "paragraph",
    "figure",
    "quote",
    "list",
    "definitions",
    "table",
    "code",
    "rule",
}
INLINE_TYPES = {
    "text",
    "emph",
    "strong",
    "strike",
    "underline",
    "superscript",
    "subscript",
    "code",
    "link",
    "break",
    "image",
    "anchor",
}
TEXT_BLOCKS = {"heading", "paragraph", "figure", "code"}
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U000323af]")


def all_blocks(blocks: tuple[Any, ...]) -> list[Any]:
    """Every block, nested ones included, in reading order."""
    out: list[Any] = []
    for b in blocks:
        out.append(b)
        if isinstance(b, Quote):
            out += all_blocks(b.blocks)
        elif isinstance(b, ListBlock):
            for item in b.items:
                out += all_blocks(item)
    return out


def all_lines(doc: Document) -> list[int]:
    return [b.line for b in all_blocks(doc.blocks)]


def json_blocks(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for b in blocks:
        out.append(b)
        out += json_blocks(b.get("blocks", []))
        for item in b.get("items", []):
            if isinstance(item, dict):  # a definition list entry
                for definition in item["definitions"]:
                    out += json_blocks(definition)
            else:
                out += json_blocks(item)
    return out


def json_inlines(data: Any) -> list[dict[str, Any]]:
    """Every inline object anywhere in the JSON, nested ones included."""
    out: list[dict[str, Any]] = []
    if isinstance(data, dict):
        if data.get("type") in INLINE_TYPES and (
            "children" in data or "text" in data or data.get("type") in ("break", "image", "anchor")
        ):
            out.append(data)
        for value in data.values():
            out += json_inlines(value)
    elif isinstance(data, list):
        for value in data:
            out += json_inlines(value)
    return out


# ---------------------------------------------------------------- round trip


def handmade() -> Document:
    """A document with every node type, built from the model classes directly."""
    inl = (
        Text("正文"),
        Emph((Text("强调"),)),
        Strong((Text("重点"), Code("x,y"))),
        Strike((Text("删除"),)),
        Underline((Text("下划线"),)),
        Superscript((Text("2"),)),
        Subscript((Text("2"),)),
        Link((Text("链接"),), "https://a.cn/x?q=1", "标题"),
        LineBreak(),
        InlineImage("img/a.png", "图", "t"),
        Anchor("top"),
    )
    items = ((Paragraph((Text("一"),), 11),), (Paragraph((Text("二"),), 12),))
    blocks = (
        Heading(2, (Text("一、标题"),), 3, id="一标题"),
        Paragraph(inl, 5),
        Paragraph((Text("居中"),), 6, align="center"),
        Figure(InlineImage("img/a.png", "照片", "题"), (Text("照片说明"),), 7),
        Figure(None, (Text("照片已删去"),), 8),
        Quote((Paragraph((Text("引文。"),), 9),), 9),
        ListBlock(True, items, 3, False, 11),
        DefinitionList((Definition((Text("术语"),), ((Paragraph((Text("释义"),), 13),),)),), 13),
        Table(((Text("甲"),), (Text("乙"),)), (((Text("1"),), (Text("2"),)),), ("left", None), 14),
        CodeBlock("print(1)\n", "python", 18),
        Rule(21),
    )
    meta = Meta(
        "标题", "副题", (Author("吴璇", "记者"),), "2024-01-02", "zh-CN", "来源", {"k": [1]}
    )
    diags = (Diagnostic("info", "rejoin", "joined", 5, "a.md"), Diagnostic("warning", "x", "m"))
    return Document(meta, blocks, diags)


def test_lines_are_not_part_of_equality() -> None:
    assert Paragraph((Text("a"),), 1) == Paragraph((Text("a"),), 99)


@pytest.mark.parametrize("which", ["handmade", "sample", "rich"])
def test_json_round_trip_is_exact(which: str, sample_doc: Document, rich_doc: Document) -> None:
    doc = {"handmade": handmade(), "sample": sample_doc, "rich": rich_doc}[which]
    again = Document.from_json(doc.to_json())
    assert again == doc
    assert all_lines(again) == all_lines(doc)
    assert all(line > 0 for line in all_lines(doc))
    assert again.to_json() == doc.to_json()
    assert Document.from_json(doc.to_json(indent=None)) == doc


@pytest.mark.parametrize("indent", [0, 1, 2, 4])
@pytest.mark.parametrize("which", ["handmade", "empty", "many", "rich", "long", "table"])
def test_json_text_is_written_in_pieces_as_json_dumps_writes_it_whole(
    which: str, indent: int, rich_doc: Document
) -> None:
    # the JSON is built block by block (memory); the oracle is the standard library's
    # json.dumps of the whole document's data at once
    many = Document(blocks=tuple(Paragraph((Text(f"第{i}段。"),), i + 1) for i in range(1100)))
    run = (Text('见"inlines": []，'), Emph((Text("甲"),)), Strong((Link((Text("链"),), "u"),)))
    long = Paragraph(run * 200 + (Code("c"),), 3, align="center")  # inlines in batches
    blocks = (Paragraph((Text("前"),), 1), long, Paragraph((Text("后"),), 5))
    docs = {"handmade": handmade(), "empty": Document(), "many": many, "rich": rich_doc}
    docs["long"] = Document(blocks=blocks * 2)
    key = (Text('"rows": []'),)  # the key the table's rows are cut at, as text
    rows = tuple(((Text(f"行{i}"),), key, (Emph((Text("x"),)),))[: 1 + i % 3] for i in range(1100))
    table = Table((key, (Text("乙"),), ()), rows, ("left", None, "right"), 2)  # rows in batches
    docs["table"] = Document(blocks=(blocks[0], table, table, blocks[2]))
    doc = docs[which]
    data = json.loads(doc.to_json())
    whole = json.dumps(data, ensure_ascii=False, indent=indent) + "\n"
    assert doc.to_json(indent=indent) == whole
    assert Document.from_json(whole) == doc  # nothing lost in the pieces
    assert model_json.dump_bytes(doc.meta, doc.blocks, doc.diagnostics, indent=indent) == (
        whole.encode("utf-8")
    )


def test_round_trip_notices_a_change(sample_doc: Document) -> None:
    data = json.loads(sample_doc.to_json())
    data["blocks"][0]["inlines"][0]["text"] += "。"
    assert Document.from_json(json.dumps(data)) != sample_doc


def test_unknown_version_is_rejected(sample_doc: Document) -> None:
    data = json.loads(sample_doc.to_json())
    data["version"] = 3
    with pytest.raises(ValueError, match="version"):
        Document.from_json(json.dumps(data))


def test_version_1_files_are_read(sample_doc: Document) -> None:
    """A version 1 file (before figures and heading ids; the golden file of release 0.1)
    gives the same document the reader gives now."""
    old = (ROOT / "tests" / "data" / "v1" / "fuyang-cppcc.v1.json").read_text(encoding="utf-8")
    assert json.loads(old)["version"] == 1
    doc = Document.from_json(old)
    assert doc.meta == sample_doc.meta
    assert doc.blocks == sample_doc.blocks
    assert [h.id for h in doc.blocks if isinstance(h, Heading)] == [
        h.id for h in sample_doc.blocks if isinstance(h, Heading)
    ]


def test_version_1_image_and_caption_become_one_figure() -> None:
    old = json.loads((ROOT / "tests" / "data" / "v1" / "rich.v1.json").read_text(encoding="utf-8"))
    kinds = [b["type"] for b in old["blocks"]]
    assert kinds.count("image") == 1 and kinds.count("caption") == 1
    doc = Document.from_json(json.dumps(old))
    figures = [b for b in doc.blocks if isinstance(b, Figure)]
    assert len(figures) == 1 and len(doc.blocks) == len(old["blocks"]) - 1
    (figure,) = figures
    assert figure.image == InlineImage("img/photo.png", "政协委员视察现场", "视察现场")
    assert figure.caption == (Text("政协委员视察现场"),)


@pytest.mark.parametrize("which", ["handmade", "sample", "rich"])
def test_json_shape(which: str, sample_doc: Document, rich_doc: Document) -> None:
    doc = {"handmade": handmade(), "sample": sample_doc, "rich": rich_doc}[which]
    data = json.loads(doc.to_json())
    assert list(data) == ["version", "meta", "blocks", "diagnostics"]
    assert data["version"] == 2
    assert set(data["meta"]) == {
        "title",
        "subtitle",
        "authors",
        "date",
        "lang",
        "source",
        "extra",
        "official",
    }
    for block in json_blocks(data["blocks"]):
        assert block["type"] in BLOCK_TYPES
        assert isinstance(block["line"], int)
        if block["type"] in TEXT_BLOCKS:
            assert isinstance(block["text"], str)
    for diag in data["diagnostics"]:
        assert set(diag) == {"level", "code", "message", "line", "file"}
        assert diag["level"] in {"info", "warning", "error"}


def test_text_field_is_the_plain_text(rich_doc: Document) -> None:
    data = json.loads(rich_doc.to_json())
    para = next(b for b in data["blocks"] if b["type"] == "paragraph")
    assert para["text"].startswith("这是重点内容，也有强调与删除的文字")
    table = next(b for b in data["blocks"] if b["type"] == "table")
    assert [c["text"] for c in table["header"]] == ["项目", "数量", "备注"]
    assert table["rows"][0][2]["text"] == "立案率 95%"


def test_every_block_and_inline_type_appears_in_the_handmade_json() -> None:
    data = json.loads(handmade().to_json())
    assert {b["type"] for b in json_blocks(data["blocks"])} == BLOCK_TYPES
    assert {i["type"] for i in json_inlines(data["blocks"])} == INLINE_TYPES


# ---------------------------------------------------------------- the sample


def test_sample_structure(sample_doc: Document) -> None:
    assert sample_doc.meta.title == SAMPLE_TITLE
    assert sample_doc.meta.authors == (Author("吴璇", "记者"),)
    headings = [b for b in sample_doc.blocks if isinstance(b, Heading)]
    assert [h.level for h in headings] == [2, 2, 2, 2]
    figures = [b for b in sample_doc.blocks if isinstance(b, Figure)]
    assert len(figures) == 4 and all(f.image is None and f.caption for f in figures)
    assert sum(isinstance(b, Paragraph) for b in sample_doc.blocks) == 28
    assert len(sample_doc.blocks) == 36


def test_sample_has_no_ascii_comma_or_semicolon(sample_doc: Document) -> None:
    text = document_text(sample_doc)
    assert sample_doc.meta.title in text
    assert "," not in text and ";" not in text
    meta = sample_doc.meta
    meta_text = [meta.title, meta.subtitle, *(a.name + a.role for a in meta.authors)]
    assert not any("," in t or ";" in t for t in meta_text)
    for block in json.loads(sample_doc.to_json())["blocks"]:
        assert "," not in block.get("text", "") and ";" not in block.get("text", "")


def test_sample_diagnostics(sample_doc: Document) -> None:
    codes = [d.code for d in sample_doc.diagnostics]
    assert codes.count("rejoin") == 3
    assert codes.count("punctuation") == 161
    assert codes.count("byline") == 1
    assert codes.count("caption") == 4
    assert codes.count("genre") == 1  # read as news: the one note about the whole file
    assert all(d.line and d.line > 0 for d in sample_doc.diagnostics if d.code != "genre")
    assert [d.line for d in sample_doc.diagnostics if d.code == "rejoin"] == [26, 62, 76]


def test_sample_keeps_every_han_character_in_order(sample_doc: Document, sample_path: Path) -> None:
    source = sample_path.read_text(encoding="utf-8")
    assert HAN.findall(source) == HAN.findall(document_text(sample_doc))


def test_sample_headings_text(sample_doc: Document) -> None:
    texts = block_texts(tuple(b for b in sample_doc.blocks if isinstance(b, Heading)))
    assert all("，" in t for t in texts)  # "聚焦“专”字建真言,以…" got its comma fixed
    assert texts[0].startswith("聚焦“效”字")


# ---------------------------------------------------------------- golden


@pytest.mark.parametrize(
    ("golden", "source"),
    [("fuyang-cppcc.json", "samples/fuyang-cppcc.md"), ("rich.json", "tests/data/rich.md")],
)
def test_golden_json(golden: str, source: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    expected = (GOLDEN / golden).read_text(encoding="utf-8")
    actual = cppcc_convert.load(source).to_json()
    # On a mismatch: review, then regenerate with `python tests/regen_golden.py`.
    assert actual == expected
    assert Document.from_json(expected) == cppcc_convert.load(source)


def test_golden_names_the_file_relative_to_the_root() -> None:
    data = json.loads((GOLDEN / "fuyang-cppcc.json").read_text(encoding="utf-8"))
    assert {d["file"] for d in data["diagnostics"]} == {"samples/fuyang-cppcc.md"}


# ---------------------------------------------------------------- docs/model.md


def test_docs_example_is_what_the_reader_produces() -> None:
    doc_text = (ROOT / "docs" / "model.md").read_text(encoding="utf-8")
    section = doc_text.split("## Example", 1)[1]
    source = re.search(r"^`(.+?)` gives:$", section, re.M)
    assert source is not None
    markdown = source.group(1).replace("\\n", "\n")
    shown = json.loads(section.split("```json", 1)[1].split("```", 1)[0])
    actual = json.loads(cppcc_convert.parse(markdown, file="example.md").to_json())
    assert shown == actual


def test_docs_list_every_block_and_inline_type() -> None:
    doc_text = (ROOT / "docs" / "model.md").read_text(encoding="utf-8")
    for name in [*BLOCK_TYPES, *INLINE_TYPES]:
        assert f"| `{name}`" in doc_text, name
    for code in ("whitespace", "control-char", "byline", "caption", "punctuation", "rejoin"):
        assert f"`{code}`" in doc_text, code
