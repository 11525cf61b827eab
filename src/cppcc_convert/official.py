"""Official documents (公文, GB/T 9704-2012): their parts, from front matter or from text.

Front matter names the parts in English or Chinese (docs/official.md): ``issuer``/``机关``,
``number``/``字号``, ``signer``/``签发人``, ``to``/``主送``, ``attachments``/``附件``,
``signature``/``署名``, ``date``/``日期``, ``cc``/``抄送``, ``printer``/``印发``,
``print_date``/``印发日期``, ``secret``/``密级``, ``urgency``/``紧急程度``, ``note``/``附注``,
``copy_number``/``份号``. Text pasted from a PDF carries them as lines: the 版头 at the top
(份号, 密级, 紧急程度, 发文机关标志, 发文字号 and 签发人), the 主送 line under the title, and at
the end the 附件说明, 署名, 成文日期, 附注 and the 版记 (抄送, 印发). ``find_parts`` takes
those lines out of the body into ``Meta.official``, each recognition an info diagnostic.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import fields, replace
from typing import Any

from .markers import DATE_PATTERN, is_date, is_issuer, is_official_title, squeeze
from .model import Block, Document, Official, Paragraph, inline_text

Report = Callable[[str, str, int], None]  # (code, message, line)

ALIASES: dict[str, tuple[str, ...]] = {
    "issuer": ("issuer", "机关", "发文机关", "发文机关标志"),
    "number": ("number", "字号", "发文字号", "文号"),
    "signer": ("signer", "签发人"),
    "to": ("to", "主送", "主送机关"),
    "attachments": ("attachments", "附件"),
    "signature": ("signature", "署名", "发文机关署名"),
    "date": ("日期", "成文日期"),  # ``date`` itself is the document's date (Meta.date)
    "note": ("note", "附注"),
    "cc": ("cc", "抄送", "抄送机关"),
    "printer": ("printer", "印发", "印发机关"),
    "print_date": ("print_date", "印发日期"),
    "secret": ("secret", "密级"),
    "urgency": ("urgency", "紧急程度"),
    "copy_number": ("copy_number", "份号"),
}
KEYS = frozenset(k for names in ALIASES.values() for k in names)

# the brackets a 发文字号's year is put in, right (〔〕) or wrong (official_lint says which)
OPEN_BRACKETS = r"[〔\[［(（【]"
CLOSE_BRACKETS = r"[〕\]］)）】]"
NUMBER = re.compile(
    rf"^(?P<number>\S{{1,30}}?{OPEN_BRACKETS}\s*\d{{4}}\s*{CLOSE_BRACKETS}\s*\d+\s*号)"
)
SIGNER = re.compile(r"签发人[：:]\s*(?P<signer>\S.*?)\s*$")
SECRET = re.compile(r"^(?:绝密|机密|秘密)(?:\s*★\s*\S*)?$")
URGENCY = re.compile(r"^(?:特急|加急|特提|平急)$")
COPY_NUMBER = re.compile(r"^\d{6}$")
CC = re.compile(r"^抄送[：:]\s*(?P<cc>[^。]{1,300}?)[。.]?$")
PRINTED = re.compile(
    rf"^(?P<printer>[^，。；\s].{{1,40}}?)[\s\u3000]+(?P<date>{DATE_PATTERN})\s*印发$"
)
ATTACHMENT = re.compile(r"^附件[：:]\s*(?P<rest>.*)$")
ITEM = re.compile(r"^(?P<n>\d+)[.．、]\s*(?P<name>.+)$")
NOTE = re.compile(r"^[（(](?P<note>.+)[）)]$")
TO = re.compile(r"^(?P<to>[\u4e00-\u9fff，、（）()·\s]{2,120})[：:]$")


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def from_front_matter(extra: dict[str, Any]) -> tuple[Official, dict[str, Any]]:
    """The parts the front matter names, and the rest of ``extra``."""
    values: dict[str, Any] = {}
    for name, keys in ALIASES.items():
        for key in keys:
            if key in extra and name not in values:
                value = extra[key]
                if name == "attachments":
                    items = value if isinstance(value, list) else [value]
                    values[name] = tuple(_text(v) for v in items if _text(v))
                else:
                    values[name] = _text(value)
    rest = {k: v for k, v in extra.items() if k not in KEYS}
    return Official(**values), rest


def merge(first: Official, second: Official) -> Official:
    """``first``'s parts, with ``second``'s where ``first`` has none."""
    changes = {
        f.name: getattr(second, f.name) for f in fields(Official) if not getattr(first, f.name)
    }
    return replace(first, **changes)


def _line(block: Block) -> str | None:
    if not isinstance(block, Paragraph):
        return None
    text = inline_text(block.inlines).strip()
    return text if text and "\n" not in text else None


def _fits(given: Official, name: str, value: Any) -> bool:
    """Whether the text's ``value`` for a part may leave the body: the front matter names no
    such part, or the same one. (A different one stays in the text, so nothing is lost.)"""
    have = getattr(given, name)
    if not have:
        return True
    if isinstance(have, tuple):
        return tuple(squeeze(v) for v in have) == tuple(squeeze(v) for v in value)
    return squeeze(have) == squeeze(str(value))


def _head(
    doc: Document, blocks: list[Block], report: Report, lines: dict[str, int]
) -> tuple[Document, dict[str, Any], list[Block]]:
    """The 版头 lines at the top, the title where it is a 公文 title, the 主送 line."""
    given = doc.meta.official or Official()
    found: dict[str, Any] = {}
    i = 0
    while i < min(len(blocks), 8):
        text = _line(blocks[i])
        if text is None or (part := _head_part(text, given, found)) is None:
            break
        name, what = part
        lines[name] = blocks[i].line
        report("official", f"{_clip(text)!r} is the {what}", blocks[i].line)
        i += 1
    blocks = blocks[i:]
    if not doc.meta.title and blocks:
        text = _line(blocks[0])
        if text is not None and is_official_title(text):
            report("official", f"{_clip(text)!r} is the title", blocks[0].line)
            lines["title"] = blocks[0].line
            doc = replace(doc, meta=replace(doc.meta, title=text))
            blocks = blocks[1:]
    if blocks:
        text = _line(blocks[0])
        if text is not None and (match := TO.match(text)) and _fits(given, "to", match["to"]):
            found["to"] = match.group("to").strip()
            lines["to"] = blocks[0].line
            report("official", f"{_clip(text)!r} is the 主送机关", blocks[0].line)
            blocks = blocks[1:]
    return doc, found, blocks


def _head_part(text: str, given: Official, found: dict[str, Any]) -> tuple[str, str] | None:
    """Which 版头 part one line at the top is, recorded in ``found`` (the 发文字号's line may
    carry the 签发人 too): (its name, what the standard calls it), or None."""

    def new(name: str, value: str) -> bool:
        return name not in found and _fits(given, name, value)

    signer = SIGNER.search(text)
    if COPY_NUMBER.match(text) and new("copy_number", text):
        found["copy_number"] = text
        return "copy_number", "份号"
    if SECRET.match(squeeze(text)) and new("secret", text):
        found["secret"] = text
        return "secret", "密级"
    if URGENCY.match(squeeze(text)) and new("urgency", text):
        found["urgency"] = text
        return "urgency", "紧急程度"
    if (
        (match := NUMBER.match(text))
        and new("number", match.group("number"))
        and (signer is None or new("signer", signer.group("signer")))
        and not text[match.end() :].replace(signer.group(0) if signer else "", "").strip()
    ):
        found["number"] = match.group("number")
        if signer is not None:
            found["signer"] = signer.group("signer")
        return "number", "发文字号"
    if signer is not None and signer.start() == 0 and new("signer", signer.group("signer")):
        found["signer"] = signer.group("signer")
        return "signer", "签发人"
    if (
        "number" not in found
        and (is_issuer(text.removesuffix("文件")) or text.endswith("文件"))
        and new("issuer", text)
    ):
        found["issuer"] = text  # as printed: "某某文件" keeps its 文件
        return "issuer", "发文机关标志"
    return None


def _tail(
    blocks: list[Block], given: Official, report: Report, lines: dict[str, int]
) -> tuple[dict[str, Any], list[Block]]:
    """From the end: 版记 (印发, 抄送), 附注, 成文日期, 署名, 附件说明."""
    found: dict[str, Any] = {}
    end = len(blocks)

    def take(name: str, value: Any, what: str) -> None:
        nonlocal end
        found[name] = value
        block = blocks[end - 1]
        lines[name] = block.line
        report("official", f"{_clip(_line(block) or '')!r} is the {what}", block.line)
        end -= 1

    def last() -> str | None:
        return _line(blocks[end - 1]) if end > 0 else None

    def fits(**parts: str) -> bool:
        return all(_fits(given, name, value) for name, value in parts.items())

    text = last()
    if (
        text
        and (match := PRINTED.match(text))
        and fits(printer=match["printer"].strip(), print_date=match["date"])
    ):
        found["print_date"] = match.group("date")
        lines["print_date"] = blocks[end - 1].line
        take("printer", match.group("printer").strip(), "印发机关和印发日期")
        text = last()
    if text and (match := CC.match(text)) and fits(cc=match["cc"].strip()):
        take("cc", match.group("cc").strip(), "抄送机关")
        text = last()
    if text and (match := NOTE.match(text)) and not is_date(text) and fits(note=match["note"]):
        note = match.group("note")
        if end >= 2 and is_date(_line(blocks[end - 2]) or ""):
            take("note", note, "附注")
            text = last()
    if text and is_date(text) and fits(date=text):
        take("date", text, "成文日期")
        text = last()
        if text and is_issuer(text) and fits(signature=text):
            take("signature", text, "发文机关署名")
    # 附件说明: "附件：1．名称" and the lines "2．名称" under it, just above the signature
    start = end
    while start > 0 and (t := _line(blocks[start - 1])) and (ITEM.match(t) or ATTACHMENT.match(t)):
        start -= 1
        if ATTACHMENT.match(t):
            break
    head = _line(blocks[start]) if start < end else None
    if head and (match := ATTACHMENT.match(head)):
        names = _attachment_names(blocks[start:end])
        if names and _fits(given, "attachments", names):
            found["attachments"] = names
            lines["attachments"] = blocks[start].line
            report("official", f"附件说明: {len(names)} attachment(s)", blocks[start].line)
            end = start
    return found, blocks[:end]


def _attachment_names(blocks: list[Block]) -> tuple[str, ...]:
    """The names of a 附件说明: "附件：1．名称" and the "2．名称" lines under it."""
    names: list[str] = []
    for block in blocks:
        text = _line(block) or ""
        if match := ATTACHMENT.match(text):
            text = match.group("rest")
        item = ITEM.match(text.strip())
        names.append((item.group("name") if item else text).strip())
    return tuple(n for n in names if n)


def _clip(text: str, n: int = 30) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def find_parts(doc: Document, report: Report) -> tuple[Document, dict[str, int]]:
    """The 公文 parts written as lines of the text, moved into ``Meta.official`` (the front
    matter's win), and the source line of each part found."""
    lines: dict[str, int] = {}
    doc, head, blocks = _head(doc, list(doc.blocks), report, lines)
    tail, blocks = _tail(blocks, doc.meta.official or Official(), report, lines)
    found = Official(**head, **tail)
    official = merge(doc.meta.official or Official(), found)
    if not official.date and doc.meta.date:
        official = replace(official, date=doc.meta.date)
    return replace(doc, meta=replace(doc.meta, official=official), blocks=tuple(blocks)), lines
