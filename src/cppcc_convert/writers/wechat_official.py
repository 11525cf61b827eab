"""The parts of an official document (公文) in the WeChat article: what ``official_layout``
decides is printed (版头, 主送, 附件说明, 署名 and 成文日期, 附注, 版记), in the theme's inline
styles (``wechat_theme``, roles ``gw-*``). The article reflows on a phone: of GB/T 9704 it keeps
the red issuer and rule, centring and the right-set signature and date."""

from __future__ import annotations

from ..model import Document, Official
from .common import xml_text
from .official_layout import (
    attachment_lines,
    cc_line,
    head_marks,
    note_line,
    printed_line,
    signer_label,
)
from .wechat_render import ArticleRenderer
from .wechat_theme import Theme, body_style, css, text_style


def head(r: ArticleRenderer, doc: Document) -> str:
    """份号/密级/紧急程度, the issuer, the 发文字号 (and 签发人) and the red rule, above the
    title; the 主送 goes under it (``addressee``)."""
    off = doc.meta.official or Official()
    parts: list[str] = []
    marks = head_marks(off)
    if marks:
        parts.append(r.element("p", "gw-marks", "<br/>".join(xml_text(m) for m in marks)))
    if off.issuer:
        parts.append(r.element("p", "gw-issuer", xml_text(off.issuer)))
    if off.number or off.signer:
        signer = f"\u3000{signer_label(off)}{off.signer}" if off.signer else ""
        parts.append(r.element("p", "gw-number", xml_text(off.number + signer)))
    if off.issuer or off.number:
        parts.append(r.empty("hr", "gw-rule"))
    return "".join(p + "\n" for p in parts)


def addressee(r: ArticleRenderer, doc: Document) -> str:
    off = doc.meta.official or Official()
    return r.element("p", "gw-to", xml_text(off.to + "：")) + "\n" if off.to else ""


def tail(r: ArticleRenderer, doc: Document) -> str:
    """附件说明, 署名, 成文日期, 附注, then the 版记 (抄送, 印发) between rules."""
    off = doc.meta.official or Official()
    parts = [r.element("p", "gw-attachment", xml_text(a.label + a.entry))
             for a in attachment_lines(off)]  # fmt: skip
    if off.signature:
        parts.append(r.element("p", "gw-signature", xml_text(off.signature)))
    if off.date:
        parts.append(r.element("p", "gw-date", xml_text(off.date)))
    if note := note_line(off):
        parts.append(r.element("p", "gw-note", xml_text(note)))
    record = [cc_line(off), "\u3000".join(t for t in printed_line(off) if t)]
    lines = [r.element("p", "gw-record-line", xml_text(t)) for t in record if t]
    if lines:
        parts.append(r.element("section", "gw-record", "".join(lines)))
    return "".join(p + "\n" for p in parts)


def official_styles(t: Theme) -> dict[str, str]:
    """The roles of an official document's parts (公文): the red issuer and rule of the 版头, the
    number, the 主送, the 附件说明, the signature and date set right, the 附注 and the 版记
    between rules, as far as a phone's reflowing page keeps GB/T 9704."""
    plain = css(margin="0 0 4px", padding=0, text_indent=0) + "; " + body_style(t)
    return {
        "gw-marks": css(margin="0 0 8px", padding=0, text_align="left", text_indent=0)
        + "; "
        + text_style(t, t.small_px, t.text),
        "gw-issuer": css(
            margin="8px 0 12px", padding=0, text_align="center", text_indent=0, font_weight="bold"
        )
        + "; "
        + text_style(t, t.title_px + 4, "#e60012", "1.3")
        + "; "
        + css(letter_spacing="1px"),
        "gw-number": css(margin="0 0 6px", padding=0, text_align="center", text_indent=0)
        + "; "
        + text_style(t, t.body_px, t.text),
        "gw-rule": css(
            height=0, margin="0 0 20px", padding=0, border=0, border_top="2px solid #e60012"
        ),
        "gw-to": plain + "; " + css(text_align="left"),
        "gw-attachment": plain + "; " + css(text_align="left", padding_left="2em"),
        "gw-signature": plain + "; " + css(text_align="right", margin="24px 0 4px"),
        "gw-date": plain + "; " + css(text_align="right", padding_right="2em"),
        "gw-note": plain + "; " + css(text_align="left", text_indent="2em"),
        "gw-record": css(
            margin="24px 0 0",
            padding="6px 0",
            border_top=f"1px solid {t.text}",
            border_bottom=f"1px solid {t.text}",
        ),
        "gw-record-line": css(margin="2px 0", padding=0, text_align="left", text_indent=0)
        + "; "
        + text_style(t, t.small_px, t.text, "1.6"),
    }
