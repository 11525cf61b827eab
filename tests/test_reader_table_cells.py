"""A table's repeated plain cells are one object (the model of a huge table, issue 19)."""

from __future__ import annotations

import pytest

from cppcc_convert import parse
from cppcc_convert.model import Emph, Inlines, Table, Text
from cppcc_convert.reader import md_table_cells


def _table(text: str) -> Table:
    (table,) = [b for b in parse(text).blocks if isinstance(b, Table)]
    return table


def test_repeated_plain_cells_are_shared_and_the_table_is_unchanged() -> None:
    lines = ["| 单位 | 状态 | 说明 |", "|---|---|---|"]
    lines += [f"| 组{i} | 办结 | *急* |" for i in range(40)] + ["| 办结 | 组3 | 办结 |"]
    table = _table("\n".join(lines) + "\n")
    rows: list[tuple[Inlines, ...]]
    rows = [((Text(f"组{i}"),), (Text("办结"),), (Emph((Text("急"),)),)) for i in range(40)]
    rows.append(((Text("办结"),), (Text("组3"),), (Text("办结"),)))
    assert table == Table(
        ((Text("单位"),), (Text("状态"),), (Text("说明"),)), tuple(rows), (None,) * 3
    )
    status = table.rows[0][1]
    assert all(r[1] is status for r in table.rows[:40])
    assert table.rows[40][0] is status and table.rows[40][2] is status
    assert table.rows[40][1] is table.rows[3][0]
    assert len({id(r[0]) for r in table.rows[:40]}) == 40
    assert len({id(r[2]) for r in table.rows[:40]}) == 40  # not one Text: not pooled


def test_the_pool_is_bounded_and_per_table(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(md_table_cells, "SHARED_CELLS", 3)  # h (the header), a, b
    body = "".join(f"| {v} |\n" for v in "aabccbcc")
    first, second = [
        b
        for b in parse("| h |\n|---|\n" + body + "\n段\n\n| h |\n|---|\n| a |\n").blocks
        if isinstance(b, Table)
    ]
    cells = [r[0] for r in first.rows]
    assert [c[0].text for c in cells] == list("aabccbcc")  # type: ignore[union-attr]
    assert cells[0] is cells[1] and cells[2] is cells[5]  # a and b pooled
    assert len({id(c) for c in cells[3:5] + cells[6:]}) == 4  # c came third: its own
    assert second.rows[0][0] is not cells[0]
