"""walk.merge_text: adjacent Text nodes joined, empty ones dropped, other nodes kept in
place; a lone Text node is the same object (repairs keep unchanged blocks by identity)."""

from __future__ import annotations

from cppcc_convert.model import Emph, LineBreak, Text
from cppcc_convert.walk import merge_text


def test_runs_are_joined_and_empty_text_dropped() -> None:
    got = merge_text(
        (Text("甲"), Text(""), Text("乙"), LineBreak(), Text("丙"), Emph((Text("丁"),)))
    )
    assert got == (Text("甲乙"), LineBreak(), Text("丙"), Emph((Text("丁"),)))


def test_a_lone_text_node_is_kept_as_it_is() -> None:
    node = Text("只有一段")
    assert merge_text((node, LineBreak()))[0] is node


def test_a_long_run_is_one_node() -> None:
    pieces = tuple(Text(f"第{i}行") for i in range(20000))
    (joined,) = merge_text(pieces)
    assert isinstance(joined, Text) and joined.text == "".join(p.text for p in pieces)


def test_map_block_inlines_keeps_every_field_of_a_paragraph() -> None:
    # walk builds a changed Paragraph directly (not with dataclasses.replace): every field
    # but the inlines must come through, and a new field must be added there too
    from dataclasses import fields

    from cppcc_convert.model import Paragraph
    from cppcc_convert.walk import map_block_inlines

    assert [f.name for f in fields(Paragraph)] == ["inlines", "line", "align"]
    block = Paragraph((Text("甲"),), 7, align="center")
    (got,) = map_block_inlines((block,), lambda inlines, line: (Text(f"乙{line}"),))
    assert got == Paragraph((Text("乙7"),), 7, align="center") and got.line == 7
    same = (block,)
    assert map_block_inlines(same, lambda inlines, line: inlines) is same
