"""The format check of an official document (公文) against GB/T 9704-2012 and common 公文
rules: ``--check --preset official`` reports each as a warning with its code, its line and the
fix where one is safe; ``--strict`` makes it a CI gate. The rules are listed, with the
standard's clauses, in docs/official.md. Nothing here changes the document.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .markers import LEVEL_MARKERS, squeeze
from .model import Document, Heading, Official, Paragraph, inline_text
from .official import CLOSE_BRACKETS, OPEN_BRACKETS

Warn = Callable[[str, str, int | None], None]  # (code, message, line)

_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "两": 2}
_YEAR = re.compile(rf"(?P<open>{OPEN_BRACKETS})\s*(?P<year>\d{{4}})\s*(?P<close>{CLOSE_BRACKETS})")
_SEQUENCE = re.compile(rf"{CLOSE_BRACKETS}\s*(?P<seq>第?\s*0*\d+)\s*号$")
_ARABIC_DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
_ANY_DATE = re.compile(r"^(.{4})\s*年\s*(.{1,3})\s*月\s*(.{1,3})\s*日$")
_REFERENCE = re.compile(r"附件\s*(\d+)")
_NO_TO = re.compile(r"(?:公告|通告|公报|决议|纪要|命令)$")
_UPWARD = re.compile(r"(?:请示|报告)$")
_NAME_PUNCTUATION = re.compile(r"[。，；、：！？.,;:!?]$")
_LEVEL_NUMBER = re.compile(r"[〇零一二三四五六七八九十百两\d]+")


def chinese_number(text: str) -> int | None:
    """一 -> 1, 十二 -> 12, 二十 -> 20, 一〇一 -> 101, 12 -> 12; None when it is none."""
    if text.isdigit():
        return int(text)
    if "十" in text or "百" in text:
        total, current = 0, 0
        for ch in text:
            if ch == "百":
                total += (current or 1) * 100
                current = 0
            elif ch == "十":
                total += (current or 1) * 10
                current = 0
            elif ch in _CN_DIGITS:
                current = _CN_DIGITS[ch]
            else:
                return None
        return total + current
    if all(ch in _CN_DIGITS for ch in text):
        return int("".join(str(_CN_DIGITS[ch]) for ch in text))
    return None


def arabic_date(text: str) -> str | None:
    """``2025年3月1日`` for a date in any numerals (二〇二五年三月一日, 2025年03月01日)."""
    match = _ANY_DATE.match(squeeze(text))
    if not match:
        return None
    parts = [chinese_number(p) if not p.isdigit() else int(p) for p in match.groups()]
    if any(p is None for p in parts):
        return None
    year, month, day = parts
    return f"{year}年{month}月{day}日"


def check_number(number: str, warn: Warn, line: int | None) -> None:
    """发文字号: 机关代字〔年份〕序号 (GB/T 9704 7.2.4)."""
    match = _YEAR.search(number)
    if match is None:
        warn("gw-number", f"发文字号 {number!r}: no year in 〔〕 (机关代字〔2025〕12号)", line)
        return
    if (match.group("open"), match.group("close")) != ("〔", "〕"):
        fixed = number[: match.start()] + f"〔{match.group('year')}〕" + number[match.end() :]
        warn(
            "gw-number-brackets",
            f"发文字号 {number!r}: the year goes in 〔〕 (六角括号), not "
            f"{match.group('open')}{match.group('close')}: write {fixed!r}",
            line,
        )
    seq = _SEQUENCE.search(number)
    if seq and (seq.group("seq").startswith("第") or re.match(r"0\d", seq.group("seq"))):
        warn(
            "gw-number",
            f"发文字号 {number!r}: no 第 and no leading zeros in the sequence (12号)",
            line,
        )


def check_date(label: str, value: str, warn: Warn, line: int | None) -> None:
    """Dates in Arabic numerals, year in full, no leading zeros (GB/T 9704 7.3.5)."""
    if _ARABIC_DATE.match(value) and not re.search(r"年0|月0", value):
        return
    fixed = arabic_date(value)
    hint = f": write {fixed!r}" if fixed else " (2025年3月1日)"
    warn("gw-date", f"{label} {value!r} is not in the 2012 form{hint}", line)


def _level(text: str) -> tuple[int, int | None] | None:
    for level, pattern in LEVEL_MARKERS:
        match = pattern.match(text)
        if match:
            number = _LEVEL_NUMBER.search(match.group(0))
            return level, chinese_number(number.group(0)) if number else None
    return None


def check_headings(doc: Document, warn: Warn) -> None:
    """一、（一）1.（1） in sequence, and never a level under a level that is not there."""
    counters = [0, 0, 0, 0]
    used: set[int] = set()
    for block in doc.blocks:
        if not isinstance(block, Heading | Paragraph):
            continue
        found = _level(inline_text(block.inlines).strip())
        if found is None or found[1] is None:
            continue
        level, number = found
        expected = counters[level - 1] + 1
        if number != expected:
            warn(
                "gw-heading-order",
                f"heading number {number} at level {level} where {expected} comes next",
                block.line or None,
            )
        parent = level - 1
        if parent >= 1 and parent not in used and any(lv < level for lv in used):
            message = f"a level-{level} number with no level {parent} above it"
            warn("gw-heading-order", message, block.line or None)
        counters[level - 1] = number or 0
        for lower in range(level, 4):
            counters[lower] = 0
        used.add(level)


def check(doc: Document, warn: Warn, lines: dict[str, int] | None = None) -> None:
    """Every rule, on a document set as an official one."""
    official = doc.meta.official or Official()
    # parts read from the text know their line; the front matter's are at its top (line 1)
    where = {name: 1 for name in ("title", "number", "date", "print_date", "cc", "attachments")}
    where.update(lines or {})
    title = doc.meta.title.strip()
    if not title:
        warn("gw-title", "no title (标题)", None)
    elif _NAME_PUNCTUATION.search(title) or title.endswith("。"):
        warn(
            "gw-title",
            f"the title {title!r} ends with punctuation: drop it (7.3.1)",
            where.get("title", 1),
        )
    if official.number:
        check_number(official.number, warn, where.get("number"))
    if not official.to and not _NO_TO.search(title):
        warn("gw-to", "no 主送机关 (to / 主送): only 公告, 通告 and the like have none", None)
    date = official.date or doc.meta.date
    if not date:
        warn("gw-date-missing", "no 成文日期 (日期)", None)
    else:
        check_date("成文日期", date, warn, where.get("date"))
    if official.print_date:
        check_date("印发日期", official.print_date, warn, where.get("print_date"))
    if not (official.signature or official.issuer):
        warn("gw-signature", "no 发文机关署名 (署名) and no 发文机关 (机关)", None)
    if _UPWARD.search(title) and not official.signer:
        warn("gw-signer", "an upward document (请示, 报告) names its 签发人 (7.2.5)", None)
    if official.cc and "、" in official.cc and "，" not in official.cc:
        fixed = official.cc.replace("、", "，")
        warn("gw-cc", f"抄送机关 are separated by ，: write {fixed!r} (7.4.2)", where.get("cc"))
    if official.secret and not re.match(r"^(?:绝密|机密|秘密)", official.secret):
        warn("gw-secret", f"密级 {official.secret!r}: 绝密, 机密 or 秘密 (7.2.2)", None)
    if official.urgency and official.urgency not in ("特急", "加急"):
        warn("gw-urgency", f"紧急程度 {official.urgency!r}: 特急 or 加急 (7.2.3)", None)
    for name in official.attachments:
        if _NAME_PUNCTUATION.search(name):
            warn(
                "gw-attachment",
                f"附件名称 {name!r} ends with punctuation: drop it (7.3.4)",
                where.get("attachments"),
            )
    cited = {
        int(n)
        for block in doc.blocks
        if isinstance(block, Paragraph)
        for n in _REFERENCE.findall(inline_text(block.inlines))
    }
    for n in sorted(cited):
        if n > len(official.attachments):
            warn(
                "gw-attachment",
                f"the text cites 附件{n}, but the 附件说明 lists {len(official.attachments)}",
                None,
            )
    check_headings(doc, warn)
