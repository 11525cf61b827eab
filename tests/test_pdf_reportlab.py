"""reportlab's platypus imported with some patterns deferred: they still match as compiled."""

from __future__ import annotations

import re
from typing import Any

import cppcc_convert.writers.pdf  # noqa: F401  # imports platypus through pdf_reportlab


def test_re_compile_is_restored() -> None:
    assert re.compile.__module__ == "re"
    assert isinstance(re.compile("a"), re.Pattern)


def test_deferred_patterns_behave_as_compiled() -> None:
    from reportlab.lib import PyFontify, textsplit
    from reportlab.platypus import paragraph

    uri_pat: Any = getattr(paragraph, "uri_pat")  # noqa: B009  # not in the stubs
    rx: Any = getattr(textsplit, "rx")  # noqa: B009
    uri = "https://例子.cn/a?b=1"
    expected = re.compile(uri_pat.pattern, uri_pat.flags)
    assert uri_pat.match(uri).span() == expected.match(uri).span()  # type: ignore[union-attr]
    assert uri_pat.match("not a uri") is None
    assert rx.sub(r"\1\0 ", "中文abc") == "中\0 文\0 abc"
    assert PyFontify.fontify("def f(): return 1")[0] == ("keyword", 0, 3, None)
