"""What every writer shares for an official document (公文, GB/T 9704-2012): the page and its
22 × 28 grid, the heading level of a block, the title's lines, and the parts around the body
(版头, 主送, 附件说明, 署名 and 成文日期, 附注, 版记) as lines of text in order.

Only the drawing differs per writer; what is printed, and where the title breaks, is decided
here once. No third-party imports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise
from math import floor

from ..markers import LEVEL_MARKERS
from ..model import Document, Heading, Official, Paragraph, inline_text
from ..text import headline_lines
from .common import is_official as is_official  # where writers that need nothing else get it

# The page (GB/T 9704-2012 5.2): A4, top margin 37 mm, left 28 mm, text block 156 × 225 mm.
PAGE_MM = (210.0, 297.0)
MARGINS_MM = (37.0, 26.0, 35.0, 28.0)  # top, right, bottom, left
BLOCK_MM = (156.0, 225.0)
LINES = 22  # lines a page (5.2.3)
CHARS = 28  # characters a line
BODY_PT = 16.0  # 3号
TITLE_PT = 22.0  # 2号
RECORD_PT = 14.0  # 4号: 版记 and page numbers
ISSUER_PT = 26.0  # 发文机关标志: the standard leaves the size to the office; 26 pt is usual
ISSUER_DROP_MM = 35.0  # its top edge under the top of the text block (7.2.4)
RULE_GAP_MM = 4.0  # the red separator under the 发文字号 (7.2.7)
FOOTER_GAP_MM = 7.0  # the page number's dash under the text block (7.5)
RED = "E60012"  # 红头: GB/T 9704 asks for red, offices print pantone 485-like red

MM_PER_PT = 25.4 / 72
LINE_PT = BLOCK_MM[1] / MM_PER_PT / LINES  # 28.99 pt: 22 lines fill 225 mm
CHAR_PT = BLOCK_MM[0] / MM_PER_PT / CHARS  # 15.79 pt: 28 characters fill 156 mm
TITLE_CHARS = int(BLOCK_MM[0] / MM_PER_PT // TITLE_PT)  # 20 characters of 2号 a line

# The four heading levels and the faces they take (7.3.3); the font roles are the writers'.
LEVEL_ROLES: dict[int, str] = {1: "level1", 2: "level2", 3: "level3", 4: "level4"}


def marker_level(text: str) -> int | None:
    """The level of a 一、 /（一）/ 1. /（1） marker ``text`` starts with."""
    for level, pattern in LEVEL_MARKERS:
        if pattern.match(text.lstrip()):
            return level
    return None


def heading_levels(doc: Document) -> dict[int, int]:
    """Markdown heading level -> 公文 level: a heading's own marker decides where it has
    one; otherwise the top level used in the body is 一、, the next （一）, and so on."""
    used = sorted({b.level for b in _headings(doc)})
    return {level: min(i + 1, 4) for i, level in enumerate(used)}


def _headings(doc: Document) -> list[Heading]:
    return [b for b in doc.blocks if isinstance(b, Heading)]


def heading_level(block: Heading, levels: dict[int, int]) -> int:
    """The 公文 level (1-4) of a heading."""
    return marker_level(inline_text(block.inlines)) or levels.get(block.level, 4)


_SENTENCE_END = re.compile(r"[。：:！？]")


def run_in_length(block: Paragraph) -> tuple[int, int] | None:
    """(level, characters) of a run-in heading: a paragraph opening with a level marker,
    whose first sentence is its heading ("（一）认真做好会前准备。委员要……") and is printed
    in the level's face (the whole paragraph when it is one sentence); None for others."""
    text = inline_text(block.inlines)
    level = marker_level(text)
    if level is None:
        return None
    match = _SENTENCE_END.search(text)
    return level, match.end() if match else len(text)


# ------------------------------------------------------------------ the title's lines


def text_width(text: str) -> float:
    """Width in characters of the body size: ASCII is half a character."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in text)


# Where a 公文 title may break (7.3.1: "回行时，要做到词意完整，排列对称，长短适宜"): between
# phrases, never inside a word. A break may go before 关于 or after it (after 关于印发 and
# the like too), before an ordinal (第十届), before a book title 《》, after a year, an
# organisation word, 的 or a list comma, before a conjunction. Inside 《》 or （） a break
# costs more; inside a number or a Latin word there is none.
_BREAK_BEFORE = re.compile(
    r"(?=关于|關於|《|第[〇零一二三四五六七八九十百\d]+[届屆次条條章批号號]|[和与與及暨并並](?!且))"
)
# Simplified and Traditional forms alike: the zh-Hant editions' titles break in the same places
_BREAK_AFTER = re.compile(
    r"(?<=关于)|(?<=關於)|(?<=关于印发)|(?<=關於印發)|(?<=关于转发)|(?<=關於轉發)"
    r"|(?<=关于召开)|(?<=關於召開)|(?<=关于做好)|(?<=關於做好)|(?<=关于加强)|(?<=關於加強)"
    r"|(?<=[、，])|(?<=的)|(?<=委员会)|(?<=委員會)|(?<=办公室)|(?<=辦公室)|(?<=办公厅)|(?<=辦公廳)"
    r"|(?<=\d年)|(?<=[〇一二三四五六七八九十]年)"
)
# Words that titles of 公文 are made of (Simplified and Traditional), longest first
_WORD = re.compile(
    "专门委员会|專門委員會|常务委员会|常務委員會|人民政府|工作会议|工作會議|工作时间|工作時間|"
    "办公厅|办公室|协商会|協商會|委员会|委員會|常委会|常委會|座談會|座谈会|"
    "辦公室|辦公廳|进一步|進一步|举办|会议|做好|全区|全區|全县|全国|全國|"
    "全市|全省|全縣|决定|决议|办法|加強|加强|发展|召开|召開|問題|培訓|"
    "培训|報告|委员|委員|安排|实施|實施|工作|建設|建设|开展|情况|情況|"
    "意見|意见|批复|批覆|报告|推进|推進|提案|政协|政協|方案|會議|条例|"
    "條例|決定|決議|活动|活動|申請|申请|發展|监督|監督|管理|系統|系统|"
    "組織|經費|组织|经费|舉辦|落实|落實|要点|要點|規定|规定|計劃|調研|"
    "請示|计划|请示|调研|辦法|通報|通报|通知|開展|问题"
)
_NAME_ENDS = frozenset(
    ("委员会", "委員會", "常委会", "常委會", "办公室", "辦公室", "办公厅", "辦公廳")
)
_INSIDE = re.compile(r"《[^》]*》|（[^）]*）|\([^)]*\)")
_ATOM = re.compile(r"[0-9A-Za-z]+")
_NO_LINE_START = frozenset("》）)」』”’、，。；：！？")


def _breaks(text: str) -> dict[int, float]:
    """Break positions and their extra cost."""
    spots = {m.start() for m in _BREAK_BEFORE.finditer(text)}
    spots |= {m.start() for m in _BREAK_AFTER.finditer(text)}
    for atom in _ATOM.finditer(text):
        spots -= set(range(atom.start() + 1, atom.end()))
    costs = {i: 0.0 for i in spots if 0 < i < len(text) and text[i] not in _NO_LINE_START}
    # between two words of the 公文 vocabulary: a break there keeps both whole, but it is
    # not a phrase boundary, so it costs a little more
    for m in _WORD.finditer(text):
        # an organisation's name ends in 委员会 or 办公室: never cut before them
        starts = () if m.group() in _NAME_ENDS else (m.start(),)
        for i in (*starts, m.end()):
            if 0 < i < len(text) and i not in costs and text[i] not in _NO_LINE_START:
                costs[i] = 1.0
    for inside in _INSIDE.finditer(text):
        for i in range(inside.start() + 1, inside.end()):
            if i in costs:
                costs[i] += 3.0
    return costs


def title_lines(title: str, chars: int = TITLE_CHARS) -> list[str]:
    """The title's lines at 2号: the author's own breaks (a space between clauses, as
    ``headline_lines`` reads them), else breaks between phrases, the lines as even as
    possible and the upper ones no longer than the lower (梯形, 7.3.1)."""
    lines = headline_lines(title)
    out: list[str] = []
    for line in lines:
        out += _split(line, chars)
    return out


def _split(text: str, chars: int) -> list[str]:
    if text_width(text) <= chars:
        return [text]
    best: tuple[float, list[str]] | None = None
    for i, extra in _breaks(text).items():
        head, tail = text[:i], text[i:]
        if text_width(head) > chars:
            continue
        rest = _split(tail, chars)
        widths = [text_width(head)] + [text_width(r) for r in rest]
        cost = max(widths) - min(widths) + 2 * sum(a > b for a, b in pairwise(widths))
        cost += 4 * (len(widths) - 2) + extra  # fewer lines first
        if best is None or cost < best[0]:
            best = (cost, [head, *rest])
    if best is not None:
        return best[1]
    # no phrase boundary fits: fill the line, but never split a number or a Latin word, nor
    # start a line with closing punctuation
    i, width = 0, 0.0
    while i < len(text) and width + text_width(text[i]) <= chars:
        width += text_width(text[i])
        i += 1
    while 1 < i < len(text) and (
        text[i] in _NO_LINE_START
        or (text[i - 1].isascii() and text[i].isascii() and text[i].isalnum())
    ):
        i -= 1
    return [text[:i], *_split(text[i:], chars)]


def issuer_size(issuer: str) -> float:
    """The 发文机关标志's size in points: 26, or less (in half points) so that it fits one
    line of the text block (a joint issue's long names)."""
    fits = (BLOCK_MM[0] / MM_PER_PT) / max(text_width(issuer), 1.0)
    return min(ISSUER_PT, floor(fits * 2) / 2)


# ------------------------------------------------------------------ the parts around the body


@dataclass(frozen=True)
class Attachment:
    """One line of the 附件说明: the label ("附件：" on the first line only) and the entry."""

    label: str
    entry: str


def attachment_lines(official: Official) -> list[Attachment]:
    """ "附件：会议日程安排" for one attachment; "附件：1．会议日程安排" and "2．委员报名回执"
    (aligned under the first name) for several (7.3.4). Names take no final punctuation."""
    names = [n.rstrip("。；;，,.") for n in official.attachments]
    if len(names) == 1:
        return [Attachment("附件：", names[0])]
    return [Attachment("附件：" if i == 1 else "", f"{i}．{n}") for i, n in enumerate(names, 1)]


def number_line(official: Official) -> str:
    """The 发文字号 line as printed (the 签发人 goes on the same line, right, when given)."""
    return official.number


def cc_line(official: Official) -> str:
    """ "抄送：机关一，机关二。" (7.4.2: the list ends with a full stop)."""
    cc = official.cc.strip().rstrip("。.")
    return f"抄送：{cc}。" if cc else ""


def printed_line(official: Official) -> tuple[str, str]:
    """(印发机关, "2025年3月1日印发"), the first flush left, the second flush right."""
    when = official.print_date.strip()
    return official.printer.strip(), f"{when}印发" if when else ""


def note_line(official: Official) -> str:
    """The 附注 in parentheses (7.3.6)."""
    note = official.note.strip()
    if not note:
        return ""
    if note[0] in "（(" and note[-1] in "）)":
        return note
    return f"（{note}）"


def signer_label(official: Official) -> str:
    """ "签发人：" before the names (upward documents, 7.2.6)."""
    return "签发人：" if official.signer.strip() else ""


def head_marks(official: Official) -> list[str]:
    """The top-left lines of the 版头: 份号, 密级和保密期限, 紧急程度 (7.2.1-7.2.3)."""
    return [t for t in (official.copy_number, official.secret, official.urgency) if t.strip()]


def has_record(official: Official) -> bool:
    """Whether the document has a 版记 (抄送, 印发)."""
    return bool(official.cc.strip() or official.printer.strip() or official.print_date.strip())


def official_text(official: Official) -> list[str]:
    """Every string of the parts, as the writers print them (for tests and the text a
    reader of the output sees): 版头, 主送, 附件说明, 署名, 日期, 附注, 版记."""
    out = head_marks(official)
    out += [t for t in (official.issuer, official.number) if t]
    if official.signer:
        out.append(signer_label(official) + official.signer)
    if official.to:
        out.append(official.to + "：")
    out += [a.label + a.entry for a in attachment_lines(official)]
    out += [t for t in (official.signature, official.date, note_line(official), cc_line(official))]
    out += [t for t in printed_line(official) if t]
    return [t for t in out if t]
