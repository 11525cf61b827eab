"""The standalone HTML as Chromium sets it: measured in the browser, not read from the CSS."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import pytest

from cppcc_convert import parse, render
from wechat_helpers import Browser, browser

# A cell that wraps, holding code and Latin words: justified, its letters would be spread.
TABLE = """# 图床

| 图床 | 使用时是否需要配置 |
|---|---|
| 阿里云 | 配置 `AccessKey ID`、`AccessKey Secret`、`Bucket`、`Region` 参数 |
"""

# Each character's left edge inside the first <code> of the cell, and the advance of the same
# text set alone without justification (a nowrap span appended to the body).
ADVANCES = """(() => {
  const code = document.querySelector('td code');
  const text = code.firstChild;
  const xs = [];
  for (let i = 0; i < text.length; i++) {
    const r = document.createRange();
    r.setStart(text, i); r.setEnd(text, i + 1);
    xs.push(r.getBoundingClientRect().x);
  }
  const alone = document.createElement('code');
  alone.textContent = text.data;
  alone.style.whiteSpace = 'nowrap';
  const box = document.createElement('div');
  box.style.textAlign = 'left';
  box.appendChild(alone);
  document.body.appendChild(box);
  return [xs, alone.getBoundingClientRect().width / text.length];
})()"""


@pytest.fixture(scope="module")
def chrome() -> Iterator[Browser]:
    with browser() as b:
        yield b


@pytest.mark.parametrize("edition", ["zh-Hans", "zh-HK"])
def test_table_cells_are_not_letter_spaced(chrome: Browser, tmp_path: Path, edition: str) -> None:
    path = tmp_path / "table.html"
    path.write_bytes(render(parse(TABLE), "html", edition=edition))
    page = chrome.page()
    try:
        page.viewport(420, 800)
        page.open(path)
        xs, natural = page.js(ADVANCES)
        wrapped = page.js("document.querySelector('td:last-child').getClientRects().length")
        lines = page.js(
            "(() => { const r = document.createRange();"
            " r.selectNodeContents(document.querySelector('td:last-child'));"
            " return new Set([...r.getClientRects()].map(b => Math.round(b.y))).size; })()"
        )
    finally:
        page.close()
    assert wrapped == 1 and lines >= 2, "the cell must wrap for the check to mean anything"
    steps = [b - a for a, b in pairwise(xs)]
    assert steps, xs
    # monospace: every step is one natural advance (a justified cell adds space to each)
    assert max(abs(step - natural) for step in steps) < 0.5, (steps, natural)
