"""How Chinese documents mark their structure, as text: chapter and article numbers
(第一章, 第十二条, 第一回), report and 公文 heading numbers (一、 （一） 1. （1）), front
and back matter (序, 前言, 附录), attachments (附件：), dates, issuing bodies and adoption
notes. One place for these patterns: the plain-text structure finder, the repairs (which
must never glue or reshape such lines) and the genre guess all ask here. Standard library.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NUM = "〇零一二三四五六七八九十百千万两"
_DIGITS = "0-9０-９"
NUMBER = f"[{_NUM}{_DIGITS}]+"
_SPACE = r"[ \t\u3000]"
# Taiwan's law database spaces the parts of a number out: 第 1 條, 第 十一 章.
_GAP = "[ \u3000]?"

# 第…编/章/节/条/回/卷: rank 1 is the largest unit. 条 (articles) and 款/项 are not headings.
# Traditional spellings (編 節 講 課) rank as the Simplified ones.
UNIT_RANK: dict[str, int] = {
    "编": 1,
    "編": 1,
    "部": 1,
    "卷": 1,
    "集": 1,
    "分编": 2,
    "分編": 2,
    "章": 2,
    "回": 2,
    "篇": 2,
    "讲": 2,
    "講": 2,
    "课": 2,
    "課": 2,
    "幕": 2,
    "节": 3,
    "節": 3,
}
_UNIT = "|".join(sorted(UNIT_RANK, key=len, reverse=True))
# After the number and unit: a space, the end, or the title itself (never a closing mark:
# "第一回）" is the end of a citation that a wrapped line left at the line's start).
CHAPTER = re.compile(
    rf"^第{_GAP}{NUMBER}{_GAP}(?P<unit>{_UNIT})"
    rf"(?:{_SPACE}+|$|(?=[^\s，。、；：？！）」』”’》〕】)]))"
)
ARTICLE = re.compile(rf"^第{_GAP}{NUMBER}{_GAP}[条條]")  # then a space, the text, or the end
# An article number alone on its line, the text on the next (第 1 條 / 中華民國基於…)
ARTICLE_LINE = re.compile(rf"^第{_GAP}{NUMBER}{_GAP}[条條]$")
VOLUME = re.compile(rf"^卷{NUMBER}(?:{_SPACE}+|$)|^卷(?:之)?[{_NUM}]+(?:{_SPACE}|$)")
# Front and back matter, possibly spaced out for looks (目　　录, 序　言).
_MATTER_WORDS = (
    "序",
    "序言",
    "自序",
    "代序",
    "前言",
    "引言",
    "引子",
    "楔子",
    "导言",
    "導言",
    "绪论",
    "緒論",
    "后记",
    "後記",
    "跋",
    "附录",
    "附錄",
    "尾声",
    "尾聲",
    "凡例",
    "题记",
    "題記",
    "目录",
    "目錄",
)
TOC_WORDS = frozenset({"目录", "目錄"})


# Inside a title: a title is a phrase, never a sentence or a clause list.
_NOT_IN_TITLE = frozenset("，。！？；．,;!?")
TITLE_MAX = 40


def is_heading_line(text: str) -> bool:
    """A chapter, volume or front/back-matter title line (not an article or a numbered
    item): a marker, short, no sentence or clause punctuation in it."""
    t = text.strip()
    if len(t) > TITLE_MAX or any(ch in _NOT_IN_TITLE for ch in t):
        return False
    marker = line_marker(t)
    return marker is not None and marker.kind in ("chapter", "volume", "matter")


# 一、 （一） 1. （1）: the four heading levels of reports and 公文 (GB/T 9704-2012 7.3.3).
# Each is followed by the heading's (Chinese) text: "一、二、三" and "1.F." are not headings.
_TEXT_AFTER = rf"(?={_SPACE}*[\u4e00-\u9fff“《（(](?<![{_NUM}]、))"
LEVEL_MARKERS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(rf"^[{_NUM}]+、(?![{_NUM}]+、){_TEXT_AFTER}")),
    (2, re.compile(rf"^[（(][{_NUM}]+[）)]{_TEXT_AFTER}")),
    (3, re.compile(rf"^[{_DIGITS}]+[.．](?![{_DIGITS}]){_TEXT_AFTER}")),
    (4, re.compile(rf"^[（(][{_DIGITS}]+[）)]{_TEXT_AFTER}")),
)
ATTACHMENT = re.compile(r"^(?:附件|附表|附图|附錄|附：|附:)")
_DATE_NUM = f"[{_DIGITS}{_NUM}]"
DATE_PATTERN = rf"{_DATE_NUM}{{4}}\s*年\s*{_DATE_NUM}{{1,3}}\s*月\s*{_DATE_NUM}{{1,3}}\s*日"
DATE = re.compile(rf"^{DATE_PATTERN}$")
# An organisation's name, as a 公文 is signed: ends with the kind of body it is.
_BODIES = (
    "委员会",
    "委員會",
    "常务委员会",
    "办公室",
    "辦公室",
    "办公厅",
    "辦公廳",
    "人民政府",
    "政府",
    "人民法院",
    "人民检察院",
    "协会",
    "協會",
    "政协",
    "局",
    "厅",
    "部",
    "院",
    "署",
    "会",
    "处",
    "所",
    "中心",
    "公司",
    "学校",
)
ISSUER = re.compile(rf"^[\u4e00-\u9fff（）()·]{{2,40}}(?:{'|'.join(_BODIES)})$")
ADOPTION = re.compile(r"^[（(].*(?:通过|通過|公布|施行|修正|修订|修訂|批准|发布|發布).*[）)]$")
SENTENCE_END = frozenset("。！？…!?")
_CLOSERS = "”’」』）》〕】)\"'"


def squeeze(text: str) -> str:
    """``text`` without spaces (目　　录 -> 目录)."""
    return re.sub(r"[\s\u3000]+", "", text)


def ends_sentence(text: str) -> bool:
    """Whether ``text`` ends a sentence (possibly inside closing quotes or brackets)."""
    body = text.rstrip().rstrip(_CLOSERS)
    return bool(body) and body[-1] in SENTENCE_END


@dataclass(frozen=True)
class Marker:
    """What a line's start says it is."""

    kind: str  # chapter, volume, matter, article, level, attachment
    rank: int  # for headings: 1 the largest; levels 1-4 for 一、（一）1.（1）


# Traditional and mixed spellings of the matter words (后記 occurs: a mechanical conversion).
_FOLD = str.maketrans("後記錄緒論導聲題言", "后记录绪论导声题言")
_MATTER_FIRST = frozenset(w[0].translate(_FOLD) for w in _MATTER_WORDS)


def line_marker(text: str) -> Marker | None:
    """The structural marker ``text`` starts with, if any."""
    t = text.strip()
    if not t:
        return None
    m = CHAPTER.match(t)
    if m:
        return Marker("chapter", UNIT_RANK[m.group("unit")])
    if VOLUME.match(t):
        return Marker("volume", 1)
    if ARTICLE.match(t):
        return Marker("article", 0)
    # (t is stripped, so its first character is the squeezed word's: a cheap test first)
    if t[0].translate(_FOLD) in _MATTER_FIRST and squeeze(t).translate(_FOLD) in _MATTER_WORDS:
        return Marker("matter", 2)
    for level, pattern in LEVEL_MARKERS:
        if pattern.match(t):
            return Marker("level", level)
    if ATTACHMENT.match(t):
        return Marker("attachment", 0)
    return None


# A 公文 title: 关于……的通知 (the kinds of GB/T 9704 and the 条例's 15 kinds of document)
OFFICIAL_TITLE = re.compile(
    r"关于.+的(?:通知|通报|意见|决定|决议|批复|报告|请示|函|公告|通告|纪要|命令|议案|提案)$"
)


# A 发文字号 standing alone: 机关代字〔年份〕序号号 (any bracket pasted text uses)
DOC_NUMBER = re.compile(r"^\S{1,30}?[〔\[［(（【]\s*\d{4}\s*[〕\]］)）】]\s*第?\d+\s*号$")


def is_doc_number(text: str) -> bool:
    """A line that is a 发文字号 and nothing else: 某政协办发〔2025〕12号."""
    return DOC_NUMBER.match(text.strip()) is not None


def is_official_title(text: str) -> bool:
    """A line that reads as a 公文 title: 关于召开……会议的通知."""
    t = text.strip()
    return len(t) <= 80 and OFFICIAL_TITLE.search(t) is not None


def is_date(text: str) -> bool:
    """A date standing alone: 2025年3月1日, 二〇二五年三月一日."""
    return DATE.match(squeeze(text)) is not None


def is_issuer(text: str) -> bool:
    """An issuing body's name standing alone (a 公文's signature line)."""
    return ISSUER.match(squeeze(text)) is not None


def is_adoption_note(text: str) -> bool:
    """A statute's adoption note: （2020年5月28日第十三届全国人民代表大会…通过）."""
    return ADOPTION.match(text.strip()) is not None


def is_structural(text: str) -> bool:
    """Whether a paragraph starting with ``text`` must stay where it is: it opens an
    article, a chapter, a numbered heading or an attachment list."""
    return line_marker(text) is not None


# A short label and a colon opening a line: 年工作日：…, （责任编辑：…）, Release Date: …
_LABEL = re.compile(
    r"^[（(【［\[]?(?:[^\s，。、；：:！？!?,;（）()“”]{1,10}|[A-Za-z][A-Za-z ]{0,24})[：:]"
)


def is_labelled_item(text: str) -> bool:
    """Whether the line opens with a short label and a colon (年工作日：…, 联系人：…): one of a
    set of parallel items, each a line of its own, not half of a sentence."""
    return _LABEL.match(text.lstrip()) is not None


def is_label_block(text: str) -> bool:
    """Whether ``text`` is two lines or more, each a labelled item (a record's header)."""
    lines = text.strip().split("\n")
    return len(lines) > 1 and all(is_labelled_item(line) for line in lines)


# The first line of a statute exported from Taiwan's law database (law.moj.gov.tw)
LAW_NAME = re.compile(r"^法規名稱[：:][ \u3000]*(?P<name>\S.{0,59})$")
