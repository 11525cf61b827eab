#!/usr/bin/env python3
"""Feed samples/official-notice.md to the official-document peers, each in the input it takes.

Run with the peers' venv (it needs PyYAML, and cn-gov-docx for `cngov`); see
bench/official_peers.sh. Nothing here imports cppcc_convert.

  official_peer_inputs.py gongwen-md NOTICE.md OUT.md   # gongwen-skill's Markdown + front matter
  official_peer_inputs.py gongwen-args NOTICE.md        # header/footer arguments, one per line
  official_peer_inputs.py cngov NOTICE.md OUT.docx      # cn-gov-docx's documented Python API

Both peers get the same reading of the body: a paragraph that starts with a 公文 level marker
(一、 / （一） / 1． / （1）) and is a heading on its own line (at most 30 characters, no
punctuation: 一、会议时间和地点) becomes a heading of that level; a paragraph that starts with a
marker and goes on with running text stays body text, which is how such paragraphs are typeset
in practice and how the peers' own docs treat them.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

LEVELS = [
    (1, re.compile(r"^[一二三四五六七八九十]+、")),
    (2, re.compile(r"^（[一二三四五六七八九十]+）")),
    (3, re.compile(r"^\d+[．.]")),
    (4, re.compile(r"^（\d+）")),
]


def read_notice(path: str) -> tuple[dict, list[str]]:
    text = Path(path).read_text(encoding="utf-8")
    if not text.startswith("---"):
        raise SystemExit(f"{path}: no front matter")
    _, fm, body = text.split("---", 2)
    meta = yaml.safe_load(fm) or {}
    paras = [p.strip() for p in re.split(r"\n\s*\n", body) if p.strip()]
    return meta, paras


def heading_level(para: str) -> int:
    """The 公文 level of a stand-alone heading paragraph, else 0."""
    for level, rx in LEVELS:
        m = rx.match(para)
        if not m:
            continue
        if len(para) <= 30 and not re.search(r"[。；：！？，]", para):
            return level
        return 0
    return 0


def items(meta: dict, key: str) -> list[str]:
    v = meta.get(key) or []
    if isinstance(v, str):
        v = [x.strip() for x in re.split(r"[，,、]", v) if x.strip()]
    return [str(x) for x in v]


def gongwen_md(src: str, out: str) -> None:
    """gongwen-skill md2docx/draft: front matter keys recipients, signer (落款), date,
    attachments, doc_type (its docstring); `#` title, `##` 一、, `###` （一）, `####` 1．"""
    meta, paras = read_notice(src)
    fm = [
        "---",
        "doc_type: notice",
        f"recipients: {meta.get('to', '')}",
        f"signer: {meta.get('signature', '')}",
        f"date: {meta.get('date', '')}",
        "---",
        "",
        f"# {meta['title']}",
        "",
    ]
    body = []
    for p in paras:
        lv = heading_level(p)
        body.append(("#" * (lv + 1) + " " + p) if 1 <= lv <= 3 else p)
        body.append("")
    # Its front matter reader is line-based (no YAML lists), so the attachments go in as the
    # --attachments option (see gongwen-args). It has no 附注 element (no option, no front
    # matter key, and a paragraph after the date would stop its signature detection), so the
    # note is left out.
    Path(out).write_text("\n".join(fm + body), encoding="utf-8")


def gongwen_args(src: str) -> None:
    meta, _ = read_notice(src)
    for k in ("issuer", "number", "signer", "cc", "printer", "print_date"):
        print(meta.get(k) or "")
    print("\x1f".join(items(meta, "attachments")))
    print(meta.get("note") or "")


def cngov(src: str, out: str) -> None:
    """cn-gov-docx: only its documented API (add_title, add_h1/h2/h3, add_text, save).
    It has no 版头, 版记, page numbers, or right alignment, so the 发文机关标志, 发文字号 and
    版记 are left out and the signature and date are plain unindented paragraphs."""
    from cn_gov_docx import CnGovDocx

    meta, paras = read_notice(src)
    doc = CnGovDocx()
    doc.add_title(meta["title"])
    if meta.get("to"):
        doc.add_text(f"{meta['to']}：", indent_first_line=False)
    for p in paras:
        lv = heading_level(p)
        if lv == 1:
            doc.add_h1(p)
        elif lv == 2:
            doc.add_h2(p)
        elif lv == 3:
            doc.add_h3(p)
        else:
            doc.add_text(p)
    atts = items(meta, "attachments")
    for i, a in enumerate(atts, 1):
        lead = "附件：" if i == 1 else "\u3000" * 3
        doc.add_text(f"{lead}{i}．{a}" if len(atts) > 1 else f"附件：{a}")
    if meta.get("signature"):
        doc.add_text(meta["signature"], indent_first_line=False)
    if meta.get("date"):
        doc.add_text(str(meta["date"]), indent_first_line=False)
    if meta.get("note"):
        doc.add_text(f"（{meta['note']}）")
    doc.save(out)


def main(argv: list[str]) -> int:
    if len(argv) >= 3 and argv[0] == "gongwen-md":
        gongwen_md(argv[1], argv[2])
    elif len(argv) >= 2 and argv[0] == "gongwen-args":
        gongwen_args(argv[1])
    elif len(argv) >= 3 and argv[0] == "cngov":
        cngov(argv[1], argv[2])
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
