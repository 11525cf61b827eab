"""XHTML for an official document (公文), shared by the HTML page and the EPUB: the 版头 and
title as a header, the parts after the body, the 版记 as a footer. The page itself reflows,
so of GB/T 9704 it keeps what a screen can: the faces and sizes of each part, the red
issuer and rule, centring, indents, right-set signature and date, the ruled 版记 (the 22 × 28
grid and page numbers belong to print: DOCX and PDF). Styles: css/official.css.
"""

from __future__ import annotations

from ..model import Document, Official
from .official_layout import (
    attachment_lines,
    cc_line,
    has_record,
    head_marks,
    note_line,
    printed_line,
    signer_label,
    title_lines,
)
from .xhtml import Renderer, iso_date


def head(renderer: Renderer, doc: Document) -> str:
    """份号/密级/紧急程度, issuer, 发文字号 (and 签发人), red rule, title, 主送."""
    official = doc.meta.official or Official()
    text = renderer.text
    parts: list[str] = []
    marks = head_marks(official)
    if marks:
        parts.append('<p class="gw-marks">' + "<br/>".join(text(m) for m in marks) + "</p>")
    if official.issuer:
        parts.append(f'<p class="gw-issuer">{text(official.issuer)}</p>')
    if official.number or official.signer:
        signer = ""
        if official.signer:
            signer = (
                f'<span class="gw-signer">{text(signer_label(official))}'
                f'<span class="gw-signer-name">{text(official.signer)}</span></span>'
            )
        number = f'<span class="gw-number-text">{text(official.number)}</span>'
        upward = " gw-upward" if official.signer else ""
        parts.append(f'<p class="gw-number{upward}">{number}{signer}</p>')
    if official.issuer or official.number:
        parts.append('<hr class="gw-rule"/>')
    lines = title_lines(doc.meta.title)
    if lines:
        inner = "".join(f'<span class="gw-title-line">{text(t)}</span>' for t in lines)
        parts.append(f'<h1 class="title">{inner}</h1>')
    if doc.meta.subtitle:
        parts.append(f'<p class="subtitle">{text(doc.meta.subtitle)}</p>')
    byline = "\u3000".join(f"{a.role} {a.name}".strip() for a in doc.meta.authors if a.name)
    if byline:
        parts.append(f'<p class="author">{text(byline)}</p>')
    if official.to:
        parts.append(f'<p class="gw-to">{text(official.to + "：")}</p>')
    return '<header class="gw-head">\n' + "\n".join(parts) + "\n</header>\n"


def tail(renderer: Renderer, doc: Document) -> str:
    """附件说明, 署名, 成文日期, 附注; then the 版记 between rules."""
    official = doc.meta.official or Official()
    text = renderer.text
    parts: list[str] = []
    attachments = attachment_lines(official)
    if attachments:
        names = "".join(
            f'<p class="gw-attachment"><span class="gw-attachment-label">{text(a.label)}</span>'
            f'<span class="gw-attachment-name">{text(a.entry)}</span></p>'
            for a in attachments
        )
        parts.append(f'<div class="gw-attachments">{names}</div>')
    if official.signature or official.date:
        sign = (
            f'<p class="gw-signature">{text(official.signature)}</p>' if official.signature else ""
        )
        date = ""
        if official.date:
            iso = iso_date(official.date)
            inner = text(official.date)
            date = (
                f'<p class="gw-date"><time datetime="{iso}">{inner}</time></p>'
                if iso
                else (f'<p class="gw-date">{inner}</p>')
            )
        parts.append(f'<div class="gw-sign">{sign}{date}</div>')
    if note := note_line(official):
        parts.append(f'<p class="gw-note">{text(note)}</p>')
    if has_record(official):
        rows = []
        if cc := cc_line(official):
            rows.append(f'<p class="gw-cc">{text(cc)}</p>')
        printer, when = printed_line(official)
        if printer or when:
            rows.append(
                f'<p class="gw-printed"><span class="gw-printer">{text(printer)}</span>'
                f'<span class="gw-print-date">{text(when)}</span></p>'
            )
        parts.append('<footer class="gw-record">' + "".join(rows) + "</footer>")
    if not parts:
        return ""
    return '<section class="gw-tail">\n' + "\n".join(parts) + "\n</section>\n"
